//! The community state: discussions and pull requests (with their events) and collections.
//!
//! Both live in [`State`] beside the repos: discussions by repo key and number, collections by
//! their 24-hex object id. Pull requests are backed by `refs/pr/N` in the repo; their commits,
//! diff and conflicting files are derived from the repo's history when asked, so whatever moves
//! `refs/pr/N` (the commit endpoint, a seed) is reflected at once.

use super::history::{Change, NewCommit, Parent};
use super::model::{repo_key, Commit, FileEntry, Files, Repo, RepoType, State};
use super::Store;
use crate::hash::{lfs_pointer, object_id};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Every discussion of every repo.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Discussions {
    /// By repo key ([`repo_key`]), then by number.
    pub by_repo: BTreeMap<String, BTreeMap<u64, Discussion>>,
    /// Counter behind event ids.
    pub next_event: u64,
}

/// Status of a discussion or pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Open.
    Open,
    /// Closed without merging.
    Closed,
    /// A merged pull request.
    Merged,
    /// A pull request without commits yet.
    Draft,
}

impl Status {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Merged => "merged",
            Status::Draft => "draft",
        }
    }
}

/// A discussion or pull request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Discussion {
    /// Number (shared by discussions and pull requests of a repo).
    pub num: u64,
    /// Title.
    pub title: String,
    /// Stored status (a draft PR with commits is reported as open, see [`effective_status`]).
    pub status: Status,
    /// Pull request or plain discussion.
    pub is_pull_request: bool,
    /// Who opened it (may name a deleted user).
    pub author: String,
    /// Creation date (ISO).
    pub created_at: String,
    /// Stored events (commit events of PRs are derived, see [`pr_commits`]).
    #[serde(default)]
    pub events: Vec<Event>,
    /// PRs: the full ref changes are merged into (`refs/heads/main`).
    #[serde(default)]
    pub target_ref: Option<String>,
    /// PRs: set once merged.
    #[serde(default)]
    pub merge: Option<MergeInfo>,
}

/// How a pull request was merged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeInfo {
    /// The commit created on the target branch.
    pub commit: String,
    /// The merge base (last commit shared with the target).
    pub base: String,
    /// The head of `refs/pr/N` that was merged.
    pub head: String,
}

/// One event of a discussion.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// 24-hex id.
    pub id: String,
    /// Who (may name a deleted user).
    pub author: String,
    /// When (ISO).
    pub created_at: String,
    /// What happened.
    pub kind: EventKind,
}

/// The kinds of stored events.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum EventKind {
    /// A comment with every version of its text (oldest first; the last is current).
    Comment {
        /// Versions, oldest first.
        versions: Vec<CommentVersion>,
        /// Hidden (its text is no longer served).
        #[serde(default)]
        hidden: bool,
        /// Who hid it.
        #[serde(default)]
        hidden_by: Option<String>,
    },
    /// A status change.
    StatusChange {
        /// The new status.
        status: Status,
    },
    /// A rename.
    TitleChange {
        /// Old title.
        from: String,
        /// New title.
        to: String,
    },
}

/// One version of a comment's text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommentVersion {
    /// Markdown.
    pub raw: String,
    /// Who wrote this version.
    pub author: String,
    /// When (ISO).
    pub updated_at: String,
}

impl Discussions {
    /// The discussions of one repo.
    pub fn of(&self, t: RepoType, id: &str) -> Option<&BTreeMap<u64, Discussion>> {
        self.by_repo.get(&repo_key(t, id))
    }

    /// One discussion.
    pub fn get(&self, t: RepoType, id: &str, num: u64) -> Option<&Discussion> {
        self.of(t, id)?.get(&num)
    }

    /// One discussion, mutable.
    pub fn get_mut(&mut self, t: RepoType, id: &str, num: u64) -> Option<&mut Discussion> {
        self.by_repo.get_mut(&repo_key(t, id))?.get_mut(&num)
    }

    /// A fresh event id.
    pub fn event_id(&mut self) -> String {
        self.next_event += 1;
        object_id(&format!("discussion-event:{}", self.next_event))
    }

    /// A new event with a fresh id.
    pub fn event(&mut self, author: &str, created_at: &str, kind: EventKind) -> Event {
        Event {
            id: self.event_id(),
            author: author.to_string(),
            created_at: created_at.to_string(),
            kind,
        }
    }

    /// The number the next discussion of a repo gets: one more than every discussion and
    /// every `refs/pr/N` of the repo.
    pub fn next_num(&self, repo: &Repo) -> u64 {
        let from_discussions = self
            .of(repo.repo_type, &repo.id)
            .and_then(|m| m.keys().next_back().copied())
            .unwrap_or(0);
        let from_refs = repo
            .refs
            .keys()
            .filter_map(|r| r.strip_prefix("refs/pr/")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        from_discussions.max(from_refs) + 1
    }
}

/// A comment event's first version.
pub fn comment(raw: &str, author: &str, at: &str) -> EventKind {
    EventKind::Comment {
        versions: vec![CommentVersion {
            raw: raw.to_string(),
            author: author.to_string(),
            updated_at: at.to_string(),
        }],
        hidden: false,
        hidden_by: None,
    }
}

/// The git ref of pull request `num`.
pub fn pr_ref(num: u64) -> String {
    format!("refs/pr/{num}")
}

/// The commit ids reachable from `start` (every parent).
fn ancestors(repo: &Repo, start: &str) -> HashSet<String> {
    match repo.commits.get(start) {
        Some(c) => repo.history(c).into_iter().map(|c| c.id.clone()).collect(),
        None => HashSet::new(),
    }
}

/// What a pull request consists of: its base (last commit shared with the target branch),
/// its head, and its own commits (oldest first).
pub struct PrRange<'a> {
    /// Merge base.
    pub base: &'a Commit,
    /// Head of `refs/pr/N` (or the merged head).
    pub head: &'a Commit,
    /// Commits after the base on the first-parent chain of the head, oldest first.
    pub commits: Vec<&'a Commit>,
}

/// The range of a pull request (`None` when its ref or target does not resolve).
pub fn pr_range<'a>(repo: &'a Repo, d: &Discussion) -> Option<PrRange<'a>> {
    if !d.is_pull_request {
        return None;
    }
    let (head_id, stop): (String, HashSet<String>) = match &d.merge {
        Some(m) => (m.head.clone(), std::iter::once(m.base.clone()).collect()),
        None => {
            let head = repo.refs.get(&pr_ref(d.num))?.clone();
            let target = repo.refs.get(d.target_ref.as_deref()?)?;
            (head, ancestors(repo, target))
        }
    };
    let head = repo.commits.get(&head_id)?;
    let mut commits = Vec::new();
    let mut cur = head;
    loop {
        if stop.contains(&cur.id) {
            break;
        }
        commits.push(cur);
        match cur.parents.first().and_then(|p| repo.commits.get(p)) {
            Some(p) => cur = p,
            // a root commit that the target does not share: diff against an empty tree
            None => {
                commits.reverse();
                return Some(PrRange {
                    base: cur,
                    head,
                    commits,
                });
            }
        }
    }
    commits.reverse();
    Some(PrRange {
        base: cur,
        head,
        commits,
    })
}

/// The status reported for a discussion: a draft pull request that has commits is open.
pub fn effective_status(repo: &Repo, d: &Discussion) -> Status {
    if d.status == Status::Draft && pr_range(repo, d).is_some_and(|r| !r.commits.is_empty()) {
        Status::Open
    } else {
        d.status
    }
}

/// Paths whose entry differs between two trees, sorted.
pub fn changed_paths(a: &Files, b: &Files) -> Vec<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// Files changed by the pull request that the target branch also changed differently since
/// the merge base (empty for merged and plain discussions).
pub fn conflicting_files(repo: &Repo, d: &Discussion) -> Vec<String> {
    if d.merge.is_some() {
        return Vec::new();
    }
    let Some(range) = pr_range(repo, d) else {
        return Vec::new();
    };
    let Some(target) = d
        .target_ref
        .as_deref()
        .and_then(|t| repo.refs.get(t))
        .and_then(|c| repo.commits.get(c))
    else {
        return Vec::new();
    };
    let (base, head, tip) = (&range.base.files, &range.head.files, &target.files);
    changed_paths(base, head)
        .into_iter()
        .filter(|p| tip.get(p) != base.get(p) && tip.get(p) != head.get(p))
        .collect()
}

/// Why a merge cannot happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// Not a pull request, closed, merged, draft, or its refs are gone (→ 400).
    Invalid(String),
    /// Conflicting files (→ 409).
    Conflict(Vec<String>),
}

/// Merges pull request `num`: one squash commit on the target branch titled
/// `"{title} (#{num})"` that applies the PR's changes (since the merge base) to the current
/// target tree. Returns the new commit id; the discussion is marked merged by the caller.
pub fn merge_pr(repo: &mut Repo, d: &Discussion, date: &str) -> Result<MergeInfo, MergeError> {
    if !d.is_pull_request {
        return Err(MergeError::Invalid(
            "This discussion is not a pull request".into(),
        ));
    }
    match effective_status(repo, d) {
        Status::Open => {}
        Status::Draft => {
            return Err(MergeError::Invalid(
                "Cannot merge a draft pull request: it has no commits".into(),
            ))
        }
        Status::Closed => {
            return Err(MergeError::Invalid(
                "Cannot merge a closed pull request".into(),
            ))
        }
        Status::Merged => {
            return Err(MergeError::Invalid(
                "This pull request has already been merged".into(),
            ))
        }
    }
    let conflicts = conflicting_files(repo, d);
    if !conflicts.is_empty() {
        return Err(MergeError::Conflict(conflicts));
    }
    let target_ref = d
        .target_ref
        .clone()
        .ok_or_else(|| MergeError::Invalid("Pull request without a target branch".into()))?;
    if !repo.refs.contains_key(&target_ref) {
        return Err(MergeError::Invalid(format!(
            "Target branch {target_ref} does not exist"
        )));
    }
    let range = pr_range(repo, d)
        .ok_or_else(|| MergeError::Invalid("The pull request's ref does not exist".into()))?;
    let changes: Vec<Change> = changed_paths(&range.base.files, &range.head.files)
        .into_iter()
        .map(|path| match range.head.files.get(&path) {
            Some(entry) => Change::Put {
                entry: entry.clone(),
                path,
            },
            None => Change::Delete { path },
        })
        .collect();
    let mut authors: Vec<String> = Vec::new();
    for a in range.commits.iter().flat_map(|c| c.authors.iter()) {
        if !authors.contains(a) {
            authors.push(a.clone());
        }
    }
    if authors.is_empty() {
        authors.push(d.author.clone());
    }
    let message = range
        .commits
        .iter()
        .map(|c| format!("- {} ({})", c.title, &c.id[..7.min(c.id.len())]))
        .collect::<Vec<_>>()
        .join("\n");
    let (base, head) = (range.base.id.clone(), range.head.id.clone());
    let commit = repo.apply_commit(
        &target_ref,
        Parent::RefHead,
        NewCommit {
            title: format!("{} (#{})", d.title, d.num),
            message,
            authors,
            date: date.to_string(),
            changes,
        },
    );
    Ok(MergeInfo { commit, base, head })
}

/// Opens a pull request on `repo` (for routes that create one, e.g. a commit with
/// `create_pr=1`): a draft with the description as first comment and `refs/pr/N` at the head
/// of `refs/heads/main` (when it exists). Returns its number.
pub fn open_pull_request(
    state: &mut State,
    repo_type: RepoType,
    repo_id: &str,
    title: &str,
    description: &str,
    author: &str,
    date: &str,
) -> Option<u64> {
    open(
        state,
        repo_type,
        repo_id,
        title,
        description,
        author,
        date,
        true,
    )
}

/// Opens a discussion or (draft) pull request; see [`open_pull_request`]. Returns its number,
/// or `None` when the repo does not exist.
#[allow(clippy::too_many_arguments)]
pub fn open(
    state: &mut State,
    repo_type: RepoType,
    repo_id: &str,
    title: &str,
    description: &str,
    author: &str,
    date: &str,
    pull_request: bool,
) -> Option<u64> {
    let repo = state.repos.get(&repo_key(repo_type, repo_id))?;
    let num = state.discussions.next_num(repo);
    let target = "refs/heads/main".to_string();
    let target_head = repo.refs.get(&target).cloned();
    let first = state
        .discussions
        .event(author, date, comment(description, author, date));
    let d = Discussion {
        num,
        title: title.to_string(),
        status: if pull_request {
            Status::Draft
        } else {
            Status::Open
        },
        is_pull_request: pull_request,
        author: author.to_string(),
        created_at: date.to_string(),
        events: vec![first],
        target_ref: pull_request.then(|| target.clone()),
        merge: None,
    };
    state
        .discussions
        .by_repo
        .entry(repo_key(repo_type, repo_id))
        .or_default()
        .insert(num, d);
    if let (true, Some(head)) = (pull_request, target_head) {
        if let Some(repo) = state.repos.get_mut(&repo_key(repo_type, repo_id)) {
            repo.refs.insert(pr_ref(num), head);
        }
    }
    Some(num)
}

/// Text of a file for a diff: the content of small regular files, the pointer of LFS files
/// (as git shows them), `None` for binary or large content.
fn diff_text(store: &Store, state: &State, entry: &FileEntry) -> Option<String> {
    match entry {
        FileEntry::Lfs { sha256, size, .. } => Some(lfs_pointer(sha256, *size)),
        FileEntry::Regular { .. } => {
            let bytes = store.read_small(state, entry, 1 << 20)?;
            if bytes.contains(&0) {
                return None;
            }
            String::from_utf8(bytes).ok()
        }
    }
}

fn short(oid: Option<&FileEntry>) -> String {
    oid.map_or_else(|| "0000000".to_string(), |e| e.oid()[..7].to_string())
}

/// A unified diff (`git diff` style) from tree `a` to tree `b`.
pub fn unified_diff(store: &Store, state: &State, a: &Files, b: &Files) -> String {
    let mut out = String::new();
    for path in changed_paths(a, b) {
        let (old, new) = (a.get(&path), b.get(&path));
        out.push_str(&format!("diff --git a/{path} b/{path}\n"));
        match (old, new) {
            (None, Some(_)) => out.push_str("new file mode 100644\n"),
            (Some(_), None) => out.push_str("deleted file mode 100644\n"),
            _ => {}
        }
        let mode = if old.is_some() && new.is_some() {
            " 100644"
        } else {
            ""
        };
        out.push_str(&format!("index {}..{}{mode}\n", short(old), short(new)));
        let old_text = old.map(|e| diff_text(store, state, e));
        let new_text = new.map(|e| diff_text(store, state, e));
        if matches!(old_text, Some(None)) || matches!(new_text, Some(None)) {
            let l = if old.is_some() {
                format!("a/{path}")
            } else {
                "/dev/null".into()
            };
            let r = if new.is_some() {
                format!("b/{path}")
            } else {
                "/dev/null".into()
            };
            out.push_str(&format!("Binary files {l} and {r} differ\n"));
            continue;
        }
        let old_text = old_text.flatten().unwrap_or_default();
        let new_text = new_text.flatten().unwrap_or_default();
        out.push_str(&format!(
            "--- {}\n+++ {}\n",
            if old.is_some() {
                format!("a/{path}")
            } else {
                "/dev/null".into()
            },
            if new.is_some() {
                format!("b/{path}")
            } else {
                "/dev/null".into()
            }
        ));
        out.push_str(&hunks(&old_text, &new_text));
    }
    out
}

/// One line of an edit script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep,
    Del,
    Add,
}

fn split_lines(s: &str) -> Vec<&str> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split_inclusive('\n').collect()
    }
}

/// Unified-diff hunks (3 lines of context) between two texts.
fn hunks(old: &str, new: &str) -> String {
    let a = split_lines(old);
    let b = split_lines(new);
    // LCS table (texts here are small); fall back to "replace everything" beyond a bound
    let script: Vec<(Op, usize, usize)> = if a.len() * b.len() <= 4_000_000 {
        let (n, m) = (a.len(), b.len());
        let mut lcs = vec![vec![0u32; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i][j] = if a[i] == b[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        let mut s = Vec::new();
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                s.push((Op::Keep, i, j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                s.push((Op::Del, i, j));
                i += 1;
            } else {
                s.push((Op::Add, i, j));
                j += 1;
            }
        }
        s
    } else {
        (0..a.len())
            .map(|i| (Op::Del, i, 0))
            .chain((0..b.len()).map(|j| (Op::Add, a.len(), j)))
            .collect()
    };
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = script
        .iter()
        .enumerate()
        .filter(|(_, (op, _, _))| *op != Op::Keep)
        .map(|(k, _)| k)
        .collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * CONTEXT + 1 {
            k += 1;
            end = changed[k];
        }
        let end = (end + CONTEXT + 1).min(script.len());
        let slice = &script[start..end];
        let old_start = slice.first().map_or(0, |(_, i, _)| *i);
        let new_start = slice.first().map_or(0, |(_, _, j)| *j);
        let old_len = slice.iter().filter(|(op, _, _)| *op != Op::Add).count();
        let new_len = slice.iter().filter(|(op, _, _)| *op != Op::Del).count();
        let pos = |start: usize, len: usize| {
            if len == 0 {
                format!("{start},0")
            } else if len == 1 {
                format!("{}", start + 1)
            } else {
                format!("{},{len}", start + 1)
            }
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            pos(old_start, old_len),
            pos(new_start, new_len)
        ));
        for (op, i, j) in slice {
            let (sign, line) = match op {
                Op::Keep => (' ', a[*i]),
                Op::Del => ('-', a[*i]),
                Op::Add => ('+', b[*j]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        k += 1;
    }
    out
}

/// Every collection.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Collections {
    /// By 24-hex object id.
    pub by_id: BTreeMap<String, Collection>,
    /// Counter behind new object ids.
    pub next_id: u64,
}

/// A collection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Collection {
    /// 24-hex object id (the end of the slug).
    pub id: String,
    /// Owner (user or org).
    pub namespace: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Private flag.
    #[serde(default)]
    pub private: bool,
    /// Theme (`orange`, `blue`, `green`, `purple`, `pink`, `indigo`).
    pub theme: String,
    /// Rank among the owner's collections (0 first).
    #[serde(default)]
    pub position: u64,
    /// Upvotes.
    #[serde(default)]
    pub upvotes: u64,
    /// Creation date (ISO).
    pub created_at: String,
    /// Last change (ISO).
    pub last_updated: String,
    /// Items in order.
    #[serde(default)]
    pub items: Vec<CollectionItem>,
}

/// An item of a collection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CollectionItem {
    /// 24-hex object id of the item (`_id`).
    pub object_id: String,
    /// `model`, `dataset`, `space`, `paper` or `collection`.
    pub item_type: String,
    /// Repo id, arXiv id, or the object id of a collection.
    pub item_id: String,
    /// Note (plain text).
    #[serde(default)]
    pub note: Option<String>,
    /// When it was added (ISO).
    pub added_at: String,
}

/// The collection themes the Hub knows.
pub const THEMES: &[&str] = &["orange", "blue", "green", "purple", "pink", "indigo"];

/// The Hub's slug of a title: lower-case ASCII letters and digits, other runs replaced by `-`.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let s = out.trim_matches('-');
    if s.is_empty() {
        "collection".into()
    } else {
        s.to_string()
    }
}

impl Collection {
    /// `{namespace}/{slugified title}-{id}`.
    pub fn slug(&self) -> String {
        format!("{}/{}-{}", self.namespace, slugify(&self.title), self.id)
    }
}

impl Collections {
    /// The collection a slug names (by its trailing object id; the namespace must match).
    pub fn by_slug(&self, slug: &str) -> Option<&Collection> {
        let id = slug_id(slug)?;
        self.by_id
            .get(id)
            .filter(|c| slug.split('/').next() == Some(c.namespace.as_str()))
    }

    /// A fresh 24-hex object id.
    pub fn new_id(&mut self, kind: &str) -> String {
        loop {
            self.next_id += 1;
            let id = object_id(&format!("{kind}:{}", self.next_id));
            if !self.by_id.contains_key(&id) {
                return id;
            }
        }
    }

    /// Renumbers the positions of a namespace's collections (0, 1, … in current order).
    pub fn renumber(&mut self, namespace: &str) {
        let mut mine: Vec<(u64, String, String)> = self
            .by_id
            .values()
            .filter(|c| c.namespace == namespace)
            .map(|c| (c.position, c.created_at.clone(), c.id.clone()))
            .collect();
        mine.sort();
        for (i, (_, _, id)) in mine.into_iter().enumerate() {
            if let Some(c) = self.by_id.get_mut(&id) {
                c.position = i as u64;
            }
        }
    }

    /// Moves a collection to `position` among its namespace's collections.
    pub fn move_to(&mut self, id: &str, position: u64) {
        let Some(ns) = self.by_id.get(id).map(|c| c.namespace.clone()) else {
            return;
        };
        self.renumber(&ns);
        let mut order: Vec<String> = {
            let mut v: Vec<&Collection> =
                self.by_id.values().filter(|c| c.namespace == ns).collect();
            v.sort_by_key(|c| c.position);
            v.into_iter().map(|c| c.id.clone()).collect()
        };
        order.retain(|x| x != id);
        let at = (position as usize).min(order.len());
        order.insert(at, id.to_string());
        for (i, cid) in order.iter().enumerate() {
            if let Some(c) = self.by_id.get_mut(cid) {
                c.position = i as u64;
            }
        }
    }
}

/// The object id at the end of a slug (`…-<24 hex>`).
pub fn slug_id(slug: &str) -> Option<&str> {
    let (_, id) = slug.rsplit_once('-')?;
    crate::hash::is_hex(id, 24).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("My picks"), "my-picks");
        assert_eq!(slugify("  ICCV 2023!! "), "iccv-2023");
        assert_eq!(slugify("***"), "collection");
        assert_eq!(
            slug_id("alice/my-picks-65b7f3c4d2e1a0b9c8d7e6f5"),
            Some("65b7f3c4d2e1a0b9c8d7e6f5")
        );
        assert_eq!(slug_id("alice/my-picks"), None);
    }

    #[test]
    fn diff_hunks() {
        assert_eq!(hunks("", "a\nb\n"), "@@ -0,0 +1,2 @@\n+a\n+b\n");
        assert_eq!(
            hunks("a\nb\nc\n", "a\nB\nc\n"),
            "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .map(|i| match i {
                2 => "two\n".to_string(),
                19 => "nineteen\n".to_string(),
                _ => format!("{i}\n"),
            })
            .collect();
        let d = hunks(&old, &new);
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.starts_with("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{d}");
        assert_eq!(
            hunks("x", "y"),
            "@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n"
        );
    }
}
