//! Writing the generated crate atomically, or checking that the checked-in one is current.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::emit::GeneratedFile;

/// Replaces the directory `dir` with exactly `files`.
///
/// The files are written to a sibling directory first and swapped in with renames, so on any
/// error `dir` is left as it was.
pub fn write_crate(dir: &Path, files: &[GeneratedFile]) -> Result<()> {
    let parent = dir.parent().context("output directory has a parent")?;
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .context("output directory has a name")?;
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .with_context(|| format!("removing {}", leftover.display()))?;
        }
    }
    for file in files {
        let path = staging.join(&file.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if dir.exists() {
        std::fs::rename(dir, &previous)
            .with_context(|| format!("moving {} aside", dir.display()))?;
    }
    if let Err(e) = std::fs::rename(&staging, dir) {
        // Put the previous crate back before reporting.
        if previous.exists() {
            let _ = std::fs::rename(&previous, dir);
        }
        return Err(e).with_context(|| format!("moving {} into place", staging.display()));
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous)
            .with_context(|| format!("removing {}", previous.display()))?;
    }
    Ok(())
}

/// How the checked-in crate differs from what the generator produces.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files the generator produces that are not checked in.
    pub missing: Vec<String>,
    /// Checked-in files the generator does not produce.
    pub extra: Vec<String>,
}

impl Staleness {
    /// Whether nothing differs, is missing or is extra.
    pub fn is_current(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// Records whether `file`, relative to `root`, is on disk as generated.
    pub fn compare(&mut self, root: &Path, file: &GeneratedFile) -> Result<()> {
        let path = root.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(text) if text == file.contents => {}
            Ok(_) => self.changed.push(file.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.missing.push(file.path.clone())
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        }
        Ok(())
    }

    /// One line per stale file: `changed src/lib.rs`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.changed.iter().map(|f| format!("changed {f}")));
        out.extend(self.missing.iter().map(|f| format!("missing {f}")));
        out.extend(self.extra.iter().map(|f| format!("extra   {f}")));
        out
    }
}

/// Compares `dir` with `files`.
pub fn check_crate(dir: &Path, files: &[GeneratedFile]) -> Result<Staleness> {
    let mut staleness = Staleness::default();
    let mut expected = BTreeSet::new();
    for file in files {
        expected.insert(file.path.clone());
        staleness.compare(dir, file)?;
    }
    for path in list_files(dir)? {
        let rel = path
            .strip_prefix(dir)
            .expect("below dir")
            .to_string_lossy()
            .replace('\\', "/");
        if !expected.contains(&rel) {
            staleness.extra.push(rel);
        }
    }
    Ok(staleness)
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("listing {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path)
            } else {
                out.push(path)
            }
        }
    }
    out.sort();
    Ok(out)
}
