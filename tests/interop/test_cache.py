"""The cache shared with Python, both ways (issue 3).

hfhub → Python: a snapshot (or single files) that hfhub downloads into a cache folder
is found by Python's ``hf_hub_download(..., local_files_only=True)`` and
``try_to_load_from_cache``, with the same bytes, and Python's ``scan_cache_dir``
reports the same repository, revisions, refs, files and sizes as the Hub lists, with
no warnings (and the same as hfhub's own ``scan_cache_dir``).

Python → hfhub: a snapshot Python downloads is found by hfhub offline, with zero
requests: with ``local_files_only`` against the live hubsim (its request log must
stay empty) and with ``HF_HUB_OFFLINE=1`` against a dead endpoint.

Revisions: a branch (``main``, ``dev``), a tag (``v1.0``) and a commit hash (the
commit of ``dev``). The files of ``alice/tiny-model`` include regular files, LFS files
(``model.safetensors``, ``onnx/model.onnx``, ``weights/big.bin``), nested paths
(``onnx/sub dir/notes.txt``), a name that needs quoting (``special/a b#c.txt``) and an
empty file.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import HFHUB_CALL_BIN, MODEL

REVISIONS = ["main", "dev", "v1.0", "commit"]


@pytest.fixture(scope="module")
def dev_commit(api):
    return api.model_info(MODEL, revision="dev").sha


def _rev(name: str, dev_commit: str) -> str:
    return dev_commit if name == "commit" else name


def _remote_files(api, revision: str) -> tuple[str, dict[str, tuple[int, bool]]]:
    """The commit and {path: (size, is_lfs)} of MODEL at `revision`, as the Hub lists them."""
    info = api.model_info(MODEL, revision=revision, files_metadata=True)
    files = {s.rfilename: (s.size, s.lfs is not None) for s in info.siblings}
    return info.sha, files


def _kinds_covered(files: dict[str, tuple[int, bool]]) -> None:
    assert any(not lfs for _, lfs in files.values()), "no regular file"
    assert any(lfs for _, lfs in files.values()), "no LFS file"


def _py_scan(hf, cache: Path) -> dict:
    """Python's scan_cache_dir, as plain data (paths relative to the snapshot)."""
    info = hf.scan_cache_dir(cache)
    out = {"warnings": [str(w) for w in info.warnings], "repos": {}}
    for repo in info.repos:
        revs = {}
        for rev in repo.revisions:
            revs[rev.commit_hash] = {
                "refs": sorted(rev.refs),
                "size_on_disk": rev.size_on_disk,
                "nb_files": rev.nb_files,
                "files": {
                    str(Path(f.file_path).relative_to(rev.snapshot_path)): {
                        "file_name": f.file_name,
                        "size": f.size_on_disk,
                        "blob": Path(f.blob_path).name,
                    }
                    for f in rev.files
                },
            }
        out["repos"][f"{repo.repo_type}/{repo.repo_id}"] = {
            "size_on_disk": repo.size_on_disk,
            "nb_files": repo.nb_files,
            "refs": {ref: r.commit_hash for ref, r in repo.refs.items()},
            "revisions": revs,
        }
    return out


def _rs_scan(rs, cache: Path) -> dict:
    """hfhub's scan_cache_dir, as the same plain data."""
    info = rs.scan_cache_dir(cache_dir=str(cache))
    out = {"warnings": [str(w) for w in info["warnings"]], "repos": {}}
    for repo in info["repos"]:
        revs = {}
        for rev in repo["revisions"]:
            revs[rev["commit_hash"]] = {
                "refs": sorted(rev["refs"]),
                "size_on_disk": rev["size_on_disk"],
                "nb_files": rev["nb_files"],
                "files": {
                    str(Path(f["file_path"]).relative_to(rev["snapshot_path"])): {
                        "file_name": f["file_name"],
                        "size": f["size_on_disk"],
                        "blob": Path(f["blob_path"]).name,
                    }
                    for f in rev["files"]
                },
            }
        out["repos"][f"{repo['repo_type']}/{repo['repo_id']}"] = {
            "size_on_disk": repo["size_on_disk"],
            "nb_files": repo["nb_files"],
            "refs": dict(repo["refs"]),
            "revisions": revs,
        }
    return out


def _check_scan(scan: dict, expected: dict[str, tuple[str, dict]], refs: dict[str, str]) -> None:
    """`expected`: {commit: (ref or "", {path: (size, lfs)})}; `refs`: {ref: commit}."""
    assert scan["warnings"] == [], scan["warnings"]
    assert list(scan["repos"]) == [f"model/{MODEL}"], list(scan["repos"])
    repo = scan["repos"][f"model/{MODEL}"]
    assert repo["refs"] == refs
    assert set(repo["revisions"]) == set(expected)
    for commit, (_, files) in expected.items():
        rev = repo["revisions"][commit]
        assert rev["refs"] == sorted(r for r, c in refs.items() if c == commit)
        assert {p: f["size"] for p, f in rev["files"].items()} == {p: s for p, (s, _) in files.items()}
        assert all(f["file_name"] == Path(p).name for p, f in rev["files"].items())
        assert rev["nb_files"] == len(files)
    blobs = {f["blob"]: f["size"] for r in repo["revisions"].values() for f in r["files"].values()}
    assert repo["size_on_disk"] == sum(blobs.values())
    assert repo["nb_files"] == len(blobs)


# --- hfhub downloads, Python reads ------------------------------------------------------------
@pytest.mark.parametrize("which", REVISIONS)
def test_hfhub_snapshot_found_by_python(hf, api, rs, tmp_path, which, dev_commit):
    revision = _rev(which, dev_commit)
    commit, files = _remote_files(api, revision)
    _kinds_covered(files)
    cache = tmp_path / "cache"
    snap = Path(rs.snapshot_download(repo_id=MODEL, revision=revision, cache_dir=str(cache)))
    assert snap == cache / "models--alice--tiny-model" / "snapshots" / commit

    for path, (size, _) in files.items():
        py_path = hf.hf_hub_download(MODEL, path, revision=revision, cache_dir=cache, local_files_only=True)
        assert Path(py_path) == snap / path
        assert os.path.getsize(py_path) == size
        assert hf.try_to_load_from_cache(MODEL, path, cache_dir=cache, revision=revision) == py_path
    # Python's snapshot_download finds the same folder offline.
    assert Path(hf.snapshot_download(MODEL, revision=revision, cache_dir=cache, local_files_only=True)) == snap

    refs = {} if which == "commit" else {revision: commit}
    py = _py_scan(hf, cache)
    _check_scan(py, {commit: (revision, files)}, refs)
    assert _rs_scan(rs, cache) == py


def test_hfhub_single_files_found_by_python(hf, api, rs, tmp_path, dev_commit):
    """hf_hub_download file by file, a branch and a commit in one cache: the revisions
    share their blobs, Python sees both."""
    cache = tmp_path / "cache"
    main_commit, main_files = _remote_files(api, "main")
    picked = ["config.json", "model.safetensors", "onnx/sub dir/notes.txt", "onnx/model.onnx", "special/a b#c.txt"]
    for path in picked:
        for revision in ("main", dev_commit):
            got = rs.hf_hub_download(repo_id=MODEL, filename=path, revision=revision, cache_dir=str(cache))
            commit = main_commit if revision == "main" else dev_commit
            assert Path(got) == cache / "models--alice--tiny-model" / "snapshots" / commit / path
            assert hf.hf_hub_download(MODEL, path, revision=revision, cache_dir=cache, local_files_only=True) == got
            assert hf.try_to_load_from_cache(MODEL, path, cache_dir=cache, revision=revision) == got
            assert Path(got).read_bytes() == Path(hf.hf_hub_download(MODEL, path, revision=revision)).read_bytes()
    # subfolder= as in Python
    got = rs.hf_hub_download(repo_id=MODEL, filename="notes.txt", subfolder="onnx/sub dir", cache_dir=str(cache))
    assert got == hf.hf_hub_download(MODEL, "notes.txt", subfolder="onnx/sub dir", cache_dir=cache, local_files_only=True)

    wanted = {p: main_files[p] for p in picked}
    _, dev_files = _remote_files(api, dev_commit)
    py = _py_scan(hf, cache)
    _check_scan(py, {main_commit: ("main", wanted), dev_commit: ("", {p: dev_files[p] for p in picked})}, {"main": main_commit})
    assert _rs_scan(rs, cache) == py


def test_hfhub_marks_missing_file_for_python(hf, rs, tmp_path):
    """A file the Hub does not have: hfhub's `.no_exist` marker is Python's too."""
    cache = tmp_path / "cache"
    rs.hf_hub_download(repo_id=MODEL, filename="config.json", cache_dir=str(cache))
    with pytest.raises(Exception) as exc:
        rs.hf_hub_download(repo_id=MODEL, filename="missing.txt", cache_dir=str(cache))
    assert getattr(exc.value, "kind", None) == "EntryNotFound"
    assert hf.try_to_load_from_cache(MODEL, "missing.txt", cache_dir=cache) is hf.file_download._CACHED_NO_EXIST
    assert rs.try_to_load_from_cache(repo_id=MODEL, filename="missing.txt", cache_dir=str(cache)) == {
        "_CACHED_NO_EXIST": True
    }
    assert _py_scan(hf, cache)["warnings"] == []


# --- Python downloads, hfhub reads offline -------------------------------------------------------
def _call_offline(method: str, args: dict) -> tuple[int, dict | str]:
    """One `call` process with HF_HUB_OFFLINE=1 and an endpoint where nothing listens."""
    env = dict(os.environ)
    env["HF_HUB_OFFLINE"] = "1"
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # discard port: nothing listens there
    p = subprocess.run(
        [str(HFHUB_CALL_BIN), method, json.dumps(args)], env=env, capture_output=True, timeout=60
    )
    if p.returncode == 0:
        return 0, json.loads(p.stdout)
    return p.returncode, p.stderr.decode(errors="replace")


@pytest.mark.parametrize("which", REVISIONS)
def test_python_snapshot_found_by_hfhub_offline(hf, api, rs, hub, tmp_path, which, dev_commit):
    revision = _rev(which, dev_commit)
    commit, files = _remote_files(api, revision)
    _kinds_covered(files)
    cache = tmp_path / "cache"
    snap = Path(hf.snapshot_download(MODEL, revision=revision, cache_dir=cache))

    # local_files_only against the live hubsim: not one request.
    hub.clear_requests()
    for path, (size, _) in files.items():
        got = rs.hf_hub_download(
            repo_id=MODEL, filename=path, revision=revision, cache_dir=str(cache), local_files_only=True
        )
        assert Path(got) == snap / path
        assert os.path.getsize(got) == size
        assert rs.try_to_load_from_cache(repo_id=MODEL, filename=path, revision=revision, cache_dir=str(cache)) == got
    assert Path(
        rs.snapshot_download(repo_id=MODEL, revision=revision, cache_dir=str(cache), local_files_only=True)
    ) == snap
    assert rs.snapshot_download(
        repo_id=MODEL, revision=revision, cache_dir=str(cache), local_files_only=True, allow_patterns="*.json"
    ) == str(snap)
    assert hub.requests() == []

    # HF_HUB_OFFLINE=1, dead endpoint.
    for path in files:
        rc, out = _call_offline(
            "hf_hub_download", {"repo_id": MODEL, "filename": path, "revision": revision, "cache_dir": str(cache)}
        )
        assert rc == 0, out
        assert Path(out) == snap / path
    rc, out = _call_offline("snapshot_download", {"repo_id": MODEL, "revision": revision, "cache_dir": str(cache)})
    assert rc == 0, out
    assert Path(out) == snap
    # ... and what is not cached fails with LocalEntryNotFound, still offline.
    rc, out = _call_offline("hf_hub_download", {"repo_id": MODEL, "filename": "nope.txt", "revision": revision, "cache_dir": str(cache)})
    assert rc != 0 and "LocalEntryNotFound" in out, out

    # hfhub's scan of Python's cache = Python's scan, with no warnings.
    refs = {} if which == "commit" else {revision: commit}
    py = _py_scan(hf, cache)
    _check_scan(py, {commit: (revision, files)}, refs)
    assert _rs_scan(rs, cache) == py


def test_python_files_then_hfhub_completes_snapshot(hf, api, rs, hub, tmp_path):
    """Python fetched two files; hfhub's snapshot_download reuses them (no GET for
    them) and Python then finds the whole snapshot offline."""
    cache = tmp_path / "cache"
    commit, files = _remote_files(api, "main")
    for path in ("config.json", "model.safetensors"):
        hf.hf_hub_download(MODEL, path, cache_dir=cache)
    hub.clear_requests()
    snap = Path(rs.snapshot_download(repo_id=MODEL, cache_dir=str(cache)))
    gets = [r["path"] for r in hub.requests() if r["method"] == "GET" and "/resolve/" in r["path"]]
    fetched = {g.split(f"/resolve/{commit}/", 1)[-1] for g in gets}
    assert gets, "hfhub fetched nothing"
    assert "config.json" not in fetched and "model.safetensors" not in fetched, fetched
    for path in files:
        assert Path(hf.hf_hub_download(MODEL, path, cache_dir=cache, local_files_only=True)) == snap / path
    _check_scan(_py_scan(hf, cache), {commit: ("main", files)}, {"main": commit})
