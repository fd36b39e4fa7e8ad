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
    /// The resource test table, relative to the workspace ([`emit::RESOURCE_TABLE`]).
    pub resource_table: GeneratedFile,
}

/// Every generated file for the spec at `path`.
pub fn output_from_file(path: &Path, label: &str) -> Result<Output> {
    let api = api_from_file(path, label)?;
    Ok(Output {
        crate_files: emit::emit(&api)?,
        resource_table: emit::resource_table(&api)?,
    })
}

/// Generates from the spec at `path`: the crate into `crate_dir`, and the test table into
/// `workspace` when one is given (only the workspace's own crate has a table beside it).
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
        crate::pins::write_atomically(
            &workspace.join(&output.resource_table.path),
            output.resource_table.contents.as_bytes(),
        )?;
    }
    Ok(output)
}

/// Compares what the generator produces with `crate_dir`, and with the test table of
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
        staleness.compare(workspace, &output.resource_table)?;
    }
    Ok(staleness)
}
