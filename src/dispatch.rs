//! Operations by their Python name, with Python keyword arguments as JSON.
//!
//! [`call`] reaches every operation of the client through one table, so other
//! languages (the C ABI, the Go package, test harnesses) can name an operation
//! and its keyword arguments exactly as they would in Python:
//!
//! ```no_run
//! let client = hfhub::Client::from_env()?;
//! let info = hfhub::dispatch::call(
//!     &client,
//!     "model_info",
//!     serde_json::json!({"repo_id": "openai-community/gpt2", "files_metadata": true}),
//! )?;
//! println!("{}", info["sha"]);
//! # Ok::<(), hfhub::Error>(())
//! ```
//!
//! Every operation accepts a `token` argument with Python's meaning (a string,
//! `true` = required, `false` = never, `null` = the client's policy). Unknown
//! arguments are errors. Listings return a JSON array (every page, up to
//! `limit`), or a [`Pager`] through [`call_listing`].
//!
//! Commits: `create_commit` takes `operations` as a JSON array of
//! `{"operation": "add", "path_in_repo": "a.txt", "path_or_fileobj": "<local path>"}`,
//! `{"operation": "add", "path_in_repo": "a.txt", "content_base64": "<base64>"}` or
//! `{"operation": "delete", "path_in_repo": "dir/", "is_folder": true | false | "auto"}`
//! (`"auto"`, the default, means a folder iff the path ends with `/`), plus the required
//! `commit_message`. `upload_file` takes `path_or_fileobj` (a local path) or
//! `content_base64` (the bytes), and `path_in_repo`; `upload_folder` takes `folder_path`;
//! `preupload_lfs_files` takes `additions` (add operations only) and returns `null`.
//! They return a `CommitInfo` object. `create_commit`, `upload_file` and `upload_folder`
//! accept Python's `run_as_future` (a boolean): a call through this table always runs to
//! completion on the caller's thread and returns the result, whatever its value (a caller
//! of the table has no future to hold; Rust callers use [`Client::run_as_future`]).
//! [`call_as_future`] queues any operation of the table on the client's job queue instead.
//!
//! Multi-commits: `plan_multi_commits` takes `operations` (additions and deletions) and
//! optional `max_operations_per_commit` and `max_upload_size_per_commit`, and returns
//! `[addition_commits, deletion_commits]`, two arrays of arrays of operations in the same
//! JSON form; `create_commits_on_pr` takes them back as `addition_commits` and
//! `deletion_commits` with `repo_id` and `commit_message`, and returns the PR's URL.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::access::{
    AcceptAccessRequestOptions, CancelAccessRequestOptions, GrantAccessOptions,
    ListAcceptedAccessRequestsOptions, ListPendingAccessRequestsOptions,
    ListRejectedAccessRequestsOptions, RejectAccessRequestOptions,
};
use crate::api::collections::{
    AddCollectionItemOptions, CreateCollectionOptions, DeleteCollectionItemOptions,
    DeleteCollectionOptions, ListCollectionsOptions, UpdateCollectionItemOptions,
    UpdateCollectionMetadataOptions,
};
use crate::api::discussions::{
    ChangeDiscussionStatusOptions, CommentDiscussionOptions, CreateDiscussionOptions,
    CreatePullRequestOptions, EditDiscussionCommentOptions, GetDiscussionDetailsOptions,
    GetRepoDiscussionsOptions, HideDiscussionCommentOptions, MergePullRequestOptions,
    RenameDiscussionOptions,
};
use crate::api::download::{
    DeleteRevisionsOptions, HfHubDownloadOptions, ScanCacheDirOptions, SnapshotDownloadOptions,
    TryToLoadFromCacheOptions,
};
use crate::api::endpoints::{
    CreateInferenceEndpointOptions, DeleteInferenceEndpointOptions, GetInferenceEndpointOptions,
    ListInferenceEndpointsOptions, PauseInferenceEndpointOptions, ResumeInferenceEndpointOptions,
    ScaleToZeroInferenceEndpointOptions, UpdateInferenceEndpointOptions,
};
use crate::api::files::{
    FileExistsOptions, FileMetadataOptions, FileUrlOptions, GetPathsInfoOptions,
    ListFilesInfoOptions, ListRepoFilesOptions, ListRepoTreeOptions,
};
use crate::api::future::JobHandle;
use crate::api::info::{
    DatasetInfoOptions, ModelInfoOptions, RepoExistsOptions, RepoInfoOptions,
    RevisionExistsOptions, SpaceInfoOptions,
};
use crate::api::likes::{LikeOptions, ListRepoLikersOptions, UnlikeOptions};
use crate::api::listing::{ListDatasetsOptions, ListModelsOptions, ListSpacesOptions};
use crate::api::one_or_many;
use crate::api::refs::{
    CreateBranchOptions, CreateTagOptions, DeleteBranchOptions, DeleteTagOptions,
    ListRepoCommitsOptions, ListRepoRefsOptions, SuperSquashHistoryOptions,
};
use crate::api::repos::{
    CreateRepoOptions, DeleteRepoOptions, DuplicateSpaceOptions, MoveRepoOptions,
    UpdateRepoSettingsOptions, UpdateRepoVisibilityOptions,
};
use crate::api::safetensors::SafetensorsOptions;
use crate::api::spaces::{
    AddSpaceSecretOptions, AddSpaceVariableOptions, RequestSpaceHardwareOptions,
    RestartSpaceOptions,
};
use crate::api::upload::{
    CreateCommitOptions, DeleteFileOptions, DeleteFolderOptions, PreuploadLfsFilesOptions,
    UploadFileOptions, UploadFolderOptions,
};
use crate::client::Client;
use crate::config::TokenPolicy;
use crate::error::{Error, Result};
use crate::pagination::Pager;
use crate::progress::Hooks;
use crate::types::{AddSource, CommitOperation};

/// What an operation gives back: one JSON value, or a lazy listing.
pub enum Output {
    /// A single result.
    Value(Value),
    /// A listing, one JSON item at a time.
    Items(Pager<Value>),
}

/// The keyword arguments of one call.
pub struct Args {
    method: &'static str,
    map: Map<String, Value>,
}

impl Args {
    /// A required string argument.
    pub fn string(&mut self, key: &str) -> Result<String> {
        match self.map.remove(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(Error::invalid(format!(
                "{}: `{key}` must be a string, got {other}",
                self.method
            ))),
            None => Err(Error::invalid(format!(
                "{}: missing required argument `{key}`",
                self.method
            ))),
        }
    }

    /// An optional string argument (`null` = absent).
    pub fn opt_string(&mut self, key: &str) -> Result<Option<String>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::invalid(format!(
                "{}: `{key}` must be a string, got {other}",
                self.method
            ))),
        }
    }

    /// A required string-or-list argument.
    pub fn strings(&mut self, key: &str) -> Result<Vec<String>> {
        let v = self.map.remove(key).ok_or_else(|| {
            Error::invalid(format!(
                "{}: missing required argument `{key}`",
                self.method
            ))
        })?;
        one_or_many(v).map_err(|e| Error::invalid(format!("{}: `{key}`: {e}", self.method)))
    }

    /// A required non-negative integer argument.
    pub fn uint(&mut self, key: &str) -> Result<u64> {
        match self.map.remove(key) {
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or_default()),
            Some(other) => Err(Error::invalid(format!(
                "{}: `{key}` must be a non-negative integer, got {other}",
                self.method
            ))),
            None => Err(Error::invalid(format!(
                "{}: missing required argument `{key}`",
                self.method
            ))),
        }
    }

    /// A required integer argument.
    pub fn int(&mut self, key: &str) -> Result<i64> {
        match self.map.remove(key) {
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64().unwrap_or_default()),
            Some(other) => Err(Error::invalid(format!(
                "{}: `{key}` must be an integer, got {other}",
                self.method
            ))),
            None => Err(Error::invalid(format!(
                "{}: missing required argument `{key}`",
                self.method
            ))),
        }
    }

    /// A required argument of any JSON-decodable type.
    pub fn decode<T: DeserializeOwned>(&mut self, key: &str) -> Result<T> {
        let v = self.map.remove(key).ok_or_else(|| {
            Error::invalid(format!(
                "{}: missing required argument `{key}`",
                self.method
            ))
        })?;
        serde_json::from_value(v)
            .map_err(|e| Error::invalid(format!("{}: `{key}`: {e}", self.method)))
    }

    /// The remaining arguments as an options struct (unknown names are errors).
    pub fn options<T: DeserializeOwned>(&mut self) -> Result<T> {
        let rest = Value::Object(std::mem::take(&mut self.map));
        serde_json::from_value(rest).map_err(|e| Error::invalid(format!("{}: {e}", self.method)))
    }

    /// Fails if any argument was not used.
    pub fn finish(&mut self) -> Result<()> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => Err(Error::invalid(format!(
                "{}: unexpected argument `{k}`",
                self.method
            ))),
        }
    }
}

type Handler = fn(&Client, &mut Args, &mut Hooks<'_>) -> Result<Output>;

/// One operation of the table.
pub struct Operation {
    /// Python `HfApi` method name.
    pub name: &'static str,
    handler: Handler,
}

fn value<T: Serialize>(v: T) -> Result<Output> {
    serde_json::to_value(v)
        .map(Output::Value)
        .map_err(|e| Error::Decode {
            url: String::new(),
            message: e.to_string(),
        })
}

/// An optional non-negative integer argument (`null` = absent).
fn opt_uint(a: &mut Args, key: &str) -> Result<Option<u64>> {
    match a.map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64()),
        Some(other) => Err(Error::invalid(format!(
            "{}: `{key}` must be a non-negative integer, got {other}",
            a.method
        ))),
    }
}

/// Python's `run_as_future` argument: accepted (a boolean or `null`); the call still runs
/// synchronously (see the module docs).
fn take_run_as_future(a: &mut Args) -> Result<()> {
    match a.map.remove("run_as_future") {
        None | Some(Value::Null) | Some(Value::Bool(_)) => Ok(()),
        Some(other) => Err(Error::invalid(format!(
            "{}: `run_as_future` must be a boolean, got {other}",
            a.method
        ))),
    }
}

/// Nested operation lists of one kind (`add` or `delete`) for `create_commits_on_pr`.
fn operation_groups<T>(
    a: &mut Args,
    key: &str,
    pick: fn(CommitOperation) -> Option<T>,
) -> Result<Vec<Vec<T>>> {
    let groups: Vec<Vec<CommitOperation>> = a.decode(key)?;
    let method = a.method;
    groups
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|op| {
                    pick(op).ok_or_else(|| {
                        Error::invalid(format!("{method}: wrong kind of operation in `{key}`"))
                    })
                })
                .collect()
        })
        .collect()
}

fn items<T: Serialize + 'static>(p: Pager<T>) -> Result<Output> {
    Ok(Output::Items(p.into_json()))
}

macro_rules! ops {
    ($($name:ident => $body:expr;)*) => {
        /// Every operation reachable through [`call`], by Python name.
        pub static OPERATIONS: &[Operation] = &[
            $(Operation { name: stringify!($name), handler: $body },)*
        ];
    };
}

ops! {
    whoami => |c, a, _h| { a.finish()?; value(c.whoami()?) };
    get_token_permission => |c, a, _h| { a.finish()?; value(c.get_token_permission()?) };
    get_full_repo_name => |c, a, _h| {
        let model_id = a.string("model_id")?;
        let org = a.opt_string("organization")?;
        a.finish()?;
        value(c.get_full_repo_name(&model_id, org.as_deref())?)
    };
    get_user_overview => |c, a, _h| { let u = a.string("username")?; a.finish()?; value(c.get_user_overview(&u)?) };
    list_organization_members => |c, a, _h| {
        let o = a.string("organization")?; a.finish()?; items(c.list_organization_members(&o))
    };
    list_user_followers => |c, a, _h| { let u = a.string("username")?; a.finish()?; items(c.list_user_followers(&u)) };
    list_user_following => |c, a, _h| { let u = a.string("username")?; a.finish()?; items(c.list_user_following(&u)) };
    get_model_tags => |c, a, _h| { a.finish()?; value(c.get_model_tags()?) };
    get_dataset_tags => |c, a, _h| { a.finish()?; value(c.get_dataset_tags()?) };
    list_metrics => |c, a, _h| { a.finish()?; value(c.list_metrics()?) };
    list_models => |c, a, _h| items(c.list_models(&a.options::<ListModelsOptions>()?));
    list_datasets => |c, a, _h| items(c.list_datasets(&a.options::<ListDatasetsOptions>()?));
    list_spaces => |c, a, _h| items(c.list_spaces(&a.options::<ListSpacesOptions>()?));
    like => |c, a, _h| { let r = a.string("repo_id")?; value(c.like(&r, &a.options::<LikeOptions>()?)?) };
    unlike => |c, a, _h| { let r = a.string("repo_id")?; value(c.unlike(&r, &a.options::<UnlikeOptions>()?)?) };
    list_liked_repos => |c, a, _h| { let u = a.opt_string("user")?; a.finish()?; value(c.list_liked_repos(u.as_deref())?) };
    list_repo_likers => |c, a, _h| { let r = a.string("repo_id")?; items(c.list_repo_likers(&r, &a.options::<ListRepoLikersOptions>()?)) };
    model_info => |c, a, _h| { let r = a.string("repo_id")?; value(c.model_info(&r, &a.options::<ModelInfoOptions>()?)?) };
    dataset_info => |c, a, _h| { let r = a.string("repo_id")?; value(c.dataset_info(&r, &a.options::<DatasetInfoOptions>()?)?) };
    space_info => |c, a, _h| { let r = a.string("repo_id")?; value(c.space_info(&r, &a.options::<SpaceInfoOptions>()?)?) };
    repo_info => |c, a, _h| { let r = a.string("repo_id")?; value(c.repo_info(&r, &a.options::<RepoInfoOptions>()?)?) };
    repo_exists => |c, a, _h| { let r = a.string("repo_id")?; value(c.repo_exists(&r, &a.options::<RepoExistsOptions>()?)?) };
    revision_exists => |c, a, _h| {
        let r = a.string("repo_id")?;
        let rev = a.string("revision")?;
        value(c.revision_exists(&r, &rev, &a.options::<RevisionExistsOptions>()?)?)
    };
    file_exists => |c, a, _h| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.file_exists(&r, &f, &a.options::<FileExistsOptions>()?)?)
    };
    hf_hub_url => |c, a, _h| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.hf_hub_url(&r, &f, &a.options::<FileUrlOptions>()?)?)
    };
    get_hf_file_metadata => |c, a, _h| {
        let url = a.string("url")?;
        value(c.get_hf_file_metadata(&url, &a.options::<FileMetadataOptions>()?)?)
    };
    list_repo_tree => |c, a, _h| { let r = a.string("repo_id")?; items(c.list_repo_tree(&r, &a.options::<ListRepoTreeOptions>()?)) };
    list_repo_files => |c, a, _h| { let r = a.string("repo_id")?; items(c.list_repo_files(&r, &a.options::<ListRepoFilesOptions>()?)) };
    list_files_info => |c, a, _h| {
        let r = a.string("repo_id")?;
        let paths = match a.map.remove("paths") {
            None | Some(Value::Null) => None,
            Some(v) => Some(one_or_many(v).map_err(|e| Error::invalid(format!("list_files_info: `paths`: {e}")))?),
        };
        items(c.list_files_info(&r, paths.as_deref(), &a.options::<ListFilesInfoOptions>()?))
    };
    get_paths_info => |c, a, _h| {
        let r = a.string("repo_id")?;
        let paths = a.strings("paths")?;
        value(c.get_paths_info(&r, &paths, &a.options::<GetPathsInfoOptions>()?)?)
    };
    list_repo_refs => |c, a, _h| { let r = a.string("repo_id")?; value(c.list_repo_refs(&r, &a.options::<ListRepoRefsOptions>()?)?) };
    list_repo_commits => |c, a, _h| { let r = a.string("repo_id")?; items(c.list_repo_commits(&r, &a.options::<ListRepoCommitsOptions>()?)) };
    create_repo => |c, a, _h| { let r = a.string("repo_id")?; value(c.create_repo(&r, &a.options::<CreateRepoOptions>()?)?) };
    delete_repo => |c, a, _h| { let r = a.string("repo_id")?; value(c.delete_repo(&r, &a.options::<DeleteRepoOptions>()?)?) };
    update_repo_visibility => |c, a, _h| {
        let r = a.string("repo_id")?;
        value(c.update_repo_visibility(&r, &a.options::<UpdateRepoVisibilityOptions>()?)?)
    };
    update_repo_settings => |c, a, _h| {
        let r = a.string("repo_id")?;
        value(c.update_repo_settings(&r, &a.options::<UpdateRepoSettingsOptions>()?)?)
    };
    move_repo => |c, a, _h| {
        let from = a.string("from_id")?;
        let to = a.string("to_id")?;
        value(c.move_repo(&from, &to, &a.options::<MoveRepoOptions>()?)?)
    };
    duplicate_space => |c, a, _h| {
        let from = a.string("from_id")?;
        value(c.duplicate_space(&from, &a.options::<DuplicateSpaceOptions>()?)?)
    };
    create_branch => |c, a, _h| {
        let r = a.string("repo_id")?;
        let b = a.string("branch")?;
        value(c.create_branch(&r, &b, &a.options::<CreateBranchOptions>()?)?)
    };
    delete_branch => |c, a, _h| {
        let r = a.string("repo_id")?;
        let b = a.string("branch")?;
        value(c.delete_branch(&r, &b, &a.options::<DeleteBranchOptions>()?)?)
    };
    create_tag => |c, a, _h| {
        let r = a.string("repo_id")?;
        let t = a.string("tag")?;
        value(c.create_tag(&r, &t, &a.options::<CreateTagOptions>()?)?)
    };
    delete_tag => |c, a, _h| {
        let r = a.string("repo_id")?;
        let t = a.string("tag")?;
        value(c.delete_tag(&r, &t, &a.options::<DeleteTagOptions>()?)?)
    };
    super_squash_history => |c, a, _h| {
        let r = a.string("repo_id")?;
        value(c.super_squash_history(&r, &a.options::<SuperSquashHistoryOptions>()?)?)
    };
    list_pending_access_requests => |c, a, _h| {
        let r = a.string("repo_id")?;
        items(c.list_pending_access_requests(&r, &a.options::<ListPendingAccessRequestsOptions>()?))
    };
    list_accepted_access_requests => |c, a, _h| {
        let r = a.string("repo_id")?;
        items(c.list_accepted_access_requests(&r, &a.options::<ListAcceptedAccessRequestsOptions>()?))
    };
    list_rejected_access_requests => |c, a, _h| {
        let r = a.string("repo_id")?;
        items(c.list_rejected_access_requests(&r, &a.options::<ListRejectedAccessRequestsOptions>()?))
    };
    accept_access_request => |c, a, _h| {
        let r = a.string("repo_id")?;
        let u = a.string("user")?;
        value(c.accept_access_request(&r, &u, &a.options::<AcceptAccessRequestOptions>()?)?)
    };
    reject_access_request => |c, a, _h| {
        let r = a.string("repo_id")?;
        let u = a.string("user")?;
        value(c.reject_access_request(&r, &u, &a.options::<RejectAccessRequestOptions>()?)?)
    };
    cancel_access_request => |c, a, _h| {
        let r = a.string("repo_id")?;
        let u = a.string("user")?;
        value(c.cancel_access_request(&r, &u, &a.options::<CancelAccessRequestOptions>()?)?)
    };
    grant_access => |c, a, _h| {
        let r = a.string("repo_id")?;
        let u = a.string("user")?;
        value(c.grant_access(&r, &u, &a.options::<GrantAccessOptions>()?)?)
    };
    get_repo_discussions => |c, a, _h| {
        let r = a.string("repo_id")?;
        items(c.get_repo_discussions(&r, &a.options::<GetRepoDiscussionsOptions>()?))
    };
    get_discussion_details => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        value(c.get_discussion_details(&r, n, &a.options::<GetDiscussionDetailsOptions>()?)?)
    };
    create_discussion => |c, a, _h| {
        let r = a.string("repo_id")?;
        let t = a.string("title")?;
        value(c.create_discussion(&r, &t, &a.options::<CreateDiscussionOptions>()?)?)
    };
    create_pull_request => |c, a, _h| {
        let r = a.string("repo_id")?;
        let t = a.string("title")?;
        value(c.create_pull_request(&r, &t, &a.options::<CreatePullRequestOptions>()?)?)
    };
    comment_discussion => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        let text = a.string("comment")?;
        value(c.comment_discussion(&r, n, &text, &a.options::<CommentDiscussionOptions>()?)?)
    };
    rename_discussion => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        let t = a.string("new_title")?;
        value(c.rename_discussion(&r, n, &t, &a.options::<RenameDiscussionOptions>()?)?)
    };
    change_discussion_status => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        let s = a.string("new_status")?;
        value(c.change_discussion_status(&r, n, &s, &a.options::<ChangeDiscussionStatusOptions>()?)?)
    };
    merge_pull_request => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        value(c.merge_pull_request(&r, n, &a.options::<MergePullRequestOptions>()?)?)
    };
    edit_discussion_comment => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        let id = a.string("comment_id")?;
        let text = a.string("new_content")?;
        value(c.edit_discussion_comment(&r, n, &id, &text, &a.options::<EditDiscussionCommentOptions>()?)?)
    };
    hide_discussion_comment => |c, a, _h| {
        let r = a.string("repo_id")?;
        let n = a.uint("discussion_num")?;
        let id = a.string("comment_id")?;
        value(c.hide_discussion_comment(&r, n, &id, &a.options::<HideDiscussionCommentOptions>()?)?)
    };
    list_collections => |c, a, _h| items(c.list_collections(&a.options::<ListCollectionsOptions>()?));
    get_collection => |c, a, _h| {
        let s = a.string("collection_slug")?;
        a.finish()?;
        value(c.get_collection(&s)?)
    };
    create_collection => |c, a, _h| {
        let t = a.string("title")?;
        value(c.create_collection(&t, &a.options::<CreateCollectionOptions>()?)?)
    };
    update_collection_metadata => |c, a, _h| {
        let s = a.string("collection_slug")?;
        value(c.update_collection_metadata(&s, &a.options::<UpdateCollectionMetadataOptions>()?)?)
    };
    delete_collection => |c, a, _h| {
        let s = a.string("collection_slug")?;
        value(c.delete_collection(&s, &a.options::<DeleteCollectionOptions>()?)?)
    };
    add_collection_item => |c, a, _h| {
        let s = a.string("collection_slug")?;
        let id = a.string("item_id")?;
        let t = a.string("item_type")?;
        value(c.add_collection_item(&s, &id, &t, &a.options::<AddCollectionItemOptions>()?)?)
    };
    update_collection_item => |c, a, _h| {
        let s = a.string("collection_slug")?;
        let id = a.string("item_object_id")?;
        value(c.update_collection_item(&s, &id, &a.options::<UpdateCollectionItemOptions>()?)?)
    };
    delete_collection_item => |c, a, _h| {
        let s = a.string("collection_slug")?;
        let id = a.string("item_object_id")?;
        value(c.delete_collection_item(&s, &id, &a.options::<DeleteCollectionItemOptions>()?)?)
    };
    hf_hub_download => |c, a, h| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.hf_hub_download_with(&r, &f, &a.options::<HfHubDownloadOptions>()?, h)?)
    };
    snapshot_download => |c, a, h| {
        let r = a.string("repo_id")?;
        value(c.snapshot_download_with(&r, &a.options::<SnapshotDownloadOptions>()?, h)?)
    };
    try_to_load_from_cache => |c, a, _h| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.try_to_load_from_cache(&r, &f, &a.options::<TryToLoadFromCacheOptions>()?)?)
    };
    scan_cache_dir => |c, a, _h| value(c.scan_cache_dir(&a.options::<ScanCacheDirOptions>()?)?);
    delete_revisions => |c, a, _h| {
        let revisions = a.strings("revisions")?;
        value(c.delete_revisions(&revisions, &a.options::<DeleteRevisionsOptions>()?)?)
    };
    create_commit => |c, a, h| {
        let r = a.string("repo_id")?;
        let ops: Vec<CommitOperation> = a.decode("operations")?;
        let m = a.string("commit_message")?;
        take_run_as_future(a)?;
        value(c.create_commit_with(&r, &ops, &m, &a.options::<CreateCommitOptions>()?, h)?)
    };
    upload_file => |c, a, h| {
        let r = a.string("repo_id")?;
        let source = match (a.opt_string("path_or_fileobj")?, a.opt_string("content_base64")?) {
            (Some(p), None) => AddSource::Path(p.into()),
            (None, Some(b)) => AddSource::from(crate::types::commit::base64_decode(&b).ok_or_else(|| {
                Error::invalid("upload_file: `content_base64` is not valid base64")
            })?),
            _ => return Err(Error::invalid(
                "upload_file: pass exactly one of `path_or_fileobj` (a local path) and `content_base64`",
            )),
        };
        let p = a.string("path_in_repo")?;
        take_run_as_future(a)?;
        value(c.upload_file_with(&r, source, &p, &a.options::<UploadFileOptions>()?, h)?)
    };
    preupload_lfs_files => |c, a, _h| {
        let r = a.string("repo_id")?;
        let ops: Vec<CommitOperation> = a.decode("additions")?;
        let adds = ops
            .into_iter()
            .map(|op| match op {
                CommitOperation::Add(add) => Ok(add),
                _ => Err(Error::invalid("preupload_lfs_files: `additions` takes additions only")),
            })
            .collect::<Result<Vec<_>>>()?;
        c.preupload_lfs_files(&r, &adds, &a.options::<PreuploadLfsFilesOptions>()?)?;
        Ok(Output::Value(Value::Null))
    };
    upload_folder => |c, a, h| {
        let r = a.string("repo_id")?;
        let f = a.string("folder_path")?;
        take_run_as_future(a)?;
        let o = a.options::<UploadFolderOptions>()?;
        value(c.upload_folder_with(&r, std::path::Path::new(&f), &o, h)?)
    };
    plan_multi_commits => |_c, a, _h| {
        let ops: Vec<CommitOperation> = a.decode("operations")?;
        let max_ops = opt_uint(a, "max_operations_per_commit")?
            .map_or(crate::api::multi_commit::DEFAULT_MAX_OPERATIONS_PER_COMMIT, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            });
        let max_size = opt_uint(a, "max_upload_size_per_commit")?
            .unwrap_or(crate::api::multi_commit::DEFAULT_MAX_UPLOAD_SIZE_PER_COMMIT);
        a.finish()?;
        let (adds, dels) = crate::api::multi_commit::plan_multi_commits(&ops, max_ops, max_size)?;
        let to_json = |ops: Vec<CommitOperation>| -> Result<Value> {
            ops.iter()
                .map(|op| {
                    crate::api::multi_commit::operation_json(op)
                        .ok_or_else(|| Error::invalid("plan_multi_commits: a reader has no JSON form"))
                })
                .collect::<Result<Vec<_>>>()
                .map(Value::Array)
        };
        let adds = adds
            .into_iter()
            .map(|g| to_json(g.into_iter().map(CommitOperation::Add).collect()))
            .collect::<Result<Vec<_>>>()?;
        let dels = dels
            .into_iter()
            .map(|g| to_json(g.into_iter().map(CommitOperation::Delete).collect()))
            .collect::<Result<Vec<_>>>()?;
        Ok(Output::Value(Value::Array(vec![Value::Array(adds), Value::Array(dels)])))
    };
    create_commits_on_pr => |c, a, _h| {
        let r = a.string("repo_id")?;
        let adds = operation_groups(a, "addition_commits", |op| match op {
            CommitOperation::Add(x) => Some(x),
            _ => None,
        })?;
        let dels = operation_groups(a, "deletion_commits", |op| match op {
            CommitOperation::Delete(x) => Some(x),
            _ => None,
        })?;
        let m = a.string("commit_message")?;
        let o = a.options::<crate::api::multi_commit::CreateCommitsOnPrOptions>()?;
        value(c.create_commits_on_pr(&r, &adds, &dels, &m, &o)?)
    };
    delete_file => |c, a, _h| {
        let p = a.string("path_in_repo")?;
        let r = a.string("repo_id")?;
        value(c.delete_file(&r, &p, &a.options::<DeleteFileOptions>()?)?)
    };
    delete_folder => |c, a, _h| {
        let p = a.string("path_in_repo")?;
        let r = a.string("repo_id")?;
        value(c.delete_folder(&r, &p, &a.options::<DeleteFolderOptions>()?)?)
    };
    get_safetensors_metadata => |c, a, _h| {
        let r = a.string("repo_id")?;
        value(c.get_safetensors_metadata(&r, &a.options::<SafetensorsOptions>()?)?)
    };
    parse_safetensors_file_metadata => |c, a, _h| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.parse_safetensors_file_metadata(&r, &f, &a.options::<SafetensorsOptions>()?)?)
    };
    get_space_runtime => |c, a, _h| { let r = a.string("repo_id")?; a.finish()?; value(c.get_space_runtime(&r)?) };
    request_space_hardware => |c, a, _h| {
        let r = a.string("repo_id")?;
        let h = a.string("hardware")?;
        value(c.request_space_hardware(&r, &h, &a.options::<RequestSpaceHardwareOptions>()?)?)
    };
    set_space_sleep_time => |c, a, _h| {
        let r = a.string("repo_id")?;
        let s = a.int("sleep_time")?;
        a.finish()?;
        value(c.set_space_sleep_time(&r, s)?)
    };
    pause_space => |c, a, _h| { let r = a.string("repo_id")?; a.finish()?; value(c.pause_space(&r)?) };
    restart_space => |c, a, _h| {
        let r = a.string("repo_id")?;
        value(c.restart_space(&r, &a.options::<RestartSpaceOptions>()?)?)
    };
    request_space_storage => |c, a, _h| {
        let r = a.string("repo_id")?;
        let s = a.string("storage")?;
        a.finish()?;
        value(c.request_space_storage(&r, &s)?)
    };
    delete_space_storage => |c, a, _h| { let r = a.string("repo_id")?; a.finish()?; value(c.delete_space_storage(&r)?) };
    add_space_secret => |c, a, _h| {
        let r = a.string("repo_id")?;
        let k = a.string("key")?;
        let v = a.string("value")?;
        value(c.add_space_secret(&r, &k, &v, &a.options::<AddSpaceSecretOptions>()?)?)
    };
    delete_space_secret => |c, a, _h| {
        let r = a.string("repo_id")?;
        let k = a.string("key")?;
        a.finish()?;
        value(c.delete_space_secret(&r, &k)?)
    };
    get_space_variables => |c, a, _h| { let r = a.string("repo_id")?; a.finish()?; value(c.get_space_variables(&r)?) };
    add_space_variable => |c, a, _h| {
        let r = a.string("repo_id")?;
        let k = a.string("key")?;
        let v = a.string("value")?;
        value(c.add_space_variable(&r, &k, &v, &a.options::<AddSpaceVariableOptions>()?)?)
    };
    delete_space_variable => |c, a, _h| {
        let r = a.string("repo_id")?;
        let k = a.string("key")?;
        a.finish()?;
        value(c.delete_space_variable(&r, &k)?)
    };
    list_inference_endpoints => |c, a, _h| value(c.list_inference_endpoints(&a.options::<ListInferenceEndpointsOptions>()?)?);
    create_inference_endpoint => |c, a, _h| {
        let name = a.string("name")?;
        let repository = a.string("repository")?;
        let framework = a.string("framework")?;
        let accelerator = a.string("accelerator")?;
        let instance_size = a.string("instance_size")?;
        let instance_type = a.string("instance_type")?;
        let region = a.string("region")?;
        let vendor = a.string("vendor")?;
        value(c.create_inference_endpoint(
            &name, &repository, &framework, &accelerator, &instance_size, &instance_type,
            &region, &vendor, &a.options::<CreateInferenceEndpointOptions>()?,
        )?)
    };
    get_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.get_inference_endpoint(&n, &a.options::<GetInferenceEndpointOptions>()?)?)
    };
    update_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.update_inference_endpoint(&n, &a.options::<UpdateInferenceEndpointOptions>()?)?)
    };
    delete_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.delete_inference_endpoint(&n, &a.options::<DeleteInferenceEndpointOptions>()?)?)
    };
    pause_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.pause_inference_endpoint(&n, &a.options::<PauseInferenceEndpointOptions>()?)?)
    };
    resume_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.resume_inference_endpoint(&n, &a.options::<ResumeInferenceEndpointOptions>()?)?)
    };
    scale_to_zero_inference_endpoint => |c, a, _h| {
        let n = a.string("name")?;
        value(c.scale_to_zero_inference_endpoint(&n, &a.options::<ScaleToZeroInferenceEndpointOptions>()?)?)
    };
}

/// The operation named `method`, if there is one.
pub fn operation(method: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == method)
}

/// Runs an operation and returns its output (a value or a lazy listing).
pub fn call_listing(client: &Client, method: &str, args: Value) -> Result<Output> {
    call_listing_with(client, method, args, &mut Hooks::new())
}

/// As [`call_listing`], with the progress sink and cancel token of the call
/// (used by the long operations: downloads).
pub fn call_listing_with(
    client: &Client,
    method: &str,
    args: Value,
    hooks: &mut Hooks<'_>,
) -> Result<Output> {
    let op =
        operation(method).ok_or_else(|| Error::invalid(format!("unknown operation {method:?}")))?;
    let mut map = match args {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        other => {
            return Err(Error::invalid(format!(
                "{method}: arguments must be a JSON object, got {other}"
            )))
        }
    };
    let client = match map.remove("token") {
        None | Some(Value::Null) => client.clone(),
        Some(Value::String(s)) => client.with_token(TokenPolicy::Value(s)),
        Some(Value::Bool(b)) => client.with_token(b),
        Some(other) => {
            return Err(Error::invalid(format!(
                "{method}: `token` must be a string, a boolean or null, got {other}"
            )))
        }
    };
    let mut args = Args {
        method: op.name,
        map,
    };
    hooks.cancel_token().check()?;
    (op.handler)(&client, &mut args, hooks)
}

/// Runs an operation; listings are collected into a JSON array.
pub fn call(client: &Client, method: &str, args: Value) -> Result<Value> {
    call_with(client, method, args, &mut Hooks::new())
}

/// As [`call`], with the progress sink and cancel token of the call.
pub fn call_with(
    client: &Client,
    method: &str,
    args: Value,
    hooks: &mut Hooks<'_>,
) -> Result<Value> {
    match call_listing_with(client, method, args, hooks)? {
        Output::Value(v) => Ok(v),
        Output::Items(pager) => pager.collect::<Result<Vec<_>>>().map(Value::Array),
    }
}

/// Queues an operation on the client's background job queue (Python's
/// `run_as_future=True`, for any operation of the table) and returns its handle; the
/// result is what [`call`] would return. Jobs of one client run one at a time, in
/// submission order (see [`Client::run_as_future`]). An unknown `method` fails here,
/// before anything is queued; every other error (arguments, HTTP) comes from
/// [`JobHandle::wait`]. No request is made here.
pub fn call_as_future(client: &Client, method: &str, args: Value) -> Result<JobHandle<Value>> {
    let op =
        operation(method).ok_or_else(|| Error::invalid(format!("unknown operation {method:?}")))?;
    let name = op.name;
    Ok(client.run_as_future(move |c| call(c, name, args)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_unique_and_complete_for_reads() {
        let mut names: Vec<_> = OPERATIONS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len(), "duplicate operation names");
        for required in [
            "whoami",
            "list_models",
            "model_info",
            "list_repo_tree",
            "get_paths_info",
            "list_repo_commits",
        ] {
            assert!(operation(required).is_some(), "{required}");
        }
    }

    #[test]
    fn operations_run_as_futures_in_submission_order() {
        let c = Client::builder()
            .endpoint("http://127.0.0.1:9")
            .offline(true)
            .build()
            .unwrap();
        assert!(matches!(
            call_as_future(&c, "no_such_method", Value::Null),
            Err(Error::InvalidInput(_))
        ));
        let url = |name: &str| serde_json::json!({"repo_id": "a/b", "filename": name});
        let first = call_as_future(&c, "hf_hub_url", url("first")).unwrap();
        let bad = call_as_future(&c, "model_info", serde_json::json!({"bogus": 1})).unwrap();
        let offline = call_as_future(&c, "model_info", serde_json::json!({"repo_id": "a/b"}));
        let mut last = call_as_future(&c, "hf_hub_url", url("last")).unwrap();
        // Jobs run in order: once the last one is done, so are the others.
        let got = last.wait_timeout(std::time::Duration::from_secs(30));
        assert_eq!(
            got.expect("done in time").unwrap(),
            "http://127.0.0.1:9/a/b/resolve/main/last"
        );
        assert!(first.is_done() && bad.is_done());
        assert_eq!(
            first.wait().unwrap(),
            "http://127.0.0.1:9/a/b/resolve/main/first"
        );
        assert!(matches!(bad.wait(), Err(Error::InvalidInput(_))));
        assert!(matches!(
            offline.unwrap().wait(),
            Err(Error::OfflineMode(_))
        ));
    }

    #[test]
    fn argument_errors_are_typed() {
        let c = Client::builder()
            .endpoint("http://127.0.0.1:9")
            .offline(true)
            .build()
            .unwrap();
        let err = |m: &str, a: Value| call(&c, m, a).unwrap_err();
        assert!(matches!(
            err("no_such_method", Value::Null),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err("model_info", serde_json::json!({})),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err("model_info", serde_json::json!({"repo_id": 3})),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err(
                "model_info",
                serde_json::json!({"repo_id": "a/b", "bogus": 1})
            ),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err("whoami", serde_json::json!({"x": 1})),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err("model_info", serde_json::json!([1])),
            Error::InvalidInput(_)
        ));
        assert!(matches!(
            err(
                "model_info",
                serde_json::json!({"repo_id": "a/b", "token": 5})
            ),
            Error::InvalidInput(_)
        ));
        // Valid arguments reach the operation (which fails offline, before any request).
        assert!(matches!(
            err("model_info", serde_json::json!({"repo_id": "a/b"})),
            Error::OfflineMode(_)
        ));
        assert_eq!(
            call(
                &c,
                "hf_hub_url",
                serde_json::json!({"repo_id": "a/b", "filename": "x y", "revision": "v1"})
            )
            .unwrap(),
            "http://127.0.0.1:9/a/b/resolve/v1/x%20y"
        );
    }
}
