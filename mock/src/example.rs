//! Values made from the schemas where Stripe published no example: a response with no fixture
//! to answer with, and every resource of a spec without `fixtures3.json` (Stripe published none
//! for 2024-04-10). They are deterministic: required fields present, the first value of an enum,
//! `null` where nullable, zero, the empty string and list, and an id with a prefix made from the
//! resource's name. And the other way: a new object of the stateful mode made from a fixture,
//! without the values that were the example's own ([`NewObject`]).

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

/// A new object of a resource made from its fixture, for the stateful mode: what the fixture
/// holds as the example of one particular object goes, what every new object has stays. A
/// nullable field is `null` (a webhook endpoint's `description`, a product's `default_price`)
/// unless it is a boolean or a value of an enum, a state the new object starts in (a
/// customer's `delinquent`, `tax_exempt`); a map of the caller's keys is empty (`metadata`), a
/// list inside the object empty, and a time the schema requires is the creation's (a product's
/// `updated`). The rest, and what the schema does not declare, keeps the fixture's value as the
/// new object's default (`livemode`, a PaymentIntent's `payment_method_types`), for the
/// request's values and the flows to set.
#[derive(Debug)]
pub(crate) struct NewObject {
    value: Value,
    /// The JSON pointers of the times the schema requires.
    times: Vec<String>,
}

impl NewObject {
    /// The new object of the resource whose component schema is `schema`, from `fixture`.
    pub(crate) fn from_fixture(schemas: &Schemas, schema: &Value, fixture: &Value) -> NewObject {
        let mut times = Vec::new();
        let value = blank(schemas, schema, fixture, &mut String::new(), &mut times);
        NewObject { value, times }
    }

    /// A copy, created at `now`.
    pub(crate) fn at(&self, now: i64) -> Value {
        let mut value = self.value.clone();
        for pointer in &self.times {
            if let Some(slot) = value.pointer_mut(pointer) {
                *slot = json!(now);
            }
        }
        value
    }
}

fn blank(
    schemas: &Schemas,
    schema: &Value,
    value: &Value,
    pointer: &mut String,
    times: &mut Vec<String>,
) -> Value {
    let nullable = |schema: &Value| schema.get("nullable") == Some(&Value::Bool(true));
    let resolved = schemas.resolve(schema);
    let is_map = value.is_object()
        && resolved.get("properties").is_none()
        && resolved.get("anyOf").is_none();
    if is_map {
        // A map of the caller's keys (`metadata`): empty, as Stripe answers it, never `null`.
        return json!({});
    }
    // A state a new object starts in, not an example's: a boolean (`delinquent`), a value of an
    // enum (`tax_exempt`), even where the schema allows `null`.
    let is_state = resolved.get("type").and_then(Value::as_str) == Some("boolean")
        || resolved.get("enum").is_some();
    let depth = pointer.matches('/').count();
    if depth > 16 || ((nullable(schema) || nullable(resolved)) && !is_state) {
        return Value::Null;
    }
    let schema = resolved;
    let Value::Object(fields) = value else {
        if schema.get("format").and_then(Value::as_str) == Some("unix-time") {
            times.push(pointer.clone());
        }
        return value.clone();
    };
    // A union (an expandable field that holds its object): the member that describes it.
    let Some(properties) = schemas
        .object_schema(schema, value)
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object)
    else {
        return value.clone();
    };
    if fields.get("object").and_then(Value::as_str) == Some("list") {
        let mut list = fields.clone();
        list.insert("data".into(), json!([]));
        list.insert("has_more".into(), json!(false));
        if list.contains_key("total_count") {
            list.insert("total_count".into(), json!(0));
        }
        return Value::Object(list);
    }
    let blanked = fields
        .iter()
        .map(|(name, field)| {
            let keep =
                depth == 0 && ["id", "object", "livemode", "created"].contains(&name.as_str());
            let value = match properties.get(name) {
                Some(field_schema) if !keep => {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                    let value = blank(schemas, field_schema, field, pointer, times);
                    pointer.truncate(len);
                    value
                }
                _ => field.clone(),
            };
            (name.clone(), value)
        })
        .collect();
    Value::Object(blanked)
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
