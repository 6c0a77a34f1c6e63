//! `Link` header pagination: a JSON array per page and `Link: <…&cursor=…>; rel="next"`
//! while more items remain. The cursor is an opaque base64 token holding the offset.

use crate::errors::{ApiError, ApiResult};
use crate::http::{Request, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(cursor.trim_end_matches('=')).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

/// Answers one page of `items`, rendering only the items of that page. `page_size` is the
/// server's size; `limit` (the `limit` query parameter) lowers it. `base` is `http://host` as
/// the client addressed us.
pub fn page<T>(
    req: &Request,
    base: &str,
    items: Vec<T>,
    page_size: usize,
    limit: Option<usize>,
    render: impl FnMut(T) -> Value,
) -> ApiResult {
    let raw_query = req.query.as_deref().unwrap_or("");
    let cursor = raw_query
        .split('&')
        .find_map(|p| p.strip_prefix("cursor="))
        .map(crate::query::form_decode);
    let offset = match cursor {
        None => 0,
        Some(c) => {
            decode_cursor(&c).ok_or_else(|| ApiError::BadRequest("Invalid cursor".into()))?
        }
    };
    let size = limit
        .filter(|l| *l > 0)
        .map_or(page_size, |l| l.min(page_size))
        .max(1);
    let total = items.len();
    let end = offset.saturating_add(size).min(total);
    let slice: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(end.saturating_sub(offset))
        .map(render)
        .collect();
    let mut resp = Response::json(200, &Value::Array(slice));
    if end < total {
        let mut params: Vec<&str> = raw_query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("cursor="))
            .collect();
        let next = format!("cursor={}", encode_cursor(end));
        params.push(&next);
        resp.add_header(
            "Link",
            &format!("<{base}{}?{}>; rel=\"next\"", req.path, params.join("&")),
        );
    }
    Ok(resp)
}

/// [`page`] over items that are already JSON.
pub fn page_json(
    req: &Request,
    base: &str,
    items: Vec<Value>,
    page_size: usize,
    limit: Option<usize>,
) -> ApiResult {
    page(req, base, items, page_size, limit, |v| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip() {
        assert_eq!(decode_cursor(&encode_cursor(42)), Some(42));
        assert_eq!(decode_cursor("garbage!"), None);
    }
}
