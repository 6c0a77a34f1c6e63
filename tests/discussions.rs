//! Discussions and pull requests against hubsim: listing with page-index paging and
//! filters, details with every event type, the mutations and their errors, and a merge that
//! really moves `main`.

mod common;

use hfhub::types::{
    ConflictingFiles, Discussion, DiscussionComment, DiscussionEvent, DiscussionStatus,
};
use hfhub::{
    ChangeDiscussionStatusOptions, CommentDiscussionOptions, CreateDiscussionOptions,
    CreatePullRequestOptions, EditDiscussionCommentOptions, ErrorKind, FileExistsOptions,
    FileMetadataOptions, FileUrlOptions, GetDiscussionDetailsOptions, GetRepoDiscussionsOptions,
    HfHubDownloadOptions, HideDiscussionCommentOptions, ListRepoFilesOptions,
    MergePullRequestOptions, RenameDiscussionOptions, RepoType,
};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_READ_TOKEN, BOB_WRITE_TOKEN, DATASET, MODEL,
    PRIVATE_MODEL, SPACE,
};
use hubsim::{Config, Fault, FaultAction, Seed};
use serde_json::{json, Value};

fn details() -> GetDiscussionDetailsOptions {
    GetDiscussionDetailsOptions::default()
}

fn list(client: &hfhub::Client, repo: &str, o: GetRepoDiscussionsOptions) -> Vec<Discussion> {
    client
        .get_repo_discussions(repo, &o)
        .collect::<hfhub::Result<Vec<_>>>()
        .unwrap()
}

fn nums(ds: &[Discussion]) -> Vec<u64> {
    ds.iter().map(|d| d.num).collect()
}

#[test]
fn listing_pages_by_index_lazily() {
    let sim = common::sim_with(Config::default().page_size(1));
    let client = common::client(&sim, None);
    let all = list(&client, MODEL, Default::default());
    assert_eq!(nums(&all), [3, 2, 1]);
    let targets = common::targets(&sim);
    assert_eq!(
        targets,
        [
            format!("GET /api/models/{MODEL}/discussions?p=0"),
            format!("GET /api/models/{MODEL}/discussions?p=1"),
            format!("GET /api/models/{MODEL}/discussions?p=2"),
        ],
        "stops once start + len reaches count"
    );
    let pr = &all[2];
    assert!(pr.is_pull_request);
    assert_eq!(pr.author, "bob");
    assert_eq!(pr.status, DiscussionStatus::Open);
    assert_eq!(pr.repo_id, MODEL);
    assert_eq!(pr.repo_type, RepoType::Model);
    assert_eq!(pr.git_reference().as_deref(), Some("refs/pr/1"));
    assert_eq!(pr.url(), format!("{}/{MODEL}/discussions/1", sim.url()));
    assert_eq!(
        pr.created_at.unwrap().unix_timestamp(),
        1_705_476_600,
        "2024-01-17T07:30:00Z"
    );
    assert_eq!(all[0].author, "deleted", "an author without an account");

    // lazy: one item needs one page
    sim.clear_requests();
    let mut pager = client.get_repo_discussions(MODEL, &Default::default());
    assert_eq!(pager.next().unwrap().unwrap().num, 3);
    assert_eq!(pager.pages_fetched(), 1);
    assert_eq!(sim.requests().len(), 1);
}

#[test]
fn an_empty_page_ends_the_listing_whatever_the_count() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: format!("/api/models/{MODEL}/discussions"),
        times: None,
        action: FaultAction::Status {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: br#"{"discussions": [], "count": 7, "start": 0}"#.to_vec(),
        },
    });
    // Bounded: a regression would page forever, so the listing runs on a thread.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(list(&client, MODEL, Default::default()));
    });
    let all = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("an empty page ends the listing (no endless paging)");
    assert!(all.is_empty());
    assert_eq!(
        sim.requests().len(),
        1,
        "0.22 would ask for page after page"
    );
}

#[test]
fn listing_filters() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let o = |t: Option<&str>, s: Option<&str>, a: Option<&str>| GetRepoDiscussionsOptions {
        discussion_type: t.map(Into::into),
        discussion_status: s.map(Into::into),
        author: a.map(Into::into),
        repo_type: None,
    };
    assert_eq!(
        nums(&list(&client, MODEL, o(Some("pull_request"), None, None))),
        [1]
    );
    assert_eq!(
        nums(&list(
            &client,
            MODEL,
            o(Some("discussion"), Some("open"), None)
        )),
        [2]
    );
    assert_eq!(
        nums(&list(&client, MODEL, o(Some("all"), Some("closed"), None))),
        [3]
    );
    assert_eq!(
        nums(&list(&client, MODEL, o(None, Some("all"), Some("carol")))),
        [2]
    );
    sim.clear_requests();
    list(
        &client,
        MODEL,
        o(Some("pull_request"), Some("open"), Some("bob")),
    );
    assert_eq!(
        common::targets(&sim),
        [format!(
            "GET /api/models/{MODEL}/discussions?type=pull_request&status=open&author=bob&p=0"
        )]
    );
    let ds = list(
        &client,
        DATASET,
        GetRepoDiscussionsOptions {
            repo_type: Some(RepoType::Dataset),
            ..Default::default()
        },
    );
    assert_eq!((ds.len(), ds[0].repo_type), (1, RepoType::Dataset));
    assert_eq!(
        ds[0].url(),
        format!("{}/datasets/{DATASET}/discussions/1", sim.url())
    );

    // local validation: nothing is sent
    sim.clear_requests();
    for bad in [o(Some("issue"), None, None), o(None, Some("merged"), None)] {
        let err = client
            .get_repo_discussions(MODEL, &bad)
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
    let err = client
        .get_repo_discussions("not/a/repo", &Default::default())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());

    let err = client
        .get_repo_discussions(PRIVATE_MODEL, &Default::default())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
    let alice = common::client(&sim, Some(ALICE_READ_TOKEN));
    assert!(list(&alice, PRIVATE_MODEL, Default::default()).is_empty());
}

#[test]
fn details_carry_every_event_type() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    let pr = client.get_discussion_details(MODEL, 1, &details()).unwrap();
    assert_eq!(
        common::targets(&sim),
        [format!("GET /api/models/{MODEL}/discussions/1?diff=1")]
    );
    let kinds: Vec<&str> = pr.events.iter().map(DiscussionEvent::event_type).collect();
    assert_eq!(kinds, ["comment", "commit", "comment"]);
    let DiscussionEvent::Comment(first) = &pr.events[0] else {
        panic!("{:?}", pr.events[0])
    };
    assert_eq!(first.info.author, "bob");
    assert!(first.content.contains("pytorch_model.bin"));
    let DiscussionEvent::Commit(commit) = &pr.events[1] else {
        panic!("{:?}", pr.events[1])
    };
    assert_eq!(commit.summary, "Add pytorch weights");
    let refs = client
        .list_repo_refs(
            MODEL,
            &hfhub::ListRepoRefsOptions {
                include_pull_requests: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(commit.oid, refs.pull_requests.unwrap()[0].target_commit);
    assert_eq!(pr.target_branch.as_deref(), Some("refs/heads/main"));
    assert_eq!(pr.merge_commit_oid, None);
    assert_eq!(pr.conflicting_files, Some(ConflictingFiles::Files(vec![])));
    let diff = pr.diff.as_deref().unwrap();
    assert!(
        diff.starts_with("diff --git a/pytorch_model.bin b/pytorch_model.bin\n"),
        "{diff}"
    );

    let d2 = client.get_discussion_details(MODEL, 2, &details()).unwrap();
    assert!(!d2.is_pull_request);
    assert_eq!(
        (&d2.conflicting_files, &d2.target_branch, &d2.diff),
        (&None, &None, &None)
    );
    let DiscussionEvent::TitleChange(t) = &d2.events[1] else {
        panic!("{:?}", d2.events[1])
    };
    assert_eq!(
        (t.old_title.as_str(), t.new_title.as_str()),
        ("License?", "Which license?")
    );
    let DiscussionEvent::Comment(edited) = &d2.events[2] else {
        panic!("{:?}", d2.events[2])
    };
    assert_eq!(edited.content, "Yes: it is MIT-licensed.");
    assert!(edited.edited);
    assert_eq!(edited.number_of_edits(), 1);
    assert_eq!(edited.edit_history()[0].raw, "It's MIT.");
    assert_eq!(edited.last_edited_by(), "alice");
    assert_eq!(edited.rendered(), Some("<p>Yes: it is MIT-licensed.</p>"));

    let d3 = client.get_discussion_details(MODEL, 3, &details()).unwrap();
    assert_eq!(
        (d3.author.as_str(), &d3.status),
        ("deleted", &DiscussionStatus::Closed)
    );
    let DiscussionEvent::Comment(hidden) = &d3.events[1] else {
        panic!("{:?}", d3.events[1])
    };
    assert!(hidden.hidden);
    assert!(
        matches!(&d3.events[2], DiscussionEvent::StatusChange(s) if s.new_status == DiscussionStatus::Closed)
    );

    let space = client
        .get_discussion_details(
            SPACE,
            1,
            &GetDiscussionDetailsOptions {
                repo_type: Some(RepoType::Space),
            },
        )
        .unwrap();
    assert_eq!(
        space.url(),
        format!("{}/spaces/{SPACE}/discussions/1", sim.url())
    );

    let err = client
        .get_discussion_details(MODEL, 99, &details())
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Http, Some(404)));
    sim.clear_requests();
    let err = client
        .get_discussion_details(MODEL, 0, &details())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
}

#[test]
fn creating_discussions_and_pull_requests() {
    let sim = common::sim();
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let d = bob
        .create_discussion(
            MODEL,
            "  Question about license  ",
            &CreateDiscussionOptions {
                description: Some("  Is MIT ok?  ".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((d.num, d.title.as_str()), (4, "Question about license"));
    assert_eq!(d.status, DiscussionStatus::Open);
    let DiscussionEvent::Comment(c) = &d.events[0] else {
        panic!("{:?}", d.events)
    };
    assert_eq!(
        (c.content.as_str(), c.info.author.as_str()),
        ("Is MIT ok?", "bob")
    );
    let reqs = sim.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(
        body,
        json!({"title": "Question about license", "description": "Is MIT ok?", "pullRequest": false})
    );
    assert_eq!(
        reqs[1].target(),
        format!("/api/models/{MODEL}/discussions/4?diff=1")
    );

    let pr = bob
        .create_pull_request(
            DATASET,
            "Add a split",
            &CreatePullRequestOptions {
                description: Some("   ".into()),
                repo_type: Some(RepoType::Dataset),
            },
        )
        .unwrap();
    assert_eq!((pr.num, &pr.status), (2, &DiscussionStatus::Draft));
    assert!(pr.is_pull_request);
    assert_eq!(pr.git_reference().as_deref(), Some("refs/pr/2"));
    assert_eq!(pr.diff.as_deref(), Some(""));
    let DiscussionEvent::Comment(c) = &pr.events[0] else {
        panic!("{:?}", pr.events)
    };
    assert_eq!(
        c.content,
        "Pull Request opened with the [huggingface_hub Python library](https://huggingface.co/docs/huggingface_hub)"
    );
    assert!(bob
        .revision_exists(
            DATASET,
            "refs/pr/2",
            &hfhub::RevisionExistsOptions {
                repo_type: Some(RepoType::Dataset)
            }
        )
        .unwrap());

    let read = common::client(&sim, Some(BOB_READ_TOKEN));
    let err = read
        .create_discussion(MODEL, "Hello there", &Default::default())
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Forbidden, Some(403))
    );
    let anon = common::client(&sim, None);
    let err = anon
        .create_discussion(MODEL, "Hello there", &Default::default())
        .unwrap_err();
    // a 401 on a repository URL is RepoNotFound, as Python maps it
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::RepoNotFound, Some(401))
    );
    let err = bob
        .create_discussion(MODEL, " a ", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let err = bob
        .create_discussion("alice/nope", "Hello there", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
}

#[test]
fn comments_renames_and_status_changes() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let c: DiscussionComment = bob
        .comment_discussion(MODEL, 2, "Thanks!", &CommentDiscussionOptions::default())
        .unwrap();
    assert_eq!(
        (c.content.as_str(), c.info.author.as_str()),
        ("Thanks!", "bob")
    );
    assert!(!c.edited && !c.hidden);

    // edit: the author only; the id is lower-cased
    let upper = c.info.id.to_uppercase();
    let err = alice
        .edit_discussion_comment(
            MODEL,
            2,
            &c.info.id,
            "Hijacked",
            &EditDiscussionCommentOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    sim.clear_requests();
    let e = bob
        .edit_discussion_comment(
            MODEL,
            2,
            &upper,
            "Thanks a lot!",
            &EditDiscussionCommentOptions::default(),
        )
        .unwrap();
    assert_eq!(
        sim.requests()[0].target(),
        format!(
            "/api/models/{MODEL}/discussions/2/comment/{}/edit",
            c.info.id
        )
    );
    assert_eq!(e.content, "Thanks a lot!");
    assert!(e.edited);
    assert_eq!(e.edit_history()[0].raw, "Thanks!");
    let err = bob
        .edit_discussion_comment(
            MODEL,
            2,
            "ffffffffffffffffffffffff",
            "x",
            &EditDiscussionCommentOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    // hide: a maintainer may; no body is sent; hidden comments cannot be edited
    sim.clear_requests();
    let h = alice
        .hide_discussion_comment(MODEL, 2, &upper, &HideDiscussionCommentOptions::default())
        .unwrap();
    assert!(h.hidden);
    assert!(sim.requests()[0].body.is_empty());
    assert!(sim.requests()[0].header("content-type").is_none());
    let err = bob
        .edit_discussion_comment(
            MODEL,
            2,
            &c.info.id,
            "again",
            &EditDiscussionCommentOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);

    // rename: author or maintainer
    let err = bob
        .rename_discussion(MODEL, 2, "Not mine", &RenameDiscussionOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let t = alice
        .rename_discussion(
            MODEL,
            2,
            "License of the weights",
            &RenameDiscussionOptions::default(),
        )
        .unwrap();
    assert_eq!(
        (t.old_title.as_str(), t.new_title.as_str()),
        ("Which license?", "License of the weights")
    );

    // status
    let opts = |c: Option<&str>| ChangeDiscussionStatusOptions {
        comment: c.map(Into::into),
        repo_type: None,
    };
    sim.clear_requests();
    let err = alice
        .change_discussion_status(MODEL, 2, "merged", &opts(None))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
    let s = alice
        .change_discussion_status(MODEL, 2, "closed", &opts(Some("  Answered  ")))
        .unwrap();
    assert_eq!(s.new_status, DiscussionStatus::Closed);
    let body: Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(body, json!({"status": "closed", "comment": "Answered"}));
    let err = alice
        .change_discussion_status(MODEL, 2, "closed", &opts(Some("   ")))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "already closed");
    let body: Value = serde_json::from_slice(&sim.requests()[1].body).unwrap();
    assert_eq!(
        body,
        json!({"status": "closed"}),
        "a blank comment is not sent"
    );
    let err = bob
        .change_discussion_status(MODEL, 2, "open", &opts(None))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    alice
        .change_discussion_status(MODEL, 2, "open", &opts(None))
        .unwrap();

    let d = alice.get_discussion_details(MODEL, 2, &details()).unwrap();
    assert_eq!(d.title, "License of the weights");
    assert_eq!(d.status, DiscussionStatus::Open);
    let kinds: Vec<&str> = d.events.iter().map(DiscussionEvent::event_type).collect();
    assert_eq!(
        kinds,
        [
            "comment",
            "title-change",
            "comment",
            "comment",
            "title-change",
            "comment",
            "status-change",
            "status-change"
        ]
    );

    // read tokens cannot change anything; mutations are not retried
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .comment_discussion(MODEL, 2, "x", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    sim.inject(Fault::status(&format!("/api/models/{MODEL}/discussions/2/comment"), 503).times(1));
    sim.clear_requests();
    let err = bob
        .comment_discussion(MODEL, 2, "x", &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(sim.requests().len(), 1, "a POST is not retried");
    sim.inject(Fault::status(&format!("/api/models/{MODEL}/discussions/2"), 503).times(1));
    bob.get_discussion_details(MODEL, 2, &details()).unwrap();
}

#[test]
fn merging_a_pull_request_moves_main() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let main_url = |c: &hfhub::Client| {
        c.hf_hub_url(MODEL, "pytorch_model.bin", &FileUrlOptions::default())
            .unwrap()
    };
    assert!(!alice
        .file_exists(MODEL, "pytorch_model.bin", &FileExistsOptions::default())
        .unwrap());
    let before = alice
        .get_hf_file_metadata(
            &alice
                .hf_hub_url(MODEL, "config.json", &FileUrlOptions::default())
                .unwrap(),
            &FileMetadataOptions::default(),
        )
        .unwrap()
        .commit_hash
        .unwrap();

    let err = bob
        .merge_pull_request(MODEL, 1, &MergePullRequestOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    let err = alice
        .merge_pull_request(MODEL, 2, &MergePullRequestOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "not a pull request");

    let from_pr = std::fs::read(
        alice
            .hf_hub_download(
                MODEL,
                "pytorch_model.bin",
                &HfHubDownloadOptions {
                    revision: Some("refs/pr/1".into()),
                    ..Default::default()
                },
            )
            .unwrap(),
    )
    .unwrap();
    let err = alice
        .hf_hub_download(MODEL, "pytorch_model.bin", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::EntryNotFound, "not on main yet");

    sim.clear_requests();
    alice
        .merge_pull_request(MODEL, 1, &MergePullRequestOptions::default())
        .unwrap();
    let reqs = sim.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "POST");
    assert!(reqs[0].body.is_empty(), "no comment, no body");

    // main now serves the merged file
    assert!(alice
        .file_exists(MODEL, "pytorch_model.bin", &FileExistsOptions::default())
        .unwrap());
    let files: Vec<String> = alice
        .list_repo_files(MODEL, &ListRepoFilesOptions::default())
        .collect::<hfhub::Result<_>>()
        .unwrap();
    assert!(files.contains(&"pytorch_model.bin".to_string()));
    let meta = alice
        .get_hf_file_metadata(&main_url(&alice), &FileMetadataOptions::default())
        .unwrap();
    assert_eq!(meta.size, Some(4096));
    let head = meta.commit_hash.unwrap();
    assert_ne!(head, before);
    let downloaded = alice
        .hf_hub_download(MODEL, "pytorch_model.bin", &Default::default())
        .unwrap();
    assert_eq!(
        std::fs::read(&downloaded).unwrap(),
        from_pr,
        "main serves the PR's file"
    );
    assert!(
        downloaded.to_string_lossy().contains(&head),
        "{}",
        downloaded.display()
    );

    let d = alice.get_discussion_details(MODEL, 1, &details()).unwrap();
    assert_eq!(d.status, DiscussionStatus::Merged);
    assert_eq!(d.merge_commit_oid.as_deref(), Some(head.as_str()));
    assert!(
        matches!(d.events.last(), Some(DiscussionEvent::StatusChange(s)) if s.new_status == DiscussionStatus::Merged && s.info.author == "alice")
    );
    assert!(d.diff.unwrap().contains("pytorch_model.bin"));
    let commits: Vec<_> = alice
        .list_repo_commits(MODEL, &Default::default())
        .take(2)
        .collect::<hfhub::Result<_>>()
        .unwrap();
    assert_eq!(commits[0].commit_id, head);
    assert_eq!(commits[0].title, "Add pytorch weights (#1)");
    assert_eq!(commits[1].commit_id, before);

    let err = alice
        .merge_pull_request(MODEL, 1, &MergePullRequestOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "already merged");

    // a closed pull request cannot be merged; a draft neither; a comment is sent stripped
    let ds = MergePullRequestOptions {
        comment: Some("  LGTM  ".into()),
        repo_type: Some(RepoType::Dataset),
    };
    alice
        .change_discussion_status(
            DATASET,
            1,
            "closed",
            &ChangeDiscussionStatusOptions {
                comment: None,
                repo_type: Some(RepoType::Dataset),
            },
        )
        .unwrap();
    sim.clear_requests();
    let err = alice.merge_pull_request(DATASET, 1, &ds).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let body: Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(body, json!({"comment": "LGTM"}));
    let draft = bob
        .create_pull_request(MODEL, "Empty PR", &Default::default())
        .unwrap();
    let err = alice
        .merge_pull_request(MODEL, draft.num, &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
}

#[test]
fn conflicting_pull_requests_cannot_be_merged() {
    let seed = json!({
        "users": [{"name": "dora"}, {"name": "eve"}],
        "tokens": [{"token": "hf_dora", "user": "dora", "role": "write"}],
        "repos": [{"id": "dora/m", "commits": [
            {"title": "First", "files": {"README.md": "one\ntwo\n"}},
            {"title": "PR change", "ref": "refs/pr/1", "author": "eve", "files": {"README.md": "one\n2\n"}},
            {"title": "Main change", "files": {"README.md": "one\nTWO\n"}}
        ]}],
        "discussions": [{"repo": "dora/m", "num": 1, "pullRequest": true, "title": "Conflicting", "author": "eve"}]
    });
    let sim = common::sim_with(Config::default().seed(Seed::Json(seed)));
    let dora = common::client(&sim, Some("hf_dora"));
    let d = dora
        .get_discussion_details("dora/m", 1, &details())
        .unwrap();
    assert_eq!(
        d.conflicting_files,
        Some(ConflictingFiles::Files(vec!["README.md".into()]))
    );
    assert!(d.diff.unwrap().contains("-two\n+2\n"));
    let err = dora
        .merge_pull_request("dora/m", 1, &Default::default())
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), (ErrorKind::Conflict, Some(409)));
    assert!(err.to_string().contains("README.md"), "{err}");
}

#[test]
fn operations_by_python_name() {
    let sim = common::sim();
    let client = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let call = |m: &str, a: Value| hfhub::dispatch::call(&client, m, a);
    let listed = call(
        "get_repo_discussions",
        json!({"repo_id": MODEL, "discussion_type": "pull_request"}),
    )
    .unwrap();
    assert_eq!(listed[0]["num"], 1);
    assert_eq!(listed[0]["is_pull_request"], true);
    assert_eq!(listed[0]["endpoint"], sim.url());
    let d = call(
        "get_discussion_details",
        json!({"repo_id": MODEL, "discussion_num": 2}),
    )
    .unwrap();
    assert_eq!(d["events"][1]["type"], "title-change");
    assert_eq!(d["events"][1]["old_title"], "License?");
    assert_eq!(d["events"][2]["content"], "Yes: it is MIT-licensed.");
    assert_eq!(
        d["events"][2]["_event"]["data"]["history"][0]["raw"],
        "It's MIT."
    );
    let c = call(
        "comment_discussion",
        json!({"repo_id": MODEL, "discussion_num": 2, "comment": "Hi"}),
    )
    .unwrap();
    assert_eq!(c["content"], "Hi");
    for bad in [json!(-1), json!("2"), json!(1.5)] {
        let err = call(
            "get_discussion_details",
            json!({"repo_id": MODEL, "discussion_num": bad}),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
    let merged = call(
        "merge_pull_request",
        json!({"repo_id": MODEL, "discussion_num": 1}),
    )
    .unwrap_err();
    assert_eq!(merged.kind(), ErrorKind::Forbidden);
}
