//! `cargo xtask conform`: the stateless mock against Stripe's stripe-mock, request by request.
//!
//! Every operation of the pinned spec is probed with the requests of [`probes`] (a valid one,
//! then variants: spellings, nested objects, `expand`, missing, unknown, wrongly typed and
//! out-of-enum parameters, ids in paths). Each probe goes to the mock (serving the pinned spec
//! and fixtures in this process) and to a stripe-mock already listening at the URL given, and
//! the two answers are compared ([`compare`]). A probe the stateless mode refuses (a 400) also
//! goes to the stateful mode, which must refuse it the same way. A difference that `mock/conformance.toml` lists,
//! with its reason, is deliberate; any other fails the run, and so does an entry of the list
//! that no difference needed.

mod compare;
mod deliberate;
mod probes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::Value;
use stripekit_mock::MockApi;

use crate::mock::BothModes;
use compare::{Answer, Difference};
use probes::Probe;

/// What the run was given.
pub struct Options {
    /// The stripe-mock to compare with (`http://127.0.0.1:12111`).
    pub reference: String,
    /// Only the operations whose `METHOD /path` contains this.
    pub only: Option<String>,
    /// How many unexpected differences to print in full.
    pub show: usize,
    pub mirror: Option<PathBuf>,
}

pub fn run(workspace: &Path, options: Options) -> Result<bool> {
    let started = Instant::now();
    let list_path = workspace.join("mock/conformance.toml");
    let deliberate = deliberate::load(&list_path)?;

    let (spec, fixtures) = crate::mock::current_pin_files(workspace, options.mirror.clone())?;
    let spec = read_document(&spec)?;
    let fixtures = read_document(&fixtures)?;
    let mut probes = probes::all(&spec);
    if let Some(only) = &options.only {
        probes.retain(|p| p.operation.contains(only.as_str()));
    }
    let api = Arc::new(MockApi::from_documents(spec, fixtures).context("loading the mock's spec")?);
    let servers = BothModes::start(api)?;
    let ours_base = servers.stateless.url();
    let stateful_base = servers.stateful.url();
    let mut stateful_probes = 0;

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut used = vec![0usize; deliberate.len()];
    let mut unexpected: Vec<(&Probe, Difference)> = Vec::new();
    let mut operations = std::collections::BTreeSet::new();
    for probe in &probes {
        *kinds.entry(probe.kind).or_default() += 1;
        operations.insert(probe.operation.as_str());
        let ours = send(&agent, &ours_base, probe)?;
        let reference = send(&agent, &options.reference, probe)
            .with_context(|| format!("stripe-mock at {}", options.reference))?;
        let mut found = compare::differences(&ours, &reference, &probe.params);
        // The stateful mode validates as the stateless one does: a request the stateless mode
        // refuses is refused the same way (a path with ids would find no object there first).
        if ours.status == 400 && !probe.path.contains('{') && !probe.path.contains("conform-") {
            stateful_probes += 1;
            let kept = send(&agent, &stateful_base, probe)?;
            found.extend(compare::refusals(&kept, &ours));
        }
        for difference in found {
            match deliberate.iter().position(|d| d.covers(probe, &difference)) {
                Some(i) => used[i] += 1,
                None => unexpected.push((probe, difference)),
            }
        }
    }
    servers.stop();

    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "{} operations, {} probes ({}), each sent to the mock and to stripe-mock, and the {} \
         the stateless mode refused without a path id to the stateful mode too, in {:.1} s",
        operations.len(),
        probes.len(),
        kinds.join(", "),
        stateful_probes,
        started.elapsed().as_secs_f64()
    );
    println!("deliberate differences (mock/conformance.toml):");
    for (entry, count) in deliberate.iter().zip(&used) {
        let scope = [
            entry.operation.as_ref().map(|o| o.describe()),
            entry.probe.clone(),
            entry.pointer.as_ref().map(|p| p.describe()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        println!("  {count:>6}  {} {scope}", entry.class);
    }
    let mut by_class: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, difference) in &unexpected {
        *by_class.entry(difference.class).or_default() += 1;
    }
    for (probe, difference) in unexpected.iter().take(options.show) {
        println!(
            "  UNEXPECTED {:<13} {} [{}] {} ours {} stripe-mock {}",
            difference.class,
            probe.operation,
            probe.name,
            difference.pointer,
            difference.ours,
            difference.reference
        );
    }
    let unused: Vec<usize> = (0..deliberate.len()).filter(|&i| used[i] == 0).collect();
    if options.only.is_none() {
        for &i in &unused {
            println!(
                "  UNUSED deliberate difference {} ({}): no probe differs so",
                i + 1,
                deliberate[i].class
            );
        }
    }
    let classes: Vec<String> = by_class.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!(
        "{} differences outside the deliberate list{}",
        unexpected.len(),
        if classes.is_empty() {
            String::new()
        } else {
            format!(" ({})", classes.join(", "))
        }
    );
    Ok(unexpected.is_empty() && (options.only.is_some() || unused.is_empty()))
}

/// Sends `probe` to the server at `base` and reads its answer.
fn send(agent: &ureq::Agent, base: &str, probe: &Probe) -> Result<Answer> {
    let url = format!("{}{}", base.trim_end_matches('/'), probe.path);
    let auth = ("Authorization", "Bearer sk_test_123");
    let mut response = match probe.method.as_str() {
        "POST" if probe.multipart => {
            let (content_type, body) = multipart(&probe.params);
            agent
                .post(&url)
                .header(auth.0, auth.1)
                .header("Content-Type", &content_type)
                .send(&body[..])
        }
        "POST" => agent
            .post(&url)
            .header(auth.0, auth.1)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form(&probe.params).as_bytes()),
        method => {
            let query = form(&probe.params);
            let with_query = if query.is_empty() {
                url.clone()
            } else {
                format!("{url}?{query}")
            };
            let request = match method {
                "DELETE" => agent.delete(&with_query),
                _ => agent.get(&with_query),
            };
            request.header(auth.0, auth.1).call()
        }
    }
    .with_context(|| format!("{} {}", probe.method, url))?;
    let status = response.status().as_u16();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?;
    Ok(Answer {
        status,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    })
}

/// `key=value&…`, with keys' brackets as Stripe's libraries send them.
fn form(pairs: &[(String, String)]) -> String {
    let encode = |text: &str, keep: &[u8]| {
        let mut out = String::new();
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || keep.contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k, b"[]"), encode(v, b"")))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `multipart/form-data` body of `pairs`; `file` is sent as a file.
fn multipart(pairs: &[(String, String)]) -> (String, Vec<u8>) {
    let boundary = "conformboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (key, value) in pairs {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let file = if key == "file" {
            "; filename=\"conform.pdf\"\r\nContent-Type: application/pdf"
        } else {
            ""
        };
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"{key}\"{file}\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn read_document(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "json") {
        Ok(serde_json::from_slice(&bytes)?)
    } else {
        Ok(serde_yaml_ng::from_slice(&bytes)?)
    }
}
