//! The panic boundary every export runs inside.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::last_error;
use super::status::hfhub_status;
use crate::error::Result;

/// Runs an export's body: clears the last error, maps an error to its status
/// (recording it), and turns a panic into `HFHUB_ERR_PANIC` instead of letting
/// it unwind into C.
pub(crate) fn boundary(body: impl FnOnce() -> Result<hfhub_status>) -> hfhub_status {
    last_error::clear();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(status)) => status,
        Ok(Err(err)) => last_error::record(&err),
        Err(payload) => last_error::record_panic(payload.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last_message() -> String {
        unsafe { CStr::from_ptr(last_error::hfhub_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn panics_become_a_status_and_the_message_is_kept() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let status = boundary(|| panic!("boom {}", 42));
        std::panic::set_hook(prev);
        assert_eq!(status, hfhub_status::HFHUB_ERR_PANIC);
        assert_eq!(
            last_error::hfhub_last_error_code(),
            hfhub_status::HFHUB_ERR_PANIC
        );
        assert!(last_message().contains("boom 42"), "{}", last_message());
        // The next call clears it.
        assert_eq!(
            boundary(|| Ok(hfhub_status::HFHUB_OK)),
            hfhub_status::HFHUB_OK
        );
        assert_eq!(last_message(), "");
        assert_eq!(last_error::hfhub_last_error_code(), hfhub_status::HFHUB_OK);
    }

    #[test]
    fn errors_are_recorded_with_details() {
        let status = boundary(|| Err(crate::Error::invalid("bad\nthing")));
        assert_eq!(status, hfhub_status::HFHUB_ERR_INVALID_ARGUMENT);
        assert_eq!(last_message(), "invalid input: bad thing");
        let details = unsafe { CStr::from_ptr(last_error::hfhub_last_error_json()) };
        let v: serde_json::Value = serde_json::from_str(details.to_str().unwrap()).unwrap();
        assert_eq!(v["kind"], "InvalidInput");
        assert_eq!(v["status"], "HFHUB_ERR_INVALID_ARGUMENT");
    }
}
