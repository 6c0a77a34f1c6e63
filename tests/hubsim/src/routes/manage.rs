//! Repository management: `POST /api/repos/create`, `DELETE /api/repos/delete`,
//! `POST /api/repos/move`, `PUT /api/{type}s/{id}/settings` and
//! `POST /api/spaces/{id}/duplicate`.
//!
//! Permissions as on the Hub: every change needs a write token; creating needs a role in the
//! target namespace (the user's own, or an org where they are admin, write or contributor);
//! deleting, moving and changing settings need `admin` or `write` on the repo's namespace.

use super::Ctx;
use crate::auth::{require_create, require_write, require_write_token, visible_repo};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::http::Response;
use crate::seed::content::readme;
use crate::seed::GITATTRIBUTES;
use crate::store::history::{Change, NewCommit, Parent};
use crate::store::model::{repo_key, FileEntry, Gated, Repo, RepoType, State};
use serde_json::{json, Map, Value};

/// The Space SDKs the Hub accepts.
pub const SPACE_SDKS: &[&str] = &["gradio", "streamlit", "docker", "static"];

/// The request body as a JSON object (an empty body is an empty object).
pub fn json_body(ctx: &Ctx) -> Result<Map<String, Value>, ApiError> {
    let body = &ctx.req.body;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::BadRequest(
            "The request body must be a JSON object".into(),
        )),
        Err(e) => Err(ApiError::BadRequest(format!("Invalid JSON body: {e}"))),
    }
}

/// An optional string field (`null` = absent); any other type is a 400.
pub fn str_field<'a>(body: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::BadRequest(format!("\"{key}\" must be a string"))),
    }
}

/// Whether `name` is a valid repo name: 1–96 of `A-Z a-z 0-9 _ - .`, starting and ending with
/// a letter, digit or `_`, without `--` or `..`, not ending in `.git`.
pub fn valid_repo_name(name: &str) -> bool {
    let word = |c: char| c == '_' || c.is_ascii_alphanumeric();
    !name.is_empty()
        && name.len() <= 96
        && name.chars().all(|c| word(c) || c == '-' || c == '.')
        && name.chars().next().is_some_and(word)
        && name.chars().last().is_some_and(word)
        && !name.contains("--")
        && !name.contains("..")
        && !name.ends_with(".git")
}

/// Splits `namespace/name`, checking both parts (400 otherwise).
pub fn split_full_id(id: &str) -> Result<(&str, &str), ApiError> {
    match id.split_once('/') {
        Some((ns, name)) if valid_repo_name(ns) && valid_repo_name(name) => Ok((ns, name)),
        _ => Err(ApiError::BadRequest(format!(
            "Invalid repo id \"{id}\": expected namespace/name with letters, digits, '-', '_' and '.'"
        ))),
    }
}

/// The repo's page on the Hub, as the client addressed us.
pub fn web_url(ctx: &Ctx, t: RepoType, id: &str) -> String {
    format!("{}/{}{id}", ctx.base_url(), t.url_prefix())
}

/// A 409 whose body also carries the existing repo's `url` (the client reads it with
/// `exist_ok`).
fn conflict_with_url(message: &str, url: &str) -> Response {
    let mut r = Response::json(409, &json!({ "error": message, "url": url }));
    r.add_header("X-Error-Message", message);
    r
}

/// `private` (a boolean) or `visibility` (`public`, `private`, `protected`; newer clients).
fn requested_private(body: &Map<String, Value>) -> Result<Option<bool>, ApiError> {
    if let Some(v) = str_field(body, "visibility")? {
        return match v {
            "private" => Ok(Some(true)),
            "public" | "protected" => Ok(Some(false)),
            other => Err(ApiError::BadRequest(format!(
                "Invalid visibility \"{other}\": expected public, private or protected"
            ))),
        };
    }
    match body.get("private") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::BadRequest("\"private\" must be a boolean".into())),
    }
}

/// `secrets` / `variables`: a list of `{key, value, description?}`, as a map by key of what
/// is kept (`value` only for variables).
fn key_values(
    body: &Map<String, Value>,
    field: &str,
    keep_value: bool,
    now: &str,
) -> Result<Vec<(String, Value)>, ApiError> {
    let bad = || {
        ApiError::BadRequest(format!(
            "\"{field}\" must be a list of {{\"key\", \"value\", \"description\"?}} objects"
        ))
    };
    let items = match body.get(field) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(bad()),
    };
    items
        .iter()
        .map(|item| {
            let key = item.get("key").and_then(Value::as_str).ok_or_else(bad)?;
            let value = item.get("value").and_then(Value::as_str).ok_or_else(bad)?;
            let mut kept = Map::new();
            if keep_value {
                kept.insert("value".into(), json!(value));
            }
            match item.get("description") {
                None | Some(Value::Null) => {}
                Some(Value::String(d)) => {
                    kept.insert("description".into(), json!(d));
                }
                Some(_) => return Err(bad()),
            }
            kept.insert("updatedAt".into(), json!(now));
            Ok((key.to_string(), Value::Object(kept)))
        })
        .collect()
}

/// The runtime object of a Space just created or duplicated.
fn new_space_runtime(hardware: &str, storage: Option<&str>, sleep: Option<i64>) -> Value {
    let gc = match sleep {
        Some(s) => json!(s),
        None if hardware == "cpu-basic" => json!(172800),
        None => Value::Null,
    };
    json!({
        "stage": "NO_APP_FILE",
        "hardware": {"current": null, "requested": hardware},
        "storage": storage,
        "gcTimeout": gc,
        "replicas": {"current": 1, "requested": 1},
        "devMode": false,
    })
}

/// The Space options of a create or duplicate body applied to a Space.
fn apply_space_options(
    repo: &mut Repo,
    body: &Map<String, Value>,
    base_hardware: &str,
    now: &str,
) -> Result<(), ApiError> {
    let hardware = str_field(body, "hardware")?.unwrap_or(base_hardware);
    let storage = match str_field(body, "storageTier")? {
        None => None,
        Some(s @ ("small" | "medium" | "large")) => Some(s),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "Invalid storage tier \"{other}\": expected small, medium or large"
            )))
        }
    };
    let sleep = match body.get("sleepTimeSeconds") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| {
            ApiError::BadRequest("\"sleepTimeSeconds\" must be an integer".into())
        })?),
    };
    repo.meta.runtime = Some(new_space_runtime(hardware, storage, sleep));
    for (k, v) in key_values(body, "secrets", false, now)? {
        repo.meta.secrets.insert(k, v);
    }
    for (k, v) in key_values(body, "variables", true, now)? {
        repo.meta.variables.insert(k, v);
    }
    Ok(())
}

fn initial_commit(repo: &mut Repo, author: &str, files: Vec<(String, FileEntry)>, now: &str) {
    repo.apply_commit(
        "refs/heads/main",
        Parent::Root,
        NewCommit {
            title: "initial commit".into(),
            message: String::new(),
            authors: vec![author.to_string()],
            date: now.to_string(),
            changes: files
                .into_iter()
                .map(|(path, entry)| Change::Put { path, entry })
                .collect(),
        },
    );
}

/// `POST /api/repos/create` with `{name, organization, private | visibility, type, sdk,
/// hardware, storageTier, sleepTimeSeconds, secrets, variables}`.
pub fn create(ctx: &Ctx) -> ApiResult {
    let caller = require_write_token(&ctx.ident)?.to_string();
    let body = json_body(ctx)?;
    let name = str_field(&body, "name")?
        .ok_or_else(|| ApiError::BadRequest("\"name\" is required".into()))?;
    let t = match str_field(&body, "type")? {
        None => RepoType::Model,
        Some(s) => RepoType::from_singular(s).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "Invalid repo type \"{s}\": expected model, dataset or space"
            ))
        })?,
    };
    let namespace = str_field(&body, "organization")?
        .unwrap_or(&caller)
        .to_string();
    if !valid_repo_name(name) || !valid_repo_name(&namespace) {
        return Err(ApiError::BadRequest(format!(
            "Invalid repo name \"{namespace}/{name}\": use letters, digits, '-', '_' and '.'"
        )));
    }
    let private = requested_private(&body)?.unwrap_or(false);
    let sdk = if t == RepoType::Space {
        match str_field(&body, "sdk")? {
            Some(s) if SPACE_SDKS.contains(&s) => Some(s.to_string()),
            other => {
                return Err(ApiError::BadRequest(format!(
                    "Invalid sdk {other:?}: a Space needs one of {}",
                    SPACE_SDKS.join(", ")
                )))
            }
        }
    } else {
        None
    };
    let id = format!("{namespace}/{name}");
    let url = web_url(ctx, t, &id);
    let now = now_iso();

    let store = &ctx.shared.store;
    let mut files = vec![(
        ".gitattributes".to_string(),
        store.add_regular(GITATTRIBUTES.as_bytes())?,
    )];
    let mut card = None;
    if let Some(sdk) = &sdk {
        let c = json!({"title": name, "emoji": "🚀", "colorFrom": "blue", "colorTo": "green",
                       "sdk": sdk, "pinned": false});
        let text = readme(&c, &format!("# {name}\n"));
        files.push(("README.md".into(), store.add_regular(text.as_bytes())?));
        card = Some(c);
    }

    store.write(|state: &mut State| -> ApiResult {
        require_create(state, &ctx.ident, &namespace, t)?;
        if state.repo(t, &id).is_some() {
            return Ok(conflict_with_url(
                &format!("You already created this {} repo", t.singular()),
                &url,
            ));
        }
        let mut repo = Repo::new(t, &id, &now);
        repo.private = private;
        repo.meta.card_data = card;
        if t == RepoType::Space {
            repo.meta.sdk = sdk;
            apply_space_options(&mut repo, &body, "cpu-basic", &now)?;
        }
        initial_commit(&mut repo, &caller, files, &now);
        state.repos.insert(repo_key(t, &id), repo);
        Ok(Response::json(200, &json!({"url": url, "name": id})))
    })?
}

/// `{name, organization, type}` of delete requests → (type, id).
fn named_repo(ctx: &Ctx, body: &Map<String, Value>) -> Result<(RepoType, String), ApiError> {
    let caller = ctx.ident.name().unwrap_or_default();
    let name = str_field(body, "name")?
        .ok_or_else(|| ApiError::BadRequest("\"name\" is required".into()))?;
    let namespace = str_field(body, "organization")?.unwrap_or(caller);
    let t = match str_field(body, "type")? {
        None => RepoType::Model,
        Some(s) => RepoType::from_singular(s)
            .ok_or_else(|| ApiError::BadRequest(format!("Invalid repo type \"{s}\"")))?,
    };
    Ok((t, format!("{namespace}/{name}")))
}

/// Removes everything that refers to a repo besides the repo itself: its likes, its
/// discussions, its places in collections.
fn forget_repo(state: &mut State, t: RepoType, id: &str) {
    state
        .likes
        .retain(|l| !(l.repo_type == t && l.repo_id == id));
    state.discussions.by_repo.remove(&repo_key(t, id));
    for c in state.collections.by_id.values_mut() {
        c.items
            .retain(|i| !(i.item_type == t.singular() && i.item_id == id));
    }
}

/// Points everything that refers to repo `from` at `to`: likes, discussions, collection items.
fn rename_references(state: &mut State, t: RepoType, from: &str, to: &str) {
    for like in state
        .likes
        .iter_mut()
        .filter(|l| l.repo_type == t && l.repo_id == from)
    {
        like.repo_id = to.to_string();
    }
    if let Some(d) = state.discussions.by_repo.remove(&repo_key(t, from)) {
        state.discussions.by_repo.insert(repo_key(t, to), d);
    }
    for c in state.collections.by_id.values_mut() {
        for i in c
            .items
            .iter_mut()
            .filter(|i| i.item_type == t.singular() && i.item_id == from)
        {
            i.item_id = to.to_string();
        }
    }
}

/// `DELETE /api/repos/delete` with `{name, organization, type}`; answers `OK` (text).
pub fn delete(ctx: &Ctx) -> ApiResult {
    require_write_token(&ctx.ident)?;
    let body = json_body(ctx)?;
    let (t, id) = named_repo(ctx, &body)?;
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let ns = visible_repo(state, &ctx.ident, t, &id)?
            .namespace()
            .to_string();
        require_write(state, &ctx.ident, &ns)?;
        state.repos.remove(&repo_key(t, &id));
        forget_repo(state, t, &id);
        Ok(Response::text(200, "OK"))
    })?
}

/// `POST /api/repos/move` with `{fromRepo, toRepo, type}` (rename or transfer).
pub fn move_repo(ctx: &Ctx) -> ApiResult {
    require_write_token(&ctx.ident)?;
    let body = json_body(ctx)?;
    let from = str_field(&body, "fromRepo")?
        .ok_or_else(|| ApiError::BadRequest("\"fromRepo\" is required".into()))?
        .to_string();
    let to = str_field(&body, "toRepo")?
        .ok_or_else(|| ApiError::BadRequest("\"toRepo\" is required".into()))?
        .to_string();
    let t = match str_field(&body, "type")? {
        None => RepoType::Model,
        Some(s) => RepoType::from_singular(s)
            .ok_or_else(|| ApiError::BadRequest(format!("Invalid repo type \"{s}\"")))?,
    };
    let (to_ns, _) = split_full_id(&to)?;
    let to_ns = to_ns.to_string();
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let from_ns = visible_repo(state, &ctx.ident, t, &from)?
            .namespace()
            .to_string();
        require_write(state, &ctx.ident, &from_ns)?;
        require_create(state, &ctx.ident, &to_ns, t)?;
        if from == to {
            return Err(ApiError::BadRequest(
                "The source and destination are the same repository".into(),
            ));
        }
        if state.repo(t, &to).is_some() {
            return Err(ApiError::Conflict(format!(
                "A {} repository named {to} already exists",
                t.singular()
            )));
        }
        let mut repo = state
            .repos
            .remove(&repo_key(t, &from))
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        repo.id = to.clone();
        state.repos.insert(repo_key(t, &to), repo);
        rename_references(state, t, &from, &to);
        Ok(Response::json(200, &json!({})))
    })?
}

/// `PUT /api/{type}s/{id}/settings` with any of `{private, visibility, gated}`; answers the
/// settings after the change (`{private, visibility, gated}`).
pub fn settings(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let private = requested_private(&body)?;
    let gated = match body.get("gated") {
        None => None,
        Some(v) => Some(Gated::from_json(v).ok_or_else(|| {
            ApiError::BadRequest("\"gated\" must be false, \"auto\" or \"manual\"".into())
        })?),
    };
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let ns = visible_repo(state, &ctx.ident, t, id)?
            .namespace()
            .to_string();
        require_write(state, &ctx.ident, &ns)?;
        let repo = state
            .repo_mut(t, id)
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        if let Some(p) = private {
            repo.private = p;
        }
        if let Some(g) = gated {
            repo.gated = g;
        }
        Ok(Response::json(
            200,
            &json!({
                "private": repo.private,
                "visibility": if repo.private { "private" } else { "public" },
                "gated": repo.gated.to_json(),
            }),
        ))
    })?
}

/// `POST /api/spaces/{from}/duplicate` with `{repository, private | visibility, hardware,
/// storageTier, sleepTimeSeconds, secrets, variables}`: a new Space whose first commit holds
/// the source's `main` tree; visibility, SDK, card, linked repos, variables and requested
/// hardware are the source's unless given.
pub fn duplicate_space(ctx: &Ctx, from: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let now = now_iso();
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let source = visible_repo(state, &ctx.ident, RepoType::Space, from)?.clone();
        let caller = require_write_token(&ctx.ident)?.to_string();
        let target = str_field(&body, "repository")?
            .ok_or_else(|| ApiError::BadRequest("\"repository\" is required".into()))?
            .to_string();
        let (ns, _) = split_full_id(&target)?;
        require_create(state, &ctx.ident, ns, RepoType::Space)?;
        let url = web_url(ctx, RepoType::Space, &target);
        if state.repo(RepoType::Space, &target).is_some() {
            return Ok(conflict_with_url(
                "You already created this space repo",
                &url,
            ));
        }
        let mut repo = Repo::new(RepoType::Space, &target, &now);
        repo.private = requested_private(&body)?.unwrap_or(source.private);
        repo.meta.sdk = source.meta.sdk.clone();
        repo.meta.card_data = source.meta.card_data.clone();
        repo.meta.tags = source.meta.tags.clone();
        repo.meta.models = source.meta.models.clone();
        repo.meta.datasets = source.meta.datasets.clone();
        repo.meta.variables = source.meta.variables.clone();
        let source_hardware = source
            .meta
            .runtime
            .as_ref()
            .and_then(|r| r["hardware"]["requested"].as_str())
            .unwrap_or("cpu-basic")
            .to_string();
        apply_space_options(&mut repo, &body, &source_hardware, &now)?;
        let files: Vec<(String, FileEntry)> = source
            .resolve_rev("main")
            .map(|c| c.files.clone().into_iter().collect())
            .unwrap_or_default();
        repo.apply_commit(
            "refs/heads/main",
            Parent::Root,
            NewCommit {
                title: format!("Duplicate from {from}"),
                message: String::new(),
                authors: vec![caller],
                date: now.clone(),
                changes: files
                    .into_iter()
                    .map(|(path, entry)| Change::Put { path, entry })
                    .collect(),
            },
        );
        state.repos.insert(repo_key(RepoType::Space, &target), repo);
        Ok(Response::json(200, &json!({ "url": url })))
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_names() {
        for ok in ["a", "my-model", "x_1.2", "A9"] {
            assert!(valid_repo_name(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            ".a",
            "a--b",
            "a..b",
            "a.git",
            "a b",
            "a/b",
            &"x".repeat(97),
        ] {
            assert!(!valid_repo_name(bad), "{bad}");
        }
        assert!(split_full_id("alice/x").is_ok());
        assert!(split_full_id("x").is_err());
        assert!(split_full_id("a/b/c").is_err());
    }
}
