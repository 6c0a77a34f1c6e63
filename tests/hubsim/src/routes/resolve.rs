//! File content: `HEAD`/`GET /{prefix}{id}/resolve/{rev}/{path}` and the "CDN" that serves LFS
//! objects (`/_cdn/{sha256}`) on the other host name of the same listener.

use super::{split_rev, Ctx};
use crate::auth::{check_gate, visible_repo};
use crate::errors::{ApiError, ApiResult};
use crate::hash::is_hex;
use crate::http::{Body, Response};
use crate::store::model::{FileEntry, RepoType};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Python's `quote(safe="")`: everything but `A-Z a-z 0-9 _ . - ~` is encoded.
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');
use std::io;

/// A parsed `Range` header, resolved against a size: `Ok(None)` = whole content.
fn parse_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, ApiError> {
    let Some(h) = header else { return Ok(None) };
    let Some(spec) = h.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None); // multiple ranges: answer the whole content
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let unsatisfiable = ApiError::RangeNotSatisfiable { size };
    let (start, end) = match (a.trim(), b.trim()) {
        ("", "") => return Ok(None),
        ("", suffix) => {
            let n: u64 = suffix.parse().map_err(|_| unsatisfiable.clone())?;
            if n == 0 || size == 0 {
                return Err(unsatisfiable);
            }
            (size.saturating_sub(n), size - 1)
        }
        (s, e) => {
            let s: u64 = s.parse().map_err(|_| unsatisfiable.clone())?;
            let e: u64 = if e.is_empty() {
                size.saturating_sub(1)
            } else {
                e.parse::<u64>()
                    .map_err(|_| unsatisfiable.clone())?
                    .min(size.saturating_sub(1))
            };
            if s >= size || e < s {
                return Err(unsatisfiable);
            }
            (s, e)
        }
    };
    Ok(Some((start, end)))
}

/// A 200 or 206 response streaming `[start, end]` of content of `size` bytes.
fn ranged(
    ctx: &Ctx,
    size: u64,
    open: impl FnOnce(u64, u64) -> io::Result<Box<dyn io::Read + Send>>,
) -> ApiResult {
    let range = parse_range(ctx.req.header("range"), size)?;
    let head = ctx.req.method == "HEAD";
    let (status, start, len) = match range {
        Some((s, e)) => (206, s, e - s + 1),
        None => (200, 0, size),
    };
    let reader: Box<dyn io::Read + Send> = if head {
        Box::new(io::empty())
    } else {
        open(start, len)?
    };
    let mut resp = Response::new(status, Body::Stream { reader, len });
    resp.add_header("Accept-Ranges", "bytes");
    if status == 206 {
        resp.add_header(
            "Content-Range",
            &format!("bytes {start}-{}/{size}", start + len - 1),
        );
    }
    Ok(resp)
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "json" => "application/json; charset=utf-8",
        "md" | "txt" | "py" | "csv" | "yaml" | "yml" | "toml" | "cfg" | "gitattributes"
        | "model" | "jsonl" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn disposition(name: &str) -> String {
    let encoded = utf8_percent_encode(name, QUOTE);
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii() && c != '"' { c } else { '_' })
        .collect();
    format!("inline; filename*=UTF-8''{encoded}; filename=\"{ascii}\";")
}

/// The CDN base URL for a request: the other name of the host it came in on
/// (`127.0.0.1:PORT` ↔ `localhost:PORT`).
fn cdn_base(ctx: &Ctx) -> String {
    let host = ctx.req.header("host").unwrap_or("");
    let port = ctx.shared.addr().port();
    if let Some(rest) = host.strip_prefix("127.0.0.1") {
        format!("http://localhost{rest}")
    } else if let Some(rest) = host.strip_prefix("localhost") {
        format!("http://127.0.0.1{rest}")
    } else {
        format!("http://localhost:{port}")
    }
}

/// `HEAD`/`GET /{prefix}{id}/resolve/{rev}/{path…}`.
pub fn resolve(ctx: &Ctx, t: RepoType, id: &str, segs: &[&str]) -> ApiResult {
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    check_gate(&state, &ctx.ident, repo)?;
    let (rev, rest) = split_rev(repo, segs).ok_or(ApiError::EntryNotFound { commit: None })?;
    let commit = repo
        .resolve_rev(&rev)
        .ok_or(ApiError::RevisionNotFound { rev: rev.clone() })?;
    let path = rest.join("/");
    let entry = commit
        .files
        .get(&path)
        .cloned()
        .ok_or_else(|| ApiError::EntryNotFound {
            commit: Some(commit.id.clone()),
        })?;
    let commit_id = commit.id.clone();
    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
    let mut resp = match &entry {
        FileEntry::Regular { oid, size } => {
            let store = &ctx.shared.store;
            let mut r = ranged(ctx, *size, |start, len| {
                store.open_file(&state, &entry, start, len)
            })?;
            r.add_header("ETag", &format!("\"{oid}\""));
            r.add_header("Content-Type", content_type(&path));
            r.add_header("Content-Disposition", &disposition(&name));
            r
        }
        FileEntry::Lfs {
            sha256, size, oid, ..
        } => {
            let location = format!(
                "{}/_cdn/{sha256}?filename={}&repo={}",
                cdn_base(ctx),
                utf8_percent_encode(&name, QUOTE),
                utf8_percent_encode(&format!("{}/{}", t.plural(), repo.id), QUOTE),
            );
            let mut r = Response::text(302, &format!("Found. Redirecting to {location}"));
            r.add_header("Location", &location);
            r.add_header("ETag", &format!("\"{oid}\""));
            r.add_header("X-Linked-Etag", &format!("\"{sha256}\""));
            r.add_header("X-Linked-Size", &size.to_string());
            r.add_header("Accept-Ranges", "bytes");
            r
        }
    };
    resp.add_header("X-Repo-Commit", &commit_id);
    Ok(resp)
}

/// `HEAD`/`GET /_cdn/{sha256}`: an LFS object, with ranges. No Hub credentials involved.
pub fn cdn(ctx: &Ctx, sha: &str) -> ApiResult {
    if !is_hex(sha, 64) {
        return Err(ApiError::NotFound("NoSuchKey".into()));
    }
    let state = ctx.shared.store.read();
    let size = state
        .lfs_objects
        .get(sha)
        .map(|o| o.size)
        .ok_or_else(|| ApiError::NotFound("NoSuchKey".into()))?;
    let store = &ctx.shared.store;
    let mut resp = ranged(ctx, size, |start, len| {
        store.open_lfs(&state, sha, start, len)
    })?;
    resp.add_header("ETag", &format!("\"{sha}\""));
    resp.add_header("Content-Type", "application/octet-stream");
    if let Some(name) = ctx.query.get("filename") {
        resp.add_header("Content-Disposition", &disposition(name));
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range(Some("bytes=0-9"), 100).unwrap(), Some((0, 9)));
        assert_eq!(parse_range(Some("bytes=90-"), 100).unwrap(), Some((90, 99)));
        assert_eq!(parse_range(Some("bytes=-10"), 100).unwrap(), Some((90, 99)));
        assert_eq!(
            parse_range(Some("bytes=0-1000"), 100).unwrap(),
            Some((0, 99))
        );
        assert!(parse_range(Some("bytes=100-"), 100).is_err());
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100).unwrap(), None);
        assert_eq!(parse_range(None, 100).unwrap(), None);
    }
}
