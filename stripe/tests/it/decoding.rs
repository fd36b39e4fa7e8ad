//! Responses that differ from what this version of the crate knows still decode; responses that
//! do not fit say which field failed.

use crate::common::{Reply, Server};
use stripekit::{Error, RetrieveCharge, SendRequest};

fn charge(extra: serde_json::Value) -> serde_json::Value {
    let mut charge = serde_json::json!({
        "id": "ch_1", "object": "charge", "amount": 100, "amount_captured": 100,
        "amount_refunded": 0, "billing_details": {"address": null, "email": null, "name": null, "phone": null},
        "captured": true, "created": 1, "currency": "usd", "disputed": false,
        "livemode": false, "metadata": {}, "paid": true, "refunded": false,
        "status": "succeeded",
        "refunds": {"object": "list", "data": [], "has_more": false, "url": "/v1/charges/ch_1/refunds"},
    });
    for (k, v) in extra.as_object().unwrap() {
        charge[k] = v.clone();
    }
    charge
}

#[tokio::test]
async fn unknown_enum_values_fields_and_object_types_decode() {
    let body = charge(serde_json::json!({
        "status": "teleported",
        "brand_new_field": {"nested": [1, 2, 3]},
    }));
    let server = Server::always(Reply::json(200, body)).await;
    let charge = RetrieveCharge::new("ch_1")
        .send(&server.client())
        .await
        .unwrap();
    assert_eq!(charge.status.as_str(), "teleported");
    assert!(
        matches!(charge.status, stripekit::ChargeStatus::Unknown(_)),
        "{:?}",
        charge.status
    );

    let mut customer = crate::common::customer("cus_1");
    customer["default_source"] = serde_json::json!({"id": "thing_1", "object": "brand_new_source"});
    let server = Server::always(Reply::json(200, customer)).await;
    let customer = stripekit::UpdateCustomer::new("cus_1")
        .send(&server.client())
        .await
        .unwrap();
    match customer
        .default_source
        .as_ref()
        .map(|s| s.object().unwrap())
    {
        Some(Some(source)) => match source {
            stripekit::BankAccountOrCardOrSource::Unknown(value) => {
                assert_eq!(value["object"], "brand_new_source")
            }
            other => panic!("expected an unknown source, got {other:?}"),
        },
        other => panic!("expected an expanded source, got {other:?}"),
    }
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_with_the_request_id() {
    let body = charge(
        serde_json::json!({"refunds": {"object": "list", "data": [{"id": 5}], "has_more": false, "url": "/"}}),
    );
    let server = Server::always(Reply::json(200, body)).await;
    let error = RetrieveCharge::new("ch_1")
        .send(&server.client())
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            source, request_id, ..
        } => {
            assert_eq!(source.path, "refunds.data[0].id");
            assert_eq!(request_id.as_deref(), Some("req_test123"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("GET /v1/charges/{charge}"), "{message}");
    assert!(message.contains("req_test123"), "{message}");
    assert!(message.contains("refunds.data[0].id"), "{message}");
}
