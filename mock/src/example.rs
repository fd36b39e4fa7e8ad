//! Values made from the schemas where Stripe published no example: a response with no fixture
//! to answer with, and every resource of a spec without `fixtures3.json` (Stripe published none
//! for 2024-04-10). They are deterministic: required fields present, the first value of an enum,
//! `null` where nullable, zero, the empty string and list, and an id with a prefix made from the
//! resource's name.

use serde_json::{Map, Value, json};

use crate::ids::base62;
use crate::schemas::Schemas;

/// The example of a resource (`billing.meter`) whose component schema is `schema`: its least
/// value, with an id like Stripe's (`bm_…` for a Billing meter).
pub(crate) fn resource(schemas: &Schemas, schema: &Value, resource: &str) -> Value {
    let mut value = least_value(schemas, schema, 0);
    let has_id = schemas.resolve(schema).pointer("/properties/id").is_some();
    if let (Some(fields), true) = (value.as_object_mut(), has_id) {
        fields.insert("id".into(), json!(example_id(resource)));
    }
    value
}

/// An id for the example of `resource`: the initials of its words, `_`, and 14 letters and
/// digits from its name (`billing.meter` → `bm_…`), the same on every run.
fn example_id(resource: &str) -> String {
    let prefix: String = resource
        .split(['.', '_'])
        .filter_map(|word| word.chars().next())
        .collect();
    // FNV-1a: a hash that is the same in every build and on every platform.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in resource.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}_{}", base62(hash, 14))
}

/// The smallest value a schema accepts: required fields only, the first enum value, zero.
pub(crate) fn least_value(schemas: &Schemas, schema: &Value, depth: usize) -> Value {
    let schema = schemas.resolve(schema);
    if depth > 16 || schema.get("nullable") == Some(&Value::Bool(true)) {
        return Value::Null;
    }
    if let Some(Value::Array(variants)) = schema.get("anyOf") {
        return variants
            .first()
            .map_or(Value::Null, |v| least_value(schemas, v, depth + 1));
    }
    if let Some(first) = schema.pointer("/enum/0") {
        return first.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!(""),
        Some("integer") | Some("number") => json!(0),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        _ => {
            let mut fields = Map::new();
            fill_required(schemas, &mut fields, schema, depth);
            Value::Object(fields)
        }
    }
}

/// Gives every required field of the object schema that `fields` lacks its least value.
fn fill_required(schemas: &Schemas, fields: &mut Map<String, Value>, schema: &Value, depth: usize) {
    let required = schema.get("required").and_then(Value::as_array);
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        if !fields.contains_key(name) {
            let field = properties.and_then(|p| p.get(name)).unwrap_or(&Value::Null);
            fields.insert(name.to_string(), least_value(schemas, field, depth + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_ids_are_stable_and_prefixed_by_the_initials() {
        let id = example_id("billing.meter");
        assert!(id.starts_with("bm_"), "{id}");
        assert_eq!(id.len(), "bm_".len() + 14);
        assert_eq!(id, example_id("billing.meter"));
        assert_ne!(id, example_id("billing.meter_event"));
        assert!(example_id("customer_session").starts_with("cs_"));
    }
}
