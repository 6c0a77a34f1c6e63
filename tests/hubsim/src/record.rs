//! The request log: every request except the `/_hubsim/` control routes, faulted ones included.

use crate::http::lock;
use base64::Engine;
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Instant;

/// One request as received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `X-Request-Id` that was answered.
    pub request_id: String,
    /// Method.
    pub method: String,
    /// Raw path, percent-encoding preserved.
    pub path: String,
    /// Raw query string (without `?`).
    pub query: Option<String>,
    /// Headers in the order received.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// When it arrived.
    pub time: Instant,
    /// Status answered (`None` while the response is being built).
    pub status: Option<u16>,
    /// Whether a fault rule matched it.
    pub faulted: bool,
}

impl RecordedRequest {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Path plus `?query` when there is one.
    pub fn target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }

    /// JSON form served by `GET /_hubsim/requests`.
    pub fn to_json(&self, started: Instant) -> Value {
        json!({
            "request_id": self.request_id,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body_base64": base64::engine::general_purpose::STANDARD.encode(&self.body),
            "body": std::str::from_utf8(&self.body).ok(),
            "time_ms": self.time.saturating_duration_since(started).as_secs_f64() * 1000.0,
            "status": self.status,
            "faulted": self.faulted,
        })
    }
}

/// The log.
#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<Vec<RecordedRequest>>,
}

impl RequestLog {
    /// Appends a request.
    pub fn push(&self, r: RecordedRequest) {
        lock(&self.entries).push(r);
    }

    /// Records the status answered to the request with this id.
    pub fn set_status(&self, request_id: &str, status: u16) {
        let mut entries = lock(&self.entries);
        if let Some(e) = entries
            .iter_mut()
            .rev()
            .find(|e| e.request_id == request_id)
        {
            e.status = Some(status);
        }
    }

    /// A copy of the log, oldest first.
    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        lock(&self.entries).clone()
    }

    /// Empties the log.
    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}
