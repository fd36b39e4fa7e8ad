//! The checked-in upgrade guide from API 2022-11-15 to 2024-04-10 is what the diff of the two
//! pinned specs writes (`cargo xtask diff v271 2024-04-10 --format guide`).

use stripe_codegen::diff;
use stripe_codegen::load::SpecFiles;
use stripe_spec_pins as pins;

const GUIDE: &str = "docs/upgrading/2022-11-15-to-2024-04-10.md";

#[test]
fn the_upgrade_guide_is_current() {
    let old = SpecFiles::pinned("v271").expect("the pinned v271");
    let new = SpecFiles::pinned("2024-04-10").expect("the pinned 2024-04-10");
    let report = diff::diff_files(&old, &new).unwrap();
    let guide = report.to_upgrade_guide();
    let checked_in = std::fs::read_to_string(pins::workspace_root().join(GUIDE)).unwrap();
    assert!(
        checked_in == guide,
        "{GUIDE} is stale; run `cargo xtask diff v271 2024-04-10 --format guide > {GUIDE}`"
    );
    // What a reader looks for is there: a new request, a removed one, a changed constructor.
    assert!(guide.contains("`CreateBillingMeter`"), "{guide}");
    assert!(
        guide.contains("`CreateCheckoutSession::new` is now `new()`"),
        "{guide}"
    );
    assert!(
        guide.contains(&format!(
            "{} operations added and {} removed",
            report.summary.operations_added, report.summary.operations_removed
        )),
        "{guide}"
    );
}
