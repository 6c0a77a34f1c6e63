//! Refs and commits (hub-endpoints §4.5).

use serde::{Deserialize, Serialize};

use super::{datetime, Timestamp};

/// One git reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitRefInfo {
    /// Short name (`main`, `v1.0`, `pr/1`).
    pub name: String,
    /// Full ref (`refs/heads/main`).
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Commit the ref points to.
    #[serde(alias = "targetCommit")]
    pub target_commit: String,
}

/// The refs of a repository (`GET /api/{T}/{id}/refs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitRefs {
    /// Branches.
    #[serde(default)]
    pub branches: Vec<GitRefInfo>,
    /// Converts (`refs/convert/parquet`, ...).
    #[serde(default)]
    pub converts: Vec<GitRefInfo>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<GitRefInfo>,
    /// Pull-request refs; `None` unless requested with `include_pull_requests`.
    #[serde(default, alias = "pullRequests")]
    pub pull_requests: Option<Vec<GitRefInfo>>,
}

/// One commit of `list_repo_commits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GitCommitInfo {
    /// Commit id.
    pub commit_id: String,
    /// Author user names.
    pub authors: Vec<String>,
    /// Commit date.
    #[serde(with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Title (first line).
    pub title: String,
    /// Message (the rest).
    pub message: String,
    /// Title rendered as HTML (with `formatted`).
    pub formatted_title: Option<String>,
    /// Message rendered as HTML (with `formatted`).
    pub formatted_message: Option<String>,
}

impl<'de> Deserialize<'de> for GitCommitInfo {
    /// Accepts both the wire shape (`id`, `authors: [{user}]`, `date`, `formatted`)
    /// and the shape this type serialises to.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Author {
            user: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum AuthorItem {
            Wire(Author),
            Name(String),
        }
        #[derive(Deserialize, Default)]
        struct Formatted {
            title: Option<String>,
            message: Option<String>,
        }
        #[derive(Deserialize)]
        struct Raw {
            #[serde(alias = "commit_id")]
            id: String,
            #[serde(default)]
            authors: Vec<AuthorItem>,
            #[serde(default, alias = "created_at", with = "datetime")]
            date: Option<Timestamp>,
            #[serde(default)]
            title: String,
            #[serde(default)]
            message: String,
            #[serde(default)]
            formatted: Option<Formatted>,
            #[serde(default)]
            formatted_title: Option<String>,
            #[serde(default)]
            formatted_message: Option<String>,
        }
        let raw = Raw::deserialize(d)?;
        let formatted = raw.formatted.unwrap_or_default();
        Ok(GitCommitInfo {
            commit_id: raw.id,
            authors: raw
                .authors
                .into_iter()
                .map(|a| match a {
                    AuthorItem::Wire(a) => a.user,
                    AuthorItem::Name(n) => n,
                })
                .collect(),
            created_at: raw.date,
            title: raw.title,
            message: raw.message,
            formatted_title: formatted.title.or(raw.formatted_title),
            formatted_message: formatted.message.or(raw.formatted_message),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_commits_from_reference_examples() {
        let refs: GitRefs = serde_json::from_value(serde_json::json!({
            "branches": [{"name": "main", "ref": "refs/heads/main", "targetCommit": "607a"}],
            "converts": [{"name": "parquet", "ref": "refs/convert/parquet", "targetCommit": "abab"}],
            "tags": [{"name": "v1.0", "ref": "refs/tags/v1.0", "targetCommit": "607a"}],
            "pullRequests": [{"name": "pr/1", "ref": "refs/pr/1", "targetCommit": "cdcd"}]
        }))
        .unwrap();
        assert_eq!(refs.branches[0].git_ref, "refs/heads/main");
        assert_eq!(
            refs.pull_requests.as_ref().unwrap()[0].target_commit,
            "cdcd"
        );

        let c: GitCommitInfo = serde_json::from_value(serde_json::json!({
            "id": "607a", "title": "Update README.md", "message": "Fix typo\n",
            "date": "2024-03-01T10:00:00.000Z",
            "authors": [{"user": "alice", "avatar": "https://x/alice.png"}],
            "formatted": {"title": "Update README.md", "message": "<p>Fix typo</p>"}
        }))
        .unwrap();
        assert_eq!(c.authors, vec!["alice"]);
        assert_eq!(c.formatted_message.as_deref(), Some("<p>Fix typo</p>"));
        let back: GitCommitInfo =
            serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
