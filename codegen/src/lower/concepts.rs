//! The table of request concepts (`codegen/concepts.toml`): the parameter types that keep one
//! name wherever they appear, because they mean one thing.

use serde::Deserialize;

/// A concept of the table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Concept {
    /// The Rust type name.
    pub name: String,
    /// One sentence on what the type is, for its rustdoc when the spec says nothing.
    pub doc: String,
    /// Spec `title`s of the request objects that are this concept.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Places written `Request.field.path` that are this concept.
    #[serde(default)]
    pub places: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    concept: Vec<Concept>,
}

/// The checked-in table.
pub(crate) struct Concepts {
    concepts: Vec<Concept>,
}

impl Concepts {
    /// Reads the table built into the generator.
    pub fn builtin() -> Concepts {
        Concepts::parse(include_str!("../../concepts.toml"))
            .expect("codegen/concepts.toml is valid; its unit test says why not")
    }

    fn parse(text: &str) -> Result<Concepts, String> {
        let table: Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut seen = std::collections::BTreeSet::new();
        for c in &table.concept {
            if c.titles.is_empty() && c.places.is_empty() {
                return Err(format!("concept {} has neither titles nor places", c.name));
            }
            for k in std::iter::once(&c.name).chain(&c.titles).chain(&c.places) {
                if !seen.insert(k.clone()) {
                    return Err(format!("{k} appears twice in the concepts table"));
                }
            }
        }
        Ok(Concepts {
            concepts: table.concept,
        })
    }

    /// The concept of a request object with this `title` at this place (`Request.field.path`).
    pub fn find(&self, title: Option<&str>, place: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| {
            c.places.iter().any(|p| p == place)
                || title.is_some_and(|t| c.titles.iter().any(|x| x == t))
        })
    }

    #[cfg(test)]
    pub fn all(&self) -> &[Concept] {
        &self.concepts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_parses() {
        let concepts = Concepts::builtin();
        assert!(concepts.all().len() > 10);
        let range = concepts.find(Some("range_query_specs"), "ListCustomers.created");
        assert_eq!(range.map(|c| c.name.as_str()), Some("RangeQuery"));
        let pmo = concepts.find(
            Some("payment_method_options_param"),
            "ConfirmPaymentIntent.payment_method_options",
        );
        assert_eq!(
            pmo.map(|c| c.name.as_str()),
            Some("PaymentIntentPaymentMethodOptionsParams")
        );
        assert!(concepts.find(Some("param"), "CreateCustomer.tax").is_none());
    }

    #[test]
    fn a_title_used_twice_is_refused() {
        let text = r#"
            [[concept]]
            name = "A"
            doc = "a"
            titles = ["x"]
            [[concept]]
            name = "B"
            doc = "b"
            titles = ["x"]
        "#;
        let err = Concepts::parse(text).err().expect("refused");
        assert!(err.contains("x appears twice"), "{err}");
    }

    #[test]
    fn a_concept_that_matches_nothing_is_refused() {
        let text = "[[concept]]\nname = \"A\"\ndoc = \"a\"\n";
        assert!(Concepts::parse(text).is_err());
    }
}
