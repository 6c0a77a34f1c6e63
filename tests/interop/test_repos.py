"""Repository management, branches and tags, history squashing, gated access and likes:
huggingface_hub and hfhub make the same changes on hubsim, with the same results and the
same errors.

Every test here changes state, so this module runs its own hubsim (default seed) instead of
the session's, and each test creates its own repositories. A change is made twice, once by
each client on a twin repository (``…-py-…`` for Python, ``…-rs-…`` for hfhub); the twins'
states, read back through huggingface_hub, must then be equal up to the twin's name.
"""

from __future__ import annotations

import inspect
import json
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    ALICE_WRITE_TOKEN,
    BOB_READ_TOKEN,
    BOB_WRITE_TOKEN,
    CAROL_READ_TOKEN,
    HF_VERSION,
    MODEL,
    SPACE,
    Both,
    Hfhub,
    Hubsim,
    assert_same,
    before,
    normalize,
    since,
)

W = ALICE_WRITE_TOKEN


# --- fixtures: a hubsim of our own ---------------------------------------------------------
@pytest.fixture(scope="module")
def hub_r():
    sim = Hubsim("repos")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def api(hf, hub_r):
    return hf.HfApi(endpoint=hub_r.url)


@pytest.fixture(scope="module")
def rs(hub_r):
    client = Hfhub(hub_r.url, "repos")
    yield client
    client.stop()


@pytest.fixture(scope="module")
def both(api, rs):
    return Both(api, rs)


@pytest.fixture
def py_default_endpoint(hf, hub_r, monkeypatch):
    """0.22's access-request methods ignore ``HfApi(endpoint=)`` and use the process-wide
    default Hub URL (reference §7.3): point that default at this module's hubsim, as
    ``HF_ENDPOINT`` would."""
    if HF_VERSION < (0, 26):
        monkeypatch.setattr(hf.hf_api, "ENDPOINT", hub_r.url)


_COUNTER = iter(range(1_000_000))


def twins(base: str, namespace: str = "alice") -> tuple[str, str]:
    n = f"{uuid.uuid4().hex[:6]}{next(_COUNTER)}"
    return f"{namespace}/{base}-py-{n}", f"{namespace}/{base}-rs-{n}"


def has_param(fn, name: str) -> bool:
    return name in inspect.signature(fn).parameters


def swap(value, old: str, new: str):
    """``value`` with the name of repository ``old`` replaced by ``new``'s everywhere (twins
    have unique names, so nothing else is touched)."""
    old, new = old.split("/")[-1], new.split("/")[-1]
    return json.loads(json.dumps(normalize(value), default=str).replace(old, new))


def repo_url(u) -> dict:
    """A Python ``RepoUrl`` as hfhub serialises its ``RepoUrl``."""
    return {
        "endpoint": u.endpoint,
        "namespace": u.namespace,
        "repo_name": u.repo_name,
        "repo_id": u.repo_id,
        "repo_type": u.repo_type,
        "url": str(u),
    }


VOLATILE = {"id", "sha", "created_at", "last_modified", "_id", "lastModified", "createdAt"}


def state(api, repo_id: str, repo_type: str = "model", token: str = W) -> dict:
    """What the Hub says about a repository (through huggingface_hub), without the fields
    that differ between twins made at different times."""
    info = normalize(api.repo_info(repo_id, repo_type=repo_type, token=token))
    return {k: v for k, v in info.items() if k not in VOLATILE}


def assert_twins(api, py_id: str, rs_id: str, repo_type: str = "model", token: str = W):
    assert_same(swap(state(api, py_id, repo_type, token), py_id, rs_id), state(api, rs_id, repo_type, token))


def exists(api, repo_id: str, repo_type: str = "model") -> bool:
    return api.repo_exists(repo_id, repo_type=repo_type, token=W)


def raw(hub, method: str, path: str, token: str, body=None, form: str | None = None) -> int:
    """A request hubsim understands but neither client sends (asking for access, gating)."""
    data, ctype = None, None
    if body is not None:
        data, ctype = json.dumps(body).encode(), "application/json"
    elif form is not None:
        data, ctype = form.encode(), "application/x-www-form-urlencoded"
    req = urllib.request.Request(f"{hub.url}{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def create_twins(rs, ids, **kw):
    for repo_id in ids:
        rs.create_repo(repo_id=repo_id, token=W, **kw)


# --- create_repo -----------------------------------------------------------------------------
@pytest.mark.parametrize("repo_type", ["model", "dataset", "space"])
def test_create_repo(api, rs, repo_type):
    py_id, rs_id = twins(f"new-{repo_type}", "acme")
    kw = {"repo_type": repo_type, "private": repo_type == "dataset", "token": W}
    if repo_type == "space":
        kw |= {
            "space_sdk": "gradio",
            "space_hardware": "t4-medium",
            "space_sleep_time": 3600,
            "space_secrets": [{"key": "K", "value": "V", "description": "d"}],
            "space_variables": [{"key": "A", "value": "1"}],
        }
        if has_param(api.create_repo, "space_storage"):
            kw["space_storage"] = "small"
    py = api.create_repo(py_id, **kw)
    r = rs.create_repo(repo_id=rs_id, **kw)
    assert swap(repo_url(py), py_id, rs_id) == r
    assert r["repo_type"] == repo_type and r["namespace"] == "acme"
    assert_twins(api, py_id, rs_id, repo_type)


def test_create_repo_errors(both):
    both.same_error("create_repo", "Conflict", status=409, repo_id=MODEL, token=W)
    both.same_error("create_repo", "Forbidden", status=403, repo_id="carol/not-bobs", token=BOB_WRITE_TOKEN)
    both.same_error("create_repo", "Forbidden", status=403, repo_id="alice/read-only", token=ALICE_READ_TOKEN)
    both.same_error("create_repo", "InvalidInput", repo_id="alice/bad--name", token=W)
    both.same_error("create_repo", "InvalidInput", repo_id="alice/no-sdk", repo_type="space", token=W)


def test_create_repo_exist_ok(both, api, rs):
    py, r = both.results("create_repo", repo_id=MODEL, exist_ok=True, token=W)
    assert (py[0], r[0]) == ("ok", "ok")
    assert repo_url(py[1]) == r[1]


def test_create_repo_exist_ok_with_a_read_token(api, rs, hub_r, py_default_endpoint):
    # (0.22 parses the URL it builds here against the process-wide default endpoint, not
    # HfApi's: without py_default_endpoint it fails with "Unable to retrieve user and repo ID")
    kw = {"repo_type": "dataset", "exist_ok": True, "token": ALICE_READ_TOKEN}
    py = api.create_repo("alice/tiny-dataset", **kw)
    r = rs.create_repo(repo_id="alice/tiny-dataset", **kw)
    assert r["url"] == f"{hub_r.url}/datasets/alice/tiny-dataset"
    assert (r["repo_type"], r["repo_id"]) == ("dataset", "alice/tiny-dataset")
    if HF_VERSION < (0, 23):
        # 0.22 builds `{endpoint}/dataset/{id}` here (reference §7.6); hfhub the real URL
        assert str(py) == f"{hub_r.url}/dataset/alice/tiny-dataset"
        assert (py.repo_type, py.repo_id) == ("dataset", "alice/tiny-dataset")
    else:
        # Python's RepoUrl built on this path carries the process-wide default endpoint,
        # not HfApi's; hfhub's carries the client's
        assert repo_url(py) | {"endpoint": r["endpoint"]} == r
        assert r["endpoint"] == hub_r.url
    # a repository that does not exist: the 403 (0.22 raised the lookup's 404 instead;
    # newer clients and hfhub the original error)
    with pytest.raises(Exception) as e:
        api.create_repo("alice/nothing-here", exist_ok=True, token=ALICE_READ_TOKEN)
    assert e.value.response.status_code == (404 if HF_VERSION < (0, 23) else 403)
    with pytest.raises(Exception) as e:
        rs.create_repo(repo_id="alice/nothing-here", exist_ok=True, token=ALICE_READ_TOKEN)
    assert (e.value.kind, e.value.status) == ("Forbidden", 403)


# --- delete_repo -----------------------------------------------------------------------------
def test_delete_repo(both, api, rs):
    py_id, rs_id = twins("doomed")
    create_twins(rs, (py_id, rs_id))
    # not someone else's
    both.same_error("delete_repo", "Forbidden", status=403, repo_id=py_id, token=BOB_WRITE_TOKEN)
    assert api.delete_repo(py_id, token=W) is None
    assert rs.delete_repo(repo_id=rs_id, token=W) is None
    assert not exists(api, py_id) and not exists(api, rs_id)
    both.same_error("delete_repo", "RepoNotFound", status=404, repo_id=py_id, token=W)
    both.same("delete_repo", repo_id=py_id, missing_ok=True, token=W)
    both.same_error("delete_repo", "InvalidInput", repo_id="a/b/c", token=W)


# --- move_repo -------------------------------------------------------------------------------
def test_move_repo(both, api, rs):
    py_id, rs_id = twins("old-name")
    create_twins(rs, (py_id, rs_id), repo_type="dataset")
    py_to, rs_to = (f"acme/{i.split('/')[1]}-moved" for i in (py_id, rs_id))
    assert api.move_repo(py_id, py_to, repo_type="dataset", token=W) is None
    assert rs.move_repo(from_id=rs_id, to_id=rs_to, repo_type="dataset", token=W) is None
    assert not exists(api, py_id, "dataset") and not exists(api, rs_id, "dataset")
    assert_twins(api, py_to, rs_to, "dataset")
    both.same_error("move_repo", "RepoNotFound", status=404, from_id=py_id, to_id="alice/x", repo_type="dataset", token=W)
    both.same_error("move_repo", "Conflict", status=409, from_id=py_to, to_id=rs_to, repo_type="dataset", token=W)
    both.same_error("move_repo", "Forbidden", status=403, from_id=py_to, to_id="carol/x", repo_type="dataset", token=W)
    both.same_error("move_repo", "InvalidInput", from_id="no-namespace", to_id="alice/x", token=W)


# --- visibility ------------------------------------------------------------------------------
@before(1, 0, why="update_repo_visibility was removed")
def test_update_repo_visibility(both, api, rs):
    py_id, rs_id = twins("visible")
    create_twins(rs, (py_id, rs_id))
    py = api.update_repo_visibility(py_id, private=True, token=W)
    r = rs.update_repo_visibility(repo_id=rs_id, private=True, token=W)
    assert_same(py, r)
    assert state(api, py_id)["private"] is True
    assert_twins(api, py_id, rs_id)
    # without a namespace: whoami's
    name = py_id.split("/")[1]
    both.same("update_repo_visibility", repo_id=name, private=False, token=W)
    assert state(api, py_id)["private"] is False
    both.same_error("update_repo_visibility", "Forbidden", status=403, repo_id=py_id, private=True, token=ALICE_READ_TOKEN)
    both.same_error("update_repo_visibility", "RepoNotFound", status=404, repo_id="alice/nope", token=W)


@since(0, 25)
def test_update_repo_settings_matches_update_repo_visibility(api, rs):
    # huggingface_hub replaced update_repo_visibility with update_repo_settings (0.25)
    py_id, rs_id = twins("visible")
    create_twins(rs, (py_id, rs_id))
    api.update_repo_settings(py_id, private=True, token=W)
    rs.update_repo_visibility(repo_id=rs_id, private=True, token=W)
    assert state(api, py_id)["private"] is True
    assert_twins(api, py_id, rs_id)


# --- duplicate_space -------------------------------------------------------------------------
def _py_duplicate(api, from_id, to_id=None, **kw):
    """duplicate_space (0.22) or its successor duplicate_repo(repo_type="space") (2.x)."""
    if to_id is not None:
        kw["to_id"] = to_id
    if hasattr(api, "duplicate_space"):
        return lambda: api.duplicate_space(from_id, **kw)
    renamed = {"hardware": "space_hardware", "sleep_time": "space_sleep_time", "secrets": "space_secrets",
               "variables": "space_variables"}
    kw = {renamed.get(k, k): v for k, v in kw.items()}
    return lambda: api.duplicate_repo(from_id, repo_type="space", **kw)


def test_duplicate_space(both, api, rs):
    py_id, rs_id = twins("copy", "bob")
    kw = {"private": True, "hardware": "t4-small", "sleep_time": 600, "token": BOB_WRITE_TOKEN,
          "variables": [{"key": "A", "value": "B", "description": "d"}]}
    py = _py_duplicate(api, SPACE, py_id, **kw)()
    r = rs.duplicate_space(from_id=SPACE, to_id=rs_id, **kw)
    assert swap(repo_url(py), py_id, rs_id) == r
    assert_twins(api, py_id, rs_id, "space", BOB_WRITE_TOKEN)
    assert state(api, py_id, "space", BOB_WRITE_TOKEN)["private"] is True
    # the target exists: 409, or its URL with exist_ok
    both.same_error("duplicate_space", "Conflict", status=409,
                    py_call=_py_duplicate(api, SPACE, py_id, token=BOB_WRITE_TOKEN),
                    from_id=SPACE, to_id=py_id, token=BOB_WRITE_TOKEN)
    py = _py_duplicate(api, SPACE, py_id, exist_ok=True, token=BOB_WRITE_TOKEN)()
    r = rs.duplicate_space(from_id=SPACE, to_id=py_id, exist_ok=True, token=BOB_WRITE_TOKEN)
    assert repo_url(py) == r
    # the default target: whoami's namespace, the source's name
    py = _py_duplicate(api, "bob/static-space", token=ALICE_WRITE_TOKEN)()
    assert py.repo_id == "alice/static-space"
    both.same_error("duplicate_space", "Conflict", status=409,
                    py_call=_py_duplicate(api, "bob/static-space", token=ALICE_WRITE_TOKEN),
                    from_id="bob/static-space", token=ALICE_WRITE_TOKEN)
    both.same_error("duplicate_space", "Forbidden", status=403,
                    py_call=_py_duplicate(api, SPACE, "carol/copy", token=CAROL_READ_TOKEN),
                    from_id=SPACE, to_id="carol/copy", token=CAROL_READ_TOKEN)
    both.same_error("duplicate_space", "RepoNotFound", status=404,
                    py_call=_py_duplicate(api, "acme/private-space", "carol/copy", token=CAROL_READ_TOKEN),
                    from_id="acme/private-space", to_id="carol/copy", token=CAROL_READ_TOKEN)


# --- branches, tags, super-squash -----------------------------------------------------------
def canonical_refs(api, repo_id: str) -> dict:
    """Refs as {kind: {name: label}}, each commit replaced by its position in main's history
    (twins have equal histories but different commit ids)."""
    commits = [c.commit_id for c in api.list_repo_commits(repo_id, token=W)]
    refs = api.list_repo_refs(repo_id, token=W)
    label = lambda sha: f"main~{commits.index(sha)}" if sha in commits else "other"  # noqa: E731
    return {
        kind: {r.name: label(r.target_commit) for r in getattr(refs, kind)}
        for kind in ("branches", "tags")
    }


def test_branches_and_tags(both, api, rs):
    py_id, rs_id = twins("refs")
    create_twins(rs, (py_id, rs_id))
    steps = [
        ("create_branch", {"branch": "feature/x"}),
        ("create_branch", {"branch": "from-main", "revision": "main"}),
        ("create_tag", {"tag": "v1.0", "tag_message": "First"}),
        ("create_tag", {"tag": "release/2", "revision": "feature/x"}),
        ("create_branch", {"branch": "feature/x", "exist_ok": True}),
        ("create_tag", {"tag": "v1.0", "exist_ok": True}),
    ]
    for method, kw in steps:
        assert getattr(api, method)(py_id, token=W, **kw) is None
        assert rs.call(method, repo_id=rs_id, token=W, **kw) is None
    assert canonical_refs(api, py_id) == canonical_refs(api, rs_id)
    assert set(canonical_refs(api, py_id)["tags"]) == {"v1.0", "release/2"}

    # the documented errors, on the Python twin (nothing changes)
    both.same_error("create_branch", "Conflict", status=409, repo_id=py_id, branch="feature/x", token=W)
    both.same_error("create_tag", "Conflict", status=409, repo_id=py_id, tag="v1.0", token=W)
    both.same_error("create_branch", "RevisionNotFound", status=404, repo_id=py_id, branch="b", revision="nope", token=W)
    both.same_error("create_tag", "RevisionNotFound", status=404, repo_id=py_id, tag="t", revision="nope", token=W)
    both.same_error("create_branch", "BadRequest", status=400, repo_id=py_id, branch="refs/pr/5", token=W)
    both.same_error("create_branch", "Forbidden", status=403, repo_id=py_id, branch="b", token=BOB_READ_TOKEN)
    both.same_error("create_branch", "RepoNotFound", status=404, repo_id="alice/nope", branch="b", token=W)
    both.same_error("delete_branch", "RevisionNotFound", status=404, repo_id=py_id, branch="nope", token=W)
    both.same_error("delete_branch", "BadRequest", status=400, repo_id=py_id, branch="main", token=W)
    both.same_error("delete_tag", "RevisionNotFound", status=404, repo_id=py_id, tag="nope", token=W)
    both.same_error("delete_tag", "Forbidden", status=403, repo_id=py_id, tag="v1.0", token=ALICE_READ_TOKEN)

    for method, kw in [("delete_branch", {"branch": "feature/x"}), ("delete_tag", {"tag": "release/2"})]:
        assert getattr(api, method)(py_id, token=W, **kw) is None
        assert rs.call(method, repo_id=rs_id, token=W, **kw) is None
    assert canonical_refs(api, py_id) == canonical_refs(api, rs_id)
    assert "feature/x" not in canonical_refs(api, py_id)["branches"]


def test_super_squash_history(both, api, rs):
    py_id, rs_id = twins("squash")
    create_twins(rs, (py_id, rs_id))
    for repo_id in (py_id, rs_id):
        rs.create_branch(repo_id=repo_id, branch="dev", token=W)
        rs.create_tag(repo_id=repo_id, tag="v1", token=W)
    for kw in ({"commit_message": "Squash all"}, {"branch": "dev"}):
        assert api.super_squash_history(py_id, token=W, **kw) is None
        assert rs.super_squash_history(repo_id=rs_id, token=W, **kw) is None
    for branch in ("main", "dev"):
        titles = [[c.title for c in api.list_repo_commits(r, revision=branch, token=W)] for r in (py_id, rs_id)]
        assert titles[0] == titles[1]
    assert [c.title for c in api.list_repo_commits(py_id, revision="dev", token=W)] == [
        "Super-squash branch 'dev' using huggingface_hub"
    ]
    assert api.list_repo_files(py_id, token=W) == api.list_repo_files(rs_id, token=W) == [".gitattributes"]
    both.same_error("super_squash_history", "RevisionNotFound", status=404, repo_id=py_id, branch="nope", token=W)
    both.same_error("super_squash_history", "BadRequest", status=400, repo_id=py_id, branch="v1", token=W)
    both.same_error("super_squash_history", "Forbidden", status=403, repo_id=py_id, token=BOB_WRITE_TOKEN)


# --- gated access ----------------------------------------------------------------------------
def gated_twins(hub, rs, repo_type: str = "model", mode: str = "manual") -> tuple[str, str]:
    py_id, rs_id = twins(f"gated-{repo_type}")
    for repo_id in (py_id, rs_id):
        rs.create_repo(repo_id=repo_id, repo_type=repo_type, token=W)
        assert raw(hub, "PUT", f"/api/{repo_type}s/{repo_id}/settings", W, body={"gated": mode}) == 200
    return py_id, rs_id


def ask(hub, repo_id: str, token: str, form: str, repo_type: str = "model") -> None:
    assert raw(hub, "POST", f"/api/{repo_type}s/{repo_id}/ask-access", token, form=form) == 200


def may_download(api, hf, repo_id: str, token: str, repo_type: str = "model") -> bool:
    url = hf.hf_hub_url(repo_id, ".gitattributes", repo_type=repo_type, endpoint=api.endpoint)
    try:
        api.get_hf_file_metadata(url=url, token=token)
        return True
    except hf.utils.GatedRepoError:
        return False


REQUEST_FIELDS = ("username", "fullname", "email", "status", "fields")


def listings(both, repo_id: str, repo_type: str = "model") -> dict:
    """The three listings, equal in both clients (0.22 has no `request_id`); as
    {status: sorted usernames}."""
    out = {}
    for status in ("pending", "accepted", "rejected"):
        py, r = both.same(f"list_{status}_access_requests", repo_id=repo_id, repo_type=repo_type, token=W,
                          ignore=() if HF_VERSION >= (1, 2) else ("request_id",))
        out[status] = sorted(x["username"] for x in r)
    return out


def test_access_requests(both, api, rs, hub_r, hf, py_default_endpoint):
    py_id, rs_id = gated_twins(hub_r, rs)
    for repo_id in (py_id, rs_id):
        ask(hub_r, repo_id, CAROL_READ_TOKEN, "company=The+Lab&use_case=evaluation")
        ask(hub_r, repo_id, BOB_READ_TOKEN, "company=ACME")
    assert listings(both, py_id) == {"pending": ["bob", "carol"], "accepted": [], "rejected": []}
    assert not may_download(api, hf, py_id, CAROL_READ_TOKEN)

    def step(method: str, user: str, expect: dict):
        kw = {}
        if method == "reject_access_request" and has_param(api.reject_access_request, "rejection_reason"):
            kw["rejection_reason"] = "Tests only"  # a required keyword in 2.x
        assert getattr(api, method)(py_id, user, token=W, **kw) is None
        assert rs.call(method, repo_id=rs_id, user=user, token=W, **kw) is None
        py_lists, rs_lists = listings(both, py_id), listings(both, rs_id)
        assert py_lists == rs_lists == expect
        for u, token in (("carol", CAROL_READ_TOKEN), ("bob", BOB_READ_TOKEN)):
            allowed = u in expect["accepted"]
            assert may_download(api, hf, py_id, token) == may_download(api, hf, rs_id, token) == allowed, (method, u)

    step("accept_access_request", "carol", {"pending": ["bob"], "accepted": ["carol"], "rejected": []})
    step("reject_access_request", "carol", {"pending": ["bob"], "accepted": [], "rejected": ["carol"]})
    step("cancel_access_request", "carol", {"pending": ["bob", "carol"], "accepted": [], "rejected": []})
    step("accept_access_request", "bob", {"pending": ["carol"], "accepted": ["bob"], "rejected": []})

    # the documented errors
    both.same_error("list_pending_access_requests", "BadRequest", status=400, repo_id=MODEL, token=W)
    both.same_error("accept_access_request", "BadRequest", status=400, repo_id=MODEL, user="bob", token=W)
    both.same_error("list_accepted_access_requests", "Forbidden", status=403, repo_id=py_id, token=ALICE_READ_TOKEN)
    both.same_error("accept_access_request", "Forbidden", status=403, repo_id=py_id, user="bob", token=BOB_WRITE_TOKEN)
    both.same_error("accept_access_request", "Http", status=404, repo_id=py_id, user="nobody-at-all", token=W)
    reason = {"rejection_reason": None} if has_param(api.reject_access_request, "rejection_reason") else {}
    both.same_error("reject_access_request", "RepoNotFound", status=404, repo_id="alice/nope", user="bob", token=W,
                    **reason)


@pytest.mark.parametrize("repo_type", ["model", "dataset"])
def test_grant_access(both, api, rs, hub_r, hf, py_default_endpoint, repo_type):
    py_id, rs_id = gated_twins(hub_r, rs, repo_type)
    r = rs.grant_access(repo_id=rs_id, user="carol", repo_type=repo_type, token=W)
    assert (r["status"], r["user"]["user"]) == ("accepted", "carol")
    assert may_download(api, hf, rs_id, CAROL_READ_TOKEN, repo_type)
    if repo_type == "dataset" and HF_VERSION < (0, 26):
        # 0.22 posts to /api/models/{id}/… whatever the type (reference §7.2): no such model
        with pytest.raises(hf.utils.RepositoryNotFoundError):
            api.grant_access(py_id, "carol", repo_type=repo_type, token=W)
        assert not may_download(api, hf, py_id, CAROL_READ_TOKEN, repo_type)
        return
    py = api.grant_access(py_id, "carol", repo_type=repo_type, token=W)
    assert (py["status"], py["user"]["user"]) == ("accepted", "carol")
    assert may_download(api, hf, py_id, CAROL_READ_TOKEN, repo_type)
    assert listings(both, py_id, repo_type) == listings(both, rs_id, repo_type)
    both.same_error("grant_access", "BadRequest", status=400, repo_id=py_id, user="carol", repo_type=repo_type, token=W)
    both.same_error("grant_access", "Http", status=404, repo_id=py_id, user="nobody-at-all", repo_type=repo_type,
                    token=W)


@pytest.mark.skipif(HF_VERSION >= (0, 26), reason="the default-endpoint quirk is 0.22's (reference §7.3)")
def test_access_requests_use_the_clients_endpoint(api, rs, hub_r, hub):
    # Without HF_ENDPOINT pointing at this hubsim, 0.22 asks the session's hubsim (the
    # process default), where the repository does not exist; hfhub asks its own endpoint.
    py_id, rs_id = gated_twins(hub_r, rs)
    assert not hub.url == hub_r.url
    with pytest.raises(Exception) as e:
        list(api.list_pending_access_requests(py_id, token=W))
    assert type(e.value).__name__ == "RepositoryNotFoundError"
    assert rs.list_pending_access_requests(repo_id=rs_id, token=W) == []


# --- likes -----------------------------------------------------------------------------------
@before(0, 28, why="like was removed")
def test_likes(both, api, rs):
    py_id, rs_id = twins("liked")
    create_twins(rs, (py_id, rs_id))
    for token in (CAROL_READ_TOKEN, BOB_READ_TOKEN):
        assert api.like(py_id, token=token) is None
        assert rs.like(repo_id=rs_id, token=token) is None
    likers = lambda r: sorted(u.username for u in api.list_repo_likers(r, token=W))  # noqa: E731
    assert likers(py_id) == likers(rs_id) == ["bob", "carol"]
    assert state(api, py_id)["likes"] == state(api, rs_id)["likes"] == 2
    liked = api.list_liked_repos("carol", token=W).models
    assert py_id in liked and rs_id in liked
    assert api.unlike(py_id, token=CAROL_READ_TOKEN) is None
    assert rs.unlike(repo_id=rs_id, token=CAROL_READ_TOKEN) is None
    assert likers(py_id) == likers(rs_id) == ["bob"]
    both.same_error("like", "RepoNotFound", repo_id="alice/nope", token=CAROL_READ_TOKEN)


def test_unlike(both, api, rs):
    py_id, rs_id = twins("unliked")
    create_twins(rs, (py_id, rs_id))
    for repo_id in (py_id, rs_id):
        rs.like(repo_id=repo_id, token=CAROL_READ_TOKEN)
    assert api.unlike(py_id, token=CAROL_READ_TOKEN) is None
    assert rs.unlike(repo_id=rs_id, token=CAROL_READ_TOKEN) is None
    assert [u.username for u in api.list_repo_likers(py_id, token=W)] == []
    assert [u.username for u in api.list_repo_likers(rs_id, token=W)] == []
    assert_twins(api, py_id, rs_id)

