//! Stripe's form encoding of request parameters, for query strings and bodies alike.
//!
//! - nested objects are `a[b]=c`; arrays are indexed, `a[0]=x`, `a[0][b]=c`;
//! - booleans are `true` / `false`; `None` is not sent; empty arrays and maps send nothing;
//! - a cleared field ([`crate::Clearable::Clear`]) is sent as the empty string, `a=`;
//! - keys keep their brackets unescaped; everything else that is not unreserved is
//!   percent-encoded (a space is `%20`).

use std::borrow::Cow;
use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use crate::request::{FileUpload, Part, PartValue};

/// Encodes `value` (a struct of parameters) as `key=value` pairs joined with `&`.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> String {
    join(&pairs(value))
}

/// The `(key, value)` pairs of `value`, unescaped, in field order.
pub fn pairs<T: Serialize + ?Sized>(value: &T) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let encoded = value.serialize(ValueSerializer {
        key: String::new(),
        out: &mut out,
    });
    expect_encoded(encoded);
    out
}

// The generic functions of this module are instantiated once per request type; what does not
// depend on the type lives in plain functions like this one, compiled once.
fn expect_encoded(result: Result<(), Unsupported>) {
    if let Err(error) = result {
        panic!("request parameters always encode: {error}");
    }
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
pub fn multipart<T: Serialize + ?Sized>(params: &T, files: &[(&str, &FileUpload)]) -> Vec<Part> {
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

/// Only reached through a `Serialize` impl that does something no request type does.
#[derive(Debug)]
pub struct Unsupported(String);

impl Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

/// The key of `sub` inside `parent`: `parent[sub]`, or `sub` at the top level.
fn nested_key(parent: &str, sub: &str) -> String {
    if parent.is_empty() {
        sub.to_string()
    } else {
        format!("{parent}[{sub}]")
    }
}

/// Serializes one value found at `key`.
struct ValueSerializer<'a> {
    key: String,
    out: &'a mut Vec<(String, String)>,
}

impl ValueSerializer<'_> {
    fn push(self, value: String) -> Result<(), Unsupported> {
        self.out.push((self.key, value));
        Ok(())
    }
}

impl<'a> ser::Serializer for ValueSerializer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Map<'a>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.push(if v { "true" } else { "false" }.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.push(v.to_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(ser::Error::custom("bytes cannot be form-encoded"))
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.push(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Unsupported> {
        Ok(Seq {
            key: self.key,
            out: self.out,
            index: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(ser::Error::custom("tuple variants cannot be form-encoded"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a>, Unsupported> {
        Ok(Map {
            key: self.key,
            out: self.out,
            pending: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'a>, Unsupported> {
        Ok(Map {
            key: self.key,
            out: self.out,
            pending: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(ser::Error::custom("struct variants cannot be form-encoded"))
    }
}

/// An array: each element at `key[i]`.
pub struct Seq<'a> {
    key: String,
    out: &'a mut Vec<(String, String)>,
    index: usize,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key = self.next_key();
        value.serialize(ValueSerializer { key, out: self.out })
    }

    fn next_key(&mut self) -> String {
        let key = format!("{}[{}]", self.key, self.index);
        self.index += 1;
        key
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

/// An object or map: each entry at `key[name]` (or `name` at the top level).
pub struct Map<'a> {
    key: String,
    out: &'a mut Vec<(String, String)>,
    pending: Option<String>,
}

impl Map<'_> {
    fn entry<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Unsupported> {
        let key = nested_key(&self.key, name);
        value.serialize(ValueSerializer { key, out: self.out })
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        let mut pairs = Vec::new();
        key.serialize(ValueSerializer {
            key: String::new(),
            out: &mut pairs,
        })?;
        match pairs.pop() {
            Some((_, name)) if pairs.is_empty() => {
                self.pending = Some(name);
                Ok(())
            }
            _ => Err(ser::Error::custom("map keys must be strings")),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let name = self
            .pending
            .take()
            .ok_or_else(|| <Unsupported as ser::Error>::custom("value before key"))?;
        self.entry(&name, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.entry(name, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::{encode, escape};
    use crate::Clearable;

    #[derive(Serialize)]
    struct Item {
        price: String,
        quantity: Option<i64>,
    }

    #[derive(Serialize)]
    struct Params {
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<Clearable<String>>,
        items: Vec<Item>,
        expand: Vec<String>,
        metadata: BTreeMap<String, String>,
        nested: Vec<Vec<i64>>,
        flag: Option<bool>,
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
        };
        assert_eq!(
            encode(&params),
            "description=&items[0][price]=price_1&items[0][quantity]=2&items[1][price]=p2\
             &metadata[a%20key]=x%26y%3Dz&nested[0][0]=1&nested[0][1]=2&flag=false"
        );
    }

    #[test]
    fn escapes_values_but_not_key_brackets() {
        assert_eq!(escape("a[b]", true), "a[b]");
        assert_eq!(escape("a[b]", false), "a%5Bb%5D");
        assert_eq!(escape("é", false), "%C3%A9");
    }
}
