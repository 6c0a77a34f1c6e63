//! A scripted raw-TCP HTTP/1.1 server that plays a hostile Hub.
//!
//! hubsim answers what the real Hub answers; this module answers whatever a test
//! script writes, byte for byte: endless bodies and headers, redirect loops,
//! lying `Content-Length` and `Content-Range`, poisoned listings, one byte per
//! second. The server parses each request head (bounded), records it, and hands
//! the connection to the script.
//!
//! ```no_run
//! use hubsim::hostile::{After, Hostile};
//! let server = Hostile::start(|req, conn| {
//!     conn.respond(200, &[("Content-Type", "application/json".into())], b"{}")?;
//!     Ok(if req.method == "HEAD" { After::Close } else { After::KeepAlive })
//! })?;
//! let url = server.url(); // http://127.0.0.1:PORT
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Every loop is bounded: connections accepted, requests per connection, bytes
//! of a request head, bytes of an endless body ([`Conn::stream`]), and each
//! helper stops as soon as the server is dropped or the peer goes away.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Connections accepted before the listener stops.
pub const MAX_CONNECTIONS: usize = 4096;
/// Requests answered on one connection before it is closed.
pub const MAX_REQUESTS_PER_CONNECTION: usize = 256;
/// Largest request head read (request line and headers).
pub const MAX_REQUEST_HEAD: usize = 64 * 1024;
/// Largest request body read (and discarded).
pub const MAX_REQUEST_BODY: u64 = 16 * 1024 * 1024;
/// How long the server waits for the next request on an idle connection.
const IDLE: Duration = Duration::from_secs(10);

/// One request as the hostile server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `GET`, `HEAD`, ….
    pub method: String,
    /// The request target as sent (path and query).
    pub target: String,
    /// Headers in order, names lowercased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// Index of the connection (0-based, in accept order).
    pub connection: usize,
}

impl Received {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query string.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or(&self.target)
    }
}

/// What the server does with the connection once a script returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Read the next request on the same connection.
    KeepAlive,
    /// Close the connection.
    Close,
}

/// The connection a script writes its answer to.
pub struct Conn<'a> {
    stream: &'a mut TcpStream,
    stop: &'a AtomicBool,
}

impl Conn<'_> {
    /// Whether the server is being dropped (long scripts should return).
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Writes raw bytes.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Writes a status line and headers (exactly those given, nothing added),
    /// then the blank line.
    pub fn head(&mut self, status: u16, headers: &[(&str, String)]) -> io::Result<()> {
        let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (k, v) in headers {
            out.push_str(k);
            out.push_str(": ");
            out.push_str(v);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        self.stream.write_all(out.as_bytes())
    }

    /// A whole response: `headers` plus a truthful `Content-Length`, then `body`.
    pub fn respond(
        &mut self,
        status: u16,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> io::Result<()> {
        let mut all: Vec<(&str, String)> = headers.to_vec();
        all.push(("Content-Length", body.len().to_string()));
        self.head(status, &all)?;
        self.stream.write_all(body)
    }

    /// Writes `chunk` again and again, up to `limit` bytes, until the peer stops
    /// reading or the server is dropped; with `chunked`, each write is framed as
    /// one HTTP/1.1 chunk (and no last chunk is ever sent). Returns the bytes
    /// written (payload only).
    pub fn stream(&mut self, chunk: &[u8], limit: u64, chunked: bool) -> io::Result<u64> {
        let mut sent = 0u64;
        let frame = format!("{:x}\r\n", chunk.len());
        while sent < limit && !self.stopped() && !chunk.is_empty() {
            let n = (chunk.len() as u64).min(limit - sent) as usize;
            let res = if chunked {
                let frame = if n == chunk.len() {
                    frame.clone()
                } else {
                    format!("{n:x}\r\n")
                };
                self.stream
                    .write_all(frame.as_bytes())
                    .and_then(|()| self.stream.write_all(&chunk[..n]))
                    .and_then(|()| self.stream.write_all(b"\r\n"))
            } else {
                self.stream.write_all(&chunk[..n])
            };
            if res.is_err() {
                break; // the peer went away: that is the point of these tests
            }
            sent += n as u64;
        }
        Ok(sent)
    }

    /// Writes `bytes` one byte at a time, one every `every`, until they are all
    /// written, the peer goes away or the server is dropped. Returns the bytes written.
    pub fn trickle(&mut self, bytes: &[u8], every: Duration) -> io::Result<usize> {
        for (i, b) in bytes.iter().enumerate() {
            if self.stopped() || self.stream.write_all(&[*b]).is_err() {
                return Ok(i);
            }
            let _ = self.stream.flush();
            let until = Instant::now() + every;
            while Instant::now() < until {
                if self.stopped() {
                    return Ok(i + 1);
                }
                thread::sleep(Duration::from_millis(10).min(every));
            }
        }
        Ok(bytes.len())
    }
}

/// Standard reason phrases (only cosmetic: clients read the code).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

type Script = dyn Fn(&Received, &mut Conn<'_>) -> io::Result<After> + Send + Sync;

/// A running hostile server on `127.0.0.1` and a random port; stopped when dropped.
pub struct Hostile {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Hostile {
    /// Binds `127.0.0.1:0` and answers every request with `script`.
    pub fn start<F>(script: F) -> io::Result<Hostile>
    where
        F: Fn(&Received, &mut Conn<'_>) -> io::Result<After> + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(script);
        let (rec, st) = (received.clone(), stop.clone());
        let accept = thread::Builder::new()
            .name("hostile-accept".into())
            .spawn(move || {
                let index = AtomicUsize::new(0);
                for stream in listener.incoming().take(MAX_CONNECTIONS) {
                    if st.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let n = index.fetch_add(1, Ordering::SeqCst);
                    let (rec, st, script) = (rec.clone(), st.clone(), script.clone());
                    let _ = thread::Builder::new()
                        .name("hostile-conn".into())
                        .spawn(move || serve(stream, n, &rec, &st, &*script));
                }
            })?;
        Ok(Hostile {
            addr,
            received,
            stop,
            accept: Some(accept),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://localhost:PORT`: the same server under another host name.
    pub fn url_as_localhost(&self) -> String {
        format!("http://localhost:{}", self.addr.port())
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(
    stream: TcpStream,
    connection: usize,
    received: &Mutex<Vec<Received>>,
    stop: &AtomicBool,
    script: &Script,
) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Some(req) = read_request(&mut reader, connection) else {
            return;
        };
        if let Ok(mut r) = received.lock() {
            r.push(req.clone());
        }
        let mut conn = Conn {
            stream: &mut stream,
            stop,
        };
        match script(&req, &mut conn) {
            Ok(After::KeepAlive) => {
                let _ = stream.flush();
            }
            Ok(After::Close) | Err(_) => {
                let _ = stream.flush();
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
        }
    }
}

/// Reads one request head (bounded) and discards its body (bounded).
fn read_request(reader: &mut BufReader<TcpStream>, connection: usize) -> Option<Received> {
    let mut total = 0usize;
    let mut line = String::new();
    let mut next_line = |reader: &mut BufReader<TcpStream>, line: &mut String| -> Option<()> {
        line.clear();
        let n = reader
            .by_ref()
            .take((MAX_REQUEST_HEAD - total.min(MAX_REQUEST_HEAD)) as u64)
            .read_line(line)
            .ok()?;
        total += n;
        (n > 0 && line.ends_with('\n')).then_some(())
    };
    next_line(reader, &mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        next_line(reader, &mut line)?;
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let req = Received {
        method,
        target,
        headers,
        connection,
    };
    let body_len: u64 = req
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if body_len > MAX_REQUEST_BODY {
        return None;
    }
    io::copy(&mut reader.by_ref().take(body_len), &mut io::sink()).ok()?;
    Some(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(addr: SocketAddr, request: &str) -> Vec<u8> {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(request.as_bytes()); // may fail: the server can hang up first
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        out
    }

    #[test]
    fn scripts_write_exactly_their_bytes_and_requests_are_recorded() {
        let server = Hostile::start(|req, conn| {
            if req.path() == "/raw" {
                conn.write(b"HTTP/1.1 200 OK\r\nX-Lie: yes\r\n\r\nabc")?;
            } else {
                conn.respond(404, &[("X-Error-Code", "EntryNotFound".into())], b"{}")?;
            }
            Ok(After::Close)
        })
        .unwrap();
        let out = raw(
            server.addr(),
            "GET /raw?x=1 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n",
        );
        assert_eq!(out, b"HTTP/1.1 200 OK\r\nX-Lie: yes\r\n\r\nabc");
        let out = String::from_utf8(raw(server.addr(), "HEAD /other HTTP/1.1\r\n\r\n")).unwrap();
        assert!(out.starts_with("HTTP/1.1 404 Not Found\r\n"), "{out}");
        assert!(out.contains("X-Error-Code: EntryNotFound\r\nContent-Length: 2\r\n\r\n{}"));
        let got = server.received();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].method.as_str(), got[0].path()), ("GET", "/raw"));
        assert_eq!(got[0].target, "/raw?x=1");
        assert_eq!(got[0].header("AUTHORIZATION"), Some("Bearer t"));
        assert_eq!((got[1].method.as_str(), got[1].connection), ("HEAD", 1));
    }

    #[test]
    fn keep_alive_serves_several_requests_on_one_connection() {
        let server = Hostile::start(|_, conn| {
            conn.respond(200, &[], b"ok")?;
            Ok(After::KeepAlive)
        })
        .unwrap();
        let mut s = TcpStream::connect(server.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyzGET /b HTTP/1.1\r\n\r\n")
            .unwrap();
        let mut buf = vec![0u8; 200];
        let mut got = Vec::new();
        while got.windows(2).filter(|w| w == b"ok").count() < 2 {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
        }
        let r = server.received();
        assert_eq!(r.iter().map(|r| r.path()).collect::<Vec<_>>(), ["/a", "/b"]);
        assert!(r.iter().all(|r| r.connection == 0));
    }

    #[test]
    fn endless_streams_stop_when_the_peer_leaves() {
        let server = Hostile::start(|_, conn| {
            conn.head(200, &[("Transfer-Encoding", "chunked".into())])?;
            conn.stream(&[b'x'; 4096], u64::MAX, true)?;
            Ok(After::Close)
        })
        .unwrap();
        let mut s = TcpStream::connect(server.addr()).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut n = 0;
        while n < 1 << 20 {
            n += s.read(&mut buf).unwrap();
        }
        drop(s);
        let started = Instant::now();
        drop(server); // returns: the script's loop ends when the peer is gone
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn oversized_request_heads_are_refused() {
        let server = Hostile::start(|_, conn| {
            conn.respond(200, &[], b"")?;
            Ok(After::Close)
        })
        .unwrap();
        let big = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "a".repeat(MAX_REQUEST_HEAD)
        );
        let out = raw(server.addr(), &big);
        assert!(out.is_empty());
        assert!(server.received().is_empty());
    }
}
