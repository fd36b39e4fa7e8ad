//! What Stripe's own fixtures say about the response schemas: the required fields they leave out
//! or send as `null` where the schema does not allow it.
//!
//! Stripe publishes `fixtures3.json` beside each spec, one example object per resource; its mock
//! server (`stripe-mock`) answers with them. Where an example leaves out a field that its schema
//! calls required, a client that trusts the schema cannot decode what Stripe itself sends, so the
//! generator makes that field optional and says why in its rustdoc.
//!
//! The examples are walked together with their schemas: through `$ref`s, properties, array items,
//! map values, and the one variant of an `anyOf` that an object can be (the only object variant,
//! or the one whose `object` value it has). A field is relaxed at the schema that declares it, so
//! every use of that schema gets it.

use std::collections::BTreeMap;

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value};

use crate::ir::OmittedField as Omission;
use crate::load::pointer_push;

/// Every required field that an example of `fixtures` (the parsed `fixtures3.json`) leaves out,
/// by the JSON pointer of the property in the spec.
pub fn omitted_required(spec: &OpenAPI, fixtures: &Value) -> BTreeMap<String, Omission> {
    let mut walker = Walker {
        spec,
        found: BTreeMap::new(),
    };
    let examples = fixtures
        .get("resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (resource, example) in examples {
        if let Some((name, schema)) = walker.schema_of_resource(resource) {
            let at = At {
                pointer: pointer_push("/components/schemas", name),
                field: name.to_string(),
                example: resource,
            };
            walker.walk(example, schema, &at);
        }
    }
    walker.found
}

struct Walker<'a> {
    spec: &'a OpenAPI,
    found: BTreeMap<String, Omission>,
}

/// Where the walk is: the schema's pointer, the field path a reader would write, the example.
#[derive(Clone)]
struct At<'e> {
    pointer: String,
    field: String,
    example: &'e str,
}

impl At<'_> {
    fn token(&self, token: &str) -> Self {
        At {
            pointer: pointer_push(&self.pointer, token),
            ..self.clone()
        }
    }

    fn property(&self, name: &str) -> Self {
        At {
            pointer: pointer_push(&pointer_push(&self.pointer, "properties"), name),
            field: format!("{}.{name}", self.field),
            example: self.example,
        }
    }
}

impl<'a> Walker<'a> {
    fn components(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        let spec: &'a OpenAPI = self.spec;
        spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// The component schema of an example: the one of its name, or the one whose
    /// `x-resourceId` it is.
    fn schema_of_resource(&self, resource: &str) -> Option<(&'a str, &'a Schema)> {
        let by_id = |schema: &Schema| {
            schema
                .schema_data
                .extensions
                .get("x-resourceId")
                .and_then(Value::as_str)
                == Some(resource)
        };
        let item = |(name, schema): (&'a String, &'a ReferenceOr<Schema>)| {
            schema.as_item().map(|s| (name.as_str(), s))
        };
        self.components()
            .filter_map(item)
            .find(|(name, _)| *name == resource)
            .or_else(|| self.components().filter_map(item).find(|(_, s)| by_id(s)))
    }

    /// The schema a reference or inline schema stands for, with where it is.
    fn resolve<S>(&self, schema: &'a ReferenceOr<S>, at: &At<'a>) -> Option<(&'a Schema, At<'a>)>
    where
        S: std::borrow::Borrow<Schema>,
    {
        match schema {
            ReferenceOr::Item(schema) => Some((schema.borrow(), at.clone())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                let (name, schema) = self.components().find(|(n, _)| n.as_str() == name)?;
                let at = At {
                    pointer: pointer_push("/components/schemas", name),
                    field: name.clone(),
                    example: at.example,
                };
                Some((schema.as_item()?, at))
            }
        }
    }

    fn walk_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        value: &'a Value,
        schema: &'a ReferenceOr<S>,
        at: &At<'a>,
    ) {
        if let Some((schema, at)) = self.resolve(schema, at) {
            self.walk(value, schema, &at);
        }
    }

    fn walk(&mut self, value: &'a Value, schema: &'a Schema, at: &At<'a>) {
        match (&schema.schema_kind, value) {
            (SchemaKind::Type(Type::Object(object)), Value::Object(fields)) => {
                self.walk_object(
                    fields,
                    &object.properties,
                    &object.required,
                    &object.additional_properties,
                    at,
                );
            }
            (SchemaKind::Any(any), Value::Object(fields)) if !any.properties.is_empty() => {
                self.walk_object(
                    fields,
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                    at,
                );
            }
            (SchemaKind::Type(Type::Array(array)), Value::Array(items)) => {
                if let Some(item) = &array.items {
                    let at = at.token("items");
                    for value in items {
                        self.walk_ref(value, item, &at);
                    }
                }
            }
            (SchemaKind::AllOf { all_of }, _) => {
                for (i, part) in all_of.iter().enumerate() {
                    self.walk_ref(value, part, &at.token("allOf").token(&i.to_string()));
                }
            }
            (SchemaKind::AnyOf { any_of: variants }, Value::Object(fields))
            | (SchemaKind::OneOf { one_of: variants }, Value::Object(fields)) => {
                let kind = match &schema.schema_kind {
                    SchemaKind::AnyOf { .. } => "anyOf",
                    _ => "oneOf",
                };
                if let Some((variant, at)) = self.variant_of(fields, variants, &at.token(kind)) {
                    self.walk(value, variant, &at);
                }
            }
            _ => {}
        }
    }

    fn walk_object(
        &mut self,
        fields: &'a Map<String, Value>,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &'a Option<AdditionalProperties>,
        at: &At<'a>,
    ) {
        for name in required {
            // Left out, or `null` where the schema does not allow it: either way a client that
            // trusts the schema cannot decode Stripe's own example.
            let missing = match (properties.get(name), fields.get(name)) {
                (Some(_), None) => true,
                (Some(property), Some(Value::Null)) => !self.nullable(property, at),
                (None, _) => false,
                (Some(_), Some(_)) => false,
            };
            if missing {
                let at = at.property(name);
                self.found.entry(at.pointer).or_insert(Omission {
                    field: at.field,
                    example: at.example.to_string(),
                });
            }
        }
        for (name, value) in fields {
            match properties.get(name) {
                Some(property) => self.walk_ref(value, property, &at.property(name)),
                None => {
                    if let Some(AdditionalProperties::Schema(schema)) = additional {
                        let at = at.token("additionalProperties");
                        self.walk_ref(value, schema, &at);
                    }
                }
            }
        }
    }

    /// Whether a property's schema allows `null`.
    fn nullable(&self, property: &'a ReferenceOr<Box<Schema>>, at: &At<'a>) -> bool {
        self.resolve(property, at)
            .is_some_and(|(schema, _)| schema.schema_data.nullable)
    }

    /// The variant of a union that an object example is: the only object variant, or else the
    /// one whose fixed `object` value the example has. `None` when that is not clear.
    fn variant_of(
        &self,
        fields: &Map<String, Value>,
        variants: &'a [ReferenceOr<Schema>],
        at: &At<'a>,
    ) -> Option<(&'a Schema, At<'a>)> {
        let objects: Vec<(&'a Schema, At<'a>)> = variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.resolve(v, &at.token(&i.to_string())))
            .filter(|(s, _)| {
                matches!(s.schema_kind, SchemaKind::Type(Type::Object(_)))
                    || matches!(&s.schema_kind, SchemaKind::Any(any) if !any.properties.is_empty())
            })
            .collect();
        if objects.len() == 1 {
            return objects.into_iter().next();
        }
        let tag = fields.get("object").and_then(Value::as_str)?;
        let mut tagged = objects
            .into_iter()
            .filter(|(s, _)| fixed_object_value(s) == Some(tag));
        let first = tagged.next()?;
        tagged.next().is_none().then_some(first)
    }
}

/// The one value an object schema's `object` property can have, if it has one.
fn fixed_object_value(schema: &Schema) -> Option<&str> {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    let property = object.properties.get("object")?.as_item()?;
    let SchemaKind::Type(Type::String(string)) = &property.schema_kind else {
        return None;
    };
    match string.enumeration.as_slice() {
        [Some(value)] => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        crate::load::parse(yaml.as_bytes(), false).unwrap()
    }

    const SPEC: &str = r##"
openapi: 3.0.0
info: {title: t, version: "2022-11-15"}
paths: {}
components:
  schemas:
    payment:
      type: object
      required: [id, details, object]
      properties:
        id: {type: string}
        object: {type: string, enum: [payment]}
        details: {$ref: "#/components/schemas/details"}
        lines:
          type: array
          items:
            type: object
            required: [amount, note]
            properties:
              amount: {type: integer}
              note: {type: string}
        source:
          anyOf:
            - {type: string}
            - {$ref: "#/components/schemas/card"}
            - {$ref: "#/components/schemas/bank"}
    details:
      type: object
      required: [billing, type]
      properties:
        billing: {type: object, properties: {}}
        type: {type: string}
    card:
      type: object
      required: [brand, object]
      properties:
        brand: {type: string}
        object: {type: string, enum: [card]}
    bank:
      type: object
      required: [bank_name, object]
      properties:
        bank_name: {type: string}
        object: {type: string, enum: [bank_account]}
"##;

    fn omitted(fixtures: Value) -> Vec<(String, String)> {
        omitted_required(&spec(SPEC), &fixtures)
            .into_iter()
            .map(|(pointer, o)| (pointer, o.field))
            .collect()
    }

    #[test]
    fn a_complete_example_omits_nothing() {
        let fixtures = serde_json::json!({"resources": {"payment": {
            "id": "pay_1", "object": "payment", "details": {"billing": {}, "type": "x"}
        }}});
        assert_eq!(omitted(fixtures), vec![]);
    }

    #[test]
    fn omissions_are_found_through_refs_items_and_tagged_unions() {
        let fixtures = serde_json::json!({"resources": {"payment": {
            "id": "pay_1", "object": "payment",
            "details": {"type": "x"},
            "lines": [{"amount": 1, "note": "a"}, {"amount": 2}],
            "source": {"object": "bank_account"}
        }}});
        assert_eq!(
            omitted(fixtures),
            vec![
                (
                    "/components/schemas/bank/properties/bank_name".to_string(),
                    "bank.bank_name".to_string()
                ),
                (
                    "/components/schemas/details/properties/billing".to_string(),
                    "details.billing".to_string()
                ),
                (
                    "/components/schemas/payment/properties/lines/items/properties/note"
                        .to_string(),
                    "payment.lines.note".to_string()
                ),
            ]
        );
    }

    #[test]
    fn an_untagged_object_of_several_variants_is_not_guessed() {
        let fixtures = serde_json::json!({"resources": {"payment": {
            "id": "pay_1", "object": "payment", "details": {"billing": {}, "type": "x"},
            "source": {"brand": "visa"}
        }}});
        assert_eq!(omitted(fixtures), vec![]);
    }

    #[test]
    fn a_null_where_the_schema_allows_none_is_relaxed_like_an_omission() {
        let fixtures = serde_json::json!({"resources": {"payment": {
            "id": "pay_1", "object": "payment", "details": null,
            "lines": [{"amount": 1, "note": "a"}]
        }}});
        assert_eq!(
            omitted(fixtures),
            vec![(
                "/components/schemas/payment/properties/details".to_string(),
                "payment.details".to_string()
            )]
        );
        // A `null` the schema allows is no omission.
        let spec = spec(&SPEC.replace(
            "note: {type: string}",
            "note: {type: string, nullable: true}",
        ));
        let fixtures = serde_json::json!({"resources": {"payment": {
            "id": "pay_1", "object": "payment", "details": {"billing": {}, "type": "x"},
            "lines": [{"amount": 1, "note": null}]
        }}});
        assert!(omitted_required(&spec, &fixtures).is_empty());
    }

    #[test]
    fn an_example_without_a_schema_is_skipped() {
        let fixtures = serde_json::json!({"resources": {"widget": {"id": "w"}}});
        assert_eq!(omitted(fixtures), vec![]);
    }
}
