//! Sending one event to one endpoint over real HTTP, signed as Stripe signs
//! (`Stripe-Signature: t=…,v1=…`, HMAC-SHA256 of `t.body` with the endpoint's secret), and
//! retried with a growing delay until the endpoint answers with a 2xx or the attempts run out.
//!
//! The signature's time is the system's, not the mock clock's, so that a receiver's tolerance
//! check passes whatever time the test has set. Endpoints are reached over plain `http://`.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::sync::watch;

/// How long an endpoint may take to answer one attempt (Stripe's own limit is similar).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client deliveries are sent with.
pub(super) type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// One event to send to one endpoint.
#[derive(Debug)]
pub(super) struct Delivery {
    pub endpoint: String,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub event_type: String,
    /// The account whose event it is (`""` for the platform).
    pub account: String,
    pub payload: String,
    /// Counts the delivery as unsettled until it is dropped.
    pub _unsettled: Unsettled,
}

/// One delivery not settled yet: counted in the sender's total from its creation until it is
/// dropped (delivered, given up, or abandoned when the server stops).
#[derive(Debug)]
pub(super) struct Unsettled(Arc<watch::Sender<usize>>);

impl Unsettled {
    /// Counts one more unsettled delivery in `count`.
    pub(super) fn new(count: &Arc<watch::Sender<usize>>) -> Unsettled {
        count.send_modify(|n| *n += 1);
        Unsettled(Arc::clone(count))
    }
}

impl Drop for Unsettled {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// One attempt to deliver an event, as [`crate::MockServer::webhook_attempts`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookAttempt {
    /// The webhook endpoint's id (`we_…`).
    pub endpoint: String,
    /// The event's id (`evt_…`).
    pub event_id: String,
    /// The event's type (`payment_intent.succeeded`).
    pub event_type: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The endpoint's answer, `None` when it did not answer (refused, timed out).
    pub status: Option<u16>,
}

impl WebhookAttempt {
    /// Whether the endpoint took the event (a 2xx answer).
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// How deliveries are retried: `attempts` in all, the second `first_delay` after the first,
/// each later one after twice the delay before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    pub attempts: u32,
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 4,
            first_delay: Duration::from_millis(200),
        }
    }
}

/// Attempts `delivery` until it is taken or `policy` gives up, calling `attempted` after each
/// attempt and `taken` (before that) when the endpoint took it.
pub(super) async fn deliver(
    client: HttpClient,
    delivery: Delivery,
    policy: RetryPolicy,
    taken: impl Fn(&Delivery),
    attempted: impl Fn(WebhookAttempt),
) {
    let mut delay = policy.first_delay;
    for attempt in 1..=policy.attempts.max(1) {
        let status = send_once(&client, &delivery).await;
        let record = WebhookAttempt {
            endpoint: delivery.endpoint.clone(),
            event_id: delivery.event_id.clone(),
            event_type: delivery.event_type.clone(),
            attempt,
            status,
        };
        let delivered = record.delivered();
        // The event's `pending_webhooks` counts down before the attempt is reported, so that a
        // test that sees the attempt sees the count it left.
        if delivered {
            taken(&delivery);
        }
        attempted(record);
        if delivered {
            return;
        }
        if attempt < policy.attempts {
            tokio::time::sleep(delay).await;
            delay = delay.saturating_mul(2);
        }
    }
}

/// One attempt: the endpoint's status, or `None` when it could not be reached in time.
async fn send_once(client: &HttpClient, delivery: &Delivery) -> Option<u16> {
    let timestamp = crate::clock::system_now();
    let signature = sign(&delivery.secret, timestamp, &delivery.payload);
    let request = Request::post(&delivery.url)
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )
        .header(
            USER_AGENT,
            HeaderValue::from_static("Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
        )
        .header("stripe-signature", format!("t={timestamp},v1={signature}"))
        .body(Full::new(Bytes::from(delivery.payload.clone())))
        .ok()?;
    let answered = tokio::time::timeout(ATTEMPT_TIMEOUT, async {
        let response = client.request(request).await.ok()?;
        let status = response.status().as_u16();
        // Read the answer to its end, so that the connection can be used again.
        let _ = response.into_body().collect().await;
        Some(status)
    });
    answered.await.ok().flatten()
}

/// The `v1` signature of `payload` sent at `timestamp`: hex HMAC-SHA256 of `timestamp.payload`.
pub(crate) fn sign(secret: &str, timestamp: i64, payload: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let signed = format!("{timestamp}.{payload}");
    hex::encode(ring::hmac::sign(&key, signed.as_bytes()).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_the_time_and_the_body() {
        // HMAC-SHA256("whsec_test", "1700000000.{}") computed independently (Python's hmac).
        assert_eq!(
            sign("whsec_test", 1_700_000_000, "{}"),
            "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }
}
