//! Commits: the operations of [`Client::create_commit`](crate::Client::create_commit) and the
//! [`CommitInfo`] it returns.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// What a commit returns (Python `CommitInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// URL of the commit on the Hub.
    pub commit_url: String,
    /// The commit's summary line.
    pub commit_message: String,
    /// The commit's description.
    pub commit_description: String,
    /// Commit id (40 hex).
    pub oid: String,
    /// URL of the pull request when the commit opened one.
    pub pr_url: Option<String>,
    /// `refs/pr/N` of that pull request.
    pub pr_revision: Option<String>,
    /// `N` of that pull request.
    pub pr_num: Option<u64>,
}

impl CommitInfo {
    /// Fills the PR fields from a PR URL ending in `/discussions/N`.
    pub(crate) fn with_pr_url(mut self, pr_url: Option<String>) -> Self {
        self.pr_num = pr_url
            .as_deref()
            .and_then(|u| u.trim_end_matches('/').rsplit_once("/discussions/"))
            .and_then(|(_, n)| n.parse().ok());
        self.pr_revision = self.pr_num.map(|n| format!("refs/pr/{n}"));
        self.pr_url = pr_url;
        self
    }
}

/// Where the content of an addition comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddSource {
    /// A local file (read when hashed and again when uploaded, never held in memory whole
    /// unless it goes into the commit as a regular file).
    Path(PathBuf),
    /// Bytes in memory.
    Bytes(Arc<[u8]>),
    /// A one-shot reader of known size (see [`CommitOperationAdd::from_reader`]): read once
    /// into a temporary spool file, then hashed and uploaded from there.
    Reader(ReaderSource),
}

/// Content from a reader of a declared size (Python's file objects).
///
/// A reader can be read only once, so the first commit (or `preupload_lfs_files`, or
/// multi-commit planning) that needs the content reads it whole into a temporary spool
/// file, 1 MiB at a time (memory stays bounded whatever the size), computing its sha256 and
/// 512-byte sample on the way; everything after that (preupload, LFS upload, the commit's
/// base64 for a regular file, a retried commit) reads the spool. Clones share the reader
/// and its spool; the spool file is deleted when the last clone is dropped.
///
/// Reading fewer or more bytes than the declared size is [`Error::InvalidInput`]; a reader
/// that failed (I/O error or wrong size) keeps failing, since its content is gone.
#[derive(Clone)]
pub struct ReaderSource {
    size: u64,
    state: Arc<std::sync::Mutex<ReaderState>>,
}

enum ReaderState {
    Pending(Box<dyn std::io::Read + Send>),
    Spooled(Arc<Spooled>),
    Failed(String),
}

/// A reader's content, spooled to a temporary file.
pub(crate) struct Spooled {
    file: tempfile::TempPath,
    /// Bytes read (the declared size).
    pub(crate) size: u64,
    /// sha256 of the content.
    pub(crate) sha256: [u8; 32],
    /// The first 512 bytes (fewer when the content is shorter).
    pub(crate) sample: Vec<u8>,
}

impl Spooled {
    /// The spool file.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.file
    }
}

impl ReaderSource {
    /// Wraps a reader that must yield exactly `size` bytes.
    pub fn new(reader: impl std::io::Read + Send + 'static, size: u64) -> ReaderSource {
        ReaderSource {
            size,
            state: Arc::new(std::sync::Mutex::new(ReaderState::Pending(Box::new(
                reader,
            )))),
        }
    }

    /// The declared size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether the reader has already been read into its spool file.
    pub fn is_spooled(&self) -> bool {
        matches!(
            *self.state.lock().unwrap_or_else(|e| e.into_inner()),
            ReaderState::Spooled(_)
        )
    }

    /// Reads the reader into the spool file (first call only) and returns the spool.
    pub(crate) fn spool(&self) -> Result<Arc<Spooled>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let reader = match std::mem::replace(
            &mut *state,
            ReaderState::Failed("the reader is being read".into()),
        ) {
            ReaderState::Spooled(s) => {
                *state = ReaderState::Spooled(Arc::clone(&s));
                return Ok(s);
            }
            ReaderState::Failed(m) => {
                *state = ReaderState::Failed(m.clone());
                return Err(Error::invalid(m));
            }
            ReaderState::Pending(r) => r,
        };
        match spool_reader(reader, self.size) {
            Ok(s) => {
                let s = Arc::new(s);
                *state = ReaderState::Spooled(Arc::clone(&s));
                Ok(s)
            }
            Err(e) => {
                *state = ReaderState::Failed(format!(
                    "the reader of this addition already failed and cannot be read again: {e}"
                ));
                Err(e)
            }
        }
    }
}

/// Copies `reader` into a new temporary file, hashing it; exactly `size` bytes or an error.
fn spool_reader(mut reader: Box<dyn std::io::Read + Send>, size: u64) -> Result<Spooled> {
    use sha2::{Digest, Sha256};
    use std::io::Write;
    let tmp = tempfile::NamedTempFile::new().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let (file, path) = tmp.into_parts();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut sample = Vec::with_capacity(512);
    let mut buf = vec![0u8; 1 << 20];
    let mut read = 0u64;
    loop {
        // read at most one byte past the declared size, to detect a longer reader
        let want = (size + 1 - read).min(buf.len() as u64) as usize;
        let n = match reader.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(PathBuf::from("<reader>"), e)),
        };
        read += n as u64;
        if read > size {
            return Err(Error::invalid(format!(
                "the reader yields more than its declared size of {size} bytes"
            )));
        }
        if sample.len() < 512 {
            let take = (512 - sample.len()).min(n);
            sample.extend_from_slice(&buf[..take]);
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| Error::io(path.to_path_buf(), e))?;
    }
    if read != size {
        return Err(Error::invalid(format!(
            "the reader yielded {read} bytes but its declared size is {size}"
        )));
    }
    out.flush().map_err(|e| Error::io(path.to_path_buf(), e))?;
    drop(out);
    Ok(Spooled {
        file: path,
        size,
        sha256: hasher.finalize().into(),
        sample,
    })
}

impl std::fmt::Debug for ReaderSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &*self.state.lock().unwrap_or_else(|e| e.into_inner()) {
            ReaderState::Pending(_) => "pending",
            ReaderState::Spooled(_) => "spooled",
            ReaderState::Failed(_) => "failed",
        };
        f.debug_struct("ReaderSource")
            .field("size", &self.size)
            .field("state", &state)
            .finish()
    }
}

/// Two reader sources are equal when they share one reader (clones of each other).
impl PartialEq for ReaderSource {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }
}

impl Eq for ReaderSource {}

impl From<Vec<u8>> for AddSource {
    fn from(v: Vec<u8>) -> Self {
        AddSource::Bytes(v.into())
    }
}

impl From<&[u8]> for AddSource {
    fn from(v: &[u8]) -> Self {
        AddSource::Bytes(v.into())
    }
}

impl From<PathBuf> for AddSource {
    fn from(p: PathBuf) -> Self {
        AddSource::Path(p)
    }
}

impl From<ReaderSource> for AddSource {
    fn from(r: ReaderSource) -> Self {
        AddSource::Reader(r)
    }
}

impl From<&std::path::Path> for AddSource {
    fn from(p: &std::path::Path) -> Self {
        AddSource::Path(p.to_path_buf())
    }
}

/// Adds or replaces a file (Python `CommitOperationAdd`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitOperationAdd {
    /// Destination path in the repo (validated and normalised).
    pub path_in_repo: String,
    /// The content.
    pub source: AddSource,
}

impl CommitOperationAdd {
    /// An addition from any source; fails on an invalid `path_in_repo` (see
    /// [`validate_path_in_repo`]) or a local path that is not a file.
    pub fn new(path_in_repo: &str, source: impl Into<AddSource>) -> Result<Self> {
        let source = source.into();
        if let AddSource::Path(p) = &source {
            let meta = std::fs::metadata(p).map_err(|e| Error::io(p.clone(), e))?;
            if !meta.is_file() {
                return Err(Error::invalid(format!(
                    "path_or_fileobj {} is not a file",
                    p.display()
                )));
            }
        }
        Ok(CommitOperationAdd {
            path_in_repo: validate_path_in_repo(path_in_repo)?,
            source,
        })
    }

    /// An addition of a local file.
    pub fn from_path(path_in_repo: &str, path: impl Into<PathBuf>) -> Result<Self> {
        CommitOperationAdd::new(path_in_repo, AddSource::Path(path.into()))
    }

    /// An addition of bytes.
    pub fn from_bytes(path_in_repo: &str, bytes: impl Into<Vec<u8>>) -> Result<Self> {
        CommitOperationAdd::new(path_in_repo, AddSource::from(bytes.into()))
    }

    /// An addition read from `reader`, which must yield exactly `size` bytes (Python's file
    /// objects). The reader is read once, on first use, into a temporary spool file; see
    /// [`ReaderSource`] for the exact semantics.
    pub fn from_reader(
        path_in_repo: &str,
        reader: impl std::io::Read + Send + 'static,
        size: u64,
    ) -> Result<Self> {
        CommitOperationAdd::new(
            path_in_repo,
            AddSource::Reader(ReaderSource::new(reader, size)),
        )
    }
}

/// Deletes a file or a folder (Python `CommitOperationDelete`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitOperationDelete {
    /// Path in the repo (validated and normalised).
    pub path_in_repo: String,
    /// A folder (`deletedFolder`) rather than a file (`deletedFile`).
    pub is_folder: bool,
}

impl CommitOperationDelete {
    /// A deletion with `is_folder="auto"`: a folder iff the path ends with `/`.
    pub fn new(path_in_repo: &str) -> Result<Self> {
        CommitOperationDelete::with_is_folder(path_in_repo, path_in_repo.ends_with('/'))
    }

    /// A deletion with an explicit `is_folder`.
    pub fn with_is_folder(path_in_repo: &str, is_folder: bool) -> Result<Self> {
        Ok(CommitOperationDelete {
            path_in_repo: validate_path_in_repo(path_in_repo)?,
            is_folder,
        })
    }
}

/// Copies a file already in the repo (Python `CommitOperationCopy`): an LFS file is copied
/// server-side by its sha256, a regular file is downloaded and sent again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitOperationCopy {
    /// Path of the file to copy.
    pub src_path_in_repo: String,
    /// Destination path.
    pub path_in_repo: String,
    /// Revision of the source (the commit's revision by default).
    pub src_revision: Option<String>,
}

impl CommitOperationCopy {
    /// A copy; both paths are validated (folders cannot be copied).
    pub fn new(
        src_path_in_repo: &str,
        path_in_repo: &str,
        src_revision: Option<String>,
    ) -> Result<Self> {
        let src = validate_path_in_repo(src_path_in_repo)?;
        let dst = validate_path_in_repo(path_in_repo)?;
        if src.ends_with('/') || dst.ends_with('/') {
            return Err(Error::invalid(
                "CommitOperationCopy: folders cannot be copied",
            ));
        }
        Ok(CommitOperationCopy {
            src_path_in_repo: src,
            path_in_repo: dst,
            src_revision,
        })
    }
}

/// One operation of a commit.
///
/// JSON form (the dispatch table's `operations`):
/// `{"operation": "add", "path_in_repo": "a.txt", "path_or_fileobj": "/local/file"}`,
/// `{"operation": "add", "path_in_repo": "a.txt", "content_base64": "aGk="}`,
/// `{"operation": "delete", "path_in_repo": "dir/", "is_folder": "auto"}` (`is_folder`:
/// `true`, `false` or `"auto"`, the default),
/// `{"operation": "copy", "src_path_in_repo": "a.bin", "path_in_repo": "b.bin",
/// "src_revision": null}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawOperation")]
pub enum CommitOperation {
    /// Add or replace a file.
    Add(CommitOperationAdd),
    /// Delete a file or folder.
    Delete(CommitOperationDelete),
    /// Copy a file of the repo.
    Copy(CommitOperationCopy),
}

impl From<CommitOperationCopy> for CommitOperation {
    fn from(op: CommitOperationCopy) -> Self {
        CommitOperation::Copy(op)
    }
}

impl From<CommitOperationAdd> for CommitOperation {
    fn from(op: CommitOperationAdd) -> Self {
        CommitOperation::Add(op)
    }
}

impl From<CommitOperationDelete> for CommitOperation {
    fn from(op: CommitOperationDelete) -> Self {
        CommitOperation::Delete(op)
    }
}

impl CommitOperation {
    /// The operation's path in the repo.
    pub fn path_in_repo(&self) -> &str {
        match self {
            CommitOperation::Add(a) => &a.path_in_repo,
            CommitOperation::Delete(d) => &d.path_in_repo,
            CommitOperation::Copy(c) => &c.path_in_repo,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperation {
    operation: String,
    path_in_repo: String,
    #[serde(default)]
    path_or_fileobj: Option<String>,
    #[serde(default)]
    content_base64: Option<String>,
    #[serde(default)]
    is_folder: Option<Value>,
    #[serde(default)]
    src_path_in_repo: Option<String>,
    #[serde(default)]
    src_revision: Option<String>,
}

impl TryFrom<RawOperation> for CommitOperation {
    type Error = String;

    fn try_from(raw: RawOperation) -> std::result::Result<Self, String> {
        let p = raw.path_in_repo.as_str();
        if raw.operation != "copy" && (raw.src_path_in_repo.is_some() || raw.src_revision.is_some())
        {
            return Err("`src_path_in_repo` and `src_revision` are only for copies".into());
        }
        match raw.operation.as_str() {
            "copy" => {
                if raw.path_or_fileobj.is_some()
                    || raw.content_base64.is_some()
                    || raw.is_folder.is_some()
                {
                    return Err(
                        "a copy takes `src_path_in_repo`, `path_in_repo` and `src_revision` only"
                            .into(),
                    );
                }
                let src = raw
                    .src_path_in_repo
                    .ok_or("a copy needs `src_path_in_repo`")?;
                CommitOperationCopy::new(&src, p, raw.src_revision)
                    .map(CommitOperation::Copy)
                    .map_err(|e| e.to_string())
            }
            "add" => {
                if raw.is_folder.is_some() {
                    return Err("`is_folder` is only for deletions".into());
                }
                let source = match (raw.path_or_fileobj, raw.content_base64) {
                    (Some(path), None) => AddSource::Path(PathBuf::from(path)),
                    (None, Some(b64)) => AddSource::from(
                        base64_decode(&b64).ok_or("`content_base64` is not valid base64")?,
                    ),
                    _ => return Err(
                        "an addition needs exactly one of `path_or_fileobj` and `content_base64`"
                            .into(),
                    ),
                };
                CommitOperationAdd::new(p, source)
                    .map(CommitOperation::Add)
                    .map_err(|e| e.to_string())
            }
            "delete" => {
                if raw.path_or_fileobj.is_some() || raw.content_base64.is_some() {
                    return Err("a deletion has no content".into());
                }
                let is_folder = match raw.is_folder {
                    None | Some(Value::Null) => p.ends_with('/'),
                    Some(Value::String(s)) if s == "auto" => p.ends_with('/'),
                    Some(Value::Bool(b)) => b,
                    Some(other) => {
                        return Err(format!(
                            "`is_folder` must be true, false or \"auto\", got {other}"
                        ))
                    }
                };
                CommitOperationDelete::with_is_folder(p, is_folder)
                    .map(CommitOperation::Delete)
                    .map_err(|e| e.to_string())
            }
            other => Err(format!(
                "unknown operation {other:?} (expected \"add\", \"delete\" or \"copy\")"
            )),
        }
    }
}

/// Python's `_validate_path_in_repo`, stricter where the Hub would refuse anyway: one leading
/// `/` and a leading `./` are stripped; empty paths, `.`/`..` segments, Windows drive or
/// backslash-rooted paths, anything under `.git/` and `.cache/huggingface/` are refused.
pub fn validate_path_in_repo(path_in_repo: &str) -> Result<String> {
    let bad = |why: &str| {
        Err(Error::invalid(format!(
            "Invalid `path_in_repo` in CommitOperation: {path_in_repo:?} ({why})"
        )))
    };
    let mut p = path_in_repo.strip_prefix('/').unwrap_or(path_in_repo);
    if p.starts_with('/') || p.starts_with('\\') || p.as_bytes().get(1) == Some(&b':') {
        return bad("absolute paths are not allowed");
    }
    if let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    if p.is_empty() || p == "/" {
        return bad("empty path");
    }
    let segs: Vec<&str> = p.trim_end_matches('/').split('/').collect();
    if segs.iter().any(|s| *s == ".." || *s == ".") {
        return bad("`.` and `..` are not allowed");
    }
    if segs.iter().any(|s| s.is_empty()) {
        return bad("empty path segment");
    }
    if segs.contains(&".git") {
        return bad("nothing under `.git/` may be committed");
    }
    if segs.windows(2).any(|w| w == [".cache", "huggingface"]) {
        return bad("nothing under `.cache/huggingface/` may be committed");
    }
    Ok(p.to_string())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional, whitespace ignored); `None` when invalid.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let s = s.trim_end_matches('=');
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for data in [
            &b""[..],
            b"h",
            b"he",
            b"hello",
            &[0u8; 10],
            &[255, 254, 253, 0],
        ] {
            let e = base64_encode(data);
            assert_eq!(base64_decode(&e).as_deref(), Some(data), "{e}");
        }
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(base64_encode(&[0u8; 10]), "AAAAAAAAAAAAAA==");
        assert!(base64_decode("a*b").is_none());
    }

    #[test]
    fn paths_are_validated_like_python() {
        assert_eq!(validate_path_in_repo("/a/b.txt").unwrap(), "a/b.txt");
        assert_eq!(validate_path_in_repo("./a.txt").unwrap(), "a.txt");
        assert_eq!(validate_path_in_repo("dir/").unwrap(), "dir/");
        for bad in [
            "",
            ".",
            "..",
            "../a",
            "a/../b",
            "//etc/passwd",
            "C:/x",
            ".git/config",
            "a/.git/HEAD",
            ".cache/huggingface/x",
            "sub/.cache/huggingface/y",
            "a//b",
        ] {
            assert!(validate_path_in_repo(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pr_fields() {
        let c = CommitInfo::default().with_pr_url(Some("http://h/alice/m/discussions/4".into()));
        assert_eq!(c.pr_num, Some(4));
        assert_eq!(c.pr_revision.as_deref(), Some("refs/pr/4"));
    }
}
