//! `hfhub`: the command-line tool over the hfhub library, named and configured
//! like Python's `huggingface-cli` / `hf` (`HF_TOKEN`, `HF_HOME`, `HF_HUB_CACHE`,
//! `HF_ENDPOINT`, `HF_HUB_OFFLINE`, `HF_HUB_DISABLE_PROGRESS_BARS`).

mod args;
mod auth;
mod browse;
mod cache;
mod context;
mod download;
mod env;
mod failure;
mod output;
mod progress;
mod refs;
mod repo;
mod upload;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::Ctx;
use crate::failure::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = Ctx::new(&cli).and_then(|ctx| run(&ctx, &cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.line());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs one command.
fn run(ctx: &Ctx, command: &Command) -> Result<(), CliError> {
    match command {
        Command::Download(a) => download::run(ctx, a),
        Command::Upload(a) => upload::run(ctx, a),
        Command::Repo(c) => repo::run(ctx, c),
        Command::RepoFiles(c) => repo::run_files(ctx, c),
        Command::Tag(c) => refs::run_tag(ctx, c),
        Command::Branch(c) => refs::run_branch(ctx, c),
        Command::Ls(a) => browse::ls(ctx, a),
        Command::Info(a) => browse::info(ctx, a),
        Command::Whoami => auth::whoami(ctx),
        Command::Login => auth::login(ctx),
        Command::Logout => auth::logout(ctx),
        Command::Cache(c) => cache::run(ctx, c),
        Command::Env => env::run(ctx),
    }
}
