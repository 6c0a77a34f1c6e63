//! Refs and history: `list_repo_refs`, `list_repo_commits`, `create_branch`,
//! `delete_branch`, `create_tag`, `delete_tag`, `super_squash_history`.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{encoded_revision, DEFAULT_REVISION};
use crate::client::Client;
use crate::error::{ErrorKind, Result};
use crate::http::{Method, Request};
use crate::pagination::Pager;
use crate::repo::RepoType;
use crate::types::{GitCommitInfo, GitRefs};
use crate::urls::{quote_segment, Query};

/// Options of [`Client::list_repo_refs`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListRepoRefsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Include `refs/pr/N` refs.
    pub include_pull_requests: bool,
}

/// Options of [`Client::list_repo_commits`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListRepoCommitsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit to start from (`main` by default).
    pub revision: Option<String>,
    /// Add HTML-rendered titles and messages.
    pub formatted: bool,
}

impl Client {
    /// Branches, tags, converts and (when asked) pull-request refs.
    /// `GET /api/{T}/{repo_id}/refs[?include_prs=1]`.
    pub fn list_repo_refs(&self, repo_id: &str, options: &ListRepoRefsOptions) -> Result<GitRefs> {
        let url = self.repo_api_url(options.repo_type, repo_id, "/refs")?;
        let mut q = Query::new();
        if options.include_pull_requests {
            q.set("include_prs", "1");
        }
        let mut refs: GitRefs = self.send_json(&Request::get(q.apply(&url)))?;
        if options.include_pull_requests {
            refs.pull_requests.get_or_insert_with(Vec::new);
        } else {
            refs.pull_requests = None;
        }
        Ok(refs)
    }

    /// Commits reachable from a revision, newest first, lazily paged.
    /// `GET /api/{T}/{repo_id}/commits/{revision}[?expand[]=formatted]`.
    pub fn list_repo_commits(
        &self,
        repo_id: &str,
        options: &ListRepoCommitsOptions,
    ) -> Pager<GitCommitInfo> {
        let suffix = format!("/commits/{}", encoded_revision(options.revision.as_deref()));
        match self.repo_api_url(options.repo_type, repo_id, &suffix) {
            Ok(url) => {
                let mut q = Query::new();
                if options.formatted {
                    q.set("expand[]", "formatted");
                }
                Pager::link(self, q.apply(&url), None)
            }
            Err(e) => Pager::failed(self, e),
        }
    }
}

/// Options of [`Client::create_branch`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateBranchOptions {
    /// Where the branch starts: a branch, tag, `refs/pr/N` or commit (the default
    /// branch's head when absent).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Succeed when the branch already exists.
    pub exist_ok: bool,
}

/// Options of [`Client::delete_branch`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteBranchOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::create_tag`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateTagOptions {
    /// Message of an annotated tag.
    pub tag_message: Option<String>,
    /// The revision to tag (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Succeed when the tag already exists.
    pub exist_ok: bool,
}

/// Options of [`Client::delete_tag`]: the same parameters as `delete_branch`.
pub type DeleteTagOptions = DeleteBranchOptions;

/// Options of [`Client::super_squash_history`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SuperSquashHistoryOptions {
    /// The branch to squash (`main` by default).
    pub branch: Option<String>,
    /// Message of the single commit left (`Super-squash branch '{branch}' using
    /// huggingface_hub` by default, as in Python).
    pub commit_message: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

impl Client {
    /// Creates a branch. `POST /api/{T}/{repo_id}/branch/{branch}` (branch percent-encoded)
    /// with `{}` or `{"startingPoint": revision}`. With `exist_ok`, an existing branch is not
    /// an error: a 409, or (as newer Python clients do) a 403 when `list_repo_refs` shows the
    /// branch.
    pub fn create_branch(
        &self,
        repo_id: &str,
        branch: &str,
        options: &CreateBranchOptions,
    ) -> Result<()> {
        let suffix = format!("/branch/{}", quote_segment(branch));
        let url = self.repo_api_url(options.repo_type, repo_id, &suffix)?;
        let mut body = Map::new();
        if let Some(rev) = &options.revision {
            body.insert("startingPoint".into(), json!(rev));
        }
        let req = Request::new(Method::Post, url).json(&Value::Object(body));
        match self.send(&req) {
            Ok(_) => Ok(()),
            Err(e) if options.exist_ok && e.kind() == ErrorKind::Conflict => Ok(()),
            Err(e) if options.exist_ok && e.kind() == ErrorKind::Forbidden => {
                let o = ListRepoRefsOptions {
                    repo_type: options.repo_type,
                    ..Default::default()
                };
                match self.list_repo_refs(repo_id, &o) {
                    Ok(refs) if refs.branches.iter().any(|b| b.name == branch) => Ok(()),
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Deletes a branch. `DELETE /api/{T}/{repo_id}/branch/{branch}` (branch
    /// percent-encoded).
    pub fn delete_branch(
        &self,
        repo_id: &str,
        branch: &str,
        options: &DeleteBranchOptions,
    ) -> Result<()> {
        let suffix = format!("/branch/{}", quote_segment(branch));
        let url = self.repo_api_url(options.repo_type, repo_id, &suffix)?;
        self.send(&Request::new(Method::Delete, url)).map(drop)
    }

    /// Tags a revision. `POST /api/{T}/{repo_id}/tag/{revision}` (the revision to tag,
    /// percent-encoded, `main` by default) with `{"tag", "message"?}`. With `exist_ok`, a
    /// 409 (the tag exists) is not an error.
    pub fn create_tag(&self, repo_id: &str, tag: &str, options: &CreateTagOptions) -> Result<()> {
        let suffix = format!("/tag/{}", encoded_revision(options.revision.as_deref()));
        let url = self.repo_api_url(options.repo_type, repo_id, &suffix)?;
        let mut body = Map::new();
        body.insert("tag".into(), json!(tag));
        if let Some(m) = &options.tag_message {
            body.insert("message".into(), json!(m));
        }
        let req = Request::new(Method::Post, url).json(&Value::Object(body));
        match self.send(&req) {
            Ok(_) => Ok(()),
            Err(e) if options.exist_ok && e.kind() == ErrorKind::Conflict => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Deletes a tag. `DELETE /api/{T}/{repo_id}/tag/{tag}` (tag percent-encoded).
    pub fn delete_tag(&self, repo_id: &str, tag: &str, options: &DeleteTagOptions) -> Result<()> {
        let suffix = format!("/tag/{}", quote_segment(tag));
        let url = self.repo_api_url(options.repo_type, repo_id, &suffix)?;
        self.send(&Request::new(Method::Delete, url)).map(drop)
    }

    /// Replaces a branch's history by one commit holding its current files.
    /// `POST /api/{T}/{repo_id}/super-squash/{branch}` with `{"message"}`. The branch is
    /// percent-encoded, as newer Python clients do (0.22 inserted it raw, reference §7.4).
    pub fn super_squash_history(
        &self,
        repo_id: &str,
        options: &SuperSquashHistoryOptions,
    ) -> Result<()> {
        let branch = options.branch.as_deref().unwrap_or(DEFAULT_REVISION);
        let suffix = format!("/super-squash/{}", quote_segment(branch));
        let url = self.repo_api_url(options.repo_type, repo_id, &suffix)?;
        let message = options
            .commit_message
            .clone()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| format!("Super-squash branch '{branch}' using huggingface_hub"));
        let req = Request::new(Method::Post, url).json(&json!({ "message": message }));
        self.send(&req).map(drop)
    }
}
