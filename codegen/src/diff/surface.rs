//! The public items the emitter generates for an [`Api`], each with the signature code depends
//! on. Comparing two surfaces tells which generated items change between two specs.
//!
//! The items are those of the public-API policy the IR records (`crate::lower::policy`): every
//! type is re-exported at the crate root; a response struct is `#[non_exhaustive]` with public
//! fields; a builder (a request, or a struct only requests use) has private fields, `new`, a
//! setter per optional field and `clear_*` per clearable one; string enums, object unions and
//! `Resource` are `#[non_exhaustive]` and parameter unions are not.

use std::collections::BTreeMap;

use crate::emit::rust_type;
use crate::ir::{Api, Field, Operation, ResponseKind, StructStyle, TypeDef, TypeKind, TypeRef};

use super::report::ItemKind;

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    /// What kind of item it is.
    pub kind: ItemKind,
    /// What code that uses the item depends on: a type, arguments, a kind of type.
    pub signature: String,
    /// The module, which is also the cargo feature (`shared` is always compiled).
    pub module: String,
    /// Whether adding this item can break code that compiled before: a variant of an exhaustive
    /// enum (a parameter union), which matches must handle.
    pub added_breaks: bool,
}

/// Every public item, keyed by how code names it: `Customer`, `Customer.email`,
/// `TaxExempt::Reverse`, `CreateCustomer::new`, `CreateCustomer::email`.
pub(super) fn surface(api: &Api) -> BTreeMap<String, Item> {
    let mut out = BTreeMap::new();
    for def in &api.types {
        type_items(api, def, &mut out);
    }
    for op in &api.operations {
        request_items(api, op, &mut out);
    }
    // The all-resources enum: a variant per object, behind its type's feature.
    for object in &api.objects {
        let def = &api.types[object.ty.0];
        out.insert(
            format!("Resource::{}", object.rust),
            Item {
                kind: ItemKind::Variant,
                signature: def.name.clone(),
                module: def.module.clone(),
                added_breaks: false,
            },
        );
    }
    out
}

fn type_items(api: &Api, def: &TypeDef, out: &mut BTreeMap<String, Item>) {
    let item = |kind, signature: String, added_breaks| Item {
        kind,
        signature,
        module: def.module.clone(),
        added_breaks,
    };
    let name = &def.name;
    match &def.kind {
        TypeKind::Struct(s) if s.style == StructStyle::Builder => {
            out.insert(
                name.clone(),
                item(ItemKind::Type, "builder struct".into(), false),
            );
            let required: Vec<&Field> = s.required_fields().collect();
            builder_items(
                api,
                name,
                &def.module,
                &required,
                &s.fields,
                s.has_default(),
                out,
            );
        }
        TypeKind::Struct(s) => {
            let signature = "#[non_exhaustive] struct".to_string();
            out.insert(name.clone(), item(ItemKind::Type, signature, false));
            for f in &s.fields {
                let key = format!("{name}.{}", f.rust);
                out.insert(key, item(ItemKind::Field, field_type(api, f), false));
            }
        }
        TypeKind::Enum(e) => {
            let signature = "#[non_exhaustive] enum".to_string();
            out.insert(name.clone(), item(ItemKind::Type, signature, false));
            for v in &e.variants {
                let key = format!("{name}::{}", v.rust);
                out.insert(key, item(ItemKind::Variant, format!("{:?}", v.wire), false));
            }
        }
        TypeKind::ObjectUnion(u) => {
            let signature = "#[non_exhaustive] enum".to_string();
            out.insert(name.clone(), item(ItemKind::Type, signature, false));
            for v in &u.variants {
                let signature = type_text(api, &TypeRef::Named(v.ty));
                let key = format!("{name}::{}", v.rust);
                out.insert(key, item(ItemKind::Variant, signature, false));
            }
        }
        TypeKind::ParamUnion(u) => {
            out.insert(name.clone(), item(ItemKind::Type, "enum".into(), false));
            for v in &u.variants {
                let signature = type_text(api, &v.ty);
                let key = format!("{name}::{}", v.rust);
                out.insert(key, item(ItemKind::Variant, signature, true));
            }
        }
    }
}

fn request_items(api: &Api, op: &Operation, out: &mut BTreeMap<String, Item>) {
    let item = |kind, signature: String| Item {
        kind,
        signature,
        module: op.module.clone(),
        added_breaks: false,
    };
    let name = &op.name;
    out.insert(
        name.clone(),
        item(ItemKind::Request, "builder struct".into()),
    );
    let response = match &op.response {
        ResponseKind::Json(ty) => type_text(api, ty),
        ResponseKind::Binary => "Vec<u8>".into(),
    };
    out.insert(
        format!("{name}::Response"),
        item(ItemKind::Response, response),
    );
    let required: Vec<&Field> = op.required_fields().collect();
    builder_items(
        api,
        name,
        &op.module,
        &required,
        &op.params,
        op.has_default(),
        out,
    );
}

/// A builder's `new`, its `Default`, and its setters and `clear_*` methods. Its fields are
/// private, so they are no items.
fn builder_items(
    api: &Api,
    name: &str,
    module: &str,
    required: &[&Field],
    fields: &[Field],
    has_default: bool,
    out: &mut BTreeMap<String, Item>,
) {
    let item = |kind, signature: String| Item {
        kind,
        signature,
        module: module.to_string(),
        added_breaks: false,
    };
    out.insert(
        format!("{name}::new"),
        item(ItemKind::Constructor, constructor(api, required)),
    );
    if has_default {
        out.insert(
            format!("{name}: Default"),
            item(ItemKind::Default, String::new()),
        );
    }
    for f in fields {
        let Some(setter) = &f.setter else { continue };
        let inner = match &f.ty {
            TypeRef::Clearable(inner) => inner.as_ref(),
            ty => ty,
        };
        let signature = format!("{setter}(impl Into<{}>)", type_text(api, inner));
        out.insert(
            format!("{name}::{setter}"),
            item(ItemKind::Method, signature),
        );
        if let Some(clear) = &f.clear {
            out.insert(
                format!("{name}::{clear}"),
                item(ItemKind::Method, format!("{clear}()")),
            );
        }
    }
}

/// `new(amount: impl Into<i64>, currency: impl Into<String>)`.
fn constructor(api: &Api, required: &[&Field]) -> String {
    let args: Vec<String> = required
        .iter()
        .map(|f| format!("{}: impl Into<{}>", f.rust, type_text(api, &f.ty)))
        .collect();
    format!("new({})", args.join(", "))
}

/// A field's declared type, `Option<_>` included.
fn field_type(api: &Api, f: &Field) -> String {
    let ty = type_text(api, &f.ty);
    if f.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// A type as a user writes it: `Option<Clearable<BTreeMap<String, String>>>`.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    rust_type(api, ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" , ", ", ")
        .replace("crate::", "")
        .replace("std::collections::", "")
}
