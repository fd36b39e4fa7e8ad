//! Invoices: created from the customer's pending invoice items (or by a subscription), draft →
//! open (finalize, with a PaymentIntent for what is due) → paid (pay, or that PaymentIntent
//! succeeding) or void or uncollectible.

use serde_json::{Value, json};

use super::lookup::{customer_param, price};
use super::step::Step;
use crate::form::{Params, int_param, is_true, text};
use crate::json::{id_of, int_of, list_of, set, set_all, str_of};
use crate::store::{Change, Refusal};

/// One line of what a subscription or an invoice charges for: a stored price and a quantity.
pub(crate) struct Line {
    pub price: Value,
    pub quantity: i64,
}

impl Line {
    /// What the line charges: the price's unit amount times the quantity.
    pub(crate) fn amount(&self) -> i64 {
        int_of(&self.price, "unit_amount").saturating_mul(self.quantity)
    }
}

/// The default payment method of a customer's invoices.
pub(super) fn default_method(change: &Change<'_>, customer: &str) -> Option<String> {
    let customer = change.account.get(customer)?;
    id_of(&customer["invoice_settings"], "default_payment_method")
}

/// A new draft invoice for `customer` of `lines` (or of the customer's pending invoice items
/// when `lines` is empty), stored.
pub(super) fn new_invoice(
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
pub(super) fn finalize(change: &mut Change<'_>, invoice: &mut Value) {
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
pub(super) fn charge_invoice(
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

pub(super) fn mark_paid_now(change: &mut Change<'_>, invoice: &mut Value) {
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
            let customer = customer_param(change, params)?;
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
            if is_true(params, "paid_out_of_band") || int_of(invoice, "amount_due") == 0 {
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
                Err(mut refusal) if refusal.refused.status == 402 => {
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
