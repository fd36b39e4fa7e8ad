//! What reaches past the generated requests, on the wire: raw requests to any path, the API
//! version and context from the client or one request, and a `reqwest::Client` of your own.

use crate::common::{Reply, Server, customer};
use serde_json::json;
use stripekit::{Customer, Method, RequestOptions, RetrieveCustomer, SendRequest};

#[tokio::test]
async fn a_raw_post_is_form_encoded_with_a_key_kept_across_retries() {
    // Two 500s that ask for a retry, then the answer.
    let server = Server::start(|_, n| match n {
        0 | 1 => Reply::error(500, "api_error", None).header("stripe-should-retry", "true"),
        _ => Reply::json(
            200,
            json!({"id": "pv_1", "object": "preview_thing", "size": 3}),
        ),
    })
    .await;
    let client = server.client();
    #[derive(serde::Serialize)]
    struct Params<'a> {
        name: &'a str,
        metadata: std::collections::BTreeMap<&'a str, &'a str>,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }
    let params = Params {
        name: "a & b",
        metadata: [("order", "6735")].into(),
        tags: vec!["x", "y"],
        note: None,
    };
    let answer = client
        .raw_request(Method::Post, "/v1/preview_things")
        .params(&params)
        .send_json()
        .await
        .unwrap();
    assert_eq!(
        answer,
        json!({"id": "pv_1", "object": "preview_thing", "size": 3})
    );

    let seen = server.seen();
    assert_eq!(seen.len(), 3, "two retries");
    assert_eq!(seen[0].path, "/v1/preview_things");
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen[0].params(),
        "metadata[order]=6735&name=a%20%26%20b&tags[0]=x&tags[1]=y"
    );
    let key = seen[0].header("idempotency-key").expect("a POST has a key");
    assert!(
        seen.iter()
            .all(|s| s.header("idempotency-key") == Some(key)),
        "the same key on every attempt"
    );
    // A raw request has no version of its own: Stripe answers in the account's default.
    assert_eq!(seen[0].header("stripe-version"), None);
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer sk_test_123secret")
    );
}

#[tokio::test]
async fn a_raw_get_sends_its_parameters_in_the_query_and_decodes_a_typed_answer() {
    let server = Server::always(Reply::json(200, customer("cus_9"))).await;
    let client = server.client();
    let options = RequestOptions::new().idempotency_key("not-for-a-get");
    let customer: Customer = client
        .raw_request(Method::Get, "/v1/customers/cus_9")
        .params(&json!({"expand": ["default_source"]}))
        .options(options)
        .send()
        .await
        .unwrap();
    assert_eq!(customer.id, "cus_9");
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.query.as_deref(), Some("expand[0]=default_source"));
    assert_eq!(seen.header("idempotency-key"), None);
}

#[tokio::test]
async fn a_raw_answer_that_does_not_decode_names_the_field_the_path_and_the_request_id() {
    let server = Server::always(Reply::json(200, json!({"id": 7, "object": "customer"}))).await;
    let client = server.client();
    let error = client
        .raw_request(Method::Get, "/v1/customers/cus_1")
        .send::<Customer>()
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("GET /v1/customers/cus_1"), "{text}");
    assert!(text.contains("req_test123"), "{text}");
    assert!(text.contains("`id`"), "{text}");
}

#[tokio::test]
async fn raw_requests_refuse_a_relative_path_and_parameters_that_are_not_a_map() {
    let server = Server::always(Reply::json(200, json!({}))).await;
    let client = server.client();
    let error = client
        .raw_request(Method::Get, "v1/customers")
        .send_json()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("starts with `/`"), "{error}");
    let error = client
        .raw_request(Method::Post, "/v1/customers")
        .params(&["a", "b"])
        .send_json()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("a map of names"), "{error}");
    assert!(server.seen().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn version_and_context_come_from_the_client_or_the_request() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    // The crate's version and no context by default.
    RetrieveCustomer::new("cus_1")
        .send(&server.client())
        .await
        .unwrap();
    // The client's.
    let client = server
        .builder()
        .stripe_version("2024-06-20")
        .stripe_context("ctx_default")
        .build()
        .unwrap();
    RetrieveCustomer::new("cus_1").send(&client).await.unwrap();
    // The request's, over the client's.
    let options = RequestOptions::new()
        .stripe_version("2025-01-27.acacia")
        .stripe_context("acct_1/acct_2");
    client
        .raw_request(Method::Get, "/v1/customers/cus_1")
        .options(options)
        .send_json()
        .await
        .unwrap();
    // The client's, on a raw request too.
    client
        .raw_request(Method::Get, "/v1/customers/cus_1")
        .send_json()
        .await
        .unwrap();
    let seen = server.seen();
    let headers: Vec<(Option<&str>, Option<&str>)> = seen
        .iter()
        .map(|s| (s.header("stripe-version"), s.header("stripe-context")))
        .collect();
    assert_eq!(
        headers,
        vec![
            (Some(stripekit::API_VERSION), None),
            (Some("2024-06-20"), Some("ctx_default")),
            (Some("2025-01-27.acacia"), Some("acct_1/acct_2")),
            (Some("2024-06-20"), Some("ctx_default")),
        ]
    );
}

#[tokio::test]
async fn a_reqwest_client_of_your_own_sends_the_requests() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-my-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = server.builder().http_client(http).build().unwrap();
    RetrieveCustomer::new("cus_1").send(&client).await.unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.header("x-from-my-client"), Some("yes"));
    // The SDK's own headers are still there.
    assert_eq!(
        seen.header("authorization"),
        Some("Bearer sk_test_123secret")
    );
    assert_eq!(seen.header("stripe-version"), Some(stripekit::API_VERSION));
}

#[tokio::test]
async fn a_raw_post_to_an_api_v2_path_sends_json_and_reads_a_v2_error() {
    let server = Server::start(|seen, _| match seen.path.as_str() {
        "/v2/billing/meter_events" => Reply::json(
            200,
            json!({"object": "v2.billing.meter_event", "event_name": "api_calls"}),
        ),
        _ => Reply::json(
            400,
            json!({"error": {"type": "invalid_request_error", "code": "parameter_missing", "message": "Missing `event_name`."}}),
        ),
    })
    .await;
    let client = server.client();
    let event = json!({"event_name": "api_calls", "payload": {"value": "25", "stripe_customer_id": "cus_1"}, "note": null});
    let answer = client
        .raw_request(Method::Post, "/v2/billing/meter_events")
        .params(&event)
        .send_json()
        .await
        .unwrap();
    assert_eq!(answer["event_name"], "api_calls");
    let error = client
        .raw_request(Method::Post, "/v2/billing/meter_event_session")
        .send_json()
        .await
        .unwrap_err();
    let api = error.as_api().expect("the v2 error object");
    assert_eq!(
        (api.status, api.code(), api.message()),
        (
            400,
            Some(&stripekit::ErrorCode::ParameterMissing),
            Some("Missing `event_name`.")
        )
    );
    let seen = server.seen();
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(sent, event, "the JSON as given, nulls included");
    assert!(seen[0].header("idempotency-key").is_some());
    assert_eq!(seen[1].params(), "{}");
    // A v1 path is still form-encoded.
    client
        .raw_request(Method::Post, "/v1/preview_things")
        .params(&json!({"a": 1}))
        .send_json()
        .await
        .unwrap_err();
    assert_eq!(
        server.seen()[2].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}
