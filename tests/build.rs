//! The README's Rust examples, each wrapped in a function, for `tests/readme.rs` to compile: a
//! user copies them, so they must build against the crates as they are.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo");
    let readme = Path::new(&manifest_dir).join("../README.md");
    println!("cargo::rerun-if-changed={}", readme.display());
    let text = std::fs::read_to_string(&readme).expect("the workspace's README.md");
    let mut out = String::new();
    let mut count = 0;
    let mut block: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        match (&mut block, line) {
            (None, "```rust") => block = Some((number + 2, String::new())),
            (Some((first, code)), "```") => {
                count += 1;
                // The names the examples take from the text around them are parameters; the
                // examples' own items and statements are the body.
                write!(
                    out,
                    "/// README.md, the example at line {first}.\n\
                     #[allow(unused, unnameable_test_items, clippy::all)]\n\
                     async fn readme_example_{count}(\n    \
                         client: &stripekit::Client,\n    \
                         event: &stripekit::Event,\n    \
                         spec_path: &std::path::Path,\n    \
                         fixtures_path: &std::path::Path,\n\
                     ) -> Result<(), Box<dyn std::error::Error>> {{\n\
                     {code}\n    Ok(())\n}}\n\n"
                )
                .unwrap();
                block = None;
            }
            (Some((_, code)), line) => {
                code.push_str(line);
                code.push('\n');
            }
            (None, line) if line.starts_with("```rust") => {
                panic!(
                    "README.md line {}: fence Rust examples as ```rust, so they are compiled",
                    number + 1
                )
            }
            (None, _) => {}
        }
    }
    writeln!(
        out,
        "/// How many examples the README has.\npub const README_EXAMPLES: usize = {count};"
    )
    .unwrap();
    let dest =
        Path::new(&std::env::var_os("OUT_DIR").expect("set by cargo")).join("readme_examples.rs");
    std::fs::write(dest, out).expect("writing the examples");
}
