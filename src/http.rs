//! Request building, the auth-header policy, retries, and [`check_response`]:
//! the one place where an HTTP failure becomes an [`Error`].

use std::io::Read;
use std::thread;
use std::time::Duration;

use serde::de::DeserializeOwned;
use ureq::http::{HeaderMap, HeaderName, HeaderValue};

use crate::client::{token_allowed, Client};
use crate::error::{Error, HttpErrorContext, Result};
use crate::retry::{self, RetryState};

/// An HTTP response with a streaming body.
pub(crate) type Response = ureq::http::Response<ureq::Body>;

/// Largest JSON document read from a response.
pub(crate) const JSON_LIMIT: u64 = 256 * 1024 * 1024;
/// Largest error body read for its message.
const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// HTTP methods used against the Hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One request to send: method, URL (query included), headers, body and policy.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(Vec<u8>, &'static str)>,
    /// Send the token (resolved from the client's policy) when the host allows it.
    pub(crate) auth: bool,
    /// Send the hfhub user agent and the client's extra headers.
    pub(crate) hf_headers: bool,
    /// Safe to retry on transient failures.
    pub(crate) idempotent: bool,
    /// Whole-call bound; `None` means the client's request timeout.
    pub(crate) timeout: Option<Duration>,
    /// Follow redirects automatically (the metadata HEAD does not).
    pub(crate) follow_redirects: bool,
    /// A streamed body (downloads): no whole-call bound, this bound on each
    /// read gap instead (`HF_HUB_DOWNLOAD_TIMEOUT`).
    pub(crate) stream_read_timeout: Option<Duration>,
    /// A raw body streamed from a file or shared bytes with an exact `Content-Length` and no
    /// `Content-Type` (LFS storage uploads); takes precedence over `body`.
    pub(crate) raw_body: Option<RawBody>,
}

/// Where a [`RawBody`] reads from.
#[derive(Debug, Clone)]
pub(crate) enum RawSource {
    /// A local file.
    File(std::path::PathBuf),
    /// Bytes in memory.
    Bytes(std::sync::Arc<[u8]>),
}

/// `len` bytes of a source from `offset`, re-read on every attempt (so retries resend it).
#[derive(Debug, Clone)]
pub(crate) struct RawBody {
    pub(crate) source: RawSource,
    pub(crate) offset: u64,
    pub(crate) len: u64,
}

impl RawBody {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send>> {
        match &self.source {
            RawSource::File(path) => {
                use std::io::{Seek, SeekFrom};
                let mut f = std::fs::File::open(path)?;
                f.seek(SeekFrom::Start(self.offset))?;
                Ok(Box::new(f.take(self.len)))
            }
            RawSource::Bytes(bytes) => {
                let start = (self.offset as usize).min(bytes.len());
                let end = start.saturating_add(self.len as usize).min(bytes.len());
                let mut cursor = std::io::Cursor::new(bytes.clone());
                cursor.set_position(start as u64);
                Ok(Box::new(cursor.take((end - start) as u64)))
            }
        }
    }
}

impl Request {
    pub(crate) fn new(method: Method, url: impl Into<String>) -> Self {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            auth: true,
            hf_headers: true,
            idempotent: matches!(method, Method::Get | Method::Head),
            timeout: None,
            follow_redirects: true,
            stream_read_timeout: None,
            raw_body: None,
        }
    }

    /// A raw body (see [`RawBody`]): exact `Content-Length`, no `Content-Type`.
    pub(crate) fn raw(mut self, body: RawBody) -> Self {
        self.raw_body = Some(body);
        self
    }

    /// A long streamed body: no whole-call timeout, `read_gap` between reads.
    pub(crate) fn streaming(mut self, read_gap: Duration) -> Self {
        self.stream_read_timeout = Some(read_gap);
        self
    }

    pub(crate) fn get(url: impl Into<String>) -> Self {
        Request::new(Method::Get, url)
    }

    pub(crate) fn head(url: impl Into<String>) -> Self {
        Request::new(Method::Head, url)
    }

    /// A JSON body (Python `json=`).
    pub(crate) fn json(mut self, value: &serde_json::Value) -> Self {
        let bytes = serde_json::to_vec(value).unwrap_or_default();
        self.body = Some((bytes, "application/json"));
        self
    }

    /// A form body (Python `data=` with a dict).
    pub(crate) fn form(mut self, encoded: String) -> Self {
        self.body = Some((encoded.into_bytes(), "application/x-www-form-urlencoded"));
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }

    pub(crate) fn timeout(mut self, t: Option<Duration>) -> Self {
        if t.is_some() {
            self.timeout = t;
        }
        self
    }

    pub(crate) fn no_redirects(mut self) -> Self {
        self.follow_redirects = false;
        self
    }
}

impl Client {
    /// Sends a request with retries and maps any status ≥ 400 to an [`Error`].
    pub(crate) fn send(&self, req: &Request) -> Result<Response> {
        let resp = self.send_unchecked(req)?;
        check_response(req.method, &req.url, resp)
    }

    /// Sends a request with retries; the final response is returned whatever its status.
    pub(crate) fn send_unchecked(&self, req: &Request) -> Result<Response> {
        if self.inner.offline {
            return Err(Error::OfflineMode(format!(
                "{} {} needs the network",
                req.method.as_str(),
                req.url
            )));
        }
        let policy = if req.idempotent {
            self.inner.retry
        } else {
            crate::config::RetryPolicy::none()
        };
        // A required token that cannot be found fails here, before anything is sent.
        let token = if req.auth {
            self.resolve_token()?
        } else {
            None
        };
        let mut retries = RetryState::new(policy);
        loop {
            match self.execute(req, token) {
                Ok(resp) if retry::is_retryable_status(resp.status().as_u16()) => {
                    let server = server_wait(resp.headers());
                    match retries.next_wait(server) {
                        Some(wait) => {
                            drain(resp);
                            thread::sleep(wait);
                        }
                        None => return Ok(resp),
                    }
                }
                Ok(resp) => return Ok(resp),
                Err(e) => {
                    let err = transport_error(&req.url, e);
                    let transient = matches!(err, Error::Network { .. })
                        || matches!(&err, Error::Timeout { phase, .. } if phase != "whole call");
                    match retries.next_wait(None).filter(|_| transient) {
                        Some(wait) => thread::sleep(wait),
                        None => return Err(err),
                    }
                }
            }
        }
    }

    /// Sends a request and decodes its JSON body.
    pub(crate) fn send_json<T: DeserializeOwned>(&self, req: &Request) -> Result<T> {
        let resp = self.send(req)?;
        read_json(&req.url, resp)
    }

    /// One attempt.
    fn execute(
        &self,
        req: &Request,
        token: Option<&str>,
    ) -> std::result::Result<Response, ureq::Error> {
        let inner = &self.inner;
        let mut headers = HeaderMap::new();
        if req.hf_headers {
            if let Ok(v) = HeaderValue::from_str(&inner.user_agent) {
                headers.insert(ureq::http::header::USER_AGENT, v);
            }
        }
        if let Some(token) = token.filter(|_| req.auth && token_allowed(inner, &req.url)) {
            if let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {token}")) {
                v.set_sensitive(true);
                headers.insert(ureq::http::header::AUTHORIZATION, v);
            }
        }
        for (k, v) in &req.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                headers.insert(name, value);
            }
        }
        if req.hf_headers {
            for (k, v) in &inner.headers {
                headers.insert(k.clone(), v.clone());
            }
        }
        if let Some((_, content_type)) = &req.body {
            if !headers.contains_key(ureq::http::header::CONTENT_TYPE) {
                headers.insert(
                    ureq::http::header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type),
                );
            }
        }
        if let Some(raw) = &req.raw_body {
            if let Ok(v) = HeaderValue::from_str(&raw.len.to_string()) {
                headers.insert(ureq::http::header::CONTENT_LENGTH, v);
            }
        }
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(&req.url);
        if let Some(h) = builder.headers_mut() {
            *h = headers;
        }
        if let Some(raw) = &req.raw_body {
            let mut reader = raw.open().map_err(ureq::Error::Io)?;
            let body = ureq::SendBody::from_reader(&mut reader);
            return self.run(req, builder.body(body).map_err(ureq::Error::Http)?);
        }
        match &req.body {
            Some((bytes, _)) => self.run(
                req,
                builder.body(bytes.as_slice()).map_err(ureq::Error::Http)?,
            ),
            None => self.run(req, builder.body(()).map_err(ureq::Error::Http)?),
        }
    }

    /// Applies the per-request configuration (timeout, redirects) and sends.
    fn run<B: ureq::AsSendBody>(
        &self,
        req: &Request,
        request: ureq::http::Request<B>,
    ) -> std::result::Result<Response, ureq::Error> {
        let timeout = req.timeout.unwrap_or(self.inner.timeouts.request);
        let mut cfg = self
            .inner
            .agent
            .configure_request(request)
            .timeout_global(Some(timeout));
        if let Some(gap) = req.stream_read_timeout {
            cfg = cfg.timeout_global(None).timeout_per_read(Some(gap));
        }
        if !req.follow_redirects {
            cfg = cfg.max_redirects(0).max_redirects_will_error(false);
        }
        self.inner.agent.run(cfg.build())
    }
}

fn server_wait(headers: &HeaderMap) -> Option<Duration> {
    retry::server_wait(header(headers, "ratelimit"), header(headers, "retry-after"))
}

pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads and discards a small body so the connection can be reused.
fn drain(resp: Response) {
    let mut body = resp.into_body();
    let mut reader = body.with_config().limit(ERROR_BODY_LIMIT).reader();
    let _ = std::io::copy(&mut reader, &mut std::io::sink());
}

/// Reads and drops a (small) response body so the connection can be reused.
pub(crate) fn drain_response(resp: Response) {
    drain(resp);
}

/// Maps a transport failure.
pub(crate) fn transport_error(url: &str, e: ureq::Error) -> Error {
    match e {
        ureq::Error::Timeout(t) => Error::Timeout {
            url: url.to_owned(),
            phase: timeout_phase(t).to_owned(),
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Error::Timeout {
            url: url.to_owned(),
            phase: "read".to_owned(),
        },
        ureq::Error::BodyExceedsLimit(n) => Error::Decode {
            url: url.to_owned(),
            message: format!("response larger than {n} bytes"),
        },
        ureq::Error::BadUri(u) => Error::invalid(format!("invalid URL {u:?}")),
        ureq::Error::Http(h) => Error::invalid(format!("invalid request for {url}: {h}")),
        other => Error::Network {
            url: url.to_owned(),
            message: other.to_string(),
        },
    }
}

fn timeout_phase(t: ureq::Timeout) -> &'static str {
    match t {
        ureq::Timeout::Global | ureq::Timeout::PerCall => "whole call",
        ureq::Timeout::Connect | ureq::Timeout::Resolve => "connect",
        ureq::Timeout::PerRead | ureq::Timeout::RecvBody | ureq::Timeout::RecvResponse => "read",
        _ => "send",
    }
}

/// Decodes a JSON body (bounded by [`JSON_LIMIT`]).
pub(crate) fn read_json<T: DeserializeOwned>(url: &str, resp: Response) -> Result<T> {
    let bytes = read_body(url, resp, JSON_LIMIT)?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
        url: url.to_owned(),
        message: e.to_string(),
    })
}

/// Reads a whole body, bounded by `limit`.
pub(crate) fn read_body(url: &str, resp: Response, limit: u64) -> Result<Vec<u8>> {
    let mut body = resp.into_body();
    body.with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| transport_error(url, e))
}

/// The one place where an HTTP failure becomes an [`Error`], following Python's
/// `hf_raise_for_status` (hub-transfer §4.2), first matching rule wins:
/// `X-Error-Code` RevisionNotFound / EntryNotFound / GatedRepo; `X-Error-Message`
/// "Access to this resource is disabled."; `X-Error-Code: RepoNotFound` or a 401
/// on a repository URL (unless the token itself was rejected); then 400, 401, 403,
/// 409, 429 and the rest.
pub(crate) fn check_response(method: Method, url: &str, resp: Response) -> Result<Response> {
    let status = resp.status().as_u16();
    if status < 400 {
        return Ok(resp);
    }
    let headers = resp.headers().clone();
    let error_code = header(&headers, "x-error-code").map(str::to_owned);
    let header_message = header(&headers, "x-error-message").map(str::to_owned);
    let body = if method == Method::Head {
        Vec::new()
    } else {
        let mut body = resp.into_body();
        let mut buf = Vec::new();
        let _ = body
            .with_config()
            .limit(ERROR_BODY_LIMIT)
            .reader()
            .take(ERROR_BODY_LIMIT)
            .read_to_end(&mut buf);
        buf
    };
    let ctx = Box::new(HttpErrorContext {
        method: method.as_str().to_owned(),
        url: url.to_owned(),
        status,
        request_id: header(&headers, "x-request-id").map(str::to_owned),
        error_code: error_code.clone(),
        server_message: server_message(header_message.as_deref(), &body),
        retry_after: server_wait(&headers),
    });
    let invalid_credentials =
        header_message.as_deref() == Some("Invalid credentials in Authorization header");
    Err(match error_code.as_deref() {
        Some("RevisionNotFound") => Error::RevisionNotFound(ctx),
        Some("EntryNotFound") => Error::EntryNotFound(ctx),
        Some("GatedRepo") => Error::GatedRepo(ctx),
        _ if header_message.as_deref() == Some("Access to this resource is disabled.") => {
            Error::DisabledRepo(ctx)
        }
        Some("RepoNotFound") => Error::RepoNotFound(ctx),
        _ if status == 401 && is_repo_url(url) && !invalid_credentials => Error::RepoNotFound(ctx),
        _ => match status {
            400 => Error::BadRequest(ctx),
            401 => Error::Unauthorized(ctx),
            403 => Error::Forbidden(ctx),
            409 => Error::Conflict(ctx),
            429 => Error::RateLimited(ctx),
            _ => Error::Http(ctx),
        },
    })
}

/// `/api/(models|datasets|spaces)/…` or `…/resolve/…` (Python's 401 → RepoNotFound rule).
fn is_repo_url(url: &str) -> bool {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("");
    let path = path.split('?').next().unwrap_or(path);
    ["/api/models/", "/api/datasets/", "/api/spaces/"]
        .iter()
        .any(|p| path.starts_with(p) && path.len() > p.len())
        || path.get(1..).is_some_and(|p| p.contains("/resolve/"))
}

/// `X-Error-Message`, the body's `error` (string or list) and `errors[].message`,
/// stripped and de-duplicated.
fn server_message(header_message: Option<&str>, body: &[u8]) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        for l in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !lines.iter().any(|x| x == l) {
                lines.push(l.to_owned());
            }
        }
    };
    if let Some(m) = header_message {
        add(m);
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        match v.get("error") {
            Some(serde_json::Value::String(s)) => add(s),
            Some(serde_json::Value::Array(items)) => {
                for s in items.iter().filter_map(|i| i.as_str()) {
                    add(s);
                }
            }
            _ => {}
        }
        if let Some(errors) = v.get("errors").and_then(|e| e.as_array()) {
            for m in errors.iter().filter_map(|e| e.get("message")?.as_str()) {
                add(m);
            }
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        let mut b = ureq::http::Response::builder().status(status);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(ureq::Body::builder().data(body.to_owned())).unwrap()
    }

    fn kind(status: u16, headers: &[(&str, &str)], url: &str) -> crate::ErrorKind {
        check_response(Method::Get, url, resp(status, headers, ""))
            .unwrap_err()
            .kind()
    }

    #[test]
    fn mapping_follows_python_order() {
        use crate::ErrorKind::*;
        let api = "https://h/api/models/a/b";
        assert_eq!(
            kind(404, &[("x-error-code", "RevisionNotFound")], api),
            RevisionNotFound
        );
        assert_eq!(
            kind(404, &[("x-error-code", "EntryNotFound")], api),
            EntryNotFound
        );
        assert_eq!(kind(401, &[("x-error-code", "GatedRepo")], api), GatedRepo);
        assert_eq!(
            kind(
                403,
                &[("x-error-message", "Access to this resource is disabled.")],
                api
            ),
            DisabledRepo
        );
        assert_eq!(
            kind(404, &[("x-error-code", "RepoNotFound")], "https://h/x"),
            RepoNotFound
        );
        assert_eq!(kind(401, &[], api), RepoNotFound);
        assert_eq!(kind(401, &[], "https://h/a/b/resolve/main/f"), RepoNotFound);
        assert_eq!(
            kind(
                401,
                &[(
                    "x-error-message",
                    "Invalid credentials in Authorization header"
                )],
                api
            ),
            Unauthorized
        );
        assert_eq!(kind(401, &[], "https://h/api/whoami-v2"), Unauthorized);
        assert_eq!(kind(400, &[], api), BadRequest);
        assert_eq!(kind(403, &[], api), Forbidden);
        assert_eq!(kind(409, &[], api), Conflict);
        assert_eq!(kind(429, &[], api), RateLimited);
        assert_eq!(kind(500, &[], api), Http);
        assert!(check_response(Method::Get, api, resp(302, &[], "")).is_ok());
    }

    #[test]
    fn context_carries_server_details() {
        let r = resp(
            404,
            &[
                ("x-error-code", "RepoNotFound"),
                ("x-error-message", "Repository not found"),
                ("x-request-id", "req-1"),
                ("retry-after", "2"),
            ],
            r#"{"error": ["Repository not found", "second"], "errors": [{"message": "third"}]}"#,
        );
        let e = check_response(Method::Get, "https://h/api/models/a/b", r).unwrap_err();
        let ctx = e.http().unwrap();
        assert_eq!(ctx.status, 404);
        assert_eq!(ctx.request_id.as_deref(), Some("req-1"));
        assert_eq!(ctx.error_code.as_deref(), Some("RepoNotFound"));
        assert_eq!(
            ctx.server_message.as_deref(),
            Some("Repository not found\nsecond\nthird")
        );
        assert_eq!(ctx.retry_after, Some(Duration::from_secs(2)));
        let text = e.to_string();
        assert!(text.contains("req-1") && text.contains("404"), "{text}");
    }

    #[test]
    fn repo_urls() {
        assert!(is_repo_url("https://h/api/models/a/b"));
        assert!(is_repo_url("http://127.0.0.1:1/api/spaces/a/b/tree/main"));
        assert!(!is_repo_url("https://h/api/models"));
        assert!(!is_repo_url("https://h/api/models/"));
        assert!(is_repo_url("https://h/datasets/a/b/resolve/main/x"));
        assert!(!is_repo_url("https://h/api/whoami-v2"));
    }
}
