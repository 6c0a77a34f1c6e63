//! Lazy listings.

use std::ffi::c_char;

use super::args;
use super::boundary::boundary;
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
/// is finished.
///
/// # Safety
/// `pager` is a live pager used by no other thread now; `out_item_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_pager_next(
    pager: *mut hfhub_pager,
    out_item_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_item_json", out_item_json)? };
        // SAFETY: the caller's contract (exclusive use for the call).
        let pager =
            unsafe { pager.as_mut() }.ok_or_else(|| crate::Error::invalid("`pager` is NULL"))?;
        match pager.pager.next() {
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
