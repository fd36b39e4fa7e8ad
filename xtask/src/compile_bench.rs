//! `cargo xtask bench compile`: how long a program that uses the SDK takes to build, against the
//! published async-stripe 1.0 release candidate, on this machine and in one run.
//!
//! Each SDK gets two scratch projects under `target/compile-bench/`, both building the same
//! payments program (`xtask/compile-bench/*.rs`): one with every API feature, one with only
//! customers, payment intents, Checkout sessions and webhooks. Dependencies are downloaded
//! before any clock starts, and every timed cold build starts from an empty target directory.
//! Every dependency, the SDK included, compiles as it does from a registry: not incrementally.
//! Both SDKs use rustls with *ring* and the webpki roots, so neither pays for a different TLS
//! stack. The peer's sources come from crates.io at run time; nothing of it is kept here.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The async-stripe version the benchmark measures against.
const PEER_VERSION: &str = "=1.0.0-rc.10";

/// async-stripe's API crates; `full` of each is "every feature".
const PEER_API_CRATES: [&str; 12] = [
    "billing", "checkout", "connect", "core", "fraud", "issuing", "misc", "payment", "product",
    "reserve", "terminal", "treasury",
];

/// Incremental rebuilds timed per SDK; the median is reported.
const INCREMENTAL_RUNS: usize = 3;

#[derive(Clone, Copy, PartialEq)]
enum Sdk {
    Ours,
    Peer,
}

#[derive(Clone, Copy)]
enum Features {
    /// Every resource area.
    All,
    /// Customers, payment intents, Checkout sessions and webhooks.
    Payments,
}

impl Sdk {
    fn name(self) -> &'static str {
        match self {
            Sdk::Ours => "stripekit",
            Sdk::Peer => "async-stripe",
        }
    }

    fn program(self) -> &'static str {
        match self {
            Sdk::Ours => include_str!("../compile-bench/ours.rs"),
            Sdk::Peer => include_str!("../compile-bench/async_stripe.rs"),
        }
    }

    /// The `[dependencies]` lines that bring in the SDK with these features.
    fn dependencies(self, features: Features, workspace: &Path) -> String {
        match self {
            Sdk::Ours => {
                let list = match features {
                    Features::All => r#""full""#,
                    Features::Payments => r#""customers", "payment_intents", "checkout""#,
                };
                let path = workspace.join("stripe");
                format!(
                    "stripekit = {{ path = {path:?}, features = [{list}] }}\n",
                    path = path.display().to_string()
                )
            }
            Sdk::Peer => {
                let v = PEER_VERSION;
                let mut lines = format!(
                    "stripe = {{ package = \"async-stripe\", version = \"{v}\", \
                     default-features = false, features = [\"rustls-tls-webpki-roots\", \"rustls-ring\"] }}\n\
                     stripe_types = {{ package = \"async-stripe-types\", version = \"{v}\" }}\n"
                );
                match features {
                    Features::All => {
                        for krate in PEER_API_CRATES {
                            lines += &format!(
                                "stripe_{} = {{ package = \"async-stripe-{krate}\", version = \"{v}\", features = [\"full\"] }}\n",
                                krate.replace('-', "_")
                            );
                        }
                        lines += &format!(
                            "stripe_webhook = {{ package = \"async-stripe-webhook\", version = \"{v}\", features = [\"full\"] }}\n"
                        );
                    }
                    Features::Payments => {
                        lines += &format!(
                            "stripe_core = {{ package = \"async-stripe-core\", version = \"{v}\", features = [\"customer\", \"payment_intent\"] }}\n\
                             stripe_checkout = {{ package = \"async-stripe-checkout\", version = \"{v}\", features = [\"checkout_session\"] }}\n\
                             stripe_webhook = {{ package = \"async-stripe-webhook\", version = \"{v}\", features = [\"async-stripe-core\", \"async-stripe-checkout\"] }}\n"
                        );
                    }
                }
                lines
            }
        }
    }
}

impl Features {
    fn name(self) -> &'static str {
        match self {
            Features::All => "all",
            Features::Payments => "payments",
        }
    }
}

/// One scratch project: a binary crate outside the workspace, with its own target directory.
struct Project {
    dir: PathBuf,
    binary: &'static str,
}

impl Project {
    fn create(root: &Path, workspace: &Path, sdk: Sdk, features: Features) -> Result<Project> {
        let binary = "compile-bench";
        let dir = root.join(format!("{}-{}", sdk.name(), features.name()));
        std::fs::create_dir_all(dir.join("src"))?;
        // The empty `[workspace]` keeps cargo from taking the enclosing workspace for this
        // project's. Cargo compiles path dependencies, like this workspace's SDK here,
        // incrementally, and registry or git ones not; the dependency profile makes every
        // dependency build the way it does for a user who gets the SDK from a registry.
        // `strip` applies to the release binary measured in (d).
        let manifest = format!(
            "[package]\nname = \"{binary}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n[profile.dev.package.\"*\"]\nincremental = false\n\n\
             [profile.release]\nstrip = true\n\n[dependencies]\n{}\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            sdk.dependencies(features, workspace)
        );
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        std::fs::write(dir.join("src/main.rs"), sdk.program())?;
        let project = Project { dir, binary };
        project.cargo(&["fetch", "--quiet"])?;
        Ok(project)
    }

    fn target(&self) -> PathBuf {
        self.dir.join("target")
    }

    /// Runs cargo in the project, failing with its output when it fails.
    fn cargo(&self, args: &[&str]) -> Result<Duration> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let started = Instant::now();
        let output = Command::new(cargo)
            .current_dir(&self.dir)
            .args(args)
            .env("CARGO_TARGET_DIR", self.target())
            .env_remove("RUSTFLAGS")
            .output()
            .with_context(|| format!("running cargo {}", args.join(" ")))?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            bail!(
                "cargo {} failed in {}:\n{}",
                args.join(" "),
                self.dir.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(elapsed)
    }

    /// A build from an empty target directory, with the dependencies already downloaded.
    fn cold_build(&self, release: bool, timings: bool) -> Result<Duration> {
        let profile = if release { "release" } else { "debug" };
        let dir = self.target().join(profile);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("emptying {}", dir.display()))?;
        }
        let mut args = vec!["build", "--offline", "--quiet"];
        if release {
            args.push("--release");
        }
        if timings {
            args.push("--timings");
        }
        self.cargo(&args)
    }

    /// Rewrites `main.rs` (same text, new modification time) and times the debug rebuild.
    fn incremental_build(&self) -> Result<Duration> {
        let main = self.dir.join("src/main.rs");
        let text = std::fs::read(&main)?;
        // File systems with a coarse clock need the new time to differ from the last build's.
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(&main, text)?;
        self.cargo(&["build", "--offline", "--quiet"])
    }

    fn release_binary_size(&self) -> Result<u64> {
        let path = self.target().join("release").join(self.binary);
        Ok(std::fs::metadata(&path)
            .with_context(|| format!("reading {}", path.display()))?
            .len())
    }
}

/// One row of the result table: a figure for each SDK.
struct Row {
    label: &'static str,
    goal: &'static str,
    ours: f64,
    peer: f64,
    unit: Unit,
}

#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Bytes,
}

impl Unit {
    fn show(self, value: f64) -> String {
        match self {
            Unit::Seconds => format!("{value:.1} s"),
            Unit::Bytes => format!("{:.2} MiB", value / (1024.0 * 1024.0)),
        }
    }
}

/// Runs the whole benchmark and prints the table. `timings` keeps cargo's HTML timing reports
/// of the cold builds (in each project's `target/cargo-timings/`).
pub fn run(workspace: &Path, timings: bool) -> Result<()> {
    let root = workspace.join("target/compile-bench");
    let sdks = [Sdk::Ours, Sdk::Peer];
    eprintln!("setting up and downloading into {}", root.display());
    let mut all = Vec::new();
    let mut payments = Vec::new();
    for sdk in sdks {
        all.push(Project::create(&root, workspace, sdk, Features::All)?);
        payments.push(Project::create(&root, workspace, sdk, Features::Payments)?);
    }

    // The SDKs alternate within each measurement, so a drift of the machine's speed during the
    // run touches both.
    let measure = |label: &'static str,
                   goal: &'static str,
                   unit: Unit,
                   projects: &[Project],
                   f: &dyn Fn(&Project) -> Result<f64>| {
        let mut figures = [0.0; 2];
        for (i, (sdk, project)) in sdks.iter().zip(projects).enumerate() {
            eprint!("{label}, {}: ", sdk.name());
            figures[i] = f(project)?;
            eprintln!("{}", unit.show(figures[i]));
        }
        Ok::<_, anyhow::Error>(Row {
            label,
            goal,
            ours: figures[0],
            peer: figures[1],
            unit,
        })
    };
    let seconds = |d: Duration| d.as_secs_f64();
    let cold_debug = |p: &Project| p.cold_build(false, timings).map(seconds);

    let rows = [
        measure(
            "(a) cold debug build, every feature",
            "≤ 0.45",
            Unit::Seconds,
            &all,
            &cold_debug,
        )?,
        measure(
            "(b) cold debug build, payments",
            "≤ 0.56",
            Unit::Seconds,
            &payments,
            &cold_debug,
        )?,
        measure(
            "(c) rebuild after touching main.rs",
            "< 5 s and ≤ 1.0",
            Unit::Seconds,
            &payments,
            &|p| {
                let mut runs = (0..INCREMENTAL_RUNS)
                    .map(|_| p.incremental_build().map(seconds))
                    .collect::<Result<Vec<_>>>()?;
                runs.sort_by(f64::total_cmp);
                Ok(runs[runs.len() / 2])
            },
        )?,
        measure(
            "cold release build, payments",
            "",
            Unit::Seconds,
            &payments,
            &|p| p.cold_build(true, timings).map(seconds),
        )?,
        measure(
            "(d) stripped release binary, payments",
            "≤ 0.5",
            Unit::Bytes,
            &payments,
            &|p| p.release_binary_size().map(|n| n as f64),
        )?,
    ];
    println!("{}", table(&rows));
    if timings {
        println!(
            "cargo's timing reports: {}/*/target/cargo-timings/",
            root.display()
        );
    }
    Ok(())
}

fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "| measurement | stripekit (this SDK) | async-stripe {} | ratio | goal |\n|---|---:|---:|---:|---|\n",
        PEER_VERSION.trim_start_matches('=')
    );
    for row in rows {
        // Three places, so that a ratio just over its goal (0.504) does not print as the goal.
        out += &format!(
            "| {} | {} | {} | {:.3} | {} |\n",
            row.label,
            row.unit.show(row.ours),
            row.unit.show(row.peer),
            row.ours / row.peer,
            row.goal
        );
    }
    out
}
