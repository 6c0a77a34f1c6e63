//! Calls any operation by its Python name, configured from the environment
//! (`HF_ENDPOINT`, `HF_TOKEN`, ...), and prints the result as JSON.
//!
//! ```text
//! cargo run --example call -- model_info '{"repo_id": "openai-community/gpt2"}'
//! echo '{"method": "whoami", "args": {}}' | cargo run --example call -- --batch
//! ```
//!
//! `HFHUB_INFERENCE_ENDPOINTS_URL`, when set, replaces the Inference Endpoints API
//! base URL (the interop suite points it at hubsim).
//!
//! With `--batch`, each line of standard input is `{"method": ..., "args": {...}}`
//! and each line of output is `{"ok": <result>}` or `{"error": {...}}`. Without it,
//! the result is printed and a failure exits with status 1 after printing the error.

use std::io::{BufRead, Write};

use serde_json::{json, Value};

fn error_json(e: &hfhub::Error) -> Value {
    let http = e.http();
    json!({
        "kind": e.kind().as_str(),
        "message": e.to_string(),
        "status": http.map(|h| h.status),
        "request_id": http.and_then(|h| h.request_id.clone()),
        "error_code": http.and_then(|h| h.error_code.clone()),
        "server_message": http.and_then(|h| h.server_message.clone()),
    })
}

fn run(client: &hfhub::Client, method: &str, args: Value) -> Value {
    match hfhub::dispatch::call(client, method, args) {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": error_json(&e) }),
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let client = match hfhub::Client::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", error_json(&e));
            std::process::exit(2);
        }
    };
    // Test harnesses (tests/interop) point the Inference Endpoints API at hubsim.
    let client = match std::env::var("HFHUB_INFERENCE_ENDPOINTS_URL") {
        Ok(url) if !url.is_empty() => {
            match hfhub::ClientBuilder::from_env()
                .and_then(|b| b.inference_endpoints_url(url).build())
            {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{}", error_json(&e));
                    std::process::exit(2);
                }
            }
        }
        _ => client,
    };
    if argv.first().map(String::as_str) == Some("--batch") {
        let stdout = std::io::stdout();
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            let out = match serde_json::from_str::<Value>(&line) {
                Ok(req) => {
                    let method = req["method"].as_str().unwrap_or_default().to_owned();
                    run(
                        &client,
                        &method,
                        req.get("args").cloned().unwrap_or(Value::Null),
                    )
                }
                Err(e) => json!({ "error": { "kind": "InvalidInput", "message": e.to_string() } }),
            };
            let mut lock = stdout.lock();
            let _ = writeln!(lock, "{out}");
            let _ = lock.flush();
        }
        return;
    }
    let Some(method) = argv.first() else {
        eprintln!("usage: call METHOD [ARGS_JSON] | call --batch");
        std::process::exit(2);
    };
    let args = match argv.get(1).map(|a| serde_json::from_str(a)) {
        None => Value::Null,
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            eprintln!("invalid JSON arguments: {e}");
            std::process::exit(2);
        }
    };
    match run(&client, method, args) {
        Value::Object(mut m) if m.contains_key("ok") => {
            println!(
                "{}",
                serde_json::to_string_pretty(&m.remove("ok").unwrap_or(Value::Null))
                    .unwrap_or_default()
            );
        }
        other => {
            eprintln!("{other}");
            std::process::exit(1);
        }
    }
}
