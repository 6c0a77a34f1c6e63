//! Shared helpers of the integration tests: an in-process hubsim per test and
//! clients pointed at it.

#![allow(dead_code)]

use std::time::Duration;

pub use hubsim::{Config, Server};

/// A hubsim with the default seed on a random port.
pub fn sim() -> Server {
    Server::start(Config::default()).expect("hubsim starts")
}

/// A hubsim with a custom configuration.
pub fn sim_with(config: Config) -> Server {
    Server::start(config).expect("hubsim starts")
}

/// Fast retries so failure tests stay quick (the policy is still exercised).
pub fn fast_retry() -> hfhub::RetryPolicy {
    hfhub::RetryPolicy {
        max_retries: 3,
        base_wait: Duration::from_millis(10),
        max_wait: Duration::from_millis(40),
        max_total_wait: Duration::from_secs(5),
    }
}

/// A builder pointed at `sim`, isolated from the machine's environment
/// (no stored token, cache in a fresh temporary directory).
pub fn builder(sim: &Server) -> hfhub::ClientBuilder {
    let home = std::env::temp_dir().join(format!(
        "hfhub-test-{}-{}",
        std::process::id(),
        fastrand_suffix()
    ));
    hfhub::Client::builder()
        .endpoint(sim.url())
        .hf_home(home)
        .retry(fast_retry())
        .timeouts(hfhub::Timeouts {
            request: Duration::from_secs(20),
            ..Default::default()
        })
}

/// A client with `token` (or anonymous).
pub fn client(sim: &Server, token: Option<&str>) -> hfhub::Client {
    let b = builder(sim);
    match token {
        Some(t) => b.token(t).build().unwrap(),
        None => b.token(false).build().unwrap(),
    }
}

fn fastrand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The requests hubsim received, as `METHOD path?query`.
pub fn targets(sim: &Server) -> Vec<String> {
    sim.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target()))
        .collect()
}

/// Every file below `dir` (relative paths, symlinks included), recursively, sorted.
pub fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// The commit `main` of the seed's model points at (the request log is cleared after).
pub fn main_commit(sim: &Server) -> String {
    let c = client(sim, None);
    let info = c
        .model_info(hubsim::seed::MODEL, &Default::default())
        .unwrap();
    sim.clear_requests();
    info.sha.unwrap()
}
