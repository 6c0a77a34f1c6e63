//! `POST /api/validate-yaml`: the card metadata checks the Hub runs before a README.md is
//! committed, for model, dataset and Space cards, answered in the shape Python's
//! `create_commit` reads (`errors[].message`, `warnings[].message`, 400 on errors).

use hubsim::{Config, Server};
use serde_json::{json, Value};

mod common;
use common::{send, send_json, Reply};
use hubsim::seed::{ALICE_WRITE_TOKEN, SPACE};

fn validate(sim: &Server, content: &str, repo_type: Option<&str>) -> Reply {
    let mut body = json!({ "content": content });
    if let Some(t) = repo_type {
        body["repoType"] = json!(t);
    }
    send_json(
        "POST",
        &format!("{}/api/validate-yaml", sim.url()),
        None,
        Some(body),
    )
}

fn messages(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array: {v}"))
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts a card is accepted (200, no errors) and returns its warnings.
fn accepted(sim: &Server, card: &str, repo_type: &str) -> Vec<String> {
    let r = validate(sim, card, Some(repo_type));
    assert_eq!(
        r.status,
        200,
        "{repo_type} card refused: {}\n{card}",
        r.text()
    );
    let v = r.json();
    assert_eq!(messages(&v, "errors"), Vec::<String>::new());
    messages(&v, "warnings")
}

/// Asserts a card is refused in the Hub's shape and returns the error messages.
fn refused(sim: &Server, card: &str, repo_type: &str) -> Vec<String> {
    let r = validate(sim, card, Some(repo_type));
    assert_eq!(
        r.status,
        400,
        "{repo_type} card accepted: {}\n{card}",
        r.text()
    );
    assert_eq!(
        r.header("x-error-message"),
        Some("Invalid metadata in README.md.")
    );
    let v = r.json();
    let errors = messages(&v, "errors");
    assert!(!errors.is_empty());
    assert!(v["error"]
        .as_str()
        .unwrap()
        .starts_with("Invalid metadata in README.md"));
    assert!(v["warnings"].is_array());
    errors
}

fn sim() -> Server {
    Server::start(Config::default()).expect("hubsim starts")
}

#[test]
fn model_cards() {
    let sim = sim();
    let good = "---\nlicense: apache-2.0\nlanguage:\n- en\n- fr\ntags: [text-classification]\n\
                datasets: imdb\nmodel-index:\n- name: tiny\n  results:\n  - task:\n      type: text-classification\n\
                \x20   dataset: {name: IMDb, type: imdb}\n    metrics:\n    - {type: accuracy, value: 0.93}\n---\n# Tiny\n";
    assert!(accepted(&sim, good, "model").is_empty());
    // no metadata at all is fine; so is a repoType left out (model)
    assert!(accepted(&sim, "# just prose\n", "model").is_empty());
    let r = validate(&sim, good, None);
    assert_eq!(r.status, 200, "{}", r.text());
    // invalid YAML, wrong shapes and wrong types
    let syntax = refused(&sim, "---\nlicense: mit\ntags: [a, b\n---\n", "model");
    assert!(syntax[0].starts_with("line "), "{syntax:?}");
    assert_eq!(
        refused(&sim, "---\n- license\n- mit\n---\n", "model"),
        ["metadata must be a mapping (\"key: value\" lines)"]
    );
    assert_eq!(
        refused(&sim, "---\nlicense: {name: mit}\n---\n", "model"),
        ["\"license\" must be a string or an array of strings"]
    );
    assert_eq!(
        refused(
            &sim,
            "---\nmodel-index:\n- name: tiny\n  results: none\n---\n",
            "model"
        ),
        ["\"model-index[0].results\" must be an array"]
    );
    assert_eq!(
        refused(&sim, "---\nmodel-index:\n- results: []\n---\n", "model"),
        ["\"model-index[0].name\" is required"]
    );
    let tabs = refused(&sim, "---\nlicense: mit\n\tbad: indent\n---\n", "model");
    assert_eq!(tabs, ["line 3: tabs are not allowed for indentation"]);
    let unclosed = refused(&sim, "---\nlicense: mit\n", "model");
    assert_eq!(unclosed, ["the metadata block (---) is not closed"]);
}

#[test]
fn dataset_cards() {
    let sim = sim();
    let good = "---\nlicense: cc-by-4.0\ntask_categories: [text-classification]\nconfigs:\n\
                - config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n\
                - config_name: extra\n  data_files: extra/*.csv\n---\n";
    assert!(accepted(&sim, good, "dataset").is_empty());
    assert_eq!(
        refused(&sim, "---\nconfigs:\n- data_files: a.csv\n---\n", "dataset"),
        ["\"configs[0].config_name\" is required"]
    );
    assert_eq!(
        refused(&sim, "---\nconfigs: {config_name: x}\n---\n", "dataset"),
        ["\"configs\" must be an array"]
    );
    assert_eq!(
        refused(&sim, "---\nconfigs:\n- config_name: [a]\n---\n", "dataset"),
        ["\"configs[0].config_name\" must be a string"]
    );
    assert_eq!(
        refused(&sim, "---\nlanguage: [en, 12]\n---\n", "dataset"),
        ["\"language\" must be a string or an array of strings"]
    );
    // `configs` is a dataset field: a model card may carry anything under it
    assert!(accepted(&sim, "---\nconfigs: whatever\n---\n", "model").is_empty());
}

#[test]
fn space_cards() {
    let sim = sim();
    for sdk in ["gradio", "streamlit", "docker", "static"] {
        let card = format!(
            "---\ntitle: Demo\nemoji: 🚀\nsdk: {sdk}\nsdk_version: \"4.19.2\"\napp_file: app.py\npinned: false\n---\n"
        );
        assert!(accepted(&sim, &card, "space").is_empty(), "{sdk}");
    }
    assert_eq!(
        refused(&sim, "---\nsdk: flask\n---\n", "space"),
        ["\"sdk\" must be one of [gradio, streamlit, docker, static]"]
    );
    assert_eq!(
        refused(
            &sim,
            "---\nsdk: gradio\nsdk_version: 4.19\napp_file: [app.py]\n---\n",
            "space"
        ),
        [
            "\"app_file\" must be a string",
            "\"sdk_version\" must be a string"
        ]
    );
    // the same card is no Space card's business for a model
    assert!(accepted(&sim, "---\nsdk: flask\n---\n", "model").is_empty());
}

#[test]
fn empty_metadata_warns_and_bad_requests_are_refused() {
    let sim = sim();
    for t in ["model", "dataset", "space"] {
        let warnings = accepted(&sim, "---\n---\n# card\n", t);
        assert_eq!(warnings.len(), 1, "{t}");
        assert!(warnings[0].starts_with("empty or missing yaml metadata"));
    }
    assert_eq!(validate(&sim, "---\n---\n", Some("kernel")).status, 400);
    let r = send_json(
        "POST",
        &format!("{}/api/validate-yaml", sim.url()),
        None,
        Some(json!({"repoType": "model"})),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn commits_of_an_invalid_card_are_rejected() {
    let sim = sim();
    let head = |sim: &Server| {
        sim.with_state(|s| {
            s.repo(hubsim::store::model::RepoType::Space, SPACE)
                .and_then(|r| r.resolve_rev("main"))
                .map(|c| c.id.clone())
        })
    };
    let commit = |card: &str| {
        let lines = [
            json!({"key": "header", "value": {"summary": "card"}}),
            json!({"key": "file", "value": {"path": "README.md", "content": card, "encoding": "utf-8"}}),
        ];
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        send(
            "POST",
            &format!("{}/api/spaces/{SPACE}/commit/main", sim.url()),
            Some(ALICE_WRITE_TOKEN),
            &[("Content-Type", "application/x-ndjson")],
            Some(body.as_bytes()),
        )
    };
    let before = head(&sim);
    assert!(before.is_some());
    let r = commit("---\nsdk: flask\n---\n# demo\n");
    assert_eq!(r.status, 400, "{}", r.text());
    let message = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("Sorry, your push was rejected during YAML metadata verification:"),
        "{message}"
    );
    assert!(message.contains("\"sdk\" must be one of"), "{message}");
    assert_eq!(head(&sim), before);
    let r = commit("---\nsdk: docker\napp_port: 7860\n---\n# demo\n");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_ne!(head(&sim), before);
}
