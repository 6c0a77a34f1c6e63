"""What goes over the wire: hubsim records every request, so the same call through
huggingface_hub and through hfhub must send the same requests — same method and
path (percent-encoding included), the same query parameters and form fields
(booleans compared case-insensitively: 0.22 sends `True`, >= 1.0 `true`), in the
same sequence (pagination included), and a token exactly when Python sends one."""

from __future__ import annotations

import urllib.parse

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    BOB_READ_TOKEN,
    DATASET,
    MODEL,
    SPACE,
)


def _pairs(text: str | None) -> list[tuple[str, str]]:
    pairs = urllib.parse.parse_qsl(text or "", keep_blank_values=True)
    return sorted((k, v.lower() if v in ("True", "False", "true", "false") else v) for k, v in pairs)


def _summary(requests: list[dict]) -> list[tuple]:
    out = []
    for r in requests:
        headers = {k.lower(): v for k, v in r["headers"]}
        form = None
        if r["method"] == "POST" and "x-www-form-urlencoded" in headers.get("content-type", ""):
            form = _pairs(r.get("body"))
        out.append((r["method"], r["path"], _pairs(r["query"]), form, "authorization" in headers))
    return out


def _record(sim, fn) -> list[tuple]:
    """The requests `fn` sends (its errors are the other tests' business)."""
    sim.clear_requests()
    try:
        fn()
    except Exception:  # noqa: BLE001
        pass
    return _summary(sim.requests())


def _consume(result):
    return list(result) if hasattr(result, "__next__") else result


CASES = [
    ("model_info", {"repo_id": MODEL, "revision": "refs/pr/1", "securityStatus": True, "files_metadata": True}),
    ("dataset_info", {"repo_id": DATASET, "revision": "refs/convert/parquet"}),
    ("space_info", {"repo_id": SPACE, "token": ALICE_READ_TOKEN}),
    ("repo_exists", {"repo_id": DATASET, "repo_type": "dataset"}),
    ("revision_exists", {"repo_id": MODEL, "revision": "v1.0"}),
    ("file_exists", {"repo_id": MODEL, "filename": "special/a b#c.txt", "revision": "refs/pr/1"}),
    ("file_exists", {"repo_id": MODEL, "filename": "model.safetensors"}),
    ("list_repo_tree", {"repo_id": MODEL, "path_in_repo": "onnx/sub dir", "recursive": True}),
    ("list_repo_tree", {"repo_id": MODEL, "revision": "my branch#1"}),
    ("list_repo_files", {"repo_id": DATASET, "repo_type": "dataset", "revision": "refs/convert/parquet"}),
    ("get_paths_info", {"repo_id": MODEL, "paths": ["config.json", "onnx", "a b.txt"], "expand": False}),
    ("list_repo_refs", {"repo_id": MODEL, "include_pull_requests": True}),
    ("list_repo_refs", {"repo_id": SPACE, "repo_type": "space"}),
    ("list_repo_commits", {"repo_id": MODEL, "revision": "dev", "formatted": True}),
    ("list_repo_commits", {"repo_id": DATASET, "repo_type": "dataset"}),
    ("list_models", {"search": "tiny", "author": "alice", "sort": "downloads", "limit": 5, "full": True}),
    ("list_models", {"cardData": True, "fetch_config": True, "pipeline_tag": "text-generation"}),
    ("list_datasets", {"author": "alice", "sort": "last_modified", "full": True}),
    ("list_spaces", {"search": "demo", "models": MODEL, "datasets": [DATASET], "linked": True}),
    ("list_repo_likers", {"repo_id": MODEL}),
    ("list_liked_repos", {"user": "bob"}),
    ("list_liked_repos", {"token": BOB_READ_TOKEN}),
    ("whoami", {"token": ALICE_READ_TOKEN}),
    ("get_full_repo_name", {"model_id": "m", "token": ALICE_READ_TOKEN}),
]


@pytest.mark.parametrize("method,kw", CASES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(CASES)])
def test_same_requests(hub, api, rs, method, kw):
    py = _record(hub, lambda: _consume(getattr(api, method)(**kw)))
    r = _record(hub, lambda: rs.call(method, **kw))
    assert py, "python sent nothing"
    assert py == r, f"\npython: {py}\nhfhub:  {r}"


PAGED_CASES = [
    ("list_models", {}),
    ("list_models", {"limit": 3}),
    ("list_datasets", {"full": True, "token": ALICE_READ_TOKEN}),
    ("list_repo_tree", {"repo_id": MODEL, "recursive": True}),
    ("list_repo_commits", {"repo_id": MODEL}),
    ("list_liked_repos", {"user": "alice", "token": ALICE_READ_TOKEN}),
]


@pytest.mark.parametrize("method,kw", PAGED_CASES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(PAGED_CASES)])
def test_same_requests_paged(hub_paged, api_paged, rs_paged, method, kw):
    py = _record(hub_paged, lambda: _consume(getattr(api_paged, method)(**kw)))
    r = _record(hub_paged, lambda: rs_paged.call(method, **kw))
    assert len(py) > 1, "expected several pages"
    assert py == r, f"\npython: {py}\nhfhub:  {r}"


@pytest.mark.parametrize("kw", [{"repo_id": MODEL, "filename": "model.safetensors"},
                                {"repo_id": MODEL, "filename": "config.json", "revision": "v1.0"}])
def test_same_metadata_requests(hub, hf, rs, kw):
    url = rs.hf_hub_url(**kw)
    py = _record(hub, lambda: hf.get_hf_file_metadata(url))
    r = _record(hub, lambda: rs.get_hf_file_metadata(url=url))
    assert py == r and [m for m, *_ in py] == ["HEAD"], f"\npython: {py}\nhfhub:  {r}"
