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

/// A JSON object kept as text until its `object` and `deleted` fields pick the type it decodes
/// into: a union is decoded without building a `serde_json::Value` first.
pub(crate) struct Tagged {
    raw: Box<serde_json::value::RawValue>,
    object: String,
    deleted: bool,
}

impl Tagged {
    /// Reads the object's text, and its `object` and `deleted` fields (skipping the others).
    pub(crate) fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tagged, D::Error> {
        #[derive(serde::Deserialize)]
        struct Tag<'a> {
            #[serde(borrow, default)]
            object: Option<std::borrow::Cow<'a, str>>,
            #[serde(default)]
            deleted: Option<bool>,
        }
        let raw =
            <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
        let tag: Tag<'_> = serde_json::from_str(raw.get()).map_err(de::Error::custom)?;
        let object = tag.object.map(|o| o.into_owned()).unwrap_or_default();
        let deleted = tag.deleted.unwrap_or(false);
        Ok(Tagged {
            raw,
            object,
            deleted,
        })
    }

    /// The `object` value (empty when absent) and the `deleted` flag.
    pub(crate) fn tag(&self) -> (&str, bool) {
        (&self.object, self.deleted)
    }

    /// Decodes the object as the variant its tag selected, naming the failing field inside it.
    pub(crate) fn decode<T: serde::de::DeserializeOwned, E: de::Error>(&self) -> Result<Box<T>, E> {
        crate::decode::nested(self.raw.get()).map(Box::new)
    }

    /// The object as JSON, for a type the crate does not know.
    pub(crate) fn to_value<E: de::Error>(&self) -> Result<serde_json::Value, E> {
        serde_json::from_str(self.raw.get()).map_err(E::custom)
    }
}

/// The `id` of a JSON object, for objects of a type the crate does not know.
pub(crate) fn json_id(value: &serde_json::Value) -> Option<&str> {
    value.get("id").and_then(|id| id.as_str())
}
