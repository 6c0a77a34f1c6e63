//! Space management under `/api/spaces/{id}/…`: `GET runtime`, `POST hardware`,
//! `POST sleeptime`, `POST pause`, `POST restart[?factory=true]`, `POST|DELETE storage`,
//! `POST|DELETE secrets`, `GET|POST|DELETE variables` (hub-endpoints §3.10, §4.8).
//!
//! Reading the runtime needs only visibility; reading variables a role in the Space's
//! namespace; every change a write token with `admin` or `write` on it (401 anonymous,
//! 403 otherwise). Stages move on the simulated clock (see [`crate::store::runtime`]).
//! Secret values are stored nowhere and never served.

use super::manage::{json_body, str_field};
use super::repo_json::subdomain;
use super::Ctx;
use crate::auth::{namespace_role, require_write, visible_repo};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::http::Response;
use crate::store::model::{Repo, RepoType, State};
use crate::store::runtime::{start_build, Timer};
use serde_json::{json, Map, Value};

/// Hardware flavors hubsim accepts (the Hub's list as of 2024–2025).
pub const HARDWARE: &[&str] = &[
    "cpu-basic",
    "cpu-upgrade",
    "cpu-xl",
    "zero-a10g",
    "t4-small",
    "t4-medium",
    "l4x1",
    "l4x4",
    "l40sx1",
    "l40sx4",
    "l40sx8",
    "a10g-small",
    "a10g-large",
    "a10g-largex2",
    "a10g-largex4",
    "a100-large",
    "a100x4",
    "a100x8",
    "h100",
    "h100x8",
];

/// Storage tiers, smallest first.
pub const STORAGE_TIERS: &[&str] = &["small", "medium", "large"];

/// Sleep time of `cpu-basic` Spaces (seconds); not configurable on the Hub.
pub const CPU_BASIC_SLEEP: u64 = 172_800;

/// Whether `rest` (after `/api/spaces/{ns}/{name}/`) is a route of this module.
pub fn handles(method: &str, rest: &[&str]) -> bool {
    matches!(
        (method, rest),
        ("GET", ["runtime"])
            | (
                "POST",
                ["hardware" | "sleeptime" | "pause" | "restart" | "storage"]
            )
            | ("DELETE", ["storage"])
            | ("POST" | "DELETE", ["secrets"])
            | ("GET" | "POST" | "DELETE", ["variables"])
    )
}

/// Dispatches a route for which [`handles`] is true.
pub fn route(ctx: &Ctx, method: &str, id: &str, rest: &[&str]) -> ApiResult {
    match (method, rest) {
        ("GET", ["runtime"]) => {
            let state = ctx.shared.store.read();
            let repo = visible_repo(&state, &ctx.ident, RepoType::Space, id)?;
            Ok(Response::json(200, &runtime_of(repo)))
        }
        ("GET", ["variables"]) => {
            let state = ctx.shared.store.read();
            let repo = visible_repo(&state, &ctx.ident, RepoType::Space, id)?;
            if namespace_role(&state, &ctx.ident, repo.namespace()).is_none() {
                return Err(forbidden(repo));
            }
            Ok(Response::json(200, &variables(repo)))
        }
        ("POST", ["hardware"]) => change(ctx, id, hardware),
        ("POST", ["sleeptime"]) => change(ctx, id, sleeptime),
        ("POST", ["pause"]) => change(ctx, id, pause),
        ("POST", ["restart"]) => {
            let factory = ctx.query.get("factory").is_some_and(|v| v == "true");
            change(ctx, id, move |ctx, repo, body, now| {
                restart(ctx, repo, body, now, factory)
            })
        }
        ("POST", ["storage"]) => change(ctx, id, request_storage),
        ("DELETE", ["storage"]) => change(ctx, id, delete_storage),
        ("POST", ["secrets"]) => change(ctx, id, |_, repo, body, _| {
            let (key, _, description) = key_value(body, true)?;
            let mut kept = Map::new();
            if let Some(d) = description {
                kept.insert("description".into(), json!(d));
            }
            kept.insert("updatedAt".into(), json!(now_iso()));
            repo.meta.secrets.insert(key, Value::Object(kept));
            Ok(json!({}))
        }),
        ("DELETE", ["secrets"]) => change(ctx, id, |_, repo, body, _| {
            let key = required_key(body)?;
            repo.meta.secrets.remove(&key);
            Ok(json!({}))
        }),
        ("POST", ["variables"]) => change(ctx, id, |_, repo, body, _| {
            let (key, value, description) = key_value(body, true)?;
            let mut kept = Map::new();
            kept.insert("value".into(), json!(value));
            if let Some(d) = description {
                kept.insert("description".into(), json!(d));
            }
            kept.insert("updatedAt".into(), json!(now_iso()));
            repo.meta.variables.insert(key, Value::Object(kept));
            Ok(variables(repo))
        }),
        ("DELETE", ["variables"]) => change(ctx, id, |_, repo, body, _| {
            let key = required_key(body)?;
            repo.meta.variables.remove(&key);
            Ok(variables(repo))
        }),
        _ => Err(super::not_found()),
    }
}

fn forbidden(repo: &Repo) -> ApiError {
    ApiError::Forbidden(format!(
        "You don't have the rights to manage the Space \"{}\".",
        repo.id
    ))
}

/// The runtime object served for a Space (the same default as `space_info`'s).
pub fn runtime_of(repo: &Repo) -> Value {
    repo.meta.runtime.clone().unwrap_or_else(|| {
        json!({"stage": "RUNNING", "hardware": {"current": "cpu-basic", "requested": "cpu-basic"},
               "storage": null, "gcTimeout": 172800, "replicas": {"current": 1, "requested": 1},
               "devMode": false, "domains": [{"domain": format!("{}.hf.space", subdomain(&repo.id)), "stage": "READY"}]})
    })
}

fn variables(repo: &Repo) -> Value {
    Value::Object(
        repo.meta
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

type Change<'a> =
    dyn FnOnce(&Ctx, &mut Repo, &Map<String, Value>, u64) -> Result<Value, ApiError> + 'a;

/// Runs a change on a Space the caller may manage, and answers what it returns.
fn change<'a>(
    ctx: &Ctx,
    id: &str,
    f: impl FnOnce(&Ctx, &mut Repo, &Map<String, Value>, u64) -> Result<Value, ApiError> + 'a,
) -> ApiResult {
    let body = json_body(ctx)?;
    let f: Box<Change<'a>> = Box::new(f);
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let ns = visible_repo(state, &ctx.ident, RepoType::Space, id)?
            .namespace()
            .to_string();
        require_write(state, &ctx.ident, &ns)?;
        let now = state.clock_ms;
        let repo = state
            .repo_mut(RepoType::Space, id)
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        if repo.meta.runtime.is_none() {
            repo.meta.runtime = Some(runtime_of(repo));
        }
        let out = f(ctx, repo, &body, now)?;
        Ok(Response::json(200, &out))
    })?
}

fn runtime_mut(repo: &mut Repo) -> &mut Value {
    repo.meta.runtime.get_or_insert_with(|| json!({}))
}

fn is_static(repo: &Repo) -> bool {
    repo.meta.sdk.as_deref() == Some("static")
}

fn required_key(body: &Map<String, Value>) -> Result<String, ApiError> {
    str_field(body, "key")?
        .map(str::to_owned)
        .ok_or_else(|| ApiError::BadRequest("\"key\" is required".into()))
}

/// `{key, value, description?}` with a valid environment variable name as key.
fn key_value(
    body: &Map<String, Value>,
    need_value: bool,
) -> Result<(String, String, Option<String>), ApiError> {
    let key = required_key(body)?;
    let valid = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(ApiError::BadRequest(format!(
            "Invalid key \"{key}\": use letters, digits and '_', not starting with a digit"
        )));
    }
    let value = str_field(body, "value")?.map(str::to_owned);
    if need_value && value.is_none() {
        return Err(ApiError::BadRequest("\"value\" is required".into()));
    }
    let description = str_field(body, "description")?.map(str::to_owned);
    Ok((key, value.unwrap_or_default(), description))
}

/// Sleep time in seconds from the body (`-1` = never → `null`).
fn sleep_seconds(v: &Value, field: &str) -> Result<Option<u64>, ApiError> {
    match v.as_i64() {
        Some(-1) => Ok(None),
        Some(s) if s > 0 => Ok(Some(s as u64)),
        _ => Err(ApiError::BadRequest(format!(
            "\"{field}\" must be a positive number of seconds, or -1 (never sleep)"
        ))),
    }
}

/// Re-arms the sleep timer of a running Space after its sleep time changed.
fn rearm_sleep(repo: &mut Repo, now: u64) {
    let rt = runtime_mut(repo);
    if rt["stage"] == "RUNNING" {
        let gc = rt["gcTimeout"].as_u64();
        repo.meta.runtime_timer = gc.map(|s| Timer {
            at_ms: now + s * 1000,
            stage: "SLEEPING".into(),
        });
    }
}

/// Whether the Space has an app to run (not paused, not waiting for files).
fn rebuilds(stage: &Value) -> bool {
    !matches!(stage.as_str(), Some("PAUSED" | "NO_APP_FILE"))
}

fn hardware(
    _: &Ctx,
    repo: &mut Repo,
    body: &Map<String, Value>,
    now: u64,
) -> Result<Value, ApiError> {
    let flavor = str_field(body, "flavor")?
        .ok_or_else(|| ApiError::BadRequest("\"flavor\" is required".into()))?
        .to_string();
    if !HARDWARE.contains(&flavor.as_str()) {
        return Err(ApiError::BadRequest(format!(
            "Invalid hardware flavor \"{flavor}\": expected one of {}",
            HARDWARE.join(", ")
        )));
    }
    let sleep = match body.get("sleepTimeSeconds") {
        None | Some(Value::Null) => None,
        Some(v) => Some(sleep_seconds(v, "sleepTimeSeconds")?),
    };
    let mut timer = repo.meta.runtime_timer.take();
    let rt = runtime_mut(repo);
    rt["hardware"]["requested"] = json!(flavor);
    rt["gcTimeout"] = if flavor == "cpu-basic" {
        json!(CPU_BASIC_SLEEP)
    } else {
        // upgraded hardware never sleeps unless asked to
        json!(sleep.flatten())
    };
    if rebuilds(&rt["stage"]) {
        start_build(rt, &mut timer, now);
    }
    let out = rt.clone();
    repo.meta.runtime_timer = timer;
    Ok(out)
}

fn sleeptime(
    _: &Ctx,
    repo: &mut Repo,
    body: &Map<String, Value>,
    now: u64,
) -> Result<Value, ApiError> {
    let v = body
        .get("seconds")
        .ok_or_else(|| ApiError::BadRequest("\"seconds\" is required".into()))?;
    let seconds = sleep_seconds(v, "seconds")?;
    let rt = runtime_mut(repo);
    // fixed on the free hardware: the request is accepted and changes nothing
    if rt["hardware"]["requested"] != "cpu-basic" {
        rt["gcTimeout"] = json!(seconds);
        rearm_sleep(repo, now);
    }
    Ok(runtime_mut(repo).clone())
}

fn pause(_: &Ctx, repo: &mut Repo, _: &Map<String, Value>, _: u64) -> Result<Value, ApiError> {
    if is_static(repo) {
        return Err(ApiError::BadRequest("Cannot pause a static Space".into()));
    }
    repo.meta.runtime_timer = None;
    let rt = runtime_mut(repo);
    rt["stage"] = json!("PAUSED");
    rt["hardware"]["current"] = Value::Null;
    Ok(rt.clone())
}

fn restart(
    _: &Ctx,
    repo: &mut Repo,
    _: &Map<String, Value>,
    now: u64,
    _factory: bool,
) -> Result<Value, ApiError> {
    if is_static(repo) {
        return Err(ApiError::BadRequest("Cannot restart a static Space".into()));
    }
    let mut timer = repo.meta.runtime_timer.take();
    let rt = runtime_mut(repo);
    if rt["stage"] != "NO_APP_FILE" {
        // a factory reboot rebuilds without cache: the same timeline in hubsim
        start_build(rt, &mut timer, now);
    }
    let out = rt.clone();
    repo.meta.runtime_timer = timer;
    Ok(out)
}

fn tier_rank(t: &str) -> Option<usize> {
    STORAGE_TIERS.iter().position(|x| *x == t)
}

fn request_storage(
    _: &Ctx,
    repo: &mut Repo,
    body: &Map<String, Value>,
    _: u64,
) -> Result<Value, ApiError> {
    let tier = str_field(body, "tier")?
        .ok_or_else(|| ApiError::BadRequest("\"tier\" is required".into()))?
        .to_string();
    let rank = tier_rank(&tier).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "Invalid storage tier \"{tier}\": expected small, medium or large"
        ))
    })?;
    let rt = runtime_mut(repo);
    if let Some(current) = rt["storage"].as_str().and_then(tier_rank) {
        if current > rank {
            return Err(ApiError::BadRequest(
                "Cannot downgrade persistent storage: delete it first".into(),
            ));
        }
    }
    rt["storage"] = json!(tier);
    Ok(rt.clone())
}

fn delete_storage(
    _: &Ctx,
    repo: &mut Repo,
    _: &Map<String, Value>,
    _: u64,
) -> Result<Value, ApiError> {
    let rt = runtime_mut(repo);
    if rt["storage"].is_null() {
        return Err(ApiError::BadRequest(
            "This Space has no persistent storage".into(),
        ));
    }
    rt["storage"] = Value::Null;
    Ok(rt.clone())
}
