//! Status codes: few, stable, explicit and append-only. Detail travels in the
//! thread-local last error.

use std::ffi::{c_char, CStr};

use crate::error::{Error, ErrorKind};

/// The result of every `hfhub_*` call. Values are explicit and never reused;
/// new ones are only ever appended.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum hfhub_status {
    /// Success.
    HFHUB_OK = 0,
    /// An iterator is exhausted (not an error; the last error is left untouched).
    HFHUB_DONE = 1,
    /// A background job is still queued or running after the time waited (not an
    /// error; the job goes on and can be waited for again; the last error is cleared).
    HFHUB_PENDING = 2,
    /// A required pointer was NULL, a string was not UTF-8, a JSON argument was
    /// malformed or named an unknown option or operation.
    HFHUB_ERR_INVALID_ARGUMENT = 100,
    /// Authentication: 401, or a token is required and none was found.
    HFHUB_ERR_AUTH = 101,
    /// 403: forbidden, gated (access not granted) or disabled repository.
    HFHUB_ERR_FORBIDDEN = 102,
    /// Repository, revision or entry not found (`kind` in the details says which).
    HFHUB_ERR_NOT_FOUND = 103,
    /// 409.
    HFHUB_ERR_CONFLICT = 104,
    /// 429 after the retries allowed (`retry_after_ms` in the details).
    HFHUB_ERR_RATE_LIMITED = 105,
    /// Any other HTTP error status.
    HFHUB_ERR_HTTP = 106,
    /// DNS, connection, TLS or protocol failure.
    HFHUB_ERR_NETWORK = 107,
    /// A timeout fired.
    HFHUB_ERR_TIMEOUT = 108,
    /// Cancelled by a cancel token or a progress callback.
    HFHUB_ERR_CANCELLED = 109,
    /// Local file-system, cache or lock failure.
    HFHUB_ERR_IO = 110,
    /// A cache-only lookup missed (offline mode or `local_files_only`).
    HFHUB_ERR_OFFLINE_MISS = 111,
    /// A response could not be decoded (`kind` says what: JSON, a safetensors header, ...).
    HFHUB_ERR_DECODE = 112,
    /// Downloaded data did not match its size or checksum; nothing was kept.
    HFHUB_ERR_CHECKSUM = 113,
    /// A remote resource reported a failure (an Inference Endpoint that failed).
    HFHUB_ERR_REMOTE_FAILED = 114,
    /// An internal bug was caught at the boundary; the process is intact.
    HFHUB_ERR_PANIC = 198,
    /// Anything else.
    HFHUB_ERR_UNKNOWN = 199,
}

impl hfhub_status {
    /// The status of an error.
    pub(crate) fn of(err: &Error) -> hfhub_status {
        use hfhub_status::*;
        match err.kind() {
            ErrorKind::RepoNotFound | ErrorKind::RevisionNotFound | ErrorKind::EntryNotFound => {
                HFHUB_ERR_NOT_FOUND
            }
            ErrorKind::GatedRepo | ErrorKind::DisabledRepo | ErrorKind::Forbidden => {
                HFHUB_ERR_FORBIDDEN
            }
            ErrorKind::Unauthorized | ErrorKind::LocalTokenNotFound => HFHUB_ERR_AUTH,
            ErrorKind::InvalidInput => HFHUB_ERR_INVALID_ARGUMENT,
            ErrorKind::Conflict => HFHUB_ERR_CONFLICT,
            ErrorKind::RateLimited => HFHUB_ERR_RATE_LIMITED,
            ErrorKind::BadRequest | ErrorKind::Http => HFHUB_ERR_HTTP,
            ErrorKind::Network => HFHUB_ERR_NETWORK,
            ErrorKind::Timeout => HFHUB_ERR_TIMEOUT,
            ErrorKind::Cancelled => HFHUB_ERR_CANCELLED,
            ErrorKind::Io => HFHUB_ERR_IO,
            ErrorKind::LocalEntryNotFound | ErrorKind::OfflineMode => HFHUB_ERR_OFFLINE_MISS,
            ErrorKind::Decode | ErrorKind::SafetensorsParsing => HFHUB_ERR_DECODE,
            ErrorKind::NotASafetensorsRepo => HFHUB_ERR_NOT_FOUND,
            ErrorKind::Checksum => HFHUB_ERR_CHECKSUM,
            ErrorKind::InferenceEndpointFailed => HFHUB_ERR_REMOTE_FAILED,
            ErrorKind::Panicked => HFHUB_ERR_PANIC,
        }
    }

    /// The name of a status value, as in the header.
    pub(crate) fn name(code: i32) -> &'static CStr {
        match code {
            0 => c"HFHUB_OK",
            1 => c"HFHUB_DONE",
            2 => c"HFHUB_PENDING",
            100 => c"HFHUB_ERR_INVALID_ARGUMENT",
            101 => c"HFHUB_ERR_AUTH",
            102 => c"HFHUB_ERR_FORBIDDEN",
            103 => c"HFHUB_ERR_NOT_FOUND",
            104 => c"HFHUB_ERR_CONFLICT",
            105 => c"HFHUB_ERR_RATE_LIMITED",
            106 => c"HFHUB_ERR_HTTP",
            107 => c"HFHUB_ERR_NETWORK",
            108 => c"HFHUB_ERR_TIMEOUT",
            109 => c"HFHUB_ERR_CANCELLED",
            110 => c"HFHUB_ERR_IO",
            111 => c"HFHUB_ERR_OFFLINE_MISS",
            112 => c"HFHUB_ERR_DECODE",
            113 => c"HFHUB_ERR_CHECKSUM",
            114 => c"HFHUB_ERR_REMOTE_FAILED",
            198 => c"HFHUB_ERR_PANIC",
            199 => c"HFHUB_ERR_UNKNOWN",
            _ => c"HFHUB_UNKNOWN_STATUS",
        }
    }
}

/// The name of a status code (`"HFHUB_ERR_NOT_FOUND"`), or `"HFHUB_UNKNOWN_STATUS"`
/// for a value this library does not know. Takes a plain integer, so any value is safe.
///
/// The returned string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn hfhub_status_name(code: i32) -> *const c_char {
    hfhub_status::name(code).as_ptr()
}
