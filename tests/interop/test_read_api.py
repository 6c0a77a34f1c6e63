"""Repository information, existence, files, trees, refs and commits: the same calls
through huggingface_hub and hfhub against hubsim, with equal results."""

from __future__ import annotations

import pytest

from conftest import (
    ALICE_READ_TOKEN,
    ALICE_WRITE_TOKEN,
    BOB_READ_TOKEN,
    CAROL_READ_TOKEN,
    DATASET,
    DISABLED_MODEL,
    GATED_DATASET,
    GATED_MODEL,
    MODEL,
    ORG_PRIVATE_MODEL,
    PRIVATE_DATASET,
    PRIVATE_MODEL,
    PRIVATE_SPACE,
    SHARDED_MODEL,
    SPACE,
    STATIC_SPACE,
    HF_VERSION,
    assert_same,
    case_id,
    newer_runtime_fields,
    normalize,
)

# (repo_type, repo_id, token that may see it)
REPOS = [
    ("model", MODEL, None),
    ("model", SHARDED_MODEL, None),
    ("model", PRIVATE_MODEL, ALICE_READ_TOKEN),
    ("model", ORG_PRIVATE_MODEL, BOB_READ_TOKEN),
    ("model", GATED_MODEL, None),
    ("model", GATED_MODEL, CAROL_READ_TOKEN),
    ("dataset", DATASET, None),
    ("dataset", PRIVATE_DATASET, ALICE_WRITE_TOKEN),
    ("dataset", GATED_DATASET, None),
    ("dataset", GATED_DATASET, BOB_READ_TOKEN),
    ("space", SPACE, None),
    ("space", PRIVATE_SPACE, ALICE_READ_TOKEN),
    ("space", STATIC_SPACE, None),
]
REPO_IDS = [f"{t}:{r}:{'token' if tok else 'anon'}" for t, r, tok in REPOS]
INFO = {"model": "model_info", "dataset": "dataset_info", "space": "space_info"}

#: `security.status` comes from the newer `securityFileStatus` key (Python >= 0.27);
#: 0.22's BlobSecurityInfo has no such field, while hfhub (like 2.x) reports it.
NEWER_SECURITY_FIELDS = ("security.status",) if HF_VERSION < (0, 27) else ()


def _kw(token):
    return {} if token is None else {"token": token}


def _refs(rs, repo_id, repo_type="model"):
    return rs.list_repo_refs(repo_id=repo_id, repo_type=repo_type, include_pull_requests=True)


# --- model_info / dataset_info / space_info / repo_info ------------------------------------


@pytest.mark.parametrize("repo_type,repo_id,token", REPOS, ids=REPO_IDS)
def test_info(both, repo_type, repo_id, token):
    py, r = both.same(INFO[repo_type], repo_id=repo_id, **_kw(token))
    # hubsim data sanity: the object describes the repo asked for.
    assert py.id == r["id"] == repo_id
    assert r["sha"] and len(r["sha"]) == 40
    assert r["private"] == (repo_id in (PRIVATE_MODEL, ORG_PRIVATE_MODEL, PRIVATE_DATASET, PRIVATE_SPACE))


@pytest.mark.parametrize("repo_type,repo_id,token", REPOS, ids=REPO_IDS)
def test_info_files_metadata(both, repo_type, repo_id, token):
    py, r = both.same(INFO[repo_type], repo_id=repo_id, files_metadata=True, **_kw(token))
    assert r["siblings"], "siblings expected"
    for s in r["siblings"]:
        assert s["size"] is not None and s["blob_id"], s
        if s["rfilename"].endswith(".safetensors"):
            assert s["lfs"] and len(s["lfs"]["sha256"]) == 64 and s["lfs"]["size"] == s["size"], s


@pytest.mark.parametrize("repo_type,repo_id,token", REPOS, ids=REPO_IDS)
def test_repo_info(both, repo_type, repo_id, token):
    py, r = both.same("repo_info", repo_id=repo_id, repo_type=repo_type, **_kw(token))
    assert type(py).__name__ == {"model": "ModelInfo", "dataset": "DatasetInfo", "space": "SpaceInfo"}[repo_type]


def test_repo_info_default_type_is_model(both):
    both.same("repo_info", repo_id=MODEL)


@pytest.mark.parametrize("revision", ["main", "dev", "v1.0", "refs/pr/1", "<commit>"])
def test_model_info_revision(both, rs, revision):
    if revision == "<commit>":
        revision = _refs(rs, MODEL)["tags"][0]["target_commit"]
    py, r = both.same("model_info", repo_id=MODEL, revision=revision)
    refs = _refs(rs, MODEL)
    expected = {
        "main": refs["branches"][0]["target_commit"],
        "dev": next(b["target_commit"] for b in refs["branches"] if b["name"] == "dev"),
        "v1.0": refs["tags"][0]["target_commit"],
        "refs/pr/1": refs["pull_requests"][0]["target_commit"],
    }.get(revision, revision)
    assert r["sha"] == expected


@pytest.mark.parametrize("revision", ["v1.0", "refs/pr/1", "refs/convert/parquet"])
def test_dataset_info_revision(both, revision):
    both.same("dataset_info", repo_id=DATASET, revision=revision, files_metadata=True)


def test_model_info_files_metadata_at_pr(both):
    py, r = both.same("model_info", repo_id=MODEL, revision="refs/pr/1", files_metadata=True)
    assert "pytorch_model.bin" in [s["rfilename"] for s in r["siblings"]]


@pytest.mark.parametrize("repo_id", [MODEL, SHARDED_MODEL, GATED_MODEL])
def test_model_info_security_status(both, repo_id):
    py, r = both.same("model_info", repo_id=repo_id, securityStatus=True)
    # 0.22-era servers answer `securityStatus` (kept as an extra attribute by Python).
    assert r.get("securityStatus") is not None or r.get("securityRepoStatus") is not None


def test_model_info_security_status_and_files_metadata_at_pr(both):
    # The combination captured in hub-endpoints §6.1.
    both.same("model_info", repo_id=MODEL, revision="refs/pr/1", securityStatus=True, files_metadata=True)


def test_model_info_safetensors_and_card(both):
    py, r = both.same("model_info", repo_id=SHARDED_MODEL)
    assert r["safetensors"]["total"] == 16 * 8 + 8 * 8 + 8 * 8 + 16 * 8  # parameters, not bytes
    assert r["safetensors"]["parameters"] == {"F32": 16 * 8 + 8 * 8 + 16 * 8, "BF16": 8 * 8}
    py, r = both.same("model_info", repo_id=MODEL)
    assert r["card_data"]["license"] == "mit"
    assert r["transformers_info"]["auto_model"] == "AutoModelForCausalLM"


@pytest.mark.parametrize("repo_id,token", [(SPACE, None), (PRIVATE_SPACE, ALICE_READ_TOKEN)])
def test_space_runtime_shape(both, repo_id, token):
    py, r = both.same("space_info", repo_id=repo_id, **_kw(token))
    newer = tuple(p.split(".", 1)[1] for p in newer_runtime_fields())
    assert_same(py.runtime, r["runtime"], ignore=newer)


@pytest.mark.parametrize("repo_id,token", [(SPACE, None), (PRIVATE_SPACE, ALICE_READ_TOKEN)])
def test_space_runtime_fields(both, repo_id, token):
    """Python's SpaceRuntime fields, one by one (hardware is `hardware.current`)."""
    py, r = both.same("space_info", repo_id=repo_id, **_kw(token))
    for field in ("stage", "hardware", "requested_hardware", "sleep_time", "storage", "raw"):
        assert getattr(py.runtime, field) == r["runtime"][field], field


# --- existence ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "repo_id,repo_type,token,expected",
    [
        (MODEL, None, None, True),
        (MODEL, "model", ALICE_READ_TOKEN, True),
        (DATASET, "dataset", None, True),
        (SPACE, "space", None, True),
        (MODEL, "dataset", None, False),  # wrong type
        (PRIVATE_MODEL, None, None, False),
        (PRIVATE_MODEL, None, ALICE_READ_TOKEN, True),
        (PRIVATE_MODEL, None, CAROL_READ_TOKEN, False),
        (PRIVATE_DATASET, "dataset", BOB_READ_TOKEN, True),
        (PRIVATE_SPACE, "space", None, False),
        (GATED_MODEL, None, None, True),  # gated repos exist
        (GATED_DATASET, "dataset", CAROL_READ_TOKEN, True),
        ("alice/no-such-repo", None, None, False),
        ("nobody/no-such-repo", "space", ALICE_READ_TOKEN, False),
    ],
)
def test_repo_exists(both, repo_id, repo_type, token, expected):
    kw = {"repo_id": repo_id, **_kw(token)}
    if repo_type:
        kw["repo_type"] = repo_type
    py, r = both.same("repo_exists", **kw)
    assert py is r is expected


def test_repo_exists_disabled_repo_raises(both):
    # repo_exists only swallows RepoNotFound (and GatedRepo): a disabled repo propagates.
    both.same_error("repo_exists", "DisabledRepo", repo_id=DISABLED_MODEL)


@pytest.mark.parametrize(
    "repo_id,revision,repo_type,token,expected",
    [
        (MODEL, "main", None, None, True),
        (MODEL, "dev", None, None, True),
        (MODEL, "v1.0", None, None, True),
        (MODEL, "refs/pr/1", None, None, True),
        (MODEL, "refs/pr/2", None, None, False),
        (MODEL, "no-such-branch", None, None, False),
        (MODEL, "0" * 40, None, None, False),
        (DATASET, "refs/convert/parquet", "dataset", None, True),
        (SPACE, "main", "space", None, True),
        (PRIVATE_MODEL, "main", None, None, False),
        (PRIVATE_MODEL, "main", None, ALICE_READ_TOKEN, True),
        ("alice/no-such-repo", "main", None, None, False),
    ],
)
def test_revision_exists(both, repo_id, revision, repo_type, token, expected):
    kw = {"repo_id": repo_id, "revision": revision, **_kw(token)}
    if repo_type:
        kw["repo_type"] = repo_type
    py, r = both.same("revision_exists", **kw)
    assert py is r is expected


@pytest.mark.parametrize(
    "kw,expected",
    [
        ({"repo_id": MODEL, "filename": "config.json"}, True),
        ({"repo_id": MODEL, "filename": "model.safetensors"}, True),  # LFS: 302 to the CDN
        ({"repo_id": MODEL, "filename": "onnx/sub dir/notes.txt"}, True),
        ({"repo_id": MODEL, "filename": "special/a b#c.txt"}, True),
        ({"repo_id": MODEL, "filename": "empty.txt"}, True),
        ({"repo_id": MODEL, "filename": "missing.txt"}, False),
        ({"repo_id": MODEL, "filename": "onnx"}, False),  # a folder is not a file
        ({"repo_id": MODEL, "filename": "dev-notes.md"}, False),
        ({"repo_id": MODEL, "filename": "dev-notes.md", "revision": "dev"}, True),
        ({"repo_id": MODEL, "filename": "pytorch_model.bin", "revision": "refs/pr/1"}, True),
        ({"repo_id": MODEL, "filename": "config.json", "revision": "no-such-rev"}, False),
        ({"repo_id": DATASET, "filename": "data/train.csv", "repo_type": "dataset"}, True),
        ({"repo_id": DATASET, "filename": "default/train/0000.parquet", "repo_type": "dataset",
          "revision": "refs/convert/parquet"}, True),
        ({"repo_id": SPACE, "filename": "app.py", "repo_type": "space"}, True),
        ({"repo_id": SPACE, "filename": "app.py"}, False),  # wrong type
        ({"repo_id": PRIVATE_MODEL, "filename": "config.json"}, False),
        ({"repo_id": PRIVATE_MODEL, "filename": "config.json", "token": ALICE_READ_TOKEN}, True),
        ({"repo_id": PRIVATE_MODEL, "filename": "config.json", "token": CAROL_READ_TOKEN}, False),
        ({"repo_id": GATED_MODEL, "filename": "config.json", "token": CAROL_READ_TOKEN}, True),
        ({"repo_id": GATED_DATASET, "filename": "data/train.csv", "repo_type": "dataset",
          "token": BOB_READ_TOKEN}, True),
        ({"repo_id": "alice/no-such-repo", "filename": "config.json"}, False),
    ],
)
def test_file_exists(both, kw, expected):
    py, r = both.same("file_exists", **kw)
    assert py is r is expected


@pytest.mark.parametrize(
    "kw",
    [
        {"repo_id": GATED_MODEL, "filename": "config.json"},
        {"repo_id": GATED_MODEL, "filename": "config.json", "token": BOB_READ_TOKEN},
        {"repo_id": GATED_DATASET, "filename": "data/train.csv", "repo_type": "dataset"},
        {"repo_id": GATED_DATASET, "filename": "data/train.csv", "repo_type": "dataset",
         "token": CAROL_READ_TOKEN},
    ],
)
def test_file_exists_gated_raises(both, kw):
    both.same_error("file_exists", "GatedRepo", **kw)


# --- hf_hub_url / get_hf_file_metadata ------------------------------------------------------------

URL_CASES = [
    {"repo_id": MODEL, "filename": "config.json"},
    {"repo_id": MODEL, "filename": "model.safetensors", "revision": "v1.0"},
    {"repo_id": MODEL, "filename": "notes.txt", "subfolder": "onnx/sub dir"},
    {"repo_id": MODEL, "filename": "a b#c.txt", "subfolder": "special"},
    {"repo_id": MODEL, "filename": "config.json", "subfolder": ""},
    {"repo_id": MODEL, "filename": "pytorch_model.bin", "revision": "refs/pr/1"},
    {"repo_id": DATASET, "filename": "data/train.csv", "repo_type": "dataset"},
    {"repo_id": DATASET, "filename": "default/train/0000.parquet", "repo_type": "dataset",
     "revision": "refs/convert/parquet"},
    {"repo_id": SPACE, "filename": "app.py", "repo_type": "space", "revision": "main"},
    {"repo_id": MODEL, "filename": "x?y=1&z%.txt", "revision": "my branch#1"},
]


@pytest.mark.parametrize("kw", URL_CASES, ids=case_id)
def test_hf_hub_url(both, hf, hub, kw):
    py, r = both.same("hf_hub_url", py_call=lambda: hf.hf_hub_url(**kw), **kw)
    assert r.startswith(hub.url + "/")


META_CASES = [
    ({"repo_id": MODEL, "filename": "config.json"}, None),  # regular file: ETag = git blob sha1
    ({"repo_id": MODEL, "filename": "model.safetensors"}, None),  # LFS: X-Linked-Etag/-Size, CDN Location
    ({"repo_id": MODEL, "filename": "weights/big.bin"}, None),
    ({"repo_id": MODEL, "filename": "empty.txt"}, None),
    ({"repo_id": MODEL, "filename": "a b#c.txt", "subfolder": "special"}, None),
    ({"repo_id": MODEL, "filename": "config.json", "revision": "dev"}, None),
    ({"repo_id": MODEL, "filename": "pytorch_model.bin", "revision": "refs/pr/1"}, None),
    ({"repo_id": MODEL, "filename": "config.json", "revision": "v1.0"}, None),
    ({"repo_id": DATASET, "filename": "data/train.parquet", "repo_type": "dataset"}, None),
    ({"repo_id": SPACE, "filename": "app.py", "repo_type": "space"}, None),
    ({"repo_id": PRIVATE_MODEL, "filename": "config.json"}, ALICE_READ_TOKEN),
    ({"repo_id": GATED_MODEL, "filename": "model.safetensors"}, CAROL_READ_TOKEN),
]


@pytest.mark.parametrize("kw,token", META_CASES, ids=[case_id(k) for k, _ in META_CASES])
def test_get_hf_file_metadata(both, hf, rs, kw, token):
    url = rs.hf_hub_url(**kw)
    assert url == hf.hf_hub_url(**kw)
    py, r = both.same(
        "get_hf_file_metadata",
        py_call=lambda: hf.get_hf_file_metadata(url, token=token),
        url=url,
        token=token,
    )
    # hubsim data sanity: commit of the revision, size of the file, etag as documented.
    assert r["commit_hash"] and len(r["commit_hash"]) == 40
    assert r["size"] is not None
    tree = rs.get_paths_info(
        repo_id=kw["repo_id"],
        paths=[f"{kw['subfolder']}/{kw['filename']}" if kw.get("subfolder") else kw["filename"]],
        revision=kw.get("revision"),
        repo_type=kw.get("repo_type"),
        token=token,
    )
    assert len(tree) == 1
    entry = tree[0]
    assert r["size"] == entry["size"]
    if entry.get("lfs"):
        assert r["etag"] == entry["lfs"]["sha256"]
        assert r["location"] != url  # redirected to the storage host
    else:
        assert r["etag"] == entry["blob_id"]
        assert r["location"] == url


@pytest.mark.parametrize(
    "kw,token,kind",
    [
        ({"repo_id": MODEL, "filename": "missing.txt"}, None, "EntryNotFound"),
        ({"repo_id": MODEL, "filename": "config.json", "revision": "no-such-rev"}, None, "RevisionNotFound"),
        ({"repo_id": PRIVATE_MODEL, "filename": "config.json"}, None, "RepoNotFound"),
        ({"repo_id": PRIVATE_MODEL, "filename": "config.json"}, CAROL_READ_TOKEN, "RepoNotFound"),
        ({"repo_id": GATED_MODEL, "filename": "config.json"}, None, "GatedRepo"),
        ({"repo_id": GATED_MODEL, "filename": "config.json"}, BOB_READ_TOKEN, "GatedRepo"),
        ({"repo_id": "alice/no-such-repo", "filename": "config.json"}, None, "RepoNotFound"),
    ],
)
def test_get_hf_file_metadata_errors(both, hf, rs, kw, token, kind):
    url = rs.hf_hub_url(**kw)
    both.same_error(
        "get_hf_file_metadata",
        kind,
        py_call=lambda: hf.get_hf_file_metadata(url, token=token),
        url=url,
        token=token,
    )


# --- list_repo_files / list_repo_tree / get_paths_info ---------------------------------------------

FILES_CASES = [
    {"repo_id": MODEL},
    {"repo_id": MODEL, "revision": "dev"},
    {"repo_id": MODEL, "revision": "v1.0"},
    {"repo_id": MODEL, "revision": "refs/pr/1"},
    {"repo_id": SHARDED_MODEL},
    {"repo_id": DATASET, "repo_type": "dataset"},
    {"repo_id": DATASET, "repo_type": "dataset", "revision": "refs/convert/parquet"},
    {"repo_id": SPACE, "repo_type": "space"},
    {"repo_id": PRIVATE_MODEL, "token": ALICE_READ_TOKEN},
    {"repo_id": PRIVATE_DATASET, "repo_type": "dataset", "token": BOB_READ_TOKEN},
    {"repo_id": GATED_MODEL},
]


@pytest.mark.parametrize("kw", FILES_CASES, ids=case_id)
def test_list_repo_files(both, rs, kw):
    py, r = both.same("list_repo_files", **kw)
    # Files only (no folders), the same set as the info's siblings.
    info = rs.repo_info(**kw)
    assert sorted(r) == sorted(s["rfilename"] for s in info["siblings"])


@pytest.mark.parametrize("kw", FILES_CASES[:8], ids=case_id)
def test_list_repo_files_paged(both_paged, kw):
    py, r = both_paged.same("list_repo_files", **kw)
    assert len(r) >= 2


TREE_CASES = [
    {"repo_id": MODEL},
    {"repo_id": MODEL, "recursive": True},
    {"repo_id": MODEL, "path_in_repo": "onnx"},
    {"repo_id": MODEL, "path_in_repo": "onnx/sub dir"},
    {"repo_id": MODEL, "path_in_repo": "onnx", "recursive": True},
    {"repo_id": MODEL, "revision": "dev"},
    {"repo_id": MODEL, "revision": "refs/pr/1", "recursive": True},
    {"repo_id": DATASET, "repo_type": "dataset", "path_in_repo": "data"},
    {"repo_id": DATASET, "repo_type": "dataset", "revision": "refs/convert/parquet", "recursive": True},
    {"repo_id": SPACE, "repo_type": "space"},
    {"repo_id": PRIVATE_MODEL, "token": ALICE_READ_TOKEN},
]


@pytest.mark.parametrize("kw", TREE_CASES, ids=case_id)
def test_list_repo_tree(both, kw):
    py, r = both.same("list_repo_tree", **kw)
    assert r, "empty tree"
    for e in r:
        assert e["type"] in ("file", "directory")
        assert e["last_commit"] is None  # only with expand


@pytest.mark.parametrize("kw", TREE_CASES, ids=case_id)
def test_list_repo_tree_expand(both, kw):
    kw = {**kw, "expand": True}
    py, r = both.same("list_repo_tree", ignore=NEWER_SECURITY_FIELDS, **kw)
    for e in r:
        assert e["last_commit"] and len(e["last_commit"]["oid"]) == 40, e
        if e["type"] == "file":
            assert e["security"] is not None, e


@pytest.mark.parametrize("kw", [TREE_CASES[1], TREE_CASES[4], TREE_CASES[8]], ids=case_id)
def test_list_repo_tree_paged(both_paged, kw):
    py, r = both_paged.same("list_repo_tree", **kw)
    assert len(r) > 2


@pytest.mark.parametrize("kw", [TREE_CASES[1], TREE_CASES[4], TREE_CASES[8]], ids=case_id)
def test_list_repo_tree_expand_paged(both_paged, kw):
    py, r = both_paged.same("list_repo_tree", ignore=NEWER_SECURITY_FIELDS, **{**kw, "expand": True})
    assert len(r) > 2


@pytest.mark.parametrize(
    "kw,kind",
    [
        ({"repo_id": MODEL, "path_in_repo": "no-such-folder"}, "EntryNotFound"),
        ({"repo_id": MODEL, "revision": "no-such-rev"}, "RevisionNotFound"),
        ({"repo_id": PRIVATE_MODEL}, "RepoNotFound"),
        ({"repo_id": "alice/no-such-repo", "token": ALICE_READ_TOKEN}, "RepoNotFound"),
    ],
)
def test_list_repo_tree_errors(both, kw, kind):
    both.same_error("list_repo_tree", kind, **kw)


PATHS_CASES = [
    {"repo_id": MODEL, "paths": ["config.json", "onnx", "model.safetensors", "missing.txt"]},
    {"repo_id": MODEL, "paths": "special/a b#c.txt"},
    {"repo_id": MODEL, "paths": ["onnx/sub dir", "onnx/sub dir/notes.txt", "weights/big.bin"], "revision": "dev"},
    {"repo_id": MODEL, "paths": ["config.json", "weights/big.bin"], "revision": "v1.0"},
    {"repo_id": MODEL, "paths": ["pytorch_model.bin", "README.md"], "revision": "refs/pr/1"},
    {"repo_id": MODEL, "paths": []},
    {"repo_id": DATASET, "paths": ["data", "data/train.csv", "README.md"], "repo_type": "dataset"},
    {"repo_id": SPACE, "paths": ["app.py"], "repo_type": "space"},
    {"repo_id": PRIVATE_MODEL, "paths": ["config.json"], "token": ALICE_READ_TOKEN},
]


@pytest.mark.parametrize(
    "kw,expand",
    [pytest.param(kw, False, id=case_id(kw)) for kw in PATHS_CASES]
    + [
        pytest.param(kw, True, id=case_id(kw) + "-expand")
        for kw in PATHS_CASES
    ],
)
def test_get_paths_info(both, kw, expand):
    kw = {**kw, "expand": expand}
    py, r = both.same("get_paths_info", ignore=NEWER_SECURITY_FIELDS, **kw)
    asked = [kw["paths"]] if isinstance(kw["paths"], str) else kw["paths"]
    assert {e["path"] for e in r} <= set(asked)
    assert "missing.txt" not in {e["path"] for e in r}
    if asked:
        assert r, "none of the paths found"
    if kw.get("revision") == "v1.0":
        assert [e["path"] for e in r] == ["config.json"]  # big.bin came later


def test_get_paths_info_errors(both):
    both.same_error("get_paths_info", "RevisionNotFound", repo_id=MODEL, paths=["config.json"], revision="nope")
    both.same_error("get_paths_info", "RepoNotFound", repo_id=PRIVATE_MODEL, paths=["config.json"])


# --- refs and commits ------------------------------------------------------------------------------

REF_REPOS = [
    (MODEL, "model", None),
    (DATASET, "dataset", None),
    (SPACE, "space", None),
    (PRIVATE_MODEL, "model", ALICE_READ_TOKEN),
]


@pytest.mark.parametrize("include_pull_requests", [False, True])
@pytest.mark.parametrize("repo_id,repo_type,token", REF_REPOS)
def test_list_repo_refs(both, repo_id, repo_type, token, include_pull_requests):
    py, r = both.same(
        "list_repo_refs",
        repo_id=repo_id,
        repo_type=repo_type,
        include_pull_requests=include_pull_requests,
        unordered=("branches", "tags", "converts", "pull_requests"),
        **_kw(token),
    )
    if include_pull_requests:
        assert r["pull_requests"] is not None
    else:
        assert r["pull_requests"] is None and py.pull_requests is None
    if repo_id == DATASET:
        assert [c["ref"] for c in r["converts"]] == ["refs/convert/parquet"]


COMMIT_CASES = [
    {"repo_id": MODEL},
    {"repo_id": MODEL, "revision": "dev"},
    {"repo_id": MODEL, "revision": "v1.0"},
    {"repo_id": MODEL, "revision": "refs/pr/1"},
    {"repo_id": DATASET, "repo_type": "dataset"},
    {"repo_id": DATASET, "repo_type": "dataset", "revision": "refs/convert/parquet"},
    {"repo_id": SPACE, "repo_type": "space"},
    {"repo_id": PRIVATE_MODEL, "token": ALICE_READ_TOKEN},
]


@pytest.mark.parametrize("formatted", [False, True])
@pytest.mark.parametrize("kw", COMMIT_CASES, ids=case_id)
def test_list_repo_commits(both, kw, formatted):
    py, r = both.same("list_repo_commits", formatted=formatted, **kw)
    assert r, "no commits"
    for c in r:
        assert len(c["commit_id"]) == 40 and c["authors"] and c["created_at"]
        if formatted:
            assert c["formatted_title"] is not None
        else:
            assert c["formatted_title"] is None and c["formatted_message"] is None
    # newest first
    dates = [normalize(c["created_at"]) for c in r]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("kw", COMMIT_CASES[:4], ids=case_id)
def test_list_repo_commits_paged(both_paged, kw):
    py, r = both_paged.same("list_repo_commits", formatted=True, **kw)
    assert len(r) > 2 or kw.get("revision") == "v1.0"


def test_list_repo_commits_errors(both):
    both.same_error("list_repo_commits", "RevisionNotFound", repo_id=MODEL, revision="no-such-rev")
    both.same_error("list_repo_commits", "RepoNotFound", repo_id=PRIVATE_MODEL)
    both.same_error("list_repo_refs", "RepoNotFound", repo_id="alice/no-such-repo")
