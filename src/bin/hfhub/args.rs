//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hfhub::RepoType;

const LONG_ABOUT: &str = "\
Download, upload and manage Hugging Face Hub repositories, and the cache shared with Python's \
huggingface_hub.

The environment is read as Python reads it: HF_TOKEN (or the token file, $HF_TOKEN_PATH or \
$HF_HOME/token), HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_HUB_OFFLINE and \
HF_HUB_DISABLE_PROGRESS_BARS. --endpoint and --token override HF_ENDPOINT and the stored token.";

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    failure (network, server, local I/O, invalid input, ...)
  2    usage error (bad arguments)
  3    not found (repository, revision, file, or file missing from the cache)
  4    authentication or permission (no token, invalid token, forbidden, gated repository)
  130  interrupted (Ctrl-C); no partial file is left behind

On failure one line is written to stderr:
  error: <Kind>: <message> (request id: <id>)
(the request id part only when the server sent one).";

/// `hfhub`: the Hugging Face Hub from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "hfhub",
    version,
    about = "Hugging Face Hub command-line tool",
    long_about = LONG_ABOUT,
    after_long_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    /// Hub endpoint (overrides HF_ENDPOINT).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Access token (overrides HF_TOKEN and the token file).
    #[arg(long, global = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// No progress bars and no informational messages.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Machine-readable output: the command's result as JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Download files from a repository into the cache (or a local folder) and print the path.
    Download(DownloadArgs),
    /// Upload a file or a folder to a repository (created if missing) and print the commit URL.
    Upload(UploadArgs),
    /// Create, delete, move a repository or change its settings.
    #[command(subcommand)]
    Repo(RepoCommand),
    /// Act on the files of a repository.
    #[command(subcommand, name = "repo-files")]
    RepoFiles(RepoFilesCommand),
    /// Create, delete or list tags.
    #[command(subcommand)]
    Tag(TagCommand),
    /// Create or delete branches.
    #[command(subcommand)]
    Branch(BranchCommand),
    /// List the files and folders of a repository.
    Ls(LsArgs),
    /// Show a model, dataset or Space.
    Info(InfoArgs),
    /// Show the account the token belongs to.
    Whoami,
    /// Verify a token (given with --token) and store it in the token file.
    Login,
    /// Remove the stored token file.
    Logout,
    /// Inspect or clean the local cache.
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Show the version, platform, endpoint, paths and whether a token is set.
    Env,
}

/// Repository type values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RepoTypeArg {
    /// A model.
    Model,
    /// A dataset.
    Dataset,
    /// A Space.
    Space,
}

impl From<RepoTypeArg> for RepoType {
    fn from(t: RepoTypeArg) -> RepoType {
        match t {
            RepoTypeArg::Model => RepoType::Model,
            RepoTypeArg::Dataset => RepoType::Dataset,
            RepoTypeArg::Space => RepoType::Space,
        }
    }
}

/// `--repo-type`, shared by every command that names a repository.
#[derive(Debug, Clone, Copy, Args)]
pub struct RepoTypeOpt {
    /// Type of the repository.
    #[arg(long = "repo-type", value_enum, default_value = "model")]
    pub repo_type: RepoTypeArg,
}

impl RepoTypeOpt {
    /// The library's repository type.
    pub fn get(&self) -> RepoType {
        self.repo_type.into()
    }
}

/// Arguments of `download`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// Repository id (`namespace/name`).
    pub repo_id: String,
    /// Files to download (all files when none is given).
    pub files: Vec<String>,
    #[command(flatten)]
    pub repo_type: RepoTypeOpt,
    /// Branch, tag or commit (`main` by default).
    #[arg(long)]
    pub revision: Option<String>,
    /// Only files matching this glob (repeatable; ignored when files are named).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// No file matching this glob (repeatable; ignored when files are named).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Download into this folder instead of the cache's snapshot folder.
    #[arg(long, value_name = "DIR")]
    pub local_dir: Option<PathBuf>,
    /// Cache folder (HF_HUB_CACHE by default).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Files downloaded at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub max_workers: u64,
    /// Download again even when the files are cached.
    #[arg(long)]
    pub force_download: bool,
}

/// Arguments of `upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// Repository id (`namespace/name`).
    pub repo_id: String,
    /// Local file or folder.
    pub local_path: PathBuf,
    /// Path in the repository (the file's name, or the root for a folder, by default).
    pub path_in_repo: Option<String>,
    #[command(flatten)]
    pub repo_type: RepoTypeOpt,
    /// Branch to commit to (created if missing; `main` by default).
    #[arg(long)]
    pub revision: Option<String>,
    /// Make the repository private if it is created.
    #[arg(long)]
    pub private: bool,
    /// Only local files matching this glob (repeatable; folders only).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// No local file matching this glob (repeatable; folders only).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Delete remote files matching this glob in the same commit (repeatable; folders only).
    #[arg(long, value_name = "PATTERN")]
    pub delete: Vec<String>,
    /// Summary line of the commit.
    #[arg(long)]
    pub commit_message: Option<String>,
    /// Description of the commit.
    #[arg(long)]
    pub commit_description: Option<String>,
    /// Open a pull request instead of committing to the branch.
    #[arg(long)]
    pub create_pr: bool,
}

/// `repo` subcommands.
#[derive(Debug, Subcommand)]
pub enum RepoCommand {
    /// Create a repository and print its URL.
    Create {
        /// Repository id (`namespace/name`, or `name` for your own namespace).
        repo_id: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
        /// Make it private.
        #[arg(long)]
        private: bool,
        /// Succeed when it already exists.
        #[arg(long)]
        exist_ok: bool,
        /// SDK of a Space (gradio, streamlit, docker, static).
        #[arg(long, value_name = "SDK")]
        space_sdk: Option<String>,
    },
    /// Delete a repository.
    Delete {
        /// Repository id.
        repo_id: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
        /// Succeed when it does not exist.
        #[arg(long)]
        missing_ok: bool,
    },
    /// Rename or transfer a repository.
    Move {
        /// Current id (`namespace/name`).
        from_id: String,
        /// New id (`namespace/name`).
        to_id: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
    /// Change the visibility or the gating of a repository.
    Settings {
        /// Repository id.
        repo_id: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
        /// Make the repository private (true) or public (false).
        #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
        private: Option<bool>,
        /// Gate access: auto approval, manual approval, or not gated.
        #[arg(long, value_enum, value_name = "MODE")]
        gated: Option<GatedArg>,
    },
}

/// `--gated` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GatedArg {
    /// Requests are approved automatically.
    Auto,
    /// Requests are approved by hand.
    Manual,
    /// Not gated.
    False,
}

/// `repo-files` subcommands.
#[derive(Debug, Subcommand)]
pub enum RepoFilesCommand {
    /// Delete the files matching globs (a `folder/` pattern deletes a folder) in one commit.
    Delete {
        /// Repository id.
        repo_id: String,
        /// Globs of the paths to delete.
        #[arg(required = true)]
        patterns: Vec<String>,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
        /// Branch (`main` by default).
        #[arg(long)]
        revision: Option<String>,
        /// Summary line of the commit.
        #[arg(long)]
        commit_message: Option<String>,
        /// Description of the commit.
        #[arg(long)]
        commit_description: Option<String>,
        /// Open a pull request instead of committing to the branch.
        #[arg(long)]
        create_pr: bool,
    },
}

/// `tag` subcommands.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Tag a revision.
    Create {
        /// Repository id.
        repo_id: String,
        /// Tag name.
        tag: String,
        /// Tag message.
        #[arg(short, long)]
        message: Option<String>,
        /// Revision to tag (`main` by default).
        #[arg(long)]
        revision: Option<String>,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
    /// Delete a tag.
    Delete {
        /// Repository id.
        repo_id: String,
        /// Tag name.
        tag: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
    /// List the tags.
    List {
        /// Repository id.
        repo_id: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
}

/// `branch` subcommands.
#[derive(Debug, Subcommand)]
pub enum BranchCommand {
    /// Create a branch.
    Create {
        /// Repository id.
        repo_id: String,
        /// Branch name.
        branch: String,
        /// Revision to start from (`main` by default).
        #[arg(long)]
        revision: Option<String>,
        /// Succeed when it already exists.
        #[arg(long)]
        exist_ok: bool,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
    /// Delete a branch.
    Delete {
        /// Repository id.
        repo_id: String,
        /// Branch name.
        branch: String,
        #[command(flatten)]
        repo_type: RepoTypeOpt,
    },
}

/// Arguments of `ls`.
#[derive(Debug, Args)]
pub struct LsArgs {
    /// Repository id.
    pub repo_id: String,
    /// Folder to list (the root by default).
    pub path: Option<String>,
    /// List the subfolders' contents too.
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Branch, tag or commit (`main` by default).
    #[arg(long)]
    pub revision: Option<String>,
    #[command(flatten)]
    pub repo_type: RepoTypeOpt,
}

/// Arguments of `info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Repository id.
    pub repo_id: String,
    /// Branch, tag or commit (`main` by default).
    #[arg(long)]
    pub revision: Option<String>,
    #[command(flatten)]
    pub repo_type: RepoTypeOpt,
}

/// `cache` subcommands.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// List the cached repositories, like `huggingface-cli scan-cache`.
    Scan {
        /// Cache folder (HF_HUB_CACHE by default).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
    },
    /// Delete cached repositories (by id) or revisions (by commit hash).
    Delete {
        /// Repository ids and/or commit hashes.
        #[arg(required = true)]
        targets: Vec<String>,
        /// Only repositories of this type match an id (any type by default).
        #[arg(long = "repo-type", value_enum)]
        repo_type: Option<RepoTypeArg>,
        /// Cache folder (HF_HUB_CACHE by default).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Delete without asking.
        #[arg(short, long)]
        yes: bool,
        /// Only show what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
}
