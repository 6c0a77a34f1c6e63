//! [`Pager`]: a lazy iterator over a paginated listing.
//!
//! The Hub paginates listings with a `Link: <url>; rel="next"` header. A pager
//! fetches a page only when the previous one is used up, and never fetches a
//! page once `limit` items have been yielded.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{header, read_json, Request};

type Convert<T> = Box<dyn FnMut(Value) -> Result<Option<T>> + Send>;

/// Where the pages of a listing come from.
pub(crate) trait PageSource: Send {
    /// The next page, or `None` when there is none.
    fn next_page(&mut self, client: &Client) -> Result<Option<Vec<Value>>>;
}

/// Pages linked by `Link: <…>; rel="next"`, starting at a URL.
pub(crate) struct LinkPages {
    next: Option<String>,
    /// Pages already read: a `next` link back to one of them is a loop.
    seen: std::collections::HashSet<String>,
}

impl LinkPages {
    /// Pages starting at `url`.
    pub(crate) fn new(url: String) -> Self {
        LinkPages {
            next: Some(url),
            seen: Default::default(),
        }
    }
}

impl PageSource for LinkPages {
    fn next_page(&mut self, client: &Client) -> Result<Option<Vec<Value>>> {
        let Some(url) = self.next.take() else {
            return Ok(None);
        };
        if !self.seen.insert(url.clone()) {
            return Err(Error::Decode {
                url,
                message: "the pagination links loop back to a page already read".into(),
            });
        }
        let resp = client.send(&Request::get(url.as_str()))?;
        self.next = header(resp.headers(), "link")
            .and_then(parse_next_link)
            .map(|next| absolutize(&url, &next));
        let page: Value = read_json(&url, resp)?;
        match page {
            Value::Array(items) => Ok(Some(items)),
            other => Err(Error::Decode {
                url,
                message: format!("expected a JSON array page, got {}", kind_of(&other)),
            }),
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A lazy iterator over the items of a paginated listing.
///
/// Each item is a `Result`: a failed page request ends the iteration after
/// yielding its error. Collect with `pager.collect::<Result<Vec<_>>>()`.
pub struct Pager<T> {
    client: Client,
    source: Box<dyn PageSource>,
    buffer: std::vec::IntoIter<Value>,
    remaining: Option<usize>,
    convert: Convert<T>,
    pages: usize,
    done: bool,
}

impl<T> fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("pages_fetched", &self.pages)
            .field("remaining", &self.remaining)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + 'static> Pager<T> {
    /// A pager over `Link` pages starting at `url`, decoding each item as `T`.
    pub(crate) fn link(client: &Client, url: String, limit: Option<usize>) -> Self {
        Pager::link_with(client, url, limit, |v| decode(v).map(Some))
    }
}

impl<T> Pager<T> {
    /// A pager over `Link` pages with a custom conversion; returning `Ok(None)`
    /// drops the item (it still counts against `limit`, as in Python).
    pub(crate) fn link_with(
        client: &Client,
        url: String,
        limit: Option<usize>,
        convert: impl FnMut(Value) -> Result<Option<T>> + Send + 'static,
    ) -> Self {
        Pager::from_source(client, Box::new(LinkPages::new(url)), limit, convert)
    }

    pub(crate) fn from_source(
        client: &Client,
        source: Box<dyn PageSource>,
        limit: Option<usize>,
        convert: impl FnMut(Value) -> Result<Option<T>> + Send + 'static,
    ) -> Self {
        Pager {
            client: client.clone(),
            source,
            buffer: Vec::new().into_iter(),
            remaining: limit,
            convert: Box::new(convert),
            pages: 0,
            done: false,
        }
    }

    /// A pager that yields one error (used when a listing fails before its first request).
    pub(crate) fn failed(client: &Client, err: Error) -> Self {
        let mut err = Some(err);
        struct Failing(Option<Error>);
        impl PageSource for Failing {
            fn next_page(&mut self, _: &Client) -> Result<Option<Vec<Value>>> {
                match self.0.take() {
                    Some(e) => Err(e),
                    None => Ok(None),
                }
            }
        }
        Pager::from_source(client, Box::new(Failing(err.take())), None, |_| Ok(None))
    }

    /// The same listing with each item as JSON (for language bindings).
    pub fn into_json(self) -> Pager<Value>
    where
        T: serde::Serialize + 'static,
    {
        let mut convert = self.convert;
        Pager {
            client: self.client,
            source: self.source,
            buffer: self.buffer,
            remaining: self.remaining,
            convert: Box::new(move |v| match convert(v)? {
                Some(item) => serde_json::to_value(item)
                    .map(Some)
                    .map_err(|e| Error::Decode {
                        url: String::new(),
                        message: e.to_string(),
                    }),
                None => Ok(None),
            }),
            pages: self.pages,
            done: self.done,
        }
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }
}

pub(crate) fn decode<T: DeserializeOwned>(v: Value) -> Result<T> {
    serde_json::from_value(v).map_err(|e| Error::Decode {
        url: String::new(),
        message: e.to_string(),
    })
}

impl<T> Iterator for Pager<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        loop {
            if self.done || self.remaining == Some(0) {
                return None;
            }
            if let Some(raw) = self.buffer.next() {
                if let Some(r) = self.remaining.as_mut() {
                    *r -= 1;
                }
                match (self.convert)(raw) {
                    Ok(Some(item)) => return Some(Ok(item)),
                    Ok(None) => continue,
                    Err(e) => return Some(Err(e)),
                }
            }
            match self.source.next_page(&self.client) {
                Ok(Some(items)) => {
                    self.pages += 1;
                    self.buffer = items.into_iter();
                }
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// The target of `rel="next"` in a `Link` header.
pub fn parse_next_link(value: &str) -> Option<String> {
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        let after = &rest[end + 1..];
        let params_end = after.find('<').unwrap_or(after.len());
        let params = &after[..params_end];
        let is_next = params.split(';').any(|p| {
            let p = p.trim().trim_end_matches(',').trim();
            p.strip_prefix("rel=")
                .map(|r| {
                    r.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
                })
                .unwrap_or(false)
        });
        if is_next {
            return Some(target.to_owned());
        }
        rest = after;
    }
    None
}

/// Resolves a possibly relative link against the URL of the page that gave it.
pub(crate) fn absolutize(base: &str, link: &str) -> String {
    if link.contains("://") {
        return link.to_owned();
    }
    let origin = crate::urls::origin_of(base).unwrap_or("");
    if link.starts_with('/') {
        format!("{origin}{link}")
    } else {
        let dir = base.split('?').next().unwrap_or(base);
        let dir = &dir[..dir.rfind('/').map_or(dir.len(), |i| i + 1)];
        format!("{dir}{link}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_parsing() {
        assert_eq!(
            parse_next_link("<https://h/api/models?cursor=NEXT&limit=2>; rel=\"next\"").as_deref(),
            Some("https://h/api/models?cursor=NEXT&limit=2")
        );
        assert_eq!(
            parse_next_link("<https://h/1>; rel=\"prev\", <https://h/3>; rel=\"next\"").as_deref(),
            Some("https://h/3")
        );
        assert_eq!(
            parse_next_link("<https://h/a,b>; rel=next").as_deref(),
            Some("https://h/a,b")
        );
        assert_eq!(parse_next_link("<https://h/1>; rel=\"last\""), None);
        assert_eq!(parse_next_link("garbage"), None);
        assert_eq!(parse_next_link("<unterminated; rel=next"), None);
    }

    #[test]
    fn relative_links() {
        assert_eq!(
            absolutize("http://h:1/api/x?c=1", "/api/x?c=2"),
            "http://h:1/api/x?c=2"
        );
        assert_eq!(
            absolutize("http://h:1/api/x?c=1", "y?c=2"),
            "http://h:1/api/y?c=2"
        );
        assert_eq!(absolutize("http://h:1/a", "https://o/b"), "https://o/b");
    }
}
