//! Discussions and pull requests: `/api/{type}s/{ns}/{name}/discussions[/{num}[/…]]`.
//!
//! Listing with page-index pagination (`p=0,1,…`, `{discussions, count, start}`), details with
//! events (comment, status-change, title-change, commit), `changes`, `filesWithConflicts` and a
//! unified `diff` (`?diff=1`), and the mutations (create, comment, rename, status, merge, edit
//! and hide a comment). Reading follows the repo's visibility; every mutation needs a write
//! token (401 anonymous, 403 read token).

use super::repo_json::last_modified;
use super::{not_found, Ctx};
use crate::auth::{namespace_role, visible_repo, Identity};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::hash::object_id;
use crate::http::Response;
use crate::store::community::{
    self, comment, conflicting_files, effective_status, pr_range, unified_diff, CommentVersion,
    Discussion, EventKind, MergeError, Status,
};
use crate::store::model::{repo_key, Repo, RepoType, Role, State, TokenRole};
use serde_json::{json, Map, Value};

/// Dispatches `rest` = the segments after `…/discussions`.
pub fn route(ctx: &Ctx, method: &str, t: RepoType, id: &str, rest: &[&str]) -> ApiResult {
    match (method, rest) {
        ("GET", []) => list(ctx, t, id),
        ("POST", []) => create(ctx, t, id),
        ("GET", [num]) => details(ctx, t, id, parse_num(num)?),
        ("POST", [num, "comment"]) => comment_route(ctx, t, id, parse_num(num)?),
        ("POST", [num, "title"]) => rename(ctx, t, id, parse_num(num)?),
        ("POST", [num, "status"]) => change_status(ctx, t, id, parse_num(num)?),
        ("POST", [num, "merge"]) => merge(ctx, t, id, parse_num(num)?),
        ("POST", [num, "comment", cid, "edit"]) => edit(ctx, t, id, parse_num(num)?, cid),
        ("POST", [num, "comment", cid, "hide"]) => hide(ctx, t, id, parse_num(num)?, cid),
        _ => Err(not_found()),
    }
}

fn parse_num(s: &str) -> Result<u64, ApiError> {
    s.parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(discussion_not_found)
}

fn discussion_not_found() -> ApiError {
    ApiError::NotFound("Discussion not found".into())
}

/// The caller's name when they hold a write token (401 anonymous, 403 read token).
fn writer(ident: &Identity) -> Result<String, ApiError> {
    match ident {
        Identity::Anonymous => Err(ApiError::AuthRequired),
        Identity::User {
            role: TokenRole::Read,
            ..
        } => Err(ApiError::Forbidden(
            "You don't have the rights to perform this operation: this token has read access only."
                .into(),
        )),
        Identity::User { name, .. } => Ok(name.clone()),
    }
}

/// Whether the caller may write to the repo (owner, or `admin`/`write` member of its org).
fn is_repo_writer(state: &State, ident: &Identity, repo: &Repo) -> bool {
    matches!(
        namespace_role(state, ident, repo.namespace()),
        Some(Role::Admin | Role::Write)
    )
}

fn forbidden(what: &str) -> ApiError {
    ApiError::Forbidden(format!(
        "You don't have the rights to {what}: only its author and the repository's maintainers can."
    ))
}

/// The JSON body of a mutation (an object; an empty body is an empty object).
fn body(ctx: &Ctx) -> Result<Map<String, Value>, ApiError> {
    if ctx.req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&ctx.req.body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::BadRequest("Expected a JSON object".into())),
        Err(e) => Err(ApiError::BadRequest(format!("Invalid JSON body: {e}"))),
    }
}

fn string_field(m: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::BadRequest(format!("\"{key}\" must be a string"))),
    }
}

fn check_title(title: &str) -> Result<String, ApiError> {
    let t = title.trim();
    let n = t.chars().count();
    if !(3..=200).contains(&n) {
        return Err(ApiError::BadRequest(
            "Title must be between 3 and 200 characters long".into(),
        ));
    }
    Ok(t.to_string())
}

fn html(raw: &str) -> String {
    let escaped = raw
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    escaped
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", p.trim().replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The author object of discussions and events (`None` for deleted users).
pub fn author_json(state: &State, name: &str) -> Option<Value> {
    let u = state.users.get(name)?;
    Some(json!({
        "_id": object_id(&format!("user:{}", u.name)),
        "avatarUrl": u.avatar_url,
        "fullname": u.fullname,
        "name": u.name,
        "type": "user",
        "isPro": u.is_pro,
        "isHf": false,
        "isMod": false,
    }))
}

fn with_author(state: &State, mut m: Map<String, Value>, author: &str) -> Map<String, Value> {
    if let Some(a) = author_json(state, author) {
        m.insert("author".into(), a);
    }
    m
}

const HIDDEN_TEXT: &str = "This comment has been hidden";

fn event_json(state: &State, e: &community::Event) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert(
        "type".into(),
        json!(match e.kind {
            EventKind::Comment { .. } => "comment",
            EventKind::StatusChange { .. } => "status-change",
            EventKind::TitleChange { .. } => "title-change",
        }),
    );
    m.insert("createdAt".into(), json!(e.created_at));
    let mut m = with_author(state, m, &e.author);
    let data = match &e.kind {
        EventKind::Comment {
            versions,
            hidden,
            hidden_by,
        } => {
            let version_json = |v: &CommentVersion, hide: bool| {
                let raw = if hide { HIDDEN_TEXT } else { v.raw.as_str() };
                let mut l = Map::new();
                l.insert("raw".into(), json!(raw));
                l.insert("html".into(), json!(html(raw)));
                l.insert("updatedAt".into(), json!(v.updated_at));
                if let Some(a) = author_json(state, &v.author) {
                    l.insert("author".into(), a);
                }
                Value::Object(l)
            };
            let latest = versions.last().expect("a comment has a version");
            let mut editors: Vec<&str> = Vec::new();
            for v in versions {
                if !editors.contains(&v.author.as_str()) {
                    editors.push(&v.author);
                }
            }
            // previous versions, newest first; a hidden comment's text is no longer served
            let history: Vec<Value> = if *hidden {
                Vec::new()
            } else {
                versions[..versions.len() - 1]
                    .iter()
                    .rev()
                    .map(|v| version_json(v, false))
                    .collect()
            };
            let mut d = Map::new();
            d.insert("edited".into(), json!(versions.len() > 1));
            d.insert("hidden".into(), json!(hidden));
            if let Some(by) = hidden_by {
                d.insert("hiddenBy".into(), json!(by));
            }
            d.insert("numEdits".into(), json!(versions.len() - 1));
            d.insert("editors".into(), json!(editors));
            d.insert("reactions".into(), json!([]));
            d.insert(
                "identifiedLanguage".into(),
                json!({"language": "en", "probability": 0.9}),
            );
            d.insert("latest".into(), version_json(latest, *hidden));
            d.insert("history".into(), Value::Array(history));
            Value::Object(d)
        }
        EventKind::StatusChange { status } => json!({"status": status.as_str()}),
        EventKind::TitleChange { from, to } => json!({"from": from, "to": to}),
    };
    m.insert("data".into(), data);
    Value::Object(m)
}

/// Stored events plus the derived commit events of a pull request, by date.
fn events_json(state: &State, repo: &Repo, d: &Discussion) -> Vec<Value> {
    let mut all: Vec<(String, Value)> = d
        .events
        .iter()
        .map(|e| (e.created_at.clone(), event_json(state, e)))
        .collect();
    if let Some(range) = pr_range(repo, d) {
        let key = repo_key(repo.repo_type, &repo.id);
        for c in range.commits {
            let mut m = Map::new();
            m.insert(
                "id".into(),
                json!(object_id(&format!("commit-event:{key}:{}:{}", d.num, c.id))),
            );
            m.insert("type".into(), json!("commit"));
            m.insert("createdAt".into(), json!(c.date));
            let author = c.authors.first().map(String::as_str).unwrap_or("");
            let mut m = with_author(state, m, author);
            m.insert("data".into(), json!({"subject": c.title, "oid": c.id}));
            all.push((c.date.clone(), Value::Object(m)));
        }
    }
    // stable: stored events keep their order, commits slot in by date
    all.sort_by(|a, b| {
        crate::dates::parse_iso(&a.0)
            .unwrap_or(0)
            .cmp(&crate::dates::parse_iso(&b.0).unwrap_or(0))
    });
    all.into_iter().map(|(_, v)| v).collect()
}

fn summary_json(state: &State, repo: &Repo, d: &Discussion) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("num".into(), json!(d.num));
    m.insert("title".into(), json!(d.title));
    m.insert("status".into(), json!(effective_status(repo, d).as_str()));
    m.insert("createdAt".into(), json!(d.created_at));
    m.insert("isPullRequest".into(), json!(d.is_pull_request));
    let comments = d
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Comment { .. }))
        .count();
    m.insert("numComments".into(), json!(comments));
    m.insert("pinned".into(), json!(false));
    m.insert("topReactions".into(), json!([]));
    let mut m = with_author(state, m, &d.author);
    m.insert(
        "repo".into(),
        json!({"name": repo.id, "type": repo.repo_type.singular()}),
    );
    m
}

fn list(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let kind = ctx.query.get("type").unwrap_or("all");
    if !["all", "discussion", "pull_request"].contains(&kind) {
        return Err(ApiError::BadRequest(format!(
            "Invalid type \"{kind}\": expected all, discussion or pull_request"
        )));
    }
    let status = ctx.query.get("status").unwrap_or("all");
    if !["all", "open", "closed"].contains(&status) {
        return Err(ApiError::BadRequest(format!(
            "Invalid status \"{status}\": expected all, open or closed"
        )));
    }
    let page = match ctx.query.get("p") {
        None => 0,
        Some(p) => p
            .trim()
            .parse::<usize>()
            .map_err(|_| ApiError::BadRequest(format!("Invalid page index \"{p}\"")))?,
    };
    let author = ctx.query.get("author");
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let all: Vec<&Discussion> = state
        .discussions
        .of(t, id)
        .map(|m| m.values().rev().collect())
        .unwrap_or_default();
    let num_closed = all
        .iter()
        .filter(|d| matches!(d.status, Status::Closed | Status::Merged))
        .count();
    let matching: Vec<&Discussion> = all
        .into_iter()
        .filter(|d| match kind {
            "discussion" => !d.is_pull_request,
            "pull_request" => d.is_pull_request,
            _ => true,
        })
        .filter(|d| match status {
            "open" => matches!(effective_status(repo, d), Status::Open | Status::Draft),
            "closed" => matches!(effective_status(repo, d), Status::Closed | Status::Merged),
            _ => true,
        })
        .filter(|d| author.is_none_or(|a| d.author == a))
        .collect();
    let size = ctx.shared.page_sizes.discussions.max(1);
    let start = page.saturating_mul(size);
    let items: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(size)
        .map(|d| Value::Object(summary_json(&state, repo, d)))
        .collect();
    Ok(Response::json(
        200,
        &json!({
            "discussions": items,
            "count": matching.len(),
            "start": start,
            "numClosedDiscussions": num_closed,
        }),
    ))
}

/// The details object (`GET …/discussions/{num}`), with the diff when asked.
pub fn details_json(
    ctx: &Ctx,
    state: &State,
    repo: &Repo,
    d: &Discussion,
    with_diff: bool,
) -> Value {
    let mut m = summary_json(state, repo, d);
    m.insert("events".into(), Value::Array(events_json(state, repo, d)));
    if d.is_pull_request {
        m.insert(
            "changes".into(),
            json!({
                "base": d.target_ref.clone().unwrap_or_else(|| "refs/heads/main".into()),
                "mergeCommitId": d.merge.as_ref().map(|x| x.commit.clone()),
            }),
        );
        m.insert(
            "filesWithConflicts".into(),
            json!(conflicting_files(repo, d)),
        );
        if with_diff {
            let diff = pr_range(repo, d)
                .map(|r| unified_diff(&ctx.shared.store, state, &r.base.files, &r.head.files))
                .unwrap_or_default();
            m.insert("diff".into(), json!(diff));
        }
    }
    Value::Object(m)
}

fn details(ctx: &Ctx, t: RepoType, id: &str, num: u64) -> ApiResult {
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let d = state
        .discussions
        .get(t, id, num)
        .ok_or_else(discussion_not_found)?;
    let with_diff = ctx.query.flag("diff");
    Ok(Response::json(
        200,
        &details_json(ctx, &state, repo, d, with_diff),
    ))
}

fn create(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let me = writer(&ctx.ident)?;
    let b = body(ctx)?;
    let title = check_title(
        &string_field(&b, "title")?
            .ok_or_else(|| ApiError::BadRequest("\"title\" is required".into()))?,
    )?;
    let description = string_field(&b, "description")?.unwrap_or_default();
    let pull_request = match b.get("pullRequest") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(v)) => *v,
        Some(_) => {
            return Err(ApiError::BadRequest(
                "\"pullRequest\" must be a boolean".into(),
            ))
        }
    };
    {
        let state = ctx.shared.store.read();
        visible_repo(&state, &ctx.ident, t, id)?;
    }
    let now = now_iso();
    let num = ctx
        .shared
        .store
        .write(|state| {
            community::open(state, t, id, &title, &description, &me, &now, pull_request)
        })?
        .ok_or(ApiError::RepoNotFound { anonymous: false })?;
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let d = state
        .discussions
        .get(t, id, num)
        .ok_or_else(discussion_not_found)?;
    let mut m = summary_json(&state, repo, d);
    m.insert(
        "url".into(),
        json!(format!(
            "{}/{}{}/discussions/{num}",
            ctx.base_url(),
            t.url_prefix(),
            id
        )),
    );
    m.insert("pullRequest".into(), json!(pull_request));
    Ok(Response::json(200, &Value::Object(m)))
}

/// Runs a mutation on discussion `num` under the write lock, after the visibility check.
/// `f` gets the state, the caller's name and whether they maintain the repo.
fn mutate<R>(
    ctx: &Ctx,
    t: RepoType,
    id: &str,
    num: u64,
    f: impl FnOnce(&mut State, &str, bool) -> Result<R, ApiError>,
) -> Result<R, ApiError> {
    let me = writer(&ctx.ident)?;
    let ident = ctx.ident.clone();
    ctx.shared.store.write(|state| {
        let repo = visible_repo(state, &ident, t, id)?;
        let maintainer = is_repo_writer(state, &ident, repo);
        if state.discussions.get(t, id, num).is_none() {
            return Err(discussion_not_found());
        }
        f(state, &me, maintainer)
    })?
}

/// The event `event_id` of discussion `num`, rendered.
fn render_event(ctx: &Ctx, t: RepoType, id: &str, num: u64, event_id: &str) -> Value {
    let state = ctx.shared.store.read();
    state
        .discussions
        .get(t, id, num)
        .and_then(|d| d.events.iter().find(|e| e.id == event_id))
        .map(|e| event_json(&state, e))
        .unwrap_or(Value::Null)
}

fn comment_route(ctx: &Ctx, t: RepoType, id: &str, num: u64) -> ApiResult {
    let b = body(ctx)?;
    let text = string_field(&b, "comment")?
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| ApiError::BadRequest("\"comment\" must be a non-empty string".into()))?;
    let now = now_iso();
    let event_id = mutate(ctx, t, id, num, |state, me, _| {
        let e = state.discussions.event(me, &now, comment(&text, me, &now));
        let eid = e.id.clone();
        if let Some(d) = state.discussions.get_mut(t, id, num) {
            d.events.push(e);
        }
        Ok(eid)
    })?;
    Ok(Response::json(
        200,
        &json!({"newMessage": render_event(ctx, t, id, num, &event_id)}),
    ))
}

fn rename(ctx: &Ctx, t: RepoType, id: &str, num: u64) -> ApiResult {
    let b = body(ctx)?;
    let title = check_title(
        &string_field(&b, "title")?
            .ok_or_else(|| ApiError::BadRequest("\"title\" is required".into()))?,
    )?;
    let now = now_iso();
    let event_id = mutate(ctx, t, id, num, |state, me, maintainer| {
        let d = state
            .discussions
            .get(t, id, num)
            .ok_or_else(discussion_not_found)?;
        if !maintainer && d.author != me {
            return Err(forbidden("rename this discussion"));
        }
        let from = d.title.clone();
        let e = state.discussions.event(
            me,
            &now,
            EventKind::TitleChange {
                from,
                to: title.clone(),
            },
        );
        let eid = e.id.clone();
        if let Some(d) = state.discussions.get_mut(t, id, num) {
            d.title = title.clone();
            d.events.push(e);
        }
        Ok(eid)
    })?;
    Ok(Response::json(
        200,
        &json!({"newTitle": render_event(ctx, t, id, num, &event_id)}),
    ))
}

fn change_status(ctx: &Ctx, t: RepoType, id: &str, num: u64) -> ApiResult {
    let b = body(ctx)?;
    let wanted = match string_field(&b, "status")?.as_deref() {
        Some("open") => Status::Open,
        Some("closed") => Status::Closed,
        other => {
            return Err(ApiError::BadRequest(format!(
                "Invalid status {other:?}: expected \"open\" or \"closed\""
            )))
        }
    };
    let text = string_field(&b, "comment")?.filter(|c| !c.trim().is_empty());
    let now = now_iso();
    let event_id = mutate(ctx, t, id, num, |state, me, maintainer| {
        let key = repo_key(t, id);
        let repo = state.repos.get(&key).ok_or(not_found())?;
        let d = state
            .discussions
            .get(t, id, num)
            .ok_or_else(discussion_not_found)?;
        if !maintainer && d.author != me {
            return Err(forbidden("change the status of this discussion"));
        }
        let current = effective_status(repo, d);
        if current == Status::Merged {
            return Err(ApiError::BadRequest(
                "This pull request has already been merged".into(),
            ));
        }
        let is_open = matches!(current, Status::Open | Status::Draft);
        if is_open == (wanted == Status::Open) {
            return Err(ApiError::BadRequest(format!(
                "This discussion is already {}",
                current.as_str()
            )));
        }
        // a reopened pull request without commits is a draft again
        let stored = if wanted == Status::Open
            && d.is_pull_request
            && pr_range(repo, d).is_some_and(|r| r.commits.is_empty())
        {
            Status::Draft
        } else {
            wanted
        };
        let mut events = Vec::new();
        if let Some(text) = &text {
            events.push(
                state
                    .discussions
                    .event(me, &now, comment(text.trim(), me, &now)),
            );
        }
        let e = state
            .discussions
            .event(me, &now, EventKind::StatusChange { status: wanted });
        let eid = e.id.clone();
        events.push(e);
        if let Some(d) = state.discussions.get_mut(t, id, num) {
            d.status = stored;
            d.events.extend(events);
        }
        Ok(eid)
    })?;
    Ok(Response::json(
        200,
        &json!({"newStatus": render_event(ctx, t, id, num, &event_id)}),
    ))
}

fn merge(ctx: &Ctx, t: RepoType, id: &str, num: u64) -> ApiResult {
    let b = body(ctx)?;
    let text = string_field(&b, "comment")?.filter(|c| !c.trim().is_empty());
    let now = now_iso();
    let commit = mutate(ctx, t, id, num, |state, me, maintainer| {
        if !maintainer {
            return Err(ApiError::Forbidden(
                "You don't have the rights to merge this pull request: only the repository's maintainers can."
                    .into(),
            ));
        }
        let key = repo_key(t, id);
        let d = state
            .discussions
            .get(t, id, num)
            .cloned()
            .ok_or_else(discussion_not_found)?;
        let repo = state.repos.get_mut(&key).ok_or(not_found())?;
        let info = community::merge_pr(repo, &d, &now).map_err(|e| match e {
            MergeError::Invalid(m) => ApiError::BadRequest(m),
            MergeError::Conflict(files) => ApiError::Conflict(format!(
                "This pull request has conflicts with the target branch: {}",
                files.join(", ")
            )),
        })?;
        let commit = info.commit.clone();
        let mut events = Vec::new();
        if let Some(text) = &text {
            events.push(
                state
                    .discussions
                    .event(me, &now, comment(text.trim(), me, &now)),
            );
        }
        events.push(state.discussions.event(
            me,
            &now,
            EventKind::StatusChange {
                status: Status::Merged,
            },
        ));
        if let Some(d) = state.discussions.get_mut(t, id, num) {
            d.status = Status::Merged;
            d.merge = Some(info);
            d.events.extend(events);
        }
        Ok(commit)
    })?;
    let state = ctx.shared.store.read();
    let last = state
        .repo(t, id)
        .map(|r| last_modified(r, r.commits.get(&commit)))
        .unwrap_or_default();
    Ok(Response::json(
        200,
        &json!({"success": true, "mergeCommitId": commit, "lastModified": last}),
    ))
}

/// Finds comment `cid` of discussion `num`: (index, author).
fn find_comment(
    state: &State,
    t: RepoType,
    id: &str,
    num: u64,
    cid: &str,
) -> Result<(usize, String), ApiError> {
    let d = state
        .discussions
        .get(t, id, num)
        .ok_or_else(discussion_not_found)?;
    d.events
        .iter()
        .position(|e| e.id == cid && matches!(e.kind, EventKind::Comment { .. }))
        .map(|i| (i, d.events[i].author.clone()))
        .ok_or_else(|| ApiError::NotFound("Comment not found".into()))
}

fn edit(ctx: &Ctx, t: RepoType, id: &str, num: u64, cid: &str) -> ApiResult {
    let b = body(ctx)?;
    let content = string_field(&b, "content")?
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| ApiError::BadRequest("\"content\" must be a non-empty string".into()))?;
    let now = now_iso();
    mutate(ctx, t, id, num, |state, me, _| {
        let (i, author) = find_comment(state, t, id, num, cid)?;
        if author != me {
            return Err(ApiError::Forbidden(
                "You don't have the rights to edit this comment: only its author can.".into(),
            ));
        }
        let d = state
            .discussions
            .get_mut(t, id, num)
            .ok_or_else(discussion_not_found)?;
        if let EventKind::Comment {
            versions, hidden, ..
        } = &mut d.events[i].kind
        {
            if *hidden {
                return Err(ApiError::BadRequest("Cannot edit a hidden comment".into()));
            }
            versions.push(CommentVersion {
                raw: content.clone(),
                author: me.to_string(),
                updated_at: now.clone(),
            });
        }
        Ok(())
    })?;
    Ok(Response::json(
        200,
        &json!({"updatedComment": render_event(ctx, t, id, num, cid)}),
    ))
}

fn hide(ctx: &Ctx, t: RepoType, id: &str, num: u64, cid: &str) -> ApiResult {
    mutate(ctx, t, id, num, |state, me, maintainer| {
        let (i, author) = find_comment(state, t, id, num, cid)?;
        if author != me && !maintainer {
            return Err(forbidden("hide this comment"));
        }
        let d = state
            .discussions
            .get_mut(t, id, num)
            .ok_or_else(discussion_not_found)?;
        if let EventKind::Comment {
            hidden, hidden_by, ..
        } = &mut d.events[i].kind
        {
            if !*hidden {
                *hidden = true;
                *hidden_by = Some(me.to_string());
            }
        }
        Ok(())
    })?;
    Ok(Response::json(
        200,
        &json!({"updatedComment": render_event(ctx, t, id, num, cid)}),
    ))
}
