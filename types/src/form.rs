//! Stripe's form encoding of request parameters, for query strings and bodies alike.
//!
//! - nested objects are `a[b]=c`; arrays are indexed, `a[0]=x`, `a[0][b]=c`;
//! - booleans are `true` / `false`; `None` is not sent; empty arrays and maps send nothing;
//! - a cleared field ([`crate::Clearable::Clear`]) is sent as the empty string, `a=`;
//! - keys keep their brackets unescaped; everything else that is not unreserved is
//!   percent-encoded (a space is `%20`).
//!
//! Every request type and parameter type implements [`ToForm`] with one plain function that
//! writes its fields; nothing here is generic over the request, so a crate of many requests
//! compiles one encoder.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::request::{FileUpload, Part, PartValue};

/// A value that Stripe's form encoding can carry.
pub trait ToForm {
    /// Appends the pairs of this value, found at `key`, to `form`. At the top level of a request
    /// `key` is empty and a struct's fields are keys of their own.
    fn to_form(&self, key: &str, form: &mut Form);
}

/// The `(key, value)` pairs of a request, unescaped, in field order. Its `Debug` shows the
/// value of a sensitive parameter as `[redacted]`.
#[derive(Default)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.pairs.iter().map(|(key, value)| {
            let value: &dyn std::fmt::Debug = if crate::redact::is_sensitive_key(key) {
                &crate::redact::Redacted
            } else {
                value
            };
            (key, value)
        });
        f.debug_struct("Form")
            .field("pairs", &shown.collect::<Vec<_>>())
            .finish()
    }
}

impl Form {
    /// Adds one pair.
    pub fn push(&mut self, key: &str, value: impl Into<String>) {
        self.pairs.push((key.to_string(), value.into()));
    }

    /// Adds the pairs of field `name` of the object at `parent`, when it is set.
    pub fn field(&mut self, parent: &str, name: &str, value: &dyn ToForm) {
        value.to_form(&nested_key(parent, name), self);
    }

    /// The pairs, in the order they were added.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }
}

/// Encodes `value` (a struct of parameters) as `key=value` pairs joined with `&`.
pub fn encode(value: &dyn ToForm) -> String {
    join(&pairs(value))
}

/// The `(key, value)` pairs of `value`, unescaped, in field order.
pub fn pairs(value: &dyn ToForm) -> Vec<(String, String)> {
    let mut form = Form::default();
    value.to_form("", &mut form);
    form.into_pairs()
}

/// `key=value` pairs, escaped and joined with `&`.
fn join(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&escape(key, true));
        out.push('=');
        out.push_str(&escape(value, false));
    }
    out
}

/// The parts of a multipart body: every parameter of `params` as a text part named like its
/// form key, then the files.
pub fn multipart(params: &dyn ToForm, files: &[(&str, &FileUpload)]) -> Vec<Part> {
    let mut parts: Vec<Part> = pairs(params)
        .into_iter()
        .map(|(name, value)| Part {
            name,
            value: PartValue::Text(value),
        })
        .collect();
    for (name, file) in files {
        parts.push(Part {
            name: (*name).to_string(),
            value: PartValue::File((*file).clone()),
        });
    }
    parts
}

/// Percent-encodes `s`; in a key, `[` and `]` stay as they are.
pub fn escape(s: &str, key: bool) -> Cow<'_, str> {
    let keep = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (key && matches!(b, b'[' | b']'))
    };
    if s.bytes().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    Cow::Owned(out)
}

/// The key of `sub` inside `parent`: `parent[sub]`, or `sub` at the top level.
fn nested_key(parent: &str, sub: &str) -> String {
    if parent.is_empty() {
        sub.to_string()
    } else {
        format!("{parent}[{sub}]")
    }
}

impl ToForm for str {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self);
    }
}

impl ToForm for String {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self.as_str());
    }
}

impl ToForm for bool {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, if *self { "true" } else { "false" });
    }
}

impl ToForm for i64 {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self.to_string());
    }
}

impl ToForm for f64 {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self.to_string());
    }
}

impl ToForm for crate::Timestamp {
    fn to_form(&self, key: &str, form: &mut Form) {
        form.push(key, self.0.to_string());
    }
}

/// Free-form JSON: objects and arrays nest like parameters; `null` is not sent.
impl ToForm for serde_json::Value {
    fn to_form(&self, key: &str, form: &mut Form) {
        use serde_json::Value;
        match self {
            Value::Null => {}
            Value::Bool(b) => b.to_form(key, form),
            Value::Number(n) => form.push(key, n.to_string()),
            Value::String(s) => form.push(key, s.as_str()),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.to_form(&format!("{key}[{i}]"), form);
                }
            }
            Value::Object(entries) => {
                for (name, value) in entries {
                    form.field(key, name, value);
                }
            }
        }
    }
}

/// Files travel as multipart parts of their own, never as form values.
impl ToForm for FileUpload {
    fn to_form(&self, _: &str, _: &mut Form) {}
}

impl<T: ToForm> ToForm for Option<T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        if let Some(value) = self {
            value.to_form(key, form);
        }
    }
}

impl<T: ToForm + ?Sized> ToForm for Box<T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        (**self).to_form(key, form);
    }
}

impl<T: ToForm> ToForm for Vec<T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        // A slice pattern where an iterator would do: for each type of item, an unoptimized
        // build compiles this function and nothing else (no `Enumerate`, no `slice::Iter`).
        let mut rest: &[T] = self;
        let mut index = 0;
        while let [item, tail @ ..] = rest {
            item.to_form(&format!("{key}[{index}]"), form);
            rest = tail;
            index += 1;
        }
    }
}

impl<T: ToForm> ToForm for BTreeMap<String, T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        for (name, value) in self {
            form.field(key, name, value);
        }
    }
}

impl<T: ToForm> ToForm for crate::Clearable<T> {
    fn to_form(&self, key: &str, form: &mut Form) {
        match self {
            crate::Clearable::Set(value) => value.to_form(key, form),
            crate::Clearable::Clear => form.push(key, ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{Form, ToForm, encode, escape};
    use crate::Clearable;

    struct Item {
        price: String,
        quantity: Option<i64>,
    }

    impl ToForm for Item {
        fn to_form(&self, key: &str, form: &mut Form) {
            form.field(key, "price", &self.price);
            form.field(key, "quantity", &self.quantity);
        }
    }

    struct Params {
        description: Option<Clearable<String>>,
        items: Vec<Item>,
        expand: Vec<String>,
        metadata: BTreeMap<String, String>,
        nested: Vec<Vec<i64>>,
        flag: Option<bool>,
        extra: serde_json::Value,
    }

    impl ToForm for Params {
        fn to_form(&self, key: &str, form: &mut Form) {
            form.field(key, "description", &self.description);
            form.field(key, "items", &self.items);
            form.field(key, "expand", &self.expand);
            form.field(key, "metadata", &self.metadata);
            form.field(key, "nested", &self.nested);
            form.field(key, "flag", &self.flag);
            form.field(key, "extra", &self.extra);
        }
    }

    #[test]
    fn encodes_nested_values_the_stripe_way() {
        let mut metadata = BTreeMap::new();
        metadata.insert("a key".to_string(), "x&y=z".to_string());
        let params = Params {
            description: Some(Clearable::Clear),
            items: vec![
                Item {
                    price: "price_1".into(),
                    quantity: Some(2),
                },
                Item {
                    price: "p2".into(),
                    quantity: None,
                },
            ],
            expand: vec![],
            metadata,
            nested: vec![vec![1, 2]],
            flag: Some(false),
            extra: serde_json::json!({"a": [true, null, 1.5], "b": {"c": "d"}}),
        };
        assert_eq!(
            encode(&params),
            "description=&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=p2\
             &metadata[a%20key]=x%26y%3Dz&nested[0][0]=1&nested[0][1]=2&flag=false\
             &extra[a][0]=true&extra[a][2]=1.5&extra[b][c]=d"
        );
    }

    #[test]
    fn escapes_values_but_not_key_brackets() {
        assert_eq!(escape("a[b]", true), "a[b]");
        assert_eq!(escape("a[b]", false), "a%5Bb%5D");
        assert_eq!(escape("é", false), "%C3%A9");
    }
}
