//! The client handle.

use std::ffi::c_char;

use super::args;
use super::boundary::boundary;
use super::status::hfhub_status;
use crate::{Client, ClientBuilder, ClientConfig, Error};

/// An opaque client. Thread-safe: every function taking a `const hfhub_client *`
/// may run concurrently on any threads; `hfhub_client_free` must not race them.
pub struct hfhub_client {
    pub(crate) client: Client,
}

/// Creates a client from a JSON configuration (NULL or `""` = the defaults,
/// without reading the environment). Keys, all optional: `from_env` (bool: start
/// from `HF_ENDPOINT`, `HF_TOKEN`, ... as `hfhub_client_new_from_env`),
/// `endpoint`, `inference_endpoints_url`, `token` (string, `true` = required,
/// `false` = never), `library_name`, `library_version`, `user_agent` (string or
/// object), `headers` (object), `connect_timeout`, `read_timeout`,
/// `request_timeout`, `etag_timeout`, `download_timeout` (seconds),
/// `max_retries`, `retry_base_wait`, `retry_max_wait`, `retry_max_total_wait`
/// (seconds), `proxy`, `no_proxy`, `ca_bundle`, `hf_home`, `cache_dir`,
/// `token_path`, `offline`, `disable_implicit_token`. Unknown keys are errors.
///
/// On success `*out_client` owns a client to free with `hfhub_client_free`; on
/// failure it is NULL and the last error says why (`HFHUB_ERR_INVALID_ARGUMENT`
/// for bad JSON or values, `HFHUB_ERR_IO` for an unreadable CA bundle).
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string; `out_client` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_client_new(
    config_json: *const c_char,
    out_client: *mut *mut hfhub_client,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_client", out_client)? };
        // SAFETY: the caller's contract.
        let cfg = match unsafe { args::json("config_json", config_json)? } {
            serde_json::Value::Null => ClientConfig::default(),
            v => serde_json::from_value(v)
                .map_err(|e| Error::invalid(format!("`config_json`: {e}")))?,
        };
        let client = ClientBuilder::from_config(&cfg)?.build()?;
        *out = Box::into_raw(Box::new(hfhub_client { client }));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Creates a client configured from the environment exactly as Python's
/// `huggingface_hub` is (`HF_ENDPOINT`, `HF_TOKEN`, `HF_HOME`, `HF_HUB_CACHE`,
/// `HF_HUB_OFFLINE`, ...). Ownership and errors as `hfhub_client_new`.
///
/// # Safety
/// `out_client` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_client_new_from_env(
    out_client: *mut *mut hfhub_client,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_client", out_client)? };
        let client = Client::from_env()?;
        *out = Box::into_raw(Box::new(hfhub_client { client }));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Frees a client. NULL is a no-op. Pagers made from the client stay usable.
///
/// # Safety
/// `client` is NULL or a client from `hfhub_client_new*`, not yet freed, and no
/// other call is using it.
#[no_mangle]
pub unsafe extern "C" fn hfhub_client_free(client: *mut hfhub_client) {
    if !client.is_null() {
        // SAFETY: created by `Box::into_raw` above (the contract).
        drop(unsafe { Box::from_raw(client) });
    }
}
