//! Downloads: `hfhub_file_download`, `hfhub_snapshot_download`.

use std::ffi::c_char;

use crate::ffi::call::typed_call_with;
use crate::ffi::call_options::hfhub_call_options;
use crate::ffi::client::hfhub_client;
use crate::ffi::status::hfhub_status;

/// Downloads one file into the cache shared with Python and returns its path as
/// a JSON string. Rust: `Client::hf_hub_download`; Python: `hf_hub_download`.
/// Options: `subfolder`, `repo_type`, `revision`, `cache_dir`, `local_dir`,
/// `force_download`, `etag_timeout`, `local_files_only`, `token`, ...
/// `call` (NULL = none) carries a cancel token and a progress callback; a
/// cancelled or failed download leaves no partial file in the cache.
///
/// # Safety
/// `client` is live; strings are NUL-terminated or NULL where optional; `call`
/// is NULL or valid for the whole call; `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_file_download(
    client: *const hfhub_client,
    repo_id: *const c_char,
    filename: *const c_char,
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [("repo_id", repo_id), ("filename", filename)];
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_with(
            client,
            "hf_hub_download",
            &required,
            options_json,
            call,
            out_json,
        )
    }
}

/// Downloads a repository snapshot (files filtered by `allow_patterns` /
/// `ignore_patterns`) and returns the snapshot folder as a JSON string. Rust:
/// `Client::snapshot_download`; Python: `snapshot_download`. `call` as in
/// `hfhub_file_download`.
///
/// # Safety
/// As `hfhub_file_download`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_snapshot_download(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [("repo_id", repo_id)];
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_with(
            client,
            "snapshot_download",
            &required,
            options_json,
            call,
            out_json,
        )
    }
}
