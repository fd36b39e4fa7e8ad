//! Two [`SpecShape`]s -> the changes on the wire, each classified as breaking or not for a client.
//!
//! | change | request side (the client sends it) | response side (the client reads it) |
//! |---|---|---|
//! | field added | breaking when required | not breaking |
//! | field removed, type changed | breaking | breaking |
//! | became required | breaking | not breaking |
//! | became optional | not breaking | breaking (it may be absent) |
//! | became nullable | not breaking | breaking |
//! | enum value / union variant added | not breaking | breaking (exhaustive matching) |
//! | enum value / union variant removed | breaking | not breaking |
//! | expandable field added / removed | – | not breaking / breaking |
//!
//! A schema used on both sides is breaking when either side says so. Removed operations and
//! schemas and a new API version are breaking; additions, deprecations and renames (same shape,
//! new name) are not.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{Change, ChangeKind, Side};
use super::shape::{FieldShape, Object, OperationShape, Shape, SpecShape, same_modulo_renames};

/// Every change from `old` to `new`, in print order, and the schema renames found.
pub(super) fn compare(old: &SpecShape, new: &SpecShape) -> (Vec<Change>, BTreeMap<String, String>) {
    let renames = renames(old, new);
    let mut cx = Cx {
        renames: &renames,
        out: Vec::new(),
    };
    if old.api_version != new.api_version {
        cx.push(
            &Place::api(),
            ChangeKind::ApiVersionChanged,
            "",
            Some(old.api_version.clone()),
            Some(new.api_version.clone()),
        );
    }
    compare_operations(&mut cx, old, new);
    compare_schemas(&mut cx, old, new);
    (cx.out, renames)
}

/// Where a change is, and which side of the API it is on.
struct Place {
    operation: Option<String>,
    schema: Option<String>,
    side: Side,
}

impl Place {
    fn api() -> Place {
        Place {
            operation: None,
            schema: None,
            side: Side::Api,
        }
    }
}

struct Cx<'a> {
    /// Old schema name -> new schema name, for schemas renamed with the same shape.
    renames: &'a BTreeMap<String, String>,
    out: Vec<Change>,
}

impl Cx<'_> {
    /// Records a change classified by the table of the module docs.
    fn push(
        &mut self,
        place: &Place,
        kind: ChangeKind,
        path: &str,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.out.push(change(place, kind, path, old, new, None));
    }

    /// The new name of an old schema.
    fn renamed<'n>(&'n self, old: &'n str) -> &'n str {
        self.renames.get(old).map_or(old, String::as_str)
    }

    fn shapes(&mut self, place: &Place, path: &str, old: &Shape, new: &Shape) {
        use Shape::*;
        match (old, new) {
            _ if old == new => {}
            (Ref(a), Ref(b)) if self.renamed(a) == b => {}
            (Enum(a), Enum(b)) => {
                for value in a.difference(b) {
                    let value = Some(value.clone());
                    self.push(place, ChangeKind::EnumValueRemoved, path, value, None);
                }
                for value in b.difference(a) {
                    let value = Some(value.clone());
                    self.push(place, ChangeKind::EnumValueAdded, path, None, value);
                }
            }
            (Object(a), Object(b)) => self.objects(place, path, a, b),
            (Array(a), Array(b)) => self.shapes(place, &format!("{path}[]"), a, b),
            (Map(a), Map(b)) => self.shapes(place, &join(path, "*"), a, b),
            (Expandable(a), Expandable(b)) => self.shapes(place, path, a, b),
            (String(_), Expandable(target)) => {
                let target = Some(target.describe());
                self.push(place, ChangeKind::ExpandableAdded, path, None, target);
            }
            (Expandable(target), String(_)) => {
                let target = Some(target.describe());
                self.push(place, ChangeKind::ExpandableRemoved, path, target, None);
            }
            (Union(a), Union(b)) => self.unions(place, path, a, b),
            (Union(a), b) => self.unions(place, path, a, std::slice::from_ref(b)),
            (a, Union(b)) => self.unions(place, path, std::slice::from_ref(a), b),
            (a, b) => self.push(
                place,
                ChangeKind::TypeChanged,
                path,
                Some(a.describe()),
                Some(b.describe()),
            ),
        }
    }

    fn objects(&mut self, place: &Place, path: &str, old: &Object, new: &Object) {
        let names: BTreeSet<&String> = old.fields.keys().chain(new.fields.keys()).collect();
        for name in names {
            let path = join(path, name);
            match (old.fields.get(name), new.fields.get(name)) {
                (Some(a), Some(b)) => self.fields(place, &path, a, b),
                (None, Some(b)) => {
                    let new = Some(b.shape.describe());
                    let kind = ChangeKind::FieldAdded;
                    let added = change(place, kind, &path, None, new, Some(b.required));
                    self.out.push(added);
                }
                (Some(a), None) => {
                    let old = Some(a.shape.describe());
                    self.push(place, ChangeKind::FieldRemoved, &path, old, None);
                }
                (None, None) => unreachable!("the name comes from one of the two"),
            }
        }
    }

    fn fields(&mut self, place: &Place, path: &str, old: &FieldShape, new: &FieldShape) {
        match (old.required, new.required) {
            (false, true) => self.push(place, ChangeKind::BecameRequired, path, None, None),
            (true, false) => self.push(place, ChangeKind::BecameOptional, path, None, None),
            _ => {}
        }
        match (old.nullable, new.nullable) {
            (false, true) => self.push(place, ChangeKind::BecameNullable, path, None, None),
            (true, false) => self.push(place, ChangeKind::BecameNonNullable, path, None, None),
            _ => {}
        }
        if !old.deprecated && new.deprecated {
            self.push(place, ChangeKind::FieldDeprecated, path, None, None);
        }
        self.shapes(place, path, &old.shape, &new.shape);
    }

    /// Pairs the variants of two unions by kind (the same schema, string, object, …), compares
    /// each pair, and reports the variants without a partner.
    fn unions(&mut self, place: &Place, path: &str, old: &[Shape], new: &[Shape]) {
        let old_keyed = keyed(old, |name| self.renamed(name).to_string());
        let new_keyed = keyed(new, str::to_string);
        for (key, a) in &old_keyed {
            match new_keyed.get(key) {
                Some(b) => self.shapes(place, path, a, b),
                None => {
                    let variant = Some(a.describe());
                    self.push(place, ChangeKind::VariantRemoved, path, variant, None);
                }
            }
        }
        for (key, b) in &new_keyed {
            if !old_keyed.contains_key(key) {
                let variant = Some(b.describe());
                self.push(place, ChangeKind::VariantAdded, path, None, variant);
            }
        }
    }
}

/// Union variants by a key that survives changes inside them: the schema's name (through
/// `rename`) for a `$ref`, the kind otherwise, numbered when a kind repeats.
fn keyed(shapes: &[Shape], rename: impl Fn(&str) -> String) -> BTreeMap<String, &Shape> {
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for shape in shapes {
        let kind = match shape {
            Shape::Ref(name) => format!("ref {}", rename(name)),
            Shape::String(_) => "string".into(),
            Shape::Enum(values) if values.len() == 1 && values.contains("") => "empty".into(),
            Shape::Enum(_) => "enum".into(),
            Shape::Integer(_) => "integer".into(),
            Shape::Number => "number".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Array(_) => "array".into(),
            Shape::Map(_) => "map".into(),
            Shape::Object(_) => "object".into(),
            Shape::Expandable(_) => "expandable".into(),
            Shape::Union(_) => "union".into(),
            Shape::Any => "any".into(),
        };
        let n = seen.entry(kind.clone()).or_default();
        out.insert(format!("{kind} {n}"), shape);
        *n += 1;
    }
    out
}

fn compare_operations(cx: &mut Cx<'_>, old: &SpecShape, new: &SpecShape) {
    // In path order, then method, as the API reference lists them.
    let mut keys: Vec<&String> = old
        .operations
        .keys()
        .chain(new.operations.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    keys.sort_by_key(|k| {
        let (method, path) = k.split_once(' ').expect("a method and a path");
        (path, method)
    });
    for key in keys {
        let method = key.split_once(' ').expect("a method and a path").0;
        let (a, b) = (old.operations.get(key), new.operations.get(key));
        let path = &b.or(a).expect("in one of the two").path;
        let place = Place {
            operation: Some(format!("{method} {path}")),
            schema: None,
            side: Side::Api,
        };
        match (a, b) {
            (Some(a), Some(b)) => operation(cx, place, a, b),
            (None, Some(_)) => cx.push(&place, ChangeKind::OperationAdded, "", None, None),
            (Some(_), None) => cx.push(&place, ChangeKind::OperationRemoved, "", None, None),
            (None, None) => unreachable!("the key comes from one of the two"),
        }
    }
}

fn operation(cx: &mut Cx<'_>, place: Place, old: &OperationShape, new: &OperationShape) {
    match (old.deprecated, new.deprecated) {
        (false, true) => cx.push(&place, ChangeKind::OperationDeprecated, "", None, None),
        (true, false) => cx.push(&place, ChangeKind::OperationUndeprecated, "", None, None),
        _ => {}
    }
    let request = Place {
        side: Side::Request,
        ..place
    };
    cx.objects(&request, "", &old.params, &new.params);
    let response = Place {
        side: Side::Response,
        ..request
    };
    let describe = |r: &Option<Shape>| r.as_ref().map_or("PDF bytes".into(), Shape::describe);
    match (&old.response, &new.response) {
        (Some(a), Some(b)) => cx.shapes(&response, "response", a, b),
        (None, None) => {}
        (a, b) => cx.push(
            &response,
            ChangeKind::TypeChanged,
            "response",
            Some(describe(a)),
            Some(describe(b)),
        ),
    }
}

fn compare_schemas(cx: &mut Cx<'_>, old: &SpecShape, new: &SpecShape) {
    let old_sides = sides(old);
    let new_sides = sides(new);
    let renamed_to: BTreeSet<&String> = cx.renames.values().collect();
    let names: BTreeSet<&String> = old.schemas.keys().chain(new.schemas.keys()).collect();
    for name in names {
        let (a, b) = (old.schemas.get(name), new.schemas.get(name));
        let side = match b {
            Some(_) => new_sides.get(name.as_str()),
            None => old_sides.get(name.as_str()),
        };
        let place = Place {
            operation: None,
            schema: Some(name.clone()),
            side: side.copied().unwrap_or(Side::Response),
        };
        match (a, b) {
            (Some(a), Some(b)) => cx.shapes(&place, "", a, b),
            (None, Some(_)) if renamed_to.contains(name) => {}
            (None, Some(_)) => cx.push(&place, ChangeKind::SchemaAdded, "", None, None),
            (Some(_), None) => match cx.renames.get(name) {
                Some(to) => {
                    let to = Some(to.clone());
                    cx.push(
                        &place,
                        ChangeKind::SchemaRenamed,
                        "",
                        Some(name.clone()),
                        to,
                    )
                }
                None => cx.push(&place, ChangeKind::SchemaRemoved, "", None, None),
            },
            (None, None) => unreachable!("the name comes from one of the two"),
        }
    }
}

/// Removed schemas whose shape is that of exactly one added schema, and of no other removed one.
/// Shapes are compared with the renames found so far, until no more are found, so that a schema
/// that refers to a renamed schema can be found renamed too.
fn renames(old: &SpecShape, new: &SpecShape) -> BTreeMap<String, String> {
    let mut removed: Vec<(&String, &Shape)> = old
        .schemas
        .iter()
        .filter(|(n, _)| !new.schemas.contains_key(*n))
        .collect();
    let mut added: Vec<(&String, &Shape)> = new
        .schemas
        .iter()
        .filter(|(n, _)| !old.schemas.contains_key(*n))
        .collect();
    let mut out = BTreeMap::new();
    loop {
        let mut found = Vec::new();
        for (i, (_, shape)) in removed.iter().enumerate() {
            let same = |s: &&Shape| same_modulo_renames(shape, s, &out);
            let targets: Vec<usize> = (0..added.len()).filter(|&j| same(&added[j].1)).collect();
            let [j] = targets.as_slice() else { continue };
            let rivals = removed
                .iter()
                .filter(|(_, s)| same_modulo_renames(s, added[*j].1, &out));
            if rivals.count() == 1 {
                found.push((i, *j));
            }
        }
        if found.is_empty() {
            return out;
        }
        for &(i, j) in &found {
            out.insert(removed[i].0.clone(), added[j].0.clone());
        }
        let renamed_to: BTreeSet<&String> = out.values().collect();
        removed.retain(|(name, _)| !out.contains_key(*name));
        added.retain(|(name, _)| !renamed_to.contains(name));
    }
}

/// Which side of the API each schema is used on: reachable from parameters, from responses, or
/// both.
fn sides(spec: &SpecShape) -> BTreeMap<&str, Side> {
    let params = spec
        .operations
        .values()
        .flat_map(|o| o.params.fields.values().map(|f| &f.shape));
    let request = reachable(spec, params);
    let responses = spec.operations.values().filter_map(|o| o.response.as_ref());
    let response = reachable(spec, responses);
    let mut out = BTreeMap::new();
    for name in spec.schemas.keys() {
        let side = match (
            request.contains(name.as_str()),
            response.contains(name.as_str()),
        ) {
            (true, true) => Side::Both,
            (true, false) => Side::Request,
            _ => Side::Response,
        };
        out.insert(name.as_str(), side);
    }
    out
}

/// The schemas that `roots` refer to, directly or through other schemas.
fn reachable<'a>(spec: &'a SpecShape, roots: impl Iterator<Item = &'a Shape>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo = BTreeSet::new();
    roots.for_each(|r| r.refs(&mut todo));
    while let Some(name) = todo.pop_first() {
        if seen.insert(name)
            && let Some(shape) = spec.schemas.get(name)
        {
            shape.refs(&mut todo);
        }
    }
    seen
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// The classification table of the module docs. `required` is set for an added field.
fn is_breaking(kind: ChangeKind, side: Side, required: Option<bool>) -> bool {
    use ChangeKind::*;
    let request = matches!(side, Side::Request | Side::Both);
    let response = matches!(side, Side::Response | Side::Both);
    match kind {
        ApiVersionChanged | OperationRemoved | SchemaRemoved | FieldRemoved | TypeChanged
        | ExpandableRemoved => true,
        OperationAdded
        | OperationDeprecated
        | OperationUndeprecated
        | SchemaAdded
        | SchemaRenamed
        | FieldDeprecated
        | ExpandableAdded
        | BecameNonNullable => false,
        // A client that does not send a new required parameter fails.
        FieldAdded => request && required == Some(true),
        BecameRequired | EnumValueRemoved | VariantRemoved => request,
        BecameOptional | BecameNullable | EnumValueAdded | VariantAdded => response,
    }
}

fn change(
    place: &Place,
    kind: ChangeKind,
    path: &str,
    old: Option<String>,
    new: Option<String>,
    required: Option<bool>,
) -> Change {
    let mut change = Change {
        kind,
        side: place.side,
        operation: place.operation.clone(),
        schema: place.schema.clone(),
        path: path.to_string(),
        old,
        new,
        required,
        breaking: is_breaking(kind, place.side, required),
        message: String::new(),
    };
    change.message = message(&change);
    change
}

/// One sentence for a change, with code spans.
fn message(change: &Change) -> String {
    use ChangeKind::*;
    let old = change.old.as_deref().unwrap_or_default();
    let new = change.new.as_deref().unwrap_or_default();
    let subject = match (change.path.as_str(), &change.operation, &change.schema) {
        ("", Some(op), _) => format!("`{op}`"),
        ("", None, Some(schema)) => format!("schema `{schema}`"),
        (path, ..) => format!("`{path}`"),
    };
    let request = change.side == Side::Request;
    let noun = if request { "parameter" } else { "field" };
    match change.kind {
        ApiVersionChanged => format!("API version `{old}` → `{new}`"),
        OperationAdded | SchemaAdded => format!("{subject} added"),
        OperationRemoved | SchemaRemoved => format!("{subject} removed"),
        OperationDeprecated => format!("{subject} is now deprecated"),
        OperationUndeprecated => format!("{subject} is no longer deprecated"),
        SchemaRenamed => format!("schema `{old}` renamed to `{new}` (same shape)"),
        FieldAdded => {
            let required = if change.required == Some(true) {
                "required"
            } else {
                "optional"
            };
            format!("{noun} {subject} added ({required}, {new})")
        }
        FieldRemoved => format!("{noun} {subject} removed (was {old})"),
        FieldDeprecated => format!("{noun} {subject} is now deprecated"),
        BecameRequired => format!("{subject} is now required"),
        BecameOptional if request => format!("{subject} is now optional"),
        BecameOptional => format!("{subject} may now be absent"),
        BecameNullable => format!("{subject} can now be null"),
        BecameNonNullable => format!("{subject} is no longer null"),
        TypeChanged => format!("{subject} changed type from `{old}` to `{new}`"),
        EnumValueAdded => format!("{subject} gained the value `{new}`"),
        EnumValueRemoved => format!("{subject} lost the value `{old}`"),
        ExpandableAdded => format!("{subject} can now be expanded (to `{new}`)"),
        ExpandableRemoved => format!("{subject} can no longer be expanded (to `{old}`)"),
        VariantAdded => format!("{subject} can now also be `{new}`"),
        VariantRemoved => format!("{subject} can no longer be `{old}`"),
    }
}
