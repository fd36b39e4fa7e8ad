//! Which file of its module each type and request goes in, so that a type is found by its name.
//! The emitter writes each item where [`TypeDef::file`](crate::ir::TypeDef::file) and [`Operation::file`] say.
//!
//! A module (an area, or `shared`) is a file that `include!`s a directory of files, one per
//! resource; the items stay in one module, which compiles as fast as one file:
//!
//! - a component type is the resource of its own file, named after it in snake case
//!   (`Customer` in `customer.rs`, `IssuingCardholder` in `issuing_cardholder.rs`); a deleted
//!   object (`DeletedCustomer`) goes with the object it deletes;
//! - an inline type goes with its owner: the component it is a field of, the request it is a
//!   parameter of, or the concept of `codegen/concepts.toml` it is part of (`AddressParams` and
//!   the types inside it in `address_params.rs`);
//! - a request goes with the object it returns or lists (`CreateCustomer`, `ListCustomers` and
//!   `DeleteCustomer` in `customer.rs`), or, when it returns no object, with its area
//!   (`RetrieveBalance` returns `Balance`, in `balance.rs`; a PDF download in `<area>.rs`).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Operation, Origin, ResponseKind, TypeId, TypeKind, TypeRef};
use crate::naming;

/// Records the file of every type and request of `api` ([`TypeDef::file`](crate::ir::TypeDef::file),
/// [`Operation::file`]); the modules must already be assigned.
pub(super) fn assign(api: &mut Api) {
    let by_component: BTreeMap<&str, TypeId> = api
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.origins[0] {
            Origin::Component(name) => Some((name.as_str(), TypeId(i))),
            _ => None,
        })
        .collect();
    let live: BTreeMap<&str, TypeId> = api
        .objects
        .iter()
        .filter(|o| !o.deleted)
        .map(|o| (o.object.as_str(), o.ty))
        .collect();
    let concepts: BTreeSet<&str> = api
        .types
        .iter()
        .flat_map(|t| &t.origins)
        .filter_map(|o| match o {
            Origin::Concept { concept, .. } => Some(concept.as_str()),
            _ => None,
        })
        .collect();
    let mut components: BTreeMap<TypeId, String> = BTreeMap::new();
    for &id in by_component.values() {
        let owner = match &api.types[id.0].kind {
            TypeKind::Struct(s) if s.deleted => s
                .object_name
                .as_deref()
                .and_then(|o| live.get(o))
                .copied()
                .unwrap_or(id),
            _ => id,
        };
        components.insert(id, naming::file_name(&api.types[owner.0].name));
    }
    let requests: BTreeMap<String, String> = api
        .operations
        .iter()
        .map(|op| (op.name.clone(), request_file(op, &components)))
        .collect();
    let types: Vec<String> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, def)| match &def.origins[0] {
            Origin::Component(_) => components[&TypeId(i)].clone(),
            _ if concepts.contains(def.name.as_str()) => naming::file_name(&def.name),
            Origin::Concept { concept, .. } => naming::file_name(concept),
            Origin::Inline { owner, .. } => by_component
                .get(owner.as_str())
                .map(|id| components[id].clone())
                .or_else(|| requests.get(owner).cloned())
                .unwrap_or_else(|| naming::file_name(owner)),
        })
        .collect();
    for (def, file) in api.types.iter_mut().zip(types) {
        def.file = file;
    }
    for op in &mut api.operations {
        op.file = requests[&op.name].clone();
    }
}

/// The file of the object a request returns or lists, or else of its area.
fn request_file(op: &Operation, components: &BTreeMap<TypeId, String>) -> String {
    let item = match &op.response {
        ResponseKind::Json(TypeRef::Named(id)) => Some(*id),
        ResponseKind::Json(TypeRef::List(item) | TypeRef::SearchResult(item)) => match **item {
            TypeRef::Named(id) => Some(id),
            _ => None,
        },
        _ => None,
    };
    item.and_then(|id| components.get(&id).cloned())
        .unwrap_or_else(|| op.module.clone())
}
