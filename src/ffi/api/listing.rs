//! Listings: `hfhub_model_list`, `hfhub_dataset_list`, `hfhub_space_list`.

use std::ffi::c_char;

use crate::ffi::call::typed_pager;
use crate::ffi::client::hfhub_client;
use crate::ffi::pager::hfhub_pager;
use crate::ffi::status::hfhub_status;

/// Models on the Hub, paged lazily (`ModelInfo` objects). Rust:
/// `Client::list_models`; Python: `HfApi.list_models`, with every keyword
/// argument of its (`filter`, `author`, `search`, `sort`, `direction`, `limit`,
/// `full`, `cardData`, `fetch_config`, ...) in `options_json` (NULL = none).
///
/// On success `*out_pager` is freed with `hfhub_pager_free`; nothing is sent
/// before the first `hfhub_pager_next`.
///
/// # Safety
/// `client` is live; `options_json` is NULL or NUL-terminated; `out_pager` is
/// writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_model_list(
    client: *const hfhub_client,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe { typed_pager(client, "list_models", &[], options_json, out_pager) }
}

/// Datasets on the Hub, paged lazily (`DatasetInfo` objects). Rust:
/// `Client::list_datasets`; Python: `HfApi.list_datasets`.
///
/// # Safety
/// As `hfhub_model_list`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_dataset_list(
    client: *const hfhub_client,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe { typed_pager(client, "list_datasets", &[], options_json, out_pager) }
}

/// Spaces on the Hub, paged lazily (`SpaceInfo` objects). Rust:
/// `Client::list_spaces`; Python: `HfApi.list_spaces`.
///
/// # Safety
/// As `hfhub_model_list`.
#[no_mangle]
pub unsafe extern "C" fn hfhub_space_list(
    client: *const hfhub_client,
    options_json: *const c_char,
    out_pager: *mut *mut hfhub_pager,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe { typed_pager(client, "list_spaces", &[], options_json, out_pager) }
}
