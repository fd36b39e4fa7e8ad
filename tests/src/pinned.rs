//! The pinned spec and fixtures, as the tests read them: the one place that finds them.

use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};
use stripe_spec_pins::{
    SpecFile, Versions, resolve, resolve_current, resolve_if_pinned, workspace_root,
};
use stripekit_mock::MockApi;

/// The mock's view of the pinned spec and fixtures, read once per test binary.
pub fn mock_api() -> Arc<MockApi> {
    static API: OnceLock<Arc<MockApi>> = OnceLock::new();
    Arc::clone(API.get_or_init(|| {
        let versions = Versions::load(&workspace_root()).expect("spec/versions.toml");
        let spec = resolve(&versions.current, SpecFile::Spec).expect("the pinned spec");
        let fixtures =
            resolve_if_pinned(&versions.current, SpecFile::Fixtures).expect("the pinned fixtures");
        let api = match fixtures {
            Some(fixtures) => MockApi::load(&spec, &fixtures),
            // A spec Stripe published no fixtures with: examples made from the schemas.
            None => MockApi::load_without_fixtures(&spec),
        };
        Arc::new(api.expect("the pinned spec loads"))
    }))
}

/// The resources of the pinned `fixtures3.json`, by resource id.
pub fn fixtures() -> Map<String, Value> {
    let path = resolve_current(SpecFile::Fixtures).expect("the pinned fixtures");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    match json["resources"].take() {
        Value::Object(map) => map,
        other => panic!("fixtures3.json has no resources object: {other}"),
    }
}
