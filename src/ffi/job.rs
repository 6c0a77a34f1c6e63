//! Background jobs: `hfhub_api_call_async` and the `hfhub_job` handle.

use std::ffi::c_char;
use std::time::Duration;

use serde::Serialize;

use super::args;
use super::boundary::boundary;
use super::client::hfhub_client;
use super::last_error;
use super::status::hfhub_status;
use crate::api::future::JobHandle;
use crate::dispatch;
use crate::error::{Error, Result};

/// A queued job whose result becomes JSON, whatever its Rust type.
pub(crate) trait PendingJob: Send {
    /// Whether the job has finished.
    fn is_done(&self) -> bool;
    /// Waits at most `timeout`; `None` while the job is queued or running.
    fn wait_json(&mut self, timeout: Duration) -> Option<Result<serde_json::Value>>;
}

impl<T: Serialize + Send + 'static> PendingJob for JobHandle<T> {
    fn is_done(&self) -> bool {
        JobHandle::is_done(self)
    }

    fn wait_json(&mut self, timeout: Duration) -> Option<Result<serde_json::Value>> {
        self.wait_timeout(timeout).map(|r| {
            r.and_then(|v| {
                serde_json::to_value(v)
                    .map_err(|e| Error::invalid(format!("the job's result is not JSON: {e}")))
            })
        })
    }
}

/// An opaque background job. Use from one thread at a time (it may move between
/// threads); independent of the client it came from (the client may be freed first).
pub struct hfhub_job {
    pending: Box<dyn PendingJob>,
    /// The result once the job finished, kept so that every wait returns it.
    result: Option<Result<serde_json::Value>>,
}

impl hfhub_job {
    /// A handle owned by C.
    pub(crate) fn into_raw(pending: Box<dyn PendingJob>) -> *mut hfhub_job {
        Box::into_raw(Box::new(hfhub_job {
            pending,
            result: None,
        }))
    }
}

/// The longest single wait: a forever wait loops over waits of this length.
const WAIT_SLICE: Duration = Duration::from_secs(3600);

/// Queues any operation of `hfhub_api_call` (by its Python `HfApi` name, with its
/// Python keyword arguments as a JSON object, NULL = none) on the client's
/// background job queue, as Python's `run_as_future=True` (Rust:
/// `hfhub::dispatch::call_as_future` over `Client::run_as_future`), and returns
/// at once. Jobs of one client run one at a time, in submission order, on one
/// background thread shared with the client's commit schedulers; no request is
/// made by this call. The arguments are copied: `method` and `args_json` may be
/// freed when it returns. Progress callbacks and cancel tokens do not apply to
/// jobs (callbacks are only ever called on the caller's thread).
///
/// On success `*out_job` owns a job to free with `hfhub_job_free`; on failure it
/// is NULL. Errors here: NULL `client`, `method` or `out_job`, bad UTF-8 or
/// malformed `args_json`, and an unknown operation (`HFHUB_ERR_INVALID_ARGUMENT`,
/// nothing queued). Every other failure (unknown or bad keyword arguments, HTTP,
/// I/O) is reported by `hfhub_job_wait`.
///
/// # Safety
/// `client` is a live client; `method` and `args_json` are NULL or NUL-terminated;
/// `out_job` is writable. Thread-safe for concurrent calls on one client.
#[no_mangle]
pub unsafe extern "C" fn hfhub_api_call_async(
    client: *const hfhub_client,
    method: *const c_char,
    args_json: *const c_char,
    out_job: *mut *mut hfhub_job,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_job", out_job)? };
        let client = unsafe { args::handle("client", client)? };
        let method = unsafe { args::required_str("method", method)? };
        let args = unsafe { args::json("args_json", args_json)? };
        let job = dispatch::call_as_future(&client.client, method, args)?;
        *out = hfhub_job::into_raw(Box::new(job));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Waits for a job at most `timeout_ms` milliseconds (`-1` = until it finishes,
/// `0` = just look) and gives its result. Rust: `JobHandle::wait_timeout`.
///
/// - `HFHUB_OK`: the job succeeded; `*out_json` is its result as JSON (free with
///   `hfhub_string_free`), what `hfhub_api_call` would have returned.
/// - `HFHUB_PENDING`: the time ran out while the job is queued or running;
///   `*out_json` is NULL and the last error is clear. The job goes on; wait again.
/// - any error status: the job failed; `*out_json` is NULL and the last error says
///   why, as `hfhub_api_call` would have (e.g. `HFHUB_ERR_NOT_FOUND` with the HTTP
///   details).
///
/// The result is kept by the job: once finished, every later wait returns it again
/// at once (a fresh copy of the JSON, or the same error). A NULL `job` or
/// `out_json`, or a `timeout_ms` below `-1`, is `HFHUB_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `job` is a live job used by no other thread now; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_job_wait(
    job: *mut hfhub_job,
    timeout_ms: i64,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { args::out_ptr("out_json", out_json)? };
        // SAFETY: the caller's contract (exclusive use for the call).
        let job = unsafe { job.as_mut() }.ok_or_else(|| Error::invalid("`job` is NULL"))?;
        let timeout = match timeout_ms {
            -1 => None,
            ms if ms < -1 => {
                return Err(Error::invalid(format!(
                    "`timeout_ms` must be -1 (forever) or at least 0, got {ms}"
                )))
            }
            ms => Some(Duration::from_millis(ms.unsigned_abs())),
        };
        if job.result.is_none() {
            job.result = match timeout {
                Some(t) => job.pending.wait_json(t),
                None => loop {
                    if let Some(r) = job.pending.wait_json(WAIT_SLICE) {
                        break Some(r);
                    }
                },
            };
        }
        match &job.result {
            None => Ok(hfhub_status::HFHUB_PENDING),
            Some(Ok(value)) => {
                *out = args::owned_json(value)?;
                Ok(hfhub_status::HFHUB_OK)
            }
            Some(Err(err)) => Ok(last_error::record(err)),
        }
    })
}

/// Whether a job has finished (successfully or not) into `*out_done`, without
/// waiting. Rust: `JobHandle::is_done`. A NULL `job` or `out_done` is
/// `HFHUB_ERR_INVALID_ARGUMENT` (`*out_done` is then false when writable).
///
/// # Safety
/// `job` is a live job used by no other thread now; `out_done` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn hfhub_job_is_done(
    job: *const hfhub_job,
    out_done: *mut bool,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract.
        let out =
            unsafe { out_done.as_mut() }.ok_or_else(|| Error::invalid("`out_done` is NULL"))?;
        *out = false;
        // SAFETY: the caller's contract.
        let job = unsafe { args::handle("job", job)? };
        *out = job.result.is_some() || job.pending.is_done();
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Frees a job. NULL is a no-op. Freeing a job that has not finished detaches it:
/// it still runs (in its turn) and its result is dropped. Never waits.
///
/// # Safety
/// `job` is NULL or a job from this library, not yet freed, not in use.
#[no_mangle]
pub unsafe extern "C" fn hfhub_job_free(job: *mut hfhub_job) {
    if !job.is_null() {
        // SAFETY: created by `Box::into_raw` (the contract).
        drop(unsafe { Box::from_raw(job) });
    }
}
