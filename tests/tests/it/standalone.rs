//! The crates of another API version, generated outside the workspace, build and work with the
//! version-free client as a user's program would use them.
//!
//! `cargo xtask generate --spec v1 --out DIR --path-dependencies` writes the crates of API
//! 2020-08-27 into a temporary directory; a small program there depends on them and on
//! `stripekit-client` by path, creates a SKU (an operation Stripe removed before 2022-11-15, so
//! only those crates have it) against the mock serving that spec, and decodes a signed webhook
//! event with that version's types. The program is built in `target/standalone/`, apart from the
//! workspace's own builds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use stripe_codegen::generate;
use stripe_codegen::load::SpecFiles;
use stripe_codegen::packaging::{Packaging, package_name};
use stripe_spec_pins::{self as pins, SpecFile};
use stripekit_mock::{MockApi, MockServer};

const TAG: &str = "v1";
const API_VERSION: &str = "2020-08-27";
const SECRET: &str = "whsec_standalone";

/// The user's program: one request of an operation only this version has, and one event.
const PROGRAM: &str = r#"
use stripekit_api_2020_08_27::{CreateSkus, CreateSkusInventory, Event, Resource};
use stripekit_client::{Client, SendRequest, webhook};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var("STRIPE_API_BASE")?;
    let client = Client::builder("sk_test_standalone").api_base(base).build()?;
    let sku = CreateSkus::new("usd", CreateSkusInventory::new("infinite"), 1500, "prod_1")
        .send(&client)
        .await?;
    println!("sku {} {}", sku.id, sku.currency);

    let payload = std::fs::read(std::env::var("EVENT_FILE")?)?;
    let signature = std::env::var("EVENT_SIGNATURE")?;
    let event: Event = webhook::construct_event(&payload, &signature, "whsec_standalone")?;
    let object = match &event.data.object {
        Resource::Plan(plan) => format!("plan {}", plan.id),
        other => format!("another object: {other:?}"),
    };
    println!("event {} {} {object}", event.id, event.type_);
    Ok(())
}
"#;

/// The program's manifest: the generated crates and the client, by path.
fn manifest(generated: &Path, workspace: &Path) -> String {
    let path = |p: &Path| p.to_string_lossy().replace('\\', "/");
    format!(
        r#"[package]
name = "standalone-{TAG}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{package} = {{ path = "{generated}", features = ["skus", "plans", "events"] }}
stripekit-client = {{ path = "{client}" }}
tokio = {{ version = "1", features = ["macros", "rt"] }}

[workspace]
"#,
        package = package_name(API_VERSION),
        generated = path(generated),
        client = path(&workspace.join("client")),
    )
}

/// `resources.event` of the tag's fixtures (an event about a plan), signed now.
fn signed_event() -> (Vec<u8>, String) {
    let fixtures = pins::resolve(TAG, SpecFile::Fixtures).expect("the fixtures of v1");
    let fixtures: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures).unwrap()).unwrap();
    let event = &fixtures["resources"]["event"];
    assert_eq!(event["data"]["object"]["object"], "plan", "{event}");
    let payload = event.to_string().into_bytes();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = stripekit::webhook::sign(&payload, SECRET, now);
    (payload, signature)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crates_of_another_version_build_outside_the_workspace_and_send_with_the_client() {
    let workspace = pins::workspace_root();
    let scratch = tempfile::tempdir().unwrap();
    assert!(!scratch.path().starts_with(&workspace));

    // The crates, as `cargo xtask generate --out … --path-dependencies` writes them.
    let generated = scratch.path().join("stripe-api");
    let packaging = Packaging {
        name: None,
        types_path: Some(workspace.join("types")),
    };
    let files = SpecFiles::pinned(TAG).expect("the pinned spec of v1");
    generate::write(&files, &packaging, None, &generated).unwrap();
    let readme = std::fs::read_to_string(generated.join("README.md")).unwrap();
    assert!(readme.contains(&format!("`{API_VERSION}`")), "{readme}");

    // The user's program beside them, with the workspace's lock file for the same versions of
    // the registry's crates.
    let program = scratch.path().join("program");
    std::fs::create_dir_all(program.join("src")).unwrap();
    std::fs::write(program.join("Cargo.toml"), manifest(&generated, &workspace)).unwrap();
    std::fs::write(program.join("src/main.rs"), PROGRAM).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), program.join("Cargo.lock")).unwrap();

    // The mock serving that version.
    let spec = pins::resolve(TAG, SpecFile::Spec).unwrap();
    let fixtures = pins::resolve(TAG, SpecFile::Fixtures).unwrap();
    let api = Arc::new(MockApi::load(&spec, &fixtures).expect("the mock loads v1"));
    let server = MockServer::builder(api).start().await.unwrap();
    let (payload, signature) = signed_event();
    let event_file = scratch.path().join("event.json");
    std::fs::write(&event_file, &payload).unwrap();

    let target = workspace.join("target/standalone");
    let url = server.url();
    let output = tokio::task::spawn_blocking(move || {
        run_program(&program, &target, &url, &event_file, &signature)
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the program failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("sku "), "{stdout}");
    assert!(lines[0].ends_with(" usd"), "{stdout}");
    assert_eq!(
        lines[1],
        "event evt_1HbxcyIigeqZG9Am6aCWNpIs plan.created plan price_1HbxcwIigeqZG9Am37aJKWtR",
        "{stdout}"
    );

    // The request carried the version of the crates it was built from.
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].path, "/v1/skus");
    assert_eq!(received[0].header("stripe-version"), Some(API_VERSION));
    server.shutdown().await;
}

/// Builds and runs the program in `dir` with its own target directory.
fn run_program(
    dir: &Path,
    target: &PathBuf,
    api_base: &str,
    event_file: &Path,
    signature: &str,
) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .current_dir(dir)
        .args(["run", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env("STRIPE_API_BASE", api_base)
        .env("EVENT_FILE", event_file)
        .env("EVENT_SIGNATURE", signature)
        .output()
        .expect("running cargo")
}
