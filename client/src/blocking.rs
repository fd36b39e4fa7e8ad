//! The client for synchronous code (the `blocking` feature): command-line tools, scripts, web
//! frameworks that are not async.
//!
//! A [`Client`] here owns a small Tokio runtime (one thread: the caller's) and waits on it for
//! each request, so it sends exactly what the async client sends, with the same retries, time
//! limits, idempotency keys, hooks and errors. Typed requests are sent with this module's
//! [`SendRequest`]; lists and searches become iterators over every object of every page.
//!
//! Do not use it from async code: waiting inside a runtime would stall it, and Tokio panics
//! when asked to ("Cannot start a runtime from within a runtime"). There, use the async
//! [`crate::Client`]. Clones share the runtime and the connection pool, and may be used from
//! several threads at once.
//!
//! ```no_run
//! use stripekit_api_2022_11_15::{CreateCustomer, ListCustomers};
//! use stripekit_client::blocking::{Client, SendRequest};
//!
//! # fn run() -> Result<(), stripekit_client::Error> {
//! let client = Client::new("sk_test_...");
//! let customer = CreateCustomer::new().email("jenny@example.com").send(&client)?;
//! for customer in client.paginate(ListCustomers::new().limit(100)) {
//!     println!("{}", customer?.id);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use stripekit_types::{FromJson, ListRequest, Method, SearchRequest, StripeRequest};
use tokio::runtime::Runtime;

use crate::client::ClientBuilder;
use crate::error::Error;
use crate::options::RequestOptions;
use crate::secret::SecretKey;

/// A Stripe client for synchronous code. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    client: crate::Client,
    runtime: Arc<Runtime>,
}

impl Client {
    /// A client with the default settings.
    ///
    /// # Panics
    ///
    /// If the TLS backend or the runtime cannot be initialised; use
    /// [`ClientBuilder::build_blocking`] to get that as an error.
    pub fn new(secret_key: impl Into<SecretKey>) -> Client {
        ClientBuilder::new(secret_key)
            .build_blocking()
            .expect("the default client configuration is valid")
    }

    /// A builder to change the defaults; finish it with
    /// [`build_blocking`](ClientBuilder::build_blocking).
    pub fn builder(secret_key: impl Into<SecretKey>) -> ClientBuilder {
        ClientBuilder::new(secret_key)
    }

    /// Sends `request` with the client's defaults and waits for the answer.
    pub fn send<R: StripeRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.runtime.block_on(self.client.send(request))
    }

    /// Sends `request` with per-request `options` and waits for the answer.
    pub fn send_with<R: StripeRequest>(
        &self,
        request: &R,
        options: &RequestOptions,
    ) -> Result<R::Response, Error> {
        self.runtime
            .block_on(self.client.send_with(request, options))
    }

    /// Every object of a list, across all its pages: each page is asked for when the iterator
    /// reaches it. An error ends the iteration after it is yielded.
    pub fn paginate<R>(&self, request: R) -> Paginated<R::Item>
    where
        R: ListRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.paginate_with(request, RequestOptions::default())
    }

    /// [`Client::paginate`] with options for every page.
    pub fn paginate_with<R>(&self, request: R, options: RequestOptions) -> Paginated<R::Item>
    where
        R: ListRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.iterate(self.client.paginate_with(request, options))
    }

    /// Every result of a search, across all its pages.
    pub fn search_all<R>(&self, request: R) -> Paginated<R::Item>
    where
        R: SearchRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.search_all_with(request, RequestOptions::default())
    }

    /// [`Client::search_all`] with options for every page.
    pub fn search_all_with<R>(&self, request: R, options: RequestOptions) -> Paginated<R::Item>
    where
        R: SearchRequest + Send + Sync + 'static,
        R::Item: Send + 'static,
    {
        self.iterate(self.client.search_all_with(request, options))
    }

    /// A request to any path of the API, as [`crate::Client::raw_request`] makes one.
    pub fn raw_request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            request: self.client.raw_request(method, path),
            runtime: &self.runtime,
        }
    }

    /// The async client this one waits on, for code that has both.
    pub fn as_async(&self) -> &crate::Client {
        &self.client
    }

    fn iterate<T>(
        &self,
        stream: impl Stream<Item = Result<T, Error>> + Send + 'static,
    ) -> Paginated<T> {
        Paginated {
            stream: Box::pin(stream),
            runtime: self.runtime.clone(),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.client)
            .finish()
    }
}

impl ClientBuilder {
    /// The [blocking client](Client) with these settings, or [`Error::Config`] for a setting it
    /// cannot use or a runtime it cannot start.
    pub fn build_blocking(self) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("the blocking client's runtime: {e}")))?;
        Ok(Client {
            client: self.build()?,
            runtime: Arc::new(runtime),
        })
    }
}

/// `request.send(&client)` from synchronous code: sending for every generated request.
pub trait SendRequest: StripeRequest {
    /// Sends the request with the client's defaults and waits for the answer.
    fn send(&self, client: &Client) -> Result<Self::Response, Error>;

    /// Sends the request with per-request options and waits for the answer.
    fn send_with(&self, client: &Client, options: &RequestOptions)
    -> Result<Self::Response, Error>;
}

impl<R: StripeRequest> SendRequest for R {
    fn send(&self, client: &Client) -> Result<Self::Response, Error> {
        client.send(self)
    }

    fn send_with(
        &self,
        client: &Client,
        options: &RequestOptions,
    ) -> Result<Self::Response, Error> {
        client.send_with(self, options)
    }
}

/// Every object of a list or a search, page after page; from [`Client::paginate`] and
/// [`Client::search_all`].
#[must_use = "an iterator sends nothing until it is iterated"]
pub struct Paginated<T> {
    stream: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
    runtime: Arc<Runtime>,
}

impl<T> Iterator for Paginated<T> {
    type Item = Result<T, Error>;

    /// The stream ends after an error, and so does the iteration.
    fn next(&mut self) -> Option<Result<T, Error>> {
        self.runtime.block_on(self.stream.next())
    }
}

impl<T> fmt::Debug for Paginated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Paginated")
    }
}

/// A request built by [`Client::raw_request`]; nothing is sent until [`send`](Self::send) or
/// [`send_json`](Self::send_json).
#[must_use = "a raw request does nothing until it is sent"]
pub struct RawRequest<'a> {
    request: crate::RawRequest<'a>,
    runtime: &'a Runtime,
}

impl RawRequest<'_> {
    /// The request's parameters, as [`crate::RawRequest::params`] takes them.
    pub fn params(mut self, params: &impl Serialize) -> Self {
        self.request = self.request.params(params);
        self
    }

    /// Per-request options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.request = self.request.options(options);
        self
    }

    /// Sends the request and decodes the answer into `T`, a type of the API (or
    /// [`serde_json::Value`]).
    pub fn send<T: FromJson>(self) -> Result<T, Error> {
        self.runtime.block_on(self.request.send())
    }

    /// Sends the request and returns the answer as JSON.
    pub fn send_json(self) -> Result<serde_json::Value, Error> {
        self.send()
    }
}

impl fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::RawRequest")
            .field(&self.request)
            .finish()
    }
}
