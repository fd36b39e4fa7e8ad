//! The seam between the client and the network: one HTTP exchange at a time.
//!
//! The client prepares each attempt of a request (URL, headers, body) and hands it to a
//! [`Transport`], which sends it and returns the whole answer. Everything Stripe-specific stays
//! above the transport: keys, versions, idempotency keys, retries and their backoff, the time
//! limit of an attempt, decoding and errors. A transport only moves bytes, so a replacement one
//! (a proxy of your own, a recorder, the `TestTransport` of the `testing` feature) gets all of
//! that for free.
//!
//! `ReqwestTransport` (the `reqwest` feature, on by default) is the default.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

/// An error of a transport: why no complete answer came back.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What [`Transport::send`] returns: the answer, status, headers and whole body, or why there is
/// none.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, BoxError>> + Send + 'a>>;

/// Sends one HTTP request and reads its whole answer.
///
/// The request carries everything the client decided: the absolute URL, the headers
/// (`Authorization` is marked sensitive: a transport that logs must not print it), and the
/// body. The client bounds each call with the attempt's time limit, and retries according to
/// Stripe's rules when the call fails or the answer says so; a transport does neither. Any HTTP
/// status is an answer (`Ok`), including 4xx and 5xx: `Err` means no answer arrived (a refused
/// or broken connection, say), which the client reports as [`Error::Transport`] and retries.
///
/// [`Error::Transport`]: crate::Error::Transport
///
/// ```
/// use bytes::Bytes;
/// use stripekit_client::transport::{ReqwestTransport, Transport, TransportFuture};
///
/// /// Counts the requests it passes on to reqwest.
/// struct Counting {
///     inner: ReqwestTransport,
///     sent: std::sync::atomic::AtomicU64,
/// }
///
/// impl Transport for Counting {
///     fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
///         self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         self.inner.send(request)
///     }
/// }
///
/// let transport = Counting { inner: ReqwestTransport::default(), sent: 0.into() };
/// let client = stripekit_client::Client::builder("sk_test_...").transport(transport).build()?;
/// # Ok::<(), stripekit_client::Error>(())
/// ```
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and returns its answer with the whole body.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

/// The default transport: a [`reqwest::Client`], with its connection pool (the `reqwest`
/// feature, on by default).
#[cfg(feature = "reqwest")]
#[derive(Clone, Default)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// Sends through `client`: for a proxy, custom root certificates, a local address to bind,
    /// or a pool shared with the rest of your program.
    pub fn new(client: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { client }
    }
}

#[cfg(feature = "reqwest")]
impl std::fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReqwestTransport")
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(without_url)?;
            let mut response = self.client.execute(request).await.map_err(without_url)?;
            let status = response.status();
            let version = response.version();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await.map_err(without_url)?;
            let mut answer = http::Response::new(body);
            *answer.status_mut() = status;
            *answer.version_mut() = version;
            *answer.headers_mut() = headers;
            Ok(answer)
        })
    }
}

/// reqwest's error without the URL it quotes, whose query string can hold a parameter.
#[cfg(feature = "reqwest")]
fn without_url(error: reqwest::Error) -> BoxError {
    Box::new(error.without_url())
}
