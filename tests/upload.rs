//! Uploads and commits against an in-process hubsim: round trips through the download
//! path, pull requests, stale parents, failing storage, path validation, and the token never
//! reaching the storage host.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use hfhub::types::{
    CommitOperation, CommitOperationAdd, CommitOperationCopy, CommitOperationDelete,
};
use hfhub::{
    CreateCommitOptions, CreateRepoOptions, Error, HfHubDownloadOptions, ListRepoCommitsOptions,
    ListRepoFilesOptions, ListRepoRefsOptions, SnapshotDownloadOptions, UploadFileOptions,
    UploadFolderOptions,
};
use hubsim::seed::{ALICE_READ_TOKEN, ALICE_WRITE_TOKEN};
use hubsim::Fault;

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "hfhub-upload-{tag}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    fs::create_dir_all(&d).unwrap();
    d
}

fn write(root: &Path, rel: &str, data: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, data).unwrap();
}

fn pseudo_random(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn head(client: &hfhub::Client, repo: &str, rev: &str) -> String {
    client
        .list_repo_commits(
            repo,
            &ListRepoCommitsOptions {
                revision: Some(rev.into()),
                ..Default::default()
            },
        )
        .next()
        .unwrap()
        .unwrap()
        .commit_id
}

fn new_repo(client: &hfhub::Client, name: &str) -> String {
    let id = format!("alice/{name}");
    client
        .create_repo(&id, &CreateRepoOptions::default())
        .unwrap();
    id
}

fn storage_puts(sim: &hubsim::Server) -> Vec<hubsim::RecordedRequest> {
    sim.requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.starts_with("/_cdn/upload/"))
        .collect()
}

#[test]
fn upload_folder_round_trip() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "round-trip");
    let dir = temp_dir("rt");
    let big = pseudo_random(3 * 1024 * 1024 + 17, 7);
    let binary = {
        let mut b = pseudo_random(4000, 3);
        b[10] = 0;
        b
    };
    write(&dir, "README.md", b"# round trip\n");
    write(&dir, "config.json", b"{\"a\": 1}\n");
    write(&dir, "empty.txt", b"");
    write(&dir, "data/blob.dat", &binary);
    write(&dir, "weights/model.bin", &big);
    write(
        &dir,
        "notes/caf\u{e9}.txt",
        "d\u{e9}j\u{e0} vu\n".as_bytes(),
    );
    write(&dir, ".git/config", b"[core]\n");
    write(&dir, ".cache/huggingface/upload/x.metadata", b"1\n");
    write(&dir, "logs/run.tmp", b"skip me\n");

    let info = client
        .upload_folder(
            &repo,
            &dir,
            &UploadFolderOptions {
                ignore_patterns: Some(vec!["*.tmp".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(info.oid.len(), 40);
    assert_eq!(info.commit_message, "Upload folder using huggingface_hub");
    assert!(info
        .commit_url
        .ends_with(&format!("/{repo}/commit/{}", info.oid)));
    assert_eq!(info.pr_url, None);

    // two LFS objects went to storage, on the other host name, without the Hub token, with
    // an exact Content-Length
    let puts = storage_puts(&sim);
    assert_eq!(puts.len(), 2, "{:?}", common::targets(&sim));
    for put in &puts {
        assert!(
            put.header("authorization").is_none(),
            "token sent to storage"
        );
        assert!(put.header("host").unwrap().starts_with("localhost:"));
        let len: usize = put.header("content-length").unwrap().parse().unwrap();
        assert_eq!(len, put.body.len());
    }
    assert!(sim
        .requests()
        .iter()
        .filter(|r| !r.path.starts_with("/_cdn/"))
        .all(|r| r.header("authorization") == Some(&*format!("Bearer {ALICE_WRITE_TOKEN}"))));
    // one preupload, one LFS batch, two verify calls, one commit (plus the create_repo)
    let commits: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/commit/"))
        .collect();
    assert_eq!(commits.len(), 1);

    let mut files: Vec<String> = client
        .list_repo_files(&repo, &ListRepoFilesOptions::default())
        .map(Result::unwrap)
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".gitattributes",
            "README.md",
            "config.json",
            "data/blob.dat",
            "empty.txt",
            "notes/caf\u{e9}.txt",
            "weights/model.bin"
        ]
    );

    let fresh = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let snap = fresh
        .snapshot_download(&repo, &SnapshotDownloadOptions::default())
        .unwrap();
    for rel in [
        "README.md",
        "config.json",
        "empty.txt",
        "data/blob.dat",
        "weights/model.bin",
        "notes/caf\u{e9}.txt",
    ] {
        assert_eq!(
            fs::read(snap.join(rel)).unwrap(),
            fs::read(dir.join(rel)).unwrap(),
            "{rel}"
        );
    }
    let one = common::client(&sim, None)
        .hf_hub_download(&repo, "weights/model.bin", &HfHubDownloadOptions::default())
        .unwrap();
    assert_eq!(fs::read(one).unwrap(), big);

    let commits: Vec<_> = client
        .list_repo_commits(&repo, &ListRepoCommitsOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(commits[0].commit_id, info.oid);
    assert_eq!(commits[0].title, "Upload folder using huggingface_hub");
    assert_eq!(commits.len(), 2);

    // the LFS files are LFS in the tree, the small text ones regular
    let entries = client
        .get_paths_info(
            &repo,
            &["weights/model.bin", "data/blob.dat", "config.json"],
            &Default::default(),
        )
        .unwrap();
    for e in entries {
        if let hfhub::types::RepoTreeEntry::File(f) = e {
            assert_eq!(f.lfs.is_some(), f.path != "config.json", "{}", f.path);
        }
    }

    // uploading the same folder again with delete_patterns removes what is gone locally
    fs::remove_file(dir.join("config.json")).unwrap();
    sim.clear_requests();
    client
        .upload_folder(
            &repo,
            &dir,
            &UploadFolderOptions {
                ignore_patterns: Some(vec!["*.tmp".into()]),
                delete_patterns: Some(vec!["*.json".into(), ".gitattributes".into()]),
                commit_message: Some("sync".into()),
                ..Default::default()
            },
        )
        .unwrap();
    // the objects are already stored: no storage PUT this time
    assert!(storage_puts(&sim).is_empty());
    let files: Vec<String> = client
        .list_repo_files(&repo, &ListRepoFilesOptions::default())
        .map(Result::unwrap)
        .collect();
    assert!(!files.contains(&"config.json".to_string()));
    assert!(files.contains(&".gitattributes".to_string()));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn create_pr_opens_a_pull_request_ref() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = "alice/tiny-model";
    let main_before = head(&client, repo, "main");
    let info = client
        .upload_file(
            repo,
            vec![0u8; 64],
            "extra/weights.bin",
            &UploadFileOptions {
                create_pr: true,
                commit_message: Some("Add weights".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let num = info.pr_num.expect("a PR number");
    assert_eq!(
        info.pr_revision.as_deref(),
        Some(&*format!("refs/pr/{num}"))
    );
    assert!(info
        .pr_url
        .as_deref()
        .unwrap()
        .ends_with(&format!("/discussions/{num}")));
    let refs = client
        .list_repo_refs(
            repo,
            &ListRepoRefsOptions {
                include_pull_requests: true,
                ..Default::default()
            },
        )
        .unwrap();
    let pr = refs
        .pull_requests
        .unwrap()
        .into_iter()
        .find(|r| r.git_ref == format!("refs/pr/{num}"))
        .unwrap();
    assert_eq!(pr.target_commit, info.oid);
    assert_eq!(head(&client, repo, "main"), main_before, "main moved");
    let path = client
        .hf_hub_download(
            repo,
            "extra/weights.bin",
            &HfHubDownloadOptions {
                revision: Some(format!("refs/pr/{num}")),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(fs::read(path).unwrap(), vec![0u8; 64]);
    let details = client
        .get_discussion_details(repo, num, &Default::default())
        .unwrap();
    assert!(details.is_pull_request);
    assert_eq!(details.title, "Add weights");
}

#[test]
fn stale_parent_commit_is_a_conflict_and_commits_nothing() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = "alice/tiny-model";
    let old = head(&client, repo, "main");
    client
        .upload_file(repo, b"one".to_vec(), "one.txt", &Default::default())
        .unwrap();
    let current = head(&client, repo, "main");
    let err = client
        .upload_file(
            repo,
            b"two".to_vec(),
            "two.txt",
            &UploadFileOptions {
                parent_commit: Some(old),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert_eq!(err.status(), Some(412));
    assert!(
        err.to_string().contains("A commit has happened since"),
        "{err}"
    );
    assert_eq!(head(&client, repo, "main"), current);
    // the current head as parent is fine
    let ok = client
        .upload_file(
            repo,
            b"two".to_vec(),
            "two.txt",
            &UploadFileOptions {
                parent_commit: Some(current.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_ne!(ok.oid, current);
}

#[test]
fn failing_storage_put_commits_nothing() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = "alice/tiny-model";
    let before = head(&client, repo, "main");
    sim.inject(Fault::status("/_cdn/upload/", 500).method("PUT"));
    sim.clear_requests();
    let err = client
        .upload_file(repo, vec![1u8, 0, 2, 0, 3], "blob.bin", &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    // retried (idempotent PUT), then given up; the commit was never posted
    assert!(storage_puts(&sim).len() > 1);
    assert!(!sim.requests().iter().any(|r| r.path.contains("/commit/")));
    sim.clear_faults();
    assert_eq!(head(&client, repo, "main"), before);
}

#[test]
fn a_failing_commit_post_is_not_retried() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    sim.inject(Fault::status("/api/models/alice/tiny-model/commit/", 503).method("POST"));
    let err = client
        .upload_file(
            "alice/tiny-model",
            b"x".to_vec(),
            "x.txt",
            &Default::default(),
        )
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let posts = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/commit/"))
        .count();
    assert_eq!(posts, 1);
}

#[test]
fn invalid_input_fails_before_any_request() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    for bad in [
        "../x",
        ".git/config",
        "a/.git/b",
        ".cache/huggingface/x",
        "",
        "a/../b",
    ] {
        let err = client
            .upload_file("alice/tiny-model", b"x".to_vec(), bad, &Default::default())
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err:?}");
    }
    let add: CommitOperation = CommitOperationAdd::from_bytes("a.txt", b"x".to_vec())
        .unwrap()
        .into();
    let err = client
        .create_commit(
            "alice/tiny-model",
            std::slice::from_ref(&add),
            "",
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    for parent in ["xyz12", "abcd", &"a".repeat(41)] {
        let err = client
            .create_commit(
                "alice/tiny-model",
                std::slice::from_ref(&add),
                "msg",
                &CreateCommitOptions {
                    parent_commit: Some(parent.to_string()),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{parent}: {err:?}");
    }
    // a struct built by hand is validated again
    let sneaky = CommitOperation::Delete(CommitOperationDelete {
        path_in_repo: "../../etc".into(),
        is_folder: true,
    });
    assert!(matches!(
        client.create_commit("alice/tiny-model", &[sneaky], "m", &Default::default()),
        Err(Error::InvalidInput(_))
    ));
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));
    // is_folder "auto"
    assert!(CommitOperationDelete::new("dir/").unwrap().is_folder);
    assert!(!CommitOperationDelete::new("dir").unwrap().is_folder);
}

#[test]
fn read_tokens_and_unknown_repos_are_refused() {
    let sim = common::sim();
    let reader = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = reader
        .upload_file(
            "alice/tiny-model",
            b"x".to_vec(),
            "x.txt",
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    let writer = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let err = writer
        .upload_file(
            "alice/no-such-repo",
            b"x".to_vec(),
            "x.txt",
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::RepoNotFound(_)), "{err:?}");
    let err = writer
        .upload_file(
            "alice/tiny-model",
            b"x".to_vec(),
            "x.txt",
            &UploadFileOptions {
                revision: Some("no-such-branch".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::RevisionNotFound(_)), "{err:?}");
}

#[test]
fn delete_and_copy_operations() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = "alice/tiny-model";
    let files = |c: &hfhub::Client| -> Vec<String> {
        c.list_repo_files(repo, &ListRepoFilesOptions::default())
            .map(Result::unwrap)
            .collect()
    };
    let info = client
        .create_commit(
            repo,
            &[
                CommitOperationCopy::new("model.safetensors", "backup/model.safetensors", None)
                    .unwrap()
                    .into(),
                CommitOperationCopy::new("config.json", "backup/config.json", None)
                    .unwrap()
                    .into(),
                CommitOperationDelete::new("onnx/").unwrap().into(),
            ],
            "Copy and delete",
            &Default::default(),
        )
        .unwrap();
    assert_eq!(info.commit_message, "Copy and delete");
    let now = files(&client);
    assert!(!now.iter().any(|f| f.starts_with("onnx/")));
    for (a, b) in [
        ("model.safetensors", "backup/model.safetensors"),
        ("config.json", "backup/config.json"),
    ] {
        let get = |f: &str| {
            fs::read(
                client
                    .hf_hub_download(repo, f, &HfHubDownloadOptions::default())
                    .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(get(a), get(b), "{b}");
    }
    client
        .delete_file(repo, "backup/config.json", &Default::default())
        .unwrap();
    client
        .delete_folder(repo, "backup", &Default::default())
        .unwrap();
    let now = files(&client);
    assert!(!now.iter().any(|f| f.starts_with("backup/")));
    let commits: Vec<_> = client
        .list_repo_commits(repo, &ListRepoCommitsOptions::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        commits[0].title,
        "Delete folder backup with huggingface_hub"
    );
    assert_eq!(
        commits[1].title,
        "Delete backup/config.json with huggingface_hub"
    );
    // deleting what is not there is the Hub's EntryNotFound
    let err = client
        .delete_file(repo, "backup/config.json", &Default::default())
        .unwrap_err();
    assert!(matches!(err, Error::EntryNotFound(_)), "{err:?}");
    // copying a missing file fails before the commit
    let err = client
        .create_commit(
            repo,
            &[CommitOperationCopy::new("nope.bin", "x.bin", None)
                .unwrap()
                .into()],
            "m",
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::EntryNotFound(_)), "{err:?}");
}

#[test]
fn operations_through_the_dispatch_table() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let dir = temp_dir("dispatch");
    write(&dir, "local.txt", b"from disk\n");
    let out = hfhub::dispatch::call(
        &client,
        "create_commit",
        serde_json::json!({
            "repo_id": "alice/tiny-model",
            "commit_message": "Dispatch",
            "operations": [
                {"operation": "add", "path_in_repo": "a.txt", "content_base64": "aGk="},
                {"operation": "add", "path_in_repo": "b.txt",
                 "path_or_fileobj": dir.join("local.txt").to_str().unwrap()},
                {"operation": "delete", "path_in_repo": "special/", "is_folder": "auto"},
            ],
        }),
    )
    .unwrap();
    assert_eq!(out["commit_message"], "Dispatch");
    assert_eq!(out["oid"].as_str().unwrap().len(), 40);
    let read = |f: &str| {
        fs::read(
            client
                .hf_hub_download("alice/tiny-model", f, &HfHubDownloadOptions::default())
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(read("a.txt"), b"hi");
    assert_eq!(read("b.txt"), b"from disk\n");
    let bad = hfhub::dispatch::call(
        &client,
        "create_commit",
        serde_json::json!({"repo_id": "alice/tiny-model", "commit_message": "x",
            "operations": [{"operation": "add", "path_in_repo": "../a", "content_base64": "aGk="}]}),
    )
    .unwrap_err();
    assert!(matches!(bad, Error::InvalidInput(_)), "{bad:?}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn multipart_upload_with_part_retries() {
    let sim = common::sim();
    sim.set_multipart_chunk_size(Some(1024 * 1024));
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "multipart");
    let dir = temp_dir("mp");
    let data = pseudo_random(3 * 1024 * 1024 + 5, 11);
    write(&dir, "big.bin", &data);
    // the second part fails twice, then succeeds
    sim.inject(
        Fault::status("/_cdn/upload-part/", 503)
            .times(2)
            .method("PUT"),
    );
    sim.clear_requests();
    let info = client
        .upload_file(&repo, dir.join("big.bin"), "big.bin", &Default::default())
        .unwrap();
    let parts: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/upload-part/"))
        .collect();
    assert_eq!(parts.len(), 4 + 2, "{:?}", common::targets(&sim));
    for p in parts.iter().filter(|p| !p.faulted) {
        assert!(p.header("authorization").is_none());
        let len: usize = p.header("content-length").unwrap().parse().unwrap();
        assert_eq!(len, p.body.len());
    }
    let completion = sim
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/complete_multipart")
        .unwrap();
    assert!(completion.header("authorization").is_none());
    let body: serde_json::Value = serde_json::from_slice(&completion.body).unwrap();
    assert_eq!(body["parts"].as_array().unwrap().len(), 4);
    assert_eq!(head(&client, &repo, "main"), info.oid);
    let path = common::client(&sim, None)
        .hf_hub_download(&repo, "big.bin", &HfHubDownloadOptions::default())
        .unwrap();
    assert_eq!(fs::read(path).unwrap(), data);

    // a part failing for good: an error, and no commit
    sim.inject(Fault::status("/_cdn/upload-part/", 500).method("PUT"));
    write(&dir, "big2.bin", &pseudo_random(2 * 1024 * 1024 + 1, 12));
    let err = client
        .upload_file(&repo, dir.join("big2.bin"), "big2.bin", &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(head(&client, &repo, "main"), info.oid);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_cancelled_commit_sends_nothing() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let token = hfhub::CancelToken::new();
    token.cancel();
    let add: CommitOperation = CommitOperationAdd::from_bytes("a.txt", b"x".to_vec())
        .unwrap()
        .into();
    let err = client
        .create_commit_with(
            "alice/tiny-model",
            &[add],
            "msg",
            &Default::default(),
            &mut hfhub::Hooks::new().cancel(&token),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err:?}");
    assert!(sim.requests().is_empty());
}

#[test]
fn invalid_model_card_metadata_fails_before_any_upload() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let before = head(&client, "alice/tiny-model", "main");
    sim.clear_requests();
    let err = client
        .upload_file(
            "alice/tiny-model",
            b"---\nlicense: mit\n\tbad: indent\n---\n# card\n".to_vec(),
            "README.md",
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(
        err.to_string().contains("Invalid metadata in README.md"),
        "{err}"
    );
    assert!(err.to_string().contains("tabs"), "{err}");
    assert_eq!(common::targets(&sim), ["POST /api/validate-yaml"]);
    assert_eq!(head(&client, "alice/tiny-model", "main"), before);
    // a valid card goes through
    client
        .upload_file(
            "alice/tiny-model",
            b"---\nlicense: mit\ntags:\n- x\n---\n# card\n".to_vec(),
            "README.md",
            &Default::default(),
        )
        .unwrap();
}

#[test]
fn unchanged_files_are_not_committed_again() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "noop");
    let dir = temp_dir("noop");
    write(&dir, "a.txt", b"same\n");
    write(&dir, "w.bin", &pseudo_random(5000, 1));
    let first = client
        .upload_folder(&repo, &dir, &Default::default())
        .unwrap();
    sim.clear_requests();
    let again = client
        .upload_folder(&repo, &dir, &Default::default())
        .unwrap();
    assert_eq!(again.oid, first.oid);
    assert!(again
        .commit_url
        .ends_with(&format!("/{repo}/commit/{}", first.oid)));
    let targets = common::targets(&sim);
    assert!(
        !targets.iter().any(|t| t.contains("/commit/")),
        "{targets:?}"
    );
    assert!(
        !targets.iter().any(|t| t.contains("lfs/objects")),
        "{targets:?}"
    );
    // one changed file: only it is committed
    write(&dir, "a.txt", b"changed\n");
    let third = client
        .upload_folder(&repo, &dir, &Default::default())
        .unwrap();
    assert_ne!(third.oid, first.oid);
    let commit = sim
        .requests()
        .into_iter()
        .find(|r| r.path.contains("/commit/"))
        .unwrap();
    let body = String::from_utf8(commit.body).unwrap();
    assert_eq!(body.lines().count(), 2, "{body}");
    assert!(body.contains("\"path\": \"a.txt\""), "{body}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn preuploaded_lfs_files_are_not_uploaded_again() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let add = CommitOperationAdd::from_bytes("pre/w.bin", pseudo_random(70_000, 5)).unwrap();
    client
        .preupload_lfs_files(
            "alice/tiny-model",
            std::slice::from_ref(&add),
            &Default::default(),
        )
        .unwrap();
    assert_eq!(storage_puts(&sim).len(), 1);
    assert!(!common::targets(&sim).iter().any(|t| t.contains("/commit/")));
    sim.clear_requests();
    client
        .create_commit(
            "alice/tiny-model",
            &[add.into()],
            "pre",
            &Default::default(),
        )
        .unwrap();
    assert!(storage_puts(&sim).is_empty());
    let path = client
        .hf_hub_download(
            "alice/tiny-model",
            "pre/w.bin",
            &HfHubDownloadOptions::default(),
        )
        .unwrap();
    assert_eq!(fs::read(path).unwrap(), pseudo_random(70_000, 5));
}

#[test]
fn lfs_uploads_report_progress() {
    let sim = common::sim();
    sim.set_multipart_chunk_size(Some(1024 * 1024));
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let ops: Vec<CommitOperation> = vec![
        CommitOperationAdd::from_bytes("p/a.bin", pseudo_random(2 * 1024 * 1024 + 3, 21))
            .unwrap()
            .into(),
        CommitOperationAdd::from_bytes("p/b.bin", pseudo_random(1000, 22))
            .unwrap()
            .into(),
        CommitOperationAdd::from_bytes("p/c.txt", b"text".to_vec())
            .unwrap()
            .into(),
    ];
    let mut events = Vec::new();
    let mut sink = |e: &hfhub::ProgressEvent| events.push(e.clone());
    client
        .create_commit_with(
            "alice/tiny-model",
            &ops,
            "progress",
            &Default::default(),
            &mut hfhub::Hooks::new().progress(&mut sink),
        )
        .unwrap();
    let total = (2 * 1024 * 1024 + 3 + 1000) as u64;
    let finished: Vec<_> = events
        .iter()
        .filter(|e| e.kind == hfhub::ProgressKind::Finished)
        .collect();
    assert_eq!(finished.len(), 2, "{events:?}");
    let last = events.last().unwrap();
    assert_eq!((last.total_done, last.total_bytes), (total, Some(total)));
    assert_eq!(last.file_count, 2);
    // the multipart file moved part by part (3 parts)
    let a_progress = events
        .iter()
        .filter(|e| e.path == "p/a.bin" && e.kind == hfhub::ProgressKind::Progress)
        .count();
    assert_eq!(a_progress, 3);
}
