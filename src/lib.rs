//! # hfhub
//!
//! A blocking client for the whole Hugging Face Hub API: repository information
//! and listings, downloads into the cache shared with Python, uploads and
//! commits, refs, discussions, collections, Spaces, Inference Endpoints, and
//! more — with no async runtime.
//!
//! One [`Client`] (cheap to clone, `Send + Sync`) carries every operation. Method
//! and parameter names follow Python's `huggingface_hub.HfApi`, so its
//! documentation doubles as this crate's; optional parameters live in one
//! `…Options` struct per method, with Python's keyword names.
//!
//! ```no_run
//! use hfhub::{Client, ListModelsOptions};
//!
//! let client = Client::from_env()?; // HF_ENDPOINT, HF_TOKEN, HF_HOME, ...
//! let opts = ListModelsOptions { search: Some("bert".into()), limit: Some(5), ..Default::default() };
//! for model in client.list_models(&opts) {
//!     println!("{}", model?.id);
//! }
//! # Ok::<(), hfhub::Error>(())
//! ```
//!
//! Errors are one [`Error`] type; failures from the Hub are mapped as Python maps
//! them (`RepoNotFound`, `RevisionNotFound`, `EntryNotFound`, `GatedRepo`, ...) and
//! carry the status, URL, request id and the server's message.

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod api;
pub mod cache;
mod cancel;
mod client;
pub mod config;
pub mod dispatch;
mod error;
#[allow(unsafe_code)]
pub mod ffi;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod http;
mod pagination;
pub mod progress;
mod repo;
pub mod retry;
mod transfer;
pub mod types;
pub mod urls;

pub use api::access::{
    AcceptAccessRequestOptions, CancelAccessRequestOptions, GrantAccessOptions,
    ListAcceptedAccessRequestsOptions, ListPendingAccessRequestsOptions,
    ListRejectedAccessRequestsOptions, RejectAccessRequestOptions,
};
pub use api::collections::{
    AddCollectionItemOptions, CreateCollectionOptions, DeleteCollectionItemOptions,
    DeleteCollectionOptions, ListCollectionsOptions, UpdateCollectionItemOptions,
    UpdateCollectionMetadataOptions,
};
pub use api::discussions::{
    ChangeDiscussionStatusOptions, CommentDiscussionOptions, CreateDiscussionOptions,
    CreatePullRequestOptions, EditDiscussionCommentOptions, GetDiscussionDetailsOptions,
    GetRepoDiscussionsOptions, HideDiscussionCommentOptions, MergePullRequestOptions,
    RenameDiscussionOptions,
};
pub use api::download::{
    CachedFile, DeleteRevisionsOptions, DownloadConfig, HfHubDownloadOptions, LocalDirUseSymlinks,
    ScanCacheDirOptions, SnapshotDownloadOptions, TryToLoadFromCacheOptions,
};
pub use api::endpoints::{
    CreateInferenceEndpointOptions, DeleteInferenceEndpointOptions, GetInferenceEndpointOptions,
    InferenceEndpointNamespace, ListInferenceEndpointsOptions, PauseInferenceEndpointOptions,
    ResumeInferenceEndpointOptions, ScaleToZeroInferenceEndpointOptions,
    UpdateInferenceEndpointOptions,
};
pub use api::files::{
    FileExistsOptions, FileMetadataOptions, FileUrlOptions, GetPathsInfoOptions,
    ListFilesInfoOptions, ListRepoFilesOptions, ListRepoTreeOptions,
};
pub use api::future::JobHandle;
pub use api::info::{
    DatasetInfoOptions, ModelInfoOptions, RepoExistsOptions, RepoInfoOptions,
    RevisionExistsOptions, SpaceInfoOptions,
};
pub use api::likes::{LikeOptions, ListRepoLikersOptions, UnlikeOptions};
pub use api::listing::{
    DatasetFilter, Filter, ListDatasetsOptions, ListModelsOptions, ListSpacesOptions, ModelFilter,
};
pub use api::multi_commit::{plan_multi_commits, CreateCommitsOnPrOptions, MultiCommitPlan};
pub use api::refs::{
    CreateBranchOptions, CreateTagOptions, DeleteBranchOptions, DeleteTagOptions,
    ListRepoCommitsOptions, ListRepoRefsOptions, SuperSquashHistoryOptions,
};
pub use api::repos::{
    CreateRepoOptions, DeleteRepoOptions, DuplicateSpaceOptions, Gating, MoveRepoOptions,
    SpaceKeyValue, UpdateRepoSettingsOptions, UpdateRepoVisibilityOptions,
};
pub use api::safetensors::{
    SafetensorsFileMetadata, SafetensorsOptions, SafetensorsRepoMetadata, TensorInfo,
};
pub use api::scheduler::{CommitScheduler, CommitSchedulerOptions};
pub use api::spaces::{
    AddSpaceSecretOptions, AddSpaceVariableOptions, RequestSpaceHardwareOptions,
    RestartSpaceOptions,
};
pub use api::upload::{
    CreateCommitOptions, DeleteFileOptions, DeleteFolderOptions, PreuploadLfsFilesOptions,
    UploadFileOptions, UploadFolderOptions,
};
pub use cache::scan::{
    CachedFileInfo, CachedIncompleteFileInfo, CachedRepoInfo, CachedRevisionInfo,
    DeleteCacheStrategy, HFCacheInfo,
};
pub use cancel::CancelToken;
pub use client::{user_agent_map, Client, ClientBuilder, VERSION};
pub use config::{ClientConfig, Env, Paths, RetryPolicy, Timeouts, TokenPolicy, UserAgent};
pub use error::{Error, ErrorKind, HttpErrorContext, Result};
pub use pagination::{parse_next_link, Pager};
pub use progress::{Hooks, ProgressEvent, ProgressKind, ProgressSink};
pub use repo::{validate_repo_id, RepoType};
pub use transfer::sha256_file;
pub use types::commit::ReaderSource;

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    fn is_send<T: Send>() {}
    is::<Client>();
    is::<ClientBuilder>();
    is::<Error>();
    is::<CancelToken>();
    is::<CommitScheduler>();
    is::<types::CommitOperationAdd>();
    is_send::<JobHandle<types::CommitInfo>>();
    is_send::<Pager<types::ModelInfo>>();
}
