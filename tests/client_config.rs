//! Client configuration that reaches the wire: proxies from the environment,
//! extra headers, token policies per handle.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use hfhub::{ClientBuilder, Env};
use hubsim::seed::ALICE_WRITE_TOKEN;

/// A proxy that records request lines: it accepts `CONNECT` tunnels (what ureq
/// uses for every target) and answers the tunnelled request, or any plain request,
/// with a small JSON object.
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    fn read_head(reader: &mut BufReader<TcpStream>) -> Option<String> {
        let mut first = String::new();
        reader.read_line(&mut first).ok()?;
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        Some(first.trim_end().to_owned())
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            let Ok(stream) = stream else { continue };
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let mut out = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let Some(first) = read_head(&mut reader) else {
                    return;
                };
                log.lock().unwrap().push(first.clone());
                if first.starts_with("CONNECT ") {
                    let _ = out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                    let Some(inner) = read_head(&mut reader) else {
                        return;
                    };
                    log.lock().unwrap().push(inner);
                }
                let body = r#"{"library": [{"id": "via-proxy", "label": "x", "type": "library"}]}"#;
                let _ = write!(
                    out,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (url, seen)
}

#[test]
fn http_proxy_from_the_environment_is_used() {
    let sim = common::sim();
    let (proxy, seen) = recording_proxy();
    let env = Env::from_vars([("HF_ENDPOINT", sim.url()), ("HTTP_PROXY", proxy)]);
    let client = ClientBuilder::from_env_vars(&env).unwrap().build().unwrap();
    let tags = client.get_model_tags().unwrap();
    assert_eq!(tags["library"][0].id, "via-proxy");
    let lines = seen.lock().unwrap().clone();
    let host = sim.url().trim_start_matches("http://").to_owned();
    assert_eq!(
        lines,
        [
            format!("CONNECT {host} HTTP/1.1"),
            "GET /api/models-tags-by-type HTTP/1.1".to_owned()
        ]
    );
    assert!(
        sim.requests().is_empty(),
        "the request went through the proxy"
    );
}

#[test]
fn no_proxy_bypasses_the_proxy() {
    let sim = common::sim();
    let (proxy, seen) = recording_proxy();
    let env = Env::from_vars([
        ("HF_ENDPOINT", sim.url()),
        ("HTTPS_PROXY", proxy.clone()),
        ("HTTP_PROXY", proxy),
        ("NO_PROXY", "127.0.0.1,localhost".to_owned()),
    ]);
    let client = ClientBuilder::from_env_vars(&env).unwrap().build().unwrap();
    let tags = client.get_model_tags().unwrap();
    assert!(tags.contains_key("library"));
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(sim.requests().len(), 1);
}

#[test]
fn environment_token_and_implicit_token_policy() {
    let sim = common::sim();
    let home = std::env::temp_dir().join(format!("hfhub-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("token"), format!("{ALICE_WRITE_TOKEN}\n")).unwrap();
    let env = Env::from_vars([
        ("HF_ENDPOINT", sim.url()),
        ("HF_HOME", home.display().to_string()),
    ]);

    // The token file is discovered and sent.
    let client = ClientBuilder::from_env_vars(&env).unwrap().build().unwrap();
    assert_eq!(client.whoami().unwrap().name, "alice");
    client
        .model_info(hubsim::seed::MODEL, &Default::default())
        .unwrap();
    let last = sim.requests().pop().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(&*format!("Bearer {ALICE_WRITE_TOKEN}"))
    );

    // HF_HUB_DISABLE_IMPLICIT_TOKEN: not sent by default, still used where required.
    let env = Env::from_vars([
        ("HF_ENDPOINT", sim.url()),
        ("HF_HOME", home.display().to_string()),
        ("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1".to_owned()),
    ]);
    let client = ClientBuilder::from_env_vars(&env).unwrap().build().unwrap();
    sim.clear_requests();
    client
        .model_info(hubsim::seed::MODEL, &Default::default())
        .unwrap();
    assert!(sim.requests()[0].header("authorization").is_none());
    assert_eq!(client.whoami().unwrap().name, "alice");
    // Per-handle policies share the connection pool.
    sim.clear_requests();
    client
        .with_token(true)
        .model_info(hubsim::seed::MODEL, &Default::default())
        .unwrap();
    client
        .with_token(false)
        .model_info(hubsim::seed::MODEL, &Default::default())
        .unwrap();
    let reqs = sim.requests();
    assert!(reqs[0].header("authorization").is_some() && reqs[1].header("authorization").is_none());
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn the_token_is_never_sent_to_another_host() {
    let sim = common::sim();
    // The CDN host name of hubsim is another host than the endpoint's.
    let client = common::client(&sim, Some(ALICE_WRITE_TOKEN));
    let cdn_url = format!(
        "{}/{}/resolve/main/config.json",
        sim.cdn_url(),
        hubsim::seed::MODEL
    );
    client
        .get_hf_file_metadata(&cdn_url, &Default::default())
        .unwrap();
    let req = sim.requests().pop().unwrap();
    assert!(req.header("authorization").is_none());
    // Nor does it show in errors or debug output.
    let err = client
        .model_info("nobody/nothing", &Default::default())
        .unwrap_err();
    assert!(!format!("{err} {err:?} {client:?}").contains(ALICE_WRITE_TOKEN));
}
