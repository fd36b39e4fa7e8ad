//! The mock's tests against the pinned spec, over real HTTP on 127.0.0.1, and the test that keeps
//! its modules in layers.

mod abuse;
mod flows;
mod layers;
mod server;

use std::sync::{Arc, OnceLock};

use stripe_spec_pins::{SpecFile, resolve_current};
use stripekit_mock::MockApi;

/// The pinned spec and fixtures, read once for all the tests.
fn api() -> Arc<MockApi> {
    static API: OnceLock<Arc<MockApi>> = OnceLock::new();
    Arc::clone(API.get_or_init(|| {
        let spec = resolve_current(SpecFile::Spec).expect("the pinned spec");
        let fixtures = resolve_current(SpecFile::Fixtures).expect("the pinned fixtures");
        Arc::new(MockApi::load(&spec, &fixtures).expect("the pinned spec loads"))
    }))
}
