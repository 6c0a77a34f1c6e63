//! hubsim's discussions, pull requests and collections, driven over HTTP.

use hubsim::seed::*;
use hubsim::{Config, Seed, Server};
use serde_json::{json, Value};

mod common;
use common::{send_json as send, Reply};

fn get(url: &str, token: Option<&str>) -> Reply {
    send("GET", url, token, None)
}

fn post(url: &str, token: Option<&str>, body: Option<Value>) -> Reply {
    send("POST", url, token, body)
}

fn start(config: Config) -> Server {
    Server::start(config).expect("hubsim starts")
}

fn nums(page: &Value) -> Vec<u64> {
    page["discussions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["num"].as_u64().unwrap())
        .collect()
}

#[test]
fn listing_pages_by_index_and_filters() {
    let sim = start(Config::default().page_size(2));
    let base = format!("{}/api/models/{MODEL}/discussions", sim.url());
    let p0 = get(&format!("{base}?p=0"), None).json();
    assert_eq!(
        (p0["count"].as_u64(), p0["start"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(nums(&p0), [3, 2], "newest first");
    let p1 = get(&format!("{base}?p=1"), None).json();
    assert_eq!((nums(&p1), p1["start"].as_u64()), (vec![1], Some(2)));
    assert_eq!(
        nums(&get(&format!("{base}?p=2"), None).json()),
        Vec::<u64>::new()
    );
    assert_eq!(p0["numClosedDiscussions"], 1);

    let first = &p1["discussions"][0];
    assert_eq!(first["isPullRequest"], true);
    assert_eq!(first["status"], "open");
    assert_eq!(first["author"]["name"], BOB);
    assert_eq!(first["repo"], json!({"name": MODEL, "type": "model"}));
    // a deleted author has no `author` object
    assert!(p0["discussions"][0].get("author").is_none());

    let q = |query: &str| get(&format!("{base}?{query}"), None).json();
    assert_eq!(nums(&q("type=pull_request&p=0")), [1]);
    assert_eq!(nums(&q("type=discussion&status=open")), [2]);
    assert_eq!(nums(&q("status=closed")), [3]);
    assert_eq!(nums(&q("author=carol")), [2]);
    assert_eq!(q("author=nobody")["count"], 0);
    assert_eq!(get(&format!("{base}?type=issue"), None).status, 400);
    assert_eq!(get(&format!("{base}?status=merged"), None).status, 400);

    let ds = get(
        &format!("{}/api/datasets/{DATASET}/discussions", sim.url()),
        None,
    )
    .json();
    assert_eq!(nums(&ds), [1]);
    assert_eq!(ds["discussions"][0]["repo"]["type"], "dataset");

    // private repos: RepoNotFound unless visible
    let private = format!("{}/api/models/{PRIVATE_MODEL}/discussions", sim.url());
    let r = get(&private, None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (401, Some("RepoNotFound"))
    );
    assert_eq!(get(&private, Some(BOB_READ_TOKEN)).status, 404);
    assert_eq!(get(&private, Some(ALICE_READ_TOKEN)).json()["count"], 0);
}

#[test]
fn details_carry_every_event_type_and_the_diff() {
    let sim = start(Config::default());
    let base = format!("{}/api/models/{MODEL}/discussions", sim.url());
    let pr = get(&format!("{base}/1?diff=1"), None).json();
    let kinds: Vec<&str> = pr["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["comment", "commit", "comment"]);
    let commit = &pr["events"][1];
    assert_eq!(commit["data"]["subject"], "Add pytorch weights");
    assert_eq!(commit["author"]["name"], BOB);
    let refs = get(
        &format!("{}/api/models/{MODEL}/refs?include_prs=1", sim.url()),
        None,
    )
    .json();
    assert_eq!(
        commit["data"]["oid"],
        refs["pullRequests"][0]["targetCommit"]
    );
    assert_eq!(
        pr["changes"],
        json!({"base": "refs/heads/main", "mergeCommitId": null})
    );
    assert_eq!(pr["filesWithConflicts"], json!([]));
    let diff = pr["diff"].as_str().unwrap();
    assert!(
        diff.starts_with(
            "diff --git a/pytorch_model.bin b/pytorch_model.bin\nnew file mode 100644\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("+version https://git-lfs.github.com/spec/v1\n+oid sha256:"),
        "{diff}"
    );
    assert!(get(&format!("{base}/1"), None).json().get("diff").is_none());

    let d2 = get(&format!("{base}/2?diff=1"), None).json();
    assert_eq!(d2["isPullRequest"], false);
    assert!(d2.get("changes").is_none() && d2.get("diff").is_none());
    let title = &d2["events"][1];
    assert_eq!(title["type"], "title-change");
    assert_eq!(
        title["data"],
        json!({"from": "License?", "to": "Which license?"})
    );
    let edited = &d2["events"][2]["data"];
    assert_eq!(edited["edited"], true);
    assert_eq!(edited["numEdits"], 1);
    assert_eq!(edited["latest"]["raw"], "Yes: it is MIT-licensed.");
    assert_eq!(edited["latest"]["author"]["name"], ALICE);
    assert_eq!(edited["history"][0]["raw"], "It's MIT.");

    let d3 = get(&format!("{base}/3"), None).json();
    assert!(d3.get("author").is_none());
    assert_eq!(d3["status"], "closed");
    let hidden = &d3["events"][1]["data"];
    assert_eq!(hidden["hidden"], true);
    assert_eq!(hidden["hiddenBy"], ALICE);
    assert_eq!(hidden["latest"]["raw"], "This comment has been hidden");
    assert_eq!(d3["events"][2]["data"]["status"], "closed");

    let missing = get(&format!("{base}/99"), None);
    assert_eq!(
        (missing.status, missing.header("x-error-code")),
        (404, None)
    );
    assert_eq!(get(&format!("{base}/zero"), None).status, 404);
}

#[test]
fn mutations_check_tokens_and_authorship() {
    let sim = start(Config::default());
    let base = format!("{}/api/models/{MODEL}/discussions", sim.url());
    let new = json!({"title": "  Hello there  ", "description": "First!", "pullRequest": false});
    assert_eq!(post(&base, None, Some(new.clone())).status, 401);
    assert_eq!(
        post(&base, Some(BOB_READ_TOKEN), Some(new.clone())).status,
        403
    );
    assert_eq!(
        post(
            &base,
            Some(BOB_WRITE_TOKEN),
            Some(json!({"title": "Hi", "description": ""}))
        )
        .status,
        400
    );
    let created = post(&base, Some(BOB_WRITE_TOKEN), Some(new)).json();
    assert_eq!(created["num"], 4);
    assert_eq!(created["title"], "Hello there");
    assert_eq!(created["pullRequest"], false);
    assert!(created["url"]
        .as_str()
        .unwrap()
        .ends_with("/alice/tiny-model/discussions/4"));

    let url = |rest: &str| format!("{base}/4/{rest}");
    let c = post(
        &url("comment"),
        Some(CAROL_READ_TOKEN),
        Some(json!({"comment": "x"})),
    );
    assert_eq!(c.status, 403);
    let c = post(
        &url("comment"),
        Some(BOB_WRITE_TOKEN),
        Some(json!({"comment": "More details"})),
    )
    .json();
    let cid = c["newMessage"]["id"].as_str().unwrap().to_string();
    assert_eq!(c["newMessage"]["data"]["latest"]["raw"], "More details");
    assert_eq!(c["newMessage"]["author"]["name"], BOB);

    // only the author edits; anyone maintaining the repo may hide
    let edit = |token: &str, text: &str| {
        post(
            &url(&format!("comment/{cid}/edit")),
            Some(token),
            Some(json!({"content": text})),
        )
    };
    assert_eq!(edit(ALICE_WRITE_TOKEN, "hijack").status, 403);
    let e = edit(BOB_WRITE_TOKEN, "Even more details").json();
    assert_eq!(e["updatedComment"]["data"]["edited"], true);
    assert_eq!(
        e["updatedComment"]["data"]["history"][0]["raw"],
        "More details"
    );
    assert_eq!(
        post(
            &url("comment/ffffffffffffffffffffffff/edit"),
            Some(BOB_WRITE_TOKEN),
            Some(json!({"content": "x"}))
        )
        .status,
        404
    );
    let h = post(
        &url(&format!("comment/{cid}/hide")),
        Some(ALICE_WRITE_TOKEN),
        None,
    )
    .json();
    assert_eq!(h["updatedComment"]["data"]["hidden"], true);
    assert_eq!(
        h["updatedComment"]["data"]["latest"]["raw"],
        "This comment has been hidden"
    );
    assert_eq!(edit(BOB_WRITE_TOKEN, "again").status, 400);

    // rename: author or maintainer
    let r = post(
        &format!("{base}/2/title"),
        Some(BOB_WRITE_TOKEN),
        Some(json!({"title": "Nope"})),
    );
    assert_eq!(r.status, 403);
    let r = post(
        &url("title"),
        Some(BOB_WRITE_TOKEN),
        Some(json!({"title": "Hello again"})),
    )
    .json();
    assert_eq!(
        r["newTitle"]["data"],
        json!({"from": "Hello there", "to": "Hello again"})
    );

    // status
    let st = |token: &str, body: Value| post(&url("status"), Some(token), Some(body));
    assert_eq!(
        st(ALICE_WRITE_TOKEN, json!({"status": "merged"})).status,
        400
    );
    assert_eq!(
        post(
            &format!("{base}/2/status"),
            Some(BOB_WRITE_TOKEN),
            Some(json!({"status": "closed"}))
        )
        .status,
        403
    );
    let s = st(
        ALICE_WRITE_TOKEN,
        json!({"status": "closed", "comment": "Answered"}),
    )
    .json();
    assert_eq!(s["newStatus"]["type"], "status-change");
    assert_eq!(s["newStatus"]["data"]["status"], "closed");
    assert_eq!(
        st(ALICE_WRITE_TOKEN, json!({"status": "closed"})).status,
        400
    );
    assert_eq!(
        st(BOB_WRITE_TOKEN, json!({"status": "open"})).json()["newStatus"]["data"]["status"],
        "open"
    );
    let d = get(&format!("{base}/4"), None).json();
    let kinds: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "comment",
            "comment",
            "title-change",
            "comment",
            "status-change",
            "status-change"
        ]
    );
    assert_eq!(d["title"], "Hello again");
    assert_eq!(d["status"], "open");
}

#[test]
fn a_merged_pull_request_moves_main() {
    let sim = start(Config::default());
    let u = sim.url();
    let base = format!("{u}/api/models/{MODEL}/discussions");
    let main_before =
        get(&format!("{u}/api/models/{MODEL}/revision/main"), None).json()["sha"].clone();

    // a new PR is a draft with refs/pr/N at main
    let pr = post(
        &base,
        Some(BOB_WRITE_TOKEN),
        Some(json!({"title": "Draft PR", "description": "", "pullRequest": true})),
    )
    .json();
    assert_eq!(
        (pr["num"].as_u64(), pr["status"].as_str()),
        (Some(4), Some("draft"))
    );
    let refs = get(&format!("{u}/api/models/{MODEL}/refs?include_prs=1"), None).json();
    assert_eq!(refs["pullRequests"][1]["ref"], "refs/pr/4");
    assert_eq!(refs["pullRequests"][1]["targetCommit"], main_before);
    assert_eq!(
        post(&format!("{base}/4/merge"), Some(ALICE_WRITE_TOKEN), None).status,
        400
    );
    assert_eq!(get(&format!("{base}/4?diff=1"), None).json()["diff"], "");

    // a plain discussion cannot be merged; only maintainers merge
    assert_eq!(
        post(&format!("{base}/2/merge"), Some(ALICE_WRITE_TOKEN), None).status,
        400
    );
    assert_eq!(
        post(&format!("{base}/1/merge"), Some(BOB_WRITE_TOKEN), None).status,
        403
    );
    assert_eq!(
        post(&format!("{base}/1/merge"), Some(ALICE_READ_TOKEN), None).status,
        403
    );

    let resolve = |rev: &str| {
        send(
            "HEAD",
            &format!("{u}/{MODEL}/resolve/{rev}/pytorch_model.bin"),
            None,
            None,
        )
        .status
    };
    assert_eq!(resolve("main"), 404);
    let m = post(
        &format!("{base}/1/merge"),
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"comment": "LGTM"})),
    );
    assert_eq!(m.status, 200, "{}", String::from_utf8_lossy(&m.body));
    assert_eq!(
        resolve("main"),
        302,
        "the merged LFS file is served from main"
    );
    let main_after =
        get(&format!("{u}/api/models/{MODEL}/revision/main"), None).json()["sha"].clone();
    assert_ne!(main_after, main_before);
    let commits = get(&format!("{u}/api/models/{MODEL}/commits/main"), None).json();
    assert_eq!(commits[0]["title"], "Add pytorch weights (#1)");
    assert_eq!(commits[1]["id"], main_before);

    let d = get(&format!("{base}/1?diff=1"), None).json();
    assert_eq!(d["status"], "merged");
    assert_eq!(d["changes"]["mergeCommitId"], main_after);
    let events = d["events"].as_array().unwrap();
    assert_eq!(events[events.len() - 2]["data"]["latest"]["raw"], "LGTM");
    assert_eq!(events[events.len() - 1]["data"]["status"], "merged");
    assert!(
        events.iter().any(|e| e["type"] == "commit"),
        "commit events survive the merge"
    );
    assert!(d["diff"].as_str().unwrap().contains("pytorch_model.bin"));

    assert_eq!(
        post(&format!("{base}/1/merge"), Some(ALICE_WRITE_TOKEN), None).status,
        400
    );
    assert_eq!(
        post(
            &format!("{base}/1/status"),
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"status": "open"}))
        )
        .status,
        400
    );
    let closed = get(&format!("{base}?status=closed"), None).json();
    assert_eq!(nums(&closed), [3, 1]);

    // a closed PR cannot be merged
    let ds = format!("{u}/api/datasets/{DATASET}/discussions");
    post(
        &format!("{ds}/1/status"),
        Some(ALICE_WRITE_TOKEN),
        Some(json!({"status": "closed"})),
    );
    assert_eq!(
        post(&format!("{ds}/1/merge"), Some(ALICE_WRITE_TOKEN), None).status,
        400
    );
}

fn conflict_seed() -> Value {
    json!({
        "users": [{"name": "dora"}, {"name": "eve"}],
        "tokens": [{"token": "hf_dora", "user": "dora", "role": "write"},
                   {"token": "hf_eve", "user": "eve", "role": "write"}],
        "repos": [{"id": "dora/m", "commits": [
            {"title": "First", "files": {"README.md": "one\ntwo\nthree\n", "a.txt": "a\n"}},
            {"title": "PR change", "ref": "refs/pr/1", "author": "eve",
             "files": {"README.md": "one\n2\nthree\n", "b.txt": "b\n"}},
            {"title": "Main change", "files": {"README.md": "one\nTWO\nthree\n"}},
            {"title": "Clean PR", "ref": "refs/pr/2", "author": "eve", "files": {"c.txt": "c\n"}}
        ]}],
        "discussions": [
            {"repo": "dora/m", "num": 1, "pullRequest": true, "title": "Conflicting", "author": "eve"},
            {"repo": "dora/m", "num": 2, "pullRequest": true, "title": "Clean", "author": "eve"}
        ]
    })
}

#[test]
fn conflicting_pull_requests_are_409() {
    let sim = start(Config::default().seed(Seed::Json(conflict_seed())));
    let base = format!("{}/api/models/dora/m/discussions", sim.url());
    let d = get(&format!("{base}/1?diff=1"), None).json();
    assert_eq!(d["filesWithConflicts"], json!(["README.md"]));
    let diff = d["diff"].as_str().unwrap();
    assert!(
        diff.contains(
            "--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("diff --git a/b.txt b/b.txt\nnew file mode 100644\n"),
        "{diff}"
    );
    let r = post(&format!("{base}/1/merge"), Some("hf_dora"), None);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"].as_str().unwrap().contains("README.md"));
    // eve may not merge in dora's repo; dora merges the clean one
    assert_eq!(
        post(&format!("{base}/2/merge"), Some("hf_eve"), None).status,
        403
    );
    assert_eq!(
        post(&format!("{base}/2/merge"), Some("hf_dora"), None).status,
        200
    );
    let tree = get(&format!("{}/api/models/dora/m/tree/main", sim.url()), None).json();
    let paths: Vec<&str> = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["README.md", "a.txt", "c.txt"]);
    // the merged change now conflicts with nothing new, the first PR still conflicts
    assert_eq!(
        get(&format!("{base}/1"), None).json()["filesWithConflicts"],
        json!(["README.md"])
    );
}

#[test]
fn bad_discussion_seeds_are_rejected() {
    for bad in [
        json!({"discussions": [{"repo": "nobody/x", "title": "t", "author": "a"}]}),
        json!({"users": [{"name": "dora"}], "repos": [{"id": "dora/m"}],
               "discussions": [{"repo": "dora/m", "title": "t", "author": "dora", "status": "merged", "pullRequest": true}]}),
        json!({"users": [{"name": "dora"}], "collections": [{"namespace": "dora", "title": "x", "theme": "red"}]}),
        json!({"users": [{"name": "dora"}], "collections": [{"namespace": "dora", "title": "x",
               "items": [{"type": "model", "id": "dora/none"}]}]}),
    ] {
        assert!(
            Server::start(Config::default().seed(Seed::Json(bad.clone()))).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn discussions_survive_a_restart_with_a_data_dir() {
    let dir = std::env::temp_dir().join(format!("hubsim-community-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let sim = start(Config::default().data_dir(&dir));
        let r = post(
            &format!("{}/api/spaces/{SPACE}/discussions", sim.url()),
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"title": "Persisted", "description": "kept"})),
        );
        assert_eq!(r.json()["num"], 2);
        let c = post(
            &format!("{}/api/collections", sim.url()),
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"title": "Kept", "namespace": "alice", "private": false})),
        );
        assert_eq!(c.status, 200);
    }
    let sim = start(Config::default().data_dir(&dir));
    let d = get(
        &format!("{}/api/spaces/{SPACE}/discussions/2", sim.url()),
        None,
    )
    .json();
    assert_eq!(d["title"], "Persisted");
    let list = get(&format!("{}/api/collections?owner=alice", sim.url()), None).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    drop(sim);
    let _ = std::fs::remove_dir_all(&dir);
}

fn slugs(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect()
}

#[test]
fn collection_listing_filters_and_pages() {
    let sim = start(Config::default().page_size(1));
    let u = format!("{}/api/collections", sim.url());
    let first = get(&u, None);
    assert_eq!(first.json().as_array().unwrap().len(), 1);
    let next = first.header("link").expect("a next page").to_string();
    assert!(next.contains("cursor="), "{next}");

    let all = |q: &str, token: Option<&str>| {
        let mut out = Vec::new();
        let mut url = format!("{u}?{q}");
        loop {
            let r = get(&url, token);
            assert_eq!(r.status, 200);
            out.extend(r.json().as_array().unwrap().iter().cloned());
            match r.header("link") {
                Some(l) => url = l[1..l.find('>').unwrap()].to_string(),
                None => return Value::Array(out),
            }
        }
    };
    // newest change first; the private one only for members
    assert_eq!(slugs(&all("", None)), [BOB_COLLECTION, COLLECTION]);
    assert_eq!(
        slugs(&all("", Some(BOB_READ_TOKEN))),
        [BOB_COLLECTION, COLLECTION, ORG_PRIVATE_COLLECTION]
    );
    assert_eq!(
        slugs(&all("sort=upvotes", None)),
        [COLLECTION, BOB_COLLECTION]
    );
    assert_eq!(
        slugs(&all("owner=alice&owner=acme", Some(ALICE_READ_TOKEN))),
        [COLLECTION, ORG_PRIVATE_COLLECTION]
    );
    assert_eq!(
        slugs(&all("item=models%2Fbob%2Fbert-tiny", None)),
        [BOB_COLLECTION, COLLECTION]
    );
    assert_eq!(slugs(&all("item=papers%2F2307.09288", None)), [COLLECTION]);
    assert_eq!(
        slugs(&all(
            &format!("item=collections%2F{}", COLLECTION.replace('/', "%2F")),
            None
        )),
        [BOB_COLLECTION]
    );
    assert_eq!(slugs(&all("q=TINY", None)), [COLLECTION]);
    let listed = all("owner=alice", None);
    assert!(listed[0].get("position").is_none());
    assert_eq!(
        listed[0]["items"].as_array().unwrap().len(),
        4,
        "listings keep 4 items"
    );
    assert_eq!(get(&format!("{u}?sort=name"), None).status, 400);
    assert_eq!(get(&format!("{u}?item=repos%2Fx"), None).status, 400);
    // limit caps the page
    let sim2 = start(Config::default());
    let r = get(&format!("{}/api/collections?limit=1", sim2.url()), None);
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    assert!(r.header("link").is_some());
}

#[test]
fn collection_objects_and_visibility() {
    let sim = start(Config::default());
    let u = format!("{}/api/collections", sim.url());
    let c = get(&format!("{u}/{COLLECTION}"), None).json();
    assert_eq!(c["slug"], COLLECTION);
    assert_eq!(c["title"], "Tiny picks");
    assert_eq!(c["position"], 0);
    assert_eq!(c["owner"]["name"], ALICE);
    assert_eq!(c["owner"]["type"], "user");
    assert_eq!(
        (c["theme"].as_str(), c["upvotes"].as_u64()),
        (Some("blue"), Some(3))
    );
    let items = c["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0]["_id"], COLLECTION_MODEL_ITEM);
    assert_eq!(items[0]["id"], MODEL);
    assert_eq!(
        items[0]["note"],
        json!({"html": "The smallest GPT-2", "text": "The smallest GPT-2"})
    );
    assert_eq!(items[0]["repoType"], "model");
    assert_eq!(items[2]["type"], "space");
    assert_eq!(
        (items[3]["type"].as_str(), items[3]["id"].as_str()),
        (Some("paper"), Some("2307.09288"))
    );
    assert!(items[1].get("note").is_none());
    let positions: Vec<u64> = items
        .iter()
        .map(|i| i["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, [0, 1, 2, 3, 4]);
    // a stale title part still finds it; another namespace does not
    assert_eq!(
        get(
            &format!("{u}/alice/old-title-65c0ffee00000000000000a1"),
            None
        )
        .status,
        200
    );
    assert_eq!(
        get(
            &format!("{u}/bob/tiny-picks-65c0ffee00000000000000a1"),
            None
        )
        .status,
        404
    );

    let bobs = get(&format!("{u}/{BOB_COLLECTION}"), None).json();
    assert_eq!(bobs["items"][1]["type"], "collection");
    assert_eq!(bobs["items"][1]["slug"], COLLECTION);
    assert_eq!(bobs["items"][1]["id"], "65c0ffee00000000000000a1");

    let private = format!("{u}/{ORG_PRIVATE_COLLECTION}");
    assert_eq!(get(&private, None).status, 404);
    assert_eq!(get(&private, Some(CAROL_READ_TOKEN)).status, 404);
    let p = get(&private, Some(BOB_READ_TOKEN)).json();
    assert_eq!(p["owner"]["type"], "org");
    assert_eq!(p["items"].as_array().unwrap().len(), 2);
}

#[test]
fn collection_mutations() {
    let sim = start(Config::default());
    let u = format!("{}/api/collections", sim.url());
    let body =
        json!({"title": "My picks", "namespace": "alice", "private": false, "description": "d"});
    assert_eq!(post(&u, None, Some(body.clone())).status, 401);
    assert_eq!(
        post(&u, Some(ALICE_READ_TOKEN), Some(body.clone())).status,
        403
    );
    assert_eq!(
        post(&u, Some(BOB_WRITE_TOKEN), Some(body.clone())).status,
        403
    );
    assert_eq!(
        post(
            &u,
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"title": "", "namespace": "alice"}))
        )
        .status,
        400
    );
    assert_eq!(
        post(
            &u,
            Some(ALICE_WRITE_TOKEN),
            Some(json!({"title": "x", "namespace": "nobody"}))
        )
        .status,
        404
    );
    let c = post(&u, Some(ALICE_WRITE_TOKEN), Some(body.clone())).json();
    let slug = c["slug"].as_str().unwrap().to_string();
    assert!(slug.starts_with("alice/my-picks-"), "{slug}");
    assert_eq!(c["position"], 1);
    assert_eq!(c["description"], "d");
    assert_eq!(c["items"], json!([]));
    let dup = post(&u, Some(ALICE_WRITE_TOKEN), Some(body));
    assert_eq!(dup.status, 409);
    assert_eq!(dup.json()["slug"], slug.as_str());
    // bob writes for acme
    let org = post(
        &u,
        Some(BOB_WRITE_TOKEN),
        Some(json!({"title": "Team", "namespace": "acme", "private": true})),
    );
    assert_eq!(org.status, 200);
    assert_eq!(org.json()["private"], true);

    let item = |body: Value| {
        post(
            &format!("{u}/{slug}/items"),
            Some(ALICE_WRITE_TOKEN),
            Some(body),
        )
    };
    let added = item(json!({"item": {"id": DATASET, "type": "dataset"}, "note": "Classic"})).json();
    assert_eq!(added["items"][0]["note"]["text"], "Classic");
    assert_eq!(
        item(json!({"item": {"id": DATASET, "type": "dataset"}})).status,
        409
    );
    assert_eq!(
        item(json!({"item": {"id": "alice/none", "type": "model"}})).status,
        404
    );
    assert_eq!(
        item(json!({"item": {"id": PRIVATE_DATASET, "type": "dataset"}})).status,
        200,
        "alice sees acme's"
    );
    assert_eq!(
        item(json!({"item": {"id": "not-a-paper", "type": "paper"}})).status,
        404
    );
    assert_eq!(
        item(json!({"item": {"id": MODEL, "type": "kernel"}})).status,
        400
    );
    assert_eq!(
        item(json!({"item": {"id": MODEL, "type": "model"}, "note": "x".repeat(501)})).status,
        400
    );
    assert_eq!(
        item(json!({"item": {"id": slug, "type": "collection"}})).status,
        404,
        "not itself"
    );
    assert_eq!(
        item(json!({"item": {"id": COLLECTION, "type": "collection"}})).status,
        200
    );
    let other = post(
        &format!("{u}/{COLLECTION}/items"),
        Some(BOB_WRITE_TOKEN),
        Some(json!({"item": {"id": MODEL, "type": "model"}})),
    );
    assert_eq!(other.status, 403);

    let c = get(&format!("{u}/{slug}"), None).json();
    let ids: Vec<String> = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "the private dataset is hidden from anonymous callers"
    );
    let patch = |path: &str, token: &str, body: Value| {
        send(
            "PATCH",
            &format!("{u}/{slug}{path}"),
            Some(token),
            Some(body),
        )
    };
    let r = patch(
        &format!("/items/{}", ids[1]),
        ALICE_WRITE_TOKEN,
        json!({"position": 0, "note": "First"}),
    );
    assert_eq!(r.status, 200);
    let c = get(&format!("{u}/{slug}"), Some(ALICE_READ_TOKEN)).json();
    assert_eq!(c["items"][0]["_id"], ids[1].as_str());
    assert_eq!(c["items"][0]["note"]["text"], "First");
    assert_eq!(
        patch(
            "/items/ffffffffffffffffffffffff",
            ALICE_WRITE_TOKEN,
            json!({"note": "x"})
        )
        .status,
        404
    );

    let m = patch(
        "",
        ALICE_WRITE_TOKEN,
        json!({"position": 0, "private": true, "theme": "pink", "title": "Renamed", "description": "New"}),
    );
    assert_eq!(m.status, 200);
    let data = &m.json()["data"];
    let renamed = data["slug"].as_str().unwrap().to_string();
    assert!(
        renamed.starts_with("alice/renamed-") && renamed.ends_with(&slug[slug.len() - 24..]),
        "{renamed}"
    );
    assert_eq!(
        (
            data["position"].as_u64(),
            data["private"].as_bool(),
            data["theme"].as_str()
        ),
        (Some(0), Some(true), Some("pink"))
    );
    assert_eq!(
        get(&format!("{u}/{COLLECTION}"), None).json()["position"],
        1
    );
    assert_eq!(
        patch("", ALICE_WRITE_TOKEN, json!({"theme": "red"})).status,
        400
    );
    assert_eq!(
        patch("", ALICE_WRITE_TOKEN, json!({"title": "Tiny picks"})).status,
        409
    );
    assert_eq!(
        patch("", BOB_WRITE_TOKEN, json!({"title": "x"})).status,
        404,
        "private now"
    );
    assert_eq!(get(&format!("{u}/{renamed}"), None).status, 404);

    let del = |path: &str| {
        send(
            "DELETE",
            &format!("{u}/{renamed}{path}"),
            Some(ALICE_WRITE_TOKEN),
            None,
        )
        .status
    };
    assert_eq!(del(&format!("/items/{}", ids[0])), 200);
    assert_eq!(del(&format!("/items/{}", ids[0])), 404);
    assert_eq!(
        send(
            "DELETE",
            &format!("{u}/{COLLECTION}"),
            Some(BOB_WRITE_TOKEN),
            None
        )
        .status,
        403
    );
    assert_eq!(del(""), 200);
    assert_eq!(del(""), 404);
    // deleting a collection removes the items that point at it
    assert_eq!(
        send(
            "DELETE",
            &format!("{u}/{COLLECTION}"),
            Some(ALICE_WRITE_TOKEN),
            None
        )
        .status,
        200
    );
    let bobs = get(&format!("{u}/{BOB_COLLECTION}"), None).json();
    assert_eq!(bobs["items"].as_array().unwrap().len(), 1);
}
