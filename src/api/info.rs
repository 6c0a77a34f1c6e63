//! Repository information and existence: `model_info`, `dataset_info`,
//! `space_info`, `repo_info`, `repo_exists`, `revision_exists`.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::one_or_many;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::Request;
use crate::repo::RepoType;
use crate::types::{DatasetInfo, ModelInfo, RepoInfo, SpaceInfo};
use crate::urls::{quote_segment, Query};

/// Options of [`Client::model_info`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelInfoOptions {
    /// Branch, tag or commit (the default branch when absent).
    pub revision: Option<String>,
    /// Whole-call timeout in seconds.
    #[serde(deserialize_with = "seconds")]
    pub timeout: Option<Duration>,
    /// Ask for the security scan (`securityStatus`).
    #[serde(rename = "securityStatus")]
    pub security_status: bool,
    /// Ask for sizes, blob ids and LFS details of every file (`blobs=True`).
    pub files_metadata: bool,
    /// Fields to return (newer servers; not combinable with the two flags above).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

/// Options of [`Client::dataset_info`] (and, under its own name, [`Client::space_info`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatasetInfoOptions {
    /// Branch, tag or commit (the default branch when absent).
    pub revision: Option<String>,
    /// Whole-call timeout in seconds.
    #[serde(deserialize_with = "seconds")]
    pub timeout: Option<Duration>,
    /// Ask for sizes, blob ids and LFS details of every file (`blobs=True`).
    pub files_metadata: bool,
    /// Fields to return (newer servers; not combinable with `files_metadata`).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

/// Options of [`Client::space_info`]: the same parameters as `dataset_info`.
pub type SpaceInfoOptions = DatasetInfoOptions;

/// Options of [`Client::repo_info`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepoInfoOptions {
    /// Branch, tag or commit (the default branch when absent).
    pub revision: Option<String>,
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Whole-call timeout in seconds.
    #[serde(deserialize_with = "seconds")]
    pub timeout: Option<Duration>,
    /// Ask for sizes, blob ids and LFS details of every file (`blobs=True`).
    pub files_metadata: bool,
    /// Fields to return (newer servers; not combinable with `files_metadata`).
    #[serde(deserialize_with = "one_or_many")]
    pub expand: Vec<String>,
}

impl From<&DatasetInfoOptions> for ModelInfoOptions {
    fn from(o: &DatasetInfoOptions) -> Self {
        ModelInfoOptions {
            revision: o.revision.clone(),
            timeout: o.timeout,
            security_status: false,
            files_metadata: o.files_metadata,
            expand: o.expand.clone(),
        }
    }
}

impl From<&RepoInfoOptions> for DatasetInfoOptions {
    fn from(o: &RepoInfoOptions) -> Self {
        DatasetInfoOptions {
            revision: o.revision.clone(),
            timeout: o.timeout,
            files_metadata: o.files_metadata,
            expand: o.expand.clone(),
        }
    }
}

/// Options of [`Client::repo_exists`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepoExistsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
}

/// Options of [`Client::revision_exists`]: the same parameters as `repo_exists`.
pub type RevisionExistsOptions = RepoExistsOptions;

/// A timeout in (possibly fractional) seconds, as Python's `timeout=`.
pub(crate) fn seconds<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Duration>, D::Error> {
    let v: Option<f64> = Option::deserialize(d)?;
    match v {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 => Ok(Some(Duration::from_secs_f64(s))),
        Some(s) => Err(serde::de::Error::custom(format!(
            "timeout must be a positive number of seconds, got {s}"
        ))),
    }
}

impl Client {
    fn info<T: DeserializeOwned>(
        &self,
        repo_type: RepoType,
        repo_id: &str,
        o: &ModelInfoOptions,
    ) -> Result<T> {
        if !o.expand.is_empty() && (o.security_status || o.files_metadata) {
            return Err(Error::invalid(
                "`expand` cannot be combined with `securityStatus` or `files_metadata`",
            ));
        }
        let suffix = match &o.revision {
            Some(rev) => format!("/revision/{}", quote_segment(rev)),
            None => String::new(),
        };
        let url = self.repo_api_url(Some(repo_type), repo_id, &suffix)?;
        let mut q = Query::new();
        q.set_flag("securityStatus", o.security_status);
        q.set_flag("blobs", o.files_metadata);
        if !o.expand.is_empty() {
            q.set_list("expand", o.expand.clone());
        }
        self.send_json(&Request::get(q.apply(&url)).timeout(o.timeout))
    }

    /// A model's information. `GET /api/models/{repo_id}[/revision/{revision}]`
    /// with `securityStatus=True` and `blobs=True` when asked.
    pub fn model_info(&self, repo_id: &str, options: &ModelInfoOptions) -> Result<ModelInfo> {
        self.info(RepoType::Model, repo_id, options)
    }

    /// A dataset's information. `GET /api/datasets/{repo_id}[/revision/{revision}]`.
    pub fn dataset_info(&self, repo_id: &str, options: &DatasetInfoOptions) -> Result<DatasetInfo> {
        self.info(RepoType::Dataset, repo_id, &ModelInfoOptions::from(options))
    }

    /// A Space's information. `GET /api/spaces/{repo_id}[/revision/{revision}]`.
    pub fn space_info(&self, repo_id: &str, options: &SpaceInfoOptions) -> Result<SpaceInfo> {
        self.info(RepoType::Space, repo_id, &ModelInfoOptions::from(options))
    }

    /// Information on a repository of `options.repo_type`: dispatches to
    /// [`Client::model_info`], [`Client::dataset_info`] or [`Client::space_info`]
    /// (`securityStatus` is not sent, as in Python).
    pub fn repo_info(&self, repo_id: &str, options: &RepoInfoOptions) -> Result<RepoInfo> {
        let o = DatasetInfoOptions::from(options);
        Ok(match options.repo_type.unwrap_or_default() {
            RepoType::Model => {
                RepoInfo::Model(self.model_info(repo_id, &ModelInfoOptions::from(&o))?)
            }
            RepoType::Dataset => RepoInfo::Dataset(self.dataset_info(repo_id, &o)?),
            RepoType::Space => RepoInfo::Space(self.space_info(repo_id, &o)?),
        })
    }

    /// Whether the repository exists and is visible to the caller (gated
    /// repositories exist). One `GET /api/{T}/{repo_id}`.
    pub fn repo_exists(&self, repo_id: &str, options: &RepoExistsOptions) -> Result<bool> {
        let o = RepoInfoOptions {
            repo_type: options.repo_type,
            ..Default::default()
        };
        match self.repo_info(repo_id, &o) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == ErrorKind::GatedRepo => Ok(true),
            Err(e) if e.kind() == ErrorKind::RepoNotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the revision exists in the repository.
    /// One `GET /api/{T}/{repo_id}/revision/{revision}`.
    pub fn revision_exists(
        &self,
        repo_id: &str,
        revision: &str,
        options: &RevisionExistsOptions,
    ) -> Result<bool> {
        let o = RepoInfoOptions {
            repo_type: options.repo_type,
            revision: Some(revision.to_owned()),
            ..Default::default()
        };
        match self.repo_info(repo_id, &o) {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::RevisionNotFound | ErrorKind::RepoNotFound
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
}
