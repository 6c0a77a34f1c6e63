//! Directory views over a commit's flat file map: listing a folder (optionally recursive),
//! looking up a path, and git tree object ids for folders.

use super::model::{FileEntry, Files};
use crate::hash::git_tree_oid;

/// One entry of a listing.
#[derive(Debug, Clone)]
pub enum Node<'a> {
    /// A file.
    File {
        /// Full path.
        path: String,
        /// The entry.
        entry: &'a FileEntry,
    },
    /// A folder (implied by the files below it).
    Dir {
        /// Full path.
        path: String,
    },
}

impl Node<'_> {
    /// Full path of the entry.
    pub fn path(&self) -> &str {
        match self {
            Node::File { path, .. } | Node::Dir { path } => path,
        }
    }
}

fn prefix_of(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// Whether `dir` is a folder of this tree (the root always is).
pub fn is_dir(files: &Files, dir: &str) -> bool {
    let prefix = prefix_of(dir);
    dir.is_empty()
        || files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
}

/// The direct children of `dir`, sorted by name (files and folders mixed). `None` if `dir`
/// is not a folder.
pub fn children<'a>(files: &'a Files, dir: &str) -> Option<Vec<Node<'a>>> {
    if !is_dir(files, dir) {
        return None;
    }
    let prefix = prefix_of(dir);
    let mut out: Vec<Node<'a>> = Vec::new();
    let mut last_dir: Option<String> = None;
    for (path, entry) in files.range(prefix.clone()..) {
        let Some(rest) = path.strip_prefix(&prefix) else {
            break;
        };
        match rest.split_once('/') {
            Some((sub, _)) => {
                let sub_path = format!("{prefix}{sub}");
                if last_dir.as_deref() != Some(&sub_path) {
                    last_dir = Some(sub_path.clone());
                    out.push(Node::Dir { path: sub_path });
                }
            }
            None => out.push(Node::File {
                path: path.clone(),
                entry,
            }),
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out.dedup_by(|a, b| a.path() == b.path());
    Some(out)
}

/// Listing of `dir`: its children, or with `recursive` every entry below it, depth-first
/// (a folder is followed by its contents, then by its next sibling).
pub fn list<'a>(files: &'a Files, dir: &str, recursive: bool) -> Option<Vec<Node<'a>>> {
    let kids = children(files, dir)?;
    if !recursive {
        return Some(kids);
    }
    let mut out = Vec::new();
    for node in kids {
        let sub = match &node {
            Node::Dir { path } => Some(path.clone()),
            Node::File { .. } => None,
        };
        out.push(node);
        if let Some(sub) = sub {
            out.extend(list(files, &sub, true).unwrap_or_default());
        }
    }
    Some(out)
}

/// The file or folder at `path`.
pub fn lookup<'a>(files: &'a Files, path: &str) -> Option<Node<'a>> {
    let path = path.trim_matches('/');
    if let Some(entry) = files.get(path) {
        return Some(Node::File {
            path: path.to_string(),
            entry,
        });
    }
    if !path.is_empty() && is_dir(files, path) {
        return Some(Node::Dir {
            path: path.to_string(),
        });
    }
    None
}

/// Git tree id of folder `dir` (`""` = root). Stable and content-derived.
pub fn tree_oid(files: &Files, dir: &str) -> String {
    let entries: Vec<(bool, String, String)> = children(files, dir)
        .unwrap_or_default()
        .into_iter()
        .map(|node| {
            let name = node.path().rsplit('/').next().unwrap_or("").to_string();
            match node {
                Node::File { entry, .. } => (false, name, entry.oid().to_string()),
                Node::Dir { path } => (true, name, tree_oid(files, &path)),
            }
        })
        .collect();
    git_tree_oid(&entries)
}

/// Git id of whatever is at `path` (blob id for files, tree id for folders).
pub fn oid_at(files: &Files, path: &str) -> Option<String> {
    match lookup(files, path)? {
        Node::File { entry, .. } => Some(entry.oid().to_string()),
        Node::Dir { path } => Some(tree_oid(files, &path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Files {
        paths
            .iter()
            .map(|p| {
                (
                    p.to_string(),
                    FileEntry::Regular {
                        oid: crate::hash::git_blob_oid(p.as_bytes()),
                        size: 1,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn listing_orders_and_recurses() {
        let f = files(&["b.txt", "a/x.txt", "a/b/y.txt", "a-c.txt", "z"]);
        let top: Vec<_> = list(&f, "", false)
            .unwrap()
            .iter()
            .map(|n| n.path().to_string())
            .collect();
        assert_eq!(top, ["a", "a-c.txt", "b.txt", "z"]);
        let all: Vec<_> = list(&f, "", true)
            .unwrap()
            .iter()
            .map(|n| n.path().to_string())
            .collect();
        assert_eq!(
            all,
            ["a", "a/b", "a/b/y.txt", "a/x.txt", "a-c.txt", "b.txt", "z"]
        );
        assert!(list(&f, "nope", false).is_none());
        assert!(matches!(lookup(&f, "a/b"), Some(Node::Dir { .. })));
        assert_ne!(tree_oid(&f, "a"), tree_oid(&f, "a/b"));
    }
}
