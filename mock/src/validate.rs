//! Parameters checked against an operation's schema the way Stripe checks them: an unknown
//! parameter, a missing required one, a value of the wrong type and a value outside an enum are
//! each rejected with the parameter's name.

use serde_json::Value;

use crate::error::Refused;
use crate::form::{Node, Params, list_items};
use crate::spec::MockApi;

/// The 400 naming the parameter at fault.
fn rejected(param: &str, message: String) -> Refused {
    Refused::invalid(&message).param(param)
}

/// Checks the top-level parameters against the operation's object schema.
pub(crate) fn validate(api: &MockApi, schema: &Value, params: &Params) -> Result<(), Refused> {
    object(api, schema, params, None)
}

fn child(prefix: Option<&str>, key: &str) -> String {
    match prefix {
        Some(p) => format!("{p}[{key}]"),
        None => key.to_string(),
    }
}

fn object(
    api: &MockApi,
    schema: &Value,
    fields: &std::collections::BTreeMap<String, Node>,
    prefix: Option<&str>,
) -> Result<(), Refused> {
    let properties = schema.get("properties").and_then(Value::as_object);
    // `additionalProperties` (metadata, say) takes any key, with its schema for the value.
    let additional = schema
        .get("additionalProperties")
        .filter(|a| a.is_object() || **a == Value::Bool(true));
    for (key, node) in fields {
        let param = child(prefix, key);
        match properties.and_then(|p| p.get(key)).or(additional) {
            Some(field_schema) => value(api, field_schema, node, &param)?,
            None => {
                return Err(rejected(
                    &param,
                    format!("Received unknown parameter: {param}"),
                ));
            }
        }
    }
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                let param = child(prefix, name);
                return Err(rejected(
                    &param,
                    format!("Missing required param: {param}."),
                ));
            }
        }
    }
    Ok(())
}

fn value(api: &MockApi, schema: &Value, node: &Node, param: &str) -> Result<(), Refused> {
    let schema = api.resolve(schema);
    if let Some(Value::Array(variants)) = schema.get("anyOf") {
        return any_of(api, variants, node, param);
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let is_object = is_object_schema(schema);
    match (node, ty) {
        (Node::Map(fields), _) if is_object => object(api, schema, fields, Some(param)),
        (Node::Map(fields), Some("array")) => {
            let items = list_items(fields).ok_or_else(|| invalid_array(param))?;
            let item_schema = schema.get("items").unwrap_or(&Value::Null);
            for (i, item) in items {
                value(api, item_schema, item, &format!("{param}[{i}]"))?;
            }
            Ok(())
        }
        (_, Some("array")) => Err(invalid_array(param)),
        (_, _) if is_object => Err(rejected(
            param,
            format!("Invalid object for {param}: expected a hash of fields"),
        )),
        (Node::File, Some("string")) if schema.get("format") == Some(&"binary".into()) => Ok(()),
        (Node::Text(text), _) => scalar(schema, ty, text, param),
        (Node::File, _) => Err(rejected(
            param,
            format!("Invalid {param}: a file was sent where a value was expected"),
        )),
        (Node::Map(_), _) => Err(rejected(
            param,
            format!("Invalid {param}: expected a single value, got a hash"),
        )),
    }
}

fn scalar(schema: &Value, ty: Option<&str>, text: &str, param: &str) -> Result<(), Refused> {
    let valid = match ty {
        Some("integer") => text.parse::<i64>().is_ok(),
        Some("number") => text.parse::<f64>().is_ok_and(f64::is_finite),
        Some("boolean") => crate::form::boolean(text).is_some(),
        Some("string") if schema.get("format") == Some(&"binary".into()) => false,
        _ => true,
    };
    if !valid {
        let what = match ty {
            Some("integer") => "integer",
            Some("number") => "decimal",
            Some("boolean") => "boolean",
            _ => "file",
        };
        // Stripe quotes the value it refused; a sensitive one is never quoted back.
        let message = if stripekit_types::redact::is_sensitive_key(param) {
            format!("Invalid {what} for {param}")
        } else {
            format!("Invalid {what}: {text:?} for {param}")
        };
        return Err(rejected(param, message));
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.iter().any(|v| v.as_str() == Some(text))
    {
        let list: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
        return Err(rejected(
            param,
            format!("Invalid {param}: must be one of {}", list.join(", ")),
        ));
    }
    Ok(())
}

/// A value fits when it fits one alternative. The error given is that of the first alternative
/// of the value's own shape (a hash, a list, or a single value), leaving out the empty string
/// that clears a field, so that `""` does not hide what was wrong with the value.
fn any_of(api: &MockApi, variants: &[Value], node: &Node, param: &str) -> Result<(), Refused> {
    let mut errors = Vec::new();
    for variant in variants {
        match value(api, variant, node, param) {
            Ok(()) => return Ok(()),
            Err(e) => {
                let resolved = api.resolve(variant);
                let compound = is_object_schema(resolved)
                    || resolved.get("type").and_then(Value::as_str) == Some("array");
                let clears = resolved.get("enum") == Some(&Value::from(vec![""]));
                errors.push((!clears, compound == matches!(node, Node::Map(_)), e));
            }
        }
    }
    // By preference: a real value of the same shape, any real value, anything.
    let position = errors
        .iter()
        .position(|(real, same_shape, _)| *real && *same_shape)
        .or_else(|| errors.iter().position(|(real, _, _)| *real))
        .unwrap_or(0);
    match errors.into_iter().nth(position) {
        Some((_, _, e)) => Err(e),
        None => Err(rejected(param, format!("Invalid {param}"))),
    }
}

/// Whether a schema describes a hash of fields (sent as `param[field]=…`).
fn is_object_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some()
        || schema.get("additionalProperties").is_some()
}

fn invalid_array(param: &str) -> Refused {
    rejected(
        param,
        format!("Invalid array for {param}: send it as {param}[0], {param}[1], ..."),
    )
}
