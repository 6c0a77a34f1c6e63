"""Discussions and pull requests through huggingface_hub and hfhub.

Reads run on the session's hubsims (the default seed's discussions, with the Hub's page size
and with one discussion per page). Changes run on two hubsims of this module, reset before
each test: Python changes one, hfhub the other, with the same calls in the same order, so
numbers and event ids line up; results are compared without the times and the merge commit
ids (which differ between two servers by construction), and with the servers' URLs
swapped. The twin servers are then read back through huggingface_hub and compared.
"""

from __future__ import annotations

import json
import urllib.parse
import warnings

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    ALICE_WRITE_TOKEN,
    BOB_READ_TOKEN,
    BOB_WRITE_TOKEN,
    DATASET,
    MODEL,
    PRIVATE_MODEL,
    SPACE,
    Hfhub,
    Hubsim,
    case_id,
    diff,
    normalize,
    outcome_py,
    outcome_rs,
)

# --- reads on the session's hubsims -------------------------------------------------------------

LISTINGS = [
    {"repo_id": MODEL},
    {"repo_id": MODEL, "discussion_type": "pull_request"},
    {"repo_id": MODEL, "discussion_type": "discussion", "discussion_status": "open"},
    {"repo_id": MODEL, "discussion_status": "closed"},
    {"repo_id": MODEL, "discussion_type": "all", "discussion_status": "all", "author": "carol"},
    {"repo_id": MODEL, "author": "nobody"},
    {"repo_id": DATASET, "repo_type": "dataset"},
    {"repo_id": SPACE, "repo_type": "space", "token": BOB_READ_TOKEN},
    {"repo_id": PRIVATE_MODEL, "token": ALICE_READ_TOKEN},
]


@pytest.mark.parametrize("kwargs", LISTINGS, ids=case_id)
def test_get_repo_discussions(both, kwargs):
    py, r = both.same("get_repo_discussions", **kwargs)
    if kwargs.get("author") != "nobody" and kwargs["repo_id"] != PRIVATE_MODEL:
        assert r, "the seed has discussions here"


@pytest.mark.parametrize("kwargs", LISTINGS[:4], ids=case_id)
def test_get_repo_discussions_one_per_page(both_paged, hub_paged, kwargs):
    hub_paged.clear_requests()
    py, r = both_paged.same("get_repo_discussions", **kwargs)
    pages = [q["query"] for q in hub_paged.requests() if q["path"].endswith("/discussions")]
    # both clients walked the pages p=0, 1, … and stopped at the same place
    assert len(pages) == 2 * max(len(r), 1), pages


DETAILS = [
    {"repo_id": MODEL, "discussion_num": 1},
    {"repo_id": MODEL, "discussion_num": 2},
    {"repo_id": MODEL, "discussion_num": 3},
    {"repo_id": DATASET, "discussion_num": 1, "repo_type": "dataset"},
    {"repo_id": SPACE, "discussion_num": 1, "repo_type": "space"},
]


@pytest.mark.parametrize("kwargs", DETAILS, ids=case_id)
def test_get_discussion_details(both, kwargs):
    py, r = both.same("get_discussion_details", **kwargs)
    assert r["events"], "every discussion has its description"
    if r["is_pull_request"]:
        assert r["target_branch"] == "refs/heads/main" and r["diff"]


@pytest.mark.parametrize(
    "method,kind,status,kwargs",
    [
        ("get_discussion_details", "Http", 404, {"repo_id": MODEL, "discussion_num": 99}),
        ("get_discussion_details", "InvalidInput", None, {"repo_id": MODEL, "discussion_num": 0}),
        ("get_discussion_details", "RepoNotFound", 401, {"repo_id": PRIVATE_MODEL, "discussion_num": 1}),
        ("get_repo_discussions", "RepoNotFound", 401, {"repo_id": PRIVATE_MODEL}),
        ("get_repo_discussions", "RepoNotFound", 404, {"repo_id": "alice/nope", "token": BOB_READ_TOKEN}),
        ("get_repo_discussions", "InvalidInput", None, {"repo_id": MODEL, "discussion_type": "issue"}),
        ("get_repo_discussions", "InvalidInput", None, {"repo_id": MODEL, "discussion_status": "merged"}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_read_errors(both, method, kind, status, kwargs):
    both.same_error(method, kind, status=status, **kwargs)


# --- changes on twin hubsims --------------------------------------------------------------------
@pytest.fixture(scope="module")
def hub_py():
    sim = Hubsim("discussions-py")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def hub_rs():
    sim = Hubsim("discussions-rs")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def api_py(hf, hub_py):
    return hf.HfApi(endpoint=hub_py.url)


@pytest.fixture(scope="module")
def rs_twin(hub_rs):
    client = Hfhub(hub_rs.url, "discussions-rs")
    yield client
    client.stop()


#: Keys whose values depend on when a change was made (and so differ between the twins).
VOLATILE = {
    "created_at",
    "createdAt",
    "updatedAt",
    "last_updated",
    "lastUpdated",
    "merge_commit_oid",
    "mergeCommitId",
    "oid",
    # Python keeps a collection's URL as `_url` (behind the property `url`), hfhub as `url`
    "_url",
    "url",
}


def _strip(v):
    if isinstance(v, dict):
        return {k: _strip(x) for k, x in v.items() if k not in VOLATILE}
    if isinstance(v, list):
        return [_strip(x) for x in v]
    return v


def wire(hub) -> list[tuple]:
    """The requests a hubsim received: method, path, query pairs, JSON body, token or not."""
    out = []
    for r in hub.requests():
        headers = {k.lower() for k, _ in r["headers"]}
        body = json.loads(r["body"]) if r.get("body") else None
        query = sorted(urllib.parse.parse_qsl(r["query"] or "", keep_blank_values=True))
        out.append((r["method"], r["path"], query, body, "authorization" in headers))
    return out


class Twins:
    """Python on one hubsim, hfhub on the other, same calls; both must also send the same
    requests."""

    def __init__(self, api, rs, hub_py, hub_rs):
        self.api, self.rs, self.hub_py, self.hub_rs = api, rs, hub_py, hub_rs

    def _calls(self, method: str, kwargs: dict):
        for hub in (self.hub_py, self.hub_rs):
            hub.clear_requests()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # hide_discussion_comment warns in Python
            py = outcome_py(lambda: getattr(self.api, method)(**kwargs))
        r = outcome_rs(self.rs, method, kwargs)
        sent_py, sent_rs = wire(self.hub_py), wire(self.hub_rs)
        assert sent_py == sent_rs, f"{method}({kwargs}) requests differ:\n  python {sent_py}\n  hfhub  {sent_rs}"
        return py, r

    def comparable(self, value, url_from: str):
        text = json.dumps(normalize(value), default=str).replace(url_from, "<hub>")
        return _strip(json.loads(text))

    def same(self, method: str, **kwargs):
        (pk, pv), (rk, rv) = self._calls(method, kwargs)
        assert pk == "ok", f"python {method}({kwargs}) failed: {pv[2]!r}"
        assert rk == "ok", f"hfhub {method}({kwargs}) failed: {rv[2].details}"
        p = self.comparable(pv, self.hub_py.url)
        r = self.comparable(rv, self.hub_rs.url)
        problems = diff(p, r)
        assert not problems, "python and hfhub differ:\n  " + "\n  ".join(problems[:40])
        return pv, rv

    def same_error(self, method: str, kind: str, status=None, **kwargs):
        (pk, pv), (rk, rv) = self._calls(method, kwargs)
        assert (pk, rk) == ("error", "error"), (pk, pv, rk, rv)
        assert (pv[0], rv[0]) == (kind, kind), f"python {pv[0]} ({pv[2]!r}), hfhub {rv[0]}"
        assert pv[1] == rv[1] == status, (pv[1], rv[1], status)

    def read_back(self, method: str, **kwargs):
        """Reads both servers through huggingface_hub and compares."""
        twin = type(self.api)(endpoint=self.hub_rs.url)
        a = getattr(self.api, method)(**kwargs)
        b = getattr(twin, method)(**kwargs)
        a = list(a) if hasattr(a, "__next__") else a
        b = list(b) if hasattr(b, "__next__") else b
        problems = diff(self.comparable(a, self.hub_py.url), self.comparable(b, self.hub_rs.url))
        assert not problems, "the twin servers differ:\n  " + "\n  ".join(problems[:40])


@pytest.fixture
def twins(api_py, rs_twin, hub_py, hub_rs):
    for hub in (hub_py, hub_rs):
        hub.control("POST", "reset")
    return Twins(api_py, rs_twin, hub_py, hub_rs)


def test_create_discussion_and_pull_request(twins):
    py, r = twins.same(
        "create_discussion", repo_id=MODEL, title="  Question about license ", description="  Is MIT ok?  ",
        token=BOB_WRITE_TOKEN,
    )
    assert (r["num"], r["title"], r["status"]) == (4, "Question about license", "open")
    assert r["events"][0]["content"] == "Is MIT ok?"
    py, r = twins.same("create_discussion", repo_id=DATASET, title="Typo", repo_type="dataset", token=BOB_WRITE_TOKEN)
    assert r["events"][0]["content"].startswith("Discussion opened with the [huggingface_hub Python library]")
    py, r = twins.same("create_pull_request", repo_id=MODEL, title="Add safetensors", token=BOB_WRITE_TOKEN)
    assert (r["num"], r["status"], r["is_pull_request"]) == (5, "draft", True)
    assert r["events"][0]["content"].startswith("Pull Request opened with")
    twins.read_back("get_repo_discussions", repo_id=MODEL)
    twins.read_back("list_repo_refs", repo_id=MODEL, include_pull_requests=True)


def test_comments_renames_and_statuses(twins):
    c_py, c = twins.same("comment_discussion", repo_id=MODEL, discussion_num=2, comment="Thanks!", token=BOB_WRITE_TOKEN)
    assert c["content"] == "Thanks!" and c["type"] == "comment"
    assert c_py.id == c["id"], "same sequence, same event ids"
    twins.same(
        "edit_discussion_comment", repo_id=MODEL, discussion_num=2, comment_id=c["id"].upper(),
        new_content="Thanks a lot!", token=BOB_WRITE_TOKEN,
    )
    h_py, h = twins.same("hide_discussion_comment", repo_id=MODEL, discussion_num=2, comment_id=c["id"], token=ALICE_WRITE_TOKEN)
    assert h["hidden"] is True
    t_py, t = twins.same("rename_discussion", repo_id=MODEL, discussion_num=2, new_title="License of the weights", token=ALICE_WRITE_TOKEN)
    assert (t["old_title"], t["new_title"]) == ("Which license?", "License of the weights")
    s_py, s = twins.same(
        "change_discussion_status", repo_id=MODEL, discussion_num=2, new_status="closed", comment="  Answered  ",
        token=ALICE_WRITE_TOKEN,
    )
    assert s["new_status"] == "closed"
    twins.same("change_discussion_status", repo_id=MODEL, discussion_num=2, new_status="open", token=ALICE_WRITE_TOKEN)
    twins.read_back("get_discussion_details", repo_id=MODEL, discussion_num=2)


def test_merge_pull_request_moves_main(twins):
    twins.same("merge_pull_request", repo_id=MODEL, discussion_num=1, comment="LGTM", token=ALICE_WRITE_TOKEN)
    for api in (twins.api, type(twins.api)(endpoint=twins.hub_rs.url)):
        assert api.file_exists(MODEL, "pytorch_model.bin"), "the merged file is on main"
    py, r = twins.same("get_discussion_details", repo_id=MODEL, discussion_num=1)
    assert r["status"] == "merged" and r["merge_commit_oid"]
    assert r["events"][-1]["new_status"] == "merged"
    twins.read_back("list_repo_files", repo_id=MODEL)
    # a merged PR, a plain discussion, a closed PR: 400
    twins.same_error("merge_pull_request", "BadRequest", 400, repo_id=MODEL, discussion_num=1, token=ALICE_WRITE_TOKEN)
    twins.same_error("merge_pull_request", "BadRequest", 400, repo_id=MODEL, discussion_num=2, token=ALICE_WRITE_TOKEN)
    twins.same("change_discussion_status", repo_id=DATASET, repo_type="dataset", discussion_num=1, new_status="closed", token=ALICE_WRITE_TOKEN)
    twins.same_error("merge_pull_request", "BadRequest", 400, repo_id=DATASET, repo_type="dataset", discussion_num=1, token=ALICE_WRITE_TOKEN)


@pytest.mark.parametrize(
    "method,kind,status,kwargs",
    [
        ("comment_discussion", "Forbidden", 403, {"repo_id": MODEL, "discussion_num": 2, "comment": "x", "token": BOB_READ_TOKEN}),
        ("comment_discussion", "Http", 404, {"repo_id": MODEL, "discussion_num": 42, "comment": "x", "token": BOB_WRITE_TOKEN}),
        pytest.param(
            "create_discussion", "RepoNotFound", 401, {"repo_id": MODEL, "title": "Anonymous", "token": False},
            marks=pytest.mark.xfail(
                strict=True,
                reason=(
                    "hubsim answers an anonymous change with a bare 401; Python's '401 on a repo URL means "
                    "RepoNotFound' rule only matches https:// URLs, so against hubsim (http) Python reports "
                    "a plain 401 while hfhub reports RepoNotFound, as both do against the real Hub (https)"
                ),
            ),
        ),
        ("create_discussion", "BadRequest", 400, {"repo_id": MODEL, "title": "Hi", "token": BOB_WRITE_TOKEN}),
        ("rename_discussion", "Forbidden", 403, {"repo_id": MODEL, "discussion_num": 2, "new_title": "Mine now", "token": BOB_WRITE_TOKEN}),
        ("change_discussion_status", "InvalidInput", None, {"repo_id": MODEL, "discussion_num": 2, "new_status": "merged", "token": ALICE_WRITE_TOKEN}),
        ("change_discussion_status", "BadRequest", 400, {"repo_id": MODEL, "discussion_num": 3, "new_status": "closed", "token": ALICE_WRITE_TOKEN}),
        ("merge_pull_request", "Forbidden", 403, {"repo_id": MODEL, "discussion_num": 1, "token": BOB_WRITE_TOKEN}),
        ("edit_discussion_comment", "Http", 404, {"repo_id": MODEL, "discussion_num": 2, "comment_id": "ffffffffffffffffffffffff", "new_content": "x", "token": BOB_WRITE_TOKEN}),
        ("hide_discussion_comment", "Forbidden", 403, {"repo_id": MODEL, "discussion_num": 1, "comment_id": "0" * 24, "token": ALICE_READ_TOKEN}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_change_errors(twins, method, kind, status, kwargs):
    twins.same_error(method, kind, status, **kwargs)


def test_edit_of_someone_elses_comment_is_forbidden(twins):
    _, c = twins.same("comment_discussion", repo_id=MODEL, discussion_num=2, comment="Mine", token=BOB_WRITE_TOKEN)
    twins.same_error(
        "edit_discussion_comment", "Forbidden", 403, repo_id=MODEL, discussion_num=2, comment_id=c["id"],
        new_content="Hijacked", token=ALICE_WRITE_TOKEN,
    )
