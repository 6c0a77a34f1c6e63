//! Commit schedulers: the `hfhub_commit_scheduler` handle.

use std::ffi::c_char;
use std::time::Duration;

use serde::Deserialize;

use super::args;
use super::boundary::boundary;
use super::client::hfhub_client;
use super::job::hfhub_job;
use super::status::hfhub_status;
use crate::api::scheduler::{CommitScheduler, CommitSchedulerOptions};
use crate::error::{Error, Result};
use crate::repo::RepoType;

/// An opaque commit scheduler: pushes a local folder to a repo at a fixed
/// interval. Thread-safe: `hfhub_commit_scheduler_trigger` and
/// `hfhub_commit_scheduler_stop` may run concurrently on any threads;
/// `hfhub_commit_scheduler_free` must not race them. Independent of the client it
/// came from (the client may be freed first).
pub struct hfhub_commit_scheduler {
    scheduler: CommitScheduler,
}

/// The keyword arguments of Python's `CommitScheduler`, as JSON.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct SchedulerOptionsJson {
    path_in_repo: Option<String>,
    repo_type: Option<RepoType>,
    revision: Option<String>,
    private: Option<bool>,
    token: Option<String>,
    allow_patterns: Option<OneOrMany>,
    ignore_patterns: Option<OneOrMany>,
    squash_history: Option<bool>,
}

/// A pattern list: one string or an array of strings, as in Python.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

impl SchedulerOptionsJson {
    fn parse(v: serde_json::Value) -> Result<CommitSchedulerOptions> {
        let o: SchedulerOptionsJson = match v {
            serde_json::Value::Null => SchedulerOptionsJson::default(),
            v => serde_json::from_value(v)
                .map_err(|e| Error::invalid(format!("`options_json`: {e}")))?,
        };
        Ok(CommitSchedulerOptions {
            path_in_repo: o.path_in_repo,
            repo_type: o.repo_type,
            revision: o.revision,
            private: o.private.unwrap_or(false),
            token: o.token,
            allow_patterns: o.allow_patterns.map(OneOrMany::into_vec),
            ignore_patterns: o.ignore_patterns.map(OneOrMany::into_vec),
            squash_history: o.squash_history.unwrap_or(false),
        })
    }
}

/// Creates a commit scheduler (Python `CommitScheduler(repo_id, folder_path,
/// every=...)`; Rust `CommitScheduler::new`). It creates the repo when missing
/// (`POST /api/repos/create`, an existing repo is fine) and `folder_path` when
/// missing, queues a first push at once, then one every `every_seconds` (a finite
/// number above 0; Python gives minutes, this takes seconds). A push commits the
/// files that changed since they were last pushed, in one commit titled
/// `Scheduled Commit`; pushes run on the client's background job queue, in order
/// with its other jobs (`hfhub_api_call_async`).
///
/// `options_json` (NULL = defaults) takes Python's keyword arguments:
/// `path_in_repo`, `repo_type` (`"model"`, `"dataset"`, `"space"`), `revision`,
/// `private`, `token`, `allow_patterns`, `ignore_patterns` (a string or an array
/// of strings) and `squash_history`. Unknown keys are errors.
///
/// On success `*out_scheduler` owns a scheduler to free with
/// `hfhub_commit_scheduler_free`; on failure it is NULL and the last error says
/// why: `HFHUB_ERR_INVALID_ARGUMENT` for NULL or bad arguments (a zero, negative
/// or non-finite `every_seconds`, a `folder_path` that is a file), `HFHUB_ERR_IO`
/// when the folder cannot be made, or the error of the repo creation.
///
/// # Safety
/// `client` is a live client; strings are NULL or NUL-terminated;
/// `out_scheduler` is writable. Thread-safe for concurrent calls on one client.
#[no_mangle]
pub unsafe extern "C" fn hfhub_commit_scheduler_new(
    client: *const hfhub_client,
    repo_id: *const c_char,
    folder_path: *const c_char,
    every_seconds: f64,
    options_json: *const c_char,
    out_scheduler: *mut *mut hfhub_commit_scheduler,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_scheduler", out_scheduler)? };
        let client = unsafe { args::handle("client", client)? };
        let repo_id = unsafe { args::required_str("repo_id", repo_id)? };
        let folder = unsafe { args::required_str("folder_path", folder_path)? };
        let options =
            SchedulerOptionsJson::parse(unsafe { args::json("options_json", options_json)? })?;
        let every = Duration::try_from_secs_f64(every_seconds)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "`every_seconds` must be a finite number above 0, got {every_seconds}"
                ))
            })?;
        let scheduler = CommitScheduler::new(&client.client, repo_id, folder, every, options)?;
        *out = Box::into_raw(Box::new(hfhub_commit_scheduler { scheduler }));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Queues a push now (Python `CommitScheduler.trigger`; Rust
/// `CommitScheduler::trigger`) and returns its job at once. `hfhub_job_wait` on
/// it gives the commit as a `CommitInfo` JSON object, or `null` when nothing
/// changed since the last push or the scheduler is stopped; or the push's error
/// (a failed push is retried by the next one). Requests: those of
/// `create_commit`, and `POST /api/{repo_type}s/{repo_id}/super-squash/{branch}`
/// with `squash_history`.
///
/// On success `*out_job` owns a job to free with `hfhub_job_free`; on failure
/// (NULL `scheduler` or `out_job`: `HFHUB_ERR_INVALID_ARGUMENT`) it is NULL.
///
/// # Safety
/// `scheduler` is a live scheduler; `out_job` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_commit_scheduler_trigger(
    scheduler: *const hfhub_commit_scheduler,
    out_job: *mut *mut hfhub_job,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_job", out_job)? };
        let s = unsafe { args::handle("scheduler", scheduler)? };
        *out = hfhub_job::into_raw(Box::new(s.scheduler.trigger()));
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Stops the scheduler after one last push of the changes not pushed yet (Python
/// `CommitScheduler.stop` followed by a final `push_to_hub`, as its context
/// manager does; Rust `CommitScheduler::stop`), waiting for that push, which runs
/// after the jobs already queued on the client. `*out_json` is the last push's
/// `CommitInfo` as JSON, or `null` when nothing changed or the scheduler was
/// already stopped (free it with `hfhub_string_free`). Later pushes (scheduled or
/// triggered) do nothing. On failure `*out_json` is NULL and the last error says
/// why (the push's error; NULL arguments are `HFHUB_ERR_INVALID_ARGUMENT`); the
/// scheduler is stopped all the same.
///
/// # Safety
/// `scheduler` is a live scheduler; `out_json` is writable. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn hfhub_commit_scheduler_stop(
    scheduler: *const hfhub_commit_scheduler,
    out_json: *mut *mut c_char,
) -> hfhub_status {
    boundary(|| {
        // SAFETY: the caller's contract, for each argument.
        let out = unsafe { args::out_ptr("out_json", out_json)? };
        let s = unsafe { args::handle("scheduler", scheduler)? };
        let info = s.scheduler.stop()?;
        let value = serde_json::to_value(info)
            .map_err(|e| Error::invalid(format!("the commit is not JSON: {e}")))?;
        *out = args::owned_json(&value)?;
        Ok(hfhub_status::HFHUB_OK)
    })
}

/// Frees a scheduler. NULL is a no-op. A scheduler not stopped is stopped without
/// a final push (call `hfhub_commit_scheduler_stop` first for one); a push already
/// queued or running finishes in the background. Never waits for a push.
///
/// # Safety
/// `scheduler` is NULL or a scheduler from this library, not yet freed, and no
/// other call is using it.
#[no_mangle]
pub unsafe extern "C" fn hfhub_commit_scheduler_free(scheduler: *mut hfhub_commit_scheduler) {
    if !scheduler.is_null() {
        // SAFETY: created by `Box::into_raw` (the contract).
        let s = unsafe { Box::from_raw(scheduler) };
        // Dropping joins the timer thread only, which never blocks on a push; a
        // panic must not cross into C.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(s)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_take_python_keywords_and_reject_unknown_ones() {
        let o = SchedulerOptionsJson::parse(serde_json::json!({
            "path_in_repo": "logs",
            "repo_type": "dataset",
            "private": true,
            "allow_patterns": "*.json",
            "ignore_patterns": ["*.tmp", "x/*"],
            "squash_history": true,
        }))
        .unwrap();
        assert_eq!(o.path_in_repo.as_deref(), Some("logs"));
        assert_eq!(o.repo_type, Some(RepoType::Dataset));
        assert!(o.private && o.squash_history);
        assert_eq!(o.allow_patterns, Some(vec!["*.json".to_string()]));
        assert_eq!(o.ignore_patterns.unwrap().len(), 2);
        assert_eq!(
            SchedulerOptionsJson::parse(serde_json::Value::Null).unwrap(),
            CommitSchedulerOptions::default()
        );
        for bad in [
            serde_json::json!({"every": 5}),
            serde_json::json!({"repo_type": "rocket"}),
            serde_json::json!([1]),
        ] {
            assert!(matches!(
                SchedulerOptionsJson::parse(bad),
                Err(Error::InvalidInput(_))
            ));
        }
    }
}
