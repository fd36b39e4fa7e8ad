//! The HTTP server: glue around [`handler::handle`]. One task per connection; each request's
//! body read (with limits), logged for [`MockServer::received`], given a `Request-Id`, and
//! answered, unless a test has queued a [`Fault`] for it.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::error::Refused;
use crate::events::Origin;
use crate::fault::{Action, Fault};
use crate::handler::{self, State};
use crate::ids;
use crate::mode::{self, Mode};
use crate::received::{MAX_RECEIVED, ReceivedRequest};
use crate::reply::{self, Reply};
use crate::spec::MockApi;
use crate::stateful;
use crate::sync::lock;
use crate::webhooks::WebhookAttempt;

/// The largest request body the server reads (Stripe's own file limit is 32 MB).
const MAX_BODY: usize = 64 * 1024 * 1024;
/// How long a client may take to send a request's head, then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How to start a [`MockServer`]: its spec, its mode, its address.
///
/// ```no_run
/// # async fn example(api: std::sync::Arc<stripekit_mock::MockApi>) -> std::io::Result<()> {
/// use stripekit_mock::MockServer;
///
/// let server = MockServer::builder(api).stateful().start().await?;
/// server.set_time(1_700_000_000);
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a builder does nothing until started"]
pub struct Builder<M: Mode = mode::Stateless> {
    api: Arc<MockApi>,
    addr: SocketAddr,
    mode: PhantomData<M>,
}

impl Builder<mode::Stateless> {
    /// Keeps what is created: objects are retrieved, updated, listed and deleted, an id that does
    /// not exist is a 404 `resource_missing`, flows run and webhooks are sent.
    pub fn stateful(self) -> Builder<mode::Stateful> {
        Builder {
            api: self.api,
            addr: self.addr,
            mode: PhantomData,
        }
    }
}

impl<M: Mode> Builder<M> {
    /// Listens on `addr` rather than a free port of 127.0.0.1.
    pub fn addr(mut self, addr: SocketAddr) -> Builder<M> {
        self.addr = addr;
        self
    }

    /// Binds the address and starts serving.
    pub async fn start(self) -> std::io::Result<MockServer<M>> {
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let stateful = M::STATEFUL.then(|| stateful::Stateful::start(stopped.clone()));
        let server = Arc::new(Server {
            state: State {
                api: self.api,
                stateful,
            },
            faults: Mutex::new(VecDeque::new()),
            received: Mutex::new(VecDeque::new()),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&server), stopped));
        Ok(MockServer {
            addr,
            server,
            stop,
            task: Some(task),
            mode: PhantomData,
        })
    }
}

/// What the connections share: the handler's state, the queued faults, the requests received.
struct Server {
    state: State,
    faults: Mutex<VecDeque<Fault>>,
    /// The last [`MAX_RECEIVED`] requests, oldest first.
    received: Mutex<VecDeque<ReceivedRequest>>,
}

/// A running mock server on a local port. Dropping it stops it.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use stripekit_mock::{MockApi, MockServer};
///
/// let api = Arc::new(MockApi::load("spec3.yaml".as_ref(), "fixtures3.json".as_ref())?);
/// let server = MockServer::builder(api).start().await?;
/// println!("point the client at {}", server.url());
/// # Ok(()) }
/// ```
pub struct MockServer<M: Mode = mode::Stateless> {
    addr: SocketAddr,
    server: Arc<Server>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    mode: PhantomData<M>,
}

impl MockServer {
    /// A server of `api`: stateless on a free port of 127.0.0.1 unless the builder says
    /// otherwise.
    pub fn builder(api: Arc<MockApi>) -> Builder {
        Builder {
            api,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            mode: PhantomData,
        }
    }
}

impl<M: Mode> MockServer<M> {
    /// The base URL to give a client (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a fault. Faults apply in the order queued, each to as many requests as it says.
    pub fn inject(&self, fault: Fault) {
        lock(&self.server.faults).push_back(fault);
    }

    /// The requests received so far, oldest first: the last [`MAX_RECEIVED`] of them.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.server.received).iter().cloned().collect()
    }

    /// Stops accepting connections, ends the open ones, and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl MockServer<mode::Stateful> {
    fn stateful(&self) -> &stateful::Stateful {
        (self.server.state.stateful.as_ref())
            .expect("a server started in the stateful mode has its store")
    }

    /// Forgets every object and idempotency key, as at the server's start (for tests that share
    /// a server).
    pub fn reset(&self) {
        self.stateful().store.clear();
    }

    /// The server's clock, in seconds since the Unix epoch: the system's time until
    /// [`MockServer::set_time`] or [`MockServer::advance_time`], then the time they set. It gives
    /// `created` and event times, and ages idempotency keys (kept 24 hours).
    pub fn now(&self) -> i64 {
        self.stateful().store.clock.now()
    }

    /// Stops the clock at `unix_seconds` (see [`MockServer::now`]).
    pub fn set_time(&self, unix_seconds: i64) {
        self.stateful().store.clock.set(unix_seconds);
    }

    /// Moves the clock on by `by` (whole seconds) and stops it there.
    pub fn advance_time(&self, by: Duration) {
        self.stateful().store.clock.advance(by);
    }

    /// The attempts to deliver events to webhook endpoints so far, oldest first (the last
    /// [`MAX_RECEIVED`]). Deliveries run in the background: [`MockServer::webhooks_settled`]
    /// waits for them.
    pub fn webhook_attempts(&self) -> Vec<WebhookAttempt> {
        self.stateful().webhooks.attempts()
    }

    /// Waits until every delivery of the events recorded so far has been taken by its endpoint
    /// or has used up its attempts. A test that expects no delivery (an endpoint that does not
    /// subscribe to the event) awaits this, then reads [`MockServer::webhook_attempts`].
    pub async fn webhooks_settled(&self) {
        self.stateful().webhooks.settled().await;
    }

    /// How deliveries are retried when an endpoint does not answer with a 2xx: `attempts` in
    /// all (at least 1), the second `first_delay` after the first, each later one after twice
    /// the delay before it. The default is 4 attempts from 200 ms (Stripe's own retries go on
    /// for days).
    pub fn set_webhook_retries(&self, attempts: u32, first_delay: Duration) {
        self.stateful().webhooks.set_retries(attempts, first_delay);
    }

    /// Completes the open Checkout Session `id` of `account` (`None` for the platform) as a
    /// customer paying with `pm_card_visa` would: in `payment` mode its PaymentIntent succeeds,
    /// in `subscription` mode a paid subscription starts (with a customer, created if the
    /// session has none), in `setup` mode its SetupIntent succeeds; then
    /// `checkout.session.completed` is recorded and sent. Answers the completed session. The
    /// same is `POST /_mock/checkout/sessions/{session}/complete`.
    pub fn complete_checkout_session(
        &self,
        account: Option<&str>,
        id: &str,
    ) -> Result<Value, Refused> {
        let origin = Origin {
            account: account.unwrap_or("").to_string(),
            ..Origin::default()
        };
        let api = &self.server.state.api;
        self.stateful().complete_checkout_session(api, &origin, id)
    }
}

impl<M: Mode> Drop for MockServer<M> {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(
    listener: TcpListener,
    server: Arc<Server>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let server = Arc::clone(&server);
                let mut stopped = stopped.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        exchange(Arc::clone(&server), request)
                    });
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(READ_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::select! {
                        _ = connection => {}
                        _ = stopped.changed() => {}
                    }
                });
            }
            _ = stopped.changed() => break,
        }
        // Finished connections are reaped as the loop goes, so the set stays small.
        while connections.try_join_next().is_some() {}
    }
    connections.shutdown().await;
}

/// The error that makes hyper close the connection without an answer.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on request")
    }
}

impl std::error::Error for DropConnection {}

/// One request and its answer, with a new `Request-Id`.
async fn exchange(
    server: Arc<Server>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let request_id = ids::request_id();
    let mut reply = match read_body(request).await {
        Ok(request) => {
            server.log(&request);
            server.answer(&request, &request_id).await?
        }
        Err(refused) => reply::refused(&refused),
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        reply.headers_mut().insert("request-id", value);
    }
    Ok(reply.map(Full::new))
}

/// The request with its whole body, or the refusal of a body too large or too slow.
async fn read_body(request: Request<Incoming>) -> Result<Request<Bytes>, Refused> {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
        Ok(Ok(collected)) => Ok(Request::from_parts(parts, collected.to_bytes())),
        Ok(Err(_)) => Err(Refused::invalid("The request body is too large.").status(413)),
        Err(_) => Err(Refused::invalid("The request body took too long to arrive.").status(408)),
    }
}

impl Server {
    /// Keeps `request` for [`MockServer::received`], dropping the oldest past [`MAX_RECEIVED`].
    fn log(&self, request: &Request<Bytes>) {
        let received = ReceivedRequest {
            method: request.method().to_string(),
            path: request.uri().path().to_string(),
            query: request.uri().query().map(str::to_string),
            headers: (request.headers().iter())
                .map(|(n, v)| {
                    let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (n.as_str().to_string(), value)
                })
                .collect(),
            body: request.body().clone(),
        };
        let mut log = lock(&self.received);
        if log.len() == MAX_RECEIVED {
            log.pop_front();
        }
        log.push_back(received);
    }

    /// The answer to `request`: the handler's, or what a queued fault says instead.
    async fn answer(
        &self,
        request: &Request<Bytes>,
        request_id: &str,
    ) -> Result<Reply, DropConnection> {
        let path = request.uri().path();
        // The mock's own controls take no faults; `/v1/customers/` is `/v1/customers`.
        let fault = match path.starts_with("/_mock/") {
            true => None,
            false => self.take_fault(path.trim_end_matches('/')),
        };
        let Some(fault) = fault else {
            return Ok(handler::handle(&self.state, request, request_id).await);
        };
        if !fault.delay.is_zero() {
            tokio::time::sleep(fault.delay).await;
        }
        let mut reply = match &fault.action {
            Action::Drop => return Err(DropConnection),
            Action::Answer { status, body } => reply::json(*status, body),
            Action::Proceed => handler::handle(&self.state, request, request_id).await,
        };
        if let Some(retry) = fault.should_retry {
            let value = HeaderValue::from_static(if retry { "true" } else { "false" });
            reply.headers_mut().insert("stripe-should-retry", value);
        }
        Ok(reply)
    }

    /// The first queued fault for `path`, counted as used once.
    fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let index = faults.iter().position(|f| f.applies_to(path))?;
        let fault = &mut faults[index];
        fault.remaining = fault.remaining.saturating_sub(1);
        let taken = fault.clone();
        if fault.remaining == 0 {
            faults.remove(index);
        }
        Some(taken)
    }
}
