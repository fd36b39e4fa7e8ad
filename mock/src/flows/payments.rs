//! PaymentIntents, SetupIntents and Refunds, with Stripe's test payment methods deciding how a
//! confirmation ends: `pm_card_visa` (and any other `pm_card_…`, or a payment method created
//! through the API) succeeds; `pm_card_chargeDeclined…` declines with the documented code;
//! `pm_card_threeDSecure2Required` and `pm_card_authenticationRequired` need 3-D Secure.

use serde_json::{Value, json};

use super::{Refusal, Step, id_of, int_of, int_param, set, set_all, str_of};
use crate::form::Params;
use crate::form::text;
use crate::store::Change;

/// How a confirmation with a payment method ends.
enum CardOutcome {
    Succeeds,
    Declines {
        code: &'static str,
        decline_code: Option<&'static str>,
        message: &'static str,
    },
    NeedsAuthentication,
}

/// Stripe's declining test payment methods: id, error code, decline code, message.
const DECLINES: [(&str, &str, Option<&str>, &str); 9] = [
    (
        "pm_card_chargeDeclined",
        "card_declined",
        Some("generic_decline"),
        "Your card was declined.",
    ),
    (
        "pm_card_visa_chargeDeclined",
        "card_declined",
        Some("generic_decline"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedInsufficientFunds",
        "card_declined",
        Some("insufficient_funds"),
        "Your card has insufficient funds.",
    ),
    (
        "pm_card_chargeDeclinedLostCard",
        "card_declined",
        Some("lost_card"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedStolenCard",
        "card_declined",
        Some("stolen_card"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedFraudulent",
        "card_declined",
        Some("fraudulent"),
        "Your card was declined.",
    ),
    (
        "pm_card_chargeDeclinedExpiredCard",
        "expired_card",
        None,
        "Your card has expired.",
    ),
    (
        "pm_card_chargeDeclinedIncorrectCvc",
        "incorrect_cvc",
        None,
        "Your card's security code is incorrect.",
    ),
    (
        "pm_card_chargeDeclinedProcessingError",
        "processing_error",
        None,
        "An error occurred while processing your card. Try again in a little bit.",
    ),
];

/// Stripe's test payment methods that need 3-D Secure.
const AUTHENTICATION: [&str; 4] = [
    "pm_card_threeDSecure2Required",
    "pm_card_threeDSecureRequired",
    "pm_card_authenticationRequired",
    "pm_card_authenticationRequiredOnSetup",
];

/// The payment method a confirmation uses and how it ends. A test payment method
/// (`pm_card_visa`) becomes a new stored card, as at Stripe; another id must be a stored one.
fn payment_method(change: &mut Change<'_>, id: &str) -> Result<(String, CardOutcome), Refusal> {
    let outcome = if let Some((_, code, decline_code, message)) =
        DECLINES.iter().find(|(pm, ..)| *pm == id)
    {
        CardOutcome::Declines {
            code,
            decline_code: *decline_code,
            message,
        }
    } else if AUTHENTICATION.contains(&id) {
        CardOutcome::NeedsAuthentication
    } else if id.starts_with("pm_card_") {
        CardOutcome::Succeeds
    } else if change.account.kind_of(id) == Some("payment_method") {
        return Ok((id.to_string(), CardOutcome::Succeeds));
    } else {
        return Err(Refusal::no_such("PaymentMethod", id, "payment_method"));
    };
    let card = test_card(change, None);
    Ok((str_of(&card, "id").to_string(), outcome))
}

/// A new stored card, as Stripe makes one of a test payment method (`pm_card_visa`), attached
/// to `customer` if given.
pub(crate) fn test_card(change: &mut Change<'_>, customer: Option<&str>) -> Value {
    let customer = customer.map_or(Value::Null, |c| Value::String(c.to_string()));
    change.create("payment_method", "/v1/payment_methods", |pm| {
        set(pm, "customer", customer);
        set(pm, "type", json!("card"));
    })
}

/// A card error as Stripe answers and records it (`last_payment_error`, `last_setup_error`).
fn card_error(code: &str, decline_code: Option<&str>, message: &str) -> Value {
    let mut error = json!({
        "type": "card_error",
        "code": code,
        "message": message,
        "doc_url": format!("https://stripe.com/docs/error-codes/{}", code.replace('_', "-")),
    });
    if let Some(decline_code) = decline_code {
        error["decline_code"] = json!(decline_code);
    }
    error
}

/// The `next_action` of an intent that needs 3-D Secure.
fn authentication_action(intent: &Value) -> Value {
    json!({
        "type": "use_stripe_sdk",
        "use_stripe_sdk": {
            "type": "three_d_secure_redirect",
            "stripe_js": format!("https://hooks.stripe.com/3d_secure_2/hosted?intent={}", str_of(intent, "id")),
        },
    })
}

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
            if text(params, "confirm") == Some("true") {
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
fn start_intent(intent: &mut Value) {
    let status = if intent.get("payment_method").is_some_and(Value::is_string) {
        "requires_confirmation"
    } else {
        "requires_payment_method"
    };
    set(intent, "status", json!(status));
    set(intent, "next_action", Value::Null);
    set(intent, "canceled_at", Value::Null);
    set(intent, "cancellation_reason", Value::Null);
    let mut secret = json!({ "id": "secret_x" });
    crate::respond::give_fresh_id(&mut secret);
    let secret = format!("{}_{}", str_of(intent, "id"), str_of(&secret, "id"));
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
        refusal.error["param"] = json!("payment_method");
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
        return Err(Refusal {
            status: 402,
            error,
            keep: true,
            replayable: true,
        });
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

/// The intent has its money: `succeeded`, and the invoice it pays is paid.
fn succeed(change: &mut Change<'_>, intent: &mut Value, amount: i64) {
    set(intent, "status", json!("succeeded"));
    set(intent, "amount_received", json!(amount));
    set(intent, "amount_capturable", json!(0));
    change.emit("payment_intent.succeeded", intent, None);
    if let Some(invoice) = id_of(intent, "invoice") {
        super::billing::mark_paid(change, &invoice);
    }
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
            if text(params, "confirm") == Some("true") {
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
            Err(Refusal {
                status: 402,
                error,
                keep: true,
                replayable: true,
            })
        }
    }
}

/// A Refund of a PaymentIntent's or a Charge's money: all that is left unless `amount` says
/// less; the Charge's `amount_refunded` and `refunded` follow.
pub(super) fn refund(
    change: &mut Change<'_>,
    step: Step<'_>,
    refund: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    if !matches!(step, Step::Create) {
        return Ok(false);
    }
    let charge_id = match (text(params, "charge"), text(params, "payment_intent")) {
        (Some(charge), _) => charge.to_string(),
        (None, Some(intent_id)) => {
            let intent = change
                .account
                .get_of("payment_intent", intent_id)
                .ok_or_else(|| Refusal::no_such("payment_intent", intent_id, "payment_intent"))?;
            match (str_of(&intent, "status"), id_of(&intent, "latest_charge")) {
                ("succeeded", Some(charge)) => charge,
                _ => {
                    return Err(Refusal::invalid(
                        &format!(
                            "This PaymentIntent ({intent_id}) does not have a successful charge to refund."
                        ),
                        Some("payment_intent"),
                        None,
                    ));
                }
            }
        }
        (None, None) => {
            return Err(Refusal::invalid(
                "One of the following params should be provided for this request: payment_intent or charge.",
                None,
                Some("parameter_missing"),
            ));
        }
    };
    let charge = change
        .account
        .get_of("charge", &charge_id)
        .ok_or_else(|| Refusal::no_such("charge", &charge_id, "charge"))?;
    // What a partial capture released counts as refunded already.
    if str_of(&charge, "status") == "failed" {
        return Err(Refusal::invalid(
            &format!("Charge {charge_id} failed: there is nothing to refund."),
            Some("charge"),
            Some("charge_not_refundable"),
        ));
    }
    let whole = int_of(&charge, "amount");
    let already = int_of(&charge, "amount_refunded");
    let left = whole.saturating_sub(already);
    if left <= 0 {
        return Err(Refusal::invalid(
            &format!("Charge {charge_id} has already been refunded."),
            None,
            Some("charge_already_refunded"),
        ));
    }
    let amount = int_param(params, "amount").unwrap_or(left);
    if amount <= 0 || amount > left {
        return Err(Refusal::invalid(
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            ),
            Some("amount"),
            None,
        ));
    }
    set(refund, "amount", json!(amount));
    set(refund, "charge", json!(charge_id));
    set(refund, "payment_intent", charge["payment_intent"].clone());
    set(refund, "currency", charge["currency"].clone());
    set(refund, "status", json!("succeeded"));
    change.update(&charge_id, Some("charge.refunded"), |charge| {
        set(
            charge,
            "amount_refunded",
            json!(already.saturating_add(amount)),
        );
        set(
            charge,
            "refunded",
            json!(already.saturating_add(amount) >= whole),
        );
    });
    Ok(true)
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
