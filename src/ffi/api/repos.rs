//! Repository management: `hfhub_repo_create`, `hfhub_repo_delete`.

use std::ffi::c_char;

use crate::ffi::call::typed_call;
use crate::ffi::client::hfhub_client;
use crate::ffi::status::hfhub_status;

/// Creates a repository and returns its URL as JSON (`RepoUrl`: `url`,
/// `endpoint`, `repo_type`, `repo_id`, `namespace`, `repo_name`). Rust:
/// `Client::create_repo`; Python: `HfApi.create_repo`; `POST /api/repos/create`.
/// `options_json` (NULL = none): `private`, `repo_type`, `exist_ok`, `space_sdk`,
/// `space_hardware`, `space_storage`, `space_sleep_time`, `space_secrets`,
/// `space_variables`, `token`.
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL and the last error says why (`HFHUB_ERR_CONFLICT` when the repository
/// exists and `exist_ok` is not set, `HFHUB_ERR_AUTH` without a token,
/// `HFHUB_ERR_FORBIDDEN` with a read token or another's namespace,
/// `HFHUB_ERR_INVALID_ARGUMENT` for a NULL pointer or a bad option).
///
/// # Safety
/// `client` is live; `repo_id` is NUL-terminated; `options_json` is NULL or
/// NUL-terminated; `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_create(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "create_repo",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// Deletes a repository; `*out_json` is `null` on success. Rust:
/// `Client::delete_repo`; Python: `HfApi.delete_repo`; `DELETE /api/repos/delete`.
/// Options: `repo_type`, `missing_ok`, `token`. Irreversible.
///
/// On success `*out_json` (the JSON text `null`) is freed with
/// `hfhub_string_free`; on failure it is NULL (`HFHUB_ERR_NOT_FOUND` for a
/// missing repository unless `missing_ok`, `HFHUB_ERR_FORBIDDEN` without the
/// right, ...).
///
/// # Safety
/// As `hfhub_repo_create`. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_delete(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "delete_repo",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}
