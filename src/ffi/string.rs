//! Strings returned by the library.

use std::ffi::{c_char, CString};

/// Frees a string returned by this library (every `out_json`). NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string returned by an `hfhub_*` function and not yet freed.
/// Never pass memory from another allocator. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from `CString::into_raw` in this library (the contract).
        drop(unsafe { CString::from_raw(s) });
    }
}
