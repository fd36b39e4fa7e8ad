//! Stripe's search query language, as far as the stateful mode answers it: clauses
//! `field:'value'` (exact, case-insensitive), `field~'part'` (contains), `field>n`, `field>=n`,
//! `field<n`, `field<=n`, a `-` before a clause to negate it, `metadata['key']:'value'`, dotted
//! fields (`card.brand:'visa'`), and clauses joined all by `AND` or all by `OR`. Anything else
//! is a 400 that says where the query stopped making sense.

use serde_json::Value;

/// A parsed query.
#[derive(Debug, PartialEq)]
pub(crate) struct Query {
    clauses: Vec<Clause>,
    /// `OR` between the clauses; `AND` otherwise.
    any: bool,
}

#[derive(Debug, PartialEq)]
struct Clause {
    negated: bool,
    /// The path to the field: `["metadata", "order"]`, `["card", "brand"]`.
    field: Vec<String>,
    op: Op,
    value: Literal,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Op {
    Is,
    Contains,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

#[derive(Debug, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
    Null,
}

impl Query {
    /// Parses a query; the error is the message of Stripe's 400.
    pub(crate) fn parse(text: &str) -> Result<Query, String> {
        let mut parser = Parser { text, at: 0 };
        let mut clauses = vec![parser.clause()?];
        let mut joiner: Option<&str> = None;
        loop {
            parser.skip_spaces();
            if parser.at == text.len() {
                break;
            }
            let start = parser.at;
            let word = parser.word();
            parser.at = start;
            let this = match word.as_str() {
                "AND" => "AND",
                "OR" => "OR",
                _ => return Err(parser.error("expected AND or OR between clauses")),
            };
            if joiner.is_some_and(|j| j != this) {
                return Err(parser.error("AND and OR cannot be combined in one query"));
            }
            parser.at += word.len();
            joiner = Some(this);
            clauses.push(parser.clause()?);
        }
        Ok(Query {
            clauses,
            any: joiner == Some("OR"),
        })
    }

    /// Whether a stored object matches.
    pub(crate) fn matches(&self, object: &Value) -> bool {
        let mut results = self.clauses.iter().map(|c| c.matches(object));
        if self.any {
            results.any(|r| r)
        } else {
            results.all(|r| r)
        }
    }
}

impl Clause {
    fn matches(&self, object: &Value) -> bool {
        let mut value = object;
        for part in &self.field {
            value = match value {
                Value::Object(fields) => fields.get(part).unwrap_or(&Value::Null),
                _ => &Value::Null,
            };
        }
        let found = match (&self.value, self.op) {
            (Literal::Null, Op::Is) => value.is_null(),
            (Literal::Text(want), Op::Is) => {
                text_of(value).is_some_and(|v| v.eq_ignore_ascii_case(want))
            }
            (Literal::Text(want), Op::Contains) => {
                text_of(value).is_some_and(|v| v.to_lowercase().contains(&want.to_lowercase()))
            }
            (Literal::Number(want), op) => value.as_f64().is_some_and(|v| match op {
                Op::Is => v == *want,
                Op::Greater => v > *want,
                Op::GreaterOrEqual => v >= *want,
                Op::Less => v < *want,
                Op::LessOrEqual => v <= *want,
                Op::Contains => false,
            }),
            _ => false,
        };
        found != self.negated
    }
}

/// A field's value as text, for `:` and `~` (numbers and booleans as written).
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, what: &str) -> String {
        format!(
            "Invalid search query: {what} at position {} of `{}`. The mock understands field:'value', field~'value', field>n (and >=, <, <=), -clause, metadata['key']:'value', and clauses joined by AND or by OR.",
            self.at, self.text
        )
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// Letters, digits, `_` and `.`.
    fn word(&mut self) -> String {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        self.at += end;
        rest[..end].to_string()
    }

    fn quoted(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            return Err(self.error("expected a quoted value"));
        };
        let mut value = String::new();
        let mut chars = rest[1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, escaped)) => value.push(escaped),
                    None => break,
                },
                c if c == quote => {
                    self.at += 1 + i + 1;
                    return Ok(value);
                }
                c => value.push(c),
            }
        }
        Err(self.error("a quoted value that does not end"))
    }

    fn clause(&mut self) -> Result<Clause, String> {
        self.skip_spaces();
        let negated = self.rest().starts_with('-');
        if negated {
            self.at += 1;
        }
        let name = self.word();
        if name.is_empty() {
            return Err(self.error("expected a field name"));
        }
        let mut field: Vec<String> = name.split('.').map(str::to_string).collect();
        if field.iter().any(String::is_empty) {
            return Err(self.error("an empty part in a field name"));
        }
        if self.rest().starts_with('[') {
            self.at += 1;
            field.push(self.quoted()?);
            if !self.rest().starts_with(']') {
                return Err(self.error("expected `]`"));
            }
            self.at += 1;
        }
        let op = [
            (">=", Op::GreaterOrEqual),
            ("<=", Op::LessOrEqual),
            (":", Op::Is),
            ("~", Op::Contains),
            (">", Op::Greater),
            ("<", Op::Less),
        ]
        .into_iter()
        .find(|(token, _)| self.rest().starts_with(token));
        let Some((token, op)) = op else {
            return Err(self.error("expected one of : ~ > >= < <= after the field"));
        };
        self.at += token.len();
        let value = if self.rest().starts_with(['\'', '"']) {
            Literal::Text(self.quoted()?)
        } else {
            let word = {
                let rest = self.rest();
                let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                self.at += end;
                rest[..end].to_string()
            };
            if word == "null" && op == Op::Is {
                Literal::Null
            } else {
                Literal::Number(
                    word.parse()
                        .map_err(|_| self.error("expected a quoted value, a number or null"))?,
                )
            }
        };
        if op == Op::Contains && !matches!(value, Literal::Text(_)) {
            return Err(self.error("`~` takes a quoted value"));
        }
        if matches!(
            op,
            Op::Greater | Op::GreaterOrEqual | Op::Less | Op::LessOrEqual
        ) && !matches!(value, Literal::Number(_))
        {
            return Err(self.error("a comparison takes a number"));
        }
        Ok(Clause {
            negated,
            field,
            op,
            value,
        })
    }
}

/// The `next_page` token of a search page that starts at `offset`.
pub(crate) fn page_token(offset: usize) -> String {
    format!("page_mock_{offset}")
}

/// The offset a `page` token stands for.
pub(crate) fn page_offset(token: &str) -> Option<usize> {
    token.strip_prefix("page_mock_")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(query: &str, object: &Value) -> bool {
        Query::parse(query).unwrap().matches(object)
    }

    #[test]
    fn clauses_match_fields_metadata_and_numbers() {
        let customer = json!({
            "email": "Jenny@Example.com", "name": "Jenny Rosen", "created": 1_700_000_000,
            "metadata": {"order": "6735"}, "address": {"country": "US"}, "phone": null,
        });
        assert!(matches("email:'jenny@example.com'", &customer));
        assert!(matches("name~\"rose\"", &customer));
        assert!(matches("metadata['order']:'6735'", &customer));
        assert!(matches("address.country:'US'", &customer));
        assert!(matches(
            "created>1699999999 AND created<=1700000000",
            &customer
        ));
        assert!(matches(
            "email:'other@example.com' OR name:'jenny rosen'",
            &customer
        ));
        assert!(matches("-email:'other@example.com'", &customer));
        assert!(matches("phone:null", &customer));
        assert!(!matches("metadata['order']:'1'", &customer));
        assert!(!matches(
            "email:'jenny@example.com' AND name:'x'",
            &customer
        ));
    }

    #[test]
    fn what_it_does_not_understand_says_where() {
        for (query, position) in [
            ("email:'a' AND name:'b' OR phone:'c'", 23),
            ("email='a'", 5),
            ("email:'open", 6),
            ("created>'soon'", 14),
            ("", 0),
            ("email:'a' name:'b'", 10),
        ] {
            let error = Query::parse(query).unwrap_err();
            assert!(
                error.contains(&format!("at position {position} ")),
                "{query}: {error}"
            );
        }
    }

    #[test]
    fn page_tokens_round_trip() {
        assert_eq!(page_offset(&page_token(40)), Some(40));
        assert_eq!(page_offset("bogus"), None);
    }
}
