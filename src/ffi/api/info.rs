//! Repository information: `hfhub_model_get`, `hfhub_dataset_get`,
//! `hfhub_space_get`, `hfhub_repo_get`, `hfhub_repo_exists`, `hfhub_revision_exists`.

use std::ffi::c_char;

use crate::ffi::call::typed_call;
use crate::ffi::client::hfhub_client;
use crate::ffi::status::hfhub_status;

/// A model's information as JSON (`ModelInfo`). Rust: `Client::model_info`;
/// Python: `HfApi.model_info`. `options_json` (NULL = none): `revision`,
/// `timeout`, `securityStatus`, `files_metadata`, `expand`, `token`.
///
/// On success `*out_json` is freed with `hfhub_string_free`; on failure it is
/// NULL (`HFHUB_ERR_NOT_FOUND` for a missing repository or revision, ...).
///
/// The read exports of this header predate call options and keep their
/// signatures (the ABI only grows): they are short requests bounded by the
/// client's timeouts. To run one with a cancel token, call it by its Python
/// name through `hfhub_api_call` (`"model_info"` here), which takes an
/// `hfhub_call_options`; for listings, step the pager with `hfhub_pager_next_with`.
///
/// # Safety
/// `client` is live; strings are NUL-terminated or NULL where optional;
/// `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_model_get(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "model_info",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// A dataset's information as JSON (`DatasetInfo`). Rust: `Client::dataset_info`;
/// Python: `HfApi.dataset_info`. Options: `revision`, `timeout`,
/// `files_metadata`, `expand`, `token`. Ownership, errors and safety as `hfhub_model_get`.
///
/// # Safety
/// As `hfhub_model_get`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_dataset_get(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "dataset_info",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// A Space's information as JSON (`SpaceInfo`). Rust: `Client::space_info`;
/// Python: `HfApi.space_info`. Options as `hfhub_dataset_get`.
///
/// # Safety
/// As `hfhub_model_get`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_space_get(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "space_info",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// Information on a repository of any type. Rust: `Client::repo_info`; Python:
/// `HfApi.repo_info`. Options: `repo_type` (`"model"`, `"dataset"`, `"space"`),
/// `revision`, `timeout`, `files_metadata`, `expand`, `token`.
///
/// # Safety
/// As `hfhub_model_get`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_get(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "repo_info",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// Whether a repository exists and is visible: `*out_json` is `true` or `false`.
/// Rust: `Client::repo_exists`; Python: `HfApi.repo_exists`. Options: `repo_type`, `token`.
///
/// # Safety
/// As `hfhub_model_get`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_repo_exists(
    client: *const hfhub_client,
    repo_id: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe {
        typed_call(
            client,
            "repo_exists",
            &[("repo_id", repo_id)],
            options_json,
            out_json,
        )
    }
}

/// Whether a revision exists: `*out_json` is `true` or `false`. Rust:
/// `Client::revision_exists`; Python: `HfApi.revision_exists`. Options: `repo_type`, `token`.
///
/// # Safety
/// As `hfhub_model_get`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_revision_exists(
    client: *const hfhub_client,
    repo_id: *const c_char,
    revision: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    let required = [("repo_id", repo_id), ("revision", revision)];
    // SAFETY: forwarded contract.
    unsafe { typed_call(client, "revision_exists", &required, options_json, out_json) }
}
