//! The compile benchmark's floor: the payments program's calls made with no SDK, on `reqwest`,
//! `tokio`, `serde_json` and `ring` alone. It creates a customer, a payment intent and a
//! Checkout session, then verifies a webhook's signature and reads its event from stdin. A
//! program that makes these calls cannot build faster than these crates do. `cargo xtask bench
//! compile` builds it; it is not run.

use std::io::Read as _;

use serde_json::Value;

const API: &str = "https://api.stripe.com";

/// A form-encoded `POST` to the API, answered as JSON.
async fn post(
    client: &reqwest::Client,
    key: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Result<Value, Box<dyn std::error::Error>> {
    let body = client
        .post(format!("{API}{path}"))
        .bearer_auth(key)
        .header("Stripe-Version", "2022-11-15")
        .form(form)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    Ok(serde_json::from_slice(&body)?)
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_default()
}

/// Whether `header` (`t=…,v1=…`) signs `payload` with `secret`.
fn verify(payload: &[u8], header: &str, secret: &str) -> bool {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = Some(t),
            Some(("v1", v)) => signatures.push(v),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return false;
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let mut signed = timestamp.as_bytes().to_vec();
    signed.push(b'.');
    signed.extend_from_slice(payload);
    let tag = ring::hmac::sign(&key, &signed);
    let expected: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    signatures.iter().any(|s| *s == expected)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY")?;
    let client = reqwest::Client::new();

    let customer = post(&client, &key, "/v1/customers", &[("email", "jenny.rosen@example.com")]).await?;
    let customer_id = text(&customer, "id");
    let intent = post(
        &client,
        &key,
        "/v1/payment_intents",
        &[("amount", "2000"), ("currency", "usd"), ("customer", customer_id)],
    )
    .await?;
    let session = post(
        &client,
        &key,
        "/v1/checkout/sessions",
        &[("success_url", "https://example.com/success"), ("customer", customer_id)],
    )
    .await?;
    println!("{} {} {}", customer_id, text(&intent, "id"), text(&session, "id"));

    let mut payload = Vec::new();
    std::io::stdin().read_to_end(&mut payload)?;
    let signature = std::env::var("STRIPE_SIGNATURE")?;
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET")?;
    if !verify(&payload, &signature, &secret) {
        return Err("the webhook's signature does not verify".into());
    }
    let event: Value = serde_json::from_slice(&payload)?;
    let object = &event["data"]["object"];
    match text(object, "object") {
        "payment_intent" => println!("payment intent {}", text(object, "id")),
        "checkout.session" => println!("checkout session {}", text(object, "id")),
        _ => println!("{}", text(&event, "type")),
    }
    Ok(())
}
