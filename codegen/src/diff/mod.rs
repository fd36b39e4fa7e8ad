//! What changed between two versions of the spec, and what it does to the generated crate.
//!
//! A diff has two halves:
//!
//! - the wire: `shape` reduces both specs to what a client depends on, and `compare` lists
//!   every change of operations, parameters, response fields and schemas, each classified as
//!   breaking or not for a client of the API (the rules are in `compare`'s docs);
//! - Rust: both specs go through the generator's own lowering, and `rust_impact` compares the
//!   public items the emitter would write, classified by whether code that compiles against the
//!   old crate can stop compiling.
//!
//! [`Report`] holds both halves and prints them as text, Markdown or JSON.

mod compare;
mod guide;
mod report;
mod rust_impact;
mod shape;
mod surface;

use anyhow::Context;

pub use report::{
    Change, ChangeKind, ItemKind, Report, RustChange, RustChangeKind, Side, SpecInfo, Summary,
};

use crate::ir::Api;
use crate::load::{LoadedSpec, SpecError, SpecFiles, load};
use crate::lower::lower;
use shape::SpecShape;

/// One side of a diff: a spec reduced to its shapes and lowered to the IR.
pub struct Version {
    info: SpecInfo,
    shape: SpecShape,
    api: Api,
}

impl Version {
    /// Prepares a parsed spec; its source label names it in the report.
    pub fn of(spec: &LoadedSpec) -> Result<Version, SpecError> {
        let shape = SpecShape::of(&spec.openapi)?;
        let api = lower(&spec.openapi, spec.source.clone(), spec.fixtures.as_ref())?;
        Ok(Version {
            info: SpecInfo {
                label: spec.source.label.clone(),
                api_version: shape.api_version.clone(),
                sha256: spec.source.sha256.clone(),
            },
            shape,
            api,
        })
    }

    /// Reads, parses and prepares a spec and its fixtures.
    fn load(files: &SpecFiles) -> anyhow::Result<Version> {
        let spec = load(files)?;
        Version::of(&spec).with_context(|| format!("{}", files.spec.display()))
    }
}

/// Loads two specs, each on its own thread, and diffs them.
pub fn diff_files(old: &SpecFiles, new: &SpecFiles) -> anyhow::Result<Report> {
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| Version::load(old));
        let new = Version::load(new);
        (old.join().expect("the loading thread does not panic"), new)
    });
    Ok(diff(&old?, &new?))
}

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Version, new: &Version) -> Report {
    let (changes, renames) = compare::compare(&old.shape, &new.shape);
    let rust_impact = rust_impact::rust_impact(&old.api, &new.api, &renames);
    let count = |kind: ChangeKind| changes.iter().filter(|c| c.kind == kind).count();
    let summary = Summary {
        operations_added: count(ChangeKind::OperationAdded),
        operations_removed: count(ChangeKind::OperationRemoved),
        operations_deprecated: count(ChangeKind::OperationDeprecated),
        schemas_added: count(ChangeKind::SchemaAdded),
        schemas_removed: count(ChangeKind::SchemaRemoved),
        schemas_renamed: count(ChangeKind::SchemaRenamed),
        changes: changes.len(),
        breaking_changes: changes.iter().filter(|c| c.breaking).count(),
        rust_changes: rust_impact.len(),
        breaking_rust_changes: rust_impact.iter().filter(|c| c.breaking).count(),
    };
    Report {
        format_version: report::FORMAT_VERSION,
        old: old.info.clone(),
        new: new.info.clone(),
        summary,
        changes,
        rust_impact,
    }
}
