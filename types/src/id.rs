//! Typed ids: `Id<Customer>` names a customer, and the compiler keeps it from going where a
//! price id belongs.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;

#[cfg(feature = "deserialize")]
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::form::{Form, ToForm};
use crate::json::{Failed, FromJson, JsonReader};

/// The id of an object of kind `T` (`Id<Customer>`, which each generated crate also calls
/// `CustomerId`).
///
/// It holds the id as Stripe sent it, whatever its prefix, so an id of a kind this crate does
/// not know still decodes. It converts from `&str` and `String`, so a builder that takes
/// `impl Into<CustomerId>` takes `"cus_123"` too; it reads as a `&str` ([`Id::as_str`],
/// `Deref`, `AsRef<str>`, `Display`) and compares with strings.
///
/// ```
/// use stripekit_types::Id;
///
/// enum Customer {}
/// enum Price {}
///
/// fn retrieve(customer: impl Into<Id<Customer>>) -> Id<Customer> {
///     customer.into()
/// }
///
/// let customer = retrieve("cus_123");
/// assert_eq!(customer, "cus_123");
/// assert!(customer.starts_with("cus_"));
/// let price: Id<Price> = "price_1".parse().unwrap();
/// assert_eq!(price.to_string(), "price_1");
/// ```
///
/// An id of one kind is not an id of another:
///
/// ```compile_fail,E0308
/// use stripekit_types::Id;
///
/// enum Customer {}
/// enum Price {}
///
/// let price: Id<Price> = Id::new("price_1");
/// let customer: Id<Customer> = price;
/// ```
#[repr(transparent)]
pub struct Id<T> {
    value: String,
    kind: PhantomData<fn() -> T>,
}

/// An object Stripe names by an id, and which kind of id that is: a customer and a deleted
/// customer are both named by an `Id<Customer>`. A union of objects of one kind has that kind;
/// a union of several kinds is its own kind.
pub trait Identified {
    /// The `T` of the `Id<T>` that names it.
    type Kind;
}

impl<T> Id<T> {
    /// The id `value`, taken as Stripe would send it.
    pub fn new(value: impl Into<String>) -> Self {
        Id {
            value: value.into(),
            kind: PhantomData,
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The id as a `String`.
    pub fn into_string(self) -> String {
        self.value
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        Id::new(self.value.clone())
    }
}

/// Prints the id as a string literal would (`"cus_123"`): ids are not secret.
impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

/// Hashes as the `str` it holds, so a map keyed by ids can be looked up by a `&str`.
impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T> PartialEq<str> for Id<T> {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl<T> PartialEq<&str> for Id<T> {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl<T> PartialEq<String> for Id<T> {
    fn eq(&self, other: &String) -> bool {
        self.value == *other
    }
}

impl<T> PartialEq<Id<T>> for str {
    fn eq(&self, other: &Id<T>) -> bool {
        self == other.value
    }
}

impl<T> PartialEq<Id<T>> for &str {
    fn eq(&self, other: &Id<T>) -> bool {
        *self == other.value
    }
}

impl<T> PartialEq<Id<T>> for String {
    fn eq(&self, other: &Id<T>) -> bool {
        *self == other.value
    }
}

impl<T> Deref for Id<T> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.value
    }
}

impl<T> AsRef<str> for Id<T> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl<T> Borrow<str> for Id<T> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl<T> From<&str> for Id<T> {
    fn from(value: &str) -> Self {
        Id::new(value)
    }
}

impl<T> From<String> for Id<T> {
    fn from(value: String) -> Self {
        Id::new(value)
    }
}

impl<T> From<&String> for Id<T> {
    fn from(value: &String) -> Self {
        Id::new(value.as_str())
    }
}

impl<T> From<&Id<T>> for Id<T> {
    fn from(value: &Id<T>) -> Self {
        value.clone()
    }
}

impl<T> From<Id<T>> for String {
    fn from(id: Id<T>) -> Self {
        id.value
    }
}

/// Any string is an id: parsing never fails.
impl<T> std::str::FromStr for Id<T> {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Id::new(s))
    }
}

impl<T> FromJson for Id<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        Ok(Id::new(crate::tri!(String::from_json(json))))
    }
}

impl<T> ToForm for Id<T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self.value.as_str());
    }
}

impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

#[cfg(feature = "deserialize")]
impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Id::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    enum Customer {}

    #[test]
    fn an_id_decodes_and_encodes_as_its_string() {
        let id: Id<Customer> = crate::decode::json(br#""cus_9""#).unwrap();
        assert_eq!(id.as_str(), "cus_9");
        let mut form = Form::default();
        id.to_form("customer", &mut form);
        assert_eq!(
            form.into_pairs(),
            [("customer".to_string(), "cus_9".to_string())]
        );
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""cus_9""#);
    }

    #[test]
    fn an_id_that_is_not_a_string_is_refused() {
        assert!(crate::decode::json::<Id<Customer>>(b"12").is_err());
    }

    #[test]
    fn a_map_keyed_by_ids_is_found_by_str() {
        let mut names = HashMap::new();
        names.insert(Id::<Customer>::new("cus_1"), "Jenny");
        assert_eq!(names.get("cus_1"), Some(&"Jenny"));
        assert_eq!(format!("{:?}", Id::<Customer>::new("cus_1")), r#""cus_1""#);
    }
}
