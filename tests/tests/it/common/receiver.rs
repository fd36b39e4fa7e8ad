//! A webhook endpoint for tests: a real HTTP server on 127.0.0.1 that keeps what it is sent and
//! answers with the statuses a test queues (200 once the queue is empty).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

/// One delivery as the endpoint received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub signature: String,
    pub body: Bytes,
}

#[derive(Default)]
struct Inner {
    received: Mutex<Vec<Received>>,
    statuses: Mutex<VecDeque<u16>>,
}

pub struct Receiver {
    pub url: String,
    inner: Arc<Inner>,
    _task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let inner = Arc::new(Inner::default());
        let app = axum::Router::new()
            .route("/webhooks", axum::routing::post(receive))
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver {
            url,
            inner,
            _task: task,
        }
    }

    /// Answers the next deliveries with these statuses, in order.
    pub fn answer_with(&self, statuses: &[u16]) {
        self.inner.statuses.lock().unwrap().extend(statuses);
    }

    /// What was received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner.received.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `count` deliveries have arrived, and answers them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..500 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "expected {count} deliveries within 10 s, got {}",
            self.received().len()
        );
    }
}

async fn receive(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    inner
        .received
        .lock()
        .unwrap()
        .push(Received { signature, body });
    let status = inner.statuses.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}
