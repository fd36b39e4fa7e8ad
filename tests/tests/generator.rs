//! The checked-in generated code is exactly what the generator produces from the pinned spec,
//! and the generator produces the same bytes every time.

use stripe_codegen::generate;
use stripe_codegen::pins::{self, SpecFile, Versions};

fn current_spec() -> (std::path::PathBuf, String) {
    let workspace = pins::workspace_root();
    let versions = Versions::load(&workspace).expect("spec/versions.toml");
    let path = pins::resolve(&versions.current, SpecFile::Spec).expect("the pinned spec");
    (path, versions.current)
}

#[test]
fn checked_in_code_is_what_the_generator_produces() {
    let (spec, label) = current_spec();
    let workspace = pins::workspace_root();
    let staleness = generate::check(
        &spec,
        &label,
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
fn generation_is_deterministic() {
    let (spec, label) = current_spec();
    let first = generate::output_from_file(&spec, &label).unwrap();
    let second = generate::output_from_file(&spec, &label).unwrap();
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
    let (spec, label) = current_spec();
    let api = generate::api_from_file(&spec, &label).unwrap();
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
        longest <= stripe_codegen::naming::MAX_TYPE_NAME,
        "a type name has {longest} characters"
    );
}

/// Each area module is behind its own cargo feature, so it may refer only to itself and to the
/// always-compiled shared module; then every feature compiles on its own.
#[test]
fn every_area_refers_only_to_itself_and_the_shared_module() {
    use stripe_codegen::lower::SHARED;
    let (spec, label) = current_spec();
    let api = generate::api_from_file(&spec, &label).unwrap();
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
