//! Gated repositories: listing, accepting, rejecting, cancelling and granting access
//! requests, and what each decision changes for downloads (a HEAD on the resolve URL).

mod common;

use std::collections::BTreeMap;

use hfhub::types::AccessRequest;
use hfhub::{
    AcceptAccessRequestOptions, CancelAccessRequestOptions, Client, CreateRepoOptions, ErrorKind,
    GrantAccessOptions, HfHubDownloadOptions, ListAcceptedAccessRequestsOptions,
    ListPendingAccessRequestsOptions, ListRejectedAccessRequestsOptions,
    RejectAccessRequestOptions, RepoType,
};
use hubsim::seed::{
    ALICE_READ_TOKEN, ALICE_WRITE_TOKEN, BOB_READ_TOKEN, BOB_WRITE_TOKEN, CAROL_READ_TOKEN,
    GATED_DATASET, GATED_MODEL, MODEL,
};
use serde_json::json;

/// A request sent without hfhub (for the routes hfhub has no method for: asking for access,
/// gating a repository): `(status, body)`.
fn raw(
    sim: &hubsim::Server,
    method: &str,
    path: &str,
    token: &str,
    content_type: &str,
    body: &str,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let req = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", sim.url()))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(body.as_bytes().to_vec())
        .unwrap();
    let mut resp = agent.run(req).unwrap();
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

fn gate(sim: &hubsim::Server, api_path: &str, mode: &str) {
    let (status, body) = raw(
        sim,
        "PUT",
        &format!("/api/{api_path}/settings"),
        ALICE_WRITE_TOKEN,
        "application/json",
        &json!({ "gated": mode }).to_string(),
    );
    assert_eq!(status, 200, "{body}");
}

fn ask(sim: &hubsim::Server, api_path: &str, token: &str, form: &str) -> u16 {
    raw(
        sim,
        "POST",
        &format!("/api/{api_path}/ask-access"),
        token,
        "application/x-www-form-urlencoded",
        form,
    )
    .0
}

fn t(repo_type: RepoType) -> ListPendingAccessRequestsOptions {
    ListPendingAccessRequestsOptions {
        repo_type: Some(repo_type),
    }
}

/// The users of a listing, in order.
fn users(p: hfhub::Pager<AccessRequest>) -> Vec<String> {
    p.map(|r| r.unwrap().username.unwrap()).collect()
}

fn lists(c: &Client, repo: &str, repo_type: RepoType) -> [Vec<String>; 3] {
    [
        users(c.list_pending_access_requests(repo, &t(repo_type))),
        users(c.list_accepted_access_requests(repo, &t(repo_type))),
        users(c.list_rejected_access_requests(repo, &t(repo_type))),
    ]
}

/// Whether `c` may download `file` now: a real `hf_hub_download` into a fresh
/// cache (a cached copy would be returned even when the Hub says no, as in Python).
fn may_download(c: &Client, repo: &str, repo_type: RepoType, file: &str) -> bool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let cache = std::env::temp_dir().join(format!(
        "hfhub-access-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let o = HfHubDownloadOptions {
        repo_type: Some(repo_type),
        cache_dir: Some(cache.clone()),
        ..Default::default()
    };
    let allowed = match c.hf_hub_download(repo, file, &o) {
        Ok(path) => {
            let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            assert!(len > 0, "{file} downloaded empty from {repo}");
            true
        }
        Err(e) if e.kind() == ErrorKind::GatedRepo => false,
        Err(e) => panic!("unexpected error: {e}"),
    };
    let _ = std::fs::remove_dir_all(&cache);
    allowed
}

#[test]
fn listings_show_the_requests_typed() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let pending: Vec<AccessRequest> = alice
        .list_pending_access_requests(GATED_MODEL, &Default::default())
        .collect::<hfhub::Result<_>>()
        .unwrap();
    assert_eq!(pending.len(), 1);
    let bob = &pending[0];
    assert_eq!(bob.username.as_deref(), Some("bob"));
    assert_eq!(bob.fullname.as_deref(), Some("Bob Example"));
    assert_eq!(bob.email.as_deref(), Some("bob@example.com"));
    assert_eq!(bob.status, "pending");
    assert_eq!(
        bob.timestamp.unwrap(),
        time::macros::datetime!(2024-02-10 09:00 UTC)
    );
    let fields = bob.fields.as_ref().unwrap();
    assert_eq!(fields["company"], "ACME");
    assert_eq!(fields["use_case"], "research");
    assert!(bob.request_id.is_some());
    assert_eq!(
        common::targets(&sim),
        [format!(
            "GET /api/models/{GATED_MODEL}/user-access-request/pending"
        )]
    );

    assert_eq!(
        lists(&alice, GATED_MODEL, RepoType::Model),
        [vec!["bob".to_string()], vec!["carol".into()], vec![]]
    );
    assert_eq!(
        lists(&alice, GATED_DATASET, RepoType::Dataset),
        [vec![], vec!["bob".to_string()], vec![]]
    );

    // Through the dispatch table: Python's attribute names.
    let v = hfhub::dispatch::call(
        &alice,
        "list_accepted_access_requests",
        json!({"repo_id": GATED_DATASET, "repo_type": "dataset"}),
    )
    .unwrap();
    let item = &v[0];
    for key in [
        "username",
        "fullname",
        "email",
        "timestamp",
        "status",
        "fields",
    ] {
        assert!(item.get(key).is_some(), "{key} missing in {item}");
    }
    assert_eq!(item["username"], "bob");
    assert_eq!(item["status"], "accepted");
}

#[test]
fn decisions_change_what_the_user_may_download() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let bob = common::client(&sim, Some(BOB_READ_TOKEN));
    let m = RepoType::Model;
    // pending: no access (403 GatedRepo on the resolve HEAD)
    let err = bob
        .file_exists(GATED_MODEL, "config.json", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::GatedRepo, "{err}");
    assert_eq!(err.status(), Some(403));

    alice
        .accept_access_request(GATED_MODEL, "bob", &Default::default())
        .unwrap();
    let last = sim.requests().pop().unwrap();
    assert_eq!(
        last.target(),
        format!("/api/models/{GATED_MODEL}/user-access-request/handle")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&last.body).unwrap(),
        json!({"user": "bob", "status": "accepted"})
    );
    assert!(may_download(&bob, GATED_MODEL, m, "config.json"));
    assert!(may_download(&bob, GATED_MODEL, m, "model.safetensors"));
    assert_eq!(
        lists(&alice, GATED_MODEL, m),
        [vec![], vec!["carol".to_string(), "bob".into()], vec![]]
    );

    alice
        .reject_access_request(
            GATED_MODEL,
            "bob",
            &RejectAccessRequestOptions {
                rejection_reason: Some("Tests only".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(!may_download(&bob, GATED_MODEL, m, "config.json"));
    assert_eq!(
        lists(&alice, GATED_MODEL, m),
        [vec![], vec!["carol".to_string()], vec!["bob".to_string()]]
    );
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Model, GATED_MODEL)
            .unwrap();
        let req = repo.access_request("bob").unwrap();
        assert_eq!(req.rejection_reason.as_deref(), Some("Tests only"));
    });

    alice
        .cancel_access_request(GATED_MODEL, "bob", &CancelAccessRequestOptions::default())
        .unwrap();
    assert!(!may_download(&bob, GATED_MODEL, m, "config.json"));
    assert_eq!(
        lists(&alice, GATED_MODEL, m),
        [vec!["bob".to_string()], vec!["carol".to_string()], vec![]]
    );

    // carol's approval can be withdrawn too
    assert!(may_download(
        &common::client(&sim, Some(CAROL_READ_TOKEN)),
        GATED_MODEL,
        m,
        "config.json"
    ));
    alice
        .reject_access_request(GATED_MODEL, "carol", &Default::default())
        .unwrap();
    assert!(!may_download(
        &common::client(&sim, Some(CAROL_READ_TOKEN)),
        GATED_MODEL,
        m,
        "config.json"
    ));
}

#[test]
fn a_user_asks_for_access_and_the_owners_decide() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    alice
        .create_repo("alice/new-gated", &CreateRepoOptions::default())
        .unwrap();
    // not gated yet: asking is a 400, and so is reviewing
    assert_eq!(
        ask(&sim, "models/alice/new-gated", CAROL_READ_TOKEN, ""),
        400
    );
    assert!(may_download(
        &carol,
        "alice/new-gated",
        RepoType::Model,
        ".gitattributes"
    ));

    gate(&sim, "models/alice/new-gated", "manual");
    assert!(!may_download(
        &carol,
        "alice/new-gated",
        RepoType::Model,
        ".gitattributes"
    ));
    assert_eq!(
        ask(
            &sim,
            "models/alice/new-gated",
            CAROL_READ_TOKEN,
            "company=The+Lab&use_case=evaluation"
        ),
        200
    );
    let pending: Vec<AccessRequest> = alice
        .list_pending_access_requests("alice/new-gated", &Default::default())
        .collect::<hfhub::Result<_>>()
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].username.as_deref(), Some("carol"));
    let fields: BTreeMap<String, serde_json::Value> =
        pending[0].fields.clone().unwrap().into_iter().collect();
    assert_eq!(
        fields,
        BTreeMap::from([
            ("company".to_string(), json!("The Lab")),
            ("use_case".to_string(), json!("evaluation")),
        ])
    );
    assert!(!may_download(
        &carol,
        "alice/new-gated",
        RepoType::Model,
        ".gitattributes"
    ));

    alice
        .accept_access_request("alice/new-gated", "carol", &Default::default())
        .unwrap();
    assert!(may_download(
        &carol,
        "alice/new-gated",
        RepoType::Model,
        ".gitattributes"
    ));
    alice
        .reject_access_request("alice/new-gated", "carol", &Default::default())
        .unwrap();
    assert!(!may_download(
        &carol,
        "alice/new-gated",
        RepoType::Model,
        ".gitattributes"
    ));
    // once rejected, asking again is refused
    assert_eq!(
        ask(&sim, "models/alice/new-gated", CAROL_READ_TOKEN, ""),
        403
    );

    // `auto` gating accepts at once
    assert!(!may_download(
        &carol,
        GATED_DATASET,
        RepoType::Dataset,
        "data/train.csv"
    ));
    assert_eq!(
        ask(
            &sim,
            &format!("datasets/{GATED_DATASET}"),
            CAROL_READ_TOKEN,
            ""
        ),
        200
    );
    assert!(may_download(
        &carol,
        GATED_DATASET,
        RepoType::Dataset,
        "data/train.csv"
    ));

    // an org's write member reviews the org's gated repos; carol, without a role, may not
    gate(&sim, "models/acme/text-classifier", "manual");
    assert_eq!(
        ask(
            &sim,
            "models/acme/text-classifier",
            CAROL_READ_TOKEN,
            "company=x"
        ),
        200
    );
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    assert_eq!(
        users(bob.list_pending_access_requests("acme/text-classifier", &Default::default())),
        ["carol"]
    );
    bob.accept_access_request("acme/text-classifier", "carol", &Default::default())
        .unwrap();
    assert!(may_download(
        &carol,
        "acme/text-classifier",
        RepoType::Model,
        "config.json"
    ));
    let err = carol
        .list_accepted_access_requests("acme/text-classifier", &Default::default())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
}

#[test]
fn grant_access_uses_the_repo_type() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let carol = common::client(&sim, Some(CAROL_READ_TOKEN));
    assert!(!may_download(
        &carol,
        GATED_DATASET,
        RepoType::Dataset,
        "data/train.csv"
    ));
    let ds = GrantAccessOptions {
        repo_type: Some(RepoType::Dataset),
    };
    let answer = alice.grant_access(GATED_DATASET, "carol", &ds).unwrap();
    // 0.22 posted to /api/models/… whatever the type (reference §7.2)
    assert_eq!(
        sim.requests().pop().unwrap().target(),
        format!("/api/datasets/{GATED_DATASET}/user-access-request/grant")
    );
    assert_eq!(answer["status"], "accepted");
    assert_eq!(answer["user"]["user"], "carol");
    assert!(may_download(
        &carol,
        GATED_DATASET,
        RepoType::Dataset,
        "data/train.csv"
    ));
    assert_eq!(
        lists(&alice, GATED_DATASET, RepoType::Dataset)[1],
        ["bob", "carol"]
    );
    // already has access: 400
    let err = alice.grant_access(GATED_DATASET, "carol", &ds).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let err = alice
        .grant_access(GATED_MODEL, "alice", &Default::default())
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::BadRequest,
        "the owner has access: {err}"
    );
    // a pending request is granted
    alice
        .grant_access(GATED_MODEL, "bob", &Default::default())
        .unwrap();
    assert_eq!(
        lists(&alice, GATED_MODEL, RepoType::Model),
        [vec![], vec!["carol".to_string(), "bob".into()], vec![]]
    );
    // unknown user: 404
    let err = alice
        .grant_access(GATED_MODEL, "nobody-here", &Default::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    assert_eq!(err.kind(), ErrorKind::Http);
}

#[test]
fn documented_errors() {
    let sim = common::sim();
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let first = |p: hfhub::Pager<AccessRequest>| p.into_iter().next().unwrap().unwrap_err();

    // not gated: 400
    let err = first(alice.list_pending_access_requests(MODEL, &Default::default()));
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let err = alice
        .accept_access_request(MODEL, "bob", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    let err = alice
        .grant_access(MODEL, "bob", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");

    // a read token, even the owner's: 403
    let read = common::client(&sim, Some(ALICE_READ_TOKEN));
    let err = first(read.list_pending_access_requests(GATED_MODEL, &Default::default()));
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let err = read
        .accept_access_request(GATED_MODEL, "bob", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    // not an owner: 403
    let bob = common::client(&sim, Some(BOB_WRITE_TOKEN));
    let err = first(bob.list_rejected_access_requests(GATED_MODEL, &Default::default()));
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    let err = bob
        .cancel_access_request(GATED_MODEL, "bob", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    assert!(!may_download(
        &bob,
        GATED_MODEL,
        RepoType::Model,
        "config.json"
    ));

    // unknown user, or a user without a request: 404 (no error code)
    let err = alice
        .accept_access_request(GATED_MODEL, "nobody-here", &Default::default())
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::Http, Some(404)),
        "{err}"
    );
    let err = alice
        .reject_access_request(
            GATED_DATASET,
            "carol",
            &RejectAccessRequestOptions {
                repo_type: Some(RepoType::Dataset),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");

    // unknown repo; no token (a 401 on a repo URL is RepoNotFound, as in Python)
    let err = alice
        .accept_access_request("alice/nope", "bob", &AcceptAccessRequestOptions::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound, "{err}");
    let anon = common::client(&sim, None);
    let err =
        first(anon.list_accepted_access_requests(
            GATED_MODEL,
            &ListAcceptedAccessRequestsOptions::default(),
        ));
    assert_eq!(
        (err.kind(), err.status()),
        (ErrorKind::RepoNotFound, Some(401))
    );

    // an invalid repo id: before any request
    sim.clear_requests();
    let err = first(
        alice.list_rejected_access_requests("a/b/c", &ListRejectedAccessRequestsOptions::default()),
    );
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let err = alice
        .grant_access("bad--id", "bob", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(sim.requests().is_empty());
}

#[test]
fn listings_follow_pagination() {
    let sim = common::sim_with(hubsim::Config::default().page_size(1));
    let alice = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    alice
        .accept_access_request(GATED_MODEL, "bob", &Default::default())
        .unwrap();
    sim.clear_requests();
    assert_eq!(
        users(alice.list_accepted_access_requests(GATED_MODEL, &Default::default())),
        ["carol", "bob"]
    );
    let targets = common::targets(&sim);
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert!(targets[1].contains("cursor="), "{targets:?}");
}
