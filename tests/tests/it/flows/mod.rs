//! Users' integrations through the `stripe` client against the mock's stateful mode: payments
//! with Stripe's test cards, refunds, subscriptions and invoices, Checkout, search, and the
//! events each step records and sends to webhook endpoints, signed so that
//! `webhook::construct_event` verifies them.
//!
//! One module per subject; the helpers here create the objects the scenarios share
//! (`crate::common::stateful` starts the mock and its client).

mod billing;
mod events;
mod objects;
mod payments;
mod refusals;

use stripekit::{
    Client, ConfirmPaymentIntent, CreatePaymentIntent, CreateWebhookEndpoint, EventType,
    SendRequest, webhook,
};

use crate::common::receiver::Receiver;

/// A webhook endpoint at `receiver` for `types`, and its secret.
async fn endpoint(client: &Client, receiver: &Receiver, types: Vec<EventType>) -> String {
    let created = CreateWebhookEndpoint::new(types, receiver.url.clone())
        .send(client)
        .await
        .unwrap();
    let secret = created.secret.expect("the create answers the secret");
    assert!(secret.starts_with("whsec_"), "{secret}");
    secret
}

/// Each delivery verified with `secret` and parsed, in the order received.
fn verified(received: &[crate::common::receiver::Received], secret: &str) -> Vec<stripekit::Event> {
    received
        .iter()
        .map(|r| {
            webhook::construct_event(&r.body, &r.signature, secret).expect("a valid signature")
        })
        .collect()
}

/// A product with a monthly price of `amount` cents.
async fn monthly_price(client: &Client, amount: i64) -> stripekit::PriceId {
    let product = stripekit::CreateProduct::new("Gold plan")
        .send(client)
        .await
        .unwrap();
    stripekit::CreatePrice::new("usd")
        .product(&product.id)
        .unit_amount(amount)
        .recurring(stripekit::CreatePriceRecurring::new(
            stripekit::CreatePriceRecurringInterval::Month,
        ))
        .send(client)
        .await
        .unwrap()
        .id
}

/// The id of a PaymentIntent of `amount` cents whose confirmation with
/// `pm_card_chargeDeclined` was declined.
async fn declined_intent(client: &Client, amount: i64) -> stripekit::PaymentIntentId {
    let intent = CreatePaymentIntent::new(amount, "usd")
        .send(client)
        .await
        .unwrap();
    ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_chargeDeclined")
        .send(client)
        .await
        .unwrap_err();
    intent.id
}

/// A product `name` with a one-time price of `amount` cents.
async fn one_time_price(client: &Client, name: &str, amount: i64) -> stripekit::PriceId {
    let product = stripekit::CreateProduct::new(name)
        .send(client)
        .await
        .unwrap();
    stripekit::CreatePrice::new("usd")
        .product(&product.id)
        .unit_amount(amount)
        .send(client)
        .await
        .unwrap()
        .id
}
