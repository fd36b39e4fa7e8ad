//! Every retry decision of the client: whether a failed attempt is retried, and how long to wait
//! before the next one.
//!
//! The rules of Stripe's own SDKs: retry connection errors and timeouts, `409 Conflict`,
//! `429` with the code `lock_timeout`, and every `5xx`; a `Stripe-Should-Retry` header in the
//! response overrides the rule either way. A request the client cannot encode is refused before
//! its first attempt. Waits grow exponentially from the initial delay, are capped, and are
//! jittered so that many clients do not retry in step. A `POST` carries the same idempotency key on every attempt, so
//! a retry never applies it twice.

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
    let bits = crate::random::bytes().map_or(0, u64::from_le_bytes) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// How an attempt failed, as far as retrying goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure<'a> {
    /// Stripe answered with an error status.
    Response {
        status: u16,
        /// The `Stripe-Should-Retry` header, if any.
        should_retry_header: Option<&'a str>,
        /// The `code` of the error body, if any.
        error_code: Option<&'a str>,
    },
    /// No complete response: a timeout or a connection error.
    Transport,
}

/// Whether an attempt that failed this way is worth another one.
pub(crate) fn is_retryable(failure: Failure<'_>) -> bool {
    match failure {
        Failure::Response {
            status,
            should_retry_header,
            error_code,
        } => match should_retry_header {
            Some("true") => true,
            Some("false") => false,
            _ => {
                status == 409
                    || (status == 429 && error_code == Some("lock_timeout"))
                    || status >= 500
            }
        },
        Failure::Transport => true,
    }
}

/// The wait before the next attempt after `retries_done` retries, or `None` when the failure
/// is final: not retryable, or no retry left of `max_retries`.
pub(crate) fn next_attempt(
    backoff: &Backoff,
    retryable: bool,
    retries_done: u32,
    max_retries: u32,
) -> Option<Duration> {
    (retryable && retries_done < max_retries).then(|| backoff.delay(retries_done, random_jitter()))
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

    fn response(status: u16, header: Option<&str>, code: Option<&str>) -> bool {
        is_retryable(Failure::Response {
            status,
            should_retry_header: header,
            error_code: code,
        })
    }

    #[test]
    fn the_header_overrides_the_status_rule() {
        assert!(response(500, None, None));
        assert!(response(503, None, None));
        assert!(response(409, None, None));
        assert!(response(429, None, Some("lock_timeout")));
        assert!(!response(429, None, Some("rate_limit")));
        assert!(!response(400, None, None));
        assert!(!response(500, Some("false"), None));
        assert!(response(400, Some("true"), None));
    }

    #[test]
    fn transport_failures_are_retried_and_refused_requests_are_not() {
        assert!(is_retryable(Failure::Transport));
    }

    #[test]
    fn retries_stop_when_used_up_or_not_retryable() {
        let backoff = Backoff::default();
        assert!(next_attempt(&backoff, true, 0, 2).is_some());
        assert!(next_attempt(&backoff, true, 1, 2).is_some());
        assert_eq!(next_attempt(&backoff, true, 2, 2), None);
        assert_eq!(next_attempt(&backoff, false, 0, 2), None);
        assert_eq!(next_attempt(&backoff, true, 0, 0), None);
    }
}
