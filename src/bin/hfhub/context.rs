//! What every command shares: the client built from the environment and the
//! global flags, the output mode, the cancel token wired to Ctrl-C.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use hfhub::{CancelToken, Client, ClientBuilder, Env};

use crate::args::Cli;
use crate::failure::{CliError, EXIT_INTERRUPTED};

/// The state of one run.
pub struct Ctx {
    /// The client (environment, then `--endpoint` / `--token`).
    pub client: Client,
    /// The environment as read at start.
    pub env: Env,
    /// `--token`, when given.
    pub token: Option<String>,
    /// `--json`.
    pub json: bool,
    /// `--quiet`.
    pub quiet: bool,
    /// Whether progress bars are drawn.
    pub bars: bool,
    /// Cancelled by Ctrl-C.
    pub cancel: CancelToken,
}

impl Ctx {
    /// Builds the client and installs the Ctrl-C handler.
    pub fn new(cli: &Cli) -> Result<Ctx, CliError> {
        let env = Env::from_process();
        let mut builder = ClientBuilder::from_env_vars(&env)?;
        if let Some(e) = cli.endpoint.as_deref() {
            builder = builder.endpoint(e);
        }
        if let Some(t) = cli.token.as_deref() {
            if t.trim().is_empty() {
                return Err(CliError::Usage("--token must not be empty".into()));
            }
            builder = builder.token(t.trim());
        }
        let client = builder.build()?;
        let bars = !cli.quiet
            && !env.flag("HF_HUB_DISABLE_PROGRESS_BARS")
            && std::io::stderr().is_terminal();
        let cancel = CancelToken::new();
        install_interrupt_handler(&cancel);
        Ok(Ctx {
            client,
            env,
            token: cli.token.as_ref().map(|t| t.trim().to_owned()),
            json: cli.json,
            quiet: cli.quiet,
            bars,
            cancel,
        })
    }

    /// Writes an informational message to stderr unless `--quiet`.
    pub fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }
}

/// Whether an operation that watches the cancel token is running.
static COOPERATIVE: AtomicBool = AtomicBool::new(false);

/// While alive, Ctrl-C cancels through the cancel token instead of exiting.
pub struct Cooperative(());

impl Cooperative {
    /// Marks the start of an operation that watches [`Ctx::cancel`].
    pub fn start() -> Cooperative {
        COOPERATIVE.store(true, Ordering::SeqCst);
        Cooperative(())
    }
}

impl Drop for Cooperative {
    fn drop(&mut self) {
        COOPERATIVE.store(false, Ordering::SeqCst);
    }
}

/// Ctrl-C during a transfer or a listing (see [`Cooperative`]) cancels it through
/// the cancel token: the library removes its partial files and returns
/// `Cancelled` (exit code 130). Anywhere else, or on a second Ctrl-C, the tool
/// exits at once with 130.
fn install_interrupt_handler(cancel: &CancelToken) {
    let token = cancel.clone();
    let presses = Arc::new(AtomicUsize::new(0));
    // Failing to install the handler only means Ctrl-C keeps its default effect.
    let _ = ctrlc::set_handler(move || {
        let first = presses.fetch_add(1, Ordering::SeqCst) == 0;
        if first && COOPERATIVE.load(Ordering::SeqCst) {
            token.cancel();
        } else {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
}
