//! What the tests share besides the pinned spec and fixtures (`stripe_tests::pinned`): the
//! property tests' configuration, and a webhook receiver.

pub mod receiver;

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
