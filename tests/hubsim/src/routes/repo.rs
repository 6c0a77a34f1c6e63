//! Repo-scoped API routes: info, refs, commits, likes (tree and paths-info are in `tree`).

use super::listing::expand_fields;
use super::repo_json::{self, View};
use super::{not_found, tree, users, Ctx};
use crate::auth::visible_repo;
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::http::Response;
use crate::paging;
use crate::store::model::{Commit, Like, Repo, RepoType, State};
use serde_json::{json, Map, Value};

/// Dispatches `/api/{type}s/{ns}/{name}/…`.
pub fn repo_api(ctx: &Ctx, method: &str, t: RepoType, id: &str, rest: &[&str]) -> ApiResult {
    match (method, rest) {
        ("GET", []) => info(ctx, t, id, None),
        ("GET", ["revision", rev @ ..]) if !rev.is_empty() => info(ctx, t, id, Some(rev.join("/"))),
        ("GET", ["tree", rest @ ..]) if !rest.is_empty() => tree::tree(ctx, t, id, rest),
        ("POST", ["paths-info", rev @ ..]) if !rev.is_empty() => {
            tree::paths_info(ctx, t, id, &rev.join("/"))
        }
        ("POST", ["preupload", rev @ ..]) if !rev.is_empty() => {
            super::upload::preupload(ctx, t, id, &rev.join("/"))
        }
        ("POST", ["commit", rev @ ..]) if !rev.is_empty() => {
            super::upload::commit(ctx, t, id, &rev.join("/"))
        }
        ("GET", ["refs"]) => refs(ctx, t, id),
        ("GET", ["commits", rev @ ..]) if !rev.is_empty() => commits(ctx, t, id, &rev.join("/")),
        ("GET", ["likers"]) => likers(ctx, t, id),
        ("POST", ["like"]) => like(ctx, t, id, true),
        ("DELETE", ["like"]) => like(ctx, t, id, false),
        ("PUT", ["settings"]) => super::manage::settings(ctx, t, id),
        ("POST", ["duplicate"]) if t == RepoType::Space => super::manage::duplicate_space(ctx, id),
        ("POST", ["branch", b @ ..]) if !b.is_empty() => {
            super::gitrefs::create_branch(ctx, t, id, &b.join("/"))
        }
        ("DELETE", ["branch", b @ ..]) if !b.is_empty() => {
            super::gitrefs::delete_branch(ctx, t, id, &b.join("/"))
        }
        ("POST", ["tag", rev @ ..]) if !rev.is_empty() => {
            super::gitrefs::create_tag(ctx, t, id, &rev.join("/"))
        }
        ("DELETE", ["tag", tag @ ..]) if !tag.is_empty() => {
            super::gitrefs::delete_tag(ctx, t, id, &tag.join("/"))
        }
        ("POST", ["super-squash", b @ ..]) if !b.is_empty() => {
            super::gitrefs::super_squash(ctx, t, id, &b.join("/"))
        }
        ("POST", ["ask-access"]) => super::access::ask(ctx, t, id),
        ("GET", ["user-access-request", status]) => super::access::list(ctx, t, id, status),
        ("POST", ["user-access-request", "handle"]) => super::access::handle(ctx, t, id),
        ("POST", ["user-access-request", "grant"]) => super::access::grant(ctx, t, id),
        _ => Err(not_found()),
    }
}

/// Resolves `rev` (default `main`) or fails with RevisionNotFound.
pub fn resolve_commit<'a>(repo: &'a Repo, rev: Option<&str>) -> Result<&'a Commit, ApiError> {
    let rev = rev.unwrap_or("main");
    repo.resolve_rev(rev)
        .ok_or_else(|| ApiError::RevisionNotFound {
            rev: rev.to_string(),
        })
}

fn info(ctx: &Ctx, t: RepoType, id: &str, rev: Option<String>) -> ApiResult {
    let expand = expand_fields(ctx, t)?;
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let commit = match &rev {
        Some(r) => Some(resolve_commit(repo, Some(r))?),
        None => repo.resolve_rev("main"),
    };
    let view = View {
        state: &state,
        store: &ctx.shared.store,
        ident: &ctx.ident,
        repo,
        commit,
        blobs: ctx.query.flag("blobs"),
    };
    let mut obj = if expand.is_empty() {
        repo_json::info_object(&view)
    } else {
        let mut keys = vec!["_id", "id"];
        keys.extend(expand.iter().copied());
        repo_json::object(&view, &keys)
    };
    if ctx.query.flag("securityStatus") {
        obj.insert("securityStatus".into(), json!({"containsInfected": false}));
        // the key newer Hub versions send instead (read by huggingface_hub ≥ 0.27)
        obj.insert(
            "securityRepoStatus".into(),
            json!({"scansDone": true, "filesWithIssues": []}),
        );
    }
    Ok(Response::json(200, &Value::Object(obj)))
}

fn ref_obj(name: &str, full: &str, target: &str) -> Value {
    json!({"name": name, "ref": full, "targetCommit": target})
}

fn refs(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let collect = |prefix: &str| -> Vec<(String, String, String)> {
        repo.refs
            .iter()
            .filter_map(|(full, target)| {
                let name = full.strip_prefix(prefix)?;
                Some((name.to_string(), full.clone(), target.clone()))
            })
            .collect()
    };
    let mut branches = collect("refs/heads/");
    // main first, then by name
    branches.sort_by_key(|(n, _, _)| (n != "main", n.clone()));
    let to_json = |v: Vec<(String, String, String)>| -> Vec<Value> {
        v.iter().map(|(n, f, c)| ref_obj(n, f, c)).collect()
    };
    let mut out = Map::new();
    out.insert("branches".into(), json!(to_json(branches)));
    out.insert("converts".into(), json!(to_json(collect("refs/convert/"))));
    out.insert("tags".into(), json!(to_json(collect("refs/tags/"))));
    let include_prs = ctx.query.flag("include_prs");
    if include_prs {
        let mut prs: Vec<(u64, Value)> = repo
            .refs
            .iter()
            .filter_map(|(full, target)| {
                let n: u64 = full.strip_prefix("refs/pr/")?.parse().ok()?;
                Some((n, ref_obj(&format!("pr/{n}"), full, target)))
            })
            .collect();
        prs.sort_by_key(|(n, _)| *n);
        out.insert(
            "pullRequests".into(),
            Value::Array(prs.into_iter().map(|(_, v)| v).collect()),
        );
    }
    Ok(Response::json(200, &Value::Object(out)))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Avatar URL of a user (a generic one for unknown names such as bots).
pub fn avatar_of(state: &State, name: &str) -> String {
    state
        .users
        .get(name)
        .map(|u| u.avatar_url.clone())
        .unwrap_or_else(|| format!("/avatars/{}.svg", crate::hash::object_id(name)))
}

fn commits(ctx: &Ctx, t: RepoType, id: &str, rev: &str) -> ApiResult {
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let start = resolve_commit(repo, Some(rev))?;
    let mut expand = ctx.query.all("expand[]");
    expand.extend(ctx.query.all("expand"));
    let formatted = expand.contains(&"formatted");
    let items: Vec<Value> = repo
        .history(start)
        .into_iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("id".into(), json!(c.id));
            m.insert("title".into(), json!(c.title));
            m.insert("message".into(), json!(c.message));
            m.insert("date".into(), json!(c.date));
            m.insert(
                "authors".into(),
                Value::Array(
                    c.authors
                        .iter()
                        .map(|a| json!({"user": a, "avatar": avatar_of(&state, a)}))
                        .collect(),
                ),
            );
            if formatted {
                let message = if c.message.is_empty() {
                    String::new()
                } else {
                    format!("<p>{}</p>", html_escape(&c.message).replace('\n', "<br>"))
                };
                m.insert(
                    "formatted".into(),
                    json!({"title": html_escape(&c.title), "message": message}),
                );
            }
            Value::Object(m)
        })
        .collect();
    drop(state);
    let limit = ctx.query.usize("limit").map_err(ApiError::BadRequest)?;
    paging::page_json(
        ctx.req,
        &ctx.base_url(),
        items,
        ctx.shared.page_sizes.commits,
        limit,
    )
}

fn likers(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let state = ctx.shared.store.read();
    visible_repo(&state, &ctx.ident, t, id)?;
    let items: Vec<Value> = state
        .likes
        .iter()
        .filter(|l| l.repo_type == t && l.repo_id == id)
        .filter_map(|l| state.users.get(&l.user))
        .map(|u| users::user_summary(&state, &ctx.ident, u))
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

fn like(ctx: &Ctx, t: RepoType, id: &str, on: bool) -> ApiResult {
    let user = ctx.ident.name().ok_or(ApiError::AuthRequired)?.to_string();
    {
        let state = ctx.shared.store.read();
        visible_repo(&state, &ctx.ident, t, id)?;
    }
    ctx.shared.store.write(|state| {
        let pos = state
            .likes
            .iter()
            .position(|l| l.user == user && l.repo_type == t && l.repo_id == id);
        match (on, pos) {
            (true, None) => state.likes.push(Like {
                user: user.clone(),
                repo_type: t,
                repo_id: id.to_string(),
                created_at: now_iso(),
            }),
            (false, Some(i)) => {
                state.likes.remove(i);
            }
            _ => {}
        }
    })?;
    Ok(Response::json(200, &json!({})))
}
