//! A real HTTP server on 127.0.0.1, in process, that records every request and answers with
//! what the test's responder returns; and a server that drops every connection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use stripekit::{Client, ClientBuilder, retry::Backoff};

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The body, or the query for a request without one, as text.
    pub fn params(&self) -> String {
        if self.body.is_empty() {
            self.query.clone().unwrap_or_default()
        } else {
            String::from_utf8(self.body.to_vec()).unwrap()
        }
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("request-id", "req_test123".into())],
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn error(status: u16, kind: &str, code: Option<&str>) -> Reply {
        let mut error = serde_json::json!({"type": kind, "message": format!("a {kind}")});
        if let Some(code) = code {
            error["code"] = code.into();
        }
        Reply::json(status, serde_json::json!({ "error": error }))
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts a server whose answer to the `n`th request (from 0) is `respond(request, n)`.
    pub async fn start(respond: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let respond: Arc<Responder> = Arc::new(respond);
        let state = (seen.clone(), respond);
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let (seen, respond) = state.clone();
                async move {
                    let request = Seen {
                        method,
                        path: uri.path().to_string(),
                        query: uri.query().map(str::to_string),
                        headers,
                        body,
                    };
                    let n = {
                        let mut seen = seen.lock().unwrap();
                        seen.push(request.clone());
                        seen.len() - 1
                    };
                    let reply = respond(&request, n);
                    tokio::time::sleep(reply.delay).await;
                    let mut response: Response =
                        (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
                    response
                        .headers_mut()
                        .insert("content-type", "application/json".parse().unwrap());
                    for (name, value) in reply.headers {
                        response.headers_mut().insert(name, value.parse().unwrap());
                    }
                    response
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { base, seen }
    }

    /// A server that always answers `reply`.
    pub async fn always(reply: Reply) -> Server {
        Server::start(move |_, _| reply.clone()).await
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// A client of this server (API and files), with short waits between retries.
    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }

    pub fn builder(&self) -> ClientBuilder {
        client_builder(&self.base)
    }
}

pub fn client_builder(base: &str) -> ClientBuilder {
    Client::builder("sk_test_123secret")
        .api_base(base)
        .files_base(base)
        .backoff(Backoff {
            initial: Duration::from_millis(5),
            max: Duration::from_millis(20),
        })
}

/// A server that accepts connections and closes them at once, without answering. Returns its
/// base URL and the number of connections it accepted.
pub async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            // Linger 0: closing sends a reset instead of an orderly shutdown.
            let _ = socket.set_zero_linger();
            drop(socket);
        }
    });
    (base, accepted)
}

/// A customer as the API returns it (the fields it always has).
pub fn customer(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "object": "customer",
        "created": 1_700_000_000,
        "livemode": false,
    })
}
