//! Several processes sharing one cache: a child killed mid-download leaves a
//! partial file the next run adopts; 4 processes plus 8 threads downloading one
//! file make one verified blob. Children are this test binary run again with
//! `HFHUB_TEST_CHILD` set (they run only `child_download`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use hfhub::HfHubDownloadOptions;
use hubsim::seed::{MODEL, MODEL_BIG_FILE, MODEL_BIG_SIZE};
use hubsim::{Fault, FaultAction};
use sha2::{Digest, Sha256};

const FOLDER: &str = "models--alice--tiny-model";

/// Runs only in a child: downloads the big file into `HFHUB_TEST_CACHE`.
#[test]
fn child_download() {
    let (Ok(endpoint), Ok(cache)) = (
        std::env::var("HFHUB_TEST_ENDPOINT"),
        std::env::var("HFHUB_TEST_CACHE"),
    ) else {
        return; // not a child
    };
    if std::env::var("HFHUB_TEST_CHILD").is_err() {
        return;
    }
    let c = hfhub::Client::builder()
        .endpoint(endpoint)
        .cache_dir(cache)
        .token(false)
        .build()
        .unwrap();
    let p = c
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &HfHubDownloadOptions::default())
        .unwrap();
    assert_eq!(std::fs::metadata(p).unwrap().len(), MODEL_BIG_SIZE);
}

fn spawn_child(endpoint: &str, cache: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_download",
            "--test-threads",
            "1",
            "--quiet",
        ])
        .env("HFHUB_TEST_CHILD", "1")
        .env("HFHUB_TEST_ENDPOINT", endpoint)
        .env("HFHUB_TEST_CACHE", cache)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

fn blobs(cache: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<_> = std::fs::read_dir(cache.join(FOLDER).join("blobs"))
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().unwrap().len(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn fresh_cache(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("hfhub-mp-{tag}-{}", fastrand::u64(..)))
}

#[test]
fn a_child_killed_mid_download_leaves_a_file_the_next_run_adopts() {
    let sim = common::sim();
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: "/_cdn/".into(),
        times: Some(1),
        action: FaultAction::Throttle {
            bytes_per_second: 1024 * 1024,
        },
    });
    let cache = fresh_cache("kill");
    let mut child = spawn_child(&sim.url(), &cache);
    // Wait until the child holds a partial file, then kill it (no cleanup runs).
    let started = Instant::now();
    let partial = loop {
        let b = blobs(&cache);
        if let Some((name, len)) = b
            .iter()
            .find(|(n, l)| n.ends_with(".incomplete") && *l > 300_000)
        {
            break (name.clone(), *len);
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no partial file: {b:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let left = blobs(&cache);
    assert!(left.iter().any(|(n, _)| n == &partial.0), "{left:?}");

    sim.clear_requests();
    let c = common::builder(&sim)
        .cache_dir(&cache)
        .token(false)
        .build()
        .unwrap();
    let p = c
        .hf_hub_download(MODEL, MODEL_BIG_FILE, &HfHubDownloadOptions::default())
        .unwrap();
    let range = sim
        .requests()
        .iter()
        .find(|r| r.path.starts_with("/_cdn/"))
        .and_then(|r| r.header("range").map(str::to_owned))
        .expect("the next run resumes with a range");
    let from: u64 = range
        .strip_prefix("bytes=")
        .and_then(|r| r.strip_suffix('-'))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        from >= partial.1,
        "resumed from {from}, the child had {}",
        partial.1
    );
    let bytes = std::fs::read(&p).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        blobs(&cache),
        [(sha, MODEL_BIG_SIZE)],
        "one verified blob, no leftover"
    );
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn four_processes_and_eight_threads_make_one_blob() {
    let sim = common::sim();
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: "/_cdn/".into(),
        times: None,
        action: FaultAction::Throttle {
            bytes_per_second: 16 * 1024 * 1024,
        },
    });
    let cache = fresh_cache("many");
    let children: Vec<Child> = (0..4).map(|_| spawn_child(&sim.url(), &cache)).collect();
    let c = common::builder(&sim)
        .cache_dir(&cache)
        .token(false)
        .build()
        .unwrap();
    let paths: Vec<PathBuf> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    c.hf_hub_download(MODEL, MODEL_BIG_FILE, &HfHubDownloadOptions::default())
                        .unwrap()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for mut ch in children {
        assert!(ch.wait().unwrap().success(), "every child succeeds");
    }
    assert!(paths.windows(2).all(|w| w[0] == w[1]));
    let bytes = std::fs::read(&paths[0]).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(blobs(&cache), [(sha, MODEL_BIG_SIZE)]);
    let cdn = sim
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .count();
    assert_eq!(cdn, 1, "flock serialises the processes: one transfer");
    std::fs::remove_dir_all(&cache).unwrap();
}
