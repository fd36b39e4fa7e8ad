//! A webhook endpoint in axum: verifies `Stripe-Signature` over the raw body, then handles the
//! event by the type of its object.
//!
//! ```sh
//! STRIPE_WEBHOOK_SECRET=whsec_... cargo run -p stripe --example webhook_axum
//! stripe listen --forward-to localhost:4242/webhook
//! ```

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use stripe::Resource;
use stripe::webhook;

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
    match &event.data.object {
        Resource::PaymentIntent(intent) if event.type_ == "payment_intent.succeeded" => {
            println!(
                "payment {} succeeded: {} {}",
                intent.id, intent.amount, intent.currency
            );
        }
        Resource::Customer(customer) => println!("{}: customer {}", event.type_, customer.id),
        // Objects this version of the crate does not know arrive as JSON.
        Resource::Unknown(object) => println!("{}: {}", event.type_, object["object"]),
        _ => println!("unhandled {}", event.type_),
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
