//! SetupIntents: confirmed with a test payment method, the card saved to the intent's customer;
//! a decline attaches nothing; 3-D Secure; cancel.

use serde_json::{Value, json};

use super::cards::{CardOutcome, authentication_action, card_error, payment_method};
use super::payment_intents::start_intent;
use super::step::Step;
use crate::error::Refused;
use crate::form::{Params, is_true};
use crate::json::{id_of, set, str_of};
use crate::store::{Change, Refusal};

pub(super) fn setup_intent(
    change: &mut Change<'_>,
    step: Step<'_>,
    intent: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    match step {
        Step::Create => {
            start_intent(intent);
            set(intent, "last_setup_error", Value::Null);
            if is_true(params, "confirm") {
                confirm_setup(change, intent)?;
            }
            Ok(true)
        }
        Step::Action("confirm") => confirm_setup(change, intent).map(|()| true),
        Step::Action("cancel") => {
            let status = str_of(intent, "status");
            if matches!(status, "succeeded" | "canceled") {
                return Err(Refusal::invalid(
                    &format!(
                        "You cannot cancel this SetupIntent because it has a status of {status}."
                    ),
                    None,
                    Some("setup_intent_unexpected_state"),
                ));
            }
            set(intent, "status", json!("canceled"));
            set(intent, "next_action", Value::Null);
            change.emit("setup_intent.canceled", intent, None);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Confirms a SetupIntent: the payment method saved (attached to the intent's customer), a 402
/// for a declining card, or 3-D Secure.
fn confirm_setup(change: &mut Change<'_>, intent: &mut Value) -> Result<(), Refusal> {
    let status = str_of(intent, "status");
    let confirmable = [
        "requires_confirmation",
        "requires_payment_method",
        "requires_action",
    ];
    if !confirmable.contains(&status) {
        return Err(Refusal::invalid(
            &format!(
                "You cannot confirm this SetupIntent because it has a status of {status}. Only a SetupIntent with one of the following statuses may be confirmed: {}.",
                confirmable.join(", ")
            ),
            None,
            Some("setup_intent_unexpected_state"),
        ));
    }
    let Some(method) = id_of(intent, "payment_method") else {
        return Err(Refusal::invalid(
            "You cannot confirm this SetupIntent because it's missing a payment method.",
            Some("payment_method"),
            Some("setup_intent_unexpected_state"),
        ));
    };
    let customer = id_of(intent, "customer");
    let (method, outcome) = payment_method(change, &method)?;
    set(intent, "payment_method", json!(method));
    set(intent, "next_action", Value::Null);
    set(intent, "last_setup_error", Value::Null);
    match outcome {
        CardOutcome::Succeeds => {
            set(intent, "status", json!("succeeded"));
            if let Some(customer) = customer {
                change.update(&method, Some("payment_method.attached"), |pm| {
                    set(pm, "customer", json!(customer));
                });
            }
            change.emit("setup_intent.succeeded", intent, None);
            Ok(())
        }
        CardOutcome::NeedsAuthentication => {
            set(intent, "status", json!("requires_action"));
            set(intent, "next_action", authentication_action(intent));
            change.emit("setup_intent.requires_action", intent, None);
            Ok(())
        }
        CardOutcome::Declines {
            code,
            decline_code,
            message,
        } => {
            let mut error = card_error(code, decline_code, message);
            set(intent, "status", json!("requires_payment_method"));
            set(intent, "payment_method", Value::Null);
            set(intent, "last_setup_error", error.clone());
            change.emit("setup_intent.setup_failed", intent, None);
            error["setup_intent"] = intent.clone();
            Err(Refusal::keeping(Refused { status: 402, error }))
        }
    }
}

/// The SetupIntent of a completed Checkout Session in `setup` mode, confirmed with
/// `pm_card_visa`.
pub(super) fn checkout_setup(
    change: &mut Change<'_>,
    customer: Option<&str>,
) -> Result<Value, Refusal> {
    let mut intent = change.new_object("setup_intent");
    set(&mut intent, "customer", json!(customer));
    set(&mut intent, "payment_method", json!("pm_card_visa"));
    set(&mut intent, "metadata", json!({}));
    start_intent(&mut intent);
    change.add("setup_intent", "/v1/setup_intents", &intent);
    confirm_setup(change, &mut intent)?;
    change.put(&intent);
    Ok(intent)
}
