//! Background work against an in-process hubsim: additions from one-shot readers,
//! `run_as_future` (order, panics, timeouts, the job thread's end) and `CommitScheduler`.

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use hfhub::types::{CommitOperation, CommitOperationAdd};
use hfhub::{
    CommitScheduler, CommitSchedulerOptions, CreateCommitOptions, CreateRepoOptions, Error,
    HfHubDownloadOptions, ListRepoCommitsOptions, UploadFileOptions,
};
use hubsim::seed::ALICE_WRITE_TOKEN;

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "hfhub-background-{tag}-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    fs::create_dir_all(&d).unwrap();
    d
}

fn new_repo(client: &hfhub::Client, name: &str) -> String {
    let id = format!("alice/{name}");
    client
        .create_repo(&id, &CreateRepoOptions::default())
        .unwrap();
    id
}

fn commit_titles(client: &hfhub::Client, repo: &str) -> Vec<String> {
    client
        .list_repo_commits(repo, &ListRepoCommitsOptions::default())
        .map(|c| c.unwrap().title)
        .collect()
}

/// For every commit POST to `repo` (oldest first): the kinds and paths of its lines.
fn commit_bodies(sim: &hubsim::Server, repo: &str) -> Vec<Vec<(String, String)>> {
    let prefix = format!("/api/models/{repo}/commit/");
    sim.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.starts_with(&prefix) && r.status == Some(200))
        .map(|r| {
            String::from_utf8(r.body)
                .unwrap()
                .lines()
                .skip(1)
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    (
                        v["key"].as_str().unwrap().to_string(),
                        v["value"]["path"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

fn paths_of(lines: &[(String, String)]) -> Vec<&str> {
    let mut p: Vec<&str> = lines.iter().map(|(_, p)| p.as_str()).collect();
    p.sort_unstable();
    p
}

fn download(sim: &hubsim::Server, repo: &str, file: &str) -> Vec<u8> {
    let path = common::client(sim, Some(ALICE_WRITE_TOKEN))
        .hf_hub_download(repo, file, &HfHubDownloadOptions::default())
        .unwrap();
    fs::read(path).unwrap()
}

/// A reader generating `len` pseudo-random bytes on the fly (never held in memory), that
/// records the largest read it was asked for.
struct Generated {
    left: u64,
    state: u64,
    max_read: Arc<AtomicUsize>,
}

impl Generated {
    fn new(len: u64, seed: u64) -> (Generated, Arc<AtomicUsize>) {
        let max_read = Arc::new(AtomicUsize::new(0));
        (
            Generated {
                left: len,
                state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
                max_read: Arc::clone(&max_read),
            },
            max_read,
        )
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.max_read.fetch_max(buf.len(), Ordering::Relaxed);
        let n = (buf.len() as u64).min(self.left) as usize;
        for b in &mut buf[..n] {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            *b = (self.state >> 24) as u8;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn generated_bytes(len: u64, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    Generated::new(len, seed).0.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn reader_additions_are_spooled_hashed_and_uploaded() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "from-readers");
    let big_len = 5 * 1024 * 1024 + 3;
    let (big_reader, max_read) = Generated::new(big_len, 7);
    let small = b"{\"model_type\": \"bert\"}\n".to_vec();
    let small_reader = std::io::Cursor::new(small.clone());
    let ops: Vec<CommitOperation> = vec![
        CommitOperationAdd::from_reader("weights/big.bin", big_reader, big_len)
            .unwrap()
            .into(),
        CommitOperationAdd::from_reader("config.json", small_reader, small.len() as u64)
            .unwrap()
            .into(),
    ];
    sim.clear_requests();
    client
        .create_commit(&repo, &ops, "from readers", &CreateCommitOptions::default())
        .unwrap();
    // the big file went through LFS (one storage PUT of the whole content), the small one
    // inline
    let bodies = commit_bodies(&sim, &repo);
    assert_eq!(bodies.len(), 1);
    let mut kinds = bodies[0].clone();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            ("file".to_string(), "config.json".to_string()),
            ("lfsFile".to_string(), "weights/big.bin".to_string())
        ]
    );
    let puts: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.starts_with("/_cdn/upload/"))
        .collect();
    assert_eq!(puts.len(), 1);
    // the reader was read in bounded chunks (never asked for the whole content at once)
    let max = max_read.load(Ordering::Relaxed);
    assert!(max > 0 && max <= 1 << 20, "largest read: {max}");
    assert_eq!(
        download(&sim, &repo, "weights/big.bin"),
        generated_bytes(big_len, 7)
    );
    assert_eq!(download(&sim, &repo, "config.json"), small);

    // a spooled reader can be committed again (the spool is re-read, not the reader)
    let spooled = match &ops[1] {
        CommitOperation::Add(a) => match &a.source {
            hfhub::types::AddSource::Reader(r) => r.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert!(spooled.is_spooled());
    assert_eq!(spooled.size(), small.len() as u64);
    let again = CommitOperationAdd {
        path_in_repo: "copy/config.json".into(),
        source: hfhub::types::AddSource::Reader(spooled),
    };
    client
        .create_commit(
            &repo,
            &[again.into()],
            "again",
            &CreateCommitOptions::default(),
        )
        .unwrap();
    assert_eq!(download(&sim, &repo, "copy/config.json"), small);
}

#[test]
fn a_reader_of_the_wrong_size_commits_nothing() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "lying-readers");
    let before = commit_titles(&client, &repo);
    for (actual, declared) in [(10u64, 11u64), (11, 10), (3 * 1024 * 1024, 1024 * 1024)] {
        let op = CommitOperationAdd::from_reader("a.bin", Generated::new(actual, 1).0, declared)
            .unwrap();
        let err = client
            .create_commit(
                &repo,
                &[op.clone().into()],
                "lies",
                &CreateCommitOptions::default(),
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(ref m) if m.contains("declared size")),
            "{actual} vs {declared}: {err}"
        );
        // the content is gone: the same operation keeps failing, with a clear message
        let err = client
            .create_commit(&repo, &[op.into()], "lies", &CreateCommitOptions::default())
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(ref m) if m.contains("cannot be read again")),
            "{err}"
        );
    }
    // a reader failing with an I/O error
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let op = CommitOperationAdd::from_reader("b.bin", Broken, 5).unwrap();
    let err = client
        .upload_file(&repo, op.source, "b.bin", &UploadFileOptions::default())
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert_eq!(commit_titles(&client, &repo), before);
}

#[test]
fn jobs_run_in_order_on_one_background_thread() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let log = Arc::new(Mutex::new(Vec::new()));
    let caller = std::thread::current().id();
    let mut handles = Vec::new();
    for i in 0..5u64 {
        let log = Arc::clone(&log);
        // later jobs are quicker: only a FIFO single worker keeps the order
        handles.push(client.run_as_future(move |_| {
            std::thread::sleep(Duration::from_millis(40 - 8 * i));
            log.lock().unwrap().push((i, std::thread::current().id()));
            Ok(i * 10)
        }));
    }
    // a clone shares the queue
    let clone = client.clone();
    let last = clone.run_as_future({
        let log = Arc::clone(&log);
        move |c| {
            log.lock().unwrap().push((99, std::thread::current().id()));
            c.whoami().map(|w| w.name)
        }
    });
    let results: Vec<u64> = handles.into_iter().map(|h| h.wait().unwrap()).collect();
    assert_eq!(results, vec![0, 10, 20, 30, 40]);
    assert_eq!(last.wait().unwrap(), "alice");
    let log = log.lock().unwrap();
    assert_eq!(
        log.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        vec![0, 1, 2, 3, 4, 99]
    );
    let worker = log[0].1;
    assert_ne!(worker, caller);
    assert!(log.iter().all(|(_, t)| *t == worker));
}

#[test]
fn a_panicking_job_fails_its_handle_and_the_queue_goes_on() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let bad = client.run_as_future(|_| -> hfhub::Result<u32> { panic!("boom in a job") });
    let good = client.run_as_future(|_| Ok(7u32));
    let err = bad.wait().unwrap_err();
    assert!(
        matches!(err, Error::Panicked(ref m) if m.contains("boom in a job")),
        "{err}"
    );
    assert_eq!(good.wait().unwrap(), 7);
    // job errors come back as they are
    let failing =
        client.run_as_future(|c| c.model_info("alice/no-such-model", &Default::default()));
    assert!(failing.wait().unwrap_err().is_repo_not_found());
}

#[test]
fn wait_timeout_and_is_done() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let (tx, rx) = mpsc::channel::<()>();
    let mut h = client.run_as_future(move |_| {
        rx.recv_timeout(Duration::from_secs(20))
            .map_err(|_| hfhub::Error::Cancelled)?;
        Ok("released")
    });
    assert!(!h.is_done());
    let t = Instant::now();
    assert!(h.wait_timeout(Duration::from_millis(100)).is_none());
    assert!(t.elapsed() >= Duration::from_millis(100));
    assert!(!h.is_done());
    tx.send(()).unwrap();
    assert_eq!(
        h.wait_timeout(Duration::from_secs(20)).unwrap().unwrap(),
        "released"
    );
    assert!(h.is_done());
    // the result is given once
    assert!(matches!(
        h.wait_timeout(Duration::from_millis(1)),
        Some(Err(Error::InvalidInput(_)))
    ));
}

#[test]
fn the_job_thread_ends_with_the_last_client() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let clone = client.clone();
    let h = client.run_as_future(|_| Ok(1));
    let (tx, rx) = mpsc::channel::<()>();
    // a job still queued keeps the thread (and the client) alive after the caller's drop
    let pending = clone.run_as_future(move |c| {
        rx.recv_timeout(Duration::from_secs(20))
            .map_err(|_| hfhub::Error::Cancelled)?;
        Ok(c.endpoint().to_string())
    });
    drop(client);
    drop(clone);
    assert!(!h.worker_exited());
    tx.send(()).unwrap();
    assert_eq!(pending.wait().unwrap(), sim.url().trim_end_matches('/'));
    // the last clone was dropped on the job thread: it ends on its own, promptly
    eventually("the job thread to end", || h.worker_exited());
    assert_eq!(h.wait().unwrap(), 1);
}

#[test]
fn dropping_the_last_client_after_a_job_joins_its_thread() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let h = client.run_as_future(|c| Ok(c.endpoint().len()));
    let mut h2 = client.run_as_future(|_| Ok(2));
    assert!(h2.wait_timeout(Duration::from_secs(20)).is_some());
    assert!(!h.worker_exited());
    drop(client);
    assert!(h.worker_exited());
    assert!(h.wait().unwrap() > 0);
}

#[test]
fn upload_shortcuts_run_as_future_in_order() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "futures");
    let dir = temp_dir("futures");
    fs::write(dir.join("f.txt"), b"folder file").unwrap();
    let a = client.upload_file_future(
        &repo,
        b"first".to_vec(),
        "a.txt",
        UploadFileOptions::default(),
    );
    let b = client.create_commit_future(
        &repo,
        vec![CommitOperationAdd::from_bytes("b.txt", b"second".to_vec())
            .unwrap()
            .into()],
        "second commit",
        CreateCommitOptions::default(),
    );
    let c = client.upload_folder_future(&repo, &dir, Default::default());
    let (a, b, c) = (a.wait().unwrap(), b.wait().unwrap(), c.wait().unwrap());
    assert_ne!(a.oid, b.oid);
    let titles = commit_titles(&client, &repo);
    assert_eq!(
        &titles[..3],
        &[
            "Upload folder using huggingface_hub".to_string(),
            "second commit".to_string(),
            "Upload a.txt with huggingface_hub".to_string()
        ]
    );
    assert_eq!(
        client
            .list_repo_commits(&repo, &ListRepoCommitsOptions::default())
            .next()
            .unwrap()
            .unwrap()
            .commit_id,
        c.oid
    );
    // through the dispatch table, `run_as_future` is accepted and the call completes
    let v = hfhub::dispatch::call(
        &client,
        "upload_file",
        serde_json::json!({"repo_id": repo, "path_in_repo": "d.txt", "content_base64": "ZA==",
                           "run_as_future": true}),
    )
    .unwrap();
    assert_eq!(v["commit_message"], "Upload d.txt with huggingface_hub");
    assert_eq!(download(&sim, &repo, "d.txt"), b"d");
    assert!(hfhub::dispatch::call(
        &client,
        "upload_file",
        serde_json::json!({"repo_id": repo, "path_in_repo": "d.txt", "content_base64": "ZA==",
                           "run_as_future": "yes"}),
    )
    .is_err());
}

fn write(root: &Path, rel: &str, data: &[u8]) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, data).unwrap();
}

/// Waits (bounded) until `cond` holds.
fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn scheduler_pushes_only_changed_files() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let dir = temp_dir("sched");
    write(&dir, "a.txt", b"a1");
    write(&dir, "logs/b.txt", b"b1");
    write(&dir, "skip.tmp", b"ignored");
    write(&dir, ".git/HEAD", b"never");
    let repo = "alice/scheduled";
    let scheduler = CommitScheduler::new(
        &client,
        repo,
        &dir,
        Duration::from_secs(3600),
        CommitSchedulerOptions {
            path_in_repo: Some("data/".into()),
            ignore_patterns: Some(vec!["*.tmp".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(scheduler.repo_id(), repo);
    // the first push is made at once; a trigger queued after it finds nothing new
    assert!(scheduler.trigger().wait().unwrap().is_none());
    let bodies = commit_bodies(&sim, repo);
    assert_eq!(bodies.len(), 1);
    assert_eq!(paths_of(&bodies[0]), vec!["data/a.txt", "data/logs/b.txt"]);
    assert_eq!(commit_titles(&client, repo)[0], "Scheduled Commit");

    // append to one file, add another: only those two are pushed
    write(&dir, "logs/b.txt", b"b1b2");
    write(&dir, "c.txt", b"c1");
    let info = scheduler.trigger().wait().unwrap().expect("a commit");
    assert_eq!(info.commit_message, "Scheduled Commit");
    let bodies = commit_bodies(&sim, repo);
    assert_eq!(bodies.len(), 2);
    assert_eq!(paths_of(&bodies[1]), vec!["data/c.txt", "data/logs/b.txt"]);
    assert_eq!(download(&sim, repo, "data/logs/b.txt"), b"b1b2");

    // stop pushes the last change, once
    write(&dir, "a.txt", b"a2-longer");
    let last = scheduler.stop().unwrap().expect("a final commit");
    assert_eq!(last.oid, commit_bodies_head(&client, repo));
    assert_eq!(paths_of(&commit_bodies(&sim, repo)[2]), vec!["data/a.txt"]);
    assert!(scheduler.is_stopped());
    write(&dir, "a.txt", b"a3");
    assert!(scheduler.stop().unwrap().is_none());
    assert!(scheduler.trigger().wait().unwrap().is_none());
    assert_eq!(commit_bodies(&sim, repo).len(), 3);
    assert_eq!(download(&sim, repo, "data/a.txt"), b"a2-longer");
}

fn commit_bodies_head(client: &hfhub::Client, repo: &str) -> String {
    client
        .list_repo_commits(repo, &ListRepoCommitsOptions::default())
        .next()
        .unwrap()
        .unwrap()
        .commit_id
}

#[test]
fn scheduler_timer_pushes_and_drop_does_not_hang() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "timed");
    let dir = temp_dir("timed");
    let scheduler = CommitScheduler::new(
        &client,
        &repo,
        dir.join("created"),
        Duration::from_millis(200),
        CommitSchedulerOptions::default(),
    )
    .unwrap();
    // the folder was created; nothing to push yet
    assert!(dir.join("created").is_dir());
    write(&dir, "created/one.txt", b"1");
    eventually("the first scheduled commit", || {
        commit_bodies(&sim, &repo).len() == 1
    });
    write(&dir, "created/two.txt", b"2");
    eventually("the second scheduled commit", || {
        commit_bodies(&sim, &repo).len() == 2
    });
    let bodies = commit_bodies(&sim, &repo);
    assert_eq!(paths_of(&bodies[0]), vec!["one.txt"]);
    assert_eq!(paths_of(&bodies[1]), vec!["two.txt"]);
    // nothing changes: ticks make no commit
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(commit_bodies(&sim, &repo).len(), 2);
    let t = Instant::now();
    drop(scheduler);
    assert!(t.elapsed() < Duration::from_secs(5));
    // no push after the drop
    write(&dir, "created/three.txt", b"3");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(commit_bodies(&sim, &repo).len(), 2);
}

#[test]
fn scheduler_squashes_history() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "squashed");
    let dir = temp_dir("squash");
    write(&dir, "x.txt", b"x1");
    let scheduler = CommitScheduler::new(
        &client,
        &repo,
        &dir,
        Duration::from_secs(3600),
        CommitSchedulerOptions {
            squash_history: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(scheduler.trigger().wait().unwrap().is_none());
    write(&dir, "y.txt", b"y1");
    assert!(scheduler.trigger().wait().unwrap().is_some());
    assert_eq!(commit_bodies(&sim, &repo).len(), 2);
    assert_eq!(commit_titles(&client, &repo).len(), 1);
    assert!(sim
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path == format!("/api/models/{repo}/super-squash/main")));
    assert_eq!(download(&sim, &repo, "x.txt"), b"x1");
    assert_eq!(download(&sim, &repo, "y.txt"), b"y1");
    scheduler.stop().unwrap();
}

#[test]
fn scheduler_input_is_checked() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let dir = temp_dir("badsched");
    write(&dir, "file.txt", b"x");
    let err = CommitScheduler::new(
        &client,
        "alice/never",
        dir.join("file.txt"),
        Duration::from_secs(1),
        Default::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    let err = CommitScheduler::new(
        &client,
        "alice/never",
        &dir,
        Duration::ZERO,
        Default::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(!client
        .repo_exists("alice/never", &Default::default())
        .unwrap());
}

#[test]
fn a_failed_scheduled_push_is_retried_by_the_next() {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = new_repo(&client, "retried");
    let dir = temp_dir("retry");
    let scheduler = CommitScheduler::new(
        &client,
        &repo,
        &dir,
        Duration::from_secs(3600),
        CommitSchedulerOptions::default(),
    )
    .unwrap();
    assert!(scheduler.trigger().wait().unwrap().is_none());
    write(&dir, "r.txt", b"retry me");
    sim.inject(
        hubsim::Fault::status(&format!("/api/models/{repo}/commit/"), 500)
            .method("POST")
            .times(1),
    );
    let err = scheduler.trigger().wait().unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    let info = scheduler.trigger().wait().unwrap().expect("pushed again");
    assert_eq!(info.commit_message, "Scheduled Commit");
    let bodies = commit_bodies(&sim, &repo);
    assert_eq!(bodies.len(), 1);
    assert_eq!(paths_of(&bodies[0]), vec!["r.txt"]);
    assert!(scheduler.stop().unwrap().is_none());
}
