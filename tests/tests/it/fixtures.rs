//! Every object of the pinned `fixtures3.json` decodes into its generated type, both directly and
//! through the all-resources enum, and encodes back to the same JSON (compared after
//! `stripe_tests::normalize`: `null` fields dropped, numbers as `f64`).
//!
//! Where the fixtures disagree with the spec itself, [`KNOWN_DISAGREEMENTS`] names the resource
//! and exactly what happens, so that any other difference fails.

use serde_json::Value;
use stripe_generated::Resource;
use stripe_tests::pinned::fixtures;
use stripe_tests::{normalize, roundtrip};

/// Fixtures that do not follow the spec: the resource and the exact failure it gives.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[
    // The fixture's `document.address` has a `zip` field that the spec's `address` does not
    // describe (it has `postal_code`); unknown fields are ignored, so it is not written back.
    (
        "identity.verification_report",
        "differs after the round trip",
    ),
    // The fixture's `destination_payment_method_details` has a `destination` id that the
    // spec's `outbound_payments_payment_method_details` does not describe. (It also lacks the
    // `billing_details` the spec requires, which the generator made optional for that reason:
    // see `a_fixture_without_a_field_the_spec_requires_decodes`.)
    ("treasury.outbound_payment", "differs after the round trip"),
];

fn expected_failure(resource_id: &str, failure: &str) -> bool {
    KNOWN_DISAGREEMENTS
        .iter()
        .any(|(id, f)| *id == resource_id && failure.contains(f))
}

/// Splits `(resource id, failure)` pairs into the known disagreements and the rest, the rest
/// formatted for an assertion message.
fn partition_known(failures: Vec<(String, String)>) -> (usize, Vec<String>) {
    let (known, unexpected): (Vec<_>, Vec<_>) = failures
        .into_iter()
        .partition(|(id, failure)| expected_failure(id, failure));
    let unexpected = unexpected
        .into_iter()
        .map(|(id, failure)| format!("{id}: {failure}"))
        .collect();
    (known.len(), unexpected)
}

#[test]
fn every_fixture_round_trips_through_its_own_type() {
    let resources = fixtures();
    assert!(resources.len() > 100, "only {} fixtures", resources.len());
    let mut failures = Vec::new();
    for (resource_id, fixture) in &resources {
        let failure = match roundtrip(resource_id, fixture.clone()) {
            None => "no generated type".to_string(),
            Some(Err(e)) => e,
            Some(Ok(back)) if normalize(&back) != normalize(fixture) => {
                format!("differs after the round trip:\n  in:  {fixture}\n  out: {back}")
            }
            Some(Ok(_)) => continue,
        };
        failures.push((resource_id.clone(), failure));
    }
    let (known, unexpected) = partition_known(failures);
    assert!(
        unexpected.is_empty(),
        "{} of {} fixtures failed:\n{}",
        unexpected.len(),
        resources.len(),
        unexpected.join("\n")
    );
    assert_eq!(
        known,
        KNOWN_DISAGREEMENTS.len(),
        "a known disagreement no longer fails"
    );
}

#[test]
fn every_fixture_with_an_object_field_decodes_through_the_resource_enum() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (resource_id, fixture) in fixtures() {
        if fixture.get("object").and_then(Value::as_str).is_none() {
            continue;
        }
        checked += 1;
        let failure = match serde_json::from_value::<Resource>(fixture.clone()) {
            Ok(Resource::Unknown(_)) => "decoded as Unknown".to_string(),
            Ok(resource) => {
                let back = serde_json::to_value(&resource).unwrap();
                if normalize(&back) == normalize(&fixture) {
                    continue;
                }
                "differs after the round trip".to_string()
            }
            Err(e) => e.to_string(),
        };
        failures.push((resource_id, failure));
    }
    assert!(
        checked > 100,
        "only {checked} fixtures have an object field"
    );
    let (_, unexpected) = partition_known(failures);
    assert!(
        unexpected.is_empty(),
        "{} failed:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// The spec requires `billing_details` in `outbound_payments_payment_method_details`, and the
/// fixture's `destination_payment_method_details` has none: the generator made the field optional
/// (the one such field of v271), so what Stripe's own mock sends decodes.
#[test]
fn a_fixture_without_a_field_the_spec_requires_decodes() {
    let fixture = fixtures()["treasury.outbound_payment"].clone();
    let details = &fixture["destination_payment_method_details"];
    assert!(details.is_object() && details.get("billing_details").is_none());
    let payment: stripe_generated::TreasuryOutboundPayment =
        serde_json::from_value(fixture).unwrap();
    let details = payment.destination_payment_method_details.unwrap();
    assert!(details.billing_details.is_none());
    assert_eq!(details.type_.as_str(), "us_bank_account");
}

#[test]
fn unknown_object_types_enum_values_and_fields_are_kept_or_ignored() {
    let unknown: Resource =
        serde_json::from_value(serde_json::json!({"object": "brand_new_thing", "id": "bnt_1"}))
            .unwrap();
    assert!(matches!(&unknown, Resource::Unknown(v) if v["id"] == "bnt_1"));
    assert_eq!(stripe_generated::HasId::id(&unknown), Some("bnt_1"));

    let mut charge = fixtures()["charge"].clone();
    charge["status"] = Value::from("brand_new_status");
    charge["brand_new_field"] = Value::from(42);
    let charge: stripe_generated::Charge = serde_json::from_value(charge).unwrap();
    assert_eq!(charge.status.as_str(), "brand_new_status");
    assert!(matches!(
        charge.status,
        stripe_generated::ChargeStatus::Unknown(_)
    ));
}
