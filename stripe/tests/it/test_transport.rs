//! Unit tests of a user's own function through `testing::TestTransport`: canned answers, no
//! server, no socket; the client's retries, idempotency keys, time limits and errors still run.

use std::io::ErrorKind as IoErrorKind;
use std::net::TcpListener;
use std::time::Duration;

use serde_json::json;
use stripekit::{
    API_VERSION, Client, CreatePaymentIntent, Error, ErrorCode, PaymentIntent, PaymentIntentStatus,
    SendRequest,
};
use stripekit_client::testing::{Reply, TestTransport};

/// The code under test, as a user writes it: charge a customer's saved card.
async fn charge(client: &Client, customer: &str, cents: i64) -> Result<PaymentIntent, Error> {
    CreatePaymentIntent::new(cents, "usd")
        .customer(customer)
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(client)
        .await
}

fn payment_intent(status: &str) -> serde_json::Value {
    json!({
        "id": "pi_1", "object": "payment_intent", "amount": 2000, "currency": "usd",
        "capture_method": "automatic", "confirmation_method": "automatic", "created": 1,
        "livemode": false, "payment_method_types": ["card"], "status": status,
        "client_secret": "pi_1_secret_abc",
    })
}

/// A client of `transport` that retries at once.
fn without_waits(transport: &TestTransport) -> stripekit::ClientBuilder {
    Client::builder("sk_test_123")
        .transport(transport.clone())
        .backoff(stripekit::retry::Backoff {
            initial: Duration::ZERO,
            max: Duration::ZERO,
        })
}

/// A listener nobody should connect to: the client's base URL points at it, so a request that
/// reached the network would land in its queue.
fn untouched_listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

fn assert_never_connected(listener: &TcpListener) {
    match listener.accept() {
        Err(error) if error.kind() == IoErrorKind::WouldBlock => {}
        other => panic!("something connected to the listener: {other:?}"),
    }
}

#[tokio::test]
async fn a_retried_charge_is_sent_twice_with_one_key_and_no_socket() {
    let (listener, base) = untouched_listener();
    let transport = TestTransport::new();
    transport
        .push(Reply::error(
            503,
            json!({"type": "api_error", "message": "Try again"}),
        ))
        .push(Reply::json(200, payment_intent("succeeded")));
    let client = without_waits(&transport).api_base(&base).build().unwrap();

    let intent = charge(&client, "cus_1", 2000).await.unwrap();

    assert_eq!(intent.id, "pi_1");
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    let sent = transport.requests();
    assert_eq!(sent.len(), 2, "one retry after the 503");
    assert_eq!(transport.pending(), 0);
    for request in &sent {
        assert_eq!(request.method(), "POST");
        assert_eq!(request.url(), format!("{base}/v1/payment_intents"));
        assert_eq!(request.header("authorization"), Some("Bearer sk_test_123"));
        assert_eq!(request.header("stripe-version"), Some(API_VERSION));
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(request.param("amount").as_deref(), Some("2000"));
        assert_eq!(request.param("customer").as_deref(), Some("cus_1"));
        assert_eq!(request.param("confirm").as_deref(), Some("true"));
    }
    let key = sent[0].header("idempotency-key").unwrap();
    assert_eq!(sent[1].header("idempotency-key"), Some(key));
    assert_never_connected(&listener);
}

#[tokio::test]
async fn a_decline_is_an_api_error_and_is_not_retried() {
    let transport = TestTransport::new();
    transport.push(Reply::error(
        402,
        json!({"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
            "message": "Your card has insufficient funds.", "payment_intent": payment_intent("requires_payment_method")}),
    ));
    let error = charge(&transport.client(), "cus_1", 2000)
        .await
        .unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status, 402);
    assert_eq!(api.code(), Some(&ErrorCode::CardDeclined));
    assert_eq!(error.request_id(), Some("req_test_1"));
    let intent = api.error.related::<PaymentIntent>("payment_intent");
    assert_eq!(
        intent.unwrap().unwrap().status,
        PaymentIntentStatus::RequiresPaymentMethod
    );
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn connection_errors_and_slow_answers_are_retried_like_on_the_network() {
    let transport = TestTransport::new();
    transport
        .push(Reply::connection_error("connection reset by peer"))
        .push(Reply::json(200, payment_intent("succeeded")).delay(Duration::from_secs(30)))
        .push(Reply::json(200, payment_intent("succeeded")));
    let client = without_waits(&transport)
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let intent = charge(&client, "cus_1", 2000).await.unwrap();
    assert_eq!(intent.id, "pi_1");
    assert_eq!(transport.requests().len(), 3);

    // Without retries, each failure is reported as what it was.
    transport.push(Reply::connection_error("connection refused"));
    let options = stripekit::RequestOptions::new().max_retries(0);
    let error = CreatePaymentIntent::new(1, "usd")
        .send_with(&client, &options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.to_string().contains("connection refused"), "{error}");
    transport.push(Reply::json(200, payment_intent("succeeded")).delay(Duration::from_secs(30)));
    let error = CreatePaymentIntent::new(1, "usd")
        .send_with(&client, &options)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_function_of_the_request_answers_and_an_empty_queue_says_so() {
    let transport = TestTransport::from_fn(|request| {
        let amount: i64 = request.param("amount").unwrap().parse().unwrap();
        let mut intent = payment_intent("succeeded");
        intent["amount"] = amount.into();
        Reply::json(200, intent)
    });
    let client = transport.client();
    assert_eq!(charge(&client, "cus_1", 777).await.unwrap().amount, 777);
    assert_eq!(charge(&client, "cus_1", 555).await.unwrap().amount, 555);

    let empty = TestTransport::new();
    let error = charge(&empty.client(), "cus_1", 1).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no reply left for POST /v1/payment_intents"),
        "{error}"
    );
    assert_eq!(empty.requests().len(), 3, "sent, then retried twice");
}

#[tokio::test]
async fn recorded_requests_print_without_the_key_or_card_numbers() {
    let transport = TestTransport::new();
    transport.push(Reply::json(200, json!({"id": "tok_1", "object": "token"})));
    let _ = transport
        .client()
        .raw_request(stripekit::Method::Post, "/v1/tokens")
        .params(&json!({"card": {"number": "4242424242424242", "cvc": "123"}}))
        .send_json()
        .await
        .unwrap();
    let recorded = &transport.requests()[0];
    assert_eq!(
        recorded.param("card[number]").as_deref(),
        Some("4242424242424242")
    );
    let debug = format!("{recorded:?} {transport:?}");
    assert!(!debug.contains("4242424242424242"), "{debug}");
    assert!(!debug.contains("sk_test_123"), "{debug}");
    assert!(!debug.contains("\"123\""), "{debug}");
    assert!(debug.contains("/v1/tokens"), "{debug}");
}
