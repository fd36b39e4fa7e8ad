//! Helpers shared by the generated string enums and object unions.

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string and maps it with `from` without allocating for known values.
#[allow(dead_code, reason = "unused by a spec without response enums")]
pub(crate) fn deserialize_str<'de, D: Deserializer<'de>, T>(
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

/// The `object` value and `deleted` flag of a JSON object, which select a union variant.
pub(crate) fn object_tag(value: &serde_json::Value) -> (&str, bool) {
    let object = value
        .get("object")
        .and_then(|o| o.as_str())
        .unwrap_or_default();
    let deleted = value
        .get("deleted")
        .and_then(|d| d.as_bool())
        .unwrap_or(false);
    (object, deleted)
}

/// Deserializes the variant a union's tag selected, naming the failing field inside it.
pub(crate) fn variant<T: serde::de::DeserializeOwned, E: de::Error>(
    value: serde_json::Value,
) -> Result<Box<T>, E> {
    serde_path_to_error::deserialize(value)
        .map(Box::new)
        .map_err(|e| E::custom(format_args!("at `{}`: {}", e.path(), e.inner())))
}

/// The `id` of a JSON object, for objects of a type the crate does not know.
pub(crate) fn json_id(value: &serde_json::Value) -> Option<&str> {
    value.get("id").and_then(|id| id.as_str())
}
