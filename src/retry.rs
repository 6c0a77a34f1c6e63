//! Transient-failure classification, backoff with jitter, and parsing of the
//! server's `Retry-After` and `RateLimit` headers.

use std::time::Duration;

use crate::config::RetryPolicy;

/// Whether a status is worth retrying: 408, 429, 500, 502, 503, 504 (Python ≥ 1.20).
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait the server asked for, from `RateLimit` (IETF draft: `"api";r=0;t=55`
/// means no request left, reset in 55 s) or `Retry-After` (seconds or an HTTP date).
pub fn server_wait(rate_limit: Option<&str>, retry_after: Option<&str>) -> Option<Duration> {
    if let Some(w) = rate_limit.and_then(parse_rate_limit) {
        return Some(w);
    }
    retry_after.and_then(parse_retry_after)
}

/// `RateLimit: "api";r=0;t=55` → 55 s, only when `r` (remaining) is 0.
pub fn parse_rate_limit(value: &str) -> Option<Duration> {
    // Several policies may be listed, separated by commas.
    value.split(',').find_map(|item| {
        let mut remaining = None;
        let mut reset = None;
        for param in item.split(';').map(str::trim) {
            if let Some(r) = param.strip_prefix("r=") {
                remaining = r.trim().parse::<u64>().ok();
            } else if let Some(t) = param.strip_prefix("t=") {
                reset = t.trim().parse::<u64>().ok();
            }
        }
        match (remaining, reset) {
            (Some(0), Some(t)) => Some(Duration::from_secs(t)),
            _ => None,
        }
    })
}

/// `Retry-After: 3`, `Retry-After: 1.5` or `Retry-After: <HTTP date>`.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        // a wait too long for a `Duration` is as good as forever: the retry budget refuses it
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX));
    }
    let when =
        time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    let now = time::OffsetDateTime::now_utc();
    let delta = when - now;
    Some(if delta.is_positive() {
        Duration::from_secs_f64(delta.as_seconds_f64())
    } else {
        Duration::ZERO
    })
}

/// Exponential backoff with jitter for the `attempt`-th retry (0-based): the
/// doubled base wait, capped at `max_wait`, scaled by a random factor in [0.5, 1].
pub fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_wait
        .saturating_mul(1u32.checked_shl(attempt.min(30)).unwrap_or(u32::MAX));
    let capped = exp.min(policy.max_wait);
    capped.mul_f64(0.5 + fastrand::f64() * 0.5)
}

/// Tracks the retries of one request against a policy.
#[derive(Debug)]
pub(crate) struct RetryState {
    policy: RetryPolicy,
    retries: u32,
    waited: Duration,
}

impl RetryState {
    pub(crate) fn new(policy: RetryPolicy) -> Self {
        RetryState {
            policy,
            retries: 0,
            waited: Duration::ZERO,
        }
    }

    /// The wait before the next attempt, or `None` when the budget is spent.
    /// `server` is the wait the server asked for, which takes precedence.
    pub(crate) fn next_wait(&mut self, server: Option<Duration>) -> Option<Duration> {
        if self.retries >= self.policy.max_retries {
            return None;
        }
        let wait = server.unwrap_or_else(|| backoff(&self.policy, self.retries));
        let total = self.waited.checked_add(wait);
        if total.is_none_or(|t| t > self.policy.max_total_wait) {
            return None;
        }
        self.retries += 1;
        self.waited += wait;
        Some(wait)
    }

    #[cfg(test)]
    pub(crate) fn retries(&self) -> u32 {
        self.retries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_header() {
        assert_eq!(
            parse_rate_limit("\"api\";r=0;t=55"),
            Some(Duration::from_secs(55))
        );
        assert_eq!(parse_rate_limit("\"api\";r=3;t=55"), None);
        assert_eq!(
            parse_rate_limit("\"a\";r=2;t=9, \"b\";r=0;t=7"),
            Some(Duration::from_secs(7))
        );
        assert_eq!(parse_rate_limit("garbage"), None);
    }

    #[test]
    fn retry_after_header() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            server_wait(Some("\"api\";r=0;t=2"), Some("9")),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            server_wait(Some("\"api\";r=1;t=2"), Some("9")),
            Some(Duration::from_secs(9))
        );
    }

    #[test]
    fn huge_server_waits_exhaust_the_budget_without_panicking() {
        assert_eq!(parse_retry_after(&"2".repeat(100)), Some(Duration::MAX));
        assert_eq!(parse_retry_after("1e300"), Some(Duration::MAX));
        assert_eq!(parse_retry_after("-0"), Some(Duration::ZERO));
        let mut state = RetryState::new(RetryPolicy::default());
        assert_eq!(
            state.next_wait(Some(Duration::from_secs(1))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(state.next_wait(parse_retry_after("1e300")), None);
        assert_eq!(
            state.next_wait(parse_rate_limit("\"api\";r=0;t=18446744073709551615")),
            None
        );
        assert_eq!(state.retries(), 1);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_cap() {
        let p = RetryPolicy::default();
        for attempt in 0..8 {
            let full = Duration::from_secs(1 << attempt.min(3));
            let w = backoff(&p, attempt);
            assert!(w >= full / 2 && w <= full, "attempt {attempt}: {w:?}");
        }
        assert!(backoff(&p, 200) <= p.max_wait);
    }

    #[test]
    fn retry_budget_is_bounded() {
        let policy = RetryPolicy {
            max_retries: 3,
            base_wait: Duration::from_millis(1),
            max_wait: Duration::from_millis(4),
            max_total_wait: Duration::from_secs(1),
        };
        let mut s = RetryState::new(policy);
        assert!(s.next_wait(None).is_some());
        assert!(s.next_wait(None).is_some());
        assert!(s.next_wait(None).is_some());
        assert_eq!(s.next_wait(None), None);
        assert_eq!(s.retries(), 3);

        let mut s = RetryState::new(policy);
        assert_eq!(
            s.next_wait(Some(Duration::from_secs(5))),
            None,
            "over the total budget"
        );
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [400, 401, 403, 404, 409, 501] {
            assert!(!is_retryable_status(s));
        }
    }
}
