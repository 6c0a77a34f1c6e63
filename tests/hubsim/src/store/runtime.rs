//! Things that change with time: Space stages and Inference Endpoint states, driven by a
//! simulated clock ([`State::clock_ms`]) that only tests move (`Server::advance`,
//! `POST /_hubsim/clock`). Every move of the clock settles every due change, so whatever a
//! client reads afterwards (runtime, `space_info`, endpoints) is already up to date.
//!
//! Timelines:
//! * a Space that is (re)built — hardware change, restart, factory reboot — is `BUILDING`
//!   for [`SPACE_BUILD_MS`], then `RUNNING` on its requested hardware; a running Space whose
//!   sleep time (`gcTimeout`, seconds) elapses goes `SLEEPING` (no current hardware).
//! * an Inference Endpoint is `pending` for [`ENDPOINT_PENDING_MS`], `initializing` for
//!   [`ENDPOINT_INIT_MS`], then `running` with a URL. Tests may force `failed` at any time.

use super::model::State;
use crate::dates::now_iso;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// How long a Space builds (simulated milliseconds).
pub const SPACE_BUILD_MS: u64 = 30_000;
/// How long a new or resumed Inference Endpoint stays `pending`.
pub const ENDPOINT_PENDING_MS: u64 = 10_000;
/// How long an Inference Endpoint stays `initializing` before `running`.
pub const ENDPOINT_INIT_MS: u64 = 20_000;

/// A change due at a point of the simulated clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// Clock time (ms) at which the change happens.
    pub at_ms: u64,
    /// The stage (Space) or state (endpoint) entered then.
    pub stage: String,
}

/// An Inference Endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Endpoint {
    /// Namespace (user or org).
    pub namespace: String,
    /// The object the API serves (`name`, `type`, `accountId`, `provider`, `compute`, `model`,
    /// `status`).
    pub object: Value,
    /// Host label of its URL once running.
    pub host_id: String,
    /// The next state change.
    pub timer: Option<Timer>,
}

impl Endpoint {
    /// `status.state`.
    pub fn state(&self) -> &str {
        self.object["status"]["state"].as_str().unwrap_or("")
    }

    /// Enters `state` with `message`: URL and replicas follow (a URL only while running or
    /// scaled to zero).
    pub fn set_state(&mut self, state: &str, message: &str) {
        let region = self.object["provider"]["region"]
            .as_str()
            .unwrap_or("us-east-1")
            .to_string();
        let vendor = self.object["provider"]["vendor"]
            .as_str()
            .unwrap_or("aws")
            .to_string();
        let target = self.object["compute"]["scaling"]["minReplica"]
            .as_u64()
            .unwrap_or(0)
            .max(1);
        let status = &mut self.object["status"];
        status["state"] = json!(state);
        status["message"] = json!(message);
        status["updatedAt"] = json!(now_iso());
        let (ready, target) = match state {
            "running" => (target, target),
            "pending" | "initializing" | "updating" => (0, target),
            _ => (0, 0),
        };
        status["readyReplica"] = json!(ready);
        status["targetReplica"] = json!(target);
        if let Some(obj) = status.as_object_mut() {
            if matches!(state, "running" | "scaledToZero") {
                obj.insert(
                    "url".into(),
                    json!(format!(
                        "https://{}.{region}.{vendor}.endpoints.huggingface.cloud",
                        self.host_id
                    )),
                );
            } else {
                obj.remove("url");
            }
        }
    }

    /// Starts (or restarts) the deployment: `pending` now, then `initializing`, `running`.
    pub fn deploy(&mut self, now_ms: u64) {
        self.set_state("pending", "Endpoint waiting to be scheduled");
        self.timer = Some(Timer {
            at_ms: now_ms + ENDPOINT_PENDING_MS,
            stage: "initializing".into(),
        });
    }

    /// Forces the `failed` state (test control).
    pub fn fail(&mut self, message: &str) {
        self.set_state("failed", message);
        self.timer = None;
    }
}

/// Schedules a (re)build of a Space's runtime: `BUILDING` now, `RUNNING` after the build.
pub fn start_build(runtime: &mut Value, timer: &mut Option<Timer>, now_ms: u64) {
    runtime["stage"] = json!("BUILDING");
    runtime["hardware"]["current"] = Value::Null;
    *timer = Some(Timer {
        at_ms: now_ms + SPACE_BUILD_MS,
        stage: "RUNNING".into(),
    });
}

/// Moves the clock forward by `ms` and applies every change that became due.
pub fn advance(state: &mut State, ms: u64) {
    state.clock_ms = state.clock_ms.saturating_add(ms);
    settle(state);
}

/// Applies every change due at the current clock time, in time order per object.
pub fn settle(state: &mut State) {
    let now = state.clock_ms;
    for repo in state.repos.values_mut() {
        while let Some(t) = repo.meta.runtime_timer.clone().filter(|t| t.at_ms <= now) {
            let Some(rt) = repo.meta.runtime.as_mut() else {
                repo.meta.runtime_timer = None;
                break;
            };
            repo.meta.runtime_timer = None;
            match t.stage.as_str() {
                "RUNNING" => {
                    rt["stage"] = json!("RUNNING");
                    rt["hardware"]["current"] = rt["hardware"]["requested"].clone();
                    if let Some(gc) = rt["gcTimeout"].as_u64().filter(|s| *s > 0) {
                        repo.meta.runtime_timer = Some(Timer {
                            at_ms: t.at_ms + gc * 1000,
                            stage: "SLEEPING".into(),
                        });
                    }
                }
                other => {
                    rt["stage"] = json!(other);
                    rt["hardware"]["current"] = Value::Null;
                }
            }
        }
    }
    for ep in state.endpoints.values_mut() {
        while let Some(t) = ep.timer.clone().filter(|t| t.at_ms <= now) {
            ep.timer = None;
            match t.stage.as_str() {
                "initializing" => {
                    ep.set_state("initializing", "Endpoint is initializing");
                    ep.timer = Some(Timer {
                        at_ms: t.at_ms + ENDPOINT_INIT_MS,
                        stage: "running".into(),
                    });
                }
                "running" => ep.set_state("running", "Endpoint is ready"),
                other => ep.set_state(other, ""),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{repo_key, Repo, RepoType};

    #[test]
    fn one_advance_applies_every_due_space_change_in_order() {
        let mut state = State::default();
        let mut repo = Repo::new(RepoType::Space, "a/s", "2024-01-01T00:00:00.000Z");
        let mut rt = json!({"stage": "RUNNING", "storage": null, "gcTimeout": 60,
                            "hardware": {"current": "cpu-basic", "requested": "t4-small"}});
        let mut timer = None;
        start_build(&mut rt, &mut timer, 0);
        repo.meta.runtime = Some(rt);
        repo.meta.runtime_timer = timer;
        state.repos.insert(repo_key(RepoType::Space, "a/s"), repo);
        let runtime = |s: &State| {
            s.repos[&repo_key(RepoType::Space, "a/s")]
                .meta
                .runtime
                .clone()
        };

        advance(&mut state, SPACE_BUILD_MS - 1);
        let rt = runtime(&state).unwrap();
        assert_eq!(
            (rt["stage"].as_str(), &rt["hardware"]["current"]),
            (Some("BUILDING"), &Value::Null)
        );
        // running at 30 s, asleep 60 s later: both in one move of the clock
        advance(&mut state, 1 + 60_000);
        let rt = runtime(&state).unwrap();
        assert_eq!(rt["stage"], "SLEEPING");
        assert_eq!(rt["hardware"]["current"], Value::Null);
        assert_eq!(state.clock_ms, SPACE_BUILD_MS + 60_000);
        assert!(state.repos[&repo_key(RepoType::Space, "a/s")]
            .meta
            .runtime_timer
            .is_none());
    }

    #[test]
    fn endpoint_timeline_and_failure() {
        let mut state = State::default();
        let mut ep = Endpoint {
            namespace: "alice".into(),
            object: json!({"name": "ep", "provider": {"vendor": "aws", "region": "eu-west-1"},
                           "compute": {"scaling": {"minReplica": 2, "maxReplica": 3}}, "status": {}}),
            host_id: "abc".into(),
            timer: None,
        };
        ep.deploy(state.clock_ms);
        state.endpoints.insert("alice/ep".into(), ep);
        let status = |s: &State| s.endpoints["alice/ep"].object["status"].clone();
        assert_eq!(status(&state)["state"], "pending");
        advance(&mut state, ENDPOINT_PENDING_MS);
        assert_eq!(status(&state)["state"], "initializing");
        assert!(status(&state).get("url").is_none());
        advance(&mut state, ENDPOINT_INIT_MS);
        let st = status(&state);
        assert_eq!(st["state"], "running");
        assert_eq!(
            st["url"],
            "https://abc.eu-west-1.aws.endpoints.huggingface.cloud"
        );
        assert_eq!(
            (st["readyReplica"].as_u64(), st["targetReplica"].as_u64()),
            (Some(2), Some(2))
        );
        let ep = state.endpoints.get_mut("alice/ep").unwrap();
        ep.fail("boom");
        assert_eq!(
            (ep.state(), ep.object["status"]["message"].as_str()),
            ("failed", Some("boom"))
        );
        assert!(ep.object["status"].get("url").is_none());
    }
}
