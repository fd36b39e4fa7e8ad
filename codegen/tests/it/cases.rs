//! Generator snapshot tests: one small hand-written spec per construct, in `tests/it/cases/`.
//!
//! - Every generated file is compared with its insta snapshot (`cargo insta review` after an
//!   intended change).
//! - Every case's generated crates are built by a real `cargo clippy -D warnings`, so the
//!   snapshots are code that compiles cleanly, not just text.

use std::path::{Path, PathBuf};
use std::process::Command;

use stripe_codegen::load::SpecFiles;
use stripe_codegen::packaging::Packaging;
use stripe_codegen::{generate, output};

/// The case specs, by name, in name order: `tests/it/cases/<name>.yaml`, or
/// `tests/it/cases/<name>/spec3.yaml` for a case with Stripe's fixtures file beside its spec.
fn cases() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/cases");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            if path.is_dir() {
                Some((name, path.join("spec3.yaml")))
            } else {
                path.extension()
                    .is_some_and(|e| e == "yaml")
                    .then_some((name, path))
            }
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "the cases are missing from {}",
        dir.display()
    );
    cases
}

fn generated(spec: &Path, name: &str) -> generate::Output {
    // Packaged as in the workspace: the shared crate finds `stripekit-types` beside the tree.
    let packaging = Packaging {
        types_path: Some("../types".into()),
        ..Packaging::default()
    };
    generate::output_from_files(
        &SpecFiles::beside(spec, &format!("{name}.yaml")),
        &packaging,
    )
    .unwrap_or_else(|e| panic!("case {name}: {e:#}"))
}

#[test]
fn generated_code_matches_the_snapshots() {
    for (name, spec) in cases() {
        let output = generated(&spec, &name);
        let text: String = output
            .crate_files
            .iter()
            .map(|file| format!("==> {} <==\n{}\n", file.path, file.contents))
            .collect();
        insta::assert_snapshot!(name, text);
    }
}

/// A workspace manifest for `members` with the `[workspace.package]` and `[workspace.lints]` of
/// this workspace, which `stripekit-types` (linked beside the generated tree) inherits; the
/// generated manifests themselves need nothing of a workspace.
fn case_workspace_manifest(members: Vec<String>) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(&root).unwrap().parse().unwrap();
    let ours = manifest["workspace"].as_table().unwrap();
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "3".into());
    workspace.insert("members".into(), members.into());
    for key in ["package", "lints"] {
        workspace.insert(key.into(), ours[key].clone());
    }
    let mut table = toml::Table::new();
    table.insert("workspace".into(), workspace.into());
    toml::to_string(&table).unwrap()
}

#[test]
fn every_case_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generator-cases");
    // The workspace's own lock file pins the same dependency versions, which are already fetched.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (name, spec) in cases() {
        // Each case is a workspace of its generated crates; all of them share one target directory.
        let files = generated(&spec, &name).crate_files;
        let case = root.join(&name);
        output::write_crate(&case.join("generated"), &files).unwrap();
        let members: Vec<String> = files
            .iter()
            .filter_map(|f| f.path.strip_suffix("Cargo.toml"))
            .map(|dir| format!("generated/{dir}").trim_end_matches('/').to_string())
            .collect();
        // The shared crate finds `stripekit-types` beside the generated tree, as in the workspace.
        let types = case.join("types");
        if !types.exists() {
            std::os::unix::fs::symlink(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../types"),
                &types,
            )
            .unwrap();
        }
        std::fs::write(case.join("Cargo.toml"), case_workspace_manifest(members)).unwrap();
        std::fs::copy(&lock, case.join("Cargo.lock")).unwrap();
        let result = Command::new(&cargo)
            .current_dir(&case)
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .args(["clippy", "--offline", "--workspace", "--all-features"])
            .arg("--target-dir")
            .arg(root.join("target"))
            .args(["--quiet", "--", "-D", "warnings"])
            .output()
            .expect("running cargo");
        assert!(
            result.status.success(),
            "the generated case {name} does not build cleanly:\n{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}
