//! Request parameters reflected into the answer, as Stripe's own mock does: a `POST` whose
//! parameter names a field of the returned object answers with the request's value there,
//! converted to the type the response schema gives the field (`amount=777` is the integer 777,
//! `metadata[order]=6735` the hash `{"order": "6735"}`).
//!
//! A value is reflected only when it fits the field's schema whole: a hash fills in the object
//! the answer already has, its other required fields `null` where the schema allows; a value
//! that does not fit (a string where the answer has an object, a hash missing a required field
//! that cannot be `null`) leaves the fixture's value, so the answer always follows the spec.

use serde_json::{Map, Value};

use crate::form::{Node, Params, list_items};
use crate::spec::MockApi;

/// Sets each top-level field of `answer` that a parameter names to the parameter's value.
/// `schema` is the response's schema; `expand` is not a field.
pub(crate) fn reflect(api: &MockApi, answer: &mut Value, schema: &Value, params: &Params) {
    let Some(schema) = api.object_schema(schema, answer) else {
        return;
    };
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let Value::Object(fields) = answer else {
        return;
    };
    // The fixture of the answer's type holds the defaults of what a hash leaves out (a price's
    // `recurring[interval_count]`).
    let kind = fields
        .get("object")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let fixture = api.fixture_ref(kind);
    for (name, node) in params {
        if name == "expand" || name == "object" || name == "id" {
            continue;
        }
        let Some(field_schema) = properties.get(name) else {
            continue;
        };
        let current = fields.get(name);
        let defaults = fixture.and_then(|f| f.get(name));
        if let Some(value) = convert(api, field_schema, node, (current, defaults), 0) {
            fields.insert(name.clone(), value);
        }
    }
}

/// The parameter `node` as a value of `schema`, merged into the answer's `current` value for a
/// hash (a required field it leaves out takes its value in `defaults`, the fixture's, when it
/// cannot be `null`); `None` when it does not fit.
fn convert(
    api: &MockApi,
    schema: &Value,
    node: &Node,
    (current, defaults): (Option<&Value>, Option<&Value>),
    depth: usize,
) -> Option<Value> {
    let schema = api.resolve(schema);
    if depth > 16 {
        return None;
    }
    // An expandable field holds an id: a number (a charge's `application_fee=100`, an amount)
    // is a parameter of the same name that means something else.
    if schema.get("x-expansionResources").is_some()
        && matches!(node, Node::Text(text) if text.parse::<f64>().is_ok())
    {
        return None;
    }
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    // `""` unsets: a map of the caller's keys becomes empty (`metadata=""` removes every key), a
    // list that cannot be `null` too, as at Stripe; another field `null` where it can be.
    if *node == Node::Text(String::new())
        && let Some(empty) = emptied(api, schema, depth)
        && !(empty.is_array() && nullable)
    {
        return Some(empty);
    }
    if let Some(Value::Array(variants)) = schema.get("anyOf") {
        if nullable && *node == Node::Text(String::new()) {
            return Some(Value::Null);
        }
        return variants
            .iter()
            .find_map(|v| convert(api, v, node, (current, defaults), depth + 1));
    }
    match node {
        Node::File => None,
        Node::Text(text) if text.is_empty() && nullable => Some(Value::Null),
        Node::Text(text) => scalar(schema, text),
        Node::Map(entries) => match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                let items = schema.get("items")?;
                let values = list_items(entries)?
                    .into_iter()
                    .map(|(_, item)| convert(api, items, item, (None, None), depth + 1))
                    .collect::<Option<Vec<Value>>>()?;
                Some(Value::Array(values))
            }
            Some("object") | None => object(api, schema, entries, (current, defaults), depth),
            _ => None,
        },
    }
}

/// What `""` sets a list (`[]`) or a map of the caller's keys (`{}`) of `schema` to.
fn emptied(api: &MockApi, schema: &Value, depth: usize) -> Option<Value> {
    let schema = api.resolve(schema);
    if depth > 16 {
        return None;
    }
    if let Some(Value::Array(variants)) = schema.get("anyOf") {
        return variants.iter().find_map(|v| emptied(api, v, depth + 1));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => Some(Value::Array(Vec::new())),
        Some("object")
            if schema.get("properties").is_none()
                && schema
                    .get("additionalProperties")
                    .is_some_and(Value::is_object) =>
        {
            Some(Value::Object(Map::new()))
        }
        _ => None,
    }
}

/// A single value as the scalar type of `schema`, inside its `enum` if it has one.
fn scalar(schema: &Value, text: &str) -> Option<Value> {
    let value = match schema.get("type").and_then(Value::as_str)? {
        "string" => Value::String(text.to_string()),
        "integer" => Value::from(text.parse::<i64>().ok()?),
        "number" => Value::from(text.parse::<f64>().ok().filter(|n| n.is_finite())?),
        "boolean" => Value::Bool(crate::form::boolean(text)?),
        _ => return None,
    };
    match schema.get("enum") {
        Some(Value::Array(allowed)) if !allowed.contains(&value) => None,
        _ => Some(value),
    }
}

/// A hash as an object of `schema`: the entries over the answer's `current` object; for a map
/// (`metadata`), the empty string removes a key, as at Stripe.
fn object(
    api: &MockApi,
    schema: &Value,
    entries: &std::collections::BTreeMap<String, Node>,
    (current, defaults): (Option<&Value>, Option<&Value>),
    depth: usize,
) -> Option<Value> {
    let properties = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties").filter(|a| a.is_object());
    if properties.is_none() && additional.is_none() {
        return None;
    }
    let mut fields: Map<String, Value> = current
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (key, node) in entries {
        let before = (fields.get(key), defaults.and_then(|d| d.get(key)));
        let value = match (properties.and_then(|p| p.get(key)), additional) {
            (Some(field_schema), _) => convert(api, field_schema, node, before, depth + 1)?,
            (None, Some(_)) if *node == Node::Text(String::new()) => {
                fields.remove(key);
                continue;
            }
            (None, Some(value_schema)) => {
                convert(api, value_schema, node, (before.0, None), depth + 1)?
            }
            (None, None) => return None,
        };
        fields.insert(key.clone(), value);
    }
    let required = schema.get("required").and_then(Value::as_array);
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        if fields.contains_key(name) {
            continue;
        }
        let field_schema = api.resolve(properties?.get(name)?);
        let value = if field_schema.get("nullable") == Some(&Value::Bool(true)) {
            Value::Null
        } else {
            defaults
                .and_then(|d| d.get(name))
                .filter(|v| !v.is_null())?
                .clone()
        };
        fields.insert(name.to_string(), value);
    }
    Some(Value::Object(fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> MockApi {
        let spec = json!({
            "openapi": "3.0.0",
            "info": {"version": "2022-11-15"},
            "paths": {},
            "components": {"schemas": {
                "customer": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "object": {"type": "string", "enum": ["customer"]},
                        "balance": {"type": "integer"},
                        "email": {"type": "string", "nullable": true},
                        "livemode": {"type": "boolean"},
                        "tax_exempt": {"type": "string", "enum": ["none", "exempt"]},
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                        "address": {"nullable": true, "anyOf": [{"$ref": "#/components/schemas/address"}]},
                        "shipping": {"nullable": true, "anyOf": [{"$ref": "#/components/schemas/shipping"}]},
                        "preferred_locales": {"type": "array", "items": {"type": "string"}},
                        "default_source": {"nullable": true, "anyOf": [
                            {"type": "string"}, {"$ref": "#/components/schemas/address"}
                        ]}
                    }
                },
                "address": {
                    "type": "object",
                    "required": ["city", "line1"],
                    "properties": {
                        "city": {"type": "string", "nullable": true},
                        "line1": {"type": "string", "nullable": true}
                    }
                },
                "shipping": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "phone": {"type": "string"}}
                }
            }}
        });
        MockApi::from_documents(spec, json!({"resources": {}})).unwrap()
    }

    fn params(pairs: &[(&str, &str)]) -> Params {
        let mut params = Params::new();
        for (key, value) in pairs {
            crate::form::insert(&mut params, key, Node::Text(value.to_string())).unwrap();
        }
        params
    }

    fn reflected(answer: Value, pairs: &[(&str, &str)]) -> Value {
        let api = api();
        let mut answer = answer;
        let schema = json!({"$ref": "#/components/schemas/customer"});
        reflect(&api, &mut answer, &schema, &params(pairs));
        answer
    }

    fn fixture() -> Value {
        json!({
            "id": "cus_1", "object": "customer", "balance": 0, "email": null, "livemode": false,
            "tax_exempt": "none", "metadata": {"kept": "yes"}, "address": null, "shipping": null,
            "preferred_locales": [], "default_source": null
        })
    }

    #[test]
    fn scalars_take_the_types_of_the_response() {
        let answer = reflected(
            fixture(),
            &[
                ("balance", "777"),
                ("email", "jenny@example.com"),
                ("tax_exempt", "exempt"),
                ("default_source", "card_9"),
                ("preferred_locales[0]", "fr"),
                ("preferred_locales[1]", "en"),
            ],
        );
        assert_eq!(answer["balance"], json!(777));
        assert_eq!(answer["email"], json!("jenny@example.com"));
        assert_eq!(answer["tax_exempt"], json!("exempt"));
        assert_eq!(answer["default_source"], json!("card_9"));
        assert_eq!(answer["preferred_locales"], json!(["fr", "en"]));
    }

    #[test]
    fn hashes_merge_and_fill_their_nullable_required_fields() {
        let answer = reflected(
            fixture(),
            &[
                ("metadata[order]", "6735"),
                ("metadata[kept]", ""),
                ("address[city]", "Paris"),
            ],
        );
        assert_eq!(answer["metadata"], json!({"order": "6735"}));
        assert_eq!(answer["address"], json!({"city": "Paris", "line1": null}));
    }

    #[test]
    fn what_does_not_fit_the_response_is_not_reflected() {
        let answer = reflected(
            fixture(),
            &[
                ("balance", "lots"),
                ("tax_exempt", "sometimes"),
                ("livemode", "yes"),
                ("shipping[phone]", "555"),
                ("unknown", "x"),
                ("id", "cus_other"),
            ],
        );
        assert_eq!(answer, fixture(), "a required `name` cannot be null");
    }

    #[test]
    fn the_empty_string_clears_a_nullable_field() {
        let mut before = fixture();
        before["email"] = json!("old@example.com");
        let answer = reflected(before, &[("email", "")]);
        assert_eq!(answer["email"], Value::Null);
        // A map of the caller's keys and a list are emptied, never null.
        let mut before = fixture();
        before["metadata"] = json!({"order": "6735"});
        before["preferred_locales"] = json!(["fr"]);
        let answer = reflected(before, &[("metadata", ""), ("preferred_locales", "")]);
        assert_eq!(answer["metadata"], json!({}));
        assert_eq!(answer["preferred_locales"], json!([]));
    }
}
