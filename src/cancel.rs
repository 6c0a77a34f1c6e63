//! [`CancelToken`]: cooperative cancellation of long operations.
//!
//! ureq has no way to interrupt a blocked socket read (that ends by timeout), so
//! cancellation is cooperative: operations check the token before each request,
//! between body chunks, between pages and before each retry, and stop with
//! [`Error::Cancelled`] when it is set. A cancelled download leaves no partial
//! file in the cache.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};

/// A cancellation flag shared between the caller and running operations.
///
/// Cheap to clone (clones share the flag); [`CancelToken::cancel`] may be called
/// from any thread. A token made with [`CancelToken::child`] is cancelled when
/// its parent is, but cancelling it leaves the parent alone.
#[derive(Clone, Default)]
pub struct CancelToken {
    flag: Arc<AtomicBool>,
    parent: Option<Arc<CancelToken>>,
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl PartialEq for CancelToken {
    /// Two tokens are equal when they share their flag.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.flag, &other.flag)
    }
}

impl CancelToken {
    /// A new, not cancelled token.
    pub fn new() -> Self {
        CancelToken::default()
    }

    /// A token cancelled when `self` is, or on its own.
    pub fn child(&self) -> Self {
        CancelToken {
            flag: Arc::new(AtomicBool::new(false)),
            parent: Some(Arc::new(self.clone())),
        }
    }

    /// Requests cancellation. Idempotent; safe from any thread.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether cancellation was requested (on this token or a parent).
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst) || self.parent.as_ref().is_some_and(|p| p.is_cancelled())
    }

    /// `Err(Error::Cancelled)` once cancellation was requested.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_follow_parents_not_the_reverse() {
        let parent = CancelToken::new();
        let child = parent.child();
        let clone = child.clone();
        assert!(parent.check().is_ok() && child.check().is_ok());
        child.cancel();
        assert!(clone.is_cancelled(), "clones share the flag");
        assert!(!parent.is_cancelled());
        let other = parent.child();
        parent.cancel();
        assert!(other.is_cancelled());
        assert!(matches!(other.check(), Err(Error::Cancelled)));
        assert_eq!(child, clone);
        assert_ne!(child, other);
    }

    #[test]
    fn cancel_from_another_thread() {
        let t = CancelToken::new();
        let t2 = t.clone();
        std::thread::spawn(move || t2.cancel()).join().unwrap();
        assert!(t.is_cancelled());
    }
}
