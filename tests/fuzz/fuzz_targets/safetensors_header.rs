//! The safetensors header parser (`parse_safetensors_header`), fed the JSON
//! header bytes as a server would send them after the 8-byte length.
//!
//! Properties: no panic; on success every tensor's parameter count is the
//! product of its shape, the per-dtype counts are the sums of the tensors'
//! counts, the result serialises, and parsing is deterministic.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

use hfhub::api::safetensors::parse_safetensors_header;

fuzz_target!(|data: &[u8]| {
    let Ok(meta) = parse_safetensors_header(data) else {
        return;
    };
    let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
    for (name, t) in &meta.tensors {
        assert_ne!(name, "__metadata__");
        let product = t
            .shape
            .iter()
            .try_fold(1u64, |acc, d| acc.checked_mul(*d))
            .expect("an accepted shape's product fits in u64");
        assert_eq!(t.parameter_count, product, "tensor {name:?}");
        let s = sums.entry(t.dtype.as_str()).or_insert(0);
        *s = s.checked_add(product).expect("accepted counts fit in u64");
    }
    let counts: BTreeMap<&str, u64> = meta
        .parameter_count
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(counts, sums, "per-dtype parameter counts");
    serde_json::to_value(&meta).expect("a parsed header serialises");
    let again = parse_safetensors_header(data).expect("parsing is deterministic");
    assert_eq!(meta, again);
});
