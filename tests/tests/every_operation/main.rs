//! Every operation of the pinned spec, end to end: each request is built with its required
//! parameters (the list in `requests.rs` is written by the generator), sent through the runtime
//! to a server, and its answer decoded into the operation's response type.
//!
//! The server is the workspace's mock (`stripe-mock`), started in-process on 127.0.0.1, unless
//! `STRIPE_API_BASE` names another one, such as Stripe's own mock server:
//!
//! ```sh
//! STRIPE_API_BASE=http://127.0.0.1:12111 cargo test -p stripe-tests --test every_operation -- --nocapture
//! ```
//!
//! `STRIPE_SECRET_KEY` (default `sk_test_123`) is the key sent.

mod requests;

use std::future::Future;
use std::pin::Pin;
use stripekit::{Client, SendRequest};
use stripekit_mock::MockServer;

type Sent<'a> = Pin<Box<dyn Future<Output = Result<(), stripekit::Error>> + Send + 'a>>;

/// One operation's request, ready to send.
pub struct Case {
    route: &'static str,
    send: Box<dyn for<'a> FnOnce(&'a Client) -> Sent<'a>>,
}

/// A case that sends `request` and decodes the answer into the operation's response type.
pub fn case<R>(route: &'static str, request: R) -> Case
where
    R: SendRequest + Send + Sync + 'static,
    R::Response: Send,
{
    Case {
        route,
        send: Box::new(move |client| {
            Box::pin(async move {
                let _typed: R::Response = request.send(client).await?;
                Ok(())
            })
        }),
    }
}

/// The server to test against: `STRIPE_API_BASE`, or a mock server of the pinned spec.
async fn server() -> (String, Option<MockServer>) {
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        return (base, None);
    }
    let api = stripe_tests::pinned::mock_api();
    assert_eq!(
        api.operation_count(),
        requests::OPERATIONS,
        "the mock and the generated list disagree on the number of operations"
    );
    let server = MockServer::builder(api)
        .start()
        .await
        .expect("the mock starts");
    (server.url(), Some(server))
}

#[tokio::test]
async fn every_operation_answers_with_its_typed_response() {
    let (base, _mock) = server().await;
    let key = std::env::var("STRIPE_SECRET_KEY").unwrap_or_else(|_| "sk_test_123".into());
    let client = Client::builder(key)
        .api_base(&base)
        .files_base(&base)
        .allow_plain_http(true)
        .max_retries(0)
        .build()
        .expect("a client for the server");

    let cases = requests::every_request();
    let total = cases.len();
    let mut failures = Vec::new();
    for case in cases {
        if let Err(error) = (case.send)(&client).await {
            failures.push(format!("{}: {error}", case.route));
        }
    }
    println!(
        "{} of {total} operations passed against {base}",
        total - failures.len()
    );
    assert_eq!(total, requests::OPERATIONS);
    assert!(
        failures.is_empty(),
        "{} operations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
