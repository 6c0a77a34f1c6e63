#!/usr/bin/env python3
"""hfhub benchmarks: hfhub vs `curl`, `openssl` and the newest Python client, side by side.

Every scenario runs the tools in one session with interleaved, paired repetitions
(round r runs each tool once, in an order rotated per round), against a fast
static server (nginx, configured from benches/nginx.conf.in to answer like the
Hub's resolve endpoint) or, for the per-connection cap, against hubsim with a
throttle fault. Only 127.0.0.1 is used. See benches/README.md.

    benches/run.py                       # full sizes (2 GiB file, 1000 files)
    benches/run.py --big-mb 64 --small-files 100 --reps 2 --range-mb 32   # quick
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COMMIT = hashlib.sha1(b"hfhub-bench").hexdigest()
BIG_REPO = "bench/big"
BIG_FILE = "big.bin"
SMALL_REPO = "bench/small"
RANGE_REPO = "bench/throttle"


def log(*a: object) -> None:
    print(*a, file=sys.stderr, flush=True)


# --- build --------------------------------------------------------------------------------
def build(skip: bool) -> tuple[Path, Path, Path]:
    """(hfbench, hubsim, hfhub command-line tool) release binaries."""
    if not skip:
        log("==> cargo build --release -p hubsim --bin hubsim")
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "hubsim", "--bin", "hubsim"], cwd=ROOT, check=True)
    log("==> cargo build --release --features cli --bin hfhub")
    subprocess.run(["cargo", "build", "--release", "-q", "--features", "cli", "--bin", "hfhub"], cwd=ROOT, check=True)
    log("==> cargo build --release --bench hfbench")
    out = subprocess.run(
        ["cargo", "build", "--release", "-q", "--bench", "hfbench", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    exe = None
    for line in out.splitlines():
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "hfbench" and m.get("executable"):
            exe = Path(m["executable"])
    target = json.loads(
        subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT,
                       check=True, capture_output=True, text=True).stdout
    )["target_directory"]
    if exe is None:
        raise SystemExit("hfbench was not built")
    return exe, Path(target) / "release" / "hubsim", Path(target) / "release" / "hfhub"


# --- data -----------------------------------------------------------------------------------
def git_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def make_big(path: Path, mib: int) -> str:
    """A file of `mib` MiB of random bytes; its sha256 (cached next to it)."""
    stamp = path.with_suffix(".sha256")
    if path.is_file() and path.stat().st_size == mib << 20 and stamp.is_file():
        return stamp.read_text().strip()
    log(f"==> writing {mib} MiB to {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        for _ in range(mib):
            block = os.urandom(1 << 20)
            h.update(block)
            f.write(block)
    stamp.write_text(h.hexdigest())
    return h.hexdigest()


def write_site(work: Path, big_mib: int, n_small: int, small_size: int) -> dict:
    """Files under work/files, listings under work/api, header maps under work/nginx."""
    files, api, ng = work / "files", work / "api", work / "nginx"
    for d in (files, api, ng / "tmp"):
        d.mkdir(parents=True, exist_ok=True)
    big_sha = make_big(files / BIG_REPO / BIG_FILE, big_mib)
    big_size = big_mib << 20
    small_dir = files / SMALL_REPO
    if small_dir.exists():
        shutil.rmtree(small_dir)
    small = {}
    for i in range(n_small):
        rel = f"data/{i // 100:02d}/file-{i:05d}.txt"
        data = (f"{i:08d}" + os.urandom(small_size).hex())[:small_size].encode()
        p = small_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        small[rel] = (len(data), git_sha1(data))

    etag, linked_etag, linked_size = [], [], []
    big_oid = hashlib.sha1(b"pointer " + big_sha.encode()).hexdigest()
    etag.append(f'"{BIG_REPO}/{BIG_FILE}" "{big_oid}";')
    linked_etag.append(f'"{BIG_REPO}/{BIG_FILE}" "\\"{big_sha}\\"";')
    linked_size.append(f'"{BIG_REPO}/{BIG_FILE}" "{big_size}";')
    for rel, (_, oid) in small.items():
        etag.append(f'"{SMALL_REPO}/{rel}" "{oid}";')
    (ng / "etag.map").write_text("\n".join(etag) + "\n")
    (ng / "linked_etag.map").write_text("\n".join(linked_etag) + "\n")
    (ng / "linked_size.map").write_text("\n".join(linked_size) + "\n")

    def listing(repo: str, entries: list[dict]) -> None:
        d = api / repo
        d.mkdir(parents=True, exist_ok=True)
        siblings = [
            {"rfilename": e["path"], "size": e["size"], "blobId": e["oid"], **({"lfs": e["lfs"]} if "lfs" in e else {})}
            for e in entries
        ]
        info = {"_id": "0" * 24, "id": repo, "modelId": repo, "author": repo.split("/")[0], "sha": COMMIT,
                "lastModified": "2024-01-01T00:00:00.000Z", "private": False, "disabled": False, "gated": False,
                "downloads": 0, "likes": 0, "tags": [], "siblings": siblings,
                "createdAt": "2024-01-01T00:00:00.000Z"}
        (d / "revision.json").write_text(json.dumps(info))
        tree = [{"type": "file", "oid": e["oid"], "size": e["size"], "path": e["path"],
                 **({"lfs": e["lfs"]} if "lfs" in e else {})} for e in entries]
        (d / "tree.json").write_text(json.dumps(tree))

    listing(BIG_REPO, [{"path": BIG_FILE, "size": big_size, "oid": big_oid,
                        "lfs": {"oid": big_sha, "size": big_size, "pointerSize": 134}}])
    listing(SMALL_REPO, [{"path": p, "size": s, "oid": o} for p, (s, o) in small.items()])
    for p in [work, *work.rglob("*")]:  # nginx workers run as nobody when we are root
        p.chmod(0o755 if p.is_dir() else 0o644)
    return {"big_sha": big_sha, "big_size": big_size, "small": small}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, work: Path) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("nginx not found: apt-get install -y nginx")
        self.port = free_port()
        self.log = work / "nginx" / "access.log"
        conf = (HERE / "nginx.conf.in").read_text()
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        for k, v in {"@WORK@": str(work), "@PORT@": str(self.port), "@COMMIT@": COMMIT, "@USER@": user}.items():
            conf = conf.replace(k, v)
        path = work / "nginx" / "nginx.conf"
        path.write_text(conf)
        self.proc = subprocess.Popen([nginx, "-p", str(work / "nginx"), "-c", str(path)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/api/models/{SMALL_REPO}/revision/main", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"nginx failed: {self.proc.stderr.read().decode()}")
                time.sleep(0.05)
        raise SystemExit("nginx did not answer")

    def requests(self) -> int:
        return sum(1 for _ in open(self.log, "rb")) if self.log.exists() else 0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Hubsim:
    def __init__(self, binary: Path, work: Path, size: int) -> None:
        seed = {"users": [{"name": "bench", "fullname": "Bench"}],
                "repos": [{"type": "model", "id": RANGE_REPO, "createdAt": "2024-01-01T00:00:00.000Z",
                           "commits": [{"title": "big", "author": "bench",
                                        "files": {BIG_FILE: {"generate": {"size": size, "seed": 7}}}}]}]}
        seed_path = work / "hubsim-seed.json"
        seed_path.write_text(json.dumps(seed))
        self.proc = subprocess.Popen([str(binary), "--addr", "127.0.0.1:0", "--seed", str(seed_path)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        self.url = next((w.rstrip("/") for w in line.split() if w.startswith("http://127.0.0.1")), None)
        if not self.url:
            self.stop()
            raise SystemExit(f"hubsim did not print its URL: {line!r}")
        sha = json.loads(urllib.request.urlopen(
            f"{self.url}/api/models/{RANGE_REPO}/revision/main?blobs=True", timeout=60).read())
        self.sha256 = sha["siblings"][0]["lfs"]["sha256"]

    def throttle(self, bytes_per_second: int) -> None:
        body = json.dumps({"method": "GET", "path_prefix": "/_cdn/",
                           "action": {"type": "throttle", "bytes_per_second": bytes_per_second}}).encode()
        req = urllib.request.Request(f"{self.url}/_hubsim/faults", data=body, method="POST",
                                     headers={"content-type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


# --- measuring --------------------------------------------------------------------------------
def timed(cmd: list[str], env: dict | None = None, timeout: float = 3600) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KiB, stdout) of one process, through /usr/bin/time -v."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name, *cmd], env=env, capture_output=True,
                           text=True, timeout=timeout)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
        rss = 0
        for line in open(tf.name):
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1])
    return wall, rss, p.stdout


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def py_env(endpoint: str, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
    env.update({"HF_ENDPOINT": endpoint, "HF_HOME": str(home), "HF_HUB_DISABLE_XET": "1",
                "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"})
    return env


PY_DOWNLOAD = "import sys\nfrom huggingface_hub import hf_hub_download as d\nprint(d(sys.argv[1], sys.argv[2], cache_dir=sys.argv[3]))"
PY_SNAPSHOT = "import sys\nfrom huggingface_hub import snapshot_download as s\nprint(s(sys.argv[1], cache_dir=sys.argv[2]))"
PY_WARM = """import sys, time, json
from huggingface_hub import snapshot_download as s
ms = []
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter(); s(sys.argv[1], cache_dir=sys.argv[2]); ms.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": ms}))"""


def cli_env(home: Path) -> dict:
    """The command-line tool's environment: no HF_* variable of ours, a home of its own
    (so no stored token is read); not a terminal, so no progress bars either."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
    env["HF_HOME"] = str(home)
    return env


def fresh(d: Path) -> Path:
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    return d


def rounds(tools: list[str], reps: int):
    """Interleaved, paired: round r runs every tool once, the order rotated per round."""
    for r in range(reps):
        k = r % len(tools)
        yield r, tools[k:] + tools[:k]


def summarize(title: str, results: dict[str, list[dict]], base: str, unit: str = "s") -> dict:
    print(f"\n## {title}")
    out = {}
    for tool, runs in results.items():
        walls = [x["wall"] for x in runs]
        med = statistics.median(walls)
        rss = max((x.get("rss", 0) for x in runs), default=0)
        counts = sorted({x["requests"] for x in runs if "requests" in x})
        reqs = counts[0] if len(counts) == 1 else (", ".join(map(str, counts)) if counts else None)
        paired = ""
        if tool != base and base in results:
            ratios = [a["wall"] / b["wall"] for a, b in zip(runs, results[base])]
            paired = f"  ×{base}: median {statistics.median(ratios):.2f} (per round {', '.join(f'{x:.2f}' for x in ratios)})"
        extra = f"  peak RSS {rss / 1024:.1f} MiB" if rss else ""
        if reqs is not None:
            extra += f"  requests {reqs}"
        spread = f"[{min(walls):.3f}-{max(walls):.3f}]"
        print(f"  {tool:<22} median {med:.3f} {unit} {spread}{extra}{paired}")
        out[tool] = {"median": med, "runs": walls, "peak_rss_kib": rss, "requests": reqs}
    return out


# --- scenarios -----------------------------------------------------------------------------------
def bench_big(a, ng: Nginx, site: dict, hfbench: Path, work: Path) -> dict:
    url = f"{ng.url}/{BIG_REPO}/resolve/main/{BIG_FILE}"
    out = work / "out"
    # Untimed: the first round must not be the one that brings the served file back
    # into the page cache (nginx reading from the disk would be the bottleneck).
    subprocess.run(["curl", "-sf", "-o", os.devnull, url], check=True)
    res: dict[str, list[dict]] = {"curl -o": [], "hfhub": [], "python": []}
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            d = fresh(out)
            before = ng.requests()
            if tool == "curl -o":
                wall, rss, _ = timed(["curl", "-sf", "-o", str(d / BIG_FILE), url])
                path = d / BIG_FILE
            elif tool == "hfhub":
                wall, rss, so = timed([str(a.cli), "--endpoint", ng.url, "download", BIG_REPO, BIG_FILE,
                                       "--cache-dir", str(d / "cache")], env=cli_env(d / "home"))
                path = Path(so.strip())
            else:
                wall, rss, so = timed([a.python, "-c", PY_DOWNLOAD, BIG_REPO, BIG_FILE, str(d / "cache")],
                                      env=py_env(ng.url, d / "home"))
                path = Path(so.strip().splitlines()[-1])
            ok = sha256_of(path) == site["big_sha"]
            if not ok:
                raise RuntimeError(f"{tool}: wrong sha256 for {path}")
            # hfhub: 3 (HEAD, the timed first range, one open range) on a fast link,
            # more where the link was judged slow and the file came in parallel ranges.
            reqs = ng.requests() - before
            res[tool].append({"wall": wall, "rss": rss, "requests": reqs})
            log(f"  big r{r} {tool:<8} {wall:.3f}s rss {rss / 1024:.1f} MiB requests {reqs}")
            shutil.rmtree(d)
            os.sync()
    mb = site["big_size"] / 1e6
    s = summarize(f"one LFS file, {site['big_size'] >> 20} MiB (sha256 checked afterwards for all; "
                  f"hfhub verifies it while downloading)", res, "curl -o")
    for tool, v in s.items():
        print(f"  {tool:<22} {mb / v['median']:.0f} MB/s")
    return s


def bench_small(a, ng: Nginx, site: dict, hfbench: Path, work: Path) -> dict:
    # Every run writes into a folder of its own, and all are deleted at the end: deleting
    # thousands of files right before the next run would tax that run's file creations
    # (ext4 without a journal skips recently freed inodes when it allocates new ones).
    out = fresh(work / "out")
    res: dict[str, list[dict]] = {"curl (1 process)": [], "hfhub": [], "python": []}
    cfg = work / "curl-small.cfg"
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            d = out / f"r{r}-{tool.split()[0]}"
            d.mkdir()
            os.sync()
            before = ng.requests()
            if tool.startswith("curl"):
                with open(cfg, "w") as f:
                    for rel in site["small"]:
                        f.write(f'url = "{ng.url}/{SMALL_REPO}/resolve/main/{rel}"\noutput = "{d / rel}"\n')
                wall, rss, _ = timed(["curl", "-sf", "--create-dirs", "-K", str(cfg)])
                root = d
            elif tool == "hfhub":
                wall, rss, so = timed([str(a.cli), "--endpoint", ng.url, "download", SMALL_REPO,
                                       "--cache-dir", str(d / "cache")], env=cli_env(d / "home"))
                root = Path(so.strip())
            else:
                wall, rss, so = timed([a.python, "-c", PY_SNAPSHOT, SMALL_REPO, str(d / "cache")],
                                      env=py_env(ng.url, d / "home"))
                root = Path(so.strip().splitlines()[-1])
            for rel, (size, _) in site["small"].items():
                if (root / rel).stat().st_size != size:
                    raise RuntimeError(f"{tool}: {rel} has the wrong size")
            res[tool].append({"wall": wall, "rss": rss, "requests": ng.requests() - before})
            log(f"  small r{r} {tool:<16} {wall:.3f}s requests {ng.requests() - before}")
    shutil.rmtree(out)
    return summarize(f"cold snapshot of {len(site['small'])} small files", res, "curl (1 process)")


def bench_warm(a, ng: Nginx, hfbench: Path, work: Path) -> dict:
    d = fresh(work / "warm")
    subprocess.run([str(hfbench), "snapshot", ng.url, SMALL_REPO, str(d / "rs")], check=True, capture_output=True)
    subprocess.run([a.python, "-c", PY_SNAPSHOT, SMALL_REPO, str(d / "py")], check=True, capture_output=True,
                   env=py_env(ng.url, d / "home"))
    res: dict[str, list[dict]] = {"hfhub": [], "python": []}
    n = a.warm_calls
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            before = ng.requests()
            if tool == "hfhub":
                so = subprocess.run([str(hfbench), "warm", ng.url, SMALL_REPO, str(d / "rs"), str(n)],
                                    check=True, capture_output=True, text=True).stdout
            else:
                so = subprocess.run([a.python, "-c", PY_WARM, SMALL_REPO, str(d / "py"), str(n)], check=True,
                                    capture_output=True, text=True, env=py_env(ng.url, d / "home")).stdout
            ms = json.loads(so.strip().splitlines()[-1])["ms"]
            per_call = (ng.requests() - before) / n
            res[tool].append({"wall": statistics.median(ms), "requests": per_call})
            log(f"  warm r{r} {tool:<7} median {statistics.median(ms):.2f} ms, {per_call:.1f} requests/call")
    return summarize(f"snapshot_download of the cached repo at main ({len(list((work / 'files' / SMALL_REPO).rglob('*.txt')))} "
                     f"files; median of {n} calls per round, in-process; requests per call)", res, "python", unit="ms")


def bench_ranges(a, hubsim_bin: Path, hfbench: Path, work: Path) -> dict:
    size = a.range_mb << 20
    sim = Hubsim(hubsim_bin, work, size)
    try:
        sim.throttle(a.cap_mbps * 1_000_000)
        chunk = max(1, min(16, a.range_mb // (2 * a.connections)))
        res: dict[str, list[dict]] = {"hfhub 1 stream": [], f"hfhub {a.connections} ranges": [],
                                      "curl -L": [], "python": []}
        out = work / "out"
        for r, order in rounds(list(res), a.reps):
            for tool in order:
                d = fresh(out)
                if tool == "curl -L":
                    wall, rss, _ = timed(["curl", "-sfL", "-o", str(d / BIG_FILE),
                                          f"{sim.url}/{RANGE_REPO}/resolve/main/{BIG_FILE}"])
                    path = d / BIG_FILE
                elif tool == "python":
                    wall, rss, so = timed([a.python, "-c", PY_DOWNLOAD, RANGE_REPO, BIG_FILE, str(d / "cache")],
                                          env=py_env(sim.url, d / "home"))
                    path = Path(so.strip().splitlines()[-1])
                else:
                    conns = 1 if "1 stream" in tool else a.connections
                    wall, rss, so = timed([str(hfbench), "download", sim.url, RANGE_REPO, BIG_FILE, str(d / "cache"),
                                           "--connections", str(conns), "--chunk-mb", str(chunk),
                                           "--threshold-mb", "0"])
                    path = Path(so.strip())
                if sha256_of(path) != sim.sha256:
                    raise RuntimeError(f"{tool}: wrong sha256")
                res[tool].append({"wall": wall, "rss": rss})
                log(f"  ranges r{r} {tool:<16} {wall:.3f}s ({size / 1e6 / wall:.0f} MB/s)")
        s = summarize(f"{a.range_mb} MiB through hubsim capped at {a.cap_mbps} MB/s per connection "
                      f"(chunks of {chunk} MiB)", res, "hfhub 1 stream")
        for tool, v in s.items():
            print(f"  {tool:<22} {size / 1e6 / v['median']:.0f} MB/s")
        single, par = res["hfhub 1 stream"], res[f"hfhub {a.connections} ranges"]
        speedups = [x["wall"] / y["wall"] for x, y in zip(single, par)]
        print(f"  parallel ranges / single stream rate: median {statistics.median(speedups):.1f}x "
              f"(per round {', '.join(f'{x:.1f}' for x in speedups)})")
        return s
    finally:
        sim.stop()


# --- uploads (issue 4) -------------------------------------------------------------------------
UP_TOKEN = "hf_hubsimAliceWrite000000000000000000"  # hubsim's default seed: alice, write


class UploadHub:
    """A fresh hubsim (default seed; objects on disk under `data`, or in memory with large
    uploads spooled to its own temp folder) for one measured run, so that every upload
    really sends its bytes (a stored object is never asked for again)."""

    def __init__(self, binary: Path, data: Path | None) -> None:
        args = [str(binary), "--addr", "127.0.0.1:0"]
        if data is not None:
            fresh(data)
            args += ["--data", str(data)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        self.url = next((w.rstrip("/") for w in line.split() if w.startswith("http://127.0.0.1")), None)
        if not self.url:
            self.stop()
            raise SystemExit(f"hubsim did not print its URL: {line!r}")

    def api(self, method: str, path: str, body: dict | None = None) -> dict | list:
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"authorization": f"Bearer {UP_TOKEN}",
                                              "content-type": "application/json"})
        return json.loads(urllib.request.urlopen(req, timeout=600).read() or b"null")

    def tree_files(self, repo: str) -> int:
        """Files of the repo at main, following the listing's `Link: rel="next"` pages."""
        url, n = f"{self.url}/api/models/{repo}/tree/main?recursive=True", 0
        while url:
            resp = urllib.request.urlopen(url, timeout=60)
            n += sum(1 for e in json.loads(resp.read()) if e["type"] == "file")
            link = resp.headers.get("link") or ""
            url = link[link.find("<") + 1:link.find(">")] if 'rel="next"' in link else None
        return n

    def requests(self) -> list[dict]:
        return json.loads(urllib.request.urlopen(f"{self.url}/_hubsim/requests", timeout=60).read())

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


PY_UPLOAD_FOLDER = """
import os, sys
from huggingface_hub import HfApi
api = HfApi(endpoint=sys.argv[1], token=sys.argv[2])
api.create_repo(sys.argv[3], exist_ok=True)
print(api.upload_folder(repo_id=sys.argv[3], folder_path=sys.argv[4]))"""


def random_file(path: Path, mib: int) -> str:
    """A file of `mib` MiB of random bytes (kept between runs); returns its sha256."""
    sha_path = path.with_suffix(".sha256")
    if path.is_file() and path.stat().st_size == mib << 20 and sha_path.is_file():
        return sha_path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        for _ in range(mib):
            block = os.urandom(1 << 20)
            h.update(block)
            f.write(block)
    sha_path.write_text(h.hexdigest())
    return h.hexdigest()


def bench_sha256(a, hfbench: Path, work: Path) -> dict:
    path = work / "upload" / f"up-{a.upload_mb}.bin"
    want = random_file(path, a.upload_mb)
    sha256_of(path)  # in the page cache for every tool
    res: dict[str, list[dict]] = {"openssl dgst -sha256": [], "hfhub sha256_file": []}
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            if tool.startswith("openssl"):
                wall, _, so = timed(["openssl", "dgst", "-sha256", "-r", str(path)])
                got = so.split()[0]
            else:
                wall, _, so = timed([str(hfbench), "sha256", str(path)])
                got = json.loads(so)["sha256"]
            if got != want:
                raise RuntimeError(f"{tool}: wrong sha256")
            res[tool].append({"wall": wall})
            log(f"  sha256 r{r} {tool:<22} {wall:.3f}s")
    s = summarize(f"sha256 of a {a.upload_mb} MiB file in the page cache (whole process)", res,
                  "openssl dgst -sha256")
    mb = (a.upload_mb << 20) / 1e6
    for tool, v in s.items():
        print(f"  {tool:<22} {mb / v['median']:.0f} MB/s")
    o, h = s["openssl dgst -sha256"]["median"], s["hfhub sha256_file"]["median"]
    print(f"  hfhub throughput / openssl throughput: {o / h:.2f} (target >= 0.9)")
    return s


def bench_upload(a, hubsim_bin: Path, hfbench: Path, work: Path) -> dict:
    path = work / "upload" / f"up-{a.upload_mb}.bin"
    sha = random_file(path, a.upload_mb)
    size = path.stat().st_size
    sha256_of(path)
    res: dict[str, list[dict]] = {"curl -T (storage PUT only)": [], "hfhub upload (hash+preupload+PUT+commit)": [],
                                  "hfhub upload_file, in-process phases": []}
    phases: list[dict] = []
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            hub = UploadHub(hubsim_bin, work / "upload" / "hub")
            try:
                os.sync()
                if tool.startswith("curl"):
                    hub.api("POST", "/api/repos/create", {"name": "up-curl", "organization": "alice", "private": False})
                    ans = hub.api("POST", "/alice/up-curl.git/info/lfs/objects/batch",
                                  {"operation": "upload", "transfers": ["basic"], "hash_algo": "sha256",
                                   "objects": [{"oid": sha, "size": size}]})
                    up = ans["objects"][0]["actions"]["upload"]
                    cmd = ["curl", "-sf", "-T", str(path), "-H", "Expect:", "-o", "/dev/null"]
                    for k, v in (up.get("header") or {}).items():
                        cmd += ["-H", f"{k}: {v}"]
                    wall, rss, _ = timed(cmd + [up["href"]])
                elif tool.startswith("hfhub upload_file"):
                    wall, rss, so = timed([str(hfbench), "upload", hub.url, UP_TOKEN, "alice/up-phases", str(path),
                                           "model.bin"])
                    phases.append(json.loads(so))
                else:
                    wall, rss, so = timed([str(a.cli), "--endpoint", hub.url, "--token", UP_TOKEN, "upload",
                                           "alice/up-hfhub", str(path), "model.bin"],
                                          env=cli_env(work / "upload" / "home"))
                    got = hub.api("GET", "/api/models/alice/up-hfhub/revision/main?blobs=True")
                    lfs = [x for x in got["siblings"] if x["rfilename"] == "model.bin"][0]["lfs"]
                    if lfs["sha256"] != sha:
                        raise RuntimeError("hfhub upload: wrong object committed")
            finally:
                hub.stop()
            res[tool].append({"wall": wall, "rss": rss})
            log(f"  upload r{r} {tool:<42} {wall:.3f}s rss {rss / 1024:.1f} MiB")
    s = summarize(f"upload of a {a.upload_mb} MiB LFS file to hubsim (release, objects on disk; hubsim "
                  "verifies the sha256 of what it stores)", res, "curl -T (storage PUT only)")
    c, h = s["curl -T (storage PUT only)"]["median"], s["hfhub upload (hash+preupload+PUT+commit)"]["median"]
    print(f"  hfhub throughput / curl throughput, whole upload: {c / h:.2f} (target >= 0.8)")
    med = {k: statistics.median(p[k] for p in phases) for k in ("before_put_ms", "put_ms", "commit_ms", "total_ms")}
    print(f"  hfhub phases (median): sha256 + preupload + LFS batch {med['before_put_ms']:.0f} ms, storage PUT "
          f"{med['put_ms']:.0f} ms, commit {med['commit_ms']:.0f} ms")
    print(f"  hfhub storage PUT throughput / curl -T throughput: {c * 1000 / med['put_ms']:.2f}")
    s["phases_ms"] = med
    return s


def bench_commit_rss(a, hubsim_bin: Path, work: Path, big: Path) -> dict:
    """Peak RSS of `hfhub upload` of the big file (a commit of a 2 GiB file by default)."""
    hub = UploadHub(hubsim_bin, work / "upload" / "hub")
    try:
        wall, rss, _ = timed([str(a.cli), "--endpoint", hub.url, "--token", UP_TOKEN, "upload",
                              "alice/up-big", str(big), "big.bin"], env=cli_env(work / "upload" / "home"))
    finally:
        hub.stop()
    print(f"\n## commit of one {big.stat().st_size >> 20} MiB file (hfhub upload)")
    print(f"  wall {wall:.3f} s, peak RSS {rss / 1024:.1f} MiB (target <= 64 MiB)")
    return {"wall": wall, "peak_rss_kib": rss}


def bench_folder(a, hubsim_bin: Path, work: Path, folder: Path) -> dict:
    n_files = sum(1 for p in folder.rglob("*") if p.is_file())
    res: dict[str, list[dict]] = {"hfhub upload": [], "python upload_folder": []}
    for r, order in rounds(list(res), a.reps):
        for tool in order:
            # in memory: with objects on disk, hubsim's commit of 1000 new files (one file
            # each) takes ~0.4 s and would measure the server rather than the clients
            hub = UploadHub(hubsim_bin, None)
            try:
                os.sync()
                if tool == "hfhub upload":
                    wall, rss, _ = timed([str(a.cli), "--endpoint", hub.url, "--token", UP_TOKEN, "upload",
                                          "alice/folder", str(folder)], env=cli_env(work / "upload" / "home"))
                else:
                    wall, rss, _ = timed([a.python, "-c", PY_UPLOAD_FOLDER, hub.url, UP_TOKEN, "alice/folder",
                                          str(folder)], env={**py_env(hub.url, work / "upload" / "pyhome"),
                                                             "HF_HUB_DISABLE_XET": "1"})
                reqs = hub.requests()
                if hub.tree_files("alice/folder") < n_files:
                    raise RuntimeError(f"{tool}: not every file was committed")
            finally:
                hub.stop()
            pre = sum(1 for q in reqs if q["path"].endswith("/preupload/main"))
            com = sum(1 for q in reqs if q["method"] == "POST" and "/commit/" in q["path"])
            res[tool].append({"wall": wall, "rss": rss, "requests": f"{len(reqs)} ({pre} preupload, {com} commit)"})
            log(f"  folder r{r} {tool:<20} {wall:.3f}s requests {len(reqs)} ({pre} preupload, {com} commit)")
    s = summarize(f"upload_folder of {n_files} small files to hubsim (process wall time; "
                  f"target: ceil({n_files}/256) = {-(-n_files // 256)} preuploads + 1 commit)", res, "hfhub upload")
    h, p = s["hfhub upload"]["median"], s["python upload_folder"]["median"]
    print(f"  python time / hfhub time: {p / h:.2f} (target >= 2)")
    return s


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--big-mb", type=int, default=2048, help="size of the large LFS file in MiB (2048)")
    p.add_argument("--small-files", type=int, default=1000, help="files of the small-files repo (1000)")
    p.add_argument("--small-size", type=int, default=2048, help="bytes per small file (2048)")
    p.add_argument("--reps", type=int, default=3, help="paired rounds per scenario (3)")
    p.add_argument("--warm-calls", type=int, default=50, help="calls per round of the warm scenario (50)")
    p.add_argument("--range-mb", type=int, default=512, help="file size of the capped scenario in MiB (512)")
    p.add_argument("--cap-mbps", type=int, default=50, help="per-connection cap in MB/s (50)")
    p.add_argument("--connections", type=int, default=8, help="hfhub connections in the capped scenario (8)")
    p.add_argument("--upload-mb", type=int, default=1024, help="file of the sha256 and upload scenarios (1024)")
    p.add_argument("--only", action="append",
                   choices=["big", "small", "warm", "ranges", "sha256", "upload", "commit-rss", "folder"],
                   help="run only these scenarios (repeatable)")
    p.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "hfhub-bench"),
                   help="work folder (files, caches, nginx); the large file is kept for the next run")
    p.add_argument("--python", default=str(ROOT / "tests/interop/.venvs/2.4/bin/python"),
                   help="Python with huggingface_hub (the interop suite's 2.4 venv)")
    p.add_argument("--skip-build", action="store_true", help="do not rebuild hubsim (hfbench is always checked)")
    a = p.parse_args()
    a.reps = max(1, min(a.reps, 50))
    a.warm_calls = max(1, min(a.warm_calls, 1000))
    only = set(a.only or ["big", "small", "warm", "ranges", "sha256", "upload", "commit-rss", "folder"])
    if not Path(a.python).exists():
        raise SystemExit(f"{a.python} not found: run tests/interop/run.sh once (it creates the venvs)")
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    hfbench, hubsim_bin, a.cli = build(a.skip_build)
    pyver = subprocess.run([a.python, "-c", "import huggingface_hub as h; print(h.__version__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    curlver = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"# hfhub benchmarks  ({time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f})")
    print(f"# huggingface_hub {pyver}; {curlver}; {a.reps} paired rounds per scenario")
    results: dict = {"load_before": os.getloadavg()}
    if only & {"big", "small", "warm"}:
        big = work / "files" / BIG_REPO / BIG_FILE
        keep = big.stat().st_size >> 20 if big.is_file() else 1  # never rewrite it for nothing
        site = write_site(work, a.big_mb if "big" in only else keep, a.small_files, a.small_size)
        ng = Nginx(work)
        try:
            if "big" in only:
                results["big"] = bench_big(a, ng, site, hfbench, work)
            if "small" in only:
                results["small"] = bench_small(a, ng, site, hfbench, work)
            if "warm" in only:
                results["warm"] = bench_warm(a, ng, hfbench, work)
        finally:
            ng.stop()
    if "ranges" in only:
        results["ranges"] = bench_ranges(a, hubsim_bin, hfbench, work)
    if "sha256" in only:
        results["sha256"] = bench_sha256(a, hfbench, work)
    if "upload" in only:
        results["upload"] = bench_upload(a, hubsim_bin, hfbench, work)
    if "commit-rss" in only:
        big = work / "files" / BIG_REPO / BIG_FILE
        if not big.is_file():
            write_site(work, a.big_mb, a.small_files, a.small_size)
        results["commit_rss"] = bench_commit_rss(a, hubsim_bin, work, big)
    if "folder" in only:
        folder = work / "files" / SMALL_REPO
        if not folder.is_dir():
            big = work / "files" / BIG_REPO / BIG_FILE
            write_site(work, big.stat().st_size >> 20 if big.is_file() else 1, a.small_files, a.small_size)
        results["folder"] = bench_folder(a, hubsim_bin, work, folder)
    results["load_after"] = os.getloadavg()
    print(f"\n# load average before {results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}"
          " (2 CPUs: figures taken at a load above ~0.5 are noisy)")
    (work / "results.json").write_text(json.dumps(results, indent=1))
    print(f"# raw figures: {work / 'results.json'}")


if __name__ == "__main__":
    main()
