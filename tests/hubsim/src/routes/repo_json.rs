//! Repo objects as the Hub serialises them (info, listings, `expand`), built field by field.

use crate::auth::{can_see, Identity};
use crate::hash::object_id;
use crate::store::model::{Commit, FileEntry, Repo, RepoType, State};
use crate::store::Store;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::Read;

/// Everything needed to render one repo at one commit.
pub struct View<'a> {
    /// State.
    pub state: &'a State,
    /// Store (to peek into `config.json` and safetensors headers).
    pub store: &'a Store,
    /// The caller (for visibility of linked Spaces).
    pub ident: &'a Identity,
    /// The repo.
    pub repo: &'a Repo,
    /// The commit shown (`None` for a repo without commits).
    pub commit: Option<&'a Commit>,
    /// Whether `siblings` carry `size`, `blobId`, `lfs` (`blobs=True`).
    pub blobs: bool,
}

/// Keys of `GET /api/{models,datasets,spaces}/{id}` in order.
pub fn info_keys(t: RepoType) -> &'static [&'static str] {
    match t {
        RepoType::Model => &[
            "_id",
            "id",
            "modelId",
            "author",
            "sha",
            "lastModified",
            "createdAt",
            "private",
            "disabled",
            "gated",
            "downloads",
            "likes",
            "library_name",
            "tags",
            "pipeline_tag",
            "mask_token",
            "widgetData",
            "model-index",
            "config",
            "cardData",
            "transformersInfo",
            "siblings",
            "spaces",
            "safetensors",
            "usedStorage",
        ],
        RepoType::Dataset => &[
            "_id",
            "id",
            "author",
            "sha",
            "lastModified",
            "createdAt",
            "private",
            "gated",
            "disabled",
            "downloads",
            "likes",
            "paperswithcode_id",
            "tags",
            "description",
            "citation",
            "cardData",
            "siblings",
            "usedStorage",
        ],
        RepoType::Space => &[
            "_id",
            "id",
            "author",
            "sha",
            "lastModified",
            "createdAt",
            "private",
            "gated",
            "disabled",
            "likes",
            "sdk",
            "tags",
            "subdomain",
            "host",
            "cardData",
            "siblings",
            "runtime",
            "models",
            "datasets",
            "usedStorage",
        ],
    }
}

/// Keys of a listing item without `full`.
pub fn light_keys(t: RepoType) -> &'static [&'static str] {
    match t {
        RepoType::Model => &[
            "_id",
            "id",
            "likes",
            "trendingScore",
            "private",
            "downloads",
            "tags",
            "pipeline_tag",
            "library_name",
            "createdAt",
            "modelId",
        ],
        RepoType::Dataset => &[
            "_id",
            "id",
            "author",
            "sha",
            "lastModified",
            "private",
            "gated",
            "disabled",
            "downloads",
            "likes",
            "trendingScore",
            "tags",
            "description",
            "createdAt",
        ],
        RepoType::Space => &[
            "_id",
            "id",
            "likes",
            "trendingScore",
            "private",
            "sdk",
            "tags",
            "createdAt",
        ],
    }
}

/// Keys `full=True` adds to a listing item.
pub const FULL_KEYS: &[&str] = &[
    "author",
    "sha",
    "lastModified",
    "gated",
    "disabled",
    "siblings",
];

/// Values accepted by `expand` (as the Hub lists them).
pub fn expandable(t: RepoType) -> &'static [&'static str] {
    match t {
        RepoType::Model => &[
            "author",
            "baseModels",
            "cardData",
            "childrenModelCount",
            "config",
            "createdAt",
            "disabled",
            "downloads",
            "downloadsAllTime",
            "evalResults",
            "gated",
            "gguf",
            "inference",
            "inferenceProviderMapping",
            "lastModified",
            "library_name",
            "likes",
            "mask_token",
            "model-index",
            "pipeline_tag",
            "private",
            "resourceGroup",
            "safetensors",
            "sha",
            "siblings",
            "spaces",
            "tags",
            "transformersInfo",
            "trendingScore",
            "usedStorage",
            "widgetData",
            "xetEnabled",
        ],
        RepoType::Dataset => &[
            "author",
            "cardData",
            "citation",
            "createdAt",
            "description",
            "disabled",
            "downloads",
            "downloadsAllTime",
            "gated",
            "lastModified",
            "likes",
            "mainSize",
            "paperswithcode_id",
            "private",
            "resourceGroup",
            "sha",
            "siblings",
            "tags",
            "trendingScore",
            "usedStorage",
            "xetEnabled",
        ],
        RepoType::Space => &[
            "author",
            "cardData",
            "createdAt",
            "datasets",
            "disabled",
            "lastModified",
            "likes",
            "models",
            "private",
            "region",
            "resourceGroup",
            "runtime",
            "sdk",
            "sha",
            "siblings",
            "subdomain",
            "tags",
            "trendingScore",
            "usedStorage",
            "xetEnabled",
        ],
    }
}

fn push(tags: &mut Vec<String>, t: impl Into<String>) {
    let t = t.into();
    if !t.is_empty() && !tags.contains(&t) {
        tags.push(t);
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Tags as the Hub shows them: the explicit ones plus those it derives from the metadata
/// (library, task, languages, license, datasets, SDK, region).
pub fn computed_tags(repo: &Repo) -> Vec<String> {
    let m = &repo.meta;
    let card = m.card_data.as_ref();
    let get = |k: &str| card.and_then(|c| c.get(k));
    let mut tags = Vec::new();
    match repo.repo_type {
        RepoType::Model => {
            if let Some(l) = &m.library_name {
                push(&mut tags, l.clone());
            }
            for t in &m.tags {
                push(&mut tags, t.clone());
            }
            if let Some(p) = &m.pipeline_tag {
                push(&mut tags, p.clone());
            }
            for d in strings(get("datasets")) {
                push(&mut tags, format!("dataset:{d}"));
            }
            for l in strings(get("language")) {
                push(&mut tags, l);
            }
            for l in strings(get("license")) {
                push(&mut tags, format!("license:{l}"));
            }
        }
        RepoType::Dataset => {
            for t in &m.tags {
                push(&mut tags, t.clone());
            }
            for key in [
                "task_categories",
                "task_ids",
                "language",
                "license",
                "size_categories",
                "multilinguality",
                "language_creators",
            ] {
                for v in strings(get(key)) {
                    push(&mut tags, format!("{key}:{v}"));
                }
            }
        }
        RepoType::Space => {
            if let Some(s) = &m.sdk {
                push(&mut tags, s.clone());
            }
            for t in &m.tags {
                push(&mut tags, t.clone());
            }
            for l in strings(get("license")) {
                push(&mut tags, format!("license:{l}"));
            }
        }
    }
    push(&mut tags, "region:us");
    tags
}

/// Date shown as `lastModified`: the commit's date, else the creation date.
pub fn last_modified(repo: &Repo, commit: Option<&Commit>) -> String {
    commit.map_or_else(|| repo.created_at.clone(), |c| c.date.clone())
}

fn sibling(path: &str, entry: &FileEntry, blobs: bool) -> Value {
    let mut m = Map::new();
    m.insert("rfilename".into(), json!(path));
    if blobs {
        m.insert("size".into(), json!(entry.size()));
        m.insert("blobId".into(), json!(entry.oid()));
        if let FileEntry::Lfs {
            sha256,
            size,
            pointer_size,
            ..
        } = entry
        {
            m.insert(
                "lfs".into(),
                json!({"sha256": sha256, "size": size, "pointerSize": pointer_size}),
            );
        }
    }
    Value::Object(m)
}

/// Subdomain of a Space (`alice/demo-space` → `alice-demo-space`).
pub fn subdomain(id: &str) -> String {
    id.to_ascii_lowercase().replace(['/', '_', '.'], "-")
}

fn derived_config(v: &View) -> Option<Value> {
    if let Some(c) = &v.repo.meta.config {
        return Some(c.clone());
    }
    let entry = v.commit?.files.get("config.json")?;
    let bytes = v.store.read_small(v.state, entry, 1 << 20)?;
    let parsed: Value = serde_json::from_slice(&bytes).ok()?;
    let mut out = Map::new();
    for k in ["architectures", "model_type"] {
        if let Some(x) = parsed.get(k) {
            out.insert(k.into(), x.clone());
        }
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Parameter counts per dtype of one safetensors file (`None` if it is not one).
pub fn safetensors_params(
    store: &Store,
    state: &State,
    entry: &FileEntry,
) -> Option<BTreeMap<String, u64>> {
    let mut len_bytes = [0u8; 8];
    store
        .open_file(state, entry, 0, 8)
        .ok()?
        .read_exact(&mut len_bytes)
        .ok()?;
    let n = u64::from_le_bytes(len_bytes);
    if n == 0 || n > 10 << 20 || 8 + n > entry.size() {
        return None;
    }
    let mut header = Vec::new();
    store
        .open_file(state, entry, 8, n)
        .ok()?
        .read_to_end(&mut header)
        .ok()?;
    let parsed: Map<String, Value> = serde_json::from_slice(&header).ok()?;
    let mut out = BTreeMap::new();
    for (name, t) in &parsed {
        if name == "__metadata__" {
            continue;
        }
        let dtype = t.get("dtype")?.as_str()?;
        let count: u64 = t
            .get("shape")?
            .as_array()?
            .iter()
            .map(|d| d.as_u64().unwrap_or(0))
            .product();
        *out.entry(dtype.to_string()).or_insert(0) += count;
    }
    Some(out)
}

fn safetensors_summary(v: &View) -> Option<Value> {
    let commit = v.commit?;
    let mut total: BTreeMap<String, u64> = BTreeMap::new();
    let mut any = false;
    for (path, entry) in &commit.files {
        if !path.ends_with(".safetensors") {
            continue;
        }
        if let Some(p) = safetensors_params(v.store, v.state, entry) {
            any = true;
            for (k, n) in p {
                *total.entry(k).or_insert(0) += n;
            }
        }
    }
    any.then(|| {
        let sum: u64 = total.values().sum();
        json!({"parameters": total, "total": sum})
    })
}

/// One field of a repo object (`None` = omitted).
pub fn field(v: &View, key: &str) -> Option<Value> {
    let repo = v.repo;
    let m = &repo.meta;
    let t = repo.repo_type;
    let downloads = (t != RepoType::Space).then_some(m.downloads);
    Some(match key {
        "_id" => json!(object_id(&format!("repo:{}/{}", t.singular(), repo.id))),
        "id" => json!(repo.id),
        "modelId" if t == RepoType::Model => json!(repo.id),
        "author" => json!(repo.namespace()),
        "sha" => json!(v.commit?.id),
        "lastModified" => json!(last_modified(repo, v.commit)),
        "createdAt" => json!(repo.created_at),
        "private" => json!(repo.private),
        "disabled" => json!(repo.disabled),
        "gated" => repo.gated.to_json(),
        "downloads" => json!(downloads?),
        "downloadsAllTime" => json!(downloads?),
        "likes" => json!(v.state.like_count(t, &repo.id)),
        "trendingScore" => json!(m.trending_score),
        "library_name" if t == RepoType::Model => json!(m.library_name.as_ref()?),
        "pipeline_tag" if t == RepoType::Model => json!(m.pipeline_tag.as_ref()?),
        "tags" => json!(computed_tags(repo)),
        "config" if t == RepoType::Model => derived_config(v)?,
        "cardData" => m.card_data.clone()?,
        "siblings" => Value::Array(
            v.commit
                .map(|c| c.files.iter().map(|(p, e)| sibling(p, e, v.blobs)).collect())
                .unwrap_or_default(),
        ),
        "spaces" if t == RepoType::Model => json!(v
            .state
            .repos
            .values()
            .filter(|r| r.repo_type == RepoType::Space
                && r.meta.models.contains(&repo.id)
                && can_see(v.state, v.ident, r))
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()),
        "safetensors" if t == RepoType::Model => safetensors_summary(v)?,
        "usedStorage" => json!(v.commit.map_or(0, |c| c.files.values().map(FileEntry::size).sum::<u64>())),
        "mainSize" if t == RepoType::Dataset => json!(v.commit.map_or(0, |c| c.files.values().map(FileEntry::size).sum::<u64>())),
        "sdk" if t == RepoType::Space => json!(m.sdk.as_ref()?),
        "subdomain" if t == RepoType::Space => json!(subdomain(&repo.id)),
        "host" if t == RepoType::Space => json!(format!("https://{}.hf.space", subdomain(&repo.id))),
        "region" if t == RepoType::Space => json!("us"),
        "runtime" if t == RepoType::Space => m.runtime.clone().unwrap_or_else(|| {
            json!({"stage": "RUNNING", "hardware": {"current": "cpu-basic", "requested": "cpu-basic"},
                   "storage": null, "gcTimeout": 172800, "replicas": {"current": 1, "requested": 1},
                   "devMode": false, "domains": [{"domain": format!("{}.hf.space", subdomain(&repo.id)), "stage": "READY"}]})
        }),
        "models" if t == RepoType::Space => json!(m.models),
        "datasets" if t == RepoType::Space => json!(m.datasets),
        "xetEnabled" => json!(false),
        other => m.extra.get(other)?.clone(),
    })
}

/// An object made of these keys (omitted ones skipped).
pub fn object(v: &View, keys: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for k in keys {
        if out.contains_key(*k) {
            continue;
        }
        if let Some(val) = field(v, k) {
            out.insert((*k).to_string(), val);
        }
    }
    out
}

/// The info object (`GET /api/{type}s/{id}`): the type's keys, then any extra metadata keys.
pub fn info_object(v: &View) -> Map<String, Value> {
    let mut out = object(v, info_keys(v.repo.repo_type));
    for (k, val) in &v.repo.meta.extra {
        out.entry(k.clone()).or_insert_with(|| val.clone());
    }
    out
}
