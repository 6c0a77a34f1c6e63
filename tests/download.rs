//! Downloads into the Python-compatible cache against hubsim: round trips,
//! layout, faults, resume, cancellation, concurrency, offline mode, local_dir,
//! snapshots, cache scanning.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hfhub::{
    CachedFile, CancelToken, Client, DownloadConfig, ErrorKind, HfHubDownloadOptions, Hooks,
    ProgressEvent, ProgressKind, SnapshotDownloadOptions, TryToLoadFromCacheOptions,
};
use hubsim::seed::{MODEL, MODEL_BIG_FILE, MODEL_BIG_SIZE, MODEL_CONFIG_JSON};
use hubsim::{Fault, FaultAction, Server};
use sha2::{Digest, Sha256};

const FOLDER: &str = "models--alice--tiny-model";

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn git_sha1(b: &[u8]) -> String {
    use sha1::Digest as _;
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", b.len()).as_bytes());
    h.update(b);
    h.finalize().iter().map(|x| format!("{x:02x}")).collect()
}

fn cache(c: &Client) -> PathBuf {
    c.cache_dir().to_owned()
}

fn opts() -> HfHubDownloadOptions {
    HfHubDownloadOptions::default()
}

fn at(rev: &str) -> HfHubDownloadOptions {
    HfHubDownloadOptions {
        revision: Some(rev.into()),
        ..Default::default()
    }
}

/// The file content hubsim serves, fetched with a plain GET.
fn served(sim: &Server, path: &str) -> Vec<u8> {
    let url = format!(
        "{}/{MODEL}/resolve/main/{}",
        sim.url(),
        hfhub::urls::quote_path(path)
    );
    let agent = ureq::Agent::new_with_defaults();
    let mut r = agent.get(&url).call().unwrap();
    let body = r
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .unwrap();
    sim.clear_requests();
    body
}

fn cdn_fault(action: FaultAction, times: Option<u32>) -> Fault {
    Fault {
        method: Some("GET".into()),
        path_prefix: "/_cdn/".into(),
        times,
        action,
    }
}

#[test]
fn a_file_costs_two_requests_cold_one_at_a_branch_and_none_at_a_cached_commit() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let c = common::client(&sim, None);
    let p = c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    assert_eq!(
        common::targets(&sim),
        [
            format!("HEAD /{MODEL}/resolve/main/config.json"),
            format!("GET /{MODEL}/resolve/main/config.json"),
        ]
    );
    assert_eq!(fs::read(&p).unwrap(), MODEL_CONFIG_JSON.as_bytes());
    let root = cache(&c);
    assert_eq!(
        p,
        root.join(FOLDER)
            .join("snapshots")
            .join(&commit)
            .join("config.json")
    );

    sim.clear_requests();
    assert_eq!(c.hf_hub_download(MODEL, "config.json", &opts()).unwrap(), p);
    assert_eq!(
        common::targets(&sim),
        [format!("HEAD /{MODEL}/resolve/main/config.json")]
    );

    sim.clear_requests();
    assert_eq!(
        c.hf_hub_download(MODEL, "config.json", &at(&commit))
            .unwrap(),
        p
    );
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));

    let offline = common::builder(&sim)
        .cache_dir(&root)
        .offline(true)
        .build()
        .unwrap();
    assert_eq!(
        offline
            .hf_hub_download(MODEL, "config.json", &opts())
            .unwrap(),
        p
    );
    assert!(sim.requests().is_empty());
}

#[test]
fn the_cache_layout_is_pythons() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let c = common::client(&sim, None);
    let root = cache(&c);
    let notes = "onnx/sub dir/notes.txt";
    let p = c.hf_hub_download(MODEL, notes, &opts()).unwrap();
    let big = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
    let repo = root.join(FOLDER);

    // refs/main: the commit, no newline.
    assert_eq!(fs::read(repo.join("refs/main")).unwrap(), commit.as_bytes());
    // Blobs named by the normalised etag: git sha1 (regular) and sha256 (LFS).
    let notes_bytes = fs::read(&p).unwrap();
    let big_bytes = fs::read(&big).unwrap();
    assert_eq!(big_bytes.len() as u64, MODEL_BIG_SIZE);
    let notes_etag = git_sha1(&notes_bytes);
    let big_etag = sha256_hex(&big_bytes);
    let mut blobs = common::files_under(&repo.join("blobs"));
    blobs.sort();
    let mut want = vec![notes_etag.clone(), big_etag.clone()];
    want.sort();
    assert_eq!(blobs, want, "nothing but the two blobs (no temp file left)");
    // Relative symlinks, one `../` per folder level.
    #[cfg(unix)]
    {
        assert_eq!(
            fs::read_link(&p).unwrap(),
            Path::new(&format!("../../../../blobs/{notes_etag}"))
        );
        assert_eq!(
            fs::read_link(&big).unwrap(),
            Path::new(&format!("../../../blobs/{big_etag}"))
        );
    }
    // Locks where Python takes them; nothing else at the root.
    assert!(root
        .join(".locks")
        .join(FOLDER)
        .join(format!("{big_etag}.lock"))
        .is_file());
    let mut top: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, [".locks", FOLDER]);
    let mut repo_entries: Vec<_> = fs::read_dir(&repo)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    repo_entries.sort();
    assert_eq!(repo_entries, ["blobs", "refs", "snapshots"]);
    assert_eq!(
        common::files_under(&repo.join("snapshots")),
        [
            format!("{commit}/onnx/sub dir/notes.txt"),
            format!("{commit}/weights/big.bin"),
        ]
    );
}

#[test]
fn lfs_files_come_from_the_cdn_without_the_token_and_are_verified() {
    let sim = common::sim();
    let c = common::client(&sim, Some(hubsim::seed::ALICE_READ_TOKEN));
    let p = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
    let reqs = sim.requests();
    assert_eq!(reqs.len(), 2, "{:?}", common::targets(&sim));
    assert_eq!(reqs[0].method, "HEAD");
    assert!(
        reqs[0].header("authorization").is_some(),
        "the Hub gets the token"
    );
    assert!(reqs[1].path.starts_with("/_cdn/"));
    assert!(
        reqs[1].header("authorization").is_none(),
        "the CDN never does"
    );
    let bytes = fs::read(&p).unwrap();
    assert_eq!(p.file_name().unwrap(), "big.bin");
    assert_eq!(bytes, served(&sim, MODEL_BIG_FILE));
}

#[test]
fn a_connection_dropped_at_half_is_resumed_and_verified() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let half = MODEL_BIG_SIZE / 2;
    sim.inject(cdn_fault(FaultAction::DropAfter { bytes: half }, Some(1)));
    let p = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
    let cdn: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .collect();
    assert_eq!(cdn.len(), 2, "one drop, one resume");
    assert!(cdn[0].header("range").is_none());
    let resumed_from: u64 = cdn[1]
        .header("range")
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
        .and_then(|r| r.parse().ok())
        .expect("the second GET is a range");
    assert!(resumed_from > 0 && resumed_from <= half, "{resumed_from}");
    let bytes = fs::read(&p).unwrap();
    assert_eq!(bytes, served(&sim, MODEL_BIG_FILE));
}

#[test]
fn wrong_bytes_are_a_checksum_error_and_leave_nothing_behind() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    sim.inject(cdn_fault(FaultAction::Corrupt { offset: 12345 }, Some(1)));
    let err = c
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &opts())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert!(err.to_string().contains("sha256"), "{err}");
    let repo = cache(&c).join(FOLDER);
    assert!(
        common::files_under(&repo.join("blobs")).is_empty(),
        "{:?}",
        common::files_under(&repo.join("blobs"))
    );
    assert!(common::files_under(&repo.join("snapshots")).is_empty());
    // The next attempt (no fault) succeeds.
    c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
}

#[test]
fn cancellation_leaves_no_partial_file() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    sim.inject(cdn_fault(
        FaultAction::Throttle {
            bytes_per_second: 512 * 1024,
        },
        None,
    ));
    let token = CancelToken::new();
    let t2 = token.clone();
    let mut seen = 0u64;
    let mut sink = |e: &ProgressEvent| {
        seen = e.bytes_done;
        if e.bytes_done > 0 {
            t2.cancel();
        }
    };
    let started = Instant::now();
    let err = c
        .hf_hub_download_with(
            MODEL,
            MODEL_BIG_FILE,
            &opts(),
            &mut Hooks::new().progress(&mut sink).cancel(&token),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(seen > 0 && seen < MODEL_BIG_SIZE);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let repo = cache(&c).join(FOLDER);
    assert!(
        common::files_under(&repo.join("blobs")).is_empty(),
        "{:?}",
        common::files_under(&repo.join("blobs"))
    );
    assert!(common::files_under(&repo.join("snapshots")).is_empty());

    // A token cancelled before the call: nothing is sent.
    sim.clear_requests();
    let err = c
        .hf_hub_download_with(
            MODEL,
            "README.md",
            &opts(),
            &mut Hooks::new().cancel(&token),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(sim.requests().is_empty());
}

#[test]
fn eight_threads_downloading_one_file_make_one_blob() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    sim.inject(cdn_fault(
        FaultAction::Throttle {
            bytes_per_second: 8 * 1024 * 1024,
        },
        None,
    ));
    let paths: Vec<PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap())
            .collect()
    });
    assert!(paths.windows(2).all(|w| w[0] == w[1]));
    let repo = cache(&c).join(FOLDER);
    let blobs = common::files_under(&repo.join("blobs"));
    assert_eq!(blobs.len(), 1, "{blobs:?}");
    let bytes = fs::read(&paths[0]).unwrap();
    assert_eq!(sha256_hex(&bytes), blobs[0], "content verified");
    let cdn = sim
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .count();
    assert_eq!(cdn, 1, "the lock makes the other callers reuse the blob");
}

#[test]
fn offline_and_local_files_only_never_touch_the_network() {
    let sim = common::sim();
    let c = common::builder(&sim).offline(true).build().unwrap();
    let err = c
        .hf_hub_download(MODEL, "config.json", &opts())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound);
    let msg = err.to_string();
    assert!(
        msg.contains("config.json") && msg.contains(MODEL) && msg.contains("HF_HUB_OFFLINE"),
        "{msg}"
    );
    let err = c.snapshot_download(MODEL, &Default::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound);

    let online = common::client(&sim, None);
    let local_only = HfHubDownloadOptions {
        local_files_only: true,
        ..Default::default()
    };
    let err = online
        .hf_hub_download(MODEL, "config.json", &local_only)
        .unwrap_err();
    assert!(err.to_string().contains("local_files_only"), "{err}");
    let forced = HfHubDownloadOptions {
        force_download: true,
        ..local_only.clone()
    };
    assert_eq!(
        online
            .hf_hub_download(MODEL, "config.json", &forced)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));

    let p = online
        .hf_hub_download(MODEL, "config.json", &opts())
        .unwrap();
    sim.clear_requests();
    assert_eq!(
        online
            .hf_hub_download(MODEL, "config.json", &local_only)
            .unwrap(),
        p
    );
    assert!(sim.requests().is_empty());
}

#[test]
fn when_the_hub_fails_a_cached_file_is_still_returned() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let p = c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    sim.inject(Fault::status(&format!("/{MODEL}/resolve/"), 503));
    assert_eq!(c.hf_hub_download(MODEL, "config.json", &opts()).unwrap(), p);
    let err = c.hf_hub_download(MODEL, "README.md", &opts()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound, "{err}");
    sim.clear_faults();
    let err = c
        .hf_hub_download("alice/no-such-model", "x", &opts())
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::RepoNotFound,
        "not cached: the Hub's error"
    );
}

#[test]
fn unsafe_names_are_rejected_before_anything_happens() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    for (name, sub) in [
        ("../../etc/passwd", None),
        ("/etc/passwd", None),
        ("a/../../b", None),
        ("x", Some("../..")),
        ("C:\\x", None),
    ] {
        let o = HfHubDownloadOptions {
            subfolder: sub.map(str::to_owned),
            ..Default::default()
        };
        let err = c.hf_hub_download(MODEL, name, &o).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}");
    }
    let err = c
        .hf_hub_download(MODEL, "config.json", &at("../../x"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
    assert!(!cache(&c).exists(), "nothing written");
}

#[test]
fn missing_files_leave_a_no_exist_marker() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let c = common::client(&sim, None);
    let err = c.hf_hub_download(MODEL, "nope.txt", &opts()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::EntryNotFound);
    let repo = cache(&c).join(FOLDER);
    let marker = repo.join(".no_exist").join(&commit).join("nope.txt");
    assert!(marker.is_file());
    assert_eq!(fs::read(&marker).unwrap().len(), 0);
    assert_eq!(fs::read(repo.join("refs/main")).unwrap(), commit.as_bytes());
    let t = |f: &str| {
        c.try_to_load_from_cache(MODEL, f, &TryToLoadFromCacheOptions::default())
            .unwrap()
    };
    assert_eq!(t("nope.txt"), CachedFile::NoExist);
    assert_eq!(t("config.json"), CachedFile::NotCached);
    let p = c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    assert_eq!(t("config.json"), CachedFile::Path(p));
    assert_eq!(
        c.try_to_load_from_cache("bob/other", "x", &Default::default())
            .unwrap(),
        CachedFile::NotCached
    );
    let err = c
        .hf_hub_download(MODEL, "config.json", &at("no-such-branch"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound);
}

#[test]
fn a_leftover_partial_file_is_adopted_and_resumed() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let content = served(&sim, MODEL_BIG_FILE);
    let etag = sha256_hex(&content);
    let blobs = cache(&c).join(FOLDER).join("blobs");
    fs::create_dir_all(&blobs).unwrap();
    let third = content.len() / 3;
    // As left by a killed process (Python ≥1.18 naming).
    fs::write(
        blobs.join(format!("{etag}.0badf00d.incomplete")),
        &content[..third],
    )
    .unwrap();
    let p = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
    let cdn: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .collect();
    assert_eq!(cdn.len(), 1);
    assert_eq!(cdn[0].header("range"), Some(&*format!("bytes={third}-")));
    assert_eq!(fs::read(&p).unwrap(), content);
    assert_eq!(common::files_under(&blobs), std::slice::from_ref(&etag));

    // A leftover with wrong bytes: detected, fetched again from zero.
    let c2 = common::client(&sim, None);
    let blobs2 = cache(&c2).join(FOLDER).join("blobs");
    fs::create_dir_all(&blobs2).unwrap();
    let mut bad = content[..third].to_vec();
    bad[10] ^= 0xff;
    fs::write(blobs2.join(format!("{etag}.incomplete")), &bad).unwrap();
    let p2 = c2.hf_hub_download(MODEL, MODEL_BIG_FILE, &opts()).unwrap();
    assert_eq!(fs::read(&p2).unwrap(), content);
    assert_eq!(common::files_under(&blobs2), [etag]);
}

#[test]
fn parallel_ranges_fetch_big_files_faster_when_connections_are_capped() {
    let sim = common::sim();
    let rate = 2 * 1024 * 1024; // per connection
    sim.inject(cdn_fault(
        FaultAction::Throttle {
            bytes_per_second: rate,
        },
        None,
    ));
    let single = common::builder(&sim)
        .token(false)
        .download_config(DownloadConfig {
            max_connections: 1,
            ..Default::default()
        })
        .build()
        .unwrap();
    let t0 = Instant::now();
    let p1 = single
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &opts())
        .unwrap();
    let single_time = t0.elapsed();

    sim.clear_requests();
    let parallel = common::builder(&sim)
        .token(false)
        .download_config(DownloadConfig {
            chunk_size: 256 * 1024,
            max_connections: 6,
            parallel_threshold: 1024 * 1024,
            disable_symlinks: false,
            ..Default::default()
        })
        .build()
        .unwrap();
    let done = AtomicU64::new(0);
    let mut sink = |e: &ProgressEvent| {
        done.store(e.total_done, Ordering::SeqCst);
    };
    let t0 = Instant::now();
    let p2 = parallel
        .hf_hub_download_with(
            MODEL,
            MODEL_BIG_FILE,
            &opts(),
            &mut Hooks::new().progress(&mut sink),
        )
        .unwrap();
    let parallel_time = t0.elapsed();
    assert_eq!(fs::read(&p1).unwrap(), fs::read(&p2).unwrap());
    assert_eq!(done.load(Ordering::SeqCst), MODEL_BIG_SIZE);
    let ranges: Vec<String> = sim
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .filter_map(|r| r.header("range").map(str::to_owned))
        .collect();
    assert_eq!(
        ranges.len() as u64,
        MODEL_BIG_SIZE / (256 * 1024),
        "{ranges:?}"
    );
    assert!(
        parallel_time * 2 < single_time,
        "parallel {parallel_time:?} vs single {single_time:?}"
    );
}

#[test]
fn progress_reports_start_bytes_and_finish_on_the_calling_thread() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let me = std::thread::current().id();
    let mut events = Vec::new();
    let mut sink = |e: &ProgressEvent| {
        assert_eq!(std::thread::current().id(), me);
        events.push(e.clone());
    };
    c.hf_hub_download_with(
        MODEL,
        MODEL_BIG_FILE,
        &opts(),
        &mut Hooks::new().progress(&mut sink),
    )
    .unwrap();
    assert_eq!(events.first().unwrap().kind, ProgressKind::Started);
    assert_eq!(events.first().unwrap().bytes_total, Some(MODEL_BIG_SIZE));
    let last = events.last().unwrap();
    assert_eq!(last.kind, ProgressKind::Finished);
    assert_eq!(
        (last.bytes_done, last.total_done),
        (MODEL_BIG_SIZE, MODEL_BIG_SIZE)
    );
    assert_eq!(last.path, MODEL_BIG_FILE);
}

#[test]
fn snapshot_download_round_trips() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let c = common::client(&sim, None);
    let dir = c
        .snapshot_download(MODEL, &SnapshotDownloadOptions::default())
        .unwrap();
    assert_eq!(dir, cache(&c).join(FOLDER).join("snapshots").join(&commit));
    let reqs = sim.requests();
    let files = common::files_under(&dir);
    let n = files.len();
    assert_eq!(n, 11, "{files:?}");
    let lfs = reqs.iter().filter(|r| r.path.starts_with("/_cdn/")).count();
    let hub = reqs.len() - lfs;
    // One listing, one GET per file except the empty one; LFS GETs are redirected.
    assert_eq!(hub, 1 + n - 1, "{:?}", common::targets(&sim));
    assert!(hub <= n + 2);
    assert_eq!(lfs, 3);
    assert!(reqs.iter().all(|r| r.method == "GET"), "no per-file HEAD");
    assert!(
        reqs[0].target() == format!("/api/models/{MODEL}/revision/main?blobs=True"),
        "{:?}",
        common::targets(&sim)
    );
    assert!(dir.join("empty.txt").is_file());
    assert_eq!(
        fs::read(dir.join("config.json")).unwrap(),
        MODEL_CONFIG_JSON.as_bytes()
    );
    assert_eq!(
        fs::read(cache(&c).join(FOLDER).join("refs/main")).unwrap(),
        commit.as_bytes()
    );

    // Cached, at a branch: one request.
    sim.clear_requests();
    let t0 = Instant::now();
    assert_eq!(
        c.snapshot_download(MODEL, &Default::default()).unwrap(),
        dir
    );
    let warm = t0.elapsed();
    assert_eq!(sim.requests().len(), 1, "{:?}", common::targets(&sim));
    assert!(warm < Duration::from_millis(500), "{warm:?}");

    // Cached, at the commit: none.
    sim.clear_requests();
    let o = SnapshotDownloadOptions {
        revision: Some(commit.clone()),
        ..Default::default()
    };
    assert_eq!(c.snapshot_download(MODEL, &o).unwrap(), dir);
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));

    // Offline: the cached snapshot.
    let offline = common::builder(&sim)
        .cache_dir(cache(&c))
        .offline(true)
        .build()
        .unwrap();
    assert_eq!(
        offline
            .snapshot_download(MODEL, &Default::default())
            .unwrap(),
        dir
    );
    assert!(sim.requests().is_empty());

    // Every file of the snapshot is what the Hub serves.
    for f in &files {
        assert_eq!(fs::read(dir.join(f)).unwrap(), served(&sim, f), "{f}");
    }

    // scan_cache_dir sees one clean repo.
    let info = c.scan_cache_dir(&Default::default()).unwrap();
    assert!(info.warnings.is_empty(), "{:?}", info.warnings);
    assert_eq!(info.repos.len(), 1);
    let r = &info.repos[0];
    assert_eq!(r.repo_id, MODEL);
    assert_eq!(r.refs.get("main"), Some(&commit));
    assert_eq!(r.revisions[0].nb_files, n);
    let total: u64 = files
        .iter()
        .map(|f| fs::metadata(dir.join(f)).unwrap().len())
        .sum();
    assert_eq!(r.size_on_disk, total);
}

#[test]
fn snapshot_patterns_use_python_fnmatch() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let o = SnapshotDownloadOptions {
        allow_patterns: Some(vec!["*.json".into()]),
        ignore_patterns: Some(vec!["tokenizer*".into()]),
        max_workers: Some(2),
        ..Default::default()
    };
    let dir = c.snapshot_download(MODEL, &o).unwrap();
    assert_eq!(
        common::files_under(&dir),
        ["config.json", "onnx/config.json"]
    );

    // Offline with the listing known: a pattern asking for more is an incomplete snapshot.
    let offline = common::builder(&sim)
        .cache_dir(cache(&c))
        .offline(true)
        .build()
        .unwrap();
    assert_eq!(offline.snapshot_download(MODEL, &o).unwrap(), dir);
    let err = offline
        .snapshot_download(MODEL, &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound);
    assert!(err.to_string().contains("incomplete"), "{err}");
}

#[test]
fn snapshot_cancellation_and_failures_leave_no_partial_file() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    sim.inject(cdn_fault(FaultAction::Corrupt { offset: 100 }, None));
    let err = c.snapshot_download(MODEL, &Default::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    let blobs = cache(&c).join(FOLDER).join("blobs");
    assert!(
        common::files_under(&blobs)
            .iter()
            .all(|b| !b.ends_with(".incomplete")),
        "{:?}",
        common::files_under(&blobs)
    );
    sim.clear_faults();

    let c = common::client(&sim, None);
    sim.inject(cdn_fault(
        FaultAction::Throttle {
            bytes_per_second: 256 * 1024,
        },
        None,
    ));
    let token = CancelToken::new();
    let t2 = token.clone();
    let mut sink = |e: &ProgressEvent| {
        if e.total_done > 100_000 {
            t2.cancel();
        }
    };
    let err = c
        .snapshot_download_with(
            MODEL,
            &Default::default(),
            &mut Hooks::new().progress(&mut sink).cancel(&token),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    let blobs = cache(&c).join(FOLDER).join("blobs");
    assert!(
        common::files_under(&blobs)
            .iter()
            .all(|b| !b.ends_with(".incomplete")),
        "{:?}",
        common::files_under(&blobs)
    );
}

#[test]
fn local_dir_uses_pythons_metadata_files() {
    let sim = common::sim();
    let commit = common::main_commit(&sim);
    let c = common::client(&sim, None);
    let local = std::env::temp_dir().join(format!("hfhub-localdir-{}", fastrand::u64(..)));
    let o = HfHubDownloadOptions {
        local_dir: Some(local.clone()),
        ..Default::default()
    };
    let p = c.hf_hub_download(MODEL, "onnx/config.json", &o).unwrap();
    assert_eq!(p, local.join("onnx/config.json"));
    let bytes = fs::read(&p).unwrap();
    let meta =
        fs::read_to_string(local.join(".cache/huggingface/download/onnx/config.json.metadata"))
            .unwrap();
    let lines: Vec<&str> = meta.split('\n').collect();
    assert_eq!(
        lines.len(),
        4,
        "three lines, each ending in a newline: {meta:?}"
    );
    assert_eq!(lines[0], commit);
    assert_eq!(lines[1], git_sha1(&bytes));
    assert!(lines[2].parse::<f64>().unwrap() > 1.7e9);
    assert_eq!(
        fs::read_to_string(local.join(".cache/huggingface/.gitignore")).unwrap(),
        "*"
    );
    assert!(
        !cache(&c).join(FOLDER).exists(),
        "local_dir downloads do not use the cache"
    );

    sim.clear_requests();
    let o_commit = HfHubDownloadOptions {
        revision: Some(commit.clone()),
        ..o.clone()
    };
    assert_eq!(
        c.hf_hub_download(MODEL, "onnx/config.json", &o_commit)
            .unwrap(),
        p
    );
    assert!(sim.requests().is_empty(), "commit + metadata: no request");
    assert_eq!(c.hf_hub_download(MODEL, "onnx/config.json", &o).unwrap(), p);
    assert_eq!(sim.requests().len(), 1, "a branch: one HEAD");

    // An LFS file whose metadata was lost is recognised by its sha256.
    let big = c.hf_hub_download(MODEL, MODEL_BIG_FILE, &o).unwrap();
    fs::remove_file(local.join(".cache/huggingface/download/weights/big.bin.metadata")).unwrap();
    sim.clear_requests();
    assert_eq!(c.hf_hub_download(MODEL, MODEL_BIG_FILE, &o).unwrap(), big);
    assert_eq!(
        common::targets(&sim).len(),
        1,
        "HEAD only: {:?}",
        common::targets(&sim)
    );

    let s = c
        .snapshot_download(
            MODEL,
            &SnapshotDownloadOptions {
                local_dir: Some(local.clone()),
                allow_patterns: Some(vec!["*.md".into(), "special/*".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s, fs::canonicalize(&local).unwrap());
    assert!(local.join("special/a b#c.txt").is_file() && local.join("README.md").is_file());
    fs::remove_dir_all(&local).unwrap();
}

#[test]
fn copies_instead_of_symlinks_when_disabled() {
    let sim = common::sim();
    let c = common::builder(&sim)
        .token(false)
        .download_config(DownloadConfig {
            disable_symlinks: true,
            ..Default::default()
        })
        .build()
        .unwrap();
    let p = c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    assert!(!fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
    assert_eq!(fs::read(&p).unwrap(), MODEL_CONFIG_JSON.as_bytes());
    // The new blob moved into the snapshot, as Python does.
    assert!(common::files_under(&cache(&c).join(FOLDER).join("blobs")).is_empty());
    let info = c.scan_cache_dir(&Default::default()).unwrap();
    assert!(info.warnings.is_empty(), "{:?}", info.warnings);
    assert_eq!(
        info.repos[0].revisions[0].files[0].blob_path,
        fs::canonicalize(&p).unwrap()
    );
}

#[test]
fn delete_revisions_removes_what_only_that_revision_uses() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    c.hf_hub_download(MODEL, "config.json", &at("dev")).unwrap();
    c.hf_hub_download(MODEL, "README.md", &at("v1.0")).unwrap();
    let info = c.scan_cache_dir(&Default::default()).unwrap();
    let revs = &info.repos[0].revisions;
    assert_eq!(revs.len(), 3);
    let dev = revs.iter().find(|r| r.refs.contains("dev")).unwrap();
    let plan = c
        .delete_revisions(
            &[dev.commit_hash.as_str()],
            &hfhub::DeleteRevisionsOptions {
                dry_run: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(dev.snapshot_path.exists(), "dry run");
    assert_eq!(plan.snapshots.len(), 1);
    assert_eq!(plan.refs.len(), 1);
    c.delete_revisions(&[dev.commit_hash.as_str()], &Default::default())
        .unwrap();
    assert!(!dev.snapshot_path.exists());
    let info = c.scan_cache_dir(&Default::default()).unwrap();
    assert!(info.warnings.is_empty(), "{:?}", info.warnings);
    assert_eq!(info.repos[0].revisions.len(), 2);
}

#[test]
fn dispatch_reaches_the_download_operations() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let p = hfhub::dispatch::call(
        &c,
        "hf_hub_download",
        serde_json::json!({"repo_id": MODEL, "filename": "config.json", "subfolder": "onnx",
                           "resume_download": true, "local_dir_use_symlinks": "auto"}),
    )
    .unwrap();
    assert!(p.as_str().unwrap().ends_with("onnx/config.json"));
    let t = hfhub::dispatch::call(
        &c,
        "try_to_load_from_cache",
        serde_json::json!({"repo_id": MODEL, "filename": "onnx/config.json"}),
    )
    .unwrap();
    assert_eq!(t, p);
    let scan = hfhub::dispatch::call(&c, "scan_cache_dir", serde_json::json!({})).unwrap();
    assert_eq!(scan["repos"][0]["repo_id"], MODEL);
    let err = hfhub::dispatch::call(
        &c,
        "hf_hub_download",
        serde_json::json!({"repo_id": MODEL, "filename": "x", "legacy_cache_layout": true}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = hfhub::dispatch::call(
        &c,
        "snapshot_download",
        serde_json::json!({"repo_id": MODEL, "proxies": {"https": "http://p"}}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

/// A fault on the Hub's resolve route (regular files are served there, not on the CDN).
fn resolve_fault(method: &str, action: FaultAction, times: Option<u32>) -> Fault {
    Fault {
        method: Some(method.into()),
        path_prefix: format!("/{MODEL}/resolve/"),
        times,
        action,
    }
}

#[test]
fn a_corrupted_regular_file_fails_its_git_sha1_and_leaves_nothing_behind() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    // Same size, one flipped byte: only the git blob sha1 can tell.
    sim.inject(resolve_fault(
        "GET",
        FaultAction::Corrupt { offset: 10 },
        Some(1),
    ));
    let err = c
        .hf_hub_download(MODEL, "config.json", &opts())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert!(err.to_string().contains("git blob sha1"), "{err}");
    let repo = cache(&c).join(FOLDER);
    assert!(common::files_under(&repo.join("blobs")).is_empty());
    assert!(common::files_under(&repo.join("snapshots")).is_empty());
    assert!(
        sim.requests().iter().any(|r| r.faulted),
        "the fault was not hit"
    );

    // The same through snapshot_download (blob name and size from the listing).
    sim.inject(resolve_fault(
        "GET",
        FaultAction::Corrupt { offset: 0 },
        Some(1),
    ));
    let only_config = SnapshotDownloadOptions {
        allow_patterns: Some(vec!["config.json".into()]),
        ..Default::default()
    };
    let err = c.snapshot_download(MODEL, &only_config).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert!(common::files_under(&repo.join("blobs")).is_empty());
    assert!(common::files_under(&repo.join("snapshots")).is_empty());

    // Without the fault: verified, and named by its git blob sha1.
    let p = c.hf_hub_download(MODEL, "config.json", &opts()).unwrap();
    assert_eq!(fs::read(&p).unwrap(), MODEL_CONFIG_JSON.as_bytes());
    let blob = fs::canonicalize(&p).unwrap();
    assert_eq!(
        blob.file_name().unwrap().to_string_lossy(),
        git_sha1(MODEL_CONFIG_JSON.as_bytes())
    );
    let snap = c.snapshot_download(MODEL, &only_config).unwrap();
    assert_eq!(
        fs::read(snap.join("config.json")).unwrap(),
        MODEL_CONFIG_JSON.as_bytes()
    );
}

/// A client configured from `HF_HUB_ETAG_TIMEOUT=etag_env`, without retries.
fn client_with_etag_env(sim: &Server, etag_env: &str) -> Client {
    let env = hfhub::Env::from_vars([("HF_HUB_ETAG_TIMEOUT", etag_env)]);
    let home = std::env::temp_dir().join(format!(
        "hfhub-etag-{}-{}",
        std::process::id(),
        etag_env.replace('.', "_")
    ));
    let _ = fs::remove_dir_all(&home);
    hfhub::ClientBuilder::from_env_vars(&env)
        .unwrap()
        .endpoint(sim.url())
        .hf_home(home)
        .token(false)
        .retry(hfhub::RetryPolicy {
            max_retries: 0,
            ..common::fast_retry()
        })
        .build()
        .unwrap()
}

#[test]
fn hf_hub_etag_timeout_other_than_10_overrides_the_callers_etag_timeout() {
    let sim = common::sim();
    // Every metadata HEAD takes 1.5 s.
    sim.inject(resolve_fault(
        "HEAD",
        FaultAction::Delay { millis: 1500 },
        None,
    ));
    let with_timeout = |secs: f64| HfHubDownloadOptions {
        etag_timeout: Some(Duration::from_secs_f64(secs)),
        ..Default::default()
    };
    let patient = with_timeout(30.0);
    let hasty = with_timeout(0.3);

    // HF_HUB_ETAG_TIMEOUT=0.3 beats the caller's 30 s: the HEAD times out.
    let c = client_with_etag_env(&sim, "0.3");
    assert_eq!(
        c.download_config().etag_timeout_override,
        Some(Duration::from_millis(300))
    );
    let t0 = Instant::now();
    let err = c
        .hf_hub_download(MODEL, "config.json", &patient)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound, "{err}");
    assert!(
        t0.elapsed() < Duration::from_millis(1400),
        "{:?}",
        t0.elapsed()
    );

    // HF_HUB_ETAG_TIMEOUT=10 (the default) does not override: the caller decides.
    let c = client_with_etag_env(&sim, "10");
    assert_eq!(c.download_config().etag_timeout_override, None);
    let err = c.hf_hub_download(MODEL, "config.json", &hasty).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound, "{err}");
    let p = c.hf_hub_download(MODEL, "config.json", &patient).unwrap();
    assert_eq!(fs::read(p).unwrap(), MODEL_CONFIG_JSON.as_bytes());

    // snapshot_download: the override also bounds the listing.
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: format!("/api/models/{MODEL}/revision/"),
        times: None,
        action: FaultAction::Delay { millis: 1500 },
    });
    let c = client_with_etag_env(&sim, "0.3");
    let snap = SnapshotDownloadOptions {
        etag_timeout: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    let err = c.snapshot_download(MODEL, &snap).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound, "{err}");
    let c = client_with_etag_env(&sim, "10");
    c.snapshot_download(
        MODEL,
        &SnapshotDownloadOptions {
            allow_patterns: Some(vec!["config.json".into()]),
            ..snap
        },
    )
    .unwrap();
}

#[test]
fn snapshot_download_adopts_leftovers_found_by_its_single_scan() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let content = served(&sim, MODEL_BIG_FILE);
    let etag = sha256_hex(&content);
    let blobs = cache(&c).join(FOLDER).join("blobs");
    fs::create_dir_all(&blobs).unwrap();
    let half = content.len() / 2;
    // Both namings: Python's `<etag>.incomplete` and the per-attempt one.
    fs::write(
        blobs.join(format!("{etag}.1234abcd.incomplete")),
        &content[..half],
    )
    .unwrap();
    fs::write(blobs.join("unrelated.incomplete"), b"x").unwrap();
    let only = SnapshotDownloadOptions {
        allow_patterns: Some(vec![MODEL_BIG_FILE.into(), "config.json".into()]),
        ..Default::default()
    };
    let snap = c.snapshot_download(MODEL, &only).unwrap();
    let cdn: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .collect();
    assert_eq!(cdn.len(), 1, "{cdn:?}");
    assert_eq!(cdn[0].header("range"), Some(&*format!("bytes={half}-")));
    assert_eq!(fs::read(snap.join(MODEL_BIG_FILE)).unwrap(), content);
    assert_eq!(
        fs::read(snap.join("config.json")).unwrap(),
        MODEL_CONFIG_JSON.as_bytes()
    );
    // Another file's leftover is left alone.
    assert!(blobs.join("unrelated.incomplete").is_file());
}

/// A 24 MiB LFS file in a new repo of alice's; its content.
fn large_lfs_file(sim: &Server, repo: &str) -> Vec<u8> {
    let content: Vec<u8> = (0..24u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let owner = common::client(sim, Some(hubsim::seed::ALICE_WRITE_TOKEN));
    owner
        .create_repo(repo, &hfhub::CreateRepoOptions::default())
        .unwrap();
    owner
        .upload_file(repo, content.clone(), "big.bin", &Default::default())
        .unwrap();
    sim.clear_requests();
    content
}

fn cdn_ranges(sim: &Server) -> Vec<String> {
    sim.requests()
        .iter()
        .filter(|r| r.path.starts_with("/_cdn/") && r.method == "GET")
        .map(|r| r.header("range").unwrap_or("none").to_owned())
        .collect()
}

/// A client that takes files from 16 MiB as large: 8 MiB chunks, 4 connections.
fn eight_mib_client(sim: &Server, single_stream_rate: Option<u64>, direct_io: bool) -> Client {
    common::builder(sim)
        .token(false)
        .download_config(DownloadConfig {
            chunk_size: 8 << 20,
            max_connections: 4,
            parallel_threshold: 16 << 20,
            single_stream_rate,
            direct_io,
            ..Default::default()
        })
        .build()
        .unwrap()
}

#[test]
fn a_fast_link_keeps_a_large_file_on_one_connection() {
    let sim = common::sim();
    let content = large_lfs_file(&sim, "alice/fast-link");
    for direct_io in [true, false] {
        sim.clear_requests();
        // Any rate is fast enough for 1 byte per second.
        let c = eight_mib_client(&sim, Some(1), direct_io);
        let done = AtomicU64::new(0);
        let mut sink = |e: &ProgressEvent| done.store(e.total_done, Ordering::SeqCst);
        let p = c
            .hf_hub_download_with(
                "alice/fast-link",
                "big.bin",
                &opts(),
                &mut Hooks::new().progress(&mut sink),
            )
            .unwrap();
        assert!(fs::read(&p).unwrap() == content, "direct_io {direct_io}");
        assert_eq!(done.load(Ordering::SeqCst), content.len() as u64);
        // The probe range, then the rest on one open range.
        assert_eq!(cdn_ranges(&sim), ["bytes=0-8388607", "bytes=8388608-"]);
        let blobs = common::files_under(&c.cache_dir().join("models--alice--fast-link/blobs"));
        assert_eq!(blobs, [sha256_hex(&content)], "one blob, no temp file");
    }
}

#[test]
fn a_slow_link_gets_parallel_ranges_with_the_default_rate() {
    let sim = common::sim();
    let content = large_lfs_file(&sim, "alice/slow-link");
    sim.inject(cdn_fault(
        FaultAction::Throttle {
            bytes_per_second: 16 << 20,
        },
        None,
    ));
    let default_rate = DownloadConfig::default().single_stream_rate;
    assert_eq!(default_rate, Some(500_000_000));
    let c = eight_mib_client(&sim, default_rate, true);
    let p = c
        .hf_hub_download("alice/slow-link", "big.bin", &opts())
        .unwrap();
    assert!(fs::read(&p).unwrap() == content);
    // The probe was seen to be slow: the other chunks came on connections of their own.
    let mut ranges = cdn_ranges(&sim);
    ranges.sort();
    assert_eq!(
        ranges,
        [
            "bytes=0-8388607",
            "bytes=16777216-25165823",
            "bytes=8388608-16777215"
        ]
    );
}

#[test]
fn a_cut_single_stream_resumes_and_verifies() {
    let sim = common::sim();
    let content = large_lfs_file(&sim, "alice/cut-stream");
    // The probe passes (rules apply in order, the first match counts down), then
    // the open range after it is cut 5 MiB in.
    for cut in [1 << 30, 5 << 20] {
        sim.inject(Fault {
            method: Some("GET".into()),
            path_prefix: "/_cdn/".into(),
            times: Some(1),
            action: FaultAction::DropAfter { bytes: cut },
        });
    }
    let c = eight_mib_client(&sim, Some(1), true);
    let p = c
        .hf_hub_download("alice/cut-stream", "big.bin", &opts())
        .unwrap();
    assert!(fs::read(&p).unwrap() == content);
    assert_eq!(
        cdn_ranges(&sim),
        ["bytes=0-8388607", "bytes=8388608-", "bytes=13631488-"]
    );
}

/// No blob, temp file or snapshot entry in the repo's cache folder.
fn assert_nothing_cached(c: &Client, folder: &str) {
    let repo = c.cache_dir().join(folder);
    assert!(common::files_under(&repo.join("blobs")).is_empty());
    assert!(common::files_under(&repo.join("snapshots")).is_empty());
}

#[test]
fn large_files_cancelled_mid_stream_leave_nothing_behind() {
    let sim = common::sim();
    let content = large_lfs_file(&sim, "alice/cancel-large");
    let c = eight_mib_client(&sim, Some(1), true);
    let token = CancelToken::new();
    let t2 = token.clone();
    let mut seen = 0u64;
    let mut sink = |e: &ProgressEvent| {
        seen = e.bytes_done;
        if e.bytes_done > 12 << 20 {
            t2.cancel();
        }
    };
    let err = c
        .hf_hub_download_with(
            "alice/cancel-large",
            "big.bin",
            &opts(),
            &mut Hooks::new().progress(&mut sink).cancel(&token),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(seen > 12 << 20 && seen < content.len() as u64, "{seen}");
    assert_nothing_cached(&c, "models--alice--cancel-large");
}

#[test]
fn large_files_with_wrong_bytes_fail_their_sha256_and_leave_nothing_behind() {
    let sim = common::sim();
    large_lfs_file(&sim, "alice/corrupt-large");
    // One byte flipped far into the open range (the second GET).
    for action in [
        FaultAction::DropAfter { bytes: 1 << 30 },
        FaultAction::Corrupt { offset: 10 << 20 },
    ] {
        sim.inject(cdn_fault(action, Some(1)));
    }
    let c = eight_mib_client(&sim, Some(1), true);
    let err = c
        .hf_hub_download("alice/corrupt-large", "big.bin", &opts())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert_nothing_cached(&c, "models--alice--corrupt-large");
}

#[test]
fn a_large_leftover_is_adopted_from_an_unaligned_offset() {
    let sim = common::sim();
    let content = large_lfs_file(&sim, "alice/adopt-large");
    let etag = sha256_hex(&content);
    let c = eight_mib_client(&sim, Some(1), true);
    let blobs = c.cache_dir().join("models--alice--adopt-large/blobs");
    fs::create_dir_all(&blobs).unwrap();
    // Not a multiple of the 4 KiB that direct writes need.
    let kept = 5_000_001;
    fs::write(
        blobs.join(format!("{etag}.0badf00d.incomplete")),
        &content[..kept],
    )
    .unwrap();
    let p = c
        .hf_hub_download("alice/adopt-large", "big.bin", &opts())
        .unwrap();
    assert!(fs::read(&p).unwrap() == content);
    assert_eq!(cdn_ranges(&sim), [format!("bytes={kept}-")]);
    assert_eq!(common::files_under(&blobs), [etag]);
}
