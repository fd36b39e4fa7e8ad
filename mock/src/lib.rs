//! A local Stripe API server for tests, driven by Stripe's OpenAPI spec and its fixtures.
//!
//! Like Stripe, it
//!
//! - requires a test secret key (`Authorization: Bearer sk_test_…`, 401 otherwise) and answers
//!   an unknown path with 404;
//! - checks the query or form parameters against the operation's schema: an unknown parameter,
//!   a missing required one, a value of the wrong type and a value outside an enum are each a 400
//!   `invalid_request_error` whose `param` names the parameter;
//! - answers with the fixture of the response's resource as Stripe publishes it (nothing filled
//!   in), with the id from the path or, for a create, a fresh id of the resource's prefix
//!   (`cus_…`); a `POST`'s parameters that name fields of the answer reflected into it with the
//!   types of the response schema; the fields `expand` asks for expanded; list and search
//!   envelopes; and the deleted shape for deletes.
//!
//! A stateful server ([`Builder::stateful`]) keeps what is created, for a whole integration in one test:
//!
//! - a create stores the object, a retrieve answers it, an update or action reflects its
//!   parameters into it, a delete removes it; an id that was never created (or was deleted), or
//!   a missing parent, is a 404 `resource_missing`, as at Stripe, and a parameter naming one a
//!   400; children live under their parent (`/v1/customers/{customer}/sources`);
//! - lists answer the objects created at that path, newest first, a page at a time, filtered by
//!   the parameters that name a field; search answers from the stored objects; `expand` gives
//!   them;
//! - every change records an `Event` (listed by `/v1/events`), sent over HTTP to the webhook
//!   endpoints created through the API, signed as Stripe signs, retried on failure (see
//!   [`MockServer::webhook_attempts`], and [`MockServer::webhooks_settled`] to wait for them);
//! - PaymentIntents, SetupIntents, Refunds, Subscriptions, Invoices and Checkout Sessions follow
//!   their state machines, with Stripe's test payment methods (`pm_card_visa`,
//!   `pm_card_chargeDeclined`, `pm_card_threeDSecure2Required`);
//!   [`MockServer::complete_checkout_session`] completes a session as a paying customer would;
//! - each `Stripe-Account` has objects of its own; a `POST` with an `Idempotency-Key` is replayed
//!   for the same request (`Idempotent-Replayed: true`) and refused for another
//!   (`idempotency_error`) for 24 hours of the mock's clock, which a test sets
//!   ([`MockServer::set_time`], [`MockServer::advance_time`]).
//!
//! Resources the API cannot create (`balance`) keep their fixtures.
//!
//! A test can queue a [`Fault`]: an error status and body, `Stripe-Should-Retry`, a delay, or a
//! connection closed without an answer. [`MockServer::received`] shows what was sent.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use stripekit_mock::{Fault, MockApi, MockServer};
//!
//! let api = Arc::new(MockApi::load("spec3.yaml".as_ref(), "fixtures3.json".as_ref())?);
//! let server = MockServer::builder(api).start().await?;
//! server.inject(Fault::status(500).should_retry(true));
//! // Point the client at `server.url()`: its first request gets the 500, the retry a customer.
//! # Ok(()) }
//! ```
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use stripekit_mock::{MockApi, MockServer};
//!
//! let api = Arc::new(MockApi::load("spec3.yaml".as_ref(), "fixtures3.json".as_ref())?);
//! let server = MockServer::builder(api).stateful().start().await?;
//! server.set_time(1_700_000_000);
//! // Create, confirm and list through a client pointed at `server.url()`; a webhook endpoint
//! // created there with a local URL receives the events.
//! # Ok(()) }
//! ```
//!
//! `cargo xtask mock [--stateful]` runs it from the workspace, with the pinned spec, on
//! 127.0.0.1:12111; clients that are not Rust tests reset it, set its clock and complete
//! Checkout Sessions under `/_mock/` (`POST /_mock/reset`, `POST /_mock/clock time=…` or
//! `advance=…`, `POST /_mock/checkout/sessions/{session}/complete`).

// The modules in layers: each uses only the layers above it in this list (`tests/it/layers.rs`
// checks it).
//
// Leaves: the spec's schemas, ids, JSON and form helpers, errors, the clock.
mod clock;
mod error;
mod events;
mod fault;
mod form;
mod ids;
mod json;
pub mod mode;
mod received;
mod reply;
mod schemas;
mod search;
mod sync;
mod test_tokens;
// The spec and the examples it answers with.
mod embedded;
mod example;
mod spec;
// The stateless answers.
mod reflect;
mod respond;
mod validate;
// The store: accounts, objects, lists; a committed change hands back its events.
mod store;
// Events and webhook delivery, subscribed to committed changes; the flows' state machines.
mod flows;
mod webhooks;
// The stateful request handler, and the mock's own controls.
mod control;
mod stateful;
// One request in, one answer out; the HTTP server around it.
mod handler;
mod server;

pub use error::Refused;
pub use fault::Fault;
pub use received::{MAX_RECEIVED, ReceivedRequest};
pub use server::{Builder, MockServer};
pub use spec::{LoadError, MockApi};
pub use webhooks::WebhookAttempt;
