//! Files and trees: `hfhub_file_exists`, `hfhub_file_metadata_get`,
//! `hfhub_repo_tree_list`, `hfhub_repo_files_list`.

use std::ffi::c_char;

use crate::ffi::call::{typed_call, typed_pager};
use crate::ffi::client::hfhub_client;
use crate::ffi::pager::hfhub_pager;
use crate::ffi::status::hfhub_status;

/// Whether a file exists in a repository: `*out_json` is `true` or `false`
/// (a gated repository is `HFHUB_ERR_FORBIDDEN`). Rust: `Client::file_exists`;
/// Python: `HfApi.file_exists`. Options: `repo_type`, `revision`, `token`.
///
/// # Safety
/// `client` is live; strings are NUL-terminated or NULL where optional;
/// `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_file_exists(
    client: *const hfhub_client,
    repo_id: *const c_char,
    filename: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [("repo_id", repo_id), ("filename", filename)];
    // SAFETY: forwarded contract.
    unsafe { typed_call(client, "file_exists", &required, options_json, out_json) }
}

/// What a HEAD on a resolve URL says (`{commit_hash, etag, location, size}`).
/// Rust: `Client::get_hf_file_metadata`; Python: `HfApi.get_hf_file_metadata`.
/// Options: `timeout`, `token`.
///
/// # Safety
/// As `hfhub_file_exists`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_file_metadata_get(
    client: *const hfhub_client,
    url: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "get_hf_file_metadata",
            &[("url", url)],
            options_json,
            out_json,
        )
    }
}

/// Files and folders of a repository, paged lazily (`RepoFile` / `RepoFolder`
/// objects with a `type` key). Rust: `Client::list_repo_tree`; Python:
/// `HfApi.list_repo_tree`. Options: `path_in_repo`, `recursive`, `expand`,
/// `revision`, `repo_type`, `token`.
///
/// On success `*out_pager` is freed with `hfhub_pager_free`.
///
/// # Safety
/// As `hfhub_file_exists`; `out_pager` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_tree_list(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_pager(
            client,
            "list_repo_tree",
            &[("repo_id", repo_id)],
            options_json,
            out_pager,
        )
    }
}

/// Paths of every file of a repository (JSON strings), paged lazily. Rust:
/// `Client::list_repo_files`; Python: `HfApi.list_repo_files`. Options:
/// `revision`, `repo_type`, `token`.
///
/// # Safety
/// As `hfhub_repo_tree_list`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_files_list(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_pager(
            client,
            "list_repo_files",
            &[("repo_id", repo_id)],
            options_json,
            out_pager,
        )
    }
}
