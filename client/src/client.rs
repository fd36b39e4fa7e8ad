//! The client: a key, base URLs and defaults, over one pooled HTTP client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::error::Error;
use crate::hooks::{Attempt, Hooks};
use crate::retry::Backoff;
use crate::secret::SecretKey;
use crate::transport::Transport;

/// The API's base URL.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";
/// The base URL of file uploads.
pub const DEFAULT_FILES_BASE: &str = "https://files.stripe.com";
/// The time limit of one attempt, as in Stripe's own SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);
/// How many times a failed attempt is retried, as in Stripe's own SDKs.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// A Stripe client. Cheap to clone: clones share the connection pool (the transport).
///
/// ```no_run
/// # async fn run() -> Result<(), stripekit_client::Error> {
/// use stripekit_api_2022_11_15::CreateCustomer;
/// use stripekit_client::{Client, SendRequest};
///
/// let client = Client::new("sk_test_...");
/// let customer = CreateCustomer::new()
///     .email("jenny@example.com")
///     .send(&client)
///     .await?;
/// println!("created {}", customer.id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) key: SecretKey,
    pub(crate) api_base: Url,
    pub(crate) files_base: Url,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) backoff: Backoff,
    pub(crate) stripe_account: Option<String>,
    pub(crate) stripe_context: Option<String>,
    /// `None`: the version each request was generated from.
    pub(crate) stripe_version: Option<String>,
    pub(crate) user_agent: String,
    pub(crate) hooks: Hooks,
}

impl Client {
    /// A client with the default settings.
    ///
    /// # Panics
    ///
    /// If the TLS backend cannot be initialised (as `reqwest::Client::new` does), or without the
    /// `reqwest` feature (no transport); use [`Client::builder`] to get that as an error.
    pub fn new(secret_key: impl Into<SecretKey>) -> Client {
        ClientBuilder::new(secret_key)
            .build()
            .expect("the default client configuration is valid")
    }

    /// A builder to change the defaults.
    pub fn builder(secret_key: impl Into<SecretKey>) -> ClientBuilder {
        ClientBuilder::new(secret_key)
    }

    /// The `User-Agent` the client sends.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("key", &inner.key)
            .field("api_base", &inner.api_base.as_str())
            .field("files_base", &inner.files_base.as_str())
            .field("timeout", &inner.timeout)
            .field("max_retries", &inner.max_retries)
            .field("stripe_account", &inner.stripe_account)
            .field("hooks", &inner.hooks)
            .finish_non_exhaustive()
    }
}

/// Settings of a [`Client`]; every one has the default of Stripe's own SDKs.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    key: SecretKey,
    api_base: String,
    files_base: String,
    timeout: Duration,
    max_retries: u32,
    backoff: Backoff,
    stripe_account: Option<String>,
    stripe_context: Option<String>,
    stripe_version: Option<String>,
    app_info: Option<String>,
    allow_plain_http: bool,
    transport: Option<SharedTransport>,
    hooks: Hooks,
}

/// The transport a builder was given.
#[derive(Clone)]
struct SharedTransport(Arc<dyn Transport>);

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transport of your own")
    }
}

impl ClientBuilder {
    /// The defaults, with `secret_key`.
    pub fn new(secret_key: impl Into<SecretKey>) -> Self {
        ClientBuilder {
            key: secret_key.into(),
            api_base: DEFAULT_API_BASE.into(),
            files_base: DEFAULT_FILES_BASE.into(),
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff: Backoff::default(),
            stripe_account: None,
            stripe_context: None,
            stripe_version: None,
            app_info: None,
            allow_plain_http: false,
            transport: None,
            hooks: Hooks::default(),
        }
    }

    /// Sends API requests to `url` instead of `https://api.stripe.com` (a local mock server, a
    /// proxy).
    pub fn api_base(mut self, url: impl Into<String>) -> Self {
        self.api_base = url.into();
        self
    }

    /// Sends file uploads to `url` instead of `https://files.stripe.com`.
    pub fn files_base(mut self, url: impl Into<String>) -> Self {
        self.files_base = url.into();
        self
    }

    /// The time limit of each attempt (default 80 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed attempt is retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The waits between retries (default from 0.5 s, doubling, capped at 5 s, with jitter).
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Acts as this connected account on every request (`Stripe-Account`).
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// Acts in this context on every request (`Stripe-Context`), unless a request's
    /// [`RequestOptions`](crate::RequestOptions) sets another.
    pub fn stripe_context(mut self, context: impl Into<String>) -> Self {
        self.stripe_context = Some(context.into());
        self
    }

    /// Sends this API version (`Stripe-Version`) on every request instead of the version each
    /// typed request was generated from (its `StripeRequest::API_VERSION`), and on raw requests,
    /// which otherwise send none (Stripe then uses the account's default version).
    ///
    /// Meant for [raw requests](Client::raw_request): typed requests and responses keep the
    /// shapes of their own version, so a typed response of another version can fail to decode.
    pub fn stripe_version(mut self, version: impl Into<String>) -> Self {
        self.stripe_version = Some(version.into());
        self
    }

    /// Sends every request through your own `reqwest::Client`: for a proxy, custom root
    /// certificates, a local address to bind, or a pool shared with the rest of your program.
    ///
    /// The SDK still sets its headers, the timeout of each attempt and the retries on every
    /// request; the client's own settings (default headers, redirects, TLS) apply under them.
    /// Without one, the SDK builds `reqwest::Client::new()`'s equivalent, which uses the proxy
    /// that the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` environment variables
    /// name (`reqwest`'s system proxy). The same as
    /// `.transport(ReqwestTransport::new(client))`.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     .build()?;
    /// let client = stripekit_client::Client::builder("sk_test_...").http_client(http).build()?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "reqwest")]
    pub fn http_client(self, client: reqwest::Client) -> Self {
        self.transport(crate::transport::ReqwestTransport::new(client))
    }

    /// Sends every attempt of every request through `transport` instead of reqwest: a test
    /// double (the `testing` feature's `TestTransport`), a recorder, or another HTTP stack.
    /// Everything above one HTTP exchange still runs in the client: headers, idempotency keys,
    /// the time limit of each attempt, retries, decoding and errors (see
    /// [`Transport`](crate::transport::Transport)).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(SharedTransport(Arc::new(transport)));
        self
    }

    /// Names your application in the `User-Agent`, as Stripe asks plugin authors to.
    pub fn app_info(mut self, name: &str, version: Option<&str>, url: Option<&str>) -> Self {
        let mut info = name.to_string();
        if let Some(version) = version {
            info.push('/');
            info.push_str(version);
        }
        if let Some(url) = url {
            info.push_str(&format!(" ({url})"));
        }
        self.app_info = Some(info);
        self
    }

    /// Allows plain `http://` base URLs to hosts other than the loopback interface. Without it,
    /// only `https://` and `http://` to `localhost` or a loopback address are accepted, so that
    /// the key is never sent in the clear by mistake.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// Calls `hook` after every attempt of every request that was sent, with what was sent and
    /// answered (method, path template, status, request id, duration, whether it is retried;
    /// never a body or a key; see [`Attempt`]): for metrics and logs of your own. Callbacks run
    /// in the order they were added, on the task that sends the request, so they should be
    /// quick, and must not panic: a panic unwinds through the request.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let retried = Arc::new(AtomicU64::new(0));
    /// let counter = retried.clone();
    /// let client = stripekit_client::Client::builder("sk_test_...")
    ///     .on_attempt(move |attempt| {
    ///         if attempt.will_retry {
    ///             counter.fetch_add(1, Ordering::Relaxed);
    ///         }
    ///     })
    ///     .build()?;
    /// # Ok::<(), stripekit_client::Error>(())
    /// ```
    pub fn on_attempt(mut self, hook: impl Fn(&Attempt<'_>) + Send + Sync + 'static) -> Self {
        self.hooks.0.push(std::sync::Arc::new(hook));
        self
    }

    /// The client, or [`Error::Config`] for a base URL it will not use.
    pub fn build(self) -> Result<Client, Error> {
        let api_base = self.base_url(&self.api_base)?;
        let files_base = self.base_url(&self.files_base)?;
        let transport = match self.transport {
            Some(SharedTransport(transport)) => transport,
            None => default_transport()?,
        };
        let mut user_agent = format!("Stripe/v1 RustBindings/{}", env!("CARGO_PKG_VERSION"));
        if let Some(info) = &self.app_info {
            user_agent.push(' ');
            user_agent.push_str(info);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                key: self.key,
                api_base,
                files_base,
                timeout: self.timeout,
                max_retries: self.max_retries,
                backoff: self.backoff,
                stripe_account: self.stripe_account,
                stripe_context: self.stripe_context,
                stripe_version: self.stripe_version,
                user_agent,
                hooks: self.hooks,
            }),
        })
    }

    fn base_url(&self, text: &str) -> Result<Url, Error> {
        let url = Url::parse(text).map_err(|e| Error::Config(format!("base URL `{text}`: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_plain_http || is_loopback(&url) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL `{text}` is plain http to a host that is not loopback; \
                     use https, or allow_plain_http(true)"
                )));
            }
            other => {
                return Err(Error::Config(format!(
                    "base URL `{text}` has the scheme `{other}`; use https"
                )));
            }
        }
        Ok(url)
    }
}

/// reqwest with its defaults, when the builder was given no transport.
#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| Error::Config(format!("the HTTP client: {e}")))?;
    Ok(Arc::new(crate::transport::ReqwestTransport::new(client)))
}

/// Without the `reqwest` feature there is no transport but the one the builder is given.
#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::Config(
        "no transport: give one with `ClientBuilder::transport`, or turn on the `reqwest` \
         feature of `stripekit-client`"
            .into(),
    ))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_unless_loopback_or_allowed() {
        let build = |url: &str, allow| {
            Client::builder("sk_test_x")
                .api_base(url)
                .allow_plain_http(allow)
                .build()
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert!(build("https://api.example.com", false).is_ok());
        assert!(build("http://127.0.0.1:12111", false).is_ok());
        assert!(build("http://localhost:12111", false).is_ok());
        assert!(build("http://[::1]:12111", false).is_ok());
        let refused = build("http://stripe-mock.internal:12111", false).unwrap_err();
        assert!(refused.contains("plain http"), "{refused}");
        assert!(build("http://stripe-mock.internal:12111", true).is_ok());
        assert!(build("ftp://example.com", true).is_err());
        assert!(build("not a url", false).is_err());
    }

    #[test]
    fn debug_never_shows_the_key() {
        let client = Client::new("sk_test_supersecret123");
        let debug = format!("{client:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("sk_test_"), "{debug}");
    }

    #[test]
    fn user_agent_names_the_bindings_and_the_app() {
        let client = Client::builder("sk_test_x")
            .app_info("MyPlugin", Some("1.2.0"), Some("https://example.com"))
            .build()
            .unwrap();
        assert_eq!(
            client.user_agent(),
            format!(
                "Stripe/v1 RustBindings/{} MyPlugin/1.2.0 (https://example.com)",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
