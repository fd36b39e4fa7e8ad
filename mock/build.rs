//! Whether this copy of the crate carries a spec and fixtures to serve (`embedded/`, which
//! `cargo xtask package` writes into the published package): the cfg `embedded_spec`.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(embedded_spec)");
    let dir =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo")).join("embedded");
    let carried = ["spec3.json.gz", "fixtures3.json.gz"]
        .iter()
        .all(|file| dir.join(file).is_file());
    if carried {
        println!("cargo::rustc-cfg=embedded_spec");
        println!("cargo::rerun-if-changed=embedded");
    } else {
        println!("cargo::rerun-if-changed=build.rs");
    }
}
