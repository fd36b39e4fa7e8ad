//! The two modes of a [`crate::MockServer`], as its type parameter.

/// What a server's mode is; only [`Stateless`] and [`Stateful`] are.
pub trait Mode: sealed::Sealed + Send + Sync + 'static {
    /// Whether the server keeps what is created.
    #[doc(hidden)]
    const STATEFUL: bool;
}

/// Answers every request from the spec's examples, keeping nothing (like Stripe's
/// `stripe-mock`).
#[derive(Debug)]
pub enum Stateless {}

/// Keeps what is created, runs the flows, records events and sends webhooks (see the crate's
/// documentation).
#[derive(Debug)]
pub enum Stateful {}

impl Mode for Stateless {
    const STATEFUL: bool = false;
}

impl Mode for Stateful {
    const STATEFUL: bool = true;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::mode::Stateless {}
    impl Sealed for crate::mode::Stateful {}
}
