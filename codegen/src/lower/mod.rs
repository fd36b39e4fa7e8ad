//! Spec -> IR. Every decision about the generated crate is made here: which types exist, how each
//! schema is represented, and (through `crate::naming`) what everything is called.

mod modules;
mod operations;
mod recursion;
mod schema;

pub use modules::{SHARED, feature_of};
pub use operations::path_shape;
pub(crate) use operations::{collect as collect_operations, json_response};

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::ir::{Api, Origin, SpecSource, TypeDef, TypeId, TypeKind, Usage};
use crate::load::{SpecError, pointer_push};
use crate::naming;

/// Lowers a parsed spec into the IR.
pub fn lower(openapi: &OpenAPI, source: SpecSource) -> Result<Api, SpecError> {
    let mut lowerer = Lowerer::new(openapi);
    lowerer.lower_components()?;
    let mut operations = operations::lower_operations(&mut lowerer)?;
    let objects = lowerer.object_resources();
    lowerer.name_inline_types(&operations);
    recursion::box_cycles(&mut lowerer.types);
    let mut api = Api {
        api_version: openapi.info.version.clone(),
        source,
        types: lowerer.types,
        operations: Vec::new(),
        objects,
        resource_ids: lowerer.resource_ids,
        root_modules: Default::default(),
        area_crates: Vec::new(),
    };
    modules::assign(&mut api, &mut operations);
    api.operations = operations;
    Ok(api)
}

/// Who owns an inline type, for naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    Type(TypeId),
    /// An operation, by its request name.
    Operation(String),
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    types: Vec<TypeDef>,
    /// Component schema name -> its type.
    components: HashMap<String, TypeId>,
    /// Structural key of an inline type -> the type, so identical inline schemas share one type.
    interned: HashMap<String, TypeId>,
    /// For each inline type, its first owner and field path.
    inline_owners: HashMap<TypeId, (Owner, Vec<String>)>,
    /// Union types named after their variants rather than an owner.
    variant_named: HashMap<TypeId, String>,
    /// The `title` of inline request objects, which names them when they are shared.
    titles: HashMap<TypeId, String>,
    /// `x-resourceId` of component schemas.
    resource_ids: Vec<(String, TypeId)>,
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
            titles: HashMap::new(),
            resource_ids: Vec::new(),
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
                origins: vec![Origin::Component((*name).clone())],
                doc: None,
                kind: TypeKind::Struct(crate::ir::StructDef {
                    fields: Vec::new(),
                    object_name: None,
                    deleted: false,
                }),
                usage: Usage::default(),
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

    /// Adds an inline type, or returns the existing one with the same structure.
    fn intern(&mut self, key: String, owner: Owner, path: Vec<String>, def: TypeDef) -> TypeId {
        if let Some(&id) = self.interned.get(&key) {
            let existing = &mut self.types[id.0];
            existing.usage.request |= def.usage.request;
            existing.usage.response |= def.usage.response;
            existing.origins.extend(def.origins);
            return id;
        }
        let id = TypeId(self.types.len());
        self.types.push(def);
        self.interned.insert(key, id);
        self.inline_owners.insert(id, (owner, path));
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

    /// The name of an inline type used in several places, when those places agree on one:
    ///
    /// - the `title` of a request object, when no other type has that title (`RangeQuerySpecs`);
    /// - otherwise the field name under which every owner uses it, when it has more than one
    ///   word (`tax_behavior` -> `TaxBehavior`).
    fn shared_name(&self, id: TypeId, title_uses: &HashMap<&str, usize>) -> Option<String> {
        let origins = &self.types[id.0].origins;
        if let Some(title) = self.titles.get(&id)
            && origins.iter().any(|o| o != &origins[0])
            && title_uses[title.as_str()] == 1
        {
            return Some(naming::pascal(&naming::words(title)));
        }
        let mut owners = std::collections::BTreeSet::new();
        let mut field: Option<&String> = None;
        for origin in origins {
            let Origin::Inline { owner, path } = origin else {
                return None;
            };
            let last = path.last()?;
            if *field.get_or_insert(last) != last {
                return None;
            }
            owners.insert(owner);
        }
        let words = naming::words(field?);
        (owners.len() > 1 && words.len() > 1).then(|| naming::pascal(&words))
    }

    /// Names every inline type from its owner and path, avoiding every name already taken by a
    /// component or a request.
    fn name_inline_types(&mut self, operations: &[crate::ir::Operation]) {
        let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for (i, t) in self.types.iter().enumerate() {
            if !self.inline_owners.contains_key(&TypeId(i)) {
                taken.insert(t.name.clone());
            }
        }
        taken.extend(operations.iter().map(|o| o.name.clone()));
        let mut title_uses: HashMap<&str, usize> = HashMap::new();
        for title in self.titles.values() {
            *title_uses.entry(title.as_str()).or_default() += 1;
        }
        for i in 0..self.types.len() {
            let id = TypeId(i);
            let Some((owner, path)) = self.inline_owners.get(&id).cloned() else {
                continue;
            };
            let owner_name = match &owner {
                Owner::Type(t) => self.types[t.0].name.clone(),
                Owner::Operation(name) => name.clone(),
            };
            let mut candidates: Vec<String> = self
                .variant_named
                .get(&id)
                .cloned()
                .or_else(|| self.shared_name(id, &title_uses))
                .into_iter()
                .collect();
            candidates.extend(naming::inline_type_candidates(&owner_name, &path));
            let name = candidates
                .iter()
                .find(|c| !taken.contains(*c))
                .cloned()
                .unwrap_or_else(|| {
                    let base = candidates
                        .iter()
                        .min_by_key(|c| c.len())
                        .expect("at least one candidate");
                    (2..)
                        .map(|n| naming::numbered(base, n))
                        .find(|c| !taken.contains(c))
                        .expect("unbounded")
                });
            taken.insert(name.clone());
            self.types[i].name = name;
        }
    }
}
