//! Space management: runtime, hardware, sleep time, pause/restart, persistent
//! storage, secrets and variables (hub-endpoints §3.10, §4.8, §5).
//!
//! Every call goes to `{endpoint}/api/spaces/{repo_id}/…`. Methods that change the
//! Space answer its runtime, parsed as [`SpaceRuntime`]; secrets are write-only.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{read_json, Method, Request};
use crate::repo::RepoType;
use crate::types::spaces::variables_from_map;
use crate::types::{SpaceRuntime, SpaceVariables};

/// Options of [`Client::request_space_hardware`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestSpaceHardwareOptions {
    /// Seconds of inactivity before the Space sleeps (`-1`: never); sent as
    /// `sleepTimeSeconds`. Not configurable on `cpu-basic` (the Hub keeps 48 h).
    pub sleep_time: Option<i64>,
}

/// Options of [`Client::restart_space`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RestartSpaceOptions {
    /// Rebuild from scratch, without the build cache (`?factory=true`).
    pub factory_reboot: bool,
}

/// Options of [`Client::add_space_secret`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddSpaceSecretOptions {
    /// Description shown in the Space settings.
    pub description: Option<String>,
}

/// Options of [`Client::add_space_variable`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddSpaceVariableOptions {
    /// Description shown in the Space settings.
    pub description: Option<String>,
}

fn key_value_body(key: &str, value: &str, description: Option<&str>) -> Value {
    let mut body = Map::new();
    body.insert("key".into(), json!(key));
    body.insert("value".into(), json!(value));
    if let Some(d) = description {
        body.insert("description".into(), json!(d));
    }
    Value::Object(body)
}

impl Client {
    fn space_url(&self, repo_id: &str, what: &str) -> Result<String> {
        self.repo_api_url(Some(RepoType::Space), repo_id, &format!("/{what}"))
    }

    fn space_runtime_call(&self, req: Request) -> Result<SpaceRuntime> {
        let raw: Value = self.send_json(&req)?;
        Ok(SpaceRuntime::from_raw(raw))
    }

    fn space_variables_call(&self, req: Request) -> Result<SpaceVariables> {
        let resp = self.send(&req)?;
        let map: Map<String, Value> = read_json(&req.url, resp)?;
        variables_from_map(map).map_err(|e| Error::Decode {
            url: req.url.clone(),
            message: e.to_string(),
        })
    }

    /// The runtime of a Space (stage, hardware, storage, sleep time).
    /// `GET /api/spaces/{repo_id}/runtime`.
    pub fn get_space_runtime(&self, repo_id: &str) -> Result<SpaceRuntime> {
        self.space_runtime_call(Request::get(self.space_url(repo_id, "runtime")?))
    }

    /// Asks for other hardware (`cpu-upgrade`, `t4-small`, ... — any
    /// [`SpaceHardware`](crate::types::SpaceHardware) or flavor name); the Space
    /// rebuilds on it. `POST /api/spaces/{repo_id}/hardware` with
    /// `{"flavor", "sleepTimeSeconds"?}`.
    pub fn request_space_hardware(
        &self,
        repo_id: &str,
        hardware: &str,
        options: &RequestSpaceHardwareOptions,
    ) -> Result<SpaceRuntime> {
        let mut body = Map::new();
        body.insert("flavor".into(), json!(hardware));
        if let Some(s) = options.sleep_time {
            body.insert("sleepTimeSeconds".into(), json!(s));
        }
        let url = self.space_url(repo_id, "hardware")?;
        self.space_runtime_call(Request::new(Method::Post, url).json(&Value::Object(body)))
    }

    /// Sets the seconds of inactivity before the Space sleeps (`-1`: never; fixed
    /// at 48 h on `cpu-basic`). `POST /api/spaces/{repo_id}/sleeptime` with `{"seconds"}`.
    pub fn set_space_sleep_time(&self, repo_id: &str, sleep_time: i64) -> Result<SpaceRuntime> {
        let url = self.space_url(repo_id, "sleeptime")?;
        self.space_runtime_call(
            Request::new(Method::Post, url).json(&json!({ "seconds": sleep_time })),
        )
    }

    /// Pauses a Space (no hardware billed until restarted). `POST /api/spaces/{repo_id}/pause`,
    /// no body.
    pub fn pause_space(&self, repo_id: &str) -> Result<SpaceRuntime> {
        self.space_runtime_call(Request::new(
            Method::Post,
            self.space_url(repo_id, "pause")?,
        ))
    }

    /// Restarts (or wakes, or un-pauses) a Space. `POST /api/spaces/{repo_id}/restart`,
    /// with `?factory=true` for a factory reboot; no body.
    pub fn restart_space(
        &self,
        repo_id: &str,
        options: &RestartSpaceOptions,
    ) -> Result<SpaceRuntime> {
        let mut url = self.space_url(repo_id, "restart")?;
        if options.factory_reboot {
            url.push_str("?factory=true");
        }
        self.space_runtime_call(Request::new(Method::Post, url))
    }

    /// Adds (or upgrades to) persistent storage: `small`, `medium` or `large`.
    /// `POST /api/spaces/{repo_id}/storage` with `{"tier"}`.
    pub fn request_space_storage(&self, repo_id: &str, storage: &str) -> Result<SpaceRuntime> {
        let url = self.space_url(repo_id, "storage")?;
        self.space_runtime_call(Request::new(Method::Post, url).json(&json!({ "tier": storage })))
    }

    /// Deletes the persistent storage of a Space (its data is lost; 400 when the Space
    /// has none). `DELETE /api/spaces/{repo_id}/storage`, no body.
    pub fn delete_space_storage(&self, repo_id: &str) -> Result<SpaceRuntime> {
        let url = self.space_url(repo_id, "storage")?;
        self.space_runtime_call(Request::new(Method::Delete, url))
    }

    /// Adds or replaces a secret (its value is never readable again).
    /// `POST /api/spaces/{repo_id}/secrets` with `{"key", "value", "description"?}`.
    pub fn add_space_secret(
        &self,
        repo_id: &str,
        key: &str,
        value: &str,
        options: &AddSpaceSecretOptions,
    ) -> Result<()> {
        let url = self.space_url(repo_id, "secrets")?;
        let body = key_value_body(key, value, options.description.as_deref());
        self.send(&Request::new(Method::Post, url).json(&body))
            .map(drop)
    }

    /// Deletes a secret (deleting an unknown key succeeds).
    /// `DELETE /api/spaces/{repo_id}/secrets` with the JSON body `{"key"}`.
    pub fn delete_space_secret(&self, repo_id: &str, key: &str) -> Result<()> {
        let url = self.space_url(repo_id, "secrets")?;
        self.send(&Request::new(Method::Delete, url).json(&json!({ "key": key })))
            .map(drop)
    }

    /// The variables of a Space, by key. `GET /api/spaces/{repo_id}/variables`.
    pub fn get_space_variables(&self, repo_id: &str) -> Result<SpaceVariables> {
        self.space_variables_call(Request::get(self.space_url(repo_id, "variables")?))
    }

    /// Adds or replaces a variable; returns every variable after the change.
    /// `POST /api/spaces/{repo_id}/variables` with `{"key", "value", "description"?}`.
    pub fn add_space_variable(
        &self,
        repo_id: &str,
        key: &str,
        value: &str,
        options: &AddSpaceVariableOptions,
    ) -> Result<SpaceVariables> {
        let url = self.space_url(repo_id, "variables")?;
        let body = key_value_body(key, value, options.description.as_deref());
        self.space_variables_call(Request::new(Method::Post, url).json(&body))
    }

    /// Deletes a variable; returns every variable after the change.
    /// `DELETE /api/spaces/{repo_id}/variables` with the JSON body `{"key"}`.
    pub fn delete_space_variable(&self, repo_id: &str, key: &str) -> Result<SpaceVariables> {
        let url = self.space_url(repo_id, "variables")?;
        self.space_variables_call(Request::new(Method::Delete, url).json(&json!({ "key": key })))
    }
}
