//! Webhooks: verifying `Stripe-Signature`, and parsing the event into this version's
//! [`Event`].
//!
//! Verification and parsing are separate steps: [`verify_signature`] checks the raw body
//! against the header (for a queue that keeps the raw body), [`parse_event`] decodes it, and
//! [`construct_event`] does both. The event's type is an [`EventType`](crate::EventType) and its
//! object a [`Resource`](crate::Resource), so a handler matches both together. An event type or
//! an object type this crate does not know is kept (as
//! [`EventType::Unknown`](crate::EventType::Unknown) and
//! [`Resource::Unknown`](crate::Resource::Unknown)), never an error.

pub use stripekit_client::webhook::{
    DEFAULT_TOLERANCE, WebhookError, sign, verify_signature, verify_signature_at,
};

use crate::Event;

/// Decodes an event without checking its signature (for events fetched from the API, or
/// already verified).
pub fn parse_event(payload: &[u8]) -> Result<Event, WebhookError> {
    stripekit_client::webhook::parse_event(payload)
}

/// Verifies the signature, then decodes the event.
pub fn construct_event(payload: &[u8], header: &str, secret: &str) -> Result<Event, WebhookError> {
    stripekit_client::webhook::construct_event(payload, header, secret)
}
