//! A server that lies or attacks: endless bodies and headers, redirect loops,
//! the token and foreign hosts, lying `Content-Length` and `Content-Range`,
//! poisoned file names in listings, gigantic JSON, slowloris. Each test scripts
//! the exact bytes with `hubsim::hostile` and checks that the client fails with a
//! typed error within a bound (or succeeds with the right bytes), and that
//! nothing corrupt reaches the cache.
//!
//! Already covered elsewhere and not repeated here: a connection dropped mid-body
//! (`download.rs` `a_connection_dropped_at_half_is_resumed_and_verified`, and
//! `transfer_edges.rs` for ranges answered 200/416/403), wrong bytes
//! (`download.rs` `wrong_bytes_are_a_checksum_error_and_leave_nothing_behind`),
//! unsafe names given by the caller (`download.rs`
//! `unsafe_names_are_rejected_before_anything_happens`) and the token not sent to
//! hubsim's CDN host (`download.rs` `lfs_files_come_from_the_cdn_without_the_token_and_are_verified`).

mod common;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hfhub::{
    CancelToken, Client, DownloadConfig, ErrorKind, HfHubDownloadOptions, Hooks, RetryPolicy,
    SnapshotDownloadOptions, Timeouts,
};
use hubsim::hostile::{After, Conn, Hostile, Received};
use sha2::{Digest, Sha256};

const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";
const TOKEN: &str = "hf_hostileTestTokenThatMustStayHome";
const MIB: u64 = 1024 * 1024;
/// More than the client accepts for one JSON document (256 MiB).
const OVER_JSON_LIMIT: u64 = 300 * MIB;

/// Tests that push hundreds of MiB run one at a time, so the memory high-water
/// mark they check is their own.
fn heavy() -> MutexGuard<'static, ()> {
    static HEAVY: Mutex<()> = Mutex::new(());
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// The process's peak resident set (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Runs `f` on its own thread and fails the test if it has not returned
/// within `limit`, so a missing bound fails instead of hanging the suite.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("no answer within {limit:?}: the bound is missing"))
}

fn download_within(c: &Client, limit: Duration) -> hfhub::Result<PathBuf> {
    let c = c.clone();
    within(limit, move || download(&c))
}

fn temp_home() -> PathBuf {
    std::env::temp_dir().join(format!(
        "hfhub-hostile-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ))
}

/// Short bounds everywhere: these tests are about bounds.
fn timeouts() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        read: Duration::from_secs(2),
        request: Duration::from_secs(30),
        metadata: Duration::from_secs(3),
        download: Duration::from_secs(2),
    }
}

fn builder(url: &str) -> hfhub::ClientBuilder {
    Client::builder()
        .endpoint(url)
        .hf_home(temp_home())
        .retry(RetryPolicy {
            max_retries: 1,
            base_wait: Duration::from_millis(5),
            max_wait: Duration::from_millis(10),
            max_total_wait: Duration::from_secs(1),
        })
        .timeouts(timeouts())
        .download_config(DownloadConfig {
            max_connections: 1,
            ..Default::default()
        })
}

fn client(server: &Hostile) -> Client {
    builder(&server.url()).token(TOKEN).build().unwrap()
}

fn content(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 % 251) as u8).collect()
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// Nothing of the repository's content reached `blobs/` or `snapshots/`
/// (no blob, no pointer, no temp file).
fn assert_nothing_cached(c: &Client) {
    let repo = c.cache_dir().join("models--m--r");
    for sub in ["blobs", "snapshots"] {
        let left = common::files_under(&repo.join(sub));
        assert!(left.is_empty(), "{sub}/ holds {left:?}");
    }
}

fn json_headers() -> Vec<(&'static str, String)> {
    vec![("Content-Type", "application/json".into())]
}

/// Headers of the Hub's answer to a HEAD on a resolve URL (an LFS file named
/// by its sha256).
fn resolve_headers(sha: &str, size: usize) -> Vec<(&'static str, String)> {
    vec![
        ("X-Repo-Commit", COMMIT.into()),
        ("X-Linked-Etag", format!("\"{sha}\"")),
        ("X-Linked-Size", size.to_string()),
        ("ETag", "\"x\"".into()),
    ]
}

/// `bytes=A-` or `bytes=A-B` → (A, B).
fn parse_range(r: &str) -> Option<(usize, Option<usize>)> {
    let (a, b) = r.strip_prefix("bytes=")?.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()))
}

// ---------------------------------------------------------------------------
// Endless and gigantic responses
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Framing {
    Chunked,
    UntilClose,
    HugeLength,
}

fn endless_json(framing: Framing) -> Hostile {
    Hostile::start(move |_, conn| {
        let mut h = json_headers();
        let chunked = match framing {
            Framing::Chunked => {
                h.push(("Transfer-Encoding", "chunked".into()));
                true
            }
            Framing::UntilClose => {
                h.push(("Connection", "close".into()));
                false
            }
            Framing::HugeLength => {
                h.push(("Content-Length", (64 * 1024 * MIB).to_string()));
                false
            }
        };
        conn.head(200, &h)?;
        // `[` then spaces forever: valid JSON so far, never finished.
        conn.write(if chunked { b"1\r\n[\r\n" } else { b"[" })?;
        conn.stream(&[b' '; 64 * 1024], 2 * OVER_JSON_LIMIT, chunked)?;
        Ok(After::Close)
    })
    .unwrap()
}

#[test]
fn an_endless_json_body_hits_the_size_limit_without_hanging() {
    let _heavy = heavy();
    for framing in [Framing::Chunked, Framing::UntilClose, Framing::HugeLength] {
        let server = endless_json(framing);
        let c = client(&server);
        let started = Instant::now();
        let err = c.model_info("m/r", &Default::default()).unwrap_err();
        let took = started.elapsed();
        assert_eq!(err.kind(), ErrorKind::Decode, "{framing:?}: {err}");
        assert!(
            err.to_string().contains("larger than"),
            "{framing:?}: not the size limit: {err}"
        );
        assert!(took < timeouts().request, "{framing:?} took {took:?}");
        // The limit is not a retry trigger: one request.
        assert_eq!(server.received().len(), 1, "{framing:?}");
    }
    // Bounded memory: one limit's worth of buffer, not the endless body.
    let peak = peak_rss();
    assert!(peak < 1024 * MIB, "peak RSS {} MiB", peak / MIB);
}

#[test]
fn a_gigantic_json_array_is_bounded_by_the_client_limit() {
    let _heavy = heavy();
    // A well-formed array with an honest Content-Length, just too big.
    let server = Hostile::start(|_, conn| {
        let mut h = json_headers();
        h.push(("Content-Length", OVER_JSON_LIMIT.to_string()));
        conn.head(200, &h)?;
        conn.write(b"[")?;
        let items = b"0,".repeat(32 * 1024);
        let sent = conn.stream(&items, OVER_JSON_LIMIT - 3, false)?;
        if sent == OVER_JSON_LIMIT - 3 {
            conn.write(b"0]")?;
        }
        Ok(After::Close)
    })
    .unwrap();
    let c = client(&server);
    let started = Instant::now();
    // A typed document and a page of a listing alike.
    let err = c.model_info("m/r", &Default::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.to_string().contains("larger than"), "{err}");
    let err = c
        .list_models(&Default::default())
        .next()
        .expect("one item: the error")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.to_string().contains("larger than"), "{err}");
    assert!(started.elapsed() < 2 * timeouts().request);
    let peak = peak_rss();
    assert!(peak < 1024 * MIB, "peak RSS {} MiB", peak / MIB);
}

#[test]
fn a_gigantic_header_line_is_an_error() {
    // One header line that never ends, then endless small headers.
    for endless_count in [false, true] {
        let server = Hostile::start(move |_, conn| {
            conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")?;
            if endless_count {
                let mut i = 0u64;
                while i < 10_000_000 && !conn.stopped() {
                    if conn.write(format!("X-H{i}: v\r\n").as_bytes()).is_err() {
                        break;
                    }
                    i += 1;
                }
            } else {
                conn.write(b"X-Big: ")?;
                conn.stream(&[b'a'; 64 * 1024], 4096 * MIB, false)?;
            }
            Ok(After::Close)
        })
        .unwrap();
        let c = client(&server);
        let started = Instant::now();
        let err = c.model_info("m/r", &Default::default()).unwrap_err();
        let took = started.elapsed();
        // Refused for its size, not cut by the whole-call timeout.
        assert_ne!(err.kind(), ErrorKind::Timeout, "{err}");
        assert!(took < Duration::from_secs(10), "took {took:?}: {err}");
        assert!(
            server.received().len() <= 2,
            "{:?}",
            server.received().len()
        );
        // The metadata HEAD of a download too.
        let err = c
            .hf_hub_download("m/r", "f.bin", &HfHubDownloadOptions::default())
            .unwrap_err();
        assert_ne!(err.kind(), ErrorKind::Timeout, "{err}");
        assert_nothing_cached(&c);
    }
}

// ---------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------

#[test]
fn a_resolve_redirect_loop_ends_after_a_bounded_number_of_hops() {
    // HEAD: a relative redirect to itself, forever.
    let server = Hostile::start(|req, conn| {
        conn.respond(307, &[("Location", req.path().to_owned())], b"")?;
        Ok(After::KeepAlive)
    })
    .unwrap();
    let c = client(&server);
    let err = download_within(&c, Duration::from_secs(10)).unwrap_err();
    assert!(err.to_string().contains("redirects"), "{err}");
    let heads = server.received().len();
    assert!((2..=10).contains(&heads), "{heads} HEADs");
    assert_nothing_cached(&c);

    // GET: the content URL redirects to itself (absolute), and two hosts
    // bounce between each other.
    let hops = Arc::new(AtomicUsize::new(0));
    let h = hops.clone();
    let server = Hostile::start(move |req, conn| {
        let me = req.header("host").unwrap_or_default().to_owned();
        if req.method == "HEAD" {
            let mut headers = resolve_headers(&"a".repeat(64), 10);
            headers.push(("Location", format!("http://{me}/cdn/loop")));
            conn.respond(302, &headers, b"")?;
        } else {
            h.fetch_add(1, Ordering::SeqCst);
            // 127.0.0.1 ↔ localhost, same server.
            let other = if me.starts_with("localhost") {
                me.replacen("localhost", "127.0.0.1", 1)
            } else {
                me.replacen("127.0.0.1", "localhost", 1)
            };
            conn.respond(
                302,
                &[("Location", format!("http://{other}/cdn/loop"))],
                b"",
            )?;
        }
        Ok(After::KeepAlive)
    })
    .unwrap();
    let c = client(&server);
    let err = download_within(&c, Duration::from_secs(20)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Network | ErrorKind::Http),
        "{err}"
    );
    let n = hops.load(Ordering::SeqCst);
    assert!(n > 1 && n <= 200, "{n} redirected GETs");
    assert_nothing_cached(&c);
}

/// A Hub (on `127.0.0.1`) whose content lives on `target` (another host).
fn hub_redirecting_to(target: String, head_redirects: bool) -> Hostile {
    Hostile::start(move |req, conn| {
        let body = content(1000);
        let sha = sha256_hex(&body);
        let location = format!("{target}/blob");
        if req.method == "HEAD" {
            let mut h = resolve_headers(&sha, body.len());
            if head_redirects {
                h.push(("Location", location));
                conn.respond(302, &h, b"")?;
            } else {
                conn.respond(200, &h, b"")?;
            }
        } else {
            conn.respond(302, &[("Location", location)], b"")?;
        }
        Ok(After::KeepAlive)
    })
    .unwrap()
}

fn storage() -> Hostile {
    Hostile::start(|_, conn| {
        conn.respond(200, &[], &content(1000))?;
        Ok(After::KeepAlive)
    })
    .unwrap()
}

#[test]
fn the_token_is_not_sent_to_another_host_after_a_redirect() {
    let store = storage();
    for (target, head_redirects, what) in [
        (
            store.url_as_localhost(),
            true,
            "HEAD location on another host name",
        ),
        (store.url(), true, "HEAD location on another port"),
        (
            store.url_as_localhost(),
            false,
            "GET redirected to another host name",
        ),
        (store.url(), false, "GET redirected to another port"),
    ] {
        let before = store.received().len();
        let hub = hub_redirecting_to(target, head_redirects);
        let c = client(&hub);
        let p = c
            .hf_hub_download("m/r", "f.bin", &HfHubDownloadOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(fs::read(p).unwrap(), content(1000), "{what}");
        // The Hub got the token (the control) ...
        let at_hub = hub.received();
        assert!(
            at_hub
                .iter()
                .all(|r| r.header("authorization") == Some(&format!("Bearer {TOKEN}"))),
            "{what}: {at_hub:?}"
        );
        // ... the other host did not.
        let at_store: Vec<Received> = store.received()[before..].to_vec();
        assert_eq!(at_store.len(), 1, "{what}");
        assert_eq!(at_store[0].header("authorization"), None, "{what}");
    }
    // JSON API calls follow redirects too, without the token.
    let before = store.received().len();
    let hub = Hostile::start({
        let target = store.url_as_localhost();
        move |_, conn| {
            conn.respond(
                302,
                &[("Location", format!("{target}/api/models/m/r"))],
                b"",
            )?;
            Ok(After::KeepAlive)
        }
    })
    .unwrap();
    let _ = client(&hub).model_info("m/r", &Default::default());
    assert!(hub.received()[0].header("authorization").is_some());
    let at_store = &store.received()[before..];
    assert_eq!(at_store.len(), 1);
    assert_eq!(at_store[0].header("authorization"), None);
}

// ---------------------------------------------------------------------------
// Lying Content-Length and Content-Range on downloads
// ---------------------------------------------------------------------------

const N: usize = 300_000;

/// A Hub serving one LFS file of `N` bytes: HEAD truthful, GETs scripted by `get`.
fn download_server<F>(get: F) -> Hostile
where
    F: Fn(&Received, &mut Conn<'_>, &[u8], usize) -> io::Result<After> + Send + Sync + 'static,
{
    let gets = AtomicUsize::new(0);
    Hostile::start(move |req, conn| {
        let body = content(N);
        if req.method == "HEAD" {
            conn.respond(200, &resolve_headers(&sha256_hex(&body), N), b"")?;
            return Ok(After::KeepAlive);
        }
        let i = gets.fetch_add(1, Ordering::SeqCst);
        get(req, conn, &body, i)
    })
    .unwrap()
}

fn honour_range(req: &Received, conn: &mut Conn<'_>, body: &[u8]) -> io::Result<After> {
    match req.header("range").and_then(parse_range) {
        Some((a, b)) => {
            let e = b.unwrap_or(body.len() - 1).min(body.len() - 1);
            conn.respond(
                206,
                &[("Content-Range", format!("bytes {a}-{e}/{}", body.len()))],
                &body[a..=e],
            )?;
        }
        None => conn.respond(200, &[], body)?,
    }
    Ok(After::KeepAlive)
}

fn download(c: &Client) -> hfhub::Result<PathBuf> {
    c.hf_hub_download("m/r", "f.bin", &HfHubDownloadOptions::default())
}

#[test]
fn a_content_length_shorter_than_the_file_is_resumed_and_verified() {
    // The first GET announces and sends half the file, cleanly: the client
    // notices the size is short and asks for the rest.
    let server = download_server(|req, conn, body, i| {
        if i == 0 {
            conn.respond(200, &[], &body[..N / 2])?;
            return Ok(After::KeepAlive);
        }
        honour_range(req, conn, body)
    });
    let c = client(&server);
    let p = download(&c).unwrap();
    assert_eq!(fs::read(&p).unwrap(), content(N));
    let ranges: Vec<Option<String>> = server
        .received()
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.header("range").map(str::to_owned))
        .collect();
    assert_eq!(ranges, [None, Some(format!("bytes={}-", N / 2))]);

    // A server that keeps sending nothing more: a bounded number of attempts,
    // then an error, and nothing in the cache.
    let server = download_server(|_, conn, body, i| {
        if i == 0 {
            conn.respond(200, &[], &body[..N / 2])?;
        } else {
            conn.respond(
                206,
                &[("Content-Range", format!("bytes {}-{}/{N}", N / 2, N - 1))],
                b"",
            )?;
        }
        Ok(After::KeepAlive)
    });
    let c = client(&server);
    let err = download_within(&c, Duration::from_secs(20)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    let gets = server
        .received()
        .iter()
        .filter(|r| r.method == "GET")
        .count();
    assert!((3..=12).contains(&gets), "{gets} GETs");
    assert_nothing_cached(&c);
}

#[test]
fn a_body_longer_than_the_file_is_refused_and_nothing_is_cached() {
    // Content-Length announces (and the body carries) extra bytes after the file.
    let server = download_server(|_, conn, body, _| {
        let mut longer = body.to_vec();
        longer.extend_from_slice(&[0xEE; 4096]);
        conn.respond(200, &[], &longer)?;
        Ok(After::KeepAlive)
    });
    let c = client(&server);
    let err = download(&c).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert!(err.to_string().contains("more"), "{err}");
    assert_nothing_cached(&c);

    // The same lie on a resumed range.
    let server = download_server(|req, conn, body, i| {
        if i == 0 {
            conn.head(200, &[("Content-Length", N.to_string())])?;
            conn.write(&body[..N / 3])?;
            return Ok(After::Close);
        }
        let (a, _) = req
            .header("range")
            .and_then(parse_range)
            .unwrap_or((0, None));
        let mut longer = body[a..].to_vec();
        longer.extend_from_slice(&[0xEE; 100]);
        conn.respond(
            206,
            &[("Content-Range", format!("bytes {a}-{}/{N}", N - 1))],
            &longer,
        )?;
        Ok(After::KeepAlive)
    });
    let c = client(&server);
    let err = download(&c).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert_nothing_cached(&c);
}

#[test]
fn a_206_with_the_wrong_content_range_is_not_appended() {
    // First GET cut at a third; every range request is answered from byte 0
    // while claiming it starts elsewhere, or with a range that is not the one asked.
    for lie in ["claims-offset-sends-zero", "names-zero", "garbage"] {
        let server = download_server(move |req, conn, body, i| {
            if i == 0 || req.header("range").is_none() {
                conn.head(200, &[("Content-Length", N.to_string())])?;
                conn.write(&body[..N / 3])?;
                return Ok(After::Close);
            }
            let (a, _) = req
                .header("range")
                .and_then(parse_range)
                .unwrap_or((0, None));
            let content_range = match lie {
                "claims-offset-sends-zero" => format!("bytes {a}-{}/{N}", N - 1),
                "names-zero" => format!("bytes 0-{}/{N}", N - 1 - a),
                _ => "bytes */whatever".to_owned(),
            };
            conn.respond(206, &[("Content-Range", content_range)], &body[..N - a])?;
            Ok(After::KeepAlive)
        });
        let c = client(&server);
        let err = download_within(&c, Duration::from_secs(20)).unwrap_err();
        let want = if lie == "claims-offset-sends-zero" {
            ErrorKind::Checksum
        } else {
            ErrorKind::Network
        };
        assert_eq!(err.kind(), want, "{lie}: {err}");
        assert_nothing_cached(&c);
    }

    // Parallel ranges: a worker answered with another range makes the client
    // fall back to one stream (even while the probe's chunk is still arriving);
    // the file is still right.
    let server = download_server(|req, conn, body, _| {
        match req.header("range").and_then(parse_range) {
            Some((0, Some(e))) => {
                // The probe's chunk is honest but slow: the workers' lies
                // arrive while it is still being copied.
                conn.head(
                    206,
                    &[
                        ("Content-Range", format!("bytes 0-{e}/{N}")),
                        ("Content-Length", (e + 1).to_string()),
                    ],
                )?;
                conn.write(&body[..e / 2])?;
                std::thread::sleep(Duration::from_millis(500));
                conn.write(&body[e / 2..=e])?
            }
            Some((_, Some(e))) => conn.respond(
                206,
                &[("Content-Range", format!("bytes 0-{e}/{N}"))],
                &body[..=e],
            )?,
            _ => conn.respond(200, &[], body)?,
        }
        Ok(After::KeepAlive)
    });
    let c = builder(&server.url())
        .token(false)
        .download_config(DownloadConfig {
            chunk_size: 64 * 1024,
            parallel_threshold: 128 * 1024,
            max_connections: 4,
            ..Default::default()
        })
        .build()
        .unwrap();
    let p = download(&c).unwrap();
    assert_eq!(fs::read(&p).unwrap(), content(N));
    let blobs = common::files_under(&c.cache_dir().join("models--m--r/blobs"));
    assert_eq!(
        blobs,
        [sha256_hex(&content(N))],
        "one verified blob, no temp file"
    );
}

// ---------------------------------------------------------------------------
// Poisoned listings
// ---------------------------------------------------------------------------

/// A Hub whose listing of `m/r` names `name` (raw JSON string contents, so
/// escapes and invalid UTF-8 can be injected); every other file request is
/// answered with a small file.
fn listing_server(name: Vec<u8>) -> Hostile {
    Hostile::start(move |req, conn| {
        let file = content(10);
        let sha = sha256_hex(&file);
        let path = req.path();
        let entry = |key: &str| {
            let mut e = format!("{{\"{key}\":\"").into_bytes();
            e.extend_from_slice(&name);
            e.extend_from_slice(
                format!(
                    "\",\"size\":10,\"blobId\":\"{}\",\"oid\":\"{}\",\"type\":\"file\",\
                     \"lfs\":{{\"sha256\":\"{sha}\",\"size\":10,\"pointerSize\":130}}}}",
                    "b".repeat(40),
                    "b".repeat(40)
                )
                .as_bytes(),
            );
            e
        };
        if path.starts_with("/api/models/m/r/tree/") {
            let mut body = b"[".to_vec();
            body.extend(entry("path"));
            body.push(b']');
            conn.respond(200, &json_headers(), &body)?;
        } else if path.starts_with("/api/models/m/r") {
            let mut body =
                format!("{{\"id\":\"m/r\",\"sha\":\"{COMMIT}\",\"siblings\":[").into_bytes();
            body.extend(entry("rfilename"));
            body.extend_from_slice(b"]}");
            conn.respond(200, &json_headers(), &body)?;
        } else if req.method == "HEAD" {
            conn.respond(200, &resolve_headers(&sha, 10), b"")?;
        } else {
            conn.respond(200, &[], &file)?;
        }
        Ok(After::KeepAlive)
    })
    .unwrap()
}

#[test]
fn poisoned_file_names_in_a_listing_are_rejected_before_touching_disk() {
    let names: Vec<(&str, Vec<u8>)> = vec![
        ("dot-dot", b"../../../escaped.txt".to_vec()),
        ("dot-dot inside", b"a/../../../escaped.txt".to_vec()),
        (
            "backslash dot-dot",
            b"a\\\\..\\\\..\\\\..\\\\escaped.txt".to_vec(),
        ),
        ("absolute", b"/tmp/hfhub-hostile-escaped.txt".to_vec()),
        ("drive", b"C:\\\\escaped.txt".to_vec()),
        ("NUL byte", b"escaped\\u0000.txt".to_vec()),
        ("invalid UTF-8", b"escaped\xff\xfe.txt".to_vec()),
        ("lone surrogate", b"escaped\\udc80.txt".to_vec()),
    ];
    for (what, name) in names {
        let undecodable = what.contains("UTF-8") || what.contains("surrogate");
        for revision in ["main", COMMIT] {
            let server = listing_server(name.clone());
            // The cache sits two levels below a fresh parent, so `../..` escapes
            // would land in `parent`.
            let parent = temp_home();
            let cache = parent.join("hub").join("cache");
            let c = builder(&server.url()).token(false).build().unwrap();
            let err = c
                .snapshot_download(
                    "m/r",
                    &SnapshotDownloadOptions {
                        revision: Some(revision.into()),
                        cache_dir: Some(cache.clone()),
                        ..Default::default()
                    },
                )
                .unwrap_err();
            if undecodable {
                // The listing cannot be decoded: as any failed listing, the call
                // falls back to the (empty) cache.
                assert_eq!(err.kind(), ErrorKind::LocalEntryNotFound, "{what}: {err}");
                assert!(err.to_string().contains("decode"), "{what}: {err}");
            } else {
                assert_eq!(err.kind(), ErrorKind::InvalidInput, "{what}: {err}");
                assert!(
                    err.to_string().contains("invalid file name"),
                    "{what}: {err}"
                );
            }
            // No file was requested and nothing was written outside the cache.
            let got = server.received();
            assert!(
                got.iter().all(|r| r.path().starts_with("/api/")),
                "{what} at {revision}: {got:?}"
            );
            let outside: Vec<String> = common::files_under(&parent)
                .into_iter()
                .filter(|f| !f.starts_with("hub/cache/"))
                .collect();
            assert!(outside.is_empty(), "{what} at {revision}: {outside:?}");
            let inside = common::files_under(&cache);
            assert!(
                inside.iter().all(|f| !f.contains("escaped")),
                "{what} at {revision}: {inside:?}"
            );
            assert!(!Path::new("/tmp/hfhub-hostile-escaped.txt").exists());
            let repo = cache.join("models--m--r");
            assert!(
                common::files_under(&repo.join("blobs")).is_empty(),
                "{what}"
            );
            assert!(
                common::files_under(&repo.join("snapshots")).is_empty(),
                "{what}"
            );
            let _ = fs::remove_dir_all(&parent);
        }
    }
}

// ---------------------------------------------------------------------------
// Pagination loops
// ---------------------------------------------------------------------------

/// Listings whose `Link: rel="next"` leads back to a page already served:
/// `/api/models` alternates between two cursors, the tree links to itself.
fn looping_pages() -> Hostile {
    Hostile::start(|req, conn| {
        let me = req.header("host").unwrap_or_default().to_owned();
        let (next, body) = if req.path().starts_with("/api/models/m/r/tree/") {
            (
                format!("http://{me}{}", req.target),
                format!(
                    "[{{\"type\":\"file\",\"oid\":\"{0}\",\"size\":1,\"path\":\"a.txt\"}}]",
                    "b".repeat(40)
                ),
            )
        } else {
            let other = if req.target.contains("cursor=b") {
                "a"
            } else {
                "b"
            };
            (
                format!("http://{me}/api/models?cursor={other}"),
                "[{\"id\":\"m/one\"},{\"id\":\"m/two\"}]".to_owned(),
            )
        };
        let mut h = json_headers();
        h.push(("Link", format!("<{next}>; rel=\"next\"")));
        conn.respond(200, &h, body.as_bytes())?;
        Ok(After::KeepAlive)
    })
    .unwrap()
}

#[test]
fn a_pagination_loop_ends_in_an_error() {
    let server = looping_pages();
    let c = client(&server);
    // The caller's iteration: `/api/models`, `?cursor=b`, `?cursor=a`, then
    // the link back to `?cursor=b` is an error.
    let items: Vec<_> = c.list_models(&Default::default()).take(100).collect();
    assert_eq!(items.len(), 7, "{items:?}");
    assert!(items[..6].iter().all(Result::is_ok));
    let err = items[6].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert!(err.to_string().contains("loop"), "{err}");
    // An internal listing that reads every page (snapshot_download at a
    // commit) must end too.
    let err = within(Duration::from_secs(20), move || {
        c.snapshot_download(
            "m/r",
            &SnapshotDownloadOptions {
                revision: Some(COMMIT.into()),
                ..Default::default()
            },
        )
    })
    .unwrap_err();
    assert!(err.to_string().contains("loop"), "{err}");
    let trees = server
        .received()
        .iter()
        .filter(|r| r.path().contains("/tree/"))
        .count();
    assert_eq!(trees, 1, "the page linking to itself is read once");
}

// ---------------------------------------------------------------------------
// Slowloris
// ---------------------------------------------------------------------------

#[test]
fn a_server_sending_one_byte_per_second_hits_the_whole_call_timeout() {
    let server = Hostile::start(|_, conn| {
        let answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"id\":\"m/r\",\"sha\":\"0000000000000000000\"}";
        conn.trickle(answer, Duration::from_secs(1))?;
        Ok(After::Close)
    })
    .unwrap();
    // Each read gap (1 s) is within the 2 s read timeout: only the whole-call
    // bound can stop it.
    let c = builder(&server.url())
        .token(false)
        .timeouts(Timeouts {
            request: Duration::from_secs(3),
            ..timeouts()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.model_info("m/r", &Default::default()).unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(6),
        "took {took:?}"
    );
    assert_eq!(
        server.received().len(),
        1,
        "a whole-call timeout is not retried"
    );

    // The metadata HEAD of a download is bounded by its own timeout (3 s here);
    // with nothing cached the download then fails.
    let c = client(&server);
    let started = Instant::now();
    let err = download(&c).unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(6), "took {took:?}: {err}");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LocalEntryNotFound | ErrorKind::Timeout
        ),
        "{err}"
    );
}

#[test]
fn a_download_that_stalls_hits_the_read_timeout_and_a_trickle_is_cancellable() {
    // Headers, a few bytes, then silence: the download read-gap bound fires on
    // every attempt and the resumes are bounded.
    let server = download_server(|_, conn, body, _| {
        conn.head(200, &[("Content-Length", N.to_string())])?;
        conn.write(&body[..10])?;
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until && !conn.stopped() {
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(After::Close)
    });
    let c = client(&server);
    // (1 + 5 resumes) × 2 s read gap + backoff.
    let err = download_within(&c, Duration::from_secs(20)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Network | ErrorKind::Timeout),
        "{err}"
    );
    assert_nothing_cached(&c);

    // One byte per second never trips a read-gap bound (as in every client);
    // a download has no whole-call bound (large files take long), so the
    // caller's cancel token is what stops it, within about one read.
    let server = download_server(|_, conn, body, _| {
        conn.head(200, &[("Content-Length", N.to_string())])?;
        conn.trickle(body, Duration::from_secs(1))?;
        Ok(After::Close)
    });
    let c = client(&server);
    let cancel = CancelToken::new();
    let stopper = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(3));
            cancel.cancel();
        })
    };
    let started = Instant::now();
    let err = c
        .hf_hub_download_with(
            "m/r",
            "f.bin",
            &HfHubDownloadOptions::default(),
            &mut Hooks::new().cancel(&cancel),
        )
        .unwrap_err();
    let took = started.elapsed();
    stopper.join().unwrap();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_nothing_cached(&c);
}
