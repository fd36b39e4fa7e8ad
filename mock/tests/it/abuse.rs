//! The mock server under abuse, over real TCP on 127.0.0.1: bodies over the limit, bytes that
//! are not UTF-8, broken percent escapes, thousands of nested brackets or of parameters, slow
//! and vanishing clients, many connections at once. Each gets a Stripe-shaped answer or a closed
//! connection; the server keeps answering others, and what it keeps of past requests is bounded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::api;
use stripekit_mock::MockServer;
use stripekit_mock::mode::Mode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Posts `body` as a form to `path`; the status and the JSON answer.
async fn post<M: Mode>(
    server: &MockServer<M>,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", server.url()))
        .header("authorization", "Bearer sk_test_abuse")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a whole answer");
    let json = serde_json::from_slice(&bytes).expect("a JSON answer");
    (status, json)
}

/// A 400 or 413 with Stripe's error shape.
fn assert_stripe_error(status: u16, json: &Value, expected: u16) {
    assert_eq!(status, expected, "{json}");
    assert_eq!(json["error"]["type"], "invalid_request_error", "{json}");
    assert!(json["error"]["message"].is_string(), "{json}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let body = vec![b'a'; 65 * 1024 * 1024];
    let (status, json) = post(&server, "/v1/customers", body).await;
    assert_stripe_error(status, &json, 413);
    assert!(server.received().is_empty(), "a refused body is not kept");
}

#[tokio::test]
async fn bytes_that_are_not_utf8_and_broken_escapes_are_answered() {
    let server = MockServer::builder(api()).start().await.unwrap();
    for body in [
        &b"email=\xff\xfe\xfd"[..],
        b"email=%ff%fe",
        b"description=%zz%4",
        b"%=%&=&&==",
        b"metadata[%ff]=x",
    ] {
        let (status, json) = post(&server, "/v1/customers", body.to_vec()).await;
        match status {
            200 => assert_eq!(json["object"], "customer", "{json}"),
            _ => assert_stripe_error(status, &json, 400),
        }
    }
}

#[tokio::test]
async fn thousands_of_nested_brackets_are_a_400() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let key = format!("metadata{}", "[a]".repeat(10_000));
    let (status, json) = post(&server, "/v1/customers", format!("{key}=x")).await;
    assert_stripe_error(status, &json, 400);
}

#[tokio::test]
async fn thousands_of_parameters_are_answered_quickly() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let body: Vec<String> = (0..20_000)
        .map(|i| format!("metadata[k{i}]=v{i}"))
        .collect();
    let started = Instant::now();
    let (status, json) = post(&server, "/v1/customers", body.join("&")).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["metadata"]["k19999"], "v19999");
    let unknown: Vec<String> = (0..20_000).map(|i| format!("p{i}=v")).collect();
    let (status, json) = post(&server, "/v1/customers", unknown.join("&")).await;
    assert_stripe_error(status, &json, 400);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn slow_and_vanishing_clients_do_not_hold_up_the_others() {
    let server = MockServer::builder(api()).start().await.unwrap();
    // One client sends half a request head and waits; another promises a body and leaves.
    let mut slow = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    slow.write_all(b"POST /v1/customers HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut leaving = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    leaving
        .write_all(b"POST /v1/customers HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\nemail=")
        .await
        .unwrap();
    drop(leaving);
    let started = Instant::now();
    let (status, json) = post(&server, "/v1/customers", "email=a%40b.c").await;
    assert_eq!(status, 200, "{json}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The slow client still has its connection: nothing was answered to half a head.
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_millis(200), slow.read(&mut buf)).await;
    assert!(read.is_err(), "no answer to an unfinished request head");
}

#[tokio::test]
async fn many_connections_at_once_are_all_answered() {
    let server = Arc::new(MockServer::builder(api()).start().await.unwrap());
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..200 {
        let server = Arc::clone(&server);
        tasks.spawn(async move {
            // A client each: a connection each.
            post(
                &server,
                "/v1/customers",
                format!("email=c{i}%40example.com"),
            )
            .await
        });
    }
    let mut answered = 0;
    while let Some(result) = tasks.join_next().await {
        let (status, json) = result.unwrap();
        assert_eq!(status, 200, "{json}");
        answered += 1;
    }
    assert_eq!(answered, 200);
}

#[tokio::test]
async fn what_the_server_keeps_of_past_requests_is_bounded() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let client = reqwest::Client::new();
    for i in 0..1_100 {
        client
            .get(format!("{}/v1/customers/cus_{i}", server.url()))
            .header("authorization", "Bearer sk_test_abuse")
            .send()
            .await
            .unwrap();
    }
    let received = server.received();
    assert_eq!(received.len(), stripekit_mock::MAX_RECEIVED);
    assert_eq!(received.last().unwrap().path, "/v1/customers/cus_1099");
    assert_eq!(received[0].path, "/v1/customers/cus_100");
}

#[tokio::test]
async fn the_stateful_mode_refuses_the_same_and_keeps_nothing_it_refused() {
    let server = MockServer::builder(api()).stateful().start().await.unwrap();
    let unknown: Vec<String> = (0..20_000).map(|i| format!("p{i}=v")).collect();
    let refused: Vec<(Vec<u8>, u16)> = vec![
        (vec![b'a'; 65 * 1024 * 1024], 413),
        (
            format!("metadata{}=x", "[a]".repeat(10_000)).into_bytes(),
            400,
        ),
        (unknown.join("&").into_bytes(), 400),
        (b"balance=lots".to_vec(), 400),
        (b"email=a&email=b".to_vec(), 400),
        (b"invoice_settings=flat".to_vec(), 400),
    ];
    for (body, expected) in refused {
        let (status, json) = post(&server, "/v1/customers", body).await;
        assert_stripe_error(status, &json, expected);
    }
    let response = reqwest::Client::new()
        .get(format!(
            "{}/v1/customers/search?query=email%3D",
            server.url()
        ))
        .header("authorization", "Bearer sk_test_abuse")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "a query the mock cannot read");
    for path in ["/v1/customers", "/v1/events"] {
        let bytes = reqwest::Client::new()
            .get(format!("{}{path}", server.url()))
            .header("authorization", "Bearer sk_test_abuse")
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let listed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(listed["data"], serde_json::json!([]), "{path}: {listed}");
    }
}
