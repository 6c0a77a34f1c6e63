//! The README's main command: starts a local Hub (hubsim) in this process and
//! performs real operations against it with hfhub, printing what it did.
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! Point it at another Hub with `HFHUB_DEMO_ENDPOINT` (and `HF_TOKEN`); the repos
//! named below exist in hubsim's default seed.

use std::path::Path;

use hfhub::types::RepoTreeEntry;
use hfhub::{
    Client, CreateRepoOptions, ErrorKind, FileUrlOptions, HfHubDownloadOptions, Hooks,
    ListModelsOptions, ListRepoCommitsOptions, ListRepoRefsOptions, ListRepoTreeOptions,
    ModelInfoOptions, ProgressEvent, ProgressKind, SnapshotDownloadOptions, UploadFolderOptions,
};

const MODEL: &str = hubsim::seed::MODEL;

fn section(title: &str) {
    println!("\n== {title}");
}

/// `1234567` → `1.2 MiB`.
fn human(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

/// A progress sink that prints one line per finished file and one line each
/// time the operation's total crosses a quarter, so the output stays short.
fn progress_printer(verb: &'static str, done: &'static str) -> impl FnMut(&ProgressEvent) {
    let mut quarter = 0u64;
    move |e: &ProgressEvent| match e.kind {
        ProgressKind::Started if e.file_index == 0 => {
            quarter = 0;
            println!(
                "  {} file(s) to {verb}, {}",
                e.file_count,
                e.total_bytes.map_or("size unknown".into(), human)
            );
        }
        ProgressKind::Progress => {
            if let Some(total) = e.total_bytes.filter(|t| *t > 0) {
                let q = e.total_done * 4 / total;
                if q > quarter && q < 4 {
                    quarter = q;
                    println!(
                        "  .. {:>3}%  {} / {}",
                        q * 25,
                        human(e.total_done),
                        human(total)
                    );
                }
            }
        }
        ProgressKind::Finished => println!(
            "  [{}/{}] {:<26} {:>9}  {done}",
            e.file_index + 1,
            e.file_count,
            e.path,
            human(e.bytes_done)
        ),
        _ => {}
    }
}

/// Prints a cache repo folder: refs, blobs and the snapshot's links.
fn show_cache(repo_dir: &Path, snapshot: &Path) -> std::io::Result<()> {
    println!("  {}", repo_dir.display());
    for entry in std::fs::read_dir(repo_dir.join("refs"))? {
        let entry = entry?;
        let commit = std::fs::read_to_string(entry.path())?;
        println!(
            "    refs/{} -> {}",
            entry.file_name().to_string_lossy(),
            commit
        );
    }
    let mut blobs: Vec<_> = std::fs::read_dir(repo_dir.join("blobs"))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|e| {
            Ok((
                e.file_name().to_string_lossy().into_owned(),
                e.metadata()?.len(),
            ))
        })
        .collect::<std::io::Result<_>>()?;
    blobs.sort();
    println!("    blobs/ ({} files)", blobs.len());
    for (name, len) in blobs.iter().take(4) {
        println!("      {name}  {}", human(*len));
    }
    if blobs.len() > 4 {
        println!("      ... and {} more", blobs.len() - 4);
    }
    println!(
        "    {}",
        snapshot
            .strip_prefix(repo_dir)
            .unwrap_or(snapshot)
            .display()
    );
    let mut stack = vec![snapshot.to_owned()];
    let mut links = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else {
                let target = std::fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|_| "(a copy)".into());
                let rel = path.strip_prefix(snapshot).unwrap_or(&path).display();
                links.push(format!("{rel} -> {target}"));
            }
        }
    }
    links.sort();
    for l in &links {
        println!("      {l}");
    }
    Ok(())
}

/// Creates a repo, uploads a folder with a text file, an empty file and a 12 MiB
/// binary (an LFS file: preupload, LFS batch, storage PUT, one commit), then
/// downloads the snapshot back and compares every byte.
fn upload_round_trip(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let repo = "alice/demo-upload";
    section(&format!("create_repo({repo}) and upload_folder"));
    let url = client.create_repo(
        repo,
        &CreateRepoOptions {
            exist_ok: true,
            ..Default::default()
        },
    )?;
    println!("  repo {}", url.url);
    let folder = std::env::temp_dir().join(format!("hfhub-demo-upload-{}", std::process::id()));
    std::fs::create_dir_all(folder.join("weights"))?;
    let mut weights = vec![0u8; 12 << 20];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for b in weights.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let files: [(&str, &[u8]); 3] = [
        (
            "README.md",
            b"---\nlicense: mit\n---\n# A model uploaded by the demo\n",
        ),
        ("empty.txt", b""),
        ("weights/model.bin", &weights),
    ];
    for (rel, bytes) in files {
        std::fs::write(folder.join(rel), bytes)?;
    }
    let mut printer = progress_printer("upload", "uploaded");
    let commit = client.upload_folder_with(
        repo,
        &folder,
        &UploadFolderOptions::default(),
        &mut Hooks::new().progress(&mut printer),
    )?;
    println!("  commit {} ({})", commit.oid, commit.commit_url);
    let snapshot = client.snapshot_download(repo, &SnapshotDownloadOptions::default())?;
    for (rel, bytes) in files {
        let back = std::fs::read(snapshot.join(rel))?;
        if back != bytes {
            return Err(format!("{rel}: downloaded bytes differ from the uploaded ones").into());
        }
        println!(
            "  {rel:<20} {:>9}  uploaded and downloaded back, identical",
            human(back.len() as u64)
        );
    }
    std::fs::remove_dir_all(&folder)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An in-process Hub on a random local port, with its documented seed.
    let sim = match std::env::var("HFHUB_DEMO_ENDPOINT") {
        Ok(_) => None,
        Err(_) => Some(hubsim::Server::start(hubsim::Config::default())?),
    };
    let (endpoint, token) = match &sim {
        Some(s) => (s.url(), Some(hubsim::seed::ALICE_WRITE_TOKEN.to_owned())),
        None => (
            std::env::var("HFHUB_DEMO_ENDPOINT")?,
            std::env::var("HF_TOKEN").ok(),
        ),
    };
    println!("hfhub {} against {endpoint}", hfhub::VERSION);

    // A fresh cache folder, so the demo never touches ~/.cache/huggingface.
    let cache = std::env::temp_dir().join(format!("hfhub-demo-cache-{}", std::process::id()));
    let mut builder = Client::builder()
        .endpoint(&endpoint)
        .cache_dir(&cache)
        .library("hfhub-demo", hfhub::VERSION);
    if let Some(t) = token {
        builder = builder.token(t);
    }
    let client = builder.build()?;

    section("whoami");
    let me = client.whoami()?;
    println!(
        "{} ({}), token role {}, orgs: {}",
        me.name,
        me.account_type,
        me.token_role().unwrap_or("?"),
        me.orgs
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    section("list_models(sort=downloads, limit=5)");
    let opts = ListModelsOptions {
        sort: Some("downloads".into()),
        direction: Some(-1),
        limit: Some(5),
        ..Default::default()
    };
    for model in client.list_models(&opts) {
        let m = model?;
        println!(
            "{:<28} downloads={:<6} {}",
            m.id,
            m.downloads.unwrap_or(0),
            m.pipeline_tag.unwrap_or_default()
        );
    }

    section(&format!("model_info({MODEL}, files_metadata=True)"));
    let info = client.model_info(
        MODEL,
        &ModelInfoOptions {
            files_metadata: true,
            ..Default::default()
        },
    )?;
    println!(
        "sha {}  library {}",
        info.sha.unwrap_or_default(),
        info.library_name.unwrap_or_default()
    );
    for s in info.siblings.unwrap_or_default() {
        let kind = if s.lfs.is_some() { "lfs" } else { "git" };
        println!(
            "  {:<28} {:>9} bytes  {kind}",
            s.rfilename,
            s.size.unwrap_or(0)
        );
    }

    section("list_repo_tree(recursive=True)");
    let tree = ListRepoTreeOptions {
        recursive: true,
        ..Default::default()
    };
    let (mut files, mut folders) = (0, 0);
    for entry in client.list_repo_tree(MODEL, &tree) {
        match entry? {
            RepoTreeEntry::File(_) => files += 1,
            RepoTreeEntry::Folder(_) => folders += 1,
        }
    }
    println!("{files} files in {folders} folders");

    section("list_repo_refs(include_pull_requests=True)");
    let refs = client.list_repo_refs(
        MODEL,
        &ListRepoRefsOptions {
            include_pull_requests: true,
            ..Default::default()
        },
    )?;
    for r in refs
        .branches
        .iter()
        .chain(&refs.tags)
        .chain(refs.pull_requests.iter().flatten())
    {
        println!(
            "  {:<18} {}",
            r.git_ref,
            &r.target_commit[..12.min(r.target_commit.len())]
        );
    }

    section("list_repo_commits(formatted=False)");
    for c in client.list_repo_commits(MODEL, &ListRepoCommitsOptions::default()) {
        let c = c?;
        println!(
            "  {} {} ({})",
            &c.commit_id[..8.min(c.commit_id.len())],
            c.title,
            c.authors.join(", ")
        );
    }

    section("file metadata (HEAD on the resolve URL)");
    for name in ["config.json", "weights/big.bin"] {
        let url = client.hf_hub_url(MODEL, name, &FileUrlOptions::default())?;
        let meta = client.get_hf_file_metadata(&url, &Default::default())?;
        println!(
            "  {name:<16} etag {} size {:?}",
            meta.etag.unwrap_or_default(),
            meta.size
        );
    }

    section("errors are typed");
    match client.model_info("nobody/nothing", &ModelInfoOptions::default()) {
        Err(e) if e.kind() == ErrorKind::RepoNotFound => println!("  {e}"),
        other => println!("  unexpected: {other:?}"),
    }
    match client.model_info(
        MODEL,
        &ModelInfoOptions {
            revision: Some("no-such-branch".into()),
            ..Default::default()
        },
    ) {
        Err(e) if e.kind() == ErrorKind::RevisionNotFound => println!("  {e}"),
        other => println!("  unexpected: {other:?}"),
    }

    section(&format!(
        "hf_hub_download({MODEL}, weights/big.bin), with progress"
    ));
    let mut printer = progress_printer("fetch", "verified");
    let file = client.hf_hub_download_with(
        MODEL,
        "weights/big.bin",
        &HfHubDownloadOptions::default(),
        &mut Hooks::new().progress(&mut printer),
    )?;
    println!("  -> {}", file.display());

    section(&format!("snapshot_download({MODEL}), with progress"));
    let snapshot = client.snapshot_download_with(
        MODEL,
        &SnapshotDownloadOptions::default(),
        &mut Hooks::new().progress(&mut printer),
    )?;
    println!(
        "  -> {}  (weights/big.bin was already cached)",
        snapshot.display()
    );

    section("where they landed (the cache layout Python uses)");
    let repo_dir = snapshot
        .parent()
        .and_then(Path::parent)
        .unwrap_or(&snapshot)
        .to_owned();
    show_cache(&repo_dir, &snapshot)?;
    if let Some(s) = &sim {
        let before = s.requests().len();
        client.snapshot_download(MODEL, &SnapshotDownloadOptions::default())?;
        println!(
            "  snapshot_download again: {} request(s), nothing downloaded",
            s.requests().len() - before
        );
    }
    if sim.is_some() {
        upload_round_trip(&client)?;
    }

    let scan = client.scan_cache_dir(&Default::default())?;
    println!(
        "  scan_cache_dir: {} repo(s), {} on disk, {} warning(s)",
        scan.repos.len(),
        human(scan.size_on_disk),
        scan.warnings.len()
    );

    if let Some(s) = &sim {
        println!("\nhubsim answered {} requests", s.requests().len());
    }
    if std::env::var_os("HFHUB_DEMO_KEEP_CACHE").is_some() {
        println!("cache kept at {}", cache.display());
    } else {
        let _ = std::fs::remove_dir_all(&cache);
        println!("(temporary cache removed; set HFHUB_DEMO_KEEP_CACHE=1 to keep it)");
    }
    Ok(())
}
