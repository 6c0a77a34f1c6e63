//! Git-like operations on a repo: resolving revisions, walking history, creating commits.

use super::model::{Commit, FileEntry, Files, Repo};
use super::tree;
use crate::dates::parse_iso;
use crate::hash::{git_object_oid, is_hex};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One change of a new commit.
#[derive(Debug, Clone)]
pub enum Change {
    /// Add or replace a file.
    Put {
        /// Path in the repo.
        path: String,
        /// New entry (its content must already be in the store).
        entry: FileEntry,
    },
    /// Delete a file.
    Delete {
        /// Path in the repo.
        path: String,
    },
    /// Delete every file below a folder.
    DeleteFolder {
        /// Folder path (with or without a trailing `/`).
        path: String,
    },
}

/// What a new commit is made of.
#[derive(Debug, Clone)]
pub struct NewCommit {
    /// Summary line.
    pub title: String,
    /// Body.
    pub message: String,
    /// Author user names.
    pub authors: Vec<String>,
    /// Date (ISO).
    pub date: String,
    /// Changes applied to the parent's tree.
    pub changes: Vec<Change>,
}

/// The parent of a new commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    /// The current head of the target ref (a root commit if the ref does not exist).
    RefHead,
    /// This commit.
    Commit(String),
    /// No parent (a new root commit).
    Root,
}

/// Normalises a branch or full ref name to a full ref (`main` → `refs/heads/main`).
pub fn branch_ref(name: &str) -> String {
    if name.starts_with("refs/") {
        name.to_string()
    } else {
        format!("refs/heads/{name}")
    }
}

impl Repo {
    /// Namespace (user or org) of the repo.
    pub fn namespace(&self) -> &str {
        self.id.split('/').next().unwrap_or("")
    }

    /// Resolves a revision: full ref, branch, tag, full commit id or a unique prefix of ≥ 7 hex.
    pub fn resolve_rev(&self, rev: &str) -> Option<&Commit> {
        let id = self.resolve_id(rev)?;
        self.commits.get(&id)
    }

    fn resolve_id(&self, rev: &str) -> Option<String> {
        if rev.is_empty() {
            return None;
        }
        for candidate in [
            rev.to_string(),
            format!("refs/heads/{rev}"),
            format!("refs/tags/{rev}"),
        ] {
            if let Some(id) = self.refs.get(&candidate) {
                return Some(id.clone());
            }
        }
        if is_hex(rev, 40) {
            return self.commits.contains_key(rev).then(|| rev.to_string());
        }
        if rev.len() >= 7 && is_hex(rev, rev.len()) {
            let mut hits = self.commits.keys().filter(|k| k.starts_with(rev));
            let first = hits.next()?;
            if hits.next().is_none() {
                return Some(first.clone());
            }
        }
        None
    }

    /// Whether `name` (short or full) is a ref of this repo.
    pub fn has_ref(&self, name: &str) -> bool {
        self.refs.contains_key(name)
    }

    /// Every commit reachable from `start`, newest first (by date, then id).
    pub fn history(&self, start: &Commit) -> Vec<&Commit> {
        let mut seen = HashSet::new();
        let mut stack = vec![start.id.clone()];
        let mut out: Vec<&Commit> = Vec::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some(c) = self.commits.get(&id) {
                out.push(c);
                stack.extend(c.parents.iter().cloned());
            }
        }
        // newest first; a parent never comes before its child even with equal dates
        let mut depth: HashMap<&str, usize> = HashMap::new();
        for c in &out {
            let mut chain = Vec::new();
            let mut cur = Some(*c);
            let mut base = 0;
            while let Some(k) = cur {
                if let Some(d) = depth.get(k.id.as_str()) {
                    base = d + 1;
                    break;
                }
                chain.push(k);
                cur = k.parents.first().and_then(|p| self.commits.get(p));
            }
            for (i, k) in chain.iter().rev().enumerate() {
                depth.insert(k.id.as_str(), base + i);
            }
        }
        out.sort_by(|a, b| {
            parse_iso(&b.date)
                .cmp(&parse_iso(&a.date))
                .then_with(|| depth[b.id.as_str()].cmp(&depth[a.id.as_str()]))
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// The most recent commit (first-parent chain from `start`) that set `path` to its current
    /// content. `None` if the path does not exist at `start`.
    pub fn last_commit_for<'a>(&'a self, start: &'a Commit, path: &str) -> Option<&'a Commit> {
        let current = tree::oid_at(&start.files, path)?;
        let mut found = start;
        let mut cur = start;
        while let Some(parent) = cur.parents.first().and_then(|p| self.commits.get(p)) {
            if tree::oid_at(&parent.files, path).as_deref() != Some(current.as_str()) {
                break;
            }
            found = parent;
            cur = parent;
        }
        Some(found)
    }

    /// Creates a commit on `target_ref` (a full ref name) and moves the ref to it. Returns the
    /// new commit id.
    pub fn apply_commit(&mut self, target_ref: &str, parent: Parent, new: NewCommit) -> String {
        let parent = match parent {
            Parent::RefHead => self.refs.get(target_ref).cloned(),
            Parent::Commit(id) => Some(id),
            Parent::Root => None,
        };
        let mut files: Files = parent
            .as_ref()
            .and_then(|p| self.commits.get(p))
            .map(|c| c.files.clone())
            .unwrap_or_default();
        for change in new.changes {
            match change {
                Change::Put { path, entry } => {
                    files.insert(path, entry);
                }
                Change::Delete { path } => {
                    files.remove(&path);
                }
                Change::DeleteFolder { path } => {
                    let prefix = format!("{}/", path.trim_end_matches('/'));
                    files.retain(|k, _| !k.starts_with(&prefix));
                }
            }
        }
        let parents: Vec<String> = parent.into_iter().collect();
        let id = commit_oid(
            &files,
            &parents,
            &new.authors,
            &new.date,
            &new.title,
            &new.message,
        );
        self.commits.entry(id.clone()).or_insert(Commit {
            id: id.clone(),
            parents,
            title: new.title,
            message: new.message,
            authors: new.authors,
            date: new.date,
            files,
        });
        self.refs.insert(target_ref.to_string(), id.clone());
        id
    }

    /// Names of the refs under `prefix` (e.g. `refs/heads/`), sorted.
    pub fn refs_under(&self, prefix: &str) -> BTreeSet<String> {
        self.refs
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// The git commit id of a commit with this content.
pub fn commit_oid(
    files: &Files,
    parents: &[String],
    authors: &[String],
    date: &str,
    title: &str,
    message: &str,
) -> String {
    let secs = parse_iso(date).unwrap_or(0).div_euclid(1000);
    let who = authors.first().map(String::as_str).unwrap_or("hubsim");
    let mut body = format!("tree {}\n", tree::tree_oid(files, ""));
    for p in parents {
        body.push_str(&format!("parent {p}\n"));
    }
    let sig = format!("{who} <{who}@users.noreply.huggingface.co> {secs} +0000");
    body.push_str(&format!("author {sig}\ncommitter {sig}\n\n{title}\n"));
    if !message.is_empty() {
        body.push_str(&format!("\n{message}\n"));
    }
    git_object_oid("commit", body.as_bytes())
}
