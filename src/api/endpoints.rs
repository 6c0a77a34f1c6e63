//! Inference Endpoints (hub-endpoints §3.11, §4.9, §5): create, get, list, update,
//! pause, resume, scale to zero, delete — against the client's
//! `inference_endpoints_url` (default `https://api.endpoints.huggingface.cloud/v2`),
//! with the Hub token.
//!
//! The namespace defaults to the token owner's (one `GET /api/whoami-v2`), as in
//! Python. Two 0.22 quirks are fixed (reference §7.9, §7.10):
//! * `list_inference_endpoints(namespace="*")` calls whoami once, lists through this
//!   client (its token and headers), and skips only the organisations that answer
//!   401 or 403 (no access, no billing); any other failure is reported.
//! * `update_inference_endpoint` sends only the fields given (as Python ≥ 0.25 does),
//!   instead of `null` for every other compute/model field and a reset image.

use std::thread;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Method, Request};
use crate::types::InferenceEndpoint;

/// The namespace option shared by the endpoint operations that take only it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InferenceEndpointNamespace {
    /// User or organisation owning the endpoint (the token owner's by default).
    pub namespace: Option<String>,
}

/// Options of [`Client::list_inference_endpoints`] (`namespace: "*"` = the user and
/// every organisation of the user).
pub type ListInferenceEndpointsOptions = InferenceEndpointNamespace;
/// Options of [`Client::get_inference_endpoint`].
pub type GetInferenceEndpointOptions = InferenceEndpointNamespace;
/// Options of [`Client::delete_inference_endpoint`].
pub type DeleteInferenceEndpointOptions = InferenceEndpointNamespace;
/// Options of [`Client::pause_inference_endpoint`].
pub type PauseInferenceEndpointOptions = InferenceEndpointNamespace;
/// Options of [`Client::resume_inference_endpoint`].
pub type ResumeInferenceEndpointOptions = InferenceEndpointNamespace;
/// Options of [`Client::scale_to_zero_inference_endpoint`].
pub type ScaleToZeroInferenceEndpointOptions = InferenceEndpointNamespace;

/// Options of [`Client::create_inference_endpoint`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateInferenceEndpointOptions {
    /// Cloud account to bill (`accountId`).
    pub account_id: Option<String>,
    /// Minimum replicas (0 by default: scale to zero allowed).
    pub min_replica: Option<u64>,
    /// Maximum replicas (1 by default).
    pub max_replica: Option<u64>,
    /// Model revision (the API pins the default branch's commit when absent).
    pub revision: Option<String>,
    /// Task (`text-generation`, ...).
    pub task: Option<String>,
    /// A custom container image, passed as `model.image.custom` verbatim
    /// (e.g. `{"url": "ghcr.io/…", "health_route": "/health", "env": {...}}`).
    pub custom_image: Option<Value>,
    /// `public`, `protected` (default) or `private`.
    #[serde(rename = "type")]
    pub endpoint_type: Option<String>,
    /// Namespace (the token owner's by default).
    pub namespace: Option<String>,
}

/// Options of [`Client::update_inference_endpoint`]: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateInferenceEndpointOptions {
    /// Accelerator (`cpu`, `gpu`).
    pub accelerator: Option<String>,
    /// Instance size (`x1`, `x2`, ...).
    pub instance_size: Option<String>,
    /// Instance type (`intel-icl`, `nvidia-a10g`, ...).
    pub instance_type: Option<String>,
    /// Minimum replicas.
    pub min_replica: Option<u64>,
    /// Maximum replicas.
    pub max_replica: Option<u64>,
    /// Model repository.
    pub repository: Option<String>,
    /// Framework.
    pub framework: Option<String>,
    /// Model revision.
    pub revision: Option<String>,
    /// Task.
    pub task: Option<String>,
    /// Namespace (the token owner's by default).
    pub namespace: Option<String>,
}

/// Inserts `value` under `key` when it is given.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), v);
    }
}

impl Client {
    /// The namespace to use: the one given, else the token owner's (whoami), which
    /// must be a user.
    fn endpoint_namespace(&self, namespace: Option<&str>) -> Result<String> {
        if let Some(ns) = namespace {
            return Ok(ns.to_owned());
        }
        let me = self.whoami()?;
        if me.account_type != "user" {
            return Err(Error::invalid(format!(
                "cannot determine a default namespace: the token belongs to a {} ({}), pass `namespace`",
                me.account_type, me.name
            )));
        }
        Ok(me.name)
    }

    fn endpoints_url(&self, namespace: &str, rest: &str) -> String {
        format!(
            "{}/endpoint/{namespace}{rest}",
            self.inference_endpoints_url()
        )
    }

    fn endpoint_call(&self, req: Request, namespace: &str) -> Result<InferenceEndpoint> {
        let raw: Value = self.send_json(&req)?;
        InferenceEndpoint::from_raw(raw, namespace).map_err(|message| Error::Decode {
            url: req.url.clone(),
            message,
        })
    }

    fn list_endpoints_in(&self, namespace: &str) -> Result<Vec<InferenceEndpoint>> {
        let req = Request::get(self.endpoints_url(namespace, ""));
        let body: Value = self.send_json(&req)?;
        let items = body["items"].as_array().ok_or_else(|| Error::Decode {
            url: req.url.clone(),
            message: "expected an object with an `items` array".into(),
        })?;
        items
            .iter()
            .map(|raw| {
                InferenceEndpoint::from_raw(raw.clone(), namespace).map_err(|message| {
                    Error::Decode {
                        url: req.url.clone(),
                        message,
                    }
                })
            })
            .collect()
    }

    /// The Inference Endpoints of a namespace (the token owner's by default; `"*"`
    /// = the user's and every organisation's of the user, personal first, skipping
    /// organisations that answer 401/403). Not paginated by the API.
    /// `GET {inference_endpoints_url}/endpoint/{namespace}`.
    pub fn list_inference_endpoints(
        &self,
        options: &ListInferenceEndpointsOptions,
    ) -> Result<Vec<InferenceEndpoint>> {
        if options.namespace.as_deref() != Some("*") {
            let ns = self.endpoint_namespace(options.namespace.as_deref())?;
            return self.list_endpoints_in(&ns);
        }
        let me = self.whoami()?;
        let mut out = self.list_endpoints_in(&me.name)?;
        for org in &me.orgs {
            match self.list_endpoints_in(&org.name) {
                Ok(items) => out.extend(items),
                Err(e) if matches!(e.kind(), ErrorKind::Unauthorized | ErrorKind::Forbidden) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Creates an Inference Endpoint deploying `repository`; it starts `pending` (see
    /// [`InferenceEndpoint::wait`]). `POST {inference_endpoints_url}/endpoint/{namespace}`
    /// with `{accountId, compute, model, name, provider, type}`.
    #[allow(clippy::too_many_arguments)] // Python's required parameters, in Python's order
    pub fn create_inference_endpoint(
        &self,
        name: &str,
        repository: &str,
        framework: &str,
        accelerator: &str,
        instance_size: &str,
        instance_type: &str,
        region: &str,
        vendor: &str,
        options: &CreateInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        let ns = self.endpoint_namespace(options.namespace.as_deref())?;
        let image = match &options.custom_image {
            Some(custom) => json!({ "custom": custom }),
            None => json!({ "huggingface": {} }),
        };
        let body = json!({
            "accountId": options.account_id,
            "compute": {
                "accelerator": accelerator,
                "instanceSize": instance_size,
                "instanceType": instance_type,
                "scaling": {
                    "maxReplica": options.max_replica.unwrap_or(1),
                    "minReplica": options.min_replica.unwrap_or(0),
                },
            },
            "model": {
                "framework": framework,
                "repository": repository,
                "revision": options.revision,
                "task": options.task,
                "image": image,
            },
            "name": name,
            "provider": {"region": region, "vendor": vendor},
            "type": options.endpoint_type.as_deref().unwrap_or("protected"),
        });
        let req = Request::new(Method::Post, self.endpoints_url(&ns, "")).json(&body);
        self.endpoint_call(req, &ns)
    }

    /// One Inference Endpoint. `GET {inference_endpoints_url}/endpoint/{namespace}/{name}`.
    pub fn get_inference_endpoint(
        &self,
        name: &str,
        options: &GetInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        let ns = self.endpoint_namespace(options.namespace.as_deref())?;
        let req = Request::get(self.endpoints_url(&ns, &format!("/{name}")));
        self.endpoint_call(req, &ns)
    }

    /// Changes the compute or model of an endpoint (only the fields given).
    /// `PUT {inference_endpoints_url}/endpoint/{namespace}/{name}` with
    /// `{"compute"?: {...}, "model"?: {...}}`.
    pub fn update_inference_endpoint(
        &self,
        name: &str,
        options: &UpdateInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        let ns = self.endpoint_namespace(options.namespace.as_deref())?;
        let o = options;
        let s = |v: &Option<String>| v.as_ref().map(|x| json!(x));
        let n = |v: Option<u64>| v.map(|x| json!(x));
        let mut body = Map::new();
        let mut compute = Map::new();
        put(&mut compute, "accelerator", s(&o.accelerator));
        put(&mut compute, "instanceSize", s(&o.instance_size));
        put(&mut compute, "instanceType", s(&o.instance_type));
        let mut scaling = Map::new();
        put(&mut scaling, "maxReplica", n(o.max_replica));
        put(&mut scaling, "minReplica", n(o.min_replica));
        if !scaling.is_empty() {
            compute.insert("scaling".into(), Value::Object(scaling));
        }
        if !compute.is_empty() {
            body.insert("compute".into(), Value::Object(compute));
        }
        let mut model = Map::new();
        put(&mut model, "framework", s(&o.framework));
        put(&mut model, "repository", s(&o.repository));
        put(&mut model, "revision", s(&o.revision));
        put(&mut model, "task", s(&o.task));
        if !model.is_empty() {
            body.insert("model".into(), Value::Object(model));
        }
        let req = Request::new(Method::Put, self.endpoints_url(&ns, &format!("/{name}")))
            .json(&Value::Object(body));
        self.endpoint_call(req, &ns)
    }

    /// Deletes an endpoint. `DELETE {inference_endpoints_url}/endpoint/{namespace}/{name}`.
    pub fn delete_inference_endpoint(
        &self,
        name: &str,
        options: &DeleteInferenceEndpointOptions,
    ) -> Result<()> {
        let ns = self.endpoint_namespace(options.namespace.as_deref())?;
        let req = Request::new(Method::Delete, self.endpoints_url(&ns, &format!("/{name}")));
        self.send(&req).map(drop)
    }

    fn endpoint_action(
        &self,
        name: &str,
        namespace: Option<&str>,
        action: &str,
    ) -> Result<InferenceEndpoint> {
        let ns = self.endpoint_namespace(namespace)?;
        let req = Request::new(
            Method::Post,
            self.endpoints_url(&ns, &format!("/{name}/{action}")),
        );
        self.endpoint_call(req, &ns)
    }

    /// Pauses an endpoint (no replica, no billing, until resumed).
    /// `POST {inference_endpoints_url}/endpoint/{namespace}/{name}/pause`, no body.
    pub fn pause_inference_endpoint(
        &self,
        name: &str,
        options: &PauseInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        self.endpoint_action(name, options.namespace.as_deref(), "pause")
    }

    /// Resumes a paused (or scaled-to-zero) endpoint.
    /// `POST {inference_endpoints_url}/endpoint/{namespace}/{name}/resume`, no body.
    pub fn resume_inference_endpoint(
        &self,
        name: &str,
        options: &ResumeInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        self.endpoint_action(name, options.namespace.as_deref(), "resume")
    }

    /// Scales an endpoint to zero replicas (it wakes on the next request).
    /// `POST {inference_endpoints_url}/endpoint/{namespace}/{name}/scale-to-zero`, no body.
    pub fn scale_to_zero_inference_endpoint(
        &self,
        name: &str,
        options: &ScaleToZeroInferenceEndpointOptions,
    ) -> Result<InferenceEndpoint> {
        self.endpoint_action(name, options.namespace.as_deref(), "scale-to-zero")
    }
}

impl InferenceEndpoint {
    fn ns_option(&self) -> InferenceEndpointNamespace {
        InferenceEndpointNamespace {
            namespace: Some(self.namespace.clone()),
        }
    }

    /// Refreshes this endpoint from the API ([`Client::get_inference_endpoint`]).
    pub fn fetch(&mut self, client: &Client) -> Result<&mut Self> {
        *self = client.get_inference_endpoint(&self.name, &self.ns_option())?;
        Ok(self)
    }

    /// Waits until the endpoint runs with a URL, refreshing it every
    /// `refresh_every` (Python's default is 5 s), for at most `timeout`.
    ///
    /// Fails with [`Error::InferenceEndpointFailed`] as soon as the endpoint is
    /// `failed` or `updateFailed`, and with [`Error::Timeout`] once `timeout` has
    /// passed (never sleeping past it). Unlike Python, the wait is always bounded.
    pub fn wait(
        &mut self,
        client: &Client,
        timeout: Duration,
        refresh_every: Duration,
    ) -> Result<&mut Self> {
        if refresh_every.is_zero() {
            return Err(Error::invalid("`refresh_every` must be positive"));
        }
        let deadline = Instant::now() + timeout;
        loop {
            self.fetch(client)?;
            if self.has_failed() {
                return Err(Error::InferenceEndpointFailed {
                    namespace: self.namespace.clone(),
                    name: self.name.clone(),
                    status: self.status.to_string(),
                    message: self.raw["status"]["message"]
                        .as_str()
                        .unwrap_or("the deployment failed; check the endpoint logs")
                        .to_owned(),
                });
            }
            if self.is_ready() {
                return Ok(self);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::Timeout {
                    url: client.endpoints_url(&self.namespace, &format!("/{}", self.name)),
                    phase: format!(
                        "waiting {timeout:?} for the Inference Endpoint to be deployed, last status {}",
                        self.status
                    ),
                });
            }
            thread::sleep(refresh_every.min(deadline - now));
        }
    }

    /// Pauses the endpoint ([`Client::pause_inference_endpoint`]) and refreshes it.
    pub fn pause(&mut self, client: &Client) -> Result<&mut Self> {
        *self = client.pause_inference_endpoint(&self.name, &self.ns_option())?;
        Ok(self)
    }

    /// Resumes the endpoint ([`Client::resume_inference_endpoint`]) and refreshes it.
    pub fn resume(&mut self, client: &Client) -> Result<&mut Self> {
        *self = client.resume_inference_endpoint(&self.name, &self.ns_option())?;
        Ok(self)
    }

    /// Scales the endpoint to zero ([`Client::scale_to_zero_inference_endpoint`]).
    pub fn scale_to_zero(&mut self, client: &Client) -> Result<&mut Self> {
        *self = client.scale_to_zero_inference_endpoint(&self.name, &self.ns_option())?;
        Ok(self)
    }

    /// Deletes the endpoint ([`Client::delete_inference_endpoint`]).
    pub fn delete(&self, client: &Client) -> Result<()> {
        client.delete_inference_endpoint(&self.name, &self.ns_option())
    }
}
