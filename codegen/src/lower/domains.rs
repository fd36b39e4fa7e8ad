//! The table of domain crates (`codegen/domains.toml`): which crate holds each resource area.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::naming::area_name;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    default: String,
    domain: Vec<Domain>,
}

/// A crate of the table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Domain {
    /// The crate is `stripe-generated-<name>`.
    pub name: String,
    /// What the crate holds, as the end of the sentence "Types and requests of …".
    pub doc: String,
    /// The path segments of its areas.
    areas: Vec<String>,
}

/// The checked-in table.
pub(crate) struct Domains {
    domains: Vec<Domain>,
    default: usize,
    /// Area module name -> index into `domains`.
    by_area: BTreeMap<String, usize>,
}

impl Domains {
    /// Reads the table built into the generator.
    pub fn builtin() -> Domains {
        Domains::parse(include_str!("../../domains.toml"))
            .expect("codegen/domains.toml is valid; its unit test says why not")
    }

    fn parse(text: &str) -> Result<Domains, String> {
        let table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut by_area = BTreeMap::new();
        let mut names = std::collections::BTreeSet::new();
        for (i, domain) in table.domain.iter().enumerate() {
            if !names.insert(&domain.name) {
                return Err(format!("the crate {} appears twice", domain.name));
            }
            for area in &domain.areas {
                if by_area.insert(area_name(area), i).is_some() {
                    return Err(format!("the area {area} is in two crates"));
                }
            }
        }
        let default = table
            .domain
            .iter()
            .position(|d| d.name == table.default)
            .ok_or_else(|| format!("the default crate {} is not in the table", table.default))?;
        Ok(Domains {
            domains: table.domain,
            default,
            by_area,
        })
    }

    /// Every crate of the table, in table order.
    pub fn all(&self) -> &[Domain] {
        &self.domains
    }

    /// The index of the crate that holds `area` (a module name), and whether the table lists
    /// the area (an unlisted one goes in the default crate).
    pub fn of_area(&self, area: &str) -> (usize, bool) {
        match self.by_area.get(area) {
            Some(&i) => (i, true),
            None => (self.default, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_parses_and_places_areas_by_their_module_name() {
        let domains = Domains::builtin();
        let name = |area: &str| domains.all()[domains.of_area(area).0].name.clone();
        assert_eq!(name("customers"), "core");
        assert_eq!(name("checkout"), "checkout");
        assert!(domains.of_area("customers").1);
        // `3d_secure` is listed by its path segment and found by its module name.
        assert_eq!(domains.of_area(&area_name("3d_secure")), (0, true));
        // An area the table does not list goes in the default crate.
        assert_eq!(name("widgets"), "misc");
        assert!(!domains.of_area("widgets").1);
    }

    #[test]
    fn an_area_in_two_crates_is_refused() {
        let text = r#"
            default = "a"
            [[domain]]
            name = "a"
            doc = "a"
            areas = ["x"]
            [[domain]]
            name = "b"
            doc = "b"
            areas = ["x"]
        "#;
        let err = Domains::parse(text).err().expect("refused");
        assert!(err.contains("the area x is in two crates"), "{err}");
    }

    #[test]
    fn a_default_that_is_no_crate_is_refused() {
        let text = "default = \"z\"\n[[domain]]\nname = \"a\"\ndoc = \"a\"\nareas = []\n";
        let err = Domains::parse(text).err().expect("refused");
        assert!(err.contains("default crate z"), "{err}");
    }
}
