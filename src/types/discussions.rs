//! Discussions, pull requests and their events (hub-endpoints §4.6, §4.7).
//!
//! Every type decodes both the Hub's wire shape (`isPullRequest`, `repo: {name, type}`,
//! `author: {name}`, `createdAt`, …) and the shape it serialises to (Python's attribute names,
//! as `huggingface_hub.Discussion`, `DiscussionWithDetails` and the event dataclasses have
//! them). Events keep the raw event they were built from (`_event`, as Python does), so
//! nothing the server sent is lost, including event types this version does not know.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::{datetime, Timestamp};
use crate::repo::RepoType;

/// Status of a discussion or pull request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DiscussionStatus {
    /// Open.
    Open,
    /// Closed.
    Closed,
    /// A merged pull request.
    Merged,
    /// A pull request without changes yet (PRs created through the API start as drafts).
    Draft,
    /// A status this version does not know, as sent.
    Other(String),
}

impl DiscussionStatus {
    /// The wire name (`open`, `closed`, `merged`, `draft`, …).
    pub fn as_str(&self) -> &str {
        match self {
            DiscussionStatus::Open => "open",
            DiscussionStatus::Closed => "closed",
            DiscussionStatus::Merged => "merged",
            DiscussionStatus::Draft => "draft",
            DiscussionStatus::Other(s) => s,
        }
    }

    fn parse(s: &str) -> DiscussionStatus {
        match s {
            "open" => DiscussionStatus::Open,
            "closed" => DiscussionStatus::Closed,
            "merged" => DiscussionStatus::Merged,
            "draft" => DiscussionStatus::Draft,
            other => DiscussionStatus::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for DiscussionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiscussionStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DiscussionStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(DiscussionStatus::parse(&String::deserialize(d)?))
    }
}

fn err<E: serde::de::Error>(msg: impl fmt::Display) -> E {
    E::custom(msg)
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k)?.as_str())
}

fn time_at<E: serde::de::Error>(v: &Value, keys: &[&str]) -> Result<Option<Timestamp>, E> {
    match str_at(v, keys) {
        None | Some("") => Ok(None),
        Some(s) => Timestamp::parse(s, &Rfc3339)
            .map(Some)
            .map_err(|e| err(format!("invalid timestamp {s:?}: {e}"))),
    }
}

/// `author.name`, or the author as a string, or `"deleted"` (Python's rule).
fn author_of(v: &Value) -> String {
    match v.get("author") {
        Some(Value::String(s)) => s.clone(),
        Some(a) => a
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("deleted")
            .to_owned(),
        None => "deleted".to_owned(),
    }
}

/// A discussion or pull request (`get_repo_discussions`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discussion {
    /// Title.
    pub title: String,
    /// Status.
    pub status: DiscussionStatus,
    /// Number (discussions and pull requests of a repo share the numbering).
    pub num: u64,
    /// The repository it belongs to (`namespace/name`).
    pub repo_id: String,
    /// The repository's type.
    pub repo_type: RepoType,
    /// Author's user name, `"deleted"` for a deleted account.
    pub author: String,
    /// Pull request rather than discussion.
    pub is_pull_request: bool,
    /// Creation date.
    #[serde(with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// The Hub endpoint it was read from (for [`Discussion::url`]).
    pub endpoint: String,
}

impl Discussion {
    /// The git ref changes can be pushed to (`refs/pr/{num}`), for pull requests.
    pub fn git_reference(&self) -> Option<String> {
        self.is_pull_request
            .then(|| format!("refs/pr/{}", self.num))
    }

    /// The discussion's web page: `{endpoint}/{repo_id}/discussions/{num}` for models,
    /// `{endpoint}/{type}s/{repo_id}/discussions/{num}` otherwise.
    pub fn url(&self) -> String {
        format!(
            "{}/{}{}/discussions/{}",
            self.endpoint,
            self.repo_type.url_prefix(),
            self.repo_id,
            self.num
        )
    }

    fn from_value<E: serde::de::Error>(v: &Value, endpoint: Option<&str>) -> Result<Self, E> {
        let title = str_at(v, &["title"]).ok_or_else(|| err("discussion without a title"))?;
        let num = v
            .get("num")
            .and_then(Value::as_u64)
            .ok_or_else(|| err("discussion without a number"))?;
        let repo = v.get("repo");
        let repo_id = repo
            .and_then(|r| str_at(r, &["name"]))
            .or_else(|| str_at(v, &["repo_id"]))
            .ok_or_else(|| err("discussion without a repo"))?;
        let repo_type = match repo
            .and_then(|r| str_at(r, &["type"]))
            .or_else(|| str_at(v, &["repo_type"]))
        {
            Some(t) => t.parse::<RepoType>().map_err(err)?,
            None => RepoType::Model,
        };
        Ok(Discussion {
            title: title.to_owned(),
            status: DiscussionStatus::parse(str_at(v, &["status"]).unwrap_or("open")),
            num,
            repo_id: repo_id.to_owned(),
            repo_type,
            author: author_of(v),
            is_pull_request: v
                .get("isPullRequest")
                .or_else(|| v.get("is_pull_request"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            created_at: time_at(v, &["createdAt", "created_at"])?,
            endpoint: endpoint
                .or_else(|| str_at(v, &["endpoint"]))
                .unwrap_or_default()
                .to_owned(),
        })
    }

    /// Decodes a discussion from the Hub's JSON and sets its endpoint.
    pub(crate) fn from_wire(v: &Value, endpoint: &str) -> Result<Self, serde_json::Error> {
        Discussion::from_value(v, Some(endpoint))
    }
}

impl<'de> Deserialize<'de> for Discussion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Discussion::from_value(&Value::deserialize(d)?, None)
    }
}

/// Files of a pull request that conflict with its target branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConflictingFiles {
    /// The conflicting paths (empty: no conflict).
    Files(Vec<String>),
    /// `true`: there are conflicts but the Hub could not list them.
    Unknown(bool),
}

/// A discussion or pull request with its events (`get_discussion_details`,
/// `create_discussion`, `create_pull_request`). Dereferences to its [`Discussion`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionWithDetails {
    /// The summary fields.
    #[serde(flatten)]
    pub discussion: Discussion,
    /// Every event, oldest first.
    pub events: Vec<DiscussionEvent>,
    /// Pull requests: files in conflict with the target branch (`None` for discussions).
    pub conflicting_files: Option<ConflictingFiles>,
    /// Pull requests: the branch changes are merged into (`refs/heads/main`).
    pub target_branch: Option<String>,
    /// Merged pull requests: the commit the merge created.
    pub merge_commit_oid: Option<String>,
    /// Pull requests: the unified diff of the changes.
    pub diff: Option<String>,
}

impl Deref for DiscussionWithDetails {
    type Target = Discussion;

    fn deref(&self) -> &Discussion {
        &self.discussion
    }
}

impl DiscussionWithDetails {
    fn from_value<E: serde::de::Error>(v: &Value, endpoint: Option<&str>) -> Result<Self, E> {
        let discussion = Discussion::from_value(v, endpoint)?;
        let events = v
            .get("events")
            .and_then(Value::as_array)
            .map(|events| {
                events
                    .iter()
                    .map(DiscussionEvent::from_value)
                    .collect::<Result<Vec<_>, E>>()
            })
            .transpose()?
            .unwrap_or_default();
        let wire = v.get("changes").is_some() || v.get("isPullRequest").is_some();
        let (conflicting_files, target_branch, merge_commit_oid) = if !wire {
            // this type's own shape
            (
                v.get("conflicting_files")
                    .filter(|c| !c.is_null())
                    .map(|c| serde_json::from_value(c.clone()).map_err(err))
                    .transpose()?,
                str_at(v, &["target_branch"]).map(str::to_owned),
                str_at(v, &["merge_commit_oid"]).map(str::to_owned),
            )
        } else if discussion.is_pull_request {
            let changes = v.get("changes");
            (
                Some(match v.get("filesWithConflicts") {
                    Some(c) if !c.is_null() => serde_json::from_value(c.clone()).map_err(err)?,
                    _ => ConflictingFiles::Files(Vec::new()),
                }),
                changes
                    .and_then(|c| str_at(c, &["base"]))
                    .map(str::to_owned),
                changes
                    .and_then(|c| str_at(c, &["mergeCommitId"]))
                    .map(str::to_owned),
            )
        } else {
            (None, None, None)
        };
        Ok(DiscussionWithDetails {
            discussion,
            events,
            conflicting_files,
            target_branch,
            merge_commit_oid,
            diff: str_at(v, &["diff"]).map(str::to_owned),
        })
    }

    /// Decodes the Hub's details JSON and sets the endpoint.
    pub(crate) fn from_wire(v: &Value, endpoint: &str) -> Result<Self, serde_json::Error> {
        DiscussionWithDetails::from_value(v, Some(endpoint))
    }
}

impl<'de> Deserialize<'de> for DiscussionWithDetails {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DiscussionWithDetails::from_value(&Value::deserialize(d)?, None)
    }
}

/// The fields every event has (an event of a type this version does not know).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionEventInfo {
    /// Event id (hex).
    pub id: String,
    /// Event type (`comment`, `status-change`, `commit`, `title-change`, …).
    #[serde(rename = "type")]
    pub event_type: String,
    /// When it happened.
    #[serde(with = "datetime")]
    pub created_at: Option<Timestamp>,
    /// Who, `"deleted"` for a deleted account.
    pub author: String,
    /// The event as the Hub sent it.
    #[serde(rename = "_event")]
    pub raw: Value,
}

/// A comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionComment {
    /// Id, type, time, author and the event as sent (serialised flat). A comment's
    /// id is the `comment_id` of `edit_discussion_comment` and `hide_discussion_comment`.
    #[serde(flatten)]
    pub info: DiscussionEventInfo,
    /// Markdown of the current version (`data.latest.raw`).
    pub content: String,
    /// Whether it was edited.
    pub edited: bool,
    /// Whether it was hidden (its text is no longer served).
    pub hidden: bool,
}

/// One previous version of an edited comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRevision {
    /// Markdown.
    pub raw: String,
    /// Rendered HTML, when sent.
    pub html: Option<String>,
    /// When this version was written.
    #[serde(with = "datetime")]
    pub updated_at: Option<Timestamp>,
    /// Who wrote it, `"deleted"` for a deleted account.
    pub author: String,
}

impl DiscussionComment {
    fn latest(&self) -> Option<&Value> {
        self.info.raw.get("data")?.get("latest")
    }

    /// The current version rendered as HTML (`data.latest.html`).
    pub fn rendered(&self) -> Option<&str> {
        self.latest()?.get("html")?.as_str()
    }

    /// When the current version was written (`data.latest.updatedAt`).
    pub fn last_edited_at(&self) -> Option<Timestamp> {
        let s = self.latest()?.get("updatedAt")?.as_str()?;
        Timestamp::parse(s, &Rfc3339).ok()
    }

    /// Who wrote the current version, `"deleted"` for a deleted account.
    pub fn last_edited_by(&self) -> String {
        self.latest()
            .map_or_else(|| "deleted".to_owned(), author_of)
    }

    /// The previous versions (`data.history`), as the Hub orders them.
    pub fn edit_history(&self) -> Vec<CommentRevision> {
        self.info
            .raw
            .get("data")
            .and_then(|d| d.get("history"))
            .and_then(Value::as_array)
            .map(|h| {
                h.iter()
                    .map(|v| CommentRevision {
                        raw: str_at(v, &["raw"]).unwrap_or_default().to_owned(),
                        html: str_at(v, &["html"]).map(str::to_owned),
                        updated_at: str_at(v, &["updatedAt"])
                            .and_then(|s| Timestamp::parse(s, &Rfc3339).ok()),
                        author: author_of(v),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many times it was edited (the length of the history, as Python counts).
    pub fn number_of_edits(&self) -> usize {
        self.info
            .raw
            .get("data")
            .and_then(|d| d.get("history"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    }
}

/// A status change (a merge shows up as one to `merged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionStatusChange {
    /// Id, type, time, author and the event as sent (serialised flat). A comment's
    /// id is the `comment_id` of `edit_discussion_comment` and `hide_discussion_comment`.
    #[serde(flatten)]
    pub info: DiscussionEventInfo,
    /// The status after the change.
    pub new_status: DiscussionStatus,
}

/// A commit pushed to a pull request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionCommit {
    /// Id, type, time, author and the event as sent (serialised flat). A comment's
    /// id is the `comment_id` of `edit_discussion_comment` and `hide_discussion_comment`.
    #[serde(flatten)]
    pub info: DiscussionEventInfo,
    /// The commit's summary line.
    pub summary: String,
    /// The commit id.
    pub oid: String,
}

/// A rename.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiscussionTitleChange {
    /// Id, type, time, author and the event as sent (serialised flat). A comment's
    /// id is the `comment_id` of `edit_discussion_comment` and `hide_discussion_comment`.
    #[serde(flatten)]
    pub info: DiscussionEventInfo,
    /// The previous title.
    pub old_title: String,
    /// The new title.
    pub new_title: String,
}

/// One event of a discussion. Serialised untagged, with the event's `type` among its fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DiscussionEvent {
    /// `comment`.
    Comment(DiscussionComment),
    /// `status-change`.
    StatusChange(DiscussionStatusChange),
    /// `commit`.
    Commit(DiscussionCommit),
    /// `title-change`.
    TitleChange(DiscussionTitleChange),
    /// Any other type (kept whole in `raw`).
    Other(DiscussionEventInfo),
}

impl DiscussionEvent {
    /// The fields every event has.
    pub fn info(&self) -> &DiscussionEventInfo {
        match self {
            DiscussionEvent::Comment(e) => &e.info,
            DiscussionEvent::StatusChange(e) => &e.info,
            DiscussionEvent::Commit(e) => &e.info,
            DiscussionEvent::TitleChange(e) => &e.info,
            DiscussionEvent::Other(e) => e,
        }
    }

    /// Event id.
    pub fn id(&self) -> &str {
        &self.info().id
    }

    /// Event type as sent (`comment`, `status-change`, …).
    pub fn event_type(&self) -> &str {
        &self.info().event_type
    }

    /// Author's user name, `"deleted"` for a deleted account.
    pub fn author(&self) -> &str {
        &self.info().author
    }

    /// When it happened.
    pub fn created_at(&self) -> Option<Timestamp> {
        self.info().created_at
    }

    /// The event as the Hub sent it.
    pub fn raw(&self) -> &Value {
        &self.info().raw
    }

    /// Decodes an event: the Hub's JSON, or this type's own serialisation (its `_event`).
    fn from_value<E: serde::de::Error>(v: &Value) -> Result<Self, E> {
        let raw = v.get("_event").filter(|e| e.is_object()).unwrap_or(v);
        let id = str_at(raw, &["id"]).ok_or_else(|| err("event without an id"))?;
        let event_type = str_at(raw, &["type"]).ok_or_else(|| err("event without a type"))?;
        let created_at = time_at(raw, &["createdAt"])?;
        let author = author_of(raw);
        let null = Value::Null;
        let data = raw.get("data").unwrap_or(&null);
        let text = |keys: &[&str]| -> String {
            let mut cur = data;
            for k in keys {
                cur = cur.get(*k).unwrap_or(&null);
            }
            cur.as_str().unwrap_or_default().to_owned()
        };
        let info = DiscussionEventInfo {
            id: id.to_owned(),
            event_type: event_type.to_owned(),
            created_at,
            author,
            raw: raw.clone(),
        };
        Ok(match event_type {
            "comment" => DiscussionEvent::Comment(DiscussionComment {
                content: text(&["latest", "raw"]),
                edited: data.get("edited").and_then(Value::as_bool).unwrap_or(false),
                hidden: data.get("hidden").and_then(Value::as_bool).unwrap_or(false),
                info,
            }),
            "status-change" => DiscussionEvent::StatusChange(DiscussionStatusChange {
                new_status: DiscussionStatus::parse(&text(&["status"])),
                info,
            }),
            "commit" => DiscussionEvent::Commit(DiscussionCommit {
                summary: text(&["subject"]),
                oid: text(&["oid"]),
                info,
            }),
            "title-change" => DiscussionEvent::TitleChange(DiscussionTitleChange {
                old_title: text(&["from"]),
                new_title: text(&["to"]),
                info,
            }),
            _ => DiscussionEvent::Other(info),
        })
    }

    /// Decodes the Hub's JSON of one event.
    pub(crate) fn from_wire(v: &Value) -> Result<Self, serde_json::Error> {
        DiscussionEvent::from_value(v)
    }
}

impl<'de> Deserialize<'de> for DiscussionEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DiscussionEvent::from_value(&Value::deserialize(d)?)
    }
}

macro_rules! event_variant {
    ($ty:ident, $variant:ident, $name:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match DiscussionEvent::deserialize(d)? {
                    DiscussionEvent::$variant(e) => Ok(e),
                    other => Err(err(format!(
                        concat!("expected a ", $name, " event, got {:?}"),
                        other.event_type()
                    ))),
                }
            }
        }

        impl TryFrom<DiscussionEvent> for $ty {
            type Error = DiscussionEvent;

            /// The event if it is of this type, else the event back.
            fn try_from(e: DiscussionEvent) -> Result<Self, DiscussionEvent> {
                match e {
                    DiscussionEvent::$variant(x) => Ok(x),
                    other => Err(other),
                }
            }
        }
    };
}

event_variant!(DiscussionComment, Comment, "comment");
event_variant!(DiscussionStatusChange, StatusChange, "status-change");
event_variant!(DiscussionCommit, Commit, "commit");
event_variant!(DiscussionTitleChange, TitleChange, "title-change");

impl<'de> Deserialize<'de> for DiscussionEventInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(DiscussionEvent::deserialize(d)?.info().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn comment_event() -> Value {
        json!({"id": "65f1c0ffee0000000000000a", "type": "comment", "createdAt": "2024-03-01T10:00:00.000Z",
               "author": {"name": "alice", "fullname": "Alice", "avatarUrl": "/avatars/alice.svg", "type": "user"},
               "data": {"edited": true, "hidden": false, "numEdits": 1, "editors": ["alice"], "reactions": [],
                        "latest": {"raw": "Looks good!", "html": "<p>Looks good!</p>", "updatedAt": "2024-03-01T11:00:00.000Z",
                                   "author": {"name": "alice"}},
                        "history": [{"raw": "Looks ok", "updatedAt": "2024-03-01T10:00:00.000Z", "author": {"name": "alice"}}]}})
    }

    #[test]
    fn events_from_the_reference_examples() {
        let e: DiscussionEvent = serde_json::from_value(comment_event()).unwrap();
        let DiscussionEvent::Comment(c) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(c.content, "Looks good!");
        assert!(c.edited && !c.hidden);
        assert_eq!(c.rendered(), Some("<p>Looks good!</p>"));
        assert_eq!(c.last_edited_by(), "alice");
        assert_eq!(c.last_edited_at().unwrap().unix_timestamp(), 1_709_290_800);
        assert_eq!(c.number_of_edits(), 1);
        assert_eq!(c.edit_history()[0].raw, "Looks ok");
        // round trip through this type's own JSON (Python's attribute names)
        let own = serde_json::to_value(&e).unwrap();
        assert_eq!(own["content"], "Looks good!");
        assert_eq!(own["type"], "comment");
        assert_eq!(own["_event"], comment_event());
        let back: DiscussionComment = serde_json::from_value(own).unwrap();
        assert_eq!(&back, c);

        let status: DiscussionStatusChange = serde_json::from_value(json!({
            "id": "1", "type": "status-change", "createdAt": "2024-03-01T10:00:00Z", "data": {"status": "merged"}}))
        .unwrap();
        assert_eq!(status.new_status, DiscussionStatus::Merged);
        assert_eq!(status.info.author, "deleted");
        let commit: DiscussionEvent = serde_json::from_value(json!({
            "id": "2", "type": "commit", "createdAt": "2024-03-01T10:00:00Z", "author": {"name": "bob"},
            "data": {"subject": "Add weights", "oid": "abc"}}))
        .unwrap();
        assert!(
            matches!(&commit, DiscussionEvent::Commit(c) if c.summary == "Add weights" && c.oid == "abc")
        );
        let title: DiscussionTitleChange = serde_json::from_value(json!({
            "id": "3", "type": "title-change", "createdAt": "2024-03-01T10:00:00Z", "data": {"from": "a", "to": "b"}}))
        .unwrap();
        assert_eq!(
            (title.old_title.as_str(), title.new_title.as_str()),
            ("a", "b")
        );
        let other: DiscussionEvent = serde_json::from_value(json!({
            "id": "4", "type": "pinned", "createdAt": "2024-03-01T10:00:00Z", "data": {"x": 1}}))
        .unwrap();
        assert_eq!(other.event_type(), "pinned");
        assert_eq!(other.raw()["data"]["x"], 1);
        assert!(serde_json::from_value::<DiscussionComment>(json!({
            "id": "4", "type": "pinned", "createdAt": "2024-03-01T10:00:00Z"}))
        .is_err());
        assert!(serde_json::from_value::<DiscussionEvent>(json!({"type": "comment"})).is_err());
    }

    #[test]
    fn discussions_and_details() {
        let wire = json!({"num": 2, "title": "Add safetensors weights", "status": "open",
            "createdAt": "2024-03-01T10:00:00.000Z", "isPullRequest": true, "numComments": 2, "pinned": false,
            "author": {"name": "alice"}, "repo": {"name": "alice/my-model", "type": "dataset"},
            "events": [comment_event()],
            "changes": {"base": "refs/heads/main", "mergeCommitId": null},
            "filesWithConflicts": ["a.txt"], "diff": "diff --git a/x b/x\n"});
        let d = DiscussionWithDetails::from_wire(&wire, "https://hub").unwrap();
        assert_eq!(d.num, 2);
        assert_eq!(d.repo_type, RepoType::Dataset);
        assert_eq!(d.url(), "https://hub/datasets/alice/my-model/discussions/2");
        assert_eq!(d.git_reference().as_deref(), Some("refs/pr/2"));
        assert_eq!(d.target_branch.as_deref(), Some("refs/heads/main"));
        assert_eq!(d.merge_commit_oid, None);
        assert_eq!(
            d.conflicting_files,
            Some(ConflictingFiles::Files(vec!["a.txt".into()]))
        );
        assert_eq!(d.events.len(), 1);
        let own = serde_json::to_value(&d).unwrap();
        assert_eq!(own["repo_id"], "alice/my-model");
        assert_eq!(own["is_pull_request"], true);
        assert_eq!(own["endpoint"], "https://hub");
        let back: DiscussionWithDetails = serde_json::from_value(own).unwrap();
        assert_eq!(back, d);

        // a plain discussion has no PR fields, a deleted author reads "deleted"
        let plain = json!({"num": 1, "title": "Hi", "status": "closed", "createdAt": "2024-03-01T10:00:00Z",
            "isPullRequest": false, "repo": {"name": "a/b", "type": "model"}, "events": [],
            "changes": {"base": "refs/heads/main"}, "filesWithConflicts": true});
        let p = DiscussionWithDetails::from_wire(&plain, "https://hub").unwrap();
        assert_eq!(p.author, "deleted");
        assert_eq!(p.url(), "https://hub/a/b/discussions/1");
        assert!(p.git_reference().is_none());
        assert_eq!(
            (p.conflicting_files.as_ref(), p.target_branch.as_ref()),
            (None, None)
        );
        let unknown = json!({"num": 3, "title": "PR", "status": "open", "isPullRequest": true,
            "repo": {"name": "a/b", "type": "model"}, "events": [],
            "changes": {"base": "refs/heads/main"}, "filesWithConflicts": true});
        let u = DiscussionWithDetails::from_wire(&unknown, "https://hub").unwrap();
        assert_eq!(u.conflicting_files, Some(ConflictingFiles::Unknown(true)));

        let s: Discussion =
            serde_json::from_value(json!({"num": 4, "title": "t", "status": "weird",
            "repo": {"name": "a/b", "type": "space"}, "isPullRequest": false}))
            .unwrap();
        assert_eq!(s.status, DiscussionStatus::Other("weird".into()));
        assert_eq!(s.repo_type, RepoType::Space);
        assert!(serde_json::from_value::<Discussion>(json!({"title": "no num"})).is_err());
    }
}
