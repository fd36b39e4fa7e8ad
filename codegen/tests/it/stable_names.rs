//! Names hold still when the spec moves: every generated type whose place in the spec exists in
//! two revisions of the same API version keeps its name, its module and its file (so its crate),
//! and every request type of a concept of the table keeps it wherever the concept appears.

use std::collections::BTreeMap;

use stripe_codegen::ir::{Api, Origin, TypeKind, TypeRef};
use stripe_codegen::load::SpecFiles;
use stripe_codegen::packaging::Packaging;
use stripe_codegen::{emit, generate};

fn api(tag: &str) -> Api {
    let files = SpecFiles::pinned(tag).unwrap_or_else(|e| panic!("{e:#}"));
    generate::api_from_files(&files).unwrap()
}

/// Each place of the spec (a component, or an owner and field path) -> the name and module of
/// the type generated for it.
fn places(api: &Api) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for t in &api.types {
        for origin in &t.origins {
            let place = match origin {
                Origin::Component(name) => format!("#/components/schemas/{name}"),
                Origin::Inline { owner, path } => format!("{owner}.{}", path.join(".")),
                Origin::Concept { concept, path } => format!("{concept}.{}", path.join(".")),
            };
            out.insert(place, (t.name.clone(), t.module.clone()));
        }
    }
    out
}

#[test]
fn types_keep_their_names_and_modules_from_v271_to_v458() {
    let (old, new) = (places(&api("v271")), places(&api("v458")));
    let mut changed = Vec::new();
    let mut compared = 0;
    for (place, before) in &old {
        let Some(after) = new.get(place) else {
            continue;
        };
        compared += 1;
        if before != after {
            changed.push(format!(
                "{place}: {} in {} -> {} in {}",
                before.0, before.1, after.0, after.1
            ));
        }
    }
    assert!(compared > 2500, "only {compared} places in both");
    // The one change is real: in v458 another area than `invoiceitems` refers to invoice items
    // too, so their type moves to the shared module that both areas see.
    let expected =
        ["#/components/schemas/invoiceitem: Invoiceitem in invoiceitems -> Invoiceitem in shared"];
    assert_eq!(
        changed,
        expected,
        "{} of {compared} places changed",
        changed.len()
    );
}

/// Each type the generated tree defines -> the file that defines it.
fn files_of_types(api: &Api) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in emit::emit(api, &Packaging::default()).unwrap() {
        for line in file.contents.lines() {
            let Some(rest) = ["pub struct ", "pub enum "]
                .iter()
                .find_map(|keyword| line.strip_prefix(keyword))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let before = out.insert(name.clone(), file.path.clone());
            assert!(before.is_none(), "{name} is defined twice");
        }
    }
    out
}

#[test]
fn types_keep_their_crate_and_file_from_v271_to_v458() {
    let (old, new) = (files_of_types(&api("v271")), files_of_types(&api("v458")));
    let mut moved = Vec::new();
    for (name, before) in &old {
        if let Some(after) = new.get(name).filter(|after| *after != before) {
            moved.push(format!("{name}: {before} -> {after}"));
        }
    }
    assert!(old.len() > 2500, "only {} types in v271", old.len());
    // The one module move of the test above, with the types its file holds.
    let expected: Vec<String> = ["Invoiceitem"]
        .iter()
        .map(|name| {
            format!(
                "{name}: domains/billing/src/invoiceitems/invoiceitem.rs -> \
                 shared/src/shared/invoiceitem.rs"
            )
        })
        .collect();
    assert_eq!(moved, expected, "{} types changed file", moved.len());
}

#[test]
fn every_concept_place_of_the_table_is_the_concept() {
    let api = api("v271");
    let table: toml::Table = toml::from_str(include_str!("../../concepts.toml")).unwrap();
    let concepts = table["concept"].as_array().unwrap();
    for concept in concepts {
        let name = concept["name"].as_str().unwrap();
        assert!(
            api.types.iter().any(|t| t.name == name),
            "the concept {name} is used nowhere in v271"
        );
        for place in concept
            .get("places")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            let place = place.as_str().unwrap();
            let mut segments = place.split('.');
            let request = segments.next().unwrap();
            let op = api
                .operations
                .iter()
                .find(|o| o.name == request)
                .unwrap_or_else(|| panic!("{place}: no request {request}"));
            let mut fields = &op.params;
            let mut found = None;
            for segment in segments {
                let field = fields
                    .iter()
                    .find(|f| f.wire == segment)
                    .unwrap_or_else(|| panic!("{place}: no field {segment}"));
                let TypeRef::Named(id) = field.ty.leaf() else {
                    panic!("{place}: {segment} is not a named type");
                };
                found = Some(&api.types[id.0]);
                if let TypeKind::Struct(s) = &api.types[id.0].kind {
                    fields = &s.fields;
                }
            }
            assert_eq!(found.map(|t| t.name.as_str()), Some(name), "{place}");
        }
    }
}
