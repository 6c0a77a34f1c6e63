//! Test controls under `/_hubsim/` (never recorded, never faulted, no auth):
//! `GET|DELETE /_hubsim/requests`, `GET|POST|DELETE /_hubsim/faults`, `POST /_hubsim/reset`,
//! `GET /_hubsim/health`, `GET|POST /_hubsim/clock` (`{"advance_ms"}` or `{"advance_seconds"}`),
//! `POST /_hubsim/endpoints/fail` (`{"namespace", "name", "message"?}`).

use crate::faults::Fault;
use crate::http::{Request, Response};
use crate::server::Shared;
use serde_json::{json, Value};

fn error(status: u16, message: &str) -> Response {
    Response::json(status, &json!({ "error": message }))
}

/// Handles a control request.
pub fn handle(shared: &Shared, req: &Request) -> Response {
    match (req.method.as_str(), req.path.trim_end_matches('/')) {
        ("GET", "/_hubsim/health") => {
            let port = shared.addr().port();
            Response::json(
                200,
                &json!({"ok": true, "url": format!("http://127.0.0.1:{port}"), "cdn_url": format!("http://localhost:{port}")}),
            )
        }
        ("GET", "/_hubsim/requests") => {
            let items: Vec<Value> = shared
                .log
                .snapshot()
                .iter()
                .map(|r| r.to_json(shared.started))
                .collect();
            Response::json(200, &Value::Array(items))
        }
        ("DELETE", "/_hubsim/requests") => {
            shared.log.clear();
            Response::json(200, &json!({"ok": true}))
        }
        ("GET", "/_hubsim/faults") => {
            let items: Vec<Value> = shared.faults.list().iter().map(Fault::to_json).collect();
            Response::json(200, &Value::Array(items))
        }
        ("POST", "/_hubsim/faults") => {
            let parsed: Result<Value, String> =
                serde_json::from_slice(&req.body).map_err(|e| format!("invalid JSON: {e}"));
            let faults: Result<Vec<Fault>, String> = parsed.and_then(|v| match v {
                Value::Array(a) => a.iter().map(Fault::from_json).collect(),
                other => Fault::from_json(&other).map(|f| vec![f]),
            });
            match faults {
                Ok(list) => {
                    let n = list.len();
                    for f in list {
                        shared.faults.add(f);
                    }
                    Response::json(200, &json!({"ok": true, "added": n}))
                }
                Err(e) => error(400, &e),
            }
        }
        ("DELETE", "/_hubsim/faults") => {
            shared.faults.clear();
            Response::json(200, &json!({"ok": true}))
        }
        ("GET", "/_hubsim/clock") => {
            Response::json(200, &json!({"now_ms": shared.store.read().clock_ms}))
        }
        ("POST", "/_hubsim/clock") => {
            let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            let ms = body["advance_ms"].as_u64().or_else(|| {
                body["advance_seconds"]
                    .as_f64()
                    .map(|s| (s.max(0.0) * 1000.0) as u64)
            });
            match ms {
                Some(ms) => match shared.advance_clock(ms) {
                    Ok(now) => Response::json(200, &json!({"ok": true, "now_ms": now})),
                    Err(e) => error(500, &e.to_string()),
                },
                None => error(
                    400,
                    "expected {\"advance_ms\": N} or {\"advance_seconds\": S}",
                ),
            }
        }
        ("POST", "/_hubsim/endpoints/fail") => {
            let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
            match (body["namespace"].as_str(), body["name"].as_str()) {
                (Some(ns), Some(name)) => {
                    let message = body["message"]
                        .as_str()
                        .unwrap_or("Endpoint failed to start");
                    match shared.fail_endpoint(ns, name, message) {
                        Ok(true) => Response::json(200, &json!({"ok": true})),
                        Ok(false) => error(404, "no such endpoint"),
                        Err(e) => error(500, &e.to_string()),
                    }
                }
                _ => error(400, "expected {\"namespace\", \"name\", \"message\"?}"),
            }
        }
        ("POST", "/_hubsim/reset") => match shared.reset() {
            Ok(()) => Response::json(200, &json!({"ok": true})),
            Err(e) => error(500, &e.to_string()),
        },
        _ => error(404, "unknown control route"),
    }
}
