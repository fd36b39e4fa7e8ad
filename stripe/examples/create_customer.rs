//! Creates a customer with an address and metadata, then updates and clears a field.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripekit --example create_customer
//! ```
//!
//! `STRIPE_API_BASE` points the client elsewhere (a local mock server, say).

use std::collections::BTreeMap;

use stripekit::{AddressParams, Client, CreateCustomer, SendRequest, UpdateCustomer};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;

    let customer = CreateCustomer::new()
        .email("jenny.rosen@example.com")
        .name("Jenny Rosen")
        .address(
            AddressParams::new()
                .line1("510 Townsend St")
                .city("San Francisco")
                .postal_code("94103")
                .country("US"),
        )
        .metadata(BTreeMap::from([(
            "order_id".to_string(),
            "6735".to_string(),
        )]))
        .send(&client)
        .await?;
    println!("created {} ({:?})", customer.id, customer.email);

    // `clear_*` sends the empty string, which removes the value at Stripe.
    let customer = UpdateCustomer::new(&customer.id)
        .description("VIP")
        .clear_address()
        .send(&client)
        .await?;
    println!(
        "updated {}: address is now {:?}",
        customer.id, customer.address
    );
    Ok(())
}

fn client_from_env() -> Result<Client, stripekit::Error> {
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_123".into());
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.api_base(&base).files_base(base);
    }
    builder.build()
}
