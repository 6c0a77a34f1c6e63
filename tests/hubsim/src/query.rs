//! Query strings and form bodies (`application/x-www-form-urlencoded`), with repeated keys.

use percent_encoding::percent_decode_str;

/// Decoded key/value pairs in order.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

/// Form-decodes one component (`+` is a space).
pub fn form_decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Percent-decodes one path segment (`+` stays a plus, `%2F` becomes `/`).
pub fn path_decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `true`/`false` in any case, plus `1`/`0` and `yes`/`no`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

impl Query {
    /// Parses a raw query string or form body.
    pub fn parse(raw: Option<&str>) -> Query {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (form_decode(k), form_decode(v)),
                None => (form_decode(p), String::new()),
            })
            .collect();
        Query { pairs }
    }

    /// First value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `key` as a boolean: absent → `false`; present with an unparseable value → `true`
    /// (`?full` alone means yes).
    pub fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some("") => true,
            Some(v) => parse_bool(v).unwrap_or(true),
        }
    }

    /// `key` as an unsigned integer.
    pub fn usize(&self, key: &str) -> Result<Option<usize>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("Invalid value for \"{key}\": {v}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_encoded() {
        let q = Query::parse(Some(
            "filter=a&filter=dataset%3Aimdb&expand%5B%5D=formatted&s=a+b&full=True&x=false&e",
        ));
        assert_eq!(q.all("filter"), ["a", "dataset:imdb"]);
        assert_eq!(q.get("expand[]"), Some("formatted"));
        assert_eq!(q.get("s"), Some("a b"));
        assert!(q.flag("full"));
        assert!(!q.flag("x"));
        assert!(q.flag("e"));
        assert!(!q.flag("missing"));
        assert_eq!(path_decode("refs%2Fpr%2F1"), "refs/pr/1");
    }
}
