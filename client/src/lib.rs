//! A Stripe client that knows no API version.
//!
//! It sends any request that implements [`StripeRequest`](stripekit_types::StripeRequest): the
//! typed requests of a generated `stripekit-api-<version>` crate (each carries the API version it
//! was generated from, sent as `Stripe-Version`), or [raw ones](Client::raw_request). It adds
//! what Stripe expects of every call: the key, the version, idempotency keys on `POST`, retries
//! with backoff, timeouts, and `Stripe-Account` when you act for a connected account. Lists and
//! searches stream across all their pages, and [`webhook`] verifies signatures and decodes events
//! into the event type of whichever generated crate you use.
//!
//! `stripekit` is this client together with the crates of the version it pins; depend on this
//! crate directly to use the crates you generated for your account's version
//! (`cargo xtask generate --spec … --out …`).
//!
//! ```no_run
//! use stripekit_api_2022_11_15::CreateCustomer;
//! use stripekit_client::{Client, SendRequest};
//!
//! # async fn run() -> Result<(), stripekit_client::Error> {
//! let client = Client::new(std::env::var("STRIPE_SECRET_KEY").unwrap_or_default());
//! let customer = CreateCustomer::new().email("jenny@example.com").send(&client).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The client speaks HTTP/1.1 over kept-alive connections through reqwest; the `http2` feature
//! adds HTTP/2 for servers that offer it, at the cost of compiling `h2`. File uploads need the
//! `multipart` feature. A [`transport`] of your own replaces reqwest; the `testing` feature's
//! `testing::TestTransport` is one for unit tests, with canned answers and no socket. The
//! `blocking` feature adds `blocking::Client`, for synchronous code.

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod error;
mod hex;
mod hooks;
#[cfg(feature = "multipart")]
mod multipart;
mod options;
mod paginate;
mod random;
mod raw;
pub mod retry;
mod secret;
mod send;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transport;
pub mod webhook;

pub use client::{
    Client, ClientBuilder, DEFAULT_API_BASE, DEFAULT_FILES_BASE, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
};
pub use error::{ApiError, Error, ErrorKind, ErrorObject};
pub use hooks::Attempt;
pub use options::RequestOptions;
pub use raw::RawRequest;
pub use secret::SecretKey;
pub use send::SendRequest;
pub use stripekit_types::{DeclineCode, ErrorCode, Method};
