//! `hfhub cache scan` (Python's `huggingface-cli scan-cache` table) and
//! `hfhub cache delete` (non-interactive `delete-cache`).

use std::collections::BTreeSet;
use std::time::Instant;

use hfhub::{ErrorKind, RepoType, ScanCacheDirOptions};
use serde_json::json;

use crate::args::CacheCommand;
use crate::context::Ctx;
use crate::failure::{CliError, EXIT_NOT_FOUND};
use crate::output::{emit, size, table, time_since, Cell};

/// Runs a `cache` subcommand.
pub fn run(ctx: &Ctx, cmd: &CacheCommand) -> Result<(), CliError> {
    match cmd {
        CacheCommand::Scan { cache_dir } => scan(ctx, cache_dir.clone()),
        CacheCommand::Delete {
            targets,
            repo_type,
            cache_dir,
            yes,
            dry_run,
        } => delete(
            ctx,
            targets,
            repo_type.map(RepoType::from),
            cache_dir.clone(),
            *yes,
            *dry_run,
        ),
    }
}

fn scan(ctx: &Ctx, cache_dir: Option<std::path::PathBuf>) -> Result<(), CliError> {
    let started = Instant::now();
    let dir = cache_dir
        .clone()
        .unwrap_or_else(|| ctx.client.cache_dir().to_owned());
    let info = match ctx
        .client
        .scan_cache_dir(&ScanCacheDirOptions { cache_dir })
    {
        Ok(info) => info,
        // As Python's `scan-cache`: a missing cache folder is not a failure.
        Err(e) if e.kind() == ErrorKind::LocalEntryNotFound && !dir.exists() => {
            let out = json!({"size_on_disk": 0, "repos": [], "warnings": [],
                             "incomplete_files": [], "cache_dir": dir});
            return emit(ctx, &out, |_| {
                println!("Cache directory not found: {}", dir.display())
            });
        }
        Err(e) => return Err(e.into()),
    };
    let elapsed = started.elapsed().as_secs_f64();
    emit(ctx, &info, |info| {
        let mut repos: Vec<_> = info.repos.iter().collect();
        repos.sort_by(|a, b| a.repo_path.cmp(&b.repo_path));
        let rows: Vec<Vec<Cell>> = repos
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.repo_id.clone()),
                    Cell::Text(r.repo_type.to_string()),
                    Cell::Num(size(r.size_on_disk)),
                    Cell::Num(r.nb_files.to_string()),
                    Cell::Text(time_since(r.last_accessed)),
                    Cell::Text(time_since(r.last_modified)),
                    Cell::Text(r.refs.keys().cloned().collect::<Vec<_>>().join(", ")),
                    Cell::Text(r.repo_path.display().to_string()),
                ]
            })
            .collect();
        println!(
            "{}",
            table(
                &[
                    "REPO ID",
                    "REPO TYPE",
                    "SIZE ON DISK",
                    "NB FILES",
                    "LAST_ACCESSED",
                    "LAST_MODIFIED",
                    "REFS",
                    "LOCAL PATH",
                ],
                &rows,
            )
        );
        println!(
            "\nDone in {:.1}s. Scanned {} repo(s) for a total of {}.",
            elapsed,
            info.repos.len(),
            size(info.size_on_disk)
        );
        if !info.warnings.is_empty() {
            println!("Got {} warning(s) while scanning.", info.warnings.len());
            for w in &info.warnings {
                println!("  {w}");
            }
        }
    })
}

fn is_hash(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn delete(
    ctx: &Ctx,
    targets: &[String],
    repo_type: Option<RepoType>,
    cache_dir: Option<std::path::PathBuf>,
    yes: bool,
    dry_run: bool,
) -> Result<(), CliError> {
    if !yes && !dry_run {
        return Err(CliError::Usage(
            "cache delete deletes without asking: confirm with --yes, or preview with --dry-run"
                .into(),
        ));
    }
    let info = ctx
        .client
        .scan_cache_dir(&ScanCacheDirOptions { cache_dir })?;
    let mut hashes = BTreeSet::new();
    let mut unknown = Vec::new();
    for t in targets {
        let mut found = false;
        for repo in &info.repos {
            if repo_type.is_some_and(|rt| rt != repo.repo_type) {
                continue;
            }
            if repo.repo_id == *t {
                found = true;
                hashes.extend(repo.revisions.iter().map(|r| r.commit_hash.clone()));
            } else if is_hash(t) {
                if let Some(r) = repo.revisions.iter().find(|r| r.commit_hash == *t) {
                    found = true;
                    hashes.insert(r.commit_hash.clone());
                }
            }
        }
        if !found {
            unknown.push(t.clone());
        }
    }
    if hashes.is_empty() {
        return Err(CliError::Other {
            kind: ErrorKind::LocalEntryNotFound.as_str().into(),
            message: format!(
                "nothing in the cache at {} matches {}",
                ctx.client.cache_dir().display(),
                targets.join(", ")
            ),
            request_id: None,
            code: EXIT_NOT_FOUND,
        });
    }
    for t in &unknown {
        ctx.info(&format!(
            "warning: {t} matches no cached repository or revision"
        ));
    }
    let hashes: Vec<String> = hashes.into_iter().collect();
    let plan = info.delete_revisions(&hashes);
    let freed = size(plan.expected_freed_size);
    let failed = if dry_run { Vec::new() } else { plan.execute() };
    let out = json!({
        "dry_run": dry_run,
        "revisions": hashes,
        "expected_freed_size": plan.expected_freed_size,
        "expected_freed_size_str": freed,
        "strategy": plan,
        "unknown": unknown,
        "failed": failed,
    });
    emit(ctx, &out, |_| {
        println!(
            "Will delete {} repo(s) and {} revision(s) for a total of {freed}.",
            plan.repos.len(),
            plan.snapshots.len()
        );
        if dry_run {
            println!("Dry run: nothing was deleted.");
        } else {
            println!(
                "Done. Deleted {} revision(s), freeing {freed}.",
                hashes.len()
            );
        }
    })?;
    if let Some(first) = failed.first() {
        return Err(CliError::other(
            "Io",
            format!(
                "could not delete {} path(s), the first being {}",
                failed.len(),
                first.display()
            ),
        ));
    }
    Ok(())
}
