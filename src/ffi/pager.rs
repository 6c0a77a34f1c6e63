//! Lazy listings.

use std::ffi::c_char;

use super::args;
use super::boundary::boundary;
use super::call_options::{hfhub_call_options, with_hooks};
use super::status::hfhub_status;
use crate::pagination::Pager;

/// An opaque lazy listing. Use from one thread at a time (it may move between
/// threads); independent of the client it came from once created.
pub struct hfhub_pager {
    pub(crate) pager: Pager<serde_json::Value>,
}

/// The next item of a listing as a JSON object in `*out_item_json` (free with
/// `hfhub_string_free`), fetching the next page when needed. Returns
/// `HFHUB_DONE` (with `*out_item_json` NULL) at the end; after an error the pager
/// is finished. `hfhub_pager_next_with` is the same with call options.
///
/// # Safety
/// `pager` is a live pager used by no other thread now; `out_item_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_pager_next(
    pager: *mut hfhub_pager,
    out_item_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract; no call options.
    unsafe { hfhub_pager_next_with(pager, std::ptr::null(), out_item_json) }
}

/// `hfhub_pager_next` with call options (NULL = none, as `hfhub_pager_next`).
/// Pagers are lazy, so the call options of a listing travel with each step rather
/// than with the call that created the pager (`hfhub_api_call_pager` and the
/// typed `*_list` exports send nothing). A cancelled token stops the step before
/// it fetches anything: `HFHUB_ERR_CANCELLED`, `*out_item_json` NULL, and the
/// pager stays where it was (a later step with a live token resumes it). A page
/// request under way is bounded by the client's timeouts. Listings report no
/// progress events: `call->progress` is not called.
///
/// # Safety
/// As `hfhub_pager_next`; `call` is NULL or valid for the whole call.
#[no_mangle]
pub unsafe extern "C" fn hfhub_pager_next_with(
    pager: *mut hfhub_pager,
    call: *const hfhub_call_options,
    out_item_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_item_json", out_item_json)? };
        // SAFETY: the caller's contract (exclusive use for the call).
        let pager =
            unsafe { pager.as_mut() }.ok_or_else(|| crate::Error::invalid("`pager` is NULL"))?;
        // SAFETY: the caller's contract.
        let item = unsafe {
            with_hooks(call, |hooks| {
                hooks.cancel_token().check()?;
                Ok(pager.pager.next())
            })?
        };
        match item {
            None => Ok(hfhub_status::HFHUB_DONE),
            Some(item) => {
                *out = args::owned_json(&item?)?;
                Ok(hfhub_status::HFHUB_OK)
            }
        }
    })
}

/// Frees a pager (stopping the listing). NULL is a no-op.
///
/// # Safety
/// `pager` is NULL or a pager from this library, not yet freed, not in use.
#[no_mangle]
pub unsafe extern "C" fn hfhub_pager_free(pager: *mut hfhub_pager) {
    if !pager.is_null() {
        // SAFETY: created by `Box::into_raw` (the contract).
        drop(unsafe { Box::from_raw(pager) });
    }
}
