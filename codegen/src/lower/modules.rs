//! Assigns every type and request to a module, and records which direction each type travels in.
//!
//! An operation's module is its resource area: the first path segment after `/v1` (after
//! `/v1/test_helpers` for test helpers), so `/v1/customers/{customer}/sources` is in `customers`
//! and `/v1/issuing/cards` in `issuing`. A type used by the operations of one area only lives in
//! that area's module; a type used by several areas, or by none (it can still arrive in an
//! event), lives in [`SHARED`], and so does everything such a type refers to.
//!
//! Each area module is behind the cargo feature of the same name ([`feature_of`]); [`SHARED`] is
//! always compiled. Since a type reachable from two areas is shared, an area module refers only
//! to itself and to [`SHARED`], so every area compiles on its own, as a crate of its own. The
//! exception is an area that refers to the all-resources enum, which refers to every area: it
//! is compiled with that enum in the root crate ([`Api::root_modules`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Operation, ResponseKind, TypeId, TypeKind, TypeRef};
use crate::naming;

/// The module of types used by more than one area.
pub const SHARED: &str = "shared";

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
    let name = naming::field_name(first);
    if name == SHARED {
        format!("{name}_area")
    } else {
        name
    }
}

/// Every type reachable from `roots`.
fn reachable(api: &Api, roots: BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            todo.extend(api.references(id).into_iter().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

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
        let req = reachable(api, req_roots);
        let resp = reachable(api, resp_roots);
        for id in req.iter().chain(&resp) {
            areas.entry(*id).or_default().insert(op.module.clone());
        }
        request.extend(req);
        response.extend(resp);
    }
    // Types no operation reaches live in the shared module, so what they refer to must too.
    let orphans = (0..api.types.len())
        .map(TypeId)
        .filter(|id| !areas.contains_key(id))
        .collect();
    for id in reachable(api, orphans) {
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
