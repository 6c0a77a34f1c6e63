//! hubsim driven over HTTP: pagination, errors per auth state, encoded revisions, resolve and
//! the CDN redirect, ranges, faults, seeds and data-directory persistence.

use hubsim::seed::*;
use hubsim::{Config, Fault, FaultAction, Seed, Server};
use serde_json::{json, Value};

mod common;
use common::{agent, send, Reply};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn get(url: &str, token: Option<&str>) -> Reply {
    send("GET", url, token, &[], None)
}

fn start(config: Config) -> Server {
    Server::start(config).expect("hubsim starts")
}

fn next_link(r: &Reply) -> Option<String> {
    let link = r.header("link")?;
    let start = link.find('<')? + 1;
    let end = link.find('>')?;
    assert!(link.ends_with("rel=\"next\""), "{link}");
    Some(link[start..end].to_string())
}

/// Follows `Link` pages, returning every item and the number of pages.
fn collect_pages(first: &str, token: Option<&str>) -> (Vec<Value>, usize) {
    let mut url = Some(first.to_string());
    let (mut items, mut pages) = (Vec::new(), 0);
    while let Some(u) = url {
        let r = get(&u, token);
        assert_eq!(r.status, 200, "{u}: {}", String::from_utf8_lossy(&r.body));
        items.extend(r.json().as_array().unwrap().iter().cloned());
        pages += 1;
        url = next_link(&r);
    }
    (items, pages)
}

fn main_sha(sim: &Server, repo_path: &str) -> String {
    get(
        &format!("{}/api/{repo_path}/refs", sim.url()),
        Some(ALICE_WRITE_TOKEN),
    )
    .json()["branches"][0]["targetCommit"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn pagination_follows_links_with_original_params() {
    let sim = start(Config::default().page_size(2));
    let (items, pages) = collect_pages(
        &format!("{}/api/models?sort=id&direction=1", sim.url()),
        None,
    );
    let ids: Vec<&str> = items.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, PUBLIC_MODELS);
    assert!(pages >= 3, "{pages} pages");

    // the Link keeps the original parameters and the Host the client used
    let port = sim.addr().port();
    let r = get(
        &format!("http://localhost:{port}/api/models?search=a&full=True"),
        None,
    );
    let link = next_link(&r).unwrap();
    assert!(
        link.starts_with(&format!(
            "http://localhost:{port}/api/models?search=a&full=True&cursor="
        )),
        "{link}"
    );

    // limit lowers the page size
    let r = get(&format!("{}/api/models?limit=1", sim.url()), None);
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    assert!(next_link(&r).unwrap().contains("limit=1&cursor="));

    // tree and commits paginate too
    let (files, pages) = collect_pages(
        &format!(
            "{}/api/models/{MODEL}/tree/main?recursive=True&expand=False",
            sim.url()
        ),
        None,
    );
    assert!(pages > 3);
    assert_eq!(files.len(), 15); // 11 files + onnx, onnx/sub dir, special, weights
    let (commits, _) = collect_pages(
        &format!("{}/api/models/{MODEL}/commits/main", sim.url()),
        None,
    );
    assert_eq!(commits.len(), 4);
    assert_eq!(commits[0]["title"], "Update README.md");

    // a bad cursor is a 400
    assert_eq!(
        get(&format!("{}/api/models?cursor=%%%", sim.url()), None).status,
        400
    );
}

#[test]
fn errors_follow_the_hub_per_auth_state() {
    let sim = start(Config::default());
    let u = sim.url();
    for path in [
        format!("/api/models/{PRIVATE_MODEL}"),
        "/api/models/nobody/nothing".to_string(),
        format!("/{PRIVATE_MODEL}/resolve/main/config.json"),
        format!("/api/models/{PRIVATE_MODEL}/tree/main"),
    ] {
        let anon = get(&format!("{u}{path}"), None);
        assert_eq!(anon.status, 401, "{path}");
        assert_eq!(anon.header("x-error-code"), Some("RepoNotFound"));
        assert_eq!(anon.header("x-error-message"), Some("Repository not found"));
        assert_eq!(anon.json(), json!({"error": "Repository not found"}));
        let other = get(&format!("{u}{path}"), Some(BOB_READ_TOKEN));
        assert_eq!(other.status, 404, "{path}");
        assert_eq!(other.header("x-error-code"), Some("RepoNotFound"));
    }
    assert_eq!(
        get(
            &format!("{u}/api/models/{PRIVATE_MODEL}"),
            Some(ALICE_READ_TOKEN)
        )
        .status,
        200
    );
    // org members see org repos
    assert_eq!(
        get(
            &format!("{u}/api/models/{ORG_PRIVATE_MODEL}"),
            Some(BOB_READ_TOKEN)
        )
        .status,
        200
    );
    assert_eq!(
        get(
            &format!("{u}/api/models/{ORG_PRIVATE_MODEL}"),
            Some(CAROL_READ_TOKEN)
        )
        .status,
        404
    );

    // invalid token: 401 everywhere, with the Hub's message and no error code
    for path in [
        "/api/models",
        "/api/whoami-v2",
        "/api/models-tags-by-type",
        &format!("/{MODEL}/resolve/main/config.json"),
    ] {
        let r = get(&format!("{u}{path}"), Some(INVALID_TOKEN));
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(
            r.header("x-error-message"),
            Some("Invalid credentials in Authorization header")
        );
        assert_eq!(
            r.json(),
            json!({"error": "Invalid credentials in Authorization header"})
        );
        assert_eq!(r.header("x-error-code"), None);
    }
    assert_eq!(get(&format!("{u}/api/whoami-v2"), None).status, 401);

    let r = get(&format!("{u}/api/models/{MODEL}/revision/nope"), None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("RevisionNotFound"))
    );
    let r = get(&format!("{u}/api/models/{DISABLED_MODEL}"), None);
    assert_eq!(r.status, 403);
    assert_eq!(
        r.header("x-error-message"),
        Some("Access to this resource is disabled.")
    );
    let r = get(&format!("{u}/api/models/{MODEL}/tree/main/nope"), None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("EntryNotFound"))
    );
    let r = get(&format!("{u}/api/nothing-here"), None);
    assert_eq!((r.status, r.header("x-error-code")), (404, None));
    assert!(r.json()["error"].is_string());

    // request ids are present and unique
    let a = get(&format!("{u}/api/models"), None);
    let b = get(&format!("{u}/api/models"), None);
    assert!(a.header("x-request-id").is_some());
    assert_ne!(a.header("x-request-id"), b.header("x-request-id"));
}

#[test]
fn percent_encoded_revisions_and_paths() {
    let sim = start(Config::default());
    let u = sim.url();
    let refs = get(&format!("{u}/api/models/{MODEL}/refs?include_prs=1"), None).json();
    let pr_sha = refs["pullRequests"][0]["targetCommit"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(refs["pullRequests"][0]["ref"], "refs/pr/1");
    assert_eq!(refs["tags"][0]["name"], "v1.0");
    assert!(get(&format!("{u}/api/models/{MODEL}/refs"), None)
        .json()
        .get("pullRequests")
        .is_none());

    let info = get(
        &format!("{u}/api/models/{MODEL}/revision/refs%2Fpr%2F1"),
        None,
    )
    .json();
    assert_eq!(info["sha"], pr_sha.as_str());
    // unencoded refs/pr/1 works as well
    let info = get(&format!("{u}/api/models/{MODEL}/revision/refs/pr/1"), None).json();
    assert_eq!(info["sha"], pr_sha.as_str());
    // short sha
    let info = get(
        &format!("{u}/api/models/{MODEL}/revision/{}", &pr_sha[..10]),
        None,
    )
    .json();
    assert_eq!(info["sha"], pr_sha.as_str());

    let tree = get(
        &format!("{u}/api/models/{MODEL}/tree/refs%2Fpr%2F1?recursive=True"),
        None,
    )
    .json();
    assert!(tree
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["path"] == "pytorch_model.bin"));
    for path in ["onnx%2Fsub%20dir", "onnx/sub%20dir"] {
        let tree = get(
            &format!("{u}/api/models/{MODEL}/tree/v1.0%2F..%2F/{path}"),
            None,
        );
        assert_eq!(tree.status, 404, "bad revision");
        let tree = get(
            &format!("{u}/api/models/{MODEL}/tree/main/{path}?expand=True"),
            None,
        )
        .json();
        assert_eq!(tree[0]["path"], "onnx/sub dir/notes.txt");
        assert_eq!(tree[0]["lastCommit"]["title"], "Add ONNX export");
    }
    let commits = get(
        &format!("{u}/api/models/{MODEL}/commits/refs%2Fpr%2F1?expand%5B%5D=formatted"),
        None,
    )
    .json();
    assert_eq!(commits[0]["id"], pr_sha.as_str());
    assert!(commits[0]["formatted"]["title"].is_string());

    for rev in ["refs%2Fpr%2F1", "refs/pr/1"] {
        let r = send(
            "HEAD",
            &format!("{u}/{MODEL}/resolve/{rev}/pytorch_model.bin"),
            None,
            &[],
            None,
        );
        assert_eq!(r.status, 302, "{rev}");
        assert_eq!(r.header("x-repo-commit"), Some(pr_sha.as_str()));
    }
    let r = get(
        &format!("{u}/{MODEL}/resolve/main/special/a%20b%23c.txt"),
        None,
    );
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("hash"));

    let form = b"paths=README.md&paths=default&paths=missing&expand=True";
    let r = send(
        "POST",
        &format!("{u}/api/datasets/{DATASET}/paths-info/refs%2Fconvert%2Fparquet"),
        None,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(form),
    );
    let paths: Vec<Value> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(paths, [json!("default")]);
    let r = send(
        "POST",
        &format!("{u}/api/datasets/{DATASET}/paths-info/main"),
        None,
        &[("Content-Type", "application/json")],
        Some(br#"{"paths": ["README.md", "data"], "expand": true}"#),
    );
    let entries = r.json();
    assert_eq!(entries[0]["type"], "file");
    assert_eq!(entries[1]["type"], "directory");
    assert!(entries[0]["lastCommit"].is_object());

    // the request log keeps the raw, percent-encoded path and query
    let log = sim.requests();
    assert!(log
        .iter()
        .any(|r| r.path == format!("/api/models/{MODEL}/revision/refs%2Fpr%2F1")));
    assert!(log
        .iter()
        .any(|r| r.query.as_deref() == Some("expand%5B%5D=formatted")));
}

#[test]
fn resolve_headers_lfs_redirect_and_gating() {
    let sim = start(Config::default());
    let u = sim.url();
    let sha = main_sha(&sim, &format!("models/{MODEL}"));

    let r = send(
        "HEAD",
        &format!("{u}/{MODEL}/resolve/main/config.json"),
        None,
        &[("Accept-Encoding", "identity")],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-repo-commit"), Some(sha.as_str()));
    let blob = hubsim::hash::git_blob_oid(MODEL_CONFIG_JSON.as_bytes());
    assert_eq!(r.header("etag"), Some(format!("\"{blob}\"").as_str()));
    assert_eq!(
        r.header("content-length"),
        Some(MODEL_CONFIG_JSON.len().to_string().as_str())
    );
    assert_eq!(r.header("accept-ranges"), Some("bytes"));
    assert_eq!(r.header("x-linked-etag"), None);
    assert_eq!(
        get(&format!("{u}/{MODEL}/resolve/main/config.json"), None).body,
        MODEL_CONFIG_JSON.as_bytes()
    );

    let r = send(
        "HEAD",
        &format!("{u}/{MODEL}/resolve/main/{MODEL_BIG_FILE}"),
        Some(ALICE_READ_TOKEN),
        &[],
        None,
    );
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("x-linked-size"),
        Some(MODEL_BIG_SIZE.to_string().as_str())
    );
    let linked = r
        .header("x-linked-etag")
        .unwrap()
        .trim_matches('"')
        .to_string();
    assert_eq!(linked.len(), 64);
    let location = r.header("location").unwrap().to_string();
    assert!(
        location.starts_with(&format!("{}/_cdn/{linked}", sim.cdn_url())),
        "{location}"
    );
    assert_ne!(r.header("etag").unwrap().trim_matches('"'), linked); // the pointer's git oid

    sim.clear_requests();
    let content = get(&location, None);
    assert_eq!(content.status, 200);
    assert_eq!(content.body.len() as u64, MODEL_BIG_SIZE);
    assert_eq!(hubsim::hash::hex(&Sha256::digest(&content.body)), linked);
    assert!(sim.requests()[0].header("authorization").is_none());

    // a request on the localhost name is redirected to 127.0.0.1
    let port = sim.addr().port();
    let r = get(
        &format!("http://localhost:{port}/datasets/{DATASET}/resolve/main/data/train.parquet"),
        None,
    );
    assert!(r
        .header("location")
        .unwrap()
        .starts_with(&format!("http://127.0.0.1:{port}/_cdn/")));

    let r = send(
        "HEAD",
        &format!("{u}/{MODEL}/resolve/main/missing.txt"),
        None,
        &[],
        None,
    );
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (404, Some("EntryNotFound"))
    );
    assert_eq!(r.header("x-repo-commit"), Some(sha.as_str()));

    let gated = format!("{u}/{GATED_MODEL}/resolve/main/config.json");
    let r = send("HEAD", &gated, None, &[], None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (401, Some("GatedRepo"))
    );
    let r = send("HEAD", &gated, Some(BOB_READ_TOKEN), &[], None);
    assert_eq!(
        (r.status, r.header("x-error-code")),
        (403, Some("GatedRepo"))
    );
    assert_eq!(
        send("HEAD", &gated, Some(CAROL_READ_TOKEN), &[], None).status,
        200
    );
    assert_eq!(
        send("HEAD", &gated, Some(ALICE_READ_TOKEN), &[], None).status,
        200
    );
    // info of a gated repo is public
    assert_eq!(
        get(&format!("{u}/api/models/{GATED_MODEL}"), None).json()["gated"],
        "manual"
    );

    // info with blobs: sizes and LFS metadata
    let info = get(
        &format!("{u}/api/models/{MODEL}?blobs=True&securityStatus=true"),
        None,
    )
    .json();
    let sib = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rfilename"] == MODEL_BIG_FILE)
        .unwrap()
        .clone();
    assert_eq!(sib["lfs"]["sha256"], linked.as_str());
    assert_eq!(sib["size"], MODEL_BIG_SIZE);
    assert_eq!(info["securityStatus"], json!({"containsInfected": false}));
    assert_eq!(
        info["safetensors"],
        json!({"parameters": {"F16": 4, "F32": 64}, "total": 68})
    );
}

#[test]
fn range_requests() {
    let sim = start(Config::default());
    let u = sim.url();
    let r = send(
        "GET",
        &format!("{u}/{MODEL}/resolve/main/config.json"),
        None,
        &[("Range", "bytes=2-5")],
        None,
    );
    assert_eq!(r.status, 206);
    assert_eq!(r.body, &MODEL_CONFIG_JSON.as_bytes()[2..6]);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes 2-5/{}", MODEL_CONFIG_JSON.len()).as_str())
    );

    let location = get(&format!("{u}/{MODEL}/resolve/main/{MODEL_BIG_FILE}"), None)
        .header("location")
        .unwrap()
        .to_string();
    let full = get(&location, None).body;
    let r = send("GET", &location, None, &[("Range", "bytes=100-199")], None);
    assert_eq!(r.status, 206);
    assert_eq!(r.body, &full[100..200]);
    let r = send("GET", &location, None, &[("Range", "bytes=-10")], None);
    assert_eq!(r.body, &full[full.len() - 10..]);
    let r = send(
        "GET",
        &location,
        None,
        &[("Range", format!("bytes={}-", full.len() - 3).as_str())],
        None,
    );
    assert_eq!(r.body.len(), 3);
    let r = send(
        "GET",
        &location,
        None,
        &[("Range", format!("bytes={}-", full.len()).as_str())],
        None,
    );
    assert_eq!(r.status, 416);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes */{}", full.len()).as_str())
    );
    // safetensors header read the way the Python client does it
    let st = get(
        &format!("{u}/{MODEL}/resolve/main/{MODEL_SAFETENSORS}"),
        None,
    );
    let st = send(
        "GET",
        st.header("location").unwrap(),
        None,
        &[("Range", "bytes=0-100000")],
        None,
    );
    assert_eq!(st.status, 206);
    let n = u64::from_le_bytes(st.body[..8].try_into().unwrap()) as usize;
    let header: Value = serde_json::from_slice(&st.body[8..8 + n]).unwrap();
    assert_eq!(header["__metadata__"]["format"], "pt");
}

/// Raw GET over a socket: returns (head, body bytes received before EOF).
fn raw_get(addr: std::net::SocketAddr, path: &str) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    (
        String::from_utf8_lossy(&all[..split]).into_owned(),
        all[split..].to_vec(),
    )
}

#[test]
fn fault_injection() {
    let sim = start(Config::default());
    let u = sim.url();
    sim.inject(Fault {
        method: Some("GET".into()),
        path_prefix: "/api/models".into(),
        times: Some(1),
        action: FaultAction::Status {
            status: 503,
            headers: vec![("Retry-After".into(), "1".into())],
            body: b"busy".to_vec(),
        },
    });
    let r = get(&format!("{u}/api/models"), None);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.header("x-request-id").is_some());
    assert_eq!(r.body, b"busy");
    assert_eq!(get(&format!("{u}/api/models"), None).status, 200);
    let log = sim.requests();
    assert!(log[0].faulted && log[0].status == Some(503));
    assert!(!log[1].faulted);

    // the connection is cut after 1000 body bytes
    let location = get(&format!("{u}/{MODEL}/resolve/main/{MODEL_BIG_FILE}"), None)
        .header("location")
        .unwrap()
        .to_string();
    let cdn_path = &location[location.find("/_cdn/").unwrap()..];
    sim.inject(Fault {
        method: None,
        path_prefix: "/_cdn/".into(),
        times: Some(1),
        action: FaultAction::DropAfter { bytes: 1000 },
    });
    let (head, body) = raw_get(sim.addr(), cdn_path);
    assert!(
        head.contains(&format!("Content-Length: {MODEL_BIG_SIZE}")),
        "{head}"
    );
    assert_eq!(body.len(), 1000);
    let (_, body) = raw_get(sim.addr(), &format!("/_cdn/{}", &cdn_path[6..70]));
    assert_eq!(body.len() as u64, MODEL_BIG_SIZE);

    // a corrupted byte
    sim.inject(Fault {
        method: None,
        path_prefix: "/_cdn/".into(),
        times: Some(1),
        action: FaultAction::Corrupt { offset: 5 },
    });
    let bad = get(&location, None).body;
    let good = get(&location, None).body;
    assert_eq!(bad.len(), good.len());
    let diffs: Vec<usize> = (0..good.len()).filter(|&i| bad[i] != good[i]).collect();
    assert_eq!(diffs, [5]);

    // a bandwidth cap
    sim.inject(Fault {
        method: None,
        path_prefix: "/_cdn/".into(),
        times: Some(1),
        action: FaultAction::Throttle {
            bytes_per_second: 4 << 20,
        },
    });
    let t = Instant::now();
    assert_eq!(get(&location, None).body.len() as u64, MODEL_BIG_SIZE);
    assert!(
        t.elapsed() >= Duration::from_millis(600),
        "{:?}",
        t.elapsed()
    );

    // the same controls over HTTP
    let spec = json!({"path_prefix": format!("/api/models/{MODEL}"), "times": 2,
                      "action": {"type": "status", "status": 429, "headers": {"Retry-After": "3"}, "json": {"error": "slow down"}}});
    let r = send(
        "POST",
        &format!("{u}/_hubsim/faults"),
        None,
        &[],
        Some(spec.to_string().as_bytes()),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        get(&format!("{u}/_hubsim/faults"), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = get(&format!("{u}/api/models/{MODEL}"), None);
    assert_eq!((r.status, r.json()), (429, json!({"error": "slow down"})));
    assert_eq!(
        send("DELETE", &format!("{u}/_hubsim/faults"), None, &[], None).status,
        200
    );
    assert_eq!(get(&format!("{u}/api/models/{MODEL}"), None).status, 200);
    let log = get(&format!("{u}/_hubsim/requests"), None).json();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["path"], format!("/api/models/{MODEL}"));
    assert_eq!(last["status"], 200);
    assert_eq!(
        send("DELETE", &format!("{u}/_hubsim/requests"), None, &[], None).status,
        200
    );
    assert!(sim.requests().is_empty());
    let bad_spec = send(
        "POST",
        &format!("{u}/_hubsim/faults"),
        None,
        &[],
        Some(b"{\"path_prefix\": 1}"),
    );
    assert_eq!(bad_spec.status, 400);
}

#[test]
fn likes_stay_consistent() {
    let sim = start(Config::default());
    let u = sim.url();
    let likes = |t: Option<&str>| {
        get(&format!("{u}/api/datasets/{DATASET}"), t).json()["likes"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(likes(None), 1);
    assert_eq!(
        send(
            "POST",
            &format!("{u}/api/datasets/{DATASET}/like"),
            None,
            &[],
            None
        )
        .status,
        401
    );
    assert_eq!(
        send(
            "POST",
            &format!("{u}/api/datasets/{DATASET}/like"),
            Some(CAROL_READ_TOKEN),
            &[],
            None
        )
        .status,
        200
    );
    assert_eq!(
        send(
            "POST",
            &format!("{u}/api/datasets/{DATASET}/like"),
            Some(CAROL_READ_TOKEN),
            &[],
            None
        )
        .status,
        200
    );
    assert_eq!(likes(None), 2);
    let likers = get(&format!("{u}/api/datasets/{DATASET}/likers"), None).json();
    let names: Vec<&str> = likers
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["user"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bob", "carol"]);
    let carol = get(&format!("{u}/api/users/carol/likes"), None).json();
    assert_eq!(
        carol[0]["repo"],
        json!({"name": DATASET, "type": "dataset"})
    );
    assert_eq!(
        send(
            "DELETE",
            &format!("{u}/api/datasets/{DATASET}/like"),
            Some(CAROL_READ_TOKEN),
            &[],
            None
        )
        .status,
        200
    );
    assert_eq!(likes(None), 1);
    // private likes are only listed to those who can see the repo
    let anon: Vec<Value> = get(&format!("{u}/api/users/alice/likes"), None)
        .json()
        .as_array()
        .unwrap()
        .clone();
    let own: Vec<Value> = get(
        &format!("{u}/api/users/alice/likes"),
        Some(ALICE_READ_TOKEN),
    )
    .json()
    .as_array()
    .unwrap()
    .clone();
    assert_eq!(own.len(), anon.len() + 1);
    // listings sort by likes
    let top = get(&format!("{u}/api/models?sort=likes&limit=1"), None).json();
    assert_eq!(top[0]["id"], MODEL);
}

#[test]
fn listings_filter_and_select_fields() {
    let sim = start(Config::default());
    let u = sim.url();
    let ids = |url: String, token: Option<&str>| -> Vec<String> {
        get(&url, token)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(format!("{u}/api/models?filter=fill-mask"), None),
        ["bob/bert-tiny"]
    );
    assert_eq!(
        ids(
            format!("{u}/api/models?filter=timm&filter=image-classification"),
            None
        ),
        ["carol/resnet-toy"]
    );
    assert_eq!(
        ids(
            format!("{u}/api/models?filter=dataset%3Aalice%2Ftiny-dataset&author=acme"),
            None
        ),
        ["acme/text-classifier"]
    );
    assert_eq!(
        ids(format!("{u}/api/models?sort=downloads&limit=2"), None),
        ["bob/bert-tiny", MODEL]
    );
    assert_eq!(
        ids(
            format!("{u}/api/models?sort=downloads&direction=1&limit=1"),
            None
        ),
        ["alice/disabled-model"]
    );
    assert_eq!(
        ids(format!("{u}/api/models?gated=true"), None),
        [GATED_MODEL]
    );
    assert_eq!(
        ids(format!("{u}/api/models?pipeline_tag=fill-mask"), None),
        ["bob/bert-tiny"]
    );
    assert!(!ids(format!("{u}/api/models"), None).contains(&PRIVATE_MODEL.to_string()));
    let mine = ids(
        format!("{u}/api/models?author=alice"),
        Some(ALICE_READ_TOKEN),
    );
    assert!(mine.contains(&PRIVATE_MODEL.to_string()));
    assert_eq!(
        ids(
            format!("{u}/api/datasets?filter=task_categories%3Atext-classification"),
            None
        ),
        [DATASET]
    );
    assert_eq!(
        ids(format!("{u}/api/spaces?linked=True&models={MODEL}"), None),
        [SPACE]
    );
    assert_eq!(ids(format!("{u}/api/spaces?search=DEMO"), None), [SPACE]);

    let light = get(&format!("{u}/api/models?search=tiny-model"), None).json()[0].clone();
    assert!(light.get("siblings").is_none() && light.get("cardData").is_none());
    assert_eq!(light["modelId"], MODEL);
    let full = get(
        &format!("{u}/api/models?search=tiny-model&full=True&cardData=True&config=True"),
        None,
    )
    .json()[0]
        .clone();
    assert_eq!(full["siblings"][0], json!({"rfilename": ".gitattributes"}));
    assert_eq!(full["cardData"]["license"], "mit");
    assert_eq!(full["config"]["model_type"], "gpt2");
    let expanded = get(
        &format!("{u}/api/models?search=tiny-model&expand=downloads&expand=sha"),
        None,
    )
    .json()[0]
        .clone();
    let keys: Vec<&String> = expanded.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["_id", "id", "downloads", "sha"]);
    assert_eq!(
        get(&format!("{u}/api/models?expand=bogus"), None).status,
        400
    );
    let space = get(&format!("{u}/api/spaces/{SPACE}"), None).json();
    assert_eq!(space["runtime"]["stage"], "RUNNING");
    assert_eq!(space["subdomain"], "alice-demo-space");

    let me = get(&format!("{u}/api/whoami-v2"), Some(BOB_READ_TOKEN)).json();
    assert_eq!(me["auth"]["accessToken"]["role"], "read");
    assert_eq!(me["orgs"][0]["roleInOrg"], "write");
    let members = get(&format!("{u}/api/organizations/acme/members"), None).json();
    assert_eq!(members.as_array().unwrap().len(), 2);
    assert_eq!(
        get(&format!("{u}/api/users/nobody/overview"), None).status,
        404
    );
    assert_eq!(
        get(&format!("{u}/api/users/alice/followers"), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("hubsim-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn custom_seed() -> Value {
    json!({
        "users": [{"name": "dora"}],
        "tokens": [{"token": "hf_dora", "user": "dora", "role": "write"}],
        "repos": [{
            "type": "dataset", "id": "dora/data", "private": true, "tags": ["custom"],
            "commits": [
                {"title": "First", "files": {"a.txt": "alpha\n", "raw.dat": {"base64": "AAEC"},
                                             "big.bin": {"generate": {"size": 100000, "seed": 9}},
                                             "w.safetensors": {"safetensors": {"tensors": [{"name": "x", "dtype": "F32", "shape": [3]}]}},
                                             "old/x.txt": "x"}, "tags": ["v1"]},
                {"title": "Second", "files": {"a.txt": "beta\n"}, "delete": ["old/"]},
                {"title": "Side", "branch": "side", "from": "v1", "files": {"side.txt": "s"}},
            ],
            "refs": [{"ref": "refs/pr/7", "revision": "side"}]
        }],
        "likes": [{"user": "dora", "repo": "dora/data", "type": "dataset"}]
    })
}

#[test]
fn seed_files_are_loaded() {
    let dir = temp_dir("seed");
    let path = dir.join("seed.json");
    std::fs::write(&path, custom_seed().to_string()).unwrap();
    let sim = start(Config::default().seed(Seed::File(path)));
    let u = sim.url();
    assert_eq!(
        get(&format!("{u}/api/whoami-v2"), Some("hf_dora")).json()["name"],
        "dora"
    );
    assert_eq!(
        get(&format!("{u}/api/datasets/dora/data"), None).status,
        401
    );
    let info = get(
        &format!("{u}/api/datasets/dora/data?blobs=True"),
        Some("hf_dora"),
    )
    .json();
    let names: Vec<&str> = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rfilename"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a.txt", "big.bin", "raw.dat", "w.safetensors"]);
    assert_eq!(info["likes"], 1);
    assert!(info["tags"].as_array().unwrap().contains(&json!("custom")));
    assert!(info["siblings"][1]["lfs"].is_object());
    assert_eq!(
        get(
            &format!("{u}/datasets/dora/data/resolve/main/a.txt"),
            Some("hf_dora")
        )
        .body,
        b"beta\n"
    );
    assert_eq!(
        get(
            &format!("{u}/datasets/dora/data/resolve/v1/a.txt"),
            Some("hf_dora")
        )
        .body,
        b"alpha\n"
    );
    assert_eq!(
        get(
            &format!("{u}/datasets/dora/data/resolve/main/raw.dat"),
            Some("hf_dora")
        )
        .body,
        [0, 1, 2]
    );
    let refs = get(
        &format!("{u}/api/datasets/dora/data/refs?include_prs=true"),
        Some("hf_dora"),
    )
    .json();
    assert_eq!(refs["pullRequests"][0]["name"], "pr/7");
    let side = get(
        &format!("{u}/api/datasets/dora/data/commits/side"),
        Some("hf_dora"),
    )
    .json();
    let titles: Vec<&str> = side
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Side", "First"]);

    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"{"repos": [{"id": "no-namespace"}]}"#).unwrap();
    assert!(Server::start(Config::default().seed(Seed::File(broken))).is_err());
    let empty = start(Config::default().seed(Seed::None));
    assert_eq!(
        get(&format!("{}/api/models", empty.url()), None).json(),
        json!([])
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn data_dir_survives_restart() {
    let dir = temp_dir("data");
    let config = Config::default()
        .data_dir(&dir)
        .seed(Seed::Json(custom_seed()));
    let sim = start(config.clone());
    let u = sim.url();
    let lfs = get(
        &format!("{u}/datasets/dora/data/resolve/main/w.safetensors"),
        Some("hf_dora"),
    );
    let location = lfs.header("location").unwrap().to_string();
    let before = get(&location, None).body;
    assert_eq!(
        send(
            "DELETE",
            &format!("{u}/api/datasets/dora/data/like"),
            Some("hf_dora"),
            &[],
            None
        )
        .status,
        200
    );
    sim.shutdown();
    assert!(dir.join("state.json").is_file());

    // restarted on the same directory: the saved state wins over the seed
    let sim = start(config.clone().seed(Seed::None));
    let u = sim.url();
    let info = get(&format!("{u}/api/datasets/dora/data"), Some("hf_dora")).json();
    assert_eq!(info["likes"], 0);
    let lfs = get(
        &format!("{u}/datasets/dora/data/resolve/main/w.safetensors"),
        Some("hf_dora"),
    );
    let location = lfs.header("location").unwrap().to_string();
    assert_eq!(get(&location, None).body, before);
    assert_eq!(
        get(
            &format!("{u}/datasets/dora/data/resolve/v1/a.txt"),
            Some("hf_dora")
        )
        .body,
        b"alpha\n"
    );
    let big = get(
        &format!("{u}/datasets/dora/data/resolve/main/big.bin"),
        Some("hf_dora"),
    );
    assert_eq!(
        get(big.header("location").unwrap(), None).body.len(),
        100000
    );

    // reset reloads the configured seed
    sim.reset().unwrap();
    assert!(get(&format!("{u}/api/whoami-v2"), Some("hf_dora")).status == 401);
    sim.shutdown();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn keep_alive_and_concurrency() {
    let sim = start(Config::default());
    // a throttled download does not block other requests
    sim.inject(Fault {
        method: None,
        path_prefix: "/_cdn/".into(),
        times: Some(1),
        action: FaultAction::Throttle {
            bytes_per_second: 1 << 20,
        },
    });
    let location = get(
        &format!("{}/{MODEL}/resolve/main/{MODEL_BIG_FILE}", sim.url()),
        None,
    )
    .header("location")
    .unwrap()
    .to_string();
    let slow = std::thread::spawn(move || get(&location, None).body.len());
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    let agent = agent();
    for _ in 0..20 {
        let r = agent
            .get(format!("{}/api/models/{MODEL}", sim.url()))
            .call()
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(slow.join().unwrap() as u64, MODEL_BIG_SIZE);
}
