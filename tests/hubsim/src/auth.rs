//! Who is calling (from `Authorization: Bearer <token>`) and what they may see.

use crate::errors::ApiError;
use crate::http::Request;
use crate::store::model::{Gated, Repo, RepoType, Role, State, TokenRole};

/// The caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// No token.
    Anonymous,
    /// A valid token of this user.
    User {
        /// User name.
        name: String,
        /// Token permission.
        role: TokenRole,
        /// The token string.
        token: String,
    },
}

impl Identity {
    /// User name, if authenticated.
    pub fn name(&self) -> Option<&str> {
        match self {
            Identity::Anonymous => None,
            Identity::User { name, .. } => Some(name),
        }
    }

    /// Whether no token was sent.
    pub fn is_anonymous(&self) -> bool {
        matches!(self, Identity::Anonymous)
    }
}

/// Reads the token of a request. Any `Authorization` header that is not a known bearer token
/// is an error (like the Hub, which rejects bad credentials on every endpoint).
pub fn identify(state: &State, req: &Request) -> Result<Identity, ApiError> {
    let Some(value) = req.header("authorization") else {
        return Ok(Identity::Anonymous);
    };
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or(ApiError::InvalidCredentials)?;
    let t = state
        .tokens
        .get(token)
        .ok_or(ApiError::InvalidCredentials)?;
    if !state.users.contains_key(&t.owner) {
        return Err(ApiError::InvalidCredentials);
    }
    Ok(Identity::User {
        name: t.owner.clone(),
        role: t.role,
        token: token.to_string(),
    })
}

/// The caller's role over a namespace: `Admin` for their own, their org role for an org.
pub fn namespace_role(state: &State, ident: &Identity, namespace: &str) -> Option<Role> {
    let name = ident.name()?;
    if name == namespace {
        return Some(Role::Admin);
    }
    state.orgs.get(namespace)?.members.get(name).copied()
}

/// Whether the caller may see the repo at all (public, or owner / org member).
pub fn can_see(state: &State, ident: &Identity, repo: &Repo) -> bool {
    !repo.private || namespace_role(state, ident, repo.namespace()).is_some()
}

/// Whether the caller may read a gated repo's files.
pub fn gate_open(state: &State, ident: &Identity, repo: &Repo) -> bool {
    if repo.gated == Gated::No {
        return true;
    }
    match ident.name() {
        None => false,
        Some(name) => {
            repo.gate_approved.contains(name)
                || namespace_role(state, ident, repo.namespace()).is_some()
        }
    }
}

/// Looks a repo up for the caller: missing or invisible → RepoNotFound (401 anonymous,
/// 404 authenticated); disabled → 403.
pub fn visible_repo<'a>(
    state: &'a State,
    ident: &Identity,
    repo_type: RepoType,
    id: &str,
) -> Result<&'a Repo, ApiError> {
    let not_found = ApiError::RepoNotFound {
        anonymous: ident.is_anonymous(),
    };
    let repo = state.repo(repo_type, id).ok_or(not_found.clone())?;
    if !can_see(state, ident, repo) {
        return Err(not_found);
    }
    if repo.disabled {
        return Err(ApiError::Disabled);
    }
    Ok(repo)
}

/// Fails with the gated error unless the caller may read the repo's files.
pub fn check_gate(state: &State, ident: &Identity, repo: &Repo) -> Result<(), ApiError> {
    if gate_open(state, ident, repo) {
        Ok(())
    } else {
        Err(ApiError::Gated {
            anonymous: ident.is_anonymous(),
            repo_type: repo.repo_type,
            id: repo.id.clone(),
        })
    }
}

/// Message of the 403 answered to a read token on a write operation.
pub const READ_TOKEN_FORBIDDEN: &str =
    "You don't have the rights to perform this operation: this token has read access only.";

/// Fails unless the caller holds a write token (401 anonymous, 403 read token).
pub fn require_write_token(ident: &Identity) -> Result<&str, ApiError> {
    match ident {
        Identity::Anonymous => Err(ApiError::AuthRequired),
        Identity::User {
            role: TokenRole::Read,
            ..
        } => Err(ApiError::Forbidden(READ_TOKEN_FORBIDDEN.into())),
        Identity::User { name, .. } => Ok(name),
    }
}

/// Fails unless the caller may write to the repos of `namespace`: a write token of that user,
/// or of an `admin` or `write` member of that org (401 anonymous, 403 otherwise).
pub fn require_write(state: &State, ident: &Identity, namespace: &str) -> Result<(), ApiError> {
    require_write_token(ident)?;
    match namespace_role(state, ident, namespace) {
        Some(Role::Admin | Role::Write) => Ok(()),
        _ => Err(ApiError::Forbidden(format!(
            "You don't have the rights to write to repositories of \"{namespace}\"."
        ))),
    }
}

/// Fails unless the caller may create a repo of this type in `namespace` (their own, or an org
/// where they are `admin`, `write` or `contributor`), with a write token.
pub fn require_create(
    state: &State,
    ident: &Identity,
    namespace: &str,
    repo_type: RepoType,
) -> Result<(), ApiError> {
    require_write_token(ident)?;
    match namespace_role(state, ident, namespace) {
        Some(Role::Admin | Role::Write | Role::Contributor) => Ok(()),
        _ => Err(ApiError::Forbidden(format!(
            "You don't have the rights to create a {} under the namespace \"{namespace}\"",
            repo_type.singular()
        ))),
    }
}
