//! Which cargo features compile the code of each type: the layout rule of the generated crates.
//!
//! A type's *definition* is compiled wherever its module is (an area's module behind its
//! feature, the shared module always), so that a feature changes no type another gave (but for
//! the variants of the unions of several kinds below). Its
//! *code* (every trait implementation and method: decoding, form encoding, `Debug`, `Clone`,
//! serde) is compiled only behind the features of the areas that use it, its [gate]:
//!
//! - a type of an area's module has that area's feature;
//! - a type of the shared module has the feature of every area whose requests or responses
//!   hold it by value: through fields, list items, union variants and parameters, but not
//!   through expandable fields, which keep an expanded object as JSON until it is decoded
//!   (`stripekit_types::Expandable::object`). A `PaymentIntent` thus compiles the code of its
//!   payment method options and its last error, not that of its expandable `invoice`,
//!   `customer` or `latest_charge`;
//! - a type that an expandable field names (`Expandable<ProductOrDeletedProduct>`) is decoded
//!   wherever the objects of its kind are (the features that decode a `Product`), and so is
//!   everything it holds. A union of objects of several kinds (a balance transaction's
//!   `source`) is decoded wherever any of them is, and holds each only where that object's own
//!   code is: its other variants are left out, and such an object arrives as the union's
//!   `Unknown`, as in the all-resources enum;
//! - an object no area uses either way arrives only as an event's object: it has the features
//!   of the areas that hold the all-resources enum (`events`);
//! - a schema that nothing in the API holds has the feature [`FULL`] (every area).
//!
//! A type's gate includes the gate of every type that holds it by value (but for those unions
//! of several kinds), so its code compiles wherever the code that decodes it does. Turning a
//! feature on only adds code, and those unions' variants.
//!
//! [gate]: crate::ir::TypeDef::gate

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, ResponseKind, TypeId, TypeKind, TypeRef};
use crate::naming::SHARED;

/// The feature of every area, which also compiles the code of the schemas no area holds.
pub const FULL: &str = "full";

/// The type references of type `id`: its fields, variants or members.
fn type_refs(api: &Api, id: TypeId) -> Vec<&TypeRef> {
    match &api.types[id.0].kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Enum(_) | TypeKind::ObjectUnion(_) => Vec::new(),
        TypeKind::ParamUnion(u) => u.variants.iter().map(|v| &v.ty).collect(),
    }
}

/// The types type `id` holds by value.
fn holds(api: &Api, id: TypeId) -> Vec<TypeId> {
    match &api.types[id.0].kind {
        TypeKind::ObjectUnion(u) => u.variants.iter().map(|v| v.ty).collect(),
        _ => type_refs(api, id)
            .into_iter()
            .filter_map(TypeRef::held)
            .collect(),
    }
}

/// The features of each type so far.
#[derive(Default)]
struct Gates {
    /// Those it gets from the types and requests that hold it by value, which it passes on to
    /// what it holds by value.
    held: BTreeMap<TypeId, BTreeSet<String>>,
    /// Those a union of several kinds gets from its objects as an expandable field's type,
    /// which it does not pass on (each object decodes only where its own code is).
    expanded: BTreeMap<TypeId, BTreeSet<String>>,
}

impl Gates {
    /// Every feature of type `id`.
    fn of(&self, id: TypeId) -> BTreeSet<String> {
        let held = self.held.get(&id).into_iter().flatten();
        let expanded = self.expanded.get(&id).into_iter().flatten();
        held.chain(expanded).cloned().collect()
    }

    /// Adds `areas` to the gate of `root` and of everything it holds by value.
    fn spread(&mut self, api: &Api, root: TypeId, areas: &BTreeSet<String>) {
        let mut todo = vec![root];
        while let Some(id) = todo.pop() {
            let gate = self.held.entry(id).or_default();
            if !areas.is_subset(gate) {
                gate.extend(areas.iter().cloned());
                todo.extend(holds(api, id));
            }
        }
    }

    /// Gives every expandable field's type the features that decode objects of its kind, until
    /// nothing changes: the kind's own features, or for a union of several kinds those of any
    /// of its objects.
    fn settle_expansions(&mut self, api: &Api, targets: &BTreeSet<TypeId>) {
        loop {
            let mut changed = false;
            for &target in targets {
                let Some(kind) = api.types[target.0].id_kind else {
                    continue;
                };
                let has = self.of(target);
                if kind != target {
                    let areas = self.of(kind);
                    if !areas.is_subset(&has) {
                        self.spread(api, target, &areas);
                        changed = true;
                    }
                } else if let TypeKind::ObjectUnion(u) = &api.types[target.0].kind {
                    let areas: BTreeSet<String> =
                        u.variants.iter().flat_map(|v| self.of(v.ty)).collect();
                    if !areas.is_subset(&has) {
                        self.expanded.entry(target).or_default().extend(areas);
                        changed = true;
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }
}

/// Sets [`TypeDef::gate`](crate::ir::TypeDef::gate) of every type, as the module docs say.
pub(super) fn assign(api: &mut Api) {
    let mut gates = Gates::default();
    for op in &api.operations {
        let areas = BTreeSet::from([op.module.clone()]);
        let response = match &op.response {
            ResponseKind::Json(ty) => ty.held(),
            _ => None,
        };
        let params = op.params.iter().filter_map(|p| p.ty.held());
        for root in params.chain(response) {
            gates.spread(api, root, &areas);
        }
    }
    for (i, def) in api.types.iter().enumerate() {
        if def.module != SHARED {
            gates.spread(api, TypeId(i), &BTreeSet::from([def.module.clone()]));
        }
    }
    let targets: BTreeSet<TypeId> = (0..api.types.len())
        .flat_map(|i| {
            type_refs(api, TypeId(i))
                .into_iter()
                .filter_map(TypeRef::expanded)
        })
        .collect();
    gates.settle_expansions(api, &targets);
    // The objects no area decodes still arrive as events' objects.
    let events: BTreeSet<String> = api.root_modules.clone();
    for object in &api.objects {
        if gates.of(object.ty).is_empty() {
            gates.spread(api, object.ty, &events);
        }
    }
    gates.settle_expansions(api, &targets);
    // What is left, nothing in the API holds: schemas the spec defines but no longer uses.
    let full = BTreeSet::from([FULL.to_string()]);
    for id in (0..api.types.len()).map(TypeId) {
        if gates.of(id).is_empty() {
            gates.spread(api, id, &full);
        }
    }
    gates.settle_expansions(api, &targets);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.gate = if def.module == SHARED {
            let mut gate = gates.of(TypeId(i));
            // `full` turns every area on: beside an area it says nothing.
            if gate.len() > 1 {
                gate.remove(FULL);
            }
            gate.into_iter().collect()
        } else {
            // The module's feature already holds the whole type.
            vec![def.module.clone()]
        };
    }
}
