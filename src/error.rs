//! The one error type of the crate.
//!
//! Every HTTP failure is mapped in one place ([`crate::http`]) following the
//! rules of Python's `hf_raise_for_status`, and carries an [`HttpErrorContext`]
//! with the status, the URL, the request id, the Hub's `X-Error-Code` and the
//! server's message. Tokens never appear in errors: URLs carry none, and no
//! request header is ever copied into an error.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the server said about a failed HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpErrorContext {
    /// HTTP method of the failed request.
    pub method: String,
    /// URL of the failed request (never contains credentials).
    pub url: String,
    /// HTTP status code.
    pub status: u16,
    /// `X-Request-Id` response header, when present.
    pub request_id: Option<String>,
    /// `X-Error-Code` response header (`RepoNotFound`, `GatedRepo`, ...), when present.
    pub error_code: Option<String>,
    /// The server's message: `X-Error-Message` and the body's `error` / `errors[].message`,
    /// de-duplicated and joined by newlines.
    pub server_message: Option<String>,
    /// How long the server asked to wait (`Retry-After` or `RateLimit` headers), when it said so.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for HttpErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} for {}", self.status, self.method, self.url)?;
        if let Some(id) = &self.request_id {
            write!(f, " (Request ID: {id})")?;
        }
        if let Some(msg) = &self.server_message {
            write!(f, ": {msg}")?;
        }
        Ok(())
    }
}

/// The kind of an [`Error`], without its payload: stable, comparable, and the
/// basis of the C ABI's error kinds and the Go package's sentinels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The repository does not exist, or is private and the caller may not see it.
    RepoNotFound,
    /// The revision (branch, tag, commit) does not exist.
    RevisionNotFound,
    /// The file or folder does not exist in that revision.
    EntryNotFound,
    /// The repository is gated and the caller has not been granted access.
    GatedRepo,
    /// The repository has been disabled.
    DisabledRepo,
    /// HTTP 400.
    BadRequest,
    /// HTTP 401 not otherwise classified (for instance an invalid token).
    Unauthorized,
    /// HTTP 403 not otherwise classified.
    Forbidden,
    /// HTTP 409.
    Conflict,
    /// HTTP 429 after the retries allowed by the retry policy.
    RateLimited,
    /// Any other HTTP error status.
    Http,
    /// The connection failed (DNS, refused, reset, TLS, ...).
    Network,
    /// A timeout fired.
    Timeout,
    /// The operation was cancelled by its cancel token or progress callback.
    Cancelled,
    /// A local file-system error.
    Io,
    /// The requested file is not in the local cache and the network may not be used.
    LocalEntryNotFound,
    /// The network was needed but offline mode is enabled (`HF_HUB_OFFLINE`).
    OfflineMode,
    /// A token is required (`token=True` or `whoami`) and none could be found.
    LocalTokenNotFound,
    /// An argument was rejected before any request was sent.
    InvalidInput,
    /// A response could not be decoded.
    Decode,
    /// Downloaded bytes did not match the expected size or checksum.
    Checksum,
    /// The repository has neither `model.safetensors` nor `model.safetensors.index.json`.
    NotASafetensorsRepo,
    /// A safetensors header could not be parsed.
    SafetensorsParsing,
    /// An Inference Endpoint failed to deploy or to update (seen while waiting for it).
    InferenceEndpointFailed,
    /// Code run on the caller's behalf (a `run_as_future` job) panicked.
    Panicked,
}

impl ErrorKind {
    /// A stable name for the kind, as used in the C ABI's JSON error details.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::RepoNotFound => "RepoNotFound",
            ErrorKind::RevisionNotFound => "RevisionNotFound",
            ErrorKind::EntryNotFound => "EntryNotFound",
            ErrorKind::GatedRepo => "GatedRepo",
            ErrorKind::DisabledRepo => "DisabledRepo",
            ErrorKind::BadRequest => "BadRequest",
            ErrorKind::Unauthorized => "Unauthorized",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::RateLimited => "RateLimited",
            ErrorKind::Http => "Http",
            ErrorKind::Network => "Network",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Cancelled => "Cancelled",
            ErrorKind::Io => "Io",
            ErrorKind::LocalEntryNotFound => "LocalEntryNotFound",
            ErrorKind::OfflineMode => "OfflineMode",
            ErrorKind::LocalTokenNotFound => "LocalTokenNotFound",
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::Decode => "Decode",
            ErrorKind::Checksum => "Checksum",
            ErrorKind::NotASafetensorsRepo => "NotASafetensorsRepo",
            ErrorKind::SafetensorsParsing => "SafetensorsParsing",
            ErrorKind::InferenceEndpointFailed => "InferenceEndpointFailed",
            ErrorKind::Panicked => "Panicked",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every failure hfhub reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The repository does not exist, or is private and the caller may not see it
    /// (`X-Error-Code: RepoNotFound`, or 401 on a repository URL).
    #[error("repository not found: {0}")]
    RepoNotFound(Box<HttpErrorContext>),
    /// `X-Error-Code: RevisionNotFound`.
    #[error("revision not found: {0}")]
    RevisionNotFound(Box<HttpErrorContext>),
    /// `X-Error-Code: EntryNotFound`.
    #[error("entry not found: {0}")]
    EntryNotFound(Box<HttpErrorContext>),
    /// `X-Error-Code: GatedRepo`: the repository is gated and access was not granted.
    #[error("gated repository, access not granted: {0}")]
    GatedRepo(Box<HttpErrorContext>),
    /// `X-Error-Message: Access to this resource is disabled.`
    #[error("repository disabled: {0}")]
    DisabledRepo(Box<HttpErrorContext>),
    /// HTTP 400.
    #[error("bad request: {0}")]
    BadRequest(Box<HttpErrorContext>),
    /// HTTP 401 not classified as a missing repository.
    #[error("unauthorized (check the token): {0}")]
    Unauthorized(Box<HttpErrorContext>),
    /// HTTP 403 not otherwise classified.
    #[error("forbidden (make sure the token has the rights needed): {0}")]
    Forbidden(Box<HttpErrorContext>),
    /// HTTP 409.
    #[error("conflict: {0}")]
    Conflict(Box<HttpErrorContext>),
    /// HTTP 429 after the retries allowed by the retry policy.
    #[error("rate limited: {0}")]
    RateLimited(Box<HttpErrorContext>),
    /// Any other HTTP error status.
    #[error("HTTP error: {0}")]
    Http(Box<HttpErrorContext>),
    /// The connection failed.
    #[error("network error for {url}: {message}")]
    Network {
        /// URL of the request.
        url: String,
        /// What the transport reported.
        message: String,
    },
    /// A timeout fired.
    #[error("timed out ({phase}) for {url}")]
    Timeout {
        /// URL of the request.
        url: String,
        /// Which phase timed out (connect, read, whole call, ...).
        phase: String,
    },
    /// The operation was cancelled.
    #[error("operation cancelled")]
    Cancelled,
    /// A local file-system error.
    #[error("I/O error on {}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not in the local cache and the network may not be used.
    #[error("not found in the local cache: {0}")]
    LocalEntryNotFound(String),
    /// Offline mode is enabled and the network was needed.
    #[error("offline mode is enabled (HF_HUB_OFFLINE): {0}")]
    OfflineMode(String),
    /// A token is required and none was found.
    #[error("a token is required but none was found: log in, pass a token, or set HF_TOKEN")]
    LocalTokenNotFound,
    /// An argument was rejected before any request was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A background job panicked (the message is the panic's); the queue keeps running.
    #[error("the background job panicked: {0}")]
    Panicked(String),
    /// A response could not be decoded.
    #[error("could not decode the response of {url}: {message}")]
    Decode {
        /// URL of the request.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// Downloaded bytes did not match the expected size or sha256; nothing was
    /// stored.
    #[error("integrity check failed for {url}: {message}")]
    Checksum {
        /// Where the bytes came from.
        url: String,
        /// Expected and actual size or digest.
        message: String,
    },
    /// The repository has neither `model.safetensors` nor `model.safetensors.index.json`.
    #[error("not a safetensors repository: {0}")]
    NotASafetensorsRepo(String),
    /// A safetensors header could not be parsed (too large, truncated, not JSON, missing keys).
    #[error("could not parse safetensors metadata: {0}")]
    SafetensorsParsing(String),
    /// An Inference Endpoint failed to deploy or to update (Python's `InferenceEndpointError`).
    #[error("Inference Endpoint {namespace}/{name} is {status}: {message}")]
    InferenceEndpointFailed {
        /// Namespace of the endpoint.
        namespace: String,
        /// Endpoint name.
        name: String,
        /// Its state (`failed`, `updateFailed`).
        status: String,
        /// The API's status message.
        message: String,
    },
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::RepoNotFound(_) => ErrorKind::RepoNotFound,
            Error::RevisionNotFound(_) => ErrorKind::RevisionNotFound,
            Error::EntryNotFound(_) => ErrorKind::EntryNotFound,
            Error::GatedRepo(_) => ErrorKind::GatedRepo,
            Error::DisabledRepo(_) => ErrorKind::DisabledRepo,
            Error::BadRequest(_) => ErrorKind::BadRequest,
            Error::Unauthorized(_) => ErrorKind::Unauthorized,
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::RateLimited(_) => ErrorKind::RateLimited,
            Error::Http(_) => ErrorKind::Http,
            Error::Network { .. } => ErrorKind::Network,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::LocalEntryNotFound(_) => ErrorKind::LocalEntryNotFound,
            Error::OfflineMode(_) => ErrorKind::OfflineMode,
            Error::LocalTokenNotFound => ErrorKind::LocalTokenNotFound,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Panicked(_) => ErrorKind::Panicked,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Checksum { .. } => ErrorKind::Checksum,
            Error::NotASafetensorsRepo(_) => ErrorKind::NotASafetensorsRepo,
            Error::SafetensorsParsing(_) => ErrorKind::SafetensorsParsing,
            Error::InferenceEndpointFailed { .. } => ErrorKind::InferenceEndpointFailed,
        }
    }

    /// The HTTP context, for errors that come from an HTTP response.
    pub fn http(&self) -> Option<&HttpErrorContext> {
        match self {
            Error::RepoNotFound(c)
            | Error::RevisionNotFound(c)
            | Error::EntryNotFound(c)
            | Error::GatedRepo(c)
            | Error::DisabledRepo(c)
            | Error::BadRequest(c)
            | Error::Unauthorized(c)
            | Error::Forbidden(c)
            | Error::Conflict(c)
            | Error::RateLimited(c)
            | Error::Http(c) => Some(c),
            _ => None,
        }
    }

    /// The HTTP status, for errors that come from an HTTP response.
    pub fn status(&self) -> Option<u16> {
        self.http().map(|c| c.status)
    }

    /// The request id the server gave, for errors that come from an HTTP response.
    pub fn request_id(&self) -> Option<&str> {
        self.http().and_then(|c| c.request_id.as_deref())
    }

    /// Whether this error means "the repository is not there for you", the way
    /// Python's `RepositoryNotFoundError` does (gated repositories included).
    pub fn is_repo_not_found(&self) -> bool {
        matches!(self.kind(), ErrorKind::RepoNotFound | ErrorKind::GatedRepo)
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidInput(msg.into())
    }
}
