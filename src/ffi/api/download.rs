//! Downloads and the cache: `hfhub_file_download`, `hfhub_snapshot_download`,
//! `hfhub_cache_scan`.

use std::ffi::c_char;

use crate::ffi::call::{typed_call, typed_call_with};
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

/// Everything in the local cache shared with Python as JSON (`HFCacheInfo`:
/// `size_on_disk`, `repos` with their revisions, refs and files, `warnings`).
/// Rust: `Client::scan_cache_dir`; Python: `scan_cache_dir`. Sends no request.
/// `options_json` (NULL = none): `cache_dir` (the client's hub cache by default).
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL (`HFHUB_ERR_IO` when the cache folder cannot be read, ...). A folder
/// that does not look like a cache entry is a warning in the result, not an error.
///
/// # Safety
/// `client` is live; `options_json` is NULL or NUL-terminated; `out_json` is
/// writable. Thread-safe (a scan running while another call writes to the cache
/// sees either state of each file).
#[no_mangle]
pub unsafe extern "C" fn hfhub_cache_scan(
    client: *const hfhub_client,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe { typed_call(client, "scan_cache_dir", &[], options_json, out_json) }
}
