//! Client configuration: endpoint, token policy, user agent, timeouts, retries,
//! paths, and the one place that reads the `HF_*` environment variables.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// The default Hub endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
/// The default base URL of the Inference Endpoints management API.
pub const DEFAULT_INFERENCE_ENDPOINTS_URL: &str = "https://api.endpoints.huggingface.cloud/v2";
/// Default timeout of the file-metadata HEAD request (Python's `DEFAULT_ETAG_TIMEOUT`).
pub const DEFAULT_ETAG_TIMEOUT: Duration = Duration::from_secs(10);
/// Default per-read timeout of downloads (Python's `DEFAULT_DOWNLOAD_TIMEOUT`).
pub const DEFAULT_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Which token a request carries, with the semantics of Python's `token=` argument.
///
/// `Discover` is Python's `None`, `Required` is `True`, `Never` is `False` and
/// `Value` is an explicit string.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum TokenPolicy {
    /// Use the stored token (`HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, then the token
    /// file) if there is one, unless `HF_HUB_DISABLE_IMPLICIT_TOKEN` is set.
    #[default]
    Discover,
    /// Use the stored token; fail with [`Error::LocalTokenNotFound`] if there is none.
    Required,
    /// Never send a token.
    Never,
    /// Send this token.
    Value(String),
}

impl fmt::Debug for TokenPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenPolicy::Discover => f.write_str("Discover"),
            TokenPolicy::Required => f.write_str("Required"),
            TokenPolicy::Never => f.write_str("Never"),
            TokenPolicy::Value(_) => f.write_str("Value(<redacted>)"),
        }
    }
}

impl From<&str> for TokenPolicy {
    fn from(s: &str) -> Self {
        TokenPolicy::Value(s.to_owned())
    }
}

impl From<String> for TokenPolicy {
    fn from(s: String) -> Self {
        TokenPolicy::Value(s)
    }
}

impl<'de> serde::Deserialize<'de> for TokenPolicy {
    /// A string (the token), `true` (required), `false` (never) or `null` (discover).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Token(String),
            Flag(bool),
        }
        Ok(match Option::<Raw>::deserialize(d)? {
            None => TokenPolicy::Discover,
            Some(Raw::Token(t)) => TokenPolicy::Value(t),
            Some(Raw::Flag(b)) => b.into(),
        })
    }
}

impl From<bool> for TokenPolicy {
    /// `true` → [`TokenPolicy::Required`], `false` → [`TokenPolicy::Never`], as in Python.
    fn from(b: bool) -> Self {
        if b {
            TokenPolicy::Required
        } else {
            TokenPolicy::Never
        }
    }
}

/// Extra user-agent items, as Python's `user_agent=` argument: a string appended
/// verbatim or a map rendered as `key/value` pairs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum UserAgent {
    /// Appended after `; `.
    Text(String),
    /// Each entry rendered as `key/value`, in key order.
    Map(BTreeMap<String, String>),
}

/// Timeouts. No call can hang forever: every phase has a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connection setup, TLS included.
    pub connect: Duration,
    /// Longest silence while receiving a response (a read gap, not a total).
    pub read: Duration,
    /// Whole-call bound of API requests that have no timeout of their own. Python
    /// waits forever there; hfhub does not.
    pub request: Duration,
    /// Whole-call bound of the file-metadata HEAD (`etag_timeout`, `HF_HUB_ETAG_TIMEOUT`).
    pub metadata: Duration,
    /// Read-gap bound of content downloads (`HF_HUB_DOWNLOAD_TIMEOUT`).
    pub download: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(60),
            request: Duration::from_secs(300),
            metadata: DEFAULT_ETAG_TIMEOUT,
            download: DEFAULT_DOWNLOAD_TIMEOUT,
        }
    }
}

/// Retry policy for idempotent requests: exponential backoff with jitter on
/// 408, 429, 5xx and connection errors, honouring `Retry-After` and `RateLimit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// First backoff; doubled after each retry.
    pub base_wait: Duration,
    /// Cap of one backoff (a server's `Retry-After` is honoured up to `max_total_wait`).
    pub max_wait: Duration,
    /// Bound on the total time spent waiting between attempts of one request.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    /// Python's `http_backoff` schedule: 5 retries, 1 s doubling to 8 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            base_wait: Duration::from_secs(1),
            max_wait: Duration::from_secs(8),
            max_total_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }
}

/// Every [`ClientBuilder`](crate::ClientBuilder) option as one serde struct, with
/// Python's `HfApi` keyword names where they exist: the configuration the C ABI
/// and the language bindings pass as JSON. Durations are in seconds.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientConfig {
    /// Start from the process environment (as [`crate::Client::from_env`]), then apply the rest.
    pub from_env: bool,
    /// Hub URL.
    pub endpoint: Option<String>,
    /// Inference Endpoints API base URL.
    pub inference_endpoints_url: Option<String>,
    /// Token policy: a string, `true` (required), `false` (never); absent = discover.
    pub token: Option<TokenPolicy>,
    /// Library name (first user-agent item).
    pub library_name: Option<String>,
    /// Library version.
    pub library_version: Option<String>,
    /// Extra user-agent items: a string or a map.
    pub user_agent: Option<UserAgent>,
    /// Extra headers sent with every Hub request.
    pub headers: BTreeMap<String, String>,
    /// Connection setup timeout.
    pub connect_timeout: Option<f64>,
    /// Read-gap timeout.
    pub read_timeout: Option<f64>,
    /// Whole-call timeout of API requests.
    pub request_timeout: Option<f64>,
    /// Metadata HEAD timeout (`HF_HUB_ETAG_TIMEOUT`).
    pub etag_timeout: Option<f64>,
    /// Download read-gap timeout (`HF_HUB_DOWNLOAD_TIMEOUT`).
    pub download_timeout: Option<f64>,
    /// Retries after the first attempt of idempotent requests.
    pub max_retries: Option<u32>,
    /// First backoff.
    pub retry_base_wait: Option<f64>,
    /// Cap of one backoff.
    pub retry_max_wait: Option<f64>,
    /// Bound on the total wait of one request's retries.
    pub retry_max_total_wait: Option<f64>,
    /// Proxy URL.
    pub proxy: Option<String>,
    /// Hosts that bypass the proxy (`NO_PROXY` syntax).
    pub no_proxy: Option<String>,
    /// Extra trusted CA certificates (PEM file).
    pub ca_bundle: Option<PathBuf>,
    /// `HF_HOME`.
    pub hf_home: Option<PathBuf>,
    /// The hub cache directory.
    pub cache_dir: Option<PathBuf>,
    /// The token file.
    pub token_path: Option<PathBuf>,
    /// Offline mode.
    pub offline: Option<bool>,
    /// `HF_HUB_DISABLE_IMPLICIT_TOKEN`.
    pub disable_implicit_token: Option<bool>,
    /// Download: byte-range size of parallel downloads, in bytes.
    pub download_chunk_size: Option<u64>,
    /// Download: connections for one large file (1 = a single stream).
    pub download_max_connections: Option<usize>,
    /// Download: files at least this large (bytes) are fetched as parallel ranges.
    pub download_parallel_threshold: Option<u64>,
    /// Download: copies instead of symlinks in snapshots (`HF_HUB_DISABLE_SYMLINKS`).
    pub disable_symlinks: Option<bool>,
    /// Download: flush each file to the disk before it enters the cache.
    pub sync_files: Option<bool>,
    /// Download: write large files with direct I/O (Linux), past the page cache.
    pub download_direct_io: Option<bool>,
    /// Download: bytes per second at or above which a large file stays on one
    /// connection; 0 always uses parallel ranges.
    pub download_single_stream_rate: Option<u64>,
}

/// A non-negative, finite number of seconds.
pub(crate) fn duration_secs(name: &str, secs: f64) -> Result<Duration> {
    if secs.is_finite() && secs >= 0.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(Error::invalid(format!(
            "{name} must be a non-negative number of seconds, got {secs}"
        )))
    }
}

/// Where the token is looked up and where the caches live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `HF_HOME`.
    pub hf_home: PathBuf,
    /// `HF_HUB_CACHE`: the cache shared with Python.
    pub hub_cache: PathBuf,
    /// `HF_TOKEN_PATH`: the token file.
    pub token_path: PathBuf,
}

/// The environment as hfhub reads it. Built by [`Env::from_process`]; a test can
/// build one from a map with [`Env::from_vars`].
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// Snapshot of the process environment (non-UTF-8 values are ignored).
    pub fn from_process() -> Self {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    /// An environment made of the given variables only.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Env {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The value of a variable.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.get(key).map(String::as_str)
    }

    /// A non-empty value.
    fn non_empty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// Python's boolean env parsing: `1`, `ON`, `YES`, `TRUE` (any case) are true.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(is_truthy)
    }

    /// A duration in whole seconds; an unparsable value is an error (Python fails at import).
    pub fn seconds(&self, key: &str) -> Result<Option<Duration>> {
        match self.non_empty(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| Some(Duration::from_secs_f64(s)))
                .ok_or_else(|| {
                    Error::invalid(format!("{key} must be a number of seconds, got {v:?}"))
                }),
        }
    }

    /// `HF_HOME`, `HF_HUB_CACHE`/`HUGGINGFACE_HUB_CACHE` and `HF_TOKEN_PATH`, with
    /// Python's defaults and `~`/`$VAR` expansion.
    pub fn paths(&self) -> Paths {
        let hf_home = match self.non_empty("HF_HOME") {
            Some(h) => self.expand(h),
            None => {
                let cache_root = match self.non_empty("XDG_CACHE_HOME") {
                    Some(x) => self.expand(x),
                    None => self.home().join(".cache"),
                };
                cache_root.join("huggingface")
            }
        };
        let hub_cache = self
            .non_empty("HF_HUB_CACHE")
            .or_else(|| self.non_empty("HUGGINGFACE_HUB_CACHE"))
            .map(|p| self.expand(p))
            .unwrap_or_else(|| hf_home.join("hub"));
        let token_path = self
            .non_empty("HF_TOKEN_PATH")
            .map(|p| self.expand(p))
            .unwrap_or_else(|| hf_home.join("token"));
        Paths {
            hf_home,
            hub_cache,
            token_path,
        }
    }

    fn home(&self) -> PathBuf {
        self.non_empty("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/"))
    }

    /// Expands a leading `~` and `$VAR` / `${VAR}` references, as Python's
    /// `os.path.expanduser(os.path.expandvars(...))`. Unknown variables are left as is.
    pub fn expand(&self, raw: &str) -> PathBuf {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(pos) = rest.find('$') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            let (name, consumed) = if let Some(inner) = after.strip_prefix('{') {
                match inner.find('}') {
                    Some(end) => (&inner[..end], end + 2),
                    None => ("", 0),
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            };
            match (name.is_empty(), self.get(name)) {
                (false, Some(v)) => out.push_str(v),
                _ => out.push_str(&rest[pos..pos + 1 + consumed]),
            }
            rest = &rest[pos + 1 + consumed..];
        }
        out.push_str(rest);
        if out == "~" {
            return self.home();
        }
        if let Some(tail) = out.strip_prefix("~/") {
            return self.home().join(tail);
        }
        PathBuf::from(out)
    }

    /// The stored token, as Python's `get_token()`: `HF_TOKEN`, then
    /// `HUGGING_FACE_HUB_TOKEN`, then the token file. Empty values mean "none".
    pub fn stored_token(&self, token_path: &Path) -> Option<String> {
        for key in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
            if let Some(t) = self.get(key).and_then(clean_token) {
                return Some(t);
            }
        }
        std::fs::read_to_string(token_path)
            .ok()
            .and_then(|t| clean_token(&t))
    }
}

/// Python's boolean env parsing.
pub(crate) fn is_truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_uppercase().as_str(),
        "1" | "ON" | "YES" | "TRUE"
    )
}

/// Removes every `\r` and `\n` and surrounding whitespace; empty → `None`.
pub(crate) fn clean_token(raw: &str) -> Option<String> {
    let t: String = raw.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Normalises an endpoint: trims whitespace and trailing `/`.
pub(crate) fn normalize_endpoint(raw: &str) -> Result<String> {
    let e = raw.trim().trim_end_matches('/');
    let host = e
        .strip_prefix("http://")
        .or_else(|| e.strip_prefix("https://"));
    match host {
        Some(h) if !h.is_empty() => Ok(e.to_owned()),
        _ => Err(Error::invalid(format!(
            "endpoint must be an http:// or https:// URL, got {raw:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthy_values_follow_python() {
        for v in ["1", "on", "YES", "True", " true "] {
            assert!(is_truthy(v), "{v}");
        }
        for v in ["0", "no", "", "false", "2", "y"] {
            assert!(!is_truthy(v), "{v}");
        }
    }

    #[test]
    fn paths_default_and_overrides() {
        let env = Env::from_vars([("HOME", "/home/u")]);
        let p = env.paths();
        assert_eq!(p.hf_home, PathBuf::from("/home/u/.cache/huggingface"));
        assert_eq!(p.hub_cache, PathBuf::from("/home/u/.cache/huggingface/hub"));
        assert_eq!(
            p.token_path,
            PathBuf::from("/home/u/.cache/huggingface/token")
        );

        let env = Env::from_vars([("HOME", "/home/u"), ("XDG_CACHE_HOME", "/xdg")]);
        assert_eq!(env.paths().hf_home, PathBuf::from("/xdg/huggingface"));

        let env = Env::from_vars([
            ("HOME", "/home/u"),
            ("HF_HOME", "~/hf"),
            ("HUGGINGFACE_HUB_CACHE", "/legacy"),
            ("HF_TOKEN_PATH", "$HOME/tok"),
        ]);
        let p = env.paths();
        assert_eq!(p.hf_home, PathBuf::from("/home/u/hf"));
        assert_eq!(p.hub_cache, PathBuf::from("/legacy"));
        assert_eq!(p.token_path, PathBuf::from("/home/u/tok"));

        let env = Env::from_vars([
            ("HF_HUB_CACHE", "/new"),
            ("HUGGINGFACE_HUB_CACHE", "/legacy"),
        ]);
        assert_eq!(env.paths().hub_cache, PathBuf::from("/new"));
    }

    #[test]
    fn expand_leaves_unknown_vars() {
        let env = Env::from_vars([("A", "x")]);
        assert_eq!(env.expand("$A/${A}/$B/$"), PathBuf::from("x/x/$B/$"));
    }

    #[test]
    fn token_cleaning_and_order() {
        assert_eq!(clean_token(" hf_a\r\nb \n"), Some("hf_ab".into()));
        assert_eq!(clean_token(" \n"), None);
        let dir = std::env::temp_dir().join(format!("hfhub-tok-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "hf_file\n").unwrap();
        let env = Env::from_vars([("HUGGING_FACE_HUB_TOKEN", "hf_legacy")]);
        assert_eq!(env.stored_token(&file).as_deref(), Some("hf_legacy"));
        let env = Env::from_vars([("HF_TOKEN", "hf_env"), ("HUGGING_FACE_HUB_TOKEN", "x")]);
        assert_eq!(env.stored_token(&file).as_deref(), Some("hf_env"));
        let env = Env::from_vars([("HF_TOKEN", "")]);
        assert_eq!(env.stored_token(&file).as_deref(), Some("hf_file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn endpoint_normalisation() {
        assert_eq!(
            normalize_endpoint("https://hf.co/").unwrap(),
            "https://hf.co"
        );
        assert_eq!(
            normalize_endpoint("http://127.0.0.1:8080//").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(normalize_endpoint("ftp://x").is_err());
        assert!(normalize_endpoint("").is_err());
    }

    #[test]
    fn token_debug_is_redacted() {
        let t = TokenPolicy::Value("hf_secret".into());
        assert!(!format!("{t:?}").contains("hf_secret"));
    }
}
