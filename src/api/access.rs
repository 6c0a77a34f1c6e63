//! Access requests of gated repositories: `list_pending_access_requests`,
//! `list_accepted_access_requests`, `list_rejected_access_requests`,
//! `accept_access_request`, `reject_access_request`, `cancel_access_request`,
//! `grant_access`.
//!
//! Differences from Python 0.22, which had bugs there (reference §7.2, §7.3):
//! * every call goes to the client's endpoint (0.22 used the process-wide default Hub URL
//!   whatever `HfApi(endpoint=...)` said);
//! * `grant_access` uses the given repository type (0.22 always posted to `/api/models/…`,
//!   so granting access to a gated dataset or Space failed);
//! * the listings follow `Link` pagination (one request when the server sends no `Link`,
//!   as 0.22 did; newer servers paginate).
//!
//! Managing requests needs a write token of the repository's owner or of an admin/write
//! member of the owning organisation; the Hub answers 400 for a repository that is not
//! gated and 404 for an unknown user or request.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::error::Result;
use crate::http::{Method, Request};
use crate::pagination::Pager;
use crate::repo::RepoType;
use crate::types::AccessRequest;

/// Options of [`Client::list_pending_access_requests`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListPendingAccessRequestsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::list_accepted_access_requests`]: the same parameters.
pub type ListAcceptedAccessRequestsOptions = ListPendingAccessRequestsOptions;

/// Options of [`Client::list_rejected_access_requests`]: the same parameters.
pub type ListRejectedAccessRequestsOptions = ListPendingAccessRequestsOptions;

/// Options of [`Client::accept_access_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AcceptAccessRequestOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::cancel_access_request`]: the same parameters as `accept_access_request`.
pub type CancelAccessRequestOptions = AcceptAccessRequestOptions;

/// Options of [`Client::grant_access`]: the same parameters as `accept_access_request`.
pub type GrantAccessOptions = AcceptAccessRequestOptions;

/// Options of [`Client::reject_access_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RejectAccessRequestOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Why the request is rejected (sent as `rejectionReason`; newer Python clients).
    pub rejection_reason: Option<String>,
}

impl Client {
    fn list_access_requests(
        &self,
        repo_id: &str,
        status: &str,
        repo_type: Option<RepoType>,
    ) -> Pager<AccessRequest> {
        let suffix = format!("/user-access-request/{status}");
        match self.repo_api_url(repo_type, repo_id, &suffix) {
            Ok(url) => Pager::link(self, url, None),
            Err(e) => Pager::failed(self, e),
        }
    }

    fn handle_access_request(
        &self,
        repo_id: &str,
        user: &str,
        status: &str,
        repo_type: Option<RepoType>,
        rejection_reason: Option<&str>,
    ) -> Result<()> {
        let url = self.repo_api_url(repo_type, repo_id, "/user-access-request/handle")?;
        let mut body = Map::new();
        body.insert("user".into(), json!(user));
        body.insert("status".into(), json!(status));
        if let Some(r) = rejection_reason {
            body.insert("rejectionReason".into(), json!(r));
        }
        let req = Request::new(Method::Post, url).json(&Value::Object(body));
        self.send(&req).map(drop)
    }

    /// Requests waiting for a decision, lazily paged.
    /// `GET /api/{T}/{repo_id}/user-access-request/pending`.
    pub fn list_pending_access_requests(
        &self,
        repo_id: &str,
        options: &ListPendingAccessRequestsOptions,
    ) -> Pager<AccessRequest> {
        self.list_access_requests(repo_id, "pending", options.repo_type)
    }

    /// Accepted requests (users who may download the repository's files), lazily paged.
    /// `GET /api/{T}/{repo_id}/user-access-request/accepted`.
    pub fn list_accepted_access_requests(
        &self,
        repo_id: &str,
        options: &ListAcceptedAccessRequestsOptions,
    ) -> Pager<AccessRequest> {
        self.list_access_requests(repo_id, "accepted", options.repo_type)
    }

    /// Rejected requests, lazily paged.
    /// `GET /api/{T}/{repo_id}/user-access-request/rejected`.
    pub fn list_rejected_access_requests(
        &self,
        repo_id: &str,
        options: &ListRejectedAccessRequestsOptions,
    ) -> Pager<AccessRequest> {
        self.list_access_requests(repo_id, "rejected", options.repo_type)
    }

    /// Accepts `user`'s request: they may download the repository's files.
    /// `POST /api/{T}/{repo_id}/user-access-request/handle` with
    /// `{"user", "status": "accepted"}`.
    pub fn accept_access_request(
        &self,
        repo_id: &str,
        user: &str,
        options: &AcceptAccessRequestOptions,
    ) -> Result<()> {
        self.handle_access_request(repo_id, user, "accepted", options.repo_type, None)
    }

    /// Rejects `user`'s request (access is withdrawn if it had been given).
    /// `POST /api/{T}/{repo_id}/user-access-request/handle` with
    /// `{"user", "status": "rejected", "rejectionReason"?}`.
    pub fn reject_access_request(
        &self,
        repo_id: &str,
        user: &str,
        options: &RejectAccessRequestOptions,
    ) -> Result<()> {
        self.handle_access_request(
            repo_id,
            user,
            "rejected",
            options.repo_type,
            options.rejection_reason.as_deref(),
        )
    }

    /// Puts `user`'s request back to pending (access is withdrawn if it had been given).
    /// `POST /api/{T}/{repo_id}/user-access-request/handle` with
    /// `{"user", "status": "pending"}`.
    pub fn cancel_access_request(
        &self,
        repo_id: &str,
        user: &str,
        options: &CancelAccessRequestOptions,
    ) -> Result<()> {
        self.handle_access_request(repo_id, user, "pending", options.repo_type, None)
    }

    /// Gives `user` access without a request of theirs.
    /// `POST /api/{T}/{repo_id}/user-access-request/grant` with `{"user"}`, for the given
    /// repository type (0.22 always used `models`). Returns the server's JSON answer, as
    /// Python does; the Hub answers 400 when the user already has access.
    pub fn grant_access(
        &self,
        repo_id: &str,
        user: &str,
        options: &GrantAccessOptions,
    ) -> Result<Value> {
        let url = self.repo_api_url(options.repo_type, repo_id, "/user-access-request/grant")?;
        let req = Request::new(Method::Post, url).json(&json!({ "user": user }));
        self.send_json(&req)
    }
}
