//! The compile benchmark's program for async-stripe 1.0: the same payments integration as
//! `ours.rs`, written against that crate's API. `cargo xtask bench compile` builds it; it is not
//! run.

use std::io::Read as _;

use stripe::Client;
use stripe_checkout::checkout_session::CreateCheckoutSession;
use stripe_core::customer::CreateCustomer;
use stripe_core::payment_intent::CreatePaymentIntent;
use stripe_types::Currency;
use stripe_webhook::{EventObject, Webhook};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY")?;
    let client = Client::new(key);

    let customer = CreateCustomer::new()
        .email("jenny.rosen@example.com")
        .send(&client)
        .await?;
    let intent = CreatePaymentIntent::new(2000, Currency::USD)
        .customer(customer.id.as_str())
        .send(&client)
        .await?;
    let session = CreateCheckoutSession::new()
        .success_url("https://example.com/success")
        .customer(customer.id.as_str())
        .send(&client)
        .await?;
    println!("{} {} {}", customer.id, intent.id, session.id);

    let mut payload = String::new();
    std::io::stdin().read_to_string(&mut payload)?;
    let signature = std::env::var("STRIPE_SIGNATURE")?;
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET")?;
    let event = Webhook::construct_event(&payload, &signature, &secret)?;
    match &event.data.object {
        EventObject::PaymentIntentSucceeded(intent) => println!("payment intent {}", intent.id),
        EventObject::CheckoutSessionCompleted(session) => {
            println!("checkout session {}", session.id)
        }
        _ => println!("{}", event.type_),
    }
    Ok(())
}
