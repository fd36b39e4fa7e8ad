//! `Stripe-Signature` verification on generated input: no header makes it panic; a signature
//! made by `sign` verifies within the tolerance, and never after any change to the body, the
//! timestamp or the secret.
//!
//! Each property runs `PROPTEST_CASES` cases (default 256 here; `cargo xtask fuzz` runs more).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use stripekit::webhook::{self, DEFAULT_TOLERANCE, WebhookError};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn at(timestamp: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(timestamp.max(0) as u64)
}

/// Headers that look like Stripe's, more or less: items of known and unknown schemes, numbers
/// and hex of any length, stray separators and spaces.
fn header() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        "t=-?[0-9]{0,22}",
        "v1=[0-9a-f]{0,70}",
        "v0=[0-9a-zA-Z]{0,10}",
        "[a-z0-9 =]{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(item, 0..6).prop_map(|items| items.join(","))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_header_is_answered_without_a_panic(
        header in header(),
        payload in any::<Vec<u8>>(),
        now in any::<u32>(),
    ) {
        let result = webhook::verify_signature_at(
            &payload, &header, "whsec_x", DEFAULT_TOLERANCE, at(i64::from(now)),
        );
        // Only a signature made with the secret can verify.
        prop_assert!(result.is_err());
    }

    #[test]
    fn a_signature_made_by_sign_verifies_within_the_tolerance(
        payload in any::<Vec<u8>>(),
        secret in "whsec_[a-zA-Z0-9]{1,40}",
        timestamp in 1_000_000_000i64..4_000_000_000,
        drift in -300i64..=300,
    ) {
        let header = webhook::sign(&payload, &secret, timestamp);
        let now = at(timestamp + drift);
        prop_assert_eq!(
            webhook::verify_signature_at(&payload, &header, &secret, DEFAULT_TOLERANCE, now),
            Ok(())
        );
        // Outside the tolerance, the same signature is refused as too old or too new.
        let far = at(timestamp + 301 + drift.abs());
        let outside = matches!(
            webhook::verify_signature_at(&payload, &header, &secret, DEFAULT_TOLERANCE, far),
            Err(WebhookError::OutsideTolerance { .. })
        );
        prop_assert!(outside);
    }

    #[test]
    fn any_change_to_body_timestamp_or_secret_is_refused(
        payload in prop::collection::vec(any::<u8>(), 1..200),
        secret in "whsec_[a-zA-Z0-9]{1,40}",
        timestamp in 1_000_000_000i64..4_000_000_000,
        at_byte in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        shift in prop_oneof![-300i64..=-1, 1i64..=300],
        other_secret in "whsec_[a-zA-Z0-9]{1,40}",
    ) {
        let header = webhook::sign(&payload, &secret, timestamp);
        let now = at(timestamp);
        let verify = |payload: &[u8], header: &str, secret: &str| {
            webhook::verify_signature_at(payload, header, secret, DEFAULT_TOLERANCE, now)
        };
        let mut changed = payload.clone();
        changed[at_byte.index(payload.len())] ^= flip;
        prop_assert_eq!(verify(&changed, &header, &secret), Err(WebhookError::SignatureMismatch));

        let (_, signature) = header.split_once(',').unwrap();
        let moved = format!("t={},{signature}", timestamp + shift);
        prop_assert_eq!(verify(&payload, &moved, &secret), Err(WebhookError::SignatureMismatch));

        if other_secret != secret {
            prop_assert_eq!(
                verify(&payload, &header, &other_secret),
                Err(WebhookError::SignatureMismatch)
            );
        }
    }
}
