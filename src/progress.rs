//! Progress events and sinks, and [`Hooks`]: what a long operation reports and
//! how it can be stopped.
//!
//! Events are delivered **synchronously on the calling thread, never
//! concurrently, never after the call returns**, even when the work runs on a
//! pool of threads (`snapshot_download`, parallel byte ranges): workers send
//! their byte counts to the calling thread, which aggregates them and calls the
//! sink. A sink therefore needs neither `Send` nor locking.
//!
//! ```no_run
//! use hfhub::{CancelToken, Hooks, ProgressEvent};
//!
//! let client = hfhub::Client::from_env()?;
//! let cancel = CancelToken::new();
//! let mut bar = |e: &ProgressEvent| eprintln!("{} {}/{:?}", e.path, e.bytes_done, e.bytes_total);
//! let path = client.hf_hub_download_with(
//!     "openai-community/gpt2",
//!     "config.json",
//!     &Default::default(),
//!     &mut Hooks::new().progress(&mut bar).cancel(&cancel),
//! )?;
//! # Ok::<(), hfhub::Error>(())
//! ```

use std::fmt;
use std::sync::mpsc;

use serde::Serialize;

use crate::cancel::CancelToken;
use crate::error::Result;

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProgressKind {
    /// A transfer started (`bytes_total` is the file size when known).
    Started,
    /// Bytes arrived. `bytes_done` may go back to 0 when a server ignored a
    /// range request and the file is fetched again from the start.
    Progress,
    /// The file is complete and verified.
    Finished,
}

/// One progress event: the file it is about and the totals of the operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressEvent {
    /// What happened.
    pub kind: ProgressKind,
    /// Path of the file in the repository.
    pub path: String,
    /// Index of the file among the files transferred by this operation (0-based).
    pub file_index: usize,
    /// Number of files this operation transfers (files already cached are not counted).
    pub file_count: usize,
    /// Bytes of this file received and kept so far.
    pub bytes_done: u64,
    /// Size of this file, when known.
    pub bytes_total: Option<u64>,
    /// Bytes received and kept so far, over every file of the operation.
    pub total_done: u64,
    /// Bytes to transfer over every file of the operation, when known.
    pub total_bytes: Option<u64>,
}

/// Receives progress events (on the calling thread; see the module docs).
///
/// Any `FnMut(&ProgressEvent)` closure is a sink. To stop an operation from a
/// sink, cancel the operation's [`CancelToken`].
pub trait ProgressSink {
    /// Called for each event.
    fn on_progress(&mut self, event: &ProgressEvent);
}

impl<F: FnMut(&ProgressEvent)> ProgressSink for F {
    fn on_progress(&mut self, event: &ProgressEvent) {
        self(event)
    }
}

/// Run-time hooks of one call that cannot travel as JSON options: a progress
/// sink and a cancel token. `Hooks::new()` (or `Default`) means neither.
#[derive(Default)]
pub struct Hooks<'a> {
    progress: Option<&'a mut dyn ProgressSink>,
    cancel: CancelToken,
}

impl fmt::Debug for Hooks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel)
            .finish()
    }
}

impl<'a> Hooks<'a> {
    /// No sink, no cancellation.
    pub fn new() -> Self {
        Hooks::default()
    }

    /// Sends progress events to `sink`.
    pub fn progress(mut self, sink: &'a mut dyn ProgressSink) -> Self {
        self.progress = Some(sink);
        self
    }

    /// Stops the operation (with [`crate::Error::Cancelled`]) once `token` is cancelled.
    pub fn cancel(mut self, token: &CancelToken) -> Self {
        self.cancel = token.clone();
        self
    }

    /// The cancel token of the call.
    pub fn cancel_token(&self) -> &CancelToken {
        &self.cancel
    }

    /// Runs `work` with a reporter; events are dispatched to the sink on this
    /// thread while `work` runs on a scoped thread (only when there is a sink).
    pub(crate) fn run<T: Send>(
        &mut self,
        file_count: usize,
        total_bytes: Option<u64>,
        work: impl FnOnce(Reporter) -> Result<T> + Send,
    ) -> Result<T> {
        let Some(sink) = self.progress.as_deref_mut() else {
            return work(Reporter { tx: None });
        };
        let (tx, rx) = mpsc::channel();
        std::thread::scope(|s| {
            let handle = s.spawn(move || work(Reporter { tx: Some(tx) }));
            let mut d = Dispatcher::new(file_count, total_bytes);
            // Ends when every reporter is dropped, i.e. when the work is over.
            for msg in rx {
                if let Msg::Barrier(ack) = msg {
                    let _ = ack.send(());
                    continue;
                }
                if let Some(event) = d.apply(msg) {
                    sink.on_progress(&event);
                }
            }
            match handle.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

/// What workers report; turned into [`ProgressEvent`]s on the calling thread.
#[derive(Debug)]
pub(crate) enum Msg {
    Start {
        file: usize,
        path: String,
        size: Option<u64>,
    },
    Bytes {
        file: usize,
        n: u64,
    },
    Reset {
        file: usize,
    },
    Finish {
        file: usize,
    },
    /// Acknowledged once every earlier message went through the sink.
    Barrier(mpsc::Sender<()>),
}

/// A cheap, cloneable, `Send` handle to report progress (a no-op without a sink).
#[derive(Debug, Clone)]
pub(crate) struct Reporter {
    tx: Option<mpsc::Sender<Msg>>,
}

impl Reporter {
    /// A reporter that reports nothing.
    #[allow(dead_code)]
    pub(crate) fn none() -> Self {
        Reporter { tx: None }
    }

    pub(crate) fn send(&self, msg: Msg) {
        if let Some(tx) = &self.tx {
            // The receiver lives until every reporter is gone.
            let _ = tx.send(msg);
        }
    }

    /// Waits until the sink has seen every event sent so far, so that a sink
    /// which cancels on one of them is heard before the work commits its result
    /// (the sink runs on the caller's thread, behind the work).
    pub(crate) fn barrier(&self) {
        if let Some(tx) = &self.tx {
            let (ack_tx, ack_rx) = mpsc::channel();
            if tx.send(Msg::Barrier(ack_tx)).is_ok() {
                let _ = ack_rx.recv();
            }
        }
    }
}

struct FileState {
    path: String,
    done: u64,
    total: Option<u64>,
}

struct Dispatcher {
    files: Vec<Option<FileState>>,
    file_count: usize,
    total_done: u64,
    total_bytes: Option<u64>,
    total_fixed: bool,
}

impl Dispatcher {
    fn new(file_count: usize, total_bytes: Option<u64>) -> Self {
        Dispatcher {
            files: Vec::new(),
            file_count,
            total_done: 0,
            total_bytes,
            total_fixed: total_bytes.is_some(),
        }
    }

    fn apply(&mut self, msg: Msg) -> Option<ProgressEvent> {
        let (file, kind) = match msg {
            Msg::Start { file, path, size } => {
                if self.files.len() <= file {
                    self.files.resize_with(file + 1, || None);
                }
                if !self.total_fixed {
                    self.total_bytes = match (self.total_bytes, size) {
                        (None, s) if file == 0 || self.files.iter().all(Option::is_none) => s,
                        (Some(t), Some(s)) => Some(t + s),
                        _ => None,
                    };
                }
                self.files[file] = Some(FileState {
                    path,
                    done: 0,
                    total: size,
                });
                (file, ProgressKind::Started)
            }
            Msg::Bytes { file, n } => {
                let f = self.files.get_mut(file)?.as_mut()?;
                f.done += n;
                self.total_done += n;
                (file, ProgressKind::Progress)
            }
            Msg::Reset { file } => {
                let f = self.files.get_mut(file)?.as_mut()?;
                self.total_done = self.total_done.saturating_sub(f.done);
                f.done = 0;
                (file, ProgressKind::Progress)
            }
            Msg::Finish { file } => (file, ProgressKind::Finished),
            Msg::Barrier(_) => return None,
        };
        let f = self.files.get(file)?.as_ref()?;
        Some(ProgressEvent {
            kind,
            path: f.path.clone(),
            file_index: file,
            file_count: self.file_count.max(self.files.len()),
            bytes_done: f.done,
            bytes_total: f.total,
            total_done: self.total_done,
            total_bytes: self.total_bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_aggregated_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut seen = Vec::new();
        let mut sink = |e: &ProgressEvent| {
            assert_eq!(std::thread::current().id(), caller);
            seen.push((e.kind, e.path.clone(), e.bytes_done, e.total_done));
        };
        let mut hooks = Hooks::new().progress(&mut sink);
        let out = hooks
            .run(2, Some(30), |r| {
                std::thread::scope(|s| {
                    for (i, name) in ["a", "b"].into_iter().enumerate() {
                        let r = r.clone();
                        s.spawn(move || {
                            r.send(Msg::Start {
                                file: i,
                                path: name.into(),
                                size: Some(15),
                            });
                            r.send(Msg::Bytes { file: i, n: 10 });
                            r.send(Msg::Bytes { file: i, n: 5 });
                            r.send(Msg::Finish { file: i });
                        });
                    }
                });
                Ok(7)
            })
            .unwrap();
        assert_eq!(out, 7);
        assert_eq!(seen.len(), 8);
        assert_eq!(seen.last().unwrap().3, 30);
        assert_eq!(
            seen.iter()
                .filter(|s| s.0 == ProgressKind::Finished)
                .count(),
            2
        );
    }

    #[test]
    fn resets_and_unknown_totals() {
        let mut d = Dispatcher::new(1, None);
        d.apply(Msg::Start {
            file: 0,
            path: "x".into(),
            size: Some(10),
        });
        d.apply(Msg::Bytes { file: 0, n: 4 });
        let e = d.apply(Msg::Reset { file: 0 }).unwrap();
        assert_eq!(
            (e.bytes_done, e.total_done, e.total_bytes),
            (0, 0, Some(10))
        );
        assert!(d.apply(Msg::Bytes { file: 3, n: 1 }).is_none());
        let mut called = false;
        let mut hooks = Hooks::new();
        hooks
            .run(0, None, |r| {
                assert!(r.tx.is_none());
                called = true;
                Ok(())
            })
            .unwrap();
        assert!(called);
    }
}
