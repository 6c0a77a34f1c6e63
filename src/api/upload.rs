//! Uploads and commits: `create_commit` and its wrappers `upload_file`, `upload_folder`,
//! `delete_file`, `delete_folder`, plus `preupload_lfs_files`.
//!
//! A commit is made in this order (design §3): validate (message, `parent_commit`, every
//! path; a `README.md` addition through `POST /api/validate-yaml`) → hash additions (sha256 streamed, the first 512 bytes as sample) → preupload in
//! batches of 256 (the server says `regular` or `lfs` and whether to ignore the file) → the
//! LFS batch API for LFS files (basic PUT or multipart parts to the storage URLs, **without**
//! the Hub token; then verify when asked) → copies resolved through `paths-info` → one NDJSON
//! commit POST, never retried. Nothing is committed unless every upload succeeded. Additions
//! identical to the remote file (the preupload `oid`) are dropped, and when nothing is left
//! no commit is made (Python ≥0.24).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::encoded_revision;
use crate::cache::patterns::filter_paths;
use crate::client::Client;
use crate::error::{Error, HttpErrorContext, Result};
use crate::http::{header, read_json, Method, RawBody, RawSource, Request};
use crate::progress::{Hooks, Msg};
use crate::repo::RepoType;
use crate::types::commit::{base64_encode, AddSource};
use crate::types::{
    CommitInfo, CommitOperation, CommitOperationAdd, CommitOperationCopy, CommitOperationDelete,
    RepoTreeEntry,
};

/// Files per preupload and LFS batch request.
pub const UPLOAD_BATCH_SIZE: usize = 256;
/// Largest regular file a copy downloads and sends again.
const COPY_LIMIT: u64 = 1 << 30;
/// Bytes of each addition sent as its sample.
const SAMPLE_SIZE: usize = 512;
/// Patterns never uploaded by `upload_folder` (Python's `DEFAULT_IGNORE_PATTERNS`).
pub const DEFAULT_IGNORE_PATTERNS: &[&str] = &[
    ".git",
    ".git/*",
    "*/.git",
    "**/.git/**",
    ".cache/huggingface",
    ".cache/huggingface/*",
    "*/.cache/huggingface",
    "**/.cache/huggingface/**",
];

/// Options of [`Client::create_commit`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateCommitOptions {
    /// The commit's description (`""` when absent).
    pub commit_description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// The branch to commit to (`main` by default); with `create_pr`, the PR's base.
    pub revision: Option<String>,
    /// Open a pull request with this commit instead of committing to the branch.
    pub create_pr: bool,
    /// Parallel hashing and LFS uploads (5 by default).
    pub num_threads: Option<usize>,
    /// The commit the branch must still point to (5–40 hex); the server refuses the commit
    /// otherwise ([`Error::Conflict`]). With `create_pr`, the PR starts from it.
    pub parent_commit: Option<String>,
}

/// Options of [`Client::preupload_lfs_files`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PreuploadLfsFilesOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// The branch the files are for (`main` by default).
    pub revision: Option<String>,
    /// The files are for a pull request (the LFS batch then names no branch).
    pub create_pr: bool,
    /// Parallel hashing and uploads (5 by default).
    pub num_threads: Option<usize>,
}

/// Options of [`Client::upload_file`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadFileOptions {
    /// Summary line (`Upload {path_in_repo} with huggingface_hub` by default).
    pub commit_message: Option<String>,
    /// The commit's description.
    pub commit_description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// The branch (`main` by default).
    pub revision: Option<String>,
    /// Open a pull request.
    pub create_pr: bool,
    /// See [`CreateCommitOptions::parent_commit`].
    pub parent_commit: Option<String>,
}

/// Options of [`Client::delete_file`] and [`Client::delete_folder`] (the default message is
/// `Delete {path} with huggingface_hub` / `Delete folder {path} with huggingface_hub`).
pub type DeleteFileOptions = UploadFileOptions;
/// Options of [`Client::delete_folder`].
pub type DeleteFolderOptions = UploadFileOptions;

/// Options of [`Client::upload_folder`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadFolderOptions {
    /// Folder in the repo to upload into (the root by default).
    pub path_in_repo: Option<String>,
    /// Summary line (`Upload folder using huggingface_hub` by default).
    pub commit_message: Option<String>,
    /// The commit's description.
    pub commit_description: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// The branch (`main` by default).
    pub revision: Option<String>,
    /// Open a pull request.
    pub create_pr: bool,
    /// See [`CreateCommitOptions::parent_commit`].
    pub parent_commit: Option<String>,
    /// Only local files matching one of these (Python `fnmatch`, relative paths).
    #[serde(deserialize_with = "opt_one_or_many")]
    pub allow_patterns: Option<Vec<String>>,
    /// No local file matching one of these (`.git/` and `.cache/huggingface/` always).
    #[serde(deserialize_with = "opt_one_or_many")]
    pub ignore_patterns: Option<Vec<String>>,
    /// Remote files under `path_in_repo` matching one of these are deleted (never
    /// `.gitattributes`, never a file being uploaded).
    #[serde(deserialize_with = "opt_one_or_many")]
    pub delete_patterns: Option<Vec<String>>,
    /// Parallel hashing and LFS uploads (5 by default).
    pub num_threads: Option<usize>,
}

fn opt_one_or_many<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => None,
        Some(OneOrMany::One(s)) => Some(vec![s]),
        Some(OneOrMany::Many(v)) => Some(v),
    })
}

/// An addition after hashing.
#[derive(Debug)]
struct Prepared {
    path: String,
    source: RawSource,
    size: u64,
    sha256: String,
    sample: Vec<u8>,
    lfs: bool,
    ignore: bool,
    /// The remote file at that path is identical (Python ≥0.24 drops such additions).
    noop: bool,
    remote_oid: Option<String>,
}

/// Where additions go.
struct Target<'a> {
    repo_type: RepoType,
    revision: &'a str,
    preupload_url: &'a str,
    create_pr: bool,
    threads: usize,
    cancel: &'a crate::CancelToken,
}

/// One line of the commit, in the caller's order.
enum Line {
    /// The addition at this index (of the prepared additions).
    Add(usize),
    /// A deletion.
    Delete(CommitOperationDelete),
    /// A copy (resolved into a line before the commit).
    Copy(CommitOperationCopy),
}

/// Runs `f` on every item with up to `threads` workers; the first error wins.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() || failed.load(Ordering::Relaxed) {
                    break;
                }
                let r = f(&items[i]);
                if r.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = results.iter().position(|r| matches!(r, Some(Err(_)))) {
        if let Some(Some(Err(e))) = results.into_iter().nth(e) {
            return Err(e);
        }
        return Err(Error::invalid("internal: lost worker error"));
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::invalid("internal: missing worker result"))))
        .collect()
}

/// sha256, size and sample of an addition, streamed (1 MiB at a time).
fn hash_addition(add: &CommitOperationAdd) -> Result<Prepared> {
    let (source, reader, what): (RawSource, Box<dyn Read>, PathBuf) = match &add.source {
        AddSource::Path(p) => {
            let f = std::fs::File::open(p).map_err(|e| Error::io(p.clone(), e))?;
            (RawSource::File(p.clone()), Box::new(f), p.clone())
        }
        AddSource::Bytes(b) => (
            RawSource::Bytes(b.clone()),
            Box::new(std::io::Cursor::new(b.clone())),
            PathBuf::from(&add.path_in_repo),
        ),
        // read once into its spool file (hashed on the way), uploaded from the spool
        AddSource::Reader(r) => {
            let spooled = r.spool()?;
            return Ok(Prepared {
                path: add.path_in_repo.clone(),
                source: RawSource::File(spooled.path().to_path_buf()),
                size: spooled.size,
                sha256: hex(&spooled.sha256),
                sample: spooled.sample.clone(),
                lfs: false,
                ignore: false,
                noop: false,
                remote_oid: None,
            });
        }
    };
    let mut reader = reader;
    let mut hasher = Sha256::new();
    let mut sample = Vec::with_capacity(SAMPLE_SIZE);
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(what, e)),
        };
        if sample.len() < SAMPLE_SIZE {
            let take = (SAMPLE_SIZE - sample.len()).min(n);
            sample.extend_from_slice(&buf[..take]);
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Prepared {
        path: add.path_in_repo.clone(),
        source,
        size,
        sha256: hex(&hasher.finalize()),
        sample,
        lfs: false,
        ignore: false,
        noop: false,
        remote_oid: None,
    })
}

/// The git blob id of some content: sha1 of `blob {size}\0{content}`.
fn git_blob_oid(content: &[u8]) -> String {
    use sha1::Sha1;
    let mut h = Sha1::new();
    h.update(format!("blob {}\0", content.len()).as_bytes());
    h.update(content);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Python's `json.dumps` with default separators (`", "`, `": "`) and `ensure_ascii`.
fn py_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_str(k, out);
                out.push_str(": ");
                py_json(v, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_json(v, out);
            }
            out.push(']');
        }
        Value::String(s) => py_str(s, out),
        other => out.push_str(&other.to_string()),
    }
}

fn py_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Deserialize)]
pub(crate) struct PreuploadAnswer {
    files: Vec<PreuploadFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreuploadFile {
    path: String,
    upload_mode: String,
    #[serde(default)]
    should_ignore: bool,
    /// Id of the file now at that path (git blob sha1, or sha256 for LFS files).
    #[serde(default)]
    oid: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct BatchAnswer {
    #[serde(default)]
    objects: Vec<BatchObject>,
}

#[derive(Deserialize)]
struct BatchObject {
    oid: String,
    size: u64,
    #[serde(default)]
    actions: Option<BatchActions>,
    #[serde(default)]
    error: Option<BatchError>,
}

#[derive(Deserialize)]
struct BatchActions {
    #[serde(default)]
    upload: Option<BatchAction>,
    #[serde(default)]
    verify: Option<BatchAction>,
}

#[derive(Deserialize)]
struct BatchAction {
    href: String,
    #[serde(default)]
    header: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct BatchError {
    code: i64,
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CommitAnswer {
    commit_url: String,
    commit_oid: String,
    #[serde(default)]
    pull_request_url: Option<String>,
}

const LFS_JSON: &str = "application/vnd.git-lfs+json";

fn http_error(method: &str, url: &str, status: u16, message: String) -> Error {
    Error::Http(Box::new(HttpErrorContext {
        method: method.into(),
        url: url.into(),
        status,
        request_id: None,
        error_code: None,
        server_message: Some(message),
        retry_after: None,
    }))
}

/// Whether `s` is 5–40 hex digits (Python's `REGEX_COMMIT_OID` full match).
fn is_commit_oid(s: &str) -> bool {
    (5..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Client {
    /// Commits operations (additions and deletions) in one commit, or opens a pull request
    /// with them (`create_pr`). Requests: `POST /api/{T}/{repo_id}/preupload/{revision}`
    /// (batches of 256), `POST /{prefix}{repo_id}.git/info/lfs/objects/batch`, `PUT` to the
    /// storage URLs it returns (no Hub token), the verify URL, then
    /// `POST /api/{T}/{repo_id}/commit/{revision}[?create_pr=1]` (NDJSON, never retried).
    pub fn create_commit(
        &self,
        repo_id: &str,
        operations: &[CommitOperation],
        commit_message: &str,
        options: &CreateCommitOptions,
    ) -> Result<CommitInfo> {
        self.create_commit_with(
            repo_id,
            operations,
            commit_message,
            options,
            &mut Hooks::new(),
        )
    }

    /// [`Client::create_commit`] with a cancel token (a cancelled commit is never posted).
    pub fn create_commit_with(
        &self,
        repo_id: &str,
        operations: &[CommitOperation],
        commit_message: &str,
        options: &CreateCommitOptions,
        hooks: &mut Hooks<'_>,
    ) -> Result<CommitInfo> {
        let o = options;
        let cancel = hooks.cancel_token().clone();
        if commit_message.is_empty() {
            return Err(Error::invalid(
                "`commit_message` can't be empty, please pass a value.",
            ));
        }
        if let Some(p) = &o.parent_commit {
            if !is_commit_oid(p) {
                return Err(Error::invalid(format!(
                    "`parent_commit` is not a valid commit OID. It must match the following regex: [A-Fa-f0-9]{{5,40}} (got {p:?})"
                )));
            }
        }
        // Every path again (fields are public), so nothing invalid is ever sent.
        let mut additions: Vec<CommitOperationAdd> = Vec::new();
        let mut lines: Vec<Line> = Vec::new();
        for op in operations {
            match op {
                CommitOperation::Add(a) => {
                    let path = crate::types::commit::validate_path_in_repo(&a.path_in_repo)?;
                    if path.ends_with('/') {
                        return Err(Error::invalid(format!(
                            "Invalid `path_in_repo` {path:?}: an addition needs a file name"
                        )));
                    }
                    additions.push(CommitOperationAdd {
                        path_in_repo: path,
                        source: a.source.clone(),
                    });
                    lines.push(Line::Add(additions.len() - 1));
                }
                CommitOperation::Delete(d) => {
                    let path = crate::types::commit::validate_path_in_repo(&d.path_in_repo)?;
                    lines.push(Line::Delete(CommitOperationDelete {
                        path_in_repo: path,
                        is_folder: d.is_folder,
                    }));
                }
                CommitOperation::Copy(c) => {
                    lines.push(Line::Copy(CommitOperationCopy::new(
                        &c.src_path_in_repo,
                        &c.path_in_repo,
                        c.src_revision.clone(),
                    )?));
                }
            }
        }
        let repo_type = o.repo_type.unwrap_or_default();
        let revision = o.revision.clone().unwrap_or_else(|| "main".into());
        let rev_enc = encoded_revision(Some(&revision));
        let pr_query = if o.create_pr { "?create_pr=1" } else { "" };
        let preupload_url =
            self.repo_api_url(Some(repo_type), repo_id, &format!("/preupload/{rev_enc}"))?;
        let commit_url =
            self.repo_api_url(Some(repo_type), repo_id, &format!("/commit/{rev_enc}"))?;
        let threads = o.num_threads.unwrap_or(5).max(1);
        cancel.check()?;

        // 0. a model card among the additions is checked before anything is uploaded
        if let Some(readme) = additions.iter().find(|a| a.path_in_repo == "README.md") {
            self.validate_readme(readme, repo_type)?;
        }

        // 1.–3. hash, preupload, LFS uploads
        let prepared = self.upload_additions(
            repo_id,
            &additions,
            &Target {
                repo_type,
                revision: &revision,
                preupload_url: &preupload_url,
                create_pr: o.create_pr,
                threads,
                cancel: &cancel,
            },
            hooks,
        )?;

        // 4. copies: the sources' metadata, by source revision
        let mut copy_sources: HashMap<(String, String), RepoTreeEntry> = HashMap::new();
        let mut by_rev: Vec<(String, Vec<String>)> = Vec::new();
        for line in &lines {
            if let Line::Copy(c) = line {
                let rev = c.src_revision.clone().unwrap_or_else(|| revision.clone());
                match by_rev.iter_mut().find(|(r, _)| *r == rev) {
                    Some((_, paths)) => paths.push(c.src_path_in_repo.clone()),
                    None => by_rev.push((rev, vec![c.src_path_in_repo.clone()])),
                }
            }
        }
        for (rev, paths) in by_rev {
            cancel.check()?;
            let entries = self.get_paths_info(
                repo_id,
                &paths,
                &crate::api::files::GetPathsInfoOptions {
                    expand: false,
                    revision: Some(rev.clone()),
                    repo_type: Some(repo_type),
                },
            )?;
            for e in entries {
                let path = match &e {
                    RepoTreeEntry::File(f) => f.path.clone(),
                    RepoTreeEntry::Folder(f) => f.path.clone(),
                };
                copy_sources.insert((rev.clone(), path), e);
            }
        }

        // 5. the commit, unless every operation turned out to change nothing (Python ≥0.24:
        // "No files have been modified since last commit. Skipping to prevent empty commit.")
        cancel.check()?;
        let nothing_left = lines.iter().all(|l| match l {
            Line::Add(i) => prepared[*i].noop || prepared[*i].ignore,
            _ => false,
        });
        if nothing_left && prepared.iter().any(|p| p.noop) {
            let url =
                self.repo_api_url(Some(repo_type), repo_id, &format!("/revision/{rev_enc}"))?;
            let info: Value = self.send_json(&Request::get(url))?;
            let sha = info["sha"].as_str().unwrap_or_default().to_string();
            return Ok(CommitInfo {
                commit_url: self.hub_url(&format!(
                    "/{}{repo_id}/commit/{sha}",
                    repo_type.url_prefix()
                )),
                commit_message: commit_message.to_string(),
                commit_description: o.commit_description.clone().unwrap_or_default(),
                oid: sha,
                ..Default::default()
            });
        }
        let mut header = Map::new();
        header.insert("summary".into(), json!(commit_message));
        header.insert(
            "description".into(),
            json!(o.commit_description.clone().unwrap_or_default()),
        );
        if let Some(p) = &o.parent_commit {
            header.insert("parentCommit".into(), json!(p));
        }
        let mut ndjson = String::new();
        let mut push = |v: Value| {
            py_json(&v, &mut ndjson);
            ndjson.push('\n');
        };
        push(json!({"key": "header", "value": Value::Object(header)}));
        for line in lines {
            match line {
                Line::Add(i) => {
                    let p = &prepared[i];
                    if p.ignore || p.noop {
                        continue;
                    }
                    if p.lfs {
                        push(
                            json!({"key": "lfsFile", "value": {"path": p.path, "algo": "sha256",
                                    "oid": p.sha256, "size": p.size}}),
                        );
                    } else {
                        let content = self.read_source(&p.source, p.size)?;
                        push(
                            json!({"key": "file", "value": {"content": base64_encode(&content),
                                    "path": p.path, "encoding": "base64"}}),
                        );
                    }
                }
                Line::Copy(c) => {
                    let rev = c.src_revision.clone().unwrap_or_else(|| revision.clone());
                    let missing = || {
                        Error::EntryNotFound(Box::new(HttpErrorContext {
                            method: "POST".into(),
                            url: self
                                .repo_api_url(
                                    Some(repo_type),
                                    repo_id,
                                    &format!("/paths-info/{}", encoded_revision(Some(&rev))),
                                )
                                .unwrap_or_default(),
                            status: 404,
                            request_id: None,
                            error_code: Some("EntryNotFound".into()),
                            server_message: Some(format!(
                                "Cannot copy {} at revision {rev}: file is missing on repo.",
                                c.src_path_in_repo
                            )),
                            retry_after: None,
                        }))
                    };
                    match copy_sources.get(&(rev.clone(), c.src_path_in_repo.clone())) {
                        None => return Err(missing()),
                        Some(RepoTreeEntry::Folder(_)) => {
                            return Err(Error::invalid(format!(
                                "Copying a folder is not implemented: {}",
                                c.src_path_in_repo
                            )))
                        }
                        Some(RepoTreeEntry::File(f)) => match &f.lfs {
                            Some(lfs) => push(json!({"key": "lfsFile", "value": {
                                "path": c.path_in_repo, "algo": "sha256", "oid": lfs.sha256}})),
                            None => {
                                let url = self.hf_hub_url(
                                    repo_id,
                                    &c.src_path_in_repo,
                                    &crate::api::files::FileUrlOptions {
                                        subfolder: None,
                                        repo_type: Some(repo_type),
                                        revision: Some(rev.clone()),
                                    },
                                )?;
                                let resp = self.send(&Request::get(url.clone()))?;
                                let content = crate::http::read_body(&url, resp, COPY_LIMIT)?;
                                push(json!({"key": "file", "value": {
                                    "content": base64_encode(&content),
                                    "path": c.path_in_repo, "encoding": "base64"}}));
                            }
                        },
                    }
                }
                Line::Delete(d) => {
                    let key = if d.is_folder {
                        "deletedFolder"
                    } else {
                        "deletedFile"
                    };
                    push(json!({"key": key, "value": {"path": d.path_in_repo}}));
                }
            }
        }
        let mut req =
            Request::new(Method::Post, format!("{commit_url}{pr_query}")).idempotent(false);
        req.body = Some((ndjson.into_bytes(), "application/x-ndjson"));
        let answer: CommitAnswer = match self.send_json(&req) {
            Ok(a) => a,
            // the Hub answers a stale `parentCommit` with 412 Precondition Failed
            Err(Error::Http(ctx)) if ctx.status == 412 => return Err(Error::Conflict(ctx)),
            Err(e) => return Err(e),
        };
        Ok(CommitInfo {
            commit_url: answer.commit_url,
            commit_message: commit_message.to_string(),
            commit_description: o.commit_description.clone().unwrap_or_default(),
            oid: answer.commit_oid,
            ..Default::default()
        }
        .with_pr_url(answer.pull_request_url.filter(|_| o.create_pr)))
    }

    /// Steps 1–3 of a commit: hash the additions, preupload them, upload the LFS ones.
    fn upload_additions(
        &self,
        repo_id: &str,
        additions: &[CommitOperationAdd],
        t: &Target<'_>,
        hooks: &mut Hooks<'_>,
    ) -> Result<Vec<Prepared>> {
        let (repo_type, revision, preupload_url) = (t.repo_type, t.revision, t.preupload_url);
        let pr_query = if t.create_pr { "?create_pr=1" } else { "" };
        // 1. hash
        let mut prepared = parallel_map(additions, t.threads, |a| {
            t.cancel.check()?;
            hash_addition(a)
        })?;

        // 2. preupload
        let gitignore = prepared
            .iter()
            .find(|p| p.path == ".gitignore")
            .map(|p| self.read_source(&p.source, p.size))
            .transpose()?;
        for chunk in prepared.chunks_mut(UPLOAD_BATCH_SIZE) {
            t.cancel.check()?;
            let files: Vec<Value> = chunk
                .iter()
                .map(|p| {
                    json!({"path": p.path, "sample": base64_encode(&p.sample), "size": p.size,
                           "sha": p.sha256})
                })
                .collect();
            let mut body = json!({ "files": files });
            if let Some(g) = &gitignore {
                body["gitIgnore"] = json!(String::from_utf8_lossy(g));
            }
            let req = Request::new(Method::Post, format!("{preupload_url}{pr_query}"))
                .json(&body)
                .idempotent(true);
            let answer: PreuploadAnswer = self.send_json(&req)?;
            let modes: HashMap<&str, &PreuploadFile> =
                answer.files.iter().map(|f| (f.path.as_str(), f)).collect();
            for p in chunk.iter_mut() {
                let f = modes.get(p.path.as_str()).ok_or_else(|| Error::Decode {
                    url: preupload_url.to_string(),
                    message: format!("the preupload answer has no entry for {:?}", p.path),
                })?;
                p.lfs = match f.upload_mode.as_str() {
                    "lfs" => true,
                    "regular" => false,
                    other => {
                        return Err(Error::Decode {
                            url: preupload_url.to_string(),
                            message: format!("unknown upload mode {other:?} for {:?}", p.path),
                        })
                    }
                };
                // empty LFS uploads fail on S3: an empty file is always regular
                if p.size == 0 {
                    p.lfs = false;
                }
                p.ignore = f.should_ignore;
                p.remote_oid = f.oid.clone();
            }
        }
        // unchanged files (same git blob id, or same sha256 for LFS) are not committed again
        for p in prepared.iter_mut().filter(|p| !p.ignore) {
            let Some(remote) = p.remote_oid.as_deref() else {
                continue;
            };
            p.noop = if p.lfs {
                remote == p.sha256
            } else {
                remote.len() == 40 && remote == git_blob_oid(&self.read_source(&p.source, p.size)?)
            };
        }

        // 3. LFS uploads
        let lfs: Vec<&Prepared> = prepared
            .iter()
            .filter(|p| p.lfs && !p.ignore && !p.noop)
            .collect();
        let batch_url = self.hub_url(&format!(
            "/{}{repo_id}.git/info/lfs/objects/batch",
            repo_type.url_prefix()
        ));
        // progress: one file per LFS addition, reported as each PUT (or part) completes
        let total: u64 = lfs.iter().map(|p| p.size).sum();
        hooks.run(lfs.len(), Some(total), |rep| {
            for (ci, chunk) in lfs.chunks(UPLOAD_BATCH_SIZE).enumerate() {
                t.cancel.check()?;
                // the same content twice is uploaded once
                let mut objects: Vec<Value> = Vec::new();
                let mut by_oid: HashMap<&str, (usize, &Prepared)> = HashMap::new();
                let mut duplicates = Vec::new();
                for (k, p) in chunk.iter().enumerate() {
                    let index = ci * UPLOAD_BATCH_SIZE + k;
                    if by_oid.contains_key(p.sha256.as_str()) {
                        duplicates.push((index, *p));
                    } else {
                        by_oid.insert(p.sha256.as_str(), (index, p));
                        objects.push(json!({"oid": p.sha256, "size": p.size}));
                    }
                }
                let mut body = json!({"operation": "upload", "transfers": ["basic", "multipart"],
                                      "objects": objects, "hash_algo": "sha256"});
                if !t.create_pr {
                    body["ref"] = json!({ "name": revision });
                }
                let req = Request::new(Method::Post, batch_url.clone())
                    .json(&body)
                    .header("Accept", LFS_JSON)
                    .header("Content-Type", LFS_JSON)
                    .idempotent(true);
                let answer: BatchAnswer = self.send_json(&req)?;
                let errors: Vec<String> = answer
                    .objects
                    .iter()
                    .filter_map(|ob| {
                        ob.error
                            .as_ref()
                            .map(|e| format!("{}: {} ({})", ob.oid, e.message, e.code))
                    })
                    .collect();
                if !errors.is_empty() {
                    return Err(http_error(
                        "POST",
                        &batch_url,
                        422,
                        format!("LFS batch endpoint returned errors:\n{}", errors.join("\n")),
                    ));
                }
                let todo: Vec<(usize, &Prepared, Option<BatchActions>)> = answer
                    .objects
                    .into_iter()
                    .filter_map(|ob| {
                        let (i, p) = by_oid.get(ob.oid.as_str())?;
                        (p.size == ob.size).then_some(())?;
                        Some((*i, *p, ob.actions))
                    })
                    .collect();
                parallel_map(&todo, t.threads, |(i, p, actions)| {
                    t.cancel.check()?;
                    rep.send(Msg::Start {
                        file: *i,
                        path: p.path.clone(),
                        size: Some(p.size),
                    });
                    match actions {
                        Some(actions) => self.upload_lfs_object(p, actions, &|n| {
                            rep.send(Msg::Bytes { file: *i, n })
                        })?,
                        // already stored: nothing to send
                        None => rep.send(Msg::Bytes {
                            file: *i,
                            n: p.size,
                        }),
                    }
                    rep.send(Msg::Finish { file: *i });
                    Ok(())
                })?;
                for (i, p) in duplicates {
                    rep.send(Msg::Start {
                        file: i,
                        path: p.path.clone(),
                        size: Some(p.size),
                    });
                    rep.send(Msg::Bytes { file: i, n: p.size });
                    rep.send(Msg::Finish { file: i });
                }
            }
            Ok(())
        })?;

        Ok(prepared)
    }

    /// Uploads the LFS content of additions ahead of a commit (hash, preupload, LFS batch and
    /// storage PUTs, verify) without committing; a later [`Client::create_commit`] with the
    /// same additions finds the objects stored and uploads nothing again. Requests: those of
    /// `create_commit` up to the commit POST.
    pub fn preupload_lfs_files(
        &self,
        repo_id: &str,
        additions: &[CommitOperationAdd],
        options: &PreuploadLfsFilesOptions,
    ) -> Result<()> {
        let o = options;
        let checked = additions
            .iter()
            .map(|a| {
                Ok(CommitOperationAdd {
                    path_in_repo: crate::types::commit::validate_path_in_repo(&a.path_in_repo)?,
                    source: a.source.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let repo_type = o.repo_type.unwrap_or_default();
        let revision = o.revision.clone().unwrap_or_else(|| "main".into());
        let preupload_url = self.repo_api_url(
            Some(repo_type),
            repo_id,
            &format!("/preupload/{}", encoded_revision(Some(&revision))),
        )?;
        self.upload_additions(
            repo_id,
            &checked,
            &Target {
                repo_type,
                revision: &revision,
                preupload_url: &preupload_url,
                create_pr: o.create_pr,
                threads: o.num_threads.unwrap_or(5).max(1),
                cancel: &crate::CancelToken::new(),
            },
            &mut Hooks::new(),
        )?;
        Ok(())
    }

    /// `POST /api/validate-yaml` with `{"content", "repoType"}`: a 400 becomes
    /// [`Error::InvalidInput`] listing the server's `errors[].message`.
    fn validate_readme(&self, readme: &CommitOperationAdd, repo_type: RepoType) -> Result<()> {
        let content = match &readme.source {
            AddSource::Bytes(b) => b.to_vec(),
            AddSource::Path(p) => std::fs::read(p).map_err(|e| Error::io(p.clone(), e))?,
            AddSource::Reader(r) => {
                let spooled = r.spool()?;
                std::fs::read(spooled.path()).map_err(|e| Error::io(spooled.path(), e))?
            }
        };
        let url = self.hub_url("/api/validate-yaml");
        let req = Request::new(Method::Post, url.clone())
            .json(&json!({"content": String::from_utf8_lossy(&content), "repoType": repo_type.as_str()}))
            .idempotent(true);
        let resp = self.send_unchecked(&req)?;
        if resp.status().as_u16() == 400 {
            let body: Value = read_json(&url, resp).unwrap_or(Value::Null);
            let messages: Vec<String> = body["errors"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e["message"].as_str())
                        .map(|m| format!("- {m}"))
                        .collect()
                })
                .unwrap_or_default();
            return Err(Error::invalid(format!(
                "Invalid metadata in README.md.\n{}",
                messages.join("\n")
            )));
        }
        crate::http::drain_response(crate::http::check_response(Method::Post, &url, resp)?);
        Ok(())
    }

    /// Reads a whole source (regular files, which the server keeps small).
    fn read_source(&self, source: &RawSource, size: u64) -> Result<Vec<u8>> {
        match source {
            RawSource::Bytes(b) => Ok(b.to_vec()),
            RawSource::File(p) => {
                let data = std::fs::read(p).map_err(|e| Error::io(p.clone(), e))?;
                if data.len() as u64 != size {
                    return Err(Error::invalid(format!(
                        "{} changed while it was being committed",
                        p.display()
                    )));
                }
                Ok(data)
            }
        }
    }

    /// A storage URL as the client must call it: a `https://huggingface.co` prefix is
    /// replaced by the configured endpoint (Python's endpoint fix-up).
    pub(crate) fn fix_storage_url(&self, href: &str) -> String {
        let endpoint = self.endpoint().trim_end_matches('/');
        for hub in ["https://huggingface.co", "https://hub-ci.huggingface.co"] {
            if endpoint != hub {
                if let Some(rest) = href.strip_prefix(hub) {
                    if rest.is_empty() || rest.starts_with('/') {
                        return format!("{endpoint}{rest}");
                    }
                }
            }
        }
        href.to_string()
    }

    /// Uploads one LFS object (basic or multipart), then verifies it when asked.
    fn upload_lfs_object(
        &self,
        p: &Prepared,
        actions: &BatchActions,
        on_bytes: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        if let Some(upload) = &actions.upload {
            let href = self.fix_storage_url(&upload.href);
            let chunk_size = upload.header.as_ref().and_then(|h| h.get("chunk_size"));
            match chunk_size {
                Some(cs) => self.upload_multipart(p, &href, cs, upload, on_bytes)?,
                None => {
                    // storage URLs are pre-signed: no Hub token, no Hub headers
                    let mut req = Request::new(Method::Put, href).idempotent(true);
                    req.auth = false;
                    req.hf_headers = false;
                    let req = req.raw(RawBody {
                        source: p.source.clone(),
                        offset: 0,
                        len: p.size,
                    });
                    crate::http::drain_response(self.send(&req)?);
                    on_bytes(p.size);
                }
            }
        }
        if let Some(verify) = &actions.verify {
            let href = self.fix_storage_url(&verify.href);
            let req = Request::new(Method::Post, href)
                .json(&json!({"oid": p.sha256, "size": p.size}))
                .idempotent(true);
            crate::http::drain_response(self.send(&req)?);
        }
        Ok(())
    }

    /// Multipart: one PUT per part (exact byte ranges, no Hub token), then the completion
    /// POST with every part's ETag.
    fn upload_multipart(
        &self,
        p: &Prepared,
        href: &str,
        chunk_size: &Value,
        upload: &BatchAction,
        on_bytes: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let bad = |m: &str| {
            http_error(
                "POST",
                href,
                500,
                format!("Invalid server response to upload large LFS file: {m}"),
            )
        };
        let chunk: u64 = match chunk_size {
            Value::String(s) => s.parse().map_err(|_| bad("chunk_size is not an integer"))?,
            Value::Number(n) => n
                .as_u64()
                .ok_or_else(|| bad("chunk_size is not an integer"))?,
            _ => return Err(bad("chunk_size is not an integer")),
        };
        if chunk == 0 {
            return Err(bad("chunk_size is 0"));
        }
        let mut parts: Vec<(u64, String)> = upload
            .header
            .iter()
            .flatten()
            .filter(|(k, _)| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
            .filter_map(|(k, v)| Some((k.parse().ok()?, v.as_str()?.to_string())))
            .collect();
        parts.sort_by_key(|(n, _)| *n);
        if parts.len() as u64 != p.size.div_ceil(chunk) {
            return Err(bad("wrong number of parts"));
        }
        let mut done = Vec::with_capacity(parts.len());
        for (i, (num, url)) in parts.iter().enumerate() {
            let offset = i as u64 * chunk;
            let len = chunk.min(p.size - offset);
            let mut req = Request::new(Method::Put, self.fix_storage_url(url)).idempotent(true);
            req.auth = false;
            req.hf_headers = false;
            let req = req.raw(RawBody {
                source: p.source.clone(),
                offset,
                len,
            });
            let resp = self.send(&req)?;
            let etag = header(resp.headers(), "etag")
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| bad("a part upload returned no ETag"))?;
            crate::http::drain_response(resp);
            done.push(json!({"partNumber": num, "etag": etag}));
            on_bytes(len);
        }
        let mut req = Request::new(Method::Post, href.to_string())
            .json(&json!({"oid": p.sha256, "parts": done}))
            .header("Accept", LFS_JSON)
            .header("Content-Type", LFS_JSON);
        req.auth = false;
        req.hf_headers = false;
        crate::http::drain_response(self.send(&req)?);
        Ok(())
    }

    /// Uploads one file (from a local path or bytes) in one commit.
    /// Requests: those of [`Client::create_commit`].
    pub fn upload_file(
        &self,
        repo_id: &str,
        path_or_fileobj: impl Into<AddSource>,
        path_in_repo: &str,
        options: &UploadFileOptions,
    ) -> Result<CommitInfo> {
        self.upload_file_with(
            repo_id,
            path_or_fileobj,
            path_in_repo,
            options,
            &mut Hooks::new(),
        )
    }

    /// [`Client::upload_file`] with a cancel token (a cancelled upload commits nothing).
    pub fn upload_file_with(
        &self,
        repo_id: &str,
        path_or_fileobj: impl Into<AddSource>,
        path_in_repo: &str,
        options: &UploadFileOptions,
        hooks: &mut Hooks<'_>,
    ) -> Result<CommitInfo> {
        let add = CommitOperationAdd::new(path_in_repo, path_or_fileobj)?;
        let message = options
            .commit_message
            .clone()
            .unwrap_or_else(|| format!("Upload {path_in_repo} with huggingface_hub"));
        let copts = commit_options(options);
        self.create_commit_with(repo_id, &[add.into()], &message, &copts, hooks)
    }

    /// Deletes one file in one commit. Request: `POST /api/{T}/{repo_id}/commit/{revision}`.
    pub fn delete_file(
        &self,
        repo_id: &str,
        path_in_repo: &str,
        options: &DeleteFileOptions,
    ) -> Result<CommitInfo> {
        let op = CommitOperationDelete::with_is_folder(path_in_repo, false)?;
        let message = options
            .commit_message
            .clone()
            .unwrap_or_else(|| format!("Delete {path_in_repo} with huggingface_hub"));
        self.create_commit(repo_id, &[op.into()], &message, &commit_options(options))
    }

    /// Deletes a folder in one commit. Request: `POST /api/{T}/{repo_id}/commit/{revision}`.
    pub fn delete_folder(
        &self,
        repo_id: &str,
        path_in_repo: &str,
        options: &DeleteFolderOptions,
    ) -> Result<CommitInfo> {
        let op = CommitOperationDelete::with_is_folder(path_in_repo, true)?;
        let message = options
            .commit_message
            .clone()
            .unwrap_or_else(|| format!("Delete folder {path_in_repo} with huggingface_hub"));
        self.create_commit(repo_id, &[op.into()], &message, &commit_options(options))
    }

    /// Uploads a local folder in one commit (deletions from `delete_patterns` first, then
    /// the additions, sorted). Requests: `GET /api/{T}/{repo_id}/tree/{revision}?recursive=True`
    /// when `delete_patterns` is given, then those of [`Client::create_commit`].
    pub fn upload_folder(
        &self,
        repo_id: &str,
        folder_path: &Path,
        options: &UploadFolderOptions,
    ) -> Result<CommitInfo> {
        self.upload_folder_with(repo_id, folder_path, options, &mut Hooks::new())
    }

    /// [`Client::upload_folder`] with a cancel token (a cancelled upload commits nothing).
    pub fn upload_folder_with(
        &self,
        repo_id: &str,
        folder_path: &Path,
        options: &UploadFolderOptions,
        hooks: &mut Hooks<'_>,
    ) -> Result<CommitInfo> {
        let o = options;
        let meta = std::fs::metadata(folder_path).map_err(|e| Error::io(folder_path, e))?;
        if !meta.is_dir() {
            return Err(Error::invalid(format!(
                "Provided path: '{}' is not a directory",
                folder_path.display()
            )));
        }
        let mut files = Vec::new();
        walk(folder_path, "", &mut files)?;
        files.sort();
        let mut ignore: Vec<String> = o.ignore_patterns.clone().unwrap_or_default();
        ignore.extend(DEFAULT_IGNORE_PATTERNS.iter().map(|s| s.to_string()));
        let kept = filter_paths(
            files.iter().map(String::as_str),
            o.allow_patterns.as_deref(),
            Some(&ignore),
        );
        let prefix = match o.path_in_repo.as_deref().map(|p| p.trim_matches('/')) {
            None | Some("") => String::new(),
            Some(p) => format!("{p}/"),
        };
        let mut additions = Vec::with_capacity(kept.len());
        for rel in &kept {
            additions.push(CommitOperation::Add(CommitOperationAdd::new(
                &format!("{prefix}{rel}"),
                AddSource::Path(folder_path.join(rel)),
            )?));
        }
        let mut operations = Vec::new();
        if let Some(patterns) = &o.delete_patterns {
            let revision = if o.create_pr {
                None
            } else {
                o.revision.clone()
            };
            let listing = self.list_repo_files(
                repo_id,
                &crate::api::files::ListRepoFilesOptions {
                    revision,
                    repo_type: o.repo_type,
                },
            );
            let added: std::collections::HashSet<String> = additions
                .iter()
                .map(|a| a.path_in_repo().to_string())
                .collect();
            let mut remote = Vec::new();
            for f in listing {
                let f = f?;
                if let Some(rel) = f.strip_prefix(prefix.as_str()) {
                    remote.push((f.clone(), rel.to_string()));
                }
            }
            let matching: std::collections::HashSet<String> = filter_paths(
                remote.iter().map(|(_, rel)| rel.as_str()),
                Some(patterns),
                None,
            )
            .into_iter()
            .collect();
            for (full, rel) in remote {
                let name = full.rsplit('/').next().unwrap_or(&full);
                if matching.contains(&rel) && name != ".gitattributes" && !added.contains(&full) {
                    operations.push(CommitOperation::Delete(
                        CommitOperationDelete::with_is_folder(&full, false)?,
                    ));
                }
            }
        }
        operations.extend(additions);
        let message = o
            .commit_message
            .clone()
            .unwrap_or_else(|| "Upload folder using huggingface_hub".into());
        let copts = CreateCommitOptions {
            commit_description: o.commit_description.clone(),
            repo_type: o.repo_type,
            revision: o.revision.clone(),
            create_pr: o.create_pr,
            num_threads: o.num_threads,
            parent_commit: o.parent_commit.clone(),
        };
        self.create_commit_with(repo_id, &operations, &message, &copts, hooks)
    }
}

fn commit_options(o: &UploadFileOptions) -> CreateCommitOptions {
    CreateCommitOptions {
        commit_description: o.commit_description.clone(),
        repo_type: o.repo_type,
        revision: o.revision.clone(),
        create_pr: o.create_pr,
        num_threads: None,
        parent_commit: o.parent_commit.clone(),
    }
}

/// Every file below `dir` (symlinked files followed, symlinked folders not descended
/// into), as POSIX paths relative to the root: the walk of `upload_folder` (and of
/// `CommitScheduler`).
pub(crate) fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(Error::invalid(format!(
                "{}: file names must be UTF-8",
                entry.path().display()
            )));
        };
        let child_rel = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        let path = entry.path();
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(_) => continue, // a dangling symlink
        };
        if meta.is_dir() {
            // a symlinked folder is not descended into (no cycles)
            let link = entry.file_type().map(|t| t.is_symlink()).unwrap_or(false);
            if !link {
                walk(&path, &child_rel, out)?;
            }
        } else if meta.is_file() {
            out.push(child_rel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_json_dumps() {
        let mut s = String::new();
        py_json(
            &json!({"key": "header", "value": {"summary": "Add é\n\"x\" 😀", "n": 5, "b": true}}),
            &mut s,
        );
        assert_eq!(
            s,
            r#"{"key": "header", "value": {"summary": "Add \u00e9\n\"x\" \ud83d\ude00", "n": 5, "b": true}}"#
        );
    }

    #[test]
    fn git_blob_ids() {
        assert_eq!(
            git_blob_oid(b"Hello, World!"),
            "b45ef6fec89518d314f546fd6c3025367b721684"
        );
    }

    #[test]
    fn commit_oids() {
        assert!(is_commit_oid("abcde"));
        assert!(is_commit_oid(&"a".repeat(40)));
        assert!(!is_commit_oid("abcd"));
        assert!(!is_commit_oid(&"a".repeat(41)));
        assert!(!is_commit_oid("xyzxyz"));
    }
}
