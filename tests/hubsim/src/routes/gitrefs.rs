//! Branches, tags and history squashing:
//! `POST|DELETE /api/{type}s/{id}/branch/{branch}`, `POST /api/{type}s/{id}/tag/{revision}`,
//! `DELETE /api/{type}s/{id}/tag/{tag}`, `POST /api/{type}s/{id}/super-squash/{branch}`.
//!
//! Every route needs write access to the repo (see [`crate::auth::require_write`]). Branch and
//! tag names arrive percent-encoded as one segment (`feature%2Fx`) or, from older clients,
//! with raw slashes; both are accepted.

use super::manage::{json_body, str_field};
use super::Ctx;
use crate::auth::{require_write, visible_repo};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::http::Response;
use crate::store::history::{NewCommit, Parent};
use crate::store::model::{Repo, RepoType, State};
use serde_json::json;

/// Checks a branch or tag name as git's `check-ref-format` does; names under `refs/` are
/// refused (`refs/pr/5` is not a branch one may create).
pub fn check_ref_name(kind: &str, name: &str) -> Result<(), ApiError> {
    let bad = |why: &str| {
        Err(ApiError::BadRequest(format!(
            "Invalid {kind} name \"{name}\": {why}"
        )))
    };
    if name.is_empty() {
        return bad("it is empty");
    }
    if name.starts_with("refs/") {
        return bad("names under refs/ are reserved");
    }
    if name.chars().any(|c| {
        c.is_control() || c == ' ' || matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\')
    }) {
        return bad("it contains a forbidden character");
    }
    if name.contains("..") || name.contains("//") || name.contains("@{") || name == "@" {
        return bad("it contains a forbidden sequence");
    }
    if name.starts_with('/')
        || name.ends_with('/')
        || name.ends_with('.')
        || name.ends_with(".lock")
        || name.starts_with('-')
        || name.split('/').any(|part| part.starts_with('.'))
    {
        return bad("it does not form a valid ref");
    }
    Ok(())
}

/// Runs `f` on the repo under the write lock, after the visibility and permission checks.
fn with_writable_repo(
    ctx: &Ctx,
    t: RepoType,
    id: &str,
    f: impl FnOnce(&mut Repo) -> ApiResult,
) -> ApiResult {
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let ns = visible_repo(state, &ctx.ident, t, id)?
            .namespace()
            .to_string();
        require_write(state, &ctx.ident, &ns)?;
        let repo = state
            .repo_mut(t, id)
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        f(repo)
    })?
}

/// `POST …/branch/{branch}` with `{}` or `{"startingPoint": revision}` (default `main`):
/// 409 when the branch exists, 404 `RevisionNotFound` for an unknown starting point.
pub fn create_branch(ctx: &Ctx, t: RepoType, id: &str, branch: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let start = str_field(&body, "startingPoint")?
        .unwrap_or("main")
        .to_string();
    check_ref_name("branch", branch)?;
    with_writable_repo(ctx, t, id, |repo| {
        let full = format!("refs/heads/{branch}");
        if repo.refs.contains_key(&full) {
            return Err(ApiError::Conflict(format!(
                "Reference already exists: {full}"
            )));
        }
        let target = repo
            .resolve_rev(&start)
            .ok_or(ApiError::RevisionNotFound { rev: start.clone() })?
            .id
            .clone();
        repo.refs.insert(full, target);
        Ok(Response::json(200, &json!({})))
    })
}

/// `DELETE …/branch/{branch}`: 404 `RevisionNotFound` when missing, 400 for `main`.
pub fn delete_branch(ctx: &Ctx, t: RepoType, id: &str, branch: &str) -> ApiResult {
    with_writable_repo(ctx, t, id, |repo| {
        let full = format!("refs/heads/{branch}");
        if !repo.refs.contains_key(&full) {
            return Err(ApiError::RevisionNotFound {
                rev: branch.to_string(),
            });
        }
        if branch == "main" {
            return Err(ApiError::BadRequest(
                "Cannot delete the default branch main".into(),
            ));
        }
        repo.refs.remove(&full);
        Ok(Response::json(200, &json!({})))
    })
}

/// `POST …/tag/{revision}` with `{"tag", "message"?}`: tags the revision; 409 when the tag
/// exists, 404 `RevisionNotFound` for an unknown revision.
pub fn create_tag(ctx: &Ctx, t: RepoType, id: &str, revision: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let tag = str_field(&body, "tag")?
        .ok_or_else(|| ApiError::BadRequest("\"tag\" is required".into()))?
        .to_string();
    let message = str_field(&body, "message")?.map(str::to_string);
    check_ref_name("tag", &tag)?;
    with_writable_repo(ctx, t, id, |repo| {
        let target = repo
            .resolve_rev(revision)
            .ok_or(ApiError::RevisionNotFound {
                rev: revision.to_string(),
            })?
            .id
            .clone();
        let full = format!("refs/tags/{tag}");
        if repo.refs.contains_key(&full) {
            return Err(ApiError::Conflict(format!("Tag already exists: {tag}")));
        }
        repo.refs.insert(full.clone(), target);
        match message {
            Some(m) => repo.tag_messages.insert(full, m),
            None => repo.tag_messages.remove(&full),
        };
        Ok(Response::json(200, &json!({})))
    })
}

/// `DELETE …/tag/{tag}`: 404 `RevisionNotFound` when missing.
pub fn delete_tag(ctx: &Ctx, t: RepoType, id: &str, tag: &str) -> ApiResult {
    with_writable_repo(ctx, t, id, |repo| {
        let full = format!("refs/tags/{tag}");
        if repo.refs.remove(&full).is_none() {
            return Err(ApiError::RevisionNotFound {
                rev: tag.to_string(),
            });
        }
        repo.tag_messages.remove(&full);
        Ok(Response::json(200, &json!({})))
    })
}

/// `POST …/super-squash/{branch}` with `{"message"}`: replaces the branch's history by one
/// root commit holding its current tree. Branches (short or `refs/heads/…`) and `refs/pr/N`
/// may be squashed; tags and other refs → 400; unknown → 404 `RevisionNotFound`.
pub fn super_squash(ctx: &Ctx, t: RepoType, id: &str, branch: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let message = str_field(&body, "message")?
        .map(str::to_string)
        .unwrap_or_else(|| format!("Super-squash branch '{branch}'"));
    let author = ctx.ident.name().unwrap_or_default().to_string();
    with_writable_repo(ctx, t, id, |repo| {
        let full = if branch.starts_with("refs/heads/") || branch.starts_with("refs/pr/") {
            branch.to_string()
        } else if branch.starts_with("refs/") {
            return Err(ApiError::BadRequest(format!(
                "Cannot squash {branch}: only branches can be squashed"
            )));
        } else {
            format!("refs/heads/{branch}")
        };
        if !repo.refs.contains_key(&full) {
            if repo.refs.contains_key(&format!("refs/tags/{branch}")) {
                return Err(ApiError::BadRequest(format!(
                    "Cannot squash tag {branch}: only branches can be squashed"
                )));
            }
            return Err(ApiError::RevisionNotFound {
                rev: branch.to_string(),
            });
        }
        let head = repo.resolve_rev(&full).ok_or(ApiError::RevisionNotFound {
            rev: branch.to_string(),
        })?;
        let files = head.files.clone();
        let (title, rest) = match message.split_once('\n') {
            Some((t, r)) => (t.to_string(), r.trim_start_matches('\n').to_string()),
            None => (message.clone(), String::new()),
        };
        // A root commit with the same tree: apply_commit starts from the parent's files, so
        // build it from no parent with every file put back.
        let changes = files
            .into_iter()
            .map(|(path, entry)| crate::store::history::Change::Put { path, entry })
            .collect();
        let commit = repo.apply_commit(
            &full,
            Parent::Root,
            NewCommit {
                title,
                message: rest,
                authors: vec![author],
                date: now_iso(),
                changes,
            },
        );
        Ok(Response::json(200, &json!({ "commitId": commit })))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_names() {
        for ok in ["dev", "feature/x", "v1.0", "v1.0-rc_1", "a/b/c"] {
            assert!(check_ref_name("branch", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "refs/pr/5",
            "a b",
            "a..b",
            "a//b",
            "/a",
            "a/",
            "a.",
            "x.lock",
            "-a",
            "a/.b",
            "a~1",
            "a:b",
            "a^",
            "a?",
            "a*",
            "a[",
            "a\\b",
            "@",
        ] {
            assert!(check_ref_name("branch", bad).is_err(), "{bad}");
        }
    }
}
