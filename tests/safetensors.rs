//! Safetensors metadata against hubsim: single file, sharded checkpoint, long
//! headers (second range request), oversized headers, non-safetensors repos.

mod common;

use hfhub::{ErrorKind, SafetensorsOptions};
use hubsim::seed::{MODEL, SHARDED_MODEL};
use hubsim::{Config, Seed};
use serde_json::json;

fn o() -> SafetensorsOptions {
    SafetensorsOptions::default()
}

/// Requests to the Hub (the CDN hop of LFS files left out).
fn hub_targets(sim: &hubsim::Server) -> Vec<(String, Option<String>)> {
    sim.requests()
        .iter()
        .filter(|r| !r.path.starts_with("/_cdn/"))
        .map(|r| {
            (
                format!("{} {}", r.method, r.target()),
                r.header("range").map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn a_single_file_in_one_ranged_request() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let m = c.get_safetensors_metadata(MODEL, &o()).unwrap();
    assert!(!m.sharded);
    assert_eq!(m.parameter_count.get("F32"), Some(&64));
    assert_eq!(m.parameter_count.get("F16"), Some(&4));
    assert_eq!(m.weight_map.len(), 3);
    assert!(m.weight_map.values().all(|f| f == "model.safetensors"));
    let f = &m.files_metadata["model.safetensors"];
    assert_eq!(f.metadata.get("format").map(String::as_str), Some("pt"));
    assert_eq!(f.tensors["lm_head.weight"].shape, [8, 4]);
    assert_eq!(f.tensors["transformer.ln_f.bias"].dtype, "F16");
    assert_eq!(
        hub_targets(&sim),
        [(
            format!("GET /{MODEL}/resolve/main/model.safetensors"),
            Some("bytes=0-100000".to_owned())
        )]
    );
    // The redirected request keeps its range and drops nothing else.
    let cdn: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/_cdn/"))
        .collect();
    assert_eq!(cdn.len(), 1);
    assert_eq!(cdn[0].header("range"), Some("bytes=0-100000"));
    assert_eq!(cdn[0].status, Some(206));

    let direct = c
        .parse_safetensors_file_metadata(MODEL, "model.safetensors", &o())
        .unwrap();
    assert_eq!(&direct, f);
}

#[test]
fn a_sharded_checkpoint() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let m = c.get_safetensors_metadata(SHARDED_MODEL, &o()).unwrap();
    assert!(m.sharded);
    assert_eq!(m.parameter_count.get("F32"), Some(&320));
    assert_eq!(m.parameter_count.get("BF16"), Some(&64));
    assert_eq!(m.weight_map.len(), 4);
    assert_eq!(m.files_metadata.len(), 2);
    assert_eq!(m.metadata.as_ref().unwrap()["total_size"], json!(1408));
    let t = hub_targets(&sim);
    assert_eq!(t.len(), 4, "{t:?}");
    assert_eq!(
        t[1].0,
        format!("GET /{SHARDED_MODEL}/resolve/main/model.safetensors.index.json")
    );
    assert_eq!(t[2].1.as_deref(), Some("bytes=0-100000"));
}

#[test]
fn not_a_safetensors_repo() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let err = c
        .get_safetensors_metadata(
            hubsim::seed::DATASET,
            &SafetensorsOptions {
                repo_type: Some(hfhub::RepoType::Dataset),
                revision: None,
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotASafetensorsRepo, "{err}");
    let err = c
        .get_safetensors_metadata("nobody/nothing", &o())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RepoNotFound);
    let err = c
        .parse_safetensors_file_metadata(MODEL, "config.json", &o())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SafetensorsParsing, "{err}");
}

fn seed_with_big_headers() -> hubsim::Server {
    let mut seed = hubsim::seed::default_seed();
    let tensors: Vec<_> = (0..2000)
        .map(|i| json!({"name": format!("model.layers.{i:05}.self_attn.q_proj.weight"), "dtype": "F32", "shape": [1]}))
        .collect();
    seed["repos"].as_array_mut().unwrap().push(json!({
        "type": "model", "id": "alice/long-header",
        "commits": [{"title": "weights", "files": {
            "model.safetensors": {"safetensors": {"metadata": {"format": "pt"}, "tensors": tensors}},
            // A header length of 30,000,000 bytes: over the limit.
            "huge.safetensors": {"base64": "gMPJAQAAAAB7fQ==", "lfs": true},
            "tiny.safetensors": {"base64": "AQI=", "lfs": true}
        }}]
    }));
    common::sim_with(Config::default().seed(Seed::Json(seed)))
}

#[test]
fn a_long_header_takes_a_second_range_and_oversized_ones_are_refused() {
    let sim = seed_with_big_headers();
    let c = common::client(&sim, None);
    let m = c
        .parse_safetensors_file_metadata("alice/long-header", "model.safetensors", &o())
        .unwrap();
    assert_eq!(m.tensors.len(), 2000);
    assert_eq!(m.parameter_count.get("F32"), Some(&2000));
    let t = hub_targets(&sim);
    assert_eq!(t.len(), 2, "{t:?}");
    let second = t[1].1.clone().unwrap();
    let end: u64 = second.strip_prefix("bytes=8-").unwrap().parse().unwrap();
    assert!(end > 100_000, "{second}");

    sim.clear_requests();
    let err = c
        .parse_safetensors_file_metadata("alice/long-header", "huge.safetensors", &o())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SafetensorsParsing);
    assert!(err.to_string().contains("30000000"), "{err}");
    assert_eq!(hub_targets(&sim).len(), 1, "no second request");

    let err = c
        .parse_safetensors_file_metadata("alice/long-header", "tiny.safetensors", &o())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SafetensorsParsing);
}

#[test]
fn dispatch_names() {
    let sim = common::sim();
    let c = common::client(&sim, None);
    let v = hfhub::dispatch::call(
        &c,
        "get_safetensors_metadata",
        json!({"repo_id": SHARDED_MODEL, "revision": "main"}),
    )
    .unwrap();
    assert_eq!(v["sharded"], json!(true));
    assert_eq!(v["parameter_count"]["BF16"], json!(64));
    let v = hfhub::dispatch::call(
        &c,
        "parse_safetensors_file_metadata",
        json!({"repo_id": MODEL, "filename": "model.safetensors"}),
    )
    .unwrap();
    assert_eq!(v["tensors"]["lm_head.weight"]["parameter_count"], json!(32));
}
