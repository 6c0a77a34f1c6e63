//! The `HfApi` operations, one file per resource family. Every operation is a
//! method on [`Client`] named as in Python, with its optional
//! parameters in one `…Options` struct whose field names are Python's keyword
//! arguments (the same struct the C ABI decodes from JSON).

pub mod access;
pub mod collections;
pub mod discussions;
pub mod download;
pub mod endpoints;
pub mod files;
pub mod future;
pub mod info;
pub mod likes;
pub mod listing;
pub mod multi_commit;
pub mod refs;
pub mod repos;
pub mod safetensors;
pub mod scheduler;
pub mod spaces;
pub mod upload;
pub mod users;

use serde::{Deserialize, Deserializer};

use crate::client::Client;
use crate::error::Result;
use crate::repo::{validate_repo_id, RepoType};
use crate::urls::quote_segment;

/// The default revision.
pub const DEFAULT_REVISION: &str = "main";

impl Client {
    /// `{endpoint}/api/{T}/{repo_id}{suffix}`, after validating the repo id.
    pub(crate) fn repo_api_url(
        &self,
        repo_type: Option<RepoType>,
        repo_id: &str,
        suffix: &str,
    ) -> Result<String> {
        validate_repo_id(repo_id)?;
        Ok(self.hub_url(&format!(
            "/api/{}/{repo_id}{suffix}",
            repo_type.unwrap_or_default().api_segment()
        )))
    }
}

/// The revision, percent-encoded as one segment (`main` by default).
pub(crate) fn encoded_revision(revision: Option<&str>) -> String {
    quote_segment(revision.unwrap_or(DEFAULT_REVISION))
}

/// Accepts a string or a list of strings (Python's `Union[str, List[str]]`).
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        Null(()),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
        OneOrMany::Null(()) => Vec::new(),
    })
}
