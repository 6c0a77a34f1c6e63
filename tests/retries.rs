//! Retries, backoff and failure mapping against hubsim's fault injection.

mod common;

use std::time::{Duration, Instant};

use hfhub::{Error, ErrorKind, RetryPolicy};
use hubsim::{Fault, FaultAction};

fn status_fault(path: &str, status: u16, headers: &[(&str, &str)], times: Option<u32>) -> Fault {
    Fault {
        method: None,
        path_prefix: path.into(),
        times,
        action: FaultAction::Status {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: br#"{"error": "injected"}"#.to_vec(),
        },
    }
}

#[test]
fn a_429_with_retry_after_is_retried_after_the_wait() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    sim.inject(status_fault(
        "/api/models-tags-by-type",
        429,
        &[("Retry-After", "1")],
        Some(1),
    ));

    let started = Instant::now();
    let tags = client.get_model_tags().expect("succeeds after one retry");
    assert!(!tags.is_empty());

    let reqs = sim.requests();
    assert_eq!(reqs.len(), 2, "{:?}", common::targets(&sim));
    let gap = reqs[1].time.duration_since(reqs[0].time);
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_ratelimit_header_sets_the_wait() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    sim.inject(status_fault(
        "/api/datasets-tags-by-type",
        429,
        &[("RateLimit", "\"api\";r=0;t=1"), ("Retry-After", "30")],
        Some(1),
    ));
    client.get_dataset_tags().unwrap();
    let reqs = sim.requests();
    assert_eq!(reqs.len(), 2);
    let gap = reqs[1].time.duration_since(reqs[0].time);
    assert!(
        gap >= Duration::from_millis(950) && gap < Duration::from_secs(10),
        "{gap:?}"
    );
}

#[test]
fn a_500_forever_gives_up_after_the_bounded_retries() {
    let sim = common::sim();
    let client = common::client(&sim, None); // 3 retries, 10–40 ms apart
    sim.inject(status_fault("/api/models-tags-by-type", 500, &[], None));

    let started = Instant::now();
    let err = client.get_model_tags().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Http);
    assert_eq!(err.status(), Some(500));
    let ctx = err.http().unwrap();
    assert!(ctx.request_id.is_some(), "hubsim sends a request id");
    assert_eq!(ctx.server_message.as_deref(), Some("injected"));
    assert!(err.to_string().contains("500"), "{err}");
    assert_eq!(sim.requests().len(), 4, "first attempt + 3 retries");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_503_then_success_is_transparent_and_a_404_is_not_retried() {
    let sim = common::sim();
    let client = common::client(&sim, None);
    sim.inject(status_fault("/api/metrics", 503, &[], Some(2)));
    client.list_metrics().unwrap();
    assert_eq!(sim.requests().len(), 3);

    sim.clear_requests();
    let err = client
        .model_info("nobody/nothing", &Default::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
    assert_eq!(sim.requests().len(), 1, "client errors are not retried");
}

#[test]
fn retries_can_be_turned_off() {
    let sim = common::sim();
    let client = common::builder(&sim)
        .retry(RetryPolicy::none())
        .token(false)
        .build()
        .unwrap();
    sim.inject(status_fault("/api/metrics", 503, &[], None));
    assert_eq!(client.list_metrics().unwrap_err().status(), Some(503));
    assert_eq!(sim.requests().len(), 1);
}

#[test]
fn a_connection_refused_is_a_network_error_after_retries() {
    // A port nothing listens on: bind, learn the port, drop the listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = hfhub::Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .retry(common::fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_model_tags().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_silent_server_times_out() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _keep = std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().take(8) {
            held.push(s);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let client = hfhub::Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_model_tags().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn offline_mode_sends_nothing() {
    let sim = common::sim();
    let client = common::builder(&sim).offline(true).build().unwrap();
    assert!(matches!(
        client.get_model_tags(),
        Err(Error::OfflineMode(_))
    ));
    assert!(matches!(
        client.list_models(&Default::default()).next(),
        Some(Err(Error::OfflineMode(_)))
    ));
    assert!(sim.requests().is_empty());
}

#[test]
fn a_required_token_that_is_missing_fails_before_sending() {
    let sim = common::sim();
    let client = common::builder(&sim).token(true).build().unwrap();
    assert!(matches!(
        client.model_info("a/b", &Default::default()),
        Err(Error::LocalTokenNotFound)
    ));
    assert!(matches!(
        client.with_token(hfhub::TokenPolicy::Discover).whoami(),
        Err(Error::LocalTokenNotFound)
    ));
    assert!(sim.requests().is_empty());
}
