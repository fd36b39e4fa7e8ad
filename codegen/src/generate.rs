//! The whole pipeline: spec file -> generated files.

use std::path::Path;

use anyhow::Result;

use crate::emit::{self, GeneratedFile};
use crate::ir::Api;
use crate::{load, lower};

/// Parses and lowers the spec at `path`; `label` names it in generated headers.
pub fn api_from_file(path: &Path, label: &str) -> Result<Api> {
    let spec = load::load_file(path, label)?;
    Ok(lower::lower(&spec.openapi, spec.source)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
}

/// Every file of the generated crate for the spec at `path`.
pub fn files_from_file(path: &Path, label: &str) -> Result<Vec<GeneratedFile>> {
    let api = api_from_file(path, label)?;
    Ok(emit::emit(&api)?)
}
