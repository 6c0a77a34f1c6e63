#!/usr/bin/env python3
"""Smoke check: run the read methods of the official `huggingface_hub` client against hubsim.

Usage (from the repository root, after `cargo build -p hubsim`):

    python3 tests/hubsim/py/smoke.py [--hubsim target/debug/hubsim] [--page-size 3]

It starts the hubsim binary on a random port with the default seed, points the client at it
(HF_ENDPOINT, a temporary HF_HOME, HF_HUB_DISABLE_XET=1, HF_HUB_DISABLE_TELEMETRY=1) and runs
every check below, printing one line per check and a final `N passed, N failed` line. Checks that
need a method the installed client does not have are skipped. Works with huggingface_hub 0.22.x
and 1.x/2.x. Exit status is 1 when a check fails.

This is a smoke check of hubsim's protocol fidelity, not the formal interop suite
(tests/interop).
"""

import argparse
import hashlib
import inspect
import os
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

ALICE_WRITE = "hf_hubsimAliceWrite000000000000000000"
BOB_READ = "hf_hubsimBobRead000000000000000000000"
CAROL_READ = "hf_hubsimCarolRead0000000000000000000"
INVALID = "hf_hubsimInvalidToken0000000000000000"

MODEL = "alice/tiny-model"
SHARDED = "acme/sharded-model"
PRIVATE_MODEL = "alice/private-model"
ORG_PRIVATE_MODEL = "acme/internal-model"
GATED_MODEL = "alice/gated-model"
DISABLED_MODEL = "alice/disabled-model"
DATASET = "alice/tiny-dataset"
SPACE = "alice/demo-space"
PUBLIC_MODELS = 9


def start_hubsim(binary, page_size, home):
    args = [binary, "--addr", "127.0.0.1:0", "--page-size", str(page_size)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        proc.kill()
        raise SystemExit(f"hubsim did not print its URL: {url!r} {proc.stderr.read()}")
    return proc, url


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hubsim", default=os.path.join(ROOT, "target", "debug", "hubsim"))
    parser.add_argument("--page-size", type=int, default=3)
    opts = parser.parse_args()

    home = tempfile.mkdtemp(prefix="hubsim-smoke-")
    proc, url = start_hubsim(opts.hubsim, opts.page_size, home)
    os.environ.update(
        HF_ENDPOINT=url,
        HF_HOME=home,
        HF_HUB_DISABLE_XET="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_IMPLICIT_TOKEN="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
    )
    os.environ.pop("HF_TOKEN", None)
    try:
        return run(url)
    finally:
        proc.kill()
        proc.wait()


def run(url):
    import huggingface_hub as hh
    from huggingface_hub import HfApi, hf_hub_download, hf_hub_url

    def error_class(*names):
        for module in (getattr(hh, "errors", None), hh.utils):
            for n in names:
                if module is not None and hasattr(module, n):
                    return getattr(module, n)
        raise ImportError(names)

    RepositoryNotFoundError = error_class("RepositoryNotFoundError")
    RevisionNotFoundError = error_class("RevisionNotFoundError")
    EntryNotFoundError = error_class("RemoteEntryNotFoundError", "EntryNotFoundError")
    GatedRepoError = error_class("GatedRepoError")
    DisabledRepoError = error_class("DisabledRepoError")
    HfHubHTTPError = error_class("HfHubHTTPError")

    version = hh.__version__
    print(f"huggingface_hub {version} against {url}")
    api = HfApi(endpoint=url, token=ALICE_WRITE)
    anon = HfApi(endpoint=url, token=False)
    bob = HfApi(endpoint=url, token=BOB_READ)
    carol = HfApi(endpoint=url, token=CAROL_READ)
    bad = HfApi(endpoint=url, token=INVALID)

    results = {"passed": 0, "failed": 0, "skipped": 0}

    def check(name, fn, needs=None):
        if needs and not all(hasattr(HfApi, m) for m in needs):
            results["skipped"] += 1
            print(f"SKIP {name} (not in this client)")
            return
        try:
            detail = fn()
            results["passed"] += 1
            print(f"PASS {name}" + (f" — {detail}" if detail else ""))
        except Exception as e:  # noqa: BLE001
            results["failed"] += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}")
            traceback.print_exc(limit=3)

    def raises(exc, fn):
        try:
            fn()
        except exc as e:
            return type(e).__name__
        raise AssertionError(f"expected {exc.__name__}")

    # identity
    def whoami():
        me = api.whoami()
        assert me["name"] == "alice" and me["auth"]["accessToken"]["role"] == "write", me
        assert [o["name"] for o in me["orgs"]] == ["acme"]
        return me["name"]

    check("whoami", whoami)
    check("get_token_permission", lambda: api.get_token_permission(), needs=["get_token_permission"])
    def invalid_token():
        try:
            bad.whoami()
        except Exception as e:  # 0.22 raises a plain requests.HTTPError here
            assert "401" in str(e) or "Invalid" in str(e), e
            return type(e).__name__
        raise AssertionError("whoami accepted an invalid token")

    check("whoami invalid token → 401", invalid_token)
    check("model_info invalid token → 401", lambda: raises(HfHubHTTPError, lambda: bad.model_info(MODEL)))

    # tags and metrics
    def model_tags():
        tags = api.get_model_tags()
        assert "pipeline_tag" in tags and "library" in tags
        return ", ".join(sorted(tags))

    check("get_model_tags", model_tags)
    check("get_dataset_tags", lambda: sorted(api.get_dataset_tags())[0])
    check("list_metrics", lambda: len(api.list_metrics()), needs=["list_metrics"])

    # repo info
    def model_info():
        info = api.model_info(MODEL)
        assert info.id == MODEL and info.sha and len(info.sha) == 40
        assert info.library_name == "transformers" and info.pipeline_tag == "text-generation"
        assert info.likes == 2, info.likes
        names = {s.rfilename for s in info.siblings}
        assert {"model.safetensors", "onnx/sub dir/notes.txt", "weights/big.bin"} <= names, names
        assert info.safetensors is not None, "safetensors summary"
        assert info.card_data is not None
        return f"sha {info.sha[:8]}, {len(names)} files, safetensors total {info.safetensors.total}"

    check("model_info", model_info)

    def model_info_rev():
        info = api.model_info(MODEL, revision="refs/pr/1", securityStatus=True, files_metadata=True)
        status = getattr(info, "security_repo_status", None) or getattr(info, "securityStatus", None)
        assert status is not None, "security status"
        sib = {s.rfilename: s for s in info.siblings}
        st = sib["model.safetensors"]
        assert st.lfs is not None and st.size == st.lfs.size and len(st.lfs.sha256) == 64
        assert st.blob_id and len(st.blob_id) == 40
        assert "pytorch_model.bin" in sib
        return f"sha {info.sha[:8]}, {len(sib)} files"

    check("model_info(revision=refs/pr/1, securityStatus, files_metadata)", model_info_rev)

    def dataset_info():
        info = api.dataset_info(DATASET, revision="v1.0", files_metadata=True)
        names = {s.rfilename for s in info.siblings}
        assert names == {".gitattributes", "README.md", "data/train.csv", "data/test.csv"}, names
        return f"{len(names)} files at v1.0"

    check("dataset_info(v1.0, files_metadata)", dataset_info)

    def space_info():
        info = api.space_info(SPACE)
        assert info.sdk == "gradio" and info.runtime.stage == "RUNNING", info.runtime
        assert info.models == [MODEL] and info.datasets == [DATASET]
        return f"{info.sdk}, {info.runtime.stage}"

    check("space_info", space_info)
    check("repo_info(dataset, main)", lambda: api.repo_info(DATASET, repo_type="dataset", revision="main").sha[:8])

    # listings
    def list_models_basic():
        got = [m.id for m in anon.list_models()]
        assert len(got) == PUBLIC_MODELS, got
        mine = [m.id for m in api.list_models(author="alice")]
        assert PRIVATE_MODEL in mine and ORG_PRIVATE_MODEL not in mine, mine
        lim = [m.id for m in api.list_models(search="TINY-model", limit=2)]
        assert lim == [MODEL], lim
        return f"{len(got)} public (paginated)"

    check("list_models (pagination, author, search, limit)", list_models_basic)

    def list_models_filters():
        kwargs = dict(filter="text-generation", sort="downloads", limit=5, cardData=True, fetch_config=True)
        if "direction" in inspect.signature(api.list_models).parameters:
            kwargs["direction"] = -1  # removed in 1.6 (sorting is always descending)
        got = list(api.list_models(**kwargs))
        ids = [m.id for m in got]
        assert ids[0] == MODEL, ids
        assert got[0].card_data is not None and got[0].config is not None
        full = list(api.list_models(full=True, author="acme"))
        assert all(m.siblings for m in full), "full=True siblings"
        return ", ".join(ids)

    check("list_models (filter, sort, cardData, config, full)", list_models_filters)

    def list_datasets():
        got = [d.id for d in api.list_datasets(search="tiny", full=True)]
        assert got == [DATASET], got
        got = [d.id for d in api.list_datasets(filter="language:en")]
        assert got == [DATASET], got
        return "ok"

    check("list_datasets", list_datasets)

    def list_spaces():
        got = [s.id for s in api.list_spaces(sort="likes", linked=True, models=MODEL, datasets=DATASET, full=True)]
        assert got == [SPACE], got
        return f"{len(list(anon.list_spaces()))} public spaces"

    check("list_spaces", list_spaces)

    # files
    def list_repo_files():
        files = api.list_repo_files(MODEL)
        assert "onnx/sub dir/notes.txt" in files and "special/a b#c.txt" in files, files
        pr = api.list_repo_files(MODEL, revision="refs/pr/1")
        assert "pytorch_model.bin" in pr
        return f"{len(files)} files (paginated)"

    check("list_repo_files", list_repo_files)

    def list_repo_tree():
        entries = list(api.list_repo_tree(MODEL, path_in_repo="onnx/sub dir", recursive=True, expand=True, revision="main"))
        assert [e.path for e in entries] == ["onnx/sub dir/notes.txt"], entries
        e = entries[0]
        assert e.last_commit is not None and e.last_commit.title == "Add ONNX export", e.last_commit
        root = list(api.list_repo_tree(DATASET, repo_type="dataset"))
        kinds = {type(x).__name__ for x in root}
        assert kinds == {"RepoFile", "RepoFolder"}, kinds
        assert e.security is not None and e.security["safe"], e.security
        return "lastCommit, security"

    check("list_repo_tree (path, recursive, expand)", list_repo_tree)

    def tree_missing():
        return raises(EntryNotFoundError, lambda: list(api.list_repo_tree(MODEL, path_in_repo="nope")))

    check("list_repo_tree missing folder → EntryNotFound", tree_missing)

    def paths_info():
        got = api.get_paths_info(DATASET, ["README.md", "data", "missing"], expand=True, repo_type="dataset")
        assert sorted(x.path for x in got) == ["README.md", "data"], got
        single = api.get_paths_info(MODEL, "config.json")
        assert len(single) == 1 and single[0].size > 0
        pq = api.get_paths_info(DATASET, ["default"], repo_type="dataset", revision="refs/convert/parquet")
        assert [x.path for x in pq] == ["default"]
        return "ok"

    check("get_paths_info", paths_info)

    def refs():
        r = api.list_repo_refs(DATASET, repo_type="dataset", include_pull_requests=True)
        assert [b.name for b in r.branches] == ["main"]
        assert [c.ref for c in r.converts] == ["refs/convert/parquet"]
        assert [t.name for t in r.tags] == ["v1.0"]
        assert [p.ref for p in r.pull_requests] == ["refs/pr/1"]
        m = api.list_repo_refs(MODEL)
        assert sorted(b.name for b in m.branches) == ["dev", "main"]
        return "ok"

    check("list_repo_refs(include_pull_requests)", refs)

    def commits():
        got = api.list_repo_commits(MODEL, formatted=True)
        assert len(got) == 4, [c.title for c in got]
        assert got[0].title == "Update README.md" and got[0].authors == ["alice", "bob"]
        assert got[0].formatted_title is not None
        pr = api.list_repo_commits(MODEL, revision="refs/pr/1")
        assert len(pr) == 5 and pr[0].title == "Add pytorch weights"
        return f"{len(got)} commits (paginated)"

    check("list_repo_commits(formatted)", commits)

    # existence
    def exists():
        assert api.file_exists(MODEL, "config.json")
        assert not api.file_exists(MODEL, "missing.txt")
        assert api.file_exists(DATASET, "default/train/0000.parquet", repo_type="dataset", revision="refs/convert/parquet")
        assert api.repo_exists(MODEL) and not anon.repo_exists(PRIVATE_MODEL) and not bob.repo_exists(PRIVATE_MODEL)
        assert anon.repo_exists(GATED_MODEL)
        assert api.revision_exists(MODEL, "refs/pr/1") and not api.revision_exists(MODEL, "nope")
        return "ok"

    check("file_exists / repo_exists / revision_exists", exists)

    def metadata():
        meta = api.get_hf_file_metadata(url=hf_hub_url(MODEL, "config.json"))
        assert len(meta.etag) == 40 and len(meta.commit_hash) == 40 and meta.size > 0, meta
        lfs = api.get_hf_file_metadata(url=hf_hub_url(MODEL, "weights/big.bin"))
        assert len(lfs.etag) == 64 and lfs.size == 3 * 1024 * 1024, lfs
        assert "localhost" in lfs.location, lfs.location
        return f"regular etag {meta.etag[:8]}, lfs etag {lfs.etag[:8]} size {lfs.size}"

    check("get_hf_file_metadata (regular, LFS)", metadata)

    # likes and users
    def likers():
        users = [u.username for u in api.list_repo_likers(MODEL)]
        assert sorted(users) == ["bob", "carol"], users
        return ", ".join(users)

    check("list_repo_likers", likers)

    def liked():
        likes = api.list_liked_repos("alice")
        assert "acme/internal-model" in likes.models and "bob/static-space" in likes.spaces, likes
        anon_view = anon.list_liked_repos("alice")
        assert "acme/internal-model" not in anon_view.models, "private like visible to anonymous"
        me = api.list_liked_repos()
        assert me.total == likes.total
        return f"total {likes.total}"

    check("list_liked_repos", liked)

    def like_unlike():
        if hasattr(api, "like"):
            api.like(DATASET, repo_type="dataset")
            assert api.dataset_info(DATASET).likes == 2
        api.unlike(DATASET, repo_type="dataset")
        assert api.dataset_info(DATASET).likes == 1
        return "ok"

    check("like / unlike", like_unlike, needs=["unlike"])

    def overview():
        u = api.get_user_overview("alice")
        assert u.username == "alice" and u.num_models == 3 and u.is_pro and u.num_followers == 2, vars(u)
        return f"{u.fullname}, {u.num_models} models"

    check("get_user_overview", overview, needs=["get_user_overview"])
    check(
        "list_organization_members",
        lambda: ", ".join(sorted(u.username for u in api.list_organization_members("acme"))),
        needs=["list_organization_members"],
    )
    check(
        "list_user_followers",
        lambda: ", ".join(sorted(u.username for u in api.list_user_followers("alice"))),
        needs=["list_user_followers"],
    )
    check(
        "list_user_following",
        lambda: ", ".join(sorted(u.username for u in api.list_user_following("alice"))),
        needs=["list_user_following"],
    )
    check(
        "get_organization_overview",
        lambda: api.get_organization_overview("acme").fullname,
        needs=["get_organization_overview"],
    )

    # downloads
    def download():
        cfg = hf_hub_download(MODEL, "config.json", token=ALICE_WRITE)
        assert open(cfg).read().startswith("{")
        big = hf_hub_download(MODEL, "weights/big.bin", token=ALICE_WRITE)
        digest = hashlib.sha256(open(big, "rb").read()).hexdigest()
        meta = api.get_hf_file_metadata(url=hf_hub_url(MODEL, "weights/big.bin"))
        assert digest == meta.etag, (digest, meta.etag)
        odd = hf_hub_download(MODEL, "special/a b#c.txt", revision="refs/pr/1", token=ALICE_WRITE)
        assert "hash" in open(odd).read()
        ds = hf_hub_download(DATASET, "default/test/0000.parquet", repo_type="dataset", revision="refs/convert/parquet")
        assert os.path.getsize(ds) == 512
        return "regular, LFS (sha256 verified), encoded name, dataset convert ref"

    check("hf_hub_download", download)

    def snapshot():
        from huggingface_hub import snapshot_download

        path = snapshot_download(MODEL, token=ALICE_WRITE)
        found = sorted(
            os.path.relpath(os.path.join(d, f), path).replace(os.sep, "/")
            for d, _, files in os.walk(path)
            for f in files
        )
        assert len(found) == 11 and "onnx/sub dir/notes.txt" in found, found
        conv = snapshot_download(DATASET, repo_type="dataset", revision="refs/convert/parquet", allow_patterns=["*/train/*"])
        assert os.path.exists(os.path.join(conv, "default", "train", "0000.parquet"))
        return f"{len(found)} files"

    check("snapshot_download", snapshot)

    def files_info():
        got = list(api.list_files_info(MODEL, ["README.md", "onnx"]))
        paths = sorted(f.path for f in got)
        assert paths == ["README.md", "onnx/config.json", "onnx/model.onnx", "onnx/sub dir/notes.txt"], paths
        return f"{len(paths)} files"

    check("list_files_info (deprecated)", files_info, needs=["list_files_info"])

    def safetensors():
        single = api.get_safetensors_metadata(MODEL)
        assert not single.sharded and single.parameter_count == {"F32": 64, "F16": 4}, single.parameter_count
        sharded = api.get_safetensors_metadata(SHARDED)
        assert sharded.sharded and len(sharded.files_metadata) == 2
        assert sharded.parameter_count == {"F32": 320, "BF16": 64}, sharded.parameter_count
        return f"{single.parameter_count} / sharded {sharded.parameter_count}"

    check("get_safetensors_metadata (single, sharded)", safetensors, needs=["get_safetensors_metadata"])

    # errors
    check("private repo, anonymous → RepositoryNotFound", lambda: raises(RepositoryNotFoundError, lambda: anon.model_info(PRIVATE_MODEL)))
    check("private repo, other user → RepositoryNotFound", lambda: raises(RepositoryNotFoundError, lambda: bob.model_info(PRIVATE_MODEL)))
    check("org private repo, member → ok", lambda: bob.model_info(ORG_PRIVATE_MODEL).id)
    check("unknown revision → RevisionNotFound", lambda: raises(RevisionNotFoundError, lambda: api.model_info(MODEL, revision="nope")))
    check("disabled repo → DisabledRepoError", lambda: raises(DisabledRepoError, lambda: api.model_info(DISABLED_MODEL)))
    check(
        "gated download, anonymous → GatedRepoError",
        lambda: raises(GatedRepoError, lambda: hf_hub_download(GATED_MODEL, "config.json", token=False)),
    )
    check(
        "gated download, not approved → GatedRepoError",
        lambda: raises(GatedRepoError, lambda: hf_hub_download(GATED_MODEL, "config.json", token=BOB_READ)),
    )
    check("gated download, approved → ok", lambda: os.path.basename(hf_hub_download(GATED_MODEL, "config.json", token=CAROL_READ)))
    check(
        "missing file download → EntryNotFound",
        lambda: raises(EntryNotFoundError, lambda: hf_hub_download(MODEL, "missing.txt", token=ALICE_WRITE)),
    )
    check("gated model_info is public", lambda: anon.model_info(GATED_MODEL).gated)

    print(f"{results['passed']} passed, {results['failed']} failed, {results['skipped']} skipped")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
