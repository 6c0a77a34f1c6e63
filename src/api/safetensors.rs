//! Safetensors metadata without downloading weights (hub-endpoints §3.14):
//! `parse_safetensors_file_metadata` and `get_safetensors_metadata`.
//!
//! A safetensors file starts with an 8-byte little-endian header length `N`
//! followed by `N` bytes of JSON. The first `Range: bytes=0-100000` request
//! usually holds the whole header; a longer one is fetched with a second range
//! request. Headers over 25 MB are refused.

use std::collections::BTreeMap;
use std::io::Read;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::files::FileUrlOptions;
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{check_response, Method, Request};
use crate::repo::RepoType;

/// The single-file checkpoint name.
pub const SAFETENSORS_SINGLE_FILE: &str = "model.safetensors";
/// The sharded checkpoint index name.
pub const SAFETENSORS_INDEX_FILE: &str = "model.safetensors.index.json";
/// Largest header accepted (Python's `SAFETENSORS_MAX_HEADER_LENGTH`).
pub const SAFETENSORS_MAX_HEADER_LENGTH: u64 = 25_000_000;
/// Bytes asked for by the first request (`bytes=0-100000`).
const FIRST_RANGE: u64 = 100_001;

/// Options of [`Client::parse_safetensors_file_metadata`] and
/// [`Client::get_safetensors_metadata`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SafetensorsOptions {
    /// Repository type (models by default).
    pub repo_type: Option<RepoType>,
    /// Branch, tag or commit (`main` by default).
    pub revision: Option<String>,
}

/// One tensor of a safetensors header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TensorInfo {
    /// `F32`, `F16`, `BF16`, `I64`, ... (unknown types pass through).
    pub dtype: String,
    /// Dimensions (empty for a scalar).
    pub shape: Vec<u64>,
    /// `[begin, end)` of its bytes after the header.
    pub data_offsets: (u64, u64),
    /// Product of the dimensions (1 for a scalar).
    pub parameter_count: u64,
}

/// The header of one safetensors file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetensorsFileMetadata {
    /// `__metadata__` (empty when absent).
    pub metadata: BTreeMap<String, String>,
    /// Tensors by name.
    pub tensors: BTreeMap<String, TensorInfo>,
    /// Parameters per dtype.
    pub parameter_count: BTreeMap<String, u64>,
}

/// The safetensors metadata of a repository (one file or a sharded checkpoint).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafetensorsRepoMetadata {
    /// The index's `metadata` (sharded checkpoints only).
    pub metadata: Option<Map<String, Value>>,
    /// Whether the checkpoint is sharded.
    pub sharded: bool,
    /// Tensor name → file.
    pub weight_map: BTreeMap<String, String>,
    /// File → its header.
    pub files_metadata: BTreeMap<String, SafetensorsFileMetadata>,
    /// Parameters per dtype over every file.
    pub parameter_count: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
struct RawTensor {
    dtype: String,
    shape: Vec<u64>,
    data_offsets: (u64, u64),
}

/// Parses a header's JSON (the bytes after the 8-byte length).
pub fn parse_safetensors_header(bytes: &[u8]) -> Result<SafetensorsFileMetadata> {
    let text = String::from_utf8_lossy(bytes);
    let raw: Map<String, Value> = serde_json::from_str(&text)
        .map_err(|e| Error::SafetensorsParsing(format!("header is not a JSON object: {e}")))?;
    let mut out = SafetensorsFileMetadata {
        metadata: BTreeMap::new(),
        tensors: BTreeMap::new(),
        parameter_count: BTreeMap::new(),
    };
    for (name, v) in raw {
        if name == "__metadata__" {
            out.metadata = serde_json::from_value(v).map_err(|e| {
                Error::SafetensorsParsing(format!(
                    "`__metadata__` must map strings to strings: {e}"
                ))
            })?;
            continue;
        }
        let t: RawTensor = serde_json::from_value(v)
            .map_err(|e| Error::SafetensorsParsing(format!("tensor {name:?}: {e}")))?;
        let count = t
            .shape
            .iter()
            .try_fold(1u64, |acc, d| acc.checked_mul(*d))
            .ok_or_else(|| {
                Error::SafetensorsParsing(format!("tensor {name:?}: shape overflows"))
            })?;
        let total = out.parameter_count.entry(t.dtype.clone()).or_insert(0);
        *total = total
            .checked_add(count)
            .ok_or_else(|| Error::SafetensorsParsing("parameter count overflows".into()))?;
        out.tensors.insert(
            name,
            TensorInfo {
                dtype: t.dtype,
                shape: t.shape,
                data_offsets: t.data_offsets,
                parameter_count: count,
            },
        );
    }
    Ok(out)
}

fn add_counts(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) -> Result<()> {
    for (k, v) in from {
        let total = into.entry(k.clone()).or_insert(0);
        *total = total
            .checked_add(*v)
            .ok_or_else(|| Error::SafetensorsParsing("parameter count overflows".into()))?;
    }
    Ok(())
}

impl Client {
    fn resolve_of(&self, repo_id: &str, filename: &str, o: &SafetensorsOptions) -> Result<String> {
        self.hf_hub_url(
            repo_id,
            filename,
            &FileUrlOptions {
                subfolder: None,
                repo_type: o.repo_type,
                revision: o.revision.clone(),
            },
        )
    }

    /// Up to `max` bytes of a ranged GET (redirects followed; the token is not
    /// sent to another host).
    fn ranged(&self, url: &str, start: u64, end: u64, max: u64) -> Result<Vec<u8>> {
        let req = Request::get(url).header("range", format!("bytes={start}-{end}"));
        let resp = check_response(Method::Get, url, self.send_unchecked(&req)?)?;
        let mut buf = Vec::new();
        resp.into_body()
            .into_with_config()
            .limit(u64::MAX)
            .reader()
            .take(max)
            .read_to_end(&mut buf)
            .map_err(|e| Error::Network {
                url: url.to_owned(),
                message: e.to_string(),
            })?;
        Ok(buf)
    }

    /// The header of one safetensors file, without downloading the weights.
    /// `GET {endpoint}/{prefix}{repo_id}/resolve/{revision}/{filename}` with
    /// `Range: bytes=0-100000`, and `Range: bytes=8-{N+7}` when the header is
    /// longer. Errors: [`Error::SafetensorsParsing`] for a header over 25 MB,
    /// truncated, or not valid.
    pub fn parse_safetensors_file_metadata(
        &self,
        repo_id: &str,
        filename: &str,
        options: &SafetensorsOptions,
    ) -> Result<SafetensorsFileMetadata> {
        let url = self.resolve_of(repo_id, filename, options)?;
        let first = self.ranged(&url, 0, FIRST_RANGE - 1, FIRST_RANGE)?;
        let len_bytes: [u8; 8] =
            first
                .get(..8)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| {
                    Error::SafetensorsParsing(format!(
                        "{filename:?} is shorter than 8 bytes: not a safetensors file"
                    ))
                })?;
        let n = u64::from_le_bytes(len_bytes);
        if n > SAFETENSORS_MAX_HEADER_LENGTH {
            return Err(Error::SafetensorsParsing(format!(
                "the header of {filename:?} is {n} bytes long, over the limit of \
                 {SAFETENSORS_MAX_HEADER_LENGTH}"
            )));
        }
        let header = if 8 + n <= first.len() as u64 {
            first[8..8 + n as usize].to_vec()
        } else {
            let rest = self.ranged(&url, 8, n + 7, n)?;
            if rest.len() as u64 != n {
                return Err(Error::SafetensorsParsing(format!(
                    "the header of {filename:?} should be {n} bytes, got {}",
                    rest.len()
                )));
            }
            rest
        };
        parse_safetensors_header(&header)
            .map_err(|e| Error::SafetensorsParsing(format!("{filename:?}: {e}")))
    }

    /// The safetensors metadata of a repository: `model.safetensors` if there is
    /// one (a ranged GET), else the sharded index `model.safetensors.index.json`
    /// (one GET) and each distinct shard's header (a ranged GET per shard).
    /// [`Error::NotASafetensorsRepo`] when the repository has neither file.
    ///
    /// Python 0.22 checks each file with a HEAD first (and the index twice); the
    /// ranged GET answers both questions, so hfhub sends 1 request for a single
    /// file and 2 + shards for a sharded checkpoint.
    pub fn get_safetensors_metadata(
        &self,
        repo_id: &str,
        options: &SafetensorsOptions,
    ) -> Result<SafetensorsRepoMetadata> {
        match self.parse_safetensors_file_metadata(repo_id, SAFETENSORS_SINGLE_FILE, options) {
            Ok(file) => {
                return Ok(SafetensorsRepoMetadata {
                    metadata: None,
                    sharded: false,
                    weight_map: file
                        .tensors
                        .keys()
                        .map(|t| (t.clone(), SAFETENSORS_SINGLE_FILE.to_owned()))
                        .collect(),
                    parameter_count: file.parameter_count.clone(),
                    files_metadata: BTreeMap::from([(SAFETENSORS_SINGLE_FILE.to_owned(), file)]),
                })
            }
            Err(e) if e.kind() == ErrorKind::EntryNotFound => {}
            Err(e) => return Err(e),
        }
        let url = self.resolve_of(repo_id, SAFETENSORS_INDEX_FILE, options)?;
        let index: Value = match self.send_json(&Request::get(url.as_str())) {
            Ok(v) => v,
            Err(e) if e.kind() == ErrorKind::EntryNotFound => {
                return Err(Error::NotASafetensorsRepo(format!(
                    "{repo_id:?} has neither {SAFETENSORS_SINGLE_FILE} nor {SAFETENSORS_INDEX_FILE}"
                )))
            }
            Err(Error::Decode { message, .. }) => {
                return Err(Error::SafetensorsParsing(format!(
                    "{SAFETENSORS_INDEX_FILE} is not JSON: {message}"
                )))
            }
            Err(e) => return Err(e),
        };
        let metadata = index.get("metadata").and_then(Value::as_object).cloned();
        let weight_map: BTreeMap<String, String> = index
            .get("weight_map")
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| Error::SafetensorsParsing(format!("bad `weight_map`: {e}")))?
            .ok_or_else(|| Error::SafetensorsParsing("the index has no `weight_map`".into()))?;
        let shards: std::collections::BTreeSet<&String> = weight_map.values().collect();
        let mut files_metadata = BTreeMap::new();
        let mut parameter_count = BTreeMap::new();
        for shard in shards {
            crate::cache::safe_relative_path(shard)
                .map_err(|_| Error::SafetensorsParsing(format!("unsafe shard name {shard:?}")))?;
            let file = self.parse_safetensors_file_metadata(repo_id, shard, options)?;
            add_counts(&mut parameter_count, &file.parameter_count)?;
            files_metadata.insert(shard.clone(), file);
        }
        Ok(SafetensorsRepoMetadata {
            metadata,
            sharded: true,
            weight_map,
            files_metadata,
            parameter_count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_counts_that_overflow_are_an_error() {
        let mut total = BTreeMap::from([("U8".to_string(), u64::MAX)]);
        let shard = BTreeMap::from([("U8".to_string(), 1), ("F32".to_string(), 2)]);
        assert!(matches!(
            add_counts(&mut total, &shard),
            Err(Error::SafetensorsParsing(_))
        ));
        let mut total = BTreeMap::from([("U8".to_string(), 1)]);
        add_counts(&mut total, &shard).unwrap();
        assert_eq!(
            total,
            BTreeMap::from([("U8".to_string(), 2), ("F32".to_string(), 2)])
        );
    }

    #[test]
    fn headers_and_counts() {
        let h = br#"{"__metadata__": {"format": "pt"},
            "a": {"dtype": "F32", "shape": [8, 4], "data_offsets": [0, 128]},
            "b": {"dtype": "F16", "shape": [4], "data_offsets": [128, 136]},
            "s": {"dtype": "F32", "shape": [], "data_offsets": [136, 140]}}"#;
        let m = parse_safetensors_header(h).unwrap();
        assert_eq!(m.metadata.get("format").map(String::as_str), Some("pt"));
        assert_eq!(m.parameter_count.get("F32"), Some(&33));
        assert_eq!(m.parameter_count.get("F16"), Some(&4));
        assert_eq!(m.tensors["s"].parameter_count, 1);
        for bad in [
            &b"not json"[..],
            br#"{"a": {"dtype": "F32"}}"#,
            br#"{"a": {"dtype": "F32", "shape": [18446744073709551615, 2], "data_offsets": [0, 1]}}"#,
            br#"{"__metadata__": {"x": 1}}"#,
        ] {
            assert_eq!(
                parse_safetensors_header(bad).unwrap_err().kind(),
                ErrorKind::SafetensorsParsing
            );
        }
    }
}
