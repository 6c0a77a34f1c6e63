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

/// A positional argument of a typed export, joined to its keyword arguments
/// under its Python name. Both kinds are required (NULL is an error).
#[derive(Clone, Copy)]
pub(crate) enum Positional {
    /// A string (`repo_id`, `folder_path`, ...).
    Str(*const c_char),
    /// A JSON document (`operations` of `create_commit`).
    Json(*const c_char),
}

/// The keyword arguments of a typed export: its options object (NULL = none)
/// with the positional arguments added under their Python names.
///
/// # Safety
/// Every pointer is NULL or NUL-terminated.
unsafe fn merged_args(
    required: &[(&str, Positional)],
    options_json: *const c_char,
) -> crate::Result<serde_json::Value> {
    // SAFETY: the caller's contract.
    let mut args = match unsafe { args::json("options_json", options_json)? } {
        serde_json::Value::Null => serde_json::Map::new(),
        serde_json::Value::Object(m) => m,
        _ => return Err(Error::invalid("`options_json` must be a JSON object")),
    };
    for (name, p) in required {
        let v = match *p {
            // SAFETY: the caller's contract.
            Positional::Str(p) => {
                serde_json::Value::String(unsafe { args::required_str(name, p)? }.to_owned())
            }
            Positional::Json(p) => {
                // SAFETY: the caller's contract.
                unsafe { args::required_str(name, p)? };
                // SAFETY: as above; non-NULL now.
                unsafe { args::json(name, p)? }
            }
        };
        args.insert((*name).to_owned(), v);
    }
    Ok(serde_json::Value::Object(args))
}

fn strings<'a>(required: &'a [(&'a str, *const c_char)]) -> Vec<(&'a str, Positional)> {
    required
        .iter()
        .map(|(name, p)| (*name, Positional::Str(*p)))
        .collect()
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
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_positional(
            client,
            method,
            &strings(required),
            options_json,
            call,
            out_json,
        )
    }
}

/// A typed export whose positional arguments are not all strings.
///
/// # Safety
/// As [`typed_call_with`].
pub(crate) unsafe fn typed_call_positional(
    client: *const hfhub_client,
    method: &str,
    required: &[(&str, Positional)],
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
        let args = unsafe { merged_args(&strings(required), options_json)? };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_arguments_join_the_options_under_their_python_names() {
        let ops = c"[{\"operation\": \"delete\", \"path_in_repo\": \"a\"}]";
        let args = unsafe {
            merged_args(
                &[
                    ("repo_id", Positional::Str(c"a/b".as_ptr())),
                    ("operations", Positional::Json(ops.as_ptr())),
                ],
                c"{\"revision\": \"dev\", \"repo_id\": \"ignored\"}".as_ptr(),
            )
        }
        .unwrap();
        assert_eq!(
            args,
            serde_json::json!({
                "revision": "dev",
                "repo_id": "a/b",
                "operations": [{"operation": "delete", "path_in_repo": "a"}],
            })
        );
    }

    #[test]
    fn positional_arguments_are_required_and_checked() {
        let err = |required: &[(&str, Positional)], options: *const c_char| {
            unsafe { merged_args(required, options) }
                .unwrap_err()
                .to_string()
        };
        let null = std::ptr::null();
        assert!(
            err(&[("operations", Positional::Json(null))], null).contains("`operations` is NULL")
        );
        assert!(err(&[("repo_id", Positional::Str(null))], null).contains("`repo_id` is NULL"));
        assert!(
            err(&[("operations", Positional::Json(c"[{".as_ptr()))], null)
                .contains("`operations` is not valid JSON")
        );
        assert!(err(&[], c"[1]".as_ptr()).contains("must be a JSON object"));
    }
}
