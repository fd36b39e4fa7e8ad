//! Subscriptions: a subscription starts with its items, its period and its first invoice (paid
//! with the subscription's or the customer's default payment method, or left `open` with a
//! PaymentIntent to confirm, the subscription `incomplete` until it is paid); a canceled
//! subscription ends now.

use serde_json::{Value, json};

use super::calendar::add_interval;
use super::invoices::{Line, charge_invoice, default_method, finalize, mark_paid_now, new_invoice};
use super::lookup::{customer_param, price};
use super::step::Step;
use crate::form::{Params, int_param, list_param, text};
use crate::json::{id_of, list_of, set, set_all, str_of};
use crate::store::{Change, Refusal};

/// The longest trial Stripe allows, in days.
const MAX_TRIAL_DAYS: i64 = 730;

/// The lines of a list parameter (`items`, `line_items`): each item's stored `price` and its
/// `quantity` (1 unless given).
pub(crate) fn lines(
    change: &Change<'_>,
    params: &Params,
    name: &str,
) -> Result<Vec<Line>, Refusal> {
    let items = list_param(params, name);
    if items.is_empty() {
        return Err(Refusal::invalid(
            &format!("Missing required param: {name}."),
            Some(name),
            Some("parameter_missing"),
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let param = format!("{name}[{i}][price]");
            let (price, _) = price(change, text(item, "price"), &param)?;
            let quantity = int_param(item, "quantity").unwrap_or(1);
            Ok(Line { price, quantity })
        })
        .collect()
}

/// How a new subscription's first invoice is paid.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum FirstPayment {
    /// With the subscription's or the customer's default payment method, if any.
    Default,
    /// Not now: the invoice stays open with a PaymentIntent to confirm
    /// (`payment_behavior=default_incomplete`).
    Later,
    /// Already paid (a completed Checkout Session).
    Paid,
}

pub(super) fn subscription(
    change: &mut Change<'_>,
    step: Step<'_>,
    subscription: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    match step {
        Step::Create => {
            let customer = customer_param(change, params)?;
            let lines = lines(change, params, "items")?;
            let trial_days = int_param(params, "trial_period_days");
            if trial_days.is_some_and(|days| !(0..=MAX_TRIAL_DAYS).contains(&days)) {
                return Err(Refusal::invalid(
                    &format!("trial_period_days must be between 0 and {MAX_TRIAL_DAYS}."),
                    Some("trial_period_days"),
                    None,
                ));
            }
            let payment = match text(params, "payment_behavior") {
                Some("default_incomplete") => FirstPayment::Later,
                _ => FirstPayment::Default,
            };
            start(change, subscription, &customer, &lines, trial_days, payment)?;
            Ok(true)
        }
        Step::Delete => {
            if str_of(subscription, "status") == "canceled" {
                return Err(Refusal::invalid(
                    &format!("No such subscription: '{}'", str_of(subscription, "id")),
                    Some("id"),
                    Some("resource_missing"),
                ));
            }
            set(subscription, "status", json!("canceled"));
            set(subscription, "canceled_at", json!(change.now));
            set(subscription, "ended_at", json!(change.now));
            change.emit("customer.subscription.deleted", subscription, None);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Starts `subscription` for `customer`: its items, its period, its first invoice and, as that
/// invoice's payment goes, its status.
pub(crate) fn start(
    change: &mut Change<'_>,
    subscription: &mut Value,
    customer: &str,
    lines: &[Line],
    trial_days: Option<i64>,
    payment: FirstPayment,
) -> Result<(), Refusal> {
    for (i, line) in lines.iter().enumerate() {
        if line.price.get("recurring").is_none_or(Value::is_null) {
            return Err(Refusal::invalid(
                "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
                Some(&format!("items[{i}][price]")),
                None,
            ));
        }
    }
    let id = str_of(subscription, "id").to_string();
    let now = change.now;
    let recurring = &lines[0].price["recurring"];
    let trial_end = trial_days.map(|days| now.saturating_add(days * 86_400));
    let period_end = trial_end.unwrap_or_else(|| {
        add_interval(
            now,
            str_of(recurring, "interval"),
            recurring["interval_count"].as_i64().unwrap_or(1),
        )
    });
    let items: Vec<Value> = lines
        .iter()
        .map(|line| {
            change.create("subscription_item", "/v1/subscription_items", |item| {
                set(item, "price", line.price.clone());
                set(item, "quantity", json!(line.quantity));
                set(item, "subscription", json!(id));
                set(item, "metadata", json!({}));
            })
        })
        .collect();
    let fields = [
        ("customer", json!(customer)),
        ("currency", lines[0].price["currency"].clone()),
        ("start_date", json!(now)),
        ("current_period_start", json!(now)),
        ("current_period_end", json!(period_end)),
        ("trial_start", json!(trial_end.map(|_| now))),
        ("trial_end", json!(trial_end)),
        ("cancel_at_period_end", json!(false)),
        ("cancel_at", Value::Null),
        ("canceled_at", Value::Null),
        ("ended_at", Value::Null),
        (
            "items",
            list_of(items, format!("/v1/subscription_items?subscription={id}")),
        ),
    ];
    set_all(subscription, fields);
    let amount = if trial_end.is_some() {
        0
    } else {
        lines.iter().map(Line::amount).fold(0, i64::saturating_add)
    };
    let mut invoice = new_invoice(
        change,
        customer,
        Some(&id),
        lines,
        amount,
        (now, period_end),
    );
    set(subscription, "latest_invoice", invoice["id"].clone());
    finalize(change, &mut invoice);
    let method =
        id_of(subscription, "default_payment_method").or_else(|| default_method(change, customer));
    let paid = match payment {
        _ if amount == 0 => {
            mark_paid_now(change, &mut invoice);
            true
        }
        FirstPayment::Paid => {
            change.put(&invoice);
            charge_invoice(change, &mut invoice, Some("pm_card_visa".into())).is_ok()
        }
        FirstPayment::Default if method.is_some() => {
            change.put(&invoice);
            // A decline leaves the subscription incomplete; a payment method that does not
            // exist is the request's fault.
            match charge_invoice(change, &mut invoice, method) {
                Ok(()) => true,
                Err(refusal) if refusal.refused.status == 402 => false,
                Err(refusal) => return Err(refusal),
            }
        }
        _ => false,
    };
    change.put(&invoice);
    let status = match (paid, trial_end) {
        (true, Some(_)) => "trialing",
        (true, None) => "active",
        (false, _) => "incomplete",
    };
    set(subscription, "status", json!(status));
    Ok(())
}
