//! Repository management: `create_repo`, `delete_repo`, `move_repo`,
//! `update_repo_visibility`, `update_repo_settings`, `duplicate_space`.
//!
//! Differences from Python 0.22, where 0.22 had bugs (reference §7.6):
//! * a `409 Cannot create repo: another conflicting operation is in progress` is retried
//!   with the client's backoff and retry budget (0.22 retried at once, forever);
//! * with `exist_ok`, a 401/402/403 on creation falls back to checking that the repository
//!   exists (as newer Python clients do; 0.22 only did it for 403); the URL returned then carries
//!   the right prefix (`datasets/`, `spaces/`; 0.22 built `{endpoint}/dataset/{id}`), and when
//!   the repository does not exist the original error is returned (not the lookup's).

use std::thread;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::api::info::RepoInfoOptions;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{check_response, read_body, read_json, Method, Request, Response};
use crate::repo::{validate_repo_id, RepoType};
use crate::retry::RetryState;
use crate::types::RepoUrl;

/// The Space SDKs `create_repo` accepts (Python's `SPACES_SDK_TYPES`).
pub const SPACE_SDKS: &[&str] = &["gradio", "streamlit", "docker", "static"];

/// The body of the 409 that `create_repo` retries.
const CONFLICT_IN_PROGRESS: &str =
    "Cannot create repo: another conflicting operation is in progress";

/// Largest 409 body read (for its `url`).
const CONFLICT_BODY_LIMIT: u64 = 64 * 1024;

/// A secret or a variable of a Space: `{"key", "value", "description"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaceKeyValue {
    /// Name (e.g. `HF_TOKEN`).
    pub key: String,
    /// Value.
    pub value: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Options of [`Client::create_repo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateRepoOptions {
    /// Create a private repository (always sent, `false` by default).
    pub private: bool,
    /// Repository type (models by default; `type` is only sent when given).
    pub repo_type: Option<RepoType>,
    /// Succeed when the repository already exists.
    pub exist_ok: bool,
    /// Space SDK: `gradio`, `streamlit`, `docker` or `static` (required for Spaces).
    pub space_sdk: Option<String>,
    /// Space hardware flavor (`cpu-basic`, `t4-medium`, ...).
    pub space_hardware: Option<String>,
    /// Space persistent storage tier (`small`, `medium`, `large`).
    pub space_storage: Option<String>,
    /// Seconds of inactivity before the Space sleeps (`-1`: never).
    pub space_sleep_time: Option<i64>,
    /// Space secrets.
    pub space_secrets: Option<Vec<SpaceKeyValue>>,
    /// Space variables.
    pub space_variables: Option<Vec<SpaceKeyValue>>,
}

/// Options of [`Client::delete_repo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteRepoOptions {
    /// Repository type (models by default; `type` is only sent when given).
    pub repo_type: Option<RepoType>,
    /// Succeed when the repository does not exist.
    pub missing_ok: bool,
}

/// Options of [`Client::update_repo_visibility`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateRepoVisibilityOptions {
    /// Make the repository private (`false`: public).
    pub private: bool,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Access gating of a repository (Python's `gated`: `"auto"`, `"manual"` or `False`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gating {
    /// Access requests are approved automatically (`"auto"`).
    Auto,
    /// Access requests wait for the owner's approval (`"manual"`).
    Manual,
    /// Not gated (`false`).
    Disabled,
}

impl Gating {
    fn to_json(self) -> Value {
        match self {
            Gating::Auto => json!("auto"),
            Gating::Manual => json!("manual"),
            Gating::Disabled => json!(false),
        }
    }
}

impl<'de> Deserialize<'de> for Gating {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) if s == "auto" => Ok(Gating::Auto),
            Value::String(s) if s == "manual" => Ok(Gating::Manual),
            Value::Bool(false) => Ok(Gating::Disabled),
            other => Err(serde::de::Error::custom(format!(
                "gated must be \"auto\", \"manual\" or false, got {other}"
            ))),
        }
    }
}

/// Options of [`Client::update_repo_settings`]; at least one setting is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateRepoSettingsOptions {
    /// New access gating.
    pub gated: Option<Gating>,
    /// Make the repository private (`Some(false)`: public).
    pub private: Option<bool>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::move_repo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MoveRepoOptions {
    /// Repository type (models by default; always sent).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::duplicate_space`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicateSpaceOptions {
    /// The new Space (`namespace/name`, `name` or a URL); by default the source's name in
    /// the token owner's namespace.
    pub to_id: Option<String>,
    /// Visibility of the new Space (the source's by default).
    pub private: Option<bool>,
    /// Succeed when the target already exists.
    pub exist_ok: bool,
    /// Hardware flavor of the new Space.
    pub hardware: Option<String>,
    /// Persistent storage tier of the new Space.
    pub storage: Option<String>,
    /// Sleep time in seconds.
    pub sleep_time: Option<i64>,
    /// Secrets of the new Space.
    pub secrets: Option<Vec<SpaceKeyValue>>,
    /// Variables of the new Space.
    pub variables: Option<Vec<SpaceKeyValue>>,
}

/// What a creating POST answered.
enum Created {
    /// 2xx: the JSON body.
    New(Value),
    /// 409 with `exist_ok`: the JSON body of the conflict (`Null` if it is not JSON).
    Existing(Value),
}

/// `(namespace, name)` of a repo id (Python's `repo_id.split("/")`).
fn split_id(repo_id: &str) -> (Option<&str>, &str) {
    match repo_id.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, repo_id),
    }
}

fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A response rebuilt from parts read already, so that [`check_response`] can map it.
fn rebuild(status: u16, headers: &ureq::http::HeaderMap, body: Vec<u8>) -> Result<Response> {
    let mut b = ureq::http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b.body(ureq::Body::builder().data(body))
        .map_err(|e| Error::invalid(format!("cannot rebuild a response: {e}")))
}

impl Client {
    /// Sends a creating POST (`create_repo`, `duplicate_space`): never retried as a whole,
    /// except that the Hub's "another conflicting operation is in progress" 409 (nothing was
    /// created) is retried within the retry policy; any other 409 is the repository existing.
    fn send_create(&self, req: &Request, exist_ok: bool) -> Result<Created> {
        let mut retries = RetryState::new(self.inner.retry);
        loop {
            let resp = self.send_unchecked(req)?;
            if resp.status().as_u16() != 409 {
                let resp = check_response(req.method, &req.url, resp)?;
                return read_json(&req.url, resp).map(Created::New);
            }
            let headers = resp.headers().clone();
            let body = read_body(&req.url, resp, CONFLICT_BODY_LIMIT)?;
            if String::from_utf8_lossy(&body).contains(CONFLICT_IN_PROGRESS) {
                if let Some(wait) = retries.next_wait(None) {
                    thread::sleep(wait);
                    continue;
                }
            } else if exist_ok {
                let v = serde_json::from_slice(&body).unwrap_or(Value::Null);
                return Ok(Created::Existing(v));
            }
            return match check_response(req.method, &req.url, rebuild(409, &headers, body)?) {
                Err(e) => Err(e),
                Ok(_) => Err(Error::invalid("a 409 answer was not mapped to an error")),
            };
        }
    }

    /// The `url` of a creation answer as a [`RepoUrl`] (or `fallback` when absent).
    fn repo_url_from(
        &self,
        answer: &Value,
        fallback: Option<String>,
        url: &str,
    ) -> Result<RepoUrl> {
        let text = match (answer.get("url").and_then(Value::as_str), fallback) {
            (Some(u), _) => u.to_owned(),
            (None, Some(f)) => f,
            (None, None) => {
                return Err(Error::Decode {
                    url: url.to_owned(),
                    message: "the answer has no `url`".into(),
                })
            }
        };
        RepoUrl::parse(&text, Some(self.endpoint()))
    }

    /// `{endpoint}/{prefix}{repo_id}`: the web URL of a repository.
    fn web_url(&self, repo_type: RepoType, repo_id: &str) -> String {
        format!("{}/{}{repo_id}", self.endpoint(), repo_type.url_prefix())
    }

    /// Creates a repository. `POST /api/repos/create` with
    /// `{"name", "organization" (null without a namespace), "private", "type"?}` plus, for
    /// Spaces, `"sdk"`, `"hardware"`, `"storageTier"`, `"sleepTimeSeconds"`, `"secrets"`,
    /// `"variables"` (Space options are ignored for other types, as in Python).
    ///
    /// With `exist_ok`, a 409 returns the existing repository's URL (from the answer), and a
    /// 401/402/403 returns it too when the repository can be seen (`GET /api/{T}/{repo_id}`).
    /// Returns the URL parsed like Python's `RepoUrl`.
    pub fn create_repo(&self, repo_id: &str, options: &CreateRepoOptions) -> Result<RepoUrl> {
        validate_repo_id(repo_id)?;
        let (organization, name) = split_id(repo_id);
        let mut body = Map::new();
        body.insert("name".into(), json!(name));
        body.insert("organization".into(), json!(organization));
        body.insert("private".into(), json!(options.private));
        if let Some(t) = options.repo_type {
            body.insert("type".into(), json!(t.as_str()));
        }
        if options.repo_type == Some(RepoType::Space) {
            let sdk = options.space_sdk.as_deref().ok_or_else(|| {
                Error::invalid(format!(
                    "create_repo: a Space needs `space_sdk`, one of {}",
                    SPACE_SDKS.join(", ")
                ))
            })?;
            if !SPACE_SDKS.contains(&sdk) {
                return Err(Error::invalid(format!(
                    "create_repo: invalid space_sdk {sdk:?}, expected one of {}",
                    SPACE_SDKS.join(", ")
                )));
            }
            body.insert("sdk".into(), json!(sdk));
            let extra = [
                ("hardware", options.space_hardware.as_ref().map(to_json)),
                ("storageTier", options.space_storage.as_ref().map(to_json)),
                (
                    "sleepTimeSeconds",
                    options.space_sleep_time.map(|s| json!(s)),
                ),
                ("secrets", options.space_secrets.as_ref().map(to_json)),
                ("variables", options.space_variables.as_ref().map(to_json)),
            ];
            for (k, v) in extra {
                if let Some(v) = v {
                    body.insert(k.into(), v);
                }
            }
        }
        let url = self.hub_url("/api/repos/create");
        let req = Request::new(Method::Post, url.as_str()).json(&Value::Object(body));
        let repo_type = options.repo_type.unwrap_or_default();
        match self.send_create(&req, options.exist_ok) {
            Ok(Created::New(v)) => self.repo_url_from(&v, None, &url),
            Ok(Created::Existing(v)) => {
                self.repo_url_from(&v, Some(self.web_url(repo_type, repo_id)), &url)
            }
            Err(e) if options.exist_ok && matches!(e.status(), Some(401..=403)) => {
                let o = RepoInfoOptions {
                    repo_type: options.repo_type,
                    ..Default::default()
                };
                match self.repo_info(repo_id, &o) {
                    Ok(_) => {
                        RepoUrl::parse(&self.web_url(repo_type, repo_id), Some(self.endpoint()))
                    }
                    Err(_) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Deletes a repository. `DELETE /api/repos/delete` with the JSON body
    /// `{"name", "organization" (null without a namespace), "type"?}`. With `missing_ok`, a
    /// missing repository is not an error.
    pub fn delete_repo(&self, repo_id: &str, options: &DeleteRepoOptions) -> Result<()> {
        validate_repo_id(repo_id)?;
        let (organization, name) = split_id(repo_id);
        let mut body = Map::new();
        body.insert("name".into(), json!(name));
        body.insert("organization".into(), json!(organization));
        if let Some(t) = options.repo_type {
            body.insert("type".into(), json!(t.as_str()));
        }
        let req = Request::new(Method::Delete, self.hub_url("/api/repos/delete"))
            .json(&Value::Object(body));
        match self.send(&req) {
            Ok(_) => Ok(()),
            Err(e) if options.missing_ok && e.kind() == crate::ErrorKind::RepoNotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Makes a repository private or public. `PUT /api/{T}/{namespace}/{name}/settings` with
    /// `{"private"}`; without a namespace in `repo_id`, the token owner's (`GET
    /// /api/whoami-v2` first). Returns the server's JSON answer, as Python does.
    pub fn update_repo_visibility(
        &self,
        repo_id: &str,
        options: &UpdateRepoVisibilityOptions,
    ) -> Result<Value> {
        validate_repo_id(repo_id)?;
        let full_id = match split_id(repo_id) {
            (Some(_), _) => repo_id.to_owned(),
            (None, name) => format!("{}/{name}", self.whoami()?.name),
        };
        let url = self.repo_api_url(options.repo_type, &full_id, "/settings")?;
        let req = Request::new(Method::Put, url)
            .json(&json!({"private": options.private}))
            .idempotent(true);
        self.send_json(&req)
    }

    /// Changes a repository's gating and/or visibility (Python's `update_repo_settings`,
    /// added after 0.22). `PUT /api/{T}/{repo_id}/settings` with `{"gated"?, "private"?}`;
    /// an empty change is refused before any request.
    pub fn update_repo_settings(
        &self,
        repo_id: &str,
        options: &UpdateRepoSettingsOptions,
    ) -> Result<()> {
        validate_repo_id(repo_id)?;
        let mut body = Map::new();
        if let Some(g) = options.gated {
            body.insert("gated".into(), g.to_json());
        }
        if let Some(p) = options.private {
            body.insert("private".into(), json!(p));
        }
        if body.is_empty() {
            return Err(Error::invalid(
                "update_repo_settings: at least one setting (gated, private) must be given",
            ));
        }
        let url = self.repo_api_url(options.repo_type, repo_id, "/settings")?;
        let req = Request::new(Method::Put, url)
            .json(&Value::Object(body))
            .idempotent(true);
        self.send_json::<Value>(&req).map(|_| ())
    }

    /// Renames or transfers a repository. `POST /api/repos/move` with
    /// `{"fromRepo", "toRepo", "type"}` (`type` is `model` by default). Both ids must be
    /// `namespace/name`.
    pub fn move_repo(&self, from_id: &str, to_id: &str, options: &MoveRepoOptions) -> Result<()> {
        for id in [from_id, to_id] {
            validate_repo_id(id)?;
            if !id.contains('/') {
                return Err(Error::invalid(format!(
                    "move_repo: invalid repo id {id:?}: it needs a namespace (namespace/name)"
                )));
            }
        }
        let body = json!({
            "fromRepo": from_id,
            "toRepo": to_id,
            "type": options.repo_type.unwrap_or_default().as_str(),
        });
        let req = Request::new(Method::Post, self.hub_url("/api/repos/move")).json(&body);
        self.send(&req).map(drop)
    }

    /// Duplicates a Space. `POST /api/spaces/{from_id}/duplicate` with
    /// `{"repository", "private"?, "hardware"?, "storageTier"?, "sleepTimeSeconds"?,
    /// "secrets"?, "variables"?}`. The target's namespace is `to_id`'s, else the token
    /// owner's (`GET /api/whoami-v2` first); its name is `to_id`'s, else `from_id`'s. With
    /// `exist_ok`, an existing target is returned instead of a 409 error.
    pub fn duplicate_space(
        &self,
        from_id: &str,
        options: &DuplicateSpaceOptions,
    ) -> Result<RepoUrl> {
        let url = self.repo_api_url(Some(RepoType::Space), from_id, "/duplicate")?;
        let to = match &options.to_id {
            Some(t) => Some(RepoUrl::parse(t, Some(self.endpoint()))?),
            None => None,
        };
        let namespace = match to.as_ref().and_then(|t| t.namespace.clone()) {
            Some(ns) => ns,
            None => self.whoami()?.name,
        };
        let name = match &to {
            Some(t) => t.repo_name.clone(),
            None => RepoUrl::parse(from_id, Some(self.endpoint()))?.repo_name,
        };
        let target = format!("{namespace}/{name}");
        validate_repo_id(&target)?;
        let mut body = Map::new();
        body.insert("repository".into(), json!(target));
        let extra = [
            ("private", options.private.map(|p| json!(p))),
            ("hardware", options.hardware.as_ref().map(to_json)),
            ("storageTier", options.storage.as_ref().map(to_json)),
            ("sleepTimeSeconds", options.sleep_time.map(|s| json!(s))),
            ("secrets", options.secrets.as_ref().map(to_json)),
            ("variables", options.variables.as_ref().map(to_json)),
        ];
        for (k, v) in extra {
            if let Some(v) = v {
                body.insert(k.into(), v);
            }
        }
        let req = Request::new(Method::Post, url.as_str()).json(&Value::Object(body));
        match self.send_create(&req, options.exist_ok)? {
            Created::New(v) => self.repo_url_from(&v, None, &url),
            Created::Existing(v) => {
                self.repo_url_from(&v, Some(self.web_url(RepoType::Space, &target)), &url)
            }
        }
    }
}
