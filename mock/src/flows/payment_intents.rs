//! PaymentIntents: confirmed with a test payment method into a Charge that succeeds (or is only
//! authorised, for manual capture), a recorded decline, or 3-D Secure; captured, canceled; and
//! the intents of invoices and of completed Checkout Sessions.

use serde_json::{Value, json};

use super::cards::{CardOutcome, authentication_action, card_error, payment_method};
use super::step::Step;
use crate::error::Refused;
use crate::form::{Params, int_param, is_true};
use crate::json::{id_of, int_of, set, set_all, str_of};
use crate::store::{Change, Refusal};

pub(super) fn payment_intent(
    change: &mut Change<'_>,
    step: Step<'_>,
    intent: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    match step {
        Step::Create => {
            start_intent(intent);
            for field in ["amount_received", "amount_capturable"] {
                set(intent, field, json!(0));
            }
            set(intent, "latest_charge", Value::Null);
            set(intent, "last_payment_error", Value::Null);
            if is_true(params, "confirm") {
                confirm_payment(change, intent)?;
            }
            Ok(true)
        }
        Step::Action("confirm") => confirm_payment(change, intent).map(|()| true),
        Step::Action("capture") => capture(change, intent, params).map(|()| true),
        Step::Action("cancel") => {
            let status = str_of(intent, "status").to_string();
            let cancelable = [
                "requires_payment_method",
                "requires_capture",
                "requires_confirmation",
                "requires_action",
                "processing",
            ];
            if !cancelable.contains(&status.as_str()) {
                return Err(unexpected_state(&format!(
                    "You cannot cancel this PaymentIntent because it has a status of {status}. Only a PaymentIntent with one of the following statuses may be canceled: {}.",
                    cancelable.join(", ")
                )));
            }
            set(intent, "status", json!("canceled"));
            set(intent, "canceled_at", json!(change.now));
            set(intent, "amount_capturable", json!(0));
            set(intent, "next_action", Value::Null);
            if status == "requires_capture"
                && let Some(charge) = id_of(intent, "latest_charge")
            {
                change.update(&charge, Some("charge.refunded"), |charge| {
                    let amount = int_of(charge, "amount");
                    set(charge, "amount_refunded", json!(amount));
                    set(charge, "refunded", json!(true));
                });
            }
            change.emit("payment_intent.canceled", intent, None);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The state of a new intent: whether it has its payment method yet, its client secret.
pub(super) fn start_intent(intent: &mut Value) {
    let status = if intent.get("payment_method").is_some_and(Value::is_string) {
        "requires_confirmation"
    } else {
        "requires_payment_method"
    };
    set(intent, "status", json!(status));
    set(intent, "next_action", Value::Null);
    set(intent, "canceled_at", Value::Null);
    set(intent, "cancellation_reason", Value::Null);
    let secret = crate::ids::fresh_id(&format!("{}_secret_", str_of(intent, "id")));
    set(intent, "client_secret", json!(secret));
}

/// A 400 `payment_intent_unexpected_state`.
fn unexpected_state(message: &str) -> Refusal {
    Refusal::invalid(message, None, Some("payment_intent_unexpected_state"))
}

/// Confirms a PaymentIntent with its payment method: a Charge that succeeds (the intent
/// `succeeded`, or `requires_capture` for manual capture) or fails (a 402 `card_error`, the
/// intent back to `requires_payment_method`), or 3-D Secure (`requires_action`).
fn confirm_payment(change: &mut Change<'_>, intent: &mut Value) -> Result<(), Refusal> {
    let status = str_of(intent, "status");
    let confirmable = [
        "requires_confirmation",
        "requires_payment_method",
        "requires_action",
    ];
    if !confirmable.contains(&status) {
        return Err(unexpected_state(&format!(
            "You cannot confirm this PaymentIntent because it has a status of {status}. Only a PaymentIntent with one of the following statuses may be confirmed: {}.",
            confirmable.join(", ")
        )));
    }
    let Some(method) = id_of(intent, "payment_method") else {
        let mut refusal = unexpected_state(
            "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
        );
        refusal.refused.error["param"] = json!("payment_method");
        return Err(refusal);
    };
    let (method, outcome) = payment_method(change, &method)?;
    set(intent, "payment_method", json!(method));
    set(intent, "next_action", Value::Null);
    set(intent, "last_payment_error", Value::Null);
    if let CardOutcome::NeedsAuthentication = outcome {
        set(intent, "status", json!("requires_action"));
        set(intent, "next_action", authentication_action(intent));
        change.emit("payment_intent.requires_action", intent, None);
        return Ok(());
    }
    let manual = str_of(intent, "capture_method") == "manual";
    let amount = int_of(intent, "amount");
    let failure = match &outcome {
        CardOutcome::Declines {
            code,
            decline_code,
            message,
        } => Some(card_error(code, *decline_code, message)),
        _ => None,
    };
    let charge = new_charge(change, intent, failure.as_ref(), !manual);
    let charge_id = str_of(&charge, "id").to_string();
    set(intent, "latest_charge", json!(charge_id));
    if let Some(mut error) = failure {
        error["charge"] = json!(charge_id);
        // As at Stripe, the failed payment method is not kept for the next attempt.
        set(intent, "status", json!("requires_payment_method"));
        set(intent, "payment_method", Value::Null);
        set(intent, "last_payment_error", error.clone());
        change.emit("charge.failed", &charge, None);
        change.emit("payment_intent.payment_failed", intent, None);
        error["payment_intent"] = intent.clone();
        return Err(Refusal::keeping(Refused { status: 402, error }));
    }
    change.emit("charge.succeeded", &charge, None);
    if manual {
        set(intent, "status", json!("requires_capture"));
        set(intent, "amount_capturable", json!(amount));
        change.emit("payment_intent.amount_capturable_updated", intent, None);
    } else {
        succeed(change, intent, amount);
    }
    Ok(())
}

/// The intent has its money: `succeeded`.
fn succeed(change: &mut Change<'_>, intent: &mut Value, amount: i64) {
    set(intent, "status", json!("succeeded"));
    set(intent, "amount_received", json!(amount));
    set(intent, "amount_capturable", json!(0));
    // The invoice it pays is paid by the reaction to this event (`flows::react`).
    change.emit("payment_intent.succeeded", intent, None);
}

/// A Charge of the intent's amount: succeeded (captured or not), or failed with `failure`.
fn new_charge(
    change: &mut Change<'_>,
    intent: &Value,
    failure: Option<&Value>,
    captured: bool,
) -> Value {
    let amount = int_of(intent, "amount");
    let fields = [
        ("amount", json!(amount)),
        (
            "amount_captured",
            json!(if captured && failure.is_none() {
                amount
            } else {
                0
            }),
        ),
        ("amount_refunded", json!(0)),
        ("captured", json!(captured && failure.is_none())),
        ("currency", intent["currency"].clone()),
        (
            "customer",
            intent.get("customer").cloned().unwrap_or(Value::Null),
        ),
        (
            "description",
            intent.get("description").cloned().unwrap_or(Value::Null),
        ),
        (
            "metadata",
            intent.get("metadata").cloned().unwrap_or(json!({})),
        ),
        ("payment_intent", intent["id"].clone()),
        ("payment_method", intent["payment_method"].clone()),
        ("paid", json!(failure.is_none())),
        ("refunded", json!(false)),
        (
            "status",
            json!(if failure.is_some() {
                "failed"
            } else {
                "succeeded"
            }),
        ),
        (
            "failure_code",
            failure.map_or(Value::Null, |e| e["code"].clone()),
        ),
        (
            "failure_message",
            failure.map_or(Value::Null, |e| e["message"].clone()),
        ),
        (
            "invoice",
            intent.get("invoice").cloned().unwrap_or(Value::Null),
        ),
    ];
    change.create("charge", "/v1/charges", |charge| {
        set_all(charge, fields);
    })
}

/// Captures an authorised PaymentIntent, all of it or `amount_to_capture`.
fn capture(change: &mut Change<'_>, intent: &mut Value, params: &Params) -> Result<(), Refusal> {
    let status = str_of(intent, "status");
    if status != "requires_capture" {
        return Err(unexpected_state(&format!(
            "This PaymentIntent could not be captured because it has a status of {status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture."
        )));
    }
    let capturable = int_of(intent, "amount_capturable");
    let amount = int_param(params, "amount_to_capture").unwrap_or(capturable);
    if amount > capturable || amount <= 0 {
        return Err(Refusal::invalid(
            &format!(
                "The amount to capture ({amount}) must be positive and at most the amount capturable ({capturable})."
            ),
            Some("amount_to_capture"),
            None,
        ));
    }
    if let Some(charge) = id_of(intent, "latest_charge") {
        change.update(&charge, Some("charge.captured"), |charge| {
            let whole = int_of(charge, "amount");
            set(charge, "captured", json!(true));
            set(charge, "amount_captured", json!(amount));
            if amount < whole {
                set(
                    charge,
                    "amount_refunded",
                    json!(whole.saturating_sub(amount)),
                );
                set(charge, "refunded", json!(false));
            }
        });
    }
    succeed(change, intent, amount);
    Ok(())
}

/// A PaymentIntent for what an open invoice is due, waiting for its payment method.
pub(super) fn invoice_intent(change: &mut Change<'_>, invoice: &Value) -> Value {
    new_intent(
        change,
        [
            &invoice["amount_due"],
            &invoice["currency"],
            &invoice["customer"],
        ],
        &invoice["id"],
    )
}

/// The PaymentIntent of a completed Checkout Session in `payment` mode, paid with
/// `pm_card_visa`.
pub(super) fn checkout_payment(change: &mut Change<'_>, session: &Value) -> Result<Value, Refusal> {
    let intent = new_intent(
        change,
        [
            &session["amount_total"],
            &session["currency"],
            &session["customer"],
        ],
        &Value::Null,
    );
    let id = str_of(&intent, "id").to_string();
    pay_intent(change, &id, "pm_card_visa")?;
    Ok(change.account.get(&id).unwrap_or(intent))
}

/// A stored PaymentIntent of `amount`, `currency` and `customer` for `invoice`, waiting for its
/// payment method.
fn new_intent(
    change: &mut Change<'_>,
    [amount, currency, customer]: [&Value; 3],
    invoice: &Value,
) -> Value {
    let mut intent = change.new_object("payment_intent");
    let fields = [
        ("amount", amount.clone()),
        ("currency", currency.clone()),
        ("customer", customer.clone()),
        ("invoice", invoice.clone()),
        ("payment_method", Value::Null),
        ("capture_method", json!("automatic")),
        ("amount_received", json!(0)),
        ("amount_capturable", json!(0)),
        ("latest_charge", Value::Null),
        ("last_payment_error", Value::Null),
        ("metadata", json!({})),
    ];
    set_all(&mut intent, fields);
    start_intent(&mut intent);
    change.add("payment_intent", "/v1/payment_intents", &intent);
    intent
}

/// Confirms the stored PaymentIntent `id` with `method`; its success pays its invoice.
pub(super) fn pay_intent(change: &mut Change<'_>, id: &str, method: &str) -> Result<(), Refusal> {
    let Some(mut intent) = change.account.get_of("payment_intent", id) else {
        return Err(Refusal::no_such("payment_intent", id, "payment_intent"));
    };
    set(&mut intent, "payment_method", json!(method));
    let result = confirm_payment(change, &mut intent);
    if result.as_ref().is_ok() || result.as_ref().is_err_and(|r| r.keep) {
        change.put(&intent);
    }
    result
}

/// Cancels the PaymentIntent of an invoice that will not be paid through it (voided, or paid out
/// of band).
pub(super) fn cancel_invoice_intent(change: &mut Change<'_>, invoice: &Value) {
    let Some(id) = id_of(invoice, "payment_intent") else {
        return;
    };
    let open = change
        .account
        .get_of("payment_intent", &id)
        .is_some_and(|i| !matches!(str_of(&i, "status"), "succeeded" | "canceled"));
    if open {
        let now = change.now;
        change.update(&id, Some("payment_intent.canceled"), |intent| {
            set(intent, "status", json!("canceled"));
            set(intent, "canceled_at", json!(now));
            set(intent, "cancellation_reason", json!("void_invoice"));
        });
    }
}
