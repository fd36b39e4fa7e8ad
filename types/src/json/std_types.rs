//! [`FromJson`] for the standard types the generated ones are made of.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Failed, FromJson, JsonReader};

impl FromJson for String {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        json.string().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        json.boolean()
    }
}

/// `FromJson` for integer types. `u8` is among them because a binary response is `Vec<u8>`,
/// and every response type is `FromJson` (its `decode` is overridden and does not use it).
macro_rules! integers_from_json {
    ($($int:ty),*) => {$(
        impl FromJson for $int {
            fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
                json.integer()
            }
        }
    )*};
}

integers_from_json!(i64, u64, u8);

impl FromJson for f64 {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        json.float()
    }
}

impl FromJson for serde_json::Value {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        json.value()
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        let mut value = None;
        crate::tri!(json.optional_field(&mut value));
        Ok(value)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        Ok(Box::new(crate::tri!(T::from_json(json))))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        let mut items = Vec::new();
        crate::tri!(json.begin_array());
        while crate::tri!(json.next_element()) {
            items.push(crate::tri!(T::from_json(json)));
        }
        Ok(items)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(json: &mut JsonReader<'_>) -> Result<Self, Failed> {
        let mut map = BTreeMap::new();
        crate::tri!(json.begin_object());
        while let Some(key) = crate::tri!(json.next_key()) {
            let value = crate::tri!(T::from_json(json));
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}
