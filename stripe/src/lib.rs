//! A Stripe SDK for Rust: the Stripe API 2022-11-15, typed, and a client to send it.
//!
//! Every operation of the API is a typed request (from `stripekit-api-2022-11-15`, re-exported
//! here): build it, then send it with a [`Client`] (from `stripekit-client`, re-exported here).
//! The client adds what Stripe expects of every call: the key, `Stripe-Version` (the API version
//! the types were generated from), idempotency keys on `POST`, retries with backoff, timeouts,
//! and `Stripe-Account` when you act for a connected account. Lists and searches can be streamed
//! across all their pages, and [`webhook`] verifies and parses the events Stripe sends you,
//! typed by [`EventType`]. [`Client::raw_request`] reaches endpoints the crate has no type for,
//! with the same behaviour; [`ClientBuilder::http_client`] sends through a `reqwest::Client` of
//! your own.
//!
//! ```no_run
//! use stripekit::{Client, CreateCustomer, SendRequest};
//!
//! # async fn run() -> Result<(), stripekit::Error> {
//! let client = Client::new(std::env::var("STRIPE_SECRET_KEY").unwrap_or_default());
//! let customer = CreateCustomer::new().email("jenny@example.com").send(&client).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The API is split into cargo features per resource area (`customers`, `payment_intents`,
//! `checkout`, …, or `full` for all), so you compile only what you use. The client speaks
//! HTTP/1.1 over kept-alive connections; the `http2` feature adds HTTP/2 for servers that offer
//! it, at the cost of compiling `h2`. Requests encode and responses decode without serde; the
//! API's types implement `serde::Deserialize` with the `deserialize` feature and
//! `serde::Serialize` with the `serialize` feature.
//!
//! Your account on another API version? Generate its crates (`cargo xtask generate --spec …
//! --out …`) and use them with `stripekit-client`, which knows no version.

pub mod webhook;

pub use stripe_generated::*;
#[cfg(feature = "blocking")]
pub use stripekit_client::blocking;
#[cfg(feature = "testing")]
pub use stripekit_client::testing;
pub use stripekit_client::{
    ApiError, Attempt, Client, ClientBuilder, DEFAULT_API_BASE, DEFAULT_FILES_BASE,
    DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Error, ErrorKind, ErrorObject, RawRequest,
    RequestOptions, SecretKey, SendRequest, retry, transport,
};
