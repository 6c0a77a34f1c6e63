//! The `hfhub` command-line tool end to end against an in-process hubsim: every
//! command, `--json` output, exit codes and the one-line error, the token file,
//! the cache table, Ctrl-C, and progress bars in a real terminal (tmux).

#![cfg(feature = "cli")]

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hfhub::types::Gated;
use hfhub::{ListRepoFilesOptions, ListRepoRefsOptions, ModelInfoOptions, RepoInfoOptions};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, DATASET, INVALID_TOKEN, MODEL, MODEL_BIG_FILE,
    MODEL_BIG_SIZE, MODEL_CONFIG_JSON, SPACE,
};
use hubsim::{Fault, FaultAction, Server};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_hfhub");

/// One isolated environment: its own HF_HOME, pointed at `sim`.
struct Env {
    home: PathBuf,
    endpoint: String,
    extra: Vec<(String, String)>,
}

impl Env {
    fn new(sim: &Server) -> Env {
        let home = std::env::temp_dir().join(format!(
            "hfhub-cli-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        fs::create_dir_all(&home).unwrap();
        Env {
            home,
            endpoint: sim.url(),
            extra: Vec::new(),
        }
    }

    fn hf_home(&self) -> PathBuf {
        self.home.join("hf")
    }

    fn cache(&self) -> PathBuf {
        self.hf_home().join("hub")
    }

    fn token_file(&self) -> PathBuf {
        self.hf_home().join("token")
    }

    fn set(&mut self, k: &str, v: &str) {
        self.extra.push((k.into(), v.into()));
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("HF_HOME", self.hf_home())
            .env("HF_ENDPOINT", &self.endpoint)
            .stdin(Stdio::null());
        for (k, v) in &self.extra {
            c.env(k, v);
        }
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("hfhub runs")
    }

    /// Runs and expects success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "hfhub {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs with `--json` and parses stdout.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
    }

    /// Runs, expects exit `code`, returns the one stderr line.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "hfhub {args:?}: stdout {} stderr {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1, "one error line expected: {stderr:?}");
        assert!(lines[0].starts_with("error: "), "{stderr}");
        lines[0].to_owned()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.home);
    }
}

fn alice(sim: &Server) -> hfhub::Client {
    common::client(sim, Some(ALICE_WRITE_TOKEN))
}

fn main_sha(sim: &Server) -> String {
    alice(sim)
        .model_info(MODEL, &ModelInfoOptions::default())
        .unwrap()
        .sha
        .unwrap()
}

fn repo_files(sim: &Server, repo: &str) -> Vec<String> {
    let mut v: Vec<String> = alice(sim)
        .list_repo_files(repo, &ListRepoFilesOptions::default())
        .map(Result::unwrap)
        .collect();
    v.sort();
    v
}

fn cdn_throttle(sim: &Server, bytes_per_second: u64) {
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: "/_cdn/".into(),
        times: None,
        action: FaultAction::Throttle { bytes_per_second },
    });
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let sim = common::sim();
    let env = Env::new(&sim);
    assert_eq!(env.run(&[]).status.code(), Some(2));
    assert_eq!(env.run(&["download"]).status.code(), Some(2));
    assert_eq!(env.run(&["nope"]).status.code(), Some(2));
    assert_eq!(
        env.run(&["ls", MODEL, "--repo-type", "bucket"])
            .status
            .code(),
        Some(2)
    );
    let help = env.ok(&["--help"]);
    for needle in ["Exit codes", "130", "request id", "download", "cache"] {
        assert!(
            help.contains(needle),
            "{needle} missing from --help: {help}"
        );
    }
    assert!(env.ok(&["--version"]).contains(hfhub::VERSION));
    assert!(sim.requests().is_empty(), "usage errors send nothing");
}

#[test]
fn download_one_file_prints_its_cache_path() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let sha = main_sha(&sim);
    let out = env.ok(&["download", MODEL, "config.json"]);
    let path = PathBuf::from(out.trim_end());
    assert_eq!(
        path,
        env.cache()
            .join("models--alice--tiny-model/snapshots")
            .join(&sha)
            .join("config.json")
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), MODEL_CONFIG_JSON);
    // --json: the same path as an object; nothing on stderr without a terminal.
    let out = env.run(&["--json", "download", MODEL, "config.json"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"].as_str().map(PathBuf::from).as_ref(), Some(&path));
    // Offline, the cached file is found without a request.
    let mut env = env;
    env.set("HF_HUB_OFFLINE", "1");
    sim.clear_requests();
    let out = env.ok(&["download", MODEL, "config.json"]);
    assert_eq!(PathBuf::from(out.trim_end()), path);
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));
}

#[test]
fn download_snapshots_with_patterns_local_dir_and_cache_dir() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let sha = main_sha(&sim);
    let out = env.ok(&[
        "download",
        MODEL,
        "--include",
        "*.json",
        "--exclude",
        "onnx/*",
        "--max-workers",
        "2",
    ]);
    let snap = PathBuf::from(out.trim_end());
    assert_eq!(
        snap,
        env.cache()
            .join("models--alice--tiny-model/snapshots")
            .join(&sha)
    );
    assert_eq!(
        common::files_under(&snap),
        ["config.json", "tokenizer.json"]
    );

    // Several named files: one snapshot at one revision.
    let other = env.home.join("other-cache");
    let out = env.ok(&[
        "download",
        MODEL,
        "config.json",
        "README.md",
        "--cache-dir",
        other.to_str().unwrap(),
    ]);
    let snap = PathBuf::from(out.trim_end());
    assert!(snap.starts_with(&other), "{snap:?}");
    assert_eq!(common::files_under(&snap), ["README.md", "config.json"]);

    // --local-dir: the folder itself is printed and holds the files.
    let local = env.home.join("local");
    let out = env.ok(&[
        "download",
        DATASET,
        "--repo-type",
        "dataset",
        "--local-dir",
        local.to_str().unwrap(),
        "--include",
        "data/*",
    ]);
    assert_eq!(PathBuf::from(out.trim_end()), local);
    assert!(local.join("data/train.parquet").is_file());

    // --revision and --force-download.
    let out = env.ok(&[
        "download",
        MODEL,
        "config.json",
        "--revision",
        &sha,
        "--force-download",
    ]);
    assert!(out.trim_end().ends_with(&format!("{sha}/config.json")));
}

#[test]
fn download_failures_are_one_line_with_kind_and_request_id() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let line = env.fails(&["download", "alice/no-such-model", "config.json"], 3);
    assert!(line.starts_with("error: RepoNotFound: "), "{line}");
    assert!(line.contains("(request id: "), "{line}");
    let line = env.fails(&["download", MODEL, "missing.txt"], 3);
    assert!(line.starts_with("error: EntryNotFound: "), "{line}");
    let line = env.fails(&["download", MODEL, "config.json", "--revision", "nope"], 3);
    assert!(line.starts_with("error: RevisionNotFound: "), "{line}");
    // No request id when nothing was sent.
    let line = env.fails(&["download", "bad//id", "x"], 1);
    assert!(line.starts_with("error: InvalidInput: "), "{line}");
    assert!(!line.contains("request id"), "{line}");
    // Offline with nothing cached.
    let mut offline = Env::new(&sim);
    offline.set("HF_HUB_OFFLINE", "1");
    let line = offline.fails(&["download", MODEL, "config.json"], 3);
    assert!(line.starts_with("error: LocalEntryNotFound: "), "{line}");
}

#[test]
fn upload_creates_the_repo_and_prints_the_commit_url() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let dir = env.home.join("up");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("a.txt"), "a\n").unwrap();
    fs::write(dir.join("sub/b.txt"), "b\n").unwrap();
    fs::write(dir.join("skip.log"), "x\n").unwrap();
    let one = env.home.join("single.md");
    fs::write(&one, "# one\n").unwrap();
    let repo = "alice/cli-upload";

    // A single file, named after itself, into a new private repo.
    let out = env.ok(&[
        "upload",
        repo,
        one.to_str().unwrap(),
        "--private",
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    let url = out.trim_end();
    assert!(
        url.starts_with(&format!("{}/{repo}/commit/", sim.url())),
        "{url}"
    );
    let info = alice(&sim)
        .model_info(repo, &ModelInfoOptions::default())
        .unwrap();
    assert_eq!(info.private, Some(true));
    assert_eq!(url.rsplit('/').next(), info.sha.as_deref());
    assert!(repo_files(&sim, repo).contains(&"single.md".to_owned()));

    // A folder under a path, filtered, with a message; --json gives the CommitInfo.
    let v = env.json(&[
        "upload",
        repo,
        dir.to_str().unwrap(),
        "folder",
        "--exclude",
        "*.log",
        "--commit-message",
        "from the cli",
        "--commit-description",
        "details",
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    assert_eq!(v["commit_message"], "from the cli");
    assert!(v["commit_url"].as_str().unwrap().contains("/commit/"));
    let files = repo_files(&sim, repo);
    assert!(files.contains(&"folder/a.txt".to_owned()), "{files:?}");
    assert!(files.contains(&"folder/sub/b.txt".to_owned()));
    assert!(!files.iter().any(|f| f.ends_with(".log")));

    // --delete in the same commit; onto a new branch created on the fly.
    fs::remove_file(dir.join("sub/b.txt")).unwrap();
    env.ok(&[
        "upload",
        repo,
        dir.to_str().unwrap(),
        "folder",
        "--exclude",
        "*.log",
        "--delete",
        "*.txt",
        "--revision",
        "dev",
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    let refs = alice(&sim)
        .list_repo_refs(repo, &ListRepoRefsOptions::default())
        .unwrap();
    assert!(refs.branches.iter().any(|b| b.name == "dev"));
    let dev: Vec<String> = alice(&sim)
        .list_repo_files(
            repo,
            &ListRepoFilesOptions {
                revision: Some("dev".into()),
                ..Default::default()
            },
        )
        .map(Result::unwrap)
        .collect();
    assert!(dev.contains(&"folder/a.txt".to_owned()));
    assert!(!dev.contains(&"folder/sub/b.txt".to_owned()), "{dev:?}");

    // --create-pr prints the commit and the pull request URLs.
    let out = env.ok(&[
        "upload",
        repo,
        one.to_str().unwrap(),
        "pr.md",
        "--create-pr",
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    assert!(out.contains("/discussions/"), "{out}");

    // Failures: a read token cannot write; a missing local path is an I/O error.
    let line = env.fails(
        &[
            "upload",
            repo,
            one.to_str().unwrap(),
            "--token",
            ALICE_READ_TOKEN,
        ],
        4,
    );
    assert!(line.starts_with("error: Forbidden: "), "{line}");
    let line = env.fails(
        &[
            "upload",
            repo,
            "/no/such/path",
            "--token",
            ALICE_WRITE_TOKEN,
        ],
        1,
    );
    assert!(line.starts_with("error: Io: "), "{line}");
}

#[test]
fn repo_create_settings_move_delete() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let t = ["--token", ALICE_WRITE_TOKEN];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter().chain(t.iter()).map(|s| s.to_string()).collect()
    };
    let run = |args: &[&str]| env.ok(&with(args).iter().map(String::as_str).collect::<Vec<_>>());
    let fail = |args: &[&str], code| {
        env.fails(
            &with(args).iter().map(String::as_str).collect::<Vec<_>>(),
            code,
        )
    };

    let out = run(&["repo", "create", "alice/cli-repo", "--private"]);
    assert_eq!(out.trim_end(), format!("{}/alice/cli-repo", sim.url()));
    let line = fail(&["repo", "create", "alice/cli-repo"], 1);
    assert!(line.starts_with("error: Conflict: "), "{line}");
    let v = env.json(
        &with(&["repo", "create", "alice/cli-repo", "--exist-ok"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(v["repo_id"], "alice/cli-repo");
    let v = env.json(
        &with(&["repo", "create", "alice/cli-data", "--repo-type", "dataset"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(v["repo_type"], "dataset");

    run(&[
        "repo",
        "settings",
        "alice/cli-repo",
        "--private",
        "false",
        "--gated",
        "manual",
    ]);
    let info = alice(&sim)
        .model_info("alice/cli-repo", &ModelInfoOptions::default())
        .unwrap();
    assert_eq!(info.private, Some(false));
    assert_eq!(info.gated, Some(Gated::Mode("manual".into())));
    let v = env.json(
        &with(&["repo", "settings", "alice/cli-repo", "--gated", "false"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(v["gated"], Value::Bool(false));
    assert_eq!(
        env.run(&["repo", "settings", "alice/cli-repo"])
            .status
            .code(),
        Some(2)
    );
    let line = env.fails(
        &[
            "repo",
            "settings",
            "alice/cli-repo",
            "--gated",
            "auto",
            "--token",
            ALICE_READ_TOKEN,
        ],
        4,
    );
    assert!(line.starts_with("error: Forbidden: "), "{line}");
    assert!(line.contains("(request id: "), "{line}");
    let line = fail(
        &["repo", "settings", "alice/nothing-here", "--gated", "auto"],
        3,
    );
    assert!(line.starts_with("error: RepoNotFound: "), "{line}");

    run(&["repo", "move", "alice/cli-repo", "alice/cli-repo-2"]);
    assert!(alice(&sim)
        .repo_exists("alice/cli-repo-2", &Default::default())
        .unwrap());
    run(&["repo", "delete", "alice/cli-repo-2"]);
    assert!(!alice(&sim)
        .repo_exists("alice/cli-repo-2", &Default::default())
        .unwrap());
    let line = fail(&["repo", "delete", "alice/cli-repo-2"], 3);
    assert!(line.starts_with("error: RepoNotFound: "), "{line}");
    run(&["repo", "delete", "alice/cli-repo-2", "--missing-ok"]);
    let line = env.fails(&["repo", "create", "alice/anon"], 4);
    assert!(line.starts_with("error: "), "{line}");
}

#[test]
fn repo_files_delete_removes_matching_files_in_one_commit() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let dir = env.home.join("tree");
    fs::create_dir_all(dir.join("logs")).unwrap();
    for f in ["a.txt", "b.txt", "keep.md", "logs/1.log", "logs/2.log"] {
        fs::write(dir.join(f), f).unwrap();
    }
    let repo = "alice/cli-files";
    env.ok(&[
        "upload",
        repo,
        dir.to_str().unwrap(),
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    let out = env.ok(&[
        "repo-files",
        "delete",
        repo,
        "*.txt",
        "logs/",
        "--token",
        ALICE_WRITE_TOKEN,
    ]);
    assert!(
        out.trim_end().contains(&format!("/{repo}/commit/")),
        "{out}"
    );
    assert_eq!(repo_files(&sim, repo), [".gitattributes", "keep.md"]);
    let line = env.fails(
        &[
            "repo-files",
            "delete",
            repo,
            "*.nothing",
            "--token",
            ALICE_WRITE_TOKEN,
        ],
        3,
    );
    assert!(line.starts_with("error: EntryNotFound: "), "{line}");
    let line = env.fails(
        &[
            "repo-files",
            "delete",
            repo,
            "keep.md",
            "--token",
            ALICE_READ_TOKEN,
        ],
        4,
    );
    assert!(line.starts_with("error: Forbidden: "), "{line}");
}

#[test]
fn tags_and_branches() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let sha = main_sha(&sim);
    let t = ALICE_WRITE_TOKEN;
    env.ok(&["tag", "create", MODEL, "v9", "-m", "release", "--token", t]);
    let tags = env.json(&["tag", "list", MODEL]);
    let v9 = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "v9")
        .expect("v9 listed");
    assert_eq!(v9["target_commit"], Value::String(sha.clone()));
    assert!(env
        .ok(&["tag", "list", MODEL])
        .contains(&format!("v9\t{sha}")));
    let line = env.fails(&["tag", "create", MODEL, "v9", "--token", t], 1);
    assert!(line.starts_with("error: Conflict: "), "{line}");
    env.ok(&["tag", "delete", MODEL, "v9", "--token", t]);
    assert!(!env.ok(&["tag", "list", MODEL]).contains("v9\t"));
    let line = env.fails(&["tag", "delete", MODEL, "v9", "--token", t], 3);
    assert!(line.starts_with("error: RevisionNotFound: "), "{line}");

    let v = env.json(&["branch", "create", MODEL, "feature", "--token", t]);
    assert_eq!(v["branch"], "feature");
    let refs = alice(&sim)
        .list_repo_refs(MODEL, &ListRepoRefsOptions::default())
        .unwrap();
    assert!(refs.branches.iter().any(|b| b.name == "feature"));
    env.fails(&["branch", "create", MODEL, "feature", "--token", t], 1);
    env.ok(&[
        "branch",
        "create",
        MODEL,
        "feature",
        "--exist-ok",
        "--token",
        t,
    ]);
    env.ok(&["branch", "delete", MODEL, "feature", "--token", t]);
    let refs = alice(&sim)
        .list_repo_refs(MODEL, &ListRepoRefsOptions::default())
        .unwrap();
    assert!(!refs.branches.iter().any(|b| b.name == "feature"));
    let line = env.fails(&["branch", "delete", MODEL, "feature", "--token", t], 3);
    assert!(line.starts_with("error: RevisionNotFound: "), "{line}");
    let line = env.fails(
        &["branch", "create", MODEL, "x", "--token", ALICE_READ_TOKEN],
        4,
    );
    assert!(line.starts_with("error: Forbidden: "), "{line}");
}

#[test]
fn ls_shows_sizes_lfs_and_folders() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let out = env.ok(&["ls", MODEL]);
    let config = out
        .lines()
        .find(|l| l.ends_with(" config.json"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(config.contains(&hfhub::cache::scan::format_size(
        MODEL_CONFIG_JSON.len() as u64
    )));
    assert!(!config.contains("LFS"));
    assert!(out.lines().any(|l| l.ends_with(" weights/")), "{out}");
    assert!(!out.contains("big.bin"), "not recursive: {out}");
    let out = env.ok(&["ls", MODEL, "-R"]);
    let big = out
        .lines()
        .find(|l| l.ends_with(MODEL_BIG_FILE))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(big.contains("LFS") && big.contains("3.1M"), "{big}");
    let out = env.ok(&["ls", MODEL, "onnx"]);
    assert!(out.contains("onnx/model.onnx"), "{out}");
    for line in out.lines() {
        assert!(line.contains(" onnx/"), "only the onnx folder: {out}");
    }
    let v = env.json(&["ls", MODEL, "--recursive"]);
    let entries = v.as_array().unwrap();
    let big = entries
        .iter()
        .find(|e| e["path"] == MODEL_BIG_FILE)
        .unwrap();
    assert_eq!(big["type"], "file");
    assert_eq!(big["size"], MODEL_BIG_SIZE);
    assert!(big["lfs"].is_object());
    assert!(entries
        .iter()
        .any(|e| e["type"] == "directory" && e["path"] == "weights"));
    let line = env.fails(&["ls", "alice/nope"], 3);
    assert!(line.starts_with("error: RepoNotFound: "), "{line}");
    let line = env.fails(&["ls", MODEL, "--revision", "nope"], 3);
    assert!(line.starts_with("error: RevisionNotFound: "), "{line}");
}

#[test]
fn info_of_models_datasets_and_spaces() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let sha = main_sha(&sim);
    let out = env.ok(&["info", MODEL]);
    assert!(out.contains(&format!("id:            {MODEL}")), "{out}");
    assert!(out.contains(&sha));
    assert!(out.contains("config.json"));
    let v = env.json(&["info", MODEL]);
    assert_eq!(v["id"], MODEL);
    assert_eq!(v["sha"], Value::String(sha));
    let v = env.json(&["info", DATASET, "--repo-type", "dataset"]);
    assert_eq!(v["id"], DATASET);
    let expected = alice(&sim)
        .repo_info(
            SPACE,
            &RepoInfoOptions {
                repo_type: Some(hfhub::RepoType::Space),
                ..Default::default()
            },
        )
        .unwrap();
    let v = env.json(&["info", SPACE, "--repo-type", "space"]);
    assert_eq!(v["id"], SPACE);
    assert_eq!(v["sdk"], serde_json::to_value(&expected).unwrap()["sdk"]);
    let line = env.fails(&["info", DATASET], 3);
    assert!(line.starts_with("error: RepoNotFound: "), "{line}");
}

#[test]
fn whoami_login_logout_and_the_token_file() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let line = env.fails(&["whoami"], 4);
    assert!(line.starts_with("error: LocalTokenNotFound: "), "{line}");
    let line = env.fails(&["whoami", "--token", INVALID_TOKEN], 4);
    assert!(line.starts_with("error: Unauthorized: "), "{line}");

    // An invalid token is refused and nothing is written.
    let line = env.fails(&["login", "--token", INVALID_TOKEN], 4);
    assert!(line.starts_with("error: Unauthorized: "), "{line}");
    assert!(!line.contains(INVALID_TOKEN));
    assert!(!env.token_file().exists());
    assert_eq!(env.run(&["login"]).status.code(), Some(2));

    let out = env.ok(&["login", "--token", ALICE_WRITE_TOKEN]);
    assert!(out.contains("Login successful"), "{out}");
    assert!(!out.contains(ALICE_WRITE_TOKEN));
    assert_eq!(
        fs::read_to_string(env.token_file()).unwrap(),
        ALICE_WRITE_TOKEN
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(env.token_file()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // The stored token is used from now on.
    assert_eq!(env.ok(&["whoami"]).lines().next(), Some("alice"));
    let v = env.json(&["whoami"]);
    assert_eq!(v["name"], "alice");
    assert!(!v.to_string().contains(ALICE_WRITE_TOKEN));
    // env says a token is there, never which.
    let out = env.ok(&["env"]);
    assert!(out.contains("token present:   yes"), "{out}");
    assert!(!out.contains(ALICE_WRITE_TOKEN));

    let v = env.json(&["logout"]);
    assert_eq!(v["removed"], true);
    assert!(!env.token_file().exists());
    assert!(env.ok(&["logout"]).contains("Not logged in"));
    env.fails(&["whoami"], 4);

    // HF_TOKEN_PATH moves the token file.
    let mut moved = Env::new(&sim);
    let custom = moved.home.join("elsewhere/tok");
    moved.set("HF_TOKEN_PATH", custom.to_str().unwrap());
    let v = moved.json(&["login", "--token", ALICE_READ_TOKEN]);
    assert_eq!(v["user"], "alice");
    assert_eq!(v["permission"], "read");
    assert_eq!(fs::read_to_string(&custom).unwrap(), ALICE_READ_TOKEN);
    assert!(!moved.token_file().exists());
    moved.ok(&["logout"]);
    assert!(!custom.exists());
}

#[test]
fn env_reports_paths_and_no_token() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let v = env.json(&["env"]);
    assert_eq!(v["version"], hfhub::VERSION);
    assert_eq!(v["endpoint"], sim.url());
    assert_eq!(v["hub_cache"], env.cache().to_str().unwrap());
    assert_eq!(v["token_present"], false);
    let out = env.ok(&["env", "--endpoint", "http://127.0.0.1:9"]);
    assert!(out.contains("endpoint:        http://127.0.0.1:9"), "{out}");
    assert!(out.contains("token present:   no"), "{out}");
    let mut with_token = Env::new(&sim);
    with_token.set("HF_TOKEN", ALICE_READ_TOKEN);
    let out = with_token.ok(&["env"]);
    assert!(
        out.contains("token present:   yes (from HF_TOKEN)"),
        "{out}"
    );
    assert!(!out.contains(ALICE_READ_TOKEN));
}

#[test]
fn cache_scan_lists_downloads_and_cache_delete_frees_them() {
    let sim = common::sim();
    let env = Env::new(&sim);
    let out = env.ok(&["cache", "scan"]);
    assert_eq!(
        out.trim_end(),
        format!("Cache directory not found: {}", env.cache().display())
    );
    assert_eq!(env.json(&["cache", "scan"])["repos"], Value::Array(vec![]));

    env.ok(&["download", MODEL, "config.json"]);
    env.ok(&["download", DATASET, "README.md", "--repo-type", "dataset"]);
    let out = env.ok(&["cache", "scan"]);
    let lines: Vec<&str> = out.lines().collect();
    for h in [
        "REPO ID",
        "REPO TYPE",
        "SIZE ON DISK",
        "NB FILES",
        "LAST_ACCESSED",
        "LAST_MODIFIED",
        "REFS",
        "LOCAL PATH",
    ] {
        assert!(lines[0].contains(h), "{h}: {out}");
    }
    assert!(lines[1].starts_with("---"));
    let row = lines
        .iter()
        .find(|l| l.starts_with(MODEL))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains(" model "), "{row}");
    assert!(row.contains("a few seconds ago"), "{row}");
    assert!(row.contains(" main "), "{row}");
    assert!(row.ends_with("models--alice--tiny-model"), "{row}");
    assert!(lines.iter().any(|l| l.starts_with(DATASET)));
    assert!(
        out.contains("Done in ") && out.contains("Scanned 2 repo(s) for a total of "),
        "{out}"
    );

    let v = env.json(&["cache", "scan"]);
    let repos = v["repos"].as_array().unwrap();
    assert_eq!(repos.len(), 2);
    let model = repos.iter().find(|r| r["repo_id"] == MODEL).unwrap();
    assert_eq!(model["nb_files"], 1);

    // Deleting needs --yes or --dry-run.
    assert!(env.fails(&["cache", "delete", MODEL], 2).contains("--yes"));
    let v = env.json(&["cache", "delete", MODEL, "--dry-run"]);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["expected_freed_size"], model["size_on_disk"], "{v}");
    assert!(env.cache().join("models--alice--tiny-model").exists());
    let out = env.ok(&["cache", "delete", MODEL, "--yes"]);
    assert!(out.contains("Done."), "{out}");
    assert!(!env.cache().join("models--alice--tiny-model").exists());

    // By revision hash.
    let rev = env.json(&["cache", "scan"])["repos"][0]["revisions"][0]["commit_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    env.ok(&["cache", "delete", &rev, "--yes"]);
    assert!(!env.cache().join("datasets--alice--tiny-dataset").exists());
    let line = env.fails(&["cache", "delete", "alice/unknown", "--yes"], 3);
    assert!(line.starts_with("error: LocalEntryNotFound: "), "{line}");
}

#[test]
fn scan_reports_warnings() {
    let sim = common::sim();
    let env = Env::new(&sim);
    env.ok(&["download", MODEL, "config.json"]);
    fs::create_dir_all(env.cache().join("models--broken")).unwrap();
    fs::create_dir_all(env.cache().join("not-a-repo-folder")).unwrap();
    let out = env.ok(&["cache", "scan"]);
    assert!(out.contains("warning(s) while scanning"), "{out}");
    let v = env.json(&["cache", "scan"]);
    assert!(!v["warnings"].as_array().unwrap().is_empty());
}

/// Sends SIGINT to a child (no libc: the `kill` utility).
fn interrupt(pid: u32) {
    let st = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(st.success());
}

#[test]
fn ctrl_c_cancels_a_download_exits_130_and_leaves_no_partial_file() {
    let sim = common::sim();
    let env = Env::new(&sim);
    cdn_throttle(&sim, 256 * 1024);
    let child = env
        .command(&["download", MODEL, MODEL_BIG_FILE])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let blobs = env.cache().join("models--alice--tiny-model/blobs");
    let deadline = Instant::now() + Duration::from_secs(20);
    // Wait until bytes are being written to a temporary file.
    loop {
        let partial = fs::read_dir(&blobs)
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.metadata().map(|m| m.len() > 0).unwrap_or(false));
        if partial {
            break;
        }
        assert!(Instant::now() < deadline, "the download never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    interrupt(child.id());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert_eq!(stderr.trim_end(), "error: Cancelled: operation cancelled");
    assert!(out.stdout.is_empty());
    assert_eq!(common::files_under(&blobs), Vec::<String>::new());
    assert_eq!(
        common::files_under(&env.cache().join("models--alice--tiny-model/snapshots")),
        Vec::<String>::new()
    );
}

#[test]
fn ctrl_c_outside_a_transfer_exits_130_at_once() {
    let sim = common::sim();
    let env = Env::new(&sim);
    sim.inject(Fault {
        method: None,
        path_prefix: "/api/whoami-v2".into(),
        times: None,
        action: FaultAction::Delay { millis: 5000 },
    });
    let child = env
        .command(&["whoami", "--token", ALICE_READ_TOKEN])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while sim.requests().is_empty() {
        assert!(Instant::now() < deadline, "whoami never sent its request");
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    interrupt(child.id());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(out.stdout.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// A tmux server of its own (its own socket) running one command in a pane;
/// killed on drop.
struct Tmux {
    socket: String,
    /// Written with the command's exit code when it ends.
    done: PathBuf,
}

impl Tmux {
    /// Runs `hfhub ARGS` in a 160x20 pane, in `env`'s environment plus `extra`.
    fn start(env: &Env, args: &[&str], extra: &[(&str, &str)]) -> Tmux {
        let tag = fastrand::u64(..);
        let done = env.home.join(format!("exit-code-{tag}"));
        let mut vars = vec![
            ("PATH".to_owned(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".to_owned(), env.home.display().to_string()),
            ("HF_HOME".to_owned(), env.hf_home().display().to_string()),
            ("HF_ENDPOINT".to_owned(), env.endpoint.clone()),
            ("TERM".to_owned(), "xterm-256color".to_owned()),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let assignments: Vec<String> = vars
            .iter()
            .map(|(k, v)| format!("{k}={}", sh_quote(v)))
            .collect();
        let argv: Vec<String> = args.iter().map(|a| sh_quote(a)).collect();
        let script = format!(
            "env -i {} {} {}; echo $? > {d}.tmp; mv {d}.tmp {d}; sleep 60",
            assignments.join(" "),
            sh_quote(BIN),
            argv.join(" "),
            d = sh_quote(done.to_str().unwrap()),
        );
        let tmux = Tmux {
            socket: format!("hfhub-cli-{}-{tag}", std::process::id()),
            done,
        };
        let st = tmux.cmd(&[
            "new-session",
            "-d",
            "-s",
            "cli",
            "-x",
            "160",
            "-y",
            "20",
            "sh",
            "-c",
            &script,
        ]);
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "cli"]).stdout).into_owned()
    }

    fn finished(&self) -> bool {
        self.done.exists()
    }

    /// Waits for the command to end; returns its exit code.
    fn wait(&self, deadline: Instant) -> i32 {
        while Instant::now() < deadline && !self.finished() {
            std::thread::sleep(Duration::from_millis(100));
        }
        fs::read_to_string(&self.done)
            .expect("the command finished in time")
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn has_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: tmux is not installed");
    }
    ok
}

#[test]
fn progress_bars_show_in_a_terminal() {
    if !has_tmux() {
        return;
    }
    let sim = common::sim();
    let env = Env::new(&sim);
    // 3 MiB at 768 KiB/s: about four seconds.
    cdn_throttle(&sim, 768 * 1024);
    let tmux = Tmux::start(&env, &["download", MODEL, MODEL_BIG_FILE], &[]);

    // Mid-download: a bar with the file name, a byte count and a rate.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen_bar = None;
    while Instant::now() < deadline && !tmux.finished() {
        let screen = tmux.screen();
        let bar = screen.lines().find(|l| {
            l.contains(MODEL_BIG_FILE) && l.contains("MiB") && l.contains("/s") && l.contains('[')
        });
        if let Some(b) = bar {
            seen_bar = Some((b.to_owned(), screen.clone()));
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let (bar, screen) = seen_bar.expect("a progress bar was drawn");
    assert!(screen.contains("Downloading 0/1 file(s)"), "{screen}");
    assert!(
        bar.contains("/3.00 MiB"),
        "size of the file in the bar: {bar}"
    );
    assert!(bar.contains("ETA"), "{bar}");

    // Then it completes: exit 0, the total bar full, the path printed.
    assert_eq!(tmux.wait(deadline), 0, "{}", tmux.screen());
    let screen = tmux.screen();
    assert!(
        screen.contains("Downloading 1/1 file(s)") && screen.contains("3.00 MiB/3.00 MiB"),
        "{screen}"
    );
    let path_line = screen
        .lines()
        .any(|l| l.trim_end().ends_with(MODEL_BIG_FILE) && l.contains("snapshots"));
    assert!(path_line, "{screen}");
    let snapshots = env.cache().join("models--alice--tiny-model/snapshots");
    assert!(common::files_under(&snapshots)
        .iter()
        .any(|f| f.ends_with(MODEL_BIG_FILE)));
}

#[test]
fn no_progress_bars_with_quiet_or_hf_hub_disable_progress_bars() {
    if !has_tmux() {
        return;
    }
    let sim = common::sim();
    let env = Env::new(&sim);
    let deadline = Instant::now() + Duration::from_secs(30);
    for (args, extra) in [
        (
            vec!["download", MODEL, "model.safetensors"],
            vec![("HF_HUB_DISABLE_PROGRESS_BARS", "1")],
        ),
        (
            vec!["--quiet", "download", MODEL, "onnx/model.onnx"],
            vec![],
        ),
    ] {
        let tmux = Tmux::start(&env, &args, &extra);
        assert_eq!(tmux.wait(deadline), 0, "{}", tmux.screen());
        let screen = tmux.screen();
        let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "only the path: {screen}");
        assert!(lines[0].contains("snapshots"), "{screen}");
    }
    // The same download with bars leaves the total bar on screen.
    let tmux = Tmux::start(
        &env,
        &["download", MODEL, "README.md", "--force-download"],
        &[],
    );
    assert_eq!(tmux.wait(deadline), 0);
    assert!(
        tmux.screen().contains("Downloading 1/1 file(s)"),
        "{}",
        tmux.screen()
    );
}
