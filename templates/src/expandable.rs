//! Fields that hold an id, or the object it names when the request asked to expand it.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::HasId;

/// An id, or the object it names when expanded with `expand[]`.
#[derive(Clone, Debug)]
pub enum Expandable<T> {
    /// Not expanded: the object's id.
    Id(String),
    /// Expanded: the object itself.
    Object(Box<T>),
}

impl<T> Expandable<T> {
    /// Whether the object is expanded.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The expanded object, if it is.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Object(o) => Some(o),
            Expandable::Id(_) => None,
        }
    }

    /// The expanded object, if it is.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Object(o) => Some(*o),
            Expandable::Id(_) => None,
        }
    }
}

impl<T: HasId> Expandable<T> {
    /// The id, whether or not the object is expanded.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(o) => o.id().unwrap_or_default(),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Expandable<T> {
    /// Reads the value's text first and decodes it as an id string or as the object; the
    /// object's own deserializer then sees a plain JSON deserializer, which unions rely on.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <Box<serde_json::value::RawValue> as Deserialize>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('"') {
            return serde_json::from_str(text)
                .map(Expandable::Id)
                .map_err(de::Error::custom);
        }
        if !text.starts_with('{') {
            return Err(de::Error::invalid_type(
                de::Unexpected::Other(text),
                &"an id string or an expanded object",
            ));
        }
        crate::decode::nested(text).map(|object| Expandable::Object(Box::new(object)))
    }
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => serializer.serialize_str(id),
            Expandable::Object(o) => o.serialize(serializer),
        }
    }
}
