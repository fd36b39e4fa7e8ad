//! `anyOf` schemas: expandable ids, unions of objects told apart by `object`, one struct merging
//! untagged objects, clearable values and parameter unions.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::super::{Lowerer, Owner};
use super::context::{is_empty_marker, object_tag, string_enum};
use super::{Ctx, View};
use crate::ir::{
    Field, ObjectUnionDef, ObjectVariant, Origin, ParamUnionDef, ParamVariant, StructDef, TypeDef,
    TypeId, TypeKind, TypeRef, Usage,
};
use crate::load::SpecError;
use crate::naming;

impl<'a> Lowerer<'a> {
    /// The type of an `anyOf` (or `oneOf`) schema, as the table of the module docs says.
    pub(super) fn any_of(
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
            _ if ctx.request => match self.timestamp_filter(&rest, ctx)? {
                Some(filter) => filter,
                None => self.param_union(&rest, ctx)?,
            },
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
            id_kind: None,
            gate: Vec::new(),
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
            id_kind: None,
            gate: Vec::new(),
        };
        Ok(TypeRef::Named(self.intern(
            ctx.place_key("merged"),
            ctx.place(),
            def,
        )))
    }

    /// [`naming::TIMESTAMP_FILTER`] for a parameter of an operation that is a range query or an
    /// integer and filters on a timestamp field of the object the operation returns
    /// (`ListCustomers.created`); `None` for any other union.
    fn timestamp_filter(
        &mut self,
        variants: &[(usize, View<'a>)],
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>, SpecError> {
        let [(range_at, range), (_, exact)] = variants else {
            return Ok(None);
        };
        let title = |v: &View<'a>| v.schema().and_then(|s| s.schema_data.title.clone());
        let is_integer = matches!(
            exact.schema().map(|s| &s.schema_kind),
            Some(SchemaKind::Type(Type::Integer(_)))
        );
        let ([field], Owner::Operation(_)) = (ctx.path.as_slice(), &ctx.owner) else {
            return Ok(None);
        };
        let on_timestamp = self
            .returned
            .is_some_and(|id| match &self.types[id.0].kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| &f.wire == field && f.ty == TypeRef::Timestamp),
                _ => false,
            });
        if title(range).as_deref() != Some("range_query_specs") || !is_integer || !on_timestamp {
            return Ok(None);
        }
        let range = self.type_ref(*range, &ctx.at("anyOf").at(&range_at.to_string()))?;
        let concept = Ctx {
            owner: Owner::Concept(naming::TIMESTAMP_FILTER.to_string()),
            path: Vec::new(),
            ..ctx.clone()
        };
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(&concept)],
            doc: Some(
                "A filter on a time: one exact time, or a range of them (`gt`, `gte`, `lt`, `lte`)."
                    .to_string(),
            ),
            kind: TypeKind::ParamUnion(ParamUnionDef {
                variants: vec![
                    ParamVariant {
                        rust: "Range".to_string(),
                        ty: range,
                    },
                    ParamVariant {
                        rust: "At".to_string(),
                        ty: TypeRef::Timestamp,
                    },
                ],
            }),
            usage: Usage::default(),
            id_kind: None,
            gate: Vec::new(),
        };
        let id = self.intern(concept.place_key("params"), concept.place(), def);
        Ok(Some(TypeRef::Named(id)))
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
            id_kind: None,
            gate: Vec::new(),
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
