//! Any operation by its Python name: `hfhub_api_call`, `hfhub_api_call_pager`.

use std::ffi::c_char;

use super::args;
use super::boundary::boundary;
use super::call_options::{hfhub_call_options, with_hooks};
use super::client::hfhub_client;
use super::pager::hfhub_pager;
use super::status::hfhub_status;
use crate::dispatch::{self, Output};
use crate::Error;

/// The keyword arguments of a typed export: its options object (NULL = none)
/// with the positional arguments added under their Python names.
///
/// # Safety
/// Every pointer is NULL or NUL-terminated.
unsafe fn merged_args(
    required: &[(&str, *const c_char)],
    options_json: *const c_char,
) -> crate::Result<serde_json::Value> {
    // SAFETY: the caller's contract.
    let mut args = match unsafe { args::json("options_json", options_json)? } {
        serde_json::Value::Null => serde_json::Map::new(),
        serde_json::Value::Object(m) => m,
        _ => return Err(Error::invalid("`options_json` must be a JSON object")),
    };
    for (name, p) in required {
        // SAFETY: the caller's contract.
        let v = unsafe { args::required_str(name, *p)? };
        args.insert((*name).to_owned(), serde_json::Value::String(v.to_owned()));
    }
    Ok(serde_json::Value::Object(args))
}

/// Runs `method` with the call's hooks and returns its JSON result, owned by C.
///
/// # Safety
/// `call` is NULL or valid for the whole call.
unsafe fn run_value(
    client: &hfhub_client,
    method: &str,
    args: serde_json::Value,
    call: *const hfhub_call_options,
) -> crate::Result<*mut c_char> {
    // SAFETY: the caller's contract.
    let value = unsafe {
        with_hooks(call, |hooks| {
            dispatch::call_with(&client.client, method, args, hooks)
        })?
    };
    args::owned_json(&value)
}

/// Starts the listing `method` and returns its pager, owned by C.
fn run_pager(
    client: &hfhub_client,
    method: &str,
    args: serde_json::Value,
) -> crate::Result<*mut hfhub_pager> {
    match dispatch::call_listing(&client.client, method, args)? {
        Output::Items(pager) => Ok(Box::into_raw(Box::new(hfhub_pager { pager }))),
        Output::Value(_) => Err(Error::invalid(format!(
            "`{method}` is not a listing: use hfhub_api_call"
        ))),
    }
}

/// A typed export returning one JSON result: `method` from the dispatch table.
///
/// # Safety
/// `client` is a live client; strings are NULL or NUL-terminated; `out_json` is writable.
pub(crate) unsafe fn typed_call(
    client: *const hfhub_client,
    method: &str,
    required: &[(&str, *const c_char)],
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract; no call options.
    unsafe {
        typed_call_with(
            client,
            method,
            required,
            options_json,
            std::ptr::null(),
            out_json,
        )
    }
}

/// A typed export of a long operation, with the call's hooks.
///
/// # Safety
/// As [`typed_call`]; `call` is NULL or valid for the whole call.
pub(crate) unsafe fn typed_call_with(
    client: *const hfhub_client,
    method: &str,
    required: &[(&str, *const c_char)],
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_json", out_json)? };
        let client = unsafe { args::handle("client", client)? };
        let args = unsafe { merged_args(required, options_json)? };
        *out = unsafe { run_value(client, method, args, call)? };
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// A typed export returning a pager over a listing of the dispatch table.
///
/// # Safety
/// As [`typed_call`]; `out_pager` is writable.
pub(crate) unsafe fn typed_pager(
    client: *const hfhub_client,
    method: &str,
    required: &[(&str, *const c_char)],
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_pager", out_pager)? };
        let client = unsafe { args::handle("client", client)? };
        let args = unsafe { merged_args(required, options_json)? };
        *out = run_pager(client, method, args)?;
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Runs any operation by its Python `HfApi` name with its Python keyword
/// arguments as a JSON object (NULL = none), e.g. `"model_info"` with
/// `{"repo_id": "gpt2", "files_metadata": true}`. Every operation accepts `token`
/// (string, `true`, `false` or `null`) as in Python. Listings return a JSON array
/// of every item up to `limit`; use `hfhub_api_call_pager` to page lazily.
/// `call` (NULL = none) carries a cancel token and a progress callback, honoured
/// by the long operations (downloads) and checked before any operation starts.
///
/// On success `*out_json` is the result as JSON (free with `hfhub_string_free`);
/// on failure it is NULL and the last error says why. Unknown operations and
/// arguments are `HFHUB_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `client` is a live client; `method` and `args_json` are NULL or NUL-terminated;
/// `call` is NULL or valid for the whole call; `out_json` is writable.
/// Thread-safe for concurrent calls on one client.
#[no_mangle]
pub unsafe extern "C" fn hfhub_api_call(
    client: *const hfhub_client,
    method: *const c_char,
    args_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_json", out_json)? };
        let client = unsafe { args::handle("client", client)? };
        let method = unsafe { args::required_str("method", method)? };
        let args = unsafe { args::json("args_json", args_json)? };
        *out = unsafe { run_value(client, method, args, call)? };
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Starts a listing operation (`list_models`, `list_repo_tree`, ...) by its Python
/// name and keyword arguments, returning a pager that fetches pages lazily.
/// Nothing is sent until the first `hfhub_pager_next`.
///
/// On success `*out_pager` owns a pager to free with `hfhub_pager_free`; on
/// failure it is NULL. An operation that is not a listing is
/// `HFHUB_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// As `hfhub_api_call`; `out_pager` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_api_call_pager(
    client: *const hfhub_client,
    method: *const c_char,
    args_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_pager", out_pager)? };
        let client = unsafe { args::handle("client", client)? };
        let method = unsafe { args::required_str("method", method)? };
        let args = unsafe { args::json("args_json", args_json)? };
        *out = run_pager(client, method, args)?;
        Ok(hfhub_status::HFHUB_OK)
    })
}
