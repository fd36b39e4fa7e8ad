//! Fields that hold an id, or the object it names when the request asked to expand it.
//!
//! An expanded object is kept as the JSON Stripe sent and decoded when asked for
//! ([`Expandable::object`]). So a type that holds a `PaymentIntent`'s `invoice` does not need the
//! code that decodes an invoice: a program compiles the decoder of an object only when it turns
//! on an area that decodes it, and a response decodes no more than its own fields.

use std::fmt;
use std::marker::PhantomData;

#[cfg(feature = "deserialize")]
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::decode::DecodeError;
use crate::json::{Failed, FromJson, JsonReader, ObjectText};
use crate::{Id, Identified};

/// An id, or the object it names when expanded with `expand[]`.
///
/// The id is typed by the kind of object it names: a field that expands to a customer (or a
/// deleted one) holds an `Id<Customer>` until it is expanded. An expanded object is an
/// [`Expanded`]: its id, and its JSON, which [`Expandable::object`] decodes.
///
/// ```
/// use stripekit_types::{Expandable, FromJson, Id, Identified, JsonReader, Failed};
///
/// struct Customer { email: String }
/// impl Identified for Customer { type Kind = Customer; }
/// impl FromJson for Customer {
///     fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
///         let mut email = None;
///         json.begin_object()?;
///         while let Some(key) = json.next_key()? {
///             match &*key {
///                 "email" => json.field(&mut email),
///                 _ => json.skip(),
///             }?;
///         }
///         Ok(Customer { email: json.required(email, "email")? })
///     }
/// }
///
/// let id: Expandable<Customer> = stripekit_types::decode::json(br#""cus_1""#).unwrap();
/// assert_eq!(id.id(), "cus_1");
/// assert!(id.object().unwrap().is_none());
///
/// let body = br#"{"id": "cus_1", "email": "jenny@example.com"}"#;
/// let expanded: Expandable<Customer> = stripekit_types::decode::json(body).unwrap();
/// assert_eq!(expanded.id(), "cus_1");
/// let customer = expanded.object().unwrap().expect("expanded");
/// assert_eq!(customer.email, "jenny@example.com");
/// ```
pub enum Expandable<T: Identified> {
    /// Not expanded: the object's id.
    Id(Id<T::Kind>),
    /// Expanded: the object, as Stripe sent it.
    Object(Expanded<T>),
}

/// An expanded object: its id, and its JSON, which [`Expanded::decode`] decodes into a `T`.
///
/// Each call of `decode` reads the JSON again: keep the decoded value rather than decoding
/// twice.
pub struct Expanded<T: Identified> {
    id: Id<T::Kind>,
    json: Box<str>,
    /// Where the object was in the response (`latest_invoice`), for decoding errors.
    path: Box<str>,
    object: PhantomData<fn() -> T>,
}

impl<T: Identified> Expanded<T> {
    /// An expanded object from its JSON (an object, with its `id`), as a test or a cache may
    /// need one; an error says why the text is not a JSON object.
    pub fn new(json: &str) -> Result<Self, DecodeError> {
        let mut reader = JsonReader::new(json);
        match reader.object_text() {
            Ok(object) if reader.end().is_ok() => Ok(Expanded::read(object)),
            _ => Err(reader.into_error()),
        }
    }

    fn read(object: ObjectText<'_>) -> Self {
        Expanded {
            id: Id::new(object.id),
            json: object.text.into(),
            path: object.path.into(),
            object: PhantomData,
        }
    }

    /// The object's id (empty if the object has none).
    pub fn id(&self) -> &Id<T::Kind> {
        &self.id
    }

    /// The object as Stripe sent it, JSON text.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Decodes the object. An error names the path of the failing value from the top of the
    /// response (`latest_invoice.lines.data[0].amount`); its line and column count from the
    /// start of the object.
    pub fn decode(&self) -> Result<T, DecodeError>
    where
        T: FromJson,
    {
        crate::decode::whole(JsonReader::at_path(&self.json, &self.path))
    }
}

impl<T: Identified> Expandable<T> {
    /// Whether the object is expanded.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The id, whether or not the object is expanded (empty for an expanded object without
    /// one).
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id.as_str(),
            Expandable::Object(o) => o.id.as_str(),
        }
    }

    /// The expanded object, if it is, as it arrived.
    pub fn as_expanded(&self) -> Option<&Expanded<T>> {
        match self {
            Expandable::Object(o) => Some(o),
            Expandable::Id(_) => None,
        }
    }

    /// The expanded object decoded, or `None` if the field holds only an id. Each call decodes
    /// the JSON again.
    pub fn object(&self) -> Result<Option<T>, DecodeError>
    where
        T: FromJson,
    {
        self.as_expanded().map(Expanded::decode).transpose()
    }
}

impl<T: Identified> FromJson for Expandable<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        if json.at_string() {
            Ok(Expandable::Id(crate::tri!(json.read())))
        } else if json.at_object() {
            let object = crate::tri!(json.object_text());
            Ok(Expandable::Object(Expanded::read(object)))
        } else {
            Err(json.expected("an id string or an expanded object"))
        }
    }
}

impl<T: Identified> Clone for Expandable<T> {
    fn clone(&self) -> Self {
        match self {
            Expandable::Id(id) => Expandable::Id(id.clone()),
            Expandable::Object(o) => Expandable::Object(o.clone()),
        }
    }
}

impl<T: Identified> Clone for Expanded<T> {
    fn clone(&self) -> Self {
        Expanded {
            id: self.id.clone(),
            json: self.json.clone(),
            path: self.path.clone(),
            object: PhantomData,
        }
    }
}

impl<T: Identified> fmt::Debug for Expandable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expandable::Id(id) => f.debug_tuple("Id").field(id).finish(),
            Expandable::Object(o) => f.debug_tuple("Object").field(o).finish(),
        }
    }
}

/// Prints the id and the size of the JSON, never the JSON: an expanded object can hold a
/// client secret or card details, which only the decoded type's `Debug` knows to redact.
impl<T: Identified> fmt::Debug for Expanded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expanded")
            .field("id", &self.id)
            .field("json_bytes", &self.json.len())
            .finish()
    }
}

#[cfg(feature = "deserialize")]
impl<'de, T: Identified> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize(deserializer)
    }
}

/// An id as a string; an expanded object as its JSON, read into a `serde_json::Value` first
/// (its keys in sorted order).
impl<T: Identified> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => id.serialize(serializer),
            Expandable::Object(o) => {
                let value: serde_json::Value =
                    serde_json::from_str(&o.json).map_err(serde::ser::Error::custom)?;
                value.serialize(serializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Invoice {
        amount: i64,
    }

    impl Identified for Invoice {
        type Kind = Invoice;
    }

    impl FromJson for Invoice {
        fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
            let mut amount = None;
            json.begin_object()?;
            while let Some(key) = json.next_key()? {
                match &*key {
                    "amount" => json.field(&mut amount),
                    _ => json.skip(),
                }?;
            }
            Ok(Invoice {
                amount: json.required(amount, "amount")?,
            })
        }
    }

    /// A response holding an expandable invoice, as a generated struct would read it.
    struct Subscription {
        items: Vec<Expandable<Invoice>>,
    }

    impl FromJson for Subscription {
        fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
            let mut items = None;
            json.begin_object()?;
            while let Some(key) = json.next_key()? {
                match &*key {
                    "items" => json.field(&mut items),
                    _ => json.skip(),
                }?;
            }
            Ok(Subscription {
                items: json.required(items, "items")?,
            })
        }
    }

    #[test]
    fn an_expanded_object_keeps_its_id_and_json_and_decodes_on_demand() {
        let body = br#"{"items": ["in_1", {"amount": 5, "nested": {"id": "x"}, "id": "in_2"}]}"#;
        let sub: Subscription = crate::decode::json(body).unwrap();
        assert_eq!(sub.items[0].id(), "in_1");
        assert!(!sub.items[0].is_object());
        assert!(sub.items[0].object().unwrap().is_none());
        let expanded = sub.items[1].as_expanded().expect("expanded");
        assert_eq!(expanded.id(), "in_2");
        assert_eq!(
            expanded.json(),
            r#"{"amount": 5, "nested": {"id": "x"}, "id": "in_2"}"#
        );
        assert_eq!(sub.items[1].object().unwrap().unwrap().amount, 5);
        // A clone is as good as the original.
        assert_eq!(sub.items[1].clone().object().unwrap().unwrap().amount, 5);
    }

    #[test]
    fn a_decoding_error_names_the_path_from_the_top_of_the_response() {
        let body = br#"{"items": [{"id": "in_1", "amount": "five"}, {"id": "in_2"}]}"#;
        let sub: Subscription = crate::decode::json(body).unwrap();
        let err = sub.items[0].object().err().expect("a string is no amount");
        assert_eq!(err.path, "items[0].amount");
        let err = sub.items[1].object().err().expect("no amount");
        assert_eq!(err.path, "items[1]");
        assert!(err.message.contains("missing field `amount`"), "{err}");
    }

    /// A response holding an expandable object that itself holds expandable invoices.
    struct Wrapper {
        inner: Expandable<Wrapped>,
    }

    struct Wrapped {
        items: Vec<Expandable<Invoice>>,
    }

    impl Identified for Wrapped {
        type Kind = Wrapped;
    }

    impl FromJson for Wrapped {
        fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
            Subscription::from_json(json).map(|s| Wrapped { items: s.items })
        }
    }

    impl FromJson for Wrapper {
        fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
            let mut inner = None;
            json.begin_object()?;
            while let Some(key) = json.next_key()? {
                match &*key {
                    "inner" => json.field(&mut inner),
                    _ => json.skip(),
                }?;
            }
            Ok(Wrapper {
                inner: json.required(inner, "inner")?,
            })
        }
    }

    #[test]
    fn an_error_inside_a_nested_expansion_names_the_whole_path() {
        let body = br#"{"inner": {"id": "w_1", "items": [{"id": "in_1", "amount": "x"}]}}"#;
        let wrapper: Wrapper = crate::decode::json(body).unwrap();
        let wrapped = wrapper.inner.object().unwrap().expect("expanded");
        let err = wrapped.items[0]
            .object()
            .err()
            .expect("a string is no amount");
        assert_eq!(err.path, "inner.items[0].amount");
    }

    #[test]
    fn an_expanded_object_made_from_json_decodes_and_a_top_level_error_has_a_plain_path() {
        let expanded = Expanded::<Invoice>::new(r#"{"id": "in_1", "amount": 7}"#).unwrap();
        assert_eq!(expanded.id(), "in_1");
        assert_eq!(expanded.decode().unwrap().amount, 7);
        let bad = Expanded::<Invoice>::new(r#"{"id": "in_1", "amount": true}"#).unwrap();
        assert_eq!(bad.decode().err().expect("a boolean").path, "amount");
        assert!(Expanded::<Invoice>::new("[1]").is_err());
        assert!(Expanded::<Invoice>::new(r#"{"id": "in_1"} x"#).is_err());
    }

    #[test]
    fn a_malformed_expanded_object_fails_the_response_with_its_path() {
        let body = br#"{"items": [{"id": "in_1", "amount": tru}]}"#;
        let err = crate::decode::json::<Subscription>(body)
            .err()
            .expect("bad");
        assert_eq!(err.path, "items[0].amount");
        let err = crate::decode::json::<Subscription>(br#"{"items": [5]}"#)
            .err()
            .expect("a number is no id");
        assert_eq!(err.path, "items[0]");
        assert!(err.message.contains("an id string or an expanded object"));
    }

    #[test]
    fn debug_shows_the_id_but_never_the_json() {
        let body = br#"{"id": "pi_1", "client_secret": "pi_1_secret_abc"}"#;
        let expanded: Expandable<Invoice> = crate::decode::json(body).unwrap();
        let debug = format!("{expanded:?}");
        assert!(debug.contains("pi_1"), "{debug}");
        assert!(!debug.contains("secret"), "{debug}");
    }

    #[test]
    fn serializes_as_it_arrived() {
        let body = br#"{"id": "in_1", "amount": 5}"#;
        let expanded: Expandable<Invoice> = crate::decode::json(body).unwrap();
        let json = serde_json::to_value(&expanded).unwrap();
        assert_eq!(json, serde_json::json!({"id": "in_1", "amount": 5}));
        let id: Expandable<Invoice> = crate::decode::json(br#""in_1""#).unwrap();
        assert_eq!(serde_json::to_value(&id).unwrap(), "in_1");
    }
}
