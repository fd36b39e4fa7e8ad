//! Every resource-area feature of `stripe-generated` can be turned on through `stripe`.

use std::collections::BTreeSet;

fn features(manifest: &str) -> toml::Table {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(manifest);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut table: toml::Table = text.parse().unwrap();
    match table.remove("features") {
        Some(toml::Value::Table(features)) => features,
        _ => panic!("{} has no [features]", path.display()),
    }
}

#[test]
fn every_area_feature_is_forwarded() {
    let generated = features("../stripe-generated/Cargo.toml");
    let ours = features("Cargo.toml");
    let mut missing = BTreeSet::new();
    for area in generated.keys() {
        let forward = toml::Value::from(format!("stripe-generated/{area}"));
        let forwarded = ours
            .get(area)
            .and_then(|enables| enables.as_array())
            .is_some_and(|enables| enables.contains(&forward));
        if !forwarded {
            missing.insert(area.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "add to stripe/Cargo.toml [features]: {}",
        missing
            .iter()
            .map(|a| format!("{a} = [\"stripe-generated/{a}\"]"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(generated.len() > 40);
}
