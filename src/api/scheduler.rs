//! [`CommitScheduler`]: pushes a local folder to a repo at a fixed interval (Python's
//! `huggingface_hub.CommitScheduler`).
//!
//! The constructor creates the repo (`exist_ok`) and the folder, queues a first push at
//! once, then starts a timer thread that queues one every `every`. Each push runs through
//! [`Client::run_as_future`], so pushes are serialised with every other background job of
//! the client. A push lists the folder (the walk and the allow/ignore patterns of
//! [`Client::upload_folder`], `.git/` and `.cache/huggingface/` always ignored), keeps the
//! files whose size or modification time changed since they were last pushed (or that were
//! never pushed), and commits them in one commit titled `Scheduled Commit`. Each file is
//! uploaded as it was when listed: its content is read once, capped at the size seen then,
//! so data appended during a push waits for the next one. The record of pushed files is
//! updated only after a successful commit (a failed push is retried by the next one).
//! Files deleted locally are never deleted in the repo. With `squash_history`, the branch
//! is super-squashed after every push that made a commit.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle as ThreadHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::api::future::JobHandle;
use crate::api::refs::SuperSquashHistoryOptions;
use crate::api::repos::CreateRepoOptions;
use crate::api::upload::{walk, CreateCommitOptions, DEFAULT_IGNORE_PATTERNS};
use crate::cache::patterns::filter_paths;
use crate::client::Client;
use crate::config::TokenPolicy;
use crate::error::{Error, Result};
use crate::repo::RepoType;
use crate::types::{CommitInfo, CommitOperation, CommitOperationAdd};

/// The commit message of every scheduled push.
pub const SCHEDULED_COMMIT_MESSAGE: &str = "Scheduled Commit";

/// Options of [`CommitScheduler::new`] (Python's keyword arguments; `hf_api` is the
/// client passed to `new`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitSchedulerOptions {
    /// Folder of the repo to push into (the root by default).
    pub path_in_repo: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// The branch to push to (`main` by default).
    pub revision: Option<String>,
    /// Create the repo private (ignored when it exists).
    pub private: bool,
    /// Token for every request of the scheduler (the client's policy by default).
    pub token: Option<String>,
    /// Only local files matching one of these (Python `fnmatch`, relative paths).
    pub allow_patterns: Option<Vec<String>>,
    /// No local file matching one of these (`.git/` and `.cache/huggingface/` always).
    pub ignore_patterns: Option<Vec<String>>,
    /// Super-squash the branch after every push that made a commit.
    pub squash_history: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// State shared by the scheduler, its timer thread and its queued pushes.
struct Shared {
    client: Client,
    repo_id: String,
    folder: PathBuf,
    prefix: String,
    repo_type: Option<RepoType>,
    revision: Option<String>,
    allow: Option<Vec<String>>,
    ignore: Vec<String>,
    squash_history: bool,
    /// Local path → (size, modification time) when last pushed.
    last_uploaded: Mutex<HashMap<PathBuf, (u64, SystemTime)>>,
    /// Set by `stop`: later scheduled pushes do nothing and the timer ends.
    stopped: Mutex<bool>,
    wake: Condvar,
}

/// Pushes a local folder to a repo every `every` (see the [module docs](self)).
///
/// ```no_run
/// use std::time::Duration;
/// use hfhub::api::scheduler::{CommitScheduler, CommitSchedulerOptions};
///
/// let client = hfhub::Client::from_env()?;
/// let scheduler = CommitScheduler::new(
///     &client,
///     "alice/training-logs",
///     "logs",
///     Duration::from_secs(300),
///     CommitSchedulerOptions { repo_type: Some(hfhub::RepoType::Dataset), ..Default::default() },
/// )?;
/// // ... write into logs/ ...
/// scheduler.stop()?; // one last push, then no more
/// # Ok::<(), hfhub::Error>(())
/// ```
pub struct CommitScheduler {
    shared: Arc<Shared>,
    every: Duration,
    timer: Mutex<Option<ThreadHandle<()>>>,
    /// Set once `stop` has made its final push.
    final_push_done: Mutex<bool>,
}

impl std::fmt::Debug for CommitScheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommitScheduler")
            .field("repo_id", &self.shared.repo_id)
            .field("folder", &self.shared.folder)
            .field("every", &self.every)
            .field("stopped", &*lock(&self.shared.stopped))
            .finish_non_exhaustive()
    }
}

impl CommitScheduler {
    /// Creates the repo if needed (`POST /api/repos/create`, an existing repo is fine),
    /// creates `folder_path` if missing, and starts pushing it every `every` (the first
    /// push is queued at once, before any [`CommitScheduler::trigger`]). Fails on a zero `every`, or a `folder_path` that is a
    /// file.
    pub fn new(
        client: &Client,
        repo_id: &str,
        folder_path: impl AsRef<Path>,
        every: Duration,
        options: CommitSchedulerOptions,
    ) -> Result<CommitScheduler> {
        if every.is_zero() {
            return Err(Error::invalid("'every' must be a positive duration"));
        }
        let folder = folder_path.as_ref();
        if folder.is_file() {
            return Err(Error::invalid(format!(
                "'folder_path' must be a directory, not a file: '{}'",
                folder.display()
            )));
        }
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let folder = folder.canonicalize().map_err(|e| Error::io(folder, e))?;
        let client = match &options.token {
            Some(t) => client.with_token(TokenPolicy::Value(t.clone())),
            None => client.clone(),
        };
        let repo = client.create_repo(
            repo_id,
            &CreateRepoOptions {
                private: options.private,
                repo_type: options.repo_type,
                exist_ok: true,
                ..Default::default()
            },
        )?;
        let mut ignore = options.ignore_patterns.clone().unwrap_or_default();
        ignore.extend(DEFAULT_IGNORE_PATTERNS.iter().map(|s| s.to_string()));
        let prefix = match options.path_in_repo.as_deref().map(|p| p.trim_matches('/')) {
            None | Some("") => String::new(),
            Some(p) => format!("{p}/"),
        };
        let shared = Arc::new(Shared {
            client,
            repo_id: repo.repo_id,
            folder,
            prefix,
            repo_type: options.repo_type,
            revision: options.revision,
            allow: options.allow_patterns,
            ignore,
            squash_history: options.squash_history,
            last_uploaded: Mutex::new(HashMap::new()),
            stopped: Mutex::new(false),
            wake: Condvar::new(),
        });
        schedule_push(&shared);
        let timer_shared = Arc::clone(&shared);
        let timer = std::thread::Builder::new()
            .name("hfhub-scheduler".into())
            .spawn(move || run_timer(&timer_shared, every))
            .map_err(|e| Error::io(PathBuf::from("<hfhub-scheduler thread>"), e))?;
        Ok(CommitScheduler {
            shared,
            every,
            timer: Mutex::new(Some(timer)),
            final_push_done: Mutex::new(false),
        })
    }

    /// The repo pushed to (as the Hub named it on creation).
    pub fn repo_id(&self) -> &str {
        &self.shared.repo_id
    }

    /// The local folder pushed (absolute).
    pub fn folder_path(&self) -> &Path {
        &self.shared.folder
    }

    /// Triggers a push now, queued on the client's job thread (Python `trigger`). The
    /// handle gives the commit, `None` when nothing changed or the scheduler is stopped.
    /// Requests: those of [`Client::create_commit`] (and
    /// `POST /api/{T}/{repo_id}/super-squash/{branch}` with `squash_history`).
    pub fn trigger(&self) -> JobHandle<Option<CommitInfo>> {
        let shared = Arc::clone(&self.shared);
        self.shared.client.run_as_future(move |_| {
            if *lock(&shared.stopped) {
                return Ok(None);
            }
            shared.push()
        })
    }

    /// Stops the scheduler after one last push of the changes not pushed yet, and
    /// returns that push's commit (`None` when nothing changed). Pushes still queued
    /// become no-ops and the timer thread ends. Calling `stop` again does nothing and
    /// returns `Ok(None)`. Requests: those of [`CommitScheduler::trigger`].
    pub fn stop(&self) -> Result<Option<CommitInfo>> {
        let mut done = lock(&self.final_push_done);
        if *done {
            return Ok(None);
        }
        self.halt_timer();
        *done = true;
        let shared = Arc::clone(&self.shared);
        self.shared
            .client
            .run_as_future(move |_| shared.push())
            .wait()
    }

    /// Whether [`CommitScheduler::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        *lock(&self.shared.stopped)
    }

    /// Marks the scheduler stopped and joins the timer thread (it only waits on a
    /// condition variable and queues jobs, so this returns promptly).
    fn halt_timer(&self) {
        *lock(&self.shared.stopped) = true;
        self.shared.wake.notify_all();
        if let Some(t) = lock(&self.timer).take() {
            let _ = t.join();
        }
    }
}

/// Dropping a scheduler stops its timer without a final push (call
/// [`CommitScheduler::stop`] for that); a push already running finishes in the background.
impl Drop for CommitScheduler {
    fn drop(&mut self) {
        self.halt_timer();
    }
}

/// Queues a scheduled push (a no-op once stopped); its handle is dropped: the push runs
/// anyway and a failure is retried by the next one.
fn schedule_push(shared: &Arc<Shared>) {
    let s = Arc::clone(shared);
    drop(shared.client.run_as_future(move |_| {
        if *lock(&s.stopped) {
            return Ok(None);
        }
        s.push()
    }));
}

/// The timer thread: a push every `every` until stopped (the first one is queued by
/// `new`, so it precedes any `trigger`).
fn run_timer(shared: &Arc<Shared>, every: Duration) {
    loop {
        let deadline = Instant::now() + every;
        let mut stopped = lock(&shared.stopped);
        loop {
            if *stopped {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            stopped = shared
                .wake
                .wait_timeout(stopped, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        drop(stopped);
        schedule_push(shared);
    }
}

/// A file selected for a push.
struct ToUpload {
    local: PathBuf,
    path_in_repo: String,
    size: u64,
    mtime: SystemTime,
    file: std::fs::File,
}

impl Shared {
    /// One push: the changed files in one `Scheduled Commit`, then the squash.
    fn push(&self) -> Result<Option<CommitInfo>> {
        let mut files = Vec::new();
        walk(&self.folder, "", &mut files)?;
        files.sort();
        let kept = filter_paths(
            files.iter().map(String::as_str),
            self.allow.as_deref(),
            Some(&self.ignore),
        );
        let mut todo = Vec::new();
        {
            let last = lock(&self.last_uploaded);
            for rel in kept {
                let local = self.folder.join(&rel);
                // the open handle pins what is read, even if the file is replaced meanwhile
                let file = match std::fs::File::open(&local) {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(Error::io(local, e)),
                };
                let meta = file.metadata().map_err(|e| Error::io(&local, e))?;
                let mtime = meta.modified().map_err(|e| Error::io(&local, e))?;
                if last.get(&local) == Some(&(meta.len(), mtime)) {
                    continue;
                }
                todo.push(ToUpload {
                    path_in_repo: format!("{}{rel}", self.prefix),
                    local,
                    size: meta.len(),
                    mtime,
                    file,
                });
            }
        }
        if todo.is_empty() {
            return Ok(None);
        }
        let mut operations = Vec::with_capacity(todo.len());
        let mut done = Vec::with_capacity(todo.len());
        for f in todo {
            // capped at the size listed: later appends wait for the next push
            let reader = f.file.take(f.size);
            operations.push(CommitOperation::Add(CommitOperationAdd::from_reader(
                &f.path_in_repo,
                reader,
                f.size,
            )?));
            done.push((f.local, (f.size, f.mtime)));
        }
        let info = self.client.create_commit(
            &self.repo_id,
            &operations,
            SCHEDULED_COMMIT_MESSAGE,
            &CreateCommitOptions {
                repo_type: self.repo_type,
                revision: self.revision.clone(),
                ..Default::default()
            },
        )?;
        lock(&self.last_uploaded).extend(done);
        if self.squash_history {
            self.client.super_squash_history(
                &self.repo_id,
                &SuperSquashHistoryOptions {
                    branch: self.revision.clone(),
                    repo_type: self.repo_type,
                    ..Default::default()
                },
            )?;
        }
        Ok(Some(info))
    }
}
