//! Tags, metrics and file metadata.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One tag of `get_model_tags` / `get_dataset_tags`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagInfo {
    /// Tag id (`license:mit`, `task_categories:text-classification`, ...).
    pub id: String,
    /// Display label.
    #[serde(default)]
    pub label: Option<String>,
    /// Tag type (`license`, `library`, ...).
    #[serde(default, rename = "type")]
    pub tag_type: Option<String>,
    /// Every other key (`subType`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Tags grouped by type, as the Hub returns them.
pub type TagsByType = BTreeMap<String, Vec<TagInfo>>;

/// One metric of `list_metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricInfo {
    /// Metric id.
    pub id: String,
    /// The Space implementing it (wire key `spaceId`).
    #[serde(default, alias = "spaceId")]
    pub space_id: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Every other key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a HEAD on a resolve URL tells (`get_hf_file_metadata`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HfFileMetadata {
    /// The commit the revision resolved to (`X-Repo-Commit`).
    pub commit_hash: Option<String>,
    /// Normalised etag (`X-Linked-Etag` or `ETag`, quotes and `W/` removed): the git
    /// blob sha1 of regular files, the sha256 of LFS files.
    pub etag: Option<String>,
    /// Where the content is (`Location` of a redirect, else the URL asked).
    pub location: String,
    /// Size in bytes (`X-Linked-Size`, else `Content-Length` of a non-redirect answer).
    pub size: Option<u64>,
}
