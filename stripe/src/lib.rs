//! A Stripe client for Rust.
//!
//! Every operation of the Stripe API is a typed request (from `stripe-generated`, re-exported
//! here): build it, then send it with a [`Client`]. The client adds what Stripe expects of
//! every call: the key, `Stripe-Version` (the API version the types were generated from),
//! idempotency keys on `POST`, retries with backoff, timeouts, and `Stripe-Account` when you act
//! for a connected account. Lists and searches can be streamed across all their pages, and
//! [`webhook`] verifies and parses the events Stripe sends you, typed by [`EventType`].
//! [`Client::raw_request`] reaches endpoints the crate has no type for, with the same behaviour;
//! [`ClientBuilder::http_client`] sends through a `reqwest::Client` of your own.
//!
//! ```no_run
//! use stripe::{Client, CreateCustomer, SendRequest};
//!
//! # async fn run() -> Result<(), stripe::Error> {
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

mod client;
mod error;
mod options;
mod paginate;
mod raw;
pub mod retry;
mod secret;
mod send;
pub mod webhook;

pub use client::{
    Client, ClientBuilder, DEFAULT_API_BASE, DEFAULT_FILES_BASE, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
};
pub use error::{ApiError, Error};
pub use options::RequestOptions;
pub use raw::RawRequest;
pub use secret::SecretKey;
pub use send::SendRequest;
pub use stripe_generated::*;
