//! Routing: path segments → handlers. Every handler returns `Result<Response, ApiError>`.

pub mod access;
pub mod collections;
pub mod control;
pub mod discussions;
pub mod endpoints;
pub mod gitrefs;
pub mod listing;
pub mod manage;
pub mod meta;
pub mod repo;
pub mod repo_json;
pub mod resolve;
pub mod spaces;
pub mod tree;
pub mod upload;
pub mod users;

use crate::auth::{identify, Identity};
use crate::errors::{ApiError, ApiResult};
use crate::http::{Request, Response};
use crate::query::{path_decode, Query};
use crate::server::Shared;
use crate::store::model::RepoType;

/// What a handler gets.
pub struct Ctx<'a> {
    /// Server state.
    pub shared: &'a Shared,
    /// The request.
    pub req: &'a Request,
    /// Parsed query string.
    pub query: Query,
    /// The caller.
    pub ident: Identity,
}

impl Ctx<'_> {
    /// `http://host` as the client addressed us (from `Host`), used in absolute URLs.
    pub fn base_url(&self) -> String {
        match self.req.header("host") {
            Some(h) if !h.is_empty() => format!("http://{h}"),
            _ => format!("http://{}", self.shared.addr()),
        }
    }

    /// Whether this is a GET or a HEAD.
    pub fn is_read(&self) -> bool {
        self.req.method == "GET" || self.req.method == "HEAD"
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound("Sorry, we can't find the page you are looking for.".into())
}

/// Routes a request (control routes are handled before this).
pub fn dispatch(shared: &Shared, req: &Request) -> Response {
    route(shared, req).unwrap_or_else(ApiError::into_response)
}

fn route(shared: &Shared, req: &Request) -> ApiResult {
    let segs: Vec<String> = req
        .path
        .trim_start_matches('/')
        .split('/')
        .map(path_decode)
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let query = Query::parse(req.query.as_deref());
    let method = if req.method == "HEAD" {
        "GET"
    } else {
        req.method.as_str()
    };
    // the CDN host ignores Hub credentials (its URLs are "pre-signed")
    if s.first() == Some(&"_cdn") {
        let ctx = Ctx {
            shared,
            req,
            query,
            ident: Identity::Anonymous,
        };
        return match (method, &s[1..]) {
            ("GET", [sha]) => resolve::cdn(&ctx, sha),
            ("PUT", ["upload", sha]) => upload::storage_put(&ctx, sha),
            ("PUT", ["upload-part", id, part]) => upload::part_put(&ctx, id, part),
            _ => Err(not_found()),
        };
    }
    let ident = identify(&shared.store.read(), req)?;
    let ctx = Ctx {
        shared,
        req,
        query,
        ident,
    };
    // `/api/{models,datasets,spaces}…` and `/{datasets,spaces}/…/resolve/…` carry a repo type
    let api_type = s.get(1).and_then(|t| RepoType::from_plural(t));
    let prefix_type = s.first().and_then(|t| RepoType::from_plural(t));
    match (method, s.as_slice()) {
        ("GET", ["api", "whoami-v2"]) => users::whoami(&ctx),
        ("GET", ["api", "models-tags-by-type"]) => meta::tags_by_type(RepoType::Model),
        ("GET", ["api", "datasets-tags-by-type"]) => meta::tags_by_type(RepoType::Dataset),
        ("GET", ["api", "metrics"]) => meta::metrics(),
        ("GET", ["api", "users", user, what]) => users::user_route(&ctx, user, what),
        ("GET", ["api", "organizations", org, what]) => users::org_route(&ctx, org, what),
        ("POST", ["api", "complete_multipart"]) => upload::complete_multipart(&ctx),
        ("POST", ["api", "validate-yaml"]) => upload::validate_yaml(&ctx),
        ("POST", ["api", "repos", "create"]) => manage::create(&ctx),
        ("DELETE", ["api", "repos", "delete"]) => manage::delete(&ctx),
        ("POST", ["api", "repos", "move"]) => manage::move_repo(&ctx),
        (_, ["_endpoints", "v2", "endpoint", rest @ ..]) => endpoints::route(&ctx, method, rest),
        (_, ["api", "spaces", ns, name, rest @ ..]) if spaces::handles(method, rest) => {
            spaces::route(&ctx, method, &format!("{ns}/{name}"), rest)
        }
        (_, ["api", "collections", rest @ ..]) => collections::route(&ctx, method, rest),
        (_, ["api", _, ns, name, "discussions", rest @ ..]) if api_type.is_some() => {
            let t = api_type.unwrap_or(RepoType::Model);
            discussions::route(&ctx, method, t, &format!("{ns}/{name}"), rest)
        }
        ("GET", ["api", _]) => match api_type {
            Some(t) => listing::list(&ctx, t),
            None => Err(not_found()),
        },
        (_, ["api", _, ns, name, rest @ ..]) => match api_type {
            Some(t) => repo::repo_api(&ctx, method, t, &format!("{ns}/{name}"), rest),
            None => Err(not_found()),
        },
        ("GET", [_, ns, name, "resolve", rest @ ..])
            if prefix_type.is_some_and(|t| t != RepoType::Model) =>
        {
            let t = prefix_type.unwrap_or(RepoType::Model);
            resolve::resolve(&ctx, t, &format!("{ns}/{name}"), rest)
        }
        ("GET", [ns, name, "resolve", rest @ ..]) => {
            resolve::resolve(&ctx, RepoType::Model, &format!("{ns}/{name}"), rest)
        }
        ("POST", [_, ns, name, "info", "lfs", "objects", op])
            if prefix_type.is_some_and(|t| t != RepoType::Model) && name.ends_with(".git") =>
        {
            let t = prefix_type.unwrap_or(RepoType::Model);
            let id = format!("{ns}/{}", name.trim_end_matches(".git"));
            upload::lfs_route(&ctx, t, &id, op)
        }
        ("POST", [ns, name, "info", "lfs", "objects", op]) if name.ends_with(".git") => {
            let id = format!("{ns}/{}", name.trim_end_matches(".git"));
            upload::lfs_route(&ctx, RepoType::Model, &id, op)
        }
        _ => Err(not_found()),
    }
}

/// Splits `[rev, path…]` segments into the revision and the rest. The revision is one
/// (percent-decoded) segment, except that an unencoded `refs/<kind>/<name>` naming an existing
/// ref is accepted too.
pub fn split_rev<'a>(
    repo: &crate::store::model::Repo,
    segs: &'a [&'a str],
) -> Option<(String, &'a [&'a str])> {
    let first = segs.first()?;
    if *first == "refs" && segs.len() >= 3 {
        let joined = segs[..3].join("/");
        if repo.has_ref(&joined) {
            return Some((joined, &segs[3..]));
        }
    }
    Some((first.to_string(), &segs[1..]))
}
