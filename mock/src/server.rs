//! The HTTP server: one task per connection, each request authenticated, routed, validated and
//! answered, unless a test has queued a [`Fault`] for it.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::events::Origin;
use crate::fault::{Action, Fault};
use crate::form::{self, Node, Params};
use crate::received::ReceivedRequest;
use crate::respond;
use crate::spec::{MockApi, ResponseSchema};
use crate::store::{Call, Idempotency, Outcome, Store};
use crate::validate::{self, Rejection};
use crate::webhooks::WebhookAttempt;

/// The largest request body the server reads (Stripe's own file limit is 32 MB).
const MAX_BODY: usize = 64 * 1024 * 1024;
/// How many levels `expand[]` may go down (Stripe's limit).
const MAX_EXPAND_DEPTH: usize = 4;
/// How many past requests [`MockServer::received`] keeps: the newest.
pub const MAX_RECEIVED: usize = 1_000;
/// How long a client may take to send a request's head, then its body.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

struct State {
    api: Arc<MockApi>,
    faults: Mutex<VecDeque<Fault>>,
    /// The last [`MAX_RECEIVED`] requests, oldest first.
    received: Mutex<VecDeque<ReceivedRequest>>,
    /// The objects created so far, in the stateful mode.
    store: Option<Store>,
}

/// A request the mock refused: the HTTP status it would answer and Stripe's `error` object.
#[derive(Debug, Clone)]
pub struct Refused {
    /// 400, 402, 404, …
    pub status: u16,
    /// Stripe's error object (`type`, `message`, `code`, `param`).
    pub error: Value,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.error["message"].as_str().unwrap_or("refused");
        write!(f, "{} ({})", message, self.status)
    }
}

impl std::error::Error for Refused {}

/// A running mock server on a local port. Dropping it stops it.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use stripekit_mock::{MockApi, MockServer};
///
/// let api = Arc::new(MockApi::load("spec3.yaml".as_ref(), "fixtures3.json".as_ref())?);
/// let server = MockServer::start(api).await?;
/// println!("point the client at {}", server.url());
/// # Ok(()) }
/// ```
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl MockServer {
    /// Serves `api` on a free port of 127.0.0.1.
    pub async fn start(api: Arc<MockApi>) -> std::io::Result<MockServer> {
        MockServer::bind(api, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Serves `api` on a free port of 127.0.0.1 in the stateful mode: objects created through
    /// the API are kept, retrieved, updated, listed and deleted, and an id that does not exist
    /// is a 404 `resource_missing` (see the crate's documentation).
    pub async fn start_stateful(api: Arc<MockApi>) -> std::io::Result<MockServer> {
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        MockServer::serve(api, addr, true).await
    }

    /// Serves `api` on `addr`.
    pub async fn bind(api: Arc<MockApi>, addr: SocketAddr) -> std::io::Result<MockServer> {
        MockServer::serve(api, addr, false).await
    }

    /// Serves `api` on `addr` in the stateful mode.
    pub async fn bind_stateful(api: Arc<MockApi>, addr: SocketAddr) -> std::io::Result<MockServer> {
        MockServer::serve(api, addr, true).await
    }

    async fn serve(
        api: Arc<MockApi>,
        addr: SocketAddr,
        stateful: bool,
    ) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let store = stateful.then(|| Store::new(stopped.clone()));
        let state = Arc::new(State {
            api,
            faults: Mutex::new(VecDeque::new()),
            received: Mutex::new(VecDeque::new()),
            store,
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state), stopped));
        Ok(MockServer {
            addr,
            state,
            stop,
            task: Some(task),
        })
    }

    /// The base URL to give a client (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// In the stateful mode, forgets every object and idempotency key, as at the server's start
    /// (for tests that share a server); nothing otherwise.
    pub fn reset(&self) {
        if let Some(store) = &self.state.store {
            store.clear();
        }
    }

    /// The stateful mode's clock, in seconds since the Unix epoch: the system's time until
    /// [`MockServer::set_time`] or [`MockServer::advance_time`], then the time they set. It
    /// gives `created` and event times, and ages idempotency keys (kept 24 hours). The stateless
    /// mode has no clock and answers the system's time.
    pub fn now(&self) -> i64 {
        match &self.state.store {
            Some(store) => store.clock.now(),
            None => crate::clock::system_now(),
        }
    }

    /// Stops the stateful mode's clock at `unix_seconds` (see [`MockServer::now`]).
    pub fn set_time(&self, unix_seconds: i64) {
        if let Some(store) = &self.state.store {
            store.clock.set(unix_seconds);
        }
    }

    /// Moves the stateful mode's clock on by `by` (whole seconds) and stops it there.
    pub fn advance_time(&self, by: std::time::Duration) {
        if let Some(store) = &self.state.store {
            store.clock.advance(by);
        }
    }

    /// The attempts to deliver events to webhook endpoints so far, oldest first (the last
    /// [`MAX_RECEIVED`]). Deliveries run in the background: a test waits for the one it expects.
    pub fn webhook_attempts(&self) -> Vec<WebhookAttempt> {
        match &self.state.store {
            Some(store) => store
                .webhooks
                .attempts
                .lock()
                .unwrap()
                .iter()
                .cloned()
                .collect(),
            None => Vec::new(),
        }
    }

    /// How deliveries are retried when an endpoint does not answer with a 2xx: `attempts` in
    /// all (at least 1), the second `first_delay` after the first, each later one after twice
    /// the delay before it. The default is 4 attempts from 200 ms (Stripe's own retries go on
    /// for days).
    pub fn set_webhook_retries(&self, attempts: u32, first_delay: std::time::Duration) {
        if let Some(store) = &self.state.store {
            *crate::store::lock(&store.webhooks.retry) = crate::webhooks::RetryPolicy {
                attempts: attempts.max(1),
                first_delay,
            };
        }
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
        let Some(store) = &self.state.store else {
            return Err(Refused {
                status: 400,
                error: crate::flows::invalid_request(
                    "Checkout Sessions are completed in the stateful mode only.",
                    None,
                    None,
                ),
            });
        };
        let origin = Origin {
            account: account.unwrap_or("").to_string(),
            ..Origin::default()
        };
        store
            .change(&self.state.api, &origin, |change| {
                crate::flows::complete_checkout_session(change, id)
            })
            .map_err(|refusal| Refused {
                status: refusal.status,
                error: refusal.error,
            })
    }

    /// Queues a fault. Faults apply in the order queued, each to as many requests as it says.
    pub fn inject(&self, fault: Fault) {
        crate::store::lock(&self.state.faults).push_back(fault);
    }

    /// The requests received so far, oldest first: the last [`MAX_RECEIVED`] of them.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.state
            .received
            .lock()
            .unwrap()
            .iter()
            .cloned()
            .collect()
    }

    /// Stops accepting connections, ends the open ones, and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = Arc::clone(&state);
                let mut stopped = stopped.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        handle(Arc::clone(&state), req)
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

type Answer = Response<Full<Bytes>>;

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Answer, DropConnection> {
    let request_id = next_request_id();
    let mut answer = handle_with_id(state, req, &request_id).await?;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        answer.headers_mut().insert("request-id", value);
    }
    Ok(answer)
}

async fn handle_with_id(
    state: Arc<State>,
    req: Request<Incoming>,
    request_id: &str,
) -> Result<Answer, DropConnection> {
    let (parts, body) = req.into_parts();
    let body =
        match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(_)) => {
                return Ok(error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The request body is too large.",
                    None,
                ));
            }
            Err(_) => {
                return Ok(error(
                    StatusCode::REQUEST_TIMEOUT,
                    "The request body took too long to arrive.",
                    None,
                ));
            }
        };
    let path = parts.uri.path().to_string();
    let request = ReceivedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.clone(),
    };
    {
        let mut received = crate::store::lock(&state.received);
        if received.len() == MAX_RECEIVED {
            received.pop_front();
        }
        received.push_back(request);
    }

    // The mock's own controls take no faults; `/v1/customers/` is `/v1/customers`.
    let fault = match path.starts_with("/_mock/") {
        true => None,
        false => take_fault(&state, path.trim_end_matches('/')),
    };
    let mut answer = match &fault {
        Some(fault) => {
            if !fault.delay.is_zero() {
                tokio::time::sleep(fault.delay).await;
            }
            match &fault.action {
                Action::Drop => return Err(DropConnection),
                Action::Answer { status, body } => json_answer(
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    body,
                ),
                Action::Proceed => answer(&state, &parts, &path, &body, request_id).await,
            }
        }
        None => answer(&state, &parts, &path, &body, request_id).await,
    };
    if let Some(retry) = fault.and_then(|f| f.should_retry) {
        answer.headers_mut().insert(
            "stripe-should-retry",
            HeaderValue::from_static(if retry { "true" } else { "false" }),
        );
    }
    Ok(answer)
}

fn take_fault(state: &State, path: &str) -> Option<Fault> {
    let mut faults = crate::store::lock(&state.faults);
    let index = faults.iter().position(|f| f.applies_to(path))?;
    let fault = &mut faults[index];
    fault.remaining = fault.remaining.saturating_sub(1);
    let taken = fault.clone();
    if fault.remaining == 0 {
        faults.remove(index);
    }
    Some(taken)
}

/// The normal answer: authentication, routing, parameters, then the response.
async fn answer(
    state: &State,
    parts: &hyper::http::request::Parts,
    path: &str,
    body: &Bytes,
    request_id: &str,
) -> Answer {
    let api = &*state.api;
    let authorized = api_key(&parts.headers)
        .is_some_and(|key| key.starts_with("sk_test_") && key.len() > "sk_test_".len());
    if !authorized {
        return error(
            StatusCode::UNAUTHORIZED,
            "Invalid API Key provided: the mock accepts a test secret key (`Authorization: Bearer sk_test_...`, or `sk_test_...:` as Basic credentials).",
            None,
        );
    }
    let method = parts.method.as_str();
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let origin = Origin {
        account: header("stripe-account").unwrap_or("").to_string(),
        request_id: Some(request_id.to_string()),
        idempotency_key: header("idempotency-key").map(str::to_string),
    };
    if path.starts_with("/_mock/") {
        let params = match read_params(parts, body).await {
            Ok(params) => params,
            Err(rejection) => return rejected(&rejection),
        };
        let store = state.store.as_ref();
        let (status, value) = crate::control::answer(store, api, &origin, (method, path), &params);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        return json_answer(status, &value);
    }
    // `/v1/customers/` is `/v1/customers`, for the answer and the store as for the routes.
    let path = path.trim_end_matches('/');
    let Some(matched) = api.route(method, path) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("Unrecognized request URL ({method}: {path})."),
            None,
        );
    };
    let params = match read_params(parts, body).await {
        Ok(params) => params,
        Err(rejection) => return rejected(&rejection),
    };
    if let Err(rejection) = validate::validate(api, &matched.route.params, &params) {
        return rejected(&rejection);
    }
    let schema = match &matched.route.response {
        ResponseSchema::Json(schema) => schema,
        ResponseSchema::Binary(media_type) => {
            let mut answer = Response::new(Full::new(Bytes::from_static(
                b"%PDF-1.4\n% stripe-mock\n%%EOF\n",
            )));
            if let Ok(value) = HeaderValue::from_str(media_type) {
                answer.headers_mut().insert(CONTENT_TYPE, value);
            }
            return answer;
        }
    };
    let expand = expand_list(&params);
    if let Some(deep) = expand
        .iter()
        .find(|path| path.split('.').count() > MAX_EXPAND_DEPTH)
    {
        return error(
            StatusCode::BAD_REQUEST,
            &format!(
                "You cannot expand more than {MAX_EXPAND_DEPTH} levels of a property ({deep})."
            ),
            Some("expand"),
        );
    }
    let mut value = respond::body(api, &matched, schema, path, &params);
    let Some(store) = &state.store else {
        return match respond::expand(api, &mut value, schema, &expand, &|_| None) {
            Ok(()) => json_answer(StatusCode::OK, &value),
            Err(rejection) => rejected(&rejection),
        };
    };
    let request = StatefulRequest {
        parts,
        body,
        route: matched.route,
        path,
        params: &params,
        schema,
        expand: &expand,
    };
    stateful_answer(store, api, origin, request, value)
}

/// A request to the stateful mode, validated.
struct StatefulRequest<'a> {
    parts: &'a hyper::http::request::Parts,
    body: &'a Bytes,
    route: &'a crate::spec::Route,
    path: &'a str,
    params: &'a Params,
    schema: &'a Value,
    expand: &'a [String],
}

/// The stateful mode's answer to a validated request whose stateless answer is `value`: its
/// idempotency key looked up, the store's answer, the stored objects expanded, the key's answer
/// remembered (or the key given back when the request did not run).
fn stateful_answer(
    store: &Store,
    api: &MockApi,
    origin: Origin,
    request: StatefulRequest<'_>,
    value: Value,
) -> Answer {
    let StatefulRequest {
        parts,
        body,
        route,
        path,
        params,
        schema,
        expand,
    } = request;
    let method = parts.method.as_str();
    // What cannot be expanded is refused before anything changes.
    if let Err(rejection) = respond::expand(api, &mut value.clone(), schema, expand, &|_| None) {
        return rejected(&rejection);
    }
    let key = origin
        .idempotency_key
        .as_deref()
        .filter(|_| method == "POST");
    // What a request is, for its idempotency key: its query and its body.
    let fingerprint = {
        let mut bytes = parts.uri.query().unwrap_or("").as_bytes().to_vec();
        bytes.push(b'\n');
        bytes.extend_from_slice(body);
        Bytes::from(bytes)
    };
    if let Some(key) = key {
        match store.idempotency(&origin.account, key, path, &fingerprint) {
            Idempotency::New => {}
            Idempotency::Replay(status, value) => {
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                let mut answer = json_answer(status, &value);
                answer
                    .headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
                return answer;
            }
            Idempotency::Conflict => return idempotency_conflict(key),
            Idempotency::InFlight => return idempotency_in_flight(),
        }
    }
    let call = Call {
        method,
        route,
        path,
        params,
        schema,
        origin: origin.clone(),
    };
    let (status, value) = match store.answer(api, &call, value) {
        Outcome::Answer(mut value) => {
            // Stored objects, and the spec's examples for ids the store does not have; the paths
            // were checked above.
            let _ = store.lookup(&origin.account, |stored| {
                respond::expand(api, &mut value, schema, expand, stored)
            });
            (200, value)
        }
        Outcome::Missing { kind, id } => {
            if let Some(key) = key {
                store.forget((&origin.account, key));
            }
            return missing(&kind, &id);
        }
        Outcome::Invalid { status, error } => {
            if let Some(key) = key {
                store.forget((&origin.account, key));
            }
            return error_answer(status, error);
        }
        Outcome::Refused { status, error } => (status, json!({ "error": error })),
    };
    if let Some(key) = key {
        store.remember((&origin.account, key), status, &value);
    }
    json_answer(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        &value,
    )
}

/// The key of `Authorization: Bearer <key>`, or of Basic authentication with the key as the user
/// name (`curl -u sk_test_…:`).
fn api_key(headers: &hyper::HeaderMap) -> Option<String> {
    use base64::Engine as _;
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    if let Some(key) = value.strip_prefix("Bearer ") {
        return Some(key.trim().to_string());
    }
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    Some(credentials.split(':').next()?.to_string())
}

/// The query string and the body (form or multipart) as one set of parameters.
async fn read_params(
    parts: &hyper::http::request::Parts,
    body: &Bytes,
) -> Result<Params, Rejection> {
    let invalid = |param: String| Rejection {
        message: format!("Invalid parameter: {param}"),
        param,
    };
    let mut params = Params::new();
    if let Some(query) = parts.uri.query() {
        form::decode_urlencoded(&mut params, query.as_bytes()).map_err(|e| invalid(e.param))?;
    }
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(content_type)
            .map_err(|_| invalid("(multipart boundary)".to_string()))?;
        let body = body.clone();
        let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| invalid(format!("(multipart: {e})")))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let node = if field.file_name().is_some() {
                field.bytes().await.map_err(|_| invalid(name.clone()))?;
                Node::File
            } else {
                Node::Text(field.text().await.map_err(|_| invalid(name.clone()))?)
            };
            form::insert(&mut params, &name, node).map_err(|e| invalid(e.param))?;
        }
    } else if !body.is_empty() {
        form::decode_urlencoded(&mut params, body).map_err(|e| invalid(e.param))?;
    }
    Ok(params)
}

/// The paths of `expand[]`, in order.
fn expand_list(params: &Params) -> Vec<String> {
    match params.get("expand") {
        Some(Node::Map(items)) => form::list_items(items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(_, n)| match n {
                Node::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A 400 naming the parameter at fault.
fn rejected(rejection: &Rejection) -> Answer {
    error(
        StatusCode::BAD_REQUEST,
        &rejection.message,
        Some(&rejection.param),
    )
}

/// A Stripe-shaped `invalid_request_error` (the only kind of error the mock finds by itself).
fn error(status: StatusCode, message: &str, param: Option<&str>) -> Answer {
    let mut error = json!({ "type": "invalid_request_error", "message": message });
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    json_answer(status, &json!({ "error": error }))
}

/// Stripe's 400 for an idempotency key used again with another request.
fn idempotency_conflict(key: &str) -> Answer {
    let error = json!({
        "type": "idempotency_error",
        "message": format!(
            "Keys for idempotent requests can only be used with the same parameters they were \
             first used with. Try using a key other than '{key}' if you meant to execute a \
             different request."
        ),
    });
    json_answer(StatusCode::BAD_REQUEST, &json!({ "error": error }))
}

/// Stripe's 409 for a request whose idempotency key another request is using.
fn idempotency_in_flight() -> Answer {
    let error = json!({
        "type": "idempotency_error",
        "message": "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.",
    });
    json_answer(StatusCode::CONFLICT, &json!({ "error": error }))
}

/// Stripe's 404 for an id that does not exist.
fn missing(kind: &str, id: &str) -> Answer {
    let error = json!({
        "type": "invalid_request_error",
        "code": "resource_missing",
        "message": format!("No such {kind}: '{id}'"),
        "param": "id",
        "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
    });
    json_answer(StatusCode::NOT_FOUND, &json!({ "error": error }))
}

/// An error answer with Stripe's `error` object.
fn error_answer(status: u16, error: Value) -> Answer {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    json_answer(status, &json!({ "error": error }))
}

fn json_answer(status: StatusCode, value: &Value) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(value.to_string())));
    *answer.status_mut() = status;
    answer
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    answer
}

/// A new `Request-Id` (`req_mock0000000001`), unique within the process.
fn next_request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("req_mock{:010}", NEXT.fetch_add(1, Ordering::Relaxed))
}
