//! The default seed and its constants (documented in `tests/hubsim/README.md`).

use super::content::readme;
use serde_json::{json, Value};

/// User `alice`: owns most repos, admin of `acme`.
pub const ALICE: &str = "alice";
/// User `bob`: `write` member of `acme`, approved for `alice/gated-dataset`, pending for
/// `alice/gated-model`.
pub const BOB: &str = "bob";
/// User `carol`: no org, approved for `alice/gated-model`.
pub const CAROL: &str = "carol";
/// Organisation `acme` (alice admin, bob write).
pub const ORG: &str = "acme";

/// alice's write token.
pub const ALICE_WRITE_TOKEN: &str = "hf_hubsimAliceWrite000000000000000000";
/// alice's read token.
pub const ALICE_READ_TOKEN: &str = "hf_hubsimAliceRead0000000000000000000";
/// bob's write token.
pub const BOB_WRITE_TOKEN: &str = "hf_hubsimBobWrite00000000000000000000";
/// bob's read token.
pub const BOB_READ_TOKEN: &str = "hf_hubsimBobRead000000000000000000000";
/// carol's read token.
pub const CAROL_READ_TOKEN: &str = "hf_hubsimCarolRead0000000000000000000";
/// A well-formed token that is not registered (→ 401 "Invalid credentials").
pub const INVALID_TOKEN: &str = "hf_hubsimInvalidToken0000000000000000";

/// Public model with history: 4 commits on `main`, branch `dev`, tag `v1.0`, `refs/pr/1`.
pub const MODEL: &str = "alice/tiny-model";
/// Public model with a sharded safetensors checkpoint (`model.safetensors.index.json`).
pub const SHARDED_MODEL: &str = "acme/sharded-model";
/// alice's private model.
pub const PRIVATE_MODEL: &str = "alice/private-model";
/// acme's private model (visible to alice and bob).
pub const ORG_PRIVATE_MODEL: &str = "acme/internal-model";
/// Gated (`manual`) model; carol is approved, bob's request is pending.
pub const GATED_MODEL: &str = "alice/gated-model";
/// Disabled model (every access → 403).
pub const DISABLED_MODEL: &str = "alice/disabled-model";
/// Public dataset: tag `v1.0`, `refs/pr/1`, `refs/convert/parquet`.
pub const DATASET: &str = "alice/tiny-dataset";
/// acme's private dataset.
pub const PRIVATE_DATASET: &str = "acme/private-dataset";
/// Gated (`auto`) dataset; bob is approved.
pub const GATED_DATASET: &str = "alice/gated-dataset";
/// Public gradio Space linked to `MODEL` and `DATASET`.
pub const SPACE: &str = "alice/demo-space";
/// acme's private streamlit Space.
pub const PRIVATE_SPACE: &str = "acme/private-space";
/// bob's public static Space.
pub const STATIC_SPACE: &str = "bob/static-space";
/// alice's public collection (5 items: model, dataset, Space, paper, model).
pub const COLLECTION: &str = "alice/tiny-picks-65c0ffee00000000000000a1";
/// acme's private collection (visible to alice and bob).
pub const ORG_PRIVATE_COLLECTION: &str = "acme/internal-65c0ffee00000000000000a2";
/// bob's public collection (a model and [`COLLECTION`]).
pub const BOB_COLLECTION: &str = "bob/bert-and-friends-65c0ffee00000000000000a3";
/// The item object id (`_id`) of `alice/tiny-model` in [`COLLECTION`].
pub const COLLECTION_MODEL_ITEM: &str = "65c0ffee00000000000000b1";

/// Every model listed to an anonymous caller (public, including gated and disabled), by id.
pub const PUBLIC_MODELS: &[&str] = &[
    "acme/sharded-model",
    "acme/text-classifier",
    "acme/whisper-toy",
    "alice/disabled-model",
    "alice/gated-model",
    "alice/tiny-model",
    "bob/bert-tiny",
    "bob/gpt-mini",
    "carol/resnet-toy",
];

/// `MODEL`'s small valid safetensors file (LFS).
pub const MODEL_SAFETENSORS: &str = "model.safetensors";
/// `MODEL`'s generated LFS file of [`MODEL_BIG_SIZE`] bytes (for range and resume tests).
pub const MODEL_BIG_FILE: &str = "weights/big.bin";
/// Size of [`MODEL_BIG_FILE`].
pub const MODEL_BIG_SIZE: u64 = 3 * 1024 * 1024;
/// Content of `MODEL`'s `config.json` on `main` (a regular file).
pub const MODEL_CONFIG_JSON: &str = "{\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"model_type\": \"gpt2\",\n  \"n_embd\": 4,\n  \"n_layer\": 1,\n  \"vocab_size\": 8\n}\n";

/// The Hub's default `.gitattributes` (the first file of every new repo).
pub const GITATTRIBUTES: &str = "*.7z filter=lfs diff=lfs merge=lfs -text\n*.arrow filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n*.gguf filter=lfs diff=lfs merge=lfs -text\n*.h5 filter=lfs diff=lfs merge=lfs -text\n*.msgpack filter=lfs diff=lfs merge=lfs -text\n*.onnx filter=lfs diff=lfs merge=lfs -text\n*.parquet filter=lfs diff=lfs merge=lfs -text\n*.pt filter=lfs diff=lfs merge=lfs -text\n*.pth filter=lfs diff=lfs merge=lfs -text\n*.safetensors filter=lfs diff=lfs merge=lfs -text\n*.zip filter=lfs diff=lfs merge=lfs -text\n*tfevents* filter=lfs diff=lfs merge=lfs -text\n";

fn tensors(list: &[(&str, &str, &[u64])]) -> Value {
    Value::Array(
        list.iter()
            .map(|(n, d, s)| json!({"name": n, "dtype": d, "shape": s}))
            .collect(),
    )
}

fn simple_model(
    id: &str,
    created: &str,
    card: Value,
    library: &str,
    pipeline: &str,
    downloads: u64,
    config: Value,
) -> Value {
    let name = id.split('/').nth(1).unwrap_or(id);
    json!({
        "type": "model", "id": id, "createdAt": created, "downloads": downloads,
        "library_name": library, "pipeline_tag": pipeline, "cardData": card.clone(),
        "commits": [{
            "title": "Initial commit", "date": created,
            "files": {
                ".gitattributes": GITATTRIBUTES,
                "README.md": readme(&card, &format!("# {name}\n\nA small model for tests.\n")),
                "config.json": {"json": config},
                "model.safetensors": {"safetensors": {"metadata": {"format": "pt"},
                    "tensors": tensors(&[("weight", "F32", &[4, 4]), ("bias", "F32", &[4])])}},
            }
        }]
    })
}

/// The default seed as seed JSON (see [`super::SeedSpec`]).
pub fn default_seed() -> Value {
    let model_card = json!({
        "license": "mit", "language": ["en"], "library_name": "transformers",
        "pipeline_tag": "text-generation", "tags": ["gpt2", "tiny"], "datasets": ["alice/tiny-dataset"],
    });
    let model_card_v2 = json!({
        "license": "mit", "language": ["en"], "library_name": "transformers",
        "pipeline_tag": "text-generation", "tags": ["gpt2", "tiny"], "datasets": ["alice/tiny-dataset"],
        "widget": [{"text": "Hello, my name is"}],
    });
    let tiny_tensors = json!({"metadata": {"format": "pt"}, "tensors": tensors(&[
        ("lm_head.weight", "F32", &[8, 4]),
        ("transformer.wte.weight", "F32", &[8, 4]),
        ("transformer.ln_f.bias", "F16", &[4]),
    ])});
    let shard1 = json!({"metadata": {"format": "pt"}, "tensors": tensors(&[
        ("embed.weight", "F32", &[16, 8]), ("layers.0.weight", "F32", &[8, 8]),
    ])});
    let shard2 = json!({"metadata": {"format": "pt"}, "tensors": tensors(&[
        ("layers.1.weight", "BF16", &[8, 8]), ("lm_head.weight", "F32", &[16, 8]),
    ])});
    // 16*8*4 + 8*8*4 + 8*8*2 + 16*8*4
    let sharded_total = 512 + 256 + 128 + 512;
    let dataset_card = json!({
        "license": "mit", "language": ["en"], "task_categories": ["text-classification"],
        "size_categories": ["n<1K"], "pretty_name": "Tiny Dataset",
        "configs": [{"config_name": "default", "data_files": [
            {"split": "train", "path": "data/train.csv"}, {"split": "test", "path": "data/test.csv"}]}],
    });
    let space_card = json!({
        "title": "Demo", "emoji": "🚀", "colorFrom": "blue", "colorTo": "green", "sdk": "gradio",
        "sdk_version": "4.19.2", "app_file": "app.py", "pinned": false, "license": "mit",
    });
    let gated_card = json!({
        "license": "other", "extra_gated_prompt": "You agree to use this model for tests only.",
        "library_name": "transformers",
    });
    json!({
        "users": [
            {"name": "alice", "fullname": "Alice Example", "email": "alice@example.com", "isPro": true,
             "createdAt": "2023-01-02T10:00:00.000Z", "details": "Maker of tiny models.", "following": ["bob"]},
            {"name": "bob", "fullname": "Bob Example", "email": "bob@example.com",
             "createdAt": "2023-02-03T10:00:00.000Z", "following": ["alice"]},
            {"name": "carol", "fullname": "Carol Example", "email": "carol@example.com",
             "createdAt": "2023-03-04T10:00:00.000Z", "following": ["alice", "bob"]},
        ],
        "orgs": [{"name": "acme", "fullname": "ACME Corp", "members": {"alice": "admin", "bob": "write"}}],
        "tokens": [
            {"token": ALICE_WRITE_TOKEN, "user": "alice", "role": "write", "displayName": "alice-ci", "createdAt": "2024-01-01T00:00:00.000Z"},
            {"token": ALICE_READ_TOKEN, "user": "alice", "role": "read", "displayName": "alice-laptop", "createdAt": "2024-01-02T00:00:00.000Z"},
            {"token": BOB_WRITE_TOKEN, "user": "bob", "role": "write", "displayName": "bob-ci", "createdAt": "2024-01-03T00:00:00.000Z"},
            {"token": BOB_READ_TOKEN, "user": "bob", "role": "read", "displayName": "bob-laptop", "createdAt": "2024-01-04T00:00:00.000Z"},
            {"token": CAROL_READ_TOKEN, "user": "carol", "role": "read", "displayName": "carol", "createdAt": "2024-01-05T00:00:00.000Z"},
        ],
        "repos": [
            {
                "type": "model", "id": MODEL, "createdAt": "2024-01-10T09:00:00.000Z",
                "downloads": 1234, "trendingScore": 12, "tags": ["safetensors", "onnx", "gpt2"],
                "library_name": "transformers", "pipeline_tag": "text-generation", "cardData": model_card_v2,
                "extra": {"widgetData": [{"text": "Hello, my name is"}],
                          "transformersInfo": {"auto_model": "AutoModelForCausalLM", "pipeline_tag": "text-generation", "processor": "AutoTokenizer"}},
                "commits": [
                    {"title": "Initial commit", "author": "alice", "date": "2024-01-10T09:00:00.000Z",
                     "files": {".gitattributes": GITATTRIBUTES,
                               "README.md": readme(&model_card, "# Tiny model\n\nA tiny GPT-2 for tests.\n")}},
                    {"title": "Add config and weights", "message": "Weights are random.", "author": "alice",
                     "date": "2024-01-11T10:00:00.000Z", "tags": ["v1.0"],
                     "files": {"config.json": MODEL_CONFIG_JSON,
                               "model.safetensors": {"safetensors": tiny_tensors},
                               "tokenizer.json": {"json": {"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []}}}}},
                    {"title": "Add ONNX export", "author": "alice", "date": "2024-01-12T11:00:00.000Z",
                     "files": {"onnx/model.onnx": {"generate": {"size": 65536, "seed": 3}},
                               "onnx/config.json": {"json": {"opset": 17}},
                               "onnx/sub dir/notes.txt": "Exported with optimum.\n"}},
                    {"title": "Update README.md", "message": "Add a widget example and big weights.", "authors": ["alice", "bob"],
                     "date": "2024-01-15T12:00:00.000Z",
                     "files": {"README.md": readme(&model_card_v2, "# Tiny model\n\nA tiny GPT-2 for tests.\n\n## Usage\n\nLoad it with transformers.\n"),
                               "weights/big.bin": {"generate": {"size": MODEL_BIG_SIZE, "seed": 4}},
                               "special/a b#c.txt": "a file with a space and a hash in its name\n",
                               "empty.txt": ""}},
                    {"title": "Experiment on dev", "branch": "dev", "author": "alice", "date": "2024-01-16T08:00:00.000Z",
                     "files": {"config.json": "{\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"model_type\": \"gpt2\",\n  \"n_embd\": 4,\n  \"n_layer\": 2,\n  \"vocab_size\": 8\n}\n",
                               "dev-notes.md": "Trying two layers.\n"}},
                    {"title": "Add pytorch weights", "ref": "refs/pr/1", "author": "bob", "date": "2024-01-17T08:00:00.000Z",
                     "files": {"pytorch_model.bin": {"generate": {"size": 4096, "seed": 5}}}},
                ],
            },
            {
                "type": "model", "id": SHARDED_MODEL, "createdAt": "2024-01-20T09:00:00.000Z",
                "downloads": 50, "trendingScore": 3, "library_name": "transformers", "pipeline_tag": "text-generation",
                "cardData": {"license": "apache-2.0", "language": ["en"]},
                "commits": [
                    {"title": "Initial commit", "author": "alice",
                     "files": {".gitattributes": GITATTRIBUTES,
                               "README.md": readme(&json!({"license": "apache-2.0", "language": ["en"]}), "# Sharded model\n")}},
                    {"title": "Upload sharded weights", "author": "bob",
                     "files": {"config.json": {"json": {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}},
                               "model.safetensors.index.json": {"json": {"metadata": {"total_size": sharded_total}, "weight_map": {
                                   "embed.weight": "model-00001-of-00002.safetensors",
                                   "layers.0.weight": "model-00001-of-00002.safetensors",
                                   "layers.1.weight": "model-00002-of-00002.safetensors",
                                   "lm_head.weight": "model-00002-of-00002.safetensors"}}},
                               "model-00001-of-00002.safetensors": {"safetensors": shard1},
                               "model-00002-of-00002.safetensors": {"safetensors": shard2}}},
                ],
            },
            {
                "type": "model", "id": PRIVATE_MODEL, "private": true, "createdAt": "2024-02-01T09:00:00.000Z",
                "library_name": "transformers",
                "commits": [
                    {"title": "Initial commit", "files": {".gitattributes": GITATTRIBUTES, "README.md": "# Private\n"}},
                    {"title": "Add config", "files": {"config.json": {"json": {"model_type": "bert"}}}},
                ],
            },
            {
                "type": "model", "id": ORG_PRIVATE_MODEL, "private": true, "createdAt": "2024-02-02T09:00:00.000Z",
                "library_name": "transformers", "pipeline_tag": "text-classification",
                "commits": [{"title": "Initial commit", "author": "bob",
                             "files": {"README.md": "# Internal\n", "config.json": {"json": {"model_type": "bert"}}}}],
            },
            {
                "type": "model", "id": GATED_MODEL, "gated": "manual", "approved": ["carol"],
                "accessRequests": [{"user": "bob", "timestamp": "2024-02-10T09:00:00.000Z",
                                    "fields": {"company": "ACME", "use_case": "research"}}],
                "createdAt": "2024-02-03T09:00:00.000Z", "downloads": 77, "library_name": "transformers",
                "pipeline_tag": "text-generation", "cardData": gated_card,
                "commits": [{"title": "Initial commit",
                             "files": {".gitattributes": GITATTRIBUTES,
                                       "README.md": readme(&gated_card, "# Gated model\n"),
                                       "config.json": {"json": {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}},
                                       "model.safetensors": {"safetensors": {"metadata": {"format": "pt"},
                                           "tensors": tensors(&[("w", "F32", &[2, 2])])}}}}],
            },
            {
                "type": "model", "id": DISABLED_MODEL, "disabled": true, "createdAt": "2024-02-04T09:00:00.000Z",
                "commits": [{"title": "Initial commit", "files": {"README.md": "# Disabled\n"}}],
            },
            simple_model("bob/bert-tiny", "2024-01-05T09:00:00.000Z", json!({"license": "apache-2.0", "language": ["en"]}),
                         "transformers", "fill-mask", 5000, json!({"architectures": ["BertForMaskedLM"], "model_type": "bert"})),
            simple_model("bob/gpt-mini", "2024-01-06T09:00:00.000Z", json!({"license": "mit", "language": ["en", "fr"]}),
                         "transformers", "text-generation", 300, json!({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"})),
            simple_model("carol/resnet-toy", "2024-01-07T09:00:00.000Z", json!({"license": "apache-2.0", "tags": ["image-classification"]}),
                         "timm", "image-classification", 42, json!({"architecture": "resnet18", "num_classes": 10})),
            simple_model("acme/text-classifier", "2024-01-08T09:00:00.000Z",
                         json!({"license": "mit", "language": ["en"], "datasets": ["alice/tiny-dataset"]}),
                         "transformers", "text-classification", 900, json!({"architectures": ["BertForSequenceClassification"], "model_type": "bert"})),
            simple_model("acme/whisper-toy", "2024-01-09T09:00:00.000Z", json!({"license": "apache-2.0", "language": ["en", "de"]}),
                         "transformers", "automatic-speech-recognition", 10, json!({"architectures": ["WhisperForConditionalGeneration"], "model_type": "whisper"})),
            {
                "type": "dataset", "id": DATASET, "createdAt": "2024-01-05T12:00:00.000Z", "downloads": 321,
                "trendingScore": 5, "cardData": dataset_card,
                "extra": {"description": "A tiny dataset for tests.", "citation": "@misc{tiny, title={Tiny}}", "paperswithcode_id": null},
                "commits": [
                    {"title": "Initial commit", "author": "alice", "date": "2024-01-05T12:00:00.000Z", "tags": ["v1.0"],
                     "files": {".gitattributes": GITATTRIBUTES,
                               "README.md": readme(&dataset_card, "# Tiny dataset\n"),
                               "data/train.csv": "text,label\nhello,1\nbye,0\n",
                               "data/test.csv": "text,label\nhi,1\n"}},
                    {"title": "Add parquet export", "author": "alice",
                     "files": {"data/train.parquet": {"generate": {"size": 2048, "seed": 11}}}},
                    {"title": "Update README.md", "author": "alice",
                     "files": {"README.md": readme(&dataset_card, "# Tiny dataset\n\nTwo splits.\n")}},
                    {"title": "Update parquet files", "ref": "refs/convert/parquet", "orphan": true, "author": "parquet-converter",
                     "files": {"default/train/0000.parquet": {"generate": {"size": 1024, "seed": 12}},
                               "default/test/0000.parquet": {"generate": {"size": 512, "seed": 13}}}},
                    {"title": "Fix typo in README", "ref": "refs/pr/1", "author": "bob",
                     "files": {"README.md": readme(&dataset_card, "# Tiny dataset\n\nTwo splits (train, test).\n")}},
                ],
            },
            {
                "type": "dataset", "id": PRIVATE_DATASET, "private": true, "createdAt": "2024-02-05T12:00:00.000Z",
                "commits": [{"title": "Initial commit", "author": "alice",
                             "files": {"README.md": "# Private dataset\n", "data.jsonl": "{\"a\": 1}\n"}}],
            },
            {
                "type": "dataset", "id": GATED_DATASET, "gated": "auto", "approved": ["bob"],
                "createdAt": "2024-02-06T12:00:00.000Z", "downloads": 8,
                "cardData": {"license": "cc-by-4.0", "extra_gated_prompt": "Share your contact information."},
                "commits": [{"title": "Initial commit",
                             "files": {"README.md": "# Gated dataset\n", "data/train.csv": "x\n1\n"}}],
            },
            {
                "type": "space", "id": SPACE, "createdAt": "2024-01-18T12:00:00.000Z", "trendingScore": 7,
                "sdk": "gradio", "cardData": space_card, "models": [MODEL], "datasets": [DATASET],
                "commits": [
                    {"title": "Initial commit", "author": "alice",
                     "files": {".gitattributes": GITATTRIBUTES, "README.md": readme(&space_card, "# Demo\n")}},
                    {"title": "Add app", "author": "alice",
                     "files": {"app.py": "import gradio as gr\n\ngr.Interface(lambda x: x, \"text\", \"text\").launch()\n",
                               "requirements.txt": "transformers\n"}},
                ],
            },
            {
                "type": "space", "id": PRIVATE_SPACE, "private": true, "createdAt": "2024-02-07T12:00:00.000Z",
                "sdk": "streamlit", "cardData": {"title": "Internal", "sdk": "streamlit"},
                "runtime": {"stage": "PAUSED", "hardware": {"current": null, "requested": "cpu-basic"},
                            "storage": null, "gcTimeout": 172800, "replicas": {"current": 1, "requested": 1}},
                "commits": [{"title": "Initial commit", "author": "alice",
                             "files": {"README.md": "# Internal\n", "app.py": "import streamlit as st\n"}}],
            },
            {
                "type": "space", "id": STATIC_SPACE, "createdAt": "2024-02-08T12:00:00.000Z",
                "sdk": "static", "cardData": {"title": "Static", "sdk": "static"},
                "commits": [{"title": "Initial commit", "author": "bob",
                             "files": {"README.md": "# Static\n", "index.html": "<h1>hi</h1>\n"}}],
            },
        ],
        "likes": [
            {"user": "bob", "repo": MODEL, "createdAt": "2024-03-01T10:00:00.000Z"},
            {"user": "bob", "repo": DATASET, "type": "dataset", "createdAt": "2024-03-02T10:00:00.000Z"},
            {"user": "bob", "repo": SPACE, "type": "space", "createdAt": "2024-03-03T10:00:00.000Z"},
            {"user": "carol", "repo": MODEL, "createdAt": "2024-03-04T10:00:00.000Z"},
            {"user": "alice", "repo": "bob/bert-tiny", "createdAt": "2024-03-05T10:00:00.000Z"},
            {"user": "alice", "repo": SHARDED_MODEL, "createdAt": "2024-03-06T10:00:00.000Z"},
            {"user": "alice", "repo": ORG_PRIVATE_MODEL, "createdAt": "2024-03-07T10:00:00.000Z"},
            {"user": "alice", "repo": STATIC_SPACE, "type": "space", "createdAt": "2024-03-08T10:00:00.000Z"},
        ],
        "discussions": [
            {"repo": MODEL, "num": 1, "pullRequest": true, "title": "Add pytorch weights", "author": "bob",
             "createdAt": "2024-01-17T07:30:00.000Z",
             "description": "This PR adds `pytorch_model.bin` for older versions of transformers.",
             "events": [{"type": "comment", "author": "alice", "createdAt": "2024-01-18T09:00:00.000Z",
                         "text": "Thanks! I'll review it this week."}]},
            {"repo": MODEL, "num": 2, "title": "Which license?", "author": "carol",
             "createdAt": "2024-01-20T10:00:00.000Z", "description": "Can I use this model commercially?",
             "events": [{"type": "title-change", "author": "carol", "createdAt": "2024-01-20T10:05:00.000Z",
                         "from": "License?", "to": "Which license?"},
                        {"type": "comment", "author": "alice", "createdAt": "2024-01-20T12:00:00.000Z",
                         "text": "Yes: it is MIT-licensed.", "edits": ["It's MIT."]}]},
            {"repo": MODEL, "num": 3, "title": "Free followers!!!", "author": "ghost",
             "createdAt": "2024-01-21T10:00:00.000Z", "description": "Visit my website.",
             "events": [{"type": "comment", "author": "ghost", "createdAt": "2024-01-21T10:01:00.000Z",
                         "text": "http://spam.example", "hidden": true, "hiddenBy": "alice"},
                        {"type": "status-change", "author": "alice", "createdAt": "2024-01-21T11:00:00.000Z",
                         "status": "closed"}],
             "status": "closed"},
            {"repo": DATASET, "type": "dataset", "num": 1, "pullRequest": true, "title": "Fix typo in README",
             "author": "bob", "createdAt": "2024-01-05T15:30:00.000Z", "description": "Lists the two splits."},
            {"repo": SPACE, "type": "space", "num": 1, "title": "App crashes on empty input", "author": "bob",
             "createdAt": "2024-01-25T10:00:00.000Z", "description": "Submitting an empty text box gives an error."},
        ],
        "collections": [
            {"id": "65c0ffee00000000000000a1", "namespace": "alice", "title": "Tiny picks",
             "description": "Small things for tests", "theme": "blue", "upvotes": 3,
             "createdAt": "2024-03-10T10:00:00.000Z", "lastUpdated": "2024-03-12T10:00:00.000Z",
             "items": [{"type": "model", "id": MODEL, "note": "The smallest GPT-2", "objectId": COLLECTION_MODEL_ITEM},
                       {"type": "dataset", "id": DATASET},
                       {"type": "space", "id": SPACE},
                       {"type": "paper", "id": "2307.09288", "note": "Llama 2"},
                       {"type": "model", "id": "bob/bert-tiny"}]},
            {"id": "65c0ffee00000000000000a2", "namespace": "acme", "title": "Internal", "private": true,
             "theme": "indigo", "createdAt": "2024-03-11T10:00:00.000Z",
             "items": [{"type": "model", "id": ORG_PRIVATE_MODEL}, {"type": "dataset", "id": PRIVATE_DATASET}]},
            {"id": "65c0ffee00000000000000a3", "namespace": "bob", "title": "Bert and friends",
             "theme": "green", "upvotes": 1, "createdAt": "2024-03-13T10:00:00.000Z",
             "items": [{"type": "model", "id": "bob/bert-tiny", "note": "Fill-mask"},
                       {"type": "collection", "id": COLLECTION}]},
        ],
    })
}
