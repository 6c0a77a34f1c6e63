//! Static Hub data: tags by type and the (retired) metrics list.

use crate::errors::ApiResult;
use crate::http::Response;
use crate::store::model::RepoType;
use serde_json::{json, Map, Value};

fn tag(kind: &str, id: &str, label: &str, sub_type: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("label".into(), json!(label));
    m.insert("type".into(), json!(kind));
    if let Some(s) = sub_type {
        m.insert("subType".into(), json!(s));
    }
    Value::Object(m)
}

fn group(kind: &str, items: &[(&str, &str)], prefixed: bool) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(id, label)| {
                let id = if prefixed {
                    format!("{kind}:{id}")
                } else {
                    id.to_string()
                };
                tag(kind, &id, label, None)
            })
            .collect(),
    )
}

/// `GET /api/models-tags-by-type` and `/api/datasets-tags-by-type`.
pub fn tags_by_type(repo_type: RepoType) -> ApiResult {
    let body = match repo_type {
        RepoType::Dataset => json!({
            "benchmark": group("benchmark", &[("raft", "raft")], true),
            "format": group("format", &[("csv", "csv"), ("json", "json"), ("parquet", "parquet")], true),
            "language": group("language", &[("en", "English"), ("fr", "French"), ("de", "German")], true),
            "license": group("license", &[("mit", "mit"), ("apache-2.0", "apache-2.0"), ("cc-by-4.0", "cc-by-4.0"), ("other", "other")], true),
            "modality": group("modality", &[("text", "Text"), ("image", "Image"), ("audio", "Audio"), ("tabular", "Tabular")], true),
            "multilinguality": group("multilinguality", &[("monolingual", "monolingual"), ("multilingual", "multilingual")], true),
            "size_categories": group("size_categories", &[("n<1K", "n<1K"), ("1K<n<10K", "1K<n<10K"), ("10K<n<100K", "10K<n<100K")], true),
            "task_categories": group("task_categories", &[("text-classification", "Text Classification"), ("question-answering", "Question Answering"), ("translation", "Translation")], true),
            "task_ids": group("task_ids", &[("sentiment-classification", "sentiment-classification"), ("extractive-qa", "extractive-qa")], true),
            "library": group("library", &[("datasets", "Datasets"), ("pandas", "pandas")], true),
        }),
        _ => json!({
            "dataset": group("dataset", &[("alice/tiny-dataset", "alice/tiny-dataset"), ("imdb", "imdb")], true),
            "language": group("language", &[("en", "English"), ("fr", "French"), ("de", "German")], false),
            "library": group("library", &[("transformers", "Transformers"), ("pytorch", "PyTorch"), ("safetensors", "Safetensors"), ("onnx", "ONNX"), ("timm", "timm"), ("diffusers", "Diffusers")], false),
            "license": group("license", &[("mit", "mit"), ("apache-2.0", "apache-2.0"), ("cc-by-4.0", "cc-by-4.0"), ("other", "other")], true),
            "other": group("other", &[("endpoints_compatible", "Inference Endpoints"), ("autotrain_compatible", "AutoTrain Compatible"), ("text-generation-inference", "text-generation-inference")], false),
            "pipeline_tag": Value::Array(vec![
                tag("pipeline_tag", "text-generation", "Text Generation", Some("nlp")),
                tag("pipeline_tag", "text-classification", "Text Classification", Some("nlp")),
                tag("pipeline_tag", "fill-mask", "Fill-Mask", Some("nlp")),
                tag("pipeline_tag", "image-classification", "Image Classification", Some("cv")),
                tag("pipeline_tag", "automatic-speech-recognition", "Automatic Speech Recognition", Some("audio")),
            ]),
            "region": Value::Array(vec![tag("region", "region:us", "🇺🇸 Region: US", None)]),
        }),
    };
    Ok(Response::json(200, &body))
}

/// `GET /api/metrics`.
pub fn metrics() -> ApiResult {
    let items: Vec<Value> = [
        ("accuracy", "Accuracy is the proportion of correct predictions among the total number of cases processed."),
        ("bleu", "BLEU scores the quality of machine-translated text against reference translations."),
        ("f1", "The F1 score is the harmonic mean of the precision and recall."),
        ("rouge", "ROUGE compares an automatically produced summary or translation against references."),
        ("wer", "Word error rate is a common metric of the performance of a speech recognition system."),
    ]
    .iter()
    .map(|(id, d)| json!({"id": id, "spaceId": format!("evaluate-metric/{id}"), "description": d}))
    .collect();
    Ok(Response::json(200, &Value::Array(items)))
}
