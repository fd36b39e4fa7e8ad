//! The whole pipeline: spec file -> generated files.

use std::path::Path;

use anyhow::Result;

use crate::emit::{self, GeneratedFile};
use crate::ir::Api;
use crate::{load, lower};

/// Parses and lowers the spec at `path`; `label` names it in generated headers.
pub fn api_from_file(path: &Path, label: &str) -> Result<Api> {
    let spec = load::load_file(path, label)?;
    lower::lower(&spec.openapi, spec.source).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Everything the generator writes for one spec.
pub struct Output {
    /// The files of the generated crate, relative to its directory.
    pub crate_files: Vec<GeneratedFile>,
    /// The workspace's generated test files, relative to the workspace: the resource table
    /// ([`emit::RESOURCE_TABLE`]) and the every-operation requests ([`emit::EVERY_OPERATION`]).
    pub test_files: Vec<GeneratedFile>,
    /// What the maintainer should know: the areas that the table of domains does not list.
    pub warnings: Vec<String>,
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

/// Every generated file for the spec at `path`.
pub fn output_from_file(path: &Path, label: &str) -> Result<Output> {
    let api = api_from_file(path, label)?;
    Ok(Output {
        crate_files: emit::emit(&api)?,
        test_files: vec![emit::resource_table(&api)?, emit::every_operation(&api)?],
        warnings: warnings(&api),
    })
}

/// Generates from the spec at `path`: the crate into `crate_dir`, and the test files into
/// `workspace` when one is given (only the workspace's own crate has tests beside it).
/// Nothing is written unless every file was generated.
pub fn write(
    path: &Path,
    label: &str,
    workspace: Option<&Path>,
    crate_dir: &Path,
) -> Result<Output> {
    let output = output_from_file(path, label)?;
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
    path: &Path,
    label: &str,
    workspace: Option<&Path>,
    crate_dir: &Path,
) -> Result<crate::output::Staleness> {
    let output = output_from_file(path, label)?;
    let mut staleness = crate::output::check_crate(crate_dir, &output.crate_files)?;
    if let Some(workspace) = workspace {
        for file in &output.test_files {
            staleness.compare(workspace, file)?;
        }
    }
    Ok(staleness)
}
