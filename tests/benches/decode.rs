//! Decoding speed of the generated types: every v271 fixture decoded into its own type, versus
//! `serde_json::Value` and versus `serde::de::IgnoredAny` (which only parses), in the same run.
//!
//! `cargo xtask bench decode` (or `cargo bench -p stripe-tests --bench decode`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stripe_tests::{ResourceTask, with_resource_type};

/// A function that decodes bytes as the type of one resource.
type Decoder = fn(&[u8]) -> Result<(), String>;

struct TypedDecoder;

impl ResourceTask for TypedDecoder {
    type Output = Decoder;

    fn run<T: stripe_generated::FromJson + serde::Serialize + std::fmt::Debug>(self) -> Decoder {
        |bytes| {
            stripe_generated::decode::json::<T>(bytes)
                .map(|typed| drop(black_box(typed)))
                .map_err(|e| e.to_string())
        }
    }
}

/// Each fixture as bytes, with the decoder of its type.
fn fixtures() -> Vec<(String, Vec<u8>, Decoder)> {
    let mut out = Vec::new();
    for (id, fixture) in &stripe_tests::pinned::fixtures() {
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

/// Prints one comparison: the time of each decoder and its ratio to the generated types.
fn report(title: &str, bytes: usize, typed: Duration, value: Duration, ignored: Duration) {
    let mib_s = |d: Duration| bytes as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    println!("\n{title}");
    println!(
        "{:<24} {:>12} {:>9} {:>10}",
        "decode into", "time", "MiB/s", "vs typed"
    );
    for (name, d) in [
        ("generated types", typed),
        ("serde_json::Value", value),
        ("serde::de::IgnoredAny", ignored),
    ] {
        println!(
            "{name:<24} {:>12.2?} {:>9.1} {:>10.2}",
            d,
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

fn main() {
    let fixtures = fixtures();
    let bytes: usize = fixtures.iter().map(|(_, b, _)| b.len()).sum();
    println!("{} fixtures, {} KiB of JSON", fixtures.len(), bytes / 1024);
    let (samples, rounds) = (15, 20);

    // Every fixture once per pass: 123 types in turn, so the code of each is cold.
    let mixed = |decode: &dyn Fn(&[u8], Decoder)| {
        median(samples, rounds, || {
            for (_, bytes, typed) in &fixtures {
                decode(bytes, *typed);
            }
        })
    };
    // Each fixture `rounds` times in a row: one type at a time, as a client decoding the same
    // responses sees it.
    let repeated = |decode: &dyn Fn(&[u8], Decoder)| {
        median(samples, 1, || {
            for (_, bytes, typed) in &fixtures {
                for _ in 0..rounds {
                    decode(bytes, *typed);
                }
            }
        })
    };
    let typed = |bytes: &[u8], decode: Decoder| decode(bytes).unwrap();
    let value = |bytes: &[u8], _: Decoder| {
        black_box(serde_json::from_slice::<serde_json::Value>(bytes).unwrap());
    };
    let ignored = |bytes: &[u8], _: Decoder| {
        black_box(serde_json::from_slice::<serde::de::IgnoredAny>(bytes).unwrap());
    };
    let total = bytes * rounds;
    report(
        &format!("{rounds} passes over all fixtures, one type after another (median of {samples})"),
        total,
        mixed(&typed),
        mixed(&value),
        mixed(&ignored),
    );
    report(
        &format!("each fixture {rounds} times in a row (median of {samples})"),
        total,
        repeated(&typed),
        repeated(&value),
        repeated(&ignored),
    );
}
