//! The whole pipeline: spec file -> generated files.

use std::path::Path;

use anyhow::Result;

use crate::emit::{self, GeneratedFile};
use crate::ir::Api;
use crate::load::SpecFiles;
use crate::packaging::Packaging;
use crate::{load, lower};

/// Parses and lowers a spec, with what its fixtures say.
pub fn api_from_files(files: &SpecFiles) -> Result<Api> {
    let spec = load::load(files)?;
    lower::lower(&spec.openapi, spec.source, spec.fixtures.as_ref())
        .map_err(|e| anyhow::anyhow!("{}: {e}", files.spec.display()))
}

/// Everything the generator writes for one spec.
pub struct Output {
    /// The files of the generated crate, relative to its directory.
    pub crate_files: Vec<GeneratedFile>,
    /// The workspace's generated test files, relative to the workspace: the resource table
    /// ([`emit::RESOURCE_TABLE`]) and the every-operation requests ([`emit::EVERY_OPERATION`]).
    pub test_files: Vec<GeneratedFile>,
    /// What the maintainer should act on: the areas that the table of domains does not list.
    pub warnings: Vec<String>,
    /// What the maintainer should know: the required response fields that Stripe's own
    /// examples leave out, generated as optional (`field (example)`, one per line).
    pub notes: Vec<String>,
}

/// The warnings of a generation from `api`.
fn warnings(api: &Api) -> Vec<String> {
    let unlisted = api
        .domain_crates
        .iter()
        .flat_map(|c| c.unlisted.iter().map(move |area| (area, &c.name)));
    unlisted
        .map(|(area, krate)| {
            format!(
                "the area `{area}` is not in codegen/domains.toml, so it is in the table's default \
                 crate, `{krate}`; add it to the crate it belongs to"
            )
        })
        .collect()
}

/// The notes of a generation from `api`: each required field an example leaves out.
fn notes(api: &Api) -> Vec<String> {
    api.omitted_required
        .iter()
        .map(|o| {
            format!(
                "{} is optional: the spec requires it, the example `{}` leaves it out",
                o.field, o.example
            )
        })
        .collect()
}

/// The packaging of the crates checked in to `workspace` (`stripe-generated/`): named after the
/// API version of its current pin, whatever spec is generated into them, beside `types/`.
pub fn workspace_packaging(workspace: &Path) -> Result<Packaging> {
    let versions = stripe_spec_pins::Versions::load(workspace)?;
    let current = versions.pin(&versions.current)?;
    Ok(Packaging::workspace(&current.api_version))
}

/// A version whose crates are checked in beside the current pin's.
pub struct ShippedVersion {
    /// Its pinned tag.
    pub tag: String,
    /// Its crates' directory, relative to the workspace: `stripe-generated-2024-04-10`.
    pub dir: String,
    /// Its crates' names (`stripekit-api-2024-04-10`), beside `types/`.
    pub packaging: Packaging,
}

/// The versions `spec/versions.toml` ships beside its current pin (`shipped`).
pub fn shipped_versions(workspace: &Path) -> Result<Vec<ShippedVersion>> {
    let versions = stripe_spec_pins::Versions::load(workspace)?;
    versions
        .shipped
        .iter()
        .map(|tag| {
            let pin = versions.pin(tag)?;
            Ok(ShippedVersion {
                tag: tag.clone(),
                dir: format!("stripe-generated-{}", pin.api_version),
                packaging: Packaging::workspace(&pin.api_version),
            })
        })
        .collect()
}

/// Every generated file for a spec, the crates packaged as `packaging` says.
pub fn output_from_files(files: &SpecFiles, packaging: &Packaging) -> Result<Output> {
    let api = api_from_files(files)?;
    Ok(Output {
        crate_files: emit::emit(&api, packaging)?,
        test_files: vec![emit::resource_table(&api)?, emit::every_operation(&api)?],
        warnings: warnings(&api),
        notes: notes(&api),
    })
}

/// Generates from the spec at `path`: the crate into `crate_dir`, and the test files into
/// `workspace` when one is given (only the workspace's own crate has tests beside it).
/// Nothing is written unless every file was generated.
pub fn write(
    files: &SpecFiles,
    packaging: &Packaging,
    workspace: Option<&Path>,
    crate_dir: &Path,
) -> Result<Output> {
    let output = output_from_files(files, packaging)?;
    crate::output::write_crate(crate_dir, &output.crate_files)?;
    if let Some(workspace) = workspace {
        for file in &output.test_files {
            stripe_spec_pins::write_atomically(
                &workspace.join(&file.path),
                file.contents.as_bytes(),
            )?;
        }
    }
    Ok(output)
}

/// Compares what the generator produces with `crate_dir`, and with the test files of
/// `workspace` when one is given.
pub fn check(
    files: &SpecFiles,
    packaging: &Packaging,
    workspace: Option<&Path>,
    crate_dir: &Path,
) -> Result<crate::output::Staleness> {
    let output = output_from_files(files, packaging)?;
    let mut staleness = crate::output::check_crate(crate_dir, &output.crate_files)?;
    if let Some(workspace) = workspace {
        for file in &output.test_files {
            staleness.compare(workspace, file)?;
        }
    }
    Ok(staleness)
}
