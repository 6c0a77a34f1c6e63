//! Pagination: the `Link` header parser and the resolution of the next page's
//! URL against the current page's URL, as the pager follows `rel="next"`.
//!
//! Input: `<page url>\n<Link header value>` (UTF-8; header values are text).
//! Properties: no panic; the next link is one of the header's `<...>` targets;
//! an absolute target is kept as is, a relative one is appended to a prefix of
//! the page URL.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hfhub::fuzzing::next_page_url;
use hfhub::parse_next_link;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (page, link) = text
        .split_once('\n')
        .unwrap_or(("https://hub.test/api/models", text));
    let target = parse_next_link(link);
    let next = next_page_url(page, link);
    assert_eq!(target.is_some(), next.is_some());
    let (Some(target), Some(next)) = (target, next) else {
        return;
    };
    assert!(
        link.contains(&format!("<{target}>")),
        "{target:?} is not a <...> target of {link:?}"
    );
    if target.contains("://") {
        assert_eq!(next, target);
    } else {
        assert!(
            next.ends_with(&target),
            "{next:?} does not end with {target:?}"
        );
        let base = &next[..next.len() - target.len()];
        assert!(
            page.starts_with(base),
            "{base:?} is not a prefix of {page:?}"
        );
    }
});
