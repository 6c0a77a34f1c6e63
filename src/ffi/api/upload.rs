//! Uploads and commits: `hfhub_file_upload`, `hfhub_folder_upload`,
//! `hfhub_commit_create`.

use std::ffi::c_char;

use crate::ffi::call::{typed_call_positional, typed_call_with, Positional};
use crate::ffi::call_options::hfhub_call_options;
use crate::ffi::client::hfhub_client;
use crate::ffi::status::hfhub_status;

/// Uploads one local file to `path_in_repo` in one commit and returns the
/// commit as JSON (`CommitInfo`: `commit_url`, `commit_message`, `oid`,
/// `pr_url`, ...). Rust: `Client::upload_file`; Python: `HfApi.upload_file`
/// (`path_or_fileobj` is the path of a local file here; to upload bytes from
/// memory, call `hfhub_api_call("upload_file", ...)` with `content_base64`).
/// Requests:
/// `POST /api/{T}/{id}/preupload/{rev}`, the git-lfs batch API and storage
/// `PUT`s for an LFS file, then `POST /api/{T}/{id}/commit/{rev}`.
/// `options_json` (NULL = none): `repo_type`, `revision`, `commit_message`,
/// `commit_description`, `create_pr`, `parent_commit`, `token`.
///
/// `call` (NULL = none) carries a cancel token and a progress callback: LFS
/// transfers report `HFHUB_PROGRESS_*` events; a cancelled upload (token, or a
/// callback returning non-zero) is `HFHUB_ERR_CANCELLED` and commits nothing.
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL and the last error says why (`HFHUB_ERR_IO` for an unreadable file,
/// `HFHUB_ERR_NOT_FOUND` for a missing repository or revision,
/// `HFHUB_ERR_FORBIDDEN` with a read token, ...).
///
/// # Safety
/// `client` is live; `repo_id`, `path_or_fileobj` and `path_in_repo` are
/// NUL-terminated; `options_json` is NULL or NUL-terminated; `call` is NULL or
/// valid for the whole call; `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_file_upload(
    client: *const hfhub_client,
    repo_id: *const c_char,
    path_or_fileobj: *const c_char,
    path_in_repo: *const c_char,
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [
        ("repo_id", repo_id),
        ("path_or_fileobj", path_or_fileobj),
        ("path_in_repo", path_in_repo),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_with(
            client,
            "upload_file",
            &required,
            options_json,
            call,
            out_json,
        )
    }
}

/// Uploads the files of a local folder in one commit and returns the commit as
/// JSON (`CommitInfo`). Rust: `Client::upload_folder`; Python:
/// `HfApi.upload_folder`. Requests as `hfhub_file_upload`. `options_json`
/// (NULL = none): `path_in_repo`, `repo_type`, `revision`, `commit_message`,
/// `commit_description`, `create_pr`, `parent_commit`, `allow_patterns`,
/// `ignore_patterns`, `delete_patterns`, `token`.
///
/// `call` as in `hfhub_file_upload`: a cancelled upload commits nothing.
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL (`HFHUB_ERR_INVALID_ARGUMENT` or `HFHUB_ERR_IO` for a folder that is not
/// there, ...).
///
/// # Safety
/// As `hfhub_file_upload`. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_folder_upload(
    client: *const hfhub_client,
    repo_id: *const c_char,
    folder_path: *const c_char,
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [("repo_id", repo_id), ("folder_path", folder_path)];
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_with(
            client,
            "upload_folder",
            &required,
            options_json,
            call,
            out_json,
        )
    }
}

/// Creates one commit from a list of operations and returns it as JSON
/// (`CommitInfo`). Rust: `Client::create_commit`; Python:
/// `HfApi.create_commit`. `operations` is a JSON array (text) of
/// `{"operation": "add", "path_in_repo", "path_or_fileobj": "<local path>"}`,
/// `{"operation": "add", "path_in_repo", "content_base64"}` and
/// `{"operation": "delete", "path_in_repo", "is_folder": true | false | "auto"}`
/// objects. Requests as `hfhub_file_upload`. `options_json` (NULL = none):
/// `commit_description`, `repo_type`, `revision`, `create_pr`, `num_threads`,
/// `parent_commit`, `token`. Nothing is committed unless every upload succeeded.
///
/// `call` as in `hfhub_file_upload`: a cancelled commit is never posted.
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL (`HFHUB_ERR_INVALID_ARGUMENT` for malformed operations, a NULL pointer
/// or a bad option; `HFHUB_ERR_CONFLICT` for a stale `parent_commit`, ...).
///
/// # Safety
/// `client` is live; `repo_id`, `operations` and `commit_message` are
/// NUL-terminated; `options_json` is NULL or NUL-terminated; `call` is NULL or
/// valid for the whole call; `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_commit_create(
    client: *const hfhub_client,
    repo_id: *const c_char,
    operations: *const c_char,
    commit_message: *const c_char,
    options_json: *const c_char,
    call: *const hfhub_call_options,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [
        ("repo_id", Positional::Str(repo_id)),
        ("operations", Positional::Json(operations)),
        ("commit_message", Positional::Str(commit_message)),
    ];
    // SAFETY: forwarded contract.
    unsafe {
        typed_call_positional(
            client,
            "create_commit",
            &required,
            options_json,
            call,
            out_json,
        )
    }
}
