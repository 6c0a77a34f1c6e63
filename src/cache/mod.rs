//! The cache shared with Python's `huggingface_hub` (hub-transfer §5.9, §6).
//!
//! ```text
//! <cache>/
//! ├── .locks/<repo_folder>/<etag>.lock
//! └── models--org--name/                      (datasets--…, spaces--…)
//!     ├── blobs/<etag>                        (git sha1 of regular files, sha256 of LFS files)
//!     ├── blobs/<etag>.<8 hex>.incomplete     (one per download attempt)
//!     ├── refs/<revision>                     (40 hex, no trailing newline, written atomically)
//!     ├── snapshots/<commit>/<path>           (relative symlink to ../../blobs/<etag>, or a copy)
//!     └── .no_exist/<commit>/<path>           (empty: the Hub said the file does not exist)
//! ```
//!
//! What hfhub guarantees on top of Python's layout:
//! * every file name that comes from the caller or the server (repository paths,
//!   revisions, commits, etags) is checked before anything touches the disk:
//!   absolute paths, drive or UNC paths, `..` segments and names that would
//!   escape the repository folder are rejected;
//! * blobs are written to a per-attempt temp file in `blobs/` and only enter the
//!   cache through an atomic rename after their size (and sha256 for LFS files)
//!   were verified; a failed or cancelled download removes its temp file;
//! * a temp file left behind by a killed process is adopted only by renaming it
//!   to a new per-attempt name (atomic: two processes cannot adopt one file) and
//!   the result is verified again from disk;
//! * refs are replaced atomically (temp file + rename), without newline;
//! * nothing is written at the cache root except `.locks/` and repository folders
//!   (Python 0.22's `scan_cache_dir` reports any other file as corrupted).

pub(crate) mod lock;
pub mod patterns;
pub mod scan;

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};
use crate::repo::RepoType;

/// The folder of a repository in the cache: `models--org--name`,
/// `datasets--org--name`, `spaces--org--name` (every `/` becomes `--`).
pub fn repo_folder_name(repo_id: &str, repo_type: RepoType) -> String {
    format!(
        "{}--{}",
        repo_type.api_segment(),
        repo_id.split('/').collect::<Vec<_>>().join("--")
    )
}

/// Whether `s` is a full commit hash (exactly 40 lowercase hex digits).
pub fn is_commit_hash(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks a repository path (`/`-separated, relative to the repository root)
/// before it is used on disk, as Python ≥1.26 does, a little stricter: it must
/// be non-empty, relative (no leading `/`, no drive such as `C:`, no UNC or
/// `\`-rooted part), without `..` segments (also when `\` is read as a
/// separator), without empty or `.` segments and without NUL bytes. Returns
/// the path with the platform's separators.
pub fn safe_relative_path(filename: &str) -> Result<PathBuf> {
    let bad = |why: &str| {
        Err(Error::invalid(format!(
            "invalid file name {filename:?}: {why}"
        )))
    };
    if filename.is_empty() {
        return bad("empty");
    }
    if filename.contains('\0') {
        return bad("contains a NUL byte");
    }
    if filename.replace('\\', "/").split('/').any(|s| s == "..") {
        return bad("cannot contain a '..' path segment");
    }
    if filename.starts_with('/') {
        return bad("cannot be an absolute path");
    }
    let mut out = PathBuf::new();
    for part in filename.split('/') {
        if part.is_empty() || part == "." {
            return bad("empty or '.' path segment");
        }
        let b = part.as_bytes();
        let drive = b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic();
        if part.starts_with('\\') || drive {
            return bad("cannot be an absolute, drive-relative or UNC path");
        }
        if cfg!(windows) && (part.contains('\\') || part.contains(':')) {
            return bad("'\\' and ':' are not allowed in file names on Windows");
        }
        out.push(part);
    }
    // Belt and braces: only plain components may remain.
    if out.components().any(|c| !matches!(c, Component::Normal(_))) {
        return bad("not a plain relative path");
    }
    Ok(out)
}

/// Checks a name used as one path component (an etag as blob name, a commit).
pub(crate) fn safe_component(name: &str, what: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 200
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0', ':']);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("unusable {what} {name:?}")))
    }
}

/// A random 8-hex-digit token (per-attempt temp file names, as Python ≥1.18).
pub(crate) fn random_token() -> String {
    format!("{:08x}", fastrand::u32(..))
}

/// The cache folder of one repository.
#[derive(Debug, Clone)]
pub(crate) struct RepoCache {
    /// The cache root (`HF_HUB_CACHE` or the caller's `cache_dir`).
    pub(crate) root: PathBuf,
    /// `models--org--name`.
    pub(crate) folder_name: String,
    /// `<root>/<folder_name>`.
    pub(crate) dir: PathBuf,
}

impl RepoCache {
    pub(crate) fn new(root: &Path, repo_type: RepoType, repo_id: &str) -> Self {
        let folder_name = repo_folder_name(repo_id, repo_type);
        RepoCache {
            root: root.to_owned(),
            dir: root.join(&folder_name),
            folder_name,
        }
    }

    pub(crate) fn blobs_dir(&self) -> PathBuf {
        self.dir.join("blobs")
    }

    pub(crate) fn blob(&self, etag: &str) -> Result<PathBuf> {
        safe_component(etag, "etag")?;
        Ok(self.blobs_dir().join(etag))
    }

    pub(crate) fn snapshot_dir(&self, commit: &str) -> Result<PathBuf> {
        if !is_commit_hash(commit) {
            return Err(Error::invalid(format!("not a commit hash: {commit:?}")));
        }
        Ok(self.dir.join("snapshots").join(commit))
    }

    pub(crate) fn pointer(&self, commit: &str, rel: &Path) -> Result<PathBuf> {
        Ok(self.snapshot_dir(commit)?.join(rel))
    }

    pub(crate) fn lock_path(&self, etag: &str) -> Result<PathBuf> {
        safe_component(etag, "etag")?;
        Ok(self
            .root
            .join(".locks")
            .join(&self.folder_name)
            .join(format!("{etag}.lock")))
    }

    /// `refs/<revision>`, nested folders for revisions with `/`.
    pub(crate) fn ref_path(&self, revision: &str) -> Result<PathBuf> {
        let rel = safe_relative_path(revision)
            .map_err(|_| Error::invalid(format!("invalid revision {revision:?}")))?;
        Ok(self.dir.join("refs").join(rel))
    }

    /// The commit a ref points to (whitespace trimmed, as §6.4 item 7 advises).
    pub(crate) fn read_ref(&self, revision: &str) -> Option<String> {
        let path = self.ref_path(revision).ok()?;
        let text = fs::read_to_string(path).ok()?;
        let commit = text.trim();
        is_commit_hash(commit).then(|| commit.to_owned())
    }

    /// Writes `refs/<revision>` = `commit` (no newline), atomically, when it changed.
    /// Never for a revision that is itself the commit.
    pub(crate) fn write_ref(&self, revision: &str, commit: &str) -> Result<()> {
        if revision == commit || !is_commit_hash(commit) {
            return Ok(());
        }
        let path = self.ref_path(revision)?;
        if fs::read(&path).ok().as_deref() == Some(commit.as_bytes()) {
            return Ok(());
        }
        write_atomic(&path, commit.as_bytes())
    }

    /// The commit of `revision`: itself when it is a commit hash, else its ref.
    pub(crate) fn resolve_commit(&self, revision: &str) -> Option<String> {
        if is_commit_hash(revision) {
            Some(revision.to_owned())
        } else {
            self.read_ref(revision)
        }
    }

    /// `.no_exist/<commit>/<path>`.
    pub(crate) fn no_exist(&self, commit: &str, rel: &Path) -> Result<PathBuf> {
        if !is_commit_hash(commit) {
            return Err(Error::invalid(format!("not a commit hash: {commit:?}")));
        }
        Ok(self.dir.join(".no_exist").join(commit).join(rel))
    }

    /// Creates the empty `.no_exist` marker; failures are ignored, as in Python.
    pub(crate) fn mark_no_exist(&self, commit: &str, rel: &Path) {
        if let Ok(path) = self.no_exist(commit, rel) {
            if let Some(dir) = path.parent() {
                let _ = fs::create_dir_all(dir);
            }
            let _ = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(path);
        }
    }
}

/// Creates the parent folder of `path`.
pub(crate) fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
        }
        _ => Ok(()),
    }
}

/// Runs `op`, which creates an entry at `path`; when it fails because the parent
/// folder is missing, creates the folder and runs it once more. The common case
/// (the folder exists) costs no `mkdir`.
pub(crate) fn with_parent<T>(path: &Path, mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    match op() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => fs::create_dir_all(dir)?,
                _ => return Err(e),
            }
            op()
        }
        other => other,
    }
}

/// Replaces `path` with `bytes` atomically: temp file in the same folder, then rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    create_parent(path)?;
    let tmp = sibling(path, &format!(".{}.tmp", random_token()));
    let res = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A per-attempt temp file, removed when dropped unless persisted.
#[derive(Debug)]
pub(crate) struct TempFile {
    path: PathBuf,
    pub(crate) file: File,
    keep: bool,
}

impl TempFile {
    /// Creates `<dir>/<prefix>.<8 hex>.incomplete` (a new name every attempt).
    pub(crate) fn create(dir: &Path, prefix: &str) -> Result<TempFile> {
        loop {
            let path = dir.join(format!("{prefix}.{}.incomplete", random_token()));
            let open = || {
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(&path)
            };
            match with_parent(&path, open) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file,
                        keep: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
    }

    /// Adopts a leftover `<prefix>.incomplete` or `<prefix>.<token>.incomplete`
    /// of `dir` (the largest one) by renaming it to a fresh per-attempt name;
    /// the rename is atomic, so a leftover is adopted by one process at most.
    /// Returns `None` when there is nothing to adopt.
    pub(crate) fn adopt(dir: &Path, prefix: &str) -> Option<TempFile> {
        let mut candidates: Vec<(u64, PathBuf)> = fs::read_dir(dir)
            .ok()?
            .filter_map(|e| {
                let e = e.ok()?;
                let name = e.file_name().into_string().ok()?;
                let middle = name.strip_prefix(prefix)?.strip_suffix("incomplete")?;
                let token_ok = middle == "."
                    || (middle.len() == 10
                        && middle.starts_with('.')
                        && middle.ends_with('.')
                        && middle[1..9].bytes().all(|b| b.is_ascii_hexdigit()));
                let meta = e.metadata().ok()?;
                (token_ok && meta.is_file()).then(|| (meta.len(), e.path()))
            })
            .collect();
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (_, old) in candidates {
            let path = dir.join(format!("{prefix}.{}.incomplete", random_token()));
            if fs::rename(&old, &path).is_err() {
                continue; // someone else adopted it first
            }
            match OpenOptions::new().read(true).write(true).open(&path) {
                Ok(file) => {
                    return Some(TempFile {
                        path,
                        file,
                        keep: false,
                    })
                }
                Err(_) => {
                    let _ = fs::remove_file(&path);
                }
            }
        }
        None
    }

    /// The prefixes of `dir`'s leftover temp files (`<prefix>.incomplete` or
    /// `<prefix>.<8 hex>.incomplete`), read with one directory scan: lets a
    /// snapshot of N files skip [`TempFile::adopt`]'s scan for every file that
    /// has no leftover (N scans of a growing `blobs/` would be quadratic).
    pub(crate) fn leftover_prefixes(dir: &Path) -> std::collections::HashSet<String> {
        let Ok(entries) = fs::read_dir(dir) else {
            return Default::default();
        };
        entries
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                let stem = name.strip_suffix(".incomplete")?;
                let prefix = match stem.rsplit_once('.') {
                    Some((p, t)) if t.len() == 8 && t.bytes().all(|b| b.is_ascii_hexdigit()) => p,
                    _ => stem,
                };
                Some(prefix.to_owned())
            })
            .collect()
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Current length on disk.
    pub(crate) fn len(&self) -> Result<u64> {
        self.file
            .metadata()
            .map(|m| m.len())
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Moves the file to `dest` (atomic rename, replacing `dest`), first flushing
    /// its data to the disk when `sync` is set.
    pub(crate) fn persist(mut self, dest: &Path, sync: bool) -> Result<()> {
        if sync {
            self.file
                .sync_data()
                .map_err(|e| Error::io(&self.path, e))?;
        }
        with_parent(dest, || fs::rename(&self.path, dest)).map_err(|e| Error::io(dest, e))?;
        self.keep = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether relative symlinks can be created in `dir` (probed once per folder,
/// as Python's `are_symlinks_supported`).
pub(crate) fn symlinks_supported(dir: &Path) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(dir).copied()) {
        return v;
    }
    let probe = dir.join(format!("tmp_{}", random_token()));
    let supported = fs::create_dir_all(&probe).is_ok() && {
        let src = probe.join("src");
        let ok = File::create(&src).is_ok()
            && make_symlink(Path::new("src"), &probe.join("dst")).is_ok();
        ok
    };
    let _ = fs::remove_dir_all(&probe);
    if let Ok(mut c) = cache.lock() {
        c.insert(dir.to_owned(), supported);
    }
    supported
}

#[cfg(unix)]
fn make_symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn make_symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_file(target, link)
}

#[cfg(not(any(unix, windows)))]
fn make_symlink(_target: &Path, _link: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no symlinks"))
}

/// `os.path.abspath`: absolute and lexically normalised (symlinks not resolved).
fn abspath(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `os.path.relpath(target, start)` on absolute, normalised paths; `None` when
/// no relative path exists (different Windows drives).
pub(crate) fn relative_path(target: &Path, start: &Path) -> Option<PathBuf> {
    let t = abspath(target);
    let s = abspath(start);
    let tc: Vec<_> = t.components().collect();
    let sc: Vec<_> = s.components().collect();
    if tc.first() != sc.first() {
        return None;
    }
    let common = tc.iter().zip(&sc).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..sc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c);
    }
    Some(out)
}

/// Makes `pointer` refer to `blob` (Python's `_create_symlink`): a relative
/// symlink when symlinks work, else the blob is moved there (`new_blob`, the
/// blob was just downloaded) or copied. The pointer is replaced atomically.
pub(crate) fn link_pointer(
    blob: &Path,
    pointer: &Path,
    new_blob: bool,
    symlinks: bool,
) -> Result<()> {
    let dir = pointer.parent().unwrap_or(Path::new("."));
    let tmp = sibling(pointer, &format!(".{}.tmp", random_token()));
    if symlinks {
        let target = relative_path(blob, dir).unwrap_or_else(|| abspath(blob));
        // A new pointer is created in place (atomic by itself); an existing one is
        // replaced through a temp link and a rename.
        let linked = match with_parent(pointer, || make_symlink(&target, pointer)) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                make_symlink(&target, &tmp).and_then(|()| fs::rename(&tmp, pointer))
            }
            other => other,
        };
        match linked {
            Ok(()) => return Ok(()),
            Err(_) => {
                let _ = fs::remove_file(&tmp);
                // Fall through to move / copy (cross-volume or permission problems).
            }
        }
    }
    create_parent(pointer)?;
    let res = if new_blob {
        fs::rename(blob, pointer)
    } else {
        fs::copy(blob, &tmp).and_then(|_| fs::rename(&tmp, pointer))
    };
    res.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(pointer, e)
    })
}

/// Whether a snapshot pointer is usable: it exists and (if a symlink) its blob too.
pub(crate) fn pointer_ok(pointer: &Path) -> bool {
    pointer.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names() {
        assert_eq!(repo_folder_name("gpt2", RepoType::Model), "models--gpt2");
        assert_eq!(
            repo_folder_name("acme/tiny-model", RepoType::Model),
            "models--acme--tiny-model"
        );
        assert_eq!(
            repo_folder_name("acme/corpus", RepoType::Dataset),
            "datasets--acme--corpus"
        );
        assert_eq!(
            repo_folder_name("a/demo", RepoType::Space),
            "spaces--a--demo"
        );
    }

    #[test]
    fn commit_hashes() {
        assert!(is_commit_hash(&"a".repeat(40)));
        assert!(!is_commit_hash(&"A".repeat(40)));
        assert!(!is_commit_hash(&"a".repeat(39)));
        assert!(!is_commit_hash("main"));
    }

    #[test]
    fn path_safety() {
        for ok in [
            "a",
            "a/b/c.json",
            "onnx/sub dir/notes.txt",
            "special/a b#c.txt",
            "..a",
            "a..",
        ] {
            assert!(safe_relative_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/..",
            "..",
            "a//b",
            "a/./b",
            "./a",
            "a/",
            "C:\\Windows",
            "c:x",
            "\\\\host\\share\\x",
            "a\\..\\..\\x",
            "x\0y",
            "a/\\b",
        ] {
            assert!(
                matches!(safe_relative_path(bad), Err(Error::InvalidInput(_))),
                "{bad:?} accepted"
            );
        }
        assert_eq!(
            safe_relative_path("a/b/c").unwrap(),
            Path::new("a").join("b").join("c")
        );
        for bad in ["", "..", "a/b", "a\\b", "x\0", "c:"] {
            assert!(safe_component(bad, "etag").is_err(), "{bad:?}");
        }
        assert!(safe_component(&"f".repeat(64), "etag").is_ok());
    }

    #[test]
    fn relative_paths_like_python() {
        let blob = Path::new("/c/models--a--b/blobs/e");
        assert_eq!(
            relative_path(blob, Path::new("/c/models--a--b/snapshots/abc")).unwrap(),
            Path::new("../../blobs/e")
        );
        assert_eq!(
            relative_path(blob, Path::new("/c/models--a--b/snapshots/abc/x/y")).unwrap(),
            Path::new("../../../../blobs/e")
        );
        assert_eq!(
            relative_path(Path::new("/c/./d/../e"), Path::new("/c")).unwrap(),
            Path::new("e")
        );
    }

    #[test]
    fn refs_are_atomic_and_exact() {
        let root = std::env::temp_dir().join(format!("hfhub-cache-{}", fastrand::u64(..)));
        let repo = RepoCache::new(&root, RepoType::Model, "a/b");
        let c = "0123456789abcdef0123456789abcdef01234567";
        repo.write_ref("refs/pr/3", c).unwrap();
        let p = root.join("models--a--b/refs/refs/pr/3");
        assert_eq!(fs::read(&p).unwrap(), c.as_bytes());
        assert_eq!(repo.read_ref("refs/pr/3").as_deref(), Some(c));
        repo.write_ref(c, c).unwrap();
        assert!(!root.join("models--a--b/refs").join(c).exists());
        assert!(repo.write_ref("../x", c).is_err());
        fs::write(root.join("models--a--b/refs/main"), format!("{c}\n")).unwrap();
        assert_eq!(repo.resolve_commit("main").as_deref(), Some(c));
        assert_eq!(
            fs::read_dir(p.parent().unwrap()).unwrap().count(),
            1,
            "no temp left"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn temp_files_and_adoption() {
        let dir = std::env::temp_dir().join(format!("hfhub-tmp-{}", fastrand::u64(..)));
        {
            let t = TempFile::create(&dir, "etag").unwrap();
            assert!(t.path().exists());
        }
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            0,
            "dropped temp removed"
        );
        fs::write(dir.join("etag.deadbeef.incomplete"), b"abc").unwrap();
        fs::write(dir.join("etag.incomplete"), b"abcdef").unwrap();
        fs::write(dir.join("other.incomplete"), b"x").unwrap();
        fs::write(dir.join("etag.notatoken.incomplete"), b"abcdefghij").unwrap();
        let t = TempFile::adopt(&dir, "etag").unwrap();
        assert_eq!(t.len().unwrap(), 6, "the largest valid leftover");
        assert!(!dir.join("etag.incomplete").exists());
        let dest = dir.join("etag");
        t.persist(&dest, true).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"abcdef");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pointers_symlink_or_copy() {
        let root = std::env::temp_dir().join(format!("hfhub-ptr-{}", fastrand::u64(..)));
        let blob = root.join("m/blobs/e");
        fs::create_dir_all(blob.parent().unwrap()).unwrap();
        fs::write(&blob, b"data").unwrap();
        let ptr = root.join("m/snapshots/c/a/b.txt");
        link_pointer(&blob, &ptr, false, true).unwrap();
        #[cfg(unix)]
        assert_eq!(fs::read_link(&ptr).unwrap(), Path::new("../../../blobs/e"));
        assert_eq!(fs::read(&ptr).unwrap(), b"data");
        let copy = root.join("m/snapshots/d/x");
        link_pointer(&blob, &copy, false, false).unwrap();
        assert!(!fs::symlink_metadata(&copy)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(blob.exists());
        let moved = root.join("m/snapshots/e/x");
        link_pointer(&blob, &moved, true, false).unwrap();
        assert!(!blob.exists() && moved.is_file());
        assert!(symlinks_supported(&root) == cfg!(unix) || cfg!(windows));
        fs::remove_dir_all(&root).unwrap();
    }
}
