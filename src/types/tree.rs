//! Tree and paths-info entries (hub-endpoints §4.4).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{datetime, Timestamp};

/// LFS details of a file in a tree listing (`lfs: {oid, size, pointerSize}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LfsInfo {
    /// Size of the real file.
    pub size: u64,
    /// sha256 of the real file (the wire key is `oid`).
    #[serde(alias = "oid")]
    pub sha256: String,
    /// Size of the git-lfs pointer file.
    #[serde(alias = "pointerSize")]
    pub pointer_size: u64,
}

/// The last commit touching an entry (`lastCommit`, with `expand`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastCommitInfo {
    /// Commit id (the wire key is `id`).
    #[serde(alias = "id")]
    pub oid: String,
    /// Commit title.
    #[serde(default)]
    pub title: String,
    /// Commit date.
    #[serde(default, with = "datetime")]
    pub date: Option<Timestamp>,
}

/// Security scan of a file, shaped as Python's `BlobSecurityInfo`: read from the
/// `security` key of 0.22-era servers or `securityFileStatus` of newer ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlobSecurityInfo {
    /// Whether the file is considered safe (`status == "safe"` on newer servers).
    #[serde(default)]
    pub safe: Option<bool>,
    /// Scan status on newer servers (`safe`, `unsafe`, `caution`, ...).
    #[serde(default)]
    pub status: Option<String>,
    /// Antivirus scan.
    #[serde(default, alias = "avScan")]
    pub av_scan: Option<Value>,
    /// Pickle import scan.
    #[serde(default, alias = "pickleImportScan")]
    pub pickle_import_scan: Option<Value>,
}

impl BlobSecurityInfo {
    /// Combines the two server keys: the newer object's status and scans, `safe`
    /// from the older one or derived from the status.
    fn merge(old: Option<Self>, new: Option<Self>) -> Option<Self> {
        match (old, new) {
            (None, None) => None,
            (Some(o), None) => Some(o),
            (old, Some(n)) => {
                let status_safe = n.status.as_deref().map(|st| st == "safe");
                let old_safe = old.as_ref().and_then(|o| o.safe);
                Some(BlobSecurityInfo {
                    safe: n.safe.or(old_safe).or(status_safe),
                    status: n.status,
                    av_scan: n
                        .av_scan
                        .or_else(|| old.as_ref().and_then(|o| o.av_scan.clone())),
                    pickle_import_scan: n
                        .pickle_import_scan
                        .or_else(|| old.and_then(|o| o.pickle_import_scan)),
                })
            }
        }
    }
}

/// A file in a tree listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "RawRepoFile")]
pub struct RepoFile {
    /// Path in the repository.
    pub path: String,
    /// Size in bytes (for LFS files, the real file's size).
    pub size: u64,
    /// Git blob id (the wire key is `oid`).
    pub blob_id: String,
    /// LFS details, for LFS files.
    pub lfs: Option<LfsInfo>,
    /// Last commit (with `expand`).
    pub last_commit: Option<LastCommitInfo>,
    /// Security scan (with `expand`), from `security` and/or `securityFileStatus`.
    pub security: Option<BlobSecurityInfo>,
    /// Xet hash, for Xet-backed files.
    pub xet_hash: Option<String>,
}

/// The wire form of [`RepoFile`]: servers may send `security`, `securityFileStatus` or both.
#[derive(Deserialize)]
struct RawRepoFile {
    path: String,
    #[serde(default)]
    size: u64,
    #[serde(alias = "oid")]
    blob_id: String,
    #[serde(default)]
    lfs: Option<LfsInfo>,
    #[serde(default, alias = "lastCommit")]
    last_commit: Option<LastCommitInfo>,
    #[serde(default)]
    security: Option<BlobSecurityInfo>,
    #[serde(default, rename = "securityFileStatus")]
    security_file_status: Option<BlobSecurityInfo>,
    #[serde(default, alias = "xetHash")]
    xet_hash: Option<String>,
}

impl From<RawRepoFile> for RepoFile {
    fn from(raw: RawRepoFile) -> Self {
        let security = BlobSecurityInfo::merge(raw.security, raw.security_file_status);
        RepoFile {
            path: raw.path,
            size: raw.size,
            blob_id: raw.blob_id,
            lfs: raw.lfs,
            last_commit: raw.last_commit,
            security,
            xet_hash: raw.xet_hash,
        }
    }
}

/// A folder in a tree listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepoFolder {
    /// Path in the repository.
    pub path: String,
    /// Git tree id (the wire key is `oid`).
    #[serde(alias = "oid")]
    pub tree_id: String,
    /// Last commit (with `expand`).
    #[serde(default, alias = "lastCommit")]
    pub last_commit: Option<LastCommitInfo>,
}

/// An entry of `list_repo_tree` or `get_paths_info`: a file (`type == "file"`)
/// or a folder (any other type, as in Python).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[allow(clippy::large_enum_variant)] // files are the common entry: no box, no extra allocation
pub enum RepoTreeEntry {
    /// A file.
    #[serde(rename = "file")]
    File(RepoFile),
    /// A folder.
    #[serde(rename = "directory")]
    Folder(RepoFolder),
}

impl RepoTreeEntry {
    /// The entry's path.
    pub fn path(&self) -> &str {
        match self {
            RepoTreeEntry::File(f) => &f.path,
            RepoTreeEntry::Folder(f) => &f.path,
        }
    }

    /// The file, if this entry is one.
    pub fn as_file(&self) -> Option<&RepoFile> {
        match self {
            RepoTreeEntry::File(f) => Some(f),
            RepoTreeEntry::Folder(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for RepoTreeEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut v = Value::deserialize(d)?;
        let is_file = v.get("type").and_then(Value::as_str) == Some("file");
        if let Some(obj) = v.as_object_mut() {
            obj.remove("type");
        }
        if is_file {
            RepoFile::deserialize(v).map(RepoTreeEntry::File)
        } else {
            RepoFolder::deserialize(v).map(RepoTreeEntry::Folder)
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_from_reference_example() {
        let raw = serde_json::json!([
          {"type": "file", "oid": "dd", "size": 1000, "path": "config.json",
           "lastCommit": {"id": "607a", "title": "Upload folder", "date": "2024-03-01T10:00:00.000Z"},
           "security": {"blobId": "dd", "name": "config.json", "safe": true,
                        "avScan": {"virusFound": false, "virusNames": null}, "pickleImportScan": null,
                        "repositoryId": "models/openai-community/gpt2"}},
          {"type": "file", "oid": "ee", "size": 548105171, "path": "model.safetensors",
           "lfs": {"oid": "cccc", "size": 548105171, "pointerSize": 135}},
          {"type": "directory", "oid": "ff", "size": 0, "path": "onnx"},
          {"type": "submodule", "oid": "ab", "path": "sub"}
        ]);
        let e: Vec<RepoTreeEntry> = serde_json::from_value(raw).unwrap();
        let newer: RepoFile = serde_json::from_value(serde_json::json!({
            "type": "file", "oid": "aa", "size": 1, "path": "x",
            "security": {"safe": true, "avScan": null, "pickleImportScan": null},
            "securityFileStatus": {"status": "unsafe"}
        }))
        .unwrap();
        assert_eq!(
            newer.security.unwrap().safe,
            Some(true),
            "both keys: the old one wins"
        );
        let newest: RepoFile = serde_json::from_value(serde_json::json!({
            "oid": "aa", "path": "x", "securityFileStatus": {"status": "safe"}
        }))
        .unwrap();
        assert_eq!(newest.security.unwrap().safe, Some(true));
        let RepoTreeEntry::File(f) = &e[0] else {
            panic!()
        };
        assert_eq!(f.last_commit.as_ref().unwrap().oid, "607a");
        assert_eq!(f.security.as_ref().unwrap().safe, Some(true));
        let RepoTreeEntry::File(f) = &e[1] else {
            panic!()
        };
        assert_eq!(f.lfs.as_ref().unwrap().sha256, "cccc");
        assert!(matches!(&e[2], RepoTreeEntry::Folder(d) if d.tree_id == "ff"));
        assert!(matches!(&e[3], RepoTreeEntry::Folder(_)));
        let out = serde_json::to_value(&e[2]).unwrap();
        assert_eq!(out["type"], "directory");
        assert_eq!(out["tree_id"], "ff");
        assert_eq!(
            serde_json::from_value::<RepoTreeEntry>(serde_json::to_value(&e[0]).unwrap()).unwrap(),
            e[0]
        );
    }
}
