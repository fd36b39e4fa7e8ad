//! Two lowered specs -> the generated items that change, and whether each change can break code
//! that compiles today.
//!
//! Both specs go through the generator's own lowering, so the items are exactly those that
//! `cargo xtask generate` would write. A type that keeps its origin in the spec (the same
//! component schema, the same inline place) but gets a new name is one rename, not a removal and
//! an addition; likewise a request whose operation keeps its method and path.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{ItemKind, RustChange, RustChangeKind};
use super::shape::operation_key;
use super::surface::{Item, surface};
use crate::ir::{Api, Origin};
use crate::lower::{SHARED, feature_of};

/// Every change to the generated items, sorted by item. `schema_renames` maps old component
/// schema names to new ones, so that a type generated from a renamed schema is seen as renamed.
pub(super) fn rust_impact(
    old: &Api,
    new: &Api,
    schema_renames: &BTreeMap<String, String>,
) -> Vec<RustChange> {
    let renames = type_renames(old, new, schema_renames);
    let request_renames = request_renames(old, new);
    let mut renamed_old = old.clone();
    for t in &mut renamed_old.types {
        if let Some(to) = renames.get(&t.name) {
            t.name = to.clone();
        }
    }
    for op in &mut renamed_old.operations {
        if let Some(to) = request_renames.get(&op.name) {
            op.name = to.clone();
        }
    }
    let before = surface(&renamed_old);
    let after = surface(new);

    let mut out = Vec::new();
    for (kind, map) in [
        (ItemKind::Type, &renames),
        (ItemKind::Request, &request_renames),
    ] {
        for (from, to) in map {
            let module = after[to].module.as_str();
            out.push(change(
                kind,
                RustChangeKind::Renamed,
                to,
                module,
                Some(from.clone()),
                Some(to.clone()),
                true,
            ));
        }
    }
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let (a, b) = (before.get(key), after.get(key));
        let parent = parent(key);
        let parent_changes =
            parent.is_some_and(|p| before.contains_key(p) != after.contains_key(p));
        if parent_changes {
            // The whole type comes or goes; its entry says so.
            continue;
        }
        match (a, b) {
            (None, Some(b)) => out.push(change(
                b.kind,
                RustChangeKind::Added,
                key,
                &b.module,
                None,
                Some(b.signature.clone()),
                b.added_breaks,
            )),
            (Some(a), None) => out.push(change(
                a.kind,
                RustChangeKind::Removed,
                key,
                &a.module,
                Some(a.signature.clone()),
                None,
                true,
            )),
            (Some(a), Some(b)) => compare_item(key, a, b, &mut out),
            (None, None) => unreachable!("the key comes from one of the two"),
        }
    }
    out.sort_by(|x, y| (&x.item, x.change).cmp(&(&y.item, y.change)));
    out
}

fn compare_item(key: &str, a: &Item, b: &Item, out: &mut Vec<RustChange>) {
    if a.signature != b.signature || a.kind != b.kind {
        out.push(change(
            b.kind,
            RustChangeKind::Changed,
            key,
            &b.module,
            Some(a.signature.clone()),
            Some(b.signature.clone()),
            true,
        ));
    }
    let is_type = matches!(b.kind, ItemKind::Type | ItemKind::Request);
    if is_type && a.module != b.module {
        // Every type is re-exported at the crate root, so only the feature that compiles it
        // matters: moving into the always-compiled module breaks nothing.
        out.push(change(
            b.kind,
            RustChangeKind::Moved,
            key,
            &b.module,
            Some(a.module.clone()),
            Some(b.module.clone()),
            b.module != SHARED,
        ));
    }
}

/// `Customer.email` -> `Customer`; `TaxExempt::Reverse` -> `TaxExempt`; `Customer` -> `None`.
fn parent(key: &str) -> Option<&str> {
    key.find(['.', ':']).map(|i| &key[..i])
}

/// Old type name -> new type name, for types whose first origin is the same in both specs.
fn type_renames(
    old: &Api,
    new: &Api,
    schema_renames: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let old_names: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let mut added_by_origin: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in new
        .types
        .iter()
        .filter(|t| !old_names.contains(t.name.as_str()))
    {
        added_by_origin
            .entry(origin_key(&t.origins[0], &BTreeMap::new()))
            .or_default()
            .push(&t.name);
    }
    let mut out = BTreeMap::new();
    for t in old
        .types
        .iter()
        .filter(|t| !new_names.contains(t.name.as_str()))
    {
        if let Some([to]) = added_by_origin
            .get(&origin_key(&t.origins[0], schema_renames))
            .map(Vec::as_slice)
        {
            out.insert(t.name.clone(), to.to_string());
        }
    }
    // Two old types renamed to one new one is a merge, not a rename.
    let mut targets: BTreeMap<String, usize> = BTreeMap::new();
    out.values()
        .for_each(|to| *targets.entry(to.clone()).or_default() += 1);
    out.retain(|_, to| targets[to.as_str()] == 1);
    out
}

fn origin_key(origin: &Origin, schema_renames: &BTreeMap<String, String>) -> String {
    match origin {
        Origin::Component(name) => {
            format!("schema {}", schema_renames.get(name).unwrap_or(name))
        }
        Origin::Inline { owner, path } => format!("inline {owner} {}", path.join(".")),
        Origin::Concept { concept, path } => format!("concept {concept} {}", path.join(".")),
    }
}

/// Old request name -> new request name, for operations with the same method and path.
fn request_renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let by_key: BTreeMap<String, &str> = new
        .operations
        .iter()
        .map(|o| (operation_key(o.method.as_str(), &o.path), o.name.as_str()))
        .collect();
    old.operations
        .iter()
        .filter_map(|o| {
            let to = by_key.get(&operation_key(o.method.as_str(), &o.path))?;
            (*to != o.name).then(|| (o.name.clone(), to.to_string()))
        })
        .collect()
}

fn change(
    kind: ItemKind,
    change: RustChangeKind,
    item: &str,
    module: &str,
    old: Option<String>,
    new: Option<String>,
    breaking: bool,
) -> RustChange {
    let message = message(kind, change, item, old.as_deref(), new.as_deref(), breaking);
    RustChange {
        kind,
        change,
        item: item.to_string(),
        feature: module.to_string(),
        old,
        new,
        breaking,
        message,
    }
}

fn message(
    kind: ItemKind,
    change: RustChangeKind,
    item: &str,
    old: Option<&str>,
    new: Option<&str>,
    breaking: bool,
) -> String {
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    let owner = parent(item).unwrap_or(item);
    let subject = match kind {
        ItemKind::Type => format!("type `{item}`"),
        ItemKind::Request => format!("request `{item}`"),
        ItemKind::Response => format!("the response type of `{owner}`"),
        ItemKind::Field => format!("field `{item}`"),
        ItemKind::Variant => format!("variant `{item}`"),
        ItemKind::Constructor => format!("`{item}`"),
        ItemKind::Method => format!("builder method `{item}`"),
        ItemKind::Default => format!("`Default` for `{owner}`"),
    };
    match change {
        RustChangeKind::Added if kind == ItemKind::Default => {
            format!("`{owner}` now implements `Default`")
        }
        RustChangeKind::Removed if kind == ItemKind::Default => {
            format!("`{owner}` no longer implements `Default`")
        }
        RustChangeKind::Added => {
            let why = match (breaking, kind) {
                (true, ItemKind::Variant) => " (exhaustive matches must handle it)",
                _ => "",
            };
            format!("{subject} added: `{new}`{why}")
        }
        RustChangeKind::Removed => format!("{subject} removed (was `{old}`)"),
        RustChangeKind::Changed => format!("{subject} changed from `{old}` to `{new}`"),
        RustChangeKind::Renamed => format!("{subject} renamed from `{old}`"),
        RustChangeKind::Moved => match feature_of(new) {
            Some(feature) => format!(
                "{subject} moved from module `{old}` to `{new}`: it needs the `{feature}` feature"
            ),
            None => format!("{subject} moved from module `{old}` to `{new}`, always compiled"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::parent;

    #[test]
    fn members_name_their_type() {
        assert_eq!(parent("Customer.email"), Some("Customer"));
        assert_eq!(parent("TaxExempt::Reverse"), Some("TaxExempt"));
        assert_eq!(parent("CreateCustomer: Default"), Some("CreateCustomer"));
        assert_eq!(parent("Customer"), None);
    }
}
