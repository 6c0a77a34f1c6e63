//! Repository types and local validation of repository ids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The three kinds of Hub repositories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoType {
    /// A model repository (the default, as in Python).
    #[default]
    Model,
    /// A dataset repository.
    Dataset,
    /// A Space.
    Space,
}

impl RepoType {
    /// Python's name: `model`, `dataset`, `space`.
    pub fn as_str(self) -> &'static str {
        match self {
            RepoType::Model => "model",
            RepoType::Dataset => "dataset",
            RepoType::Space => "space",
        }
    }

    /// The `/api/{T}/...` segment: `models`, `datasets`, `spaces`.
    pub fn api_segment(self) -> &'static str {
        match self {
            RepoType::Model => "models",
            RepoType::Dataset => "datasets",
            RepoType::Space => "spaces",
        }
    }

    /// The prefix of resolve and web URLs: empty for models, `datasets/`, `spaces/`.
    pub fn url_prefix(self) -> &'static str {
        match self {
            RepoType::Model => "",
            RepoType::Dataset => "datasets/",
            RepoType::Space => "spaces/",
        }
    }
}

impl fmt::Display for RepoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RepoType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "model" | "models" => Ok(RepoType::Model),
            "dataset" | "datasets" => Ok(RepoType::Dataset),
            "space" | "spaces" => Ok(RepoType::Space),
            other => Err(Error::invalid(format!(
                "invalid repo type {other:?}: expected one of model, dataset, space"
            ))),
        }
    }
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn valid_part(part: &str, max_len: Option<usize>) -> bool {
    let n = part.chars().count();
    n > 0
        && max_len.is_none_or(|m| n <= m)
        && part.chars().all(|c| is_word(c) || c == '-' || c == '.')
        && part.chars().next().is_some_and(is_word)
        && part.chars().last().is_some_and(is_word)
}

/// Validates a repository id as Python's `validate_repo_id` does, before any request:
/// at most one `/`; parts made of word characters, `-` and `.`, starting and ending
/// with a word character; a name of 1 to 96 characters; no `--` or `..`; no `.git` suffix.
pub fn validate_repo_id(repo_id: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::invalid(format!(
            "invalid repo id {repo_id:?}: {why}"
        )))
    };
    if repo_id.matches('/').count() > 1 {
        return bad("repo ids are 'name' or 'namespace/name'");
    }
    let (ns, name) = match repo_id.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, repo_id),
    };
    if ns.is_some_and(|ns| !valid_part(ns, None)) || !valid_part(name, Some(96)) {
        return bad(
            "use letters, digits, '-', '_' and '.'; '-' and '.' cannot start or end a part; \
             the name is at most 96 characters",
        );
    }
    if repo_id.contains("--") || repo_id.contains("..") {
        return bad("'--' and '..' are forbidden");
    }
    if repo_id.ends_with(".git") {
        return bad("repo ids cannot end with '.git'");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["gpt2", "openai-community/gpt2", "a/b", "A_1.x/y-z_9", "x/é"] {
            validate_repo_id(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        }
        validate_repo_id(&"a".repeat(96)).unwrap();
    }

    #[test]
    fn invalid_ids() {
        for id in [
            "", "a/b/c", "/b", "a/", "-a/b", "a/b-", "a/.b", "a--b/c", "a/b..c", "a/b.git",
            "a b/c", "a/b?c",
        ] {
            assert!(
                matches!(validate_repo_id(id), Err(Error::InvalidInput(_))),
                "{id}"
            );
        }
        assert!(validate_repo_id(&"a".repeat(97)).is_err());
    }

    #[test]
    fn repo_type_segments() {
        assert_eq!(
            "dataset".parse::<RepoType>().unwrap().api_segment(),
            "datasets"
        );
        assert_eq!(RepoType::Space.url_prefix(), "spaces/");
        assert_eq!(RepoType::Model.url_prefix(), "");
        assert!("kernel".parse::<RepoType>().is_err());
    }
}
