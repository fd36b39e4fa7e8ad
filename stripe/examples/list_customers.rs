//! Streams every customer, across all pages, and searches some.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripekit --example list_customers
//! ```

use futures_util::TryStreamExt;
use stripekit::{Client, ListCustomers, SearchCustomers};

#[tokio::main]
async fn main() -> Result<(), stripekit::Error> {
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_123".into());
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.api_base(base);
    }
    let client = builder.build()?;

    // 100 per page; the stream asks for the next page when it runs out.
    let mut customers = std::pin::pin!(client.paginate(ListCustomers::new().limit(100)));
    let mut count = 0;
    while let Some(customer) = customers.try_next().await? {
        count += 1;
        println!(
            "{} {}",
            customer.id,
            customer.email.as_deref().unwrap_or("-")
        );
    }
    println!("{count} customers");

    // Searches page with `next_page`; collect them all at once.
    let found: Vec<_> = client
        .search_all(SearchCustomers::new("email~'example.com'"))
        .try_collect()
        .await?;
    println!("{} customers with an example.com address", found.len());
    Ok(())
}
