//! `hfhub download`: `hf_hub_download` for one file, `snapshot_download` otherwise,
//! as Python's `huggingface-cli download` chooses.

use hfhub::{HfHubDownloadOptions, Hooks, SnapshotDownloadOptions};
use serde_json::json;

use crate::args::DownloadArgs;
use crate::context::{Cooperative, Ctx};
use crate::failure::CliError;
use crate::output::emit;
use crate::progress::Bars;

/// Runs `download` and prints the resulting path (file path for one file, the
/// snapshot folder or `--local-dir` otherwise).
pub fn run(ctx: &Ctx, a: &DownloadArgs) -> Result<(), CliError> {
    if !a.files.is_empty() && (!a.include.is_empty() || !a.exclude.is_empty()) {
        ctx.info("warning: ignoring --include and --exclude since files are named explicitly");
    }
    let _cooperative = Cooperative::start();
    let mut bars = ctx.bars.then(|| Bars::new("Downloading"));
    let mut hooks = Hooks::new().cancel(&ctx.cancel);
    if let Some(b) = bars.as_mut() {
        hooks = hooks.progress(b);
    }
    let result = if a.files.len() == 1 {
        let o = HfHubDownloadOptions {
            repo_type: Some(a.repo_type.get()),
            revision: a.revision.clone(),
            cache_dir: a.cache_dir.clone(),
            local_dir: a.local_dir.clone(),
            force_download: a.force_download,
            ..Default::default()
        };
        ctx.client
            .hf_hub_download_with(&a.repo_id, &a.files[0], &o, &mut hooks)
    } else {
        let (allow, ignore) = if a.files.is_empty() {
            (non_empty(&a.include), non_empty(&a.exclude))
        } else {
            (Some(a.files.clone()), None)
        };
        let o = SnapshotDownloadOptions {
            repo_type: Some(a.repo_type.get()),
            revision: a.revision.clone(),
            cache_dir: a.cache_dir.clone(),
            local_dir: a.local_dir.clone(),
            force_download: a.force_download,
            allow_patterns: allow,
            ignore_patterns: ignore,
            max_workers: Some(a.max_workers as usize),
            ..Default::default()
        };
        ctx.client
            .snapshot_download_with(&a.repo_id, &o, &mut hooks)
    };
    drop(hooks);
    if let Some(b) = bars.as_mut() {
        b.finish();
    }
    let path = result?;
    emit(ctx, &json!({ "path": path }), |_| {
        println!("{}", path.display())
    })
}

fn non_empty(v: &[String]) -> Option<Vec<String>> {
    (!v.is_empty()).then(|| v.to_vec())
}
