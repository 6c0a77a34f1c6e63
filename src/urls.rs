//! URL building: percent-encoding of path segments and query strings exactly as
//! Python's `urllib.parse.quote` / `urlencode(quote_via=quote_plus)` do.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte but `A-Z a-z 0-9 _ . - ~` is encoded (Python `quote(s, safe="")`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// As [`SEGMENT`] but `/` is kept (Python `quote(s)`, whose default safe set is `/`).
const PATH: &AsciiSet = &SEGMENT.remove(b'/');

/// Encodes a value as one path segment: `refs/pr/1` → `refs%2Fpr%2F1`.
pub fn quote_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Encodes a path keeping `/`: `dir/a b#c?.json` → `dir/a%20b%23c%3F.json`.
pub fn quote_path(s: &str) -> String {
    utf8_percent_encode(s, PATH).to_string()
}

/// Form encoding of one key or value (Python `quote_plus`): space → `+`.
pub fn quote_plus(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.push_str(&quote_segment(part));
    }
    out
}

/// Query parameters with the semantics of the Python `params` dict that
/// `requests` encodes: setting an existing key keeps its position, list values
/// become repeated keys, an empty list is omitted, booleans are `True`/`False`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    params: Vec<(String, Vec<String>)>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// `params[key] = value`.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.set_list(key, vec![value.into()])
    }

    /// `params[key] = [values...]` (rendered as repeated keys).
    pub fn set_list(&mut self, key: &str, values: Vec<String>) -> &mut Self {
        match self.params.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = values,
            None => self.params.push((key.to_owned(), values)),
        }
        self
    }

    /// `params[key] = value` when the value is present.
    pub fn set_opt(&mut self, key: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(v) = value {
            self.set(key, v);
        }
        self
    }

    /// `params[key] = True` / `False` (Python's `str(bool)`).
    pub fn set_bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.set(key, py_bool(value))
    }

    /// `if flag: params[key] = True`.
    pub fn set_flag(&mut self, key: &str, flag: bool) -> &mut Self {
        if flag {
            self.set_bool(key, true);
        }
        self
    }

    /// `del params[key]`.
    pub fn remove(&mut self, key: &str) -> &mut Self {
        self.params.retain(|(k, _)| k != key);
        self
    }

    /// The values under `key`.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
    }

    /// Whether nothing would be encoded.
    pub fn is_empty(&self) -> bool {
        self.params.iter().all(|(_, v)| v.is_empty())
    }

    /// The form-encoded string, without a leading `?`.
    pub fn encode(&self) -> String {
        let mut out = Vec::new();
        for (k, values) in &self.params {
            for v in values {
                out.push(format!("{}={}", quote_plus(k), quote_plus(v)));
            }
        }
        out.join("&")
    }

    /// `url` with this query appended (`?` or `&` as needed).
    pub fn apply(&self, url: &str) -> String {
        if self.is_empty() {
            return url.to_owned();
        }
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}{}", self.encode())
    }
}

/// Python's `str(bool)`.
pub fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// The `host[:port]` part of an absolute URL, lower-cased, for same-host checks.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    Some(host.to_ascii_lowercase())
}

/// The scheme and authority of an absolute URL (`https://host:port`).
pub fn origin_of(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")? + 3;
    let end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| scheme_end + i);
    Some(&url[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_match_python_quote_safe_empty() {
        assert_eq!(quote_segment("refs/pr/1"), "refs%2Fpr%2F1");
        assert_eq!(quote_segment("my branch#1"), "my%20branch%231");
        assert_eq!(quote_segment("v1.0/rc 1"), "v1.0%2Frc%201");
        assert_eq!(quote_segment("a_b-c.d~e"), "a_b-c.d~e");
        assert_eq!(quote_segment("é"), "%C3%A9");
    }

    #[test]
    fn paths_keep_slashes() {
        assert_eq!(quote_path("dir/a b#c?.json"), "dir/a%20b%23c%3F.json");
        assert_eq!(
            quote_path("plain_text/train 1.parquet"),
            "plain_text/train%201.parquet"
        );
    }

    #[test]
    fn query_matches_requests() {
        let mut q = Query::new();
        q.set("filter", "dataset:imdb")
            .set("search", "google/bert")
            .set("size", "10K<n<100K")
            .set("x", "a b")
            .set("expand[]", "formatted")
            .set_bool("full", true)
            .set("direction", "-1");
        assert_eq!(
            q.encode(),
            "filter=dataset%3Aimdb&search=google%2Fbert&size=10K%3Cn%3C100K&x=a+b&expand%5B%5D=formatted&full=True&direction=-1"
        );
        assert_eq!(
            q.apply("http://h/p?cursor=1"),
            format!("http://h/p?cursor=1&{}", q.encode())
        );
        assert_eq!(Query::new().apply("http://h/p"), "http://h/p");
    }

    #[test]
    fn query_has_dict_semantics() {
        let mut q = Query::new();
        q.set("filter", "x").set("full", "True").set("limit", "2");
        q.set_list("filter", vec!["a".into(), "b".into()]);
        q.remove("full");
        q.set_list("empty", vec![]);
        assert_eq!(q.encode(), "filter=a&filter=b&limit=2");
        assert_eq!(q.get("limit"), Some(&["2".to_owned()][..]));
        let mut e = Query::new();
        e.set_list("k", vec![]);
        assert!(e.is_empty());
    }

    #[test]
    fn hosts_and_origins() {
        assert_eq!(
            host_of("https://User@Hub.co:443/x?y").as_deref(),
            Some("hub.co:443")
        );
        assert_eq!(
            host_of("http://127.0.0.1:8080").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/api/x?y"),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(host_of("/relative"), None);
    }
}
