//! Repository URLs (`create_repo`, `duplicate_space`) and gated-repo access requests
//! (hub-endpoints §3.8, §3.10, §4.11).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{datetime, Timestamp};
use crate::config::DEFAULT_ENDPOINT;
use crate::error::{Error, Result};
use crate::repo::RepoType;

/// The staging Hub, which Python treats like the default endpoint when fixing URLs.
const STAGING_ENDPOINT: &str = "https://hub-ci.huggingface.co";

/// The URL of a repository on the Hub, parsed like Python's `RepoUrl` (a `str` subclass
/// there): the endpoint, the repository type, namespace, name and id.
///
/// ```
/// let u = hfhub::types::RepoUrl::parse(
///     "https://huggingface.co/datasets/alice/my-data",
///     Some("https://huggingface.co"),
/// )?;
/// assert_eq!(u.repo_type, hfhub::RepoType::Dataset);
/// assert_eq!(u.repo_id, "alice/my-data");
/// assert_eq!(u.namespace.as_deref(), Some("alice"));
/// assert_eq!(u.to_string(), "https://huggingface.co/datasets/alice/my-data");
/// # Ok::<(), hfhub::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoUrl {
    /// The Hub endpoint the URL belongs to.
    pub endpoint: String,
    /// User or organisation (`None` for a repository without one).
    pub namespace: Option<String>,
    /// The name after the namespace.
    pub repo_name: String,
    /// `namespace/name` (or `name`).
    pub repo_id: String,
    /// Model, dataset or Space.
    pub repo_type: RepoType,
    /// The URL itself.
    pub url: String,
}

impl RepoUrl {
    /// Parses a repository URL or id as Python's `RepoUrl(url, endpoint=...)` does: when
    /// `endpoint` (default `https://huggingface.co`) is a custom one, the default Hub host in
    /// `url` is first replaced by it; then `https://host/[type/]ns/name`,
    /// `hf://[type/]ns/name`, `[type/]ns/name` and `name` are accepted (`type` being
    /// `models`, `datasets`, `spaces` or their singulars). Fails with
    /// [`Error::InvalidInput`] on anything else.
    pub fn parse(url: &str, endpoint: Option<&str>) -> Result<RepoUrl> {
        let endpoint = endpoint.unwrap_or(DEFAULT_ENDPOINT).trim_end_matches('/');
        let url = if endpoint != DEFAULT_ENDPOINT && endpoint != STAGING_ENDPOINT {
            url.replace(DEFAULT_ENDPOINT, endpoint)
                .replace(STAGING_ENDPOINT, endpoint)
        } else {
            url.to_owned()
        };
        let (repo_type, namespace, repo_name) = split_hf_id(&url, endpoint)
            .map_err(|why| Error::invalid(format!("cannot parse repository URL {url:?}: {why}")))?;
        let repo_id = match &namespace {
            Some(ns) => format!("{ns}/{repo_name}"),
            None => repo_name.clone(),
        };
        Ok(RepoUrl {
            endpoint: endpoint.to_owned(),
            namespace,
            repo_name,
            repo_id,
            repo_type: repo_type.unwrap_or_default(),
            url,
        })
    }

    /// The URL as a string slice.
    pub fn as_str(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for RepoUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl AsRef<str> for RepoUrl {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

/// `models` / `datasets` / `spaces` → the type (Python's `REPO_TYPES_MAPPING`).
fn plural_type(s: &str) -> Option<RepoType> {
    match s {
        "models" => Some(RepoType::Model),
        "datasets" => Some(RepoType::Dataset),
        "spaces" => Some(RepoType::Space),
        _ => None,
    }
}

/// Python's `repo_type_and_id_from_hf_id`: (type, namespace, name).
fn split_hf_id(
    hf_id: &str,
    endpoint: &str,
) -> std::result::Result<(Option<RepoType>, Option<String>, String), String> {
    let hub_host = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
        .unwrap_or(endpoint);
    let is_hf_url = hf_id.contains(hub_host) && !hf_id.contains('@');
    let id = hf_id.strip_prefix("hf://").unwrap_or(hf_id);
    let segs: Vec<&str> = id.split('/').collect();
    let n = segs.len();
    let (raw_type, namespace, name): (Option<&str>, Option<&str>, &str) = if is_hf_url {
        if n < 2 {
            return Err("no namespace and name after the host".into());
        }
        let ns = Some(segs[n - 2]).filter(|ns| *ns != hub_host);
        if n > 2 && !segs[n - 3].contains(hub_host) {
            (Some(segs[n - 3]), ns, segs[n - 1])
        } else if ns.is_some_and(|ns| plural_type(ns).is_some()) {
            (ns, None, segs[n - 1])
        } else {
            (None, ns, segs[n - 1])
        }
    } else {
        match segs.as_slice() {
            [t, ns, name] => (Some(*t), Some(*ns), *name),
            [t, name] if plural_type(t).is_some() => (Some(*t), None, *name),
            [ns, name] => (None, Some(*ns), *name),
            [name] => (None, None, *name),
            _ => return Err("too many path segments".into()),
        }
    };
    let repo_type = match raw_type {
        None | Some("") => None,
        Some(t) => Some(
            plural_type(t)
                .or_else(|| t.parse().ok())
                .ok_or_else(|| format!("unknown repo type {t:?}"))?,
        ),
    };
    Ok((repo_type, namespace.map(str::to_owned), name.to_owned()))
}

/// A request for access to a gated repository (`list_*_access_requests`).
///
/// The wire object nests the user (`{"user": {"user", "fullname", "email", …}, "status",
/// "timestamp", "fields"?, "requestId"?}`); this type flattens it as Python does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessRequest {
    /// The user who asked (`user.user`).
    pub username: Option<String>,
    /// Their full name (`user.fullname`).
    pub fullname: Option<String>,
    /// Their e-mail address (`user.email`; only shown to the repository's authors).
    pub email: Option<String>,
    /// When the request was made.
    #[serde(with = "datetime")]
    pub timestamp: Option<Timestamp>,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
    /// Answers to the gate form, when it has custom fields.
    pub fields: Option<Map<String, Value>>,
    /// The request's id (`requestId`, sent by newer servers).
    pub request_id: Option<String>,
    /// Every other top-level key.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for AccessRequest {
    /// Accepts the wire shape and the shape this type serialises to.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct WireUser {
            user: Option<String>,
            #[serde(default)]
            fullname: Option<String>,
            #[serde(default)]
            email: Option<String>,
        }
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default)]
            user: Option<WireUser>,
            #[serde(default)]
            username: Option<String>,
            #[serde(default)]
            fullname: Option<String>,
            #[serde(default)]
            email: Option<String>,
            #[serde(default, with = "datetime")]
            timestamp: Option<Timestamp>,
            status: String,
            #[serde(default)]
            fields: Option<Map<String, Value>>,
            #[serde(default, alias = "requestId")]
            request_id: Option<String>,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        let raw = Raw::deserialize(d)?;
        let (username, fullname, email) = match raw.user {
            Some(u) => (
                u.user.or(raw.username),
                u.fullname.or(raw.fullname),
                u.email.or(raw.email),
            ),
            None => (raw.username, raw.fullname, raw.email),
        };
        Ok(AccessRequest {
            username,
            fullname,
            email,
            timestamp: raw.timestamp,
            status: raw.status,
            fields: raw.fields,
            request_id: raw.request_id,
            extra: raw.extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str, endpoint: &str) -> (RepoType, Option<String>, String, String) {
        let u = RepoUrl::parse(url, Some(endpoint)).unwrap();
        (u.repo_type, u.namespace, u.repo_name, u.repo_id)
    }

    #[test]
    fn repo_urls_like_python() {
        let hub = "https://huggingface.co";
        assert_eq!(
            parts("https://huggingface.co/gpt2", hub),
            (RepoType::Model, None, "gpt2".into(), "gpt2".into())
        );
        assert_eq!(
            parts("https://huggingface.co/alice/m", hub),
            (
                RepoType::Model,
                Some("alice".into()),
                "m".into(),
                "alice/m".into()
            )
        );
        assert_eq!(
            parts("https://huggingface.co/spaces/acme/my-space", hub),
            (
                RepoType::Space,
                Some("acme".into()),
                "my-space".into(),
                "acme/my-space".into()
            )
        );
        // canonical dataset: `datasets/<name>`
        assert_eq!(
            parts("https://huggingface.co/datasets/squad", hub).0,
            RepoType::Dataset
        );
        assert_eq!(
            parts("hf://datasets/my-user/my-dataset", hub),
            (
                RepoType::Dataset,
                Some("my-user".into()),
                "my-dataset".into(),
                "my-user/my-dataset".into()
            )
        );
        assert_eq!(parts("alice/x", hub).1.as_deref(), Some("alice"));
        assert_eq!(parts("spaces/alice/x", hub).0, RepoType::Space);
        // 0.22's own fallback URL used the singular type
        assert_eq!(
            parts("https://huggingface.co/dataset/alice/d", hub).0,
            RepoType::Dataset
        );
        // a custom endpoint: the default host in the URL is replaced
        let local = "http://127.0.0.1:8000";
        let u = RepoUrl::parse("https://huggingface.co/datasets/alice/d", Some(local)).unwrap();
        assert_eq!(u.url, "http://127.0.0.1:8000/datasets/alice/d");
        assert_eq!(u.endpoint, local);
        assert_eq!(
            (u.repo_type, u.repo_id.as_str()),
            (RepoType::Dataset, "alice/d")
        );
        assert_eq!(
            parts("http://127.0.0.1:8000/alice/m", local),
            (
                RepoType::Model,
                Some("alice".into()),
                "m".into(),
                "alice/m".into()
            )
        );
        assert!(RepoUrl::parse("kernels/alice/x", Some(hub)).is_err());
        assert!(RepoUrl::parse("a/b/c/d", Some(hub)).is_err());
        let json = serde_json::to_value(&u).unwrap();
        assert_eq!(json["repo_type"], "dataset");
        assert_eq!(json["namespace"], "alice");
        assert_eq!(serde_json::from_value::<RepoUrl>(json).unwrap(), u);
    }

    #[test]
    fn access_request_from_reference_example() {
        let raw = serde_json::json!({"user": {"user": "bob", "fullname": "Bob", "email": "bob@example.com",
            "avatarUrl": "/avatars/bob.svg", "isPro": false, "type": "user"},
            "status": "pending", "timestamp": "2023-11-23T18:04:53.828Z",
            "fields": {"company": "ACME", "use_case": "research"}, "requestId": "65f0"});
        let r: AccessRequest = serde_json::from_value(raw).unwrap();
        assert_eq!(r.username.as_deref(), Some("bob"));
        assert_eq!(r.email.as_deref(), Some("bob@example.com"));
        assert_eq!(r.status, "pending");
        assert_eq!(r.request_id.as_deref(), Some("65f0"));
        assert_eq!(r.fields.as_ref().unwrap()["company"], "ACME");
        assert_eq!(r.timestamp.unwrap().unix_timestamp(), 1_700_762_693);
        assert!(r.extra.is_empty(), "{:?}", r.extra);
        let back: AccessRequest =
            serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        // newer servers may omit the user and the e-mail
        let r: AccessRequest = serde_json::from_value(
            serde_json::json!({"status": "accepted", "timestamp": "2024-01-01T00:00:00Z", "x": 1}),
        )
        .unwrap();
        assert_eq!(r.username, None);
        assert_eq!(r.extra["x"], 1);
    }
}
