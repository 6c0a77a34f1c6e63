//! `Retry-After` and `RateLimit` parsing, and the retry budget that consumes the
//! waits they produce.
//!
//! Input: lines alternating `RateLimit` and `Retry-After` values (one pair per
//! failed attempt; an empty line means the header is absent).
//! Properties: no panic; a numeric `Retry-After` gives that many seconds (or
//! `Duration::MAX` past what a `Duration` holds); a `RateLimit` wait is a whole
//! number of seconds; the retry budget grants at most `max_retries` waits, never
//! more than `max_total_wait` in total, and honours the server's wait when it
//! grants one.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

use hfhub::fuzzing::retry_waits;
use hfhub::retry::{parse_rate_limit, parse_retry_after, server_wait};
use hfhub::RetryPolicy;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.split('\n').take(64).collect();
    let mut asked = Vec::new();
    for pair in lines.chunks(2) {
        let rate_limit = Some(pair[0]).filter(|s| !s.is_empty());
        let retry_after = pair.get(1).copied().filter(|s| !s.is_empty());
        if let Some(w) = rate_limit.and_then(parse_rate_limit) {
            assert_eq!(w.subsec_nanos(), 0, "RateLimit resets are whole seconds");
        }
        if let Some(v) = retry_after {
            let parsed = parse_retry_after(v);
            if let Ok(secs) = v.trim().parse::<f64>() {
                match parsed {
                    None => assert!(!(secs.is_finite() && secs >= 0.0), "{v:?} refused"),
                    // longer than a `Duration` holds: saturated, so the budget refuses it
                    Some(d) if secs >= u64::MAX as f64 => assert_eq!(d, Duration::MAX),
                    Some(d) => assert!(
                        (d.as_secs_f64() - secs).abs() <= secs * 1e-9 + 1e-6,
                        "{v:?} gave {d:?}"
                    ),
                }
            }
        }
        let server = server_wait(rate_limit, retry_after);
        // `RateLimit` (when it says no request is left) wins over `Retry-After`
        match rate_limit.and_then(parse_rate_limit) {
            Some(w) => assert_eq!(server, Some(w)),
            None => match retry_after {
                Some(v) if v.trim().parse::<f64>().is_ok() => {
                    assert_eq!(server, parse_retry_after(v))
                }
                // an HTTP date is relative to now, which moves between calls
                Some(v) => assert_eq!(server.is_some(), parse_retry_after(v).is_some()),
                None => assert_eq!(server, None),
            },
        }
        asked.push(server);
    }
    let policy = RetryPolicy {
        max_retries: 4,
        base_wait: Duration::from_millis(500),
        max_wait: Duration::from_secs(8),
        max_total_wait: Duration::from_secs(60),
    };
    let granted = retry_waits(policy, &asked);
    let mut total = Duration::ZERO;
    let mut count = 0;
    for (asked, granted) in asked.iter().zip(&granted) {
        let Some(g) = granted else { continue };
        count += 1;
        total += *g;
        if let Some(a) = asked {
            assert_eq!(a, g, "the server's wait takes precedence");
        } else {
            assert!(*g <= policy.max_wait, "a backoff over the cap: {g:?}");
        }
    }
    assert!(count <= policy.max_retries, "{count} retries granted");
    assert!(total <= policy.max_total_wait, "{total:?} waited in total");
});
