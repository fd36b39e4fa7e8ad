//! Reading a spec file (YAML or JSON) into `openapiv3` types, with errors that name the JSON
//! pointer of what failed.

use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::ir::SpecSource;
use stripe_spec_pins::sha256_hex;

/// The files of one spec version: the spec, and the examples Stripe publishes beside it
/// (`fixtures3.json`, which its mock server answers with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFiles {
    /// The spec file.
    pub spec: PathBuf,
    /// Without it, the generator trusts every `required` of the spec's response schemas.
    pub fixtures: Option<PathBuf>,
    /// Names the spec in generated headers and reports (a pinned tag, or the file name).
    pub label: String,
    /// The API version to generate for, in place of the spec's `info.version`: for a copy of
    /// Stripe's spec whose `info.version` is not the version it describes.
    pub api_version: Option<String>,
}

impl SpecFiles {
    /// The spec and fixtures of the pinned `tag`, resolved as tests resolve them
    /// ([`stripe_spec_pins::resolve`]).
    pub fn pinned(tag: &str) -> anyhow::Result<SpecFiles> {
        use stripe_spec_pins::{SpecFile, resolve, resolve_if_pinned};
        Ok(SpecFiles {
            spec: resolve(tag, SpecFile::Spec)?,
            fixtures: resolve_if_pinned(tag, SpecFile::Fixtures)?,
            label: tag.to_string(),
            api_version: None,
        })
    }

    /// The spec at `spec`, with the `fixtures3.json` in the same directory when there is one,
    /// as Stripe's repository lays them out.
    pub fn beside(spec: &Path, label: &str) -> SpecFiles {
        let fixtures = spec.with_file_name(FIXTURES_FILE);
        SpecFiles {
            spec: spec.to_path_buf(),
            fixtures: fixtures.is_file().then_some(fixtures),
            label: label.to_string(),
            api_version: None,
        }
    }
}

/// The name of Stripe's fixtures file beside its spec.
pub const FIXTURES_FILE: &str = "fixtures3.json";

/// A spec, parsed, with its fixtures.
pub struct LoadedSpec {
    /// The parsed spec.
    pub openapi: OpenAPI,
    /// What it was read from.
    pub source: SpecSource,
    /// Stripe's examples (`fixtures3.json`), parsed, when there are any.
    pub fixtures: Option<serde_json::Value>,
}

/// A spec that could not be read or does not say what the generator needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// JSON pointer (RFC 6901) of the failing value, `""` for the whole document.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl SpecError {
    /// An error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> SpecError {
        SpecError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "at {pointer}: {}", self.message)
    }
}

impl std::error::Error for SpecError {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// The component schema name of a `$ref` (`#/components/schemas/<name>`), the only kind of
/// reference the generator follows; `pointer` names where the reference is.
pub fn component_name<'r>(reference: &'r str, pointer: &str) -> Result<&'r str, SpecError> {
    reference
        .strip_prefix("#/components/schemas/")
        .ok_or_else(|| SpecError::new(pointer, format!("unsupported $ref {reference:?}")))
}

/// Reads and parses a spec and its fixtures.
pub fn load(files: &SpecFiles) -> anyhow::Result<LoadedSpec> {
    let path = &files.spec;
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    let mut openapi =
        parse(&bytes, is_json).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    match &files.api_version {
        Some(version) if !is_api_version(version) => anyhow::bail!(
            "the API version {version:?} is not of Stripe's form (YYYY-MM-DD, or YYYY-MM-DD.name \
             as in 2024-09-30.acacia)"
        ),
        Some(version) => openapi.info.version = version.clone(),
        None if !is_api_version(&openapi.info.version) => {
            let error = SpecError::new(
                "/info/version",
                format!(
                    "{:?} is not a Stripe API version (YYYY-MM-DD, or YYYY-MM-DD.name as in \
                     2024-09-30.acacia), and it would be sent as `Stripe-Version`; give the \
                     version this spec describes with --api-version",
                    openapi.info.version
                ),
            );
            anyhow::bail!("{}: {error}", path.display());
        }
        None => {}
    }
    let fixtures = match &files.fixtures {
        Some(path) => Some(load_fixtures(path)?),
        None => None,
    };
    Ok(LoadedSpec {
        openapi,
        source: SpecSource {
            label: files.label.clone(),
            sha256: sha256_hex(&bytes),
        },
        fixtures,
    })
}

/// Whether `version` has the form of a Stripe API version: a date, `YYYY-MM-DD`, optionally
/// followed by a release name, `.acacia`.
pub fn is_api_version(version: &str) -> bool {
    let (date, name) = match version.split_once('.') {
        Some((date, name)) => (date, Some(name)),
        None => (version, None),
    };
    let number = |text: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        text.len() == len
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.parse().is_ok_and(|n| range.contains(&n))
    };
    let mut parts = date.split('-');
    let date_ok = matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(y), Some(m), Some(d), None)
            if number(y, 4, 2000..=2999) && number(m, 2, 1..=12) && number(d, 2, 1..=31)
    );
    let name_ok = name.is_none_or(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase()));
    date_ok && name_ok
}

/// Reads a fixtures file: a JSON object whose `resources` maps resource names to examples.
fn load_fixtures(path: &Path) -> anyhow::Result<serde_json::Value> {
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
    let fixtures: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: not JSON: {e}", path.display()))?;
    if !fixtures.get("resources").is_some_and(|r| r.is_object()) {
        let error = SpecError::new("/resources", "fixtures need an object of examples here");
        anyhow::bail!("{}: {error}", path.display());
    }
    Ok(fixtures)
}

/// Parses spec bytes as JSON (`is_json`) or YAML.
pub fn parse(bytes: &[u8], is_json: bool) -> Result<OpenAPI, SpecError> {
    if is_json {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let pointer = to_pointer(e.path());
            let inner = e.into_inner();
            SpecError::new(pointer, format!("{inner}"))
        })
    } else {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| SpecError::new("", format!("not UTF-8: {e}")))?;
        let de = serde_yaml_ng::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let pointer = to_pointer(e.path());
            let inner = e.into_inner();
            SpecError::new(pointer, format!("{inner}"))
        })
    }
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer_push(&pointer, key),
            Segment::Enum { variant } => pointer_push(&pointer, variant),
            Segment::Unknown => pointer,
        };
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer_push("/paths", "/v1/customers"),
            "/paths/~1v1~1customers"
        );
        assert_eq!(pointer_push("", "a~b"), "/a~0b");
    }

    #[test]
    fn a_wrong_type_names_its_pointer() {
        let spec = br#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/v1/x":{"get":{"responses":{"200":{"description":"ok"}},"parameters":[{"name":"a","in":"query","required":"yes"}]}}}}"#;
        let err = parse(spec, true).unwrap_err();
        // The pointer is as deep as the parser can follow (it stops at flattened maps such as
        // `paths`); the message adds the line and column.
        assert!(err.pointer.starts_with("/paths"), "{err}");
        assert!(err.message.contains("expected a boolean"), "{err}");
        assert!(err.message.contains("column"), "{err}");
    }

    #[test]
    fn api_versions_have_stripes_form() {
        for good in [
            "2022-11-15",
            "2024-04-10",
            "2024-09-30.acacia",
            "2025-03-31.basil",
        ] {
            assert!(is_api_version(good), "{good}");
        }
        for bad in [
            "Wed Oct 15 2025 12:00:00 GMT+0000",
            "2022-11-15 ",
            "2022-13-01",
            "2022-11-32",
            "22-11-15",
            "2022-11-15.",
            "2022-11-15.Acacia",
            "2022-11-15.acacia.x",
            "2022-11",
            "1.0.0",
            "",
        ] {
            assert!(!is_api_version(bad), "{bad:?}");
        }
    }

    #[test]
    fn bad_yaml_says_where() {
        let err = parse(b"openapi: 3.0.0\ninfo: [unclosed\n", false).unwrap_err();
        assert!(err.to_string().contains("line"), "{err}");
    }
}
