//! `scan_cache_dir` and `delete_revisions`: Python's `HFCacheInfo` data model
//! and `DeleteCacheStrategy` (hub-transfer §6.2, §6.3).
//!
//! A scan never fails on a damaged repository: the problem becomes one of the
//! `warnings` (Python's `CorruptedCacheException`) and the scan goes on.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::repo::RepoType;

/// Names ignored at the cache root and inside `snapshots/` and `refs/`.
const JUNK: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];

/// Everything in a cache folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HFCacheInfo {
    /// Sum of the repositories' sizes.
    pub size_on_disk: u64,
    /// The repositories, sorted by type then id.
    pub repos: Vec<CachedRepoInfo>,
    /// Problems found (Python's `CorruptedCacheException` messages).
    pub warnings: Vec<String>,
    /// Leftover `*.incomplete` files in `blobs/` (Python ≥1.22).
    pub incomplete_files: Vec<CachedIncompleteFileInfo>,
}

/// One cached repository.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CachedRepoInfo {
    /// `org/name`.
    pub repo_id: String,
    /// `model`, `dataset` or `space`.
    pub repo_type: RepoType,
    /// Its folder.
    pub repo_path: PathBuf,
    /// Size of its distinct blobs.
    pub size_on_disk: u64,
    /// Number of distinct blobs.
    pub nb_files: usize,
    /// Its revisions (snapshots), sorted by commit.
    pub revisions: Vec<CachedRevisionInfo>,
    /// Latest access time of its blobs (Unix seconds).
    pub last_accessed: f64,
    /// Latest modification time of its blobs (Unix seconds).
    pub last_modified: f64,
    /// Ref name → commit.
    pub refs: BTreeMap<String, String>,
}

/// One revision (snapshot folder) of a repository.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CachedRevisionInfo {
    /// The snapshot folder's name.
    pub commit_hash: String,
    /// The snapshot folder.
    pub snapshot_path: PathBuf,
    /// Size of its distinct blobs.
    pub size_on_disk: u64,
    /// Its files, sorted by path.
    pub files: Vec<CachedFileInfo>,
    /// Ref names pointing to it (empty: detached).
    pub refs: BTreeSet<String>,
    /// Latest modification time of its blobs (or of the folder when empty).
    pub last_modified: f64,
    /// Number of files.
    pub nb_files: usize,
}

/// One file of a revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CachedFileInfo {
    /// Base name.
    pub file_name: String,
    /// Path in the snapshot.
    pub file_path: PathBuf,
    /// The resolved blob (the file itself where symlinks are not used).
    pub blob_path: PathBuf,
    /// Blob size.
    pub size_on_disk: u64,
    /// Blob access time (Unix seconds).
    pub blob_last_accessed: f64,
    /// Blob modification time (Unix seconds).
    pub blob_last_modified: f64,
}

/// A leftover partial download.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CachedIncompleteFileInfo {
    /// The `.incomplete` file.
    pub file_path: PathBuf,
    /// Its size.
    pub size_on_disk: u64,
}

/// What [`HFCacheInfo::delete_revisions`] would delete; nothing is touched until
/// [`DeleteCacheStrategy::execute`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeleteCacheStrategy {
    /// Bytes freed by executing it.
    pub expected_freed_size: u64,
    /// Blobs no remaining revision uses.
    pub blobs: BTreeSet<PathBuf>,
    /// Ref files of the deleted revisions.
    pub refs: BTreeSet<PathBuf>,
    /// Whole repositories (every revision selected).
    pub repos: BTreeSet<PathBuf>,
    /// Snapshot folders.
    pub snapshots: BTreeSet<PathBuf>,
    /// Hashes that matched no revision.
    pub warnings: Vec<String>,
}

fn secs(t: std::io::Result<SystemTime>) -> f64 {
    t.ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Scans a cache folder (Python's `scan_cache_dir`). A missing folder is an
/// [`Error::LocalEntryNotFound`] (Python's `CacheNotFound`); a file is invalid input.
pub fn scan_cache_dir(cache_dir: &Path) -> Result<HFCacheInfo> {
    if !cache_dir.exists() {
        return Err(Error::LocalEntryNotFound(format!(
            "cache directory not found: {}",
            cache_dir.display()
        )));
    }
    if !cache_dir.is_dir() {
        return Err(Error::invalid(format!(
            "scan_cache_dir expects a directory but found a file: {}",
            cache_dir.display()
        )));
    }
    let mut repos = Vec::new();
    let mut warnings = Vec::new();
    let mut incomplete_files = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(cache_dir)
        .map_err(|e| Error::io(cache_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == ".locks" || name == "CACHEDIR.TAG" || JUNK.contains(&name.as_str()) {
            continue;
        }
        match scan_repo(&path) {
            Ok(r) => repos.push(r),
            Err(w) => warnings.push(w),
        }
        if let Ok(blobs) = fs::read_dir(path.join("blobs")) {
            for b in blobs.flatten() {
                if b.file_name().to_string_lossy().ends_with(".incomplete") {
                    incomplete_files.push(CachedIncompleteFileInfo {
                        file_path: b.path(),
                        size_on_disk: b.metadata().map(|m| m.len()).unwrap_or(0),
                    });
                }
            }
        }
    }
    repos.sort_by(|a, b| {
        (a.repo_type.as_str(), &a.repo_id).cmp(&(b.repo_type.as_str(), &b.repo_id))
    });
    Ok(HFCacheInfo {
        size_on_disk: repos.iter().map(|r| r.size_on_disk).sum(),
        repos,
        warnings,
        incomplete_files,
    })
}

fn corrupted(msg: String) -> String {
    msg
}

fn scan_repo(repo_path: &Path) -> std::result::Result<CachedRepoInfo, String> {
    if !repo_path.is_dir() {
        return Err(corrupted(format!(
            "Repo path is not a directory: {}",
            repo_path.display()
        )));
    }
    let name = repo_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some((type_plural, rest)) = name.split_once("--") else {
        return Err(corrupted(format!(
            "Repo path is not a valid HuggingFace cache directory: {}",
            repo_path.display()
        )));
    };
    let repo_type = match type_plural.strip_suffix('s').unwrap_or(type_plural) {
        "model" => RepoType::Model,
        "dataset" => RepoType::Dataset,
        "space" => RepoType::Space,
        _ => {
            return Err(corrupted(format!(
                "Repo type must be `dataset`, `model` or `space`, found `{type_plural}` ({}).",
                repo_path.display()
            )))
        }
    };
    let repo_id = rest.replace("--", "/");
    let snapshots_path = repo_path.join("snapshots");
    let refs_path = repo_path.join("refs");
    if !snapshots_path.is_dir() {
        return Err(corrupted(format!(
            "Snapshots dir doesn't exist in cached repo: {}",
            snapshots_path.display()
        )));
    }
    // Refs: every file under refs/, read raw (as Python does).
    let mut refs_by_hash: HashMap<String, BTreeSet<String>> = HashMap::new();
    if refs_path.exists() {
        if refs_path.is_file() {
            return Err(corrupted(format!(
                "Refs directory cannot be a file: {}",
                refs_path.display()
            )));
        }
        let mut stack = vec![refs_path.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                let fname = e.file_name().to_string_lossy().into_owned();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if JUNK.contains(&fname.as_str()) {
                    continue;
                }
                let ref_name = p
                    .strip_prefix(&refs_path)
                    .map(|r| {
                        r.components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .unwrap_or_default();
                let commit = fs::read_to_string(&p).unwrap_or_default();
                refs_by_hash.entry(commit).or_default().insert(ref_name);
            }
        }
    }
    let mut blob_stats: HashMap<PathBuf, fs::Metadata> = HashMap::new();
    let mut revisions = Vec::new();
    let mut snaps: Vec<PathBuf> = fs::read_dir(&snapshots_path)
        .map_err(|e| format!("{}: {e}", snapshots_path.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    snaps.sort();
    for rev_path in snaps {
        let rev_name = rev_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if JUNK.contains(&rev_name.as_str()) {
            continue;
        }
        if rev_path.is_file() {
            return Err(corrupted(format!(
                "Snapshots folder corrupted. Found a file: {}",
                rev_path.display()
            )));
        }
        let mut files = Vec::new();
        let mut stack = vec![rev_path.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let Ok(blob_path) = fs::canonicalize(&p) else {
                    return Err(corrupted(format!(
                        "Blob missing (broken symlink): {}",
                        p.display()
                    )));
                };
                let meta = match blob_stats.get(&blob_path) {
                    Some(m) => m.clone(),
                    None => {
                        let m = fs::metadata(&blob_path).map_err(|_| {
                            corrupted(format!("Blob missing (broken symlink): {}", p.display()))
                        })?;
                        blob_stats.insert(blob_path.clone(), m.clone());
                        m
                    }
                };
                files.push(CachedFileInfo {
                    file_name: e.file_name().to_string_lossy().into_owned(),
                    file_path: p,
                    blob_path,
                    size_on_disk: meta.len(),
                    blob_last_accessed: secs(meta.accessed()),
                    blob_last_modified: secs(meta.modified()),
                });
            }
        }
        files.sort_by(|a, b| a.file_path.cmp(&b.file_path));
        let distinct: BTreeMap<&PathBuf, u64> = files
            .iter()
            .map(|f| (&f.blob_path, f.size_on_disk))
            .collect();
        let last_modified = if files.is_empty() {
            secs(fs::metadata(&rev_path).and_then(|m| m.modified()))
        } else {
            files
                .iter()
                .map(|f| f.blob_last_modified)
                .fold(0.0, f64::max)
        };
        revisions.push(CachedRevisionInfo {
            refs: refs_by_hash.remove(&rev_name).unwrap_or_default(),
            commit_hash: rev_name,
            snapshot_path: rev_path,
            size_on_disk: distinct.values().sum(),
            nb_files: files.len(),
            files,
            last_modified,
        });
    }
    if !refs_by_hash.is_empty() {
        let mut missing: Vec<_> = refs_by_hash.keys().cloned().collect();
        missing.sort();
        return Err(corrupted(format!(
            "Reference(s) refer to missing commit hashes: {missing:?} ({}).",
            repo_path.display()
        )));
    }
    let (last_accessed, last_modified) = if blob_stats.is_empty() {
        let m = fs::metadata(repo_path).ok();
        (
            m.as_ref().map_or(0.0, |m| secs(m.accessed())),
            m.as_ref().map_or(0.0, |m| secs(m.modified())),
        )
    } else {
        (
            blob_stats
                .values()
                .map(|m| secs(m.accessed()))
                .fold(0.0, f64::max),
            blob_stats
                .values()
                .map(|m| secs(m.modified()))
                .fold(0.0, f64::max),
        )
    };
    let mut refs = BTreeMap::new();
    for r in &revisions {
        for name in &r.refs {
            refs.insert(name.clone(), r.commit_hash.clone());
        }
    }
    Ok(CachedRepoInfo {
        repo_id,
        repo_type,
        repo_path: repo_path.to_owned(),
        size_on_disk: blob_stats.values().map(|m| m.len()).sum(),
        nb_files: blob_stats.len(),
        revisions,
        last_accessed,
        last_modified,
        refs,
    })
}

impl HFCacheInfo {
    /// The plan to delete these revisions (commit hashes), as Python's
    /// `HFCacheInfo.delete_revisions`: a repository whose every revision is
    /// selected goes whole; otherwise the snapshots, their refs and the blobs no
    /// remaining revision uses. Unknown hashes only produce warnings.
    pub fn delete_revisions<S: AsRef<str>>(&self, revisions: &[S]) -> DeleteCacheStrategy {
        let wanted: BTreeSet<&str> = revisions.iter().map(AsRef::as_ref).collect();
        let mut found = BTreeSet::new();
        let mut s = DeleteCacheStrategy::default();
        for repo in &self.repos {
            let selected: Vec<&CachedRevisionInfo> = repo
                .revisions
                .iter()
                .filter(|r| wanted.contains(r.commit_hash.as_str()))
                .collect();
            if selected.is_empty() {
                continue;
            }
            for r in &selected {
                found.insert(r.commit_hash.as_str());
            }
            if selected.len() == repo.revisions.len() {
                s.repos.insert(repo.repo_path.clone());
                s.expected_freed_size += repo.size_on_disk;
                continue;
            }
            let kept: BTreeSet<&PathBuf> = repo
                .revisions
                .iter()
                .filter(|r| !wanted.contains(r.commit_hash.as_str()))
                .flat_map(|r| r.files.iter().map(|f| &f.blob_path))
                .collect();
            for r in selected {
                s.snapshots.insert(r.snapshot_path.clone());
                for name in &r.refs {
                    s.refs.insert(repo.repo_path.join("refs").join(name));
                }
                for f in &r.files {
                    if !kept.contains(&f.blob_path) {
                        let inside_snapshot = f.blob_path.starts_with(&r.snapshot_path);
                        let new = if inside_snapshot {
                            true
                        } else {
                            s.blobs.insert(f.blob_path.clone())
                        };
                        if new {
                            s.expected_freed_size += f.size_on_disk;
                        }
                    }
                }
            }
        }
        for h in wanted.difference(&found) {
            s.warnings.push(format!(
                "Revision {h} not found in the cache: cannot delete it."
            ));
        }
        s
    }
}

impl DeleteCacheStrategy {
    /// Deletes, in the order repos → snapshots → refs → blobs (so no ref or
    /// symlink points to a missing target mid-way). Missing paths and
    /// permission errors are skipped; the paths that could not be deleted are
    /// returned.
    pub fn execute(&self) -> Vec<PathBuf> {
        let mut failed = Vec::new();
        for p in self
            .repos
            .iter()
            .chain(&self.snapshots)
            .chain(&self.refs)
            .chain(&self.blobs)
        {
            let res = match fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => fs::remove_dir_all(p),
                Ok(_) => fs::remove_file(p),
                Err(_) => continue,
            };
            if res.is_err() {
                failed.push(p.clone());
            }
        }
        failed
    }
}

/// Python's `_format_size`: decimal units, one decimal (`1.2K`, `3.4M`).
pub fn format_size(num: u64) -> String {
    let mut n = num as f64;
    for unit in ["", "K", "M", "G", "T", "P", "E", "Z"] {
        if n.abs() < 1000.0 {
            return format!("{n:.1}{unit}");
        }
        n /= 1000.0;
    }
    format!("{n:.1}Y")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_python() {
        assert_eq!(format_size(0), "0.0");
        assert_eq!(format_size(1234), "1.2K");
        assert_eq!(format_size(3_145_728), "3.1M");
    }

    #[cfg(unix)]
    #[test]
    fn scan_and_delete() {
        let root = std::env::temp_dir().join(format!("hfhub-scan-{}", fastrand::u64(..)));
        let repo = root.join("models--a--b");
        let c1 = "1".repeat(40);
        let c2 = "2".repeat(40);
        fs::create_dir_all(repo.join("blobs")).unwrap();
        fs::write(repo.join("blobs/x"), b"xxxx").unwrap();
        fs::write(repo.join("blobs/y"), b"yy").unwrap();
        fs::write(repo.join("blobs/z.abcd1234.incomplete"), b"z").unwrap();
        for (c, blobs) in [(&c1, vec!["x", "y"]), (&c2, vec!["x"])] {
            let d = repo.join("snapshots").join(c);
            fs::create_dir_all(&d).unwrap();
            for b in blobs {
                std::os::unix::fs::symlink(format!("../../blobs/{b}"), d.join(format!("{b}.txt")))
                    .unwrap();
            }
        }
        fs::create_dir_all(repo.join("refs")).unwrap();
        fs::write(repo.join("refs/main"), &c2).unwrap();
        fs::create_dir_all(root.join(".locks/models--a--b")).unwrap();
        fs::write(root.join("junk.txt"), b"").unwrap();
        let info = scan_cache_dir(&root).unwrap();
        assert_eq!(info.warnings.len(), 1, "{:?}", info.warnings);
        assert_eq!(info.incomplete_files.len(), 1);
        let r = &info.repos[0];
        assert_eq!((r.repo_id.as_str(), r.repo_type), ("a/b", RepoType::Model));
        assert_eq!((r.size_on_disk, r.nb_files), (6, 2));
        assert_eq!(r.refs.get("main"), Some(&c2));
        assert_eq!(r.revisions[0].size_on_disk, 6);
        assert_eq!(r.revisions[1].refs, BTreeSet::from(["main".to_owned()]));

        let plan = info.delete_revisions(&[c1.as_str(), "nope"]);
        assert_eq!(plan.expected_freed_size, 2);
        assert_eq!(plan.blobs.len(), 1);
        assert_eq!(plan.warnings.len(), 1);
        assert!(plan.execute().is_empty());
        assert!(!repo.join("blobs/y").exists() && repo.join("blobs/x").exists());
        let info = scan_cache_dir(&root).unwrap();
        let plan = info.delete_revisions(&[c2]);
        assert_eq!(plan.repos.len(), 1);
        assert_eq!(plan.expected_freed_size, 4);
        plan.execute();
        assert!(!repo.exists());

        fs::write(root.join("models--broken"), b"").unwrap();
        fs::create_dir_all(root.join("models--c--d/snapshots")).unwrap();
        fs::create_dir_all(root.join("models--c--d/refs")).unwrap();
        fs::write(root.join("models--c--d/refs/main"), &c1).unwrap();
        let info = scan_cache_dir(&root).unwrap();
        assert!(
            info.warnings
                .iter()
                .any(|w| w.contains("missing commit hashes")),
            "{:?}",
            info.warnings
        );
        assert!(scan_cache_dir(&root.join("nope")).is_err());
        fs::remove_dir_all(&root).unwrap();
    }
}
