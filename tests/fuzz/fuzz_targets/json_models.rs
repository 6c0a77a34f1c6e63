//! Every JSON response model of `hfhub::types`, decoded through both paths the
//! client uses: `serde_json::from_slice` on a whole body (single responses) and
//! the pager's per-item decoding of a parsed `Value` (listings).
//!
//! Input: the first byte picks the model, the rest is the response body.
//! Properties: no panic; whenever the body decodes, the listing path decodes it
//! to the same value; the result serialises (as the C ABI returns it), and a
//! serialise → decode → serialise cycle reaches a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use hfhub::fuzzing::decode_page_item;
use hfhub::types::*;

fn check<T>(body: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let whole = serde_json::from_slice::<T>(body);
    // serde_json skips the strings of ignored keys without checking their UTF-8,
    // so only a UTF-8 body must be a JSON document to decode
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        assert!(whole.is_err(), "a body that is not JSON decoded as a model");
        return;
    };
    let item = decode_page_item::<T>(value);
    let Ok(parsed) = whole else { return };
    // serde rejects duplicate keys in a body but a parsed `Value` keeps the last
    // one; a body without duplicates must decode the same way on both paths.
    let item = item.expect("the body decoded but the listing path failed");
    assert_eq!(parsed, item, "the two decoding paths disagree");

    let first = serde_json::to_value(&parsed).expect("a decoded model must serialise");
    if let Ok(again) = serde_json::from_value::<T>(first) {
        let second = serde_json::to_value(&again).expect("serialise");
        let third = serde_json::from_value::<T>(second.clone())
            .expect("a serialised model that decoded once must decode again");
        let third = serde_json::to_value(&third).expect("serialise");
        assert_eq!(second, third, "serialise/decode is not stable");
    }
}

macro_rules! models {
    ($sel:expr, $body:expr, [$($t:ty),+ $(,)?]) => {{
        let table: &[fn(&[u8])] = &[$(check::<$t>),+];
        table[$sel as usize % table.len()]($body)
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    models!(sel, body, [
        ModelInfo,                 // 0
        DatasetInfo,               // 1
        SpaceInfo,                 // 2
        RepoTreeEntry,             // 3 (RepoInfo is built from the three above)
        Vec<ModelInfo>,            // 4: a listing page as one body
        RepoTreeEntry,             // 5
        RepoFile,                  // 6
        RepoFolder,                // 7
        GitRefs,                   // 8
        GitCommitInfo,             // 9
        Discussion,                // 10
        DiscussionWithDetails,     // 11
        DiscussionEvent,           // 12
        Collection,                // 13
        CollectionItem,            // 14
        InferenceEndpoint,         // 15
        SpaceRuntime,              // 16
        User,                      // 17
        AccessRequest,             // 18
        CommitInfo,                // 19
        RepoUrl,                   // 20
        WhoAmI,                    // 21
        UserLikes,                 // 22
        SpaceVariable,             // 23
        TagsByType,                // 24
        MetricInfo,                // 25
        Vec<RepoTreeEntry>,        // 26: get_paths_info
        DiscussionComment,         // 27
    ]);
});
