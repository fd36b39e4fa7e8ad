//! The runtime's fault handling against the mock server: the mock fails requests as a test asks,
//! and the client retries, gives up, or times out as Stripe's rules say.

mod common;

use std::time::Duration;

use stripekit::retry::Backoff;
use stripekit::{Client, Error, RetrieveCharge, SendRequest};
use stripekit_mock::{Fault, MockServer};

async fn mock_and_client() -> (MockServer, Client) {
    let server = MockServer::start(common::pinned_mock_api())
        .await
        .expect("the mock starts");
    let client = Client::builder("sk_test_123")
        .api_base(server.url())
        .max_retries(2)
        .backoff(Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_millis(20),
        })
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_retryable_error_is_retried_with_the_same_idempotency_key() {
    let (server, client) = mock_and_client().await;
    server.inject(Fault::status(503).should_retry(true).times(2));
    let customer = stripekit::CreateCustomer::new()
        .send(&client)
        .await
        .unwrap();
    assert!(customer.id.starts_with("cus_"), "{}", customer.id);
    let received = server.received();
    assert_eq!(received.len(), 3);
    let keys: Vec<_> = received
        .iter()
        .map(|r| r.header("idempotency-key").expect("a key on every POST"))
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn stripe_should_retry_false_stops_the_retries() {
    let (server, client) = mock_and_client().await;
    server.inject(Fault::status(500).should_retry(false));
    let error = RetrieveCharge::new("ch_1").send(&client).await.unwrap_err();
    let Error::Api(api_error) = error else {
        panic!("an API error: {error}")
    };
    assert_eq!(api_error.status, 500);
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_error_body_reaches_the_caller() {
    let (server, client) = mock_and_client().await;
    let body = serde_json::json!({ "error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.", "param": "source"
    }});
    server.inject(Fault::status(402).body(body));
    let error = RetrieveCharge::new("ch_1").send(&client).await.unwrap_err();
    let Error::Api(api_error) = &error else {
        panic!("an API error: {error}")
    };
    assert_eq!(api_error.status, 402);
    assert!(
        api_error
            .request_id
            .as_deref()
            .is_some_and(|id| id.starts_with("req_"))
    );
    let text = error.to_string();
    assert!(
        text.contains("card_declined") && text.contains("source"),
        "{text}"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let (server, client) = mock_and_client().await;
    server.inject(Fault::drop_connection());
    let charge = RetrieveCharge::new("ch_1").send(&client).await.unwrap();
    assert_eq!(charge.id.as_str(), "ch_1");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_the_retry_succeeds() {
    let (server, client) = mock_and_client().await;
    server.inject(Fault::delay(Duration::from_secs(3)));
    let charge = RetrieveCharge::new("ch_1").send(&client).await.unwrap();
    assert_eq!(charge.id.as_str(), "ch_1");
    assert_eq!(server.received().len(), 2);

    // Without retries the timeout is the answer.
    server.inject(Fault::delay(Duration::from_secs(3)));
    let client = Client::builder("sk_test_123")
        .api_base(server.url())
        .max_retries(0)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = RetrieveCharge::new("ch_1").send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error}");
}
