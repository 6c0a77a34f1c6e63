//! The thread-local last error: cleared on entry to every call, set on failure.

use std::cell::RefCell;
use std::ffi::{c_char, CString};

use serde_json::json;

use super::status::hfhub_status;
use crate::error::Error;

struct LastError {
    code: hfhub_status,
    message: CString,
    details: CString,
}

impl LastError {
    fn empty() -> Self {
        LastError {
            code: hfhub_status::HFHUB_OK,
            message: CString::default(),
            details: c"{}".to_owned(),
        }
    }
}

thread_local! {
    static LAST: RefCell<LastError> = RefCell::new(LastError::empty());
}

/// A string without interior NUL bytes.
pub(crate) fn c_string(s: impl Into<String>) -> CString {
    let mut s = s.into();
    s.retain(|c| c != '\0');
    CString::new(s).unwrap_or_default()
}

pub(crate) fn clear() {
    LAST.with(|l| *l.borrow_mut() = LastError::empty());
}

fn set(code: hfhub_status, message: String, details: serde_json::Value) -> hfhub_status {
    let details = c_string(details.to_string());
    LAST.with(|l| {
        *l.borrow_mut() = LastError {
            code,
            message: c_string(message.replace('\n', " ")),
            details,
        }
    });
    code
}

/// Records `err` and returns its status.
pub(crate) fn record(err: &Error) -> hfhub_status {
    let code = hfhub_status::of(err);
    let http = err.http();
    let details = json!({
        "status": hfhub_status::name(code as i32).to_str().unwrap_or_default(),
        "kind": err.kind().as_str(),
        "message": err.to_string(),
        "http_status": http.map(|h| h.status),
        "url": http.map(|h| h.url.clone()),
        "request_id": http.and_then(|h| h.request_id.clone()),
        "error_code": http.and_then(|h| h.error_code.clone()),
        "server_message": http.and_then(|h| h.server_message.clone()),
        "retry_after_ms": http.and_then(|h| h.retry_after).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    });
    set(code, err.to_string(), details)
}

/// Records a caught panic.
pub(crate) fn record_panic(payload: &(dyn std::any::Any + Send)) -> hfhub_status {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".into());
    let message = format!("internal error (panic): {what}");
    let details = json!({"status": "HFHUB_ERR_PANIC", "kind": "Panic", "message": message});
    set(hfhub_status::HFHUB_ERR_PANIC, message, details)
}

/// The status of the last failed `hfhub_*` call on this thread, or `HFHUB_OK`
/// when the last call succeeded. Thread-safe (per thread).
#[no_mangle]
pub extern "C" fn hfhub_last_error_code() -> hfhub_status {
    LAST.with(|l| l.borrow().code)
}

/// A one-line message for the last failed call on this thread; `""` when none.
/// Never NULL. Borrowed: valid until the next `hfhub_*` call on this thread;
/// never free it.
#[no_mangle]
pub extern "C" fn hfhub_last_error_message() -> *const c_char {
    LAST.with(|l| l.borrow().message.as_ptr())
}

/// Details of the last failed call on this thread as a JSON object (`"{}"` when
/// none): `status`, `kind` (e.g. `RepoNotFound`, `GatedRepo`, `Timeout`),
/// `message`, `http_status`, `url`, `request_id`, `error_code`,
/// `server_message`, `retry_after_ms`. Never NULL. Borrowed: valid until the next
/// `hfhub_*` call on this thread; never free it.
#[no_mangle]
pub extern "C" fn hfhub_last_error_json() -> *const c_char {
    LAST.with(|l| l.borrow().details.as_ptr())
}

/// Clears the last error of this thread.
#[no_mangle]
pub extern "C" fn hfhub_last_error_clear() {
    clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::HttpErrorContext;
    use std::ffi::CStr;
    use std::time::Duration;

    #[test]
    fn retry_after_ms_saturates_instead_of_wrapping() {
        let err = Error::Http(Box::new(HttpErrorContext {
            method: "GET".into(),
            url: "http://127.0.0.1:9/api/models".into(),
            status: 429,
            request_id: None,
            error_code: None,
            server_message: None,
            retry_after: Some(Duration::from_secs(u64::MAX)),
        }));
        record(&err);
        // SAFETY: never NULL, NUL-terminated, valid until the next call on this thread.
        let details = unsafe { CStr::from_ptr(hfhub_last_error_json()) };
        let details: serde_json::Value = serde_json::from_slice(details.to_bytes()).unwrap();
        assert_eq!(details["retry_after_ms"], serde_json::json!(u64::MAX));
    }
}
