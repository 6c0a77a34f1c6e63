//! A small blocking HTTP/1.1 server on `std::net`, one thread per connection.
//!
//! It exists (instead of `tiny_http`) because hubsim must control the socket: a fault can cut a
//! connection in the middle of a body, corrupt bytes or throttle a stream, and `tiny_http` keeps
//! the socket open for the next request, so a truncated body would only hang the client.
//! Requests are parsed with `httparse`; request bodies (`Content-Length` or chunked, with
//! `Expect: 100-continue`) are read whole; response bodies are streamed from a `Read` with an
//! exact `Content-Length`; HEAD responses carry the headers of the GET without the body;
//! keep-alive follows HTTP/1.1 rules.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: u64 = 4 << 30;
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One parsed request, body included.
#[derive(Debug, Clone)]
pub struct Request {
    /// Method as sent (`GET`, `HEAD`, …).
    pub method: String,
    /// Path part of the request target, percent-encoding preserved.
    pub path: String,
    /// Raw query string (without `?`), if any.
    pub query: Option<String>,
    /// Headers in the order received.
    pub headers: Vec<(String, String)>,
    /// Request body (empty when none).
    pub body: Vec<u8>,
}

impl Request {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response body.
pub enum Body {
    /// No body (`Content-Length: 0`).
    Empty,
    /// Bytes held in memory.
    Bytes(Vec<u8>),
    /// A stream of exactly `len` bytes.
    Stream {
        /// Where the bytes come from.
        reader: Box<dyn Read + Send>,
        /// Exact length, sent as `Content-Length`.
        len: u64,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Empty => 0,
            Body::Bytes(b) => b.len() as u64,
            Body::Stream { len, .. } => *len,
        }
    }
}

/// How the body is delivered; used by fault injection.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    /// Wait this long before sending anything.
    pub delay: Option<Duration>,
    /// Send the headers and this many body bytes, then close the connection.
    pub drop_after: Option<u64>,
    /// Flip the bits of the body byte at this offset.
    pub corrupt_at: Option<u64>,
    /// Cap the body rate (bytes per second).
    pub bytes_per_second: Option<u64>,
}

/// A response: status, headers (no `Content-Length`/`Connection`: they are derived from the body
/// and the connection state), body. A HEAD response is built like the GET (its `Content-Length`
/// is the body length) and the body is not sent, so a handler may use an empty reader with the
/// real `len` for HEAD.
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Body,
    /// Delivery plan (normal unless a fault says otherwise).
    pub delivery: Delivery,
}

impl Response {
    /// A response with a body and no headers yet.
    pub fn new(status: u16, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
            delivery: Delivery::default(),
        }
    }

    /// JSON response.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        let mut r = Response::new(status, Body::Bytes(value.to_string().into_bytes()));
        r.set_header("Content-Type", "application/json; charset=utf-8");
        r
    }

    /// Plain-text response.
    pub fn text(status: u16, text: &str) -> Response {
        let mut r = Response::new(status, Body::Bytes(text.as_bytes().to_vec()));
        r.set_header("Content-Type", "text/plain; charset=utf-8");
        r
    }

    /// Adds a header (keeps existing ones with the same name).
    pub fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_string(), value.to_string()));
    }

    /// Sets a header, replacing existing ones with the same name.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.add_header(name, value);
    }

    /// Value of a header of this response.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request handler the server calls for every request.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// A running listener; stops on [`HttpServer::shutdown`] or drop.
pub struct HttpServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    conns: Arc<Mutex<HashMap<u64, TcpStream>>>,
    accept: Option<JoinHandle<()>>,
    workers: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl HttpServer {
    /// Binds `addr` and serves every connection on its own thread.
    pub fn bind(addr: SocketAddr, handler: Handler) -> io::Result<HttpServer> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let conns: Arc<Mutex<HashMap<u64, TcpStream>>> = Arc::default();
        let workers: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = {
            let (stop, conns, workers) = (stop.clone(), conns.clone(), workers.clone());
            thread::Builder::new()
                .name("hubsim-accept".into())
                .spawn(move || accept_loop(listener, handler, stop, conns, workers))?
        };
        Ok(HttpServer {
            addr,
            stop,
            conns,
            accept: Some(accept),
            workers,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, closes every open connection and joins the threads.
    pub fn shutdown(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // wake the accept loop
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for s in lock(&self.conns).values() {
            let _ = s.shutdown(Shutdown::Both);
        }
        let workers = std::mem::take(&mut *lock(&self.workers));
        for w in workers {
            let _ = w.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Locks a mutex, ignoring poisoning (a panicking handler must not wedge the server).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn accept_loop(
    listener: TcpListener,
    handler: Handler,
    stop: Arc<AtomicBool>,
    conns: Arc<Mutex<HashMap<u64, TcpStream>>>,
    workers: Arc<Mutex<Vec<JoinHandle<()>>>>,
) {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            lock(&conns).insert(id, clone);
        }
        let (handler, stop2, conns2) = (handler.clone(), stop.clone(), conns.clone());
        let spawned = thread::Builder::new()
            .name(format!("hubsim-conn-{id}"))
            .spawn(move || {
                serve_connection(stream, &handler, &stop2);
                lock(&conns2).remove(&id);
            });
        let mut w = lock(&workers);
        w.retain(|h| !h.is_finished());
        if let Ok(h) = spawned {
            w.push(h);
        } else {
            lock(&conns).remove(&id);
        }
    }
}

fn serve_connection(stream: TcpStream, handler: &Handler, stop: &AtomicBool) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    while !stop.load(Ordering::SeqCst) {
        let req = match read_request(&mut reader, &mut writer) {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(status) => {
                if status != 0 {
                    let mut resp = Response::text(status, "Bad Request");
                    resp.set_header("Connection", "close");
                    let _ = write_response(&mut writer, "GET", false, resp, stop);
                }
                break;
            }
        };
        let keep_alive = req.keep_alive;
        let resp = handler(&req.request);
        let completed = write_response(&mut writer, &req.request.method, keep_alive, resp, stop);
        if !completed || !keep_alive {
            break;
        }
    }
    let _ = writer.flush();
    let _ = writer.shutdown(Shutdown::Both);
}

struct Incoming {
    request: Request,
    keep_alive: bool,
}

/// Reads one request. `Ok(None)` on a clean EOF; `Err(status)` on a malformed request
/// (status 0: just close).
fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> Result<Option<Incoming>, u16> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD + 1 - head.len()) as u64)
            .read_until(b'\n', &mut line)
            .map_err(|_| 0u16)?;
        if n == 0 {
            return if head.is_empty() { Ok(None) } else { Err(0) };
        }
        if head.len() + line.len() > MAX_HEAD {
            return Err(431);
        }
        let blank = line == b"\r\n" || line == b"\n";
        if blank && head.is_empty() {
            continue; // tolerate empty lines before a request
        }
        head.extend_from_slice(&line);
        if blank {
            break;
        }
    }
    let mut header_buf = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Request::new(&mut header_buf);
    match parsed.parse(&head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err(400),
    }
    let method = parsed.method.unwrap_or("GET").to_string();
    let target = parsed.path.unwrap_or("/").to_string();
    let version = parsed.version.unwrap_or(1);
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let chunked = find("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let length: u64 = match find("content-length") {
        Some(v) => v.trim().parse().map_err(|_| 400u16)?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(413);
    }
    if (chunked || length > 0) && find("expect").is_some_and(|v| v.contains("100-continue")) {
        writer
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| 0u16)?;
    }
    let body = if chunked {
        read_chunked(reader).map_err(|_| 400u16)?
    } else {
        let mut body = Vec::with_capacity(length.min(16 << 20) as usize);
        reader
            .by_ref()
            .take(length)
            .read_to_end(&mut body)
            .map_err(|_| 0u16)?;
        if body.len() as u64 != length {
            return Err(0);
        }
        body
    };
    let connection = find("connection").unwrap_or_default();
    let keep_alive = if version == 0 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target, None),
    };
    Ok(Some(Incoming {
        request: Request {
            method,
            path,
            query,
            headers,
            body,
        },
        keep_alive,
    }))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "bad chunk");
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let size_hex = line.trim().split(';').next().unwrap_or("");
        let size = u64::from_str_radix(size_hex, 16).map_err(|_| bad())?;
        if size == 0 {
            loop {
                let mut trailer = String::new();
                if reader.read_line(&mut trailer)? == 0 || trailer.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() as u64 + size > MAX_BODY {
            return Err(bad());
        }
        let start = body.len();
        reader.by_ref().take(size).read_to_end(&mut body)?;
        if (body.len() - start) as u64 != size {
            return Err(bad());
        }
        let mut crlf = String::new();
        reader.read_line(&mut crlf)?;
    }
}

/// Reason phrase for a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) -> bool {
    let end = Instant::now() + total;
    while Instant::now() < end {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        thread::sleep((end - Instant::now()).min(Duration::from_millis(20)));
    }
    true
}

/// Writes a response; returns false when the connection must be closed.
fn write_response(
    out: &mut TcpStream,
    method: &str,
    keep_alive: bool,
    resp: Response,
    stop: &AtomicBool,
) -> bool {
    let Response {
        status,
        headers,
        body,
        delivery,
    } = resp;
    if let Some(d) = delivery.delay {
        if !sleep_unless_stopped(d, stop) {
            return false;
        }
    }
    let len = body.len();
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nDate: {}\r\n",
        reason(status),
        crate::dates::http_date()
    );
    for (k, v) in &headers {
        if ["content-length", "connection", "date"]
            .iter()
            .any(|h| k.eq_ignore_ascii_case(h))
        {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !(status < 200 || status == 204 || status == 304) {
        head.push_str(&format!("Content-Length: {len}\r\n"));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    if out.write_all(head.as_bytes()).is_err() {
        return false;
    }
    if method.eq_ignore_ascii_case("HEAD") || status == 204 || status == 304 {
        if delivery.drop_after.is_some() {
            let _ = out.flush();
            return false;
        }
        return out.flush().is_ok();
    }
    let mut reader: Box<dyn Read + Send> = match body {
        Body::Empty => Box::new(io::empty()),
        Body::Bytes(b) => Box::new(io::Cursor::new(b)),
        Body::Stream { reader, .. } => reader,
    };
    let limit = delivery.drop_after.unwrap_or(u64::MAX).min(len);
    let chunk = match delivery.bytes_per_second {
        Some(bps) => ((bps / 20).max(1) as usize).min(64 * 1024),
        None => 64 * 1024,
    };
    let mut buf = vec![0u8; chunk];
    let started = Instant::now();
    let mut sent = 0u64;
    while sent < limit {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        let want = ((limit - sent) as usize).min(buf.len());
        let n = match reader.read(&mut buf[..want]) {
            Ok(0) | Err(_) => return false, // the promised length cannot be met: close
            Ok(n) => n,
        };
        if let Some(at) = delivery.corrupt_at {
            if at >= sent && at < sent + n as u64 {
                buf[(at - sent) as usize] ^= 0xff;
            }
        }
        if out.write_all(&buf[..n]).is_err() {
            return false;
        }
        sent += n as u64;
        if let Some(bps) = delivery.bytes_per_second {
            let due = Duration::from_secs_f64(sent as f64 / bps.max(1) as f64);
            let elapsed = started.elapsed();
            if due > elapsed && !sleep_unless_stopped(due - elapsed, stop) {
                return false;
            }
        }
    }
    if out.flush().is_err() {
        return false;
    }
    sent == len
}
