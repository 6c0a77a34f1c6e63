//! Seeds: the JSON format that describes an initial state, and how it is applied.
//!
//! The format (all keys optional unless noted; see `tests/hubsim/README.md` for the full
//! description and an example):
//!
//! ```json
//! {"users":  [{"name": "alice", "fullname": "Alice", "email": "…", "isPro": false, "following": ["bob"]}],
//!  "orgs":   [{"name": "acme", "fullname": "ACME", "members": {"alice": "admin", "bob": "write"}}],
//!  "tokens": [{"token": "hf_…", "user": "alice", "role": "write", "displayName": "ci"}],
//!  "repos":  [{"type": "model", "id": "alice/x", "private": false, "gated": false, "approved": [],
//!              "disabled": false, "createdAt": "…", "downloads": 0, "tags": [], "cardData": {},
//!              "commits": [{"title": "…", "author": "alice", "branch": "main",
//!                           "files": {"a.txt": "text", "b.bin": {"generate": {"size": 1048576, "seed": 1}}},
//!                           "delete": ["old.txt", "old-folder/"], "tags": ["v1.0"]}],
//!              "refs": [{"ref": "refs/heads/dev", "revision": "main"}]}],
//!  "likes":  [{"user": "bob", "repo": "alice/x", "type": "model"}]}
//! ```

pub mod community;
pub mod content;
mod default;

pub use default::*;

use crate::config::Seed;
use crate::dates::{format_iso, parse_iso};
use crate::store::history::{branch_ref, Change, NewCommit, Parent};
use crate::store::model::{repo_key, AccessStatus, FileEntry, Repo};
use crate::store::model::{
    Gated, Like, Org, RepoMeta, RepoType, Role, State, Token, TokenRole, User,
};
use crate::store::Store;
use base64::Engine;
use content::{build_safetensors, SafetensorsSpec};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// A whole seed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeedSpec {
    /// Users.
    pub users: Vec<UserSpec>,
    /// Organisations.
    pub orgs: Vec<OrgSpec>,
    /// Tokens.
    pub tokens: Vec<TokenSpec>,
    /// Repositories.
    pub repos: Vec<RepoSpec>,
    /// Likes.
    pub likes: Vec<LikeSpec>,
    /// Discussions and pull requests (see [`community::DiscussionSpec`]).
    pub discussions: Vec<community::DiscussionSpec>,
    /// Collections (see [`community::CollectionSpec`]).
    pub collections: Vec<community::CollectionSpec>,
}

/// A user.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct UserSpec {
    /// Login (required).
    pub name: String,
    /// Display name (default: the login, capitalised).
    pub fullname: Option<String>,
    /// E-mail (default `<name>@example.com`).
    pub email: Option<String>,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// PRO flag.
    pub is_pro: bool,
    /// Creation date.
    pub created_at: Option<String>,
    /// Profile text.
    pub details: String,
    /// Users (or orgs) followed.
    pub following: Vec<String>,
}

/// An organisation.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct OrgSpec {
    /// Name (required).
    pub name: String,
    /// Display name.
    pub fullname: Option<String>,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// Members and roles (`admin`, `write`, `contributor`, `read`).
    pub members: BTreeMap<String, Role>,
}

/// A token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TokenSpec {
    /// The token string (`hf_…`).
    pub token: String,
    /// Owner.
    pub user: String,
    /// `read` or `write`.
    pub role: TokenRole,
    /// Name shown by whoami.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Creation date.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A repository.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct RepoSpec {
    /// `model` (default), `dataset` or `space`.
    #[serde(rename = "type")]
    pub repo_type: Option<RepoType>,
    /// `namespace/name` (required).
    pub id: String,
    /// Private flag.
    pub private: bool,
    /// `false`, `"auto"` or `"manual"`.
    pub gated: Gated,
    /// Users allowed through the gate.
    pub approved: Vec<String>,
    /// Disabled flag.
    pub disabled: bool,
    /// Creation date.
    pub created_at: Option<String>,
    /// Downloads.
    pub downloads: u64,
    /// Trending score.
    pub trending_score: i64,
    /// Explicit tags.
    pub tags: Vec<String>,
    /// Library.
    #[serde(rename = "library_name")]
    pub library_name: Option<String>,
    /// Task.
    #[serde(rename = "pipeline_tag")]
    pub pipeline_tag: Option<String>,
    /// README front-matter.
    pub card_data: Option<Value>,
    /// Model config summary.
    pub config: Option<Value>,
    /// Space SDK.
    pub sdk: Option<String>,
    /// Space runtime.
    pub runtime: Option<Value>,
    /// Models used by a Space.
    pub models: Vec<String>,
    /// Datasets used by a Space.
    pub datasets: Vec<String>,
    /// Extra keys for info objects.
    pub extra: Map<String, Value>,
    /// History, applied in order.
    pub commits: Vec<CommitSpec>,
    /// Refs created after the commits.
    pub refs: Vec<RefSpec>,
    /// Access requests of a gated repo (the `approved` users get an accepted one).
    pub access_requests: Vec<AccessRequestSpec>,
}

/// A request for access to a gated repo.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccessRequestSpec {
    /// The user asking.
    pub user: String,
    /// `pending` (default), `accepted` or `rejected`.
    #[serde(default)]
    pub status: Option<AccessStatus>,
    /// When (default: one day after the repo's creation).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// Answers to the gate form.
    #[serde(default)]
    pub fields: Option<Map<String, Value>>,
    /// Reason given for a rejection.
    #[serde(default)]
    pub rejection_reason: Option<String>,
}

/// A commit.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitSpec {
    /// Summary (default `Update files`).
    pub title: Option<String>,
    /// Body.
    pub message: String,
    /// Author.
    pub author: Option<String>,
    /// Authors (wins over `author`).
    pub authors: Vec<String>,
    /// Date (default: one hour after the previous commit).
    pub date: Option<String>,
    /// Target branch (default `main`).
    pub branch: Option<String>,
    /// Target full ref (e.g. `refs/pr/1`, `refs/convert/parquet`); wins over `branch`.
    #[serde(rename = "ref")]
    pub target_ref: Option<String>,
    /// When the target ref does not exist yet: the revision it starts from (default `main`).
    pub from: Option<String>,
    /// Start a new root commit (no parent).
    pub orphan: bool,
    /// Files added or replaced.
    pub files: BTreeMap<String, ContentSpec>,
    /// Paths deleted (a trailing `/` deletes a folder).
    pub delete: Vec<String>,
    /// Tags created on this commit.
    pub tags: Vec<String>,
}

/// A ref created after the commits.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefSpec {
    /// Full ref (`refs/heads/dev`, `refs/tags/v2`, `refs/pr/3`) or a branch name.
    #[serde(rename = "ref")]
    pub name: String,
    /// Revision it points to.
    pub revision: String,
    /// Tag message.
    #[serde(default)]
    pub message: Option<String>,
}

/// File content: a string (text) or an object.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ContentSpec {
    /// UTF-8 text.
    Text(String),
    /// Other kinds.
    Object(ContentObject),
}

/// File content given as an object; exactly one of the content keys.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContentObject {
    /// UTF-8 text.
    pub text: Option<String>,
    /// Base64 bytes.
    pub base64: Option<String>,
    /// JSON value (pretty-printed).
    pub json: Option<Value>,
    /// Generated pseudo-random bytes (stored as LFS unless `lfs: false`; never held in memory).
    pub generate: Option<GenerateSpec>,
    /// A generated safetensors file.
    pub safetensors: Option<SafetensorsSpec>,
    /// Force LFS on or off (default: by extension, as the Hub's `.gitattributes`, or ≥ 10 MiB).
    pub lfs: Option<bool>,
}

/// Generated content.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateSpec {
    /// Size in bytes.
    pub size: u64,
    /// Generator seed.
    #[serde(default)]
    pub seed: u64,
}

/// A like.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LikeSpec {
    /// Who.
    pub user: String,
    /// Repo id.
    pub repo: String,
    /// `model` (default), `dataset`, `space`.
    #[serde(rename = "type", default)]
    pub repo_type: Option<RepoType>,
    /// When.
    #[serde(default)]
    pub created_at: Option<String>,
}

/// Extensions stored in LFS by the Hub's default `.gitattributes`.
pub const LFS_EXTENSIONS: &[&str] = &[
    "7z",
    "arrow",
    "bin",
    "bz2",
    "ckpt",
    "ftz",
    "gguf",
    "gz",
    "h5",
    "joblib",
    "mlmodel",
    "model",
    "msgpack",
    "npy",
    "npz",
    "onnx",
    "ot",
    "parquet",
    "pb",
    "pickle",
    "pkl",
    "pt",
    "pth",
    "rar",
    "safetensors",
    "tar",
    "tflite",
    "tgz",
    "wasm",
    "xz",
    "zip",
    "zst",
];

/// Whether a file goes to LFS by default (extension or size ≥ 10 MiB).
pub fn default_lfs(path: &str, size: u64) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    size >= 10 << 20
        || name.contains("tfevents")
        || ext.is_some_and(|e| LFS_EXTENSIONS.contains(&e.as_str()))
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

fn date_or(given: Option<&String>, default_ms: i64) -> io::Result<(String, i64)> {
    match given {
        Some(s) => {
            let ms = parse_iso(s).ok_or_else(|| bad(format!("invalid date {s:?}")))?;
            Ok((format_iso(ms), ms))
        }
        None => Ok((format_iso(default_ms), default_ms)),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Loads the state described by a [`Seed`].
pub fn apply(store: &Store, state: &mut State, seed: &Seed) -> io::Result<()> {
    let value = match seed {
        Seed::None => return Ok(()),
        Seed::Default => default_seed(),
        Seed::Json(v) => v.clone(),
        Seed::File(path) => {
            let text = std::fs::read(path)?;
            serde_json::from_slice(&text).map_err(|e| bad(format!("{}: {e}", path.display())))?
        }
    };
    let spec: SeedSpec =
        serde_json::from_value(value).map_err(|e| bad(format!("invalid seed: {e}")))?;
    apply_spec(store, state, &spec)
}

const BASE_MS: i64 = 1_704_067_200_000; // 2024-01-01T00:00:00Z
const HOUR_MS: i64 = 3_600_000;

/// Applies a parsed seed.
pub fn apply_spec(store: &Store, state: &mut State, spec: &SeedSpec) -> io::Result<()> {
    for u in &spec.users {
        if u.name.is_empty() {
            return Err(bad("a user needs a name"));
        }
        let (created_at, _) = date_or(u.created_at.as_ref(), BASE_MS - 365 * 24 * HOUR_MS)?;
        state.users.insert(
            u.name.clone(),
            User {
                name: u.name.clone(),
                fullname: u.fullname.clone().unwrap_or_else(|| capitalise(&u.name)),
                email: u
                    .email
                    .clone()
                    .unwrap_or_else(|| format!("{}@example.com", u.name)),
                avatar_url: u
                    .avatar_url
                    .clone()
                    .unwrap_or_else(|| format!("/avatars/{}.svg", crate::hash::object_id(&u.name))),
                is_pro: u.is_pro,
                created_at,
                details: u.details.clone(),
                following: u.following.iter().cloned().collect(),
            },
        );
    }
    for o in &spec.orgs {
        state.orgs.insert(
            o.name.clone(),
            Org {
                name: o.name.clone(),
                fullname: o.fullname.clone().unwrap_or_else(|| capitalise(&o.name)),
                avatar_url: o
                    .avatar_url
                    .clone()
                    .unwrap_or_else(|| format!("/avatars/{}.svg", crate::hash::object_id(&o.name))),
                members: o.members.clone(),
            },
        );
    }
    for t in &spec.tokens {
        if !state.users.contains_key(&t.user) {
            return Err(bad(format!("token for unknown user {:?}", t.user)));
        }
        let (created_at, _) = date_or(t.created_at.as_ref(), BASE_MS)?;
        state.tokens.insert(
            t.token.clone(),
            Token {
                owner: t.user.clone(),
                role: t.role,
                display_name: t
                    .display_name
                    .clone()
                    .unwrap_or_else(|| format!("{}-{}", t.user, t.role.as_str())),
                created_at,
            },
        );
    }
    for (i, r) in spec.repos.iter().enumerate() {
        let repo = build_repo(store, state, r, i)?;
        state.repos.insert(repo_key(repo.repo_type, &repo.id), repo);
    }
    for (i, l) in spec.likes.iter().enumerate() {
        let t = l.repo_type.unwrap_or(RepoType::Model);
        if !state.users.contains_key(&l.user) || state.repo(t, &l.repo).is_none() {
            return Err(bad(format!(
                "like of unknown user or repo: {} → {}",
                l.user, l.repo
            )));
        }
        let (created_at, _) = date_or(
            l.created_at.as_ref(),
            BASE_MS + 90 * 24 * HOUR_MS + i as i64 * HOUR_MS,
        )?;
        state.likes.push(Like {
            user: l.user.clone(),
            repo_type: t,
            repo_id: l.repo.clone(),
            created_at,
        });
    }
    community::apply_discussions(state, &spec.discussions)?;
    community::apply_collections(state, &spec.collections)?;
    Ok(())
}

fn content_entry(
    store: &Store,
    state: &mut State,
    path: &str,
    content: &ContentSpec,
) -> io::Result<FileEntry> {
    let obj = match content {
        ContentSpec::Text(t) => {
            let bytes = t.as_bytes();
            return if default_lfs(path, bytes.len() as u64) {
                store.add_lfs(state, bytes)
            } else {
                store.add_regular(bytes)
            };
        }
        ContentSpec::Object(o) => o,
    };
    if let Some(g) = &obj.generate {
        if obj.lfs != Some(false) {
            return store.add_generated(state, g.seed, g.size);
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut crate::store::blobs::Generated::new(g.seed, 0, g.size),
            &mut bytes,
        )?;
        return store.add_regular(&bytes);
    }
    let bytes: Vec<u8> = if let Some(t) = &obj.text {
        t.as_bytes().to_vec()
    } else if let Some(b) = &obj.base64 {
        base64::engine::general_purpose::STANDARD
            .decode(b)
            .map_err(|e| bad(format!("{path}: bad base64: {e}")))?
    } else if let Some(j) = &obj.json {
        let mut v = serde_json::to_vec_pretty(j).map_err(io::Error::other)?;
        v.push(b'\n');
        v
    } else if let Some(s) = &obj.safetensors {
        build_safetensors(s)
    } else {
        return Err(bad(format!(
            "{path}: no content (text, base64, json, generate or safetensors)"
        )));
    };
    if obj
        .lfs
        .unwrap_or_else(|| default_lfs(path, bytes.len() as u64))
    {
        store.add_lfs(state, &bytes)
    } else {
        store.add_regular(&bytes)
    }
}

fn build_repo(store: &Store, state: &mut State, r: &RepoSpec, index: usize) -> io::Result<Repo> {
    let parts: Vec<&str> = r.id.split('/').collect();
    if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(bad(format!("repo id {:?} must be namespace/name", r.id)));
    }
    let (created_at, created_ms) =
        date_or(r.created_at.as_ref(), BASE_MS + index as i64 * 24 * HOUR_MS)?;
    let mut repo = Repo {
        id: r.id.clone(),
        repo_type: r.repo_type.unwrap_or(RepoType::Model),
        private: r.private,
        gated: r.gated,
        gate_approved: r.approved.iter().cloned().collect::<BTreeSet<_>>(),
        disabled: r.disabled,
        created_at,
        meta: RepoMeta {
            tags: r.tags.clone(),
            card_data: r.card_data.clone(),
            library_name: r.library_name.clone(),
            pipeline_tag: r.pipeline_tag.clone(),
            downloads: r.downloads,
            trending_score: r.trending_score,
            config: r.config.clone(),
            sdk: r.sdk.clone(),
            runtime: r.runtime.clone(),
            models: r.models.clone(),
            datasets: r.datasets.clone(),
            extra: r.extra.clone(),
            ..Default::default()
        },
        commits: BTreeMap::new(),
        refs: BTreeMap::new(),
        tag_messages: BTreeMap::new(),
        access_requests: Vec::new(),
    };
    let mut clock = created_ms;
    for c in &r.commits {
        let (date, ms) = date_or(c.date.as_ref(), clock)?;
        clock = ms + HOUR_MS;
        let target = match (&c.target_ref, &c.branch) {
            (Some(full), _) => full.clone(),
            (None, Some(b)) => branch_ref(b),
            (None, None) => "refs/heads/main".to_string(),
        };
        let parent = if c.orphan {
            Parent::Root
        } else if repo.refs.contains_key(&target) {
            Parent::RefHead
        } else {
            let from = c.from.as_deref().unwrap_or("main");
            repo.resolve_rev(from)
                .map_or(Parent::Root, |commit| Parent::Commit(commit.id.clone()))
        };
        let mut changes = Vec::new();
        for path in &c.delete {
            changes.push(match path.strip_suffix('/') {
                Some(folder) => Change::DeleteFolder {
                    path: folder.to_string(),
                },
                None => Change::Delete { path: path.clone() },
            });
        }
        for (path, content) in &c.files {
            let entry = content_entry(store, state, path, content)?;
            changes.push(Change::Put {
                path: path.trim_matches('/').to_string(),
                entry,
            });
        }
        let authors = if c.authors.is_empty() {
            vec![c
                .author
                .clone()
                .unwrap_or_else(|| repo.namespace().to_string())]
        } else {
            c.authors.clone()
        };
        let id = repo.apply_commit(
            &target,
            parent,
            NewCommit {
                title: c.title.clone().unwrap_or_else(|| "Update files".into()),
                message: c.message.clone(),
                authors,
                date,
                changes,
            },
        );
        for t in &c.tags {
            repo.refs.insert(format!("refs/tags/{t}"), id.clone());
        }
    }
    for rs in &r.refs {
        let target = repo
            .resolve_rev(&rs.revision)
            .map(|c| c.id.clone())
            .ok_or_else(|| bad(format!("{}: unknown revision {:?}", r.id, rs.revision)))?;
        let name = branch_ref(&rs.name);
        if let Some(m) = &rs.message {
            repo.tag_messages.insert(name.clone(), m.clone());
        }
        repo.refs.insert(name, target);
    }
    for user in &r.approved {
        let when = repo.created_at.clone();
        repo.set_access_status(user, AccessStatus::Accepted, &when);
    }
    for (i, a) in r.access_requests.iter().enumerate() {
        if !state.users.contains_key(&a.user) {
            return Err(bad(format!(
                "{}: access request of unknown user {:?}",
                r.id, a.user
            )));
        }
        let (when, _) = date_or(
            a.timestamp.as_ref(),
            created_ms + 24 * HOUR_MS + i as i64 * HOUR_MS,
        )?;
        let req = repo.set_access_status(&a.user, a.status.unwrap_or(AccessStatus::Pending), &when);
        req.timestamp = when;
        req.fields = a.fields.clone();
        req.rejection_reason = a.rejection_reason.clone();
    }
    Ok(repo)
}
