//! What the tests that run the mock server or read the fixtures share.

#![allow(dead_code, reason = "each test binary uses part of the helpers")]

use std::sync::{Arc, OnceLock};

use stripe_spec_pins::{self as pins, SpecFile, Versions};
use stripekit_mock::MockApi;

/// The mock's view of the pinned spec and fixtures, read once per test binary.
pub fn pinned_mock_api() -> Arc<MockApi> {
    static API: OnceLock<Arc<MockApi>> = OnceLock::new();
    Arc::clone(API.get_or_init(|| {
        let versions = Versions::load(&pins::workspace_root()).expect("spec/versions.toml");
        let spec = pins::resolve(&versions.current, SpecFile::Spec).expect("the pinned spec");
        let fixtures = pins::resolve_if_pinned(&versions.current, SpecFile::Fixtures)
            .expect("the pinned fixtures");
        let api = match fixtures {
            Some(fixtures) => MockApi::load(&spec, &fixtures),
            // A spec Stripe published no fixtures with: examples made from the schemas.
            None => MockApi::load_without_fixtures(&spec),
        };
        Arc::new(api.expect("the pinned spec loads"))
    }))
}

/// The resources of the pinned `fixtures3.json`, by resource id.
pub fn pinned_fixtures() -> serde_json::Map<String, serde_json::Value> {
    let versions = Versions::load(&pins::workspace_root()).expect("spec/versions.toml");
    let path = pins::resolve(&versions.current, SpecFile::Fixtures).expect("the pinned fixtures");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    match json["resources"].take() {
        serde_json::Value::Object(map) => map,
        other => panic!("fixtures3.json has no resources object: {other}"),
    }
}

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
