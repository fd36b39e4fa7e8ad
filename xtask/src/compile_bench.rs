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
//!
//! A cold build on a shared machine varies by several seconds, and the machine's speed can drift
//! during a run. The projects of a measurement therefore take turns, and `--rounds N` times each
//! cold debug build N times: a figure is the median of its rounds, and a ratio the median of the
//! ratios of each round, whose builds ran close together.

use std::collections::BTreeMap;
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
/// has one, each a list of one figure per round.
struct Row {
    label: &'static str,
    goal: &'static str,
    ours: Vec<f64>,
    peer: Vec<f64>,
    floor: Option<Vec<f64>>,
    unit: Unit,
}

impl Row {
    /// The median of the per-round ratios of this SDK's figure to `other`'s.
    fn ratio(&self, other: &[f64]) -> f64 {
        median(
            self.ours
                .iter()
                .zip(other)
                .map(|(ours, other)| ours / other),
        )
    }
}

/// The median of a non-empty list (the mean of the middle two for an even count).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
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
/// always timed by cargo, for the SDK's own share. `rounds` is how many times each cold debug
/// build is timed.
pub fn run(workspace: &Path, timings: bool, rounds: usize) -> Result<()> {
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

    // The projects alternate within each round of a measurement, so a drift of the machine's
    // speed during the run touches them all.
    let measure = |label: &'static str,
                   goal: &'static str,
                   unit: Unit,
                   rounds: usize,
                   projects: &[Project],
                   f: &dyn Fn(&Project) -> Result<f64>| {
        let mut figures = vec![Vec::new(); projects.len()];
        for round in 1..=rounds {
            for (project, figures) in projects.iter().zip(&mut figures) {
                let of = if rounds > 1 {
                    format!(" (round {round} of {rounds})")
                } else {
                    String::new()
                };
                eprint!("{label}, {}{of}: ", project.sdk.name());
                let figure = f(project)?;
                eprintln!("{}", unit.show(figure));
                figures.push(figure);
            }
        }
        let mut figures = figures.into_iter();
        Ok::<_, anyhow::Error>(Row {
            label,
            goal,
            ours: figures.next().unwrap_or_default(),
            peer: figures.next().unwrap_or_default(),
            floor: figures.next(),
            unit,
        })
    };
    let seconds = |d: Duration| d.as_secs_f64();
    // The SDK's own units in each round's payments build, read before a later build of the
    // project writes another timing report.
    let own_units = std::cell::RefCell::new(Vec::new());

    let rows = [
        measure(
            "(a) cold debug build, every feature",
            "≤ 0.35",
            Unit::Seconds,
            rounds,
            &all,
            &|p| p.cold_build(false, timings).map(seconds),
        )?,
        measure(
            "(b) cold debug build, payments; (f) is its ratio to the floor",
            "≤ 0.42; (f) ≤ 1.10",
            Unit::Seconds,
            rounds,
            &payments,
            &|p| {
                let built = p.cold_build(false, true).map(seconds)?;
                if p.sdk == Sdk::Ours {
                    own_units.borrow_mut().push(p.own_units()?);
                }
                Ok(built)
            },
        )?,
        measure(
            "(c) rebuild after touching main.rs",
            "≤ 0.6 s",
            Unit::Seconds,
            1,
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
            1,
            &payments[..2],
            &|p| p.cold_build(true, timings).map(seconds),
        )?,
        measure(
            "(d) stripped release binary, payments",
            "≤ 0.45",
            Unit::Bytes,
            1,
            &payments[..2],
            &|p| p.release_binary_size().map(|n| n as f64),
        )?,
    ];
    println!("{}", table(&rows));
    // Each unit's median over the rounds, longest first.
    let rounds_units = own_units.into_inner();
    let mut by_unit: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (name, seconds) in rounds_units.iter().flatten() {
        by_unit.entry(name).or_default().push(*seconds);
    }
    let mut own: Vec<(&str, f64)> = by_unit
        .into_iter()
        .map(|(name, seconds)| (name, median(seconds.into_iter())))
        .collect();
    own.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = own.iter().map(|(_, seconds)| seconds).sum();
    let largest: Vec<String> = own
        .iter()
        .take(4)
        .map(|(name, seconds)| format!("{name} {seconds:.1} s"))
        .collect();
    let each_round: Vec<String> = rounds_units
        .iter()
        .map(|units| format!("{:.1} s", units.iter().map(|(_, s)| s).sum::<f64>()))
        .collect();
    println!(
        "the SDK's own units in (b), each the median of its rounds, from cargo's timing reports: \
         {total:.1} s (goal ≤ 5 s; the rounds' sums: {}): {}",
        each_round.join(", "),
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
        let show = |figures: &[f64]| row.unit.show(median(figures.iter().copied()));
        // Three places, so that a ratio just over its goal (0.504) does not print as the goal.
        let (floor, to_floor) = match &row.floor {
            Some(floor) => (show(floor), format!("{:.3}", row.ratio(floor))),
            None => ("".into(), "".into()),
        };
        out += &format!(
            "| {} | {} | {} | {floor} | {:.3} | {to_floor} | {} |\n",
            row.label,
            show(&row.ours),
            show(&row.peer),
            row.ratio(&row.peer),
            row.goal
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Row, Unit, median};

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_and_of_an_even_one_the_mean_of_two() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0].into_iter()), 2.5);
        assert_eq!(median([7.0].into_iter()), 7.0);
    }

    #[test]
    fn a_ratio_is_the_median_of_each_rounds_ratio_not_the_ratio_of_medians() {
        // The machine slowed down in the second round: both builds took twice as long.
        let row = Row {
            label: "",
            goal: "",
            ours: vec![10.0, 20.0, 11.0],
            peer: vec![20.0, 40.0, 30.0],
            floor: None,
            unit: Unit::Seconds,
        };
        // Per round: 0.5, 0.5, 0.367; the medians' ratio would be 11 / 30.
        assert_eq!(row.ratio(&row.peer), 0.5);
    }
}
