//! Callbacks on every attempt of every request, for metrics and logs of your own.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What one attempt of a request sent and got back. It holds no body, no parameter and no key.
/// The path of a typed request is its template (`/v1/customers/{customer}`), so its ids stay
/// out too; a raw request's is its path without the query string.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The path template of a typed request, the path of a raw one without its query.
    pub path: &'a str,
    /// Which attempt of the request this was: 1 for the first, 2 for the first retry, …
    pub number: u32,
    /// The HTTP status; `None` when no answer came (a timeout or a connection error).
    pub status: Option<u16>,
    /// Stripe's `Request-Id` of the answer.
    pub request_id: Option<&'a str>,
    /// The `Idempotency-Key` of a `POST`, the same on every attempt.
    pub idempotency_key: Option<&'a str>,
    /// How long the attempt took.
    pub duration: Duration,
    /// Whether the client will try again.
    pub will_retry: bool,
}

/// A callback of [`crate::ClientBuilder::on_attempt`].
pub(crate) type Hook = Arc<dyn Fn(&Attempt<'_>) + Send + Sync>;

/// The callbacks of a client, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<Hook>);

impl Hooks {
    /// Calls every callback with `attempt`.
    pub(crate) fn call(&self, attempt: &Attempt<'_>) {
        for hook in &self.0 {
            hook(attempt);
        }
    }

    /// Whether there is no callback.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} attempt callbacks", self.0.len())
    }
}
