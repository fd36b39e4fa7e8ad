//! The compile benchmark's program for this SDK: what a payments integration does.
//! It creates a customer, a payment intent and a Checkout session, then verifies and handles a
//! webhook read from stdin. `cargo xtask bench compile` builds it; it is not run.

use std::io::Read as _;

use stripekit::{
    Client, CreateCheckoutSession, CreateCustomer, CreatePaymentIntent, Resource, SendRequest,
    webhook,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY")?;
    let client = Client::builder(key).build()?;

    let customer = CreateCustomer::new()
        .email("jenny.rosen@example.com")
        .send(&client)
        .await?;
    let intent = CreatePaymentIntent::new(2000, "usd")
        .customer(customer.id.as_str())
        .send(&client)
        .await?;
    let session = CreateCheckoutSession::new("https://example.com/success")
        .customer(customer.id.as_str())
        .send(&client)
        .await?;
    println!("{} {} {}", customer.id, intent.id, session.id);

    let mut payload = Vec::new();
    std::io::stdin().read_to_end(&mut payload)?;
    let signature = std::env::var("STRIPE_SIGNATURE")?;
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET")?;
    let event = webhook::construct_event(&payload, &signature, &secret)?;
    match &event.data.object {
        Resource::PaymentIntent(intent) => println!("payment intent {}", intent.id),
        Resource::CheckoutSession(session) => println!("checkout session {}", session.id),
        _ => println!("{}", event.type_),
    }
    Ok(())
}
