//! When a failed attempt is retried, and how long to wait before the next one.
//!
//! The rules of Stripe's own SDKs: retry connection errors and timeouts, `409 Conflict`,
//! `429` with the code `lock_timeout`, and every `5xx`; a `Stripe-Should-Retry` header in the
//! response overrides the rule either way. Waits grow exponentially from the initial delay, are
//! capped, and are jittered so that many clients do not retry in step.

use std::time::Duration;

/// Exponential backoff with jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The wait before the first retry, before jitter.
    pub initial: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    /// 0.5 s, doubling, capped at 5 s.
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(5),
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0 for the first), for a jitter factor `jitter` in
    /// `[0, 1)`: the exponential delay, capped, scaled into its upper half, and never below the
    /// initial delay.
    pub fn delay(&self, retry: u32, jitter: f64) -> Duration {
        let exponential = self
            .initial
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max);
        exponential.mul_f64(0.5 * (1.0 + jitter)).max(self.initial)
    }
}

/// A jitter factor for [`Backoff::delay`]: uniform in `[0, 1)`, from the operating system's
/// random source (the same one the idempotency keys come from). Should that fail, no jitter.
pub(crate) fn random_jitter() -> f64 {
    let bits = getrandom::u64().unwrap_or(0) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// What a response says about retrying.
pub(crate) fn should_retry_response(
    status: u16,
    should_retry_header: Option<&str>,
    error_code: Option<&str>,
) -> bool {
    match should_retry_header {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    status == 409 || (status == 429 && error_code == Some("lock_timeout")) || status >= 500
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_is_in_the_unit_interval_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| random_jitter()).collect();
        assert!(draws.iter().all(|j| (0.0..1.0).contains(j)), "{draws:?}");
        assert!(draws.iter().any(|j| *j != draws[0]), "{draws:?}");
    }

    #[test]
    fn delays_grow_from_half_a_second_and_are_capped_at_five() {
        let backoff = Backoff::default();
        let ms = |retry, jitter| backoff.delay(retry, jitter).as_millis();
        assert_eq!(ms(0, 0.0), 500);
        assert_eq!(ms(0, 0.999), 500);
        assert_eq!(ms(1, 0.0), 500);
        assert_eq!(ms(1, 0.5), 750);
        assert_eq!(ms(2, 0.0), 1000);
        assert_eq!(ms(3, 0.999), 3998);
        assert_eq!(ms(4, 0.0), 2500);
        assert_eq!(ms(10, 0.999), 4997);
        assert_eq!(ms(u32::MAX, 0.999), 4997);
    }

    #[test]
    fn the_header_overrides_the_status_rule() {
        assert!(should_retry_response(500, None, None));
        assert!(should_retry_response(503, None, None));
        assert!(should_retry_response(409, None, None));
        assert!(should_retry_response(429, None, Some("lock_timeout")));
        assert!(!should_retry_response(429, None, Some("rate_limit")));
        assert!(!should_retry_response(400, None, None));
        assert!(!should_retry_response(500, Some("false"), None));
        assert!(should_retry_response(400, Some("true"), None));
    }
}
