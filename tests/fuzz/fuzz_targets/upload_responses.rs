//! The commit path's server answers: the preupload answer, the LFS batch answer
//! and the commit answer (decoded as the client decodes them), and the storage
//! URL fix-up applied to every `href` of an LFS batch answer.
//!
//! Input: the first byte picks the parser, the rest is the body (or the href).
//! Properties: no panic; a storage URL is either returned unchanged or is the
//! configured endpoint followed by exactly what came after a Hub prefix.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use hfhub::fuzzing::{commit_response, lfs_batch_response, preupload_response, storage_url};
use hfhub::Client;

const ENDPOINT: &str = "http://127.0.0.1:9";
const HUBS: [&str; 2] = ["https://huggingface.co", "https://hub-ci.huggingface.co"];

fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        Client::builder()
            .endpoint(ENDPOINT)
            .offline(true)
            .build()
            .expect("an offline client")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    match sel % 4 {
        0 => drop(preupload_response(body)),
        1 => drop(lfs_batch_response(body)),
        2 => drop(commit_response(body)),
        _ => {
            let Ok(href) = std::str::from_utf8(body) else {
                return;
            };
            let out = storage_url(client(), href);
            let rest = HUBS.iter().find_map(|hub| {
                href.strip_prefix(hub)
                    .filter(|r| r.is_empty() || r.starts_with('/'))
            });
            match rest {
                Some(rest) => assert_eq!(out, format!("{ENDPOINT}{rest}"), "href {href:?}"),
                None => assert_eq!(out, href, "a non-Hub URL must be left alone"),
            }
        }
    }
});
