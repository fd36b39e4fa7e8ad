//! `cargo xtask package`: every publishable crate packaged as the registry would get it, and
//! shown to work from its own files.
//!
//! 1. The mock's `embedded/` gets the current pin's spec (as JSON) and fixtures, gzip-compressed,
//!    so that the published mock serves its version with no file of the user's.
//! 2. `cargo package` packages every publishable crate with verification: each `.crate` is built
//!    from its own files, its siblings from cargo's local overlay of the other packages.
//! 3. Every `.crate` is under the registry's size limit.
//! 4. A scratch package outside the workspace, which depends on the packaged mock and facade
//!    as a user's would (by version, the registry patched to the packages), starts the mock with
//!    no spec path and sends it a typed request.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use stripe_codegen::packaging::FAMILY;
use stripe_spec_pins::{Fetcher, SpecFile, Versions};

/// The registry's limit on the size of a `.crate`.
const SIZE_LIMIT: u64 = 10_000_000;

/// The workspace's crates that are not published.
const UNPUBLISHED: [&str; 4] = [
    "xtask",
    "stripe-tests",
    "stripe-codegen",
    "stripe-spec-pins",
];

/// The scratch package's program: the packaged mock, started with no spec path, and one typed
/// request through the packaged facade.
const PROGRAM: &str = r#"
use std::sync::Arc;

use stripekit::{Client, CreateCustomer, SendRequest};
use stripekit_mock::{MockApi, MockServer};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api = MockApi::embedded()?;
    let version = api.api_version().to_string();
    let server = MockServer::builder(Arc::new(api)).start().await?;
    let client = Client::builder("sk_test_scratch").api_base(server.url()).build()?;
    let customer = CreateCustomer::new()
        .email("jenny@example.com")
        .send(&client)
        .await?;
    let email = customer.email.unwrap_or_default();
    println!("{version} {} {email}", &customer.id[..4]);
    server.shutdown().await;
    Ok(())
}
"#;

/// Removes the copies of this project's packages that an earlier run extracted into
/// `$CARGO_HOME/registry/src/`. Cargo verifies a package against its siblings from a local
/// overlay of the packaged `.crate`s, extracted there under their name and version, and reuses
/// an extracted copy as it is: after a change to `stripekit-types` that keeps its version, the
/// generated crates would be verified against its old sources. No package of the project comes
/// from a registry, so nothing else is lost.
fn forget_extracted_packages() -> Result<()> {
    let cargo_home = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(".cargo"),
            None => return Ok(()),
        },
    };
    let Ok(registries) = std::fs::read_dir(cargo_home.join("registry/src")) else {
        return Ok(());
    };
    for registry in registries.flatten() {
        let Ok(extracted) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        for package in extracted.flatten() {
            let ours = package.file_name().to_string_lossy().starts_with(FAMILY);
            if ours && package.path().is_dir() {
                std::fs::remove_dir_all(package.path())
                    .with_context(|| format!("removing {}", package.path().display()))?;
            }
        }
    }
    Ok(())
}

/// Makes cargo rebuild what an earlier run compiled from those extracted copies. Cargo takes a
/// registry's package for immutable and reuses its build as long as name, version and settings
/// match, whatever its sources now hold; a build is found by its dep-info file
/// (`target/debug/deps/<crate>-<hash>.d`), which names the sources under `registry/src/`, and
/// forgotten by removing its fingerprint (`target/debug/.fingerprint/<package>-<hash>`). The
/// builds of the workspace's own crates, from their paths, stay.
fn forget_builds_of_extracted_packages(workspace: &Path) -> Result<()> {
    let debug = workspace.join("target/debug");
    let Ok(deps) = std::fs::read_dir(debug.join("deps")) else {
        return Ok(());
    };
    let mut hashes = Vec::new();
    for entry in deps.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".d") else {
            continue;
        };
        if !stem.starts_with(FAMILY) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let extracted = text.split_whitespace().any(|source| {
            source.contains("/registry/src/") && source.contains(&format!("/{FAMILY}"))
        });
        if let (true, Some((_, hash))) = (extracted, stem.rsplit_once('-')) {
            hashes.push(format!("-{hash}"));
        }
    }
    let Ok(fingerprints) = std::fs::read_dir(debug.join(".fingerprint")) else {
        return Ok(());
    };
    for entry in fingerprints.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(FAMILY) && hashes.iter().any(|hash| name.ends_with(hash.as_str())) {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Runs the whole step.
pub fn run(workspace: &Path, mirror: Option<PathBuf>) -> Result<()> {
    let api_version = embed_spec(workspace, mirror)?;
    forget_extracted_packages()?;
    forget_builds_of_extracted_packages(workspace)?;
    let mut args = vec!["package", "--workspace", "--all-features", "--allow-dirty"];
    for crate_name in UNPUBLISHED {
        args.extend(["--exclude", crate_name]);
    }
    cargo(workspace, &args).context("packaging the publishable crates")?;
    let packages = workspace.join("target/package");
    let mut crates = Vec::new();
    for entry in std::fs::read_dir(&packages)? {
        let path = entry?.path();
        // Only this project's packages (the directory may hold those of earlier names).
        let ours = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(FAMILY));
        if ours && path.extension().is_some_and(|e| e == "crate") {
            crates.push(path);
        }
    }
    crates.sort();
    let mut over = Vec::new();
    for path in &crates {
        let size = std::fs::metadata(path)?.len();
        eprintln!("{}: {size} bytes", path.display());
        if size >= SIZE_LIMIT {
            over.push(path.display().to_string());
        }
    }
    if !over.is_empty() {
        bail!(
            "over the registry's limit of {SIZE_LIMIT} bytes: {}",
            over.join(", ")
        );
    }
    scratch_program(workspace, &packages, &api_version)
}

/// Writes the current pin's spec (converted to JSON, which the mock reads faster) and fixtures,
/// gzip-compressed, into `mock/embedded/`: the API version they describe.
fn embed_spec(workspace: &Path, mirror: Option<PathBuf>) -> Result<String> {
    let versions = Versions::load(workspace)?;
    let pin = versions.pin(&versions.current)?;
    let fetcher = Fetcher::new(workspace, mirror);
    let fetch = |file| -> Result<PathBuf> {
        Ok(fetcher.fetch(pin, file, &mut |msg| eprintln!("{msg}"))?.0)
    };
    let spec_path = fetch(SpecFile::Spec)?;
    let spec: serde_json::Value = serde_yaml_ng::from_slice(&std::fs::read(&spec_path)?)
        .with_context(|| format!("reading {}", spec_path.display()))?;
    let fixtures = std::fs::read(fetch(SpecFile::Fixtures)?)?;
    let dir = workspace.join("mock/embedded");
    std::fs::create_dir_all(&dir)?;
    for (name, json) in [
        ("spec3.json.gz", serde_json::to_vec(&spec)?),
        ("fixtures3.json.gz", fixtures),
    ] {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&json)?;
        let compressed = gz.finish()?;
        eprintln!(
            "mock/embedded/{name}: {} bytes ({} uncompressed, {})",
            compressed.len(),
            json.len(),
            versions.current
        );
        stripe_spec_pins::write_atomically(&dir.join(name), &compressed)?;
    }
    Ok(pin.api_version.clone())
}

/// Builds and runs [`PROGRAM`] in a scratch package outside the workspace that depends on the
/// packaged mock and facade by version, the registry patched to the packages in `packages`
/// (every one of the project's, since the facade's optional dependencies are resolved too).
fn scratch_program(workspace: &Path, packages: &Path, api_version: &str) -> Result<()> {
    let scratch = std::env::temp_dir().join(format!("stripekit-scratch-{}", std::process::id()));
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(scratch.join("src"))?;
    let version = env!("CARGO_PKG_VERSION");
    let suffix = format!("-{version}");
    let mut patch = String::new();
    for entry in std::fs::read_dir(packages)? {
        let dir = entry?.path();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let package = name.as_deref().and_then(|n| n.strip_suffix(&suffix));
        if let Some(package) = package.filter(|p| p.starts_with(FAMILY) && dir.is_dir()) {
            patch += &format!("{package} = {{ path = {:?} }}\n", dir.to_string_lossy());
        }
    }
    let manifest = format!(
        r#"[package]
name = "stripekit-scratch"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
stripekit = {{ version = "{version}", features = ["customers"] }}
stripekit-mock = "{version}"
tokio = {{ version = "1", features = ["macros", "rt"] }}

[patch.crates-io]
{patch}
[workspace]
"#
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)?;
    std::fs::write(scratch.join("src/main.rs"), PROGRAM)?;
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    let target = workspace.join("target/standalone");
    let target = target.to_string_lossy();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&scratch)
        .args(["run", "--quiet"])
        .env("CARGO_TARGET_DIR", &*target)
        .output()
        .context("running cargo in the scratch package")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the scratch package against the packaged mock failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let expected = format!("{api_version} cus_ jenny@example.com");
    if stdout.trim() != expected {
        bail!("the scratch package printed {stdout:?}, not {expected:?}");
    }
    std::fs::remove_dir_all(&scratch)?;
    eprintln!(
        "the packaged mock serves its own spec to a package outside the workspace: {expected}"
    );
    Ok(())
}

/// Runs cargo in `dir`.
fn cargo(dir: &Path, args: &[&str]) -> Result<()> {
    eprintln!("== cargo {}", args.join(" "));
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}
