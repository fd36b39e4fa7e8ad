//! The pinned spec versions of `spec/versions.toml`, and getting their files.
//!
//! A pinned file is looked up in this order, and its sha256 is verified whichever way it came:
//!
//! 1. the cache, `spec/cache/<tag>/<file>` (gitignored);
//! 2. a local mirror directory laid out as `<tag>/<file>`: the one given explicitly, else
//!    `$STRIPE_OPENAPI_MIRROR`, else `../shared/stripe-openapi` beside the workspace when present;
//! 3. the upstream URL.
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
    #[serde(rename = "spec")]
    pub specs: Vec<Pin>,
}

/// One pinned upstream tag.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub tag: String,
    pub api_version: String,
    pub spec_url: String,
    pub spec_sha256: String,
    pub fixtures_url: String,
    pub fixtures_sha256: String,
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
    pub fn url(&self, file: SpecFile) -> &str {
        match file {
            SpecFile::Spec => &self.spec_url,
            SpecFile::Fixtures => &self.fixtures_url,
        }
    }

    pub fn sha256(&self, file: SpecFile) -> &str {
        match file {
            SpecFile::Spec => &self.spec_sha256,
            SpecFile::Fixtures => &self.fixtures_sha256,
        }
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
            .join(file.file_name())
    }

    /// Makes sure `file` of `pin` is in the cache, verified, and returns its path.
    pub fn fetch(
        &self,
        pin: &Pin,
        file: SpecFile,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(PathBuf, Provenance)> {
        let cached = self.cache_path(pin, file);
        if cached.is_file() {
            let bytes =
                std::fs::read(&cached).with_context(|| format!("reading {}", cached.display()))?;
            if sha256_hex(&bytes) == pin.sha256(file) {
                return Ok((cached, Provenance::Cache));
            }
            progress(&format!(
                "{}: cached copy has the wrong sha256, fetching again",
                cached.display()
            ));
        }
        let (bytes, provenance) = match &self.mirror {
            Some(dir) if dir.join(&pin.tag).join(file.file_name()).is_file() => {
                let path = dir.join(&pin.tag).join(file.file_name());
                progress(&format!(
                    "{} {file}: copying from {}",
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
                progress(&format!(
                    "{} {file}: downloading {}",
                    pin.tag,
                    pin.url(file)
                ));
                (download(pin.url(file), progress)?, Provenance::Download)
            }
        };
        let actual = sha256_hex(&bytes);
        if actual != pin.sha256(file) {
            bail!(
                "{} {file}: sha256 mismatch: expected {} (spec/versions.toml), got {actual}",
                pin.tag,
                pin.sha256(file)
            );
        }
        write_atomically(&cached, &bytes)?;
        Ok((cached, provenance))
    }
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
