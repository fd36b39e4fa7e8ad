//! What the generated crates are called, and how they find the hand-written crate they stand on.
//!
//! Every crate of the project is named `stripekit-…` (the package name `stripe` and async-stripe's
//! library names `stripe`, `stripe_types`, … are taken). A generated family says its API
//! version: `stripekit-api-2022-11-15` is the root crate, `stripekit-api-2022-11-15-shared` and
//! `stripekit-api-2022-11-15-billing` its shared and domain crates, so that the crates of two
//! versions can sit side by side in one build. The shared crate is in `shared/` and each domain
//! crate in `domains/<domain>/` of the generated tree.

use std::path::PathBuf;

/// The prefix of every package of the project.
pub const FAMILY: &str = "stripekit";

/// The package of the hand-written foundation the generated crates depend on.
pub const TYPES_PACKAGE: &str = "stripekit-types";

/// How a generated family is packaged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packaging {
    /// The root crate's package name; `None`: [`package_name`] of the spec's API version.
    pub name: Option<String>,
    /// Where `stripekit-types` is, relative to the generated tree's root directory or absolute:
    /// a path dependency beside the version requirement (the workspace, or development against a
    /// checkout). `None`: from the registry, by version only.
    pub types_path: Option<PathBuf>,
}

/// The package name of the generated crates of `api_version`: `stripekit-api-2022-11-15`,
/// `stripekit-api-2024-09-30-acacia` for a named release.
pub fn package_name(api_version: &str) -> String {
    format!("{FAMILY}-api-{}", api_version.replace(['.', '_'], "-"))
}

/// The package of the shared crate of the family whose root package is `root`:
/// `stripekit-api-2022-11-15-shared`.
pub fn shared_package(root: &str) -> String {
    format!("{root}-shared")
}

/// The package of the domain crate `domain` (`billing`, `money_movement`) of the family whose
/// root package is `root`: `stripekit-api-2022-11-15-billing`.
pub fn domain_package(root: &str, domain: &str) -> String {
    format!("{root}-{}", domain.replace('_', "-"))
}

/// The directory of the domain crate `domain`, relative to the generated tree: `domains/billing`.
pub fn domain_dir(domain: &str) -> String {
    format!("domains/{domain}")
}

/// The Rust name of a package (`stripekit_api_2022_11_15`).
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

impl Packaging {
    /// The packaging of the crates checked in to the workspace, whose tree sits beside `types/`.
    pub fn workspace(api_version: &str) -> Packaging {
        Packaging {
            name: Some(package_name(api_version)),
            types_path: Some(PathBuf::from("../types")),
        }
    }

    /// The root crate's package name for `api_version`.
    pub fn root(&self, api_version: &str) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| package_name(api_version))
    }

    /// The `stripekit-types` dependency line of a crate `depth` directories below the generated
    /// root (the shared crate is one: `shared/`).
    pub(crate) fn types_dependency(&self, version: &str, depth: usize) -> String {
        match &self.types_path {
            Some(path) => {
                let path = if path.is_absolute() {
                    path.clone()
                } else {
                    (0..depth).map(|_| "..").collect::<PathBuf>().join(path)
                };
                let path = path.to_string_lossy().replace('\\', "/");
                format!("{TYPES_PACKAGE} = {{ path = \"{path}\", version = \"{version}\" }}")
            }
            None => format!("{TYPES_PACKAGE} = \"{version}\""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_the_version() {
        assert_eq!(package_name("2022-11-15"), "stripekit-api-2022-11-15");
        assert_eq!(
            package_name("2024-09-30.acacia"),
            "stripekit-api-2024-09-30-acacia"
        );
        assert_eq!(
            shared_package("stripekit-api-2022-11-15"),
            "stripekit-api-2022-11-15-shared"
        );
        assert_eq!(
            domain_package("stripekit-api-2022-11-15", "money_movement"),
            "stripekit-api-2022-11-15-money-movement"
        );
        assert_eq!(
            crate_ident("stripekit-api-2022-11-15-shared"),
            "stripekit_api_2022_11_15_shared"
        );
    }

    #[test]
    fn the_types_dependency_is_by_version_and_by_path_when_asked() {
        let registry = Packaging::default();
        assert_eq!(
            registry.types_dependency("0.1.0", 1),
            r#"stripekit-types = "0.1.0""#
        );
        let workspace = Packaging::workspace("2022-11-15");
        assert_eq!(
            workspace.types_dependency("0.1.0", 2),
            r#"stripekit-types = { path = "../../../types", version = "0.1.0" }"#
        );
        let absolute = Packaging {
            types_path: Some(PathBuf::from("/src/stripekit/types")),
            ..Packaging::default()
        };
        assert_eq!(
            absolute.types_dependency("0.1.0", 1),
            r#"stripekit-types = { path = "/src/stripekit/types", version = "0.1.0" }"#
        );
    }
}
