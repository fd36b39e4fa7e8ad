//! The hand-written foundation of the Stripe SDK's generated crates.
//!
//! `stripe-generated` describes every object and operation of the Stripe API; this crate holds
//! what those descriptions are built on, written and tested here once:
//!
//! - [`StripeRequest`]: what a request says about itself (method, path, query or body, host,
//!   response type), which the `stripe` client executes;
//! - [`FromJson`] and [`JsonReader`]: responses decode with one plain function per type, and a
//!   value that does not fit is reported with its path ([`DecodeError`]);
//! - [`form`]: Stripe's form encoding of request parameters (`a[b][0]=c`);
//! - the values the API's types are made of: [`Id`] (an object's id, typed by the kind of
//!   object it names), [`Expandable`] (an id or the object it names, decoded when asked for),
//!   [`List`] and [`SearchResult`] (pages), [`Clearable`] (a parameter that can be unset) and
//!   [`Timestamp`];
//! - [`sensitive`]: the table of fields that hold card numbers, bank account numbers, secrets or
//!   government ids, and [`redact`]: how `Debug` output, logs and errors print them.
//!
//! Use it through `stripe-generated` (or `stripe`), which re-exports all of it.

#![warn(missing_docs)]

mod clearable;
pub mod decode;
#[doc(hidden)]
pub mod enums;
mod error_codes;
mod expandable;
pub mod form;
mod id;
pub mod json;
mod list;
pub mod redact;
mod request;
pub mod sensitive;
mod timestamp;

pub use clearable::Clearable;
pub use decode::DecodeError;
pub use error_codes::{DeclineCode, ErrorCode};
pub use expandable::{Expandable, Expanded};
pub use id::{Id, Identified};
pub use json::{Failed, FromJson, JsonReader};
pub use list::{List, SearchResult};
pub use request::{
    Body, FileUpload, HasId, Host, ListRequest, Method, Part, PartValue, SearchRequest,
    StripeRequest, path_segment,
};
pub use timestamp::Timestamp;
