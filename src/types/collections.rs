//! Collections and their items (hub-endpoints §4.10).
//!
//! Both types decode the Hub's wire shape (`_id`, `id`, `type`, `note: {html, text}`,
//! `lastUpdated`, …) and the shape they serialise to (Python's attribute names:
//! `item_object_id`, `item_id`, `item_type`, `note`, `last_updated`, …). Like Python, keys
//! beyond those are not kept.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{datetime, Timestamp};

/// The owner of a collection: a name (what 0.22 documents) or the object current Hub
/// versions send. Serialised as it was received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CollectionOwner {
    /// Just the name.
    Name(String),
    /// The owner object.
    Info(CollectionOwnerInfo),
}

impl CollectionOwner {
    /// The owner's name (user or organisation).
    pub fn name(&self) -> &str {
        match self {
            CollectionOwner::Name(n) => n,
            CollectionOwner::Info(i) => &i.name,
        }
    }
}

/// The owner object of a collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionOwnerInfo {
    /// User or organisation name.
    pub name: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fullname: Option<String>,
    /// Avatar URL.
    #[serde(default, alias = "avatarUrl", skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// `user` or `org`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub owner_type: Option<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An item of a collection: a model, dataset, Space, paper or another collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionItem {
    /// The item's own id in the collection (`_id`): what `update_collection_item` and
    /// `delete_collection_item` take.
    pub item_object_id: String,
    /// What it points at: a repo id, an arXiv id, or the slug of a collection.
    pub item_id: String,
    /// `model`, `dataset`, `space`, `paper`, `collection` (newer Hubs: `bucket`).
    pub item_type: String,
    /// Position in the collection (0 first).
    pub position: u64,
    /// Note, as plain text.
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for CollectionItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(alias = "_id")]
            item_object_id: String,
            #[serde(alias = "id")]
            item_id: String,
            #[serde(alias = "type")]
            item_type: String,
            #[serde(default)]
            position: u64,
            #[serde(default)]
            note: Option<Value>,
            #[serde(default)]
            slug: Option<String>,
        }
        let raw = Raw::deserialize(d)?;
        let note = match raw.note {
            Some(Value::String(s)) => Some(s),
            // the wire object `{html, text}`
            Some(Value::Object(m)) => m.get("text").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        Ok(CollectionItem {
            item_object_id: raw.item_object_id,
            // a collection item is named by its slug (as newer Python clients do)
            item_id: raw.slug.unwrap_or(raw.item_id),
            item_type: raw.item_type,
            position: raw.position,
            note,
        })
    }
}

/// A collection (`get_collection`, `list_collections`, `create_collection`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    /// `{owner}/{slugified title}-{24 hex}`; the part before the id changes with the title.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: CollectionOwner,
    /// Items in order (listings carry at most 4 of them).
    #[serde(default)]
    pub items: Vec<CollectionItem>,
    /// Last change.
    #[serde(default, alias = "lastUpdated", with = "datetime")]
    pub last_updated: Option<Timestamp>,
    /// Rank among the owner's collections; for listings, the index in the listing (as in
    /// Python).
    #[serde(default)]
    pub position: u64,
    /// Private flag.
    #[serde(default)]
    pub private: bool,
    /// Theme (`orange`, `blue`, `green`, `purple`, `pink`, `indigo`).
    #[serde(default)]
    pub theme: Option<String>,
    /// Upvotes.
    #[serde(default)]
    pub upvotes: u64,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Web page: `{endpoint}/collections/{slug}`.
    #[serde(default)]
    pub url: String,
}

impl Collection {
    /// Decodes the Hub's JSON and sets the URL from the endpoint.
    pub(crate) fn from_wire(v: Value, endpoint: &str) -> Result<Self, serde_json::Error> {
        let mut c: Collection = serde_json::from_value(v)?;
        c.url = format!("{endpoint}/collections/{}", c.slug);
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reference_example() -> Value {
        json!({"slug": "alice/my-picks-65b7f3c4d2e1a0b9c8d7e6f5", "title": "My picks", "description": "Things I like",
            "owner": {"name": "alice", "fullname": "Alice", "avatarUrl": "/avatars/alice.svg", "type": "user", "isPro": true},
            "lastUpdated": "2024-03-01T10:00:00.000Z", "position": 1, "private": false, "theme": "blue",
            "upvotes": 0, "isUpvotedByUser": false,
            "items": [
                {"_id": "6582f0c1b5e1d2a3f4c5d6e0", "id": "openai-community/gpt2", "type": "model", "position": 0,
                 "note": {"html": "Base <b>model</b>", "text": "Base model"}, "author": "openai-community",
                 "downloads": 100, "likes": 5, "private": false, "repoType": "model"},
                {"_id": "6582f0c1b5e1d2a3f4c5d6e1", "id": "2307.09288", "type": "paper", "position": 1,
                 "title": "Llama 2", "upvotes": 100},
                {"_id": "6582f0c1b5e1d2a3f4c5d6e2", "id": "65b7f3c4d2e1a0b9c8d7e6aa", "type": "collection",
                 "slug": "bob/other-65b7f3c4d2e1a0b9c8d7e6aa", "position": 2}]})
    }

    #[test]
    fn collections_from_the_reference_example() {
        let c = Collection::from_wire(reference_example(), "https://hub").unwrap();
        assert_eq!(c.owner.name(), "alice");
        assert_eq!(
            c.url,
            "https://hub/collections/alice/my-picks-65b7f3c4d2e1a0b9c8d7e6f5"
        );
        assert_eq!(c.position, 1);
        assert_eq!(c.last_updated.unwrap().unix_timestamp(), 1_709_287_200);
        assert_eq!(c.items[0].item_object_id, "6582f0c1b5e1d2a3f4c5d6e0");
        assert_eq!(c.items[0].note.as_deref(), Some("Base model"));
        assert_eq!(c.items[1].item_type, "paper");
        assert_eq!(c.items[1].note, None);
        assert_eq!(c.items[2].item_id, "bob/other-65b7f3c4d2e1a0b9c8d7e6aa");
        let CollectionOwner::Info(owner) = &c.owner else {
            panic!("{:?}", c.owner)
        };
        assert_eq!(owner.avatar_url.as_deref(), Some("/avatars/alice.svg"));
        assert_eq!(owner.extra["isPro"], true);

        let own = serde_json::to_value(&c).unwrap();
        assert_eq!(own["items"][0]["item_id"], "openai-community/gpt2");
        assert_eq!(own["items"][0]["note"], "Base model");
        assert_eq!(own["last_updated"], "2024-03-01T10:00:00Z");
        let back: Collection = serde_json::from_value(own).unwrap();
        assert_eq!(back, c);

        // the owner as a bare name (0.22's documentation), no position, no description
        let mut v = reference_example();
        v["owner"] = json!("alice");
        v.as_object_mut().unwrap().remove("position");
        v.as_object_mut().unwrap().remove("description");
        let c = Collection::from_wire(v, "https://hub").unwrap();
        assert_eq!(c.owner, CollectionOwner::Name("alice".into()));
        assert_eq!(serde_json::to_value(&c).unwrap()["owner"], "alice");
        assert_eq!((c.position, c.description), (0, None));
    }
}
