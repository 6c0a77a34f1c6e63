"""Uploads and commits: huggingface_hub and hfhub make the same commits on hubsim.

Each change is made twice, once by each client on a twin repository (``…-py-…`` for Python,
``…-rs-…`` for hfhub); the twins' trees (paths, sizes, git blob ids, LFS sha256) and commit
titles, read back through huggingface_hub, must then be equal. This module runs its own
hubsim.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest

from conftest import ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, Hfhub, Hubsim, HfhubError

W = ALICE_WRITE_TOKEN


@pytest.fixture(scope="module")
def hub_u():
    sim = Hubsim("upload")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def api(hf, hub_u):
    return hf.HfApi(endpoint=hub_u.url, token=W)


@pytest.fixture(scope="module")
def rs(hub_u):
    client = Hfhub(hub_u.url, "upload")
    yield client
    client.stop()


def twins(api, base: str) -> tuple[str, str]:
    n = uuid.uuid4().hex[:8]
    py, rs = f"alice/{base}-py-{n}", f"alice/{base}-rs-{n}"
    api.create_repo(py)
    api.create_repo(rs)
    return py, rs


def tree(api, repo_id: str, revision: str | None = None) -> list[tuple]:
    out = []
    for e in api.list_repo_tree(repo_id, recursive=True, revision=revision):
        if hasattr(e, "blob_id"):
            lfs = e.lfs
            sha = (lfs.sha256 if hasattr(lfs, "sha256") else lfs["sha256"]) if lfs else None
            out.append((e.path, e.size, e.blob_id, sha))
    return sorted(out)


def titles(api, repo_id: str, revision: str | None = None) -> list[str]:
    return [c.title for c in api.list_repo_commits(repo_id, revision=revision)]


@pytest.fixture(scope="module")
def folder():
    d = Path(tempfile.mkdtemp(prefix="hfhub-interop-upload-"))
    files = {
        "README.md": b"# twin\n",
        "config.json": b'{"a": 1}\n',
        "empty.txt": b"",
        "data/blob.dat": bytes(range(256)) * 8,
        "weights/model.bin": os.urandom(1_200_000),
        "notes/caf\u00e9.txt": "d\u00e9j\u00e0 vu\n".encode(),
        "logs/run.tmp": b"ignored\n",
        ".git/config": b"[core]\n",
    }
    for rel, data in files.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return d


def test_upload_folder_same_state(api, rs, folder):
    py, rsid = twins(api, "folder")
    api.upload_folder(repo_id=py, folder_path=str(folder), ignore_patterns=["*.tmp"])
    out = rs.upload_folder(repo_id=rsid, folder_path=str(folder), ignore_patterns=["*.tmp"], token=W)
    assert len(out["oid"]) == 40
    assert tree(api, py) == tree(api, rsid)
    assert titles(api, py) == titles(api, rsid)
    paths = [t[0] for t in tree(api, rsid)]
    assert ".git/config" not in paths and "logs/run.tmp" not in paths
    assert "weights/model.bin" in paths


def test_upload_file_delete_file_delete_folder(api, rs):
    py, rsid = twins(api, "files")
    for repo, call in ((py, None), (rsid, rs)):
        if call is None:
            api.upload_file(path_or_fileobj=b"hello", path_in_repo="docs/hello.txt", repo_id=repo)
            api.upload_file(path_or_fileobj=b"\x00" * 64, path_in_repo="docs/w.bin", repo_id=repo,
                            commit_message="weights", commit_description="desc")
            api.delete_file("docs/hello.txt", repo_id=repo)
            api.upload_file(path_or_fileobj=b"x", path_in_repo="tmp/x.txt", repo_id=repo)
            api.delete_folder("tmp", repo_id=repo)
        else:
            call.upload_file(content_base64="aGVsbG8=", path_in_repo="docs/hello.txt", repo_id=repo, token=W)
            call.upload_file(content_base64="AAAA" * 21 + "AA==", path_in_repo="docs/w.bin", repo_id=repo,
                             commit_message="weights", commit_description="desc", token=W)
            call.delete_file(path_in_repo="docs/hello.txt", repo_id=repo, token=W)
            call.upload_file(content_base64="eA==", path_in_repo="tmp/x.txt", repo_id=repo, token=W)
            call.delete_folder(path_in_repo="tmp", repo_id=repo, token=W)
    assert tree(api, py) == tree(api, rsid)
    assert titles(api, py) == titles(api, rsid)


def test_create_commit_with_pr_and_copy(hf, api, rs):
    py, rsid = twins(api, "commit")
    for repo in (py, rsid):
        api.upload_file(path_or_fileobj=b"\x01\x00" * 100, path_in_repo="a.bin", repo_id=repo)
        api.upload_file(path_or_fileobj=b"text\n", path_in_repo="a.txt", repo_id=repo)
    ops = [
        hf.CommitOperationCopy(src_path_in_repo="a.bin", path_in_repo="b.bin"),
        hf.CommitOperationCopy(src_path_in_repo="a.txt", path_in_repo="b.txt"),
        hf.CommitOperationDelete(path_in_repo="a.txt"),
        hf.CommitOperationAdd(path_in_repo="new.txt", path_or_fileobj=b"new\n"),
    ]
    pinfo = api.create_commit(py, ops, commit_message="mix", create_pr=True)
    rinfo = rs.create_commit(
        repo_id=rsid,
        commit_message="mix",
        create_pr=True,
        operations=[
            {"operation": "copy", "src_path_in_repo": "a.bin", "path_in_repo": "b.bin"},
            {"operation": "copy", "src_path_in_repo": "a.txt", "path_in_repo": "b.txt"},
            {"operation": "delete", "path_in_repo": "a.txt"},
            {"operation": "add", "path_in_repo": "new.txt", "content_base64": "bmV3Cg=="},
        ],
        token=W,
    )
    assert rinfo["pr_num"] == pinfo.pr_num
    assert rinfo["pr_revision"] == pinfo.pr_revision
    assert rinfo["pr_url"].replace(rsid, py) == pinfo.pr_url
    assert tree(api, py, pinfo.pr_revision) == tree(api, rsid, rinfo["pr_revision"])
    assert tree(api, py) == tree(api, rsid)  # main untouched


def test_errors_match(hf, api, rs):
    py, rsid = twins(api, "errors")
    head = api.list_repo_commits(py)[0].commit_id
    api.upload_file(path_or_fileobj=b"1", path_in_repo="1.txt", repo_id=py)
    api.upload_file(path_or_fileobj=b"1", path_in_repo="1.txt", repo_id=rsid)
    rs_head = api.list_repo_commits(rsid)[1].commit_id
    with pytest.raises(Exception) as e:
        api.upload_file(path_or_fileobj=b"2", path_in_repo="2.txt", repo_id=py, parent_commit=head)
    assert e.value.response.status_code == 412
    with pytest.raises(HfhubError) as r:
        rs.upload_file(content_base64="Mg==", path_in_repo="2.txt", repo_id=rsid, parent_commit=rs_head, token=W)
    assert r.value.status == 412
    with pytest.raises(HfhubError) as r:
        rs.upload_file(content_base64="Mg==", path_in_repo="2.txt", repo_id=rsid, token=ALICE_READ_TOKEN)
    assert r.value.status == 403
    assert tree(api, py) == tree(api, rsid)


def test_multipart_uploads(hf):
    """Both clients upload through hubsim's multipart transfer (1 MiB parts)."""
    sim = Hubsim("upload-multipart", "--multipart-chunk-size", "1048576")
    client = Hfhub(sim.url, "upload-multipart")
    try:
        api = hf.HfApi(endpoint=sim.url, token=W)
        py, rsid = twins(api, "multipart")
        d = Path(tempfile.mkdtemp(prefix="hfhub-interop-mp-"))
        (d / "big.bin").write_bytes(os.urandom(2_600_000))
        sim.clear_requests()
        api.upload_file(path_or_fileobj=str(d / "big.bin"), path_in_repo="big.bin", repo_id=py)
        client.upload_file(path_or_fileobj=str(d / "big.bin"), path_in_repo="big.bin", repo_id=rsid, token=W)
        reqs = sim.requests()
        parts = [r for r in reqs if r["path"].startswith("/_cdn/upload-part/")]
        completions = [r for r in reqs if r["path"] == "/api/complete_multipart"]
        # the second client finds the object stored: only one multipart upload
        assert len(parts) == 3 and len(completions) == 1, [r["path"] for r in reqs]
        assert tree(api, py) == tree(api, rsid)
        got = Path(hf.hf_hub_download(rsid, "big.bin", token=W, cache_dir=tempfile.mkdtemp(), endpoint=sim.url)).read_bytes()
        assert got == (d / "big.bin").read_bytes()
        # hfhub alone: a fresh object through multipart
        (d / "big2.bin").write_bytes(os.urandom(1_500_000))
        sim.clear_requests()
        client.upload_file(path_or_fileobj=str(d / "big2.bin"), path_in_repo="big2.bin", repo_id=rsid, token=W)
        parts = [r for r in sim.requests() if r["path"].startswith("/_cdn/upload-part/")]
        assert len(parts) == 2
        got = Path(hf.hf_hub_download(rsid, "big2.bin", token=W, cache_dir=tempfile.mkdtemp(), endpoint=sim.url)).read_bytes()
        assert got == (d / "big2.bin").read_bytes()
    finally:
        client.stop()
        sim.stop()
