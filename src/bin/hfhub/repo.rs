//! `hfhub repo create|delete|move|settings` and `hfhub repo-files delete`.

use hfhub::cache::patterns::filter_paths;
use hfhub::types::{CommitOperation, CommitOperationDelete, RepoTreeEntry};
use hfhub::{
    CreateCommitOptions, CreateRepoOptions, DeleteRepoOptions, Gating, Hooks, ListRepoTreeOptions,
    MoveRepoOptions, UpdateRepoSettingsOptions,
};
use serde_json::{json, Map, Value};

use crate::args::{GatedArg, RepoCommand, RepoFilesCommand};
use crate::context::{Cooperative, Ctx};
use crate::failure::{CliError, EXIT_NOT_FOUND};
use crate::output::emit;

/// Runs a `repo` subcommand.
pub fn run(ctx: &Ctx, cmd: &RepoCommand) -> Result<(), CliError> {
    match cmd {
        RepoCommand::Create {
            repo_id,
            repo_type,
            private,
            exist_ok,
            space_sdk,
        } => {
            let url = ctx.client.create_repo(
                repo_id,
                &CreateRepoOptions {
                    private: *private,
                    repo_type: Some(repo_type.get()),
                    exist_ok: *exist_ok,
                    space_sdk: space_sdk.clone(),
                    ..Default::default()
                },
            )?;
            emit(ctx, &url, |u| println!("{}", u.url))
        }
        RepoCommand::Delete {
            repo_id,
            repo_type,
            missing_ok,
        } => {
            ctx.client.delete_repo(
                repo_id,
                &DeleteRepoOptions {
                    repo_type: Some(repo_type.get()),
                    missing_ok: *missing_ok,
                },
            )?;
            let out = json!({"deleted": repo_id, "repo_type": repo_type.get()});
            emit(ctx, &out, |_| {
                println!("Deleted {} {repo_id}", repo_type.get())
            })
        }
        RepoCommand::Move {
            from_id,
            to_id,
            repo_type,
        } => {
            ctx.client.move_repo(
                from_id,
                to_id,
                &MoveRepoOptions {
                    repo_type: Some(repo_type.get()),
                },
            )?;
            let out = json!({"from": from_id, "to": to_id, "repo_type": repo_type.get()});
            emit(ctx, &out, |_| println!("Moved {from_id} to {to_id}"))
        }
        RepoCommand::Settings {
            repo_id,
            repo_type,
            private,
            gated,
        } => {
            if private.is_none() && gated.is_none() {
                return Err(CliError::Usage(
                    "repo settings needs --private and/or --gated".into(),
                ));
            }
            ctx.client.update_repo_settings(
                repo_id,
                &UpdateRepoSettingsOptions {
                    gated: gated.map(|g| match g {
                        GatedArg::Auto => Gating::Auto,
                        GatedArg::Manual => Gating::Manual,
                        GatedArg::False => Gating::Disabled,
                    }),
                    private: *private,
                    repo_type: Some(repo_type.get()),
                },
            )?;
            let mut out = Map::new();
            if let Some(p) = private {
                out.insert("private".into(), json!(p));
            }
            if let Some(g) = gated {
                let v = match g {
                    GatedArg::Auto => json!("auto"),
                    GatedArg::Manual => json!("manual"),
                    GatedArg::False => json!(false),
                };
                out.insert("gated".into(), v);
            }
            let out = Value::Object(out);
            emit(ctx, &out, |v| {
                let mut parts = Vec::new();
                if let Some(p) = v.get("private").and_then(Value::as_bool) {
                    parts.push(format!("private: {p}"));
                }
                if let Some(g) = v.get("gated") {
                    let g = g
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| g.to_string());
                    parts.push(format!("gated: {g}"));
                }
                println!("Updated {repo_id} ({})", parts.join(", "));
            })
        }
    }
}

/// Runs a `repo-files` subcommand: deletes the files (and `folder/` patterns) matching
/// the globs in one commit, as Python's `delete_files`, and prints the commit URL.
pub fn run_files(ctx: &Ctx, cmd: &RepoFilesCommand) -> Result<(), CliError> {
    let RepoFilesCommand::Delete {
        repo_id,
        patterns,
        repo_type,
        revision,
        commit_message,
        commit_description,
        create_pr,
    } = cmd;
    let _cooperative = Cooperative::start();
    let tree = ctx.client.list_repo_tree(
        repo_id,
        &ListRepoTreeOptions {
            recursive: true,
            revision: revision.clone(),
            repo_type: Some(repo_type.get()),
            ..Default::default()
        },
    );
    let mut files = Vec::new();
    for entry in tree {
        ctx.cancel.check()?;
        if let RepoTreeEntry::File(f) = entry? {
            files.push(f.path);
        }
    }
    let matched = filter_paths(
        files.iter().map(String::as_str),
        Some(patterns),
        Some(&[".gitattributes".to_owned()]),
    );
    if matched.is_empty() {
        return Err(CliError::Other {
            kind: "EntryNotFound".into(),
            message: format!("no file of {repo_id} matches {}", patterns.join(", ")),
            request_id: None,
            code: EXIT_NOT_FOUND,
        });
    }
    let ops = matched
        .iter()
        .map(|p| CommitOperationDelete::with_is_folder(p, false).map(CommitOperation::from))
        .collect::<Result<Vec<_>, _>>()?;
    let message = commit_message
        .clone()
        .unwrap_or_else(|| "Delete files using huggingface_hub".to_owned());
    let info = ctx.client.create_commit_with(
        repo_id,
        &ops,
        &message,
        &CreateCommitOptions {
            commit_description: commit_description.clone(),
            repo_type: Some(repo_type.get()),
            revision: revision.clone(),
            create_pr: *create_pr,
            ..Default::default()
        },
        &mut Hooks::new().cancel(&ctx.cancel),
    )?;
    ctx.info(&format!("Deleted {} file(s)", matched.len()));
    emit(ctx, &info, |i| {
        println!("{}", i.commit_url);
        if let Some(pr) = &i.pr_url {
            println!("{pr}");
        }
    })
}
