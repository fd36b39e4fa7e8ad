//! The mock's modules stay in layers: each module uses only modules listed before it at its level
//! of the tree, and its own children; a child never uses its parent. The test reads every file
//! under `src/` for `crate::…` and `super::…` paths (outside comments and unit tests) and fails on
//! an upward one, or on a module the table does not place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each level's modules, lowest first: a module may use those before it in its list.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            // Leaves.
            "sync",
            "mode",
            "ids",
            "json",
            "error",
            "reply",
            "clock",
            "form",
            "search",
            "received",
            "fault",
            "events",
            "schemas",
            "test_tokens", // The spec and its examples.
            "example",
            "spec",
            "embedded", // The stateless answers.
            "validate",
            "reflect",
            "respond", // The store, then what runs over it.
            "store",
            "flows",
            "webhooks", // The handlers and the server.
            "stateful",
            "control",
            "handler",
            "server",
        ],
    ),
    ("store", &["account", "idempotency", "lists", "change"]),
    (
        "flows",
        &[
            "step",
            "calendar",
            "cards",
            "lookup",
            "payment_intents",
            "setup_intents",
            "refunds",
            "invoices",
            "subscriptions",
            "checkout",
        ],
    ),
    ("webhooks", &["delivery"]),
    (
        "stateful",
        &["call", "state", "references", "objects", "requests"],
    ),
];

/// A module's path from the crate root (`["store", "change"]`).
type ModulePath = Vec<String>;

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module file under `src/` with its module path; `lib.rs` is the root.
fn modules() -> Vec<(ModulePath, PathBuf)> {
    let mut found = Vec::new();
    let mut pending = vec![source_root()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(source_root()).unwrap();
            let mut module: ModulePath = relative
                .with_extension("")
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            found.push((module, path));
        }
    }
    found.sort();
    found
}

/// The code of a file without its comments and its unit tests (from `#[cfg(test)]` on).
fn code(source: &str) -> String {
    let mut code = String::new();
    for line in source.lines() {
        if line.trim_start() == "#[cfg(test)]" {
            break;
        }
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The absolute paths `code` names from `module`: `crate::a::b`, `super::c`, and each item of a
/// `use crate::{…}` group.
fn references(module: &[String], code: &str) -> Vec<ModulePath> {
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base: ModulePath = match start {
                "crate::" => Vec::new(),
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            expand(&base, &code[at + start.len()..], &mut found);
        }
    }
    found
}

/// The paths of `rest` (what follows `base::`): a path, or a `{…}` group of them.
fn expand(base: &[String], rest: &str, found: &mut Vec<ModulePath>) {
    let mut path = base.to_vec();
    let mut rest = rest;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            for item in split_group(group) {
                expand(&path, item.trim(), found);
            }
            return;
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let segment = &rest[..end];
        if !segment.is_empty() && segment != "self" {
            path.push(segment.to_string());
        }
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    found.push(path);
}

/// The top-level items of a `{…}` group that starts `group` (after its `{`).
fn split_group(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.retain(|item| !item.trim().is_empty());
    items
}

/// The longest prefix of `path` that is a module.
fn module_of(path: &[String], known: &BTreeSet<ModulePath>) -> ModulePath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| known.contains(prefix))
        .unwrap_or_default()
}

/// Why `from` may not use `to`, if it may not.
fn upward(from: &[String], to: &[String]) -> Option<String> {
    if to.starts_with(from) {
        return None;
    }
    if from.starts_with(to) {
        return Some("a child uses its parent".into());
    }
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let parent = from[..common].join("::");
    let order = LAYERS
        .iter()
        .find(|(level, _)| *level == parent)
        .map(|(_, order)| *order)?;
    let rank = |name: &String| order.iter().position(|m| m == name);
    let (mine, theirs) = (rank(&from[common])?, rank(&to[common])?);
    (theirs >= mine).then(|| format!("`{}` is not below `{}`", to[common], from[common]))
}

#[test]
fn every_module_is_placed_in_the_layers() {
    let found: BTreeSet<ModulePath> = modules().into_iter().map(|(m, _)| m).collect();
    let mut unplaced = Vec::new();
    for module in found.iter().filter(|m| !m.is_empty()) {
        let parent = module[..module.len() - 1].join("::");
        let placed = LAYERS.iter().any(|(level, order)| {
            *level == parent && order.contains(&module.last().unwrap().as_str())
        });
        if !placed {
            unplaced.push(module.join("::"));
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules the layer table does not place: {unplaced:?}"
    );
    for (level, order) in LAYERS {
        for name in *order {
            let mut module: ModulePath = level
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            module.push(name.to_string());
            assert!(
                found.contains(&module),
                "the layer table places `{}`, which does not exist",
                module.join("::")
            );
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let files = modules();
    let known: BTreeSet<ModulePath> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut violations = Vec::new();
    let mut checked = 0;
    for (module, path) in &files {
        let code = code(&std::fs::read_to_string(path).unwrap());
        for reference in references(module, &code) {
            let target = module_of(&reference, &known);
            checked += 1;
            if let Some(why) = upward(module, &target) {
                violations.push(format!(
                    "{} uses {} ({why})",
                    display(module),
                    reference.join("::")
                ));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} references found: the scan is broken"
    );
    assert!(
        violations.is_empty(),
        "imports against the layers:\n{}",
        violations.join("\n")
    );
}

fn display(module: &[String]) -> String {
    match module.is_empty() {
        true => "the crate root".into(),
        false => module.join("::"),
    }
}

#[test]
fn the_scan_sees_groups_and_relative_paths() {
    let module: ModulePath = vec!["flows".into(), "checkout".into()];
    let code = "use crate::{error::Refused, store::{self, Change}};\nuse super::step::Step;\n\
                let x = crate::json::set(a); // crate::server::gone\n";
    let found = references(&module, &self::code(code));
    let names: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        [
            "error::Refused",
            "store",
            "store::Change",
            "json::set",
            "flows::step::Step"
        ]
    );
    assert_eq!(upward(&module, &["flows".into(), "step".into()]), None);
    assert!(
        upward(&module, &["flows".into()]).is_some(),
        "a child uses its parent"
    );
    assert!(
        upward(&module, &["server".into()]).is_some(),
        "the server is above the flows"
    );
    assert_eq!(upward(&module, &["store".into()]), None);
}
