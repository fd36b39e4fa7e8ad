//! The generator of the `stripe-generated` crate.
//!
//! The pipeline, one module a stage: [`load`] parses a spec file (a pinned one comes from
//! `stripe-spec-pins`), [`lower`] turns it into the [`ir`] (every decision, every name), [`emit`]
//! turns the IR into formatted Rust files, and [`output`] writes them atomically or checks them.
//! [`diff`] compares two versions of the spec, on the wire and in the generated Rust.

pub mod diff;
pub mod docs;
pub mod emit;
pub mod generate;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod packaging;
