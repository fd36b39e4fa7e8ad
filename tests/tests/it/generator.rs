//! The checked-in generated code is exactly what the generator produces from the pinned spec,
//! and the generator produces the same bytes every time.

use stripe_codegen::generate;
use stripe_codegen::ir::{Field, Origin, StructStyle, TypeKind, TypeRef};
use stripe_codegen::load::SpecFiles;
use stripe_codegen::packaging::Packaging;
use stripe_spec_pins::{self as pins, Versions};

fn current_spec() -> SpecFiles {
    let workspace = pins::workspace_root();
    let versions = Versions::load(&workspace).expect("spec/versions.toml");
    SpecFiles::pinned(&versions.current).expect("the pinned spec and fixtures")
}

#[test]
fn checked_in_code_is_what_the_generator_produces() {
    let spec = current_spec();
    let workspace = pins::workspace_root();
    let staleness = generate::check(
        &spec,
        &generate::workspace_packaging(&workspace).unwrap(),
        Some(&workspace),
        &workspace.join("stripe-generated"),
    )
    .unwrap();
    assert!(
        staleness.is_current(),
        "the generated code is stale; run `cargo xtask generate`:\n{}",
        staleness.lines().join("\n")
    );
}

#[test]
fn the_shipped_versions_are_what_the_generator_produces() {
    let workspace = pins::workspace_root();
    let shipped = generate::shipped_versions(&workspace).unwrap();
    assert!(!shipped.is_empty(), "spec/versions.toml ships 2024-04-10");
    for version in shipped {
        let spec = SpecFiles::pinned(&version.tag).expect("the shipped spec");
        let staleness = generate::check(
            &spec,
            &version.packaging,
            None,
            &workspace.join(&version.dir),
        )
        .unwrap();
        assert!(
            staleness.is_current(),
            "{} is stale; run `cargo xtask generate`:\n{}",
            version.dir,
            staleness.lines().join("\n")
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = current_spec();
    let first = generate::output_from_files(&spec, &Packaging::default()).unwrap();
    let second = generate::output_from_files(&spec, &Packaging::default()).unwrap();
    assert_eq!(first.crate_files.len(), second.crate_files.len());
    for (a, b) in first.crate_files.iter().zip(&second.crate_files) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between two runs",
            a.path
        );
    }
    assert_eq!(first.test_files, second.test_files);
}

#[test]
fn every_operation_of_the_spec_becomes_a_request_type() {
    let spec = current_spec();
    let api = generate::api_from_files(&spec).unwrap();
    assert_eq!(api.api_version, "2022-11-15");
    assert_eq!(api.operations.len(), 446);
    let mut names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 446, "request names are unique");
    // Every component schema is a type, and every type name is unique and short enough.
    let components = api
        .types
        .iter()
        .filter(|t| matches!(t.origins[0], stripe_codegen::ir::Origin::Component(_)))
        .count();
    assert_eq!(components, 757);
    let mut type_names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    type_names.sort_unstable();
    type_names.dedup();
    assert_eq!(type_names.len(), api.types.len(), "type names are unique");
    let longest = api.types.iter().map(|t| t.name.len()).max().unwrap();
    assert!(
        longest <= stripe_codegen::naming::MAX_INLINE_TYPE_NAME,
        "a type name has {longest} characters"
    );
}

/// The type names of the concepts of `codegen/concepts.toml`.
fn concept_names() -> Vec<&'static str> {
    static TABLE: std::sync::OnceLock<toml::Table> = std::sync::OnceLock::new();
    let table = TABLE
        .get_or_init(|| toml::from_str(include_str!("../../../codegen/concepts.toml")).unwrap());
    table["concept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

/// Digits in a type name come from the spec (`P24`, `Us1099K`, `Line1`), never from a number
/// the generator adds to tell two types apart.
#[test]
fn no_type_name_has_a_number_the_spec_does_not() {
    let spec = current_spec();
    let api = generate::api_from_files(&spec).unwrap();
    for t in &api.types {
        let mut spec_text: String = t
            .origins
            .iter()
            .map(|o| match o {
                Origin::Component(name) => name.clone(),
                Origin::Inline { owner, path } => format!("{owner}.{}", path.join(".")),
                Origin::Concept { concept, path } => format!("{concept}.{}", path.join(".")),
            })
            .collect();
        if let TypeKind::ObjectUnion(u) = &t.kind {
            spec_text.extend(u.variants.iter().map(|v| v.rust.clone()));
        }
        let digits = t
            .name
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty());
        for d in digits {
            assert!(
                spec_text.contains(d),
                "{} has a {d} that {spec_text} does not",
                t.name
            );
        }
    }
}

/// A request takes, for each parameter, a type named after that parameter (`CreatePaymentIntent`
/// `.automatic_payment_methods` takes a `CreatePaymentIntentAutomaticPaymentMethods`, the
/// `tax_exempt` of a customer a `CustomerTaxExempt`) or after a concept of the table
/// (`AddressParams`), never one named after some other place of the spec.
#[test]
fn every_parameter_type_is_named_after_its_field_or_a_concept() {
    let spec = current_spec();
    let api = generate::api_from_files(&spec).unwrap();
    let concepts = concept_names();
    let mut fields: Vec<(&str, &Field)> = Vec::new();
    for op in &api.operations {
        fields.extend(op.params.iter().map(|f| (op.name.as_str(), f)));
    }
    for t in &api.types {
        if let TypeKind::Struct(s) = &t.kind
            && s.style == StructStyle::Builder
        {
            fields.extend(s.fields.iter().map(|f| (t.name.as_str(), f)));
        }
    }
    let mut checked = 0;
    for (owner, f) in fields {
        let TypeRef::Named(id) = f.ty.leaf() else {
            continue;
        };
        let ty = &api.types[id.0];
        let field_words = stripe_codegen::naming::pascal(&stripe_codegen::naming::words(&f.wire));
        // `Param` tells a parameter type from the request of the same name (rule 7).
        let name = ty.name.strip_suffix("Param").unwrap_or(&ty.name);
        let about_the_field = name.ends_with(&field_words)
            || name.ends_with(field_words.trim_end_matches('s'))
            || concepts.contains(&ty.name.as_str())
            // `EventType`, the one concept the generator knows by itself.
            || matches!(&ty.origins[0], Origin::Concept { path, .. } if path.is_empty())
            || matches!(ty.kind, TypeKind::ObjectUnion(_));
        assert!(about_the_field, "{owner}.{} takes a {}", f.wire, ty.name);
        checked += 1;
    }
    assert!(
        checked > 1000,
        "only {checked} parameters take a named type"
    );
}

/// Every type that only requests use is reachable from a request: no place of the spec leaves a
/// type behind when it is merged into another.
#[test]
fn no_request_type_is_left_unused() {
    let spec = current_spec();
    let api = generate::api_from_files(&spec).unwrap();
    for t in &api.types {
        let request_place = match &t.origins[0] {
            Origin::Inline { owner, .. } => api.operations.iter().any(|o| &o.name == owner),
            Origin::Concept { .. } => true,
            Origin::Component(_) => false,
        };
        if request_place && !matches!(t.kind, TypeKind::ObjectUnion(_)) {
            assert!(t.usage.request, "{} is used by no request", t.name);
        }
    }
}

/// Every generated file stays small enough to open and read: a module is a directory with a
/// file per resource (`emit::files`).
#[test]
fn no_generated_file_is_over_15000_lines() {
    let spec = current_spec();
    let output = generate::output_from_files(&spec, &Packaging::default()).unwrap();
    for file in output.crate_files.iter().chain(&output.test_files) {
        let lines = file.contents.lines().count();
        assert!(lines <= 15_000, "{} has {lines} lines", file.path);
    }
}

/// Each area module is behind its own cargo feature, so it may refer only to itself and to the
/// always-compiled shared module; then every feature compiles on its own.
#[test]
fn every_area_refers_only_to_itself_and_the_shared_module() {
    use stripe_codegen::lower::SHARED;
    let spec = current_spec();
    let api = generate::api_from_files(&spec).unwrap();
    let allowed = |from: &str, to: &str| to == from || to == SHARED;
    let mut wrong = Vec::new();
    for (i, t) in api.types.iter().enumerate() {
        for r in api.references(stripe_codegen::ir::TypeId(i)) {
            let target = &api.types[r.0];
            if !allowed(&t.module, &target.module) {
                wrong.push(format!(
                    "type {} ({}) -> {} ({})",
                    t.name, t.module, target.name, target.module
                ));
            }
        }
    }
    for op in &api.operations {
        let mut refs = std::collections::BTreeSet::new();
        op.params.iter().for_each(|p| p.ty.named(&mut refs));
        if let stripe_codegen::ir::ResponseKind::Json(ty) = &op.response {
            ty.named(&mut refs);
        }
        for r in refs {
            let target = &api.types[r.0];
            if !allowed(&op.module, &target.module) {
                wrong.push(format!(
                    "request {} ({}) -> {} ({})",
                    op.name, op.module, target.name, target.module
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "cross-area references:\n{}",
        wrong.join("\n")
    );
    let areas: std::collections::BTreeSet<&str> =
        api.operations.iter().map(|o| o.module.as_str()).collect();
    assert!(areas.len() > 40, "only {} areas", areas.len());
    assert!(areas.contains("customers") && !areas.contains(SHARED));
}
