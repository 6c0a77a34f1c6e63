//! Collections: `/api/collections[/{namespace}/{slug}[/items[/{item_object_id}]]]`.
//!
//! Slugs are `{namespace}/{slugified title}-{24 hex}`; a collection is found by its trailing
//! object id (the title part may be stale) within its namespace. Private collections are
//! visible to members of their namespace only (404 to everyone else). Listings are
//! `Link`-paginated, carry at most 4 items per collection and no `position`. Mutations need a
//! write token of the owner (or an `admin`/`write` member of the owning org).

use super::repo_json::last_modified;
use super::{not_found, Ctx};
use crate::auth::{can_see, namespace_role, Identity};
use crate::dates::{now_iso, parse_iso};
use crate::errors::{ApiError, ApiResult};
use crate::hash::object_id;
use crate::http::Response;
use crate::paging;
use crate::store::community::{slugify, Collection, CollectionItem, THEMES};
use crate::store::model::{RepoType, Role, State, TokenRole};
use serde_json::{json, Map, Value};

/// Dispatches `rest` = the segments after `/api/collections`.
pub fn route(ctx: &Ctx, method: &str, rest: &[&str]) -> ApiResult {
    match (method, rest) {
        ("GET", []) => list(ctx),
        ("POST", []) => create(ctx),
        ("GET", [ns, slug]) => get(ctx, &format!("{ns}/{slug}")),
        ("PATCH", [ns, slug]) => update(ctx, &format!("{ns}/{slug}")),
        ("DELETE", [ns, slug]) => delete(ctx, &format!("{ns}/{slug}")),
        ("POST", [ns, slug, "items"]) => add_item(ctx, &format!("{ns}/{slug}")),
        ("PATCH", [ns, slug, "items", item]) => update_item(ctx, &format!("{ns}/{slug}"), item),
        ("DELETE", [ns, slug, "items", item]) => delete_item(ctx, &format!("{ns}/{slug}"), item),
        _ => Err(not_found()),
    }
}

fn collection_not_found() -> ApiError {
    ApiError::NotFound("Collection not found".into())
}

fn can_see_collection(state: &State, ident: &Identity, c: &Collection) -> bool {
    !c.private || namespace_role(state, ident, &c.namespace).is_some()
}

/// The caller's name when they may change `namespace`'s collections (401 anonymous, 403 read
/// token or not a writer of the namespace).
fn require_owner(state: &State, ident: &Identity, namespace: &str) -> Result<String, ApiError> {
    let name = match ident {
        Identity::Anonymous => return Err(ApiError::AuthRequired),
        Identity::User {
            role: TokenRole::Read,
            ..
        } => return Err(ApiError::Forbidden(
            "You don't have the rights to perform this operation: this token has read access only."
                .into(),
        )),
        Identity::User { name, .. } => name.clone(),
    };
    match namespace_role(state, ident, namespace) {
        Some(Role::Admin | Role::Write) => Ok(name),
        _ => Err(ApiError::Forbidden(format!(
            "You don't have the rights to manage the collections of \"{namespace}\""
        ))),
    }
}

fn body(ctx: &Ctx) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(&ctx.req.body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::BadRequest("Expected a JSON object".into())),
        Err(e) => Err(ApiError::BadRequest(format!("Invalid JSON body: {e}"))),
    }
}

fn opt_string(m: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::BadRequest(format!("\"{key}\" must be a string"))),
    }
}

fn opt_bool(m: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::BadRequest(format!("\"{key}\" must be a boolean"))),
    }
}

fn opt_position(m: &Map<String, Value>) -> Result<Option<u64>, ApiError> {
    match m.get("position") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| {
            ApiError::BadRequest("\"position\" must be a non-negative integer".into())
        }),
    }
}

fn check_title(title: &str) -> Result<String, ApiError> {
    let t = title.trim();
    if t.is_empty() || t.chars().count() > 60 {
        return Err(ApiError::BadRequest(
            "Title must be between 1 and 60 characters long".into(),
        ));
    }
    Ok(t.to_string())
}

fn check_note(note: &str) -> Result<(), ApiError> {
    if note.chars().count() > 500 {
        return Err(ApiError::BadRequest(
            "Note must be at most 500 characters long".into(),
        ));
    }
    Ok(())
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The owner object (user or org).
fn owner_json(state: &State, namespace: &str) -> Value {
    if let Some(u) = state.users.get(namespace) {
        return json!({
            "_id": object_id(&format!("user:{}", u.name)),
            "avatarUrl": u.avatar_url,
            "fullname": u.fullname,
            "name": u.name,
            "type": "user",
            "isPro": u.is_pro,
            "isHf": false,
        });
    }
    match state.orgs.get(namespace) {
        Some(o) => json!({
            "_id": object_id(&format!("org:{}", o.name)),
            "avatarUrl": o.avatar_url,
            "fullname": o.fullname,
            "name": o.name,
            "type": "org",
            "isEnterprise": false,
        }),
        None => json!({"name": namespace, "type": "user"}),
    }
}

/// One item as the Hub serves it, or `None` when its target is gone or invisible.
fn item_json(
    state: &State,
    ident: &Identity,
    item: &CollectionItem,
    position: usize,
) -> Option<Value> {
    let mut m = Map::new();
    m.insert("_id".into(), json!(item.object_id));
    m.insert("position".into(), json!(position));
    m.insert("type".into(), json!(item.item_type));
    if let Some(note) = &item.note {
        m.insert(
            "note".into(),
            json!({"html": html_escape(note), "text": note}),
        );
    }
    match item.item_type.as_str() {
        "model" | "dataset" | "space" => {
            let t = RepoType::from_singular(&item.item_type)?;
            let repo = state.repo(t, &item.item_id)?;
            if !can_see(state, ident, repo) {
                return None;
            }
            m.insert("id".into(), json!(repo.id));
            m.insert("author".into(), json!(repo.namespace()));
            m.insert(
                "lastModified".into(),
                json!(last_modified(repo, repo.resolve_rev("main"))),
            );
            m.insert("likes".into(), json!(state.like_count(t, &repo.id)));
            m.insert("private".into(), json!(repo.private));
            m.insert("repoType".into(), json!(t.singular()));
            m.insert("gated".into(), repo.gated.to_json());
            m.insert(
                "isLikedByUser".into(),
                json!(ident.name().is_some_and(|me| {
                    state
                        .likes
                        .iter()
                        .any(|l| l.user == me && l.repo_type == t && l.repo_id == repo.id)
                })),
            );
            match t {
                RepoType::Space => {
                    if let Some(sdk) = &repo.meta.sdk {
                        m.insert("sdk".into(), json!(sdk));
                    }
                    let title = repo
                        .meta
                        .card_data
                        .as_ref()
                        .and_then(|c| c.get("title"))
                        .cloned()
                        .unwrap_or_else(|| json!(repo.id.split('/').nth(1)));
                    m.insert("title".into(), title);
                }
                _ => {
                    m.insert("downloads".into(), json!(repo.meta.downloads));
                    if let Some(p) = &repo.meta.pipeline_tag {
                        m.insert("pipeline_tag".into(), json!(p));
                    }
                }
            }
        }
        "paper" => {
            m.insert("id".into(), json!(item.item_id));
            m.insert("title".into(), json!(format!("arXiv:{}", item.item_id)));
            m.insert("upvotes".into(), json!(0));
            m.insert("publishedAt".into(), json!(item.added_at));
            m.insert(
                "thumbnailUrl".into(),
                json!(format!(
                    "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{}.png",
                    item.item_id
                )),
            );
        }
        "collection" => {
            let target = state.collections.by_id.get(&item.item_id)?;
            if !can_see_collection(state, ident, target) {
                return None;
            }
            m.insert("id".into(), json!(target.id));
            m.insert("slug".into(), json!(target.slug()));
            m.insert("title".into(), json!(target.title));
            if let Some(d) = &target.description {
                m.insert("description".into(), json!(d));
            }
            m.insert("lastUpdated".into(), json!(target.last_updated));
            m.insert("numberItems".into(), json!(target.items.len()));
            m.insert("owner".into(), owner_json(state, &target.namespace));
            m.insert("theme".into(), json!(target.theme));
            m.insert("upvotes".into(), json!(target.upvotes));
            m.insert("private".into(), json!(target.private));
        }
        _ => return None,
    }
    Some(Value::Object(m))
}

/// A collection as the Hub serves it; listings leave out `position` and keep 4 items.
fn collection_json(state: &State, ident: &Identity, c: &Collection, listing: bool) -> Value {
    let mut m = Map::new();
    m.insert("slug".into(), json!(c.slug()));
    m.insert("title".into(), json!(c.title));
    if let Some(d) = &c.description {
        m.insert("description".into(), json!(d));
    }
    m.insert("owner".into(), owner_json(state, &c.namespace));
    m.insert("lastUpdated".into(), json!(c.last_updated));
    if !listing {
        m.insert("position".into(), json!(c.position));
    }
    m.insert("private".into(), json!(c.private));
    m.insert("theme".into(), json!(c.theme));
    m.insert("upvotes".into(), json!(c.upvotes));
    m.insert("isUpvotedByUser".into(), json!(false));
    let items: Vec<Value> = c
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| item_json(state, ident, it, i))
        .take(if listing { 4 } else { usize::MAX })
        .collect();
    m.insert("items".into(), Value::Array(items));
    Value::Object(m)
}

/// `models/{id}` → (`model`, id); also datasets, spaces, papers and collections.
fn parse_item_filter(s: &str) -> Result<(&'static str, &str), ApiError> {
    let (kind, id) = s
        .split_once('/')
        .ok_or_else(|| ApiError::BadRequest(format!("Invalid item filter \"{s}\"")))?;
    let kind = match kind {
        "models" => "model",
        "datasets" => "dataset",
        "spaces" => "space",
        "papers" => "paper",
        "collections" => "collection",
        _ => return Err(ApiError::BadRequest(format!("Invalid item filter \"{s}\""))),
    };
    Ok((kind, id))
}

fn item_matches(state: &State, it: &CollectionItem, kind: &str, id: &str) -> bool {
    if it.item_type != kind {
        return false;
    }
    if kind == "collection" {
        let target = state.collections.by_slug(id).map(|c| c.id.as_str());
        return it.item_id == id || target == Some(it.item_id.as_str());
    }
    it.item_id == id
}

fn list(ctx: &Ctx) -> ApiResult {
    let owners = ctx.query.all("owner");
    let filters: Vec<(&str, &str)> = ctx
        .query
        .all("item")
        .into_iter()
        .map(parse_item_filter)
        .collect::<Result<_, _>>()?;
    let sort = ctx.query.get("sort").unwrap_or("lastModified");
    if !["lastModified", "trending", "upvotes"].contains(&sort) {
        return Err(ApiError::BadRequest(format!(
            "Invalid sort \"{sort}\": expected lastModified, trending or upvotes"
        )));
    }
    let q = ctx.query.get("q").map(str::to_lowercase);
    let limit = ctx.query.usize("limit").map_err(ApiError::BadRequest)?;
    let state = ctx.shared.store.read();
    let mut found: Vec<&Collection> = state
        .collections
        .by_id
        .values()
        .filter(|c| can_see_collection(&state, &ctx.ident, c))
        .filter(|c| owners.is_empty() || owners.contains(&c.namespace.as_str()))
        .filter(|c| {
            filters.is_empty()
                || filters
                    .iter()
                    .any(|(k, id)| c.items.iter().any(|it| item_matches(&state, it, k, id)))
        })
        .filter(|c| {
            q.as_ref()
                .is_none_or(|q| c.title.to_lowercase().contains(q.as_str()))
        })
        .collect();
    let updated = |c: &Collection| parse_iso(&c.last_updated).unwrap_or(0);
    found.sort_by(|a, b| {
        let primary = match sort {
            "upvotes" | "trending" => b.upvotes.cmp(&a.upvotes),
            _ => std::cmp::Ordering::Equal,
        };
        primary
            .then_with(|| updated(b).cmp(&updated(a)))
            .then_with(|| a.id.cmp(&b.id))
    });
    let items: Vec<Value> = found
        .into_iter()
        .map(|c| collection_json(&state, &ctx.ident, c, true))
        .collect();
    drop(state);
    paging::page_json(
        ctx.req,
        &ctx.base_url(),
        items,
        ctx.shared.page_sizes.listing,
        limit,
    )
}

/// The id of the collection `slug` names, if the caller may see it (404 otherwise).
fn visible_id(state: &State, ident: &Identity, slug: &str) -> Result<String, ApiError> {
    state
        .collections
        .by_slug(slug)
        .filter(|c| can_see_collection(state, ident, c))
        .map(|c| c.id.clone())
        .ok_or_else(collection_not_found)
}

fn render(ctx: &Ctx, id: &str) -> Result<Value, ApiError> {
    let state = ctx.shared.store.read();
    let c = state
        .collections
        .by_id
        .get(id)
        .ok_or_else(collection_not_found)?;
    Ok(collection_json(&state, &ctx.ident, c, false))
}

fn get(ctx: &Ctx, slug: &str) -> ApiResult {
    let id = visible_id(&ctx.shared.store.read(), &ctx.ident, slug)?;
    Ok(Response::json(200, &render(ctx, &id)?))
}

/// 409 with the existing collection's slug in the body (read by `create_collection(exists_ok=True)`).
fn exists_response(slug: &str) -> Response {
    let message = "A collection with this title already exists";
    let mut r = Response::json(409, &json!({"error": message, "slug": slug}));
    r.add_header("X-Error-Message", message);
    r
}

fn same_title(state: &State, namespace: &str, title: &str, except: Option<&str>) -> Option<String> {
    let slug = slugify(title);
    state
        .collections
        .by_id
        .values()
        .find(|c| {
            c.namespace == namespace && slugify(&c.title) == slug && Some(c.id.as_str()) != except
        })
        .map(Collection::slug)
}

fn create(ctx: &Ctx) -> ApiResult {
    let b = body(ctx)?;
    let title = check_title(
        &opt_string(&b, "title")?
            .ok_or_else(|| ApiError::BadRequest("\"title\" is required".into()))?,
    )?;
    let namespace = opt_string(&b, "namespace")?
        .ok_or_else(|| ApiError::BadRequest("\"namespace\" is required".into()))?;
    let private = opt_bool(&b, "private")?.unwrap_or(false);
    let description = opt_string(&b, "description")?;
    let ident = ctx.ident.clone();
    let now = now_iso();
    let created = ctx.shared.store.write(|state| {
        if !state.users.contains_key(&namespace) && !state.orgs.contains_key(&namespace) {
            return Err(ApiError::NotFound(format!(
                "Namespace \"{namespace}\" not found"
            )));
        }
        require_owner(state, &ident, &namespace)?;
        if let Some(slug) = same_title(state, &namespace, &title, None) {
            return Ok(Err(slug));
        }
        let id = state.collections.new_id("collection");
        let theme = THEMES[usize::from_str_radix(&id[..2], 16).unwrap_or(0) % THEMES.len()];
        let position = state
            .collections
            .by_id
            .values()
            .filter(|c| c.namespace == namespace)
            .count() as u64;
        state.collections.by_id.insert(
            id.clone(),
            Collection {
                id: id.clone(),
                namespace: namespace.clone(),
                title: title.clone(),
                description: description.clone(),
                private,
                theme: theme.to_string(),
                position,
                upvotes: 0,
                created_at: now.clone(),
                last_updated: now.clone(),
                items: Vec::new(),
            },
        );
        Ok(Ok(id))
    })??;
    match created {
        Ok(id) => Ok(Response::json(200, &render(ctx, &id)?)),
        Err(slug) => Ok(exists_response(&slug)),
    }
}

/// Runs a change on a visible collection the caller may manage, then stamps `lastUpdated`.
fn change<R>(
    ctx: &Ctx,
    slug: &str,
    f: impl FnOnce(&mut State, &str) -> Result<R, ApiError>,
) -> Result<R, ApiError> {
    let ident = ctx.ident.clone();
    let now = now_iso();
    ctx.shared.store.write(|state| {
        let id = visible_id(state, &ident, slug)?;
        let ns = state.collections.by_id[&id].namespace.clone();
        require_owner(state, &ident, &ns)?;
        let out = f(state, &id)?;
        if let Some(c) = state.collections.by_id.get_mut(&id) {
            c.last_updated = now;
        }
        Ok(out)
    })?
}

fn update(ctx: &Ctx, slug: &str) -> ApiResult {
    let b = body(ctx)?;
    let title = opt_string(&b, "title")?
        .map(|t| check_title(&t))
        .transpose()?;
    let description = opt_string(&b, "description")?;
    let private = opt_bool(&b, "private")?;
    let theme = opt_string(&b, "theme")?;
    if let Some(t) = &theme {
        if !THEMES.contains(&t.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "Invalid theme \"{t}\": expected one of {}",
                THEMES.join(", ")
            )));
        }
    }
    let position = opt_position(&b)?;
    let id = change(ctx, slug, |state, id| {
        let ns = state.collections.by_id[id].namespace.clone();
        if let Some(t) = &title {
            if same_title(state, &ns, t, Some(id)).is_some() {
                return Err(ApiError::Conflict(
                    "A collection with this title already exists".into(),
                ));
            }
        }
        if let Some(c) = state.collections.by_id.get_mut(id) {
            if let Some(t) = title {
                c.title = t;
            }
            if let Some(d) = description {
                c.description = (!d.is_empty()).then_some(d);
            }
            if let Some(p) = private {
                c.private = p;
            }
            if let Some(t) = theme {
                c.theme = t;
            }
        }
        if let Some(p) = position {
            state.collections.move_to(id, p);
        }
        Ok(id.to_string())
    })?;
    Ok(Response::json(
        200,
        &json!({"success": true, "data": render(ctx, &id)?}),
    ))
}

fn delete(ctx: &Ctx, slug: &str) -> ApiResult {
    let ident = ctx.ident.clone();
    ctx.shared.store.write(|state| {
        let id = visible_id(state, &ident, slug)?;
        let ns = state.collections.by_id[&id].namespace.clone();
        require_owner(state, &ident, &ns)?;
        state.collections.by_id.remove(&id);
        // items pointing at it disappear with it
        for c in state.collections.by_id.values_mut() {
            c.items
                .retain(|it| !(it.item_type == "collection" && it.item_id == id));
        }
        state.collections.renumber(&ns);
        Ok::<(), ApiError>(())
    })??;
    Ok(Response::json(200, &json!({"success": true})))
}

fn is_arxiv_id(id: &str) -> bool {
    let core = id.split_once('v').map_or(id, |(c, v)| {
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            c
        } else {
            id
        }
    });
    match core.split_once('.') {
        Some((a, b)) => {
            a.len() == 4
                && (4..=5).contains(&b.len())
                && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn add_item(ctx: &Ctx, slug: &str) -> ApiResult {
    let b = body(ctx)?;
    let item = b.get("item").and_then(Value::as_object).ok_or_else(|| {
        ApiError::BadRequest("\"item\" must be an object with \"id\" and \"type\"".into())
    })?;
    let item_id = opt_string(item, "id")?
        .ok_or_else(|| ApiError::BadRequest("\"item.id\" is required".into()))?;
    let item_type = opt_string(item, "type")?
        .ok_or_else(|| ApiError::BadRequest("\"item.type\" is required".into()))?;
    if !["model", "dataset", "space", "paper", "collection"].contains(&item_type.as_str()) {
        return Err(ApiError::BadRequest(format!(
            "Invalid item type \"{item_type}\": expected model, dataset, space, paper or collection"
        )));
    }
    let note = opt_string(&b, "note")?;
    if let Some(n) = &note {
        check_note(n)?;
    }
    let ident = ctx.ident.clone();
    let now = now_iso();
    let id = change(ctx, slug, |state, id| {
        // the stored id: repo id, arXiv id, or a collection's object id
        let stored_id = match item_type.as_str() {
            "paper" => is_arxiv_id(&item_id).then(|| item_id.clone()),
            "collection" => state
                .collections
                .by_slug(&item_id)
                .or_else(|| state.collections.by_id.get(&item_id))
                .filter(|c| can_see_collection(state, &ident, c) && c.id != id)
                .map(|c| c.id.clone()),
            t => RepoType::from_singular(t)
                .and_then(|t| state.repo(t, &item_id))
                .filter(|r| can_see(state, &ident, r))
                .map(|r| r.id.clone()),
        }
        .ok_or_else(|| ApiError::NotFound(format!("Item not found: {item_type} \"{item_id}\"")))?;
        let object_id = state.collections.new_id("collection-item");
        let c = state
            .collections
            .by_id
            .get_mut(id)
            .ok_or_else(collection_not_found)?;
        if c.items
            .iter()
            .any(|it| it.item_type == item_type && it.item_id == stored_id)
        {
            return Err(ApiError::Conflict(
                "This item is already in the collection".into(),
            ));
        }
        c.items.push(CollectionItem {
            object_id,
            item_type: item_type.clone(),
            item_id: stored_id,
            note: note.clone().filter(|n| !n.is_empty()),
            added_at: now.clone(),
        });
        Ok(id.to_string())
    })?;
    Ok(Response::json(200, &render(ctx, &id)?))
}

fn update_item(ctx: &Ctx, slug: &str, item: &str) -> ApiResult {
    let b = body(ctx)?;
    let note = opt_string(&b, "note")?;
    if let Some(n) = &note {
        check_note(n)?;
    }
    let position = opt_position(&b)?;
    change(ctx, slug, |state, id| {
        let c = state
            .collections
            .by_id
            .get_mut(id)
            .ok_or_else(collection_not_found)?;
        let i = c
            .items
            .iter()
            .position(|it| it.object_id == item)
            .ok_or_else(|| ApiError::NotFound("Item not found in this collection".into()))?;
        if let Some(n) = note {
            c.items[i].note = (!n.is_empty()).then_some(n);
        }
        if let Some(p) = position {
            let it = c.items.remove(i);
            let at = (p as usize).min(c.items.len());
            c.items.insert(at, it);
        }
        Ok(())
    })?;
    Ok(Response::json(200, &json!({"success": true})))
}

fn delete_item(ctx: &Ctx, slug: &str, item: &str) -> ApiResult {
    change(ctx, slug, |state, id| {
        let c = state
            .collections
            .by_id
            .get_mut(id)
            .ok_or_else(collection_not_found)?;
        let before = c.items.len();
        c.items.retain(|it| it.object_id != item);
        if c.items.len() == before {
            return Err(ApiError::NotFound(
                "Item not found in this collection".into(),
            ));
        }
        Ok(())
    })?;
    Ok(Response::json(200, &json!({"success": true})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arxiv_ids() {
        for id in ["2307.09288", "1706.03762v5", "2401.1234"] {
            assert!(is_arxiv_id(id), "{id}");
        }
        for id in [
            "2307",
            "23070.9288",
            "abcd.12345",
            "2307.09288vx",
            "alice/tiny-model",
        ] {
            assert!(!is_arxiv_id(id), "{id}");
        }
    }
}
