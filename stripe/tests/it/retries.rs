//! Faults injected by a real local server: how many attempts the client makes, whether it keeps
//! its idempotency key, and the error the caller gets.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::common::{Reply, Server, customer, dropping_server};
use stripekit::{CreateCustomer, Error, RetrieveCustomer, SendRequest};

/// Sends one `POST` to a server that answers `reply` every time; returns the error, the number
/// of attempts, and whether every attempt had the same idempotency key.
async fn post_against(reply: Reply) -> (Error, usize, bool) {
    let server = Server::always(reply).await;
    let error = CreateCustomer::new()
        .send(&server.client())
        .await
        .expect_err("the server only fails");
    let seen = server.seen();
    let keys: Vec<_> = seen
        .iter()
        .map(|s| s.header("idempotency-key").unwrap().to_string())
        .collect();
    let same_key = keys.windows(2).all(|w| w[0] == w[1]);
    (error, seen.len(), same_key)
}

fn status_of(error: &Error) -> u16 {
    error.as_api().expect("an API error").status
}

#[tokio::test]
async fn server_errors_are_retried_twice_with_the_same_key() {
    for status in [500, 502, 503] {
        let (error, attempts, same_key) =
            post_against(Reply::error(status, "api_error", None)).await;
        assert_eq!(attempts, 3, "HTTP {status}");
        assert!(same_key, "HTTP {status}");
        assert_eq!(status_of(&error), status);
        assert_eq!(error.request_id(), Some("req_test123"));
    }
}

#[tokio::test]
async fn conflicts_and_lock_timeouts_are_retried_but_rate_limits_are_not() {
    let (error, attempts, same_key) =
        post_against(Reply::error(409, "idempotency_error", None)).await;
    assert_eq!((attempts, same_key, status_of(&error)), (3, true, 409));
    let (error, attempts, _) = post_against(Reply::error(
        429,
        "invalid_request_error",
        Some("lock_timeout"),
    ))
    .await;
    assert_eq!((attempts, status_of(&error)), (3, 429));
    assert_eq!(
        error.as_api().unwrap().code(),
        Some(&stripekit::ErrorCode::LockTimeout)
    );
    let (error, attempts, _) = post_against(Reply::error(
        429,
        "invalid_request_error",
        Some("rate_limit"),
    ))
    .await;
    assert_eq!((attempts, status_of(&error)), (1, 429));
}

#[tokio::test]
async fn the_should_retry_header_overrides_the_status() {
    let (error, attempts, _) =
        post_against(Reply::error(500, "api_error", None).header("stripe-should-retry", "false"))
            .await;
    assert_eq!((attempts, status_of(&error)), (1, 500));
    let (_, attempts, same_key) = post_against(
        Reply::error(400, "invalid_request_error", None).header("stripe-should-retry", "true"),
    )
    .await;
    assert_eq!((attempts, same_key), (3, true));
}

#[tokio::test]
async fn a_bad_request_is_not_retried_and_says_what_was_wrong() {
    let mut reply = Reply::error(400, "invalid_request_error", Some("parameter_unknown"));
    reply.body = serde_json::json!({"error": {
        "type": "invalid_request_error",
        "code": "parameter_unknown",
        "param": "colour",
        "message": "Received unknown parameter: colour",
        "doc_url": "https://stripe.com/docs/error-codes/parameter-unknown",
    }})
    .to_string();
    let (error, attempts, _) = post_against(reply).await;
    assert_eq!(attempts, 1);
    let api = error.as_api().unwrap();
    assert_eq!(api.kind().as_str(), "invalid_request_error");
    assert_eq!(api.param(), Some("colour"));
    assert_eq!(
        api.doc_url(),
        Some("https://stripe.com/docs/error-codes/parameter-unknown")
    );
    assert_eq!(
        error.to_string(),
        "Stripe answered 400 invalid_request_error (parameter_unknown) about `colour`: \
         Received unknown parameter: colour [request req_test123]"
    );
}

#[tokio::test]
async fn a_success_after_failures_returns_the_object() {
    let server = Server::start(|_, n| match n {
        0 => Reply::error(503, "api_error", None),
        1 => Reply::error(409, "idempotency_error", None),
        _ => Reply::json(200, customer("cus_ok")),
    })
    .await;
    let customer = CreateCustomer::new().send(&server.client()).await.unwrap();
    assert_eq!(customer.id, "cus_ok");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn max_retries_can_be_changed_per_client_and_per_request() {
    let server = Server::always(Reply::error(500, "api_error", None)).await;
    let client = server.builder().max_retries(4).build().unwrap();
    RetrieveCustomer::new("cus_1")
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(server.seen().len(), 5);
    let options = stripekit::RequestOptions::new().max_retries(0);
    RetrieveCustomer::new("cus_1")
        .send_with(&client, &options)
        .await
        .unwrap_err();
    assert_eq!(server.seen().len(), 6);
}

#[tokio::test]
async fn connection_resets_are_retried_then_reported_as_transport_errors() {
    let (base, accepted) = dropping_server().await;
    let client = crate::common::client_builder(&base).build().unwrap();
    let error = CreateCustomer::new().send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let message = error.to_string();
    assert!(
        message.starts_with("could not reach Stripe (POST /v1/customers)"),
        "{message}"
    );
    assert!(!message.contains("sk_test"), "{message}");
}

#[tokio::test]
async fn a_slow_answer_times_out_on_every_attempt() {
    let server =
        Server::always(Reply::json(200, customer("cus_1")).delayed(Duration::from_millis(400)))
            .await;
    let client = server
        .builder()
        .timeout(Duration::from_millis(50))
        .max_retries(1)
        .build()
        .unwrap();
    let error = CreateCustomer::new().send(&client).await.unwrap_err();
    match &error {
        Error::Timeout {
            timeout,
            method,
            path,
        } => {
            assert_eq!(*timeout, Duration::from_millis(50));
            assert_eq!((*method, &**path), ("POST", "/v1/customers"));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].header("idempotency-key"),
        seen[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn a_body_that_is_not_a_stripe_error_still_gives_an_api_error() {
    let mut reply = Reply::json(502, serde_json::json!({}));
    reply.body = "<html>Bad gateway</html>".into();
    let (error, attempts, _) = post_against(reply).await;
    assert_eq!(attempts, 3);
    let api = error.as_api().unwrap();
    assert_eq!(api.kind().as_str(), "api_error");
    assert!(api.message().unwrap().contains("Bad gateway"));
}

#[tokio::test]
async fn attempt_callbacks_see_every_attempt_of_a_retried_request() {
    let server = Server::start(|_, n| match n {
        0 | 1 => Reply::error(503, "api_error", None),
        _ => Reply::json(200, customer("cus_1")),
    })
    .await;
    let attempts = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = attempts.clone();
    let client = server
        .builder()
        .on_attempt(move |attempt| {
            let key = attempt.idempotency_key.map(str::to_string);
            let seen = (attempt.number, attempt.status, attempt.will_retry, key);
            record.lock().unwrap().push((
                attempt.method.to_string(),
                attempt.path.to_string(),
                seen,
            ));
        })
        .build()
        .unwrap();
    CreateCustomer::new().send(&client).await.unwrap();
    let attempts = attempts.lock().unwrap().clone();
    let key = server.seen()[0]
        .header("idempotency-key")
        .map(str::to_string);
    assert!(key.is_some());
    let expected: Vec<_> = [(1, 503, true), (2, 503, true), (3, 200, false)]
        .into_iter()
        .map(|(number, status, retry)| {
            let seen = (number, Some(status), retry, key.clone());
            ("POST".to_string(), "/v1/customers".to_string(), seen)
        })
        .collect();
    assert_eq!(attempts, expected);
}
