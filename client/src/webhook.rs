//! Webhooks: verifying `Stripe-Signature`, and parsing the event.
//!
//! Verification and parsing are separate steps: [`verify_signature`] checks the raw body
//! against the header (for a queue that keeps the raw body), [`parse_event`] decodes it, and
//! [`construct_event`] does both. The event decodes into the `Event` of the generated crate of
//! your API version (or any type that implements [`FromJson`]), whose `type_` and
//! `data.object` a handler matches together; an event or object type that crate does not know
//! is kept as `Unknown`, never an error.
//!
//! ```no_run
//! use stripekit_api_2022_11_15::{Event, EventType};
//! use stripekit_client::webhook;
//!
//! # fn run(body: &[u8], signature: &str) -> Result<(), webhook::WebhookError> {
//! let event: Event = webhook::construct_event(body, signature, "whsec_…")?;
//! if event.type_ == EventType::CustomerCreated {
//!     println!("customer created: {}", event.id);
//! }
//! # Ok(())
//! # }
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ring::hmac;
use stripekit_types::{DecodeError, FromJson, decode};

/// How old a signature may be, as in Stripe's own SDKs.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Why a webhook was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The header is not `t=<unix time>,v1=<hex>[,v1=<hex>…]`.
    MalformedHeader(&'static str),
    /// The header has no `v1` signature.
    NoSignature,
    /// No `v1` signature matches the body and the secret.
    SignatureMismatch,
    /// The signature is older (or further in the future) than the tolerance.
    OutsideTolerance {
        /// How far the timestamp is from now, in seconds.
        age_secs: u64,
        /// The tolerance, in seconds.
        tolerance_secs: u64,
    },
    /// The signature is valid but the body is not an event.
    Parse(DecodeError),
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::MalformedHeader(problem) => {
                write!(f, "malformed Stripe-Signature header: {problem}")
            }
            WebhookError::NoSignature => {
                f.write_str("the Stripe-Signature header has no v1 signature")
            }
            WebhookError::SignatureMismatch => f.write_str(
                "no signature matches the payload (wrong endpoint secret, or a changed body)",
            ),
            WebhookError::OutsideTolerance {
                age_secs,
                tolerance_secs,
            } => write!(
                f,
                "the signature's timestamp is {age_secs} s away from now, over the tolerance of {tolerance_secs} s"
            ),
            WebhookError::Parse(error) => write!(f, "the webhook body is not an event: {error}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Checks that `header` (the `Stripe-Signature` header) signs `payload` (the raw body, exactly
/// as received) with the endpoint `secret` (`whsec_…`), no further than `tolerance` from `now`.
/// Any matching `v1` signature is accepted; the comparison takes constant time.
pub fn verify_signature_at(
    payload: &[u8],
    header: &str,
    secret: &str,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let (key, value) = item
            .trim()
            .split_once('=')
            .ok_or(WebhookError::MalformedHeader("an item without `=`"))?;
        match key {
            "t" => {
                let t: i64 = value
                    .parse()
                    .map_err(|_| WebhookError::MalformedHeader("`t` is not a unix time"))?;
                timestamp = Some(t);
            }
            // A `v1` that is not hex can never match; it is skipped like other schemes.
            "v1" => signatures.extend(crate::hex::decode(value)),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::MalformedHeader("no `t` timestamp"))?;
    if signatures.is_empty() {
        return Err(WebhookError::NoSignature);
    }
    let key = signing_key(secret);
    let signed = signed_payload(payload, timestamp);
    let matches = signatures
        .iter()
        .any(|signature| hmac::verify(&key, &signed, signature).is_ok());
    if !matches {
        return Err(WebhookError::SignatureMismatch);
    }
    let now = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let age_secs = now.abs_diff(timestamp);
    if age_secs > tolerance.as_secs() {
        return Err(WebhookError::OutsideTolerance {
            age_secs,
            tolerance_secs: tolerance.as_secs(),
        });
    }
    Ok(())
}

/// [`verify_signature_at`] now, with the default tolerance of 300 s.
pub fn verify_signature(payload: &[u8], header: &str, secret: &str) -> Result<(), WebhookError> {
    verify_signature_at(
        payload,
        header,
        secret,
        DEFAULT_TOLERANCE,
        SystemTime::now(),
    )
}

/// Decodes an event into `E` (the `Event` of your API version's crate) without checking its
/// signature: for events fetched from the API, or already verified.
pub fn parse_event<E: FromJson>(payload: &[u8]) -> Result<E, WebhookError> {
    decode::json(payload).map_err(WebhookError::Parse)
}

/// Verifies the signature, then decodes the event into `E` (the `Event` of your API version's
/// crate).
pub fn construct_event<E: FromJson>(
    payload: &[u8],
    header: &str,
    secret: &str,
) -> Result<E, WebhookError> {
    verify_signature(payload, header, secret)?;
    parse_event(payload)
}

/// The `Stripe-Signature` header Stripe would send for `payload` at `timestamp`: for testing
/// your webhook endpoint.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = hmac::sign(&signing_key(secret), &signed_payload(payload, timestamp));
    format!(
        "t={timestamp},v1={}",
        crate::hex::encode(signature.as_ref())
    )
}

/// The key of `v1` signatures: HMAC-SHA256 with the endpoint secret.
fn signing_key(secret: &str) -> hmac::Key {
    hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes())
}

/// What `v1` signs: `"<timestamp>.<payload>"`.
fn signed_payload(payload: &[u8], timestamp: i64) -> Vec<u8> {
    let mut signed = format!("{timestamp}.").into_bytes();
    signed.extend_from_slice(payload);
    signed
}
