//! Assigns every type and request to a module, and records which direction each type travels in.
//!
//! An operation's module is its resource area: the first path segment after `/v1` (after
//! `/v1/test_helpers` for test helpers), so `/v1/customers/{customer}/sources` is in `customers`
//! and `/v1/issuing/cards` in `issuing`. A type used by the operations of one area only lives in
//! that area's module; a type used by several areas, or by none (it can still arrive in an
//! event), lives in [`SHARED`], and so does everything such a type refers to.
//!
//! Each area module is behind the cargo feature of the same name ([`feature_of`]); [`SHARED`] is
//! always defined, and the code of each of its types compiled for the areas that use it
//! (`lower::gates`). Since a type reachable from two areas is shared, an area module refers only
//! to itself and to [`SHARED`], so the areas compile apart from each other, in crates of
//! their own. An area that refers to the all-resources enum, which refers to every area, is
//! compiled with that enum in the root crate ([`Api::root_modules`]). The other areas are in the
//! crates of the checked-in table of domains, `codegen/domains.toml` ([`Api::domain_crates`]).

use std::collections::{BTreeMap, BTreeSet};

use super::domains::Domains;
use crate::ir::{Api, DomainCrate, Operation, ResponseKind, TypeId, TypeKind, TypeRef};
use crate::naming::{SHARED, area_name};

/// The cargo feature that turns `module` on, or `None` for [`SHARED`], which is always on.
pub fn feature_of(module: &str) -> Option<&str> {
    (module != SHARED).then_some(module)
}

/// The area of an operation path.
pub fn area_of(path: &str) -> String {
    let mut segments = path.trim_start_matches('/').split('/').skip(1);
    let mut first = segments.next().unwrap_or("misc");
    if first == "test_helpers" {
        first = segments.next().unwrap_or("misc");
    }
    area_name(first)
}

/// Every type reachable from `roots` through `next` ([`Api::references`] or [`Api::mentions`]).
fn reachable(
    api: &Api,
    roots: BTreeSet<TypeId>,
    next: fn(&Api, TypeId) -> BTreeSet<TypeId>,
) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            todo.extend(next(api, id).into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

/// Assigns every type and request its module, records usage, and places the areas in crates.
pub(super) fn assign(api: &mut Api, operations: &mut [Operation]) {
    let mut areas: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in operations.iter_mut() {
        op.module = area_of(&op.path);
        let mut req_roots = BTreeSet::new();
        op.params.iter().for_each(|p| p.ty.named(&mut req_roots));
        let mut resp_roots = BTreeSet::new();
        if let ResponseKind::Json(ty) = &op.response {
            ty.named(&mut resp_roots);
        }
        // The kinds of the ids a request holds are named by it, so they are in its area too.
        let mut mentioned = req_roots.clone();
        mentioned.extend(resp_roots.iter().copied());
        let params = op.path_params.iter().chain(&op.params);
        mentioned.extend(params.filter_map(|p| p.ty.id_kind()));
        for id in reachable(api, mentioned, Api::mentions) {
            areas.entry(id).or_default().insert(op.module.clone());
        }
        request.extend(reachable(api, req_roots, Api::references));
        response.extend(reachable(api, resp_roots, Api::references));
    }
    // Types no operation reaches live in the shared module, so what they refer to must too.
    let orphans = (0..api.types.len())
        .map(TypeId)
        .filter(|id| !areas.contains_key(id))
        .collect();
    for id in reachable(api, orphans, Api::mentions) {
        areas.entry(id).or_default().insert(SHARED.to_string());
    }
    for (i, t) in api.types.iter_mut().enumerate() {
        let id = TypeId(i);
        t.usage.request = request.contains(&id);
        // A type no operation returns can still arrive as an event's object.
        t.usage.response = response.contains(&id) || !t.usage.request;
        t.module = match areas.get(&id) {
            Some(set) if set.len() == 1 => set.iter().next().expect("one").clone(),
            _ => SHARED.to_string(),
        };
    }
    api.root_modules = modules_with_resource(api, operations);
    api.domain_crates = domain_crates(api, operations);
}

/// The crates of the areas outside the root crate, as the table of domains
/// (`codegen/domains.toml`) says, in table order; a crate with no area in this spec is left out.
/// An area the table does not list goes in its default crate.
fn domain_crates(api: &Api, operations: &[Operation]) -> Vec<DomainCrate> {
    let table = Domains::builtin();
    let areas: BTreeSet<&str> = operations
        .iter()
        .map(|op| op.module.as_str())
        .chain(api.types.iter().map(|t| t.module.as_str()))
        .filter(|m| *m != SHARED && !api.root_modules.contains(*m))
        .collect();
    let mut crates: Vec<DomainCrate> = table
        .all()
        .iter()
        .map(|d| DomainCrate {
            name: d.name.clone(),
            doc: d.doc.clone(),
            areas: Vec::new(),
            unlisted: Vec::new(),
        })
        .collect();
    for area in areas {
        let (i, listed) = table.of_area(area);
        crates[i].areas.push(area.to_string());
        if !listed {
            crates[i].unlisted.push(area.to_string());
        }
    }
    crates.retain(|c| !c.areas.is_empty());
    crates
}

/// The modules with a type or request that holds [`TypeRef::AnyResource`].
fn modules_with_resource(api: &Api, operations: &[Operation]) -> BTreeSet<String> {
    let is_resource = |ty: &TypeRef| matches!(ty.leaf(), TypeRef::AnyResource);
    let types = api.types.iter().filter(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| is_resource(&f.ty)),
        TypeKind::ParamUnion(u) => u.variants.iter().any(|v| is_resource(&v.ty)),
        TypeKind::Enum(_) | TypeKind::ObjectUnion(_) => false,
    });
    let requests = operations.iter().filter(|op| {
        matches!(&op.response, ResponseKind::Json(ty) if is_resource(ty))
            || op.params.iter().any(|p| is_resource(&p.ty))
    });
    types
        .map(|t| t.module.clone())
        .chain(requests.map(|op| op.module.clone()))
        .collect()
}
