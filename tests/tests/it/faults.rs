//! The mock's faults against the runtime: the mock fails requests as a test asks, and the client
//! retries or gives up as Stripe's rules say.

use std::time::Duration;

use stripekit::retry::Backoff;
use stripekit::{Client, Error, RetrieveCharge, SendRequest};
use stripekit_mock::{Fault, MockServer};

async fn mock_and_client() -> (MockServer, Client) {
    let server = MockServer::builder(stripe_tests::pinned::mock_api())
        .start()
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
async fn each_fault_the_mock_injects_reaches_the_client_as_stripes_would() {
    // The client's retry rules are tested against an in-process server (the `stripekit` crate's
    // `retries` tests); here the mock's faults drive them end to end.
    let (server, client) = mock_and_client().await;

    // Two 503s that say "retry", then the answer: three attempts with one idempotency key.
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

    // A closed connection, then the answer.
    server.inject(Fault::drop_connection());
    let charge = RetrieveCharge::new("ch_1").send(&client).await.unwrap();
    assert_eq!(charge.id.as_str(), "ch_1");
    assert_eq!(server.received().len(), 5);

    // An answer slower than the client's timeout, then the answer.
    server.inject(Fault::delay(Duration::from_secs(3)));
    let charge = RetrieveCharge::new("ch_1").send(&client).await.unwrap();
    assert_eq!(charge.id.as_str(), "ch_1");
    assert_eq!(server.received().len(), 7);

    // A Stripe error body with no retry: the caller gets it, with the mock's request id.
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
        (api_error.request_id.as_deref()).is_some_and(|id| id.starts_with("req_mock")),
        "{error}"
    );
    assert!(error.to_string().contains("card_declined"), "{error}");
    assert_eq!(server.received().len(), 8);
}
