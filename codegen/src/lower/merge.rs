//! Merging a place of the spec into the type that already stands for it.
//!
//! A type stands for one place (a field path under its owner), but some places are reached more
//! than once: a concept of the table at every one of its places, the variants of a response
//! `anyOf` merged into one struct, a request enum that is a field of the object the request
//! returns. The type then takes what every use allows:
//!
//! - a struct has the fields of all of them, in first-seen order; a field is required only if
//!   every use requires it, nullable if any is, and clearable if any is; where the uses give a
//!   field different types, a named type (an enum, which also holds any string, or a union of
//!   the shapes) wins over a plain one;
//! - an enum has the values of all of them, in first-seen order.

use crate::ir::{EnumDef, EnumVariant, Field, StructDef, TypeKind, TypeRef};
use crate::naming;

/// Merges `new` into `existing`; kinds that differ leave `existing` as it is.
pub(crate) fn merge_kind(existing: &mut TypeKind, new: TypeKind) {
    match (existing, new) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => merge_structs(a, b),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => merge_enums(a, b),
        _ => {}
    }
}

fn merge_structs(a: &mut StructDef, b: StructDef) {
    for f in &mut a.fields {
        if !b.fields.iter().any(|g| g.wire == f.wire) {
            f.required = false;
        }
    }
    for g in b.fields {
        match a.fields.iter_mut().find(|f| f.wire == g.wire) {
            Some(f) => merge_field(f, g),
            None => a.fields.push(Field {
                required: false,
                ..g
            }),
        }
    }
}

fn merge_field(f: &mut Field, g: Field) {
    f.required &= g.required;
    f.nullable |= g.nullable;
    f.deprecated &= g.deprecated;
    if f.doc.is_none() {
        f.doc = g.doc;
    }
    if f.ty == g.ty {
        return;
    }
    let (a_clear, a) = unclear(&f.ty);
    let (b_clear, b) = unclear(&g.ty);
    let named = |t: &TypeRef| matches!(t.leaf(), TypeRef::Named(_));
    let inner = if named(b) && !named(a) {
        b.clone()
    } else {
        a.clone()
    };
    f.ty = if a_clear || b_clear {
        TypeRef::Clearable(Box::new(inner))
    } else {
        inner
    };
}

/// Whether a type is clearable, and the type it sets.
fn unclear(ty: &TypeRef) -> (bool, &TypeRef) {
    match ty {
        TypeRef::Clearable(inner) => (true, inner),
        ty => (false, ty),
    }
}

/// The values of `b` that `a` lacks, appended.
pub(crate) fn merge_enums(a: &mut EnumDef, b: EnumDef) {
    let mut added = false;
    for v in b.variants {
        if !a.variants.iter().any(|w| w.wire == v.wire) {
            a.variants.push(v);
            added = true;
        }
    }
    if added {
        let wires: Vec<String> = a.variants.iter().map(|v| v.wire.clone()).collect();
        *a = enum_def(wires);
    }
}

/// An enum of these wire values, with unique variant names.
pub(crate) fn enum_def(values: Vec<String>) -> EnumDef {
    let mut rust: Vec<String> = values.iter().map(|v| naming::variant_name(v)).collect();
    naming::dedupe(&mut rust);
    EnumDef {
        variants: values
            .into_iter()
            .zip(rust)
            .map(|(wire, rust)| EnumVariant { wire, rust })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(wire: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            wire: wire.into(),
            rust: wire.into(),
            ty,
            required,
            nullable: false,
            doc: None,
            deprecated: false,
            setter: None,
            clear: None,
        }
    }

    fn structure(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(StructDef {
            fields,
            object_name: None,
            deleted: false,
            style: crate::ir::StructStyle::Response,
        })
    }

    #[test]
    fn structs_take_every_field_and_require_only_what_all_require() {
        let mut a = structure(vec![
            field("line1", TypeRef::String, true),
            field("city", TypeRef::String, true),
        ]);
        let b = structure(vec![
            field("line1", TypeRef::String, true),
            field(
                "state",
                TypeRef::Clearable(Box::new(TypeRef::String)),
                false,
            ),
        ]);
        merge_kind(&mut a, b);
        let TypeKind::Struct(s) = a else { panic!() };
        let got: Vec<(&str, bool)> = s
            .fields
            .iter()
            .map(|f| (f.wire.as_str(), f.required))
            .collect();
        assert_eq!(got, [("line1", true), ("city", false), ("state", false)]);
    }

    #[test]
    fn a_field_clearable_anywhere_is_clearable() {
        let mut a = structure(vec![field("name", TypeRef::String, false)]);
        let b = structure(vec![field(
            "name",
            TypeRef::Clearable(Box::new(TypeRef::String)),
            false,
        )]);
        merge_kind(&mut a, b);
        let TypeKind::Struct(s) = a else { panic!() };
        assert!(matches!(s.fields[0].ty, TypeRef::Clearable(_)));
    }

    #[test]
    fn a_named_type_wins_over_a_plain_one() {
        let union = TypeRef::Named(crate::ir::TypeId(7));
        let mut a = structure(vec![field("end_date", TypeRef::Timestamp, false)]);
        let b = structure(vec![field("end_date", union.clone(), false)]);
        merge_kind(&mut a, b);
        let TypeKind::Struct(s) = &a else { panic!() };
        assert_eq!(s.fields[0].ty, union);
        let c = structure(vec![field("end_date", TypeRef::Timestamp, false)]);
        merge_kind(&mut a, c);
        let TypeKind::Struct(s) = a else { panic!() };
        assert_eq!(s.fields[0].ty, union);
    }

    #[test]
    fn enums_take_every_value_once() {
        let mut a = enum_def(vec!["none".into(), "exempt".into()]);
        merge_enums(&mut a, enum_def(vec!["exempt".into(), "reverse".into()]));
        let wires: Vec<&str> = a.variants.iter().map(|v| v.wire.as_str()).collect();
        assert_eq!(wires, ["none", "exempt", "reverse"]);
    }
}
