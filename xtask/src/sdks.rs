//! `cargo xtask sdks`: the scenarios of `sdk-scenarios/`, run through Stripe's official Python
//! and Node SDKs against the mock in both modes (and, as the reference of the stateless mode,
//! against Stripe's stripe-mock at a URL given).
//!
//! The SDKs are installed from the package registries at the versions the scenarios pin: Python's
//! into a virtual environment under `target/sdk-scenarios/`, Node's with `npm ci` beside its
//! scenario. The mock serves the pinned spec in this process, each mode on a free port of
//! 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use stripekit_mock::MockApi;

use crate::mock::BothModes;

/// One scenario run: which SDK against which server.
struct Run<'a> {
    sdk: &'a Sdk,
    server: &'a str,
    url: &'a str,
    mode: &'a str,
}

/// An SDK's scenario and the command that runs it.
struct Sdk {
    name: &'static str,
    program: PathBuf,
    script: PathBuf,
}

pub fn run(workspace: &Path, reference: Option<String>, mirror: Option<PathBuf>) -> Result<bool> {
    let scenarios = workspace.join("sdk-scenarios");
    let sdks = [
        install_python(workspace, &scenarios)?,
        install_node(&scenarios)?,
    ];

    let (spec, fixtures) = crate::mock::current_pin_files(workspace, mirror)?;
    let api = Arc::new(MockApi::load(&spec, &fixtures).context("loading the mock's spec")?);
    let servers = BothModes::start(api)?;
    let (stateless_url, stateful_url) = (servers.stateless.url(), servers.stateful.url());

    let mut runs = Vec::new();
    for sdk in &sdks {
        if let Some(url) = &reference {
            runs.push(Run {
                sdk,
                server: "stripe-mock",
                url,
                mode: "stateless",
            });
        }
        runs.push(Run {
            sdk,
            server: "stripekit-mock",
            url: &stateless_url,
            mode: "stateless",
        });
        runs.push(Run {
            sdk,
            server: "stripekit-mock",
            url: &stateful_url,
            mode: "stateful",
        });
    }
    let mut failed = Vec::new();
    for run in &runs {
        println!(
            "== {} scenario against {} ({}, {})",
            run.sdk.name, run.server, run.mode, run.url
        );
        let status = Command::new(&run.sdk.program)
            .arg(&run.sdk.script)
            .env("STRIPE_MOCK_URL", run.url)
            .env("STRIPE_MOCK_MODE", run.mode)
            .status()
            .with_context(|| format!("running {}", run.sdk.program.display()))?;
        if !status.success() {
            failed.push(format!(
                "{} against {} ({})",
                run.sdk.name, run.server, run.mode
            ));
        }
    }
    servers.stop();
    if failed.is_empty() {
        println!("every scenario passed ({} runs)", runs.len());
    } else {
        println!("failed: {}", failed.join("; "));
    }
    Ok(failed.is_empty())
}

/// A virtual environment with the pinned Python SDK, made once and refreshed from
/// `requirements.txt` on every run (pip does nothing when it is current).
fn install_python(workspace: &Path, scenarios: &Path) -> Result<Sdk> {
    let venv = workspace.join("target/sdk-scenarios/venv");
    if !venv.join("bin/python").exists() {
        checked(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    let python = venv.join("bin/python");
    let requirements = scenarios.join("python/requirements.txt");
    checked(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
    )?;
    Ok(Sdk {
        name: "python",
        program: python,
        script: scenarios.join("python/scenario.py"),
    })
}

/// The pinned Node SDK, installed by `npm ci` from the scenario's lock file.
fn install_node(scenarios: &Path) -> Result<Sdk> {
    let dir = scenarios.join("node");
    checked(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )?;
    Ok(Sdk {
        name: "node",
        program: PathBuf::from("node"),
        script: dir.join("scenario.js"),
    })
}

fn checked(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}
