//! Soak: mixed operations from 8 threads against one hubsim process with random
//! transient faults, checking every result, and checking that this process's
//! resident memory and open file descriptors stay flat.
//!
//! Not part of the default test run (it is `#[ignore]`d and takes 30 minutes):
//!
//! ```text
//! cargo build --release -p hubsim
//! HFHUB_SOAK_SECS=1800 cargo test --release --test soak -- --ignored --nocapture
//! ```
//!
//! hubsim runs as a child process (`target/<profile>/hubsim`, or `HUBSIM_BIN`) so
//! its memory (it keeps every upload) is not counted as ours. A fault thread
//! injects one-shot faults over `/_hubsim/faults` (5xx, 429, connections cut
//! mid-body, corrupted bytes, throttled bodies). Every operation either returns
//! exactly the expected result or fails with one of the kinds those faults can
//! cause, and a failed download leaves no partial file in its cache.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hfhub::{
    Client, CreateBranchOptions, CreateRepoOptions, DeleteBranchOptions, ErrorKind,
    FileExistsOptions, HfHubDownloadOptions, ListModelsOptions, ListRepoRefsOptions,
    ModelInfoOptions, RetryPolicy, SnapshotDownloadOptions, Timeouts, UploadFileOptions,
};
use hubsim::seed::{ALICE_WRITE_TOKEN, MODEL, MODEL_BIG_FILE, MODEL_CONFIG_JSON};
use sha2::{Digest, Sha256};

const THREADS: usize = 8;

struct Hubsim {
    child: Child,
    url: String,
}

impl Drop for Hubsim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hubsim_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("HUBSIM_BIN") {
        return p.into();
    }
    // target/<profile>/deps/soak-<hash> → target/<profile>/hubsim
    let exe = std::env::current_exe().expect("test executable path");
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("hubsim"))
        .expect("target folder");
    assert!(
        bin.is_file(),
        "{} is missing: run `cargo build --release -p hubsim` first (or set HUBSIM_BIN)",
        bin.display()
    );
    bin
}

fn start_hubsim(data: &Path) -> Hubsim {
    let mut child = Command::new(hubsim_binary())
        .args(["--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hubsim starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("hubsim prints its URL");
    Hubsim {
        child,
        url: line.trim().to_owned(),
    }
}

/// Resident set size (KiB) and open descriptors of this process.
fn usage() -> (u64, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let fds = std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count());
    (rss, fds)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Errors the injected faults can legitimately cause (after the client's retries).
/// A download whose metadata request keeps failing reports `LocalEntryNotFound`
/// (the file is not cached either), naming the Hub's failure, as Python does.
fn fault_induced(e: &hfhub::Error) -> bool {
    match e.kind() {
        ErrorKind::Http
        | ErrorKind::RateLimited
        | ErrorKind::Network
        | ErrorKind::Timeout
        | ErrorKind::Checksum => true,
        ErrorKind::LocalEntryNotFound => e.to_string().contains("the Hub could not be reached"),
        _ => false,
    }
}

/// No temp file and no dangling snapshot pointer anywhere under `cache`.
fn cache_is_clean(cache: &Path) -> Result<(), String> {
    let mut stack = vec![cache.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".incomplete") || name.ends_with(".tmp") {
                return Err(format!("leftover {}", p.display()));
            }
            let ft = e.file_type().map_err(|e| e.to_string())?;
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_symlink() && !p.exists() {
                return Err(format!("dangling pointer {}", p.display()));
            }
        }
    }
    Ok(())
}

fn post_json(url: &str, body: &serde_json::Value) {
    let _ = ureq::post(url).send_json(body);
}

/// Injects one random one-shot fault.
fn inject_random_fault(base: &str) {
    let r = fastrand::u32(..10);
    let times = fastrand::u32(1..3);
    let (prefix, action) = match r {
        0 => (
            "/api/models/",
            serde_json::json!({"type": "status", "status": 503}),
        ),
        1 => (
            "/api/models/",
            serde_json::json!({"type": "status", "status": 429, "headers": {"Retry-After": "0"}}),
        ),
        2 => (
            "/alice/tiny-model/resolve/",
            serde_json::json!({"type": "status", "status": 502}),
        ),
        3 => (
            "/alice/tiny-model/resolve/",
            serde_json::json!({"type": "drop_after", "bytes": fastrand::u64(0..2000)}),
        ),
        4 | 5 => (
            "/_cdn/",
            serde_json::json!({"type": "drop_after", "bytes": fastrand::u64(1..3_000_000)}),
        ),
        6 => (
            "/_cdn/",
            serde_json::json!({"type": "corrupt", "offset": fastrand::u64(0..100_000)}),
        ),
        7 => (
            "/_cdn/",
            serde_json::json!({"type": "throttle", "bytes_per_second": 4_000_000}),
        ),
        8 => (
            "/api/",
            serde_json::json!({"type": "status", "status": 500}),
        ),
        _ => ("/api/", serde_json::json!({"type": "delay", "millis": 300})),
    };
    post_json(
        &format!("{base}/_hubsim/faults"),
        &serde_json::json!({"path_prefix": prefix, "times": times, "action": action}),
    );
}

#[derive(Default)]
struct Tally {
    ok: BTreeMap<&'static str, u64>,
    faulted: BTreeMap<String, u64>,
    wrong: Vec<String>,
}

struct Ctx {
    client: Client,
    scratch: PathBuf,
    big_sha: String,
    model_files: BTreeMap<String, u64>,
    repo: String,
}

impl Ctx {
    fn fresh_cache(&self, n: u64) -> PathBuf {
        self.scratch.join(format!("c{n}"))
    }

    /// One operation; `Ok(false)` = failed with a fault-induced error (checked clean).
    fn run(&self, op: u32, n: u64) -> Result<bool, String> {
        let cache = self.fresh_cache(n);
        let res = self.op(op, n, &cache);
        let out = match res {
            Ok(()) => Ok(true),
            Err(Failure::Wrong(m)) => Err(m),
            Err(Failure::Hf(e)) if fault_induced(&e) => {
                cache_is_clean(&cache).map_err(|m| format!("after `{e}`: {m}"))?;
                Ok(false)
            }
            Err(Failure::Hf(e)) => Err(format!("unexpected error kind {:?}: {e}", e.kind())),
        };
        let _ = std::fs::remove_dir_all(&cache);
        out
    }

    fn op(&self, op: u32, n: u64, cache: &Path) -> Result<(), Failure> {
        let c = &self.client;
        let dl = HfHubDownloadOptions {
            cache_dir: Some(cache.to_owned()),
            ..Default::default()
        };
        match op {
            0 => {
                let p = c.hf_hub_download(MODEL, "config.json", &dl)?;
                check(
                    std::fs::read(&p).ok() == Some(MODEL_CONFIG_JSON.as_bytes().to_vec()),
                    "config.json content",
                )?;
            }
            1 => {
                let p = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &dl)?;
                let bytes = std::fs::read(&p).map_err(|e| Failure::Wrong(e.to_string()))?;
                check(sha256_hex(&bytes) == self.big_sha, "big file sha256")?;
                cache_is_clean(cache).map_err(Failure::Wrong)?;
            }
            2 => {
                let opts = SnapshotDownloadOptions {
                    cache_dir: Some(cache.to_owned()),
                    ..Default::default()
                };
                let snap = c.snapshot_download(MODEL, &opts)?;
                for (path, size) in &self.model_files {
                    let got = std::fs::metadata(snap.join(path)).map(|m| m.len()).ok();
                    check(got == Some(*size), &format!("snapshot file {path}"))?;
                }
                cache_is_clean(cache).map_err(Failure::Wrong)?;
            }
            3 => {
                let info = c.model_info(MODEL, &ModelInfoOptions::default())?;
                check(info.id == MODEL, "model_info id")?;
                let n_files = info.siblings.as_ref().map_or(0, Vec::len);
                check(n_files == self.model_files.len(), "model_info siblings")?;
            }
            4 => {
                let opts = ListModelsOptions {
                    author: Some("alice".into()),
                    limit: Some(100),
                    ..Default::default()
                };
                let ids: Vec<String> = c
                    .list_models(&opts)
                    .map(|m| m.map(|m| m.id))
                    .collect::<Result<_, _>>()?;
                check(ids.iter().any(|i| i == MODEL), "list_models has the model")?;
            }
            5 => {
                // small regular files mostly, an LFS file (> 10 MiB) now and then
                let size = if n % 100 == 0 {
                    11 << 20
                } else {
                    fastrand::usize(0..65536)
                };
                let bytes: Vec<u8> = (0..size).map(|_| fastrand::u8(..)).collect();
                let path = format!("f{}.bin", n % 8);
                let commit = c.upload_file(
                    &self.repo,
                    bytes.clone(),
                    &path,
                    &UploadFileOptions::default(),
                )?;
                let back = HfHubDownloadOptions {
                    revision: Some(commit.oid.clone()),
                    ..dl
                };
                let p = c.hf_hub_download(&self.repo, &path, &back)?;
                let got = std::fs::read(&p).map_err(|e| Failure::Wrong(e.to_string()))?;
                check(got == bytes, "uploaded bytes read back")?;
            }
            6 => {
                let branch = format!("soak-{n}");
                c.create_branch(&self.repo, &branch, &CreateBranchOptions::default())?;
                let refs = c.list_repo_refs(&self.repo, &ListRepoRefsOptions::default())?;
                check(
                    refs.branches.iter().any(|b| b.name == branch),
                    "new branch listed",
                )?;
                c.delete_branch(&self.repo, &branch, &DeleteBranchOptions::default())?;
            }
            _ => {
                check(
                    c.file_exists(MODEL, "config.json", &FileExistsOptions::default())?,
                    "file_exists",
                )?;
                check(
                    !c.file_exists(MODEL, "no/such/file", &FileExistsOptions::default())?,
                    "file_exists (absent)",
                )?;
            }
        }
        Ok(())
    }
}

enum Failure {
    Hf(hfhub::Error),
    Wrong(String),
}

impl From<hfhub::Error> for Failure {
    fn from(e: hfhub::Error) -> Self {
        Failure::Hf(e)
    }
}

fn check(ok: bool, what: &str) -> Result<(), Failure> {
    if ok {
        Ok(())
    } else {
        Err(Failure::Wrong(format!("wrong result: {what}")))
    }
}

fn client(url: &str, home: &Path) -> Client {
    // the 3 MiB LFS file goes through parallel ranges too
    let dl = hfhub::DownloadConfig {
        chunk_size: 512 * 1024,
        parallel_threshold: 1024 * 1024,
        max_connections: 4,
        ..Default::default()
    };
    Client::builder()
        .endpoint(url)
        .hf_home(home)
        .token(ALICE_WRITE_TOKEN)
        .download_config(dl)
        .retry(RetryPolicy {
            max_retries: 4,
            base_wait: Duration::from_millis(20),
            max_wait: Duration::from_millis(200),
            max_total_wait: Duration::from_secs(5),
        })
        .timeouts(Timeouts {
            request: Duration::from_secs(60),
            ..Default::default()
        })
        .build()
        .expect("client")
}

#[test]
#[ignore = "30-minute soak; run it as the module docs say"]
fn soak() {
    let secs: u64 = std::env::var("HFHUB_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1800);
    let root = std::env::temp_dir().join(format!("hfhub-soak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("hub")).unwrap();
    let sim = start_hubsim(&root.join("hub"));
    let base = client(&sim.url, &root.join("home"));

    // What the fault-free answers are.
    let tree = base
        .list_repo_tree(
            MODEL,
            &hfhub::ListRepoTreeOptions {
                recursive: true,
                ..Default::default()
            },
        )
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let model_files: BTreeMap<String, u64> = tree
        .iter()
        .filter_map(|e| match e {
            hfhub::types::RepoTreeEntry::File(f) => Some((f.path.clone(), f.size)),
            _ => None,
        })
        .collect();
    let big = base
        .hf_hub_download(
            MODEL,
            MODEL_BIG_FILE,
            &HfHubDownloadOptions {
                cache_dir: Some(root.join("baseline")),
                ..Default::default()
            },
        )
        .unwrap();
    let big_sha = sha256_hex(&std::fs::read(big).unwrap());

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let samples = Arc::new(Mutex::new(Vec::<(u64, u64, usize)>::new()));

    std::thread::scope(|s| {
        // faults
        let url = sim.url.clone();
        let stop_f = stop.clone();
        s.spawn(move || {
            let mut last_clear = Instant::now();
            while !stop_f.load(Ordering::Relaxed) {
                inject_random_fault(&url);
                if last_clear.elapsed() > Duration::from_secs(5) {
                    let _ = ureq::delete(&format!("{url}/_hubsim/faults")).call();
                    let _ = ureq::delete(&format!("{url}/_hubsim/requests")).call();
                    last_clear = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(fastrand::u64(50..400)));
            }
            let _ = ureq::delete(&format!("{url}/_hubsim/faults")).call();
        });
        // memory and descriptors, every 10 s
        let (stop_m, samples_m) = (stop.clone(), samples.clone());
        s.spawn(move || {
            let mut next = Instant::now();
            while !stop_m.load(Ordering::Relaxed) {
                if Instant::now() >= next {
                    let (rss, fds) = usage();
                    let t = started.elapsed().as_secs();
                    println!("soak t={t:>5}s rss={rss} KiB fds={fds}");
                    samples_m.lock().unwrap().push((t, rss, fds));
                    next += Duration::from_secs(10);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let repo = format!("alice/soak-{t}");
                base.create_repo(
                    &repo,
                    &CreateRepoOptions {
                        exist_ok: true,
                        ..Default::default()
                    },
                )
                .unwrap();
                let ctx = Ctx {
                    client: base.clone(),
                    scratch: root.join(format!("w{t}")),
                    big_sha: big_sha.clone(),
                    model_files: model_files.clone(),
                    repo,
                };
                let tally = tally.clone();
                s.spawn(move || {
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        n += 1;
                        let op = fastrand::u32(..8);
                        let name = [
                            "config",
                            "big",
                            "snapshot",
                            "model_info",
                            "list_models",
                            "upload",
                            "branch",
                            "file_exists",
                        ][op as usize];
                        let res = ctx.run(op, n);
                        let mut t = tally.lock().unwrap();
                        match res {
                            Ok(true) => *t.ok.entry(name).or_default() += 1,
                            Ok(false) => *t.faulted.entry(name.to_owned()).or_default() += 1,
                            Err(m) => t.wrong.push(format!("{name}: {m}")),
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        stop.store(true, Ordering::Relaxed);
    });

    let tally = tally.lock().unwrap();
    let ok: u64 = tally.ok.values().sum();
    let faulted: u64 = tally.faulted.values().sum();
    println!(
        "soak: {secs} s, {THREADS} threads; succeeded {ok} {:?}",
        tally.ok
    );
    println!(
        "soak: failed as a fault made them fail (cache left clean) {faulted} {:?}",
        tally.faulted
    );
    let samples = samples.lock().unwrap();
    // Flatness: the medians of the samples taken from 10% to 30% of the run (after the
    // warm-up: thread arenas, connection pools) and over its last 20%. Medians, because
    // a sample can fall in the middle of an 11 MiB upload.
    let median_in = |from: u64, to: u64| -> (u64, usize) {
        let mut rss: Vec<u64> = Vec::new();
        let mut fds: Vec<usize> = Vec::new();
        for (t, r, f) in samples.iter() {
            if *t >= from && *t <= to {
                rss.push(*r);
                fds.push(*f);
            }
        }
        rss.sort_unstable();
        fds.sort_unstable();
        (
            rss.get(rss.len() / 2).copied().unwrap_or(0),
            fds.get(fds.len() / 2).copied().unwrap_or(0),
        )
    };
    let early = median_in(secs / 10, secs * 3 / 10);
    let late = median_in(secs * 8 / 10, secs);
    let first = samples.first().copied().unwrap_or_default();
    let last = samples.last().copied().unwrap_or_default();
    println!(
        "soak: rss at start {} KiB, median {} KiB over 10-30% of the run, {} KiB over the last 20%, {} KiB at the end",
        first.1, early.0, late.0, last.1
    );
    println!(
        "soak: open descriptors at start {}, median {} over 10-30%, {} over the last 20%, {} at the end",
        first.2, early.1, late.1, last.2
    );
    let _ = std::fs::remove_dir_all(&root);
    assert!(tally.wrong.is_empty(), "wrong results: {:#?}", tally.wrong);
    assert!(
        ok > faulted * 2,
        "too many failures: {ok} ok, {faulted} failed"
    );
    assert!(
        late.0 <= early.0 + early.0 / 4 + 8 * 1024,
        "resident memory grew: {} -> {} KiB",
        early.0,
        late.0
    );
    assert!(
        late.1 <= early.1 + 16,
        "descriptors grew: {} -> {}",
        early.1,
        late.1
    );
}
