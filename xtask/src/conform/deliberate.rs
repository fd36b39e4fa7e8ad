//! The differences from stripe-mock that the mock makes on purpose: `mock/conformance.toml`,
//! each entry a pattern over a difference and the reason for it.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::compare::Difference;
use super::probes::Probe;

/// One deliberate difference: which differences it covers (every field is a pattern where `*`
/// stands for any text; an absent field matches anything) and why the mock answers so.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deliberate {
    /// The class of difference (`status`, `error-param`, `extra`, …).
    pub class: String,
    /// The operations (`POST /v1/customers`): one pattern, or a list of them.
    pub operation: Option<Patterns>,
    /// The probe's name (`unknown conform_unknown`, `with metadata`, `expand *`).
    pub probe: Option<String>,
    /// The JSON pointer in the answer: one pattern, or a list of them.
    pub pointer: Option<Patterns>,
    /// What our answer has there, as the report prints it.
    pub ours: Option<String>,
    /// What stripe-mock's answer has there.
    pub reference: Option<String>,
    /// Why.
    pub reason: String,
}

/// One pattern or several, any of which may match.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Patterns {
    One(String),
    Any(Vec<String>),
}

impl Patterns {
    fn matches(&self, text: &str) -> bool {
        match self {
            Patterns::One(pattern) => glob(pattern, text),
            Patterns::Any(patterns) => patterns.iter().any(|p| glob(p, text)),
        }
    }

    /// The patterns, for the report.
    pub fn describe(&self) -> String {
        match self {
            Patterns::One(pattern) => pattern.clone(),
            Patterns::Any(patterns) => patterns.join(" | "),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    difference: Vec<Deliberate>,
}

/// Reads the list; an entry without a reason is an error.
pub fn load(path: &Path) -> Result<Vec<Deliberate>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: File =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    for (i, entry) in file.difference.iter().enumerate() {
        if entry.reason.trim().is_empty() {
            bail!("{}: difference {} has no reason", path.display(), i + 1);
        }
    }
    Ok(file.difference)
}

impl Deliberate {
    /// Whether this entry covers `difference`, found by `probe`.
    pub fn covers(&self, probe: &Probe, difference: &Difference) -> bool {
        let matches =
            |pattern: &Option<String>, text: &str| pattern.as_deref().is_none_or(|p| glob(p, text));
        glob(&self.class, difference.class)
            && self
                .operation
                .as_ref()
                .is_none_or(|p| p.matches(&probe.operation))
            && matches(&self.probe, &probe.name)
            && self
                .pointer
                .as_ref()
                .is_none_or(|p| p.matches(&difference.pointer))
            && matches(&self.ours, &difference.ours)
            && matches(&self.reference, &difference.reference)
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn a_star_stands_for_any_text() {
        assert!(glob("POST /v1/*", "POST /v1/customers"));
        assert!(glob("*", ""));
        assert!(glob("/data/*/customer", "/data/0/customer"));
        assert!(!glob("/data/*/customer", "/data/0/customer/id"));
        assert!(glob("with *", "with metadata"));
        assert!(!glob("with *", "whole metadata"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "acb"));
    }
}
