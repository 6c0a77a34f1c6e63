//! Fault injection: rules matched on method and path prefix before routing.

use crate::http::{lock, Delivery};
use base64::Engine;
use serde_json::{json, Map, Value};
use std::sync::Mutex;
use std::time::Duration;

/// What a matching request gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer this instead of routing (`X-Request-Id` is still added).
    Status {
        /// Status code.
        status: u16,
        /// Headers to send.
        headers: Vec<(String, String)>,
        /// Body.
        body: Vec<u8>,
    },
    /// Route normally, send the headers and `bytes` bytes of the body, then close the connection.
    DropAfter {
        /// Body bytes sent before the cut.
        bytes: u64,
    },
    /// Route normally but flip the bits of the body byte at `offset`.
    Corrupt {
        /// Offset of the damaged byte.
        offset: u64,
    },
    /// Route normally but send the body at most this fast.
    Throttle {
        /// Bandwidth cap.
        bytes_per_second: u64,
    },
    /// Route normally but wait before answering.
    Delay {
        /// Wait in milliseconds.
        millis: u64,
    },
}

/// A fault rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Only this method (case-insensitive); `None` = any.
    pub method: Option<String>,
    /// Raw request path prefix (as sent, percent-encoding preserved), e.g. `/api/models`.
    pub path_prefix: String,
    /// How many requests it applies to; `None` = forever.
    pub times: Option<u32>,
    /// What happens.
    pub action: FaultAction,
}

impl Fault {
    /// A fault answering `status` with an empty body on every matching request.
    pub fn status(path_prefix: &str, status: u16) -> Fault {
        Fault {
            method: None,
            path_prefix: path_prefix.to_string(),
            times: None,
            action: FaultAction::Status {
                status,
                headers: Vec::new(),
                body: Vec::new(),
            },
        }
    }

    /// Limits the fault to `n` requests.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = Some(n);
        self
    }

    /// Limits the fault to one method.
    pub fn method(mut self, m: &str) -> Fault {
        self.method = Some(m.to_string());
        self
    }

    /// Parses the JSON form used by `POST /_hubsim/faults`:
    /// `{"method"?, "path_prefix", "times"?, "action": {"type": "status", "status", "headers"?,
    /// "body"? | "body_base64"? | "json"?} | {"type": "drop_after", "bytes"} | {"type": "corrupt",
    /// "offset"} | {"type": "throttle", "bytes_per_second"} | {"type": "delay", "millis"}}`.
    pub fn from_json(v: &Value) -> Result<Fault, String> {
        let obj = v.as_object().ok_or("fault must be a JSON object")?;
        let path_prefix = obj
            .get("path_prefix")
            .and_then(Value::as_str)
            .ok_or("\"path_prefix\" (string) is required")?
            .to_string();
        let method = obj
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        let times = match obj.get("times") {
            None | Some(Value::Null) => None,
            Some(t) => Some(t.as_u64().ok_or("\"times\" must be a number")? as u32),
        };
        let action = obj.get("action").ok_or("\"action\" is required")?;
        let kind = action
            .get("type")
            .and_then(Value::as_str)
            .ok_or("\"action.type\" is required")?;
        let num = |k: &str| {
            action
                .get(k)
                .and_then(Value::as_u64)
                .ok_or(format!("\"action.{k}\" (number) is required"))
        };
        let action = match kind {
            "status" => {
                let status = num("status")? as u16;
                let headers = match action.get("headers") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Object(m)) => m
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(|p| {
                            Some((
                                p.get(0)?.as_str()?.to_string(),
                                p.get(1)?.as_str()?.to_string(),
                            ))
                        })
                        .collect(),
                    Some(_) => return Err("\"action.headers\" must be an object or pairs".into()),
                };
                let body = if let Some(b) = action.get("body").and_then(Value::as_str) {
                    b.as_bytes().to_vec()
                } else if let Some(b) = action.get("body_base64").and_then(Value::as_str) {
                    base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .map_err(|e| format!("bad body_base64: {e}"))?
                } else if let Some(j) = action.get("json") {
                    j.to_string().into_bytes()
                } else {
                    Vec::new()
                };
                FaultAction::Status {
                    status,
                    headers,
                    body,
                }
            }
            "drop_after" => FaultAction::DropAfter {
                bytes: num("bytes")?,
            },
            "corrupt" => FaultAction::Corrupt {
                offset: num("offset")?,
            },
            "throttle" => FaultAction::Throttle {
                bytes_per_second: num("bytes_per_second")?.max(1),
            },
            "delay" => FaultAction::Delay {
                millis: num("millis")?,
            },
            other => return Err(format!("unknown action type {other:?}")),
        };
        Ok(Fault {
            method,
            path_prefix,
            times,
            action,
        })
    }

    /// The JSON form (inverse of [`Fault::from_json`]).
    pub fn to_json(&self) -> Value {
        let action = match &self.action {
            FaultAction::Status {
                status,
                headers,
                body,
            } => {
                let mut m = Map::new();
                m.insert("type".into(), json!("status"));
                m.insert("status".into(), json!(status));
                m.insert("headers".into(), json!(headers));
                match std::str::from_utf8(body) {
                    Ok(s) => m.insert("body".into(), json!(s)),
                    Err(_) => m.insert(
                        "body_base64".into(),
                        json!(base64::engine::general_purpose::STANDARD.encode(body)),
                    ),
                };
                Value::Object(m)
            }
            FaultAction::DropAfter { bytes } => json!({"type": "drop_after", "bytes": bytes}),
            FaultAction::Corrupt { offset } => json!({"type": "corrupt", "offset": offset}),
            FaultAction::Throttle { bytes_per_second } => {
                json!({"type": "throttle", "bytes_per_second": bytes_per_second})
            }
            FaultAction::Delay { millis } => json!({"type": "delay", "millis": millis}),
        };
        json!({"method": self.method, "path_prefix": self.path_prefix, "times": self.times, "action": action})
    }
}

impl FaultAction {
    /// The delivery change of a non-`Status` action.
    pub fn delivery(&self) -> Delivery {
        let mut d = Delivery::default();
        match self {
            FaultAction::Status { .. } => {}
            FaultAction::DropAfter { bytes } => d.drop_after = Some(*bytes),
            FaultAction::Corrupt { offset } => d.corrupt_at = Some(*offset),
            FaultAction::Throttle { bytes_per_second } => {
                d.bytes_per_second = Some(*bytes_per_second)
            }
            FaultAction::Delay { millis } => d.delay = Some(Duration::from_millis(*millis)),
        }
        d
    }
}

/// The active faults; the first matching rule wins and is used up when its count runs out.
#[derive(Default)]
pub struct Faults {
    rules: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Adds a rule (after the existing ones).
    pub fn add(&self, fault: Fault) {
        lock(&self.rules).push(fault);
    }

    /// Removes every rule.
    pub fn clear(&self) {
        lock(&self.rules).clear();
    }

    /// The current rules.
    pub fn list(&self) -> Vec<Fault> {
        lock(&self.rules).clone()
    }

    /// Finds (and counts down) the rule for a request.
    pub fn take(&self, method: &str, path: &str) -> Option<FaultAction> {
        let mut rules = lock(&self.rules);
        let i = rules.iter().position(|f| {
            f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && path.starts_with(&f.path_prefix)
        })?;
        let action = rules[i].action.clone();
        if let Some(t) = rules[i].times.as_mut() {
            *t = t.saturating_sub(1);
            if *t == 0 {
                rules.remove(i);
            }
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_counting() {
        let v = json!({"method": "GET", "path_prefix": "/api/models", "times": 2,
                       "action": {"type": "status", "status": 503, "headers": {"Retry-After": "1"}, "body": "busy"}});
        let f = Fault::from_json(&v).unwrap();
        assert_eq!(Fault::from_json(&f.to_json()).unwrap(), f);
        let faults = Faults::default();
        faults.add(f);
        assert!(faults.take("POST", "/api/models").is_none());
        assert!(faults.take("get", "/api/models/x").is_some());
        assert!(faults.take("GET", "/api/models").is_some());
        assert!(faults.take("GET", "/api/models").is_none());
    }
}
