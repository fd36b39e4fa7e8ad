//! Fields that hold an id, or the object it names when the request asked to expand it.

#[cfg(feature = "deserialize")]
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::json::{Failed, FromJson, JsonReader};
use crate::{HasId, Id, Identified};

/// An id, or the object it names when expanded with `expand[]`.
///
/// The id is typed by the kind of object it names: a field that expands to a customer (or a
/// deleted one) holds an `Id<Customer>` until it is expanded.
#[derive(Clone, Debug)]
pub enum Expandable<T: Identified> {
    /// Not expanded: the object's id.
    Id(Id<T::Kind>),
    /// Expanded: the object itself.
    Object(Box<T>),
}

impl<T: Identified> Expandable<T> {
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

impl<T: HasId + Identified> Expandable<T> {
    /// The id, whether or not the object is expanded.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id.as_str(),
            Expandable::Object(o) => o.id().unwrap_or_default(),
        }
    }
}

impl<T: FromJson + Identified> FromJson for Expandable<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        if json.at_string() {
            json.read().map(Expandable::Id)
        } else if json.at_object() {
            json.read().map(Expandable::Object)
        } else {
            Err(json.expected("an id string or an expanded object"))
        }
    }
}

#[cfg(feature = "deserialize")]
impl<'de, T: FromJson + Identified> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize(deserializer)
    }
}

impl<T: Serialize + Identified> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => id.serialize(serializer),
            Expandable::Object(o) => o.serialize(serializer),
        }
    }
}
