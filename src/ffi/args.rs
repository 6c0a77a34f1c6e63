//! Decoding of C arguments: NULL checks, UTF-8, JSON, out-params.

use std::ffi::{c_char, CStr, CString};

use crate::error::{Error, Result};

/// A required NUL-terminated UTF-8 string.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn required_str<'a>(name: &str, p: *const c_char) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::invalid(format!("`{name}` is NULL")));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map_err(|_| Error::invalid(format!("`{name}` is not valid UTF-8")))
}

/// An optional JSON argument: NULL or an empty string means `null`.
///
/// # Safety
/// As [`required_str`].
pub(crate) unsafe fn json(name: &str, p: *const c_char) -> Result<serde_json::Value> {
    if p.is_null() {
        return Ok(serde_json::Value::Null);
    }
    // SAFETY: forwarded contract.
    let text = unsafe { required_str(name, p)? };
    if text.trim().is_empty() {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("`{name}` is not valid JSON: {e}")))
}

/// A required out-parameter, set to NULL on entry.
///
/// # Safety
/// `p` is NULL or points to writable storage for one pointer.
pub(crate) unsafe fn out_ptr<'a, T>(name: &str, p: *mut *mut T) -> Result<&'a mut *mut T> {
    if p.is_null() {
        return Err(Error::invalid(format!("`{name}` is NULL")));
    }
    // SAFETY: non-NULL and writable per the caller's contract.
    let slot = unsafe { &mut *p };
    *slot = std::ptr::null_mut();
    Ok(slot)
}

/// A borrowed handle.
///
/// # Safety
/// `p` is NULL or a live handle of this type.
pub(crate) unsafe fn handle<'a, T>(name: &str, p: *const T) -> Result<&'a T> {
    // SAFETY: per the caller's contract.
    unsafe { p.as_ref() }.ok_or_else(|| Error::invalid(format!("`{name}` is NULL")))
}

/// A library-owned string for C (free with `hfhub_string_free`). JSON never holds
/// a NUL byte (serde escapes it), so this cannot fail on serialised JSON.
pub(crate) fn owned_string(s: String) -> Result<*mut c_char> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| Error::invalid("result holds a NUL byte"))
}

/// Serialises a JSON value for C.
pub(crate) fn owned_json(v: &serde_json::Value) -> Result<*mut c_char> {
    owned_string(v.to_string())
}
