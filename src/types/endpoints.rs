//! Inference Endpoints (hub-endpoints §3.11, §4.9).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::spaces::open_enum;
use super::{datetime, Timestamp};

open_enum! {
    /// `status.state` of an endpoint.
    InferenceEndpointStatus {
        /// Waiting to be scheduled.
        Pending => "pending",
        /// Starting.
        Initializing => "initializing",
        /// Applying an update.
        Updating => "updating",
        /// An update failed.
        UpdateFailed => "updateFailed",
        /// Deployed and serving.
        Running => "running",
        /// Paused by its owner.
        Paused => "paused",
        /// The deployment failed.
        Failed => "failed",
        /// Scaled to zero replicas (wakes on the next request).
        ScaledToZero => "scaledToZero",
    }
}

open_enum! {
    /// Who may call an endpoint (`type`).
    InferenceEndpointType {
        /// Anyone.
        Public => "public",
        /// Holders of a Hub token of the namespace.
        Protected => "protected",
        /// Only through a private link.
        Private => "private",
        /// Holders of a Hub token (newer name of `protected`).
        Authenticated => "authenticated",
    }
}

/// An Inference Endpoint, shaped as Python's `InferenceEndpoint`: the main fields
/// read from the API object, the namespace it was requested in, and `raw`, the
/// whole object. Refresh it with [`InferenceEndpoint::fetch`]; wait for the
/// deployment with [`InferenceEndpoint::wait`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InferenceEndpoint {
    /// Endpoint name.
    pub name: String,
    /// Namespace (user or organisation) the endpoint was requested in.
    pub namespace: String,
    /// Model repository deployed (`model.repository`).
    pub repository: String,
    /// State (`status.state`).
    pub status: InferenceEndpointStatus,
    /// URL, once deployed (`status.url`).
    pub url: Option<String>,
    /// Framework (`model.framework`).
    pub framework: Option<String>,
    /// Revision deployed (`model.revision`).
    pub revision: Option<String>,
    /// Task (`model.task`).
    pub task: Option<String>,
    /// Creation date (`status.createdAt`).
    #[serde(with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Last change (`status.updatedAt`).
    #[serde(with = "datetime")]
    pub updated_at: Option<Timestamp>,
    /// Access type (`type`).
    #[serde(rename = "type")]
    pub endpoint_type: Option<InferenceEndpointType>,
    /// The whole object as the API sent it (compute, provider, status details...).
    pub raw: Value,
}

impl InferenceEndpoint {
    /// Reads the API's endpoint object, requested in `namespace`.
    pub fn from_raw(raw: Value, namespace: &str) -> Result<Self, String> {
        let s = |v: &Value| v.as_str().map(str::to_owned);
        let name = s(&raw["name"]).ok_or("the endpoint object has no `name`")?;
        let repository = s(&raw["model"]["repository"])
            .ok_or("the endpoint object has no `model.repository`")?;
        let status =
            s(&raw["status"]["state"]).ok_or("the endpoint object has no `status.state`")?;
        let time = |v: &Value| -> Result<Option<Timestamp>, String> {
            match v.as_str() {
                None => Ok(None),
                Some(t) => datetime::deserialize(serde_json::Value::String(t.to_owned()))
                    .map_err(|e| e.to_string()),
            }
        };
        Ok(InferenceEndpoint {
            name,
            namespace: namespace.to_owned(),
            repository,
            status: InferenceEndpointStatus::from(status.as_str()),
            url: s(&raw["status"]["url"]),
            framework: s(&raw["model"]["framework"]),
            revision: s(&raw["model"]["revision"]),
            task: s(&raw["model"]["task"]),
            created_at: time(&raw["status"]["createdAt"])?,
            updated_at: time(&raw["status"]["updatedAt"])?,
            endpoint_type: s(&raw["type"]).map(|t| InferenceEndpointType::from(t.as_str())),
            raw,
        })
    }

    /// Whether it is running and has a URL (what [`InferenceEndpoint::wait`] waits for).
    pub fn is_ready(&self) -> bool {
        self.status == InferenceEndpointStatus::Running && self.url.is_some()
    }

    /// Whether the deployment (or an update) failed.
    pub fn has_failed(&self) -> bool {
        matches!(
            self.status,
            InferenceEndpointStatus::Failed | InferenceEndpointStatus::UpdateFailed
        )
    }
}

impl<'de> Deserialize<'de> for InferenceEndpoint {
    /// Accepts the form this type serialises to (`namespace` and `raw` included).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let namespace = v["namespace"].as_str().unwrap_or_default().to_owned();
        let raw = match v.get("raw") {
            Some(raw) if raw.is_object() => raw.clone(),
            _ => v,
        };
        InferenceEndpoint::from_raw(raw, &namespace).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_object() {
        let raw = serde_json::json!({"name": "my-endpoint-name", "type": "protected", "accountId": null,
         "provider": {"vendor": "aws", "region": "us-east-1"},
         "compute": {"accelerator": "cpu", "instanceType": "intel-icl", "instanceSize": "x2",
                     "scaling": {"minReplica": 0, "maxReplica": 1}},
         "model": {"repository": "gpt2", "revision": "11c5a3d5811f50298f278a704980280950aedb10",
                   "task": "text-generation", "framework": "pytorch", "image": {"huggingface": {}}},
         "status": {"createdAt": "2023-10-26T12:41:53.263078506Z", "createdBy": {"id": "6273f303", "name": "Wauplin"},
                    "updatedAt": "2023-10-26T12:41:53.263079138Z", "updatedBy": {"id": "6273f303", "name": "Wauplin"},
                    "private": null, "state": "running", "message": "Endpoint is ready",
                    "url": "https://vksrvs8pc1xnifhq.us-east-1.aws.endpoints.huggingface.cloud",
                    "readyReplica": 1, "targetReplica": 1}});
        let ep = InferenceEndpoint::from_raw(raw.clone(), "Wauplin").unwrap();
        assert_eq!(ep.status, InferenceEndpointStatus::Running);
        assert!(ep.is_ready());
        assert_eq!(ep.endpoint_type, Some(InferenceEndpointType::Protected));
        assert_eq!(ep.created_at.unwrap().unix_timestamp(), 1_698_324_113);
        let json = serde_json::to_value(&ep).unwrap();
        assert_eq!(json["type"], "protected");
        assert_eq!(json["status"], "running");
        let back: InferenceEndpoint = serde_json::from_value(json).unwrap();
        assert_eq!(back, ep);
        let mut odd = raw;
        odd["status"]["state"] = "hibernating".into();
        let ep = InferenceEndpoint::from_raw(odd, "x").unwrap();
        assert_eq!(ep.status.as_str(), "hibernating");
        assert!(!ep.is_ready() && !ep.has_failed());
    }
}
