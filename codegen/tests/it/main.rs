//! The generator's tests: snapshots of small hand-written specs (`cases/`), the differ on small
//! pairs and on pinned specs (`diff/`), and the names that stay stable across versions.

mod cases;
mod diff;
mod layout;
mod naming_check;
mod stable_names;
