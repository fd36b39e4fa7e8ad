//! Request fields that can be set, or cleared by sending the empty string.

/// A value to set, or `Clear` to unset the field on the Stripe object.
///
/// A request field of type `Option<Clearable<T>>` has three states: `None` leaves the field
/// unchanged, `Some(Clearable::Set(v))` sets it, `Some(Clearable::Clear)` clears it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clearable<T> {
    /// Set the field to this value.
    Set(T),
    /// Clear the field (sent as the empty string).
    Clear,
}

impl<T> From<T> for Clearable<T> {
    fn from(value: T) -> Self {
        Clearable::Set(value)
    }
}

#[cfg(feature = "serialize")]
impl<T: serde::Serialize> serde::Serialize for Clearable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Clearable::Set(value) => value.serialize(serializer),
            Clearable::Clear => serializer.serialize_str(""),
        }
    }
}
