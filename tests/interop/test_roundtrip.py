"""The round trip: hfhub uploads a folder, then hfhub and huggingface_hub each download it.

hfhub's ``upload_folder`` sends a tree of small text files, an empty file, small binary
files (LFS by their content) and a file of more than 200 MiB (LFS, sent as a multipart
upload: this module's hubsim offers multipart above 64 MiB). hfhub's ``snapshot_download``
and Python's ``snapshot_download``, each into a fresh cache of its own, must then both
return trees byte-identical to the source (sha256 of every file). hubsim's peak memory
must not grow by anything near the size of the large file: it streams uploads to disk and
downloads from disk. The data is random, written to a temporary folder and removed after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from conftest import ALICE_WRITE_TOKEN, Hfhub, Hubsim

W = ALICE_WRITE_TOKEN
BIG_SIZE = 200 * 1024 * 1024 + 12_345
MULTIPART_CHUNK = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def hub_rt():
    # a data directory of its own, removed after: the uploaded objects are files in it
    data = Path(tempfile.mkdtemp(prefix="hfhub-interop-roundtrip-hub-"))
    sim = Hubsim("roundtrip", "--data", str(data), "--multipart-chunk-size", str(MULTIPART_CHUNK))
    yield sim
    sim.stop()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def api(hf, hub_rt):
    return hf.HfApi(endpoint=hub_rt.url, token=W)


@pytest.fixture(scope="module")
def rs(hub_rt):
    client = Hfhub(hub_rt.url, "roundtrip")
    yield client
    client.stop()


@pytest.fixture(scope="module")
def source():
    """The tree to upload: {relative path: sha256}, written under a temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="hfhub-interop-roundtrip-"))
    small = {
        "README.md": b"---\nlicense: mit\ntags:\n- round-trip\n---\n# Round trip\n",
        "config.json": b'{"hidden_size": 8, "name": "caf\xc3\xa9"}\n',
        "empty.txt": b"",
        "docs/notes.txt": "lignes\nd\u00e9j\u00e0 vues\n".encode() * 50,
        "docs/deep/er/leaf.md": b"# leaf\n",
        "data/zeros.bin": b"\x00" * 4096,
        "data/random.bin": os.urandom(300_000),
        "data/tiny.bin": b"\x01\x00\x02",
    }
    for rel, data in small.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    big = root / "weights" / "model.safetensors"
    big.parent.mkdir(parents=True, exist_ok=True)
    with open(big, "wb") as f:
        left = BIG_SIZE
        while left:
            n = min(left, 8 * 1024 * 1024)
            f.write(os.urandom(n))
            left -= n
    yield root, tree_hashes(root)
    shutil.rmtree(root, ignore_errors=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(4 * 1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


def tree_hashes(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under root (symlinks followed, as in a cache snapshot)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = sha256_file(p)
    return out


def vm_hwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def test_upload_folder_then_both_snapshot_downloads_are_identical(hf, api, rs, hub_rt, source, tmp_path):
    root, want = source
    assert (root / "weights" / "model.safetensors").stat().st_size >= 200 * 1024 * 1024
    repo = f"alice/roundtrip-{uuid.uuid4().hex[:8]}"
    api.create_repo(repo)
    initial = set(api.list_repo_files(repo))  # e.g. .gitattributes, made by create_repo
    hwm_before = vm_hwm_kib(hub_rt.proc.pid)
    hub_rt.clear_requests()

    out = rs.upload_folder(repo_id=repo, folder_path=str(root), commit_message="round trip", token=W)
    assert len(out["oid"]) == 40
    # the big file went up in parts, the small binaries in one PUT each
    puts = [r["path"] for r in hub_rt.requests() if r["method"] == "PUT"]
    parts = [p for p in puts if p.startswith("/_cdn/upload-part/")]
    assert len(parts) == -(-BIG_SIZE // MULTIPART_CHUNK), puts
    assert len([p for p in puts if p.startswith("/_cdn/upload/")]) == 3, puts

    # what the Hub holds: every file, the big one and the binaries as LFS, the empty one not
    entries = {
        e.path: e
        for e in api.list_repo_tree(repo, recursive=True)
        if hasattr(e, "blob_id")
    }
    assert set(entries) == set(want) | initial
    big = entries["weights/model.safetensors"]
    assert big.size == BIG_SIZE
    assert big.lfs is not None
    big_sha = big.lfs.sha256 if hasattr(big.lfs, "sha256") else big.lfs["sha256"]
    assert big_sha == want["weights/model.safetensors"]
    for rel in ("data/random.bin", "data/tiny.bin", "data/zeros.bin"):
        assert entries[rel].lfs is not None, rel
    for rel in ("empty.txt", "README.md", "docs/notes.txt"):
        assert entries[rel].lfs is None, rel
    assert entries["empty.txt"].size == 0

    # hfhub's snapshot_download into a fresh cache
    rs_cache = tmp_path / "rs-cache"
    rs_snap = Path(rs.snapshot_download(repo_id=repo, cache_dir=str(rs_cache)))
    assert rs_snap.is_dir() and rs_snap.is_relative_to(rs_cache)
    rs_tree = tree_hashes(rs_snap)

    # Python's snapshot_download into another fresh cache
    py_cache = tmp_path / "py-cache"
    py_snap = Path(hf.snapshot_download(repo, cache_dir=py_cache, token=W, endpoint=hub_rt.url))
    assert py_snap.is_dir() and py_snap.is_relative_to(py_cache)
    py_tree = tree_hashes(py_snap)

    # both equal the source, file for file and byte for byte (plus the repo's initial files)
    assert {k: v for k, v in rs_tree.items() if k not in initial} == want
    assert {k: v for k, v in py_tree.items() if k not in initial} == want
    assert rs_tree == py_tree
    assert set(rs_tree) == set(want) | initial

    # hubsim streamed the large file in and out: its peak memory did not follow its size
    hwm_after = vm_hwm_kib(hub_rt.proc.pid)
    if sys.platform.startswith("linux") and hwm_before is not None and hwm_after is not None:
        grown_mib = (hwm_after - hwm_before) // 1024
        assert grown_mib < 64, f"hubsim's peak RSS grew by {grown_mib} MiB"
