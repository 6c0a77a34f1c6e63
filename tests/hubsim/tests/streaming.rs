//! Streamed request bodies: the storage PUTs (basic and multipart parts) go from the socket to
//! a temporary file while being hashed, never into memory (those above
//! `hubsim::http::STREAM_ABOVE` or chunked; smaller ones are read whole and then written the
//! same way); every other route reads its body whole, up to a limit (413 above it).

use hubsim::seed::*;
use hubsim::{Config, Fault, Server};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod common;
use common::{send, send_json};

/// Deterministic content of any length, produced block by block (never held whole).
struct Pattern {
    block: Vec<u8>,
    pos: u64,
    len: u64,
}

impl Pattern {
    fn new(len: u64) -> Pattern {
        // 1 MiB of xorshift bytes, repeated with the block number stamped into each copy
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let block = (0..1 << 20)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        Pattern { block, pos: 0, len }
    }

    /// The byte at `offset`.
    fn byte_at(&self, offset: u64) -> u8 {
        let (n, within) = (offset >> 20, (offset & ((1 << 20) - 1)) as usize);
        if within < 8 {
            n.to_le_bytes()[within]
        } else {
            self.block[within]
        }
    }
}

impl Read for Pattern {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let within = (self.pos & ((1 << 20) - 1)) as usize;
        let n = ((self.len - self.pos) as usize)
            .min(buf.len())
            .min((1 << 20) - within);
        buf[..n].copy_from_slice(&self.block[within..within + n]);
        let stamp = (self.pos >> 20).to_le_bytes();
        for (i, b) in buf[..n].iter_mut().enumerate() {
            if within + i >= 8 {
                break;
            }
            *b = stamp[within + i];
        }
        self.pos += n as u64;
        Ok(n)
    }
}

fn sha256_of(mut r: impl Read) -> String {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    hubsim::hash::hex(&h.finalize())
}

/// A response read off a raw connection.
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn connect(url: &str) -> TcpStream {
    let addr = url.trim_start_matches("http://");
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(120))).unwrap();
    s
}

/// Reads one response (with a `Content-Length` body) from a kept-alive connection.
fn read_response(r: &mut BufReader<TcpStream>) -> Raw {
    let mut status_line = String::new();
    r.read_line(&mut status_line).unwrap();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
        .parse()
        .unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':').unwrap();
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).unwrap();
    Raw {
        status,
        headers,
        body,
    }
}

/// Sends a request head, then `body` copied as it is read, with `Content-Length: len`.
fn put_stream(conn: &mut TcpStream, path: &str, len: u64, body: impl Read) {
    write!(
        conn,
        "PUT {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len}\r\n\r\n"
    )
    .unwrap();
    let copied = std::io::copy(&mut body.take(len), conn).unwrap();
    assert_eq!(copied, len);
    conn.flush().unwrap();
}

fn vm_hwm_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in /proc/{pid}/status"))
}

/// The hubsim binary as a child process with its own data directory; killed (and the
/// directory removed) on drop.
struct HubsimProcess {
    child: Child,
    url: String,
    data: std::path::PathBuf,
}

impl Drop for HubsimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn spawn_hubsim(args: &[&str]) -> HubsimProcess {
    let data = std::env::temp_dir().join(format!("hubsim-streaming-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hubsim"))
        .args(["--addr", "127.0.0.1:0"])
        .arg("--data")
        .arg(&data)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("hubsim binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_string();
    let sim = HubsimProcess { child, url, data };
    assert!(sim.url.starts_with("http://127.0.0.1:"), "{line:?}");
    sim
}

#[test]
fn one_gib_storage_put_is_streamed_not_buffered() {
    const SIZE: u64 = 1 << 30;
    let sha = sha256_of(Pattern::new(SIZE));
    let sim = spawn_hubsim(&["--seed", "none"]);
    let pid = sim.child.id();
    let mut conn = connect(&sim.url);
    let path = format!("/_cdn/upload/{sha}?size={SIZE}&sig=x");
    let before = vm_hwm_kib(pid);
    put_stream(&mut conn, &path, SIZE, Pattern::new(SIZE));
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let r = read_response(&mut reader);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.header("etag"),
        Some(format!("\"{}\"", &sha[..32]).as_str())
    );
    let after = vm_hwm_kib(pid);
    let grown_mib = after.saturating_sub(before) / 1024;
    eprintln!("hubsim VmHWM: {before} kB before, {after} kB after a 1 GiB PUT");
    assert!(
        grown_mib < 64,
        "hubsim's peak RSS grew by {grown_mib} MiB ({before} kB → {after} kB) for a 1 GiB PUT"
    );
    // the object is stored: ranges anywhere in it come back right (same connection)
    let pattern = Pattern::new(SIZE);
    for start in [0u64, (1 << 20) - 3, SIZE / 2 + 12345, SIZE - 16] {
        write!(
            conn,
            "GET /_cdn/{sha} HTTP/1.1\r\nHost: localhost\r\nRange: bytes={start}-{}\r\n\r\n",
            start + 15
        )
        .unwrap();
        let r = read_response(&mut reader);
        assert_eq!(r.status, 206);
        let want: Vec<u8> = (start..start + 16).map(|o| pattern.byte_at(o)).collect();
        assert_eq!(r.body, want, "range at {start}");
    }
}

fn start_sim(chunk: Option<u64>) -> Server {
    let sim = Server::start(Config::default()).expect("hubsim starts");
    sim.set_multipart_chunk_size(chunk);
    sim
}

/// Asks the LFS batch API for an upload action for `oid`/`size` on the seed model.
fn batch_upload(sim: &Server, oid: &str, size: u64) -> Value {
    let r = send(
        "POST",
        &format!("{}/{MODEL}.git/info/lfs/objects/batch", sim.url()),
        Some(ALICE_WRITE_TOKEN),
        &[("Content-Type", "application/vnd.git-lfs+json")],
        Some(
            json!({"operation": "upload", "transfers": ["basic", "multipart"],
                   "objects": [{"oid": oid, "size": size}], "hash_algo": "sha256"})
            .to_string()
            .as_bytes(),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["objects"][0]["actions"]["upload"].clone()
}

fn path_of(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    rest[rest.find('/').unwrap()..].to_string()
}

#[test]
fn multipart_parts_are_streamed_and_assembled_from_files() {
    const CHUNK: u64 = 5 << 20;
    const SIZE: u64 = 2 * CHUNK + 777;
    let sim = start_sim(Some(CHUNK));
    let sha = sha256_of(Pattern::new(SIZE));
    let upload = batch_upload(&sim, &sha, SIZE);
    assert_eq!(upload["header"]["chunk_size"], json!(CHUNK.to_string()));
    let mut conn = connect(&sim.url());
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    // a part of the wrong size is refused (its body is drained: the connection stays usable)
    let part1 = path_of(upload["header"]["1"].as_str().unwrap());
    put_stream(&mut conn, &part1, CHUNK - 1, Pattern::new(SIZE));
    let r = read_response(&mut reader);
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    // the three parts, all on one kept-alive connection; the second is sent twice
    let mut etags = Vec::new();
    for n in 1..=3u64 {
        let path = path_of(upload["header"][n.to_string()].as_str().unwrap());
        let start = (n - 1) * CHUNK;
        let len = CHUNK.min(SIZE - start);
        let mut body = Pattern::new(SIZE);
        std::io::copy(&mut (&mut body).take(start), &mut std::io::sink()).unwrap();
        put_stream(&mut conn, &path, len, body);
        let r = read_response(&mut reader);
        assert_eq!(
            r.status,
            200,
            "part {n}: {}",
            String::from_utf8_lossy(&r.body)
        );
        etags.push(r.header("etag").unwrap().to_string());
    }
    let complete = send_json(
        "POST",
        upload["href"].as_str().unwrap(),
        None,
        Some(json!({"oid": sha, "parts": [
            {"partNumber": 1, "etag": etags[0]},
            {"partNumber": 2, "etag": etags[1]},
            {"partNumber": 3, "etag": etags[2]}]})),
    );
    assert_eq!(complete.status, 200, "{}", complete.text());
    // the large parts went through the streaming path (the request log holds no copy of
    // them); the 777-byte tail was read whole
    let bodies: Vec<(u64, usize)> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/upload-part/"))
        .map(|r| {
            (
                r.header("content-length").unwrap().parse().unwrap(),
                r.body.len(),
            )
        })
        .collect();
    assert_eq!(bodies, [(CHUNK - 1, 0), (CHUNK, 0), (CHUNK, 0), (777, 777)]);
    let r = send("GET", &format!("{}/_cdn/{sha}", sim.url()), None, &[], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len() as u64, SIZE);
    assert_eq!(sha256_of(&r.body[..]), sha);
}

#[test]
fn storage_put_checks_the_streamed_bytes_and_accepts_chunked_bodies() {
    let sim = start_sim(None);
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let sha = sha256_of(&data[..]);
    let mut conn = connect(&sim.url());
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    // wrong bytes: 400, nothing stored
    let wrong = sha256_of(&b"other"[..]);
    put_stream(
        &mut conn,
        &format!("/_cdn/upload/{wrong}?size={}", data.len()),
        data.len() as u64,
        &data[..],
    );
    let r = read_response(&mut reader);
    assert_eq!(r.status, 400);
    assert!(String::from_utf8_lossy(&r.body).contains("Checksum mismatch"));
    // announced length differs from ?size=: refused before reading, connection still usable
    put_stream(
        &mut conn,
        &format!("/_cdn/upload/{sha}?size={}", data.len() + 1),
        data.len() as u64,
        &data[..],
    );
    let r = read_response(&mut reader);
    assert_eq!(r.status, 400);
    assert!(String::from_utf8_lossy(&r.body).contains("Size mismatch"));
    assert!(!sim.with_state(|s| s.lfs_objects.contains_key(&sha)));
    // a chunked body, in uneven chunks
    write!(
        conn,
        "PUT /_cdn/upload/{sha}?size={} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
        data.len()
    )
    .unwrap();
    for piece in data.chunks(70_001) {
        write!(conn, "{:x};ext=1\r\n", piece.len()).unwrap();
        conn.write_all(piece).unwrap();
        conn.write_all(b"\r\n").unwrap();
    }
    conn.write_all(b"0\r\nX-Trailer: y\r\n\r\n").unwrap();
    let r = read_response(&mut reader);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        sim.with_state(|s| s.lfs_objects.get(&sha).map(|o| o.size)),
        Some(data.len() as u64)
    );
    let back = send("GET", &format!("{}/_cdn/{sha}", sim.url()), None, &[], None);
    assert_eq!(back.body, data);
}

#[test]
fn faulted_part_upload_drains_the_body_and_keeps_the_connection() {
    const CHUNK: u64 = 5 << 20; // above STREAM_ABOVE: streamed
    let sim = start_sim(Some(CHUNK));
    let size = CHUNK + 10;
    let sha = sha256_of(Pattern::new(size));
    let upload = batch_upload(&sim, &sha, size);
    sim.inject(
        Fault::status("/_cdn/upload-part/", 503)
            .method("PUT")
            .times(1),
    );
    let mut conn = connect(&sim.url());
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let part1 = path_of(upload["header"]["1"].as_str().unwrap());
    put_stream(&mut conn, &part1, CHUNK, Pattern::new(size));
    assert_eq!(read_response(&mut reader).status, 503);
    // the retry on the same connection is parsed as a new request and succeeds
    put_stream(&mut conn, &part1, CHUNK, Pattern::new(size));
    let r = read_response(&mut reader);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("connection"), Some("keep-alive"));
}

#[test]
fn other_routes_refuse_bodies_over_the_buffer_limit() {
    let sim = start_sim(None);
    let mut conn = connect(&sim.url());
    let too_big = hubsim::http::MAX_BUFFERED_BODY + 1;
    // the answer comes from the head alone: nothing of the body is sent
    write!(
        conn,
        "POST /api/repos/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {too_big}\r\n\r\n"
    )
    .unwrap();
    let r = read_response(&mut BufReader::new(conn));
    assert_eq!(r.status, 413);
    assert_eq!(r.header("connection"), Some("close"));
    // chunked bodies are capped the same way
    let mut conn = connect(&sim.url());
    write!(
        conn,
        "POST /api/repos/create HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{too_big:x}\r\n"
    )
    .unwrap();
    let r = read_response(&mut BufReader::new(conn));
    assert_eq!(r.status, 413);
    // a body at the limit's scale but within it is still read whole
    let body = json!({"name": "big-body", "type": "model", "pad": "x".repeat(1 << 20)});
    let r = send_json(
        "POST",
        &format!("{}/api/repos/create", sim.url()),
        Some(ALICE_WRITE_TOKEN),
        Some(body),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}
