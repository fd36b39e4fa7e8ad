//! Decoding speed of the generated types: every v271 fixture decoded into its own type, versus
//! `serde_json::Value` and versus `serde::de::IgnoredAny` (which only parses), in the same run.
//!
//! `cargo xtask bench decode` (or `cargo bench -p stripe-tests --bench decode`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stripe_codegen::pins::{self, SpecFile, Versions};
use stripe_tests::{ResourceTask, with_resource_type};

/// A function that decodes bytes as the type of one resource.
type Decoder = fn(&[u8]) -> Result<(), String>;

struct TypedDecoder;

impl ResourceTask for TypedDecoder {
    type Output = Decoder;

    fn run<T: serde::de::DeserializeOwned + serde::Serialize>(self) -> Decoder {
        |bytes| {
            serde_json::from_slice::<T>(bytes)
                .map(|typed| drop(black_box(typed)))
                .map_err(|e| e.to_string())
        }
    }
}

/// Each fixture as bytes, with the decoder of its type.
fn fixtures() -> Vec<(String, Vec<u8>, Decoder)> {
    let versions = Versions::load(&pins::workspace_root()).expect("spec/versions.toml");
    let path = pins::resolve(&versions.current, SpecFile::Fixtures).expect("the pinned fixtures");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for (id, fixture) in json["resources"].as_object().unwrap() {
        let Some(decode) = with_resource_type(id, TypedDecoder) else {
            continue;
        };
        let bytes = serde_json::to_vec(fixture).unwrap();
        match decode(&bytes) {
            Ok(()) => out.push((id.clone(), bytes, decode)),
            Err(e) => println!("left out {id}: it does not decode ({e})"),
        }
    }
    out
}

/// The median over `samples` runs of `rounds` passes of `pass` over all fixtures.
fn median(samples: usize, rounds: usize, mut pass: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..rounds {
                pass();
            }
            started.elapsed()
        })
        .collect();
    times.sort();
    times[samples / 2]
}

fn main() {
    let fixtures = fixtures();
    let bytes: usize = fixtures.iter().map(|(_, b, _)| b.len()).sum();
    println!("{} fixtures, {} KiB of JSON per pass", fixtures.len(), bytes / 1024);
    let (samples, rounds) = (15, 20);
    let typed = median(samples, rounds, || {
        for (_, bytes, decode) in &fixtures {
            decode(bytes).unwrap();
        }
    });
    let value = median(samples, rounds, || {
        for (_, bytes, _) in &fixtures {
            black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
        }
    });
    let ignored = median(samples, rounds, || {
        for (_, bytes, _) in &fixtures {
            black_box(serde_json::from_slice::<serde::de::IgnoredAny>(bytes).unwrap());
        }
    });
    let per_pass = |d: Duration| d / rounds as u32;
    let mib_s = |d: Duration| (bytes * rounds) as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    println!("{:<28} {:>12} {:>10} {:>14}", "decode into", "per pass", "MiB/s", "ratio to typed");
    for (name, d) in [
        ("generated types", typed),
        ("serde_json::Value", value),
        ("serde::de::IgnoredAny", ignored),
    ] {
        println!(
            "{name:<28} {:>12.2?} {:>10.1} {:>14.2}",
            per_pass(d),
            mib_s(d),
            d.as_secs_f64() / typed.as_secs_f64()
        );
    }
    println!(
        "typed / Value = {:.2} (goal: at most 1.00); typed / IgnoredAny = {:.2}",
        typed.as_secs_f64() / value.as_secs_f64(),
        typed.as_secs_f64() / ignored.as_secs_f64()
    );
}
