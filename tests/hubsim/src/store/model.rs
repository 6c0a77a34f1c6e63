//! The state hubsim keeps: users, orgs, tokens, repos with their git-like history, LFS objects
//! and likes. Everything here is plain data (serialised as `state.json` in a data directory);
//! file contents live in the blob store ([`super::blobs`]).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Every file of one commit, by path.
pub type Files = BTreeMap<String, FileEntry>;

/// The whole state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Users by name.
    pub users: BTreeMap<String, User>,
    /// Organisations by name.
    pub orgs: BTreeMap<String, Org>,
    /// Access tokens by token string.
    pub tokens: BTreeMap<String, Token>,
    /// Repositories by key (`model/alice/x`, see [`Repo::key`]).
    pub repos: BTreeMap<String, Repo>,
    /// LFS objects by sha256.
    pub lfs_objects: BTreeMap<String, LfsObject>,
    /// Likes, oldest first.
    pub likes: Vec<Like>,
    /// Discussions and pull requests (see [`super::community`]).
    pub discussions: super::community::Discussions,
    /// Collections (see [`super::community`]).
    pub collections: super::community::Collections,
    /// The simulated clock in milliseconds (moved only by tests, see [`super::runtime`]).
    pub clock_ms: u64,
    /// Inference Endpoints by `namespace/name` (see [`super::runtime`]).
    pub endpoints: BTreeMap<String, super::runtime::Endpoint>,
}

/// A user account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Display name.
    pub fullname: String,
    /// E-mail address.
    pub email: String,
    /// Avatar URL (relative to the Hub, like the real one).
    pub avatar_url: String,
    /// PRO subscription flag.
    pub is_pro: bool,
    /// Account creation date (ISO).
    pub created_at: String,
    /// Profile text.
    pub details: String,
    /// Names of the users this user follows.
    pub following: BTreeSet<String>,
}

/// Role of a member in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Full control.
    Admin,
    /// Can write to the org's repos.
    Write,
    /// Can open PRs and create repos of their own.
    Contributor,
    /// Read access to private repos.
    Read,
}

impl Role {
    /// The wire name (`admin`, `write`, `contributor`, `read`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Write => "write",
            Role::Contributor => "contributor",
            Role::Read => "read",
        }
    }
}

/// An organisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Org {
    /// Org name (the namespace).
    pub name: String,
    /// Display name.
    pub fullname: String,
    /// Avatar URL.
    pub avatar_url: String,
    /// Members and their role.
    pub members: BTreeMap<String, Role>,
}

/// Permission of an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenRole {
    /// Read-only.
    Read,
    /// Read and write.
    Write,
}

impl TokenRole {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRole::Read => "read",
            TokenRole::Write => "write",
        }
    }
}

/// An access token (`hf_…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Token {
    /// The user it belongs to.
    pub owner: String,
    /// Permission.
    pub role: TokenRole,
    /// Name shown in whoami (`auth.accessToken.displayName`).
    pub display_name: String,
    /// Creation date (ISO).
    pub created_at: String,
}

/// The three kinds of repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoType {
    /// A model (`/api/models`, resolve without prefix).
    Model,
    /// A dataset (`/api/datasets`, `/datasets/` prefix).
    Dataset,
    /// A Space (`/api/spaces`, `/spaces/` prefix).
    Space,
}

impl RepoType {
    /// All three, in listing order.
    pub const ALL: [RepoType; 3] = [RepoType::Model, RepoType::Dataset, RepoType::Space];

    /// Singular name (`model`).
    pub fn singular(self) -> &'static str {
        match self {
            RepoType::Model => "model",
            RepoType::Dataset => "dataset",
            RepoType::Space => "space",
        }
    }

    /// URL segment under `/api` (`models`).
    pub fn plural(self) -> &'static str {
        match self {
            RepoType::Model => "models",
            RepoType::Dataset => "datasets",
            RepoType::Space => "spaces",
        }
    }

    /// From the `/api` segment.
    pub fn from_plural(s: &str) -> Option<RepoType> {
        RepoType::ALL.into_iter().find(|t| t.plural() == s)
    }

    /// From the singular name.
    pub fn from_singular(s: &str) -> Option<RepoType> {
        RepoType::ALL.into_iter().find(|t| t.singular() == s)
    }

    /// Prefix of web and resolve URLs (`""`, `"datasets/"`, `"spaces/"`).
    pub fn url_prefix(self) -> &'static str {
        match self {
            RepoType::Model => "",
            RepoType::Dataset => "datasets/",
            RepoType::Space => "spaces/",
        }
    }
}

/// Gating mode of a repo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gated {
    /// Not gated (`false` on the wire).
    #[default]
    No,
    /// Requests are accepted automatically.
    Auto,
    /// Requests are reviewed by the owner.
    Manual,
}

impl Gated {
    /// The wire value: `false`, `"auto"` or `"manual"`.
    pub fn to_json(self) -> Value {
        match self {
            Gated::No => Value::Bool(false),
            Gated::Auto => Value::String("auto".into()),
            Gated::Manual => Value::String("manual".into()),
        }
    }

    /// Parses `false`, `true` (= auto), `"auto"`, `"manual"`, `"false"`.
    pub fn from_json(v: &Value) -> Option<Gated> {
        match v {
            Value::Bool(false) | Value::Null => Some(Gated::No),
            Value::Bool(true) => Some(Gated::Auto),
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "false" | "" => Some(Gated::No),
                "auto" | "true" => Some(Gated::Auto),
                "manual" => Some(Gated::Manual),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Serialize for Gated {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Gated {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Gated, D::Error> {
        let v = Value::deserialize(d)?;
        Gated::from_json(&v)
            .ok_or_else(|| serde::de::Error::custom("gated must be false, \"auto\" or \"manual\""))
    }
}

/// Descriptive metadata of a repo (what listings and info objects show besides git data).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RepoMeta {
    /// Tags given explicitly (the Hub-computed ones are added when serving, see `routes::repo_json`).
    pub tags: Vec<String>,
    /// README front-matter.
    pub card_data: Option<Value>,
    /// Library (`transformers`, …).
    pub library_name: Option<String>,
    /// Task (`text-generation`, …).
    pub pipeline_tag: Option<String>,
    /// Download count (last 30 days).
    pub downloads: u64,
    /// Trending score (sort key).
    pub trending_score: i64,
    /// Model config summary; derived from `config.json` when absent.
    pub config: Option<Value>,
    /// Space SDK (`gradio`, `streamlit`, `docker`, `static`).
    pub sdk: Option<String>,
    /// Space runtime object.
    pub runtime: Option<Value>,
    /// Models a Space uses.
    pub models: Vec<String>,
    /// Datasets a Space uses.
    pub datasets: Vec<String>,
    /// Further keys copied verbatim into info objects (`description`, `widgetData`, …).
    pub extra: Map<String, Value>,
    /// Space secrets by key: `{"description"?, "updatedAt"}` (values are never served).
    pub secrets: BTreeMap<String, Value>,
    /// Space variables by key: `{"value", "description"?, "updatedAt"}`.
    pub variables: BTreeMap<String, Value>,
    /// The next stage change of a Space's runtime on the simulated clock.
    pub runtime_timer: Option<super::runtime::Timer>,
}

/// A repository with its history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Repo {
    /// `namespace/name`.
    pub id: String,
    /// Kind of repo.
    pub repo_type: RepoType,
    /// Private flag.
    #[serde(default)]
    pub private: bool,
    /// Gating mode.
    #[serde(default)]
    pub gated: Gated,
    /// Users whose access request was accepted.
    #[serde(default)]
    pub gate_approved: BTreeSet<String>,
    /// Disabled by the Hub (every access answers 403).
    #[serde(default)]
    pub disabled: bool,
    /// Creation date (ISO).
    pub created_at: String,
    /// Metadata.
    #[serde(default)]
    pub meta: RepoMeta,
    /// Every commit by id.
    #[serde(default)]
    pub commits: BTreeMap<String, Commit>,
    /// Refs (`refs/heads/main`, `refs/tags/v1.0`, `refs/pr/1`, `refs/convert/parquet`) → commit id.
    #[serde(default)]
    pub refs: BTreeMap<String, String>,
    /// Messages of annotated tags, by full ref name.
    #[serde(default)]
    pub tag_messages: BTreeMap<String, String>,
    /// Access requests of a gated repo (their `accepted` users are [`Repo::gate_approved`]).
    #[serde(default)]
    pub access_requests: Vec<AccessRequest>,
}

/// Status of a request for access to a gated repo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessStatus {
    /// Waiting for the repo's authors.
    Pending,
    /// Access granted: the user may download the repo's files.
    Accepted,
    /// Access refused.
    Rejected,
}

impl AccessStatus {
    /// The wire name (`pending`, `accepted`, `rejected`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessStatus::Pending => "pending",
            AccessStatus::Accepted => "accepted",
            AccessStatus::Rejected => "rejected",
        }
    }

    /// From the wire name.
    pub fn parse(s: &str) -> Option<AccessStatus> {
        match s {
            "pending" => Some(AccessStatus::Pending),
            "accepted" => Some(AccessStatus::Accepted),
            "rejected" => Some(AccessStatus::Rejected),
            _ => None,
        }
    }
}

/// A user's request for access to a gated repo.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessRequest {
    /// Request id (24 hex, like the Hub's `requestId`).
    pub id: String,
    /// The user asking.
    pub user: String,
    /// Current status.
    pub status: AccessStatus,
    /// When the request was made (ISO).
    pub timestamp: String,
    /// Answers to the gate form, if any.
    #[serde(default)]
    pub fields: Option<Map<String, Value>>,
    /// Why it was rejected, if it was and a reason was given.
    #[serde(default)]
    pub rejection_reason: Option<String>,
}

impl Repo {
    /// An empty repo (no commits, public, not gated).
    pub fn new(repo_type: RepoType, id: &str, created_at: &str) -> Repo {
        Repo {
            id: id.to_string(),
            repo_type,
            private: false,
            gated: Gated::No,
            gate_approved: BTreeSet::new(),
            disabled: false,
            created_at: created_at.to_string(),
            meta: RepoMeta::default(),
            commits: BTreeMap::new(),
            refs: BTreeMap::new(),
            tag_messages: BTreeMap::new(),
            access_requests: Vec::new(),
        }
    }

    /// The access request of `user`, if any.
    pub fn access_request(&self, user: &str) -> Option<&AccessRequest> {
        self.access_requests.iter().find(|r| r.user == user)
    }

    /// Sets the status of `user`'s access request (creating it, dated `now`, when missing)
    /// and keeps [`Repo::gate_approved`] in step: accepted users pass the gate, others not.
    pub fn set_access_status(
        &mut self,
        user: &str,
        status: AccessStatus,
        now: &str,
    ) -> &mut AccessRequest {
        if status == AccessStatus::Accepted {
            self.gate_approved.insert(user.to_string());
        } else {
            self.gate_approved.remove(user);
        }
        let key = repo_key(self.repo_type, &self.id);
        let i = match self.access_requests.iter().position(|r| r.user == user) {
            Some(i) => i,
            None => {
                self.access_requests.push(AccessRequest {
                    id: crate::hash::object_id(&format!("access-request:{key}:{user}:{now}")),
                    user: user.to_string(),
                    status,
                    timestamp: now.to_string(),
                    fields: None,
                    rejection_reason: None,
                });
                self.access_requests.len() - 1
            }
        };
        let req = &mut self.access_requests[i];
        req.status = status;
        if status != AccessStatus::Rejected {
            req.rejection_reason = None;
        }
        req
    }
}

/// One commit: metadata plus the full tree snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Commit {
    /// 40-hex id.
    pub id: String,
    /// Parent ids (first parent first).
    #[serde(default)]
    pub parents: Vec<String>,
    /// Summary line.
    pub title: String,
    /// Body (may be empty).
    #[serde(default)]
    pub message: String,
    /// Author user names.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Date (ISO).
    pub date: String,
    /// Every file of the tree.
    #[serde(default)]
    pub files: Files,
}

/// A file in a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FileEntry {
    /// Content stored in git; `oid` is the git blob sha1 (and the blob store key).
    Regular {
        /// Git blob sha1.
        oid: String,
        /// Size in bytes.
        size: u64,
    },
    /// Content stored in LFS.
    Lfs {
        /// sha256 of the content (LFS oid).
        sha256: String,
        /// Content size.
        size: u64,
        /// Git blob sha1 of the pointer file.
        oid: String,
        /// Size of the pointer file.
        pointer_size: u64,
    },
}

impl FileEntry {
    /// Git blob id (of the pointer for LFS files).
    pub fn oid(&self) -> &str {
        match self {
            FileEntry::Regular { oid, .. } | FileEntry::Lfs { oid, .. } => oid,
        }
    }

    /// Real content size.
    pub fn size(&self) -> u64 {
        match self {
            FileEntry::Regular { size, .. } | FileEntry::Lfs { size, .. } => *size,
        }
    }
}

/// Where the bytes of an LFS object are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LfsSource {
    /// In the blob store under `lfs/<sha256>`.
    Stored,
    /// Generated on the fly from a seed (see [`super::blobs::Generated`]).
    Generated {
        /// Generator seed.
        seed: u64,
    },
}

/// An LFS object known to the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LfsObject {
    /// Size in bytes.
    pub size: u64,
    /// Where the bytes are.
    pub source: LfsSource,
}

/// A like of a repo by a user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Like {
    /// Who likes.
    pub user: String,
    /// Kind of repo.
    pub repo_type: RepoType,
    /// Repo id.
    pub repo_id: String,
    /// When (ISO).
    pub created_at: String,
}

/// Key of a repo in [`State::repos`].
pub fn repo_key(repo_type: RepoType, id: &str) -> String {
    format!("{}/{}", repo_type.singular(), id)
}

impl State {
    /// A repo by type and id.
    pub fn repo(&self, repo_type: RepoType, id: &str) -> Option<&Repo> {
        self.repos.get(&repo_key(repo_type, id))
    }

    /// A repo by type and id, mutable.
    pub fn repo_mut(&mut self, repo_type: RepoType, id: &str) -> Option<&mut Repo> {
        self.repos.get_mut(&repo_key(repo_type, id))
    }

    /// Number of likes of a repo.
    pub fn like_count(&self, repo_type: RepoType, id: &str) -> usize {
        self.likes
            .iter()
            .filter(|l| l.repo_type == repo_type && l.repo_id == id)
            .count()
    }

    /// Names of the users following `name`.
    pub fn followers(&self, name: &str) -> Vec<&User> {
        self.users
            .values()
            .filter(|u| u.following.contains(name))
            .collect()
    }
}
