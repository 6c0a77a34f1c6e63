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

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::files::{
    FileExistsOptions, FileMetadataOptions, FileUrlOptions, GetPathsInfoOptions,
    ListRepoFilesOptions, ListRepoTreeOptions,
};
use crate::api::info::{
    DatasetInfoOptions, ModelInfoOptions, RepoExistsOptions, RepoInfoOptions,
    RevisionExistsOptions, SpaceInfoOptions,
};
use crate::api::likes::{LikeOptions, ListRepoLikersOptions, UnlikeOptions};
use crate::api::listing::{ListDatasetsOptions, ListModelsOptions, ListSpacesOptions};
use crate::api::one_or_many;
use crate::api::refs::{ListRepoCommitsOptions, ListRepoRefsOptions};
use crate::client::Client;
use crate::config::TokenPolicy;
use crate::error::{Error, Result};
use crate::pagination::Pager;

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

type Handler = fn(&Client, &mut Args) -> Result<Output>;

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
    whoami => |c, a| { a.finish()?; value(c.whoami()?) };
    get_token_permission => |c, a| { a.finish()?; value(c.get_token_permission()?) };
    get_full_repo_name => |c, a| {
        let model_id = a.string("model_id")?;
        let org = a.opt_string("organization")?;
        a.finish()?;
        value(c.get_full_repo_name(&model_id, org.as_deref())?)
    };
    get_user_overview => |c, a| { let u = a.string("username")?; a.finish()?; value(c.get_user_overview(&u)?) };
    list_organization_members => |c, a| {
        let o = a.string("organization")?; a.finish()?; items(c.list_organization_members(&o))
    };
    list_user_followers => |c, a| { let u = a.string("username")?; a.finish()?; items(c.list_user_followers(&u)) };
    list_user_following => |c, a| { let u = a.string("username")?; a.finish()?; items(c.list_user_following(&u)) };
    get_model_tags => |c, a| { a.finish()?; value(c.get_model_tags()?) };
    get_dataset_tags => |c, a| { a.finish()?; value(c.get_dataset_tags()?) };
    list_metrics => |c, a| { a.finish()?; value(c.list_metrics()?) };
    list_models => |c, a| items(c.list_models(&a.options::<ListModelsOptions>()?));
    list_datasets => |c, a| items(c.list_datasets(&a.options::<ListDatasetsOptions>()?));
    list_spaces => |c, a| items(c.list_spaces(&a.options::<ListSpacesOptions>()?));
    like => |c, a| { let r = a.string("repo_id")?; value(c.like(&r, &a.options::<LikeOptions>()?)?) };
    unlike => |c, a| { let r = a.string("repo_id")?; value(c.unlike(&r, &a.options::<UnlikeOptions>()?)?) };
    list_liked_repos => |c, a| { let u = a.opt_string("user")?; a.finish()?; value(c.list_liked_repos(u.as_deref())?) };
    list_repo_likers => |c, a| { let r = a.string("repo_id")?; items(c.list_repo_likers(&r, &a.options::<ListRepoLikersOptions>()?)) };
    model_info => |c, a| { let r = a.string("repo_id")?; value(c.model_info(&r, &a.options::<ModelInfoOptions>()?)?) };
    dataset_info => |c, a| { let r = a.string("repo_id")?; value(c.dataset_info(&r, &a.options::<DatasetInfoOptions>()?)?) };
    space_info => |c, a| { let r = a.string("repo_id")?; value(c.space_info(&r, &a.options::<SpaceInfoOptions>()?)?) };
    repo_info => |c, a| { let r = a.string("repo_id")?; value(c.repo_info(&r, &a.options::<RepoInfoOptions>()?)?) };
    repo_exists => |c, a| { let r = a.string("repo_id")?; value(c.repo_exists(&r, &a.options::<RepoExistsOptions>()?)?) };
    revision_exists => |c, a| {
        let r = a.string("repo_id")?;
        let rev = a.string("revision")?;
        value(c.revision_exists(&r, &rev, &a.options::<RevisionExistsOptions>()?)?)
    };
    file_exists => |c, a| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.file_exists(&r, &f, &a.options::<FileExistsOptions>()?)?)
    };
    hf_hub_url => |c, a| {
        let r = a.string("repo_id")?;
        let f = a.string("filename")?;
        value(c.hf_hub_url(&r, &f, &a.options::<FileUrlOptions>()?)?)
    };
    get_hf_file_metadata => |c, a| {
        let url = a.string("url")?;
        value(c.get_hf_file_metadata(&url, &a.options::<FileMetadataOptions>()?)?)
    };
    list_repo_tree => |c, a| { let r = a.string("repo_id")?; items(c.list_repo_tree(&r, &a.options::<ListRepoTreeOptions>()?)) };
    list_repo_files => |c, a| { let r = a.string("repo_id")?; items(c.list_repo_files(&r, &a.options::<ListRepoFilesOptions>()?)) };
    get_paths_info => |c, a| {
        let r = a.string("repo_id")?;
        let paths = a.strings("paths")?;
        value(c.get_paths_info(&r, &paths, &a.options::<GetPathsInfoOptions>()?)?)
    };
    list_repo_refs => |c, a| { let r = a.string("repo_id")?; value(c.list_repo_refs(&r, &a.options::<ListRepoRefsOptions>()?)?) };
    list_repo_commits => |c, a| { let r = a.string("repo_id")?; items(c.list_repo_commits(&r, &a.options::<ListRepoCommitsOptions>()?)) };
}

/// The operation named `method`, if there is one.
pub fn operation(method: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == method)
}

/// Runs an operation and returns its output (a value or a lazy listing).
pub fn call_listing(client: &Client, method: &str, args: Value) -> Result<Output> {
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
    (op.handler)(&client, &mut args)
}

/// Runs an operation; listings are collected into a JSON array.
pub fn call(client: &Client, method: &str, args: Value) -> Result<Value> {
    match call_listing(client, method, args)? {
        Output::Value(v) => Ok(v),
        Output::Items(pager) => pager.collect::<Result<Vec<_>>>().map(Value::Array),
    }
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
