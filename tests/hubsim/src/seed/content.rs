//! Content builders for seeds: safetensors files and README front-matter.

use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// One tensor of a generated safetensors file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TensorSpec {
    /// Tensor name.
    pub name: String,
    /// dtype (`F32`, `F16`, `BF16`, `I64`, …).
    pub dtype: String,
    /// Shape (empty = scalar).
    #[serde(default)]
    pub shape: Vec<u64>,
}

/// A safetensors file: `__metadata__` plus tensors (data bytes are deterministic filler).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetensorsSpec {
    /// String metadata (`__metadata__`).
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Tensors in file order.
    pub tensors: Vec<TensorSpec>,
}

/// Bytes per element of a dtype (1 for unknown ones).
pub fn dtype_size(dtype: &str) -> u64 {
    match dtype {
        "F64" | "I64" | "U64" => 8,
        "F32" | "I32" | "U32" => 4,
        "F16" | "BF16" | "I16" | "U16" => 2,
        _ => 1,
    }
}

/// Data size of a tensor in bytes.
pub fn tensor_bytes(t: &TensorSpec) -> u64 {
    t.shape.iter().product::<u64>() * dtype_size(&t.dtype)
}

/// Builds a valid safetensors file: 8-byte little-endian header length, JSON header padded
/// with spaces to a multiple of 8, then the tensor data.
pub fn build_safetensors(spec: &SafetensorsSpec) -> Vec<u8> {
    let mut header = Map::new();
    if !spec.metadata.is_empty() {
        header.insert("__metadata__".into(), json!(spec.metadata));
    }
    let mut offset = 0u64;
    for t in &spec.tensors {
        let n = tensor_bytes(t);
        header.insert(
            t.name.clone(),
            json!({"dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, offset + n]}),
        );
        offset += n;
    }
    let mut text = Value::Object(header).to_string().into_bytes();
    while text.len() % 8 != 0 {
        text.push(b' ');
    }
    let mut out = Vec::with_capacity(8 + text.len() + offset as usize);
    out.extend_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend_from_slice(&text);
    for (i, t) in spec.tensors.iter().enumerate() {
        for j in 0..tensor_bytes(t) {
            out.push(((j * 31 + i as u64 * 7) % 251) as u8);
        }
    }
    out
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-./<> ".contains(c))
                && !s.starts_with([' ', '-', '.'])
                && !s.starts_with(|c: char| c.is_ascii_digit())
                && !s.ends_with(' ')
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
                );
            if plain {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        other => other.to_string(),
    }
}

fn yaml_into(v: &Map<String, Value>, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, val) in v {
        match val {
            Value::Object(m) if !m.is_empty() => {
                out.push_str(&format!("{pad}{k}:\n"));
                yaml_into(m, indent + 2, out);
            }
            Value::Array(a)
                if !a.is_empty() && a.iter().all(|x| !x.is_object() && !x.is_array()) =>
            {
                out.push_str(&format!("{pad}{k}:\n"));
                for x in a {
                    out.push_str(&format!("{pad}- {}\n", yaml_scalar(x)));
                }
            }
            // nested structures in lists and empty containers use JSON flow style (valid YAML)
            Value::Array(_) | Value::Object(_) => out.push_str(&format!("{pad}{k}: {val}\n")),
            scalar => out.push_str(&format!("{pad}{k}: {}\n", yaml_scalar(scalar))),
        }
    }
}

/// A README with YAML front-matter rendered from `card` followed by `body`.
pub fn readme(card: &Value, body: &str) -> String {
    let mut out = String::from("---\n");
    if let Value::Object(m) = card {
        yaml_into(m, 0, &mut out);
    }
    out.push_str("---\n\n");
    out.push_str(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safetensors_layout() {
        let spec = SafetensorsSpec {
            metadata: [("format".to_string(), "pt".to_string())].into(),
            tensors: vec![
                TensorSpec {
                    name: "a".into(),
                    dtype: "F32".into(),
                    shape: vec![2, 2],
                },
                TensorSpec {
                    name: "b".into(),
                    dtype: "F16".into(),
                    shape: vec![3],
                },
            ],
        };
        let bytes = build_safetensors(&spec);
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        assert_eq!(n % 8, 0);
        let header: Value = serde_json::from_slice(&bytes[8..8 + n]).unwrap();
        assert_eq!(header["b"]["data_offsets"], json!([16, 22]));
        assert_eq!(bytes.len(), 8 + n + 22);
    }

    #[test]
    fn front_matter() {
        let text = readme(
            &json!({"license": "mit", "language": ["en"], "sdk_version": "4.19.2", "pinned": false, "configs": [{"a": 1}]}),
            "# x\n",
        );
        assert_eq!(text, "---\nlicense: mit\nlanguage:\n- en\nsdk_version: \"4.19.2\"\npinned: false\nconfigs: [{\"a\":1}]\n---\n\n# x\n");
    }
}
