//! Sequential requests through the client versus the same requests made with raw reqwest
//! (same connection pool settings, same headers, same response type), against one local
//! server, in the same run. Goal: client / raw at most 1.10.
//!
//! `cargo xtask bench client` (or `cargo bench -p stripekit --bench client`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stripekit::{API_VERSION, Client, RetrieveCustomer, SendRequest, StripeRequest};

type Response = <RetrieveCustomer as StripeRequest>::Response;

/// A customer like the API returns it, with the usual fields filled.
fn customer_json() -> String {
    serde_json::json!({
        "id": "cus_NffrFeUfNV2Hib", "object": "customer", "address": {
            "city": "San Francisco", "country": "US", "line1": "510 Townsend St",
            "line2": null, "postal_code": "94103", "state": "CA"
        },
        "balance": 0, "created": 1_680_893_993, "currency": "usd", "default_source": null,
        "delinquent": false, "description": "A loyal customer", "discount": null,
        "email": "jennyrosen@example.com", "invoice_prefix": "0759376C",
        "invoice_settings": {"custom_fields": null, "default_payment_method": null,
            "footer": null, "rendering_options": null},
        "livemode": false, "metadata": {"order_id": "6735"}, "name": "Jenny Rosen",
        "next_invoice_sequence": 1, "phone": null, "preferred_locales": ["en"],
        "shipping": null, "tax_exempt": "none", "test_clock": null
    })
    .to_string()
}

async fn serve() -> String {
    let body = customer_json();
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move {
            (
                [
                    ("content-type", "application/json"),
                    ("request-id", "req_1"),
                ],
                body,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn through_client(client: &Client, n: usize) -> Duration {
    let request = RetrieveCustomer::new("cus_NffrFeUfNV2Hib");
    let started = Instant::now();
    for _ in 0..n {
        black_box(request.send(client).await.unwrap());
    }
    started.elapsed()
}

async fn through_reqwest(http: &reqwest::Client, base: &str, n: usize) -> Duration {
    let url = format!("{base}/v1/customers/cus_NffrFeUfNV2Hib");
    let started = Instant::now();
    for _ in 0..n {
        let bytes = http
            .get(&url)
            .bearer_auth("sk_test_bench")
            .header("Stripe-Version", API_VERSION)
            .header("User-Agent", "bench")
            .timeout(Duration::from_secs(80))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .bytes()
            .await
            .unwrap();
        black_box(stripekit::decode::json::<Response>(&bytes).unwrap());
    }
    started.elapsed()
}

fn main() {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let base = server.block_on(serve());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::builder("sk_test_bench")
        .api_base(&base)
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let (samples, n) = (11, 500);
    runtime.block_on(async {
        // Warm both connection pools.
        through_client(&client, 50).await;
        through_reqwest(&http, &base, 50).await;
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        for _ in 0..samples {
            ours.push(through_client(&client, n).await);
            raw.push(through_reqwest(&http, &base, n).await);
        }
        ours.sort();
        raw.sort();
        let (ours, raw) = (ours[samples / 2], raw[samples / 2]);
        println!("{n} sequential GET /v1/customers/{{customer}}, median of {samples} runs");
        println!("{:<12} {:>12} {:>12}", "", "per request", "total");
        println!(
            "{:<12} {:>12.1?} {:>12.1?}",
            "client",
            ours / n as u32,
            ours
        );
        println!(
            "{:<12} {:>12.1?} {:>12.1?}",
            "raw reqwest",
            raw / n as u32,
            raw
        );
        println!(
            "client / raw reqwest = {:.3} (goal: at most 1.10)",
            ours.as_secs_f64() / raw.as_secs_f64()
        );
    });
}
