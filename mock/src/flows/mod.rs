//! The state machines of the resources people test most, over the generic store: what a create,
//! an update or an action does to a PaymentIntent, a SetupIntent, a Refund, a Subscription, an
//! Invoice or a Checkout Session beyond storing the request's values, the other objects it makes
//! (a Charge, an Invoice), and the events each step records.
//!
//! A flow refuses what Stripe refuses (confirming a canceled PaymentIntent, paying a paid
//! Invoice) with Stripe's error shape and leaves the objects as they were; a card decline is a
//! 402 `card_error` that still records the failed attempt, as at Stripe.

mod calendar;
mod cards;
mod checkout;
mod invoices;
mod lookup;
mod payment_intents;
mod refunds;
mod setup_intents;
mod step;
mod subscriptions;

use serde_json::{Value, json};

use crate::error::Refused;
use crate::form::{Params, text};
use crate::json::{id_of, set, str_of};
use crate::store::{Change, Refusal};

pub(crate) use checkout::complete as complete_checkout_session;
pub(crate) use step::Step;

/// Runs the flow of `kind` for `step` on `object`; `Ok(true)` when the flow handled the step and
/// recorded its events, `Ok(false)` when the store's generic handling applies.
pub(crate) fn apply(
    change: &mut Change<'_>,
    kind: &str,
    step: Step<'_>,
    object: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    match kind {
        "payment_intent" => payment_intents::payment_intent(change, step, object, params),
        "setup_intent" => setup_intents::setup_intent(change, step, object, params),
        "refund" => refunds::refund(change, step, object, params),
        "subscription" => subscriptions::subscription(change, step, object, params),
        "invoice" => invoices::invoice(change, step, object, params),
        "invoiceitem" => invoices::invoice_item(change, step, object, params),
        "checkout.session" => checkout::session(change, step, object, params),
        "webhook_endpoint" => webhook_endpoint(step, object, params),
        "price" => price_type(step, object, params),
        "payment_method" => payment_method(change, step, object),
        _ => Ok(false),
    }
}

/// What a request on an id the store does not have answers; `None` when the id is missing.
/// Stripe's test payment methods (`pm_card_visa`) exist without being created (retrieved as the
/// spec's example, attached as a new card of the customer); any other id is missing.
pub(crate) fn unstored(
    change: &mut Change<'_>,
    (kind, id): (&str, &str),
    action: Option<&str>,
    params: &Params,
    answer: Value,
) -> Option<Value> {
    if kind != "payment_method" || !crate::test_tokens::is_test_payment_method(id) {
        return None;
    }
    match action {
        None => Some(answer),
        Some("attach") => {
            let customer = text(params, "customer");
            let card = cards::test_card(change, customer);
            change.emit("payment_method.attached", &card, None);
            Some(card)
        }
        Some(_) => None,
    }
}

/// The reactions of one resource's flow to another's events, all in one place: each event a
/// change asks for comes here (see [`crate::store::Reactions`]).
///
/// - `payment_intent.succeeded` of an invoice's PaymentIntent: the invoice is paid, and the
///   subscription it started, when incomplete, becomes active.
pub(crate) fn react(change: &mut Change<'_>, type_: &str, object: &Value) {
    if type_ == "payment_intent.succeeded"
        && let Some(invoice) = id_of(object, "invoice")
    {
        invoices::mark_paid(change, &invoice);
    }
}

/// A price is recurring when created with `recurring`, one-time otherwise; its decimal amount
/// follows its amount.
fn price_type(step: Step<'_>, price: &mut Value, params: &Params) -> Result<bool, Refusal> {
    if let Step::Create = step {
        if !params.contains_key("recurring") {
            set(price, "recurring", Value::Null);
        }
        let kind = if price["recurring"].is_null() {
            "one_time"
        } else {
            "recurring"
        };
        set(price, "type", json!(kind));
        if let Some(amount) = price["unit_amount"].as_i64() {
            set(price, "unit_amount_decimal", json!(amount.to_string()));
        }
    }
    Ok(false)
}

/// A webhook endpoint is disabled and enabled again by `disabled`.
fn webhook_endpoint(
    step: Step<'_>,
    endpoint: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    if let (Step::Update, Some(disabled)) = (step, text(params, "disabled")) {
        let status = if crate::form::boolean(disabled) == Some(true) {
            "disabled"
        } else {
            "enabled"
        };
        set(endpoint, "status", json!(status));
    }
    Ok(false)
}

/// A payment method detached from its customer.
fn payment_method(
    change: &mut Change<'_>,
    step: Step<'_>,
    method: &mut Value,
) -> Result<bool, Refusal> {
    if let Step::Action("detach") = step {
        if method["customer"].is_null() {
            let message = format!(
                "The payment method you provided is not attached to a customer so detachment is impossible. ({})",
                str_of(method, "id")
            );
            return Err(Refused::invalid(&message).into());
        }
        set(method, "customer", Value::Null);
        change.emit("payment_method.detached", method, None);
        return Ok(true);
    }
    Ok(false)
}
