//! What the tests that run the mock server share.

use std::sync::{Arc, OnceLock};

use stripe_mock::MockApi;
use stripe_spec_pins::{self as pins, SpecFile, Versions};

/// The mock's view of the pinned spec and fixtures, read once per test binary.
pub fn pinned_mock_api() -> Arc<MockApi> {
    static API: OnceLock<Arc<MockApi>> = OnceLock::new();
    Arc::clone(API.get_or_init(|| {
        let versions = Versions::load(&pins::workspace_root()).expect("spec/versions.toml");
        let spec = pins::resolve(&versions.current, SpecFile::Spec).expect("the pinned spec");
        let fixtures =
            pins::resolve(&versions.current, SpecFile::Fixtures).expect("the pinned fixtures");
        Arc::new(MockApi::load(&spec, &fixtures).expect("the pinned spec loads"))
    }))
}
