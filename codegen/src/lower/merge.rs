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
//!   the shapes) wins over a plain one, and two different types of one kind are an error;
//! - a parameter union has the variants of all of them;
//! - an enum has the values of all of them, in first-seen order.

use crate::ir::{EnumDef, EnumVariant, Field, ParamUnionDef, StructDef, TypeKind, TypeRef};
use crate::naming;

/// Merges `new` into `existing`, or says why the two cannot be one type.
pub(crate) fn merge_kind(existing: &mut TypeKind, new: TypeKind) -> Result<(), String> {
    match (existing, new) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => merge_structs(a, b),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            merge_enums(a, b);
            Ok(())
        }
        (TypeKind::ParamUnion(a), TypeKind::ParamUnion(b)) => {
            merge_unions(a, b);
            Ok(())
        }
        (TypeKind::ObjectUnion(_), TypeKind::ObjectUnion(_)) => Ok(()),
        _ => Err("an object in one place and another kind of schema in the other".into()),
    }
}

fn merge_structs(a: &mut StructDef, b: StructDef) -> Result<(), String> {
    for f in &mut a.fields {
        if !b.fields.iter().any(|g| g.wire == f.wire) {
            f.required = false;
        }
    }
    for g in b.fields {
        match a.fields.iter_mut().find(|f| f.wire == g.wire) {
            Some(f) => merge_field(f, g)?,
            None => a.fields.push(Field {
                required: false,
                ..g
            }),
        }
    }
    Ok(())
}

fn merge_field(f: &mut Field, g: Field) -> Result<(), String> {
    f.required &= g.required;
    f.nullable |= g.nullable;
    f.deprecated &= g.deprecated;
    f.sensitive = f.sensitive.or(g.sensitive);
    if f.doc.is_none() {
        f.doc = g.doc;
    }
    match widen(&f.ty, &g.ty) {
        Some(ty) => {
            f.ty = ty;
            Ok(())
        }
        None => Err(format!(
            "field `{}` has two different types ({:?} and {:?})",
            f.wire, f.ty, g.ty
        )),
    }
}

/// The type that takes what both `a` and `b` take: clearable where either is, a named type (an
/// enum or a union) over a plain one; `None` when they have nothing to do with each other.
fn widen(a: &TypeRef, b: &TypeRef) -> Option<TypeRef> {
    use TypeRef::{Clearable, Map, Named, Vec};
    Some(match (a, b) {
        _ if a == b => a.clone(),
        (Clearable(x), Clearable(y)) => Clearable(Box::new(widen(x, y)?)),
        (Clearable(x), y) | (y, Clearable(x)) => Clearable(Box::new(widen(x, y)?)),
        (Vec(x), Vec(y)) => Vec(Box::new(widen(x, y)?)),
        (Map(x), Map(y)) => Map(Box::new(widen(x, y)?)),
        (Named(_), Named(_)) => return None,
        (Named(_), _) => a.clone(),
        (_, Named(_)) => b.clone(),
        _ => return None,
    })
}

/// The variants of `b` of a type `a` lacks, appended.
fn merge_unions(a: &mut ParamUnionDef, b: ParamUnionDef) {
    for v in b.variants {
        if !a.variants.iter().any(|w| w.ty == v.ty) {
            a.variants.push(v);
        }
    }
    for (variant, name) in naming::unique(a.variants.iter_mut(), |v| v.rust.clone()) {
        variant.rust = name;
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
    EnumDef {
        variants: naming::unique(values, |wire| naming::variant_name(wire))
            .into_iter()
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
            sensitive: None,
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
        merge_kind(&mut a, b).unwrap();
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
        merge_kind(&mut a, b).unwrap();
        let TypeKind::Struct(s) = a else { panic!() };
        assert!(matches!(s.fields[0].ty, TypeRef::Clearable(_)));
    }

    #[test]
    fn a_named_type_wins_over_a_plain_one() {
        let union = TypeRef::Named(crate::ir::TypeId(7));
        let mut a = structure(vec![field("end_date", TypeRef::Timestamp, false)]);
        let b = structure(vec![field("end_date", union.clone(), false)]);
        merge_kind(&mut a, b).unwrap();
        let TypeKind::Struct(s) = &a else { panic!() };
        assert_eq!(s.fields[0].ty, union);
        let c = structure(vec![field("end_date", TypeRef::Timestamp, false)]);
        merge_kind(&mut a, c).unwrap();
        let TypeKind::Struct(s) = a else { panic!() };
        assert_eq!(s.fields[0].ty, union);
    }

    #[test]
    fn clearable_items_win_inside_a_list() {
        let plain = TypeRef::Vec(Box::new(TypeRef::String));
        let clearable = TypeRef::Vec(Box::new(TypeRef::Clearable(Box::new(TypeRef::String))));
        let mut a = structure(vec![field("files", plain, false)]);
        merge_kind(
            &mut a,
            structure(vec![field("files", clearable.clone(), false)]),
        )
        .unwrap();
        let TypeKind::Struct(s) = a else { panic!() };
        assert_eq!(s.fields[0].ty, clearable);
    }

    #[test]
    fn two_plain_types_are_a_conflict() {
        let mut a = structure(vec![field("amount", TypeRef::Int, false)]);
        let b = structure(vec![field("amount", TypeRef::String, false)]);
        let err = merge_kind(&mut a, b).unwrap_err();
        assert!(
            err.contains("field `amount` has two different types"),
            "{err}"
        );
    }

    #[test]
    fn enums_take_every_value_once() {
        let mut a = enum_def(vec!["none".into(), "exempt".into()]);
        merge_enums(&mut a, enum_def(vec!["exempt".into(), "reverse".into()]));
        let wires: Vec<&str> = a.variants.iter().map(|v| v.wire.as_str()).collect();
        assert_eq!(wires, ["none", "exempt", "reverse"]);
    }
}
