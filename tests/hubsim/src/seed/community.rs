//! Seeding discussions, pull requests and collections (the `discussions` and `collections`
//! keys of a seed; see `tests/hubsim/README.md`).

use super::{bad, date_or, BASE_MS, HOUR_MS};
use crate::hash::{is_hex, object_id};
use crate::store::community::{
    self, pr_range, Collection, CollectionItem, CommentVersion, Discussion, EventKind, Status,
    THEMES,
};
use crate::store::model::{repo_key, RepoType, State};
use serde::Deserialize;
use std::io;

/// A discussion or pull request.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DiscussionSpec {
    /// Repo id (required).
    pub repo: String,
    /// `model` (default), `dataset` or `space`.
    #[serde(rename = "type")]
    pub repo_type: Option<RepoType>,
    /// Number (default: the next free one). A pull request whose `refs/pr/{num}` exists is
    /// backed by it; otherwise the ref is created at the head of `main`.
    pub num: Option<u64>,
    /// Title (required).
    pub title: String,
    /// Who opened it (a name that is not a user stands for a deleted account).
    pub author: String,
    /// A pull request rather than a discussion.
    pub pull_request: bool,
    /// `open`, `closed` or `draft` (default: `open`; `draft` for a pull request without commits).
    pub status: Option<Status>,
    /// Creation date.
    pub created_at: Option<String>,
    /// The first comment (default: empty).
    pub description: Option<String>,
    /// Further events, in order.
    pub events: Vec<EventSpec>,
}

/// An event of a seeded discussion.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct EventSpec {
    /// `comment`, `title-change` or `status-change`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who.
    pub author: String,
    /// When (default: one hour after the previous event).
    pub created_at: Option<String>,
    /// Comment text (the current version).
    pub text: Option<String>,
    /// Earlier versions of the comment, oldest first.
    pub edits: Vec<String>,
    /// Hidden comment.
    pub hidden: bool,
    /// Who hid it (default: the comment's author).
    pub hidden_by: Option<String>,
    /// Title change: old title.
    pub from: Option<String>,
    /// Title change: new title.
    pub to: Option<String>,
    /// Status change: the new status.
    pub status: Option<Status>,
}

/// A collection.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CollectionSpec {
    /// 24-hex object id (default: derived from namespace and title).
    pub id: Option<String>,
    /// Owner, a user or an org (required).
    pub namespace: String,
    /// Title (required).
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Private flag.
    pub private: bool,
    /// Theme (default `blue`).
    pub theme: Option<String>,
    /// Upvotes.
    pub upvotes: u64,
    /// Creation date.
    pub created_at: Option<String>,
    /// Last change (default: the creation date).
    pub last_updated: Option<String>,
    /// Items in order.
    pub items: Vec<CollectionItemSpec>,
}

/// An item of a seeded collection.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CollectionItemSpec {
    /// `model`, `dataset`, `space`, `paper` or `collection`.
    #[serde(rename = "type")]
    pub item_type: String,
    /// Repo id, arXiv id, or the slug or object id of another seeded collection.
    pub id: String,
    /// Note.
    pub note: Option<String>,
    /// 24-hex item object id (default: derived).
    pub object_id: Option<String>,
}

/// Applies the discussions of a seed (after the repos).
pub fn apply_discussions(state: &mut State, specs: &[DiscussionSpec]) -> io::Result<()> {
    for (i, s) in specs.iter().enumerate() {
        let t = s.repo_type.unwrap_or(RepoType::Model);
        let key = repo_key(t, &s.repo);
        let repo = state
            .repos
            .get(&key)
            .ok_or_else(|| bad(format!("discussion on unknown repo {}", s.repo)))?;
        if s.title.trim().is_empty() || s.author.is_empty() {
            return Err(bad(format!(
                "{}: a discussion needs a title and an author",
                s.repo
            )));
        }
        let num = match s.num {
            Some(0) => return Err(bad("discussion numbers start at 1")),
            Some(n) => n,
            None => state.discussions.next_num(repo),
        };
        if state.discussions.get(t, &s.repo, num).is_some() {
            return Err(bad(format!("{}: discussion #{num} defined twice", s.repo)));
        }
        let (created_at, mut clock) = date_or(
            s.created_at.as_ref(),
            BASE_MS + 60 * 24 * HOUR_MS + i as i64 * HOUR_MS,
        )?;
        let pr_ref = community::pr_ref(num);
        if s.pull_request && !repo.refs.contains_key(&pr_ref) {
            if let Some(head) = repo.refs.get("refs/heads/main").cloned() {
                if let Some(r) = state.repos.get_mut(&key) {
                    r.refs.insert(pr_ref.clone(), head);
                }
            }
        }
        let mut events = vec![state.discussions.event(
            &s.author,
            &created_at,
            community::comment(
                s.description.as_deref().unwrap_or(""),
                &s.author,
                &created_at,
            ),
        )];
        for e in &s.events {
            clock += HOUR_MS;
            let (at, ms) = date_or(e.created_at.as_ref(), clock)?;
            clock = ms;
            let kind = match e.kind.as_str() {
                "comment" => {
                    let text = e
                        .text
                        .clone()
                        .ok_or_else(|| bad(format!("{}#{num}: a comment needs text", s.repo)))?;
                    let versions: Vec<CommentVersion> = e
                        .edits
                        .iter()
                        .chain(std::iter::once(&text))
                        .enumerate()
                        .map(|(k, raw)| CommentVersion {
                            raw: raw.clone(),
                            author: e.author.clone(),
                            updated_at: crate::dates::format_iso(ms + k as i64 * 60_000),
                        })
                        .collect();
                    EventKind::Comment {
                        versions,
                        hidden: e.hidden,
                        hidden_by: e
                            .hidden
                            .then(|| e.hidden_by.clone().unwrap_or_else(|| e.author.clone())),
                    }
                }
                "title-change" => EventKind::TitleChange {
                    from: e.from.clone().unwrap_or_default(),
                    to: e.to.clone().unwrap_or_else(|| s.title.clone()),
                },
                "status-change" => EventKind::StatusChange {
                    status: e.status.ok_or_else(|| {
                        bad(format!("{}#{num}: a status change needs a status", s.repo))
                    })?,
                },
                other => {
                    return Err(bad(format!(
                    "{}#{num}: unknown event type {other:?} (comment, title-change, status-change)",
                    s.repo
                )))
                }
            };
            events.push(state.discussions.event(&e.author, &at, kind));
        }
        let mut d = Discussion {
            num,
            title: s.title.clone(),
            status: Status::Open,
            is_pull_request: s.pull_request,
            author: s.author.clone(),
            created_at,
            events,
            target_ref: s.pull_request.then(|| "refs/heads/main".to_string()),
            merge: None,
        };
        let repo = &state.repos[&key];
        let has_commits = pr_range(repo, &d).is_some_and(|r| !r.commits.is_empty());
        d.status = match s.status {
            Some(Status::Merged) => {
                return Err(bad(format!(
                    "{}#{num}: seed a merged pull request by merging it at runtime",
                    s.repo
                )))
            }
            Some(Status::Draft) if !s.pull_request => {
                return Err(bad(format!(
                    "{}#{num}: only pull requests can be drafts",
                    s.repo
                )))
            }
            Some(st) => st,
            None if s.pull_request && !has_commits => Status::Draft,
            None => Status::Open,
        };
        state
            .discussions
            .by_repo
            .entry(key)
            .or_default()
            .insert(num, d);
    }
    Ok(())
}

/// Applies the collections of a seed (after the repos).
pub fn apply_collections(state: &mut State, specs: &[CollectionSpec]) -> io::Result<()> {
    let mut ids = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        if !state.users.contains_key(&s.namespace) && !state.orgs.contains_key(&s.namespace) {
            return Err(bad(format!(
                "collection of unknown namespace {:?}",
                s.namespace
            )));
        }
        if s.title.trim().is_empty() {
            return Err(bad("a collection needs a title"));
        }
        let id = match &s.id {
            Some(id) if is_hex(id, 24) => id.clone(),
            Some(id) => {
                return Err(bad(format!(
                    "collection id {id:?} is not 24 lower-case hex"
                )))
            }
            None => object_id(&format!("seed-collection:{}:{}", s.namespace, s.title)),
        };
        if state.collections.by_id.contains_key(&id) {
            return Err(bad(format!("collection id {id} used twice")));
        }
        let theme = s.theme.clone().unwrap_or_else(|| "blue".into());
        if !THEMES.contains(&theme.as_str()) {
            return Err(bad(format!("unknown collection theme {theme:?}")));
        }
        let (created_at, _) = date_or(
            s.created_at.as_ref(),
            BASE_MS + 70 * 24 * HOUR_MS + i as i64 * HOUR_MS,
        )?;
        let last_updated = match &s.last_updated {
            Some(_) => date_or(s.last_updated.as_ref(), 0)?.0,
            None => created_at.clone(),
        };
        let position = state
            .collections
            .by_id
            .values()
            .filter(|c| c.namespace == s.namespace)
            .count() as u64;
        state.collections.by_id.insert(
            id.clone(),
            Collection {
                id: id.clone(),
                namespace: s.namespace.clone(),
                title: s.title.trim().to_string(),
                description: s.description.clone(),
                private: s.private,
                theme,
                position,
                upvotes: s.upvotes,
                created_at: created_at.clone(),
                last_updated,
                items: Vec::new(),
            },
        );
        ids.push((id, created_at));
    }
    // items once every collection exists (an item may name a later collection)
    for (s, (id, created_at)) in specs.iter().zip(ids) {
        let mut items = Vec::new();
        for (k, it) in s.items.iter().enumerate() {
            let stored = match it.item_type.as_str() {
                "model" | "dataset" | "space" => {
                    let t = RepoType::from_singular(&it.item_type).unwrap_or(RepoType::Model);
                    if state.repo(t, &it.id).is_none() {
                        return Err(bad(format!(
                            "collection item: unknown {} {}",
                            it.item_type, it.id
                        )));
                    }
                    it.id.clone()
                }
                "paper" => it.id.clone(),
                "collection" => state
                    .collections
                    .by_slug(&it.id)
                    .or_else(|| state.collections.by_id.get(&it.id))
                    .map(|c| c.id.clone())
                    .ok_or_else(|| bad(format!("collection item: unknown collection {}", it.id)))?,
                other => return Err(bad(format!("unknown collection item type {other:?}"))),
            };
            let object_id = match &it.object_id {
                Some(o) if is_hex(o, 24) => o.clone(),
                Some(o) => {
                    return Err(bad(format!(
                        "item object id {o:?} is not 24 lower-case hex"
                    )))
                }
                None => object_id(&format!("seed-collection-item:{id}:{k}")),
            };
            items.push(CollectionItem {
                object_id,
                item_type: it.item_type.clone(),
                item_id: stored,
                note: it.note.clone(),
                added_at: created_at.clone(),
            });
        }
        if let Some(c) = state.collections.by_id.get_mut(&id) {
            c.items = items;
        }
    }
    Ok(())
}
