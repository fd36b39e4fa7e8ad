//! Subscriptions and Invoices: a subscription starts with its first invoice (paid with the
//! customer's default payment method, or left `open` with a PaymentIntent to confirm, the
//! subscription `incomplete` until it is paid); an invoice goes draft → open (finalize) → paid
//! (pay, or its PaymentIntent succeeding) or void; a canceled subscription ends now.

use serde_json::{Value, json};

use super::{
    Refusal, Step, id_of, int_of, int_param, list_of, list_param, price, set, set_all, str_of,
};
use crate::form::Params;
use crate::form::text;
use crate::store::Change;

/// The longest trial Stripe allows, in days.
const MAX_TRIAL_DAYS: i64 = 730;

/// One line of what a subscription or an invoice charges for: a stored price and a quantity.
pub(crate) struct Line {
    pub price: Value,
    pub quantity: i64,
}

impl Line {
    fn amount(&self) -> i64 {
        int_of(&self.price, "unit_amount").saturating_mul(self.quantity)
    }
}

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
            let customer = text(params, "customer").unwrap_or_default().to_string();
            if change
                .account
                .get(&customer)
                .is_none_or(|c| c["object"] != "customer")
            {
                return Err(Refusal::no_such("customer", &customer, "customer"));
            }
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
                Err(refusal) if refusal.status == 402 => false,
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

/// The default payment method of a customer's invoices.
fn default_method(change: &Change<'_>, customer: &str) -> Option<String> {
    let customer = change.account.get(customer)?;
    id_of(&customer["invoice_settings"], "default_payment_method")
}

/// A new draft invoice for `customer` of `lines` (or of the customer's pending invoice items
/// when `lines` is empty), stored.
fn new_invoice(
    change: &mut Change<'_>,
    customer: &str,
    subscription: Option<&str>,
    lines: &[Line],
    amount: i64,
    (start, end): (i64, i64),
) -> Value {
    let mut invoice = change.new_object("invoice");
    let data: Vec<Value> = lines
        .iter()
        .map(|line| {
            let mut item = change.new_object("line_item");
            let fields = [
                ("amount", json!(if amount == 0 { 0 } else { line.amount() })),
                ("amount_excluding_tax", json!(line.amount())),
                ("currency", line.price["currency"].clone()),
                ("price", line.price.clone()),
                ("quantity", json!(line.quantity)),
                ("period", json!({ "start": start, "end": end })),
                ("subscription", json!(subscription)),
                ("type", json!("subscription")),
                ("invoice_item", Value::Null),
            ];
            set_all(&mut item, fields);
            item
        })
        .collect();
    let currency = lines
        .first()
        .map_or(json!("usd"), |l| l.price["currency"].clone());
    fill_invoice(&mut invoice, customer, subscription, data, amount, currency);
    set(&mut invoice, "billing_reason", json!("subscription_create"));
    set(&mut invoice, "period_start", json!(start));
    set(&mut invoice, "period_end", json!(end));
    change.add("invoice", "/v1/invoices", &invoice);
    invoice
}

/// The fields of a draft invoice of `lines` worth `amount`.
fn fill_invoice(
    invoice: &mut Value,
    customer: &str,
    subscription: Option<&str>,
    lines: Vec<Value>,
    amount: i64,
    currency: Value,
) {
    let id = str_of(invoice, "id").to_string();
    let fields = [
        ("customer", json!(customer)),
        ("subscription", json!(subscription)),
        ("status", json!("draft")),
        ("paid", json!(false)),
        ("attempted", json!(false)),
        ("amount_due", json!(amount)),
        ("amount_paid", json!(0)),
        ("amount_remaining", json!(amount)),
        ("subtotal", json!(amount)),
        ("subtotal_excluding_tax", json!(amount)),
        ("total", json!(amount)),
        ("total_excluding_tax", json!(amount)),
        ("currency", currency),
        ("number", Value::Null),
        ("payment_intent", Value::Null),
        ("charge", Value::Null),
        (
            "status_transitions",
            json!({ "finalized_at": null, "marked_uncollectible_at": null, "paid_at": null, "voided_at": null }),
        ),
        ("lines", list_of(lines, format!("/v1/invoices/{id}/lines"))),
    ];
    set_all(invoice, fields);
}

/// Draft → open: a number, and a PaymentIntent for what is due.
fn finalize(change: &mut Change<'_>, invoice: &mut Value) {
    let number = change.account.next_invoice_number();
    set(invoice, "status", json!("open"));
    set(invoice, "number", json!(number));
    if let Some(transitions) = invoice.get_mut("status_transitions") {
        transitions["finalized_at"] = json!(change.now);
    }
    if int_of(invoice, "amount_due") > 0 {
        let intent = super::payment_intents::invoice_intent(change, invoice);
        set(invoice, "payment_intent", intent["id"].clone());
    }
    change.emit("invoice.finalized", invoice, None);
}

/// Pays an open invoice with `method` through its PaymentIntent: paid, or a 402 for a declined
/// card (`invoice.payment_failed` recorded).
fn charge_invoice(
    change: &mut Change<'_>,
    invoice: &mut Value,
    method: Option<String>,
) -> Result<(), Refusal> {
    let Some(method) = method else {
        return Err(Refusal::invalid(
            "This invoice cannot be paid: the customer has no default payment method and none was given.",
            Some("payment_method"),
            None,
        ));
    };
    let Some(intent) = id_of(invoice, "payment_intent") else {
        mark_paid_now(change, invoice);
        return Ok(());
    };
    set(invoice, "attempted", json!(true));
    change.put(invoice);
    match super::payment_intents::pay_intent(change, &intent, &method) {
        Ok(()) => {
            // The intent's success marked the stored invoice paid.
            if let Some(paid) = change.account.get(str_of(invoice, "id")) {
                *invoice = paid.clone();
            }
            Ok(())
        }
        Err(refusal) => {
            change.put(invoice);
            change.emit("invoice.payment_failed", invoice, None);
            Err(refusal)
        }
    }
}

/// The stored invoice `id` is paid (its PaymentIntent succeeded); its subscription, if it was
/// waiting for it, is active.
pub(crate) fn mark_paid(change: &mut Change<'_>, id: &str) {
    let Some(mut invoice) = change.account.get_of("invoice", id) else {
        return;
    };
    if !matches!(str_of(&invoice, "status"), "open" | "uncollectible") {
        return;
    }
    mark_paid_now(change, &mut invoice);
    change.put(&invoice);
    let Some(subscription) = id_of(&invoice, "subscription") else {
        return;
    };
    let waiting = change
        .account
        .get(&subscription)
        .is_some_and(|s| s["status"] == "incomplete");
    if waiting {
        change.update(&subscription, Some("customer.subscription.updated"), |s| {
            set(s, "status", json!("active"));
        });
    }
}

fn mark_paid_now(change: &mut Change<'_>, invoice: &mut Value) {
    let due = int_of(invoice, "amount_due");
    set(invoice, "status", json!("paid"));
    set(invoice, "paid", json!(true));
    set(invoice, "amount_paid", json!(due));
    set(invoice, "amount_remaining", json!(0));
    if let Some(transitions) = invoice.get_mut("status_transitions") {
        transitions["paid_at"] = json!(change.now);
    }
    change.emit("invoice.paid", invoice, None);
    change.emit("invoice.payment_succeeded", invoice, None);
}

pub(super) fn invoice(
    change: &mut Change<'_>,
    step: Step<'_>,
    invoice: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    let status = str_of(invoice, "status").to_string();
    match step {
        Step::Create => {
            let customer = text(params, "customer").unwrap_or_default().to_string();
            if change
                .account
                .get(&customer)
                .is_none_or(|c| c["object"] != "customer")
            {
                return Err(Refusal::no_such("customer", &customer, "customer"));
            }
            let id = str_of(invoice, "id").to_string();
            let pending: Vec<String> = change
                .account
                .all_of("invoiceitem")
                .into_iter()
                .filter(|item| item["customer"] == customer.as_str() && item["invoice"].is_null())
                .filter_map(|item| item["id"].as_str().map(str::to_string))
                .collect();
            let mut lines = Vec::new();
            let mut amount = 0;
            let mut currency = json!("usd");
            for item in pending {
                let Some(item) = change.update(&item, None, |item| set(item, "invoice", json!(id)))
                else {
                    continue;
                };
                amount = int_of(&item, "amount").saturating_add(amount);
                currency = item["currency"].clone();
                let mut line = change.new_object("line_item");
                for field in [
                    "amount",
                    "currency",
                    "description",
                    "period",
                    "price",
                    "quantity",
                    "metadata",
                ] {
                    set(&mut line, field, item[field].clone());
                }
                set(&mut line, "amount_excluding_tax", item["amount"].clone());
                set(&mut line, "invoice_item", item["id"].clone());
                set(&mut line, "type", json!("invoiceitem"));
                set(&mut line, "subscription", Value::Null);
                lines.push(line);
            }
            fill_invoice(invoice, &customer, None, lines, amount, currency);
            set(invoice, "billing_reason", json!("manual"));
            Ok(true)
        }
        Step::Action("finalize") => {
            if status != "draft" {
                return Err(Refusal::invalid(
                    "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
                    None,
                    Some("invoice_not_editable"),
                ));
            }
            finalize(change, invoice);
            Ok(true)
        }
        Step::Action("pay") => {
            match status.as_str() {
                "draft" => finalize(change, invoice),
                "open" | "uncollectible" => {}
                "paid" => {
                    return Err(Refusal::invalid(
                        "Invoice is already paid",
                        None,
                        Some("invoice_already_paid"),
                    ));
                }
                _ => {
                    return Err(Refusal::invalid(
                        &format!("This invoice can no longer be paid: its status is {status}."),
                        None,
                        Some("invoice_not_editable"),
                    ));
                }
            }
            if text(params, "paid_out_of_band") == Some("true")
                || int_of(invoice, "amount_due") == 0
            {
                super::payment_intents::cancel_invoice_intent(change, invoice);
                mark_paid_now(change, invoice);
                return Ok(true);
            }
            let customer = str_of(invoice, "customer").to_string();
            let method = text(params, "payment_method")
                .map(str::to_string)
                .or_else(|| id_of(invoice, "default_payment_method"))
                .or_else(|| default_method(change, &customer));
            change.put(invoice);
            match charge_invoice(change, invoice, method) {
                Ok(()) => Ok(true),
                Err(mut refusal) if refusal.status == 402 => {
                    refusal.keep = true;
                    Err(refusal)
                }
                Err(refusal) => Err(refusal),
            }
        }
        Step::Action("void") => {
            if !matches!(status.as_str(), "open" | "uncollectible") {
                return Err(Refusal::invalid(
                    &format!(
                        "You can only void an open or uncollectible invoice; this one is {status}."
                    ),
                    None,
                    Some("invoice_not_editable"),
                ));
            }
            super::payment_intents::cancel_invoice_intent(change, invoice);
            set(invoice, "status", json!("void"));
            if let Some(transitions) = invoice.get_mut("status_transitions") {
                transitions["voided_at"] = json!(change.now);
            }
            change.emit("invoice.voided", invoice, None);
            Ok(true)
        }
        Step::Action("mark_uncollectible") => {
            if status != "open" {
                return Err(Refusal::invalid(
                    &format!(
                        "You can only mark an open invoice uncollectible; this one is {status}."
                    ),
                    None,
                    Some("invoice_not_editable"),
                ));
            }
            set(invoice, "status", json!("uncollectible"));
            if let Some(transitions) = invoice.get_mut("status_transitions") {
                transitions["marked_uncollectible_at"] = json!(change.now);
            }
            change.emit("invoice.marked_uncollectible", invoice, None);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// An invoice item of a stored `price`: its amount is the price's times the quantity.
pub(super) fn invoice_item(
    change: &mut Change<'_>,
    step: Step<'_>,
    item: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    if !matches!(step, Step::Create) {
        return Ok(false);
    }
    if !item.get("invoice").is_some_and(Value::is_string) {
        set(item, "invoice", Value::Null);
    }
    if let Some(price_id) = text(params, "price") {
        let (price, unit) = price(change, Some(price_id), "price")?;
        let quantity = int_param(params, "quantity").unwrap_or(1);
        set(item, "amount", json!(unit.saturating_mul(quantity)));
        set(item, "quantity", json!(quantity));
        set(item, "currency", price["currency"].clone());
        set(item, "unit_amount", json!(unit));
        set(item, "price", price);
    }
    Ok(false)
}

/// `start` plus `count` intervals (`day`, `week`, `month`, `year`), months by the calendar (the
/// day clamped to the month's length), in UTC.
pub(crate) fn add_interval(start: i64, interval: &str, count: i64) -> i64 {
    // Stripe's longest billing interval is three years; this bounds the arithmetic.
    let count = count.clamp(0, 3 * 365);
    let days = start.div_euclid(86_400);
    let seconds = start.rem_euclid(86_400);
    let months = match interval {
        "day" => return start.saturating_add(count * 86_400),
        "week" => return start.saturating_add(count * 7 * 86_400),
        "year" => 12 * count,
        _ => count,
    };
    let (year, month, day) = civil_from_days(days);
    let total = year * 12 + (month - 1) + months;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let day = day.min(days_in_month(year, month));
    days_from_civil(year, month, day)
        .saturating_mul(86_400)
        .saturating_add(seconds)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_a_calendar_month() {
        // 2024-01-31 00:00:00 UTC → 2024-02-29 (leap year), → 2025-01-31 for a year.
        let jan_31 = 1_706_659_200;
        assert_eq!(add_interval(jan_31, "month", 1), 1_709_164_800);
        assert_eq!(add_interval(jan_31, "year", 1), 1_738_281_600);
        assert_eq!(add_interval(jan_31, "week", 2), jan_31 + 14 * 86_400);
        assert_eq!(
            add_interval(jan_31 + 3_600, "month", 1),
            1_709_164_800 + 3_600
        );
    }

    #[test]
    fn dates_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
