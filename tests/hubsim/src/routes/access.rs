//! Gated repos: users ask for access (`POST /api/{type}s/{id}/ask-access`), the repo's authors
//! review the requests (`GET …/user-access-request/{pending|accepted|rejected}`,
//! `POST …/user-access-request/handle`, `POST …/user-access-request/grant`).
//!
//! Accepted users pass the gate of `resolve` ([`crate::auth::gate_open`]); pending and rejected
//! ones do not. Reviewing needs a write token of the owner or of an `admin`/`write` member of
//! the owning org (401 anonymous, 403 otherwise); a repo that is not gated answers 400; an
//! unknown user or request 404.

use super::manage::{json_body, str_field};
use super::Ctx;
use crate::auth::{gate_open, require_write, visible_repo};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::hash::object_id;
use crate::http::Response;
use crate::paging;
use crate::query::Query;
use crate::store::model::{AccessRequest, AccessStatus, Gated, Repo, RepoType, State};
use serde_json::{json, Map, Value};

fn not_gated() -> ApiError {
    ApiError::BadRequest("This repository is not gated: there are no access requests".into())
}

fn user_not_found(user: &str) -> ApiError {
    ApiError::NotFound(format!("User not found: {user}"))
}

/// An access request as the Hub lists it.
pub fn request_json(state: &State, req: &AccessRequest) -> Value {
    let mut user = json!({
        "_id": object_id(&format!("user:{}", req.user)),
        "user": req.user,
        "type": "user",
    });
    if let Some(u) = state.users.get(&req.user) {
        user["fullname"] = json!(u.fullname);
        user["email"] = json!(u.email);
        user["avatarUrl"] = json!(u.avatar_url);
        user["isPro"] = json!(u.is_pro);
    }
    let mut out = Map::new();
    out.insert("requestId".into(), json!(req.id));
    out.insert("user".into(), user);
    out.insert("status".into(), json!(req.status.as_str()));
    out.insert("timestamp".into(), json!(req.timestamp));
    if let Some(f) = &req.fields {
        out.insert("fields".into(), Value::Object(f.clone()));
    }
    // (the rejection reason is kept but not listed: no client reads it back)
    Value::Object(out)
}

/// Checks that the caller may review the repo's requests and that it is gated.
fn check_reviewer(state: &State, ctx: &Ctx, t: RepoType, id: &str) -> Result<(), ApiError> {
    let repo = visible_repo(state, &ctx.ident, t, id)?;
    require_write(state, &ctx.ident, repo.namespace())?;
    if repo.gated == Gated::No {
        return Err(not_gated());
    }
    Ok(())
}

fn repo_mut<'a>(state: &'a mut State, t: RepoType, id: &str) -> Result<&'a mut Repo, ApiError> {
    state
        .repo_mut(t, id)
        .ok_or(ApiError::RepoNotFound { anonymous: false })
}

/// `GET …/user-access-request/{status}`: the requests with that status, oldest first,
/// `Link`-paginated.
pub fn list(ctx: &Ctx, t: RepoType, id: &str, status: &str) -> ApiResult {
    let status = AccessStatus::parse(status).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "Invalid status \"{status}\": expected pending, accepted or rejected"
        ))
    })?;
    let state = ctx.shared.store.read();
    check_reviewer(&state, ctx, t, id)?;
    let repo = state
        .repo(t, id)
        .ok_or(ApiError::RepoNotFound { anonymous: false })?;
    let mut requests: Vec<&AccessRequest> = repo
        .access_requests
        .iter()
        .filter(|r| r.status == status)
        .collect();
    requests.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then(a.user.cmp(&b.user)));
    let items = requests
        .into_iter()
        .map(|r| request_json(&state, r))
        .collect();
    drop(state);
    paging::page_json(
        ctx.req,
        &ctx.base_url(),
        items,
        ctx.shared.page_sizes.listing,
        None,
    )
}

/// `POST …/user-access-request/handle` with `{"user" | "requestId", "status",
/// "rejectionReason"?}`: moves a request to another status.
pub fn handle(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let status = str_field(&body, "status")?.unwrap_or_default();
    let status = AccessStatus::parse(status).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "Invalid status \"{status}\": expected pending, accepted or rejected"
        ))
    })?;
    let user = str_field(&body, "user")?.map(str::to_string);
    let request_id = str_field(&body, "requestId")?.map(str::to_string);
    let reason = str_field(&body, "rejectionReason")?.map(str::to_string);
    if reason.is_some() && status != AccessStatus::Rejected {
        return Err(ApiError::BadRequest(
            "A rejection reason can only be given when rejecting a request".into(),
        ));
    }
    let now = now_iso();
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        check_reviewer(state, ctx, t, id)?;
        let user = match (user, request_id) {
            (Some(u), None) => {
                if !state.users.contains_key(&u) {
                    return Err(user_not_found(&u));
                }
                u
            }
            (None, Some(rid)) => {
                let repo = repo_mut(state, t, id)?;
                repo.access_requests
                    .iter()
                    .find(|r| r.id == rid)
                    .map(|r| r.user.clone())
                    .ok_or_else(|| ApiError::NotFound(format!("Access request not found: {rid}")))?
            }
            _ => {
                return Err(ApiError::BadRequest(
                    "Exactly one of \"user\" and \"requestId\" is required".into(),
                ))
            }
        };
        let repo = repo_mut(state, t, id)?;
        if repo.access_request(&user).is_none() {
            return Err(ApiError::NotFound(format!(
                "No access request from {user} for this repository"
            )));
        }
        let req = repo.set_access_status(&user, status, &now);
        req.rejection_reason = reason;
        Ok(Response::json(200, &json!({})))
    })?
}

/// `POST …/user-access-request/grant` with `{"user"}`: gives a user access without a request
/// (400 if they already have it); answers the (accepted) request.
pub fn grant(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let user = str_field(&body, "user")?
        .ok_or_else(|| ApiError::BadRequest("\"user\" is required".into()))?
        .to_string();
    let now = now_iso();
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        check_reviewer(state, ctx, t, id)?;
        if !state.users.contains_key(&user) {
            return Err(user_not_found(&user));
        }
        let grantee = crate::auth::Identity::User {
            name: user.clone(),
            role: crate::store::model::TokenRole::Read,
            token: String::new(),
        };
        let repo = state
            .repo(t, id)
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        if gate_open(state, &grantee, repo) {
            return Err(ApiError::BadRequest(format!(
                "{user} already has access to this repository"
            )));
        }
        let repo = repo_mut(state, t, id)?;
        let req = repo
            .set_access_status(&user, AccessStatus::Accepted, &now)
            .clone();
        let json = request_json(state, &req);
        Ok(Response::json(200, &json))
    })?
}

/// `POST …/ask-access` with the gate form's fields (form-encoded or JSON): a pending request
/// (`manual` gating) or an accepted one (`auto`). Asking again updates the fields of a pending
/// request and changes nothing once accepted; a rejected user gets 403.
pub fn ask(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let user = ctx.ident.name().ok_or(ApiError::AuthRequired)?.to_string();
    let fields: Map<String, Value> = if ctx.req.body.first() == Some(&b'{') {
        json_body(ctx)?
    } else {
        let form = Query::parse(std::str::from_utf8(&ctx.req.body).ok());
        let mut m = Map::new();
        for key in form_keys(&ctx.req.body) {
            if let Some(v) = form.get(&key) {
                m.insert(key, json!(v));
            }
        }
        m
    };
    let now = now_iso();
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let repo = visible_repo(state, &ctx.ident, t, id)?;
        let gated = repo.gated;
        if gated == Gated::No {
            return Err(ApiError::BadRequest(
                "This repository is not gated: there is no access to ask for".into(),
            ));
        }
        if gate_open(state, &ctx.ident, repo) && repo.access_request(&user).is_none() {
            return Err(ApiError::BadRequest(
                "You already have access to this repository".into(),
            ));
        }
        let repo = repo_mut(state, t, id)?;
        let status = match repo.access_request(&user).map(|r| r.status) {
            Some(AccessStatus::Rejected) => {
                return Err(ApiError::Forbidden(
                    "Your request to access this repository has been rejected by its authors"
                        .into(),
                ))
            }
            Some(s) => s,
            None if gated == Gated::Auto => AccessStatus::Accepted,
            None => AccessStatus::Pending,
        };
        let req = repo.set_access_status(&user, status, &now);
        if !fields.is_empty() && (status == AccessStatus::Pending || req.fields.is_none()) {
            req.fields = Some(fields);
        }
        let req = req.clone();
        let json = request_json(state, &req);
        Ok(Response::json(200, &json))
    })?
}

/// The keys of a form body, in order, without duplicates.
fn form_keys(body: &[u8]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for part in std::str::from_utf8(body).unwrap_or("").split('&') {
        let key = crate::query::form_decode(part.split('=').next().unwrap_or(""));
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}
