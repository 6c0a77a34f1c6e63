//! Users and organisations: whoami, overviews, followers, members, liked repos.

use super::{not_found, Ctx};
use crate::auth::{can_see, Identity};
use crate::errors::{ApiError, ApiResult};
use crate::hash::object_id;
use crate::http::Response;
use crate::paging;
use crate::store::model::{RepoType, State, User};
use serde_json::{json, Value};

fn user_not_found() -> ApiError {
    ApiError::NotFound("User not found".into())
}

/// `GET /api/whoami-v2` (token required).
pub fn whoami(ctx: &Ctx) -> ApiResult {
    let Identity::User { name, token, .. } = &ctx.ident else {
        return Err(ApiError::InvalidCredentials);
    };
    let state = ctx.shared.store.read();
    let user = state.users.get(name).ok_or(ApiError::InvalidCredentials)?;
    let tok = state
        .tokens
        .get(token)
        .ok_or(ApiError::InvalidCredentials)?;
    let orgs: Vec<Value> = state
        .orgs
        .values()
        .filter_map(|o| {
            let role = o.members.get(name)?;
            Some(json!({
                "type": "org",
                "id": object_id(&format!("org:{}", o.name)),
                "name": o.name,
                "fullname": o.fullname,
                "email": null,
                "canPay": false,
                "avatarUrl": o.avatar_url,
                "periodEnd": null,
                "roleInOrg": role.as_str(),
            }))
        })
        .collect();
    let body = json!({
        "type": "user",
        "id": object_id(&format!("user:{}", user.name)),
        "name": user.name,
        "fullname": user.fullname,
        "email": user.email,
        "emailVerified": true,
        "canPay": false,
        "isPro": user.is_pro,
        "periodEnd": null,
        "avatarUrl": user.avatar_url,
        "orgs": orgs,
        "auth": {
            "type": "access_token",
            "accessToken": {
                "displayName": tok.display_name,
                "role": tok.role.as_str(),
                "createdAt": tok.created_at,
            }
        }
    });
    Ok(Response::json(200, &body))
}

/// The short user object of likers, followers and members.
pub fn user_summary(state: &State, ident: &Identity, u: &User) -> Value {
    let following = ident
        .name()
        .and_then(|me| state.users.get(me))
        .is_some_and(|me| me.following.contains(&u.name));
    json!({
        "_id": object_id(&format!("user:{}", u.name)),
        "user": u.name,
        "fullname": u.fullname,
        "avatarUrl": u.avatar_url,
        "type": "user",
        "isPro": u.is_pro,
        "isFollowing": following,
    })
}

fn count_repos(state: &State, namespace: &str, t: RepoType) -> usize {
    state
        .repos
        .values()
        .filter(|r| r.repo_type == t && r.namespace() == namespace && !r.private)
        .count()
}

/// `GET /api/users/{user}/{likes|overview|followers|following}`.
pub fn user_route(ctx: &Ctx, name: &str, what: &str) -> ApiResult {
    let state = ctx.shared.store.read();
    let user = state.users.get(name).ok_or_else(user_not_found)?;
    let listing = |items: Vec<Value>| {
        paging::page_json(
            ctx.req,
            &ctx.base_url(),
            items,
            ctx.shared.page_sizes.listing,
            None,
        )
    };
    match what {
        "overview" => {
            let following = ctx
                .ident
                .name()
                .and_then(|me| state.users.get(me))
                .is_some_and(|me| me.following.contains(name));
            let orgs: Vec<Value> = state
                .orgs
                .values()
                .filter(|o| o.members.contains_key(name))
                .map(|o| json!({"name": o.name, "fullname": o.fullname, "avatarUrl": o.avatar_url, "type": "org"}))
                .collect();
            let body = json!({
                "_id": object_id(&format!("user:{name}")),
                "avatarUrl": user.avatar_url,
                "fullname": user.fullname,
                "user": user.name,
                "type": "user",
                "isPro": user.is_pro,
                "isFollowing": following,
                "details": user.details,
                "createdAt": user.created_at,
                "numModels": count_repos(&state, name, RepoType::Model),
                "numDatasets": count_repos(&state, name, RepoType::Dataset),
                "numSpaces": count_repos(&state, name, RepoType::Space),
                "numDiscussions": 0,
                "numPapers": 0,
                "numUpvotes": 0,
                "numLikes": state.likes.iter().filter(|l| l.user == name).count(),
                "numFollowers": state.followers(name).len(),
                "numFollowing": user.following.len(),
                "orgs": orgs,
            });
            Ok(Response::json(200, &body))
        }
        "followers" => {
            let items = state
                .followers(name)
                .into_iter()
                .map(|u| user_summary(&state, &ctx.ident, u))
                .collect();
            listing(items)
        }
        "following" => {
            let items = user
                .following
                .iter()
                .filter_map(|n| state.users.get(n))
                .map(|u| user_summary(&state, &ctx.ident, u))
                .collect();
            listing(items)
        }
        "likes" => {
            let items = state
                .likes
                .iter()
                .rev()
                .filter(|l| l.user == name)
                .filter(|l| {
                    state
                        .repo(l.repo_type, &l.repo_id)
                        .is_some_and(|r| can_see(&state, &ctx.ident, r))
                })
                .map(|l| {
                    json!({
                        "createdAt": l.created_at,
                        "repo": {"name": l.repo_id, "type": l.repo_type.singular()},
                    })
                })
                .collect();
            listing(items)
        }
        _ => Err(not_found()),
    }
}

/// `GET /api/organizations/{org}/{members|overview}`.
pub fn org_route(ctx: &Ctx, name: &str, what: &str) -> ApiResult {
    let state = ctx.shared.store.read();
    let org = state
        .orgs
        .get(name)
        .ok_or_else(|| ApiError::NotFound("Organization not found".into()))?;
    match what {
        "members" => {
            let items = org
                .members
                .iter()
                .filter_map(|(n, role)| {
                    let mut v = user_summary(&state, &ctx.ident, state.users.get(n)?);
                    v["role"] = json!(role.as_str());
                    Some(v)
                })
                .collect();
            paging::page_json(
                ctx.req,
                &ctx.base_url(),
                items,
                ctx.shared.page_sizes.listing,
                None,
            )
        }
        "overview" => {
            let following = ctx
                .ident
                .name()
                .and_then(|me| state.users.get(me))
                .is_some_and(|me| me.following.contains(name));
            let body = json!({
                "_id": object_id(&format!("org:{name}")),
                "avatarUrl": org.avatar_url,
                "fullname": org.fullname,
                "name": org.name,
                "type": "org",
                "isVerified": false,
                "isEnterprise": false,
                "isFollowing": following,
                "numUsers": org.members.len(),
                "numModels": count_repos(&state, name, RepoType::Model),
                "numDatasets": count_repos(&state, name, RepoType::Dataset),
                "numSpaces": count_repos(&state, name, RepoType::Space),
                "numFollowers": state.followers(name).len(),
                "numPapers": 0,
            });
            Ok(Response::json(200, &body))
        }
        _ => Err(not_found()),
    }
}
