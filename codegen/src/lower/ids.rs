//! Typed ids: which objects Stripe names by an id, and which fields and parameters hold one.
//!
//! - An object with an `x-resourceId` and a string `id` is a kind of its own: its ids are
//!   `Id<Customer>` (spelt `CustomerId`). A deleted object (`deleted: true`) is named by the id of
//!   the live object with its `object` value. A union of objects of one kind has that kind
//!   (`CustomerOrDeletedCustomer`: `Id<Customer>`); a union of several kinds, or one that can
//!   only be told apart by expanding it, is a kind of its own (`BankAccountOrCardOrSource`).
//! - The `id` of such an object holds an `Id` of its kind, and so does the id side of an
//!   `Expandable` field, through the type's `Identified` impl.
//! - A path parameter holds the id of what `GET` on the path up to it returns: in
//!   `/v1/payment_intents/{intent}/confirm`, `GET /v1/payment_intents/{intent}` returns a
//!   PaymentIntent. A test helper's path is tried without its `/test_helpers`; a parameter
//!   neither finds is taken by its name when that is a resource's (`{customer}`).
//! - A request parameter holds the id of what the same field of the returned object expands
//!   to: a PaymentIntent's `customer` expands to a customer, so
//!   `CreatePaymentIntent.customer` is a `CustomerId`.
//! - A parameter listed in `codegen/id_params.toml`, at the top of a request or inside one of
//!   its objects, holds the id its entry says (`items[].price`: a `PriceId`). The table, not
//!   the wording of descriptions, decides, so that a reworded description changes no type.
//!
//! Everything else stays a `String`, in particular a parameter that names one of several
//! kinds of object without a union for them (`CreateCharge.source`: "the ID of a card, a bank
//! account, a source, a token, or a connected account").

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{
    Field, Method, Operation, ResponseKind, StructDef, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::load::{SpecError, pointer_push};
use crate::lower::path_shape;
use crate::naming::id_alias_name;

/// Finds every kind of id and types the fields and parameters that hold one.
pub(super) fn assign(
    types: &mut [TypeDef],
    operations: &mut [Operation],
    resource_ids: &[(String, TypeId)],
) -> Result<(), SpecError> {
    let kinds = kinds(types, resource_ids);
    for (id, kind) in &kinds {
        types[id.0].id_kind = Some(*kind);
    }
    check_alias_names(types, operations)?;
    for (id, kind) in &kinds {
        if let TypeKind::Struct(s) = &mut types[id.0].kind {
            for f in s.fields.iter_mut().filter(|f| f.wire == "id") {
                retype(&mut f.ty, *kind);
            }
        }
    }
    let by_resource: HashMap<&str, TypeId> = resource_ids
        .iter()
        .filter_map(|(name, t)| Some((name.as_str(), kinds.get(t).copied()?)))
        .filter(|(_, kind)| matches!(types[kind.0].kind, TypeKind::Struct(_)))
        .collect();
    let read: HashMap<String, TypeId> = operations
        .iter()
        .filter(|op| op.method == Method::Get)
        .filter_map(|op| match &op.response {
            ResponseKind::Json(TypeRef::Named(t)) => Some((path_shape(&op.path), *kinds.get(t)?)),
            _ => None,
        })
        .collect();
    let mut path_kinds = Vec::new();
    for op in operations.iter() {
        let of_params: Vec<Option<TypeId>> = op
            .path_params
            .iter()
            .map(|p| path_param_kind(&op.path, &p.wire, &read, &by_resource))
            .collect();
        path_kinds.push(of_params);
    }
    let mut request_types = BTreeSet::new();
    for (op, of_params) in operations.iter_mut().zip(path_kinds) {
        for (p, kind) in op.path_params.iter_mut().zip(of_params) {
            if let Some(kind) = kind {
                retype(&mut p.ty, kind);
            }
        }
        let expands = expanded_fields(types, &op.response, &kinds);
        for p in op.params.iter_mut() {
            if let Some(kind) = expands.get(p.wire.as_str()) {
                retype(&mut p.ty, *kind);
            }
            p.ty.named(&mut request_types);
        }
    }
    let request_types = reachable_request_types(types, request_types);
    let is_request_struct = |id: &TypeId| !kinds.contains_key(id);
    let listed: HashMap<String, TypeId> = listed_params()
        .into_iter()
        .filter_map(|(param, resource)| Some((param, *by_resource.get(resource.as_str())?)))
        .collect();
    let named_id = |f: &mut Field| {
        if let Some(kind) = listed.get(&f.wire) {
            retype(&mut f.ty, *kind);
        }
    };
    operations
        .iter_mut()
        .flat_map(|op| &mut op.params)
        .for_each(named_id);
    for id in request_types.iter().filter(|id| is_request_struct(id)) {
        if let TypeKind::Struct(s) = &mut types[id.0].kind {
            s.fields.iter_mut().for_each(named_id);
        }
    }
    Ok(())
}

/// The kind of every type Stripe names by an id (module docs).
fn kinds(types: &[TypeDef], resource_ids: &[(String, TypeId)]) -> BTreeMap<TypeId, TypeId> {
    let has_id = |s: &StructDef| {
        s.fields
            .iter()
            .any(|f| f.wire == "id" && f.ty == TypeRef::String)
    };
    let resources: Vec<(TypeId, &StructDef)> = resource_ids
        .iter()
        .filter_map(|(_, t)| match &types[t.0].kind {
            TypeKind::Struct(s) if has_id(s) => Some((*t, s)),
            _ => None,
        })
        .collect();
    let mut live: HashMap<&str, TypeId> = HashMap::new();
    for (t, s) in &resources {
        if let (Some(object), false) = (&s.object_name, s.deleted) {
            live.entry(object.as_str()).or_insert(*t);
        }
    }
    let mut kinds = BTreeMap::new();
    for (t, s) in &resources {
        let of_live = s.object_name.as_deref().and_then(|o| live.get(o));
        let kind = match of_live {
            Some(live) if s.deleted => *live,
            _ => *t,
        };
        kinds.insert(*t, kind);
    }
    // A union may hold another union, so unions are resolved until none changes.
    loop {
        let mut changed = false;
        for (i, t) in types.iter().enumerate() {
            let id = TypeId(i);
            let TypeKind::ObjectUnion(u) = &t.kind else {
                continue;
            };
            if kinds.contains_key(&id) {
                continue;
            }
            let of: Option<Vec<TypeId>> = u
                .variants
                .iter()
                .map(|v| kinds.get(&v.ty).copied())
                .collect();
            let Some(of) = of else { continue };
            let kind = match of.first() {
                Some(first) if of.iter().all(|k| k == first) => *first,
                _ => id,
            };
            kinds.insert(id, kind);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    // Every expandable field needs a kind for its id side: a type without one is its own.
    let mut expanded = BTreeSet::new();
    for t in types {
        if let TypeKind::Struct(s) = &t.kind {
            for f in &s.fields {
                expandable_targets(&f.ty, &mut expanded);
            }
        }
    }
    for t in expanded {
        kinds.entry(t).or_insert(t);
    }
    kinds
}

/// The types `ty` expands to, inside any wrappers.
fn expandable_targets(ty: &TypeRef, out: &mut BTreeSet<TypeId>) {
    match ty {
        TypeRef::Expandable(inner) => inner.named(out),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::List(inner)
        | TypeRef::SearchResult(inner)
        | TypeRef::Clearable(inner)
        | TypeRef::Boxed(inner) => expandable_targets(inner, out),
        _ => {}
    }
}

/// The kind of path parameter `param` of `path` (module docs), from the kinds that `GET` of
/// each path returns (`read`, by path shape: `/v1/transfers/{id}/reversals` names what
/// `GET /v1/transfers/{transfer}` returns) and the resources by `x-resourceId`.
fn path_param_kind(
    path: &str,
    param: &str,
    read: &HashMap<String, TypeId>,
    by_resource: &HashMap<&str, TypeId>,
) -> Option<TypeId> {
    let placeholder = format!("{{{param}}}");
    let end = path.find(&placeholder)? + placeholder.len();
    let up_to = path_shape(&path[..end]);
    let without_helpers = up_to.replacen("/v1/test_helpers/", "/v1/", 1);
    read.get(&up_to)
        .or_else(|| read.get(&without_helpers))
        .or_else(|| by_resource.get(param))
        .copied()
}

/// The fields of the object an operation returns (of each live object of a union, of the
/// items of a list) that expand, by name, with the kind of id each holds.
fn expanded_fields<'t>(
    types: &'t [TypeDef],
    response: &ResponseKind,
    kinds: &BTreeMap<TypeId, TypeId>,
) -> HashMap<&'t str, TypeId> {
    let ResponseKind::Json(ty) = response else {
        return HashMap::new();
    };
    let mut objects = Vec::new();
    if let TypeRef::Named(t) = ty.leaf() {
        match &types[t.0].kind {
            TypeKind::Struct(s) => objects.push(s),
            TypeKind::ObjectUnion(u) => {
                for v in u.variants.iter().filter(|v| !v.deleted) {
                    if let TypeKind::Struct(s) = &types[v.ty.0].kind {
                        objects.push(s);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for f in objects.into_iter().flat_map(|s| &s.fields) {
        let mut targets = BTreeSet::new();
        expandable_targets(&f.ty, &mut targets);
        if let Some(kind) = targets.first().and_then(|t| kinds.get(t)) {
            out.entry(f.wire.as_str()).or_insert(*kind);
        }
    }
    out
}

/// The table of parameters that hold ids (`codegen/id_params.toml`): parameter name ->
/// `x-resourceId`.
fn listed_params() -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table {
        params: BTreeMap<String, String>,
    }
    let table: Table = toml::from_str(include_str!("../../id_params.toml"))
        .expect("codegen/id_params.toml is valid; its unit test says why not");
    table.params
}

/// Replaces the `String` inside `ty` (alone, in a list, or clearable) with an id of `kind`.
fn retype(ty: &mut TypeRef, kind: TypeId) {
    match ty {
        TypeRef::String => *ty = TypeRef::Id(kind),
        TypeRef::Vec(inner) | TypeRef::Clearable(inner) => retype(inner, kind),
        _ => {}
    }
}

/// The types reachable from `roots` (the types of request parameters).
fn reachable_request_types(types: &[TypeDef], roots: BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            let next = crate::ir::references(types, id);
            todo.extend(next.into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

/// An error when the alias of a kind (`CustomerId`) is the name of a type or request.
fn check_alias_names(types: &[TypeDef], operations: &[Operation]) -> Result<(), SpecError> {
    let taken: BTreeSet<&str> = types
        .iter()
        .map(|t| t.name.as_str())
        .chain(operations.iter().map(|op| op.name.as_str()))
        .collect();
    for (i, t) in types.iter().enumerate() {
        if !t.is_id_kind(TypeId(i)) {
            continue;
        }
        let alias = id_alias_name(&t.name);
        if taken.contains(alias.as_str()) {
            let schema = match &t.origins[0] {
                crate::ir::Origin::Component(name) => name.clone(),
                other => format!("{other:?}"),
            };
            return Err(SpecError::new(
                pointer_push("/components/schemas", &schema),
                format!(
                    "the ids of {} would be named {alias}, which a type or request already is",
                    t.name
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_of_id_parameters_parses() {
        let params = listed_params();
        assert_eq!(params["price"], "price");
        assert_eq!(params["test_clock"], "test_helpers.test_clock");
        assert!(!params.contains_key("tax_id"));
    }
}
