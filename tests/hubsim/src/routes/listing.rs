//! `GET /api/models`, `/api/datasets`, `/api/spaces`: filters, sorting, field selection and
//! Link pagination.

use super::repo_json::{self, View};
use super::Ctx;
use crate::auth::can_see;
use crate::dates::parse_iso;
use crate::errors::{ApiError, ApiResult};
use crate::paging;
use crate::query::parse_bool;
use crate::store::model::{Gated, Repo, RepoType, State};
use serde_json::Value;
use std::cmp::Ordering;

/// Reads the `expand` values (`expand=a&expand=b`, also `expand[]=`), checking them.
pub fn expand_fields<'q>(ctx: &'q Ctx, t: RepoType) -> Result<Vec<&'q str>, ApiError> {
    let mut out = ctx.query.all("expand");
    out.extend(ctx.query.all("expand[]"));
    let allowed = repo_json::expandable(t);
    for e in &out {
        if !allowed.contains(e) {
            return Err(ApiError::BadRequest(format!(
                "\"expand\" must be one of [{}]",
                allowed.join(", ")
            )));
        }
    }
    Ok(out)
}

fn matches(state: &State, ctx: &Ctx, repo: &Repo) -> bool {
    let q = &ctx.query;
    let id_lower = repo.id.to_ascii_lowercase();
    if !q
        .all("search")
        .iter()
        .all(|s| id_lower.contains(&s.to_ascii_lowercase()))
    {
        return false;
    }
    if let Some(a) = q.get("author") {
        if !repo.namespace().eq_ignore_ascii_case(a) {
            return false;
        }
    }
    let tags: Vec<String> = repo_json::computed_tags(repo)
        .into_iter()
        .map(|t| t.to_ascii_lowercase())
        .collect();
    let has_tag = |f: &str| tags.contains(&f.to_ascii_lowercase());
    if !q
        .all("filter")
        .iter()
        .all(|f| f.split(',').all(|part| has_tag(part.trim())))
    {
        return false;
    }
    if let Some(p) = q.get("pipeline_tag") {
        if repo.meta.pipeline_tag.as_deref() != Some(p) {
            return false;
        }
    }
    if let Some(g) = q.get("gated").and_then(parse_bool) {
        if g != (repo.gated != Gated::No) {
            return false;
        }
    }
    if repo.repo_type == RepoType::Space {
        let m = &repo.meta;
        if q.flag("linked") && m.models.is_empty() && m.datasets.is_empty() {
            return false;
        }
        if !q
            .all("models")
            .iter()
            .all(|x| m.models.iter().any(|y| y == x))
        {
            return false;
        }
        if !q
            .all("datasets")
            .iter()
            .all(|x| m.datasets.iter().any(|y| y == x))
        {
            return false;
        }
    }
    can_see(state, &ctx.ident, repo)
}

/// Accepted `sort` values (the Hub's camelCase names and the client's snake_case ones).
const SORTS: &[&str] = &[
    "downloads",
    "downloadsAllTime",
    "likes",
    "trendingScore",
    "trending_score",
    "trending",
    "createdAt",
    "created_at",
    "lastModified",
    "last_modified",
    "id",
];

enum SortKey {
    Number(i64),
    Text(String),
}

fn sort_key(state: &State, repo: &Repo, sort: &str) -> SortKey {
    let m = &repo.meta;
    match sort {
        "downloads" | "downloadsAllTime" => SortKey::Number(m.downloads as i64),
        "likes" => SortKey::Number(state.like_count(repo.repo_type, &repo.id) as i64),
        "trendingScore" | "trending_score" | "trending" => SortKey::Number(m.trending_score),
        "createdAt" | "created_at" => SortKey::Number(parse_iso(&repo.created_at).unwrap_or(0)),
        "lastModified" | "last_modified" => {
            let head = repo.resolve_rev("main");
            SortKey::Number(parse_iso(&repo_json::last_modified(repo, head)).unwrap_or(0))
        }
        _ => SortKey::Text(repo.id.to_ascii_lowercase()),
    }
}

fn compare(a: &SortKey, b: &SortKey) -> Ordering {
    match (a, b) {
        (SortKey::Number(x), SortKey::Number(y)) => x.cmp(y),
        (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// `GET /api/{models,datasets,spaces}`.
pub fn list(ctx: &Ctx, t: RepoType) -> ApiResult {
    let expand = expand_fields(ctx, t)?;
    let limit = ctx.query.usize("limit").map_err(ApiError::BadRequest)?;
    let sort = ctx.query.get("sort");
    if let Some(s) = sort {
        if !SORTS.contains(&s) {
            return Err(ApiError::BadRequest(format!("Invalid sort parameter: {s}")));
        }
    }
    // default: ascending by id without `sort`; descending for a sort key (ascending for `id`)
    let descending = match ctx.query.get("direction").map(str::trim) {
        Some("-1") => true,
        Some("1") => false,
        Some(other) => {
            return Err(ApiError::BadRequest(format!("Invalid direction: {other}")));
        }
        None => sort.is_some_and(|s| s != "id"),
    };
    let state = ctx.shared.store.read();
    let sort = sort.unwrap_or("id");
    let mut keyed: Vec<(SortKey, &Repo)> = state
        .repos
        .values()
        .filter(|r| r.repo_type == t && matches(&state, ctx, r))
        .map(|r| (sort_key(&state, r, sort), r))
        .collect();
    keyed.sort_by(|(ka, ra), (kb, rb)| {
        let o = compare(ka, kb);
        let o = if descending { o.reverse() } else { o };
        o.then_with(|| ra.id.cmp(&rb.id))
    });
    let mut keys: Vec<&str> = Vec::new();
    if expand.is_empty() {
        keys.extend(repo_json::light_keys(t));
        if ctx.query.flag("full") {
            keys.extend(repo_json::FULL_KEYS);
        }
        if ctx.query.flag("cardData") {
            keys.push("cardData");
        }
        if ctx.query.flag("config") && t == RepoType::Model {
            keys.push("config");
        }
    } else {
        keys.extend(["_id", "id"]);
        keys.extend(expand.iter().copied());
    }
    let repos: Vec<&Repo> = keyed.into_iter().map(|(_, r)| r).collect();
    paging::page(
        ctx.req,
        &ctx.base_url(),
        repos,
        ctx.shared.page_sizes.listing,
        limit,
        |repo| {
            let view = View {
                state: &state,
                store: &ctx.shared.store,
                ident: &ctx.ident,
                repo,
                commit: repo.resolve_rev("main"),
                blobs: false,
            };
            Value::Object(repo_json::object(&view, &keys))
        },
    )
}
