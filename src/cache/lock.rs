//! Inter-process locks compatible with Python's `filelock`: BSD `flock` on the
//! same path (`<cache>/.locks/<repo_folder>/<etag>.lock`), polled every 50 ms so
//! a cancel token is honoured while waiting.
//!
//! Recent `filelock` releases unlink the lock file before unlocking; a process
//! waiting on the old inode would then "hold" a lock nobody else sees. So after
//! acquiring, the locked file must still be the one at the path (same device
//! and inode, at least one link); otherwise the lock is dropped and taken
//! again. hfhub never unlinks lock files.
//!
//! Where `flock` is not supported (some network file systems report an error)
//! the download proceeds unlocked: its safety then rests on per-attempt temp
//! files, adoption of leftovers by atomic rename, verification before the final
//! rename, and the atomic rename itself (see `crate::cache`).

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cancel::CancelToken;
use crate::error::{Error, Result};

/// How often a busy lock is polled (Python's `filelock` polls every 50 ms).
const POLL: Duration = Duration::from_millis(50);

/// A held lock; released when dropped (closing the descriptor releases `flock`).
#[derive(Debug)]
pub(crate) struct FileLock {
    _file: Option<File>,
    path: PathBuf,
}

impl FileLock {
    /// The lock file's path.
    #[allow(dead_code)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// Takes the exclusive lock at `path`, waiting as long as needed (checking
/// `cancel` between polls).
pub(crate) fn lock(path: &Path, cancel: &CancelToken) -> Result<FileLock> {
    loop {
        cancel.check()?;
        let open = || {
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
        };
        let file = super::with_parent(path, open).map_err(|e| Error::io(path, e))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {
                if still_linked(&file, path) {
                    return Ok(FileLock {
                        _file: Some(file),
                        path: path.to_owned(),
                    });
                }
                // Another process unlinked (and maybe recreated) the file: retry.
                drop(file);
            }
            Err(fs4::TryLockError::WouldBlock) => {
                drop(file);
                std::thread::sleep(POLL);
            }
            Err(fs4::TryLockError::Error(e)) if unsupported(&e) => {
                return Ok(FileLock {
                    _file: None,
                    path: path.to_owned(),
                });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(Error::io(path, e)),
        }
    }
}

/// Whether `flock` is simply not available on this file system.
fn unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(37 | 95))
    // ENOLCK (37) and EOPNOTSUPP (95) on Linux.
}

#[cfg(unix)]
fn still_linked(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(now)) => {
            held.nlink() > 0 && held.ino() == now.ino() && held.dev() == now.dev()
        }
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_linked(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn tmp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "hfhub-lock-{}-{name}-{}",
            std::process::id(),
            fastrand::u64(..)
        ))
    }

    #[test]
    fn exclusive_between_threads() {
        let path = tmp("x").join(".locks/models--a--b/e.lock");
        let inside = Arc::new(AtomicUsize::new(0));
        let max = Arc::new(AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..4 {
                let (inside, max, path) = (inside.clone(), max.clone(), path.clone());
                s.spawn(move || {
                    let _l = lock(&path, &CancelToken::new()).unwrap();
                    let n = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    inside.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(max.load(Ordering::SeqCst), 1);
        assert!(path.exists(), "lock files are never unlinked");
    }

    #[test]
    fn waiting_honours_cancellation_and_unlinked_files_are_relocked() {
        let path = tmp("y").join("e.lock");
        let held = lock(&path, &CancelToken::new()).unwrap();
        let cancel = CancelToken::new();
        let c2 = cancel.clone();
        let p2 = path.clone();
        let waiter = std::thread::spawn(move || lock(&p2, &c2).map(|_| ()));
        std::thread::sleep(Duration::from_millis(120));
        cancel.cancel();
        assert!(matches!(waiter.join().unwrap(), Err(Error::Cancelled)));
        // A peer unlinks the file while holding it: the next locker gets a fresh inode.
        fs::remove_file(&path).unwrap();
        let again = lock(&path, &CancelToken::new()).unwrap();
        assert!(path.exists());
        drop(held);
        drop(again);
    }
}
