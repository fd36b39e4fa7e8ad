//! Printing values without what [`crate::sensitive`] lists: the pieces the generated `Debug`
//! impls, the client and the mock print sensitive values with.
//!
//! A sensitive value is printed as `[redacted]`; an absent optional one stays `None`, so that a
//! reader still sees whether it was there.

use std::fmt;

use serde_json::Value;

use crate::sensitive::{is_sensitive_name, is_sensitive_path};

/// What is printed in place of a sensitive value.
pub const REDACTED: &str = "[redacted]";

/// A value that `Debug` prints as `[redacted]`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// `Debug` of a struct, as `derive(Debug)` prints it, from its fields' names and values: the
/// generated impls of types with a sensitive field call it, so that each is one call and no
/// larger than a derived one.
pub fn debug_struct(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    fields: &[(&str, &dyn fmt::Debug)],
) -> fmt::Result {
    let mut out = f.debug_struct(name);
    for (field, value) in fields {
        out.field(field, value);
    }
    out.finish()
}

/// `Debug` of a variant that holds one value, `Name(value)`, as `derive(Debug)` prints it: for
/// the generated impls of object unions.
pub fn debug_variant(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    value: &dyn fmt::Debug,
) -> fmt::Result {
    f.debug_tuple(name).field(value).finish()
}

/// An optional sensitive value as `Debug` shows it: `None`, or `Some([redacted])`.
#[inline]
pub fn option<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}

/// JSON whose `Debug` is that of [`json`]'s copy of it: for objects of a type the crate does not
/// know, free-form fields and the parameters of raw requests.
pub struct Json<'a>(pub &'a Value);

impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&json(self.0), f)
    }
}

/// An optional JSON value as [`Json`] prints it.
#[inline]
pub fn json_option(value: &Option<Value>) -> Option<Json<'_>> {
    value.as_ref().map(Json)
}

/// A copy of `value` with the value of every field whose name the table lists replaced by
/// `"[redacted]"`, whatever its place: JSON has no schema that would say whether a `number` is a
/// card's or an invoice's, so both are hidden.
pub fn json(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let out = map
                .iter()
                .map(|(key, field)| {
                    let field = if is_sensitive_name(key) {
                        Value::String(REDACTED.into())
                    } else {
                        json(field)
                    };
                    (key.clone(), field)
                })
                .collect();
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(json).collect()),
        other => other.clone(),
    }
}

/// A form-encoded query string or body (`card[number]=4242…&amount=100`) with the value of
/// every sensitive parameter replaced by `[redacted]`; everything else as it was.
pub fn form(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    for (i, pair) in encoded.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        let (key, value) = match pair.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (pair, None),
        };
        out.push_str(key);
        if let Some(value) = value {
            out.push('=');
            if is_sensitive_key(&percent_decode(key)) {
                out.push_str(REDACTED);
            } else {
                out.push_str(value);
            }
        }
    }
    out
}

/// `text` with every run of six or more ASCII digits replaced by `[redacted]`: for text of
/// unknown shape (an error page quoted in a message), where a card or account number can only be
/// recognised as digits.
pub fn digit_runs(text: &str) -> String {
    const LONGEST_KEPT: usize = 5;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let len = run.find(|c: char| !c.is_ascii_digit()).unwrap_or(run.len());
        out.push_str(if len > LONGEST_KEPT {
            REDACTED
        } else {
            &run[..len]
        });
        rest = &run[len..];
    }
    out.push_str(rest);
    out
}

/// Whether a parameter named like a form key (`card[number]`, `items[0][price]`) is, or is
/// inside, a sensitive field.
pub fn is_sensitive_key(key: &str) -> bool {
    is_sensitive_path(key_path(key))
}

/// The names of a form key: `a[b][0]` is `a`, `b`, `0`.
fn key_path(key: &str) -> impl Iterator<Item = &str> {
    key.split(['[', ']']).filter(|name| !name.is_empty())
}

/// A form key as it was before encoding: `%XX` decoded, `+` a space. A broken escape stays as
/// it is; bytes that are not UTF-8 after decoding are replaced, which no sensitive name has.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json as j;

    #[test]
    fn an_optional_value_keeps_whether_it_was_there() {
        assert_eq!(
            format!("{:?}", option(&Some("pi_1_secret_2"))),
            "Some([redacted])"
        );
        assert_eq!(format!("{:?}", option::<String>(&None)), "None");
        assert_eq!(format!("{Redacted:?}"), "[redacted]");
    }

    #[test]
    fn json_loses_only_its_sensitive_values() {
        let value = j!({
            "object": "issuing.card",
            "number": "4242424242424242",
            "cvc": "123",
            "last4": "4242",
            "cardholder": {"object": "issuing.cardholder", "individual": {"dob": {"day": 1}}},
            "invoice": {"number": "INV-1", "currency": "usd"},
            "external_accounts": [{"account_number": "000123456789", "bank_name": "STRIPE"}],
        });
        let redacted = json(&value);
        assert_eq!(redacted["number"], "[redacted]");
        assert_eq!(redacted["cvc"], "[redacted]");
        assert_eq!(redacted["last4"], "4242");
        assert_eq!(redacted["cardholder"]["individual"]["dob"], "[redacted]");
        // Without a schema, a number is hidden wherever it is.
        assert_eq!(redacted["invoice"]["number"], "[redacted]");
        assert_eq!(
            redacted["external_accounts"][0]["account_number"],
            "[redacted]"
        );
        assert_eq!(redacted["external_accounts"][0]["bank_name"], "STRIPE");
        let printed = format!("{:?}", Json(&value));
        assert!(!printed.contains("4242424242424242") && printed.contains("STRIPE"));
    }

    #[test]
    fn a_form_keeps_its_shape_and_loses_its_sensitive_values() {
        assert_eq!(
            form("type=card&card[number]=4242424242424242&card[cvc]=123&card[exp_month]=12"),
            "type=card&card[number]=[redacted]&card[cvc]=[redacted]&card[exp_month]=12"
        );
        // Brackets escaped, as some clients send them; a key alone; an empty form.
        assert_eq!(
            form("card%5Bnumber%5D=4242424242424242&expand[]&client_secret=pi_1_secret_2"),
            "card%5Bnumber%5D=[redacted]&expand[]&client_secret=[redacted]"
        );
        assert_eq!(form(""), "");
        assert_eq!(
            form("individual[dob][day]=1&individual[first_name]=Jenny"),
            "individual[dob][day]=[redacted]&individual[first_name]=Jenny"
        );
    }

    #[test]
    fn long_runs_of_digits_are_masked_and_short_ones_kept() {
        assert_eq!(
            digit_runs("card 4242424242424242, cvc 123, 2025-01-01, 12345 and 123456."),
            "card [redacted], cvc 123, 2025-01-01, 12345 and [redacted]."
        );
        assert_eq!(digit_runs("999999"), "[redacted]");
        assert_eq!(digit_runs(""), "");
    }

    #[test]
    fn a_broken_escape_is_kept_as_it_is() {
        assert_eq!(percent_decode("a%5"), "a%5");
        assert_eq!(percent_decode("%zz+%41"), "%zz A");
        assert_eq!(percent_decode("%"), "%");
    }
}
