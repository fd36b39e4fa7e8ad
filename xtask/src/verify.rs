//! `cargo xtask verify`: every pinned spec, not only the current one, generates crates that
//! compile, and (with `--every-operation`) answer every operation through the runtime.
//!
//! Each tag gets a copy of the workspace under `target/verify/<tag>/` whose
//! `spec/versions.toml` makes that tag current; the crates and the test table are generated into
//! the copy, then cargo builds it there. The copies share one target directory,
//! `target/verify/target/`: their path crates are told apart by their paths, and the registry
//! crates are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use stripe_codegen::generate;
use stripe_codegen::load::SpecFiles;
use stripe_spec_pins::{Fetcher, SpecFile, Versions};

/// What to run for each tag.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `cargo check` of the generated crates with every feature.
    Check,
    /// That, and the every-operation test against the workspace's mock serving the tag.
    EveryOperation,
}

/// Verifies `tags` (default: every pinned tag but the current one, which the workspace's own
/// tests cover).
pub fn run(
    workspace: &Path,
    tags: Vec<String>,
    depth: Depth,
    mirror: Option<PathBuf>,
) -> Result<()> {
    let versions = Versions::load(workspace)?;
    let tags = if tags.is_empty() {
        let others = versions.specs.iter().map(|p| &p.tag);
        others
            .filter(|t| **t != versions.current)
            .cloned()
            .collect()
    } else {
        tags
    };
    let root = workspace.join("target/verify");
    // Each copy's crates take the names of the workspace's own, which the copy depends on.
    let packaging = generate::workspace_packaging(workspace)?;
    let generated = packaging
        .name
        .clone()
        .context("the workspace names its crates")?;
    let fetcher = Fetcher::new(workspace, mirror);
    let mut summary = Vec::new();
    for tag in &tags {
        let started = Instant::now();
        let pin = versions.pin(tag)?;
        let fetch = |file| fetcher.fetch_if_pinned(pin, file, &mut |msg| eprintln!("{msg}"));
        let files = SpecFiles {
            spec: fetch(SpecFile::Spec)?.context("every pin has a spec")?,
            fixtures: fetch(SpecFile::Fixtures)?,
            label: tag.clone(),
            api_version: None,
        };
        let copy = root.join(tag);
        copy_workspace(workspace, &copy)
            .with_context(|| format!("copying the workspace to {}", copy.display()))?;
        make_current(&copy, tag)?;
        let output = generate::write(
            &files,
            &packaging,
            Some(&copy),
            &copy.join("stripe-generated"),
        )
        .with_context(|| format!("generating {tag}"))?;
        for warning in &output.warnings {
            eprintln!("warning: {tag}: {warning}");
        }
        forward_area_features(&copy)?;
        eprintln!(
            "== {tag}: generated {} files into {}",
            output.crate_files.len(),
            copy.display()
        );
        let target = root.join("target");
        cargo(
            &copy,
            &target,
            &["check", "-p", &generated, "--all-features"],
        )
        .with_context(|| format!("the crates generated from {tag} do not compile"))?;
        if depth == Depth::EveryOperation {
            cargo(
                &copy,
                &target,
                &[
                    "test",
                    "-p",
                    "stripe-tests",
                    "--test",
                    "every_operation",
                    "--",
                    "--nocapture",
                ],
            )
            .with_context(|| format!("the every-operation test fails for {tag}"))?;
        }
        summary.push(format!("{tag}: ok in {:.0?}", started.elapsed()));
    }
    for line in summary {
        eprintln!("{line}");
    }
    Ok(())
}

/// Runs cargo in the workspace copy `dir` with its own target directory.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("== cargo {} (in {})", args.join(" "), dir.display());
    let status = Command::new(cargo)
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        // The pinned files are in the copy's cache; no mirror is needed, nor one beside the copy.
        .env_remove("STRIPE_OPENAPI_MIRROR")
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Copies the workspace's sources and its spec cache into `to`, leaving out build output, the
/// generated crates (they are generated again) and version control.
fn copy_workspace(from: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        for entry in std::fs::read_dir(to)? {
            let path = entry?.path();
            // The copy's own lock file and sources are replaced; nothing else is kept there.
            if path.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
    }
    copy_tree(from, to, &|relative| {
        !matches!(
            relative.to_str(),
            Some("target" | ".git" | "stripe-generated")
        )
    })
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if !keep(Path::new(&name)) {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        if entry.file_type()?.is_dir() {
            copy_tree(&source, &dest, &|_| true)?;
        } else {
            std::fs::copy(&source, &dest)
                .with_context(|| format!("copying {}", source.display()))?;
        }
    }
    Ok(())
}

/// Makes the copy's `stripe` forward exactly the area features of its generated crate, as a
/// maintainer does when the pin moves (`stripe/tests/features.rs` asks for it): each
/// `area = ["stripe-generated/area"]` line is replaced by those of the generated areas that have
/// no line of their own.
fn forward_area_features(copy: &Path) -> Result<()> {
    let generated = std::fs::read_to_string(copy.join("stripe-generated/Cargo.toml"))?;
    let generated: toml::Table = generated.parse().context("the generated manifest")?;
    let areas: Vec<&String> = match generated.get("features") {
        Some(toml::Value::Table(features)) => features
            .keys()
            .filter(|k| !matches!(k.as_str(), "default" | "full" | "serialize" | "deserialize"))
            .collect(),
        _ => bail!("the generated manifest has no [features]"),
    };
    let path = copy.join("stripe/Cargo.toml");
    let text = std::fs::read_to_string(&path)?;
    let is_area_line = |line: &str| {
        line.split_once(" = [\"stripe-generated/")
            .is_some_and(|(area, rest)| rest == format!("{area}\"]"))
    };
    // An area with a line of its own (`files` also turns on multipart uploads) keeps it.
    let own_line = |area: &str| {
        text.lines()
            .any(|l| l.starts_with(&format!("{area} = [")) && !is_area_line(l))
    };
    let areas: Vec<&String> = areas.into_iter().filter(|a| !own_line(a)).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut inserted = false;
    for line in text.lines() {
        if !is_area_line(line) {
            lines.push(line.to_string());
        } else if !inserted {
            inserted = true;
            lines.extend(
                areas
                    .iter()
                    .map(|a| format!("{a} = [\"stripe-generated/{a}\"]")),
            );
        }
    }
    if !inserted {
        bail!("{} forwards no area feature", path.display());
    }
    std::fs::write(&path, lines.join("\n") + "\n")?;
    Ok(())
}

/// Makes `tag` the current pin of the copy, so that its tests use that spec.
fn make_current(copy: &Path, tag: &str) -> Result<()> {
    let path = copy.join("spec/versions.toml");
    let text = std::fs::read_to_string(&path)?;
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("current = ") {
                found = true;
                format!("current = \"{tag}\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    if !found {
        bail!("{} has no `current = ` line", path.display());
    }
    std::fs::write(&path, lines.join("\n") + "\n")?;
    Ok(())
}
