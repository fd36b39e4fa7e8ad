//! Helpers shared by the generated string enums and object unions, in every generated crate.

#[cfg(feature = "deserialize")]
use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string and maps it with `from` without allocating for known values.
#[cfg(feature = "deserialize")]
pub fn deserialize_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct Str<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for Str<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(Str(from))
}

/// The `id` of a JSON object, for objects of a type the crate does not know.
pub fn json_id(value: &serde_json::Value) -> Option<&str> {
    value.get("id").and_then(|id| id.as_str())
}
