//! A spec as the wire sees it: every component schema and operation reduced to a [`Shape`] that
//! keeps what a client depends on (types, fields, requiredness, nullability, enum values,
//! expansions, union variants) and drops what it does not (descriptions, titles, lengths).
//!
//! A `$ref` stays a [`Shape::Ref`] by name and is never followed, so recursive schemas and `$ref`
//! cycles need no special care: each component is compared once, by name.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use crate::load::{SpecError, pointer_push};

/// The wire form of a schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// A component schema, by name.
    Ref(String),
    /// A string, with its `format` if it has one.
    String(Option<String>),
    /// A string with a fixed set of values.
    Enum(BTreeSet<String>),
    /// An integer, with its `format` (`unix-time`) if it has one.
    Integer(Option<String>),
    Number,
    Boolean,
    Array(Box<Shape>),
    /// An object with only `additionalProperties`.
    Map(Box<Shape>),
    Object(Object),
    /// An id, or (when the caller asks with `expand`) the object it names.
    Expandable(Box<Shape>),
    /// `anyOf` / `oneOf`: any of these, sorted.
    Union(Vec<Shape>),
    /// Free-form JSON.
    Any,
}

/// An object's fields, by wire name.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Object {
    /// The fields, by wire name.
    pub fields: BTreeMap<String, FieldShape>,
}

/// A field of an object, or a parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldShape {
    /// Its shape.
    pub shape: Shape,
    /// Required in the spec.
    pub required: bool,
    /// `nullable: true` in the spec.
    pub nullable: bool,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
}

/// One operation, keyed in [`SpecShape::operations`] by method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationShape {
    /// The path as the spec writes it (`/v1/customers/{customer}`).
    pub path: String,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// Query parameters and body fields, by wire name (path parameters are part of the key).
    pub params: Object,
    /// The `200` JSON response; `None` for a binary (PDF) response.
    pub response: Option<Shape>,
}

/// Everything of a spec that the diff compares.
#[derive(Debug, Clone)]
pub struct SpecShape {
    /// `info.version`.
    pub api_version: String,
    /// Keyed by `"POST /v1/customers/{}"`: the method and the path with its parameters unnamed,
    /// so that renaming a path parameter is not a removed and an added operation.
    pub operations: BTreeMap<String, OperationShape>,
    /// Component schemas by name.
    pub schemas: BTreeMap<String, Shape>,
}

impl SpecShape {
    /// Reduces a parsed spec to shapes; fails on a `$ref` that does not name a component schema.
    pub fn of(spec: &OpenAPI) -> Result<SpecShape, SpecError> {
        let mut schemas = BTreeMap::new();
        if let Some(components) = &spec.components {
            for (name, schema) in &components.schemas {
                let pointer = pointer_push("/components/schemas", name);
                schemas.insert(name.clone(), shape_of(schema, &pointer)?);
            }
        }
        let mut operations = BTreeMap::new();
        for raw in crate::lower::collect_operations(spec)? {
            operations.insert(
                operation_key(raw.method.as_str(), raw.path),
                operation_shape(raw.path, raw.op, &raw.pointer)?,
            );
        }
        Ok(SpecShape {
            api_version: spec.info.version.clone(),
            operations,
            schemas,
        })
    }
}

/// `("POST", "/v1/customers/{customer}")` -> `"POST /v1/customers/{}"`.
pub fn operation_key(method: &str, path: &str) -> String {
    format!("{method} {}", crate::lower::path_shape(path))
}

fn operation_shape(
    path: &str,
    op: &openapiv3::Operation,
    pointer: &str,
) -> Result<OperationShape, SpecError> {
    let mut params = Object::default();
    for (i, p) in op.parameters.iter().enumerate() {
        let ppointer = pointer_push(&pointer_push(pointer, "parameters"), &i.to_string());
        let ReferenceOr::Item(p) = p else {
            return Err(SpecError::new(
                ppointer,
                "a parameter $ref is not supported",
            ));
        };
        let data = match p {
            Parameter::Query { parameter_data, .. } => parameter_data,
            // Path parameters are part of the operation's key.
            Parameter::Path { .. } => continue,
            _ => {
                return Err(SpecError::new(
                    ppointer,
                    "only query and path parameters are supported",
                ));
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(SpecError::new(ppointer, "a parameter needs a schema"));
        };
        let spointer = pointer_push(&ppointer, "schema");
        params.fields.insert(
            data.name.clone(),
            FieldShape {
                shape: shape_of(schema, &spointer)?,
                required: data.required,
                nullable: nullable(schema),
                deprecated: data.deprecated.unwrap_or(false),
            },
        );
    }
    if let Some(ReferenceOr::Item(body)) = &op.request_body {
        for (content_type, media) in &body.content {
            let mpointer = pointer_push(
                &pointer_push(&pointer_push(pointer, "requestBody"), "content"),
                content_type,
            );
            if let Some(schema) = &media.schema
                && let Shape::Object(object) = shape_of(schema, &pointer_push(&mpointer, "schema"))?
            {
                params.fields.extend(object.fields);
            }
        }
    }
    let rpointer = [pointer, "/responses/200/content/application~1json/schema"].concat();
    let response = crate::lower::json_response(op)
        .map(|schema| shape_of(schema, &rpointer))
        .transpose()?;
    Ok(OperationShape {
        path: path.to_string(),
        deprecated: op.deprecated,
        params,
        response,
    })
}

fn nullable(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable)
}

/// The shape of a schema or a `$ref`, boxed or not.
fn shape_of<S: Borrow<Schema>>(schema: &ReferenceOr<S>, pointer: &str) -> Result<Shape, SpecError> {
    match schema {
        ReferenceOr::Reference { reference } => ref_shape(reference, pointer),
        ReferenceOr::Item(schema) => item_shape(schema.borrow(), pointer),
    }
}

fn ref_shape(reference: &str, pointer: &str) -> Result<Shape, SpecError> {
    crate::load::component_name(reference, pointer).map(|name| Shape::Ref(name.to_string()))
}

fn item_shape(schema: &Schema, pointer: &str) -> Result<Shape, SpecError> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Shape::Enum(s.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Type(Type::String(s)) => Shape::String(format_name(&s.format)),
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer(format_name(&i.format)),
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(items) => {
                Shape::Array(Box::new(shape_of(items, &pointer_push(pointer, "items"))?))
            }
            None => Shape::Array(Box::new(Shape::Any)),
        },
        SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
            match &o.additional_properties {
                Some(AdditionalProperties::Schema(s)) => Shape::Map(Box::new(shape_of(
                    s,
                    &pointer_push(pointer, "additionalProperties"),
                )?)),
                Some(AdditionalProperties::Any(true)) => Shape::Map(Box::new(Shape::Any)),
                // An object the spec does not describe yet: describing its fields later adds
                // them, it does not change its type.
                _ => Shape::Object(Object::default()),
            }
        }
        SchemaKind::Type(Type::Object(o)) => {
            let mut object = Object::default();
            for (name, field) in &o.properties {
                let fpointer = pointer_push(&pointer_push(pointer, "properties"), name);
                let deprecated = match field {
                    ReferenceOr::Item(f) => f.schema_data.deprecated,
                    ReferenceOr::Reference { .. } => false,
                };
                object.fields.insert(
                    name.clone(),
                    FieldShape {
                        shape: shape_of(field, &fpointer)?,
                        required: o.required.contains(name),
                        nullable: matches!(field, ReferenceOr::Item(f) if f.schema_data.nullable),
                        deprecated,
                    },
                );
            }
            Shape::Object(object)
        }
        SchemaKind::AnyOf { any_of: variants } | SchemaKind::OneOf { one_of: variants } => {
            let token = match &schema.schema_kind {
                SchemaKind::AnyOf { .. } => "anyOf",
                _ => "oneOf",
            };
            let mut shapes = Vec::with_capacity(variants.len());
            for (i, v) in variants.iter().enumerate() {
                let vpointer = pointer_push(&pointer_push(pointer, token), &i.to_string());
                shapes.push(shape_of(v, &vpointer)?);
            }
            if schema
                .schema_data
                .extensions
                .contains_key("x-expansionResources")
            {
                // An id string, or one of the objects it can expand to.
                shapes.retain(|s| !matches!(s, Shape::String(_)));
                return Ok(Shape::Expandable(Box::new(union(shapes))));
            }
            union(shapes)
        }
        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
            [only] => shape_of(only, &pointer_push(pointer, "allOf/0"))?,
            _ => {
                return Err(SpecError::new(
                    pointer,
                    "allOf with more than one schema is not supported",
                ));
            }
        },
        SchemaKind::Not { .. } => {
            return Err(SpecError::new(pointer, "`not` schemas are not supported"));
        }
        SchemaKind::Any(_) => Shape::Any,
    })
}

/// Whether two shapes are the same once the old schema names in `a` are renamed by `renames`.
pub fn same_modulo_renames(a: &Shape, b: &Shape, renames: &BTreeMap<String, String>) -> bool {
    let same = |x: &Shape, y: &Shape| same_modulo_renames(x, y, renames);
    match (a, b) {
        (Shape::Ref(x), Shape::Ref(y)) => renames.get(x).unwrap_or(x) == y,
        (Shape::Array(x), Shape::Array(y))
        | (Shape::Map(x), Shape::Map(y))
        | (Shape::Expandable(x), Shape::Expandable(y)) => same(x, y),
        (Shape::Object(x), Shape::Object(y)) => {
            x.fields.len() == y.fields.len()
                && x.fields.iter().zip(&y.fields).all(|((xn, xf), (yn, yf))| {
                    xn == yn
                        && (xf.required, xf.nullable, xf.deprecated)
                            == (yf.required, yf.nullable, yf.deprecated)
                        && same(&xf.shape, &yf.shape)
                })
        }
        (Shape::Union(x), Shape::Union(y)) => {
            x.len() == y.len() && x.iter().all(|xs| y.iter().any(|ys| same(xs, ys)))
        }
        _ => a == b,
    }
}

/// The `format` of a string or integer: `unix-time`, `decimal`, `binary`, ….
fn format_name<F: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<F>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}").to_ascii_lowercase()),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// One shape for a list of alternatives: the only one, or a sorted union.
fn union(mut shapes: Vec<Shape>) -> Shape {
    if shapes.len() == 1 {
        return shapes.pop().expect("one shape");
    }
    shapes.sort();
    shapes.dedup();
    Shape::Union(shapes)
}

impl Shape {
    /// A short description of the shape, as the diff prints it.
    pub fn describe(&self) -> String {
        match self {
            Shape::Ref(name) => name.clone(),
            Shape::String(None) => "string".into(),
            Shape::String(Some(f)) => format!("string ({f})"),
            Shape::Enum(values) if values.len() == 1 && values.contains("") => {
                "the empty string".into()
            }
            Shape::Enum(_) => "enum".into(),
            Shape::Integer(None) => "integer".into(),
            Shape::Integer(Some(f)) => format!("integer ({f})"),
            Shape::Number => "number".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Array(item) => format!("array of {}", item.describe()),
            Shape::Map(value) => format!("map of {}", value.describe()),
            Shape::Object(_) => "object".into(),
            Shape::Expandable(target) => format!("expandable {}", target.describe()),
            Shape::Union(shapes) => {
                let parts: Vec<String> = shapes.iter().map(Shape::describe).collect();
                format!("any of ({})", parts.join(" | "))
            }
            Shape::Any => "any JSON".into(),
        }
    }

    /// Every component this shape names directly or through inline parts.
    pub fn refs<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match self {
            Shape::Ref(name) => {
                out.insert(name);
            }
            Shape::Array(s) | Shape::Map(s) | Shape::Expandable(s) => s.refs(out),
            Shape::Object(o) => o.fields.values().for_each(|f| f.shape.refs(out)),
            Shape::Union(shapes) => shapes.iter().for_each(|s| s.refs(out)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_path_parameter_names() {
        assert_eq!(
            operation_key("POST", "/v1/customers/{customer}/sources/{id}"),
            "POST /v1/customers/{}/sources/{}"
        );
    }

    #[test]
    fn one_variant_is_not_a_union() {
        assert_eq!(union(vec![Shape::Boolean]), Shape::Boolean);
        assert_eq!(
            union(vec![Shape::Number, Shape::Boolean, Shape::Number]),
            Shape::Union(vec![Shape::Number, Shape::Boolean])
        );
    }
}
