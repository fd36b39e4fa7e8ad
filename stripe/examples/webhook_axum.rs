//! A webhook endpoint in axum: verifies `Stripe-Signature` over the raw body, then handles the
//! event by its type and the type of its object, together.
//!
//! ```sh
//! STRIPE_WEBHOOK_SECRET=whsec_... cargo run -p stripekit --example webhook_axum
//! stripe listen --forward-to localhost:4242/webhook
//! ```

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use stripekit::webhook;
use stripekit::{EventType, Resource};

async fn handle(headers: HeaderMap, body: Bytes) -> StatusCode {
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET").unwrap_or_default();
    let Some(signature) = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return StatusCode::BAD_REQUEST;
    };
    let event = match webhook::construct_event(&body, signature, &secret) {
        Ok(event) => event,
        Err(error) => {
            eprintln!("rejected a webhook: {error}");
            return StatusCode::BAD_REQUEST;
        }
    };
    match (&event.type_, &event.data.object) {
        (EventType::PaymentIntentSucceeded, Resource::PaymentIntent(intent)) => {
            println!(
                "payment {} succeeded: {} {}",
                intent.id, intent.amount, intent.currency
            );
        }
        (EventType::CustomerCreated | EventType::CustomerUpdated, Resource::Customer(customer)) => {
            println!("{}: customer {}", event.type_, customer.id);
        }
        // Event types and objects newer than this version of the crate are kept, not refused.
        (EventType::Unknown(kind), _) => println!("an event type this crate does not know: {kind}"),
        (_, Resource::Unknown(object)) => println!("{}: {}", event.type_, object["object"]),
        (other, _) => println!("unhandled {other}"),
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/webhook", post(handle));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:4242").await?;
    println!("listening on http://{}/webhook", listener.local_addr()?);
    axum::serve(listener, app).await
}
