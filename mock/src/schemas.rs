//! The spec's component schemas, and following `$ref`s through them.

use serde_json::{Map, Value};

/// `components.schemas` of a spec, by name.
#[derive(Debug)]
pub(crate) struct Schemas(Map<String, Value>);

impl Schemas {
    /// The schemas of `components.schemas`.
    pub(crate) fn new(schemas: Map<String, Value>) -> Schemas {
        Schemas(schemas)
    }

    /// The schema named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Follows `$ref`s until a schema that is not one.
    pub(crate) fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        // The bound stops a `$ref` cycle in a hand-written spec.
        for _ in 0..32 {
            match component_of(schema).and_then(|name| self.0.get(name)) {
                Some(target) => schema = target,
                None => return schema,
            }
        }
        schema
    }

    /// The object schema that describes `value`: the schema itself, or the alternative of an
    /// `anyOf` with the value's `object` and, for a deleted object, the deleted alternative.
    pub(crate) fn object_schema<'a>(
        &'a self,
        schema: &'a Value,
        value: &Value,
    ) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        if schema.get("properties").is_some() {
            return Some(schema);
        }
        let variants = schema.get("anyOf")?.as_array()?;
        let kind = value.get("object");
        let deleted = value.get("deleted").is_some();
        variants
            .iter()
            .map(|v| self.resolve(v))
            .filter(|v| v.get("properties").is_some())
            .find(|v| {
                (kind.is_none() || v.pointer("/properties/object/enum/0") == kind)
                    && v.pointer("/properties/deleted").is_some() == deleted
            })
    }
}

/// The component schema name a `$ref` points to.
pub(crate) fn component_of(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}
