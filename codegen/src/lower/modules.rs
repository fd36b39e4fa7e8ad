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
//! to itself and to [`SHARED`], so the areas compile apart from each other, in crates of
//! their own. An area that refers to the all-resources enum, which refers to every area, is
//! compiled with that enum in the root crate ([`Api::root_modules`]). The other areas are
//! spread over [`AREA_CRATES`] crates of about the same size ([`Api::area_crates`]), each a run
//! of areas in name order.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, AreaCrate, Operation, ResponseKind, TypeId, TypeKind, TypeRef};
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
    api.area_crates = area_crates(api, operations);
}

/// How many crates the areas outside the root crate are spread over.
///
/// Enough for cargo to compile areas side by side with the rest of a build, and few enough
/// that a build does not pay, for each of many small crates, the start of a compiler and the
/// loading of the shared crate's metadata (`cargo xtask bench compile --timings` shows both).
/// Fewer crates also make a smaller release binary: without shared generics, each crate that a
/// program uses compiles its own copies of the generic decoding code and drop glue.
pub const AREA_CRATES: usize = 2;

/// The crates of the areas outside the root crate: runs of areas in name order, split so that
/// the largest crate is as small as it can be, measured by [`weight`].
fn area_crates(api: &Api, operations: &[Operation]) -> Vec<AreaCrate> {
    let mut weights: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &api.types {
        *weights.entry(&t.module).or_default() += weight(t);
    }
    for op in operations {
        *weights.entry(&op.module).or_default() += 1 + op.path_params.len() + op.params.len();
    }
    weights.retain(|m, _| *m != SHARED && !api.root_modules.contains(*m));
    let areas: Vec<(&str, usize)> = weights.into_iter().collect();
    split_in_runs(&areas, AREA_CRATES)
        .into_iter()
        .map(|areas| AreaCrate {
            name: match areas.as_slice() {
                [first, .., last] => format!("{first}_to_{last}"),
                [one] => one.clone(),
                [] => unreachable!("a run holds at least one area"),
            },
            areas,
        })
        .collect()
}

/// Splits `areas` (name, weight), in their order, into at most `runs` runs, so that the
/// heaviest run is as light as it can be.
fn split_in_runs(areas: &[(&str, usize)], runs: usize) -> Vec<Vec<String>> {
    // The lightest heaviest run lies between the heaviest area and all of them: search it.
    let mut low = areas.iter().map(|a| a.1).max().unwrap_or(0);
    let mut high = areas.iter().map(|a| a.1).sum::<usize>().max(low);
    while low < high {
        let mid = (low + high) / 2;
        if fill_runs(areas, mid).len() <= runs {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    fill_runs(areas, low)
}

/// Fills runs of `areas` in order, each up to `capacity`.
fn fill_runs(areas: &[(&str, usize)], capacity: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut load = 0;
    for &(area, w) in areas {
        match out.last_mut() {
            Some(last) if load + w <= capacity => last.push(area.to_string()),
            _ => {
                out.push(vec![area.to_string()]);
                load = 0;
            }
        }
        load += w;
    }
    out
}

/// A stand-in for how much code a type generates: one for the type, one for each member.
fn weight(t: &crate::ir::TypeDef) -> usize {
    1 + match &t.kind {
        TypeKind::Struct(s) => s.fields.len(),
        TypeKind::Enum(e) => e.variants.len(),
        TypeKind::ObjectUnion(u) => u.variants.len(),
        TypeKind::ParamUnion(u) => u.variants.len(),
    }
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

#[cfg(test)]
mod tests {
    use super::split_in_runs;

    fn split(weights: &[usize], runs: usize) -> Vec<Vec<String>> {
        let names: Vec<String> = (0..weights.len()).map(|i| format!("a{i}")).collect();
        let areas: Vec<(&str, usize)> = names
            .iter()
            .map(String::as_str)
            .zip(weights.iter().copied())
            .collect();
        split_in_runs(&areas, runs)
    }

    #[test]
    fn runs_keep_the_order_and_make_the_heaviest_run_as_light_as_possible() {
        // Best split of 5+1+1+1+5+1 into two runs: 5+1+1 | 1+5+1 (7 each).
        assert_eq!(
            split(&[5, 1, 1, 1, 5, 1], 2),
            [vec!["a0", "a1", "a2"], vec!["a3", "a4", "a5"]]
        );
        // One heavy area takes a run of its own.
        assert_eq!(split(&[1, 9, 1], 3), [vec!["a0"], vec!["a1"], vec!["a2"]]);
    }

    #[test]
    fn fewer_areas_than_runs_gives_one_run_each() {
        assert_eq!(split(&[3, 4], 4), [vec!["a0"], vec!["a1"]]);
        assert!(split(&[], 4).is_empty());
    }
}
