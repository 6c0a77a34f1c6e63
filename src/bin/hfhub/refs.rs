//! `hfhub tag create|delete|list` and `hfhub branch create|delete`.

use hfhub::{
    CreateBranchOptions, CreateTagOptions, DeleteBranchOptions, DeleteTagOptions,
    ListRepoRefsOptions,
};
use serde_json::json;

use crate::args::{BranchCommand, TagCommand};
use crate::context::Ctx;
use crate::failure::CliError;
use crate::output::emit;

/// Runs a `tag` subcommand.
pub fn run_tag(ctx: &Ctx, cmd: &TagCommand) -> Result<(), CliError> {
    match cmd {
        TagCommand::Create {
            repo_id,
            tag,
            message,
            revision,
            repo_type,
        } => {
            ctx.client.create_tag(
                repo_id,
                tag,
                &CreateTagOptions {
                    tag_message: message.clone(),
                    revision: revision.clone(),
                    repo_type: Some(repo_type.get()),
                    exist_ok: false,
                },
            )?;
            let rev = revision.as_deref().unwrap_or("main");
            let out = json!({"repo_id": repo_id, "tag": tag, "revision": rev});
            emit(ctx, &out, |_| {
                println!("Tag {tag} created on {repo_id} at revision {rev}")
            })
        }
        TagCommand::Delete {
            repo_id,
            tag,
            repo_type,
        } => {
            ctx.client.delete_tag(
                repo_id,
                tag,
                &DeleteTagOptions {
                    repo_type: Some(repo_type.get()),
                },
            )?;
            let out = json!({"repo_id": repo_id, "deleted_tag": tag});
            emit(ctx, &out, |_| println!("Tag {tag} deleted on {repo_id}"))
        }
        TagCommand::List { repo_id, repo_type } => {
            let refs = ctx.client.list_repo_refs(
                repo_id,
                &ListRepoRefsOptions {
                    repo_type: Some(repo_type.get()),
                    include_pull_requests: false,
                },
            )?;
            emit(ctx, &refs.tags, |tags| {
                for t in tags {
                    println!("{}\t{}", t.name, t.target_commit);
                }
            })
        }
    }
}

/// Runs a `branch` subcommand.
pub fn run_branch(ctx: &Ctx, cmd: &BranchCommand) -> Result<(), CliError> {
    match cmd {
        BranchCommand::Create {
            repo_id,
            branch,
            revision,
            exist_ok,
            repo_type,
        } => {
            ctx.client.create_branch(
                repo_id,
                branch,
                &CreateBranchOptions {
                    revision: revision.clone(),
                    repo_type: Some(repo_type.get()),
                    exist_ok: *exist_ok,
                },
            )?;
            let rev = revision.as_deref().unwrap_or("main");
            let out = json!({"repo_id": repo_id, "branch": branch, "revision": rev});
            emit(ctx, &out, |_| {
                println!("Branch {branch} created on {repo_id} from {rev}")
            })
        }
        BranchCommand::Delete {
            repo_id,
            branch,
            repo_type,
        } => {
            ctx.client.delete_branch(
                repo_id,
                branch,
                &DeleteBranchOptions {
                    repo_type: Some(repo_type.get()),
                },
            )?;
            let out = json!({"repo_id": repo_id, "deleted_branch": branch});
            emit(ctx, &out, |_| {
                println!("Branch {branch} deleted on {repo_id}")
            })
        }
    }
}
