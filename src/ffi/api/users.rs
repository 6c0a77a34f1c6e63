//! Identity: `hfhub_user_whoami`.

use std::ffi::c_char;

use crate::ffi::call::typed_call;
use crate::ffi::client::hfhub_client;
use crate::ffi::status::hfhub_status;

/// Who the token belongs to, as the Hub's JSON object. Rust: `Client::whoami`;
/// Python: `HfApi.whoami`. A token is required: without one this fails with
/// `HFHUB_ERR_AUTH` before sending anything. Options: `token`.
///
/// # Safety
/// `client` is live; `options_json` is NULL or NUL-terminated; `out_json` is
/// writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_user_whoami(
    client: *const hfhub_client,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    // SAFETY: forwarded contract.
    unsafe { typed_call(client, "whoami", &[], options_json, out_json) }
}
