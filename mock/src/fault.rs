//! Failures a test asks the server for, to exercise a client's error handling.

use std::time::Duration;

use serde_json::Value;

use crate::error::Refused;

/// What the server does instead of answering normally, for the next request or the next few.
///
/// ```
/// # use std::time::Duration;
/// # use stripekit_mock::Fault;
/// // Two 500s that say "retry", then normal answers.
/// let fault = Fault::status(500).should_retry(true).times(2);
/// // One answer held back for half a second, then given normally.
/// let slow = Fault::delay(Duration::from_millis(500));
/// // One connection closed without an answer, only for requests to this path.
/// let drop = Fault::drop_connection().on_path("/v1/customers");
/// # let _ = (fault, slow, drop);
/// ```
#[derive(Debug, Clone)]
pub struct Fault {
    pub(crate) action: Action,
    pub(crate) delay: Duration,
    pub(crate) should_retry: Option<bool>,
    pub(crate) path: Option<String>,
    pub(crate) remaining: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Action {
    Answer {
        status: u16,
        body: Value,
    },
    /// Answer normally (after the delay).
    Proceed,
    /// Close the connection without an answer.
    Drop,
}

impl Fault {
    /// Answer with this status and a Stripe-shaped error body that suits it.
    pub fn status(status: u16) -> Fault {
        let (kind, message) = match status {
            402 => ("card_error", "Your card was declined."),
            429 => (
                "invalid_request_error",
                "Too many requests hit the API too quickly.",
            ),
            400..=499 => ("invalid_request_error", "The request was refused."),
            _ => (
                "api_error",
                "An error occurred with our API (injected by the mock).",
            ),
        };
        let mut error = Refused::new(status, kind, message);
        if status == 429 {
            error = error.code("rate_limit");
        }
        Fault::new(Action::Answer {
            status,
            body: error.body(),
        })
    }

    /// Hold the answer back for `delay`, then answer normally.
    pub fn delay(delay: Duration) -> Fault {
        Fault {
            delay,
            ..Fault::new(Action::Proceed)
        }
    }

    /// Close the connection without answering.
    pub fn drop_connection() -> Fault {
        Fault::new(Action::Drop)
    }

    fn new(action: Action) -> Fault {
        Fault {
            action,
            delay: Duration::ZERO,
            should_retry: None,
            path: None,
            remaining: 1,
        }
    }

    /// Answer with this JSON body instead of the default one (for [`Fault::status`]).
    pub fn body(mut self, body: Value) -> Fault {
        if let Action::Answer { body: b, .. } = &mut self.action {
            *b = body;
        }
        self
    }

    /// Send `Stripe-Should-Retry: true` or `false` with the answer.
    pub fn should_retry(mut self, retry: bool) -> Fault {
        self.should_retry = Some(retry);
        self
    }

    /// Wait this long before acting.
    pub fn after(mut self, delay: Duration) -> Fault {
        self.delay = delay;
        self
    }

    /// Apply to this many requests in a row (default 1).
    pub fn times(mut self, count: usize) -> Fault {
        self.remaining = count;
        self
    }

    /// Apply only to requests for this exact path (`/v1/customers`).
    pub fn on_path(mut self, path: impl Into<String>) -> Fault {
        self.path = Some(path.into());
        self
    }

    pub(crate) fn applies_to(&self, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
    }
}
