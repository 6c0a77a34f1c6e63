//! Files and trees: `hf_hub_url`, `get_hf_file_metadata`, `file_exists`,
//! `list_repo_tree`, `list_repo_files`, `get_paths_info`.

use std::time::Duration;

use std::collections::VecDeque;

use serde::Deserialize;
use serde_json::Value;

use super::encoded_revision;
use super::info::seconds;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{check_response, header, Method, Request};
use crate::pagination::{decode, LinkPages, PageSource, Pager};
use crate::repo::{validate_repo_id, RepoType};
use crate::types::{HfFileMetadata, RepoFile, RepoTreeEntry};
use crate::urls::{py_bool, quote_path, quote_segment, Query};

/// `paths-info` requests carry at most this many paths.
pub const PATHS_INFO_CHUNK: usize = 500;
/// Relative redirects followed by the metadata HEAD.
const MAX_RELATIVE_REDIRECTS: usize = 5;

/// Options of [`Client::file_exists`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileExistsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
}

/// Options of [`Client::hf_hub_url`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileUrlOptions {
    /// Folder of the file inside the repository.
    pub subfolder: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
}

/// Options of [`Client::get_hf_file_metadata`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileMetadataOptions {
    /// Whole-call timeout in seconds (the client's metadata timeout by default).
    #[serde(deserialize_with = "seconds")]
    pub timeout: Option<Duration>,
}

/// Options of [`Client::list_repo_tree`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListRepoTreeOptions {
    /// Folder to list (the root by default).
    pub path_in_repo: Option<String>,
    /// List sub-folders too.
    pub recursive: bool,
    /// Add the last commit and security scan of each entry (slower; smaller pages).
    pub expand: bool,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::list_repo_files`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListRepoFilesOptions {
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::list_files_info`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListFilesInfoOptions {
    /// Ask for last-commit and security details of each file.
    pub expand: bool,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::get_paths_info`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GetPathsInfoOptions {
    /// Add the last commit and security scan of each entry.
    pub expand: bool,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// The normalised etag: a leading `W/` and surrounding quotes removed.
pub(crate) fn normalize_etag(raw: &str) -> String {
    let t = raw.trim();
    let t = t.strip_prefix("W/").unwrap_or(t);
    t.trim_matches('"').to_owned()
}

impl Client {
    /// The resolve URL of a file:
    /// `{endpoint}/{prefix}{repo_id}/resolve/{revision}/{subfolder/filename}`,
    /// revision encoded as one segment, the path with its `/` kept. No request.
    pub fn hf_hub_url(
        &self,
        repo_id: &str,
        filename: &str,
        options: &FileUrlOptions,
    ) -> Result<String> {
        validate_repo_id(repo_id)?;
        let path = match options.subfolder.as_deref().filter(|s| !s.is_empty()) {
            Some(sub) => format!("{sub}/{filename}"),
            None => filename.to_owned(),
        };
        Ok(self.hub_url(&format!(
            "/{}{repo_id}/resolve/{}/{}",
            options.repo_type.unwrap_or_default().url_prefix(),
            encoded_revision(options.revision.as_deref()),
            quote_path(&path)
        )))
    }

    /// What a HEAD on a resolve URL says: commit, etag, size and content location.
    /// `HEAD {url}` with `Accept-Encoding: identity`, redirects not followed
    /// except relative ones (renamed repositories); an absolute redirect (the
    /// CDN for LFS files) is reported as `location` and its own `Content-Length`
    /// is never taken as the file size.
    pub fn get_hf_file_metadata(
        &self,
        url: &str,
        options: &FileMetadataOptions,
    ) -> Result<HfFileMetadata> {
        let timeout = options.timeout.unwrap_or(self.inner.timeouts.metadata);
        self.file_metadata_with_commit(url, timeout, &mut None)
    }

    /// [`Client::get_hf_file_metadata`]; on an error answer, `error_commit` gets
    /// its `X-Repo-Commit` (downloads need it for the `.no_exist` markers).
    pub(crate) fn file_metadata_with_commit(
        &self,
        url: &str,
        timeout: Duration,
        error_commit: &mut Option<String>,
    ) -> Result<HfFileMetadata> {
        let mut current = url.to_owned();
        for _ in 0..=MAX_RELATIVE_REDIRECTS {
            let req = Request::head(current.as_str())
                .header("accept-encoding", "identity")
                .no_redirects()
                .timeout(Some(timeout));
            let resp = self.send_unchecked(&req)?;
            if resp.status().as_u16() >= 400 {
                *error_commit = header(resp.headers(), "x-repo-commit").map(str::to_owned);
            }
            let resp = check_response(Method::Head, &current, resp)?;
            let status = resp.status().as_u16();
            let headers = resp.headers();
            let location = header(headers, "location").map(str::to_owned);
            if (300..400).contains(&status) {
                if let Some(loc) = location
                    .as_deref()
                    .filter(|l| !l.contains("://") && !l.starts_with("//"))
                {
                    // Same host, new path; the original query string is kept.
                    let origin = crate::urls::origin_of(&current).unwrap_or("").to_owned();
                    let query = current
                        .split_once('?')
                        .map(|(_, q)| format!("?{q}"))
                        .unwrap_or_default();
                    let path = loc.split('?').next().unwrap_or(loc);
                    current = format!("{origin}{path}{query}");
                    continue;
                }
            }
            let size = header(headers, "x-linked-size")
                .or_else(|| {
                    (!(300..400).contains(&status))
                        .then(|| header(headers, "content-length"))
                        .flatten()
                })
                .and_then(|s| s.trim().parse().ok());
            return Ok(HfFileMetadata {
                commit_hash: header(headers, "x-repo-commit").map(str::to_owned),
                etag: header(headers, "x-linked-etag")
                    .or_else(|| header(headers, "etag"))
                    .map(normalize_etag),
                location: location.unwrap_or(current),
                size,
            });
        }
        Err(Error::Network {
            url: url.to_owned(),
            message: format!("more than {MAX_RELATIVE_REDIRECTS} relative redirects"),
        })
    }

    /// Whether a file exists in a repository. `HEAD {endpoint}/{prefix}{repo_id}/resolve/{revision}/{filename}`.
    ///
    /// A gated repository is an error ([`Error::GatedRepo`]); a missing
    /// repository, revision or file is `false` — including a bare 404 without
    /// `X-Error-Code`, which Python 0.22 raised.
    pub fn file_exists(
        &self,
        repo_id: &str,
        filename: &str,
        options: &FileExistsOptions,
    ) -> Result<bool> {
        let url_options = FileUrlOptions {
            subfolder: None,
            repo_type: options.repo_type,
            revision: options.revision.clone(),
        };
        let url = self.hf_hub_url(repo_id, filename, &url_options)?;
        match self.get_hf_file_metadata(&url, &FileMetadataOptions::default()) {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::RepoNotFound
                        | ErrorKind::EntryNotFound
                        | ErrorKind::RevisionNotFound
                ) =>
            {
                Ok(false)
            }
            Err(e) if e.status() == Some(404) && e.kind() == ErrorKind::Http => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The URL of a tree listing (`recursive`, `expand` as Python booleans).
    fn tree_url(
        &self,
        repo_id: &str,
        revision: Option<&str>,
        repo_type: Option<RepoType>,
        path_in_repo: Option<&str>,
        recursive: bool,
        expand: bool,
    ) -> Result<String> {
        let mut suffix = format!("/tree/{}", encoded_revision(revision));
        if let Some(p) = path_in_repo.filter(|p| !p.is_empty()) {
            suffix.push('/');
            suffix.push_str(&quote_segment(p));
        }
        let url = self.repo_api_url(repo_type, repo_id, &suffix)?;
        let mut q = Query::new();
        q.set_bool("recursive", recursive)
            .set_bool("expand", expand);
        Ok(q.apply(&url))
    }

    /// Files and folders of a repository, lazily paged.
    /// `GET /api/{T}/{repo_id}/tree/{revision}[/{path_in_repo}]?recursive=…&expand=…`
    /// (the path encoded as one segment, `/` included).
    pub fn list_repo_tree(
        &self,
        repo_id: &str,
        options: &ListRepoTreeOptions,
    ) -> Pager<RepoTreeEntry> {
        match self.tree_url(
            repo_id,
            options.revision.as_deref(),
            options.repo_type,
            options.path_in_repo.as_deref(),
            options.recursive,
            options.expand,
        ) {
            Ok(url) => Pager::link(self, url, None),
            Err(e) => Pager::failed(self, e),
        }
    }

    /// Python 0.22's deprecated `list_files_info` (removed in 0.23; use
    /// [`Client::list_repo_tree`] or [`Client::get_paths_info`]): the files (never folders)
    /// at `paths`, with every file under a folder among them, or every file of the
    /// repository when `paths` is `None`. Requests: with paths, `POST
    /// /api/{T}/{repo_id}/paths-info/{revision}` (form `paths`, `expand`), then for each
    /// folder `GET /api/{T}/{repo_id}/tree/{revision}/{folder}?recursive=True&expand=…`;
    /// without, `GET /api/{T}/{repo_id}/tree/{revision}?recursive=True&expand=…`. An empty
    /// `paths` sends nothing and yields nothing.
    pub fn list_files_info(
        &self,
        repo_id: &str,
        paths: Option<&[String]>,
        options: &ListFilesInfoOptions,
    ) -> Pager<RepoFile> {
        if let Err(e) = validate_repo_id(repo_id) {
            return Pager::failed(self, e);
        }
        let source = FilesInfoPages {
            repo_id: repo_id.to_owned(),
            options: options.clone(),
            paths: Some(paths.map(<[String]>::to_vec)),
            pending: VecDeque::new(),
            current: None,
        };
        Pager::from_source(self, Box::new(source), None, |v| {
            if v.get("type").and_then(Value::as_str) == Some("file") {
                decode(v).map(Some)
            } else {
                Ok(None)
            }
        })
    }

    /// Paths of every file of a repository (folders omitted), lazily paged.
    /// `GET /api/{T}/{repo_id}/tree/{revision}?recursive=True&expand=False`.
    pub fn list_repo_files(&self, repo_id: &str, options: &ListRepoFilesOptions) -> Pager<String> {
        let suffix = format!("/tree/{}", encoded_revision(options.revision.as_deref()));
        match self.repo_api_url(options.repo_type, repo_id, &suffix) {
            Ok(url) => {
                let mut q = Query::new();
                q.set_bool("recursive", true).set_bool("expand", false);
                Pager::link_with(self, q.apply(&url), None, |v| {
                    Ok(match decode::<RepoTreeEntry>(v)? {
                        RepoTreeEntry::File(f) => Some(f.path),
                        RepoTreeEntry::Folder(_) => None,
                    })
                })
            }
            Err(e) => Pager::failed(self, e),
        }
    }

    /// Information on the given paths (missing ones are omitted; folders are not
    /// expanded). `POST /api/{T}/{repo_id}/paths-info/{revision}` with a form body
    /// `paths=…&paths=…&expand=…`, in chunks of 500 paths.
    pub fn get_paths_info<S: AsRef<str>>(
        &self,
        repo_id: &str,
        paths: &[S],
        options: &GetPathsInfoOptions,
    ) -> Result<Vec<RepoTreeEntry>> {
        let paths: Vec<String> = paths.iter().map(|p| p.as_ref().to_owned()).collect();
        self.paths_info_raw(repo_id, &paths, options)?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// The entries of `POST …/paths-info/{revision}`, as sent (chunks of
    /// `PATHS_INFO_CHUNK` paths).
    fn paths_info_raw(
        &self,
        repo_id: &str,
        paths: &[String],
        options: &GetPathsInfoOptions,
    ) -> Result<Vec<Value>> {
        let url = self.repo_api_url(
            options.repo_type,
            repo_id,
            &format!(
                "/paths-info/{}",
                encoded_revision(options.revision.as_deref())
            ),
        )?;
        let mut out = Vec::new();
        for chunk in paths.chunks(PATHS_INFO_CHUNK) {
            let mut form = Query::new();
            form.set_list("paths", chunk.to_vec());
            form.set("expand", py_bool(options.expand));
            let req = Request::new(Method::Post, url.as_str())
                .form(form.encode())
                .idempotent(true);
            let entries: Vec<Value> = self.send_json(&req)?;
            out.extend(entries);
        }
        Ok(out)
    }
}

/// The pages of [`Client::list_files_info`]: the paths-info answer in order, each
/// folder replaced by the pages of its recursive tree listing.
struct FilesInfoPages {
    repo_id: String,
    options: ListFilesInfoOptions,
    /// `Some` until the first page: the caller's paths (`None`: the whole repository).
    paths: Option<Option<Vec<String>>>,
    /// paths-info entries not yet yielded.
    pending: VecDeque<Value>,
    /// The tree listing being yielded.
    current: Option<LinkPages>,
}

impl FilesInfoPages {
    fn tree(&self, client: &Client, folder: Option<&str>) -> Result<LinkPages> {
        let o = &self.options;
        let url = client.tree_url(
            &self.repo_id,
            o.revision.as_deref(),
            o.repo_type,
            folder,
            true,
            o.expand,
        )?;
        Ok(LinkPages::new(url))
    }
}

impl PageSource for FilesInfoPages {
    fn next_page(&mut self, client: &Client) -> Result<Option<Vec<Value>>> {
        loop {
            if let Some(pages) = self.current.as_mut() {
                match pages.next_page(client)? {
                    Some(items) => return Ok(Some(items)),
                    None => self.current = None,
                }
            }
            match self.paths.take() {
                Some(None) => {
                    self.current = Some(self.tree(client, None)?);
                    continue;
                }
                Some(Some(paths)) => {
                    let o = &self.options;
                    let info = GetPathsInfoOptions {
                        expand: o.expand,
                        revision: o.revision.clone(),
                        repo_type: o.repo_type,
                    };
                    let entries: Vec<Value> = if paths.is_empty() {
                        Vec::new()
                    } else {
                        client.paths_info_raw(&self.repo_id, &paths, &info)?
                    };
                    self.pending = entries.into();
                }
                None => {}
            }
            // Files up to the next folder form a page; a folder starts its listing.
            let mut page = Vec::new();
            while let Some(entry) = self.pending.pop_front() {
                if entry.get("type").and_then(Value::as_str) == Some("directory") {
                    let folder = entry.get("path").and_then(Value::as_str).unwrap_or("");
                    self.current = Some(self.tree(client, Some(folder))?);
                    break;
                }
                page.push(entry);
            }
            if !page.is_empty() {
                return Ok(Some(page));
            }
            if self.current.is_none() && self.pending.is_empty() {
                return Ok(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags() {
        assert_eq!(normalize_etag("\"abc\""), "abc");
        assert_eq!(normalize_etag("W/\"abc\""), "abc");
        assert_eq!(normalize_etag("abc"), "abc");
    }

    #[test]
    fn resolve_urls() {
        let c = Client::builder().endpoint("https://h").build().unwrap();
        let o = FileUrlOptions {
            repo_type: Some(RepoType::Dataset),
            revision: Some("refs/convert/parquet".into()),
            ..Default::default()
        };
        assert_eq!(
            c.hf_hub_url("stanfordnlp/imdb", "plain_text/train 1.parquet", &o).unwrap(),
            "https://h/datasets/stanfordnlp/imdb/resolve/refs%2Fconvert%2Fparquet/plain_text/train%201.parquet"
        );
        let o = FileUrlOptions {
            subfolder: Some("onnx".into()),
            ..Default::default()
        };
        assert_eq!(
            c.hf_hub_url("a/b", "m.onnx", &o).unwrap(),
            "https://h/a/b/resolve/main/onnx/m.onnx"
        );
        assert!(c.hf_hub_url("a/b/c", "x", &Default::default()).is_err());
    }
}
