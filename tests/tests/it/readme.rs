//! The README's Rust examples compile against the crates as they are (`build.rs` wraps each
//! in a function that takes the names the text around it gives: `client`, `event`, the paths of
//! a spec and its fixtures).

use stripekit::PaymentIntent;

include!(concat!(env!("OUT_DIR"), "/readme_examples.rs"));

/// What the webhook example calls with the paid intent.
fn fulfil(_intent: &PaymentIntent) {}

// Compiling this file compiles the examples; a README that lost its fences would compile
// nothing, so their number is checked at compile time too.
const _: () = assert!(
    README_EXAMPLES >= 6,
    "the README's Rust examples are missing"
);
