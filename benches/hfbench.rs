//! The hfhub side of the benchmarks (`benches/run.py` drives it; see
//! `benches/README.md`). One operation per process, so wall time and peak RSS
//! can be measured from outside with `/usr/bin/time -v`, like curl's.
//!
//! ```text
//! hfbench download ENDPOINT REPO FILE CACHE [--connections N] [--chunk-mb M] [--threshold-mb T]
//! hfbench snapshot ENDPOINT REPO CACHE [--workers N]
//! hfbench warm ENDPOINT REPO CACHE REPS      (snapshot_download of a cached repo at main, REPS times)
//! hfbench sha256 FILE                         (hfhub::sha256_file, timed in-process)
//! hfbench upload ENDPOINT TOKEN REPO FILE PATH (upload_file, its phases timed in-process)
//! ```
//!
//! `download` and `snapshot` print the path; `warm` prints one JSON line with the
//! time of each call in milliseconds (measured in-process, process start excluded).
//! Failures print the error and exit with status 1.

use std::process::ExitCode;
use std::time::Instant;

use hfhub::{Client, DownloadConfig, HfHubDownloadOptions, SnapshotDownloadOptions};

const USAGE: &str = "usage: hfbench download ENDPOINT REPO FILE CACHE [--connections N] [--chunk-mb M] [--threshold-mb T]\n       hfbench snapshot ENDPOINT REPO CACHE [--workers N]\n       hfbench warm ENDPOINT REPO CACHE REPS\n       hfbench sha256 FILE\n       hfbench upload ENDPOINT TOKEN REPO FILE PATH_IN_REPO";

struct Args {
    positional: Vec<String>,
    connections: Option<usize>,
    chunk_mb: Option<u64>,
    threshold_mb: Option<u64>,
    workers: Option<usize>,
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let mut a = Args {
        positional: Vec::new(),
        connections: None,
        chunk_mb: None,
        threshold_mb: None,
        workers: None,
    };
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--connections" => a.connections = Some(num(arg)?.max(1) as usize),
            "--chunk-mb" => a.chunk_mb = Some(num(arg)?.max(1)),
            "--threshold-mb" => a.threshold_mb = Some(num(arg)?),
            "--workers" => a.workers = Some(num(arg)?.max(1) as usize),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => a.positional.push(arg.clone()),
        }
    }
    Ok(a)
}

fn client(endpoint: &str, cache: &str, a: &Args) -> hfhub::Result<Client> {
    let mut cfg = DownloadConfig::default();
    if let Some(n) = a.connections {
        cfg.max_connections = n;
    }
    if let Some(m) = a.chunk_mb {
        cfg.chunk_size = m * 1024 * 1024;
    }
    if let Some(t) = a.threshold_mb {
        cfg.parallel_threshold = t * 1024 * 1024;
    }
    Client::builder()
        .endpoint(endpoint)
        .cache_dir(cache)
        .token(false)
        .library("hfbench", hfhub::VERSION)
        .download_config(cfg)
        .build()
}

fn run(argv: &[String]) -> Result<(), String> {
    let a = parse(argv)?;
    let p: Vec<&str> = a.positional.iter().map(String::as_str).collect();
    let err = |e: hfhub::Error| e.to_string();
    match p.as_slice() {
        ["download", endpoint, repo, file, cache] => {
            let c = client(endpoint, cache, &a).map_err(err)?;
            let path = c
                .hf_hub_download(repo, file, &HfHubDownloadOptions::default())
                .map_err(err)?;
            println!("{}", path.display());
        }
        ["snapshot", endpoint, repo, cache] => {
            let c = client(endpoint, cache, &a).map_err(err)?;
            let path = c
                .snapshot_download(
                    repo,
                    &SnapshotDownloadOptions {
                        max_workers: a.workers,
                        ..Default::default()
                    },
                )
                .map_err(err)?;
            println!("{}", path.display());
        }
        ["warm", endpoint, repo, cache, reps] => {
            let reps: usize = reps.parse().map_err(|_| "REPS must be a number")?;
            let c = client(endpoint, cache, &a).map_err(err)?;
            let opts = SnapshotDownloadOptions::default();
            let mut ms = Vec::with_capacity(reps);
            for _ in 0..reps.clamp(1, 10_000) {
                let t0 = Instant::now();
                c.snapshot_download(repo, &opts).map_err(err)?;
                ms.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            println!("{}", serde_json::json!({ "ms": ms }));
        }
        ["upload", endpoint, token, repo, file, path_in_repo] => {
            // phases from the progress events: hashing, preupload and LFS batch before
            // the first Started; the storage PUT until the last Finished; then the commit
            let c = Client::builder()
                .endpoint(*endpoint)
                .token(*token)
                .library("hfbench", hfhub::VERSION)
                .build()
                .map_err(err)?;
            c.create_repo(
                repo,
                &hfhub::CreateRepoOptions {
                    exist_ok: true,
                    ..Default::default()
                },
            )
            .map_err(err)?;
            let t0 = Instant::now();
            let (mut started, mut finished) = (None, None);
            let mut sink = |e: &hfhub::ProgressEvent| match e.kind {
                hfhub::ProgressKind::Started => {
                    started.get_or_insert_with(Instant::now);
                }
                hfhub::ProgressKind::Finished => finished = Some(Instant::now()),
                _ => {}
            };
            let info = c
                .upload_file_with(
                    repo,
                    std::path::PathBuf::from(file),
                    path_in_repo,
                    &hfhub::UploadFileOptions::default(),
                    &mut hfhub::Hooks::new().progress(&mut sink),
                )
                .map_err(err)?;
            let end = Instant::now();
            let ms = |a: Instant, b: Instant| b.duration_since(a).as_secs_f64() * 1000.0;
            let (s, f) = (started.unwrap_or(t0), finished.unwrap_or(end));
            println!(
                "{}",
                serde_json::json!({"commit": info.oid, "total_ms": ms(t0, end),
                    "before_put_ms": ms(t0, s), "put_ms": ms(s, f), "commit_ms": ms(f, end)})
            );
        }
        ["sha256", file] => {
            let t0 = Instant::now();
            let hex = hfhub::sha256_file(std::path::Path::new(file)).map_err(err)?;
            let ms = t0.elapsed().as_secs_f64() * 1000.0;
            println!("{}", serde_json::json!({ "sha256": hex, "ms": ms }));
        }
        _ => return Err(USAGE.to_owned()),
    }
    Ok(())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hfbench: {e}");
            ExitCode::FAILURE
        }
    }
}
