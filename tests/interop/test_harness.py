"""The comparison helpers themselves: a suite that compares results is only as good
as its comparator, so check that it sees real differences."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from conftest import MODEL, assert_same, diff, normalize


def test_datetimes_compare_by_instant():
    a = normalize("2024-01-10T09:00:00.000Z")
    assert a == dt.datetime(2024, 1, 10, 9, tzinfo=dt.timezone.utc)
    assert normalize("2024-01-10T10:00:00+01:00") == a
    assert normalize("2023-10-26T12:41:53.263078506Z") == normalize("2023-10-26T12:41:53.263078Z")
    assert not diff(normalize(dt.datetime(2024, 1, 10, 9)), a)


def test_differences_are_seen():
    assert diff({"a": 1}, {"a": 2})
    assert diff({"a": 1}, {"a": True})
    assert diff({"a": [1, 2]}, {"a": [2, 1]})
    assert not diff({"a": [1, 2]}, {"a": [2, 1]}, unordered=frozenset({"a"}))
    assert diff({"a": [1]}, {"a": [1, 1]})
    assert diff({"a": 1}, {})  # a value only one side has
    assert not diff({"a": None}, {})  # a field only one side defines, unset
    assert not diff({"used_storage": 3}, {"usedStorage": 3})  # parsed vs raw wire key
    assert diff({"used_storage": 3}, {"usedStorage": 4})
    assert diff({"a": "x"}, {"a": None})


def test_real_results_differ_when_tampered(api, rs):
    py = api.model_info(MODEL, files_metadata=True)
    r = rs.model_info(repo_id=MODEL, files_metadata=True)
    assert_same(py, r)
    for path, value in [
        (("sha",), "0" * 40),
        (("siblings", 0, "size"), 1),
        (("card_data", "license"), "apache-2.0"),
        (("last_modified",), "2020-01-01T00:00:00.000Z"),
        (("siblings",), []),
        (("tags",), ["x"]),
    ]:
        bad = copy.deepcopy(r)
        target = bad
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(AssertionError):
            assert_same(py, bad)


def test_seed_constants_match_hubsim():
    """conftest's copy of the default seed's names and tokens is still hubsim's."""
    import json
    import subprocess

    import conftest as c

    seed = json.loads(subprocess.run([str(c.HUBSIM_BIN), "--print-seed"], check=True,
                                     capture_output=True, timeout=30).stdout)
    tokens = {(t["token"], t["user"], t["role"]) for t in seed["tokens"]}
    assert {
        (c.ALICE_WRITE_TOKEN, c.ALICE, "write"),
        (c.ALICE_READ_TOKEN, c.ALICE, "read"),
        (c.BOB_WRITE_TOKEN, c.BOB, "write"),
        (c.BOB_READ_TOKEN, c.BOB, "read"),
        (c.CAROL_READ_TOKEN, c.CAROL, "read"),
    } <= tokens
    assert c.INVALID_TOKEN not in {t for t, _, _ in tokens}
    repos = {(r.get("type", "model"), r["id"]): r for r in seed["repos"]}
    for key in [("model", c.MODEL), ("model", c.SHARDED_MODEL), ("model", c.GATED_MODEL),
                ("model", c.DISABLED_MODEL), ("dataset", c.DATASET), ("dataset", c.GATED_DATASET),
                ("space", c.SPACE), ("space", c.STATIC_SPACE)]:
        assert key in repos and not repos[key].get("private"), key
    for key in [("model", c.PRIVATE_MODEL), ("model", c.ORG_PRIVATE_MODEL),
                ("dataset", c.PRIVATE_DATASET), ("space", c.PRIVATE_SPACE)]:
        assert repos[key]["private"], key
    public = sorted(i for (t, i), r in repos.items() if t == "model" and not r.get("private"))
    assert public == c.PUBLIC_MODELS
