//! The README's main command: starts a local Hub (hubsim) in this process and
//! performs real operations against it with hfhub, printing what it did.
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! Point it at another Hub with `HFHUB_DEMO_ENDPOINT` (and `HF_TOKEN`); the repos
//! named below exist in hubsim's default seed.

use hfhub::types::RepoTreeEntry;
use hfhub::{
    Client, ErrorKind, FileUrlOptions, ListModelsOptions, ListRepoCommitsOptions,
    ListRepoRefsOptions, ListRepoTreeOptions, ModelInfoOptions,
};

const MODEL: &str = hubsim::seed::MODEL;

fn section(title: &str) {
    println!("\n== {title}");
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

    let mut builder = Client::builder()
        .endpoint(&endpoint)
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

    if let Some(s) = &sim {
        println!("\nhubsim answered {} requests", s.requests().len());
    }
    Ok(())
}
