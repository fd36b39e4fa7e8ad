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
mod payment_intents;
mod refunds;
mod setup_intents;
mod subscriptions;

use serde_json::{Value, json};

use crate::form::{Node, Params, list_items, text};
use crate::store::{Change, Outcome};

pub(crate) use checkout::complete as complete_checkout_session;

/// What a request does to an object.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    /// A `POST` to a collection.
    Create,
    /// A `POST` to the object's own path.
    Update,
    /// A `POST` to an action of the object (`confirm` of `/v1/payment_intents/{intent}/confirm`).
    Action(&'a str),
    /// A `DELETE` that answers with the object rather than a deleted stub (a Subscription's
    /// cancel).
    Delete,
}

/// A request a flow refuses: the status, Stripe's `error` object, and whether the changes made
/// so far stay (a decline is recorded; a request in the wrong state changes nothing).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub status: u16,
    pub error: Value,
    pub keep: bool,
    /// Whether a retry with the same idempotency key gets this answer again. Stripe keeps no
    /// answer for a request that failed validation, such as a parameter naming an object that
    /// does not exist: the key stays free for the corrected request.
    pub replayable: bool,
}

impl Refusal {
    /// A 400 `invalid_request_error` that changes nothing.
    pub(crate) fn invalid(message: &str, param: Option<&str>, code: Option<&str>) -> Refusal {
        Refusal {
            status: 400,
            error: invalid_request(message, param, code),
            keep: false,
            replayable: true,
        }
    }

    /// A 400 `resource_missing` for a parameter naming an object that does not exist.
    pub(crate) fn no_such(label: &str, id: &str, param: &str) -> Refusal {
        let mut refusal = Refusal::invalid(
            &format!("No such {label}: '{id}'"),
            Some(param),
            Some("resource_missing"),
        );
        refusal.error["doc_url"] = json!("https://stripe.com/docs/error-codes/resource-missing");
        refusal.replayable = false;
        refusal
    }
}

/// Stripe's `invalid_request_error` object.
pub(crate) fn invalid_request(message: &str, param: Option<&str>, code: Option<&str>) -> Value {
    let mut error = json!({ "type": "invalid_request_error", "message": message });
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    error
}

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

/// What a request on an id the store does not have answers: Stripe's test payment methods
/// (`pm_card_visa`) exist without being created (retrieved as the spec's example, attached as a
/// new card of the customer); any other id is missing.
pub(crate) fn unstored(
    change: &mut Change<'_>,
    kind: &str,
    id: &str,
    action: Option<&str>,
    params: &Params,
    answer: Value,
) -> Result<Outcome, Refusal> {
    let missing = Outcome::Missing {
        kind: kind.to_string(),
        id: id.to_string(),
    };
    if kind != "payment_method" || !id.starts_with("pm_card_") {
        return Ok(missing);
    }
    match action {
        None => Ok(Outcome::Answer(answer)),
        Some("attach") => {
            let customer = text(params, "customer");
            let card = cards::test_card(change, customer);
            change.emit("payment_method.attached", &card, None);
            Ok(Outcome::Answer(card))
        }
        Some(_) => Ok(missing),
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
        let status = if disabled == "true" {
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
            return Err(Refusal::invalid(
                &format!(
                    "The payment method you provided is not attached to a customer so detachment is impossible. ({})",
                    str_of(method, "id")
                ),
                None,
                None,
            ));
        }
        set(method, "customer", Value::Null);
        change.emit("payment_method.detached", method, None);
        return Ok(true);
    }
    Ok(false)
}

/// Sets a field the object already has (so that it keeps to its schema).
pub(crate) fn set(object: &mut Value, field: &str, value: Value) {
    if let Some(slot) = object.get_mut(field) {
        *slot = value;
    }
}

/// Sets each of `fields` that the object already has.
pub(crate) fn set_all<const N: usize>(object: &mut Value, fields: [(&str, Value); N]) {
    for (field, value) in fields {
        set(object, field, value);
    }
}

/// A list object (`{"object": "list", "data": …}`) of all of `data`.
pub(crate) fn list_of(data: Vec<Value>, url: String) -> Value {
    json!({
        "object": "list",
        "total_count": data.len(),
        "data": data,
        "has_more": false,
        "url": url,
    })
}

/// A string field.
pub(crate) fn str_of<'a>(object: &'a Value, field: &str) -> &'a str {
    object.get(field).and_then(Value::as_str).unwrap_or("")
}

/// An integer field, 0 when absent.
pub(crate) fn int_of(object: &Value, field: &str) -> i64 {
    object.get(field).and_then(Value::as_i64).unwrap_or(0)
}

/// The id of a field that holds an id or an expanded object.
pub(crate) fn id_of(object: &Value, field: &str) -> Option<String> {
    match object.get(field)? {
        Value::String(id) => Some(id.clone()),
        Value::Object(expanded) => expanded.get("id")?.as_str().map(str::to_string),
        _ => None,
    }
}

/// An integer parameter.
pub(crate) fn int_param(params: &Params, name: &str) -> Option<i64> {
    text(params, name)?.parse().ok()
}

/// The items of a list parameter (`items[0][price]=…`), each a map of its fields.
pub(crate) fn list_param<'a>(params: &'a Params, name: &str) -> Vec<&'a Params> {
    match params.get(name) {
        Some(Node::Map(items)) => list_items(items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(_, item)| match item {
                Node::Map(fields) => Some(fields),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The `customer` parameter, which names a stored customer, or the refusal.
pub(crate) fn customer_param(change: &Change<'_>, params: &Params) -> Result<String, Refusal> {
    let customer = text(params, "customer").unwrap_or_default();
    match change.account.kind_of(customer) {
        Some("customer") => Ok(customer.to_string()),
        _ => Err(Refusal::no_such("customer", customer, "customer")),
    }
}

/// A stored price's amount for one unit and its currency, or the refusal for `param`.
pub(crate) fn price(
    change: &Change<'_>,
    id: Option<&str>,
    param: &str,
) -> Result<(Value, i64), Refusal> {
    let Some(id) = id else {
        return Err(Refusal::invalid(
            "The mock's stateful mode needs the id of a stored price here.",
            Some(param),
            Some("parameter_missing"),
        ));
    };
    let price = change
        .account
        .get_of("price", id)
        .ok_or_else(|| Refusal::no_such("price", id, param))?;
    let unit = int_of(&price, "unit_amount");
    Ok((price, unit))
}
