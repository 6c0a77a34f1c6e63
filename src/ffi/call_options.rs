//! Per-call run-time hooks that cannot travel as JSON: a cancel token and a
//! progress callback.

use std::ffi::{c_char, c_void};

use super::cancel::hfhub_cancel_token;
use super::last_error::c_string;
use crate::cancel::CancelToken;
use crate::error::{Error, Result};
use crate::progress::{Hooks, ProgressEvent, ProgressKind};

/// The version of `hfhub_call_options` this header describes.
pub const HFHUB_CALL_OPTIONS_VERSION: u32 = 1;

/// What a progress event reports.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum hfhub_progress_kind {
    /// A file transfer started.
    HFHUB_PROGRESS_STARTED = 0,
    /// Bytes arrived (`bytes_done` may go back to 0 when a server ignored a range).
    HFHUB_PROGRESS_BYTES = 1,
    /// A file is complete and verified.
    HFHUB_PROGRESS_FINISHED = 2,
}

/// One progress event. It and the strings it points to are valid only during
/// the callback.
#[repr(C)]
pub struct hfhub_progress {
    /// What happened.
    pub kind: hfhub_progress_kind,
    /// Path of the file in the repository (NUL-terminated UTF-8).
    pub path: *const c_char,
    /// Index of the file among the files of the operation (0-based).
    pub file_index: u64,
    /// Number of files the operation transfers.
    pub file_count: u64,
    /// Bytes of this file received so far.
    pub bytes_done: u64,
    /// Size of this file, or -1 when unknown.
    pub bytes_total: i64,
    /// Bytes received over every file of the operation.
    pub total_done: u64,
    /// Bytes to transfer over every file, or -1 when unknown.
    pub total_bytes: i64,
}

/// A progress callback: called synchronously on the calling thread, never
/// concurrently and never after the call returns. Return 0 to continue; any
/// other value cancels the call (`HFHUB_ERR_CANCELLED`).
pub type hfhub_progress_cb =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event: *const hfhub_progress) -> i32>;

/// Run-time options of one call; pass NULL for none. Set `version` to
/// `HFHUB_CALL_OPTIONS_VERSION` (fields are only ever appended).
#[repr(C)]
pub struct hfhub_call_options {
    /// `HFHUB_CALL_OPTIONS_VERSION`.
    pub version: u32,
    /// A cancel token, or NULL.
    pub cancel: *const hfhub_cancel_token,
    /// A progress callback, or NULL.
    pub progress: hfhub_progress_cb,
    /// Passed back to `progress` verbatim; never dereferenced by the library.
    pub user_data: *mut c_void,
}

fn signed(v: Option<u64>) -> i64 {
    v.and_then(|n| i64::try_from(n).ok()).unwrap_or(-1)
}

/// Runs `f` with the hooks described by `call` (NULL = none).
///
/// # Safety
/// `call` is NULL or points to a valid `hfhub_call_options` whose `cancel` is
/// NULL or a live token, for the whole call.
pub(crate) unsafe fn with_hooks<T>(
    call: *const hfhub_call_options,
    f: impl FnOnce(&mut Hooks<'_>) -> Result<T>,
) -> Result<T> {
    // SAFETY: the caller's contract.
    let Some(opts) = (unsafe { call.as_ref() }) else {
        return f(&mut Hooks::new());
    };
    if opts.version != HFHUB_CALL_OPTIONS_VERSION {
        return Err(Error::invalid(format!(
            "`call.version` is {}, this library knows {HFHUB_CALL_OPTIONS_VERSION}",
            opts.version
        )));
    }
    // A child token: a callback's veto cancels this call only.
    // SAFETY: the caller's contract.
    let token = match unsafe { opts.cancel.as_ref() } {
        Some(t) => t.token.child(),
        None => CancelToken::new(),
    };
    let Some(cb) = opts.progress else {
        return f(&mut Hooks::new().cancel(&token));
    };
    let user_data = opts.user_data;
    let veto = token.clone();
    let mut sink = move |e: &ProgressEvent| {
        let path = c_string(e.path.clone());
        let kind = match e.kind {
            ProgressKind::Started => hfhub_progress_kind::HFHUB_PROGRESS_STARTED,
            ProgressKind::Finished => hfhub_progress_kind::HFHUB_PROGRESS_FINISHED,
            _ => hfhub_progress_kind::HFHUB_PROGRESS_BYTES,
        };
        let event = hfhub_progress {
            kind,
            path: path.as_ptr(),
            file_index: e.file_index as u64,
            file_count: e.file_count as u64,
            bytes_done: e.bytes_done,
            bytes_total: signed(e.bytes_total),
            total_done: e.total_done,
            total_bytes: signed(e.total_bytes),
        };
        // SAFETY: a C callback with the documented signature; `event` and `path`
        // outlive the call.
        if unsafe { cb(user_data, &event) } != 0 {
            veto.cancel();
        }
    };
    f(&mut Hooks::new().cancel(&token).progress(&mut sink))
}
