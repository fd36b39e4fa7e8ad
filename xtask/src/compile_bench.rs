//! `cargo xtask bench compile`: how long a program that uses the SDK takes to build, against the
//! published async-stripe 1.0 release candidate and against the floor, the same program with no
//! SDK, on this machine and in one run.
//!
//! Each SDK gets two scratch projects under `target/compile-bench/`, both building the same
//! payments program (`xtask/compile-bench/*.rs`): one with every API feature, one with only
//! customers, payment intents, Checkout sessions and webhooks. The floor is one more project:
//! the payments program's calls on `reqwest`, `tokio`, `serde_json` and `ring` alone
//! (`raw.rs`), which no program making them can build faster than. The SDK's own share of the
//! payments build comes from cargo's timing report of it. Dependencies are downloaded
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
    /// No SDK: the calls on raw `reqwest`.
    Floor,
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
            Sdk::Floor => "raw-reqwest",
        }
    }

    fn program(self) -> &'static str {
        match self {
            Sdk::Ours => include_str!("../compile-bench/ours.rs"),
            Sdk::Peer => include_str!("../compile-bench/async_stripe.rs"),
            Sdk::Floor => include_str!("../compile-bench/raw.rs"),
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
            // The TLS stack the SDK turns on in reqwest, and the crypto its webhooks use.
            Sdk::Floor => "reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\"] }\n\
                           serde_json = \"1\"\nring = \"0.17\"\n"
                .to_string(),
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
    sdk: Sdk,
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
        let project = Project { dir, binary, sdk };
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

    /// The units of this SDK (`stripekit*`) in cargo's timing report of the last timed build,
    /// with their compile times, longest first.
    fn own_units(&self) -> Result<Vec<(String, f64)>> {
        let report = self.target().join("cargo-timings/cargo-timing.html");
        let html = std::fs::read_to_string(&report)
            .with_context(|| format!("reading {}", report.display()))?;
        // The report embeds its units as JSON: `const UNIT_DATA = [...];`.
        let data = html
            .split_once("const UNIT_DATA = ")
            .and_then(|(_, rest)| rest.split_once(";\n"))
            .map(|(json, _)| json)
            .with_context(|| format!("no UNIT_DATA in {}", report.display()))?;
        let units: Vec<serde_json::Value> = serde_json::from_str(data)
            .with_context(|| format!("the UNIT_DATA of {}", report.display()))?;
        let mut own: Vec<(String, f64)> = units
            .iter()
            .filter_map(|unit| {
                let name = unit.get("name")?.as_str()?;
                let seconds = unit.get("duration")?.as_f64()?;
                name.starts_with("stripekit")
                    .then(|| (name.to_string(), seconds))
            })
            .collect();
        own.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(own)
    }

    fn release_binary_size(&self) -> Result<u64> {
        let path = self.target().join("release").join(self.binary);
        Ok(std::fs::metadata(&path)
            .with_context(|| format!("reading {}", path.display()))?
            .len())
    }
}

/// One row of the result table: a figure for this SDK, async-stripe, and the floor where it
/// has one.
struct Row {
    label: &'static str,
    goal: &'static str,
    ours: f64,
    peer: f64,
    floor: Option<f64>,
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
/// of the cold builds (in each project's `target/cargo-timings/`); the payments builds are
/// always timed by cargo, for the SDK's own share.
pub fn run(workspace: &Path, timings: bool) -> Result<()> {
    let root = workspace.join("target/compile-bench");
    eprintln!("setting up and downloading into {}", root.display());
    let all = [
        Project::create(&root, workspace, Sdk::Ours, Features::All)?,
        Project::create(&root, workspace, Sdk::Peer, Features::All)?,
    ];
    let payments = [
        Project::create(&root, workspace, Sdk::Ours, Features::Payments)?,
        Project::create(&root, workspace, Sdk::Peer, Features::Payments)?,
        Project::create(&root, workspace, Sdk::Floor, Features::Payments)?,
    ];

    // The projects alternate within each measurement, so a drift of the machine's speed during
    // the run touches them all.
    let measure = |label: &'static str,
                   goal: &'static str,
                   unit: Unit,
                   projects: &[Project],
                   f: &dyn Fn(&Project) -> Result<f64>| {
        let mut figures = Vec::new();
        for project in projects {
            eprint!("{label}, {}: ", project.sdk.name());
            let figure = f(project)?;
            eprintln!("{}", unit.show(figure));
            figures.push(figure);
        }
        Ok::<_, anyhow::Error>(Row {
            label,
            goal,
            ours: figures[0],
            peer: figures[1],
            floor: figures.get(2).copied(),
            unit,
        })
    };
    let seconds = |d: Duration| d.as_secs_f64();

    let rows = [
        measure(
            "(a) cold debug build, every feature",
            "≤ 0.35",
            Unit::Seconds,
            &all,
            &|p| p.cold_build(false, timings).map(seconds),
        )?,
        measure(
            "(b) cold debug build, payments; (f) is its ratio to the floor",
            "≤ 0.42; (f) ≤ 1.10",
            Unit::Seconds,
            &payments,
            &|p| p.cold_build(false, true).map(seconds),
        )?,
        measure(
            "(c) rebuild after touching main.rs",
            "≤ 0.6 s",
            Unit::Seconds,
            &payments[..2],
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
            &payments[..2],
            &|p| p.cold_build(true, timings).map(seconds),
        )?,
        measure(
            "(d) stripped release binary, payments",
            "≤ 0.45",
            Unit::Bytes,
            &payments[..2],
            &|p| p.release_binary_size().map(|n| n as f64),
        )?,
    ];
    println!("{}", table(&rows));
    let own = payments[0].own_units()?;
    let total: f64 = own.iter().map(|(_, seconds)| seconds).sum();
    let largest: Vec<String> = own
        .iter()
        .take(4)
        .map(|(name, seconds)| format!("{name} {seconds:.1} s"))
        .collect();
    println!(
        "the SDK's own units in (b), from cargo's timing report: {total:.1} s (goal ≤ 5 s): {}",
        largest.join(", ")
    );
    println!(
        "cargo's timing reports: {}/*/target/cargo-timings/",
        root.display()
    );
    Ok(())
}

fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "| measurement | stripekit (this SDK) | async-stripe {} | raw reqwest (floor) | ratio to async-stripe | (f) ratio to the floor | goal |\n|---|---:|---:|---:|---:|---:|---|\n",
        PEER_VERSION.trim_start_matches('=')
    );
    for row in rows {
        // Three places, so that a ratio just over its goal (0.504) does not print as the goal.
        let (floor, to_floor) = match row.floor {
            Some(floor) => (row.unit.show(floor), format!("{:.3}", row.ours / floor)),
            None => ("".into(), "".into()),
        };
        out += &format!(
            "| {} | {} | {} | {floor} | {:.3} | {to_floor} | {} |\n",
            row.label,
            row.unit.show(row.ours),
            row.unit.show(row.peer),
            row.ours / row.peer,
            row.goal
        );
    }
    out
}
