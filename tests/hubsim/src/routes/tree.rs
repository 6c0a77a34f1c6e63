//! `GET …/tree/{rev}[/{path}]` and `POST …/paths-info/{rev}`.

use super::repo::resolve_commit;
use super::{split_rev, Ctx};
use crate::auth::visible_repo;
use crate::errors::{ApiError, ApiResult};
use crate::http::Response;
use crate::paging;
use crate::query::{parse_bool, Query};
use crate::store::model::{Commit, FileEntry, Repo, RepoType};
use crate::store::tree::{self, Node};
use serde_json::{json, Map, Value};

/// A tree entry as the Hub serialises it (`expand` adds `lastCommit`, and for files both the
/// 0.22-era `security` and the newer `securityFileStatus`).
pub fn entry_json(repo: &Repo, commit: &Commit, node: &Node, expand: bool) -> Value {
    let mut m = Map::new();
    match node {
        Node::File { path, entry } => {
            m.insert("type".into(), json!("file"));
            m.insert("oid".into(), json!(entry.oid()));
            m.insert("size".into(), json!(entry.size()));
            m.insert("path".into(), json!(path));
            if let FileEntry::Lfs {
                sha256,
                size,
                pointer_size,
                ..
            } = entry
            {
                m.insert(
                    "lfs".into(),
                    json!({"oid": sha256, "size": size, "pointerSize": pointer_size}),
                );
            }
        }
        Node::Dir { path } => {
            m.insert("type".into(), json!("directory"));
            m.insert("oid".into(), json!(tree::tree_oid(&commit.files, path)));
            m.insert("size".into(), json!(0));
            m.insert("path".into(), json!(path));
        }
    }
    if expand {
        if let Some(last) = repo.last_commit_for(commit, node.path()) {
            m.insert(
                "lastCommit".into(),
                json!({"id": last.id, "title": last.title, "date": last.date}),
            );
        }
        if let Node::File { path, entry } = node {
            let name = path.rsplit('/').next().unwrap_or(path);
            m.insert(
                "security".into(),
                json!({
                    "blobId": entry.oid(),
                    "name": name,
                    "safe": true,
                    "avScan": {"virusFound": false, "virusNames": null},
                    "pickleImportScan": null,
                    "repositoryId": format!("{}/{}", repo.repo_type.plural(), repo.id),
                }),
            );
            // the key newer Hub versions send instead (read by huggingface_hub ≥ 0.27)
            m.insert(
                "securityFileStatus".into(),
                json!({
                    "status": "safe",
                    "avScan": {"virusFound": false, "virusNames": null},
                    "pickleImportScan": null,
                }),
            );
        }
    }
    Value::Object(m)
}

/// `GET /api/{type}s/{id}/tree/{rev}[/{path}]` (`segs` = decoded segments after `tree`).
pub fn tree(ctx: &Ctx, t: RepoType, id: &str, segs: &[&str]) -> ApiResult {
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let (rev, rest) =
        split_rev(repo, segs).ok_or_else(|| ApiError::BadRequest("missing revision".into()))?;
    let commit = resolve_commit(repo, Some(&rev))?;
    let path = rest.join("/");
    let path = path.trim_matches('/');
    let recursive = ctx.query.flag("recursive");
    let expand = ctx.query.flag("expand");
    let nodes = tree::list(&commit.files, path, recursive).ok_or(ApiError::EntryNotFound {
        commit: Some(commit.id.clone()),
    })?;
    let sizes = ctx.shared.page_sizes;
    let page_size = if expand {
        sizes.tree_expand
    } else {
        sizes.tree
    };
    let limit = ctx.query.usize("limit").map_err(ApiError::BadRequest)?;
    paging::page(ctx.req, &ctx.base_url(), nodes, page_size, limit, |n| {
        entry_json(repo, commit, &n, expand)
    })
}

/// `POST /api/{type}s/{id}/paths-info/{rev}` with a form body (`paths=…&paths=…&expand=…`)
/// or a JSON body (`{"paths": […], "expand": …}`).
pub fn paths_info(ctx: &Ctx, t: RepoType, id: &str, rev: &str) -> ApiResult {
    let body = &ctx.req.body;
    let is_json = ctx
        .req
        .header("content-type")
        .is_some_and(|c| c.contains("json"))
        || body.first() == Some(&b'{');
    let (paths, expand): (Vec<String>, bool) = if is_json {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::BadRequest(format!("Invalid JSON body: {e}")))?;
        let paths = match v.get("paths") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let expand = match v.get("expand") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => parse_bool(s).unwrap_or(false),
            _ => false,
        };
        (paths, expand)
    } else {
        let form = Query::parse(std::str::from_utf8(body).ok());
        let mut paths: Vec<String> = form.all("paths").into_iter().map(str::to_string).collect();
        paths.extend(form.all("paths[]").into_iter().map(str::to_string));
        (paths, form.flag("expand") || ctx.query.flag("expand"))
    };
    let state = ctx.shared.store.read();
    let repo = visible_repo(&state, &ctx.ident, t, id)?;
    let commit = resolve_commit(repo, Some(rev))?;
    let mut seen = std::collections::HashSet::new();
    let items: Vec<Value> = paths
        .iter()
        .map(|p| p.trim_matches('/'))
        .filter(|p| seen.insert(p.to_string()))
        .filter_map(|p| tree::lookup(&commit.files, p))
        .map(|n| entry_json(repo, commit, &n, expand))
        .collect();
    Ok(Response::json(200, &Value::Array(items)))
}
