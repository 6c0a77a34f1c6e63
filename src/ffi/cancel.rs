//! Cancel tokens.

use super::args;
use super::boundary::boundary;
use super::status::hfhub_status;
use crate::cancel::CancelToken;

/// An opaque cancel token. `hfhub_cancel_token_cancel` is safe from any thread,
/// also while calls using the token run; the token must outlive those calls.
pub struct hfhub_cancel_token {
    pub(crate) token: CancelToken,
}

/// Creates a cancel token (free with `hfhub_cancel_token_free`).
///
/// # Safety
/// `out_token` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_cancel_token_new(
    out_token: *mut *mut hfhub_cancel_token,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_token", out_token)? };
        *out = Box::into_raw(Box::new(hfhub_cancel_token {
            token: CancelToken::new(),
        }));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Requests cancellation: every call using the token stops with
/// `HFHUB_ERR_CANCELLED` at its next check (before each request, between body
/// chunks and retries; within one read timeout at worst), leaving no partial
/// file in the cache. Idempotent; safe from any thread. NULL is a no-op.
///
/// # Safety
/// `token` is NULL or a live token.
#[no_mangle]
pub unsafe extern "C" fn hfhub_cancel_token_cancel(token: *const hfhub_cancel_token) {
    // SAFETY: the caller's contract.
    if let Some(t) = unsafe { token.as_ref() } {
        t.token.cancel();
    }
}

/// Whether cancellation was requested. NULL gives false. Thread-safe.
///
/// # Safety
/// `token` is NULL or a live token.
#[no_mangle]
pub unsafe extern "C" fn hfhub_cancel_token_is_cancelled(token: *const hfhub_cancel_token) -> bool {
    // SAFETY: the caller's contract.
    unsafe { token.as_ref() }.is_some_and(|t| t.token.is_cancelled())
}

/// Frees a token. NULL is a no-op.
///
/// # Safety
/// `token` is NULL or a live token no call is using.
#[no_mangle]
pub unsafe extern "C" fn hfhub_cancel_token_free(token: *mut hfhub_cancel_token) {
    if !token.is_null() {
        // SAFETY: created by `Box::into_raw` (the contract).
        drop(unsafe { Box::from_raw(token) });
    }
}
