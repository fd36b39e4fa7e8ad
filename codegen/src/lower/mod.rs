//! Spec -> IR. Every decision about the generated crate is made here: which types exist, how each
//! schema is represented, which module and file holds each item, and (through `crate::naming`)
//! what everything is called.

mod concepts;
mod domains;
mod files;
mod fixtures;
mod gates;
mod ids;
mod merge;
mod modules;
mod operations;
mod policy;
mod recursion;
mod schema;

pub use crate::naming::SHARED;
pub use gates::FULL;
pub use modules::feature_of;
pub use operations::path_shape;
pub(crate) use operations::{collect as collect_operations, json_response};

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::ir::{Api, Origin, SpecSource, TypeDef, TypeId, TypeKind, Usage};
use crate::load::{SpecError, pointer_push};
use crate::naming;

/// Lowers a parsed spec into the IR. `fixtures` (Stripe's `fixtures3.json`, parsed) makes the
/// required response fields its examples leave out optional.
pub fn lower(
    openapi: &OpenAPI,
    source: SpecSource,
    fixtures: Option<&serde_json::Value>,
) -> Result<Api, SpecError> {
    let mut lowerer = Lowerer::new(openapi);
    lowerer.event_types = event_types(openapi);
    if let Some(fixtures) = fixtures {
        lowerer.omitted = fixtures::omitted_required(openapi, fixtures);
    }
    lowerer.lower_components()?;
    let mut operations = operations::lower_operations(&mut lowerer)?;
    if let Some(conflict) = lowerer.conflict.take() {
        return Err(conflict);
    }
    let objects = lowerer.object_resources();
    lowerer.name_inline_types(&operations)?;
    recursion::box_cycles(&mut lowerer.types);
    ids::assign(&mut lowerer.types, &mut operations, &lowerer.resource_ids)?;
    let mut api = Api {
        api_version: openapi.info.version.clone(),
        source,
        types: lowerer.types,
        operations: Vec::new(),
        objects,
        resource_ids: lowerer.resource_ids,
        root_modules: Default::default(),
        domain_crates: Vec::new(),
        omitted_required: lowerer.omitted.into_values().collect(),
    };
    modules::assign(&mut api, &mut operations);
    policy::apply(&mut api, &mut operations);
    api.operations = operations;
    gates::assign(&mut api);
    files::assign(&mut api);
    Ok(api)
}

/// The event types of the spec: the values of the `enabled_events` parameters (of creating and
/// updating a webhook endpoint), in the order of their first appearance.
fn event_types(openapi: &OpenAPI) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let operations = openapi.paths.iter().filter_map(|(_, item)| item.as_item());
    for op in operations.filter_map(|item| item.post.as_ref()) {
        let Some(ReferenceOr::Item(body)) = &op.request_body else {
            continue;
        };
        let properties = body.content.values().filter_map(|media| {
            let schema = media.schema.as_ref()?.as_item()?;
            match &schema.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                    o.properties.get("enabled_events")?.as_item()
                }
                _ => None,
            }
        });
        for property in properties {
            let openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) = &property.schema_kind
            else {
                continue;
            };
            let Some(ReferenceOr::Item(items)) = &array.items else {
                continue;
            };
            let openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) = &items.schema_kind else {
                continue;
            };
            for value in s.enumeration.iter().flatten() {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
    }
    values
}

/// Who owns an inline type, for naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    Type(TypeId),
    /// An operation, by its request name.
    Operation(String),
    /// A concept of the table (`concepts.toml`), by its type name.
    Concept(String),
}

/// Where an inline type was first seen, for naming it and for errors.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// Who owns the inline type.
    pub owner: Owner,
    /// The field path from the owner.
    pub path: Vec<String>,
    /// The JSON pointer of the schema, for errors.
    pub pointer: String,
    /// In a request rather than a response.
    pub request: bool,
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    types: Vec<TypeDef>,
    /// Component schema name -> its type.
    components: HashMap<String, TypeId>,
    /// The place of an inline type (`Ctx::place_key`) -> the type: a place reached again is
    /// merged into the type it already has.
    interned: HashMap<String, TypeId>,
    /// For each inline type, the place it was first seen at.
    inline_owners: HashMap<TypeId, Place>,
    /// Union types named after their variants rather than an owner.
    variant_named: HashMap<TypeId, String>,
    /// `x-resourceId` of component schemas.
    resource_ids: Vec<(String, TypeId)>,
    /// The table of request concepts.
    concepts: concepts::Concepts,
    /// The component a POST operation being lowered returns: its enums are the request's.
    resource: Option<TypeId>,
    /// The object the operation being lowered returns (the items of a list): a filter on one
    /// of its timestamps is a `TimestampFilter`.
    returned: Option<TypeId>,
    /// The type of every request object without fields, once one is found.
    empty_params: Option<TypeId>,
    /// The first place that could not be merged into the type of its place.
    conflict: Option<SpecError>,
    /// Every event type the spec lists, for the `EventType` enum; empty when it lists
    /// none.
    event_types: Vec<String>,
    /// The required response fields that Stripe's examples leave out, by property pointer.
    omitted: std::collections::BTreeMap<String, crate::ir::OmittedField>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        Lowerer {
            spec,
            types: Vec::new(),
            components: HashMap::new(),
            interned: HashMap::new(),
            inline_owners: HashMap::new(),
            variant_named: HashMap::new(),
            resource_ids: Vec::new(),
            concepts: concepts::Concepts::builtin(),
            resource: None,
            returned: None,
            empty_params: None,
            conflict: None,
            event_types: Vec::new(),
            omitted: Default::default(),
        }
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        let spec: &'a OpenAPI = self.spec;
        spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// Allocates a type for every component schema first (so `$ref`s resolve however the schemas
    /// refer to each other), then fills each in.
    fn lower_components(&mut self) -> Result<(), SpecError> {
        let schemas: Vec<(&'a String, &'a ReferenceOr<Schema>)> =
            self.component_schemas().collect();
        for (name, _) in &schemas {
            let id = TypeId(self.types.len());
            self.types.push(TypeDef {
                name: naming::component_type_name(name),
                module: String::new(),
                file: String::new(),
                origins: vec![Origin::Component((*name).clone())],
                doc: None,
                kind: TypeKind::Struct(crate::ir::StructDef::empty()),
                usage: Usage::default(),
                id_kind: None,
                gate: Vec::new(),
            });
            self.components.insert((*name).clone(), id);
        }
        for (name, schema) in schemas {
            let pointer = pointer_push("/components/schemas", name);
            let schema = match schema {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    return Err(SpecError::new(
                        pointer,
                        "a component schema that is only a $ref is not supported",
                    ));
                }
            };
            let id = self.components[name.as_str()];
            self.lower_component(id, name, schema, &pointer)?;
            if let Some(resource_id) = schema
                .schema_data
                .extensions
                .get("x-resourceId")
                .and_then(|v| v.as_str())
            {
                self.resource_ids.push((resource_id.to_string(), id));
            }
        }
        Ok(())
    }

    /// Resolves `#/components/schemas/<name>`.
    fn resolve_ref(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a str, &'a Schema), SpecError> {
        let name = crate::load::component_name(reference, pointer)?;
        let spec: &'a OpenAPI = self.spec;
        let found = spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_key_value(name));
        match found {
            Some((name, ReferenceOr::Item(schema))) => Ok((name.as_str(), schema)),
            Some(_) => Err(SpecError::new(
                pointer,
                format!("$ref {reference:?} points at another $ref"),
            )),
            None => Err(SpecError::new(
                pointer,
                format!("dangling $ref {reference:?}: no such component schema"),
            )),
        }
    }

    /// Adds the inline type of a place, or merges it into the type the place already has.
    fn intern(&mut self, key: String, place: Place, def: TypeDef) -> TypeId {
        if let Some(&id) = self.interned.get(&key) {
            let existing = &mut self.types[id.0];
            existing.usage.request |= def.usage.request;
            existing.usage.response |= def.usage.response;
            for origin in def.origins {
                if !existing.origins.contains(&origin) {
                    existing.origins.push(origin);
                }
            }
            if existing.doc.is_none() {
                existing.doc = def.doc;
            }
            if let Err(why) = merge::merge_kind(&mut existing.kind, def.kind) {
                self.conflict.get_or_insert(SpecError::new(
                    place.pointer,
                    format!(
                        "this schema cannot be one type with the other uses of its place: {why}"
                    ),
                ));
            }
            return id;
        }
        let id = TypeId(self.types.len());
        self.types.push(def);
        self.interned.insert(key, id);
        self.inline_owners.insert(id, place);
        id
    }

    /// Every component struct with a fixed `object` value, for the all-resources enum. When two
    /// schemas share an `object` value (and deleted flag), the first in the spec wins.
    fn object_resources(&self) -> Vec<crate::ir::ObjectResource> {
        let mut out: Vec<crate::ir::ObjectResource> = Vec::new();
        for (i, t) in self.types.iter().enumerate() {
            let (TypeKind::Struct(s), Origin::Component(_)) = (&t.kind, &t.origins[0]) else {
                continue;
            };
            let Some(object) = &s.object_name else {
                continue;
            };
            if out
                .iter()
                .any(|o| &o.object == object && o.deleted == s.deleted)
            {
                continue;
            }
            out.push(crate::ir::ObjectResource {
                object: object.clone(),
                deleted: s.deleted,
                ty: TypeId(i),
                rust: t.name.clone(),
            });
        }
        out
    }

    /// Names every inline type after its place (`naming::inline_type_candidates`), avoiding
    /// every name already taken by a component or a request; a place whose every candidate is
    /// taken is an error that names it.
    fn name_inline_types(&mut self, operations: &[crate::ir::Operation]) -> Result<(), SpecError> {
        let mut taken: std::collections::BTreeMap<String, String> = Default::default();
        for (i, t) in self.types.iter().enumerate() {
            if !self.inline_owners.contains_key(&TypeId(i)) {
                taken.insert(t.name.clone(), format!("the {} schema", t.name));
            }
        }
        for op in operations {
            taken.insert(op.name.clone(), format!("the request {}", op.name));
        }
        for i in 0..self.types.len() {
            let id = TypeId(i);
            let Some(place) = self.inline_owners.get(&id) else {
                continue;
            };
            let owner_name = match &place.owner {
                Owner::Type(t) => self.types[t.0].name.clone(),
                Owner::Operation(name) | Owner::Concept(name) => name.clone(),
            };
            let mut candidates: Vec<String> =
                self.variant_named.get(&id).cloned().into_iter().collect();
            candidates.extend(naming::inline_type_candidates(
                &owner_name,
                &place.path,
                place.request,
            ));
            let where_ = format!("{owner_name}.{}", place.path.join("."));
            let Some(name) = candidates.iter().find(|c| !taken.contains_key(*c)).cloned() else {
                let holder = &taken[&candidates[0]];
                return Err(SpecError::new(
                    place.pointer.clone(),
                    format!(
                        "the type of {where_} would be named {}, which {holder} already is; \
                         add a rule to `naming` or a concept to codegen/concepts.toml",
                        candidates[0]
                    ),
                ));
            };
            taken.insert(name.clone(), format!("the type of {where_}"));
            self.types[i].name = name;
        }
        Ok(())
    }
}
