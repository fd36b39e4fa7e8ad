//! Unit tests of code that calls Stripe, with no server and no socket (the `testing` feature).
//!
//! A [`TestTransport`] stands where the network would be: it answers each attempt with the next
//! [`Reply`] of its queue, or from a function of the request, and records every request it was
//! given. The client above it runs as it does in production, so a test also exercises the
//! headers, idempotency keys, retries, time limits, decoding and errors.
//!
//! ```
//! use serde_json::json;
//! use stripekit_api_2022_11_15::{CreateCustomer, Customer};
//! use stripekit_client::testing::{Reply, TestTransport};
//! use stripekit_client::{Client, Error, SendRequest};
//!
//! // The code under test.
//! async fn sign_up(client: &Client, email: &str) -> Result<Customer, Error> {
//!     CreateCustomer::new().email(email).send(client).await
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let transport = TestTransport::new();
//! transport.push(Reply::error(503, json!({"type": "api_error", "message": "Try again"})));
//! transport.push(Reply::json(200, json!({"id": "cus_1", "object": "customer", "created": 1,
//!     "livemode": false, "email": "jenny@example.com"})));
//! let customer = sign_up(&transport.client(), "jenny@example.com").await.unwrap();
//! assert_eq!(customer.id, "cus_1");
//!
//! // Retried once, with the same idempotency key.
//! let sent = transport.requests();
//! assert_eq!(sent.len(), 2);
//! assert_eq!(sent[0].path(), "/v1/customers");
//! assert_eq!(sent[0].param("email").as_deref(), Some("jenny@example.com"));
//! assert_eq!(sent[0].header("idempotency-key"), sent[1].header("idempotency-key"));
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use stripekit_types::redact;

use crate::client::Client;
use crate::retry::Backoff;
use crate::transport::{BoxError, Transport, TransportFuture};

/// A transport that answers from a queue of [`Reply`]s, or from a function of the request, and
/// records what it was sent. Clones share the queue and the record, so keep one to read what
/// a client built on another sent.
#[derive(Clone, Default)]
pub struct TestTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<Reply>,
    respond: Option<Responder>,
    requests: Vec<RecordedRequest>,
}

type Responder = Box<dyn FnMut(&RecordedRequest) -> Reply + Send>;

impl TestTransport {
    /// A transport with an empty queue: [`push`](Self::push) the answers.
    pub fn new() -> TestTransport {
        TestTransport::default()
    }

    /// A transport that answers every request with `respond(request)`, once the queue is empty.
    ///
    /// ```
    /// use serde_json::json;
    /// use stripekit_client::testing::{Reply, TestTransport};
    ///
    /// let transport = TestTransport::from_fn(|request| match request.path() {
    ///     "/v1/balance" => Reply::json(200, json!({"object": "balance", "available": [],
    ///         "pending": [], "livemode": false})),
    ///     _ => Reply::error(404, json!({"type": "invalid_request_error",
    ///         "code": "resource_missing", "message": "No such object"})),
    /// });
    /// ```
    pub fn from_fn(
        respond: impl FnMut(&RecordedRequest) -> Reply + Send + 'static,
    ) -> TestTransport {
        let transport = TestTransport::default();
        transport.lock().respond = Some(Box::new(respond));
        transport
    }

    /// Queues `reply` as the answer to the next attempt that finds the queue before it empty.
    pub fn push(&self, reply: Reply) -> &TestTransport {
        self.lock().queue.push_back(reply);
        self
    }

    /// How many queued replies no attempt has taken yet.
    pub fn pending(&self) -> usize {
        self.lock().queue.len()
    }

    /// Every request sent through the transport, in order (each attempt of a retried request is
    /// one).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// A client with the key `sk_test_123` that sends through this transport and retries at
    /// once (no backoff waits), as a unit test wants; [`Client::builder`] with
    /// [`transport`](crate::ClientBuilder::transport) for other settings.
    pub fn client(&self) -> Client {
        Client::builder("sk_test_123")
            .transport(self.clone())
            .backoff(Backoff {
                initial: Duration::ZERO,
                max: Duration::ZERO,
            })
            .build()
            .expect("the default base URLs are valid")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves nothing half-written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for TestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("TestTransport")
            .field("queued", &state.queue.len())
            .field("responds_from_fn", &state.respond.is_some())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl Transport for TestTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        let (parts, body) = request.into_parts();
        let recorded = RecordedRequest {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        };
        let reply = {
            let mut state = self.lock();
            let number = state.requests.len() + 1;
            state.requests.push(recorded.clone());
            let reply = match state.queue.pop_front() {
                Some(reply) => Some(reply),
                None => state.respond.as_mut().map(|respond| respond(&recorded)),
            };
            reply.map(|reply| (reply, number))
        };
        Box::pin(async move {
            let Some((reply, number)) = reply else {
                return Err(BoxError::from(format!(
                    "the test transport has no reply left for {} {}",
                    recorded.method(),
                    recorded.path()
                )));
            };
            if let Some(delay) = reply.delay {
                tokio::time::sleep(delay).await;
            }
            reply.into_response(number)
        })
    }
}

/// A canned answer of a [`TestTransport`]: a status, headers and a body, or a connection that
/// fails. Each answer gets a `Request-Id` (`req_test_1`, `req_test_2`, … by the request's
/// number) unless it sets one.
#[derive(Clone, Debug)]
#[must_use]
pub struct Reply {
    outcome: Outcome,
    delay: Option<Duration>,
}

#[derive(Clone, Debug)]
enum Outcome {
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    ConnectionError(String),
}

impl Reply {
    /// A JSON answer: an object of the API (`200`), or anything else with any status.
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::body(status, body.to_string()).header("content-type", "application/json")
    }

    /// Stripe's error envelope around `error` (`{"error": error}`): `error` is the error object,
    /// with its `type` and, as the case needs, `code`, `decline_code`, `param`, `message`.
    pub fn error(status: u16, error: serde_json::Value) -> Reply {
        Reply::json(status, serde_json::json!({ "error": error }))
    }

    /// An answer with any body (a proxy's HTML page, JSON that does not parse, …).
    pub fn body(status: u16, body: impl Into<Bytes>) -> Reply {
        Reply {
            outcome: Outcome::Answer {
                status,
                headers: Vec::new(),
                body: body.into(),
            },
            delay: None,
        }
    }

    /// No answer: the connection fails with `message`, as a refused or reset connection does
    /// (the client reports [`Error::Transport`](crate::Error::Transport) and retries).
    pub fn connection_error(message: impl Into<String>) -> Reply {
        Reply {
            outcome: Outcome::ConnectionError(message.into()),
            delay: None,
        }
    }

    /// Adds a header to the answer (`Stripe-Should-Retry`, `Request-Id`, …).
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Outcome::Answer { headers, .. } = &mut self.outcome {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    /// Answers only after `delay`: longer than the client's timeout, the attempt times out.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    fn into_response(self, number: usize) -> Result<http::Response<Bytes>, BoxError> {
        let (status, headers, body) = match self.outcome {
            Outcome::Answer {
                status,
                headers,
                body,
            } => (status, headers, body),
            Outcome::ConnectionError(message) => return Err(message.into()),
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = http::StatusCode::from_u16(status)?;
        let map = response.headers_mut();
        for (name, value) in headers {
            map.append(
                HeaderName::try_from(name.as_str())?,
                HeaderValue::try_from(value.as_str())?,
            );
        }
        if !map.contains_key("request-id") {
            map.insert(
                "request-id",
                HeaderValue::try_from(format!("req_test_{number}"))?,
            );
        }
        Ok(response)
    }
}

/// A request a [`TestTransport`] was sent: what the client would have put on the wire.
///
/// Its `Debug` shows the method, path, header names and the parameters with sensitive values
/// (card numbers, client secrets, …) redacted; never the key.
#[derive(Clone)]
pub struct RecordedRequest {
    method: http::Method,
    uri: http::Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl RecordedRequest {
    /// The method (`POST`).
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The whole URL (`https://api.stripe.com/v1/customers?limit=3`).
    pub fn url(&self) -> String {
        self.uri.to_string()
    }

    /// The path (`/v1/customers/cus_1`).
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The query string, without its `?`, if there is one.
    pub fn query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// The value of header `name` (any case), if it was sent and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Every header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The parameters, decoded, in the order they were sent: those of the form body, or of the
    /// query string for a `GET` or a `DELETE`. Keys are as Stripe reads them
    /// (`metadata[order]`, `items[0][price]`, `expand[0]`).
    pub fn params(&self) -> Vec<(String, String)> {
        let encoded: &[u8] = if self.is_form() {
            &self.body
        } else {
            self.query().unwrap_or_default().as_bytes()
        };
        url::form_urlencoded::parse(encoded)
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }

    /// The first value of parameter `name` (`email`, `metadata[order]`).
    pub fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find_map(|(key, value)| (key == name).then_some(value))
    }

    /// The body as JSON, when it is JSON (a raw request to an API v2 path).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn is_form(&self) -> bool {
        self.header("content-type")
            .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"))
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("RecordedRequest");
        debug
            .field("method", &self.method())
            .field("path", &self.path())
            .field("query", &self.query().map(redact::form))
            .field("headers", &self.headers.keys().collect::<Vec<_>>());
        if self.is_form() {
            let body = String::from_utf8_lossy(&self.body);
            debug.field("body", &redact::form(&body));
        } else if let Some(json) = self.json() {
            debug.field("body", &redact::Json(&json));
        } else {
            debug.field("body", &format_args!("{} bytes", self.body.len()));
        }
        debug.finish()
    }
}
