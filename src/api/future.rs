//! Background jobs: [`Client::run_as_future`] (Python's `HfApi.run_as_future`).
//!
//! Each client owns one job queue, created on first use and shared by every clone of the
//! client (clones share one `Inner`, as in Python one `HfApi` object owns its executor).
//! Jobs run one at a time, in submission order, on a single background thread (Python's
//! `ThreadPoolExecutor(max_workers=1)`). A job receives a clone of the client; the thread
//! ends once every clone of the client has been dropped and no job is left, and dropping
//! the last clone on another thread waits for it to end (it has nothing left to run by
//! then: every queued job holds a clone).
//!
//! The shortcuts [`Client::create_commit_future`], [`Client::upload_file_future`] and
//! [`Client::upload_folder_future`] mirror Python's `run_as_future=True` argument of
//! `create_commit`, `upload_file` and `upload_folder`; any other operation goes through
//! `run_as_future` with a closure (`client.run_as_future(|c| c.whoami())`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle as ThreadHandle;
use std::time::{Duration, Instant};

use crate::api::upload::{CreateCommitOptions, UploadFileOptions, UploadFolderOptions};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::types::{AddSource, CommitInfo, CommitOperation};

type Job = Box<dyn FnOnce() + Send + 'static>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a client's job thread has ended.
#[derive(Debug, Default)]
struct WorkerStatus {
    exited: AtomicBool,
}

/// The per-client job queue (a field of the client's shared state), created lazily.
#[derive(Default)]
pub(crate) struct JobQueue {
    worker: Mutex<Option<Worker>>,
}

struct Worker {
    tx: mpsc::Sender<Job>,
    thread: ThreadHandle<()>,
    status: Arc<WorkerStatus>,
}

impl JobQueue {
    /// Queues a job, starting the thread on first use.
    fn submit(&self, job: Job) -> Result<Arc<WorkerStatus>> {
        let mut worker = lock(&self.worker);
        if worker.is_none() {
            let (tx, rx) = mpsc::channel::<Job>();
            let status = Arc::new(WorkerStatus::default());
            let st = Arc::clone(&status);
            let thread = std::thread::Builder::new()
                .name("hfhub-jobs".into())
                .spawn(move || {
                    while let Ok(job) = rx.recv() {
                        job();
                    }
                    st.exited.store(true, Ordering::SeqCst);
                })
                .map_err(|e| Error::io(PathBuf::from("<hfhub-jobs thread>"), e))?;
            *worker = Some(Worker { tx, thread, status });
        }
        let w = worker
            .as_ref()
            .ok_or_else(|| Error::invalid("internal: the job queue is missing"))?;
        w.tx.send(job)
            .map_err(|_| Error::invalid("the client's job thread has ended"))?;
        Ok(Arc::clone(&w.status))
    }
}

impl Drop for JobQueue {
    fn drop(&mut self) {
        let Some(worker) = lock(&self.worker).take() else {
            return;
        };
        // closing the channel ends the thread once the queue is empty
        drop(worker.tx);
        // the last clone may be dropped by a job, on the job thread itself: never join it there
        if worker.thread.thread().id() != std::thread::current().id() {
            let _ = worker.thread.join();
        }
    }
}

enum SlotState<T> {
    Pending,
    Done(Result<T>),
    Taken,
}

struct Slot<T> {
    state: Mutex<SlotState<T>>,
    cv: Condvar,
}

/// Completes a job's slot; a job dropped before running completes it with an error, so
/// a waiter never waits forever.
struct Completer<T>(Arc<Slot<T>>);

impl<T> Completer<T> {
    fn complete(&self, r: Result<T>) {
        let mut st = lock(&self.0.state);
        if matches!(*st, SlotState::Pending) {
            *st = SlotState::Done(r);
        }
        self.0.cv.notify_all();
    }
}

impl<T> Drop for Completer<T> {
    fn drop(&mut self) {
        self.complete(Err(Error::invalid(
            "the background job was dropped before it ran",
        )));
    }
}

/// The handle of a background job (Python's `Future`): wait for its result, with or
/// without a timeout, or poll whether it is done. Dropping the handle does not cancel the
/// job.
pub struct JobHandle<T> {
    slot: Arc<Slot<T>>,
    worker: Option<Arc<WorkerStatus>>,
}

impl<T> std::fmt::Debug for JobHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobHandle")
            .field("done", &self.is_done())
            .finish()
    }
}

impl<T> JobHandle<T> {
    /// Whether the job has finished (successfully or not), or its result was taken.
    pub fn is_done(&self) -> bool {
        !matches!(*lock(&self.slot.state), SlotState::Pending)
    }

    /// Waits for the job and returns its result. A job that panicked gives
    /// [`Error::Panicked`] naming the panic; the queue keeps running later jobs.
    pub fn wait(self) -> Result<T> {
        let mut st = lock(&self.slot.state);
        while matches!(*st, SlotState::Pending) {
            st = self.slot.cv.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        take(&mut st)
    }

    /// Waits at most `timeout`: `None` if the job is still queued or running (the handle
    /// stays usable), otherwise its result. The result is given once; later calls give
    /// [`Error::InvalidInput`].
    pub fn wait_timeout(&mut self, timeout: Duration) -> Option<Result<T>> {
        let deadline = Instant::now() + timeout;
        let mut st = lock(&self.slot.state);
        while matches!(*st, SlotState::Pending) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            st = self
                .slot
                .cv
                .wait_timeout(st, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Some(take(&mut st))
    }

    /// Whether the client's job thread has ended. It ends once every clone of the client
    /// is dropped and its queue is empty (a job that could not be queued has no thread:
    /// `true`).
    pub fn worker_exited(&self) -> bool {
        self.worker
            .as_ref()
            .is_none_or(|w| w.exited.load(Ordering::SeqCst))
    }
}

fn take<T>(st: &mut SlotState<T>) -> Result<T> {
    match std::mem::replace(st, SlotState::Taken) {
        SlotState::Done(r) => r,
        SlotState::Taken => Err(Error::invalid(
            "the result of this background job was already taken",
        )),
        SlotState::Pending => Err(Error::invalid("internal: the job is still pending")),
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".into()
    }
}

impl Client {
    /// Runs `job` in the background on this client's job thread and returns its handle
    /// (Python `run_as_future`). Jobs of one client (and of all its clones) run one at a
    /// time in submission order; `job` gets a clone of the client. A panicking job
    /// yields an error from [`JobHandle::wait`] and does not stop the queue. No request is
    /// made here; the job makes its own.
    pub fn run_as_future<T, F>(&self, job: F) -> JobHandle<T>
    where
        T: Send + 'static,
        F: FnOnce(&Client) -> Result<T> + Send + 'static,
    {
        let slot = Arc::new(Slot {
            state: Mutex::new(SlotState::Pending),
            cv: Condvar::new(),
        });
        let completer = Completer(Arc::clone(&slot));
        let client = self.clone();
        let boxed: Job = Box::new(move || {
            let r = catch_unwind(AssertUnwindSafe(|| job(&client)));
            // the client clone goes before the waiter wakes up, so a caller dropping its
            // last clone afterwards finds the queue idle
            drop(client);
            let r = r.unwrap_or_else(|p| Err(Error::Panicked(panic_message(p.as_ref()))));
            completer.complete(r);
        });
        match self.inner.jobs.submit(boxed) {
            Ok(status) => JobHandle {
                slot,
                worker: Some(status),
            },
            Err(e) => {
                // the job (and its completer) were dropped: report why instead
                *lock(&slot.state) = SlotState::Done(Err(e));
                JobHandle { slot, worker: None }
            }
        }
    }

    /// [`Client::create_commit`] in the background (Python `create_commit(...,
    /// run_as_future=True)`); same requests.
    pub fn create_commit_future(
        &self,
        repo_id: &str,
        operations: Vec<CommitOperation>,
        commit_message: &str,
        options: CreateCommitOptions,
    ) -> JobHandle<CommitInfo> {
        let (repo_id, message) = (repo_id.to_string(), commit_message.to_string());
        self.run_as_future(move |c| c.create_commit(&repo_id, &operations, &message, &options))
    }

    /// [`Client::upload_file`] in the background (Python `upload_file(...,
    /// run_as_future=True)`); same requests.
    pub fn upload_file_future(
        &self,
        repo_id: &str,
        path_or_fileobj: impl Into<AddSource>,
        path_in_repo: &str,
        options: UploadFileOptions,
    ) -> JobHandle<CommitInfo> {
        let (repo_id, path) = (repo_id.to_string(), path_in_repo.to_string());
        let source = path_or_fileobj.into();
        self.run_as_future(move |c| c.upload_file(&repo_id, source, &path, &options))
    }

    /// [`Client::upload_folder`] in the background (Python `upload_folder(...,
    /// run_as_future=True)`); same requests.
    pub fn upload_folder_future(
        &self,
        repo_id: &str,
        folder_path: impl Into<PathBuf>,
        options: UploadFolderOptions,
    ) -> JobHandle<CommitInfo> {
        let (repo_id, folder) = (repo_id.to_string(), folder_path.into());
        self.run_as_future(move |c| c.upload_folder(&repo_id, &folder, &options))
    }
}
