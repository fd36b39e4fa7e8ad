//! Schemas -> type references and named types.
//!
//! | schema | Rust |
//! |---|---|
//! | `string` / `format: decimal` / `enum` | `String` / decimal string / a named enum with an unknown-value variant |
//! | an API error's `code` and `decline_code` ([`ERROR_CODE_FIELDS`]) | `ErrorCode` / `DeclineCode` of the runtime |
//! | `integer` / `format: unix-time` / `number` / `boolean` | `i64` / `Timestamp` / `f64` / `bool` |
//! | `array` | `Vec<T>` |
//! | `object` with `properties` | a named struct, or `List<T>` / `SearchResult<T>` for list envelopes |
//! | `object` with only `additionalProperties` | `BTreeMap<String, T>` |
//! | `object` with neither, in a request | [`naming::EMPTY_PARAMS`], which sends nothing |
//! | `object` with neither, in a response | `serde_json::Value`, except [`ANY_RESOURCE_FIELDS`] |
//! | `anyOf` with `x-expansionResources` | `Expandable<T>` (an id or the object) |
//! | `anyOf` of objects with an `object` field | a union told apart by `object` (and `deleted`) |
//! | `anyOf` of objects without one | one struct holding the fields of all of them |
//! | `anyOf` with `enum: [""]` (requests) | `Clearable<T>`: set, or cleared with `""` |
//! | `anyOf` of `range_query_specs` and `integer` (requests), on a timestamp field of the returned object | [`naming::TIMESTAMP_FILTER`]: a time or a range |
//! | other `anyOf` (requests) | a parameter union serialized as whichever variant is set |

mod context;
mod enums;
mod unions;

pub(crate) use context::{Ctx, View, object_tag};

use context::{description, string_enum};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use stripekit_types::sensitive::classify;

use super::{Lowerer, Owner};
use crate::ir::{
    Field, ObjectUnionDef, Origin, StructDef, TypeDef, TypeId, TypeKind, TypeRef, Usage,
};
use crate::load::SpecError;
use crate::naming;

/// Free-form object fields that the spec's descriptions say hold an API object: they become the
/// all-resources enum (`Resource`), told apart by `object`, instead of raw JSON.
pub const ANY_RESOURCE_FIELDS: &[&str] =
    &["/components/schemas/notification_event_data/properties/object"];

/// The string fields of an API error whose values Stripe documents, which the runtime lists as
/// enums (`ErrorCode`, `DeclineCode`) that keep any other value.
pub const ERROR_CODE_FIELDS: &[(&str, TypeRef)] = &[
    (
        "/components/schemas/api_errors/properties/code",
        TypeRef::ErrorCode,
    ),
    (
        "/components/schemas/api_errors/properties/decline_code",
        TypeRef::DeclineCode,
    ),
];

impl<'a> Lowerer<'a> {
    /// Fills in the type of the component schema `name`: a struct, or an object union.
    pub(crate) fn lower_component(
        &mut self,
        id: TypeId,
        name: &str,
        schema: &'a Schema,
        pointer: &str,
    ) -> Result<(), SpecError> {
        let ctx = Ctx {
            pointer: pointer.to_string(),
            owner: Owner::Type(id),
            path: Vec::new(),
            request: false,
            multipart: false,
            holder: Some(name.to_string()),
        };
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(obj)) => {
                let fields = self.fields(&obj.properties, &obj.required, &ctx)?;
                let (object_name, deleted) = match object_tag(schema) {
                    Some((o, d)) => (Some(o), d),
                    None => (None, false),
                };
                TypeKind::Struct(StructDef {
                    fields,
                    object_name,
                    deleted,
                    style: crate::ir::StructStyle::Response,
                })
            }
            SchemaKind::AnyOf { any_of: variants } | SchemaKind::OneOf { one_of: variants } => {
                let refs = variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        ReferenceOr::Reference { reference } => Ok(reference.as_str()),
                        ReferenceOr::Item(_) => Err(ctx
                            .at("anyOf")
                            .at(&i.to_string())
                            .err("a polymorphic component must list its variants as $refs")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let variants = self.object_variants(&refs, &ctx)?;
                match variants {
                    Some(variants) => TypeKind::ObjectUnion(ObjectUnionDef { variants }),
                    None => {
                        return Err(ctx.err(format!(
                            "the variants of {name} have no `object` field to tell them apart"
                        )));
                    }
                }
            }
            _ => return Err(ctx.err("a component schema must be an object or an anyOf of objects")),
        };
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.doc = description(schema);
        Ok(())
    }

    /// Lowers the properties of an object schema.
    pub(crate) fn fields(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ctx: &Ctx,
    ) -> Result<Vec<Field>, SpecError> {
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop) in properties {
            let fctx = ctx.field(wire);
            let view = View::of_box(prop);
            let ty = if wire == "object"
                && !ctx.request
                && view
                    .schema()
                    .and_then(string_enum)
                    .is_some_and(|v| v.len() == 1)
            {
                // The fixed `object` tag of a resource is kept as the string it is.
                TypeRef::String
            } else {
                let documented = ERROR_CODE_FIELDS.iter().find(|(at, _)| *at == fctx.pointer);
                match (self.type_ref(view, &fctx)?, documented) {
                    (TypeRef::String, Some((_, values))) => values.clone(),
                    (ty, _) => ty,
                }
            };
            let schema = view.schema();
            let omitted = self.omitted.get(&fctx.pointer).filter(|_| !ctx.request);
            let mut doc = schema.and_then(description);
            if let Some(omitted) = omitted {
                let why = format!(
                    "Optional here although the spec requires it: Stripe's own example `{}` \
                     leaves it out.",
                    omitted.example
                );
                doc = Some(doc.map_or(why.clone(), |doc| format!("{doc}\n\n{why}")));
            }
            fields.push(Field {
                wire: wire.clone(),
                rust: naming::field_name(wire),
                ty,
                required: omitted.is_none() && required.iter().any(|r| r == wire),
                nullable: schema.is_some_and(|s| s.schema_data.nullable),
                doc,
                deprecated: schema.is_some_and(|s| s.schema_data.deprecated),
                setter: None,
                clear: None,
                sensitive: classify(wire, ctx.holder.as_deref()),
            });
        }
        for (field, name) in naming::unique(fields.iter_mut(), |f| f.rust.clone()) {
            field.rust = name;
        }
        Ok(fields)
    }

    /// The type reference for a schema.
    pub(crate) fn type_ref(&mut self, view: View<'a>, ctx: &Ctx) -> Result<TypeRef, SpecError> {
        let schema = match view {
            View::Ref(reference) => return self.component_ref(reference, ctx),
            View::Schema(s) => s,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) if self.is_event_type_place(ctx) => {
                Ok(self.event_type(ctx))
            }
            SchemaKind::Type(Type::String(s)) => {
                if ctx.multipart
                    && (ctx.path.last().is_some_and(|p| p == "file") || is_binary(&s.format))
                {
                    return Ok(TypeRef::File);
                }
                if matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal") {
                    return Ok(TypeRef::Decimal);
                }
                match string_enum(schema) {
                    // In a request, `""` among the values clears the field.
                    Some(values)
                        if ctx.request && values.len() > 1 && values.contains(&String::new()) =>
                    {
                        let rest = values.into_iter().filter(|v| !v.is_empty()).collect();
                        Ok(TypeRef::Clearable(Box::new(self.enum_type(rest, ctx))))
                    }
                    Some(values) if !values.is_empty() && values != [""] => {
                        Ok(self.enum_type(values, ctx))
                    }
                    _ => Ok(TypeRef::String),
                }
            }
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                VariantOrUnknownOrEmpty::Unknown(f) if f == "unix-time" => TypeRef::Timestamp,
                _ => TypeRef::Int,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(TypeRef::Float),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let items = a
                    .items
                    .as_ref()
                    .ok_or_else(|| ctx.err("an array without `items`"))?;
                let item = self.type_ref(View::of_box(items), &ctx.at("items"))?;
                Ok(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(obj)) => {
                if obj.properties.is_empty() {
                    return match &obj.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => {
                            let value =
                                self.type_ref(View::of(value), &ctx.at("additionalProperties"))?;
                            Ok(TypeRef::Map(Box::new(value)))
                        }
                        _ if ANY_RESOURCE_FIELDS.contains(&ctx.pointer.as_str()) => {
                            Ok(TypeRef::AnyResource)
                        }
                        None if ctx.request && !ctx.path.is_empty() => {
                            Ok(TypeRef::Named(self.empty_params()))
                        }
                        _ => Ok(TypeRef::Json),
                    };
                }
                if let Some(page) = self.page_type(obj, ctx)? {
                    return Ok(page);
                }
                self.inline_struct(schema, &obj.properties, &obj.required, ctx)
            }
            SchemaKind::AnyOf { any_of: variants } | SchemaKind::OneOf { one_of: variants } => {
                self.any_of(schema, variants, ctx)
            }
            SchemaKind::Any(any)
                if any.properties.is_empty() && any.typ.is_none() && any.any_of.is_empty() =>
            {
                Ok(TypeRef::Json)
            }
            SchemaKind::Any(_) => Err(
                ctx.err("a schema mixing several kinds (type, properties, anyOf) is not supported")
            ),
            SchemaKind::AllOf { .. } => Err(ctx.err("allOf is not supported")),
            SchemaKind::Not { .. } => Err(ctx.err("not is not supported")),
        }
    }

    /// [`naming::EMPTY_PARAMS`], the one type of every request object without fields of its
    /// own (`payment_method_data.giropay`), made on first use.
    fn empty_params(&mut self) -> TypeId {
        if let Some(id) = self.empty_params {
            return id;
        }
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: naming::EMPTY_PARAMS.to_string(),
            module: String::new(),
            file: String::new(),
            origins: vec![Origin::Concept {
                concept: naming::EMPTY_PARAMS.to_string(),
                path: Vec::new(),
            }],
            doc: Some(
                "An object parameter without fields of its own, which selects what its name says \
                 (`payment_method_data.giropay` with `type: giropay`). Like an empty hash in \
                 Stripe's own libraries, it sends nothing."
                    .to_string(),
            ),
            kind: TypeKind::Struct(StructDef::empty()),
            usage: Usage::default(),
            id_kind: None,
            gate: Vec::new(),
        });
        self.empty_params = Some(id);
        id
    }

    /// The type of a `$ref` to a component schema.
    pub(super) fn component_ref(
        &mut self,
        reference: &str,
        ctx: &Ctx,
    ) -> Result<TypeRef, SpecError> {
        let (name, _) = self.resolve_ref(reference, &ctx.pointer)?;
        Ok(TypeRef::Named(self.components[name]))
    }

    /// `List<T>` or `SearchResult<T>` for a list envelope (`object: list` / `search_result` with
    /// `data`).
    fn page_type(
        &mut self,
        obj: &'a openapiv3::ObjectType,
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>, SpecError> {
        let tag = obj.properties.get("object").and_then(|o| match o {
            ReferenceOr::Item(s) => string_enum(s),
            ReferenceOr::Reference { .. } => None,
        });
        let Some(tag) = tag else { return Ok(None) };
        let is_search = match tag.as_slice() {
            [t] if t == "list" => false,
            [t] if t == "search_result" => true,
            _ => return Ok(None),
        };
        let Some(ReferenceOr::Item(data)) = obj.properties.get("data") else {
            return Ok(None);
        };
        let SchemaKind::Type(Type::Array(array)) = &data.schema_kind else {
            return Ok(None);
        };
        let items = array
            .items
            .as_ref()
            .ok_or_else(|| ctx.err("a list without `items`"))?;
        let item = self.type_ref(View::of_box(items), &ctx.field("data").at("items"))?;
        Ok(Some(if is_search {
            TypeRef::SearchResult(Box::new(item))
        } else {
            TypeRef::List(Box::new(item))
        }))
    }

    fn inline_struct(
        &mut self,
        schema: &'a Schema,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ctx: &Ctx,
    ) -> Result<TypeRef, SpecError> {
        let origin = self.inline_origin(ctx);
        let mut doc = description(schema);
        let concept = self.concept_at(schema, ctx);
        let ctx = match &concept {
            Some((name, concept_doc)) => {
                // The concept's own sentence: the spec's describes its first place only.
                doc = Some(concept_doc.clone());
                Ctx {
                    owner: Owner::Concept(name.clone()),
                    path: Vec::new(),
                    ..ctx.clone()
                }
            }
            None => ctx.clone(),
        };
        let fields = self.fields(properties, required, &ctx)?;
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![origin],
            doc,
            kind: TypeKind::Struct(StructDef {
                fields,
                object_name: None,
                deleted: false,
                style: crate::ir::StructStyle::Response,
            }),
            usage: Usage::default(),
            id_kind: None,
            gate: Vec::new(),
        };
        Ok(TypeRef::Named(self.intern(
            ctx.place_key("struct"),
            ctx.place(),
            def,
        )))
    }

    /// The concept of the table a request object at `ctx` is, by its title or its place: its
    /// name and doc.
    fn concept_at(&self, schema: &Schema, ctx: &Ctx) -> Option<(String, String)> {
        if !ctx.request {
            return None;
        }
        let place = match &ctx.owner {
            Owner::Operation(name) => format!("{name}.{}", ctx.path.join(".")),
            Owner::Type(_) | Owner::Concept(_) => String::new(),
        };
        let concept = self
            .concepts
            .find(schema.schema_data.title.as_deref(), &place)?;
        // A concept's own title inside itself (a recursive schema) is an ordinary place of it.
        match &ctx.owner {
            Owner::Concept(c) if *c == concept.name && !ctx.path.is_empty() => None,
            _ => Some((concept.name.clone(), concept.doc.clone())),
        }
    }

    /// Where an inline type at `ctx` comes from, for its rustdoc and its file.
    pub(super) fn inline_origin(&self, ctx: &Ctx) -> Origin {
        let owner = match &ctx.owner {
            Owner::Type(id) => match &self.types[id.0].origins[0] {
                Origin::Component(name) => name.clone(),
                Origin::Inline { owner, .. } => owner.clone(),
                Origin::Concept { concept, .. } => concept.clone(),
            },
            Owner::Operation(name) => name.clone(),
            Owner::Concept(concept) => {
                return Origin::Concept {
                    concept: concept.clone(),
                    path: ctx.path.clone(),
                };
            }
        };
        Origin::Inline {
            owner,
            path: ctx.path.clone(),
        }
    }
}

fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}
