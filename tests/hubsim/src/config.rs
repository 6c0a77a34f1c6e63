//! Server configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the initial state comes from.
#[derive(Debug, Clone, Default)]
pub enum Seed {
    /// The built-in seed ([`crate::seed`], documented in the README).
    #[default]
    Default,
    /// Start empty.
    None,
    /// A seed JSON file.
    File(PathBuf),
    /// A seed JSON value.
    Json(serde_json::Value),
}

/// Page sizes of the paginated endpoints (the Hub's defaults unless overridden).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSizes {
    /// `/api/models`, `/api/datasets`, `/api/spaces`, likes, likers, followers, members.
    pub listing: usize,
    /// `/tree` without `expand`.
    pub tree: usize,
    /// `/tree` with `expand=True`.
    pub tree_expand: usize,
    /// `/commits`.
    pub commits: usize,
    /// `/discussions` (page-index pagination).
    pub discussions: usize,
}

impl Default for PageSizes {
    fn default() -> PageSizes {
        PageSizes {
            listing: 1000,
            tree: 1000,
            tree_expand: 50,
            commits: 50,
            discussions: 50,
        }
    }
}

impl PageSizes {
    /// The same size everywhere (handy for pagination tests).
    pub fn uniform(n: usize) -> PageSizes {
        let n = n.max(1);
        PageSizes {
            listing: n,
            tree: n,
            tree_expand: n,
            commits: n,
            discussions: n,
        }
    }
}

/// How to start a [`crate::Server`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind (default `127.0.0.1:0`, a random free port).
    pub addr: SocketAddr,
    /// Initial state.
    pub seed: Seed,
    /// Keep state and objects in this directory (default: memory only). An existing
    /// `state.json` there wins over `seed`.
    pub data_dir: Option<PathBuf>,
    /// Page sizes.
    pub page_sizes: PageSizes,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: Seed::Default,
            data_dir: None,
            page_sizes: PageSizes::default(),
        }
    }
}

impl Config {
    /// Sets the seed.
    pub fn seed(mut self, seed: Seed) -> Config {
        self.seed = seed;
        self
    }

    /// Sets the data directory.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.data_dir = Some(dir.into());
        self
    }

    /// Uses the same page size for every paginated endpoint.
    pub fn page_size(mut self, n: usize) -> Config {
        self.page_sizes = PageSizes::uniform(n);
        self
    }
}
