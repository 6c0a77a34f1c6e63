//! Entry points for the coverage-guided fuzz targets in `tests/fuzz` (feature
//! `fuzzing`). Each one only forwards to the crate's own internal parser, so the
//! targets exercise exactly the code the client runs on a server's bytes. Not a
//! supported API: it may change with any release.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::upload::{BatchAnswer, CommitAnswer, PreuploadAnswer};
use crate::config::RetryPolicy;
use crate::retry::RetryState;
use crate::{Client, Result};

/// Decodes one item of a listing page the way [`crate::Pager`] does.
pub fn decode_page_item<T: DeserializeOwned>(item: Value) -> Result<T> {
    crate::pagination::decode(item)
}

/// The next page's URL from a page's URL and its `Link` header, as the pager
/// follows it (`rel="next"`, resolved against the page URL).
pub fn next_page_url(page_url: &str, link: &str) -> Option<String> {
    crate::pagination::parse_next_link(link)
        .map(|next| crate::pagination::absolutize(page_url, &next))
}

/// Decodes a preupload answer (`POST /api/{T}/{repo_id}/preupload/{revision}`).
pub fn preupload_response(body: &[u8]) -> serde_json::Result<()> {
    serde_json::from_slice::<PreuploadAnswer>(body).map(drop)
}

/// Decodes an LFS batch answer (`POST /{prefix}{repo_id}.git/info/lfs/objects/batch`).
pub fn lfs_batch_response(body: &[u8]) -> serde_json::Result<()> {
    serde_json::from_slice::<BatchAnswer>(body).map(drop)
}

/// Decodes a commit answer (`POST /api/{T}/{repo_id}/commit/{revision}`).
pub fn commit_response(body: &[u8]) -> serde_json::Result<()> {
    serde_json::from_slice::<CommitAnswer>(body).map(drop)
}

/// A storage URL from an LFS batch answer as the client calls it.
pub fn storage_url(client: &Client, href: &str) -> String {
    client.fix_storage_url(href)
}

/// The waits a request's retry budget grants, one per failed attempt, given
/// what the server asked for each time (`None` = it said nothing).
pub fn retry_waits(policy: RetryPolicy, server: &[Option<Duration>]) -> Vec<Option<Duration>> {
    let mut state = RetryState::new(policy);
    server.iter().map(|w| state.next_wait(*w)).collect()
}
