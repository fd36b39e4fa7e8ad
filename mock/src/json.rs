//! Reading and writing the fields of Stripe objects held as JSON.

use serde_json::{Value, json};

/// Sets a field the object already has (so that it keeps to its schema).
pub(crate) fn set(object: &mut Value, field: &str, value: Value) {
    if let Some(slot) = object.get_mut(field) {
        *slot = value;
    }
}

/// Sets each of `fields` that the object already has.
pub(crate) fn set_all<const N: usize>(object: &mut Value, fields: [(&str, Value); N]) {
    for (field, value) in fields {
        set(object, field, value);
    }
}

/// A list object (`{"object": "list", "data": …}`) of all of `data`.
pub(crate) fn list_of(data: Vec<Value>, url: String) -> Value {
    json!({
        "object": "list",
        "total_count": data.len(),
        "data": data,
        "has_more": false,
        "url": url,
    })
}

/// A string field, `""` when absent.
pub(crate) fn str_of<'a>(object: &'a Value, field: &str) -> &'a str {
    object.get(field).and_then(Value::as_str).unwrap_or("")
}

/// An integer field, 0 when absent.
pub(crate) fn int_of(object: &Value, field: &str) -> i64 {
    object.get(field).and_then(Value::as_i64).unwrap_or(0)
}

/// The id of a field that holds an id or an expanded object.
pub(crate) fn id_of(object: &Value, field: &str) -> Option<String> {
    match object.get(field)? {
        Value::String(id) => Some(id.clone()),
        Value::Object(expanded) => expanded.get("id")?.as_str().map(str::to_string),
        _ => None,
    }
}
