//! `ModelInfo`, `DatasetInfo`, `SpaceInfo` and their parts (hub-endpoints §4.1–4.3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::spaces::{SpaceHardware, SpaceStage, SpaceStorage};
use super::{datetime, Timestamp};
use crate::repo::RepoType;

/// A repository's gating: `false`, or the approval mode (`"auto"`, `"manual"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Gated {
    /// `false` (not gated) or, from some servers, `true`.
    Flag(bool),
    /// The approval mode: `auto` or `manual`.
    Mode(String),
}

impl Gated {
    /// Whether access is gated.
    pub fn is_gated(&self) -> bool {
        match self {
            Gated::Flag(b) => *b,
            Gated::Mode(_) => true,
        }
    }
}

/// LFS details of a sibling (`siblings[].lfs`, with `blobs=True`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobLfsInfo {
    /// Size of the real file.
    pub size: u64,
    /// sha256 of the real file.
    pub sha256: String,
    /// Size of the git-lfs pointer file.
    #[serde(alias = "pointerSize")]
    pub pointer_size: u64,
}

/// One file of a repository as listed in `siblings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoSibling {
    /// Path in the repository.
    pub rfilename: String,
    /// Size in bytes (with `files_metadata`).
    #[serde(default)]
    pub size: Option<u64>,
    /// Git blob id (with `files_metadata`).
    #[serde(default, alias = "blobId")]
    pub blob_id: Option<String>,
    /// LFS details (with `files_metadata`, LFS files only).
    #[serde(default)]
    pub lfs: Option<BlobLfsInfo>,
}

/// `transformersInfo` of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransformersInfo {
    /// The auto class, e.g. `AutoModelForCausalLM`.
    #[serde(default)]
    pub auto_model: Option<String>,
    /// A custom class, if any.
    #[serde(default)]
    pub custom_class: Option<String>,
    /// The pipeline tag.
    #[serde(default)]
    pub pipeline_tag: Option<String>,
    /// The processor class.
    #[serde(default)]
    pub processor: Option<String>,
    /// Keys this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `safetensors` summary of a model: parameter counts per dtype.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafeTensorsInfo {
    /// Parameter count per dtype (`F32`, `BF16`, ...).
    #[serde(default)]
    pub parameters: BTreeMap<String, u64>,
    /// Total parameter count.
    #[serde(default)]
    pub total: u64,
    /// Keys this version does not know (e.g. `sharded`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Runtime of a Space (`runtime` of `space_info`), shaped as Python's `SpaceRuntime`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceRuntime {
    /// Stage: `BUILDING`, `RUNNING`, `PAUSED`, `SLEEPING`, ... (unknown stages kept as sent).
    pub stage: Option<SpaceStage>,
    /// Current hardware (`hardware.current`), `None` when not running.
    pub hardware: Option<SpaceHardware>,
    /// Requested hardware (`hardware.requested`).
    pub requested_hardware: Option<SpaceHardware>,
    /// Sleep time in seconds (`gcTimeout`).
    pub sleep_time: Option<i64>,
    /// Persistent storage tier, if any.
    pub storage: Option<SpaceStorage>,
    /// Dev mode enabled (`devMode`, false when absent).
    pub dev_mode: bool,
    /// Hot-reloading status (`hotReloading`), when reported.
    pub hot_reloading: Option<Value>,
    /// Mounted volumes (`volumes`), when reported.
    pub volumes: Option<Value>,
    /// The whole object as the Hub sent it (replicas, errorMessage, ...).
    pub raw: Value,
}

impl SpaceRuntime {
    /// Reads the Hub's runtime object.
    pub fn from_raw(raw: Value) -> Self {
        let str_at = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let hardware = raw.get("hardware");
        SpaceRuntime {
            stage: str_at(raw.get("stage")).map(SpaceStage::from),
            hardware: str_at(hardware.and_then(|h| h.get("current"))).map(SpaceHardware::from),
            requested_hardware: str_at(hardware.and_then(|h| h.get("requested")))
                .map(SpaceHardware::from),
            sleep_time: raw.get("gcTimeout").and_then(Value::as_i64),
            storage: match raw.get("storage") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(SpaceStorage::from(s.as_str())),
                Some(other) => Some(SpaceStorage::Other(other.to_string())),
            },
            dev_mode: raw.get("devMode").and_then(Value::as_bool).unwrap_or(false),
            hot_reloading: raw.get("hotReloading").filter(|v| !v.is_null()).cloned(),
            volumes: raw.get("volumes").filter(|v| !v.is_null()).cloned(),
            raw,
        }
    }
}

impl<'de> Deserialize<'de> for SpaceRuntime {
    /// Accepts the Hub's object, or the form this type serialises to (which carries `raw`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut v = Value::deserialize(d)?;
        let raw = match v.get_mut("raw") {
            Some(raw) if raw.is_object() => raw.take(),
            _ => v,
        };
        Ok(SpaceRuntime::from_raw(raw))
    }
}

/// A model repository (`GET /api/models/{repo_id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// `namespace/name`.
    pub id: String,
    /// Owner.
    #[serde(default)]
    pub author: Option<String>,
    /// Commit sha of the revision described.
    #[serde(default)]
    pub sha: Option<String>,
    /// Creation date.
    #[serde(default, alias = "createdAt", with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Date of the last commit.
    #[serde(default, alias = "lastModified", with = "datetime")]
    pub last_modified: Option<Timestamp>,
    /// Private repository.
    #[serde(default)]
    pub private: Option<bool>,
    /// Gating.
    #[serde(default)]
    pub gated: Option<Gated>,
    /// Disabled by the Hub.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// Downloads over the last 30 days.
    #[serde(default)]
    pub downloads: Option<u64>,
    /// Likes.
    #[serde(default)]
    pub likes: Option<u64>,
    /// Library (`transformers`, `diffusers`, ...).
    #[serde(default)]
    pub library_name: Option<String>,
    /// Tags, Hub-computed ones included.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Pipeline tag.
    #[serde(default)]
    pub pipeline_tag: Option<String>,
    /// Mask token.
    #[serde(default)]
    pub mask_token: Option<String>,
    /// Model card metadata (README front matter).
    #[serde(default, alias = "cardData")]
    pub card_data: Option<Value>,
    /// Widget data.
    #[serde(default, alias = "widgetData")]
    pub widget_data: Option<Value>,
    /// Evaluation results (`model-index`).
    #[serde(default, alias = "model-index")]
    pub model_index: Option<Value>,
    /// `config.json` excerpt.
    #[serde(default)]
    pub config: Option<Value>,
    /// Transformers details.
    #[serde(default, alias = "transformersInfo")]
    pub transformers_info: Option<TransformersInfo>,
    /// Files.
    #[serde(default)]
    pub siblings: Option<Vec<RepoSibling>>,
    /// Spaces using the model.
    #[serde(default)]
    pub spaces: Option<Vec<String>>,
    /// Safetensors parameter counts.
    #[serde(default)]
    pub safetensors: Option<SafeTensorsInfo>,
    /// Every other key (`_id`, `modelId`, `securityStatus`, ...), as Python keeps them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A dataset repository (`GET /api/datasets/{repo_id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// `namespace/name`.
    pub id: String,
    /// Owner.
    #[serde(default)]
    pub author: Option<String>,
    /// Commit sha of the revision described.
    #[serde(default)]
    pub sha: Option<String>,
    /// Creation date.
    #[serde(default, alias = "createdAt", with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Date of the last commit.
    #[serde(default, alias = "lastModified", with = "datetime")]
    pub last_modified: Option<Timestamp>,
    /// Private repository.
    #[serde(default)]
    pub private: Option<bool>,
    /// Gating.
    #[serde(default)]
    pub gated: Option<Gated>,
    /// Disabled by the Hub.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// Downloads over the last 30 days.
    #[serde(default)]
    pub downloads: Option<u64>,
    /// Likes.
    #[serde(default)]
    pub likes: Option<u64>,
    /// Papers with Code id.
    #[serde(default)]
    pub paperswithcode_id: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Dataset card metadata.
    #[serde(default, alias = "cardData")]
    pub card_data: Option<Value>,
    /// Files.
    #[serde(default)]
    pub siblings: Option<Vec<RepoSibling>>,
    /// Every other key (`_id`, `description`, `citation`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Space (`GET /api/spaces/{repo_id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceInfo {
    /// `namespace/name`.
    pub id: String,
    /// Owner.
    #[serde(default)]
    pub author: Option<String>,
    /// Commit sha of the revision described.
    #[serde(default)]
    pub sha: Option<String>,
    /// Creation date.
    #[serde(default, alias = "createdAt", with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Date of the last commit.
    #[serde(default, alias = "lastModified", with = "datetime")]
    pub last_modified: Option<Timestamp>,
    /// Private repository.
    #[serde(default)]
    pub private: Option<bool>,
    /// Gating.
    #[serde(default)]
    pub gated: Option<Gated>,
    /// Disabled by the Hub.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// Host of the running app.
    #[serde(default)]
    pub host: Option<String>,
    /// Subdomain of the running app.
    #[serde(default)]
    pub subdomain: Option<String>,
    /// Likes.
    #[serde(default)]
    pub likes: Option<u64>,
    /// SDK (`gradio`, `streamlit`, `docker`, `static`).
    #[serde(default)]
    pub sdk: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Space card metadata.
    #[serde(default, alias = "cardData")]
    pub card_data: Option<Value>,
    /// Files.
    #[serde(default)]
    pub siblings: Option<Vec<RepoSibling>>,
    /// Runtime (stage, hardware, storage, sleep time).
    #[serde(default)]
    pub runtime: Option<SpaceRuntime>,
    /// Models used by the Space.
    #[serde(default)]
    pub models: Option<Vec<String>>,
    /// Datasets used by the Space.
    #[serde(default)]
    pub datasets: Option<Vec<String>>,
    /// Every other key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The result of `repo_info`: one of the three info types.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RepoInfo {
    /// A model.
    Model(ModelInfo),
    /// A dataset.
    Dataset(DatasetInfo),
    /// A Space.
    Space(SpaceInfo),
}

impl RepoInfo {
    /// The repository id.
    pub fn id(&self) -> &str {
        match self {
            RepoInfo::Model(i) => &i.id,
            RepoInfo::Dataset(i) => &i.id,
            RepoInfo::Space(i) => &i.id,
        }
    }

    /// The commit sha of the revision described.
    pub fn sha(&self) -> Option<&str> {
        match self {
            RepoInfo::Model(i) => i.sha.as_deref(),
            RepoInfo::Dataset(i) => i.sha.as_deref(),
            RepoInfo::Space(i) => i.sha.as_deref(),
        }
    }

    /// The files, when listed.
    pub fn siblings(&self) -> Option<&[RepoSibling]> {
        match self {
            RepoInfo::Model(i) => i.siblings.as_deref(),
            RepoInfo::Dataset(i) => i.siblings.as_deref(),
            RepoInfo::Space(i) => i.siblings.as_deref(),
        }
    }

    /// The repository type.
    pub fn repo_type(&self) -> RepoType {
        match self {
            RepoInfo::Model(_) => RepoType::Model,
            RepoInfo::Dataset(_) => RepoType::Dataset,
            RepoInfo::Space(_) => RepoType::Space,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_info_from_reference_example() {
        let raw = serde_json::json!({
            "_id": "621ffdc036468d709f174338", "id": "openai-community/gpt2",
            "modelId": "openai-community/gpt2", "author": "openai-community",
            "sha": "607a30d783dfa663caf39e06633721c8d4cfcd7e",
            "lastModified": "2024-02-19T10:57:45.000Z", "createdAt": "2022-03-02T23:29:04Z",
            "private": false, "disabled": false, "gated": "manual", "downloads": 123456, "likes": 2000,
            "library_name": "transformers", "tags": ["gpt2"], "pipeline_tag": "text-generation",
            "mask_token": null, "model-index": null, "config": {"model_type": "gpt2"},
            "cardData": {"license": "mit"},
            "transformersInfo": {"auto_model": "AutoModelForCausalLM", "new_key": 1},
            "siblings": [{"rfilename": "model.safetensors", "size": 5, "blobId": "bb",
                          "lfs": {"sha256": "cc", "size": 5, "pointerSize": 135}}],
            "safetensors": {"parameters": {"F32": 10}, "total": 10, "sharded": false},
            "securityStatus": {"containsInfected": false}
        });
        let m: ModelInfo = serde_json::from_value(raw).unwrap();
        assert_eq!(m.id, "openai-community/gpt2");
        assert_eq!(m.gated, Some(Gated::Mode("manual".into())));
        assert_eq!(m.card_data.as_ref().unwrap()["license"], "mit");
        assert_eq!(
            m.siblings.as_ref().unwrap()[0]
                .lfs
                .as_ref()
                .unwrap()
                .pointer_size,
            135
        );
        assert_eq!(m.safetensors.as_ref().unwrap().total, 10);
        assert_eq!(m.transformers_info.as_ref().unwrap().extra["new_key"], 1);
        assert_eq!(m.extra["securityStatus"]["containsInfected"], false);
        assert_eq!(m.extra["_id"], "621ffdc036468d709f174338");
        // Python attribute names on the way out, and a lossless round trip.
        let out = serde_json::to_value(&m).unwrap();
        assert!(out.get("card_data").is_some() && out.get("cardData").is_none());
        assert_eq!(serde_json::from_value::<ModelInfo>(out).unwrap(), m);
    }

    #[test]
    fn light_listing_objects_parse() {
        let m: ModelInfo = serde_json::from_value(serde_json::json!({"id": "a/b"})).unwrap();
        assert!(m.siblings.is_none() && m.private.is_none());
        let s: SpaceInfo = serde_json::from_value(serde_json::json!({
            "id": "a/s", "runtime": {"stage": "RUNNING", "hardware": {"current": "cpu-basic"},
            "gcTimeout": 172800, "replicas": {"current": 1}}
        }))
        .unwrap();
        let rt = s.runtime.unwrap();
        assert_eq!(rt.stage.as_deref(), Some("RUNNING"));
        assert_eq!(rt.hardware.as_deref(), Some("cpu-basic"));
        assert_eq!(rt.requested_hardware, None);
        assert_eq!(rt.sleep_time, Some(172800));
        assert!(rt.raw.get("replicas").is_some());
        let back: SpaceRuntime =
            serde_json::from_value(serde_json::to_value(&rt).unwrap()).unwrap();
        assert_eq!(back, rt);
    }
}
