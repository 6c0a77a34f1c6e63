//! Failures of a command: the one-line message on stderr and the exit code.

use hfhub::{Error, ErrorKind};

/// Exit code of a generic failure.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code of a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when a repository, revision or file does not exist.
pub const EXIT_NOT_FOUND: u8 = 3;
/// Exit code of a missing or refused credential.
pub const EXIT_AUTH: u8 = 4;
/// Exit code of an interrupted command (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// A library error.
    Hub(Error),
    /// Arguments that do not fit together.
    Usage(String),
    /// A failure found by the tool itself or reported by a request it sent directly.
    Other {
        /// Kind name shown after `error:`.
        kind: String,
        /// What happened.
        message: String,
        /// The server's request id, when there is one.
        request_id: Option<String>,
        /// Exit code.
        code: u8,
    },
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Hub(e)
    }
}

impl CliError {
    /// A failure of the given kind with exit code 1.
    pub fn other(kind: &str, message: impl Into<String>) -> Self {
        CliError::Other {
            kind: kind.to_owned(),
            message: message.into(),
            request_id: None,
            code: EXIT_FAILURE,
        }
    }

    /// The line written to stderr: `error: <Kind>: <message> (request id: <id>)`.
    pub fn line(&self) -> String {
        let (kind, message, request_id) = match self {
            CliError::Hub(e) => {
                let mut msg = e.to_string();
                if let Some(id) = e.request_id() {
                    msg = msg.replace(&format!(" (Request ID: {id})"), "");
                }
                (
                    e.kind().as_str().to_owned(),
                    msg,
                    e.request_id().map(str::to_owned),
                )
            }
            CliError::Usage(m) => ("Usage".to_owned(), m.clone(), None),
            CliError::Other {
                kind,
                message,
                request_id,
                ..
            } => (kind.clone(), message.clone(), request_id.clone()),
        };
        let mut line = format!("error: {kind}: {}", one_line(&message));
        if let Some(id) = request_id {
            line.push_str(&format!(" (request id: {})", one_line(&id)));
        }
        line
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Hub(e) => code_of(e.kind()),
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Other { code, .. } => *code,
        }
    }
}

/// The exit code of a library error kind.
pub fn code_of(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::RepoNotFound
        | ErrorKind::RevisionNotFound
        | ErrorKind::EntryNotFound
        | ErrorKind::LocalEntryNotFound => EXIT_NOT_FOUND,
        ErrorKind::Unauthorized
        | ErrorKind::Forbidden
        | ErrorKind::GatedRepo
        | ErrorKind::LocalTokenNotFound => EXIT_AUTH,
        ErrorKind::Cancelled => EXIT_INTERRUPTED,
        _ => EXIT_FAILURE,
    }
}

/// Joins the lines of a message with `; ` so an error stays on one line.
pub fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\n\n b \r\nc"), "a; b; c");
        let e = CliError::Other {
            kind: "Forbidden".into(),
            message: "no\nway".into(),
            request_id: Some("r-1".into()),
            code: EXIT_AUTH,
        };
        assert_eq!(e.line(), "error: Forbidden: no; way (request id: r-1)");
        assert_eq!(e.exit_code(), EXIT_AUTH);
        let e = CliError::from(Error::Cancelled);
        assert_eq!(e.line(), "error: Cancelled: operation cancelled");
        assert_eq!(e.exit_code(), EXIT_INTERRUPTED);
        assert_eq!(code_of(ErrorKind::EntryNotFound), EXIT_NOT_FOUND);
        assert_eq!(CliError::Usage("x".into()).exit_code(), EXIT_USAGE);
    }
}
