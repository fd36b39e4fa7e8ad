//! The end-to-end tests of the SDK at its pinned API version: the generator against the pinned
//! spec, the generated crates against the fixtures, the client and the mock together, secrets,
//! and the README's examples. One binary, one module per subject.
//!
//! The every-operation test is a binary of its own (`tests/every_operation/`): `cargo xtask
//! verify --every-operation` compiles it against the crates of every pinned spec, which these
//! modules, written for the current one, are not.

mod common;
mod decode_properties;
mod faults;
mod fixtures;
mod flows;
mod generator;
mod json_reader;
mod malformed_spec;
mod readme;
mod secrets;
mod standalone;
mod stateful;
mod upgrade_guide;
mod webhook_events;
