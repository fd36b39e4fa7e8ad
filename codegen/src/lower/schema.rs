//! Schemas -> type references and named types.
//!
//! | schema | Rust |
//! |---|---|
//! | `string` / `format: decimal` / `enum` | `String` / decimal string / a named enum with an unknown-value variant |
//! | `integer` / `format: unix-time` / `number` / `boolean` | `i64` / `Timestamp` / `f64` / `bool` |
//! | `array` | `Vec<T>` |
//! | `object` with `properties` | a named struct, or `List<T>` / `SearchResult<T>` for list envelopes |
//! | `object` with only `additionalProperties` | `BTreeMap<String, T>` |
//! | `object` with neither | `serde_json::Value`, except [`ANY_RESOURCE_FIELDS`] |
//! | `anyOf` with `x-expansionResources` | `Expandable<T>` (an id or the object) |
//! | `anyOf` of objects with an `object` field | a union told apart by `object` (and `deleted`) |
//! | `anyOf` of objects without one | one struct holding the fields of all of them |
//! | `anyOf` with `enum: [""]` (requests) | `Clearable<T>`: set, or cleared with `""` |
//! | other `anyOf` (requests) | a parameter union serialized as whichever variant is set |

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use stripekit_types::sensitive::classify;

use super::{Lowerer, Owner, Place};
use crate::docs;
use crate::ir::{
    Field, ObjectUnionDef, ObjectVariant, Origin, ParamUnionDef, ParamVariant, StructDef, TypeDef,
    TypeId, TypeKind, TypeRef, Usage,
};
use crate::load::{SpecError, pointer_push};
use crate::naming;

/// Free-form object fields that the spec's descriptions say hold an API object: they become the
/// all-resources enum (`Resource`), told apart by `object`, instead of raw JSON.
pub const ANY_RESOURCE_FIELDS: &[&str] =
    &["/components/schemas/notification_event_data/properties/object"];

/// The enum of event types, and the field it types besides `enabled_events`.
pub const EVENT_TYPE: &str = "EventType";
const EVENT_TYPE_FIELD: &str = "/components/schemas/event/properties/type";

/// Where a schema is being lowered.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// JSON pointer of the schema, for errors.
    pub pointer: String,
    pub owner: Owner,
    /// Field path from the owner, for naming inline types.
    pub path: Vec<String>,
    /// In a request (parameters or body) rather than a response.
    pub request: bool,
    /// In a `multipart/form-data` body.
    pub multipart: bool,
    /// What holds the object being lowered, for the table of sensitive fields: the property
    /// whose value it is, or the component schema at the component's root; none at the top
    /// level of a request or response.
    pub holder: Option<String>,
}

impl Ctx {
    fn field(&self, name: &str) -> Ctx {
        let mut path = self.path.clone();
        path.push(name.to_string());
        Ctx {
            pointer: pointer_push(&pointer_push(&self.pointer, "properties"), name),
            owner: self.owner.clone(),
            path,
            request: self.request,
            multipart: self.multipart,
            holder: Some(name.to_string()),
        }
    }

    fn at(&self, token: &str) -> Ctx {
        Ctx {
            pointer: pointer_push(&self.pointer, token),
            ..self.clone()
        }
    }

    fn err(&self, message: impl Into<String>) -> SpecError {
        SpecError::new(self.pointer.clone(), message)
    }

    /// What identifies the place of an inline type of this `kind`: its direction, owner and
    /// field path. Nothing else in the spec enters it, so a schema added elsewhere changes no
    /// place.
    fn place_key(&self, kind: &str) -> String {
        let owner = match &self.owner {
            Owner::Type(id) => format!("type {}", id.0),
            Owner::Operation(name) => format!("request {name}"),
            Owner::Concept(name) => format!("concept {name}"),
        };
        format!("{kind}|{}|{owner}|{}", self.request, self.path.join("."))
    }

    fn place(&self) -> Place {
        Place {
            owner: self.owner.clone(),
            path: self.path.clone(),
            pointer: self.pointer.clone(),
            request: self.request,
        }
    }
}

/// A schema or a reference to a component schema, whichever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum View<'s> {
    Ref(&'s str),
    Schema(&'s Schema),
}

impl<'s> View<'s> {
    pub fn of(r: &'s ReferenceOr<Schema>) -> View<'s> {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Schema(s),
        }
    }

    pub fn of_box(r: &'s ReferenceOr<Box<Schema>>) -> View<'s> {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Schema(s),
        }
    }

    fn schema(self) -> Option<&'s Schema> {
        match self {
            View::Schema(s) => Some(s),
            View::Ref(_) => None,
        }
    }
}

/// `["a", "b"]` of a string enum; `None` when the schema is not one.
fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

/// Whether the schema is the `enum: [""]` marker of a clearable request field.
fn is_empty_marker(view: View<'_>) -> bool {
    view.schema()
        .and_then(string_enum)
        .is_some_and(|v| v == [""])
}

/// The `object` value and deleted flag a component schema fixes, if it does.
pub(crate) fn object_tag(schema: &Schema) -> Option<(String, bool)> {
    let SchemaKind::Type(Type::Object(obj)) = &schema.schema_kind else {
        return None;
    };
    let object = obj.properties.get("object")?;
    let ReferenceOr::Item(object) = object else {
        return None;
    };
    let values = string_enum(object)?;
    let [value] = values.as_slice() else {
        return None;
    };
    let deleted = match obj.properties.get("deleted") {
        Some(ReferenceOr::Item(d)) => {
            matches!(&d.schema_kind, SchemaKind::Type(Type::Boolean(b)) if b.enumeration == [Some(true)])
        }
        _ => false,
    };
    Some((value.clone(), deleted))
}

fn description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .as_deref()
        .and_then(docs::to_markdown)
}

impl<'a> Lowerer<'a> {
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
                self.type_ref(view, &fctx)?
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

    fn component_ref(&mut self, reference: &str, ctx: &Ctx) -> Result<TypeRef, SpecError> {
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

    fn inline_origin(&self, ctx: &Ctx) -> Origin {
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

    /// Whether a string is an event type: `event.type`, and the items of every
    /// `enabled_events` (the webhook endpoint's field and parameters), when the spec lists the
    /// event types.
    fn is_event_type_place(&self, ctx: &Ctx) -> bool {
        !self.event_types.is_empty()
            && (ctx.pointer == EVENT_TYPE_FIELD
                || ctx.pointer.ends_with("/properties/enabled_events/items"))
    }

    /// [`EVENT_TYPE`]: one enum of every event type the spec lists, wherever an event type is.
    fn event_type(&mut self, ctx: &Ctx) -> TypeRef {
        let place = Place {
            owner: Owner::Concept(EVENT_TYPE.to_string()),
            path: Vec::new(),
            pointer: ctx.pointer.clone(),
            request: ctx.request,
        };
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![Origin::Concept {
                concept: EVENT_TYPE.to_string(),
                path: Vec::new(),
            }],
            doc: Some(
                "The type of an event (`payment_intent.succeeded`): the type of `Event::type_`, \
                 of `WebhookEndpoint::enabled_events` and of the `enabled_events` parameters. \
                 `All` (`*`) is only for `enabled_events`: every event. A type newer than this \
                 crate is kept as `Unknown`."
                    .to_string(),
            ),
            kind: TypeKind::Enum(super::merge::enum_def(self.event_types.clone())),
            usage: Usage::default(),
        };
        let key = format!("concept {EVENT_TYPE} enum");
        TypeRef::Named(self.intern(key, place, def))
    }

    /// A string enum, one per place. A field of a POST request that is the same field of the
    /// object the request returns is that object's enum: one type for one concept.
    fn enum_type(&mut self, values: Vec<String>, ctx: &Ctx) -> TypeRef {
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(ctx)],
            doc: None,
            kind: TypeKind::Enum(super::merge::enum_def(values)),
            usage: Usage::default(),
        };
        if let (Some(resource), Owner::Operation(_), true) =
            (self.resource, &ctx.owner, ctx.request)
        {
            let response_place = Ctx {
                owner: Owner::Type(resource),
                request: false,
                ..ctx.clone()
            };
            let key = response_place.place_key("enum");
            if self.interned.contains_key(&key) {
                return TypeRef::Named(self.intern(key, response_place.place(), def));
            }
        }
        TypeRef::Named(self.intern(ctx.place_key("enum"), ctx.place(), def))
    }

    fn any_of(
        &mut self,
        schema: &'a Schema,
        variants: &'a [ReferenceOr<Schema>],
        ctx: &Ctx,
    ) -> Result<TypeRef, SpecError> {
        if let Some(expansion) = schema.schema_data.extensions.get("x-expansionResources") {
            return self.expandable(expansion, ctx);
        }
        let views: Vec<(usize, View<'a>)> = variants.iter().map(View::of).enumerate().collect();
        let clearable = views.iter().any(|(_, v)| is_empty_marker(*v));
        let rest: Vec<(usize, View<'a>)> = views
            .into_iter()
            .filter(|(_, v)| !is_empty_marker(*v))
            .collect();
        let ty = match rest.as_slice() {
            [] => return Err(ctx.err("an anyOf without variants")),
            [(i, only)] => self.type_ref(*only, &ctx.at("anyOf").at(&i.to_string()))?,
            _ if ctx.request => self.param_union(&rest, ctx)?,
            _ => {
                let refs: Option<Vec<&str>> = rest
                    .iter()
                    .map(|(_, v)| match v {
                        View::Ref(r) => Some(*r),
                        View::Schema(_) => None,
                    })
                    .collect();
                let refs = refs.ok_or_else(|| ctx.err("a response anyOf must list $refs"))?;
                match self.object_variants(&refs, ctx)? {
                    Some(variants) => TypeRef::Named(self.object_union(variants, ctx)),
                    None => self.merged_struct(&refs, ctx)?,
                }
            }
        };
        Ok(match ty {
            TypeRef::Clearable(_) => ty,
            // A list item that may be `""` is a string like any other.
            TypeRef::String if ctx.pointer.ends_with("/items") => ty,
            ty if clearable => TypeRef::Clearable(Box::new(ty)),
            ty => ty,
        })
    }

    /// `Expandable<T>` from `x-expansionResources: {oneOf: [$ref...]}`.
    fn expandable(
        &mut self,
        expansion: &serde_json::Value,
        ctx: &Ctx,
    ) -> Result<TypeRef, SpecError> {
        let ectx = ctx.at("x-expansionResources");
        let refs: Vec<&str> = expansion
            .get("oneOf")
            .and_then(|v| v.as_array())
            .ok_or_else(|| ectx.err("x-expansionResources must have a oneOf list"))?
            .iter()
            .map(|r| {
                r.get("$ref")
                    .and_then(|r| r.as_str())
                    .ok_or_else(|| ectx.err("each expansion resource must be a $ref"))
            })
            .collect::<Result<_, _>>()?;
        let target = match refs.as_slice() {
            [one] => self.component_ref(one, &ectx)?,
            _ => {
                let variants = self.object_variants(&refs, &ectx)?.ok_or_else(|| {
                    ectx.err("expansion resources must be told apart by their `object` field")
                })?;
                TypeRef::Named(self.object_union(variants, ctx))
            }
        };
        Ok(TypeRef::Expandable(Box::new(target)))
    }

    /// The variants of a union of component objects, flattening nested polymorphic components;
    /// `None` if some variant has no fixed `object` value.
    pub(crate) fn object_variants(
        &mut self,
        refs: &[&str],
        ctx: &Ctx,
    ) -> Result<Option<Vec<ObjectVariant>>, SpecError> {
        let mut out: Vec<ObjectVariant> = Vec::new();
        for reference in refs {
            let (name, schema) = self.resolve_ref(reference, &ctx.pointer)?;
            let nested: Option<Vec<&str>> = match &schema.schema_kind {
                SchemaKind::AnyOf { any_of: v } | SchemaKind::OneOf { one_of: v } => Some(
                    v.iter()
                        .filter_map(|r| match r {
                            ReferenceOr::Reference { reference } => Some(reference.as_str()),
                            ReferenceOr::Item(_) => None,
                        })
                        .collect(),
                ),
                _ => None,
            };
            if let Some(nested) = nested {
                match self.object_variants(&nested, ctx)? {
                    Some(vs) => {
                        for v in vs {
                            if !out.iter().any(|o| o.ty == v.ty) {
                                out.push(v);
                            }
                        }
                    }
                    None => return Ok(None),
                }
                continue;
            }
            let Some((object, deleted)) = object_tag(schema) else {
                return Ok(None);
            };
            let ty = self.components[name];
            if out
                .iter()
                .any(|o| o.object == object && o.deleted == deleted)
            {
                return Err(ctx.err(format!(
                    "two union variants share object {object:?} (deleted: {deleted})"
                )));
            }
            out.push(ObjectVariant {
                rust: self.types[ty.0].name.clone(),
                ty,
                object,
                deleted,
            });
        }
        Ok(Some(out))
    }

    /// A union of objects, shared by every place with the same variants; the polymorphic
    /// component with exactly these variants when there is one.
    fn object_union(&mut self, variants: Vec<ObjectVariant>, ctx: &Ctx) -> TypeId {
        let mut ids: Vec<TypeId> = variants.iter().map(|v| v.ty).collect();
        ids.sort();
        for (i, t) in self.types.iter().enumerate() {
            if let (TypeKind::ObjectUnion(u), Origin::Component(_)) = (&t.kind, &t.origins[0]) {
                let mut theirs: Vec<TypeId> = u.variants.iter().map(|v| v.ty).collect();
                theirs.sort();
                if theirs == ids {
                    return TypeId(i);
                }
            }
        }
        // Named after its variants, a union of objects is one type wherever it appears.
        let key = format!("union|{ids:?}");
        let variant_names: Vec<&str> = variants.iter().map(|v| v.rust.as_str()).collect();
        let name = naming::object_union_name(&variant_names);
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(ctx)],
            doc: None,
            kind: TypeKind::ObjectUnion(ObjectUnionDef { variants }),
            usage: Usage::default(),
        };
        let id = self.intern(key, ctx.place(), def);
        if let Some(name) = name {
            self.variant_named.entry(id).or_insert(name);
        }
        id
    }

    /// One struct with the fields of all the given objects, for unions whose variants cannot be
    /// told apart by a tag. A field is required only if every variant requires it.
    fn merged_struct(&mut self, refs: &[&'a str], ctx: &Ctx) -> Result<TypeRef, SpecError> {
        let mut merged: Vec<Field> = Vec::new();
        let mut everywhere: Vec<BTreeSet<String>> = Vec::new();
        // The component each object-valued field of the first variant refers to.
        let mut merge_refs: std::collections::HashMap<String, &'a str> =
            std::collections::HashMap::new();
        for reference in refs {
            let (_, schema) = self.resolve_ref(reference, &ctx.pointer)?;
            let SchemaKind::Type(Type::Object(obj)) = &schema.schema_kind else {
                return Err(ctx.err(format!("cannot merge {reference}: not an object")));
            };
            let fields = self.fields(&obj.properties, &obj.required, ctx)?;
            for (wire, prop) in &obj.properties {
                if let Some(r) = single_ref(prop) {
                    merge_refs.entry(wire.clone()).or_insert(r);
                }
            }
            everywhere.push(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.wire.clone())
                    .collect(),
            );
            for field in fields {
                let Some(existing) = merged.iter_mut().find(|m| m.wire == field.wire) else {
                    merged.push(field);
                    continue;
                };
                if existing.ty == field.ty {
                    continue;
                }
                // Two enums merge into one with the values of both.
                let values = |l: &Self, ty: &TypeRef| match ty {
                    TypeRef::Named(id) => match &l.types[id.0].kind {
                        TypeKind::Enum(e) => Some(
                            e.variants
                                .iter()
                                .map(|v| v.wire.clone())
                                .collect::<Vec<_>>(),
                        ),
                        _ => None,
                    },
                    _ => None,
                };
                match (values(self, &existing.ty), values(self, &field.ty)) {
                    (Some(mut a), Some(b)) => {
                        a.extend(b.into_iter().filter(|v| !a.contains(v)).collect::<Vec<_>>());
                        existing.ty = self.enum_type(a, &ctx.field(&field.wire));
                        existing.nullable |= field.nullable;
                    }
                    // Two objects merge the same way their parents do.
                    _ if merge_refs.contains_key(&field.wire) => {
                        let first = merge_refs[&field.wire];
                        let second = obj.properties.get(&field.wire).and_then(single_ref);
                        let Some(second) = second else {
                            return Err(ctx.err(format!(
                                "cannot merge the variants: field {:?} has different types",
                                field.wire
                            )));
                        };
                        existing.ty =
                            self.merged_struct(&[first, second], &ctx.field(&field.wire))?;
                        existing.nullable |= field.nullable;
                    }
                    _ => {
                        return Err(ctx.err(format!(
                            "cannot merge the variants: field {:?} has different types",
                            field.wire
                        )));
                    }
                }
            }
        }
        for field in &mut merged {
            field.required = everywhere.iter().all(|req| req.contains(&field.wire));
        }
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(ctx)],
            doc: Some(format!(
                "The fields of any of {}; the spec does not say which one a response holds.",
                refs.iter()
                    .map(|r| format!("`{}`", r.trim_start_matches("#/components/schemas/")))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            kind: TypeKind::Struct(StructDef {
                fields: merged,
                object_name: None,
                deleted: false,
                style: crate::ir::StructStyle::Response,
            }),
            usage: Usage::default(),
        };
        Ok(TypeRef::Named(self.intern(
            ctx.place_key("merged"),
            ctx.place(),
            def,
        )))
    }

    /// A request parameter that takes one of several shapes.
    fn param_union(
        &mut self,
        variants: &[(usize, View<'a>)],
        ctx: &Ctx,
    ) -> Result<TypeRef, SpecError> {
        let mut out: Vec<ParamVariant> = Vec::new();
        let mut segments = BTreeSet::new();
        for (i, view) in variants {
            // Each variant's own inline type is named after the union's path plus the variant.
            let title = view.schema().and_then(|s| s.schema_data.title.as_deref());
            // The path holds snake_case segments (like field names); the variant is PascalCase.
            let component = match view {
                View::Ref(r) => Some(r.trim_start_matches("#/components/schemas/")),
                View::Schema(_) => None,
            };
            let (segment, word) = naming::param_variant_place(title, component, || {
                let values = view.schema().and_then(string_enum);
                naming::unlowered_shape_name(values.as_deref())
            });
            let mut vctx = ctx.at("anyOf").at(&i.to_string());
            // Two variants at one place would be merged into one type.
            if !segments.insert(segment.clone()) {
                return Err(vctx.err(format!(
                    "two variants of this anyOf would both be named {segment:?}; give them titles"
                )));
            }
            vctx.path.push(segment);
            let ty = self.type_ref(*view, &vctx)?;
            let rust = naming::param_variant_name(word, &ty, &self.types);
            out.push(ParamVariant { rust, ty });
        }
        for (variant, name) in naming::unique(out.iter_mut(), |v| v.rust.clone()) {
            variant.rust = name;
        }
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(ctx)],
            doc: None,
            kind: TypeKind::ParamUnion(ParamUnionDef { variants: out }),
            usage: Usage::default(),
        };
        Ok(TypeRef::Named(self.intern(
            ctx.place_key("params"),
            ctx.place(),
            def,
        )))
    }
}

/// The component a property refers to, directly or as the only variant of an `anyOf`.
fn single_ref(prop: &ReferenceOr<Box<Schema>>) -> Option<&str> {
    match prop {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::AnyOf { any_of } if any_of.len() == 1 => match &any_of[0] {
                ReferenceOr::Reference { reference } => Some(reference),
                ReferenceOr::Item(_) => None,
            },
            _ => None,
        },
    }
}

fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}
