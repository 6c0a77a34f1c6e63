//! Collections: `list_collections`, `get_collection`, `create_collection`,
//! `update_collection_metadata`, `delete_collection`, `add_collection_item`,
//! `update_collection_item`, `delete_collection_item` (hub-endpoints §3.12).
//!
//! Requests are those of Python 0.22.2 (§5). Differences:
//! * a listed collection that carries its own `position` is read, not rejected (0.22 crashed
//!   with a duplicate argument, §7.15); the position reported is still the index in the
//!   listing, as Python documents;
//! * an item of type `collection` is named by its slug (as Python ≥ 1.x does);
//! * `create_collection` also takes `resource_group_id` (newer Python clients).

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::one_or_many;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{check_response, read_body, Method, Request, Response};
use crate::pagination::Pager;
use crate::types::Collection;
use crate::urls::{quote_path, quote_segment, Query};

/// Largest 409 body read (for its `slug`).
const CONFLICT_BODY_LIMIT: u64 = 64 * 1024;

/// Options of [`Client::list_collections`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListCollectionsOptions {
    /// Only collections of these users or organisations.
    #[serde(deserialize_with = "one_or_many")]
    pub owner: Vec<String>,
    /// Only collections holding one of these items: `models/{id}`, `datasets/{id}`,
    /// `spaces/{id}`, `papers/{arxiv id}`.
    #[serde(deserialize_with = "one_or_many")]
    pub item: Vec<String>,
    /// `lastModified`, `trending` or `upvotes`.
    pub sort: Option<String>,
    /// Stop after this many collections (also sent to the server).
    pub limit: Option<usize>,
}

/// Options of [`Client::create_collection`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreateCollectionOptions {
    /// Owner (a user or an organisation); the token's user when absent (`whoami` first).
    pub namespace: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Create it private.
    pub private: bool,
    /// Succeed with the existing collection when one with this title exists.
    pub exists_ok: bool,
    /// Resource group of an Enterprise organisation (newer Python clients).
    pub resource_group_id: Option<String>,
}

/// Options of [`Client::update_collection_metadata`]: only what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateCollectionMetadataOptions {
    /// New title (the slug changes with it; its trailing id does not).
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New rank among the owner's collections.
    pub position: Option<u64>,
    /// New visibility.
    pub private: Option<bool>,
    /// New theme (`orange`, `blue`, `green`, `purple`, `pink`, `indigo`).
    pub theme: Option<String>,
}

/// Options of [`Client::delete_collection`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeleteCollectionOptions {
    /// Succeed when there is nothing to delete (a 404).
    pub missing_ok: bool,
}

/// Options of [`Client::delete_collection_item`]: the same parameters as `delete_collection`.
pub type DeleteCollectionItemOptions = DeleteCollectionOptions;

/// Options of [`Client::add_collection_item`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddCollectionItemOptions {
    /// A note on the item (at most 500 characters).
    pub note: Option<String>,
    /// Succeed (with the collection as it is) when the item is already in it.
    pub exists_ok: bool,
}

/// Options of [`Client::update_collection_item`]: only what is given changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdateCollectionItemOptions {
    /// New note.
    pub note: Option<String>,
    /// New position in the collection.
    pub position: Option<u64>,
}

fn decode(url: &str, e: serde_json::Error) -> Error {
    Error::Decode {
        url: url.to_owned(),
        message: e.to_string(),
    }
}

/// A response rebuilt from parts read already, so that [`check_response`] can map it.
fn rebuild(status: u16, headers: &ureq::http::HeaderMap, body: Vec<u8>) -> Result<Response> {
    let mut b = ureq::http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b.body(ureq::Body::builder().data(body))
        .map_err(|e| Error::invalid(format!("cannot rebuild a response: {e}")))
}

impl Client {
    fn collection_url(&self, slug: &str, suffix: &str) -> Result<String> {
        if slug.is_empty() {
            return Err(Error::invalid("empty collection slug"));
        }
        // slugs are `namespace/title-id`; encoding leaves every valid slug as it is
        Ok(self.hub_url(&format!("/api/collections/{}{suffix}", quote_path(slug))))
    }

    fn collection_from(&self, url: &str, v: Value) -> Result<Collection> {
        Collection::from_wire(v, self.endpoint()).map_err(|e| decode(url, e))
    }

    /// Collections, filtered by owner and item, lazily paged. `GET /api/collections` with
    /// `owner`, `item` (repeated), `sort` and `limit`. Listed collections carry at most 4
    /// items; their `position` is their index in the listing.
    pub fn list_collections(&self, options: &ListCollectionsOptions) -> Pager<Collection> {
        let mut q = Query::new();
        q.set_list("owner", options.owner.clone())
            .set_list("item", options.item.clone())
            .set_opt("sort", options.sort.clone())
            .set_opt("limit", options.limit.map(|l| l.to_string()));
        let url = q.apply(&self.hub_url("/api/collections"));
        let endpoint = self.endpoint().to_owned();
        let mut position = 0u64;
        Pager::link_with(self, url.clone(), options.limit, move |v| {
            let mut c = Collection::from_wire(v, &endpoint).map_err(|e| decode(&url, e))?;
            c.position = position;
            position += 1;
            Ok(Some(c))
        })
    }

    /// A collection with all its items. `GET /api/collections/{slug}`.
    pub fn get_collection(&self, collection_slug: &str) -> Result<Collection> {
        let url = self.collection_url(collection_slug, "")?;
        let v: Value = self.send_json(&Request::get(url.as_str()))?;
        self.collection_from(&url, v)
    }

    /// Creates a collection. `POST /api/collections` with `{"title", "namespace", "private",
    /// "description"?}` (the namespace from `GET /api/whoami-v2` when not given). With
    /// `exists_ok`, a 409 returns the existing collection named in the answer (one more GET).
    pub fn create_collection(
        &self,
        title: &str,
        options: &CreateCollectionOptions,
    ) -> Result<Collection> {
        let namespace = match &options.namespace {
            Some(ns) => ns.clone(),
            None => self.whoami()?.name,
        };
        let mut body = Map::new();
        body.insert("title".into(), json!(title));
        body.insert("namespace".into(), json!(namespace));
        body.insert("private".into(), json!(options.private));
        if let Some(d) = &options.description {
            body.insert("description".into(), json!(d));
        }
        if let Some(g) = &options.resource_group_id {
            body.insert("resourceGroupId".into(), json!(g));
        }
        let url = self.hub_url("/api/collections");
        let req = Request::new(Method::Post, url.as_str()).json(&Value::Object(body));
        let resp = self.send_unchecked(&req)?;
        if resp.status().as_u16() == 409 && options.exists_ok {
            let headers = resp.headers().clone();
            let bytes = read_body(&url, resp, CONFLICT_BODY_LIMIT)?;
            let slug = serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v.get("slug")?.as_str().map(str::to_owned));
            return match slug {
                Some(slug) => self.get_collection(&slug),
                // no slug to follow: the conflict stands
                None => match check_response(req.method, &url, rebuild(409, &headers, bytes)?) {
                    Err(e) => Err(e),
                    Ok(_) => Err(Error::invalid("a 409 answer was not mapped to an error")),
                },
            };
        }
        let resp = check_response(req.method, &url, resp)?;
        let v: Value = crate::http::read_json(&url, resp)?;
        self.collection_from(&url, v)
    }

    /// Changes a collection's title, description, position, visibility or theme.
    /// `PATCH /api/collections/{slug}` with the given keys (`position`, `private`, `theme`,
    /// `title`, `description`); the answer's `data` is the updated collection.
    pub fn update_collection_metadata(
        &self,
        collection_slug: &str,
        options: &UpdateCollectionMetadataOptions,
    ) -> Result<Collection> {
        let url = self.collection_url(collection_slug, "")?;
        let mut body = Map::new();
        if let Some(p) = options.position {
            body.insert("position".into(), json!(p));
        }
        if let Some(p) = options.private {
            body.insert("private".into(), json!(p));
        }
        if let Some(t) = &options.theme {
            body.insert("theme".into(), json!(t));
        }
        if let Some(t) = &options.title {
            body.insert("title".into(), json!(t));
        }
        if let Some(d) = &options.description {
            body.insert("description".into(), json!(d));
        }
        let mut v: Value =
            self.send_json(&Request::new(Method::Patch, url.as_str()).json(&Value::Object(body)))?;
        let data = match v.get_mut("data") {
            Some(d) if d.is_object() => d.take(),
            _ => v,
        };
        self.collection_from(&url, data)
    }

    /// Deletes a collection (irreversible). `DELETE /api/collections/{slug}`; with
    /// `missing_ok`, a 404 is success.
    pub fn delete_collection(
        &self,
        collection_slug: &str,
        options: &DeleteCollectionOptions,
    ) -> Result<()> {
        let url = self.collection_url(collection_slug, "")?;
        missing_ok(
            self.send(&Request::new(Method::Delete, url)).map(drop),
            options.missing_ok,
        )
    }

    /// Adds a model, dataset, Space, paper or collection to a collection and returns the
    /// collection. `POST /api/collections/{slug}/items` with `{"item": {"id", "type"},
    /// "note"?}`; with `exists_ok`, a 409 (already there) returns the collection as it is.
    pub fn add_collection_item(
        &self,
        collection_slug: &str,
        item_id: &str,
        item_type: &str,
        options: &AddCollectionItemOptions,
    ) -> Result<Collection> {
        let url = self.collection_url(collection_slug, "/items")?;
        let mut body = json!({"item": {"id": item_id, "type": item_type}});
        if let Some(n) = &options.note {
            body["note"] = json!(n);
        }
        match self.send_json::<Value>(&Request::new(Method::Post, url.as_str()).json(&body)) {
            Ok(v) => self.collection_from(&url, v),
            Err(e) if options.exists_ok && e.kind() == ErrorKind::Conflict => {
                self.get_collection(collection_slug)
            }
            Err(e) => Err(e),
        }
    }

    /// Changes an item's note or position.
    /// `PATCH /api/collections/{slug}/items/{item_object_id}` with `position`, `note`.
    pub fn update_collection_item(
        &self,
        collection_slug: &str,
        item_object_id: &str,
        options: &UpdateCollectionItemOptions,
    ) -> Result<()> {
        let url = self.collection_url(
            collection_slug,
            &format!("/items/{}", quote_segment(item_object_id)),
        )?;
        let mut body = Map::new();
        if let Some(p) = options.position {
            body.insert("position".into(), json!(p));
        }
        if let Some(n) = &options.note {
            body.insert("note".into(), json!(n));
        }
        self.send(&Request::new(Method::Patch, url).json(&Value::Object(body)))
            .map(drop)
    }

    /// Removes an item from a collection.
    /// `DELETE /api/collections/{slug}/items/{item_object_id}`; with `missing_ok`, a 404 is
    /// success.
    pub fn delete_collection_item(
        &self,
        collection_slug: &str,
        item_object_id: &str,
        options: &DeleteCollectionItemOptions,
    ) -> Result<()> {
        let url = self.collection_url(
            collection_slug,
            &format!("/items/{}", quote_segment(item_object_id)),
        )?;
        missing_ok(
            self.send(&Request::new(Method::Delete, url)).map(drop),
            options.missing_ok,
        )
    }
}

/// Python's `missing_ok`: an HTTP 404 (whatever its error code) is success.
fn missing_ok(r: Result<()>, missing_ok: bool) -> Result<()> {
    match r {
        Err(e) if missing_ok && e.status() == Some(404) => Ok(()),
        other => other,
    }
}
