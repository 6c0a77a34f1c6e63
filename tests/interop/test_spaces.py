"""Space management (runtime, hardware, sleep time, pause/restart, storage, secrets,
variables): Python and hfhub make the same calls on the same Space and must get the
same results, or the same errors.

This module runs its own hubsim (the changes it makes — hardware, pauses, storage —
would otherwise show in other modules' results) and moves its clock through the
`/_hubsim/clock` control route.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    ALICE_WRITE_TOKEN,
    BOB_WRITE_TOKEN,
    CAROL_READ_TOKEN,
    PRIVATE_SPACE,
    SPACE,
    STATIC_SPACE,
    Both,
    Hfhub,
    Hubsim,
    assert_same,
)

W = {"token": ALICE_WRITE_TOKEN}


@pytest.fixture(scope="module")
def sim():
    s = Hubsim("spaces")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def sp(hf, sim):
    rs = Hfhub(sim.url, "spaces")
    yield Both(hf.HfApi(endpoint=sim.url), rs)
    rs.stop()


def runtime_ignore() -> tuple[str, ...]:
    """hfhub's SpaceRuntime fields that the installed Python does not define."""
    from huggingface_hub._space_api import SpaceRuntime

    names = {f.name for f in dataclasses.fields(SpaceRuntime)}
    return tuple(f for f in ("dev_mode", "hot_reloading", "volumes") if f not in names)


def advance(sim, seconds: float) -> None:
    sim.control("POST", "clock", {"advance_seconds": seconds})


def same_runtime(sp, method: str, **kwargs):
    py, r = sp.same(method, ignore=runtime_ignore(), **kwargs)
    return py, r


@pytest.mark.parametrize("repo_id,token", [(SPACE, None), (PRIVATE_SPACE, ALICE_READ_TOKEN)])
def test_get_space_runtime(sp, repo_id, token):
    py, r = same_runtime(sp, "get_space_runtime", repo_id=repo_id, token=token)
    assert r["stage"] == ("RUNNING" if repo_id == SPACE else "PAUSED")


def test_hardware_build_and_run_on_the_clock(sp, sim):
    py, r = same_runtime(
        sp, "request_space_hardware", repo_id=SPACE, hardware="t4-medium", sleep_time=3600, **W
    )
    assert (r["stage"], r["hardware"], r["requested_hardware"], r["sleep_time"]) == (
        "BUILDING",
        None,
        "t4-medium",
        3600,
    )
    advance(sim, 30)
    py, r = same_runtime(sp, "get_space_runtime", repo_id=SPACE)
    assert (r["stage"], r["hardware"]) == ("RUNNING", "t4-medium")
    py, r = same_runtime(sp, "set_space_sleep_time", repo_id=SPACE, sleep_time=600, **W)
    assert r["sleep_time"] == 600
    advance(sim, 600)
    py, r = same_runtime(sp, "get_space_runtime", repo_id=SPACE)
    assert r["stage"] == "SLEEPING"
    py, r = same_runtime(sp, "request_space_hardware", repo_id=SPACE, hardware="cpu-basic", **W)
    assert r["sleep_time"] == 172800


def test_pause_and_restart(sp, sim):
    py, r = same_runtime(sp, "pause_space", repo_id=SPACE, **W)
    assert r["stage"] == "PAUSED"
    py, r = same_runtime(sp, "restart_space", repo_id=SPACE, **W)
    assert r["stage"] == "BUILDING"
    py, r = same_runtime(sp, "restart_space", repo_id=SPACE, factory_reboot=True, **W)
    assert r["stage"] == "BUILDING"
    advance(sim, 30)
    py, r = same_runtime(sp, "get_space_runtime", repo_id=SPACE)
    assert r["stage"] == "RUNNING"


def test_storage(sp, sim):
    if not hasattr(sp.api, "request_space_storage"):
        pytest.skip("request_space_storage / delete_space_storage are not in this huggingface_hub's HfApi")
    py, r = same_runtime(sp, "request_space_storage", repo_id=SPACE, storage="small", **W)
    assert r["storage"] == "small"
    # each client deletes storage once
    py = sp.api.delete_space_storage(repo_id=SPACE, **W)
    sp.rs.request_space_storage(repo_id=SPACE, storage="small", **W)
    r = sp.rs.delete_space_storage(repo_id=SPACE, **W)
    assert_same(py, r, ignore=runtime_ignore())
    assert r["storage"] is None
    sp.same_error("delete_space_storage", "BadRequest", status=400, repo_id=SPACE, **W)
    sp.same_error("request_space_storage", "BadRequest", status=400, repo_id=SPACE, storage="huge", **W)


def test_secrets(sp, sim):
    py, r = sp.same("add_space_secret", repo_id=SPACE, key="OPENAI_KEY", value="sk-1", description="d", **W)
    assert py is None and r is None
    sp.same("add_space_secret", repo_id=SPACE, key="OTHER", value="x", **W)
    sp.same("delete_space_secret", repo_id=SPACE, key="OPENAI_KEY", **W)
    # the DELETE carried its JSON body, for both clients
    sim.clear_requests()
    sp.api.delete_space_secret(repo_id=SPACE, key="OTHER", **W)
    sp.rs.delete_space_secret(repo_id=SPACE, key="OTHER", **W)
    reqs = sim.requests()
    assert [(q["method"], q["path"]) for q in reqs] == [("DELETE", f"/api/spaces/{SPACE}/secrets")] * 2
    assert [json.loads(q["body"]) for q in reqs] == [{"key": "OTHER"}] * 2
    sp.same_error(
        "add_space_secret", "Forbidden", status=403, repo_id=SPACE, key="K", value="v", token=ALICE_READ_TOKEN
    )


def test_variables(sp):
    py, r = sp.same(
        "add_space_variable",
        repo_id=SPACE,
        key="MODEL_REPO_ID",
        value="openai-community/gpt2",
        description="weights",
        ignore=("MODEL_REPO_ID.updated_at",),  # each client's add sets its own time
        **W,
    )
    assert r["MODEL_REPO_ID"]["value"] == "openai-community/gpt2"
    sp.same("add_space_variable", repo_id=SPACE, key="foo", value="456", ignore=("foo.updated_at",), **W)
    py, r = sp.same("get_space_variables", repo_id=SPACE, **W)
    assert sorted(r) == ["MODEL_REPO_ID", "foo"]
    py, r = sp.same("delete_space_variable", repo_id=SPACE, key="MODEL_REPO_ID", **W)
    assert sorted(r) == ["foo"]
    sp.same_error("get_space_variables", "Forbidden", status=403, repo_id=SPACE, token=CAROL_READ_TOKEN)


@pytest.mark.parametrize(
    "method,kwargs,kind,status",
    [
        ("get_space_runtime", {"repo_id": "alice/no-such-space", "token": ALICE_READ_TOKEN}, "RepoNotFound", 404),
        ("pause_space", {"repo_id": STATIC_SPACE, "token": BOB_WRITE_TOKEN}, "BadRequest", 400),
        ("restart_space", {"repo_id": STATIC_SPACE, "token": BOB_WRITE_TOKEN}, "BadRequest", 400),
        ("pause_space", {"repo_id": SPACE, "token": BOB_WRITE_TOKEN}, "Forbidden", 403),
        ("pause_space", {"repo_id": SPACE, "token": ALICE_READ_TOKEN}, "Forbidden", 403),
        ("request_space_hardware", {"repo_id": SPACE, "hardware": "quantum", "token": ALICE_WRITE_TOKEN}, "BadRequest", 400),
    ],
)
def test_errors(sp, method, kwargs, kind, status):
    sp.same_error(method, kind, status=status, **kwargs)
