//! The C ABI: a thin translation layer over the Rust core.
//!
//! Conventions (the header repeats them on every function):
//! - every function returns an `hfhub_status`; details of a failure are in the
//!   thread-local last error (`hfhub_last_error_message`, `hfhub_last_error_json`),
//!   cleared on entry to every call;
//! - strings in are NUL-terminated UTF-8, borrowed for the call; strings out are
//!   library-allocated JSON, freed only with `hfhub_string_free`;
//! - out-parameters are required, set to NULL on entry and written on success only;
//! - handles are opaque, created by `*_new`, freed by `*_free` (NULL-safe);
//! - no panic crosses the boundary: it becomes `HFHUB_ERR_PANIC`.
#![allow(non_camel_case_types)] // C names: hfhub_client, hfhub_status, ...

pub mod api;
mod args;
mod boundary;
pub mod call;
pub mod call_options;
pub mod cancel;
pub mod client;
pub mod job;
mod last_error;
pub mod pager;
pub mod scheduler;
pub mod status;
pub mod string;

pub use last_error::{
    hfhub_last_error_clear, hfhub_last_error_code, hfhub_last_error_json, hfhub_last_error_message,
};

use std::ffi::c_char;

/// The ABI version: bumped on any incompatible change of the C interface.
pub const HFHUB_ABI_VERSION: u32 = 1;

/// The library version (`"0.1.0"`). Static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn hfhub_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The ABI version of the library linked at run time; compare it with the
/// `HFHUB_ABI_VERSION` of the header compiled against. Thread-safe.
#[no_mangle]
pub extern "C" fn hfhub_abi_version() -> u32 {
    HFHUB_ABI_VERSION
}

/// A no-op whose name carries the ABI version: bindings reference it so that
/// linking against a library of another ABI fails at link time.
#[no_mangle]
pub extern "C" fn hfhub_abi_v1() {}
