//! `cargo xtask`: maintainer tasks of the workspace.

mod compile_bench;
mod conform;
mod mock;
mod package;
mod sdks;
mod verify;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use stripe_codegen::load::{self, SpecFiles};
use stripe_codegen::packaging::Packaging;
use stripe_codegen::{diff, generate};
use stripe_spec_pins::{Fetcher, SpecFile, Versions, workspace_root};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks: pull pinned specs, regenerate and check the SDK, diff API versions, benchmark"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Get pinned spec and fixture files into spec/cache, verifying their sha256.
    Pull {
        /// Tags to pull (default: every pinned tag).
        tags: Vec<String>,
        /// A local mirror laid out as `<tag>/<file>` (default: $STRIPE_OPENAPI_MIRROR, then
        /// ../shared/stripe-openapi when present, then the upstream URLs).
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Regenerate stripe-generated/ from a spec, or check that it is current.
    Generate {
        /// A pinned tag or a spec file path (default: the current pin of spec/versions.toml).
        #[arg(long)]
        spec: Option<String>,
        /// Compare instead of writing; exit non-zero and list stale files if they differ.
        #[arg(long)]
        check: bool,
        /// Write (or check) only the generated crates, into this directory, instead of
        /// stripe-generated/ and the test table of the workspace: a crate family of its own
        /// (`stripekit-api-<version>`), which depends on `stripekit-types` by version.
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: the package name of the root crate instead of `stripekit-api-<version>`
        /// (its shared and domain crates take it as their prefix).
        #[arg(long, requires = "out")]
        name: Option<String>,
        /// With --out: depend on this checkout's `stripekit-types` by path as well as by version,
        /// to build against unreleased changes.
        #[arg(long, requires = "out")]
        path_dependencies: bool,
        /// A local mirror for pulling a pinned spec.
        #[arg(long)]
        mirror: Option<PathBuf>,
        /// The API version the spec describes (`2024-04-10`), for a copy whose `info.version`
        /// is not one; the generated crate sends it as `Stripe-Version`.
        #[arg(long)]
        api_version: Option<String>,
    },
    /// What changed between two API versions, on the wire and in the generated Rust.
    Diff {
        /// The old spec: a pinned tag (v204, v271, v458) or a spec file path.
        old: String,
        /// The new spec: a pinned tag or a spec file path.
        new: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when the diff has a change of this class.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// A local mirror for pulling pinned specs.
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Serve the API locally from the pinned spec and fixtures (a mock for tests and `curl`).
    Mock {
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 12111)]
        port: u16,
        /// A pinned tag (default: the current pin).
        #[arg(long)]
        spec: Option<String>,
        /// A local mirror for pulling the pinned files.
        #[arg(long)]
        mirror: Option<PathBuf>,
        /// Keep what is created: retrieve, update, list and delete it (404 for other ids).
        #[arg(long)]
        stateful: bool,
    },
    /// Generate the crates of other pinned specs into copies of the workspace
    /// (`target/verify/<tag>/`) and check that they compile with every feature.
    Verify {
        /// Tags to verify (default: every pinned tag but the current one).
        tags: Vec<String>,
        /// Also run the every-operation test against the mock serving each tag.
        #[arg(long)]
        every_operation: bool,
        /// A local mirror for pulling the pinned files.
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Package every publishable crate with verification (the mock carrying the pinned spec),
    /// check their sizes, and run a package outside the workspace against the packaged mock.
    Package {
        /// A local mirror for pulling the pinned files.
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Compare the stateless mock with Stripe's stripe-mock, operation by operation, with
    /// requests made from the spec; differences outside `mock/conformance.toml` fail.
    Conform {
        /// The stripe-mock to compare with, already listening.
        #[arg(long, default_value = "http://127.0.0.1:12111")]
        reference: String,
        /// Only the operations whose `METHOD /path` contains this.
        #[arg(long)]
        only: Option<String>,
        /// How many unexpected differences to print.
        #[arg(long, default_value_t = 200)]
        show: usize,
        /// A local mirror for pulling the pinned files.
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Run the scenarios of `sdk-scenarios/` through Stripe's official Python and Node SDKs
    /// (installed at their pinned versions) against the mock in both modes.
    Sdks {
        /// Also run them against this server as the reference of the stateless mode: Stripe's
        /// stripe-mock, already listening (`http://127.0.0.1:12111`).
        #[arg(long)]
        reference: Option<String>,
        /// A local mirror for pulling the pinned files.
        #[arg(long)]
        mirror: Option<PathBuf>,
    },
    /// Run the property tests of every parser (JSON reader, form encoding through the mock's
    /// parser, webhook signatures, typed decoding) for longer, in optimised builds.
    Fuzz {
        /// Cases per property (CI runs 256).
        #[arg(long, default_value_t = 100_000)]
        cases: u32,
    },
    /// Run benchmarks (each prints ratios against a baseline of the same run).
    Bench {
        /// Which benchmark (default: decode and client; compile takes about half an hour, mock a
        /// few minutes).
        #[arg(value_enum)]
        which: Option<Bench>,
        /// For `compile`: keep cargo's HTML timing report of every cold build.
        #[arg(long)]
        timings: bool,
        /// For `compile`: how many times each cold debug build is timed, the projects taking
        /// turns; the medians are reported, and each ratio is the median of the rounds' ratios.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=9))]
        rounds: u32,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// For the terminal.
    Text,
    /// For a changelog.
    Markdown,
    /// For machines: the report's stable JSON form (see the README).
    Json,
    /// For a Rust user moving to the new version: per area, what no longer compiles and what
    /// to write instead, what is new, and the wire changes that break at run time.
    Guide,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// A change that breaks a client of the API, or code that uses the generated crate.
    Breaking,
    /// A change that breaks code that uses the generated crate.
    RustBreaking,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Bench {
    /// Decoding the v271 fixtures into the generated types versus `serde_json::Value` and
    /// `IgnoredAny`.
    Decode,
    /// Sequential requests through the client versus raw reqwest, against a local server.
    Client,
    /// Cold, incremental and release builds of a payments program, with this SDK and with
    /// async-stripe 1.0.
    Compile,
    /// Concurrent clients creating, listing and retrieving 100,000 customers on the mock's
    /// stateless and stateful modes and on Stripe's stripe-mock: requests per second and memory.
    Mock,
}

impl Bench {
    const ALL: [Bench; 2] = [Bench::Decode, Bench::Client];

    /// The package and cargo bench target that implement it; `None` for the compile benchmark,
    /// which the xtask runs itself.
    fn target(self) -> Option<(&'static str, &'static str)> {
        match self {
            Bench::Decode => Some(("stripe-tests", "decode")),
            Bench::Client => Some(("stripekit", "client")),
            Bench::Mock => Some(("stripekit-mock", "load")),
            Bench::Compile => None,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let workspace = workspace_root();
    match cli.command {
        Command::Pull { tags, mirror } => {
            let versions = Versions::load(&workspace)?;
            let tags = if tags.is_empty() {
                versions.specs.iter().map(|p| p.tag.clone()).collect()
            } else {
                tags
            };
            let fetcher = Fetcher::new(&workspace, mirror);
            for tag in &tags {
                let pin = versions.pin(tag)?;
                for file in SpecFile::ALL.into_iter().filter(|f| pin.has(*f)) {
                    let (path, how) = fetcher.fetch(pin, file, &mut |msg| eprintln!("{msg}"))?;
                    eprintln!(
                        "{tag} {}: ok ({how:?}, sha256 verified) -> {}",
                        pin.file_name(file),
                        path.display()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            spec,
            check,
            out,
            name,
            path_dependencies,
            mirror,
            api_version,
        } => {
            let default_target = spec.is_none() && out.is_none();
            let files = SpecFiles {
                api_version,
                ..resolve_spec(&workspace, spec, mirror.clone())?
            };
            // The test table belongs to the workspace's own crate, not to one written elsewhere.
            let table_workspace = out.is_none().then_some(workspace.as_path());
            let packaging = match &out {
                None => generate::workspace_packaging(&workspace)?,
                Some(_) => Packaging {
                    name,
                    types_path: path_dependencies.then(|| workspace.join("types")),
                },
            };
            let dir = out.unwrap_or_else(|| workspace.join("stripe-generated"));
            let mut jobs = vec![(files, packaging, table_workspace, dir)];
            // Without a spec or a directory: the other shipped versions too, each in its own.
            if default_target {
                for shipped in generate::shipped_versions(&workspace)? {
                    let files = resolve_spec(&workspace, Some(shipped.tag), mirror.clone())?;
                    let dir = workspace.join(&shipped.dir);
                    jobs.push((files, shipped.packaging, None, dir));
                }
            }
            let mut current = true;
            for (files, packaging, table_workspace, dir) in jobs {
                current &= generate_one(&files, &packaging, table_workspace, &dir, check)?;
            }
            Ok(if current {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            mirror,
        } => {
            let started = Instant::now();
            let old = resolve_spec(&workspace, Some(old), mirror.clone())?;
            let new = resolve_spec(&workspace, Some(new), mirror)?;
            let report = diff::diff_files(&old, &new)?;
            let text = match format {
                Format::Text => report.to_text(),
                Format::Markdown => report.to_markdown(),
                Format::Json => report.to_json(),
                Format::Guide => report.to_upgrade_guide(),
            };
            // A closed pipe (`| head`) is the reader's choice, not an error.
            match std::io::stdout().lock().write_all(text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(e).context("writing the report");
                }
                _ => {}
            }
            eprintln!(
                "diffed {} -> {} in {:.2?}",
                old.label,
                new.label,
                started.elapsed()
            );
            let failed = match fail_on {
                None => false,
                Some(FailOn::Breaking) => report.has_breaking(),
                Some(FailOn::RustBreaking) => report.has_breaking_rust(),
            };
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Mock {
            port,
            spec,
            mirror,
            stateful,
        } => mock::run(&workspace, port, spec, mirror, stateful).map(|()| ExitCode::SUCCESS),
        Command::Verify {
            tags,
            every_operation,
            mirror,
        } => {
            let depth = if every_operation {
                verify::Depth::EveryOperation
            } else {
                verify::Depth::Check
            };
            verify::run(&workspace, tags, depth, mirror).map(|()| ExitCode::SUCCESS)
        }
        Command::Package { mirror } => package::run(&workspace, mirror).map(|()| ExitCode::SUCCESS),
        Command::Bench {
            which,
            timings,
            rounds,
        } => bench(&workspace, which, timings, rounds),
        Command::Fuzz { cases } => fuzz(&workspace, cases),
        Command::Conform {
            reference,
            only,
            show,
            mirror,
        } => {
            let options = conform::Options {
                reference,
                only,
                show,
                mirror,
            };
            Ok(if conform::run(&workspace, options)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Sdks { reference, mirror } => Ok(if sdks::run(&workspace, reference, mirror)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }),
    }
}

/// The property tests, as `cargo test` arguments.
const PROPERTY_TESTS: &[&[&str]] = &[
    &["-p", "stripekit-types", "--test", "json_properties"],
    &["-p", "stripekit-mock", "--lib", "form::tests"],
    &["-p", "stripekit", "--test", "it", "webhook_properties"],
    &["-p", "stripe-tests", "--test", "it", "decode_properties"],
    &["-p", "stripe-tests", "--test", "it", "secrets"],
];

/// Runs every property test with `cases` cases each, in release builds.
fn fuzz(workspace: &std::path::Path, cases: u32) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for args in PROPERTY_TESTS {
        eprintln!(
            "== {} cases: cargo test --release {}",
            cases,
            args.join(" ")
        );
        let started = Instant::now();
        let status = std::process::Command::new(&cargo)
            .current_dir(workspace)
            .args(["test", "--release"])
            .args(*args)
            .env("PROPTEST_CASES", cases.to_string())
            .status()
            .context("running cargo test")?;
        if !status.success() {
            bail!("a property failed ({status}); its smallest input is printed above");
        }
        eprintln!("   passed in {:.1?}", started.elapsed());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs each benchmark: `cargo bench` in the workspace, or the compile benchmark.
fn bench(
    workspace: &std::path::Path,
    which: Option<Bench>,
    timings: bool,
    rounds: u32,
) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for bench in which.map_or(Bench::ALL.to_vec(), |b| vec![b]) {
        let Some((package, target)) = bench.target() else {
            compile_bench::run(workspace, timings, rounds as usize)?;
            continue;
        };
        eprintln!("== cargo bench -p {package} --bench {target}");
        let status = std::process::Command::new(&cargo)
            .current_dir(workspace)
            .args(["bench", "--quiet", "-p", package, "--bench", target])
            .status()
            .context("running cargo bench")?;
        if !status.success() {
            bail!("the {target} benchmark failed ({status})");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates one family of crates into `dir` (and the test tables into `table_workspace`), or
/// with `check` compares them: whether they were current.
fn generate_one(
    files: &SpecFiles,
    packaging: &Packaging,
    table_workspace: Option<&std::path::Path>,
    dir: &std::path::Path,
    check: bool,
) -> Result<bool> {
    let started = Instant::now();
    let label = &files.label;
    if check {
        let staleness = generate::check(files, packaging, table_workspace, dir)?;
        if staleness.is_current() {
            eprintln!("{} is current ({label})", dir.display());
            return Ok(true);
        }
        eprintln!(
            "{} is stale ({label}); run `cargo xtask generate`:",
            dir.display()
        );
        for line in staleness.lines() {
            eprintln!("  {line}");
        }
        return Ok(false);
    }
    let output = generate::write(files, packaging, table_workspace, dir)?;
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    match &files.fixtures {
        Some(fixtures) if output.notes.is_empty() => eprintln!(
            "every required response field is in the examples of {}",
            fixtures.display()
        ),
        Some(fixtures) => eprintln!(
            "{} required response fields are optional, as {} shows:",
            output.notes.len(),
            fixtures.display()
        ),
        None => eprintln!(
            "no {} for {label}: every required response field is trusted",
            load::FIXTURES_FILE
        ),
    }
    for note in &output.notes {
        eprintln!("  {note}");
    }
    let crate_files = &output.crate_files;
    let lines: usize = crate_files.iter().map(|f| f.contents.lines().count()).sum();
    let table = match table_workspace {
        Some(_) => {
            let paths: Vec<&str> = output.test_files.iter().map(|f| f.path.as_str()).collect();
            format!(" and {}", paths.join(", "))
        }
        None => String::new(),
    };
    eprintln!(
        "wrote {} ({} files, {lines} lines){table} from {label} in {:.2?}",
        dir.display(),
        crate_files.len(),
        started.elapsed()
    );
    Ok(true)
}

/// A pinned tag (its spec and fixtures fetched into the cache) or a path to a spec file (with
/// the fixtures file beside it, if there is one).
fn resolve_spec(
    workspace: &std::path::Path,
    spec: Option<String>,
    mirror: Option<PathBuf>,
) -> Result<SpecFiles> {
    let versions = Versions::load(workspace)?;
    let spec = spec.unwrap_or_else(|| versions.current.clone());
    if let Ok(pin) = versions.pin(&spec) {
        let fetcher = Fetcher::new(workspace, mirror);
        let fetch = |file| fetcher.fetch_if_pinned(pin, file, &mut |msg| eprintln!("{msg}"));
        return Ok(SpecFiles {
            spec: fetch(SpecFile::Spec)?.context("every pin has a spec")?,
            fixtures: fetch(SpecFile::Fixtures)?,
            label: pin.tag.clone(),
            api_version: None,
        });
    }
    let path = PathBuf::from(&spec);
    if !path.is_file() {
        bail!("{spec:?} is neither a pinned tag of spec/versions.toml nor a spec file");
    }
    let label = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("spec path has a file name")?
        .to_string();
    Ok(SpecFiles::beside(&path, &label))
}
