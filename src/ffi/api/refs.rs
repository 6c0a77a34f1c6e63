//! Refs and history: `hfhub_repo_refs_get`, `hfhub_repo_commits_list`.

use std::ffi::c_char;

use crate::ffi::call::{typed_call, typed_pager};
use crate::ffi::client::hfhub_client;
use crate::ffi::pager::hfhub_pager;
use crate::ffi::status::hfhub_status;

/// Branches, tags, converts and (with `include_pull_requests`) PR refs as JSON
/// (`GitRefs`). Rust: `Client::list_repo_refs`; Python: `HfApi.list_repo_refs`.
/// Options: `repo_type`, `include_pull_requests`, `token`.
///
/// # Safety
/// `client` is live; strings are NUL-terminated or NULL where optional;
/// `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_refs_get(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "list_repo_refs",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// Commits of a revision, newest first, paged lazily (`GitCommitInfo` objects).
/// Rust: `Client::list_repo_commits`; Python: `HfApi.list_repo_commits`.
/// Options: `repo_type`, `revision`, `formatted`, `token`.
///
/// # Safety
/// As `hfhub_repo_refs_get`; `out_pager` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_commits_list(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_pager(
            client,
            "list_repo_commits",
            &[("repo_id", repo_id)],
            options_json,
            out_pager,
        )
    }
}
