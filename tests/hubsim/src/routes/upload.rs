//! The write path: preupload, the git-lfs batch API with `basic` transfers, the storage PUT
//! (on the other host name, pre-signed: no Hub token needed), verify, and the NDJSON commit.
//!
//! * `POST /api/{type}s/{id}/preupload/{rev}` — `{"files": [{path, sample, size, sha?}],
//!   "gitIgnore"?}` → `{"files": [{path, uploadMode, shouldIgnore, oid?}]}`. A file is `lfs`
//!   when a `filter=lfs` pattern of the revision's `.gitattributes` matches it, when it is
//!   ≥ 10 MiB, or when its 512-byte sample is binary (a NUL byte or invalid UTF-8); empty files
//!   are `regular`. `shouldIgnore` follows `gitIgnore` (else the revision's `.gitignore`).
//!   `oid` is the id of the file at that path on the revision: the git blob sha1 of a regular
//!   file, the sha256 of an LFS file.
//! * `POST /{prefix}{id}.git/info/lfs/objects/batch` — git-lfs JSON; objects already stored
//!   come back without `actions`, the others with an `upload` href
//!   `http://<other host>/_cdn/upload/{sha256}?size=N&sig=…` and a `verify` href.
//! * `PUT /_cdn/upload/{sha256}?size=N` — the object's bytes, streamed to a temporary file of
//!   the blob store while hashed (never held in memory); size and sha256 are checked (400
//!   otherwise), the answer carries an `ETag`.
//! * `multipart` (when [`crate::Server::set_multipart_chunk_size`] set a chunk size and the
//!   object is larger): the `upload` action's `header` holds `chunk_size` and one pre-signed
//!   part URL per part (`"1"`, `"2"`, … → `PUT /_cdn/upload-part/{upload_id}/{n}`, each
//!   answering an `ETag`); its `href` is the completion URL
//!   `POST /api/complete_multipart?uploadId=…` taking `{oid, parts: [{partNumber, etag}]}`,
//!   which checks every part, the size and the sha256 before storing the object. Parts are
//!   streamed to temporary files; completion concatenates them into the object file.
//! * `POST /api/validate-yaml` — `{content, repoType}`: the card metadata checks of
//!   [`check_card`].
//! * `POST /{prefix}{id}.git/info/lfs/objects/verify` — `{oid, size}`: 200 when stored, 404 not.
//! * `POST /api/{type}s/{id}/commit/{rev}[?create_pr=1]` — NDJSON (`header`, `file`,
//!   `lfsFile`, `deletedFile`, `deletedFolder`) → `{success, commitOid, commitUrl,
//!   pullRequestUrl}`. A stale `parentCommit` is refused with 412 ("A commit has happened
//!   since. Please refresh and try again."), a missing LFS object or a malformed line with 400,
//!   a deleted path that does not exist with 404 `EntryNotFound`, a `README.md` whose metadata
//!   fails [`check_card`] with 400 ("Sorry, your push was rejected during YAML metadata
//!   verification: …").

use super::{manage::json_body, Ctx};
use crate::auth::{require_write, require_write_token, visible_repo};
use crate::dates::now_iso;
use crate::errors::{ApiError, ApiResult};
use crate::hash::{is_hex, sha256_hex};
use crate::http::Response;
use crate::store::blobs::{Kind, TempFile};
use crate::store::community::{open_pull_request, pr_ref};
use crate::store::history::{Change, NewCommit, Parent};
use crate::store::lfs_entry;
use crate::store::model::{FileEntry, Files, LfsObject, LfsSource, Repo, RepoType, State};
use base64::Engine;
use serde_json::{json, Map, Value};
use yaml_rust2::Yaml;

/// Multipart uploads: the configured chunk size and the parts received so far.
#[derive(Default)]
pub struct Multipart {
    chunk_size: std::sync::Mutex<Option<u64>>,
    uploads: std::sync::Mutex<std::collections::HashMap<String, Upload>>,
    counter: std::sync::atomic::AtomicU64,
}

struct Upload {
    oid: String,
    size: u64,
    parts: std::collections::BTreeMap<u64, Part>,
}

/// One received part: its bytes in a temporary file (removed with it) and its ETag.
struct Part {
    file: TempFile,
    etag: String,
}

/// A request body written to a temporary file.
struct Spooled {
    file: TempFile,
    len: u64,
    sha256: String,
}

/// Streams the request body into a temporary file of the blob store while hashing it, reading
/// at most `limit` bytes (a longer body is cut there: the caller's size check refuses it and
/// the server drains the rest).
fn spool(ctx: &Ctx, limit: u64) -> Result<Spooled, ApiError> {
    use sha2::Digest;
    use std::io::{Read, Write};
    let mut file = ctx.shared.store.blobs().temp_file()?;
    let mut reader = ctx.req.body_reader().take(limit);
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(ApiError::BadRequest(format!(
                    "Could not read the request body: {e}"
                )))
            }
        };
        hasher.update(&buf[..n]);
        file.write_all(&buf[..n])?;
        len += n as u64;
    }
    file.flush()?;
    Ok(Spooled {
        file,
        len,
        sha256: crate::hash::hex(&hasher.finalize()),
    })
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Multipart {
    /// Sets (or clears) the chunk size.
    pub fn set_chunk_size(&self, chunk_size: Option<u64>) {
        *lock(&self.chunk_size) = chunk_size.filter(|&n| n > 0);
    }

    fn chunk_size(&self) -> Option<u64> {
        *lock(&self.chunk_size)
    }

    fn start(&self, oid: &str, size: u64) -> String {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{}{n}", &sha256_hex(format!("{oid}:{n}").as_bytes())[..16]);
        lock(&self.uploads).insert(
            id.clone(),
            Upload {
                oid: oid.to_string(),
                size,
                parts: Default::default(),
            },
        );
        id
    }
}

/// The ETag of a part: the first half of its sha256, quoted.
fn part_etag(sha256: &str) -> String {
    format!("\"{}\"", &sha256[..32])
}

/// `PUT /_cdn/upload-part/{upload_id}/{n}`: one part of a multipart upload, streamed to a
/// temporary file (parts of one upload may arrive in parallel; a part sent again replaces the
/// earlier copy).
pub fn part_put(ctx: &Ctx, id: &str, part: &str) -> ApiResult {
    let n: u64 = part
        .parse()
        .map_err(|_| ApiError::BadRequest("Invalid part number".into()))?;
    let mp = &ctx.shared.multipart;
    let want = {
        let uploads = lock(&mp.uploads);
        let up = uploads
            .get(id)
            .ok_or_else(|| ApiError::NotFound("No such upload".into()))?;
        let chunk = mp.chunk_size().unwrap_or(u64::MAX);
        let count = up.size.div_ceil(chunk).max(1);
        if n == 0 || n > count {
            return Err(ApiError::BadRequest(format!("Invalid part number {n}")));
        }
        if n < count {
            chunk
        } else {
            up.size - chunk * (count - 1)
        }
    };
    if let Some(len) = ctx.req.body_len().filter(|&len| len != want) {
        return Err(ApiError::BadRequest(format!(
            "Part {n} must be {want} bytes, got {len}"
        )));
    }
    let body = spool(ctx, want.saturating_add(1))?;
    if body.len != want {
        return Err(ApiError::BadRequest(format!(
            "Part {n} must be {want} bytes, got {}",
            body.len
        )));
    }
    let etag = part_etag(&body.sha256);
    lock(&mp.uploads)
        .get_mut(id)
        .ok_or_else(|| ApiError::NotFound("No such upload".into()))?
        .parts
        .insert(
            n,
            Part {
                file: body.file,
                etag: etag.clone(),
            },
        );
    let mut resp = Response::text(200, "");
    resp.add_header("ETag", &etag);
    Ok(resp)
}

/// `POST /api/complete_multipart?uploadId=…` with `{oid, parts: [{partNumber, etag}]}`.
pub fn complete_multipart(ctx: &Ctx) -> ApiResult {
    let id = ctx
        .query
        .get("uploadId")
        .ok_or_else(|| ApiError::BadRequest("Missing uploadId".into()))?
        .to_string();
    let body = json_body(ctx)?;
    let up = lock(&ctx.shared.multipart.uploads)
        .remove(&id)
        .ok_or_else(|| ApiError::NotFound("No such upload".into()))?;
    let oid = body.get("oid").and_then(Value::as_str).unwrap_or_default();
    if oid != up.oid {
        return Err(ApiError::BadRequest("oid does not match the upload".into()));
    }
    let parts = body
        .get("parts")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::BadRequest("\"parts\" must be an array".into()))?;
    if parts.len() != up.parts.len() {
        return Err(ApiError::BadRequest(format!(
            "Expected {} parts, got {}",
            up.parts.len(),
            parts.len()
        )));
    }
    let mut ordered = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let num = p.get("partNumber").and_then(Value::as_u64);
        let etag = p.get("etag").and_then(Value::as_str);
        let stored = num.and_then(|n| up.parts.get(&n));
        match (num, etag, stored) {
            (Some(n), Some(e), Some(part)) if n == i as u64 + 1 && e == part.etag => {
                ordered.push(part)
            }
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "Part {} is missing or its ETag does not match",
                    i + 1
                )))
            }
        }
    }
    // concatenate the part files into one object, streaming and hashing
    let (object, len, sha256) = {
        use sha2::Digest;
        use std::io::{Read, Seek, Write};
        let mut object = ctx.shared.store.blobs().temp_file()?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut len = 0u64;
        for part in ordered {
            let mut f = std::fs::File::open(part.file.path())?;
            f.rewind()?;
            loop {
                let n = f.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                object.write_all(&buf[..n])?;
                len += n as u64;
            }
        }
        object.flush()?;
        (object, len, crate::hash::hex(&hasher.finalize()))
    };
    drop(up.parts);
    if len != up.size || sha256 != up.oid {
        return Err(ApiError::BadRequest(
            "The assembled object does not match its oid and size".into(),
        ));
    }
    ctx.shared.store.blobs().adopt(Kind::Lfs, &up.oid, object)?;
    ctx.shared.store.write(|state| {
        state.lfs_objects.insert(
            up.oid.clone(),
            LfsObject {
                size: up.size,
                source: LfsSource::Stored,
            },
        );
    })?;
    Ok(Response::json(200, &json!({"success": true})))
}

/// The Hub's warning for a card whose metadata block is empty.
pub const EMPTY_METADATA_WARNING: &str =
    "empty or missing yaml metadata in repo card (https://huggingface.co/docs/hub/model-cards#model-card-metadata)";

/// The outcome of checking a card's metadata: errors refuse the card, warnings do not.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CardCheck {
    /// Problems that make the card invalid.
    pub errors: Vec<String>,
    /// Remarks that do not (an empty metadata block).
    pub warnings: Vec<String>,
}

/// The YAML text of a card's front matter and the file line it starts on: `None` when the
/// card has no metadata block, `Err` when the block is not closed.
fn front_matter(content: &str) -> Option<Result<(String, usize), String>> {
    let mut lines = content.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return None;
    }
    let mut yaml = String::new();
    for line in lines {
        if line.trim_end() == "---" {
            return Some(Ok((yaml, 2)));
        }
        yaml.push_str(line);
        yaml.push('\n');
    }
    Some(Err("the metadata block (---) is not closed".into()))
}

/// Problems of a README's YAML front matter (see [`check_card`]; any repo type).
pub fn front_matter_errors(content: &str) -> Vec<String> {
    check_card(content, RepoType::Model).errors
}

/// Checks a repo card (README.md) the way the Hub does before accepting it: the front matter
/// (between `---` lines) must be valid YAML (parsed with `yaml-rust2`, YAML 1.2; tab
/// indentation and duplicated keys are errors) holding a mapping, and the fields the Hub
/// knows must have their types:
///
/// * every repo type: `license`, `tags`, `datasets`, `language` (and `metrics`,
///   `base_model`) a string or a list of strings; `model-index` a list of
///   `{name, results: [{task: {type}, …}]}` entries;
/// * Spaces: `sdk` one of `gradio`, `streamlit`, `docker`, `static`; `app_file`,
///   `sdk_version`, `python_version`, `title`, `emoji` strings; `app_port` a number;
/// * datasets: `configs` a list of mappings each with a string `config_name`.
///
/// `null` values count as absent. A card without metadata has no errors; an empty block
/// gives the Hub's warning.
pub fn check_card(content: &str, repo_type: RepoType) -> CardCheck {
    let mut out = CardCheck::default();
    let (yaml, first_line) = match front_matter(content) {
        None => return out,
        Some(Err(e)) => {
            out.errors.push(e);
            return out;
        }
        Some(Ok(block)) => block,
    };
    for (i, line) in yaml.lines().enumerate() {
        if line.trim_start_matches(' ').starts_with('\t') && !line.trim().is_empty() {
            out.errors.push(format!(
                "line {}: tabs are not allowed for indentation",
                i + first_line
            ));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let docs = match yaml_rust2::YamlLoader::load_from_str(&yaml) {
        Ok(docs) => docs,
        Err(e) => {
            let line = e.marker().line() + first_line - 1;
            let col = e.marker().col() + 1;
            let info = e.info();
            let message = match info.strip_suffix(": duplicated key in mapping") {
                Some(key) => format!("duplicated mapping key {}", yaml_key_text(key)),
                None => info.to_string(),
            };
            out.errors
                .push(format!("line {line}, column {col}: {message}"));
            return out;
        }
    };
    let meta = match docs.as_slice() {
        [] => {
            out.warnings.push(EMPTY_METADATA_WARNING.into());
            return out;
        }
        [doc] => doc,
        _ => {
            out.errors
                .push("metadata must hold a single YAML document".into());
            return out;
        }
    };
    let map = match meta {
        Yaml::Hash(map) => map,
        Yaml::Null => {
            out.warnings.push(EMPTY_METADATA_WARNING.into());
            return out;
        }
        _ => {
            out.errors
                .push("metadata must be a mapping (\"key: value\" lines)".into());
            return out;
        }
    };
    let get = |k: &str| {
        map.get(&Yaml::String(k.to_string()))
            .filter(|v| !matches!(v, Yaml::Null))
    };
    for key in [
        "license",
        "tags",
        "datasets",
        "language",
        "metrics",
        "base_model",
    ] {
        if let Some(v) = get(key) {
            if !is_string_or_strings(v) {
                out.errors
                    .push(format!("\"{key}\" must be a string or an array of strings"));
            }
        }
    }
    if let Some(v) = get("model-index") {
        model_index_errors(v, &mut out.errors);
    }
    match repo_type {
        RepoType::Space => {
            if let Some(v) = get("sdk") {
                if !matches!(
                    v.as_str(),
                    Some("gradio" | "streamlit" | "docker" | "static")
                ) {
                    out.errors
                        .push("\"sdk\" must be one of [gradio, streamlit, docker, static]".into());
                }
            }
            for key in [
                "app_file",
                "sdk_version",
                "python_version",
                "title",
                "emoji",
            ] {
                if get(key).is_some_and(|v| v.as_str().is_none()) {
                    out.errors.push(format!("\"{key}\" must be a string"));
                }
            }
            if get("app_port").is_some_and(|v| v.as_i64().is_none_or(|p| !(1..=65535).contains(&p)))
            {
                out.errors.push("\"app_port\" must be a port number".into());
            }
        }
        RepoType::Dataset => {
            if let Some(v) = get("configs") {
                configs_errors(v, &mut out.errors);
            }
        }
        RepoType::Model => {}
    }
    out
}

/// `String("a")` (how the YAML loader prints a key) → `"a"`.
fn yaml_key_text(key: &str) -> String {
    key.strip_prefix("String(")
        .and_then(|k| k.strip_suffix(')'))
        .unwrap_or(key)
        .to_string()
}

fn is_string_or_strings(v: &Yaml) -> bool {
    match v {
        Yaml::String(_) => true,
        Yaml::Array(items) => items.iter().all(|i| matches!(i, Yaml::String(_))),
        _ => false,
    }
}

fn yaml_field<'a>(map: &'a yaml_rust2::yaml::Hash, key: &str) -> Option<&'a Yaml> {
    map.get(&Yaml::String(key.to_string()))
        .filter(|v| !matches!(v, Yaml::Null))
}

/// `<at>.<key>` must be there, and be a string.
fn required_string(map: &yaml_rust2::yaml::Hash, key: &str, at: &str, errors: &mut Vec<String>) {
    match yaml_field(map, key) {
        None => errors.push(format!("\"{at}.{key}\" is required")),
        Some(Yaml::String(_)) => {}
        Some(_) => errors.push(format!("\"{at}.{key}\" must be a string")),
    }
}

/// `model-index: [{name, results: [{task: {type}, dataset?, metrics?}]}]`.
fn model_index_errors(v: &Yaml, errors: &mut Vec<String>) {
    let Yaml::Array(entries) = v else {
        errors.push("\"model-index\" must be an array".into());
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let Yaml::Hash(entry) = entry else {
            errors.push(format!("\"model-index[{i}]\" must be an object"));
            continue;
        };
        required_string(entry, "name", &format!("model-index[{i}]"), errors);
        let results = match yaml_field(entry, "results") {
            None => {
                errors.push(format!("\"model-index[{i}].results\" is required"));
                continue;
            }
            Some(Yaml::Array(results)) => results,
            Some(_) => {
                errors.push(format!("\"model-index[{i}].results\" must be an array"));
                continue;
            }
        };
        for (j, result) in results.iter().enumerate() {
            let at = format!("model-index[{i}].results[{j}]");
            let Yaml::Hash(result) = result else {
                errors.push(format!("\"{at}\" must be an object"));
                continue;
            };
            match yaml_field(result, "task") {
                Some(Yaml::Hash(task)) => {
                    if !matches!(yaml_field(task, "type"), Some(Yaml::String(_))) {
                        errors.push(format!("\"{at}.task.type\" is required"));
                    }
                }
                None => errors.push(format!("\"{at}.task\" is required")),
                Some(_) => errors.push(format!("\"{at}.task\" must be an object")),
            }
            if yaml_field(result, "dataset").is_some_and(|d| !matches!(d, Yaml::Hash(_))) {
                errors.push(format!("\"{at}.dataset\" must be an object"));
            }
            if yaml_field(result, "metrics").is_some_and(|m| !matches!(m, Yaml::Array(_))) {
                errors.push(format!("\"{at}.metrics\" must be an array"));
            }
        }
    }
}

/// `configs: [{config_name, …}]` of a dataset card.
fn configs_errors(v: &Yaml, errors: &mut Vec<String>) {
    let Yaml::Array(configs) = v else {
        errors.push("\"configs\" must be an array".into());
        return;
    };
    for (i, config) in configs.iter().enumerate() {
        let Yaml::Hash(config) = config else {
            errors.push(format!("\"configs[{i}]\" must be an object"));
            continue;
        };
        required_string(config, "config_name", &format!("configs[{i}]"), errors);
    }
}

/// `POST /api/validate-yaml` with `{"content", "repoType"}` (`repoType` `model` when
/// absent): 200 `{"errors": [], "warnings": [{message}…]}`, or 400 with `error`,
/// `errors[].message` and `warnings`, plus `X-Error-Message` (see [`check_card`]). Python's
/// `create_commit` posts every README.md it is about to commit here first and turns a 400
/// into `ValueError("Invalid metadata in README.md.\n- <message>…")`.
pub fn validate_yaml(ctx: &Ctx) -> ApiResult {
    let body = json_body(ctx)?;
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::BadRequest("\"content\" must be a string".into()))?;
    let repo_type = match body.get("repoType") {
        None | Some(Value::Null) => RepoType::Model,
        Some(v) => v
            .as_str()
            .and_then(RepoType::from_singular)
            .ok_or_else(|| {
                ApiError::BadRequest("\"repoType\" must be one of [model, dataset, space]".into())
            })?,
    };
    let check = check_card(content, repo_type);
    let messages =
        |list: &[String]| -> Vec<Value> { list.iter().map(|m| json!({ "message": m })).collect() };
    let warnings = messages(&check.warnings);
    if check.errors.is_empty() {
        return Ok(Response::json(
            200,
            &json!({"errors": [], "warnings": warnings}),
        ));
    }
    let mut resp = Response::json(
        400,
        &json!({"error": format!("Invalid metadata in README.md: {}", check.errors.join("; ")),
                "errors": messages(&check.errors), "warnings": warnings}),
    );
    resp.add_header("X-Error-Message", "Invalid metadata in README.md.");
    Ok(resp)
}

/// Files of at least this size are always LFS.
pub const LFS_THRESHOLD: u64 = 10 * 1024 * 1024;

/// The storage ("S3") base URL for a request: the other name of the host it came in on.
fn storage_base(ctx: &Ctx) -> String {
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

/// An error answer in the Hub's shape with a status `ApiError` has no variant for.
fn error_response(status: u16, message: &str) -> Response {
    let mut resp = Response::json(status, &json!({ "error": message }));
    resp.add_header("X-Error-Message", message);
    resp
}

/// Git wildmatch-style glob: `*` and `?` stay within a segment, `**` crosses `/`, `[…]` classes.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let mut rest = &p[2..];
                if rest.first() == Some(&b'/') {
                    // `**/` also matches zero folders
                    rest = &rest[1..];
                    if go(rest, t) {
                        return true;
                    }
                }
                (0..=t.len()).any(|i| go(rest, &t[i..]))
            }
            Some(b'*') => {
                let rest = &p[1..];
                for i in 0..=t.len() {
                    if go(rest, &t[i..]) {
                        return true;
                    }
                    if i < t.len() && t[i] == b'/' {
                        break;
                    }
                }
                false
            }
            Some(b'?') => !t.is_empty() && t[0] != b'/' && go(&p[1..], &t[1..]),
            Some(b'[') => {
                let Some(end) = p.iter().skip(2).position(|&c| c == b']').map(|i| i + 2) else {
                    return t.first() == Some(&b'[') && go(&p[1..], &t[1..]);
                };
                let Some(&c) = t.first() else { return false };
                let mut class = &p[1..end];
                let negate = matches!(class.first(), Some(b'!' | b'^'));
                if negate {
                    class = &class[1..];
                }
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == b'-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negate && c != b'/' && go(&p[end + 1..], &t[1..])
            }
            Some(&c) => t.first() == Some(&c) && go(&p[1..], &t[1..]),
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

/// Whether a gitattributes / gitignore pattern applies to `path`: a pattern without `/` is
/// matched against every path component's name (so `logs` also covers `logs/a.txt`), one
/// with a `/` against the whole path from the root.
fn pattern_applies(pattern: &str, path: &str, dir_only: bool) -> bool {
    let anchored = pattern.trim_start_matches('/');
    if pattern.contains('/') {
        if glob_match(anchored, path) {
            return !dir_only;
        }
        // a folder pattern covers what is below it
        let mut prefix = String::new();
        for seg in path
            .split('/')
            .collect::<Vec<_>>()
            .iter()
            .rev()
            .skip(1)
            .rev()
        {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(seg);
            if glob_match(anchored, &prefix) {
                return true;
            }
        }
        false
    } else {
        let segs: Vec<&str> = path.split('/').collect();
        segs.iter()
            .enumerate()
            .any(|(i, seg)| glob_match(pattern, seg) && (i + 1 < segs.len() || !dir_only))
    }
}

/// Whether the `.gitattributes` text marks `path` as LFS (`filter=lfs`; the last matching
/// line wins, `-filter`/`!filter` unset it).
pub fn lfs_tracked(gitattributes: &str, path: &str) -> bool {
    let mut tracked = false;
    for line in gitattributes.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else {
            continue;
        };
        let attrs: Vec<&str> = parts.collect();
        if !pattern_applies(pattern, path, false) {
            continue;
        }
        if attrs.contains(&"filter=lfs") {
            tracked = true;
        } else if attrs.iter().any(|a| *a == "-filter" || *a == "!filter") {
            tracked = false;
        }
    }
    tracked
}

/// Whether the `.gitignore` text ignores `path` (last match wins, `!` re-includes).
pub fn git_ignored(gitignore: &str, path: &str) -> bool {
    let mut ignored = false;
    for line in gitignore.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negate, pattern) = match line.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, line),
        };
        let (dir_only, pattern) = match pattern.strip_suffix('/') {
            Some(p) => (true, p),
            None => (false, pattern),
        };
        if pattern_applies(pattern, path, dir_only) {
            ignored = !negate;
        }
    }
    ignored
}

/// Whether a content sample looks binary: a NUL byte, or bytes that are not UTF-8 (a
/// multi-byte character cut at the end of the sample is fine).
pub fn is_binary(sample: &[u8]) -> bool {
    if sample.contains(&0) {
        return true;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => false,
        Err(e) => e.error_len().is_some(),
    }
}

fn text_at(ctx: &Ctx, state: &State, files: &Files, path: &str) -> Option<String> {
    let entry = files.get(path)?;
    let bytes = ctx.shared.store.read_small(state, entry, 1 << 20)?;
    String::from_utf8(bytes).ok()
}

/// A required write: a write token, and write access to the namespace (or, with
/// `create_pr`, only a visible repo: anyone who can read may open a PR).
fn check_writer(state: &State, ctx: &Ctx, repo: &Repo, create_pr: bool) -> Result<(), ApiError> {
    if create_pr {
        require_write_token(&ctx.ident).map(|_| ())
    } else {
        require_write(state, &ctx.ident, repo.namespace())
    }
}

/// `POST /api/{type}s/{id}/preupload/{rev}`.
pub fn preupload(ctx: &Ctx, t: RepoType, id: &str, rev: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let create_pr = ctx.query.flag("create_pr");
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    check_writer(&state, ctx, repo, create_pr)?;
    let commit = repo
        .resolve_rev(rev)
        .ok_or_else(|| ApiError::RevisionNotFound {
            rev: rev.to_string(),
        })?;
    let files = body
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::BadRequest("\"files\" must be an array".into()))?;
    let gitattributes = text_at(ctx, &state, &commit.files, ".gitattributes").unwrap_or_default();
    let gitignore = match body.get("gitIgnore") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => {
            text_at(ctx, &state, &commit.files, ".gitignore").unwrap_or_default()
        }
        Some(_) => {
            return Err(ApiError::BadRequest(
                "\"gitIgnore\" must be a string".into(),
            ))
        }
    };
    let mut out = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let bad = |what: &str| ApiError::BadRequest(format!("files[{i}]: {what}"));
        let path = f
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("\"path\" must be a string"))?;
        let size = f
            .get("size")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad("\"size\" must be a non-negative integer"))?;
        let sample = f
            .get("sample")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("\"sample\" must be a string"))?;
        let sample = base64::engine::general_purpose::STANDARD
            .decode(sample)
            .map_err(|_| bad("\"sample\" must be base64"))?;
        let lfs = size > 0
            && (lfs_tracked(&gitattributes, path) || size >= LFS_THRESHOLD || is_binary(&sample));
        let mut m = Map::new();
        m.insert("path".into(), json!(path));
        m.insert(
            "uploadMode".into(),
            json!(if lfs { "lfs" } else { "regular" }),
        );
        m.insert("shouldIgnore".into(), json!(git_ignored(&gitignore, path)));
        if let Some(entry) = commit.files.get(path) {
            let oid = match entry {
                FileEntry::Regular { oid, .. } => oid.clone(),
                FileEntry::Lfs { sha256, .. } => sha256.clone(),
            };
            m.insert("oid".into(), json!(oid));
        }
        out.push(Value::Object(m));
    }
    Ok(Response::json(
        200,
        &json!({ "files": out, "commitOid": commit.id }),
    ))
}

fn lfs_json(status: u16, value: &Value) -> Response {
    let mut resp = Response::json(status, value);
    resp.set_header("Content-Type", "application/vnd.git-lfs+json");
    resp
}

/// `POST /{prefix}{id}.git/info/lfs/objects/batch` (upload only, `basic` transfer).
pub fn lfs_batch(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let body: Value = serde_json::from_slice(&ctx.req.body)
        .map_err(|e| ApiError::BadRequest(format!("Invalid JSON body: {e}")))?;
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    // without a `ref` (create_pr) a write token is enough; with one, write access to the repo
    check_writer(&state, ctx, repo, body.get("ref").is_none())?;
    if body.get("operation").and_then(Value::as_str) != Some("upload") {
        return Ok(lfs_json(
            422,
            &json!({"message": "hubsim only supports the \"upload\" operation"}),
        ));
    }
    let transfers: Vec<&str> = match body.get("transfers") {
        None => vec!["basic"],
        Some(v) => v
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default(),
    };
    if !transfers.contains(&"basic") {
        return Ok(lfs_json(
            422,
            &json!({"message": "no supported transfer adapter (hubsim offers \"basic\")"}),
        ));
    }
    let objects = body
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::BadRequest("\"objects\" must be an array".into()))?;
    let storage = storage_base(ctx);
    let hub = ctx.base_url();
    let mut out = Vec::with_capacity(objects.len());
    for o in objects {
        let oid = o.get("oid").and_then(Value::as_str).unwrap_or_default();
        let size = o.get("size").and_then(Value::as_u64);
        let Some(size) = size.filter(|_| is_hex(oid, 64)) else {
            out.push(json!({"oid": oid, "size": o.get("size").cloned().unwrap_or(Value::Null),
                "error": {"code": 422, "message": "Invalid object: oid must be a sha256 and size an integer"}}));
            continue;
        };
        let stored = state.lfs_objects.get(oid).is_some_and(|s| s.size == size);
        if stored {
            out.push(json!({"oid": oid, "size": size}));
            continue;
        }
        let sig = &sha256_hex(format!("{oid}:{size}").as_bytes())[..16];
        let verify = json!({"href": format!("{hub}/{}{id}.git/info/lfs/objects/verify", t.url_prefix()),
                            "header": {"Authorization": "Basic aHVic2ltOnZlcmlmeQ=="}});
        let multipart = transfers.contains(&"multipart");
        if let Some(chunk) = ctx
            .shared
            .multipart
            .chunk_size()
            .filter(|&c| multipart && size > c)
        {
            let upload_id = ctx.shared.multipart.start(oid, size);
            let mut header = Map::new();
            header.insert("chunk_size".into(), json!(chunk.to_string()));
            for n in 1..=size.div_ceil(chunk) {
                header.insert(
                    n.to_string(),
                    json!(format!(
                        "{storage}/_cdn/upload-part/{upload_id}/{n}?sig={sig}"
                    )),
                );
            }
            out.push(json!({
                "oid": oid, "size": size, "authenticated": true,
                "actions": {
                    "upload": {"href": format!("{hub}/api/complete_multipart?uploadId={upload_id}"),
                               "header": header},
                    "verify": verify
                }
            }));
            continue;
        }
        out.push(json!({
            "oid": oid, "size": size, "authenticated": true,
            "actions": {
                "upload": {"href": format!("{storage}/_cdn/upload/{oid}?size={size}&sig={sig}"),
                           "expires_at": "2099-01-01T00:00:00Z"},
                "verify": {"href": format!("{hub}/{}{id}.git/info/lfs/objects/verify", t.url_prefix()),
                           "header": {"Authorization": "Basic aHVic2ltOnZlcmlmeQ=="}}
            }
        }));
    }
    Ok(lfs_json(
        200,
        &json!({"transfer": "basic", "objects": out, "hash_algo": "sha256"}),
    ))
}

/// `PUT /_cdn/upload/{sha256}?size=N`: streams the body to a temporary file while hashing it,
/// then stores the object after checking its size and sha256.
pub fn storage_put(ctx: &Ctx, oid: &str) -> ApiResult {
    if !is_hex(oid, 64) {
        return Err(ApiError::BadRequest("Invalid object id".into()));
    }
    let expected = ctx.query.get("size").and_then(|s| s.parse::<u64>().ok());
    let size_mismatch = |got: u64| {
        ApiError::BadRequest(format!(
            "Size mismatch: expected {} bytes, got {got}",
            expected.unwrap_or_default()
        ))
    };
    // a body announced with the wrong length is refused before it is read
    if let (Some(want), Some(got)) = (expected, ctx.req.body_len()) {
        if want != got {
            return Err(size_mismatch(got));
        }
    }
    let body = spool(ctx, expected.map_or(u64::MAX, |n| n.saturating_add(1)))?;
    if expected.is_some_and(|n| n != body.len) {
        return Err(size_mismatch(body.len));
    }
    if body.sha256 != oid {
        return Err(ApiError::BadRequest(format!(
            "Checksum mismatch: expected sha256 {oid}, got {}",
            body.sha256
        )));
    }
    let size = body.len;
    ctx.shared.store.blobs().adopt(Kind::Lfs, oid, body.file)?;
    ctx.shared.store.write(|state| {
        state.lfs_objects.insert(
            oid.to_string(),
            LfsObject {
                size,
                source: LfsSource::Stored,
            },
        );
    })?;
    let mut resp = Response::text(200, "");
    resp.add_header("ETag", &format!("\"{}\"", &oid[..32]));
    Ok(resp)
}

/// `POST /{prefix}{id}.git/info/lfs/objects/{batch|verify}`.
pub fn lfs_route(ctx: &Ctx, t: RepoType, id: &str, op: &str) -> ApiResult {
    match op {
        "batch" => lfs_batch(ctx, t, id),
        "verify" => lfs_verify(ctx, t, id),
        _ => Err(ApiError::NotFound(
            "Sorry, we can't find the page you are looking for.".into(),
        )),
    }
}

/// `POST /{prefix}{id}.git/info/lfs/objects/verify` with `{oid, size}`.
pub fn lfs_verify(ctx: &Ctx, t: RepoType, id: &str) -> ApiResult {
    let body = json_body(ctx)?;
    let state = ctx.shared.store.read();
    visible_repo(&state, &ctx.ident, t, id)?;
    let oid = body.get("oid").and_then(Value::as_str).unwrap_or_default();
    let size = body.get("size").and_then(Value::as_u64);
    match state.lfs_objects.get(oid) {
        Some(o) if Some(o.size) == size => Ok(lfs_json(200, &json!({"message": "Verified"}))),
        Some(_) => Ok(lfs_json(422, &json!({"message": "Size mismatch"}))),
        None => Ok(lfs_json(404, &json!({"message": "Object not found"}))),
    }
}

/// One parsed NDJSON commit line.
enum Line {
    File {
        path: String,
        content: Vec<u8>,
    },
    Lfs {
        path: String,
        oid: String,
        size: Option<u64>,
    },
    Delete {
        path: String,
    },
    DeleteFolder {
        path: String,
    },
}

fn check_path(path: &str) -> Result<String, String> {
    let p = path.trim_start_matches('/');
    if p.is_empty() || p.split('/').any(|s| s == ".." || s == "." || s == ".git") {
        return Err(format!("Invalid path in repo: \"{path}\""));
    }
    Ok(p.to_string())
}

struct Header {
    summary: String,
    description: String,
    parent: Option<String>,
}

fn parse_ndjson(body: &[u8]) -> Result<(Header, Vec<Line>), String> {
    let text = std::str::from_utf8(body).map_err(|_| "The body is not UTF-8".to_string())?;
    let mut header: Option<Header> = None;
    let mut lines = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let n = n + 1;
        let v: Value =
            serde_json::from_str(raw).map_err(|e| format!("Line {n}: invalid JSON: {e}"))?;
        let key = v.get("key").and_then(Value::as_str).unwrap_or_default();
        let value = v
            .get("value")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("Line {n}: \"value\" must be an object"))?;
        let s = |k: &str| value.get(k).and_then(Value::as_str);
        let path = || {
            s("path")
                .ok_or_else(|| format!("Line {n}: \"path\" must be a string"))
                .and_then(|p| check_path(p).map_err(|e| format!("Line {n}: {e}")))
        };
        match key {
            "header" => {
                if header.is_some() || !lines.is_empty() {
                    return Err(format!("Line {n}: the header must come first, once"));
                }
                let summary = s("summary").unwrap_or_default().trim().to_string();
                if summary.is_empty() {
                    return Err("Commit summary is required".into());
                }
                let parent = s("parentCommit").map(str::to_string);
                if parent.as_deref().is_some_and(|p| !is_hex(p, 40)) {
                    return Err(format!("Line {n}: \"parentCommit\" must be a commit id"));
                }
                header = Some(Header {
                    summary,
                    description: s("description").unwrap_or_default().to_string(),
                    parent,
                });
            }
            _ if header.is_none() => {
                return Err(format!("Line {n}: the first line must be the header"))
            }
            "file" => {
                let content = s("content")
                    .ok_or_else(|| format!("Line {n}: \"content\" must be a string"))?;
                let content = match s("encoding").unwrap_or("utf-8") {
                    "base64" => base64::engine::general_purpose::STANDARD
                        .decode(content)
                        .map_err(|_| format!("Line {n}: invalid base64 content"))?,
                    "utf-8" | "utf8" => content.as_bytes().to_vec(),
                    other => return Err(format!("Line {n}: unknown encoding \"{other}\"")),
                };
                lines.push(Line::File {
                    path: path()?,
                    content,
                });
            }
            "lfsFile" => {
                let oid = s("oid").unwrap_or_default().to_string();
                if !is_hex(&oid, 64) || s("algo").is_some_and(|a| a != "sha256") {
                    return Err(format!("Line {n}: \"oid\" must be a sha256"));
                }
                let size = match value.get("size") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(
                        v.as_u64()
                            .ok_or_else(|| format!("Line {n}: \"size\" must be an integer"))?,
                    ),
                };
                lines.push(Line::Lfs {
                    path: path()?,
                    oid,
                    size,
                });
            }
            "deletedFile" => lines.push(Line::Delete { path: path()? }),
            "deletedFolder" => lines.push(Line::DeleteFolder { path: path()? }),
            other => return Err(format!("Line {n}: unknown key \"{other}\"")),
        }
    }
    let header = header.ok_or_else(|| "The commit has no header line".to_string())?;
    Ok((header, lines))
}

/// `POST /api/{type}s/{id}/commit/{rev}[?create_pr=1]` with an NDJSON body.
pub fn commit(ctx: &Ctx, t: RepoType, id: &str, rev: &str) -> ApiResult {
    let create_pr = ctx.query.flag("create_pr");
    // permissions and the revision first, so a read token gets its 403 whatever the body
    {
        let state = ctx.shared.store.read();
        let repo = visible_repo(&state, &ctx.ident, t, id)?;
        check_writer(&state, ctx, repo, create_pr)?;
        if repo.resolve_rev(rev).is_none() {
            return Err(ApiError::RevisionNotFound {
                rev: rev.to_string(),
            });
        }
    }
    let (header, lines) = parse_ndjson(&ctx.req.body).map_err(ApiError::BadRequest)?;
    // the card's metadata is verified like a push to the Hub is (see `check_card`)
    for line in &lines {
        if let Line::File { path, content } = line {
            if path == "README.md" {
                let text = String::from_utf8_lossy(content);
                let errors = check_card(&text, t).errors;
                if !errors.is_empty() {
                    let list: Vec<String> =
                        errors.iter().map(|e| format!("- Error: {e}")).collect();
                    let head = "Sorry, your push was rejected during YAML metadata verification:";
                    let mut resp = Response::json(
                        400,
                        &json!({ "error": format!("{head}\n{}", list.join("\n")) }),
                    );
                    resp.add_header("X-Error-Message", &format!("{head} {}", list.join(" ")));
                    return Ok(resp);
                }
            }
        }
    }
    // regular content goes to the blob store before the state lock is taken
    let mut changes = Vec::with_capacity(lines.len());
    let mut lfs_checks = Vec::new();
    for line in lines {
        match line {
            Line::File { path, content } => {
                let entry = ctx.shared.store.add_regular(&content)?;
                changes.push(Change::Put { path, entry });
            }
            Line::Lfs { path, oid, size } => {
                lfs_checks.push((changes.len(), path, oid, size));
                changes.push(Change::Delete {
                    path: String::new(),
                });
            }
            Line::Delete { path } => changes.push(Change::Delete { path }),
            Line::DeleteFolder { path } => changes.push(Change::DeleteFolder { path }),
        }
    }
    let author = ctx.ident.name().unwrap_or_default().to_string();
    let base = ctx.base_url();
    let web = format!("{base}/{}{id}", t.url_prefix());
    ctx.shared.store.write(|state: &mut State| -> ApiResult {
        for (i, path, oid, size) in lfs_checks {
            let Some(obj) = state.lfs_objects.get(&oid) else {
                return Err(ApiError::BadRequest(format!(
                    "Your push was rejected because an LFS pointer pointed to a file that does not exist. For instance: {path} ({oid})"
                )));
            };
            if size.is_some_and(|s| s != obj.size) {
                return Err(ApiError::BadRequest(format!(
                    "LFS object {oid} of {path} has size {}, not {}",
                    obj.size,
                    size.unwrap_or_default()
                )));
            }
            changes[i] = Change::Put {
                path,
                entry: lfs_entry(&oid, obj.size),
            };
        }
        let repo = visible_repo(state, &ctx.ident, t, id)?;
        let head = repo
            .resolve_rev(rev)
            .ok_or_else(|| ApiError::RevisionNotFound {
                rev: rev.to_string(),
            })?
            .id
            .clone();
        let branch = [rev.to_string(), format!("refs/heads/{rev}")]
            .into_iter()
            .find(|r| {
                (r.starts_with("refs/heads/") || r.starts_with("refs/pr/")) && repo.has_ref(r)
            });
        // deletions of paths that do not exist are refused like the Hub does
        let start_files = &repo.commits[&head].files;
        for c in &changes {
            match c {
                Change::Delete { path } if !start_files.contains_key(path) => {
                    return Ok(error_response_code(
                        404,
                        "EntryNotFound",
                        &format!("A file with this name doesn't exist: {path}"),
                    ));
                }
                Change::DeleteFolder { path } => {
                    let prefix = format!("{}/", path.trim_end_matches('/'));
                    if !start_files.keys().any(|k| k.starts_with(&prefix)) {
                        return Ok(error_response_code(
                            404,
                            "EntryNotFound",
                            &format!("A folder with this name doesn't exist: {path}"),
                        ));
                    }
                }
                _ => {}
            }
        }
        let date = now_iso();
        let new = NewCommit {
            title: header.summary.clone(),
            message: header.description.clone(),
            authors: vec![author.clone()],
            date: date.clone(),
            changes,
        };
        if create_pr {
            let parent = match &header.parent {
                Some(p) if repo.commits.contains_key(p) => p.clone(),
                Some(p) => {
                    return Err(ApiError::RevisionNotFound { rev: p.clone() });
                }
                None => head,
            };
            let num = open_pull_request(
                state,
                t,
                id,
                &header.summary,
                &header.description,
                &author,
                &date,
            )
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
            let repo = state
                .repo_mut(t, id)
                .ok_or(ApiError::RepoNotFound { anonymous: false })?;
            let oid = repo.apply_commit(&pr_ref(num), Parent::Commit(parent), new);
            return Ok(Response::json(
                200,
                &json!({"success": true, "commitOid": oid,
                        "commitUrl": format!("{web}/commit/{oid}"),
                        "pullRequestUrl": format!("{web}/discussions/{num}")}),
            ));
        }
        let Some(branch) = branch else {
            return Err(ApiError::BadRequest(format!(
                "Invalid rev id: {rev} is not a branch"
            )));
        };
        if header.parent.as_ref().is_some_and(|p| *p != head) {
            return Ok(error_response(
                412,
                "A commit has happened since. Please refresh and try again.",
            ));
        }
        let repo = state
            .repo_mut(t, id)
            .ok_or(ApiError::RepoNotFound { anonymous: false })?;
        let oid = repo.apply_commit(&branch, Parent::Commit(head), new);
        Ok(Response::json(
            200,
            &json!({"success": true, "commitOid": oid,
                    "commitUrl": format!("{web}/commit/{oid}"),
                    "pullRequestUrl": Value::Null}),
        ))
    })?
}

fn error_response_code(status: u16, code: &str, message: &str) -> Response {
    let mut resp = error_response(status, message);
    resp.add_header("X-Error-Code", code);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitattributes_patterns() {
        let ga = "*.bin filter=lfs diff=lfs merge=lfs -text\n\
                  saved_model/**/* filter=lfs diff=lfs merge=lfs -text\n\
                  *tfevents* filter=lfs diff=lfs merge=lfs -text\n";
        assert!(lfs_tracked(ga, "weights.bin"));
        assert!(lfs_tracked(ga, "a/b/weights.bin"));
        assert!(lfs_tracked(ga, "saved_model/x/y.pb"));
        assert!(lfs_tracked(ga, "runs/events.out.tfevents.1"));
        assert!(!lfs_tracked(ga, "config.json"));
        assert!(!lfs_tracked(ga, "bin/config.json"));
    }

    #[test]
    fn gitignore_patterns() {
        let gi = "*.tmp\nlogs/\n/build\n!keep.tmp\n";
        assert!(git_ignored(gi, "a.tmp"));
        assert!(git_ignored(gi, "x/a.tmp"));
        assert!(!git_ignored(gi, "keep.tmp"));
        assert!(git_ignored(gi, "logs/1.txt"));
        assert!(!git_ignored(gi, "logs"));
        assert!(git_ignored(gi, "build/out"));
        assert!(!git_ignored(gi, "src/build.rs"));
    }

    #[test]
    fn front_matter() {
        assert!(front_matter_errors("# no metadata\n").is_empty());
        assert!(front_matter_errors("---\nlicense: mit\ntags:\n- a\n- b\n---\n# x\n").is_empty());
        assert_eq!(front_matter_errors("---\nlicense: mit\n").len(), 1);
        let tabs = front_matter_errors("---\n\tlicense: mit\n---\n");
        assert_eq!(tabs, ["line 2: tabs are not allowed for indentation"]);
        let scalar = front_matter_errors("---\njust text\n---\n");
        assert!(scalar[0].contains("must be a mapping"), "{scalar:?}");
        let dup = front_matter_errors("---\na: 1\na: 2\n---\n");
        assert_eq!(dup.len(), 1);
        assert!(dup[0].contains("duplicated mapping key \"a\""), "{dup:?}");
        assert!(dup[0].starts_with("line 3"), "{dup:?}");
        let syntax = front_matter_errors("---\ntags: [a, b\n---\n");
        assert_eq!(syntax.len(), 1, "{syntax:?}");
        assert!(syntax[0].starts_with("line "), "{syntax:?}");
    }

    #[test]
    fn card_checks_per_repo_type() {
        let card = |yaml: &str, t| check_card(&format!("---\n{yaml}---\n# card\n"), t);
        assert_eq!(card("", RepoType::Model).warnings, [EMPTY_METADATA_WARNING]);
        assert!(card("", RepoType::Model).errors.is_empty());
        // shared fields
        assert!(card(
            "license: [mit, apache-2.0]\nlanguage: en\ntags: ~\n",
            RepoType::Model
        )
        .errors
        .is_empty());
        assert_eq!(
            card(
                "license: 3\ntags: {a: b}\nlanguage: [en, 1]\n",
                RepoType::Dataset
            )
            .errors,
            [
                "\"license\" must be a string or an array of strings",
                "\"tags\" must be a string or an array of strings",
                "\"language\" must be a string or an array of strings"
            ]
        );
        // model-index
        let good = "model-index:\n- name: m\n  results:\n  - task: {type: text-classification}\n    metrics: [{type: accuracy, value: 0.9}]\n";
        assert!(card(good, RepoType::Model).errors.is_empty());
        assert_eq!(
            card("model-index: {name: m}\n", RepoType::Model).errors,
            ["\"model-index\" must be an array"]
        );
        assert_eq!(
            card("model-index:\n- results:\n  - {}\n", RepoType::Model).errors,
            [
                "\"model-index[0].name\" is required",
                "\"model-index[0].results[0].task\" is required"
            ]
        );
        // Spaces
        assert!(card(
            "sdk: gradio\napp_file: app.py\nsdk_version: \"4.19.2\"\n",
            RepoType::Space
        )
        .errors
        .is_empty());
        assert_eq!(
            card(
                "sdk: flask\napp_file: [a]\nsdk_version: 4.19\n",
                RepoType::Space
            )
            .errors,
            [
                "\"sdk\" must be one of [gradio, streamlit, docker, static]",
                "\"app_file\" must be a string",
                "\"sdk_version\" must be a string"
            ]
        );
        // `sdk` means nothing on a model card
        assert!(card("sdk: flask\n", RepoType::Model).errors.is_empty());
        // datasets
        assert!(card(
            "configs:\n- config_name: default\n  data_files: data/*.csv\n",
            RepoType::Dataset
        )
        .errors
        .is_empty());
        assert_eq!(
            card("configs:\n- data_files: x\n- plain\n", RepoType::Dataset).errors,
            [
                "\"configs[0].config_name\" is required",
                "\"configs[1]\" must be an object"
            ]
        );
        assert_eq!(
            card("configs: default\n", RepoType::Dataset).errors,
            ["\"configs\" must be an array"]
        );
    }

    #[test]
    fn binary_samples() {
        assert!(!is_binary(b"hello"));
        assert!(is_binary(b"a\0b"));
        assert!(is_binary(&[0xff, 0xfe, 0x41]));
        assert!(!is_binary("é".as_bytes()[..1].as_ref()));
    }
}
