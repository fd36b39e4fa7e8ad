//! The mock server against the pinned spec, over real HTTP on 127.0.0.1: authentication,
//! routing, one test per kind of parameter rejection, the answers built from fixtures, and the
//! faults a test can queue.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stripe_spec_pins::{self as pins, SpecFile};

use super::api;
use stripekit_mock::mode::Mode;
use stripekit_mock::{Fault, LoadError, MockApi, MockServer};

const KEY: &str = "Bearer sk_test_mock";

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        json,
    }
}

async fn get<M: Mode>(server: &MockServer<M>, path_and_query: &str) -> Answer {
    let request = reqwest::Client::new()
        .get(format!("{}{path_and_query}", server.url()))
        .header("authorization", KEY);
    send(request).await
}

async fn post<M: Mode>(server: &MockServer<M>, path: &str, form: &[(&str, &str)]) -> Answer {
    let request = reqwest::Client::new()
        .post(format!("{}{path}", server.url()))
        .header("authorization", KEY)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish(),
        );
    send(request).await
}

/// Asserts a 400 `invalid_request_error` about `param`.
fn assert_rejected(answer: &Answer, param: &str, message_part: &str) {
    assert_eq!(answer.status, 400, "{}", answer.json);
    let error = &answer.json["error"];
    assert_eq!(error["type"], "invalid_request_error", "{error}");
    assert_eq!(error["param"], param, "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains(message_part), "{message}");
}

#[tokio::test]
async fn a_test_secret_key_is_required() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let url = format!("{}/v1/customers", server.url());
    for auth in [
        None,
        Some("Bearer sk_live_123"),
        Some("Bearer sk_test_"),
        Some("Basic abc"),
    ] {
        let mut request = reqwest::Client::new().get(&url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let answer = send(request).await;
        assert_eq!(answer.status, 401, "{auth:?}");
        assert_eq!(answer.json["error"]["type"], "invalid_request_error");
        // The key is never repeated back.
        assert!(!answer.json.to_string().contains("sk_live_123"));
    }
    assert_eq!(get(&server, "/v1/customers").await.status, 200);
    // The key as the user name of Basic credentials, as `curl -u sk_test_123:` sends it.
    let request = reqwest::Client::new()
        .get(&url)
        .header("authorization", "Basic c2tfdGVzdF8xMjM6");
    assert_eq!(send(request).await.status, 200);
}

#[tokio::test]
async fn unknown_paths_and_methods_are_404() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = get(&server, "/v1/no_such_things").await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json["error"]["message"],
        "Unrecognized request URL (GET: /v1/no_such_things)."
    );
    // The path exists, but not for PUT.
    let request = reqwest::Client::new()
        .put(format!("{}/v1/customers", server.url()))
        .header("authorization", KEY);
    assert_eq!(send(request).await.status, 404);
}

#[tokio::test]
async fn an_unknown_parameter_is_rejected_by_name() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = post(&server, "/v1/customers", &[("nickname", "x")]).await;
    assert_rejected(&answer, "nickname", "Received unknown parameter: nickname");
    let answer = post(&server, "/v1/customers", &[("address[planet]", "Mars")]).await;
    assert_rejected(&answer, "address[planet]", "unknown parameter");
    let answer = get(&server, "/v1/customers?colour=blue").await;
    assert_rejected(&answer, "colour", "unknown parameter");
    // Metadata takes any key.
    let answer = post(&server, "/v1/customers", &[("metadata[anything]", "x")]).await;
    assert_eq!(answer.status, 200, "{}", answer.json);
}

#[tokio::test]
async fn a_missing_required_parameter_is_rejected_by_name() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = post(&server, "/v1/payment_intents", &[("currency", "usd")]).await;
    assert_rejected(&answer, "amount", "Missing required param: amount.");
    // Inside a hash: a shipping address needs a name.
    let answer = post(
        &server,
        "/v1/customers",
        &[("shipping[address][line1]", "510 Townsend St")],
    )
    .await;
    assert_rejected(
        &answer,
        "shipping[name]",
        "Missing required param: shipping[name].",
    );
    let answer = post(
        &server,
        "/v1/payment_intents",
        &[("amount", "2000"), ("currency", "usd")],
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.json);
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_rejected_by_name() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = post(
        &server,
        "/v1/payment_intents",
        &[("amount", "twenty"), ("currency", "usd")],
    )
    .await;
    assert_rejected(&answer, "amount", "Invalid integer");
    let answer = get(&server, "/v1/customers?limit=ten").await;
    assert_rejected(&answer, "limit", "Invalid integer");
    let answer = post(
        &server,
        "/v1/payment_intents",
        &[("amount", "1"), ("currency", "usd"), ("confirm", "yes")],
    )
    .await;
    assert_rejected(&answer, "confirm", "Invalid boolean");
    // A hash where a single value belongs, and a single value where a hash belongs.
    let answer = post(&server, "/v1/customers", &[("email[a]", "x")]).await;
    assert_rejected(&answer, "email", "expected a single value");
    let answer = post(&server, "/v1/customers", &[("address", "Paris")]).await;
    assert_rejected(&answer, "address", "Invalid object");
    // A list must be sent with indexes.
    let answer = get(&server, "/v1/customers?expand=email").await;
    assert_rejected(&answer, "expand", "Invalid array");
}

/// Stripe (and stripe-mock) read a boolean as Go's `ParseBool` does: Python's SDK sends `True`.
#[tokio::test]
async fn booleans_are_read_in_every_spelling_stripe_accepts() {
    let stateless = MockServer::builder(api()).start().await.unwrap();
    let stateful = MockServer::builder(api()).stateful().start().await.unwrap();
    for spelling in ["true", "True", "TRUE", "t", "T", "1"] {
        let form = [
            ("amount", "2000"),
            ("currency", "usd"),
            ("payment_method", "pm_card_visa"),
            ("confirm", spelling),
        ];
        let answer = post(&stateless, "/v1/payment_intents", &form).await;
        assert_eq!(answer.status, 200, "{spelling}: {}", answer.json);
        let answer = post(&stateful, "/v1/payment_intents", &form).await;
        assert_eq!(answer.status, 200, "{spelling}: {}", answer.json);
        assert_eq!(answer.json["status"], "succeeded", "{spelling} confirms");
    }
    for spelling in ["false", "False", "FALSE", "f", "F", "0"] {
        let form = [
            ("amount", "2000"),
            ("currency", "usd"),
            ("confirm", spelling),
        ];
        let answer = post(&stateful, "/v1/payment_intents", &form).await;
        assert_eq!(answer.status, 200, "{spelling}: {}", answer.json);
        assert_eq!(
            answer.json["status"], "requires_payment_method",
            "{spelling}"
        );
    }
    for refused in ["yes", "on", "no", "tRuE"] {
        let form = [("amount", "1"), ("currency", "usd"), ("confirm", refused)];
        let answer = post(&stateless, "/v1/payment_intents", &form).await;
        assert_rejected(&answer, "confirm", "Invalid boolean");
    }
}

#[tokio::test]
async fn a_value_outside_an_enum_is_rejected_by_name() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = post(
        &server,
        "/v1/payment_intents",
        &[
            ("amount", "1"),
            ("currency", "usd"),
            ("capture_method", "sometimes"),
        ],
    )
    .await;
    assert_rejected(
        &answer,
        "capture_method",
        "must be one of automatic, automatic_async, manual",
    );
    // The empty string clears a clearable field, and nothing else.
    let answer = post(&server, "/v1/customers/cus_1", &[("shipping", "")]).await;
    assert_eq!(answer.status, 200, "{}", answer.json);
}

#[tokio::test]
async fn answers_are_fixtures_with_the_id_from_the_path() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = get(&server, "/v1/customers/cus_abc").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["object"], "customer");
    assert_eq!(answer.json["id"], "cus_abc");
    assert!(
        answer.headers["request-id"]
            .to_str()
            .unwrap()
            .starts_with("req_")
    );
    // An action on an object answers with that object.
    let answer = post(&server, "/v1/payment_intents/pi_abc/cancel", &[]).await;
    assert_eq!(
        (answer.json["object"].as_str(), answer.json["id"].as_str()),
        (Some("payment_intent"), Some("pi_abc"))
    );
    // Creating a source on a customer answers with the source, not with the customer's id.
    let answer = post(
        &server,
        "/v1/customers/cus_abc/sources",
        &[("source", "tok_visa")],
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_ne!(answer.json["id"], "cus_abc");
    // The path's ids are written wherever the fixture repeats the ids they replace, as
    // stripe-mock writes them: in urls, and in the fields named like the path's parameters.
    let answer = get(&server, "/v1/charges/ch_abc").await;
    assert_eq!(answer.json["refunds"]["url"], "/v1/charges/ch_abc/refunds");
    for refund in answer.json["refunds"]["data"].as_array().unwrap() {
        assert_eq!(refund["charge"], "ch_abc");
    }
    let answer = get(&server, "/v1/application_fees/fee_abc/refunds/fr_abc").await;
    assert_eq!(
        (answer.json["id"].as_str(), answer.json["fee"].as_str()),
        (Some("fr_abc"), Some("fee_abc"))
    );
    let answer = get(
        &server,
        "/v1/subscription_items/si_abc/usage_record_summaries",
    )
    .await;
    assert_eq!(answer.json["data"][0]["subscription_item"], "si_abc");
    // Creating under an object is not an action on it: a bank account of an account, a
    // transfer's reversal get ids of their own; an action on `{id}` answers that object.
    for (path, form) in [
        (
            "/v1/accounts/acct_abc/bank_accounts",
            vec![("external_account", "btok_1")],
        ),
        ("/v1/transfers/tr_abc/reversals", vec![]),
    ] {
        let answer = post(&server, path, &form).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.json);
        let id = answer.json["id"].as_str().unwrap();
        assert!(!id.ends_with("_abc"), "{path} answered {id}");
    }
    let answer = post(
        &server,
        "/v1/customers/cus_abc/sources/ba_abc/verify",
        &[("amounts[0]", "32"), ("amounts[1]", "45")],
    )
    .await;
    assert_eq!(answer.json["id"], "ba_abc", "{}", answer.json);
    // In an expanded object too: the charge a balance transaction names is the path's.
    let answer = get(&server, "/v1/charges/ch_abc?expand[0]=balance_transaction").await;
    assert_eq!(answer.json["balance_transaction"]["source"], "ch_abc");
    // A short fixture id (`US`) is only the object's id, not every `US` of the answer.
    let answer = get(&server, "/v1/country_specs/DE").await;
    assert_eq!(answer.json["id"], "DE");
    let countries = answer.json["supported_transfer_countries"]
        .as_array()
        .unwrap();
    assert!(countries.contains(&json!("US")), "{countries:?}");
}

#[tokio::test]
async fn a_create_answers_with_a_fresh_id_and_the_requests_values() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let form = [
        ("amount", "777"),
        ("currency", "eur"),
        ("metadata[order_id]", "6735"),
        ("shipping[name]", "Jenny Rosen"),
        ("shipping[address][city]", "Paris"),
    ];
    let first = post(&server, "/v1/payment_intents", &form).await;
    assert_eq!(first.status, 200, "{}", first.json);
    let intent = &first.json;
    assert_eq!(
        intent["amount"],
        json!(777),
        "an integer, as the schema says"
    );
    assert_eq!(intent["currency"], "eur");
    assert_eq!(intent["metadata"], json!({"order_id": "6735"}));
    assert_eq!(intent["shipping"]["name"], "Jenny Rosen");
    assert_eq!(intent["shipping"]["address"]["city"], "Paris");
    // The shipping address's other required fields are there, null.
    assert_eq!(intent["shipping"]["address"]["line1"], Value::Null);

    let second = post(&server, "/v1/payment_intents", &form).await;
    let (first_id, second_id) = (
        intent["id"].as_str().unwrap(),
        second.json["id"].as_str().unwrap(),
    );
    assert!(first_id.starts_with("pi_") && second_id.starts_with("pi_"));
    assert_ne!(first_id, second_id, "two creates, two ids");
    assert_ne!(first_id, fixture("payment_intent")["id"]);

    // A create that names its id gets it; without one, an id of the fixture's shape (a
    // coupon's has no prefix: eight upper-case letters and digits).
    let named = post(
        &server,
        "/v1/coupons",
        &[("id", "SUMMER"), ("percent_off", "10")],
    )
    .await;
    assert_eq!(named.json["id"], "SUMMER");
    let fresh = post(&server, "/v1/coupons", &[("percent_off", "10")]).await;
    let id = fresh.json["id"].as_str().unwrap();
    assert_eq!(id.len(), fixture("coupon")["id"].as_str().unwrap().len());
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "{id}"
    );
    assert_ne!(id, fixture("coupon")["id"]);
    // A parameter that shares a name with an expandable field but is an amount is not an id.
    let charge = post(
        &server,
        "/v1/charges",
        &[
            ("amount", "100"),
            ("currency", "usd"),
            ("application_fee", "10"),
        ],
    )
    .await;
    assert_ne!(charge.json["application_fee"], "10");

    // An update keeps the path's id, and sets what it sends.
    let updated = post(&server, "/v1/customers/cus_abc", &[("email", "a@b.c")]).await;
    assert_eq!(updated.json["id"], "cus_abc");
    assert_eq!(updated.json["email"], "a@b.c");
}

#[tokio::test]
async fn fixtures_are_served_as_stripe_publishes_them() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let answer = get(&server, "/v1/treasury/outbound_payments/obp_1").await;
    assert_eq!(answer.status, 200, "{}", answer.json);
    let mut expected = fixture("treasury.outbound_payment");
    expected["id"] = json!("obp_1");
    // The spec requires `destination_payment_method_details.billing_details`; the fixture has
    // none, and neither has the answer.
    assert_eq!(answer.json, expected);
    assert!(
        answer.json["destination_payment_method_details"]
            .get("billing_details")
            .is_none()
    );
}

#[tokio::test]
async fn a_stored_object_holds_what_the_request_set_and_no_example_values() {
    let server = MockServer::builder(api()).stateful().start().await.unwrap();
    let url = "https://example.com/hook";
    let endpoint = post(
        &server,
        "/v1/webhook_endpoints",
        &[("url", url), ("enabled_events[0]", "*")],
    )
    .await
    .json;
    let sample = fixture("webhook_endpoint");
    assert!(
        sample["description"].is_string(),
        "the fixture has a sample description"
    );
    assert_eq!(endpoint["url"], url);
    assert_eq!(endpoint["description"], Value::Null, "{endpoint}");
    assert_eq!(endpoint["metadata"], json!({}));

    let product = post(&server, "/v1/products", &[("name", "Plan")])
        .await
        .json;
    assert_eq!(product["name"], "Plan");
    assert_eq!(product["description"], Value::Null);
    assert_eq!(product["default_price"], Value::Null);
    assert_eq!(product["updated"], product["created"], "{product}");

    let customer = post(&server, "/v1/customers", &[]).await.json;
    assert_eq!(customer["email"], Value::Null);
    assert_eq!(customer["currency"], Value::Null);
    // States a new customer starts in stay.
    assert_eq!(customer["delinquent"], false, "{customer}");
    assert_eq!(customer["tax_exempt"], "none");
    // What a hash leaves out that cannot be null is the default the fixture shows.
    let price = post(
        &server,
        "/v1/prices",
        &[
            ("currency", "usd"),
            ("unit_amount", "1000"),
            ("product", product["id"].as_str().unwrap()),
            ("recurring[interval]", "month"),
        ],
    )
    .await
    .json;
    assert_eq!(price["recurring"]["interval"], "month", "{price}");
    assert_eq!(price["recurring"]["interval_count"], 1);
    assert_eq!(price["nickname"], Value::Null);

    let session = post(
        &server,
        "/v1/checkout/sessions",
        &[
            ("mode", "subscription"),
            ("success_url", "https://example.com/ok"),
            ("line_items[0][price]", price["id"].as_str().unwrap()),
            ("line_items[0][quantity]", "1"),
        ],
    )
    .await
    .json;
    assert_eq!(session["metadata"], json!({}), "{session}");
    assert_eq!(session["customer_email"], Value::Null);
    assert_eq!(session["success_url"], "https://example.com/ok");
}

#[tokio::test]
async fn the_stateful_mode_keeps_an_id_the_request_names_and_refuses_it_twice() {
    let server = MockServer::builder(api()).stateful().start().await.unwrap();
    let form = [("id", "SUMMER"), ("percent_off", "10")];
    let created = post(&server, "/v1/coupons", &form).await;
    assert_eq!(created.json["id"], "SUMMER", "{}", created.json);
    assert_eq!(
        get(&server, "/v1/coupons/SUMMER").await.json["percent_off"],
        json!(10.0)
    );
    let again = post(&server, "/v1/coupons", &form).await;
    assert_eq!(again.status, 400, "{}", again.json);
    assert_eq!(again.json["error"]["code"], "resource_already_exists");
    assert_eq!(again.json["error"]["param"], "id");
    assert_eq!(again.json["error"]["message"], "Coupon already exists.");
    let listed = get(&server, "/v1/coupons").await.json;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1, "{listed}");
}

#[tokio::test]
async fn the_stateful_mode_says_when_it_replays_an_idempotent_request() {
    let server = MockServer::builder(api()).stateful().start().await.unwrap();
    let send = || {
        reqwest::Client::new()
            .post(format!("{}/v1/customers", server.url()))
            .header("authorization", KEY)
            .header("idempotency-key", "k1")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=a%40b.c")
    };
    let first = send().send().await.unwrap();
    assert_eq!(first.headers().get("idempotent-replayed"), None);
    let first: Value = serde_json::from_slice(&first.bytes().await.unwrap()).unwrap();
    let again = send().send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = serde_json::from_slice(&again.bytes().await.unwrap()).unwrap();
    assert_eq!(first, again);
    // The same key for another account is another key.
    let other = send()
        .header("stripe-account", "acct_1")
        .send()
        .await
        .unwrap();
    assert_eq!(other.headers().get("idempotent-replayed"), None);
}

#[tokio::test]
async fn the_stateful_mode_is_controlled_over_http_under_mock() {
    let server = MockServer::builder(api()).stateful().start().await.unwrap();
    let set = post(&server, "/_mock/clock", &[("time", "1700000000")]).await;
    assert_eq!(
        (set.status, &set.json["now"]),
        (200, &Value::from(1_700_000_000))
    );
    let customer = post(&server, "/v1/customers", &[("email", "a@b.c")]).await;
    assert_eq!(customer.json["created"], 1_700_000_000);
    let moved = post(&server, "/_mock/clock", &[("advance", "3600")]).await;
    assert_eq!(moved.json["now"], 1_700_003_600);
    assert_eq!(
        get(&server, "/_mock/clock").await.json["now"],
        1_700_003_600
    );
    let neither = post(&server, "/_mock/clock", &[("time", "soon")]).await;
    assert_rejected(&neither, "time", "Unix epoch");

    let reset = post(&server, "/_mock/reset", &[]).await;
    assert_eq!(reset.status, 200);
    let list = get(&server, "/v1/customers").await;
    assert_eq!(list.json["data"], Value::Array(Vec::new()));
    let missing = post(
        &server,
        "/_mock/checkout/sessions/cs_test_gone/complete",
        &[],
    )
    .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json["error"]["code"], "resource_missing");
    assert_eq!(post(&server, "/_mock/elsewhere", &[]).await.status, 404);

    // The stateless mode has no controls.
    let stateless = MockServer::builder(api()).start().await.unwrap();
    assert_eq!(post(&stateless, "/_mock/reset", &[]).await.status, 404);
}

/// The pinned fixture of `resource`.
fn fixture(resource: &str) -> Value {
    let path = pins::resolve_current(SpecFile::Fixtures).expect("the pinned fixtures");
    let fixtures: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    fixtures["resources"][resource].clone()
}

#[tokio::test]
async fn lists_searches_and_deletes_have_their_own_shapes() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let list = get(&server, "/v1/customers?limit=3").await.json;
    assert_eq!(list["object"], "list");
    assert_eq!(list["url"], "/v1/customers");
    assert_eq!(list["has_more"], false);
    assert_eq!(list["data"][0]["object"], "customer");

    let search = get(&server, "/v1/customers/search?query=email%3A%27a%40b.c%27")
        .await
        .json;
    assert_eq!(search["object"], "search_result");
    assert_eq!(search["next_page"], Value::Null);
    assert_eq!(search["data"][0]["object"], "customer");

    let request = reqwest::Client::new()
        .delete(format!("{}/v1/customers/cus_gone", server.url()))
        .header("authorization", KEY);
    let deleted = send(request).await.json;
    assert_eq!(
        deleted,
        json!({ "id": "cus_gone", "object": "customer", "deleted": true })
    );
}

#[tokio::test]
async fn expand_replaces_ids_with_objects() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let plain = get(&server, "/v1/invoices/in_1").await.json;
    let customer_id = plain["customer"]
        .as_str()
        .expect("the fixture names a customer");

    let expanded = get(&server, "/v1/invoices/in_1?expand[]=customer")
        .await
        .json;
    assert_eq!(expanded["customer"]["object"], "customer");
    assert_eq!(expanded["customer"]["id"], customer_id);

    // In a list, through `data`.
    let list = get(&server, "/v1/invoices?expand[0]=data.customer")
        .await
        .json;
    assert_eq!(list["data"][0]["customer"]["object"], "customer");

    // A field that is null in the fixture expands into the fixture of its resource, as
    // stripe-mock answers (the fixture's PaymentIntent has no customer).
    let plain = get(&server, "/v1/payment_intents/pi_1").await.json;
    assert_eq!(plain["customer"], serde_json::Value::Null);
    let expanded = get(&server, "/v1/payment_intents/pi_1?expand[0]=customer")
        .await
        .json;
    assert_eq!(expanded["customer"]["object"], "customer");

    // So does a field the fixture leaves out (a charge's `transfer`).
    let expanded = get(&server, "/v1/charges/ch_1?expand[0]=transfer")
        .await
        .json;
    assert_eq!(expanded["transfer"]["object"], "transfer");

    let answer = get(&server, "/v1/invoices/in_1?expand[]=total").await;
    assert_rejected(
        &answer,
        "expand",
        "This property cannot be expanded (total).",
    );
}

#[tokio::test]
async fn files_upload_as_multipart_and_pdfs_come_back_as_bytes() {
    let server = MockServer::builder(api()).start().await.unwrap();
    let upload = |form: reqwest::multipart::Form| {
        reqwest::Client::new()
            .post(format!("{}/v1/files", server.url()))
            .header("authorization", KEY)
            .multipart(form)
    };
    let file = || reqwest::multipart::Part::bytes(b"%PDF".to_vec()).file_name("evidence.pdf");
    let form = reqwest::multipart::Form::new()
        .text("purpose", "dispute_evidence")
        .part("file", file());
    let answer = send(upload(form)).await;
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(answer.json["object"], "file");

    let form = reqwest::multipart::Form::new().part("file", file());
    assert_rejected(&send(upload(form)).await, "purpose", "Missing required");
    let form = reqwest::multipart::Form::new()
        .text("purpose", "dispute_evidence")
        .text("file", "not a file");
    assert_rejected(&send(upload(form)).await, "file", "Invalid file");

    let response = reqwest::Client::new()
        .get(format!("{}/v1/quotes/qt_1/pdf", server.url()))
        .header("authorization", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn a_queued_error_is_answered_with_its_status_body_and_retry_header() {
    let server = MockServer::builder(api()).start().await.unwrap();
    server.inject(Fault::status(503).should_retry(true).times(2));
    for _ in 0..2 {
        let answer = get(&server, "/v1/customers/cus_1").await;
        assert_eq!(answer.status, 503);
        assert_eq!(answer.json["error"]["type"], "api_error");
        assert_eq!(answer.headers["stripe-should-retry"], "true");
    }
    assert_eq!(get(&server, "/v1/customers/cus_1").await.status, 200);

    let body =
        json!({ "error": { "type": "card_error", "code": "card_declined", "message": "No." } });
    server.inject(Fault::status(402).body(body.clone()).should_retry(false));
    let answer = get(&server, "/v1/customers/cus_1").await;
    assert_eq!((answer.status, &answer.json), (402, &body));
    assert_eq!(answer.headers["stripe-should-retry"], "false");
}

#[tokio::test]
async fn a_fault_can_be_limited_to_one_path() {
    let server = MockServer::builder(api()).start().await.unwrap();
    server.inject(Fault::status(500).on_path("/v1/charges"));
    assert_eq!(get(&server, "/v1/customers").await.status, 200);
    assert_eq!(get(&server, "/v1/charges").await.status, 500);
    assert_eq!(get(&server, "/v1/charges").await.status, 200);
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let server = MockServer::builder(api()).start().await.unwrap();
    server.inject(Fault::delay(Duration::from_millis(300)));
    let started = Instant::now();
    let answer = get(&server, "/v1/customers/cus_1").await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_dropped_connection_gives_no_answer() {
    let server = MockServer::builder(api()).start().await.unwrap();
    server.inject(Fault::drop_connection());
    let error = reqwest::Client::new()
        .get(format!("{}/v1/customers", server.url()))
        .header("authorization", KEY)
        .send()
        .await
        .expect_err("no answer");
    assert!(!error.is_status(), "{error}");
    assert_eq!(get(&server, "/v1/customers").await.status, 200);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn requests_are_recorded() {
    let server = MockServer::builder(api()).start().await.unwrap();
    post(&server, "/v1/customers", &[("email", "a@b.c")]).await;
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].method.as_str(), received[0].path.as_str()),
        ("POST", "/v1/customers")
    );
    assert_eq!(&received[0].body[..], b"email=a%40b.c");
    assert_eq!(received[0].header("authorization"), Some(KEY));
}

#[test]
fn a_malformed_spec_names_the_json_pointer() {
    let fixtures = json!({ "resources": {} });
    let spec = json!({
        "info": { "version": "2022-11-15" },
        "components": { "schemas": {} },
        "paths": { "/v1/things": { "get": { "responses": { "200": {} } } } },
    });
    let error = MockApi::from_documents(spec, fixtures.clone()).unwrap_err();
    assert!(matches!(error, LoadError::Shape { .. }));
    assert_eq!(
        error.to_string(),
        "/paths/~1v1~1things/get/responses/200/content: missing or not an object"
    );
    let error = MockApi::from_documents(json!({ "paths": {} }), fixtures).unwrap_err();
    assert_eq!(error.to_string(), "/info/version: missing or not a string");
}

/// A spec Stripe published no fixtures with (2024-04-10): every resource's answer is made from
/// its schema, in both modes, the same on every run.
#[tokio::test]
async fn a_spec_without_fixtures_answers_with_examples_made_from_its_schemas() {
    let spec = pins::resolve("2024-04-10", SpecFile::Spec).expect("the pinned 2024-04-10 spec");
    let api = Arc::new(MockApi::load_without_fixtures(&spec).expect("the spec loads"));
    assert_eq!(api.api_version(), "2024-04-10");
    let server = MockServer::builder(Arc::clone(&api)).start().await.unwrap();
    let meter = get(&server, "/v1/billing/meters/mtr_123").await;
    assert_eq!(meter.status, 200, "{}", meter.json);
    assert_eq!(meter.json["object"], "billing.meter");
    assert_eq!(meter.json["id"], "mtr_123", "the id of the path");
    // Every required field is there, `null` where the schema allows it.
    for field in [
        "created",
        "display_name",
        "event_name",
        "status",
        "livemode",
    ] {
        assert!(meter.json.get(field).is_some(), "{field}: {}", meter.json);
    }
    let again = get(&server, "/v1/billing/meters/mtr_123").await;
    assert_eq!(again.json, meter.json, "deterministic");
    // The empty strings of an example are not ids to replace with the path's.
    let refund = get(&server, "/v1/application_fees/fee_abc/refunds/fr_abc").await;
    assert_eq!(refund.json["id"], "fr_abc");
    assert_ne!(refund.json["currency"], "fee_abc", "{}", refund.json);
    server.shutdown().await;

    let stateful = MockServer::builder(api).stateful().start().await.unwrap();
    let created = post(
        &stateful,
        "/v1/billing/meters",
        &[
            ("display_name", "API calls"),
            ("event_name", "api_call"),
            ("default_aggregation[formula]", "sum"),
        ],
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.json);
    let id = created.json["id"].as_str().unwrap().to_string();
    assert!(
        id.starts_with("bm_"),
        "an id prefixed by the initials: {id}"
    );
    assert_eq!(created.json["event_name"], "api_call");
    let fetched = get(&stateful, &format!("/v1/billing/meters/{id}")).await;
    assert_eq!(
        fetched.json["display_name"], "API calls",
        "{}",
        fetched.json
    );
    stateful.shutdown().await;
}
