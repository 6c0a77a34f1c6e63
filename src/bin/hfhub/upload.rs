//! `hfhub upload`: a file or a folder in one commit, creating the repository
//! (and the branch) when missing, as Python's `huggingface-cli upload` does.

use hfhub::{
    CreateBranchOptions, CreateRepoOptions, ErrorKind, Hooks, RepoInfoOptions, RepoType,
    UploadFileOptions, UploadFolderOptions,
};

use crate::args::UploadArgs;
use crate::context::{Cooperative, Ctx};
use crate::failure::CliError;
use crate::output::emit;
use crate::progress::Bars;

/// Runs `upload` and prints the commit URL (and the pull request URL with `--create-pr`).
pub fn run(ctx: &Ctx, a: &UploadArgs) -> Result<(), CliError> {
    let meta = std::fs::metadata(&a.local_path).map_err(|e| {
        CliError::from(hfhub::Error::Io {
            path: a.local_path.clone(),
            source: e,
        })
    })?;
    let is_file = meta.is_file();
    if !is_file && !meta.is_dir() {
        return Err(CliError::Usage(format!(
            "{} is neither a file nor a folder",
            a.local_path.display()
        )));
    }
    if is_file {
        for (flag, v) in [
            ("--include", &a.include),
            ("--exclude", &a.exclude),
            ("--delete", &a.delete),
        ] {
            if !v.is_empty() {
                ctx.info(&format!(
                    "warning: ignoring {flag} since a single file is uploaded"
                ));
            }
        }
    }
    let repo_type = a.repo_type.get();
    let created = ctx.client.create_repo(
        &a.repo_id,
        &CreateRepoOptions {
            private: a.private,
            repo_type: Some(repo_type),
            exist_ok: true,
            space_sdk: (repo_type == RepoType::Space).then(|| "gradio".to_owned()),
            ..Default::default()
        },
    )?;
    let repo_id = created.repo_id;
    if let Some(rev) = a.revision.as_deref().filter(|_| !a.create_pr) {
        let o = RepoInfoOptions {
            revision: Some(rev.to_owned()),
            repo_type: Some(repo_type),
            ..Default::default()
        };
        match ctx.client.repo_info(&repo_id, &o) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::RevisionNotFound => {
                ctx.info(&format!("Branch '{rev}' not found. Creating it..."));
                ctx.client.create_branch(
                    &repo_id,
                    rev,
                    &CreateBranchOptions {
                        repo_type: Some(repo_type),
                        exist_ok: true,
                        ..Default::default()
                    },
                )?;
            }
            Err(e) => return Err(e.into()),
        }
    }

    let _cooperative = Cooperative::start();
    let mut bars = ctx.bars.then(|| Bars::new("Uploading"));
    let mut hooks = Hooks::new().cancel(&ctx.cancel);
    if let Some(b) = bars.as_mut() {
        hooks = hooks.progress(b);
    }
    let result = if is_file {
        let name = a
            .local_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let path_in_repo = match (a.path_in_repo.clone(), name) {
            (Some(p), _) => p,
            (None, Some(n)) => n,
            (None, None) => {
                return Err(CliError::Usage(
                    "cannot tell the file's name: give PATH_IN_REPO".into(),
                ))
            }
        };
        let o = UploadFileOptions {
            commit_message: a.commit_message.clone(),
            commit_description: a.commit_description.clone(),
            repo_type: Some(repo_type),
            revision: a.revision.clone(),
            create_pr: a.create_pr,
            parent_commit: None,
        };
        ctx.client.upload_file_with(
            &repo_id,
            a.local_path.as_path(),
            &path_in_repo,
            &o,
            &mut hooks,
        )
    } else {
        let path_in_repo = a.path_in_repo.clone().filter(|p| !p.is_empty() && p != ".");
        let non_empty = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        let o = UploadFolderOptions {
            path_in_repo,
            commit_message: a.commit_message.clone(),
            commit_description: a.commit_description.clone(),
            repo_type: Some(repo_type),
            revision: a.revision.clone(),
            create_pr: a.create_pr,
            allow_patterns: non_empty(&a.include),
            ignore_patterns: non_empty(&a.exclude),
            delete_patterns: non_empty(&a.delete),
            ..Default::default()
        };
        ctx.client
            .upload_folder_with(&repo_id, &a.local_path, &o, &mut hooks)
    };
    drop(hooks);
    if let Some(b) = bars.as_mut() {
        b.finish();
    }
    let info = result?;
    emit(ctx, &info, |i| {
        println!("{}", i.commit_url);
        if let Some(pr) = &i.pr_url {
            println!("{pr}");
        }
    })
}
