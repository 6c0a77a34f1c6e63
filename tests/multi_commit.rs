//! Multi-commits: `plan_multi_commits` grouping rules (Python 0.22) and
//! `create_commits_on_pr` against an in-process hubsim, including a run resumed after a
//! commit failed half-way.

mod common;

use hfhub::types::{
    CommitOperation, CommitOperationAdd, CommitOperationCopy, CommitOperationDelete,
    DiscussionEvent, DiscussionStatus,
};
use hfhub::{
    plan_multi_commits, CreateCommitOptions, CreateCommitsOnPrOptions, CreateRepoOptions, Error,
    HfHubDownloadOptions, ListRepoCommitsOptions, ListRepoFilesOptions,
};
use hubsim::seed::ALICE_WRITE_TOKEN;
use hubsim::{Fault, FaultAction};

const GIB: u64 = 1024 * 1024 * 1024;

/// An addition of `size` declared bytes that is never read (planning needs sizes only).
fn sized(path: &str, size: u64) -> CommitOperation {
    CommitOperationAdd::from_reader(path, std::io::empty(), size)
        .unwrap()
        .into()
}

fn del(path: &str) -> CommitOperation {
    CommitOperationDelete::new(path).unwrap().into()
}

fn add_paths(groups: &[Vec<CommitOperationAdd>]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.iter().map(|a| a.path_in_repo.clone()).collect())
        .collect()
}

fn del_paths(groups: &[Vec<CommitOperationDelete>]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.iter().map(|d| d.path_in_repo.clone()).collect())
        .collect()
}

fn names(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

#[test]
fn plan_groups_by_count_and_keeps_deletions_apart() {
    let mut ops = Vec::new();
    for i in 0..120 {
        ops.push(sized(&format!("a{i}"), 10));
        ops.push(del(&format!("d{i}")));
    }
    let (adds, dels) = plan_multi_commits(&ops, 50, 2 * GIB).unwrap();
    assert_eq!(
        add_paths(&adds),
        vec![names("a", 0..50), names("a", 50..100), names("a", 100..120)]
    );
    assert_eq!(
        del_paths(&dels),
        vec![names("d", 0..50), names("d", 50..100), names("d", 100..120)]
    );
    // a folder deletion keeps its kind
    let (_, dels) = plan_multi_commits(&[del("dir/")], 50, 2 * GIB).unwrap();
    assert!(dels[0][0].is_folder);
    // nothing to do: nothing planned
    let (adds, dels) = plan_multi_commits(&[], 50, 2 * GIB).unwrap();
    assert!(adds.is_empty() && dels.is_empty());
}

#[test]
fn plan_puts_large_files_alone_and_splits_on_size() {
    // a file of the limit or more is a commit of its own, planned when met
    let ops = vec![
        sized("a", 1),
        sized("huge", 100),
        sized("b", 1),
        sized("bigger", 250),
    ];
    let (adds, dels) = plan_multi_commits(&ops, 50, 100).unwrap();
    assert!(dels.is_empty());
    assert_eq!(
        add_paths(&adds),
        vec![vec!["huge"], vec!["bigger"], vec!["a", "b"]]
    );
    // groups stay strictly below the limit: 60+30 fits, +20 reaches 110, 20+80 reaches 100
    let ops = vec![
        sized("s60", 60),
        sized("s30", 30),
        sized("s20", 20),
        sized("s80", 80),
        sized("s5", 5),
    ];
    let (adds, _) = plan_multi_commits(&ops, 50, 100).unwrap();
    assert_eq!(
        add_paths(&adds),
        vec![vec!["s60", "s30"], vec!["s20"], vec!["s80", "s5"]]
    );
    // both limits: count closes a group right after the addition that fills it
    let ops = vec![
        sized("x1", 10),
        sized("x2", 10),
        sized("x3", 10),
        sized("x4", 95),
        sized("x5", 1),
    ];
    let (adds, _) = plan_multi_commits(&ops, 2, 100).unwrap();
    assert_eq!(
        add_paths(&adds),
        vec![vec!["x1", "x2"], vec!["x3"], vec!["x4", "x5"]]
    );
    // the defaults: 2 GiB
    let ops = vec![sized("g1", GIB), sized("g2", GIB), sized("g3", 2 * GIB)];
    let (adds, _) = plan_multi_commits(
        &ops,
        hfhub::api::multi_commit::DEFAULT_MAX_OPERATIONS_PER_COMMIT,
        hfhub::api::multi_commit::DEFAULT_MAX_UPLOAD_SIZE_PER_COMMIT,
    )
    .unwrap();
    // g1 + g2 reaches 2 GiB: g2 starts a new group; g3 is alone, planned when met
    assert_eq!(add_paths(&adds), vec![vec!["g1"], vec!["g3"], vec!["g2"]]);
}

#[test]
fn plan_rejects_copies_and_reads_local_sizes() {
    let copy: CommitOperation = CommitOperationCopy::new("a", "b", None).unwrap().into();
    assert!(matches!(
        plan_multi_commits(&[copy], 50, 100),
        Err(Error::InvalidInput(_))
    ));
    let dir = std::env::temp_dir().join(format!("hfhub-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("f60"), vec![1u8; 60]).unwrap();
    std::fs::write(dir.join("f50"), vec![1u8; 50]).unwrap();
    let ops: Vec<CommitOperation> = vec![
        CommitOperationAdd::from_path("f60", dir.join("f60"))
            .unwrap()
            .into(),
        CommitOperationAdd::from_bytes("b45", vec![0u8; 45])
            .unwrap()
            .into(),
        CommitOperationAdd::from_path("f50", dir.join("f50"))
            .unwrap()
            .into(),
    ];
    let (adds, _) = plan_multi_commits(&ops, 50, 110).unwrap();
    assert_eq!(add_paths(&adds), vec![vec!["f60", "b45"], vec!["f50"]]);

    // through the dispatch table, in the operations' JSON form
    let c = hfhub::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .offline(true)
        .build()
        .unwrap();
    let v = hfhub::dispatch::call(
        &c,
        "plan_multi_commits",
        serde_json::json!({
            "operations": [
                {"operation": "add", "path_in_repo": "x.txt", "content_base64": "aGk="},
                {"operation": "delete", "path_in_repo": "old/"},
                {"operation": "add", "path_in_repo": "y.txt", "content_base64": "aGk="}
            ],
            "max_operations_per_commit": 1
        }),
    )
    .unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            [
                [{"operation": "add", "path_in_repo": "x.txt", "content_base64": "aGk="}],
                [{"operation": "add", "path_in_repo": "y.txt", "content_base64": "aGk="}]
            ],
            [[{"operation": "delete", "path_in_repo": "old/", "is_folder": true}]]
        ])
    );
}

struct Setup {
    sim: hubsim::Server,
    client: hfhub::Client,
    repo: String,
    adds: Vec<Vec<CommitOperationAdd>>,
    dels: Vec<Vec<CommitOperationDelete>>,
}

/// A repo with `old.txt` and `keep.txt`; a plan deleting `old.txt` and adding three files
/// (two per commit): three steps.
fn setup(name: &str) -> Setup {
    let sim = common::sim();
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let repo = format!("alice/{name}");
    client
        .create_repo(&repo, &CreateRepoOptions::default())
        .unwrap();
    client
        .create_commit(
            &repo,
            &[
                CommitOperationAdd::from_bytes("old.txt", b"old".to_vec())
                    .unwrap()
                    .into(),
                CommitOperationAdd::from_bytes("keep.txt", b"keep".to_vec())
                    .unwrap()
                    .into(),
            ],
            "initial files",
            &CreateCommitOptions::default(),
        )
        .unwrap();
    let ops: Vec<CommitOperation> = vec![
        CommitOperationAdd::from_bytes("new/one.txt", b"one".to_vec())
            .unwrap()
            .into(),
        del("old.txt"),
        CommitOperationAdd::from_bytes("new/two.bin", vec![0u8, 1, 2, 3])
            .unwrap()
            .into(),
        CommitOperationAdd::from_bytes("three.txt", b"three".to_vec())
            .unwrap()
            .into(),
    ];
    let (adds, dels) = plan_multi_commits(&ops, 2, 1024).unwrap();
    assert_eq!(adds.len(), 2);
    assert_eq!(dels.len(), 1);
    Setup {
        sim,
        client,
        repo,
        adds,
        dels,
    }
}

fn pr_num(url: &str) -> u64 {
    url.rsplit('/').next().unwrap().parse().unwrap()
}

fn first_comment(client: &hfhub::Client, repo: &str, num: u64) -> String {
    let d = client
        .get_discussion_details(repo, num, &Default::default())
        .unwrap();
    d.events
        .iter()
        .find_map(|e| match e {
            DiscussionEvent::Comment(c) => Some(c.content.clone()),
            _ => None,
        })
        .unwrap()
}

fn checklist(description: &str) -> Vec<&str> {
    description
        .lines()
        .filter(|l| l.starts_with("- ["))
        .collect()
}

fn successful_pr_commits(sim: &hubsim::Server, repo: &str) -> usize {
    let prefix = format!("/api/models/{repo}/commit/refs%2Fpr%2F");
    sim.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with(&prefix) && r.status == Some(200))
        .count()
}

fn main_files(client: &hfhub::Client, repo: &str) -> Vec<String> {
    let mut f: Vec<String> = client
        .list_repo_files(repo, &ListRepoFilesOptions::default())
        .map(Result::unwrap)
        .collect();
    f.sort();
    f
}

#[test]
fn create_commits_on_pr_pushes_every_step_and_merges() {
    let s = setup("multi");
    let url = s
        .client
        .create_commits_on_pr(
            &s.repo,
            &s.adds,
            &s.dels,
            "Big upload",
            &CreateCommitsOnPrOptions {
                commit_description: Some("Several steps.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let num = pr_num(&url);
    assert_eq!(url, format!("{}/{}/discussions/{num}", s.sim.url(), s.repo));
    let pr = s
        .client
        .get_discussion_details(&s.repo, num, &Default::default())
        .unwrap();
    assert_eq!(pr.status, DiscussionStatus::Merged);
    assert_eq!(pr.title, "Big upload");
    assert!(pr.events.iter().any(|e| matches!(e,
        DiscussionEvent::TitleChange(t) if t.old_title.starts_with("[WIP] Big upload (multi-commit ")
    )));

    // the description: every step ticked, deletions first, with Python's wording
    let description = first_comment(&s.client, &s.repo, num);
    // (the PR was opened with it stripped; each edit sends Python's text as it is)
    assert!(
        description.starts_with("\n## Big upload\n\nSeveral steps.\n\n**Multi commit ID:** "),
        "{description:?}"
    );
    assert!(description.ends_with("Learn more about multi-commits [in this guide](https://huggingface.co/docs/huggingface_hub/main/guides/upload)._\n"));
    let lines = checklist(&description);
    assert_eq!(lines.len(), 3, "{description}");
    assert!(lines[0].starts_with("- [x] Delete 1 file(s) and 0 folder(s) ("));
    assert!(lines[1].starts_with("- [x] Upload 2 file(s) totalling 7.0 ("));
    assert!(lines[2].starts_with("- [x] Upload 1 file(s) totalling 5.0 ("));

    // one commit per step on the PR, titled with the step ids of the description
    let main: Vec<String> = s
        .client
        .list_repo_commits(&s.repo, &ListRepoCommitsOptions::default())
        .map(|c| c.unwrap().commit_id)
        .collect();
    let mut pr_titles: Vec<String> = s
        .client
        .list_repo_commits(
            &s.repo,
            &ListRepoCommitsOptions {
                revision: Some(format!("refs/pr/{num}")),
                ..Default::default()
            },
        )
        .map(Result::unwrap)
        .filter(|c| !main.contains(&c.commit_id))
        .map(|c| c.title)
        .collect();
    pr_titles.reverse();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| &l[l.len() - 65..l.len() - 1])
        .collect();
    assert_eq!(pr_titles, ids);
    assert_eq!(successful_pr_commits(&s.sim, &s.repo), 3);

    // the changes are on main
    assert_eq!(
        main_files(&s.client, &s.repo),
        vec![
            ".gitattributes",
            "keep.txt",
            "new/one.txt",
            "new/two.bin",
            "three.txt"
        ]
    );
    let two = s
        .client
        .hf_hub_download(&s.repo, "new/two.bin", &HfHubDownloadOptions::default())
        .unwrap();
    assert_eq!(std::fs::read(two).unwrap(), vec![0u8, 1, 2, 3]);
}

#[test]
fn a_failed_multi_commit_resumes_where_it_stopped() {
    let s = setup("resumed");
    // the first step's commit goes through, the second one fails
    let prefix = format!("/api/models/{}/commit/refs%2Fpr%2F", s.repo);
    s.sim.inject(Fault {
        method: Some("POST".into()),
        path_prefix: prefix.clone(),
        times: Some(1),
        action: FaultAction::Delay { millis: 0 },
    });
    s.sim
        .inject(Fault::status(&prefix, 500).method("POST").times(1));
    let options = CreateCommitsOnPrOptions::default();
    let err = s
        .client
        .create_commits_on_pr(&s.repo, &s.adds, &s.dels, "Resumable", &options)
        .unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    assert_eq!(successful_pr_commits(&s.sim, &s.repo), 1);
    let prs: Vec<_> = s
        .client
        .get_repo_discussions(&s.repo, &Default::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(prs.len(), 1);
    let num = prs[0].num;
    assert!(prs[0].title.starts_with("[WIP] Resumable (multi-commit "));
    let lines_before: Vec<String> = checklist(&first_comment(&s.client, &s.repo, num))
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert!(
        lines_before[0].starts_with("- [x] Delete"),
        "{lines_before:?}"
    );
    assert!(lines_before[1].starts_with("- [ ] Upload"));
    assert!(lines_before[2].starts_with("- [ ] Upload"));
    // nothing reached main yet
    assert!(main_files(&s.client, &s.repo).contains(&"old.txt".to_string()));

    // the same plan again: the same PR, only the two missing steps are pushed
    let url = s
        .client
        .create_commits_on_pr(&s.repo, &s.adds, &s.dels, "Resumable", &options)
        .unwrap();
    assert_eq!(pr_num(&url), num);
    assert_eq!(successful_pr_commits(&s.sim, &s.repo), 3);
    assert_eq!(
        s.client
            .get_repo_discussions(&s.repo, &Default::default())
            .count(),
        1
    );
    let lines_after = checklist(&first_comment(&s.client, &s.repo, num))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    assert!(lines_after.iter().all(|l| l.starts_with("- [x] ")));
    // same steps, same ids
    for (a, b) in lines_before.iter().zip(&lines_after) {
        assert_eq!(a[5..], b[5..]);
    }
    let pr = s
        .client
        .get_discussion_details(&s.repo, num, &Default::default())
        .unwrap();
    assert_eq!(pr.status, DiscussionStatus::Merged);
    assert_eq!(
        main_files(&s.client, &s.repo),
        vec![
            ".gitattributes",
            "keep.txt",
            "new/one.txt",
            "new/two.bin",
            "three.txt"
        ]
    );
}

#[test]
fn create_commits_on_pr_checks_its_input_and_the_pr() {
    let s = setup("checked");
    // an empty plan, an empty step and duplicate steps are refused before any request
    s.sim.clear_requests();
    let none: Vec<Vec<CommitOperationAdd>> = Vec::new();
    let nodel: Vec<Vec<CommitOperationDelete>> = Vec::new();
    let o = CreateCommitsOnPrOptions::default();
    for (adds, dels) in [
        (none.clone(), nodel.clone()),
        (vec![Vec::new()], nodel.clone()),
        (vec![s.adds[0].clone(), s.adds[0].clone()], nodel.clone()),
    ] {
        let err = s
            .client
            .create_commits_on_pr(&s.repo, &adds, &dels, "x", &o)
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    }
    assert!(s.sim.requests().is_empty());

    // without merge_pr the PR is left open, with the completion comment
    let url = s
        .client
        .create_commits_on_pr(
            &s.repo,
            &s.adds,
            &s.dels,
            "Not merged",
            &CreateCommitsOnPrOptions {
                merge_pr: false,
                ..Default::default()
            },
        )
        .unwrap();
    let pr = s
        .client
        .get_discussion_details(&s.repo, pr_num(&url), &Default::default())
        .unwrap();
    assert_eq!(pr.status, DiscussionStatus::Open);
    assert!(pr.events.iter().any(|e| matches!(e,
        DiscussionEvent::Comment(c) if c.content.starts_with("Multi-commit is now completed!"))));
    assert!(main_files(&s.client, &s.repo).contains(&"old.txt".to_string()));

    // through the dispatch table
    let v = hfhub::dispatch::call(
        &s.client,
        "create_commits_on_pr",
        serde_json::json!({
            "repo_id": s.repo,
            "addition_commits": [[{"operation": "add", "path_in_repo": "via-call.txt",
                                   "content_base64": "aGk="}]],
            "deletion_commits": [],
            "commit_message": "Through the table"
        }),
    )
    .unwrap();
    assert!(v.as_str().unwrap().contains("/discussions/"));
    assert!(main_files(&s.client, &s.repo).contains(&"via-call.txt".to_string()));
    let err = hfhub::dispatch::call(
        &s.client,
        "create_commits_on_pr",
        serde_json::json!({
            "repo_id": s.repo,
            "addition_commits": [[{"operation": "delete", "path_in_repo": "x"}]],
            "deletion_commits": [],
            "commit_message": "wrong kinds"
        }),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
}
