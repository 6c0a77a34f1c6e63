//! Downloads into the cache shared with Python: `hf_hub_download`,
//! `snapshot_download`, `try_to_load_from_cache` (hub-transfer §5, §7, §12.1).
//!
//! Round trips: a file at a commit already cached costs no request; at a branch,
//! one HEAD; offline, none. A cold `snapshot_download` lists the repository once
//! (`repo_info` with `blobs=True`: commit, blob ids, sizes, LFS sha256; or the
//! tree listing when the revision is a commit) and then sends one GET per file
//! that is not cached yet — no per-file HEAD, since the listing already names the
//! blob and its size. (An LFS file's GET is redirected to the storage host, as
//! with every client.) Empty files need no request at all.
//!
//! Verification, before a blob is renamed into place: the size always; the
//! sha256 of LFS files (their etag); the git blob sha1 of regular files
//! (`sha1("blob <len>\0" + content)`, their etag). Python checks only the size.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

use super::info::{seconds, RepoInfoOptions};
use super::DEFAULT_REVISION;
use crate::api::files::{FileUrlOptions, ListRepoTreeOptions};
use crate::cache::lock::lock;
use crate::cache::patterns::filter_paths;
use crate::cache::{
    create_parent, is_commit_hash, link_pointer, pointer_ok, safe_relative_path,
    symlinks_supported, write_atomic, RepoCache, TempFile,
};
use crate::cancel::CancelToken;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::progress::{Hooks, Reporter};
use crate::repo::{validate_repo_id, RepoType};
use crate::transfer::{is_sha256, sha256_file, Expect, Fetch};
use crate::types::RepoTreeEntry;

/// How files are downloaded; set with [`crate::ClientBuilder::download_config`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadConfig {
    /// Size of each byte range when a large file is fetched in parallel.
    pub chunk_size: u64,
    /// Connections used for one large file (1 = always a single stream).
    pub max_connections: usize,
    /// Files at least this large (and larger than one chunk) are fetched as
    /// parallel byte ranges; servers that ignore or refuse ranges get one stream.
    pub parallel_threshold: u64,
    /// Copy files into snapshots instead of symlinking them
    /// (`HF_HUB_DISABLE_SYMLINKS`); copies are also used wherever symlinks fail.
    pub disable_symlinks: bool,
    /// Replaces the caller's `etag_timeout` in every download, as Python does when
    /// `HF_HUB_ETAG_TIMEOUT` is set to anything other than its default of 10 s
    /// ([`crate::ClientBuilder::from_env`] sets it then; `None` keeps the caller's).
    pub etag_timeout_override: Option<Duration>,
    /// Flush every downloaded file to the disk (`fdatasync`) before it is renamed
    /// into the cache. Off by default, as in Python and curl: the rename is atomic,
    /// so a killed process never leaves a partial file, but after a power loss or a
    /// kernel crash the most recent downloads may be lost or empty. Turn it on where
    /// that matters more than speed (the flush of a 2 GiB file costs about a second).
    pub sync_files: bool,
    /// Write large files (from `parallel_threshold` up) with direct I/O on Linux
    /// (`O_DIRECT`) when they land on a local disk filesystem (ext2/3/4, XFS,
    /// btrfs, F2FS): their bytes go to the disk without passing through the page
    /// cache. A multi-GiB download then costs far less CPU time and does not evict
    /// what the machine has cached; the price is that reading the file right after
    /// comes from the disk, not from memory. Other filesystems (tmpfs, NFS and
    /// other network or FUSE mounts, where direct writes are slow round trips) and
    /// other platforms get ordinary writes. On by default; off writes through the
    /// page cache everywhere, as Python does.
    pub direct_io: bool,
    /// Bytes per second at or above which a large file stays on one connection.
    /// The first range is timed MiB by MiB over its first 16 MiB (or the whole
    /// range, when `chunk_size` is smaller), counting only the time the socket
    /// kept the receiving thread waiting (on Linux, the CPU time of the reads
    /// themselves does not count: a busy machine is not a slow link), and the
    /// median MiB decides. A link that fast gains little
    /// from more connections, since the sha256 computed on the way and the disk
    /// set the pace. Slower links, and chunks smaller than 4 MiB, get parallel
    /// ranges; `None` always does.
    /// Default 500 MB/s.
    pub single_stream_rate: Option<u64>,
}

impl Default for DownloadConfig {
    fn default() -> Self {
        DownloadConfig {
            chunk_size: 16 * 1024 * 1024,
            max_connections: 8,
            parallel_threshold: 64 * 1024 * 1024,
            disable_symlinks: false,
            etag_timeout_override: None,
            sync_files: false,
            direct_io: true,
            single_stream_rate: Some(500_000_000),
        }
    }
}

/// Python's `local_dir_use_symlinks`: `"auto"`, `true` or `false`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum LocalDirUseSymlinks {
    /// `true` / `false`.
    Flag(bool),
    /// `"auto"`.
    Auto(String),
}

/// Options of [`Client::hf_hub_download`] (Python's keyword arguments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HfHubDownloadOptions {
    /// Folder of the file inside the repository.
    pub subfolder: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Cache folder (the client's `HF_HUB_CACHE` by default).
    pub cache_dir: Option<PathBuf>,
    /// Download into this folder instead of the cache (Python ≥0.24 layout:
    /// metadata in `<local_dir>/.cache/huggingface/download/<path>.metadata`).
    pub local_dir: Option<PathBuf>,
    /// Download again even when cached.
    pub force_download: bool,
    /// Timeout of the metadata HEAD, in seconds (the client's by default).
    /// `HF_HUB_ETAG_TIMEOUT` set to anything but 10 overrides it, as in Python
    /// ([`DownloadConfig::etag_timeout_override`]).
    #[serde(deserialize_with = "seconds")]
    pub etag_timeout: Option<Duration>,
    /// Never use the network: the file must be in the cache.
    pub local_files_only: bool,
    /// Accepted for compatibility and ignored: downloads always resume after a
    /// failure within a call, and adopt a leftover partial file of an earlier run.
    pub resume_download: Option<bool>,
    /// Accepted for compatibility and ignored, as in Python ≥0.23: `local_dir`
    /// always holds real files.
    pub local_dir_use_symlinks: Option<LocalDirUseSymlinks>,
    /// Accepted for compatibility and ignored: it only applied to the legacy layout.
    pub force_filename: Option<String>,
    /// Only `false` is accepted: the legacy flat cache layout (deprecated in
    /// Python 0.22, removed in 1.0) is not written.
    pub legacy_cache_layout: bool,
    /// Accepted for compatibility when empty; proxies are configured on the
    /// client (`ClientBuilder::proxy`, `HTTPS_PROXY`), so a non-empty map is an error.
    pub proxies: Option<BTreeMap<String, String>>,
}

/// Options of [`Client::snapshot_download`] (Python's keyword arguments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SnapshotDownloadOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Cache folder (the client's `HF_HUB_CACHE` by default).
    pub cache_dir: Option<PathBuf>,
    /// Download into this folder instead of the cache.
    pub local_dir: Option<PathBuf>,
    /// Download again even when cached.
    pub force_download: bool,
    /// Timeout of metadata requests, in seconds (overridden as in
    /// [`HfHubDownloadOptions::etag_timeout`]).
    #[serde(deserialize_with = "seconds")]
    pub etag_timeout: Option<Duration>,
    /// Never use the network: the snapshot must be in the cache.
    pub local_files_only: bool,
    /// Only files matching one of these patterns (Python `fnmatch`: `*` matches `/`).
    #[serde(deserialize_with = "opt_one_or_many")]
    pub allow_patterns: Option<Vec<String>>,
    /// No file matching one of these patterns.
    #[serde(deserialize_with = "opt_one_or_many")]
    pub ignore_patterns: Option<Vec<String>>,
    /// Files downloaded at once (8 by default).
    pub max_workers: Option<usize>,
    /// Accepted for compatibility and ignored (see [`HfHubDownloadOptions::resume_download`]).
    pub resume_download: Option<bool>,
    /// Accepted for compatibility and ignored.
    pub local_dir_use_symlinks: Option<LocalDirUseSymlinks>,
    /// Accepted when empty (see [`HfHubDownloadOptions::proxies`]).
    pub proxies: Option<BTreeMap<String, String>>,
}

/// Options of [`Client::try_to_load_from_cache`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TryToLoadFromCacheOptions {
    /// Cache folder (the client's `HF_HUB_CACHE` by default).
    pub cache_dir: Option<PathBuf>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::scan_cache_dir`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanCacheDirOptions {
    /// Cache folder (the client's `HF_HUB_CACHE` by default).
    pub cache_dir: Option<PathBuf>,
}

/// Options of [`Client::delete_revisions`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteRevisionsOptions {
    /// Cache folder (the client's `HF_HUB_CACHE` by default).
    pub cache_dir: Option<PathBuf>,
    /// Only compute the plan; delete nothing.
    pub dry_run: bool,
}

/// What [`Client::try_to_load_from_cache`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CachedFile {
    /// The file is cached here.
    Path(PathBuf),
    /// The Hub said the file does not exist at that commit (a `.no_exist` marker;
    /// Python's `_CACHED_NO_EXIST`).
    NoExist,
    /// Nothing is known locally.
    NotCached,
}

impl Serialize for CachedFile {
    /// A path string, `null`, or `{"_CACHED_NO_EXIST": true}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            CachedFile::Path(p) => s.serialize_str(&p.to_string_lossy()),
            CachedFile::NotCached => s.serialize_none(),
            CachedFile::NoExist => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("_CACHED_NO_EXIST", &true)?;
                m.end()
            }
        }
    }
}

/// `null`, a string or a list of strings; `null` stays `None` (no filter),
/// unlike an empty list (which keeps nothing).
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

/// What the Hub says about one file of a commit.
#[derive(Debug, Clone)]
struct Remote {
    commit: String,
    etag: String,
    size: Option<u64>,
    /// Where the bytes are.
    url: String,
}

/// `~` at the start of a caller's folder, as Python's `expanduser`.
fn expand_user(p: &Path) -> PathBuf {
    match p.to_str() {
        Some(s) if s == "~" || s.starts_with("~/") => crate::config::Env::from_process().expand(s),
        _ => p.to_owned(),
    }
}

fn check_compat(legacy: bool, proxies: &Option<BTreeMap<String, String>>) -> Result<()> {
    if legacy {
        return Err(Error::invalid(
            "legacy_cache_layout=True is not supported: the legacy flat cache is deprecated",
        ));
    }
    if proxies.as_ref().is_some_and(|p| !p.is_empty()) {
        return Err(Error::invalid(
            "per-call `proxies` are not supported: configure the proxy on the client \
             (ClientBuilder::proxy or HTTPS_PROXY / HTTP_PROXY / ALL_PROXY)",
        ));
    }
    Ok(())
}

fn validate_revision(revision: &str) -> Result<()> {
    safe_relative_path(revision)
        .map(|_| ())
        .map_err(|_| Error::invalid(format!("invalid revision {revision:?}")))
}

/// Errors after which Python falls back to the cache (connection problems,
/// offline mode, 5xx, 401/403, missing or gated repository, bad metadata).
fn falls_back(e: &Error) -> bool {
    !matches!(
        e.kind(),
        ErrorKind::EntryNotFound
            | ErrorKind::RevisionNotFound
            | ErrorKind::Cancelled
            | ErrorKind::InvalidInput
            | ErrorKind::Io
            | ErrorKind::LocalTokenNotFound
            | ErrorKind::Checksum
    )
}

/// What to raise when the network failed and the cache has nothing (Python
/// re-raises repository/gated/401 errors, else "not found locally").
fn nothing_cached(e: Error, what: String) -> Error {
    match e.kind() {
        ErrorKind::RepoNotFound | ErrorKind::GatedRepo | ErrorKind::Unauthorized => e,
        _ => Error::LocalEntryNotFound(format!(
            "{what}; the Hub could not be reached or refused ({e}), and it is not in the local cache"
        )),
    }
}

impl Client {
    fn cache_root(&self, cache_dir: Option<&Path>) -> PathBuf {
        match cache_dir {
            Some(d) => expand_user(d),
            None => self.cache_dir().to_owned(),
        }
    }

    /// The metadata timeout of a download: `HF_HUB_ETAG_TIMEOUT` when it overrides
    /// (not 10), else the caller's `etag_timeout`, else the client's.
    fn etag_timeout(&self, given: Option<Duration>) -> Duration {
        self.inner
            .download
            .etag_timeout_override
            .or(given)
            .unwrap_or(self.inner.timeouts.metadata)
    }

    fn use_symlinks(&self, root: &Path) -> bool {
        // The probe creates `root` when it is missing.
        !self.inner.download.disable_symlinks && symlinks_supported(root)
    }

    /// Downloads one file into the cache (or `local_dir`) and returns its path:
    /// `snapshots/<commit>/<path>` in the cache. `HEAD` on
    /// `{endpoint}/{prefix}{repo_id}/resolve/{revision}/{path}` (no automatic
    /// redirects), then `GET` of the content location (the token is only sent to
    /// the Hub's host) unless the blob is already cached. A commit revision whose
    /// file is cached costs no request; offline (`HF_HUB_OFFLINE`,
    /// `local_files_only`) no request is ever sent.
    pub fn hf_hub_download(
        &self,
        repo_id: &str,
        filename: &str,
        options: &HfHubDownloadOptions,
    ) -> Result<PathBuf> {
        self.hf_hub_download_with(repo_id, filename, options, &mut Hooks::new())
    }

    /// [`Client::hf_hub_download`] with a progress sink and a cancel token.
    pub fn hf_hub_download_with(
        &self,
        repo_id: &str,
        filename: &str,
        options: &HfHubDownloadOptions,
        hooks: &mut Hooks<'_>,
    ) -> Result<PathBuf> {
        let o = options;
        validate_repo_id(repo_id)?;
        check_compat(o.legacy_cache_layout, &o.proxies)?;
        let path_in_repo = match o.subfolder.as_deref().filter(|s| !s.is_empty()) {
            Some(sub) => format!("{sub}/{filename}"),
            None => filename.to_owned(),
        };
        let rel = safe_relative_path(&path_in_repo)?;
        let revision = o.revision.as_deref().unwrap_or(DEFAULT_REVISION);
        validate_revision(revision)?;
        let repo_type = o.repo_type.unwrap_or_default();
        let offline = self.is_offline() || o.local_files_only;
        if offline && o.force_download {
            return Err(Error::invalid(
                "cannot pass force_download=True when local_files_only=True or offline mode is enabled",
            ));
        }
        let cancel = hooks.cancel_token().clone();
        let timeout = self.etag_timeout(o.etag_timeout);
        let url_opts = FileUrlOptions {
            subfolder: None,
            repo_type: Some(repo_type),
            revision: Some(revision.to_owned()),
        };
        if let Some(local_dir) = &o.local_dir {
            let local_dir = expand_user(local_dir);
            let job = LocalDirJob {
                client: self,
                repo_id,
                repo_type,
                revision,
                local_dir: &local_dir,
                path_in_repo: &path_in_repo,
                rel: &rel,
                force: o.force_download,
                offline,
                timeout,
                cache_root: self.cache_root(o.cache_dir.as_deref()),
            };
            return hooks.run(1, None, |reporter| job.run(None, &cancel, &reporter, 0));
        }
        let repo = RepoCache::new(&self.cache_root(o.cache_dir.as_deref()), repo_type, repo_id);
        let what =
            format!("file {path_in_repo:?} of {repo_type} {repo_id:?} at revision {revision:?}");

        // 1. A commit revision already cached: no request.
        if is_commit_hash(revision) && !o.force_download {
            let pointer = repo.pointer(revision, &rel)?;
            if pointer_ok(&pointer) {
                return Ok(pointer);
            }
        }
        // 2. Offline: the cache or nothing.
        let lookup = |repo: &RepoCache| -> Option<PathBuf> {
            let commit = repo.resolve_commit(revision)?;
            let p = repo.pointer(&commit, &rel).ok()?;
            pointer_ok(&p).then_some(p)
        };
        if offline {
            return lookup(&repo).ok_or_else(|| {
                Error::LocalEntryNotFound(format!(
                    "{what} is not in the cache at {} and outgoing traffic is disabled \
                     ({}); run once online or pass a cached commit",
                    repo.dir.display(),
                    if self.is_offline() {
                        "HF_HUB_OFFLINE"
                    } else {
                        "local_files_only"
                    }
                ))
            });
        }
        // 3. HEAD.
        cancel.check()?;
        let url = self.hf_hub_url(repo_id, &path_in_repo, &url_opts)?;
        let mut error_commit = None;
        let meta = self
            .file_metadata_with_commit(&url, timeout, &mut error_commit)
            .and_then(|m| {
                let commit = m.commit_hash.clone().filter(|c| is_commit_hash(c));
                match (commit, m.etag.clone()) {
                    (Some(commit), Some(etag)) => Ok(Remote {
                        commit,
                        etag,
                        size: m.size,
                        url: m.location.clone(),
                    }),
                    _ => Err(Error::Decode {
                        url: url.clone(),
                        message:
                            "no X-Repo-Commit or ETag: the resource does not seem to be on the Hub"
                                .into(),
                    }),
                }
            });
        let remote = match meta {
            Ok(r) => r,
            Err(e) if e.kind() == ErrorKind::EntryNotFound => {
                if let Some(commit) = error_commit.filter(|c| is_commit_hash(c)) {
                    repo.mark_no_exist(&commit, &rel);
                    let _ = repo.write_ref(revision, &commit);
                }
                return Err(e);
            }
            Err(e) if falls_back(&e) => {
                if o.force_download {
                    return Err(e);
                }
                return lookup(&repo).ok_or_else(|| nothing_cached(e, what));
            }
            Err(e) => return Err(e),
        };
        // As Python ≥1.25: when the file is already in place the ref update is
        // best-effort, so a read-only cache still serves what it holds.
        if let Err(e) = repo.write_ref(revision, &remote.commit) {
            let in_place = !o.force_download
                && repo
                    .pointer(&remote.commit, &rel)
                    .is_ok_and(|p| pointer_ok(&p));
            if !in_place {
                return Err(e);
            }
        }
        let task = FileTask {
            repo: &repo,
            path_in_repo: &path_in_repo,
            rel: &rel,
            remote,
            force: o.force_download,
            leftovers: None,
        };
        hooks.run(1, None, |reporter| {
            task.materialize(self, &cancel, &reporter, 0)
        })
    }

    /// Where a file of the cache is, without any request (Python's
    /// `try_to_load_from_cache`): the snapshot file, [`CachedFile::NoExist`] when
    /// a `.no_exist` marker records that the Hub does not have it, or
    /// [`CachedFile::NotCached`].
    pub fn try_to_load_from_cache(
        &self,
        repo_id: &str,
        filename: &str,
        options: &TryToLoadFromCacheOptions,
    ) -> Result<CachedFile> {
        validate_repo_id(repo_id)?;
        let rel = safe_relative_path(filename)?;
        let revision = options.revision.as_deref().unwrap_or(DEFAULT_REVISION);
        validate_revision(revision)?;
        let repo = RepoCache::new(
            &self.cache_root(options.cache_dir.as_deref()),
            options.repo_type.unwrap_or_default(),
            repo_id,
        );
        if !repo.dir.is_dir() {
            return Ok(CachedFile::NotCached);
        }
        let Some(commit) = repo.resolve_commit(revision) else {
            return Ok(CachedFile::NotCached);
        };
        if repo.no_exist(&commit, &rel)?.is_file() {
            return Ok(CachedFile::NoExist);
        }
        let pointer = repo.pointer(&commit, &rel)?;
        Ok(if pointer_ok(&pointer) {
            CachedFile::Path(pointer)
        } else {
            CachedFile::NotCached
        })
    }

    /// Everything in the cache: repositories, revisions, refs, files, sizes and
    /// warnings (Python's `scan_cache_dir`). No request. Plan deletions with
    /// [`HFCacheInfo::delete_revisions`](crate::HFCacheInfo::delete_revisions).
    pub fn scan_cache_dir(&self, options: &ScanCacheDirOptions) -> Result<crate::HFCacheInfo> {
        crate::cache::scan::scan_cache_dir(&self.cache_root(options.cache_dir.as_deref()))
    }

    /// Deletes cached revisions (commit hashes): Python's
    /// `scan_cache_dir().delete_revisions(*revisions).execute()`. Returns the plan
    /// (what was, or with `dry_run` would be, deleted). No request.
    pub fn delete_revisions<S: AsRef<str>>(
        &self,
        revisions: &[S],
        options: &DeleteRevisionsOptions,
    ) -> Result<crate::DeleteCacheStrategy> {
        let info = self.scan_cache_dir(&ScanCacheDirOptions {
            cache_dir: options.cache_dir.clone(),
        })?;
        let plan = info.delete_revisions(revisions);
        if !options.dry_run {
            plan.execute();
        }
        Ok(plan)
    }

    /// Downloads every file of a revision (filtered by `allow_patterns` /
    /// `ignore_patterns`) and returns `snapshots/<commit>` (or `local_dir`).
    ///
    /// Requests: `GET /api/{T}/{repo_id}/revision/{revision}?blobs=True` (or, for a
    /// commit revision, `GET /api/{T}/{repo_id}/tree/{commit}?recursive=True`),
    /// then one `GET {endpoint}/{prefix}{repo_id}/resolve/{commit}/{path}` per
    /// file not cached yet, on at most `max_workers` threads. Offline, the cached
    /// snapshot is returned without any request; it must hold every file of the
    /// listing recorded in `trees/<commit>.json` when there is one.
    pub fn snapshot_download(
        &self,
        repo_id: &str,
        options: &SnapshotDownloadOptions,
    ) -> Result<PathBuf> {
        self.snapshot_download_with(repo_id, options, &mut Hooks::new())
    }

    /// [`Client::snapshot_download`] with a progress sink and a cancel token.
    pub fn snapshot_download_with(
        &self,
        repo_id: &str,
        options: &SnapshotDownloadOptions,
        hooks: &mut Hooks<'_>,
    ) -> Result<PathBuf> {
        let o = options;
        validate_repo_id(repo_id)?;
        check_compat(false, &o.proxies)?;
        let revision = o.revision.as_deref().unwrap_or(DEFAULT_REVISION);
        validate_revision(revision)?;
        let repo_type = o.repo_type.unwrap_or_default();
        let root = self.cache_root(o.cache_dir.as_deref());
        let repo = RepoCache::new(&root, repo_type, repo_id);
        let local_dir = o.local_dir.as_deref().map(expand_user);
        let offline = self.is_offline() || o.local_files_only;
        let cancel = hooks.cancel_token().clone();
        let what = format!("snapshot of {repo_type} {repo_id:?} at revision {revision:?}");
        let allow = o.allow_patterns.as_deref();
        let ignore = o.ignore_patterns.as_deref();

        let cached =
            |e: Option<Error>| -> Result<PathBuf> {
                if let Some(dir) = local_dir.as_ref().filter(|d| dir_not_empty(d)) {
                    return Ok(dir.clone());
                }
                let found = repo.resolve_commit(revision).and_then(|commit| {
                    let dir = repo.snapshot_dir(&commit).ok()?;
                    dir.is_dir().then_some((commit, dir))
                });
                match (found, e) {
                    (Some((commit, dir)), _) => {
                        check_complete(&repo, &commit, &dir, allow, ignore)?;
                        Ok(dir)
                    }
                    (None, Some(e)) => Err(nothing_cached(e, what.clone())),
                    (None, None) => {
                        Err(Error::LocalEntryNotFound(format!(
                    "{what} is not in the cache at {} and outgoing traffic is disabled ({})",
                    repo.dir.display(),
                    if self.is_offline() { "HF_HUB_OFFLINE" } else { "local_files_only" }
                )))
                    }
                }
            };
        if offline {
            return cached(None);
        }
        // A commit whose listing and wanted files are all cached: no request.
        if is_commit_hash(revision) && !o.force_download && local_dir.is_none() {
            let dir = repo.snapshot_dir(revision)?;
            if read_tree_cache(&repo.dir, revision).is_some()
                && check_complete(&repo, revision, &dir, allow, ignore).is_ok()
            {
                return Ok(dir);
            }
        }
        cancel.check()?;
        let listing = match self.snapshot_listing(
            repo_id,
            repo_type,
            revision,
            self.inner.download.etag_timeout_override.or(o.etag_timeout),
        ) {
            Ok(l) => l,
            Err(e) if falls_back(&e) && !o.force_download => return cached(Some(e)),
            Err(e) => return Err(e),
        };
        let commit = listing.commit.clone();
        // Python ≥0.28 ignores failures to write the ref here.
        let _ = repo.write_ref(revision, &commit);
        if local_dir.is_none() {
            write_tree_cache(&repo.dir, &commit, &listing.files);
        }
        let wanted = filter_paths(listing.files.keys().map(String::as_str), allow, ignore);
        // Every name from the server is checked before anything touches the disk.
        let mut jobs = Vec::with_capacity(wanted.len());
        for path in &wanted {
            let rel = safe_relative_path(path)?;
            let entry = &listing.files[path];
            jobs.push((path.clone(), rel, entry.clone()));
        }
        let snapshot = repo.snapshot_dir(&commit)?;
        let force = o.force_download;
        // Files already in place cost nothing.
        let todo: Vec<_> = match &local_dir {
            None => jobs
                .into_iter()
                .filter(|(_, rel, _)| force || !pointer_ok(&snapshot.join(rel)))
                .collect(),
            Some(_) => jobs,
        };
        let total: u64 = todo.iter().map(|(_, _, e)| e.size).sum();
        let workers = o.max_workers.unwrap_or(8).max(1).min(todo.len().max(1));
        let timeout = self.etag_timeout(o.etag_timeout);
        let count = todo.len();
        let resolve_opts = FileUrlOptions {
            subfolder: None,
            repo_type: Some(repo_type),
            revision: Some(commit.clone()),
        };
        let mut urls = Vec::with_capacity(count);
        for (path, _, _) in &todo {
            urls.push(self.hf_hub_url(repo_id, path, &resolve_opts)?);
        }
        if count > 0 {
            if let Some(dir) = &local_dir {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            let leftovers = match &local_dir {
                None => TempFile::leftover_prefixes(&repo.blobs_dir()),
                Some(_) => Default::default(),
            };
            hooks.run(count, Some(total), |reporter| {
                let next = AtomicUsize::new(0);
                let first_error: Mutex<Option<Error>> = Mutex::new(None);
                let stop = cancel.child();
                std::thread::scope(|s| {
                    for _ in 0..workers {
                        s.spawn(|| loop {
                            if stop.is_cancelled() {
                                return;
                            }
                            let i = next.fetch_add(1, Ordering::SeqCst);
                            let Some((path, rel, entry)) = todo.get(i) else {
                                return;
                            };
                            let remote = Remote {
                                commit: commit.clone(),
                                etag: entry.etag().to_owned(),
                                size: Some(entry.size),
                                url: urls[i].clone(),
                            };
                            let res = match &local_dir {
                                None => FileTask {
                                    repo: &repo,
                                    path_in_repo: path,
                                    rel,
                                    remote,
                                    force,
                                    leftovers: Some(&leftovers),
                                }
                                .materialize(self, &stop, &reporter, i),
                                Some(dir) => LocalDirJob {
                                    client: self,
                                    repo_id,
                                    repo_type,
                                    revision: &commit,
                                    local_dir: dir,
                                    path_in_repo: path,
                                    rel,
                                    force,
                                    offline: false,
                                    timeout,
                                    cache_root: root.clone(),
                                }
                                .run(
                                    Some(remote),
                                    &stop,
                                    &reporter,
                                    i,
                                ),
                            };
                            if let Err(e) = res {
                                if let Ok(mut slot) = first_error.lock() {
                                    if slot.is_none() || matches!(*slot, Some(Error::Cancelled)) {
                                        *slot = Some(e);
                                    }
                                }
                                stop.cancel();
                                return;
                            }
                        });
                    }
                });
                cancel.check()?;
                match first_error.into_inner().ok().flatten() {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            })?;
        }
        Ok(match local_dir {
            Some(dir) => fs::canonicalize(&dir).unwrap_or(dir),
            None => snapshot,
        })
    }

    /// The commit and files of a revision, in one request when possible.
    fn snapshot_listing(
        &self,
        repo_id: &str,
        repo_type: RepoType,
        revision: &str,
        timeout: Option<Duration>,
    ) -> Result<Listing> {
        let (commit, siblings) = if is_commit_hash(revision) {
            (revision.to_owned(), None)
        } else {
            let info = self.repo_info(
                repo_id,
                &RepoInfoOptions {
                    revision: Some(revision.to_owned()),
                    repo_type: Some(repo_type),
                    timeout,
                    files_metadata: true,
                    ..Default::default()
                },
            )?;
            let commit = info
                .sha()
                .filter(|c| is_commit_hash(c))
                .ok_or_else(|| Error::Decode {
                    url: format!("{repo_type} {repo_id} at {revision}"),
                    message: "repository info without a commit sha".into(),
                })?
                .to_owned();
            (commit, info.siblings().map(<[_]>::to_vec))
        };
        let mut files = BTreeMap::new();
        let complete = siblings.as_ref().is_some_and(|s| {
            !s.is_empty() && s.iter().all(|f| f.size.is_some() && f.blob_id.is_some())
        });
        if complete {
            for f in siblings.unwrap_or_default() {
                let (Some(size), Some(blob_id)) = (f.size, f.blob_id) else {
                    continue;
                };
                files.insert(
                    f.rfilename,
                    TreeFile {
                        size: f.lfs.as_ref().map_or(size, |l| l.size),
                        blob_id,
                        lfs_sha256: f.lfs.as_ref().map(|l| l.sha256.clone()),
                        lfs_size: f.lfs.as_ref().map(|l| l.size),
                    },
                );
            }
        } else {
            let pager = self.list_repo_tree(
                repo_id,
                &ListRepoTreeOptions {
                    recursive: true,
                    revision: Some(commit.clone()),
                    repo_type: Some(repo_type),
                    ..Default::default()
                },
            );
            for entry in pager {
                if let RepoTreeEntry::File(f) = entry? {
                    files.insert(
                        f.path,
                        TreeFile {
                            size: f.lfs.as_ref().map_or(f.size, |l| l.size),
                            blob_id: f.blob_id,
                            lfs_sha256: f.lfs.as_ref().map(|l| l.sha256.clone()),
                            lfs_size: f.lfs.as_ref().map(|l| l.size),
                        },
                    );
                }
            }
        }
        Ok(Listing { commit, files })
    }
}

fn dir_not_empty(d: &Path) -> bool {
    fs::read_dir(d).is_ok_and(|mut r| r.next().is_some())
}

/// One file of a listing, as Python ≥1.22's tree cache stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TreeFile {
    size: u64,
    blob_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lfs_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lfs_size: Option<u64>,
}

impl TreeFile {
    /// The blob name: the sha256 of LFS files, the git blob id otherwise.
    fn etag(&self) -> &str {
        self.lfs_sha256.as_deref().unwrap_or(&self.blob_id)
    }
}

struct Listing {
    commit: String,
    files: BTreeMap<String, TreeFile>,
}

#[derive(Serialize, Deserialize)]
struct TreeCacheDoc {
    format_version: u32,
    files: BTreeMap<String, TreeFile>,
}

/// `<repo>/trees/<commit>.json`, the listing cache of Python ≥1.22 (same format:
/// `indent=1`, sorted paths). Failures are ignored, as in Python.
fn write_tree_cache(repo_dir: &Path, commit: &str, files: &BTreeMap<String, TreeFile>) {
    let path = repo_dir.join("trees").join(format!("{commit}.json"));
    if path.is_file() {
        return;
    }
    let doc = TreeCacheDoc {
        format_version: 1,
        files: files.clone(),
    };
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    if doc.serialize(&mut ser).is_ok() {
        let _ = write_atomic(&path, &out);
    }
}

fn read_tree_cache(repo_dir: &Path, commit: &str) -> Option<BTreeMap<String, TreeFile>> {
    let path = repo_dir.join("trees").join(format!("{commit}.json"));
    let doc: TreeCacheDoc = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    (doc.format_version == 1).then_some(doc.files)
}

/// Offline: a snapshot whose listing is known must hold every wanted file.
fn check_complete(
    repo: &RepoCache,
    commit: &str,
    dir: &Path,
    allow: Option<&[String]>,
    ignore: Option<&[String]>,
) -> Result<()> {
    let Some(files) = read_tree_cache(&repo.dir, commit) else {
        return Ok(()); // unknown listing: returned as is, as Python 0.22 does
    };
    let wanted = filter_paths(files.keys().map(String::as_str), allow, ignore);
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|p| safe_relative_path(p).map_or(true, |rel| !pointer_ok(&dir.join(rel))))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::LocalEntryNotFound(format!(
            "the cached snapshot {} is incomplete: missing {} file(s), e.g. {:?}",
            dir.display(),
            missing.len(),
            missing[0]
        )))
    }
}

/// Puts one file in the cache: blob and snapshot pointer.
struct FileTask<'a> {
    repo: &'a RepoCache,
    path_in_repo: &'a str,
    rel: &'a Path,
    remote: Remote,
    force: bool,
    /// Prefixes of the leftover temp files of `blobs/` when the caller scanned
    /// it once for many files (see [`TempFile::leftover_prefixes`]); `None`
    /// scans for this file.
    leftovers: Option<&'a std::collections::HashSet<String>>,
}

impl FileTask<'_> {
    fn materialize(
        &self,
        client: &Client,
        cancel: &CancelToken,
        reporter: &Reporter,
        file_index: usize,
    ) -> Result<PathBuf> {
        let repo = self.repo;
        let r = &self.remote;
        let pointer = repo.pointer(&r.commit, self.rel)?;
        let blob = repo.blob(&r.etag)?;
        if !self.force && pointer_ok(&pointer) {
            return Ok(pointer);
        }
        let symlinks = client.use_symlinks(&repo.root);
        let _lock = lock(&repo.lock_path(&r.etag)?, cancel)?;
        if !self.force {
            if pointer_ok(&pointer) {
                return Ok(pointer);
            }
            if blob.is_file() {
                link_pointer(&blob, &pointer, false, symlinks)?;
                return Ok(pointer);
            }
        }
        let blobs = repo.blobs_dir();
        let adopted = if self.force || self.leftovers.is_some_and(|l| !l.contains(&r.etag)) {
            None
        } else {
            TempFile::adopt(&blobs, &r.etag)
        };
        let was_adopted = adopted.is_some();
        let mut temp = match adopted {
            Some(t) => t,
            None => TempFile::create(&blobs, &r.etag)?,
        };
        let expect = Expect::for_etag(&r.etag, r.size);
        Fetch {
            client,
            url: &r.url,
            cancel,
            reporter,
            file_index,
            path: self.path_in_repo,
        }
        .run(&mut temp, &expect, was_adopted)?;
        temp.persist(&blob, client.download_config().sync_files)?;
        link_pointer(&blob, &pointer, true, symlinks)?;
        Ok(pointer)
    }
}

/// `local_dir` downloads, Python's current layout (≥0.24; hub-transfer §5.14).
struct LocalDirJob<'a> {
    client: &'a Client,
    repo_id: &'a str,
    repo_type: RepoType,
    revision: &'a str,
    local_dir: &'a Path,
    path_in_repo: &'a str,
    rel: &'a Path,
    force: bool,
    offline: bool,
    timeout: Duration,
    cache_root: PathBuf,
}

/// `<local_dir>/.cache/huggingface/download/<path>.metadata` as Python reads it.
struct LocalMeta {
    commit: String,
    etag: String,
    timestamp: f64,
}

/// The three lines of a `.metadata` file: commit, etag, timestamp.
fn parse_meta(text: &str) -> Option<LocalMeta> {
    let mut lines = text.lines();
    let commit = lines.next()?.trim().to_owned();
    let etag = lines.next()?.trim().to_owned();
    let timestamp: f64 = lines.next()?.trim().parse().ok()?;
    Some(LocalMeta {
        commit,
        etag,
        timestamp,
    })
}

impl LocalDirJob<'_> {
    fn hf_dir(&self) -> PathBuf {
        self.local_dir.join(".cache").join("huggingface")
    }

    fn metadata_path(&self) -> PathBuf {
        crate::cache::sibling(&self.hf_dir().join("download").join(self.rel), ".metadata")
    }

    /// Creates `.cache/huggingface/` with its `.gitignore` (`*`) and `CACHEDIR.TAG`.
    fn prepare(&self) -> Result<()> {
        let dir = self.hf_dir();
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let gitignore = dir.join(".gitignore");
        if !gitignore.exists() {
            let _ = fs::write(&gitignore, "*");
        }
        let tag = dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            let _ = fs::write(&tag, CACHEDIR_TAG);
        }
        Ok(())
    }

    fn read_meta(&self, file: &Path) -> Option<LocalMeta> {
        let path = self.metadata_path();
        let text = fs::read_to_string(&path).ok()?;
        let parsed = parse_meta(&text);
        let Some(meta) = parsed else {
            let _ = fs::remove_file(&path); // unparsable: deleted, as Python does
            return None;
        };
        let mtime = fs::metadata(file)
            .ok()?
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs_f64();
        (mtime - 1.0 <= meta.timestamp).then_some(meta)
    }

    fn write_meta(&self, commit: &str, etag: &str) -> Result<()> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        let path = self.metadata_path();
        create_parent(&path)?;
        fs::write(&path, format!("{commit}\n{etag}\n{now}\n")).map_err(|e| Error::io(&path, e))
    }

    fn run(
        &self,
        known: Option<Remote>,
        cancel: &CancelToken,
        reporter: &Reporter,
        file_index: usize,
    ) -> Result<PathBuf> {
        let file = self.local_dir.join(self.rel);
        self.prepare()?;
        create_parent(&file)?;
        let lock_path = self.metadata_path().with_extension("lock");
        // 1. A commit revision whose file is here, recorded at that commit.
        if is_commit_hash(self.revision) && !self.force && file.is_file() {
            if let Some(m) = self.read_meta(&file) {
                if m.commit == self.revision && known.as_ref().is_none_or(|k| k.etag == m.etag) {
                    return Ok(file);
                }
            }
        }
        // 2. Metadata: from the listing, or a HEAD.
        let remote = match known {
            Some(r) => r,
            None => {
                let fetched = if self.offline {
                    Err(Error::OfflineMode(
                        "local_files_only / HF_HUB_OFFLINE".into(),
                    ))
                } else {
                    self.head()
                };
                match fetched {
                    Ok(r) => r,
                    Err(e) if falls_back(&e) || self.offline => {
                        if !self.force && file.is_file() {
                            return Ok(file);
                        }
                        if self.force {
                            return Err(e);
                        }
                        return Err(nothing_cached(
                            e,
                            format!("file {:?} of {:?}", self.path_in_repo, self.repo_id),
                        ));
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        let _lock = lock(&lock_path, cancel)?;
        if !self.force && file.is_file() {
            // 3. Same etag as recorded.
            if let Some(m) = self.read_meta(&file) {
                if m.etag == remote.etag {
                    self.write_meta(&remote.commit, &remote.etag)?;
                    return Ok(file);
                }
            } else if is_sha256(&remote.etag) && sha256_file(&file)? == remote.etag {
                // 4. No metadata, but the content is the LFS file.
                self.write_meta(&remote.commit, &remote.etag)?;
                return Ok(file);
            }
        }
        // 5. In the cache already: copy it.
        let repo = RepoCache::new(&self.cache_root, self.repo_type, self.repo_id);
        if !self.force {
            if let Ok(cached) = repo.pointer(&remote.commit, self.rel) {
                if pointer_ok(&cached) {
                    let tmp = crate::cache::sibling(
                        &file,
                        &format!(".{}.tmp", crate::cache::random_token()),
                    );
                    fs::copy(&cached, &tmp)
                        .and_then(|_| fs::rename(&tmp, &file))
                        .map_err(|e| {
                            let _ = fs::remove_file(&tmp);
                            Error::io(&file, e)
                        })?;
                    self.write_meta(&remote.commit, &remote.etag)?;
                    return Ok(file);
                }
            }
        }
        // 6. Download next to the metadata, then move into place.
        let meta_path = self.metadata_path();
        let temp_dir = meta_path.parent().unwrap_or(self.local_dir).to_owned();
        let meta_name = meta_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!("{}.{}", short_hash(&meta_name), remote.etag);
        crate::cache::safe_component(&remote.etag, "etag")?;
        let adopted = if self.force {
            None
        } else {
            TempFile::adopt(&temp_dir, &prefix)
        };
        let was_adopted = adopted.is_some();
        let mut temp = match adopted {
            Some(t) => t,
            None => TempFile::create(&temp_dir, &prefix)?,
        };
        let expect = Expect::for_etag(&remote.etag, remote.size);
        Fetch {
            client: self.client,
            url: &remote.url,
            cancel,
            reporter,
            file_index,
            path: self.path_in_repo,
        }
        .run(&mut temp, &expect, was_adopted)?;
        temp.persist(&file, self.client.download_config().sync_files)?;
        self.write_meta(&remote.commit, &remote.etag)?;
        Ok(file)
    }

    fn head(&self) -> Result<Remote> {
        let url = self.client.hf_hub_url(
            self.repo_id,
            self.path_in_repo,
            &FileUrlOptions {
                subfolder: None,
                repo_type: Some(self.repo_type),
                revision: Some(self.revision.to_owned()),
            },
        )?;
        let m = self
            .client
            .file_metadata_with_commit(&url, self.timeout, &mut None)?;
        match (m.commit_hash.filter(|c| is_commit_hash(c)), m.etag) {
            (Some(commit), Some(etag)) => Ok(Remote {
                commit,
                etag,
                size: m.size,
                url: m.location,
            }),
            _ => Err(Error::Decode {
                url,
                message: "no X-Repo-Commit or ETag: the resource does not seem to be on the Hub"
                    .into(),
            }),
        }
    }
}

/// The `CACHEDIR.TAG` Python ≥1.9 writes in `<local_dir>/.cache/huggingface/`.
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by huggingface_hub.\n\
# For information about cache directory tags, see:\n\
#\thttps://bford.info/cachedir/\n";

/// Python's `_short_hash`: URL-safe base64 (padded) of the sha1 of a name.
fn short_hash(name: &str) -> String {
    use sha1::{Digest, Sha1};
    let digest = Sha1::digest(name.as_bytes());
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hash_like_python() {
        // base64.urlsafe_b64encode(hashlib.sha1(b"config.json.metadata").digest())
        assert_eq!(
            short_hash("config.json.metadata"),
            "8_PA_wEVGiVa2goH2H4KQOQpvVY="
        );
    }

    #[test]
    fn options_from_python_kwargs() {
        let o: HfHubDownloadOptions = serde_json::from_value(serde_json::json!({
            "subfolder": "onnx", "repo_type": "dataset", "revision": "v1", "cache_dir": "/c",
            "local_dir": null, "force_download": true, "etag_timeout": 3.5, "local_files_only": false,
            "resume_download": true, "local_dir_use_symlinks": "auto", "force_filename": null,
            "legacy_cache_layout": false, "proxies": null
        }))
        .unwrap();
        assert_eq!(o.etag_timeout, Some(Duration::from_millis(3500)));
        assert_eq!(
            o.local_dir_use_symlinks,
            Some(LocalDirUseSymlinks::Auto("auto".into()))
        );
        assert!(
            serde_json::from_value::<HfHubDownloadOptions>(serde_json::json!({"bogus": 1}))
                .is_err()
        );
        let s: SnapshotDownloadOptions = serde_json::from_value(serde_json::json!({
            "allow_patterns": "*.json", "ignore_patterns": null, "max_workers": 2
        }))
        .unwrap();
        assert_eq!(s.allow_patterns, Some(vec!["*.json".to_owned()]));
        assert_eq!(s.ignore_patterns, None);
        let s: SnapshotDownloadOptions =
            serde_json::from_value(serde_json::json!({"allow_patterns": []})).unwrap();
        assert_eq!(s.allow_patterns, Some(vec![]));
    }

    #[test]
    fn cached_file_json() {
        assert_eq!(
            serde_json::to_value(CachedFile::NotCached).unwrap(),
            serde_json::Value::Null
        );
        assert_eq!(
            serde_json::to_value(CachedFile::NoExist).unwrap(),
            serde_json::json!({"_CACHED_NO_EXIST": true})
        );
    }

    #[test]
    fn tree_cache_format() {
        let dir = std::env::temp_dir().join(format!("hfhub-tree-{}", fastrand::u64(..)));
        let mut files = BTreeMap::new();
        files.insert(
            "b.bin".to_owned(),
            TreeFile {
                size: 3,
                blob_id: "x".into(),
                lfs_sha256: Some("s".into()),
                lfs_size: Some(3),
            },
        );
        files.insert(
            "a.txt".to_owned(),
            TreeFile {
                size: 1,
                blob_id: "y".into(),
                lfs_sha256: None,
                lfs_size: None,
            },
        );
        let c = "c".repeat(40);
        write_tree_cache(&dir, &c, &files);
        let text = fs::read_to_string(dir.join("trees").join(format!("{c}.json"))).unwrap();
        assert!(
            text.starts_with("{\n \"format_version\": 1,\n \"files\": {\n  \"a.txt\": {"),
            "{text}"
        );
        assert_eq!(read_tree_cache(&dir, &c).unwrap(), files);
        fs::remove_dir_all(&dir).unwrap();
    }
}
