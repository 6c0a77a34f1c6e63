//! `hfhub ls` (the repository tree) and `hfhub info` (model, dataset or Space info).

use hfhub::types::{RepoInfo, RepoTreeEntry};
use hfhub::{ListRepoTreeOptions, RepoInfoOptions};

use crate::args::{InfoArgs, LsArgs};
use crate::context::{Cooperative, Ctx};
use crate::failure::CliError;
use crate::output::{emit, size};

/// Lists a folder of a repository (`-R`: its whole subtree): size, an `LFS` marker
/// for LFS files, then the path (folders end with `/`).
pub fn ls(ctx: &Ctx, a: &LsArgs) -> Result<(), CliError> {
    let _cooperative = Cooperative::start();
    let pager = ctx.client.list_repo_tree(
        &a.repo_id,
        &ListRepoTreeOptions {
            path_in_repo: a.path.clone(),
            recursive: a.recursive,
            revision: a.revision.clone(),
            repo_type: Some(a.repo_type.get()),
            ..Default::default()
        },
    );
    let mut entries = Vec::new();
    for entry in pager {
        ctx.cancel.check()?;
        entries.push(entry?);
    }
    emit(ctx, &entries, |entries| {
        for e in entries {
            println!("{}", ls_line(e));
        }
    })
}

fn ls_line(e: &RepoTreeEntry) -> String {
    match e {
        RepoTreeEntry::File(f) => {
            let lfs = if f.lfs.is_some() { "LFS" } else { "" };
            format!("{:>8} {lfs:<3} {}", size(f.size), f.path)
        }
        RepoTreeEntry::Folder(d) => format!("{:>8} {:<3} {}/", "-", "", d.path),
    }
}

/// Shows a repository: a summary, or the whole info with `--json`.
pub fn info(ctx: &Ctx, a: &InfoArgs) -> Result<(), CliError> {
    let info = ctx.client.repo_info(
        &a.repo_id,
        &RepoInfoOptions {
            revision: a.revision.clone(),
            repo_type: Some(a.repo_type.get()),
            ..Default::default()
        },
    )?;
    emit(ctx, &info, print_summary)
}

fn print_summary(info: &RepoInfo) {
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let (private, gated, downloads, likes, modified, extra) = match info {
        RepoInfo::Model(m) => (
            m.private,
            m.gated.clone(),
            m.downloads,
            m.likes,
            m.last_modified.and_then(rfc3339),
            vec![
                ("library", m.library_name.clone()),
                ("pipeline", m.pipeline_tag.clone()),
            ],
        ),
        RepoInfo::Dataset(d) => (
            d.private,
            d.gated.clone(),
            d.downloads,
            d.likes,
            d.last_modified.and_then(rfc3339),
            vec![],
        ),
        RepoInfo::Space(s) => (
            s.private,
            s.gated.clone(),
            None,
            s.likes,
            s.last_modified.and_then(rfc3339),
            vec![("sdk", s.sdk.clone())],
        ),
    };
    println!("id:            {}", info.id());
    println!("type:          {}", info.repo_type());
    println!("sha:           {}", opt(info.sha().map(str::to_owned)));
    println!("private:       {}", opt(private.map(|p| p.to_string())));
    let gated = gated.map(|g| match g {
        hfhub::types::Gated::Flag(b) => b.to_string(),
        hfhub::types::Gated::Mode(m) => m,
    });
    println!("gated:         {}", opt(gated));
    println!("last modified: {}", opt(modified));
    println!("downloads:     {}", opt(downloads.map(|d| d.to_string())));
    println!("likes:         {}", opt(likes.map(|d| d.to_string())));
    for (k, v) in extra {
        println!("{:<15}{}", format!("{k}:"), opt(v));
    }
    if let Some(files) = info.siblings() {
        println!("files:         {}", files.len());
        for f in files {
            println!("  {}", f.rfilename);
        }
    }
}

fn rfc3339(t: hfhub::types::Timestamp) -> Option<String> {
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}
