//! The client's tests, over real HTTP on 127.0.0.1 against in-process servers: one binary, one
//! module per subject. What the client traces is tested in `stripe-tests` (`tests/traces.rs`), a
//! binary of its own.

mod blocking;
mod common;
mod decoding;
mod encoding;
mod features;
mod headers;
mod hostile;
mod pagination;
mod reach;
mod retries;
mod test_transport;
mod webhook_properties;
mod webhooks;
