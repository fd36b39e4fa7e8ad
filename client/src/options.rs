//! Options of one request, which override the client's defaults.

use std::time::Duration;

use crate::secret::SecretKey;

/// Per-request options: the API key, the connected account and context, the API version, the
/// idempotency key, the timeout and the number of retries. Unset options use the client's.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The API key of this request instead of the client's: a platform acting with each
    /// merchant's key, or a restricted key for one job, over the client's one connection pool.
    /// Its `Debug` shows only the kind of key. The client's `Stripe-Account`, if it has one, is
    /// still sent: set `stripe_account` here, or none on the client, when the key is the
    /// account's own.
    pub api_key: Option<SecretKey>,
    /// `Stripe-Account`: act as this connected account.
    pub stripe_account: Option<String>,
    /// `Stripe-Context`: the context (an account, or a path of accounts) the request acts in.
    pub stripe_context: Option<String>,
    /// `Stripe-Version`: the API version of this request instead of the client's, or the one
    /// a typed request was generated from. Meant for [raw requests](crate::Client::raw_request):
    /// a typed response is decoded as its own version describes it.
    pub stripe_version: Option<String>,
    /// `Idempotency-Key` of a `POST` (by default a new UUID v4 per call, the same on every retry).
    pub idempotency_key: Option<String>,
    /// The time limit of each attempt.
    pub timeout: Option<Duration>,
    /// How many times a failed attempt may be retried.
    pub max_retries: Option<u32>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends the request with `key` (`sk_…`, `rk_…`) instead of the client's key.
    #[must_use]
    pub fn api_key(mut self, key: impl Into<SecretKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Acts as the connected account `account` (`acct_…`).
    #[must_use]
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// Acts in this context (`Stripe-Context`).
    #[must_use]
    pub fn stripe_context(mut self, context: impl Into<String>) -> Self {
        self.stripe_context = Some(context.into());
        self
    }

    /// Sends this API version (`Stripe-Version`) instead of the client's. Meant for raw
    /// requests: typed responses are decoded as their own version describes them.
    #[must_use]
    pub fn stripe_version(mut self, version: impl Into<String>) -> Self {
        self.stripe_version = Some(version.into());
        self
    }

    /// Uses this idempotency key instead of a generated one.
    #[must_use]
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Limits each attempt to `timeout`.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries a failed attempt at most `retries` times.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
}
