//! [`Client`] and [`ClientBuilder`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{
    self, ClientConfig, Env, Paths, RetryPolicy, Timeouts, TokenPolicy, UserAgent,
    DEFAULT_ENDPOINT, DEFAULT_INFERENCE_ENDPOINTS_URL,
};
use crate::error::{Error, Result};
use crate::urls;

/// The hfhub version, as sent in the user agent.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A blocking Hugging Face Hub client.
///
/// Cheap to clone (clones share one connection pool), `Send + Sync`: build one
/// and use it from every thread. Every `HfApi` operation is a method with the
/// same name; optional parameters live in one `…Options` struct per method.
///
/// ```no_run
/// let client = hfhub::Client::from_env()?;
/// let info = client.model_info("openai-community/gpt2", &Default::default())?;
/// println!("{} at {:?}", info.id, info.sha);
/// # Ok::<(), hfhub::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    /// Token policy of this handle (see [`Client::with_token`]).
    pub(crate) token: TokenPolicy,
}

pub(crate) struct Inner {
    pub(crate) agent: ureq::Agent,
    pub(crate) endpoint: String,
    pub(crate) inference_endpoints_url: String,
    pub(crate) stored_token: Option<String>,
    pub(crate) implicit_token_disabled: bool,
    pub(crate) user_agent: String,
    pub(crate) headers: Vec<(ureq::http::HeaderName, ureq::http::HeaderValue)>,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
    pub(crate) paths: Paths,
    pub(crate) offline: bool,
    pub(crate) download: crate::api::download::DownloadConfig,
    /// The background job queue of [`Client::run_as_future`], created on first use.
    pub(crate) jobs: crate::api::future::JobQueue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("token", &self.token)
            .field("has_stored_token", &self.inner.stored_token.is_some())
            .field("user_agent", &self.inner.user_agent)
            .field("timeouts", &self.inner.timeouts)
            .field("retry", &self.inner.retry)
            .field("paths", &self.inner.paths)
            .field("offline", &self.inner.offline)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    /// A builder with the library defaults and no environment applied.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The same client (sharing its connections) with another token policy: the
    /// equivalent of Python's per-call `token=` argument.
    pub fn with_token(&self, token: impl Into<TokenPolicy>) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            token: token.into(),
        }
    }

    /// The Hub endpoint, without a trailing `/`.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The Inference Endpoints API base URL.
    pub fn inference_endpoints_url(&self) -> &str {
        &self.inner.inference_endpoints_url
    }

    /// The hub cache directory shared with Python (`HF_HUB_CACHE`).
    pub fn cache_dir(&self) -> &std::path::Path {
        &self.inner.paths.hub_cache
    }

    /// The resolved paths (`HF_HOME`, hub cache, token file).
    pub fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// Whether offline mode is on (`HF_HUB_OFFLINE`).
    pub fn is_offline(&self) -> bool {
        self.inner.offline
    }

    /// How files are downloaded (parallel ranges, symlinks).
    pub fn download_config(&self) -> &crate::api::download::DownloadConfig {
        &self.inner.download
    }

    /// The user agent sent with Hub requests.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// The timeouts in force.
    pub fn timeouts(&self) -> &Timeouts {
        &self.inner.timeouts
    }

    /// The token this handle sends, resolved with Python's semantics.
    pub(crate) fn resolve_token(&self) -> Result<Option<&str>> {
        match &self.token {
            TokenPolicy::Value(t) => Ok(Some(t.as_str())),
            TokenPolicy::Never => Ok(None),
            TokenPolicy::Required => self
                .inner
                .stored_token
                .as_deref()
                .map(Some)
                .ok_or(Error::LocalTokenNotFound),
            TokenPolicy::Discover if self.inner.implicit_token_disabled => Ok(None),
            TokenPolicy::Discover => Ok(self.inner.stored_token.as_deref()),
        }
    }

    /// The token this handle would send, or an error when one is required and missing.
    /// Used by operations (such as `whoami`) for which a token is mandatory.
    pub(crate) fn require_token(&self) -> Result<&str> {
        match &self.token {
            TokenPolicy::Value(t) => Ok(t.as_str()),
            _ => self
                .inner
                .stored_token
                .as_deref()
                .ok_or(Error::LocalTokenNotFound),
        }
    }

    /// `{endpoint}{path}`.
    pub(crate) fn hub_url(&self, path: &str) -> String {
        format!("{}{}", self.inner.endpoint, path)
    }
}

/// Builds a [`Client`]. Every option has Python's default.
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: String,
    inference_endpoints_url: String,
    token: TokenPolicy,
    stored_token: Option<String>,
    implicit_token_disabled: bool,
    library_name: Option<String>,
    library_version: Option<String>,
    user_agent: Option<UserAgent>,
    user_agent_origin: Option<String>,
    headers: Vec<(String, String)>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    proxy: Option<ProxyChoice>,
    ca_bundle: Option<PathBuf>,
    paths: Paths,
    offline: bool,
    max_idle_connections: usize,
    download: crate::api::download::DownloadConfig,
}

#[derive(Clone)]
enum ProxyChoice {
    Url(String, Option<String>),
    FromEnv,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("token", &self.token)
            .field("has_stored_token", &self.stored_token.is_some())
            .field("timeouts", &self.timeouts)
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// Library defaults; reads nothing from the environment except `HOME` for the
    /// default cache paths. The stored token is not discovered (see [`ClientBuilder::from_env`]).
    pub fn new() -> Self {
        let env = Env::from_vars(std::env::var("HOME").ok().map(|h| ("HOME", h)));
        ClientBuilder {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            inference_endpoints_url: DEFAULT_INFERENCE_ENDPOINTS_URL.to_owned(),
            token: TokenPolicy::Discover,
            stored_token: None,
            implicit_token_disabled: false,
            library_name: None,
            library_version: None,
            user_agent: None,
            user_agent_origin: None,
            headers: Vec::new(),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            proxy: None,
            ca_bundle: None,
            paths: env.paths(),
            offline: false,
            download: Default::default(),
            max_idle_connections: 32,
        }
    }

    /// A builder configured from the process environment, as Python's constants are:
    /// `HF_ENDPOINT` (trailing `/` stripped), `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`,
    /// `HF_TOKEN_PATH`, `HF_HOME` (with `XDG_CACHE_HOME`), `HF_HUB_CACHE` /
    /// `HUGGINGFACE_HUB_CACHE`, `HF_HUB_OFFLINE`, `HF_HUB_DISABLE_IMPLICIT_TOKEN`,
    /// `HF_HUB_ETAG_TIMEOUT`, `HF_HUB_DOWNLOAD_TIMEOUT`, `HF_HUB_USER_AGENT_ORIGIN`,
    /// `HTTP(S)_PROXY` / `ALL_PROXY` / `NO_PROXY` and `SSL_CERT_FILE`.
    /// `HF_HUB_DISABLE_SYMLINKS` makes downloads copy files into snapshots.
    pub fn from_env() -> Result<Self> {
        Self::from_env_vars(&Env::from_process())
    }

    /// As [`ClientBuilder::from_env`], from a given environment.
    pub fn from_env_vars(env: &Env) -> Result<Self> {
        let mut b = ClientBuilder::new();
        b.paths = env.paths();
        if let Some(e) = env.get("HF_ENDPOINT").filter(|e| !e.trim().is_empty()) {
            b.endpoint = config::normalize_endpoint(e)?;
        }
        b.stored_token = env.stored_token(&b.paths.token_path);
        b.implicit_token_disabled = env.flag("HF_HUB_DISABLE_IMPLICIT_TOKEN");
        b.offline = env.flag("HF_HUB_OFFLINE") || env.flag("TRANSFORMERS_OFFLINE");
        b.download.disable_symlinks = env.flag("HF_HUB_DISABLE_SYMLINKS");
        if let Some(t) = env.seconds("HF_HUB_ETAG_TIMEOUT")? {
            b.timeouts.metadata = t;
            // Python: a value other than the default overrides the caller's `etag_timeout`.
            if t != config::DEFAULT_ETAG_TIMEOUT {
                b.download.etag_timeout_override = Some(t);
            }
        }
        if let Some(t) = env.seconds("HF_HUB_DOWNLOAD_TIMEOUT")? {
            b.timeouts.download = t;
        }
        b.user_agent_origin = env
            .get("HF_HUB_USER_AGENT_ORIGIN")
            .filter(|o| !o.is_empty())
            .map(str::to_owned);
        let proxy_vars = [
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ];
        if proxy_vars
            .iter()
            .any(|k| env.get(k).is_some_and(|v| !v.is_empty()))
        {
            let url = proxy_vars
                .iter()
                .find_map(|k| env.get(k).filter(|v| !v.is_empty()))
                .map(str::to_owned);
            let no_proxy = env
                .get("NO_PROXY")
                .or_else(|| env.get("no_proxy"))
                .map(str::to_owned);
            b.proxy = url
                .map(|u| ProxyChoice::Url(u, no_proxy))
                .or(Some(ProxyChoice::FromEnv));
        }
        if let Some(ca) = env.get("SSL_CERT_FILE").filter(|v| !v.is_empty()) {
            b.ca_bundle = Some(env.expand(ca));
        }
        Ok(b)
    }

    /// A builder from a [`ClientConfig`] (the JSON configuration of the C ABI and
    /// the bindings): the environment first when `from_env` is set, then each option given.
    pub fn from_config(cfg: &ClientConfig) -> Result<Self> {
        let mut b = if cfg.from_env {
            ClientBuilder::from_env()?
        } else {
            ClientBuilder::new()
        };
        let secs = config::duration_secs;
        if let Some(e) = &cfg.endpoint {
            b = b.endpoint(e);
        }
        if let Some(u) = &cfg.inference_endpoints_url {
            b = b.inference_endpoints_url(u);
        }
        if let Some(t) = &cfg.token {
            b = b.token(t.clone());
        }
        if cfg.library_name.is_some() || cfg.library_version.is_some() {
            b.library_name = cfg.library_name.clone();
            b.library_version = cfg.library_version.clone();
        }
        if let Some(ua) = &cfg.user_agent {
            b = b.user_agent(ua.clone());
        }
        for (k, v) in &cfg.headers {
            b = b.header(k, v);
        }
        let t = &mut b.timeouts;
        for (name, value, slot) in [
            ("connect_timeout", cfg.connect_timeout, &mut t.connect),
            ("read_timeout", cfg.read_timeout, &mut t.read),
            ("request_timeout", cfg.request_timeout, &mut t.request),
            ("etag_timeout", cfg.etag_timeout, &mut t.metadata),
            ("download_timeout", cfg.download_timeout, &mut t.download),
        ] {
            if let Some(v) = value {
                *slot = secs(name, v)?;
            }
        }
        if let Some(n) = cfg.max_retries {
            b.retry.max_retries = n;
        }
        let r = &mut b.retry;
        for (name, value, slot) in [
            ("retry_base_wait", cfg.retry_base_wait, &mut r.base_wait),
            ("retry_max_wait", cfg.retry_max_wait, &mut r.max_wait),
            (
                "retry_max_total_wait",
                cfg.retry_max_total_wait,
                &mut r.max_total_wait,
            ),
        ] {
            if let Some(v) = value {
                *slot = secs(name, v)?;
            }
        }
        if let Some(p) = &cfg.proxy {
            b = b.proxy(p.clone(), cfg.no_proxy.clone());
        }
        if let Some(ca) = &cfg.ca_bundle {
            b = b.ca_bundle(ca.clone());
        }
        if let Some(h) = &cfg.hf_home {
            b = b.hf_home(h.clone());
        }
        if let Some(c) = &cfg.cache_dir {
            b = b.cache_dir(c.clone());
        }
        if let Some(t) = &cfg.token_path {
            b = b.token_path(t.clone());
            if cfg.from_env {
                b.stored_token = Env::from_process().stored_token(t);
            }
        }
        if let Some(o) = cfg.offline {
            b = b.offline(o);
        }
        if let Some(d) = cfg.disable_implicit_token {
            b = b.disable_implicit_token(d);
        }
        let d = &mut b.download;
        if let Some(n) = cfg.download_chunk_size {
            if n == 0 {
                return Err(Error::invalid("download_chunk_size must be positive"));
            }
            d.chunk_size = n;
        }
        if let Some(n) = cfg.download_max_connections {
            if n == 0 {
                return Err(Error::invalid(
                    "download_max_connections must be at least 1",
                ));
            }
            d.max_connections = n;
        }
        if let Some(n) = cfg.download_parallel_threshold {
            d.parallel_threshold = n;
        }
        if let Some(v) = cfg.disable_symlinks {
            d.disable_symlinks = v;
        }
        if let Some(v) = cfg.sync_files {
            d.sync_files = v;
        }
        if let Some(v) = cfg.download_direct_io {
            d.direct_io = v;
        }
        if let Some(n) = cfg.download_single_stream_rate {
            d.single_stream_rate = (n > 0).then_some(n);
        }
        Ok(b)
    }

    /// The Hub base URL (default `https://huggingface.co`); a trailing `/` is removed.
    pub fn endpoint(mut self, url: impl AsRef<str>) -> Self {
        self.endpoint = url.as_ref().to_owned();
        self
    }

    /// The Inference Endpoints API base URL (default `https://api.endpoints.huggingface.cloud/v2`).
    pub fn inference_endpoints_url(mut self, url: impl AsRef<str>) -> Self {
        self.inference_endpoints_url = url.as_ref().to_owned();
        self
    }

    /// The token policy: a string, `true` (required), `false` (never) or
    /// [`TokenPolicy::Discover`] (Python's `None`).
    pub fn token(mut self, token: impl Into<TokenPolicy>) -> Self {
        self.token = token.into();
        self
    }

    /// The token used by [`TokenPolicy::Discover`] and [`TokenPolicy::Required`]
    /// (normally discovered from `HF_TOKEN` or the token file by [`ClientBuilder::from_env`]).
    pub fn stored_token(mut self, token: Option<String>) -> Self {
        self.stored_token = token.as_deref().and_then(config::clean_token);
        self
    }

    /// `HF_HUB_DISABLE_IMPLICIT_TOKEN`: with [`TokenPolicy::Discover`], send no token.
    pub fn disable_implicit_token(mut self, disabled: bool) -> Self {
        self.implicit_token_disabled = disabled;
        self
    }

    /// Name and version of the library using hfhub; first item of the user agent.
    pub fn library(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.library_name = Some(name.into());
        self.library_version = Some(version.into());
        self
    }

    /// Extra user-agent items (Python's `user_agent=`).
    pub fn user_agent(mut self, ua: UserAgent) -> Self {
        self.user_agent = Some(ua);
        self
    }

    /// An extra header sent with every Hub request; merged last, so it overrides
    /// the defaults (as Python's `headers=`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// All timeouts at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Connection setup timeout.
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.timeouts.connect = t;
        self
    }

    /// Longest silence while reading a response.
    pub fn read_timeout(mut self, t: Duration) -> Self {
        self.timeouts.read = t;
        self
    }

    /// Whole-call bound of the file-metadata HEAD (`HF_HUB_ETAG_TIMEOUT`).
    pub fn metadata_timeout(mut self, t: Duration) -> Self {
        self.timeouts.metadata = t;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// A proxy URL (`http://`, `https://`, `socks5://`), with an optional
    /// `NO_PROXY`-style list of hosts that bypass it.
    pub fn proxy(mut self, url: impl Into<String>, no_proxy: Option<String>) -> Self {
        self.proxy = Some(ProxyChoice::Url(url.into(), no_proxy));
        self
    }

    /// A PEM bundle of CA certificates trusted in addition to the built-in roots.
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// `HF_HOME` (the token file and hub cache default to places inside it).
    pub fn hf_home(mut self, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        self.paths.hub_cache = dir.join("hub");
        self.paths.token_path = dir.join("token");
        self.paths.hf_home = dir;
        self
    }

    /// The hub cache directory shared with Python (`HF_HUB_CACHE`).
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.paths.hub_cache = dir.into();
        self
    }

    /// The token file (`HF_TOKEN_PATH`).
    pub fn token_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.paths.token_path = path.into();
        self
    }

    /// Offline mode (`HF_HUB_OFFLINE`): every operation that needs the network fails
    /// with [`Error::OfflineMode`] before sending anything.
    pub fn offline(mut self, offline: bool) -> Self {
        self.offline = offline;
        self
    }

    /// How files are downloaded: parallel byte ranges for large files and
    /// whether snapshots hold copies instead of symlinks (`HF_HUB_DISABLE_SYMLINKS`).
    pub fn download_config(mut self, config: crate::api::download::DownloadConfig) -> Self {
        self.download = config;
        self
    }

    /// Idle keep-alive connections kept in the pool.
    pub fn max_idle_connections(mut self, n: usize) -> Self {
        self.max_idle_connections = n;
        self
    }

    /// Builds the client. Fails on an invalid endpoint, header, proxy or CA bundle.
    pub fn build(self) -> Result<Client> {
        let endpoint = config::normalize_endpoint(&self.endpoint)?;
        let inference_endpoints_url = config::normalize_endpoint(&self.inference_endpoints_url)?;
        let user_agent = build_user_agent(
            self.library_name.as_deref(),
            self.library_version.as_deref(),
            self.user_agent.as_ref(),
            self.user_agent_origin.as_deref(),
        );
        let mut headers = Vec::with_capacity(self.headers.len());
        for (k, v) in &self.headers {
            let name = ureq::http::HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| Error::invalid(format!("invalid header name {k:?}")))?;
            let value = ureq::http::HeaderValue::from_str(v)
                .map_err(|_| Error::invalid(format!("invalid value for header {k:?}")))?;
            headers.push((name, value));
        }

        let mut cfg = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(self.timeouts.connect))
            .timeout_per_read(Some(self.timeouts.read))
            .max_idle_connections(self.max_idle_connections)
            .max_idle_connections_per_host(self.max_idle_connections)
            .max_redirects(10)
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::Never)
            .user_agent(ureq::config::AutoHeaderValue::None)
            .proxy(match &self.proxy {
                None => None,
                Some(ProxyChoice::FromEnv) => ureq::Proxy::try_from_env(),
                Some(ProxyChoice::Url(url, no_proxy)) => {
                    Some(build_proxy(url, no_proxy.as_deref())?)
                }
            });
        if let Some(path) = &self.ca_bundle {
            cfg = cfg.tls_config(tls_with_bundle(path)?);
        }
        let agent = cfg.build().new_agent();

        Ok(Client {
            inner: Arc::new(Inner {
                agent,
                endpoint,
                inference_endpoints_url,
                stored_token: self.stored_token,
                implicit_token_disabled: self.implicit_token_disabled,
                user_agent,
                headers,
                timeouts: self.timeouts,
                retry: self.retry,
                paths: self.paths,
                offline: self.offline,
                download: self.download,
                jobs: Default::default(),
            }),
            token: self.token,
        })
    }
}

fn build_proxy(url: &str, no_proxy: Option<&str>) -> Result<ureq::Proxy> {
    let bad = |e: ureq::Error| Error::invalid(format!("invalid proxy URL: {e}"));
    let base = ureq::Proxy::new(url).map_err(bad)?;
    let Some(np) = no_proxy.filter(|n| !n.trim().is_empty()) else {
        return Ok(base);
    };
    let mut b = ureq::Proxy::builder(base.protocol())
        .host(base.host())
        .port(base.port());
    if let Some(u) = base.username() {
        b = b.username(u);
    }
    if let Some(p) = base.password() {
        b = b.password(p);
    }
    // NO_PROXY is a comma-separated list; ureq takes one expression at a time.
    for entry in np.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        b = b.no_proxy(entry);
    }
    b.build().map_err(bad)
}

fn tls_with_bundle(path: &std::path::Path) -> Result<ureq::tls::TlsConfig> {
    let pem = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut certs: Vec<ureq::tls::Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned())
        .collect();
    let builtin = certs.len();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => {
                return Err(Error::invalid(format!(
                    "invalid CA bundle {}: {e}",
                    path.display()
                )))
            }
        }
    }
    if certs.len() == builtin {
        return Err(Error::invalid(format!(
            "CA bundle {} holds no certificate",
            path.display()
        )));
    }
    Ok(ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::from(certs))
        .build())
}

/// Python's user-agent format: `{lib}/{ver}; hfhub/{v}; rust/{v}` then the caller's
/// items, then `origin/{HF_HUB_USER_AGENT_ORIGIN}`; items de-duplicated keeping the first.
pub(crate) fn build_user_agent(
    library_name: Option<&str>,
    library_version: Option<&str>,
    extra: Option<&UserAgent>,
    origin: Option<&str>,
) -> String {
    let mut ua = match library_name {
        Some(name) => format!("{name}/{}", library_version.unwrap_or("None")),
        None => "unknown/None".to_owned(),
    };
    ua.push_str(&format!(
        "; hfhub/{VERSION}; rust/{}",
        env!("HFHUB_RUSTC_VERSION")
    ));
    match extra {
        Some(UserAgent::Text(s)) => {
            ua.push_str("; ");
            ua.push_str(s);
        }
        Some(UserAgent::Map(m)) => {
            for (k, v) in m {
                ua.push_str(&format!("; {k}/{v}"));
            }
        }
        None => {}
    }
    if let Some(o) = origin {
        ua.push_str(&format!("; origin/{o}"));
    }
    let mut seen = Vec::new();
    for item in ua.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen.join("; ")
}

/// Whether the token may be sent to `url`: only to the configured Hub and
/// Inference Endpoints hosts.
pub(crate) fn token_allowed(inner: &Inner, url: &str) -> bool {
    let Some(host) = urls::host_of(url) else {
        return false;
    };
    [&inner.endpoint, &inner.inference_endpoints_url]
        .iter()
        .any(|base| urls::host_of(base).as_deref() == Some(host.as_str()))
}

/// A map of user-agent items, convenient for [`UserAgent::Map`].
pub fn user_agent_map<I, K, V>(items: I) -> UserAgent
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    UserAgent::Map(
        items
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect::<BTreeMap<_, _>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_like_python() {
        let rust = env!("HFHUB_RUSTC_VERSION");
        assert_eq!(
            build_user_agent(None, None, None, None),
            format!("unknown/None; hfhub/{VERSION}; rust/{rust}")
        );
        let ua = build_user_agent(
            Some("mylib"),
            Some("1.2"),
            Some(&user_agent_map([("rust", "0.0"), ("a", "b")])),
            Some("ci"),
        );
        assert_eq!(
            ua,
            format!("mylib/1.2; hfhub/{VERSION}; rust/{rust}; a/b; rust/0.0; origin/ci")
        );
        let ua = build_user_agent(
            None,
            None,
            Some(&UserAgent::Text("x/1; hfhub/9".into())),
            None,
        );
        assert!(ua.ends_with("; x/1; hfhub/9"), "{ua}");
        let ua = build_user_agent(
            None,
            None,
            Some(&UserAgent::Text(format!("x/1; hfhub/{VERSION}"))),
            None,
        );
        assert_eq!(ua.matches("hfhub/").count(), 1, "{ua}");
    }

    #[test]
    fn from_env_reads_python_variables() {
        let env = Env::from_vars([
            ("HOME", "/h"),
            ("HF_ENDPOINT", "http://127.0.0.1:9/"),
            ("HF_TOKEN", "hf_x\n"),
            ("HF_HUB_OFFLINE", "1"),
            ("HF_HUB_DISABLE_IMPLICIT_TOKEN", "yes"),
            ("HF_HUB_ETAG_TIMEOUT", "3"),
            ("HF_HUB_DOWNLOAD_TIMEOUT", "7.5"),
            ("HF_HUB_USER_AGENT_ORIGIN", "tests"),
        ]);
        let c = ClientBuilder::from_env_vars(&env).unwrap().build().unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:9");
        assert!(c.is_offline());
        assert_eq!(c.timeouts().metadata, Duration::from_secs(3));
        assert_eq!(c.timeouts().download, Duration::from_millis(7500));
        assert!(c.user_agent().ends_with("; origin/tests"));
        // Implicit token disabled: Discover sends nothing, Required still reads it.
        assert_eq!(c.resolve_token().unwrap(), None);
        assert_eq!(c.with_token(true).resolve_token().unwrap(), Some("hf_x"));
        assert_eq!(c.with_token(false).resolve_token().unwrap(), None);
        assert_eq!(c.with_token("hf_y").resolve_token().unwrap(), Some("hf_y"));
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("hf_x"), "{dbg}");

        let bad = Env::from_vars([("HF_HUB_ETAG_TIMEOUT", "soon")]);
        assert!(matches!(
            ClientBuilder::from_env_vars(&bad),
            Err(Error::InvalidInput(_))
        ));
    }

    #[test]
    fn required_token_missing_is_an_error() {
        let c = Client::builder().build().unwrap();
        assert_eq!(c.resolve_token().unwrap(), None);
        assert!(matches!(
            c.with_token(true).resolve_token(),
            Err(Error::LocalTokenNotFound)
        ));
    }

    #[test]
    fn token_only_to_configured_hosts() {
        let c = Client::builder()
            .endpoint("http://127.0.0.1:5")
            .build()
            .unwrap();
        assert!(token_allowed(&c.inner, "http://127.0.0.1:5/api/x"));
        assert!(!token_allowed(&c.inner, "http://localhost:5/api/x"));
        assert!(!token_allowed(&c.inner, "https://cdn.example/x"));
        assert!(token_allowed(
            &c.inner,
            "https://api.endpoints.huggingface.cloud/v2/endpoint/a"
        ));
    }

    #[test]
    fn config_json_sets_every_option() {
        let cfg: ClientConfig = serde_json::from_value(serde_json::json!({
            "endpoint": "http://127.0.0.1:7/", "inference_endpoints_url": "http://127.0.0.1:8/v2",
            "token": "hf_cfg", "library_name": "lib", "library_version": "9",
            "user_agent": {"k": "v"}, "headers": {"x-a": "b"},
            "connect_timeout": 1.5, "read_timeout": 2, "request_timeout": 3, "etag_timeout": 4,
            "download_timeout": 5, "max_retries": 1, "retry_base_wait": 0.01, "retry_max_wait": 0.02,
            "retry_max_total_wait": 0.5, "proxy": "http://127.0.0.1:9", "no_proxy": "a,b",
            "hf_home": "/h", "cache_dir": "/c", "token_path": "/t", "offline": true,
            "disable_implicit_token": true, "download_chunk_size": 1048576,
            "download_max_connections": 3, "download_parallel_threshold": 4194304,
            "disable_symlinks": true, "sync_files": true, "download_direct_io": false,
            "download_single_stream_rate": 0
        }))
        .unwrap();
        let c = ClientBuilder::from_config(&cfg).unwrap().build().unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:7");
        assert_eq!(c.inference_endpoints_url(), "http://127.0.0.1:8/v2");
        assert_eq!(c.resolve_token().unwrap(), Some("hf_cfg"));
        assert!(c.user_agent().starts_with("lib/9; hfhub/") && c.user_agent().ends_with("; k/v"));
        assert_eq!(c.timeouts().connect, Duration::from_millis(1500));
        assert_eq!(c.timeouts().metadata, Duration::from_secs(4));
        assert_eq!(c.inner.retry.max_retries, 1);
        assert_eq!(c.cache_dir(), std::path::Path::new("/c"));
        assert_eq!(c.paths().token_path, std::path::Path::new("/t"));
        assert!(c.is_offline());
        let d = c.download_config();
        assert_eq!(
            (d.chunk_size, d.max_connections, d.parallel_threshold),
            (1 << 20, 3, 4 << 20)
        );
        assert!(d.disable_symlinks && d.sync_files);
        assert!(!d.direct_io && d.single_stream_rate.is_none());
        let cfg: ClientConfig =
            serde_json::from_value(serde_json::json!({"download_single_stream_rate": 7})).unwrap();
        let c = ClientBuilder::from_config(&cfg).unwrap().build().unwrap();
        assert_eq!(c.download_config().single_stream_rate, Some(7));
        assert!(c.download_config().direct_io, "on by default");
        for zero in [
            serde_json::json!({"download_chunk_size": 0}),
            serde_json::json!({"download_max_connections": 0}),
        ] {
            let cfg: ClientConfig = serde_json::from_value(zero).unwrap();
            assert!(matches!(
                ClientBuilder::from_config(&cfg),
                Err(Error::InvalidInput(_))
            ));
        }
        for bad in [
            serde_json::json!({"endpoint": 3}),
            serde_json::json!({"unknown_option": 1}),
            serde_json::json!({"token": 5}),
        ] {
            assert!(serde_json::from_value::<ClientConfig>(bad).is_err());
        }
        let neg: ClientConfig =
            serde_json::from_value(serde_json::json!({"read_timeout": -1})).unwrap();
        assert!(matches!(
            ClientBuilder::from_config(&neg),
            Err(Error::InvalidInput(_))
        ));
        let never: ClientConfig =
            serde_json::from_value(serde_json::json!({"token": false})).unwrap();
        assert_eq!(never.token, Some(TokenPolicy::Never));
    }

    #[test]
    fn bad_options_are_typed_errors() {
        assert!(matches!(
            Client::builder().endpoint("nope").build(),
            Err(Error::InvalidInput(_))
        ));
        assert!(matches!(
            Client::builder().header("bad header", "v").build(),
            Err(Error::InvalidInput(_))
        ));
        assert!(matches!(
            Client::builder().ca_bundle("/nonexistent/ca.pem").build(),
            Err(Error::Io { .. })
        ));
    }
}
