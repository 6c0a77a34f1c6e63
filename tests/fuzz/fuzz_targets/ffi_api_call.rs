//! The C ABI's generic entry points, `hfhub_api_call` and `hfhub_api_call_pager`,
//! with arbitrary operation names and arbitrary argument bytes (invalid UTF-8 and
//! malformed JSON included) on an offline client whose endpoint is a closed local
//! port and whose cache lives in a private temporary directory, so nothing
//! reaches the network and nothing outside that directory is written.
//!
//! Input: a flags byte (bit 0: method NULL, bit 1: args NULL, bit 2: pager
//! entry point, bit 3: the next byte picks a real operation of the dispatch
//! table, so every operation's argument decoding is reached), then
//! `method \0 args` (or, with bit 3, `index args`).
//! Properties: no panic (a panic caught at the boundary aborts under the
//! fuzzer's panic hook), no leak, and the status contract: `HFHUB_OK` exactly
//! when the out-pointer is set; on failure the last error names the same status.
#![no_main]

use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use hfhub::ffi::call::{hfhub_api_call, hfhub_api_call_pager};
use hfhub::ffi::client::{hfhub_client, hfhub_client_new};
use hfhub::ffi::pager::{hfhub_pager_free, hfhub_pager_next};
use hfhub::ffi::status::hfhub_status;
use hfhub::ffi::string::hfhub_string_free;
use hfhub::ffi::{hfhub_last_error_code, hfhub_last_error_json};

/// Arguments naming device or kernel files are skipped: an operation given such
/// a path (e.g. `upload_file` from `/dev/zero`) would read it before the offline
/// check and never finish, which is the caller's request, not a bug.
const UNSAFE_PATHS: [&[u8]; 3] = [b"/dev", b"/proc", b"/sys"];

struct Client(*mut hfhub_client);
// SAFETY: a client handle is thread-safe (the C ABI's contract).
unsafe impl Send for Client {}
// SAFETY: as above.
unsafe impl Sync for Client {}

fn client() -> *const hfhub_client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("hfhub-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("a private directory");
            // relative paths in arguments resolve inside the private directory
            std::env::set_current_dir(&dir).expect("enter the private directory");
            let config = serde_json::json!({
                "offline": true,
                "endpoint": "http://127.0.0.1:9",
                "inference_endpoints_url": "http://127.0.0.1:9/api",
                "token": false,
                "hf_home": dir.join("home"),
                "cache_dir": dir.join("hub"),
                "token_path": dir.join("token"),
                "max_retries": 0,
                "connect_timeout": 0.2,
                "read_timeout": 0.2,
                "request_timeout": 0.5,
            });
            let config = CString::new(config.to_string()).expect("no NUL");
            let mut out = ptr::null_mut();
            // SAFETY: a valid string and out-pointer.
            let status = unsafe { hfhub_client_new(config.as_ptr(), &mut out) };
            assert_eq!(status, hfhub_status::HFHUB_OK);
            Client(out)
        })
        .0
}

fn check_failure(status: hfhub_status) {
    assert_ne!(status, hfhub_status::HFHUB_OK);
    assert_ne!(status, hfhub_status::HFHUB_DONE);
    assert_eq!(
        hfhub_last_error_code(),
        status,
        "the last error names the status"
    );
    // SAFETY: never NULL, NUL-terminated, valid until the next call.
    let details = unsafe { CStr::from_ptr(hfhub_last_error_json()) };
    let details: serde_json::Value =
        serde_json::from_slice(details.to_bytes()).expect("the details are JSON");
    assert!(details.is_object());
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if UNSAFE_PATHS
        .iter()
        .any(|p| rest.windows(p.len()).any(|w| w == *p))
    {
        return;
    }
    let (method, args) = match rest.split_first() {
        Some((&index, args)) if flags & 8 != 0 => {
            let ops = hfhub::dispatch::OPERATIONS;
            (ops[index as usize % ops.len()].name.as_bytes(), args)
        }
        _ => {
            let mut parts = rest.splitn(2, |b| *b == 0);
            (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            )
        }
    };
    let args = args.split(|b| *b == 0).next().unwrap_or_default();
    let method = CString::new(method).expect("no NUL in an operation name");
    let args = CString::new(args).expect("cut at the first NUL");
    let method_ptr = if flags & 1 != 0 {
        ptr::null()
    } else {
        method.as_ptr()
    };
    let args_ptr = if flags & 2 != 0 {
        ptr::null()
    } else {
        args.as_ptr()
    };
    let client = client();

    if flags & 4 == 0 {
        let mut out = ptr::null_mut();
        // SAFETY: a live client, NULL or NUL-terminated strings, a writable out-pointer.
        let status = unsafe { hfhub_api_call(client, method_ptr, args_ptr, ptr::null(), &mut out) };
        if status == hfhub_status::HFHUB_OK {
            assert!(!out.is_null());
            // SAFETY: a string from the library.
            let text = unsafe { CStr::from_ptr(out) };
            serde_json::from_slice::<serde_json::Value>(text.to_bytes()).expect("JSON out");
            // SAFETY: owned by us now.
            unsafe { hfhub_string_free(out) };
        } else {
            assert!(out.is_null());
            check_failure(status);
        }
    } else {
        let mut pager = ptr::null_mut();
        // SAFETY: as above.
        let status = unsafe { hfhub_api_call_pager(client, method_ptr, args_ptr, &mut pager) };
        if status != hfhub_status::HFHUB_OK {
            assert!(pager.is_null());
            check_failure(status);
            return;
        }
        assert!(!pager.is_null());
        // a few steps: offline, the first page request fails without any I/O
        for _ in 0..4 {
            let mut item = ptr::null_mut();
            // SAFETY: a live pager used by this thread only.
            let status = unsafe { hfhub_pager_next(pager, &mut item) };
            match status {
                hfhub_status::HFHUB_OK => {
                    assert!(!item.is_null());
                    // SAFETY: a string from the library.
                    unsafe { hfhub_string_free(item) };
                }
                hfhub_status::HFHUB_DONE => {
                    assert!(item.is_null());
                    break;
                }
                other => {
                    assert!(item.is_null());
                    check_failure(other);
                }
            }
        }
        // SAFETY: from hfhub_api_call_pager, freed once.
        unsafe { hfhub_pager_free(pager) };
    }
});
