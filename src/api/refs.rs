//! Refs and history: `list_repo_refs`, `list_repo_commits`.

use serde::Deserialize;

use super::encoded_revision;
use crate::client::Client;
use crate::error::Result;
use crate::http::Request;
use crate::pagination::Pager;
use crate::repo::RepoType;
use crate::types::{GitCommitInfo, GitRefs};
use crate::urls::Query;

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
