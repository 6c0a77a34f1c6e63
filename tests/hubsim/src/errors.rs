//! Hub-style error responses: status, `X-Error-Code`, `X-Error-Message` and `{"error": …}`.

use crate::http::Response;
use crate::store::model::RepoType;
use serde_json::json;

/// Message of the 401 answered for an unknown or malformed token.
pub const INVALID_CREDENTIALS: &str = "Invalid credentials in Authorization header";
/// Message of a disabled repo (the client matches it exactly).
pub const DISABLED: &str = "Access to this resource is disabled.";

/// Every error hubsim answers.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// 401: unknown or malformed token.
    InvalidCredentials,
    /// 401: the endpoint needs a token and none was sent.
    AuthRequired,
    /// 401 (anonymous) or 404 (authenticated): missing or invisible repo.
    RepoNotFound {
        /// Whether the caller sent no token.
        anonymous: bool,
    },
    /// 404: unknown revision.
    RevisionNotFound {
        /// The revision as asked.
        rev: String,
    },
    /// 404: unknown file or folder (with the resolved commit when known).
    EntryNotFound {
        /// Commit the revision resolved to.
        commit: Option<String>,
    },
    /// 401 (anonymous) or 403 (not approved) on a gated repo's content.
    Gated {
        /// Whether the caller sent no token.
        anonymous: bool,
        /// Kind of repo.
        repo_type: RepoType,
        /// Repo id.
        id: String,
    },
    /// 403: disabled repo.
    Disabled,
    /// 400 with a message.
    BadRequest(String),
    /// 403 with a message.
    Forbidden(String),
    /// 404 with a message and no error code (unknown route, user, …).
    NotFound(String),
    /// 409 with a message.
    Conflict(String),
    /// 416 for a range outside the content.
    RangeNotSatisfiable {
        /// Content size.
        size: u64,
    },
    /// 500 with a message.
    Internal(String),
    /// 401 with a message (no access to a namespace of the Inference Endpoints API).
    Unauthorized(String),
}

impl ApiError {
    /// The status, error code and message of this error.
    fn parts(&self) -> (u16, Option<&'static str>, String) {
        match self {
            ApiError::InvalidCredentials => (401, None, INVALID_CREDENTIALS.into()),
            ApiError::AuthRequired => (
                401,
                None,
                "You must be authenticated to access this resource.".into(),
            ),
            ApiError::RepoNotFound { anonymous } => (
                if *anonymous { 401 } else { 404 },
                Some("RepoNotFound"),
                "Repository not found".into(),
            ),
            ApiError::RevisionNotFound { rev } => (
                404,
                Some("RevisionNotFound"),
                format!("Invalid rev id: {rev}"),
            ),
            ApiError::EntryNotFound { .. } => {
                (404, Some("EntryNotFound"), "Entry not found".into())
            }
            ApiError::Gated {
                anonymous,
                repo_type,
                id,
            } => {
                let kind = repo_type.singular();
                if *anonymous {
                    (
                        401,
                        Some("GatedRepo"),
                        format!(
                            "Access to {kind} {id} is restricted. You must have access to it and be authenticated to access it. Please log in."
                        ),
                    )
                } else {
                    (
                        403,
                        Some("GatedRepo"),
                        format!(
                            "Access to {kind} {id} is restricted and you are not in the authorized list. Visit https://huggingface.co/{}{id} to ask for access.",
                            repo_type.url_prefix()
                        ),
                    )
                }
            }
            ApiError::Disabled => (403, None, DISABLED.into()),
            ApiError::BadRequest(m) => (400, None, m.clone()),
            ApiError::Forbidden(m) => (403, None, m.clone()),
            ApiError::NotFound(m) => (404, None, m.clone()),
            ApiError::Conflict(m) => (409, None, m.clone()),
            ApiError::RangeNotSatisfiable { .. } => {
                (416, None, "Requested range not satisfiable".into())
            }
            ApiError::Internal(m) => (500, None, m.clone()),
            ApiError::Unauthorized(m) => (401, None, m.clone()),
        }
    }

    /// HTTP status of this error.
    pub fn status(&self) -> u16 {
        self.parts().0
    }

    /// The response for this error.
    pub fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        let mut resp = Response::json(status, &json!({ "error": message }));
        if let Some(code) = code {
            resp.add_header("X-Error-Code", code);
        }
        resp.add_header("X-Error-Message", &message);
        match self {
            ApiError::EntryNotFound {
                commit: Some(commit),
            } => resp.add_header("X-Repo-Commit", &commit),
            ApiError::RangeNotSatisfiable { size } => {
                resp.add_header("Content-Range", &format!("bytes */{size}"))
            }
            _ => {}
        }
        resp
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> ApiError {
        ApiError::Internal(format!("storage error: {e}"))
    }
}

/// Result of a route handler.
pub type ApiResult = Result<Response, ApiError>;
