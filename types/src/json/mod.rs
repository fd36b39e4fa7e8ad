//! The JSON reader that response types decode from, and the trait they implement.
//!
//! Each generated type reads itself with plain, non-generic code: a loop over the keys of its
//! object and one `match` on them. Nothing is instantiated per type and per deserializer, which
//! keeps the crate quick to compile. The reader tracks where it is, so a value that does not fit
//! its type is reported with its path (`refunds.data[0].id`) at no cost when nothing fails.

mod reader;
mod std_types;

pub use reader::{JsonReader, ObjectText};

/// `?` for decoders: the value of a `Result<_, Failed>`, or a return of its error from the
/// enclosing function.
///
/// An unoptimized build keeps each `?` as calls of the `Try` trait, instantiated once per type of
/// value and once per type returned; across the generated decoders that was a quarter of what a
/// build of a shared-types crate compiled. A `match` costs nothing of the kind. The generated
/// code and the generic decoders here use it where a `?` would be instantiated for every type.
#[doc(hidden)]
#[macro_export]
macro_rules! tri {
    ($result:expr) => {
        match $result {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(failed) => return ::core::result::Result::Err(failed),
        }
    };
}

/// A type that can be read from JSON text.
///
/// Every response type of the crate implements it; [`crate::decode::json`] is the entry point.
pub trait FromJson: Sized {
    /// Reads one value of the type at the reader's position.
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed>;
}

/// Reading failed; the reader holds the error with its path.
#[derive(Debug)]
pub struct Failed(());

/// `serde::Deserialize` for a type that reads itself with [`FromJson`], from any deserializer:
/// the value is taken as JSON first. The crate's own decoding does not go through this; it is
/// there for callers who deserialize these types with serde (an `axum` extractor, a cache).
#[cfg(feature = "deserialize")]
#[doc(hidden)]
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: FromJson>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let text = value.to_string();
    crate::decode::json(text.as_bytes()).map_err(serde::de::Error::custom)
}
