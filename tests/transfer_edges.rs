//! Content-GET edge cases hubsim does not produce: servers that ignore `Range`
//! (200 instead of 206), answer 416, or refuse ranges (403). A tiny scripted
//! HTTP server plays the Hub.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use hfhub::{DownloadConfig, HfHubDownloadOptions};
use sha2::{Digest, Sha256};

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

#[derive(Debug, Clone, Copy)]
enum Step {
    /// 200 with the whole file, whatever the `Range`.
    Full,
    /// 200 announcing the whole file, then the connection closes after `n` bytes.
    Cut(usize),
    /// 206 for a `Range`, 200 otherwise.
    Honor,
    /// This status, empty body.
    Status(u16),
}

struct Mini {
    url: String,
    gets: Arc<Mutex<Vec<Option<String>>>>,
    content: Vec<u8>,
}

fn content(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

fn start(n: usize, script: Vec<Step>) -> Mini {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = content(n);
    let sha: String = Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let gets = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(script.into_iter()));
    let (g, b) = (gets.clone(), body.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let method = line.split(' ').next().unwrap_or("").to_owned();
            let mut range = None;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("range") {
                        range = Some(v.trim().to_owned());
                    }
                }
            }
            let common = format!(
                "X-Repo-Commit: {COMMIT}\r\nX-Linked-Etag: \"{sha}\"\r\nETag: \"x\"\r\nConnection: close\r\n"
            );
            if method == "HEAD" {
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\n{common}Content-Length: {}\r\n\r\n",
                    b.len()
                );
                continue;
            }
            g.lock().unwrap().push(range.clone());
            let step = script.lock().unwrap().next().unwrap_or(Step::Honor);
            let full = |s: &mut std::net::TcpStream, upto: usize| {
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\n{common}Content-Length: {}\r\n\r\n",
                    b.len()
                );
                let _ = s.write_all(&b[..upto]);
            };
            match step {
                Step::Full => full(&mut stream, b.len()),
                Step::Cut(n) => full(&mut stream, n),
                Step::Status(code) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {code} X\r\n{common}Content-Length: 0\r\n\r\n"
                    );
                }
                Step::Honor => {
                    let parsed = range.as_deref().and_then(|r| {
                        let (a, e) = r.strip_prefix("bytes=")?.split_once('-')?;
                        let a: usize = a.parse().ok()?;
                        let e: usize = if e.is_empty() {
                            b.len() - 1
                        } else {
                            e.parse().ok()?
                        };
                        Some((a, e.min(b.len() - 1)))
                    });
                    match parsed {
                        Some((a, e)) => {
                            let _ = write!(
                                stream,
                                "HTTP/1.1 206 Partial\r\n{common}Content-Range: bytes {a}-{e}/{}\r\nContent-Length: {}\r\n\r\n",
                                b.len(),
                                e + 1 - a
                            );
                            let _ = stream.write_all(&b[a..=e]);
                        }
                        None => full(&mut stream, b.len()),
                    }
                }
            }
        }
    });
    Mini {
        url,
        gets,
        content: body,
    }
}

fn client(m: &Mini, parallel: bool) -> hfhub::Client {
    let home = std::env::temp_dir().join(format!("hfhub-edges-{}", fastrand::u64(..)));
    let mut cfg = DownloadConfig::default();
    if parallel {
        cfg.chunk_size = 64 * 1024;
        cfg.parallel_threshold = 128 * 1024;
        cfg.max_connections = 4;
    }
    hfhub::Client::builder()
        .endpoint(&m.url)
        .hf_home(home)
        .token(false)
        .retry(hfhub::RetryPolicy {
            max_retries: 2,
            base_wait: std::time::Duration::from_millis(5),
            max_wait: std::time::Duration::from_millis(10),
            max_total_wait: std::time::Duration::from_secs(2),
        })
        .download_config(cfg)
        .build()
        .unwrap()
}

fn download(m: &Mini, parallel: bool) -> Vec<u8> {
    let c = client(m, parallel);
    let p = c
        .hf_hub_download("m/r", "f.bin", &HfHubDownloadOptions::default())
        .unwrap();
    let blobs = c.cache_dir().join("models--m--r/blobs");
    assert_eq!(
        std::fs::read_dir(blobs).unwrap().count(),
        1,
        "one blob, no temp file"
    );
    std::fs::read(p).unwrap()
}

#[test]
fn a_range_answered_with_200_restarts_from_zero() {
    let m = start(300_000, vec![Step::Cut(100_000), Step::Full]);
    assert_eq!(download(&m, false), m.content);
    let gets = m.gets.lock().unwrap().clone();
    assert_eq!(gets, [None, Some("bytes=100000-".to_owned())]);
}

#[test]
fn a_416_discards_the_partial_file() {
    let m = start(
        300_000,
        vec![Step::Cut(100_000), Step::Status(416), Step::Honor],
    );
    assert_eq!(download(&m, false), m.content);
    let gets = m.gets.lock().unwrap().clone();
    assert_eq!(gets, [None, Some("bytes=100000-".to_owned()), None]);
}

#[test]
fn several_drops_are_resumed_until_complete() {
    let m = start(
        400_000,
        vec![Step::Cut(50_000), Step::Cut(10_000), Step::Honor],
    );
    // Cut on a ranged request sends a 200 (whole file) cut short: the client restarts.
    assert_eq!(download(&m, false), m.content);
}

#[test]
fn parallel_ranges_fall_back_to_one_stream_when_ranges_are_ignored() {
    let m = start(500_000, vec![Step::Full]);
    assert_eq!(download(&m, true), m.content);
    let gets = m.gets.lock().unwrap().clone();
    assert_eq!(gets.len(), 1, "the probe's 200 is the whole file: {gets:?}");
    assert_eq!(gets[0].as_deref(), Some("bytes=0-65535"));
}

#[test]
fn parallel_ranges_fall_back_to_one_stream_when_ranges_are_refused() {
    let m = start(500_000, vec![Step::Status(403), Step::Full]);
    assert_eq!(download(&m, true), m.content);
    let gets = m.gets.lock().unwrap().clone();
    assert_eq!(gets, [Some("bytes=0-65535".to_owned()), None]);
}

#[test]
fn parallel_ranges_fetch_every_chunk() {
    let m = start(500_000, vec![]);
    assert_eq!(download(&m, true), m.content);
    let gets = m.gets.lock().unwrap().clone();
    assert_eq!(gets.len(), 500_000usize.div_ceil(65_536));
    assert!(gets.iter().all(Option::is_some));
}

#[test]
fn a_range_worker_that_is_refused_midway_falls_back() {
    // Probe honoured, then one worker gets a 200: everything restarts as one stream.
    let m = start(
        500_000,
        vec![Step::Honor, Step::Full, Step::Full, Step::Full, Step::Full],
    );
    assert_eq!(download(&m, true), m.content);
}
