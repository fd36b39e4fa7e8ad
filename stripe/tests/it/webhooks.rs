//! Webhook signatures and events.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use stripekit::webhook::{self, WebhookError};
use stripekit::{EventType, Resource};

const SECRET: &str = "whsec_test_secret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn event(object: serde_json::Value, kind: &str) -> Vec<u8> {
    serde_json::json!({
        "id": "evt_1",
        "object": "event",
        "api_version": "2022-11-15",
        "created": 1_700_000_000,
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    })
    .to_string()
    .into_bytes()
}

fn customer_event() -> Vec<u8> {
    event(
        serde_json::json!({"id": "cus_1", "object": "customer", "created": 1, "livemode": false}),
        "customer.created",
    )
}

#[test]
fn a_valid_signature_verifies_and_the_event_is_typed() {
    let payload = customer_event();
    let header = webhook::sign(&payload, SECRET, now());
    let event = webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.type_, EventType::CustomerCreated);
    assert_eq!(event.type_.as_str(), "customer.created");
    match &event.data.object {
        Resource::Customer(customer) => assert_eq!(customer.id, "cus_1"),
        other => panic!("expected a customer, got {other:?}"),
    }
}

#[test]
fn a_tampered_body_or_a_wrong_secret_is_rejected() {
    let payload = customer_event();
    let header = webhook::sign(&payload, SECRET, now());
    let mut tampered = payload.clone();
    let at = tampered.iter().position(|b| *b == b'1').unwrap();
    tampered[at] = b'2';
    assert_eq!(
        webhook::verify_signature(&tampered, &header, SECRET),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        webhook::verify_signature(&payload, &header, "whsec_other"),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn an_old_or_future_signature_is_outside_the_tolerance() {
    let payload = customer_event();
    let header = webhook::sign(&payload, SECRET, now() - 301);
    assert!(matches!(
        webhook::verify_signature(&payload, &header, SECRET),
        Err(WebhookError::OutsideTolerance {
            tolerance_secs: 300,
            ..
        })
    ));
    let at = UNIX_EPOCH + Duration::from_secs(1_000_000);
    let header = webhook::sign(&payload, SECRET, 1_000_000 + 10);
    let tolerance = Duration::from_secs(5);
    assert_eq!(
        webhook::verify_signature_at(&payload, &header, SECRET, tolerance, at),
        Err(WebhookError::OutsideTolerance {
            age_secs: 10,
            tolerance_secs: 5
        })
    );
    let header = webhook::sign(&payload, SECRET, 1_000_000 - 299);
    assert_eq!(
        webhook::verify_signature_at(&payload, &header, SECRET, webhook::DEFAULT_TOLERANCE, at),
        Ok(())
    );
}

#[test]
fn any_matching_v1_is_accepted() {
    let payload = customer_event();
    let t = now();
    let good = webhook::sign(&payload, SECRET, t);
    let good_v1 = good.split_once(",v1=").unwrap().1;
    let bad_v1 = "0".repeat(64);
    let header = format!("t={t},v1={bad_v1},v0=ignored,v1={good_v1}");
    assert_eq!(webhook::verify_signature(&payload, &header, SECRET), Ok(()));
    let header = format!("t={t},v1={bad_v1},v1=nothex");
    assert_eq!(
        webhook::verify_signature(&payload, &header, SECRET),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn malformed_headers_are_named() {
    let payload = customer_event();
    let t = now();
    let sig = webhook::sign(&payload, SECRET, t);
    let v1 = sig.split_once(",v1=").unwrap().1;
    let cases = [
        ("", WebhookError::MalformedHeader("an item without `=`")),
        (
            &format!("v1={v1}") as &str,
            WebhookError::MalformedHeader("no `t` timestamp"),
        ),
        (
            &format!("t=yesterday,v1={v1}"),
            WebhookError::MalformedHeader("`t` is not a unix time"),
        ),
        (&format!("t={t}"), WebhookError::NoSignature),
        (&format!("t={t},v0={v1}"), WebhookError::NoSignature),
    ];
    for (header, expected) in cases {
        assert_eq!(
            webhook::verify_signature(&payload, header, SECRET),
            Err(expected),
            "{header:?}"
        );
    }
}

#[test]
fn unknown_event_types_and_object_types_are_kept() {
    let payload = event(
        serde_json::json!({"id": "thing_1", "object": "brand_new_thing", "shiny": true}),
        "brand_new_thing.created",
    );
    let header = webhook::sign(&payload, SECRET, now());
    let event = webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(
        event.type_,
        EventType::Unknown("brand_new_thing.created".into())
    );
    assert_eq!(event.type_.to_string(), "brand_new_thing.created");
    match &event.data.object {
        Resource::Unknown(value) => assert_eq!(value["shiny"], true),
        other => panic!("expected an unknown object, got {other:?}"),
    }
    assert_eq!(stripekit::HasId::id(&event.data.object), Some("thing_1"));
}

#[test]
fn a_verified_body_that_is_not_an_event_names_the_failing_field() {
    let payload = br#"{"id": "evt_1", "object": "event", "created": "yesterday"}"#;
    let header = webhook::sign(payload, SECRET, now());
    match webhook::construct_event(payload, &header, SECRET) {
        Err(WebhookError::Parse(error)) => assert_eq!(error.path, "created"),
        other => panic!("expected a parse error, got {other:?}"),
    }
}
