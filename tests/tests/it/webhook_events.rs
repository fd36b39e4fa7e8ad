//! Webhook events with Stripe's own objects (the pinned fixtures), signed as Stripe signs them:
//! a handler matches the event type and the typed object together, and an event type newer than
//! the crate is kept.

use serde_json::{Value, json};
use stripekit::webhook;
use stripekit::{EventType, Resource};

const SECRET: &str = "whsec_test_secret";

fn fixture(resource: &str) -> Value {
    stripe_tests::pinned::fixtures()[resource].clone()
}

/// An event of `kind` about `object`, as Stripe posts it, and its `Stripe-Signature`.
fn signed_event(kind: &str, object: Value) -> (Vec<u8>, String) {
    let payload = json!({
        "id": "evt_1", "object": "event", "api_version": stripekit::API_VERSION,
        "created": 1_700_000_000, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
        "data": {"object": object},
    })
    .to_string()
    .into_bytes();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let header = webhook::sign(&payload, SECRET, now);
    (payload, header)
}

/// What a handler does with an event: the match the README and the axum example show.
fn handle(event: &stripekit::Event) -> String {
    match (&event.type_, &event.data.object) {
        (EventType::PaymentIntentSucceeded, Resource::PaymentIntent(intent)) => {
            format!("paid {} {}", intent.amount, intent.currency)
        }
        (EventType::Unknown(kind), _) => format!("unknown event type {kind}"),
        (other, _) => format!("unhandled {other}"),
    }
}

#[test]
fn a_succeeded_payment_intent_matches_its_type_and_its_typed_object() {
    let intent = fixture("payment_intent");
    let (payload, header) = signed_event("payment_intent.succeeded", intent.clone());
    let event = webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(event.type_, EventType::PaymentIntentSucceeded);
    assert_eq!(
        handle(&event),
        format!(
            "paid {} {}",
            intent["amount"],
            intent["currency"].as_str().unwrap()
        )
    );
}

#[test]
fn an_unknown_event_type_is_kept_as_unknown() {
    let (payload, header) = signed_event("payment_intent.teleported", fixture("payment_intent"));
    let event = webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(
        event.type_,
        EventType::Unknown("payment_intent.teleported".to_string())
    );
    assert_eq!(
        handle(&event),
        "unknown event type payment_intent.teleported"
    );
    // A known type with another object is the handler's business, not an error.
    let (payload, header) = signed_event("customer.created", fixture("customer"));
    let event = webhook::construct_event(&payload, &header, SECRET).unwrap();
    assert_eq!(handle(&event), "unhandled customer.created");
}

#[test]
fn event_types_parse_and_print_as_stripe_writes_them() {
    let parsed: EventType = "invoice.paid".parse().unwrap();
    assert_eq!(parsed, EventType::InvoicePaid);
    assert_eq!(EventType::All.as_str(), "*");
    assert_eq!(
        EventType::ChargeDisputeFundsWithdrawn.to_string(),
        "charge.dispute.funds_withdrawn"
    );
}
