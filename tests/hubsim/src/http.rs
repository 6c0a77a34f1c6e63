//! A small blocking HTTP/1.1 server on `std::net`, one thread per connection.
//!
//! It exists (instead of `tiny_http`) because hubsim must control the socket: a fault can cut a
//! connection in the middle of a body, corrupt bytes or throttle a stream, and `tiny_http` keeps
//! the socket open for the next request, so a truncated body would only hang the client.
//! Requests are parsed with `httparse`. Request bodies (`Content-Length` or chunked, with
//! `Expect: 100-continue`) are read whole, up to [`MAX_BUFFERED_BODY`] (larger: 413), except
//! for the storage uploads ([`streams_body`]) larger than [`STREAM_ABOVE`] or chunked: their
//! handler reads the body from the socket as a stream ([`Request::body_reader`]), and whatever
//! it leaves unread is drained before the answer is sent, so a multi-GiB upload never sits in
//! memory (small uploads are read whole so that the request log keeps their bodies).
//! Response bodies are streamed from a `Read` with an exact `Content-Length` (header values
//! are kept on one line); HEAD responses carry the headers of the GET without the body;
//! keep-alive follows HTTP/1.1 rules.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const MAX_HEAD: usize = 64 * 1024;
/// The largest request body read into memory; a larger one is answered 413.
pub const MAX_BUFFERED_BODY: u64 = 64 << 20;
/// The largest streamed request body (the Hub's largest LFS object).
pub const MAX_STREAMED_BODY: u64 = 64 << 30;
/// Storage uploads with a `Content-Length` above this are streamed; smaller ones are read
/// whole (and kept in the request log, like every other body).
pub const STREAM_ABOVE: u64 = 4 << 20;
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether a request's body may be streamed to its handler instead of being read whole: the
/// storage PUTs of LFS objects (`/_cdn/upload/…`, `/_cdn/upload-part/…`), when chunked or
/// larger than [`STREAM_ABOVE`].
pub fn streams_body(method: &str, path: &str) -> bool {
    method.eq_ignore_ascii_case("PUT")
        && (path.starts_with("/_cdn/upload/") || path.starts_with("/_cdn/upload-part/"))
}

/// One parsed request: head, and the body either read whole ([`Request::body`]) or left on the
/// connection for the handler to stream ([`Request::stream`]).
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
    /// Request body (empty when none, or when it is streamed).
    pub body: Vec<u8>,
    /// The body still on the connection, for the large uploads of [`streams_body`] (their
    /// [`Request::body`] is empty, in the request log too).
    pub stream: Option<BodyStream>,
}

impl Request {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as a stream: the connection's for a streamed request, else the buffered bytes.
    pub fn body_reader(&self) -> Box<dyn Read + Send + '_> {
        match &self.stream {
            Some(s) => Box::new(s.clone()),
            None => Box::new(io::Cursor::new(self.body.as_slice())),
        }
    }

    /// The announced body length (`Content-Length`), `None` for a chunked streamed body.
    pub fn body_len(&self) -> Option<u64> {
        match &self.stream {
            Some(s) => s.announced_len(),
            None => Some(self.body.len() as u64),
        }
    }
}

/// How the body of a streamed request is framed on the connection.
#[derive(Debug)]
enum Framing {
    /// `Content-Length`: this many bytes left.
    Length { remaining: u64 },
    /// `Transfer-Encoding: chunked`: bytes left in the current chunk; `done` after the last.
    Chunked { left: u64, done: bool },
}

struct StreamState {
    /// The connection's reader; taken back by the connection once the handler returned.
    conn: Option<BufReader<TcpStream>>,
    framing: Framing,
    /// Body bytes read so far.
    read: u64,
    /// Set when the body could not be read to its end (the connection must be closed).
    broken: bool,
}

/// A request body read from the connection as the handler consumes it. Clones share the
/// position. Reads fail with `InvalidData` past [`MAX_STREAMED_BODY`] or on bad chunk framing,
/// with `UnexpectedEof` when the peer closes early.
#[derive(Clone)]
pub struct BodyStream {
    state: Arc<Mutex<StreamState>>,
    announced: Option<u64>,
}

impl std::fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = lock(&self.state);
        f.debug_struct("BodyStream")
            .field("announced", &self.announced)
            .field("read", &st.read)
            .field("framing", &st.framing)
            .finish()
    }
}

impl BodyStream {
    fn new(conn: BufReader<TcpStream>, framing: Framing, announced: Option<u64>) -> BodyStream {
        BodyStream {
            state: Arc::new(Mutex::new(StreamState {
                conn: Some(conn),
                framing,
                read: 0,
                broken: false,
            })),
            announced,
        }
    }

    /// The `Content-Length` of the body, `None` when it is chunked.
    pub fn announced_len(&self) -> Option<u64> {
        self.announced
    }

    /// Body bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        lock(&self.state).read
    }

    /// Reads and discards the rest of the body, then hands the connection back; `None` when
    /// the body could not be read to its end (the connection cannot be reused).
    fn finish(&self) -> Option<BufReader<TcpStream>> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match self.read_some(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        let mut st = lock(&self.state);
        let conn = st.conn.take();
        if st.broken {
            None
        } else {
            conn
        }
    }

    fn read_some(&self, buf: &mut [u8]) -> io::Result<usize> {
        let mut guard = lock(&self.state);
        let st = &mut *guard;
        if st.broken {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the request body is incomplete",
            ));
        }
        let Some(conn) = st.conn.as_mut() else {
            return Ok(0);
        };
        let result = read_framed(conn, &mut st.framing, st.read, buf);
        match &result {
            Ok(n) => st.read += *n as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => st.broken = true,
        }
        result
    }
}

impl Read for BodyStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_some(buf)
    }
}

/// One read of a framed body; `read` is what was read before (for the size limit).
fn read_framed(
    conn: &mut BufReader<TcpStream>,
    framing: &mut Framing,
    read: u64,
    buf: &mut [u8],
) -> io::Result<usize> {
    let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
    let early = || io::Error::new(io::ErrorKind::UnexpectedEof, "the request body ended early");
    if buf.is_empty() {
        return Ok(0);
    }
    match framing {
        Framing::Length { remaining } => {
            if *remaining == 0 {
                return Ok(0);
            }
            let want = (*remaining).min(buf.len() as u64) as usize;
            let n = conn.read(&mut buf[..want])?;
            if n == 0 {
                return Err(early());
            }
            *remaining -= n as u64;
            Ok(n)
        }
        Framing::Chunked { left, done } => {
            if *done {
                return Ok(0);
            }
            if *left == 0 {
                let size = read_chunk_size(conn)?;
                if size == 0 {
                    skip_trailers(conn)?;
                    *done = true;
                    return Ok(0);
                }
                if read.saturating_add(size) > MAX_STREAMED_BODY {
                    return Err(bad("the request body is too large"));
                }
                *left = size;
            }
            let want = (*left).min(buf.len() as u64) as usize;
            let n = conn.read(&mut buf[..want])?;
            if n == 0 {
                return Err(early());
            }
            *left -= n as u64;
            if *left == 0 {
                let mut crlf = [0u8; 2];
                conn.read_exact(&mut crlf)?;
                if &crlf != b"\r\n" {
                    return Err(bad("bad chunk terminator"));
                }
            }
            Ok(n)
        }
    }
}

/// Reads a chunk-size line (extensions ignored).
fn read_chunk_size(conn: &mut BufReader<TcpStream>) -> io::Result<u64> {
    let mut line = Vec::new();
    conn.by_ref().take(1024).read_until(b'\n', &mut line)?;
    if !line.ends_with(b"\n") {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "bad chunk size line",
        ));
    }
    let text = String::from_utf8_lossy(&line);
    let hex = text.trim().split(';').next().unwrap_or("").trim();
    u64::from_str_radix(hex, 16)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))
}

/// Reads the trailer section after the last chunk (at most 64 lines).
fn skip_trailers(conn: &mut BufReader<TcpStream>) -> io::Result<()> {
    for _ in 0..64 {
        let mut line = Vec::new();
        let n = conn
            .by_ref()
            .take(MAX_HEAD as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 || line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "too many trailers",
    ))
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
    let mut conn = Some(BufReader::new(read_half));
    let mut writer = stream;
    while !stop.load(Ordering::SeqCst) {
        let Some(mut reader) = conn.take() else { break };
        let req = match read_request(&mut reader, &mut writer) {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(status) => {
                if status != 0 {
                    let mut resp = Response::text(status, reason(status));
                    resp.set_header("Connection", "close");
                    let _ = write_response(&mut writer, "GET", false, resp, stop);
                }
                break;
            }
        };
        let Incoming {
            mut request,
            keep_alive,
            streamed,
        } = req;
        let resp = match streamed {
            Some((framing, announced)) => {
                let body = BodyStream::new(reader, framing, announced);
                request.stream = Some(body.clone());
                let resp = handler(&request);
                // the rest of the body must be off the wire before the next request
                conn = body.finish();
                resp
            }
            None => {
                conn = Some(reader);
                handler(&request)
            }
        };
        let keep_alive = keep_alive && conn.is_some();
        let completed = write_response(&mut writer, &request.method, keep_alive, resp, stop);
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
    /// For a streamed body: its framing and announced length (the body is still unread).
    streamed: Option<(Framing, Option<u64>)>,
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
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target, None),
    };
    let streamed = streams_body(&method, &path) && (chunked || length > STREAM_ABOVE);
    let limit = if streamed {
        MAX_STREAMED_BODY
    } else {
        MAX_BUFFERED_BODY
    };
    if length > limit {
        return Err(413);
    }
    if (chunked || length > 0) && find("expect").is_some_and(|v| v.contains("100-continue")) {
        writer
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| 0u16)?;
    }
    let connection = find("connection").unwrap_or_default();
    let keep_alive = if version == 0 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    if streamed {
        let framing = if chunked {
            Framing::Chunked {
                left: 0,
                done: false,
            }
        } else {
            Framing::Length { remaining: length }
        };
        return Ok(Some(Incoming {
            request: Request {
                method,
                path,
                query,
                headers,
                body: Vec::new(),
                stream: None,
            },
            keep_alive,
            streamed: Some((framing, (!chunked).then_some(length))),
        }));
    }
    let body = if chunked {
        read_chunked(reader)?
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
    Ok(Some(Incoming {
        request: Request {
            method,
            path,
            query,
            headers,
            body,
            stream: None,
        },
        keep_alive,
        streamed: None,
    }))
}

/// Reads a whole chunked body of at most [`MAX_BUFFERED_BODY`] bytes; `Err(status)` as in
/// [`read_request`] (413 when it is larger).
fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, u16> {
    let mut body = Vec::new();
    loop {
        let size = read_chunk_size(reader).map_err(|_| 400u16)?;
        if size == 0 {
            skip_trailers(reader).map_err(|_| 400u16)?;
            return Ok(body);
        }
        if body.len() as u64 + size > MAX_BUFFERED_BODY {
            return Err(413);
        }
        let start = body.len();
        reader
            .by_ref()
            .take(size)
            .read_to_end(&mut body)
            .map_err(|_| 0u16)?;
        if (body.len() - start) as u64 != size {
            return Err(0);
        }
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf).map_err(|_| 0u16)?;
        if &crlf != b"\r\n" {
            return Err(400);
        }
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
        // a value can never end the header line early
        let v = v.replace(['\r', '\n'], " ");
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
