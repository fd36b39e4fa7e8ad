//! What the tests share besides the pinned spec and fixtures (`stripe_tests::pinned`): the
//! property tests' configuration, a stateful mock with its client, and a webhook receiver.

pub mod receiver;

use stripekit::Client;
use stripekit_mock::MockServer;
use stripekit_mock::mode::Stateful;

/// Proptest's configuration: `PROPTEST_CASES` cases (`default_cases` without it; `cargo xtask
/// fuzz` sets it), and no file of failing cases: a failure prints its smallest input.
pub fn property_config(default_cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default_cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// A stateful mock of the pinned spec on 127.0.0.1, and a client of it that does not retry.
pub async fn stateful() -> (MockServer<Stateful>, Client) {
    let server = MockServer::builder(stripe_tests::pinned::mock_api())
        .stateful()
        .start()
        .await
        .expect("the mock starts");
    let client = Client::builder("sk_test_stateful")
        .api_base(server.url())
        .max_retries(0)
        .build()
        .unwrap();
    (server, client)
}
