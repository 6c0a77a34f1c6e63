//! Repository management, refs and gated access on the wire: create / delete / move /
//! settings / duplicate, branches, tags, super-squash, access requests; status codes, error
//! headers, both encodings of ref names, both generations of request bodies, persistence.

use hubsim::seed::*;
use hubsim::{Config, Seed, Server};
use serde_json::{json, Value};

mod common;
use common::Reply;

fn send(sim: &Server, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
    common::send_json(method, &format!("{}{path}", sim.url()), token, body)
}

fn get(sim: &Server, path: &str, token: Option<&str>) -> Reply {
    send(sim, "GET", path, token, None)
}

fn post(sim: &Server, path: &str, token: Option<&str>, body: Value) -> Reply {
    send(sim, "POST", path, token, Some(body))
}

fn start() -> Server {
    Server::start(Config::default()).expect("hubsim starts")
}

fn refs(sim: &Server, repo_path: &str) -> Value {
    let r = get(
        sim,
        &format!("/api/{repo_path}/refs?include_prs=1"),
        Some(ALICE_WRITE_TOKEN),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn target_of(refs: &Value, kind: &str, name: &str) -> Option<String> {
    refs[kind]
        .as_array()?
        .iter()
        .find(|r| r["name"] == name)
        .map(|r| r["targetCommit"].as_str().unwrap().to_string())
}

#[test]
fn create_repo_bodies_of_both_client_generations() {
    let sim = start();
    // 0.22: private as a boolean, organization null = the caller
    let r = post(
        &sim,
        "/api/repos/create",
        Some(ALICE_WRITE_TOKEN),
        json!({"name": "m", "organization": null, "private": true}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"url": format!("{}/alice/m", sim.url()), "name": "alice/m"})
    );
    let info = get(&sim, "/api/models/alice/m", Some(ALICE_WRITE_TOKEN)).json();
    assert_eq!(info["private"], true);
    assert_eq!(info["siblings"], json!([{"rfilename": ".gitattributes"}]));
    // 1.x: visibility, no private key
    let r = post(
        &sim,
        "/api/repos/create",
        Some(ALICE_WRITE_TOKEN),
        json!({"name": "d", "organization": "acme", "visibility": "private", "type": "dataset"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["url"], format!("{}/datasets/acme/d", sim.url()));
    let info = get(&sim, "/api/datasets/acme/d", Some(BOB_READ_TOKEN)).json();
    assert_eq!(info["private"], true);
    // a Space: README with the SDK, runtime with the requested hardware
    let r = post(
        &sim,
        "/api/repos/create",
        Some(ALICE_WRITE_TOKEN),
        json!({"name": "s", "organization": "alice", "private": false, "type": "space",
               "sdk": "docker", "hardware": "cpu-upgrade", "sleepTimeSeconds": -1,
               "variables": [{"key": "A", "value": "1", "description": "d"}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let info = get(&sim, "/api/spaces/alice/s", None).json();
    assert_eq!(info["sdk"], "docker");
    assert_eq!(info["runtime"]["hardware"]["requested"], "cpu-upgrade");
    assert_eq!(info["runtime"]["gcTimeout"], -1);
    assert_eq!(info["cardData"]["sdk"], "docker");

    // 409 with the URL in the body (read by `exist_ok`)
    let r = post(
        &sim,
        "/api/repos/create",
        Some(ALICE_WRITE_TOKEN),
        json!({"name": "s", "organization": "alice", "type": "space", "sdk": "gradio"}),
    );
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["url"], format!("{}/spaces/alice/s", sim.url()));
    assert_eq!(
        r.header("x-error-message"),
        Some("You already created this space repo")
    );

    // 400s: bad name, bad type, missing or bad sdk, bad visibility, bad body
    for body in [
        json!({"name": "a--b"}),
        json!({"name": "x", "type": "kernel"}),
        json!({"name": "x", "type": "space"}),
        json!({"name": "x", "type": "space", "sdk": "flask"}),
        json!({"name": "x", "visibility": "secret"}),
        json!({"organization": "alice"}),
        json!(["not", "an", "object"]),
    ] {
        let r = post(
            &sim,
            "/api/repos/create",
            Some(ALICE_WRITE_TOKEN),
            body.clone(),
        );
        assert_eq!(r.status, 400, "{body}: {}", r.text());
    }
    // 401 anonymous, 401 invalid token, 403 read token, 403 foreign or unknown namespace
    let body = json!({"name": "x"});
    assert_eq!(
        post(&sim, "/api/repos/create", None, body.clone()).status,
        401
    );
    assert_eq!(
        post(&sim, "/api/repos/create", Some(INVALID_TOKEN), body.clone()).status,
        401
    );
    assert_eq!(
        post(
            &sim,
            "/api/repos/create",
            Some(ALICE_READ_TOKEN),
            body.clone()
        )
        .status,
        403
    );
    for ns in ["carol", "nobody-at-all"] {
        let r = post(
            &sim,
            "/api/repos/create",
            Some(BOB_WRITE_TOKEN),
            json!({"name": "x", "organization": ns}),
        );
        assert_eq!(r.status, 403, "{ns}");
    }
}

#[test]
fn delete_move_and_settings() {
    let sim = start();
    // delete answers "OK" as text; the likes of the repo go with it
    let r = send(
        &sim,
        "DELETE",
        "/api/repos/delete",
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"name": "tiny-dataset", "organization": "alice", "type": "dataset"})),
    );
    assert_eq!((r.status, r.text().as_str()), (200, "OK"));
    assert_eq!(
        get(&sim, &format!("/api/datasets/{DATASET}"), None).status,
        401
    );
    // ... and so do its discussions and its places in collections
    sim.with_state(|s| {
        assert!(s.likes.iter().all(|l| l.repo_id != DATASET));
        assert!(!s
            .discussions
            .by_repo
            .contains_key(&format!("dataset/{DATASET}")));
        assert!(s
            .collections
            .by_id
            .values()
            .flat_map(|c| &c.items)
            .all(|i| i.item_id != DATASET));
    });
    let r = send(
        &sim,
        "DELETE",
        "/api/repos/delete",
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"name": "tiny-dataset", "organization": "alice", "type": "dataset"})),
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.header("x-error-code"), Some("RepoNotFound"));

    // move: the old name is gone, the new one has the history; 409 on a taken name
    let main = target_of(&refs(&sim, &format!("models/{MODEL}")), "branches", "main");
    let r = post(
        &sim,
        "/api/repos/move",
        Some(ALICE_WRITE_TOKEN),
        json!({"fromRepo": MODEL, "toRepo": "acme/moved", "type": "model"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        target_of(&refs(&sim, "models/acme/moved"), "branches", "main"),
        main
    );
    assert_eq!(get(&sim, &format!("/api/models/{MODEL}"), None).status, 401);
    let likers = get(&sim, "/api/models/acme/moved/likers", None).json();
    assert_eq!(likers.as_array().unwrap().len(), 2);
    // discussions and collection items follow the repo
    let discussions = get(&sim, "/api/models/acme/moved/discussions", None).json();
    assert_eq!(discussions["count"], 3, "{discussions}");
    sim.with_state(|s| {
        assert!(!s
            .discussions
            .by_repo
            .contains_key(&format!("model/{MODEL}")));
        let items: Vec<&str> = s
            .collections
            .by_id
            .values()
            .flat_map(|c| &c.items)
            .map(|i| i.item_id.as_str())
            .collect();
        assert!(
            items.contains(&"acme/moved") && !items.contains(&MODEL),
            "{items:?}"
        );
    });
    let r = post(
        &sim,
        "/api/repos/move",
        Some(ALICE_WRITE_TOKEN),
        json!({"fromRepo": "acme/moved", "toRepo": PRIVATE_MODEL, "type": "model"}),
    );
    assert_eq!(r.status, 409);
    let r = post(
        &sim,
        "/api/repos/move",
        Some(ALICE_WRITE_TOKEN),
        json!({"fromRepo": "acme/moved", "toRepo": "no-namespace"}),
    );
    assert_eq!(r.status, 400);

    // settings: private (0.22), visibility (1.x) and gated (update_repo_settings)
    let path = "/api/models/acme/moved/settings";
    let r = send(
        &sim,
        "PUT",
        path,
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"private": true})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["private"], true);
    assert_eq!(get(&sim, "/api/models/acme/moved", None).status, 401);
    let r = send(
        &sim,
        "PUT",
        path,
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"visibility": "public", "gated": "manual"})),
    );
    assert_eq!(
        r.json(),
        json!({"private": false, "visibility": "public", "gated": "manual"})
    );
    let info = get(&sim, "/api/models/acme/moved", None).json();
    assert_eq!(info["gated"], "manual");
    assert_eq!(
        send(
            &sim,
            "PUT",
            path,
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"gated": "sometimes"}))
        )
        .status,
        400
    );
    assert_eq!(
        send(
            &sim,
            "PUT",
            path,
            Some(ALICE_READ_TOKEN),
            Some(json!({"private": true}))
        )
        .status,
        403
    );
    assert_eq!(
        send(
            &sim,
            "PUT",
            path,
            Some(CAROL_READ_TOKEN),
            Some(json!({"private": true}))
        )
        .status,
        403
    );
    assert_eq!(
        send(&sim, "PUT", path, None, Some(json!({"private": true}))).status,
        401
    );
}

#[test]
fn duplicate_space() {
    let sim = start();
    let r = post(
        &sim,
        &format!("/api/spaces/{SPACE}/duplicate"),
        Some(BOB_WRITE_TOKEN),
        json!({"repository": "bob/copy", "private": true, "hardware": "t4-small",
               "storageTier": "medium", "sleepTimeSeconds": 600,
               "secrets": [{"key": "K", "value": "V"}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"url": format!("{}/spaces/bob/copy", sim.url())})
    );
    let info = get(&sim, "/api/spaces/bob/copy", Some(BOB_READ_TOKEN)).json();
    assert_eq!(info["private"], true);
    assert_eq!(info["runtime"]["hardware"]["requested"], "t4-small");
    assert_eq!(info["runtime"]["storage"], "medium");
    let src = get(&sim, &format!("/api/spaces/{SPACE}"), None).json();
    assert_eq!(info["siblings"], src["siblings"]);
    let commits = get(
        &sim,
        "/api/spaces/bob/copy/commits/main",
        Some(BOB_READ_TOKEN),
    )
    .json();
    assert_eq!(commits[0]["title"], format!("Duplicate from {SPACE}"));
    assert_eq!(commits.as_array().unwrap().len(), 1);
    // 409 with the URL; 400 without a repository; 404 from a model or a hidden Space
    let r = post(
        &sim,
        &format!("/api/spaces/{SPACE}/duplicate"),
        Some(BOB_WRITE_TOKEN),
        json!({"repository": "bob/copy"}),
    );
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["url"], format!("{}/spaces/bob/copy", sim.url()));
    assert_eq!(
        post(
            &sim,
            &format!("/api/spaces/{SPACE}/duplicate"),
            Some(BOB_WRITE_TOKEN),
            json!({})
        )
        .status,
        400
    );
    assert_eq!(
        post(
            &sim,
            &format!("/api/models/{MODEL}/duplicate"),
            Some(BOB_WRITE_TOKEN),
            json!({"repository": "bob/m"})
        )
        .status,
        404
    );
    let r = post(
        &sim,
        &format!("/api/spaces/{PRIVATE_SPACE}/duplicate"),
        Some(CAROL_READ_TOKEN),
        json!({"repository": "carol/x"}),
    );
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RepoNotFound"))
    );
}

#[test]
fn branches_and_tags_in_both_encodings() {
    let sim = start();
    let base = format!("/api/models/{MODEL}");
    let t = Some(ALICE_WRITE_TOKEN);
    let before = refs(&sim, &format!("models/{MODEL}"));
    let pr = target_of(&before, "pullRequests", "pr/1").unwrap();
    let v1 = target_of(&before, "tags", "v1.0").unwrap();
    // encoded (newer clients) and raw (0.22's super-squash) slashes
    let r = post(
        &sim,
        &format!("{base}/branch/feature%2Fa"),
        t,
        json!({"startingPoint": "refs/pr/1"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post(
        &sim,
        &format!("{base}/branch/feature/b"),
        t,
        json!({"startingPoint": "v1.0"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let after = refs(&sim, &format!("models/{MODEL}"));
    assert_eq!(
        target_of(&after, "branches", "feature/a").as_ref(),
        Some(&pr)
    );
    assert_eq!(
        target_of(&after, "branches", "feature/b").as_ref(),
        Some(&v1)
    );
    // an empty body starts from main
    let r = send(&sim, "POST", &format!("{base}/branch/empty"), t, None);
    assert_eq!(r.status, 200, "{}", r.text());
    // errors
    let r = post(&sim, &format!("{base}/branch/feature%2Fa"), t, json!({}));
    assert_eq!(r.status, 409);
    let r = post(
        &sim,
        &format!("{base}/branch/x"),
        t,
        json!({"startingPoint": "nope"}),
    );
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );
    assert_eq!(
        post(&sim, &format!("{base}/branch/refs%2Fpr%2F5"), t, json!({})).status,
        400
    );
    assert_eq!(
        post(&sim, &format!("{base}/branch/a..b"), t, json!({})).status,
        400
    );
    assert_eq!(
        post(
            &sim,
            &format!("{base}/branch/y"),
            Some(ALICE_READ_TOKEN),
            json!({})
        )
        .status,
        403
    );
    assert_eq!(
        post(&sim, &format!("{base}/branch/y"), None, json!({})).status,
        401
    );
    let r = post(&sim, "/api/models/alice/nope/branch/y", t, json!({}));
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RepoNotFound"))
    );

    // tags: the revision to tag is in the path, raw or encoded
    let r = post(
        &sim,
        &format!("{base}/tag/refs/pr/1"),
        t,
        json!({"tag": "t1", "message": "m"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post(
        &sim,
        &format!("{base}/tag/refs%2Fpr%2F1"),
        t,
        json!({"tag": "t2"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let after = refs(&sim, &format!("models/{MODEL}"));
    assert_eq!(target_of(&after, "tags", "t1").as_ref(), Some(&pr));
    assert_eq!(target_of(&after, "tags", "t2").as_ref(), Some(&pr));
    assert_eq!(
        post(&sim, &format!("{base}/tag/main"), t, json!({"tag": "t1"})).status,
        409
    );
    assert_eq!(
        post(&sim, &format!("{base}/tag/main"), t, json!({})).status,
        400
    );
    let r = post(&sim, &format!("{base}/tag/nope"), t, json!({"tag": "t3"}));
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );

    // deletes
    assert_eq!(
        send(&sim, "DELETE", &format!("{base}/tag/t1"), t, None).status,
        200
    );
    let r = send(&sim, "DELETE", &format!("{base}/tag/t1"), t, None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );
    assert_eq!(
        send(
            &sim,
            "DELETE",
            &format!("{base}/branch/feature%2Fa"),
            t,
            None
        )
        .status,
        200
    );
    assert_eq!(
        send(&sim, "DELETE", &format!("{base}/branch/feature/b"), t, None).status,
        200
    );
    assert_eq!(
        send(&sim, "DELETE", &format!("{base}/branch/main"), t, None).status,
        400
    );
    let r = send(
        &sim,
        "DELETE",
        &format!("{base}/branch/feature%2Fa"),
        t,
        None,
    );
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );
    let after = refs(&sim, &format!("models/{MODEL}"));
    assert_eq!(target_of(&after, "branches", "feature/a"), None);
    assert_eq!(target_of(&after, "tags", "t1"), None);
}

#[test]
fn super_squash_keeps_the_tree() {
    let sim = start();
    let base = format!("/api/models/{MODEL}");
    let t = Some(ALICE_WRITE_TOKEN);
    let tree_before = get(&sim, &format!("{base}/tree/main?recursive=True"), t).json();
    let r = post(
        &sim,
        &format!("{base}/super-squash/main"),
        t,
        json!({"message": "One\n\nBody"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let commits = get(&sim, &format!("{base}/commits/main"), t).json();
    assert_eq!(commits.as_array().unwrap().len(), 1);
    assert_eq!(commits[0]["title"], "One");
    assert_eq!(commits[0]["message"], "Body");
    assert_eq!(commits[0]["authors"][0]["user"], "alice");
    assert_eq!(
        get(&sim, &format!("{base}/tree/main?recursive=True"), t).json(),
        tree_before
    );
    // 0.22 sends refs/pr/N unencoded
    let r = post(
        &sim,
        &format!("{base}/super-squash/refs/pr/1"),
        t,
        json!({"message": "pr"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let commits = get(&sim, &format!("{base}/commits/refs%2Fpr%2F1"), t).json();
    assert_eq!(commits.as_array().unwrap().len(), 1);
    // tags and converts cannot be squashed; unknown branches are RevisionNotFound
    assert_eq!(
        post(&sim, &format!("{base}/super-squash/v1.0"), t, json!({})).status,
        400
    );
    let ds = format!("/api/datasets/{DATASET}");
    assert_eq!(
        post(
            &sim,
            &format!("{ds}/super-squash/refs%2Fconvert%2Fparquet"),
            t,
            json!({})
        )
        .status,
        400
    );
    let r = post(&sim, &format!("{base}/super-squash/nope"), t, json!({}));
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );
    assert_eq!(
        post(
            &sim,
            &format!("{base}/super-squash/main"),
            Some(BOB_WRITE_TOKEN),
            json!({})
        )
        .status,
        403
    );
}

#[test]
fn access_requests_on_the_wire() {
    let sim = start();
    let base = format!("/api/models/{GATED_MODEL}/user-access-request");
    let t = Some(ALICE_WRITE_TOKEN);
    let pending = get(&sim, &format!("{base}/pending"), t).json();
    let bob = &pending[0];
    assert_eq!(bob["user"]["user"], "bob");
    assert_eq!(bob["user"]["email"], "bob@example.com");
    assert_eq!(bob["status"], "pending");
    assert_eq!(bob["timestamp"], "2024-02-10T09:00:00.000Z");
    assert_eq!(
        bob["fields"],
        json!({"company": "ACME", "use_case": "research"})
    );
    let request_id = bob["requestId"].as_str().unwrap().to_string();
    assert_eq!(request_id.len(), 24);
    assert_eq!(
        get(&sim, &format!("{base}/accepted"), t).json()[0]["user"]["user"],
        "carol"
    );
    assert_eq!(get(&sim, &format!("{base}/whatever"), t).status, 400);

    // handle by requestId (newer clients), with a rejection reason
    let r = post(
        &sim,
        &format!("{base}/handle"),
        t,
        json!({"requestId": request_id, "status": "rejected", "rejectionReason": "no"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        get(&sim, &format!("{base}/rejected"), t).json()[0]["user"]["user"],
        "bob"
    );
    sim.with_state(|s| {
        let repo = s
            .repo(hubsim::store::model::RepoType::Model, GATED_MODEL)
            .unwrap();
        assert_eq!(
            repo.access_request("bob")
                .unwrap()
                .rejection_reason
                .as_deref(),
            Some("no")
        );
        assert!(!repo.gate_approved.contains("bob"));
    });
    // 400s: a reason when not rejecting, a bad status, neither user nor requestId
    for body in [
        json!({"user": "bob", "status": "accepted", "rejectionReason": "x"}),
        json!({"user": "bob", "status": "maybe"}),
        json!({"status": "accepted"}),
    ] {
        assert_eq!(
            post(&sim, &format!("{base}/handle"), t, body.clone()).status,
            400,
            "{body}"
        );
    }
    // 404s: unknown user, no request, unknown request id
    for body in [
        json!({"user": "nobody-at-all", "status": "accepted"}),
        json!({"requestId": "0123456789abcdef01234567", "status": "accepted"}),
    ] {
        let r = post(&sim, &format!("{base}/handle"), t, body.clone());
        assert_eq!((r.status, r.header("x-error-code")), (404, None), "{body}");
    }
    let r = post(
        &sim,
        &format!("/api/datasets/{GATED_DATASET}/user-access-request/handle"),
        t,
        json!({"user": "carol", "status": "accepted"}),
    );
    assert_eq!(r.status, 404);

    // ask-access: JSON or form; auto gating accepts; an anonymous caller gets 401
    let ask = |repo: &str, token: Option<&str>, body: Option<Value>| {
        send(
            &sim,
            "POST",
            &format!("/api/{repo}/ask-access"),
            token,
            body,
        )
    };
    let r = ask(
        &format!("datasets/{GATED_DATASET}"),
        Some(CAROL_READ_TOKEN),
        Some(json!({"why": "tests"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "accepted");
    assert_eq!(r.json()["fields"], json!({"why": "tests"}));
    assert_eq!(
        ask(&format!("datasets/{GATED_DATASET}"), None, None).status,
        401
    );
    assert_eq!(
        ask(&format!("models/{MODEL}"), Some(CAROL_READ_TOKEN), None).status,
        400
    );
    assert_eq!(
        ask(&format!("models/{GATED_MODEL}"), Some(BOB_READ_TOKEN), None).status,
        403
    );
    assert_eq!(
        ask(
            &format!("models/{GATED_MODEL}"),
            Some(ALICE_READ_TOKEN),
            None
        )
        .status,
        400,
        "the owner already has access"
    );

    // grant
    let grant = format!("/api/datasets/{GATED_DATASET}/user-access-request/grant");
    assert_eq!(
        post(&sim, &grant, t, json!({"user": "carol"})).status,
        400,
        "already accepted"
    );
    assert_eq!(post(&sim, &grant, t, json!({})).status, 400);
    assert_eq!(
        post(&sim, &grant, t, json!({"user": "nobody-at-all"})).status,
        404
    );
    let r = post(
        &sim,
        &format!("/api/models/{GATED_MODEL}/user-access-request/grant"),
        t,
        json!({"user": "bob"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "accepted");
    // 0.22's grant_access for a dataset went to /api/models/…: no such model
    let r = post(
        &sim,
        &format!("/api/models/{GATED_DATASET}/user-access-request/grant"),
        t,
        json!({"user": "bob"}),
    );
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RepoNotFound"))
    );

    // reviewers: write token of the owner or an admin/write org member
    assert_eq!(
        get(&sim, &format!("{base}/pending"), Some(ALICE_READ_TOKEN)).status,
        403
    );
    assert_eq!(
        get(&sim, &format!("{base}/pending"), Some(BOB_WRITE_TOKEN)).status,
        403
    );
    assert_eq!(get(&sim, &format!("{base}/pending"), None).status, 401);
    assert_eq!(
        get(
            &sim,
            &format!("/api/models/{MODEL}/user-access-request/pending"),
            t
        )
        .status,
        400
    );
}

#[test]
fn management_state_survives_restart() {
    let dir = std::env::temp_dir().join(format!("hubsim-manage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let sim = Server::start(Config::default().data_dir(&dir)).unwrap();
        let t = Some(ALICE_WRITE_TOKEN);
        assert_eq!(
            post(&sim, "/api/repos/create", t, json!({"name": "kept"})).status,
            200
        );
        assert_eq!(
            post(
                &sim,
                "/api/models/alice/kept/tag/main",
                t,
                json!({"tag": "v1"})
            )
            .status,
            200
        );
        let r = post(
            &sim,
            &format!("/api/models/{GATED_MODEL}/user-access-request/handle"),
            t,
            json!({"user": "bob", "status": "accepted"}),
        );
        assert_eq!(r.status, 200);
    }
    let sim = Server::start(Config::default().data_dir(&dir).seed(Seed::None)).unwrap();
    let after = refs(&sim, "models/alice/kept");
    assert!(target_of(&after, "tags", "v1").is_some());
    let accepted = get(
        &sim,
        &format!("/api/models/{GATED_MODEL}/user-access-request/accepted"),
        Some(ALICE_WRITE_TOKEN),
    )
    .json();
    assert_eq!(accepted.as_array().unwrap().len(), 2);
    // bob passes the gate
    let r = send(
        &sim,
        "HEAD",
        &format!("/{GATED_MODEL}/resolve/main/config.json"),
        Some(BOB_READ_TOKEN),
        None,
    );
    assert_eq!(r.status, 200);
    drop(sim);
    let _ = std::fs::remove_dir_all(&dir);
}
