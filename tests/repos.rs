//! Repository management (create, delete, move, visibility, duplicate), branches, tags,
//! history squashing and likes, against an in-process hubsim with the default seed.

mod common;

use std::collections::BTreeSet;

use hfhub::types::RepoUrl;
use hfhub::{
    Client, CreateBranchOptions, CreateRepoOptions, CreateTagOptions, DatasetInfoOptions,
    DeleteBranchOptions, DeleteRepoOptions, DeleteTagOptions, DuplicateSpaceOptions, Error,
    ErrorKind, Gating, LikeOptions, ListRepoCommitsOptions, ListRepoFilesOptions,
    ListRepoRefsOptions, ModelInfoOptions, MoveRepoOptions, RepoExistsOptions, RepoType,
    SpaceInfoOptions, SpaceKeyValue, SuperSquashHistoryOptions, UpdateRepoSettingsOptions,
    UpdateRepoVisibilityOptions,
};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_READ_TOKEN, BOB_WRITE_TOKEN, CAROL_READ_TOKEN,
    DATASET, MODEL, PRIVATE_MODEL, PRIVATE_SPACE, SPACE,
};
use hubsim::{Fault, FaultAction};
use serde_json::json;

fn typed(t: RepoType) -> Option<RepoType> {
    Some(t)
}

fn exists(client: &Client, repo_id: &str, t: RepoType) -> bool {
    client
        .repo_exists(
            repo_id,
            &RepoExistsOptions {
                repo_type: typed(t),
            },
        )
        .unwrap()
}

fn files(client: &Client, repo_id: &str, t: RepoType, revision: Option<&str>) -> Vec<String> {
    let mut f: Vec<String> = client
        .list_repo_files(
            repo_id,
            &ListRepoFilesOptions {
                repo_type: typed(t),
                revision: revision.map(str::to_owned),
            },
        )
        .collect::<hfhub::Result<_>>()
        .unwrap();
    f.sort();
    f
}

fn refs(client: &Client, repo_id: &str, t: RepoType) -> hfhub::types::GitRefs {
    client
        .list_repo_refs(
            repo_id,
            &ListRepoRefsOptions {
                repo_type: typed(t),
                include_pull_requests: true,
            },
        )
        .unwrap()
}

fn branch_target(client: &Client, repo_id: &str, branch: &str) -> Option<String> {
    refs(client, repo_id, RepoType::Model)
        .branches
        .into_iter()
        .find(|b| b.name == branch)
        .map(|b| b.target_commit)
}

fn commit_titles(client: &Client, repo_id: &str, revision: &str) -> Vec<String> {
    client
        .list_repo_commits(
            repo_id,
            &ListRepoCommitsOptions {
                revision: Some(revision.into()),
                ..Default::default()
            },
        )
        .map(|c| c.unwrap().title)
        .collect()
}

fn likers(client: &Client, repo_id: &str, t: RepoType) -> BTreeSet<String> {
    client
        .list_repo_likers(
            repo_id,
            &LikeOptions {
                repo_type: typed(t),
            },
        )
        .map(|u| u.unwrap().username)
        .collect()
}

fn conflict_in_progress(times: u32) -> Fault {
    Fault {
        method: Some("POST".into()),
        path_prefix: "/api/repos/create".into(),
        times: Some(times),
        action: FaultAction::Status {
            status: 409,
            headers: vec![],
            body:
                br#"{"error": "Cannot create repo: another conflicting operation is in progress"}"#
                    .to_vec(),
        },
    }
}

// ---------------------------------------------------------------- create_repo

#[test]
fn create_repo_returns_a_parsed_url_and_the_repo_exists() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let url = alice
        .create_repo("alice/new-model", &CreateRepoOptions::default())
        .unwrap();
    assert_eq!(
        url,
        RepoUrl {
            endpoint: sim.url(),
            namespace: Some("alice".into()),
            repo_name: "new-model".into(),
            repo_id: "alice/new-model".into(),
            repo_type: RepoType::Model,
            url: format!("{}/alice/new-model", sim.url()),
        }
    );
    let info = alice
        .model_info("alice/new-model", &ModelInfoOptions::default())
        .unwrap();
    assert_eq!(info.private, Some(false));
    assert_eq!(
        files(&alice, "alice/new-model", RepoType::Model, None),
        [".gitattributes"]
    );
    // exactly the documented request
    let reqs = sim.requests();
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].target(), "/api/repos/create");
    let body: serde_json::Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(
        body,
        json!({"name": "new-model", "organization": "alice", "private": false})
    );

    // Through the dispatch table: Python's attribute names.
    let v = hfhub::dispatch::call(
        &alice,
        "create_repo",
        json!({"repo_id": "acme/org-model", "private": true}),
    )
    .unwrap();
    assert_eq!(v["repo_id"], "acme/org-model");
    assert_eq!(v["namespace"], "acme");
    assert_eq!(v["repo_name"], "org-model");
    assert_eq!(v["repo_type"], "model");
    assert_eq!(v["endpoint"], sim.url());
    assert_eq!(v["url"], format!("{}/acme/org-model", sim.url()));
    // private: bob (acme member) sees it, carol does not
    let bob = common::client(&sim, Some(BOB_READ_TOKEN));
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    assert!(exists(&bob, "acme/org-model", RepoType::Model));
    assert!(!exists(&carol, "acme/org-model", RepoType::Model));
}

#[test]
fn create_private_dataset_in_the_token_owners_namespace() {
    let sim = common::sim();
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let url = bob
        .create_repo(
            "my-data",
            &CreateRepoOptions {
                private: true,
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(url.repo_id, "bob/my-data");
    assert_eq!(url.repo_type, RepoType::Dataset);
    assert_eq!(url.url, format!("{}/datasets/bob/my-data", sim.url()));
    let body: serde_json::Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"name": "my-data", "organization": null, "private": true, "type": "dataset"})
    );
    let info = bob
        .dataset_info("bob/my-data", &DatasetInfoOptions::default())
        .unwrap();
    assert_eq!(info.private, Some(true));
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    assert!(!exists(&alice, "bob/my-data", RepoType::Dataset));
    // a model of the same name is another repository
    assert!(!exists(&bob, "bob/my-data", RepoType::Model));
}

#[test]
fn create_space_with_every_space_option() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let opts = CreateRepoOptions {
        repo_type: typed(RepoType::Space),
        space_sdk: Some("gradio".into()),
        space_hardware: Some("t4-medium".into()),
        space_storage: Some("small".into()),
        space_sleep_time: Some(3600),
        space_secrets: Some(vec![SpaceKeyValue {
            key: "HF_TOKEN".into(),
            value: "hf_secret".into(),
            description: Some("token".into()),
        }]),
        space_variables: Some(vec![SpaceKeyValue {
            key: "MODEL".into(),
            value: "gpt2".into(),
            description: None,
        }]),
        ..Default::default()
    };
    let url = alice.create_repo("acme/my-space", &opts).unwrap();
    assert_eq!(url.repo_type, RepoType::Space);
    assert_eq!(url.url, format!("{}/spaces/acme/my-space", sim.url()));
    let info = alice
        .space_info("acme/my-space", &SpaceInfoOptions::default())
        .unwrap();
    assert_eq!(info.sdk.as_deref(), Some("gradio"));
    let runtime = info.runtime.unwrap();
    assert_eq!(runtime.requested_hardware.as_deref(), Some("t4-medium"));
    assert_eq!(runtime.sleep_time, Some(3600));
    assert_eq!(
        files(&alice, "acme/my-space", RepoType::Space, None),
        [".gitattributes", "README.md"]
    );
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Space, "acme/my-space")
            .unwrap();
        assert!(repo.meta.secrets.contains_key("HF_TOKEN"));
        assert!(!repo.meta.secrets["HF_TOKEN"]
            .to_string()
            .contains("hf_secret"));
        assert_eq!(repo.meta.variables["MODEL"]["value"], "gpt2");
        assert_eq!(repo.meta.runtime.as_ref().unwrap()["storage"], "small");
    });

    // A Space needs a valid SDK: checked before any request.
    sim.clear_requests();
    for sdk in [None, Some("flask")] {
        let err = alice
            .create_repo(
                "alice/no-sdk",
                &CreateRepoOptions {
                    repo_type: typed(RepoType::Space),
                    space_sdk: sdk.map(str::to_owned),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    }
    assert!(sim.requests().is_empty());

    // Space options are ignored for other repo types (Python warns and drops them).
    alice
        .create_repo(
            "alice/plain",
            &CreateRepoOptions {
                space_sdk: Some("gradio".into()),
                space_hardware: Some("t4-medium".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&sim.requests()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"name": "plain", "organization": "alice", "private": false})
    );
}

#[test]
fn create_repo_conflicts_and_exist_ok() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let err = alice
        .create_repo(MODEL, &CreateRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert_eq!(err.status(), Some(409));
    assert_eq!(sim.requests().len(), 1, "a plain 409 is not retried");

    let url = alice
        .create_repo(
            DATASET,
            &CreateRepoOptions {
                exist_ok: true,
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(url.repo_id, DATASET);
    assert_eq!(url.repo_type, RepoType::Dataset);
    assert_eq!(url.url, format!("{}/datasets/{DATASET}", sim.url()));
}

#[test]
fn create_repo_permissions() {
    let sim = common::sim();
    // A read token: 403, even in one's own namespace.
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .create_repo("alice/new", &CreateRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    assert_eq!(err.status(), Some(403));

    // With exist_ok, a 403 for a repository that exists is success; the URL has the right
    // prefix (0.22 built `{endpoint}/dataset/{id}`, reference §7.6).
    sim.clear_requests();
    let url = read
        .create_repo(
            DATASET,
            &CreateRepoOptions {
                exist_ok: true,
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(url.url, format!("{}/datasets/{DATASET}", sim.url()));
    assert_eq!(url.repo_type, RepoType::Dataset);
    assert_eq!(
        common::targets(&sim),
        [
            "POST /api/repos/create",
            &format!("GET /api/datasets/{DATASET}")
        ]
    );
    // ... and when it does not exist, the original 403 is returned.
    let err = read
        .create_repo(
            "alice/not-there",
            &CreateRepoOptions {
                exist_ok: true,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");

    // A foreign namespace: 403; an org where one is a `write` member: fine.
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = bob
        .create_repo("carol/mine", &CreateRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    bob.create_repo("acme/bobs", &CreateRepoOptions::default())
        .unwrap();

    // No token: the Hub answers 401.
    let anon = common::client(&sim, None);
    let err = anon
        .create_repo("alice/anon", &CreateRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized, "{err}");
    assert_eq!(err.status(), Some(401));
}

#[test]
fn create_repo_retries_the_conflicting_operation_409_within_the_budget() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    sim.inject(conflict_in_progress(2));
    let url = alice
        .create_repo("alice/busy", &CreateRepoOptions::default())
        .unwrap();
    assert_eq!(url.repo_id, "alice/busy");
    assert_eq!(sim.requests().len(), 3, "{:?}", common::targets(&sim));

    // 0.22 looped forever; hfhub stops when the retry budget (3 retries here) is spent.
    sim.clear_requests();
    sim.inject(conflict_in_progress(100));
    let err = alice
        .create_repo("alice/busier", &CreateRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert_eq!(sim.requests().len(), 4);
    // even with exist_ok: this 409 does not mean the repository exists
    sim.clear_requests();
    let err = alice
        .create_repo(
            "alice/busier",
            &CreateRepoOptions {
                exist_ok: true,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    sim.clear_faults();
}

#[test]
fn invalid_repo_ids_fail_before_any_request() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let bad = "alice/bad--name";
    let errors: Vec<Error> = vec![
        alice
            .create_repo(bad, &CreateRepoOptions::default())
            .unwrap_err(),
        alice
            .delete_repo(bad, &DeleteRepoOptions::default())
            .unwrap_err(),
        alice
            .update_repo_visibility(bad, &UpdateRepoVisibilityOptions::default())
            .unwrap_err(),
        alice
            .move_repo(bad, "alice/ok", &MoveRepoOptions::default())
            .unwrap_err(),
        alice
            .move_repo(MODEL, "a/b/c", &MoveRepoOptions::default())
            .unwrap_err(),
        // move_repo needs namespaces on both sides
        alice
            .move_repo("tiny-model", "alice/other", &MoveRepoOptions::default())
            .unwrap_err(),
        alice
            .duplicate_space(bad, &DuplicateSpaceOptions::default())
            .unwrap_err(),
        alice
            .duplicate_space(
                SPACE,
                &DuplicateSpaceOptions {
                    to_id: Some("alice/x..y".into()),
                    ..Default::default()
                },
            )
            .unwrap_err(),
        alice
            .create_branch(bad, "dev", &CreateBranchOptions::default())
            .unwrap_err(),
        alice
            .delete_branch(bad, "dev", &DeleteBranchOptions::default())
            .unwrap_err(),
        alice
            .create_tag(bad, "v1", &CreateTagOptions::default())
            .unwrap_err(),
        alice
            .delete_tag(bad, "v1", &DeleteTagOptions::default())
            .unwrap_err(),
        alice
            .super_squash_history(bad, &SuperSquashHistoryOptions::default())
            .unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    }
    assert!(sim.requests().is_empty(), "{:?}", common::targets(&sim));
}

// ---------------------------------------------------------------- delete_repo

#[test]
fn delete_repo_and_missing_ok() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    assert!(likers(&alice, MODEL, RepoType::Model).contains("bob"));
    alice
        .delete_repo(MODEL, &DeleteRepoOptions::default())
        .unwrap();
    assert!(!exists(&alice, MODEL, RepoType::Model));
    // its likes are gone with it
    let likes = alice.list_liked_repos(Some("bob")).unwrap();
    assert!(!likes.models.contains(&MODEL.to_string()), "{likes:?}");
    assert_eq!(likes.total, 2);

    let err = alice
        .delete_repo(MODEL, &DeleteRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    assert_eq!(err.status(), Some(404));
    alice
        .delete_repo(
            MODEL,
            &DeleteRepoOptions {
                missing_ok: true,
                ..Default::default()
            },
        )
        .unwrap();

    // A Space, named without namespace (the token owner's).
    alice
        .delete_repo(
            "demo-space",
            &DeleteRepoOptions {
                repo_type: typed(RepoType::Space),
                ..Default::default()
            },
        )
        .unwrap();
    let delete = sim
        .requests()
        .into_iter()
        .rfind(|r| r.method == "DELETE")
        .unwrap();
    assert_eq!(delete.target(), "/api/repos/delete");
    let body: serde_json::Value = serde_json::from_slice(&delete.body).unwrap();
    assert_eq!(
        body,
        json!({"name": "demo-space", "organization": null, "type": "space"})
    );
    assert!(!exists(&alice, SPACE, RepoType::Space));
}

#[test]
fn delete_repo_permissions() {
    let sim = common::sim();
    // read token on one's own repo
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .delete_repo(MODEL, &DeleteRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // a write token of someone else: a public repo is visible but not theirs (403), a
    // private one is not even visible (404), and missing_ok does not hide the 403
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let missing_ok = DeleteRepoOptions {
        missing_ok: true,
        ..Default::default()
    };
    let err = bob.delete_repo(MODEL, &missing_ok).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let err = bob
        .delete_repo(PRIVATE_MODEL, &DeleteRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    // a write member of the owning org may
    bob.delete_repo(
        PRIVATE_SPACE,
        &DeleteRepoOptions {
            repo_type: typed(RepoType::Space),
            ..Default::default()
        },
    )
    .unwrap();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    assert!(exists(&alice, MODEL, RepoType::Model));
    assert!(!exists(&alice, PRIVATE_SPACE, RepoType::Space));
}

// ---------------------------------------------------------------- move_repo

#[test]
fn move_repo_renames_and_transfers_with_history_and_likes() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let before = branch_target(&alice, MODEL, "main").unwrap();
    let old_files = files(&alice, MODEL, RepoType::Model, None);
    alice
        .move_repo(MODEL, "acme/renamed", &MoveRepoOptions::default())
        .unwrap();
    assert!(!exists(&alice, MODEL, RepoType::Model));
    assert_eq!(
        branch_target(&alice, "acme/renamed", "main").unwrap(),
        before
    );
    assert_eq!(
        files(&alice, "acme/renamed", RepoType::Model, None),
        old_files
    );
    assert_eq!(
        commit_titles(&alice, "acme/renamed", "main").len(),
        4,
        "history moves along"
    );
    assert_eq!(
        likers(&alice, "acme/renamed", RepoType::Model),
        BTreeSet::from(["bob".to_string(), "carol".to_string()])
    );
    assert!(alice
        .list_liked_repos(Some("carol"))
        .unwrap()
        .models
        .contains(&"acme/renamed".to_string()));
    let body: serde_json::Value = serde_json::from_slice(
        &sim.requests()
            .iter()
            .find(|r| r.method == "POST")
            .unwrap()
            .body,
    )
    .unwrap();
    assert_eq!(
        body,
        json!({"fromRepo": MODEL, "toRepo": "acme/renamed", "type": "model"})
    );

    // a dataset
    alice
        .move_repo(
            DATASET,
            "alice/renamed-data",
            &MoveRepoOptions {
                repo_type: typed(RepoType::Dataset),
            },
        )
        .unwrap();
    assert!(exists(&alice, "alice/renamed-data", RepoType::Dataset));

    // errors: missing source (404), taken target (409), foreign target namespace (403),
    // someone else's repo (403)
    let err = alice
        .move_repo(MODEL, "alice/again", &MoveRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    let err = alice
        .move_repo("acme/renamed", PRIVATE_MODEL, &MoveRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let err = alice
        .move_repo("acme/renamed", "carol/stolen", &MoveRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    let err = carol
        .move_repo("acme/renamed", "carol/mine", &MoveRepoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
}

// ---------------------------------------------------------------- update_repo_visibility

#[test]
fn update_repo_visibility_hides_and_shows() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let anon = common::client(&sim, None);
    let answer = alice
        .update_repo_visibility(
            MODEL,
            &UpdateRepoVisibilityOptions {
                private: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(answer["private"], true);
    assert!(!exists(&anon, MODEL, RepoType::Model));
    let err = anon
        .model_info(MODEL, &ModelInfoOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);

    // No namespace: whoami gives it.
    sim.clear_requests();
    alice
        .update_repo_visibility(
            "tiny-dataset",
            &UpdateRepoVisibilityOptions {
                private: true,
                repo_type: typed(RepoType::Dataset),
            },
        )
        .unwrap();
    assert_eq!(
        common::targets(&sim),
        [
            "GET /api/whoami-v2",
            "PUT /api/datasets/alice/tiny-dataset/settings"
        ]
    );
    assert!(!exists(&anon, DATASET, RepoType::Dataset));

    alice
        .update_repo_visibility(MODEL, &UpdateRepoVisibilityOptions::default())
        .unwrap();
    assert!(exists(&anon, MODEL, RepoType::Model));

    // errors
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .update_repo_visibility(MODEL, &UpdateRepoVisibilityOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = bob
        .update_repo_visibility(MODEL, &UpdateRepoVisibilityOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let err = alice
        .update_repo_visibility("alice/nope", &UpdateRepoVisibilityOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
}

// ---------------------------------------------------------------- duplicate_space

#[test]
fn duplicate_space_copies_the_files_into_a_new_space() {
    let sim = common::sim();
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    sim.clear_requests();
    let url = bob
        .duplicate_space(SPACE, &DuplicateSpaceOptions::default())
        .unwrap();
    assert_eq!(
        common::targets(&sim),
        [
            "GET /api/whoami-v2",
            &format!("POST /api/spaces/{SPACE}/duplicate")
        ]
    );
    assert_eq!(url.repo_id, "bob/demo-space");
    assert_eq!(url.repo_type, RepoType::Space);
    assert_eq!(url.url, format!("{}/spaces/bob/demo-space", sim.url()));
    assert_eq!(
        files(&bob, "bob/demo-space", RepoType::Space, None),
        files(&bob, SPACE, RepoType::Space, None)
    );
    let info = bob
        .space_info("bob/demo-space", &SpaceInfoOptions::default())
        .unwrap();
    assert_eq!(info.sdk.as_deref(), Some("gradio"));

    // into an org, private, with hardware
    let url = bob
        .duplicate_space(
            SPACE,
            &DuplicateSpaceOptions {
                to_id: Some("acme/copy".into()),
                private: Some(true),
                hardware: Some("t4-small".into()),
                sleep_time: Some(600),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(url.repo_id, "acme/copy");
    let info = bob
        .space_info("acme/copy", &SpaceInfoOptions::default())
        .unwrap();
    assert_eq!(info.private, Some(true));
    let runtime = info.runtime.unwrap();
    assert_eq!(runtime.requested_hardware.as_deref(), Some("t4-small"));
    assert_eq!(runtime.sleep_time, Some(600));
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    assert!(!exists(&carol, "acme/copy", RepoType::Space));

    // exists: 409, or the existing URL with exist_ok
    let again = DuplicateSpaceOptions {
        to_id: Some("acme/copy".into()),
        ..Default::default()
    };
    let err = bob.duplicate_space(SPACE, &again).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let url = bob
        .duplicate_space(
            SPACE,
            &DuplicateSpaceOptions {
                exist_ok: true,
                ..again
            },
        )
        .unwrap();
    assert_eq!(url.repo_id, "acme/copy");

    // a full URL as to_id
    let url = bob
        .duplicate_space(
            SPACE,
            &DuplicateSpaceOptions {
                to_id: Some(format!("{}/spaces/bob/from-url", sim.url())),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(url.repo_id, "bob/from-url");

    // errors: an invisible source (404), a read token (403)
    let err = carol
        .duplicate_space(PRIVATE_SPACE, &DuplicateSpaceOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    let err = carol
        .duplicate_space(SPACE, &DuplicateSpaceOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
}

// ---------------------------------------------------------------- branches

#[test]
fn create_and_delete_branches() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let main = branch_target(&alice, MODEL, "main").unwrap();
    alice
        .create_branch(MODEL, "feature/x", &CreateBranchOptions::default())
        .unwrap();
    assert_eq!(
        sim.requests().last().unwrap().target(),
        format!("/api/models/{MODEL}/branch/feature%2Fx")
    );
    assert_eq!(branch_target(&alice, MODEL, "feature/x").unwrap(), main);

    // from a tag and from a pull-request ref
    let all = refs(&alice, MODEL, RepoType::Model);
    let v1 = all.tags.iter().find(|t| t.name == "v1.0").unwrap();
    let pr = &all.pull_requests.as_ref().unwrap()[0];
    alice
        .create_branch(
            MODEL,
            "from-tag",
            &CreateBranchOptions {
                revision: Some("v1.0".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        branch_target(&alice, MODEL, "from-tag").unwrap(),
        v1.target_commit
    );
    alice
        .create_branch(
            MODEL,
            "from-pr",
            &CreateBranchOptions {
                revision: Some("refs/pr/1".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        branch_target(&alice, MODEL, "from-pr").unwrap(),
        pr.target_commit
    );

    // exists: 409, fine with exist_ok
    let err = alice
        .create_branch(MODEL, "feature/x", &CreateBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let exist_ok = CreateBranchOptions {
        exist_ok: true,
        ..Default::default()
    };
    alice.create_branch(MODEL, "feature/x", &exist_ok).unwrap();

    // errors
    let err = alice
        .create_branch(
            MODEL,
            "broken",
            &CreateBranchOptions {
                revision: Some("no-such-rev".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    let err = alice
        .create_branch(MODEL, "refs/pr/5", &CreateBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let err = alice
        .create_branch("alice/nope", "dev2", &CreateBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .create_branch(MODEL, "dev2", &CreateBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // exist_ok with a read token: fine if the branch is there (checked with list_repo_refs)
    read.create_branch(MODEL, "feature/x", &exist_ok).unwrap();
    let err = read.create_branch(MODEL, "dev2", &exist_ok).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let anon = common::client(&sim, None);
    let err = anon
        .create_branch(MODEL, "dev2", &CreateBranchOptions::default())
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::RepoNotFound,
        "a 401 on a repo URL, as Python maps it: {err}"
    );

    // delete
    alice
        .delete_branch(MODEL, "feature/x", &DeleteBranchOptions::default())
        .unwrap();
    assert_eq!(branch_target(&alice, MODEL, "feature/x"), None);
    let err = alice
        .delete_branch(MODEL, "feature/x", &DeleteBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    let err = alice
        .delete_branch(MODEL, "main", &DeleteBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let err = read
        .delete_branch(MODEL, "dev", &DeleteBranchOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // a dataset branch
    let ds = DeleteBranchOptions {
        repo_type: typed(RepoType::Dataset),
    };
    alice
        .create_branch(
            DATASET,
            "dev",
            &CreateBranchOptions {
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();
    alice.delete_branch(DATASET, "dev", &ds).unwrap();
    assert!(refs(&alice, DATASET, RepoType::Dataset)
        .branches
        .iter()
        .all(|b| b.name != "dev"));
}

// ---------------------------------------------------------------- tags

#[test]
fn create_and_delete_tags() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let all = refs(&alice, MODEL, RepoType::Model);
    let pr = all.pull_requests.as_ref().unwrap()[0].target_commit.clone();
    let main = branch_target(&alice, MODEL, "main").unwrap();
    alice
        .create_tag(
            MODEL,
            "release/1.0",
            &CreateTagOptions {
                tag_message: Some("First release".into()),
                revision: Some("refs/pr/1".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        sim.requests().last().unwrap().target(),
        format!("/api/models/{MODEL}/tag/refs%2Fpr%2F1")
    );
    alice
        .create_tag(MODEL, "v2", &CreateTagOptions::default())
        .unwrap();
    let tags = refs(&alice, MODEL, RepoType::Model).tags;
    let target = |name: &str| {
        tags.iter()
            .find(|t| t.name == name)
            .map(|t| t.target_commit.clone())
    };
    assert_eq!(target("release/1.0"), Some(pr));
    assert_eq!(target("v2"), Some(main));
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Model, MODEL)
            .unwrap();
        assert_eq!(repo.tag_messages["refs/tags/release/1.0"], "First release");
    });

    let err = alice
        .create_tag(MODEL, "v2", &CreateTagOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    alice
        .create_tag(
            MODEL,
            "v2",
            &CreateTagOptions {
                exist_ok: true,
                ..Default::default()
            },
        )
        .unwrap();
    let err = alice
        .create_tag(
            MODEL,
            "v3",
            &CreateTagOptions {
                revision: Some("nope".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    let read = common::client(&sim, Some(BOB_READ_TOKEN));
    let err = read
        .create_tag(MODEL, "v3", &CreateTagOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");

    // delete (percent-encoded: `release%2F1.0`)
    alice
        .delete_tag(MODEL, "release/1.0", &DeleteTagOptions::default())
        .unwrap();
    assert_eq!(
        sim.requests().last().unwrap().target(),
        format!("/api/models/{MODEL}/tag/release%2F1.0")
    );
    assert!(refs(&alice, MODEL, RepoType::Model)
        .tags
        .iter()
        .all(|t| t.name != "release/1.0"));
    let err = alice
        .delete_tag(MODEL, "release/1.0", &DeleteTagOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    let err = read
        .delete_tag(MODEL, "v1.0", &DeleteTagOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // a Space tag
    let space = CreateTagOptions {
        repo_type: typed(RepoType::Space),
        ..Default::default()
    };
    alice.create_tag(SPACE, "v1", &space).unwrap();
    assert_eq!(refs(&alice, SPACE, RepoType::Space).tags[0].name, "v1");
}

// ---------------------------------------------------------------- super_squash_history

#[test]
fn super_squash_history_leaves_one_commit_with_the_same_files() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let before = files(&alice, MODEL, RepoType::Model, None);
    let dev_before = commit_titles(&alice, MODEL, "dev");
    assert_eq!(commit_titles(&alice, MODEL, "main").len(), 4);
    alice
        .super_squash_history(
            MODEL,
            &SuperSquashHistoryOptions {
                commit_message: Some("Squash all".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(commit_titles(&alice, MODEL, "main"), ["Squash all"]);
    assert_eq!(files(&alice, MODEL, RepoType::Model, None), before);
    // other branches keep their history
    assert_eq!(commit_titles(&alice, MODEL, "dev"), dev_before);
    // the files are still served
    assert!(alice
        .file_exists(MODEL, "config.json", &Default::default())
        .unwrap());

    // a branch with a slash (encoded in the URL), default message
    alice
        .create_branch(MODEL, "feature/x", &CreateBranchOptions::default())
        .unwrap();
    alice
        .super_squash_history(
            MODEL,
            &SuperSquashHistoryOptions {
                branch: Some("feature/x".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let last = sim.requests().pop().unwrap();
    assert_eq!(
        last.target(),
        format!("/api/models/{MODEL}/super-squash/feature%2Fx")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&last.body).unwrap(),
        json!({"message": "Super-squash branch 'feature/x' using huggingface_hub"})
    );
    assert_eq!(
        commit_titles(&alice, MODEL, "feature/x"),
        ["Super-squash branch 'feature/x' using huggingface_hub"]
    );

    // a dataset
    alice
        .super_squash_history(
            DATASET,
            &SuperSquashHistoryOptions {
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap();

    // errors: unknown branch, a tag, a read token
    let unknown = SuperSquashHistoryOptions {
        branch: Some("nope".into()),
        ..Default::default()
    };
    let err = alice.super_squash_history(MODEL, &unknown).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RevisionNotFound, "{err}");
    let tag = SuperSquashHistoryOptions {
        branch: Some("v1.0".into()),
        ..Default::default()
    };
    let err = alice.super_squash_history(MODEL, &tag).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = read
        .super_squash_history(MODEL, &SuperSquashHistoryOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
}

// ---------------------------------------------------------------- likes

#[test]
fn likes_stay_consistent_across_likers_liked_repos_and_counts() {
    let sim = common::sim();
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    let space = LikeOptions {
        repo_type: typed(RepoType::Space),
    };
    let count = |c: &Client| {
        c.space_info(SPACE, &SpaceInfoOptions::default())
            .unwrap()
            .likes
            .unwrap()
    };
    let before = count(&carol);
    assert!(!likers(&carol, SPACE, RepoType::Space).contains("carol"));

    carol.like(SPACE, &space).unwrap();
    carol.like(SPACE, &space).unwrap(); // liking twice is one like
    assert_eq!(count(&carol), before + 1);
    assert!(likers(&carol, SPACE, RepoType::Space).contains("carol"));
    let likes = carol.list_liked_repos(None).unwrap();
    assert_eq!(likes.spaces, [SPACE]);
    assert_eq!(likes.total, 2);

    carol.unlike(SPACE, &space).unwrap();
    assert_eq!(count(&carol), before);
    assert!(!likers(&carol, SPACE, RepoType::Space).contains("carol"));
    assert!(carol.list_liked_repos(None).unwrap().spaces.is_empty());

    // a new repo starts without likes; likes of a deleted repo disappear everywhere
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    alice
        .create_repo("alice/liked", &CreateRepoOptions::default())
        .unwrap();
    assert!(likers(&alice, "alice/liked", RepoType::Model).is_empty());
    carol.like("alice/liked", &LikeOptions::default()).unwrap();
    let bob = common::client(&sim, Some(BOB_READ_TOKEN));
    bob.like("alice/liked", &LikeOptions::default()).unwrap();
    assert_eq!(
        alice
            .model_info("alice/liked", &ModelInfoOptions::default())
            .unwrap()
            .likes,
        Some(2)
    );
    alice
        .delete_repo("alice/liked", &DeleteRepoOptions::default())
        .unwrap();
    for (who, c) in [("carol", &carol), ("bob", &bob)] {
        let l = c.list_liked_repos(Some(who)).unwrap();
        assert!(!l.models.contains(&"alice/liked".to_string()), "{l:?}");
    }
    // recreating it does not bring them back
    alice
        .create_repo("alice/liked", &CreateRepoOptions::default())
        .unwrap();
    assert!(likers(&alice, "alice/liked", RepoType::Model).is_empty());

    // errors: no token, missing repo
    let anon = common::client(&sim, None);
    let err = anon.like(SPACE, &space).unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    let err = carol
        .like("alice/no-such-repo", &LikeOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
}

#[test]
fn update_repo_settings_gates_and_hides() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let anon = common::client(&sim, None);
    sim.clear_requests();
    alice
        .update_repo_settings(
            MODEL,
            &UpdateRepoSettingsOptions {
                gated: Some(Gating::Manual),
                ..Default::default()
            },
        )
        .unwrap();
    let req = &sim.requests()[0];
    assert_eq!(req.method, "PUT");
    assert_eq!(req.path, format!("/api/models/{MODEL}/settings"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&req.body).unwrap(),
        json!({"gated": "manual"})
    );
    let info = alice
        .model_info(MODEL, &ModelInfoOptions::default())
        .unwrap();
    assert!(
        info.gated.as_ref().is_some_and(|g| g.is_gated()),
        "{:?}",
        info.gated
    );
    let err = anon
        .hf_hub_download(MODEL, "config.json", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::GatedRepo, "{err}");

    // both settings at once; false lifts the gate
    alice
        .update_repo_settings(
            MODEL,
            &UpdateRepoSettingsOptions {
                gated: Some(Gating::Disabled),
                private: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
    let info = alice
        .model_info(MODEL, &ModelInfoOptions::default())
        .unwrap();
    assert!(!info.gated.as_ref().is_some_and(|g| g.is_gated()));
    assert!(!exists(&anon, MODEL, RepoType::Model));

    // nothing to change, a bad value, someone else's repo
    sim.clear_requests();
    let err = alice
        .update_repo_settings(MODEL, &UpdateRepoSettingsOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(sim.requests().is_empty());
    let err = hfhub::dispatch::call(
        &alice,
        "update_repo_settings",
        json!({"repo_id": MODEL, "gated": true}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = bob
        .update_repo_settings(
            DATASET,
            &UpdateRepoSettingsOptions {
                gated: Some(Gating::Auto),
                repo_type: typed(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Forbidden | ErrorKind::RepoNotFound),
        "{err}"
    );
}
