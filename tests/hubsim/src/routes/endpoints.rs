//! The Inference Endpoints management API, served under [`ENDPOINTS_BASE_PATH`]
//! (`https://api.endpoints.huggingface.cloud/v2` on the real service; hub-endpoints §3.11,
//! §4.9): `GET|POST /endpoint/{ns}`, `GET|PUT|DELETE /endpoint/{ns}/{name}`,
//! `POST /endpoint/{ns}/{name}/{pause,resume,scale-to-zero}`.
//!
//! Auth is the Hub token. Errors: 401 without a token or for a namespace the caller has no
//! role in, 404 for an unknown namespace or endpoint, 403 for changes with a read token (or
//! without `admin`/`write` on an org), 409 for a name already used in the namespace, 400 for
//! invalid payloads (bad name, type, replicas, unknown repository or revision). States move on
//! the simulated clock (see [`crate::store::runtime`]).

use super::manage::{json_body, str_field};
use super::Ctx;
use crate::auth::{namespace_role, visible_repo, READ_TOKEN_FORBIDDEN};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::hash::{object_id, sha1_hex};
use crate::http::Response;
use crate::store::model::{RepoType, Role, State, TokenRole};
use crate::store::runtime::{Endpoint, Timer, ENDPOINT_INIT_MS};
use serde_json::{json, Map, Value};

/// Path under which the API is served (the client's `inference_endpoints_url` is
/// `http://HOST:PORT/_endpoints/v2`).
pub const ENDPOINTS_BASE_PATH: &str = "/_endpoints/v2";

/// Endpoint types the API accepts.
pub const TYPES: &[&str] = &["public", "protected", "private", "authenticated"];

/// Dispatches `rest` = the segments after `/_endpoints/v2/endpoint/`.
pub fn route(ctx: &Ctx, method: &str, rest: &[&str]) -> ApiResult {
    match (method, rest) {
        ("GET", [ns]) => {
            let state = ctx.shared.store.read();
            check_namespace(&state, ctx, ns, false)?;
            let items: Vec<Value> = state
                .endpoints
                .values()
                .filter(|e| e.namespace == *ns)
                .map(|e| e.object.clone())
                .collect();
            Ok(Response::json(200, &json!({ "items": items })))
        }
        ("POST", [ns]) => create(ctx, ns),
        ("GET", [ns, name]) => {
            let state = ctx.shared.store.read();
            check_namespace(&state, ctx, ns, false)?;
            let ep = state
                .endpoints
                .get(&key(ns, name))
                .ok_or_else(|| endpoint_not_found(name))?;
            Ok(Response::json(200, &ep.object))
        }
        ("PUT", [ns, name]) => update(ctx, ns, name),
        ("DELETE", [ns, name]) => change(ctx, ns, name, |state, _, k| {
            state.endpoints.remove(k);
            Ok(json!({}))
        }),
        ("POST", [ns, name, "pause"]) => change(ctx, ns, name, |state, _, k| {
            let ep = endpoint_mut(state, k)?;
            ep.timer = None;
            ep.set_state("paused", "Endpoint is paused");
            Ok(ep.object.clone())
        }),
        ("POST", [ns, name, "resume"]) => change(ctx, ns, name, |state, now, k| {
            let ep = endpoint_mut(state, k)?;
            if matches!(
                ep.state(),
                "paused" | "scaledToZero" | "failed" | "updateFailed"
            ) {
                ep.deploy(now);
            }
            Ok(ep.object.clone())
        }),
        ("POST", [ns, name, "scale-to-zero"]) => change(ctx, ns, name, |state, _, k| {
            let ep = endpoint_mut(state, k)?;
            if ep.state() == "paused" {
                return Err(ApiError::BadRequest(
                    "A paused endpoint cannot be scaled to zero: resume it first".into(),
                ));
            }
            ep.timer = None;
            ep.set_state("scaledToZero", "Endpoint is scaled to zero");
            Ok(ep.object.clone())
        }),
        _ => Err(super::not_found()),
    }
}

fn key(ns: &str, name: &str) -> String {
    format!("{ns}/{name}")
}

fn endpoint_not_found(name: &str) -> ApiError {
    ApiError::NotFound(format!("Endpoint {name} not found"))
}

fn endpoint_mut<'a>(state: &'a mut State, k: &str) -> Result<&'a mut Endpoint, ApiError> {
    state
        .endpoints
        .get_mut(k)
        .ok_or_else(|| endpoint_not_found(k.rsplit('/').next().unwrap_or(k)))
}

/// Who may do what in a namespace: a token is required (401), the namespace must exist
/// (404), the caller needs a role in it (401); changes need a write token (403) and, in an
/// org, `admin` or `write` (403). Returns the caller's name.
fn check_namespace(state: &State, ctx: &Ctx, ns: &str, write: bool) -> Result<String, ApiError> {
    let Some(user) = ctx.ident.name() else {
        return Err(ApiError::AuthRequired);
    };
    if !state.users.contains_key(ns) && !state.orgs.contains_key(ns) {
        return Err(ApiError::NotFound(format!("Namespace {ns} not found")));
    }
    let Some(role) = namespace_role(state, &ctx.ident, ns) else {
        return Err(ApiError::Unauthorized(format!(
            "You don't have access to the namespace {ns}"
        )));
    };
    if write {
        if matches!(
            ctx.ident,
            crate::auth::Identity::User {
                role: TokenRole::Read,
                ..
            }
        ) {
            return Err(ApiError::Forbidden(READ_TOKEN_FORBIDDEN.into()));
        }
        if !matches!(role, Role::Admin | Role::Write) {
            return Err(ApiError::Forbidden(format!(
                "You don't have the rights to manage Inference Endpoints of {ns}"
            )));
        }
    }
    Ok(user.to_string())
}

/// Runs a change on an existing endpoint of a namespace the caller may manage.
fn change(
    ctx: &Ctx,
    ns: &str,
    name: &str,
    f: impl FnOnce(&mut State, u64, &str) -> Result<Value, ApiError>,
) -> ApiResult {
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        check_namespace(state, ctx, ns, true)?;
        let k = key(ns, name);
        if !state.endpoints.contains_key(&k) {
            return Err(endpoint_not_found(name));
        }
        let now = state.clock_ms;
        let out = f(state, now, &k)?;
        Ok(Response::json(200, &out))
    })?
}

fn valid_name(name: &str) -> bool {
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    (1..=32).contains(&name.len())
        && name.chars().all(|c| ok(c) || c == '-')
        && name.chars().next().is_some_and(ok)
        && name.chars().last().is_some_and(ok)
}

fn object<'a>(v: &'a Value, field: &str) -> Result<&'a Map<String, Value>, ApiError> {
    v.get(field).and_then(Value::as_object).ok_or_else(|| {
        ApiError::BadRequest(format!("\"{field}\" is required and must be an object"))
    })
}

fn required_str(m: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    str_field(m, field)?
        .map(str::to_owned)
        .ok_or_else(|| ApiError::BadRequest(format!("\"{field}\" is required")))
}

fn replicas(v: &Value, field: &str) -> Result<Option<u64>, ApiError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n.as_u64().map(Some).ok_or_else(|| {
            ApiError::BadRequest(format!("\"{field}\" must be a non-negative integer"))
        }),
    }
}

fn check_scaling(min: u64, max: u64) -> Result<(), ApiError> {
    if max == 0 || min > max {
        return Err(ApiError::BadRequest(format!(
            "Invalid scaling: minReplica ({min}) must not exceed maxReplica ({max}), and maxReplica must be at least 1"
        )));
    }
    Ok(())
}

/// The revision an endpoint deploys: the given one if the model has it, else `main`'s commit.
fn check_model(
    state: &State,
    ctx: &Ctx,
    repository: &str,
    revision: Option<&str>,
) -> Result<String, ApiError> {
    let repo = visible_repo(state, &ctx.ident, RepoType::Model, repository).map_err(|_| {
        ApiError::BadRequest(format!(
            "Repository {repository} not found or not accessible"
        ))
    })?;
    match revision {
        Some(rev) => repo
            .resolve_rev(rev)
            .map(|_| rev.to_string())
            .ok_or_else(|| {
                ApiError::BadRequest(format!("Revision {rev} not found in {repository}"))
            }),
        None => repo
            .resolve_rev("main")
            .map(|c| c.id.clone())
            .ok_or_else(|| ApiError::BadRequest(format!("Repository {repository} is empty"))),
    }
}

fn image_of(model: &Map<String, Value>) -> Result<Value, ApiError> {
    match model.get("image") {
        None | Some(Value::Null) => Ok(json!({"huggingface": {}})),
        Some(Value::Object(m)) if m.contains_key("huggingface") || m.contains_key("custom") => {
            Ok(Value::Object(m.clone()))
        }
        Some(_) => Err(ApiError::BadRequest(
            "\"image\" must be {\"huggingface\": {}} or {\"custom\": {...}}".into(),
        )),
    }
}

fn health_route(image: &Value) -> Value {
    image["custom"]["health_route"]
        .as_str()
        .or_else(|| image["custom"]["healthRoute"].as_str())
        .map(|s| json!(s))
        .unwrap_or_else(|| json!("/health"))
}

/// `POST /endpoint/{ns}`.
fn create(ctx: &Ctx, ns: &str) -> ApiResult {
    let body = Value::Object(json_body(ctx)?);
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let user = check_namespace(state, ctx, ns, true)?;
        let name = str_field(body.as_object().unwrap_or(&Map::new()), "name")?
            .ok_or_else(|| ApiError::BadRequest("\"name\" is required".into()))?
            .to_string();
        if !valid_name(&name) {
            return Err(ApiError::BadRequest(format!(
                "Invalid endpoint name \"{name}\": 1 to 32 lowercase letters, digits and '-', starting and ending with a letter or digit"
            )));
        }
        let ty = str_field(body.as_object().unwrap_or(&Map::new()), "type")?
            .unwrap_or("protected")
            .to_string();
        if !TYPES.contains(&ty.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "Invalid type \"{ty}\": expected public, protected or private"
            )));
        }
        let compute = object(&body, "compute")?;
        let scaling = Value::Object(object(&Value::Object(compute.clone()), "scaling")?.clone());
        let min = replicas(&scaling, "minReplica")?.unwrap_or(0);
        let max = replicas(&scaling, "maxReplica")?.unwrap_or(1);
        check_scaling(min, max)?;
        let accelerator = required_str(compute, "accelerator")?;
        let instance_size = required_str(compute, "instanceSize")?;
        let instance_type = required_str(compute, "instanceType")?;
        let model = object(&body, "model")?;
        let repository = required_str(model, "repository")?;
        let framework = required_str(model, "framework")?;
        let task = str_field(model, "task")?.map(str::to_owned);
        let revision = check_model(state, ctx, &repository, str_field(model, "revision")?)?;
        let image = image_of(model)?;
        let provider = object(&body, "provider")?;
        let region = required_str(provider, "region")?;
        let vendor = required_str(provider, "vendor")?;
        let account_id = match body.get("accountId") {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) => json!(s),
            Some(_) => return Err(ApiError::BadRequest("\"accountId\" must be a string".into())),
        };
        let k = key(ns, &name);
        if state.endpoints.contains_key(&k) {
            return Err(ApiError::Conflict(format!(
                "An endpoint named {name} already exists in {ns}"
            )));
        }
        let now = now_iso();
        let by = json!({"id": object_id(&format!("user:{user}")), "name": user});
        let health = health_route(&image);
        let object = json!({
            "name": name,
            "type": ty,
            "accountId": account_id,
            "provider": {"vendor": vendor, "region": region},
            "compute": {"accelerator": accelerator, "instanceType": instance_type,
                        "instanceSize": instance_size,
                        "scaling": {"minReplica": min, "maxReplica": max}},
            "model": {"repository": repository, "revision": revision, "task": task,
                      "framework": framework, "image": image},
            "healthRoute": health,
            "status": {"createdAt": now, "createdBy": by, "updatedAt": now, "updatedBy": by,
                       "private": null, "state": "pending", "message": "",
                       "readyReplica": 0, "targetReplica": 0},
        });
        let host_id = sha1_hex(format!("{k}@{now}@{}", state.clock_ms).as_bytes())[..16].to_string();
        let mut ep = Endpoint {
            namespace: ns.to_string(),
            object,
            host_id,
            timer: None,
        };
        ep.deploy(state.clock_ms);
        let out = ep.object.clone();
        state.endpoints.insert(k, ep);
        Ok(Response::json(200, &out))
    })?
}

/// `PUT /endpoint/{ns}/{name}`: non-null fields of `compute` and `model` replace the current
/// ones; a running endpoint goes `updating`, then `running` again.
fn update(ctx: &Ctx, ns: &str, name: &str) -> ApiResult {
    let body = Value::Object(json_body(ctx)?);
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        let user = check_namespace(state, ctx, ns, true)?;
        let k = key(ns, name);
        let mut ep = state
            .endpoints
            .get(&k)
            .cloned()
            .ok_or_else(|| endpoint_not_found(name))?;
        let mut changed = false;
        let obj = &mut ep.object;
        if let Some(c) = body.get("compute").filter(|c| !c.is_null()) {
            let c = c
                .as_object()
                .ok_or_else(|| ApiError::BadRequest("\"compute\" must be an object".into()))?;
            for f in ["accelerator", "instanceSize", "instanceType"] {
                if let Some(v) = str_field(c, f)? {
                    obj["compute"][f] = json!(v);
                    changed = true;
                }
            }
            if let Some(s) = c.get("scaling").filter(|s| !s.is_null()) {
                for f in ["minReplica", "maxReplica"] {
                    if let Some(n) = replicas(s, f)? {
                        obj["compute"]["scaling"][f] = json!(n);
                        changed = true;
                    }
                }
            }
            let scaling = &obj["compute"]["scaling"];
            check_scaling(
                scaling["minReplica"].as_u64().unwrap_or(0),
                scaling["maxReplica"].as_u64().unwrap_or(1),
            )?;
        }
        if let Some(m) = body.get("model").filter(|m| !m.is_null()) {
            let m = m
                .as_object()
                .ok_or_else(|| ApiError::BadRequest("\"model\" must be an object".into()))?;
            for f in ["framework", "task"] {
                if let Some(v) = str_field(m, f)? {
                    obj["model"][f] = json!(v);
                    changed = true;
                }
            }
            let repo_given = str_field(m, "repository")?.map(str::to_owned);
            let rev_given = str_field(m, "revision")?.map(str::to_owned);
            if repo_given.is_some() || rev_given.is_some() {
                let repository = repo_given
                    .or_else(|| obj["model"]["repository"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let revision = check_model(state, ctx, &repository, rev_given.as_deref())?;
                obj["model"]["repository"] = json!(repository);
                obj["model"]["revision"] = json!(revision);
                changed = true;
            }
            if let Some(image) = m.get("image").filter(|i| !i.is_null()) {
                let image = image_of(&Map::from_iter([("image".to_string(), image.clone())]))?;
                obj["healthRoute"] = health_route(&image);
                obj["model"]["image"] = image;
                changed = true;
            }
        }
        if changed {
            ep.object["status"]["updatedBy"] =
                json!({"id": object_id(&format!("user:{user}")), "name": user});
            ep.object["status"]["updatedAt"] = json!(now_iso());
            if ep.state() == "running" {
                ep.set_state("updating", "Endpoint is updating");
                ep.timer = Some(Timer {
                    at_ms: state.clock_ms + ENDPOINT_INIT_MS,
                    stage: "running".into(),
                });
            }
        }
        let out = ep.object.clone();
        state.endpoints.insert(k, ep);
        Ok(Response::json(200, &out))
    })?
}
