//! Checkout Sessions: a session is `open` with its totals from its line items' prices until it
//! expires (`/expire`) or a test completes it ([`crate::MockServer::complete_checkout_session`],
//! or `POST /_mock/checkout/sessions/{session}/complete`), which does what a customer
//! paying with `pm_card_visa` does: a payment's PaymentIntent succeeds, a subscription starts
//! paid, a setup's SetupIntent succeeds; then `checkout.session.completed`.

use serde_json::{Value, json};

use super::invoices::Line;
use super::step::Step;
use super::subscriptions::{self, FirstPayment};
use crate::error::Refused;
use crate::form::{Params, text};
use crate::json::{id_of, set, set_all, str_of};
use crate::store::{Change, Refusal};

/// How long a session stays open (Stripe's default is 24 hours).
const OPEN_FOR: i64 = 24 * 60 * 60;

pub(super) fn session(
    change: &mut Change<'_>,
    step: Step<'_>,
    session: &mut Value,
    params: &Params,
) -> Result<bool, Refusal> {
    match step {
        Step::Create => {
            let mode = text(params, "mode").unwrap_or("payment");
            let lines = if mode == "setup" {
                Vec::new()
            } else {
                subscriptions::lines(change, params, "line_items")?
            };
            let total: i64 = lines
                .iter()
                .map(|l| {
                    l.price["unit_amount"]
                        .as_i64()
                        .unwrap_or(0)
                        .saturating_mul(l.quantity)
                })
                .fold(0, i64::saturating_add);
            let id = str_of(session, "id").to_string();
            let currency = lines
                .first()
                .map_or(Value::Null, |l| l.price["currency"].clone());
            let fields = [
                ("mode", json!(mode)),
                ("status", json!("open")),
                (
                    "payment_status",
                    json!(if mode == "setup" {
                        "no_payment_required"
                    } else {
                        "unpaid"
                    }),
                ),
                ("amount_subtotal", json!(total)),
                ("amount_total", json!(total)),
                ("currency", currency),
                ("expires_at", json!(change.now.saturating_add(OPEN_FOR))),
                (
                    "url",
                    json!(format!("https://checkout.stripe.com/c/pay/{id}")),
                ),
                ("payment_intent", Value::Null),
                ("setup_intent", Value::Null),
                ("subscription", Value::Null),
            ];
            set_all(session, fields);
            let items: Vec<Value> = lines
                .iter()
                .map(|l| json!({ "price": l.price, "quantity": l.quantity }))
                .collect();
            change.account.set_note(&id, json!({ "line_items": items }));
            Ok(true)
        }
        Step::Action("expire") => {
            if str_of(session, "status") != "open" {
                return Err(Refusal::invalid(
                    "Only Checkout Sessions with a status of `open` can be expired.",
                    None,
                    None,
                ));
            }
            set(session, "status", json!("expired"));
            set(session, "url", Value::Null);
            change.emit("checkout.session.expired", session, None);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Completes the open session `id` as a customer paying with `pm_card_visa` would, and answers
/// it.
pub(crate) fn complete(change: &mut Change<'_>, id: &str) -> Result<Value, Refusal> {
    let Some(mut session) = change.account.get_of("checkout.session", id) else {
        return Err(Refusal::no_such("checkout.session", id, "session"));
    };
    let expired = session["expires_at"]
        .as_i64()
        .is_some_and(|at| change.now >= at);
    if str_of(&session, "status") == "open" && expired {
        // Its time ran out before anyone paid: it expires now, and says so.
        let before = session.clone();
        set(&mut session, "status", json!("expired"));
        set(&mut session, "url", Value::Null);
        change.put(&session);
        let previous = crate::events::previous_attributes(&before, &session);
        change.emit("checkout.session.expired", &session, previous);
        let message = "This Checkout Session expired before it was completed.";
        return Err(Refusal::keeping(Refused::invalid(message)));
    }
    if str_of(&session, "status") != "open" {
        return Err(Refusal::invalid(
            &format!(
                "Only an open Checkout Session can be completed; this one is {}.",
                str_of(&session, "status")
            ),
            None,
            None,
        ));
    }
    let lines: Vec<Line> = change
        .account
        .note(id)
        .and_then(|n| n["line_items"].as_array())
        .into_iter()
        .flatten()
        .map(|item| Line {
            price: item["price"].clone(),
            quantity: item["quantity"].as_i64().unwrap_or(1),
        })
        .collect();
    let mode = str_of(&session, "mode").to_string();
    let customer = match id_of(&session, "customer") {
        Some(customer) => Some(customer),
        None if mode == "subscription"
            || session["customer_creation"] == "always"
            || mode == "setup" =>
        {
            let email = session["customer_email"].clone();
            let customer = change.create("customer", "/v1/customers", |c| {
                set(c, "email", email);
                set(c, "metadata", json!({}));
            });
            customer["id"].as_str().map(str::to_string)
        }
        None => None,
    };
    if let Some(customer) = &customer {
        set(&mut session, "customer", json!(customer));
    }
    match mode.as_str() {
        "subscription" => {
            let customer = customer.unwrap_or_default();
            let mut subscription = change.new_object("subscription");
            set(&mut subscription, "metadata", json!({}));
            subscriptions::start(
                change,
                &mut subscription,
                &customer,
                &lines,
                None,
                FirstPayment::Paid,
            )?;
            change.add("subscription", "/v1/subscriptions", &subscription);
            set(&mut session, "subscription", subscription["id"].clone());
            set(
                &mut session,
                "invoice",
                subscription["latest_invoice"].clone(),
            );
            set(&mut session, "payment_status", json!("paid"));
        }
        "setup" => {
            let intent = super::setup_intents::checkout_setup(change, customer.as_deref())?;
            set(&mut session, "setup_intent", intent["id"].clone());
        }
        _ => {
            let intent = super::payment_intents::checkout_payment(change, &session)?;
            set(&mut session, "payment_intent", intent["id"].clone());
            set(&mut session, "payment_status", json!("paid"));
        }
    }
    set(&mut session, "status", json!("complete"));
    set(&mut session, "url", Value::Null);
    change.put(&session);
    change.emit("checkout.session.completed", &session, None);
    Ok(session)
}
