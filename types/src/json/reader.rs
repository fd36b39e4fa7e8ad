//! The cursor over JSON text: values read in place, the path to the current one kept for errors.

use std::borrow::Cow;
use std::fmt;

use super::{Failed, FromJson};
use crate::decode::DecodeError;

/// Nesting deeper than this is refused rather than risking the stack: 127 levels of arrays and
/// objects, the most serde_json reads.
const MAX_DEPTH: usize = 127;

/// Where the reader is: the key or index of each object or array it is inside.
#[derive(Clone, Copy)]
enum Segment {
    /// In an object, at the key with this byte range of the text (none before the first key).
    Object(Option<(usize, usize)>),
    /// In an array, at this index (none before the first element).
    Array(Option<usize>),
}

/// A cursor over JSON text that response types read themselves from.
pub struct JsonReader<'a> {
    text: &'a str,
    /// The path of the text itself in a larger response (an expanded object read on its own),
    /// empty for a whole response.
    base: &'a str,
    pos: usize,
    path: Vec<Segment>,
    error: Option<DecodeError>,
}

/// An object read without decoding it ([`JsonReader::object_text`]). Its `Debug` shows the id
/// and the size of the text, never the text, which may hold a secret.
pub struct ObjectText<'a> {
    /// Its `id`, empty if it has none.
    pub id: Cow<'a, str>,
    /// Its JSON text.
    pub text: &'a str,
    /// Its path in the response (`latest_invoice`), for errors found when it is decoded.
    pub path: String,
}

impl fmt::Debug for ObjectText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectText")
            .field("id", &self.id)
            .field("text_bytes", &self.text.len())
            .field("path", &self.path)
            .finish()
    }
}

/// What the next value is, for messages about an unexpected one.
fn kind(byte: Option<u8>) -> &'static str {
    match byte {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(b'-' | b'0'..=b'9') => "a number",
        Some(_) => "an unexpected character",
        None => "the end of the text",
    }
}

impl<'a> JsonReader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        JsonReader::at_path(text, "")
    }

    /// A reader at the start of `text`, which is the value at `path` of a larger response: the
    /// paths of errors start with it (`latest_invoice.lines`). `.` or empty is the top.
    pub fn at_path(text: &'a str, path: &'a str) -> Self {
        JsonReader {
            text,
            base: if path == "." { "" } else { path },
            pos: 0,
            path: Vec::new(),
            error: None,
        }
    }

    /// Reads a value of type `T`.
    pub fn read<T: FromJson>(&mut self) -> Result<T, Failed> {
        T::from_json(self)
    }

    /// Checks that only whitespace follows the value read.
    pub fn end(&mut self) -> Result<(), Failed> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail("trailing characters after the value")),
        }
    }

    /// The error of the last failure.
    pub fn into_error(self) -> DecodeError {
        self.error.unwrap_or_else(|| DecodeError {
            path: ".".into(),
            message: "decoding failed".into(),
        })
    }

    /// Records an error at the current path and position; the first one recorded is kept.
    pub fn fail(&mut self, message: impl fmt::Display) -> Failed {
        if self.error.is_none() {
            // The position can be inside a multi-byte character (an invalid escape `\é`).
            let mut end = self.pos.min(self.text.len());
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            let before = &self.text[..end];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            self.error = Some(DecodeError {
                path: self.path_string(),
                message: format!("{message} at line {line} column {column}"),
            });
        }
        Failed(())
    }

    /// The value of a required field, or an error naming it.
    pub fn required<T>(&mut self, value: Option<T>, field: &str) -> Result<T, Failed> {
        match value {
            Some(value) => Ok(value),
            None => Err(self.missing(field)),
        }
    }

    // Apart from `required`, which is instantiated for every field type, so that the message is
    // built by one copy of the code.
    fn missing(&mut self, field: &str) -> Failed {
        self.fail(format_args!("missing field `{field}`"))
    }

    /// Reads the value of a field into its slot.
    pub fn field<T: FromJson>(&mut self, slot: &mut Option<T>) -> Result<(), Failed> {
        *slot = Some(crate::tri!(T::from_json(self)));
        Ok(())
    }

    /// Reads the value of an optional or nullable field into its slot: `null` leaves it `None`.
    pub fn optional_field<T: FromJson>(&mut self, slot: &mut Option<T>) -> Result<(), Failed> {
        *slot = if crate::tri!(self.take_null()) {
            None
        } else {
            Some(crate::tri!(T::from_json(self)))
        };
        Ok(())
    }

    /// An error for a value of the wrong kind.
    pub fn expected(&mut self, what: &str) -> Failed {
        let found = kind(self.peek());
        self.fail(format_args!("expected {what}, found {found}"))
    }

    fn path_string(&self) -> String {
        let mut out = self.base.to_string();
        for segment in &self.path {
            match *segment {
                Segment::Object(Some((start, end))) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&self.text[start..end]);
                }
                Segment::Array(Some(index)) => out.push_str(&format!("[{index}]")),
                Segment::Object(None) | Segment::Array(None) => {}
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// The next non-whitespace byte, without consuming it.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                return Some(b);
            }
        }
        None
    }

    fn eat(&mut self, byte: u8, what: &str) -> Result<(), Failed> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn enter(&mut self, segment: Segment) -> Result<(), Failed> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        self.path.push(segment);
        Ok(())
    }

    /// Whether the next value is `null`, which is consumed if so.
    #[inline]
    pub fn take_null(&mut self) -> Result<bool, Failed> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &str) -> Result<(), Failed> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.fail("invalid literal"))
        }
    }

    /// Whether the next value is a string.
    #[inline]
    pub fn at_string(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Whether the next value is an object.
    #[inline]
    pub fn at_object(&mut self) -> bool {
        self.peek() == Some(b'{')
    }

    /// Starts reading an object; follow with [`JsonReader::next_key`] until it returns `None`.
    #[inline]
    pub fn begin_object(&mut self) -> Result<(), Failed> {
        self.eat(b'{', "an object")?;
        self.enter(Segment::Object(None))
    }

    /// The next key of the object being read, positioned at its value; `None` at the end.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, Failed> {
        let Some(&Segment::Object(previous)) = self.path.last() else {
            return Err(self.fail("a key read outside an object"));
        };
        if !self.next_item(previous.is_some(), b'}', "`,` or `}`")? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.expected("a key"));
        }
        let start = self.pos + 1;
        let key = self.string()?;
        let end = self.pos - 1;
        if let Some(last) = self.path.last_mut() {
            *last = Segment::Object(Some((start, end)));
        }
        self.eat(b':', "`:`")?;
        Ok(Some(key))
    }

    /// Starts reading an array; follow with [`JsonReader::next_element`] until it is `false`.
    #[inline]
    pub fn begin_array(&mut self) -> Result<(), Failed> {
        self.eat(b'[', "an array")?;
        self.enter(Segment::Array(None))
    }

    /// Whether another element of the array being read follows, positioned at it.
    pub fn next_element(&mut self) -> Result<bool, Failed> {
        let Some(&Segment::Array(previous)) = self.path.last() else {
            return Err(self.fail("an element read outside an array"));
        };
        if !self.next_item(previous.is_some(), b']', "`,` or `]`")? {
            return Ok(false);
        }
        if let Some(last) = self.path.last_mut() {
            *last = Segment::Array(Some(previous.map_or(0, |i| i + 1)));
        }
        Ok(true)
    }

    /// Between the items of an object or array: consumes the `,` after an item (`after_item`)
    /// and says whether another follows, or consumes `close` and leaves the container.
    fn next_item(&mut self, after_item: bool, close: u8, expected: &str) -> Result<bool, Failed> {
        match self.peek() {
            Some(b) if b == close => {
                self.pos += 1;
                self.path.pop();
                Ok(false)
            }
            Some(b',') if after_item => {
                self.pos += 1;
                Ok(true)
            }
            _ if after_item => Err(self.expected(expected)),
            _ => Ok(true),
        }
    }

    /// Reads a string, borrowed from the text unless it has escapes.
    pub fn string(&mut self) -> Result<Cow<'a, str>, Failed> {
        self.eat(b'"', "a string")?;
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Err(self.fail("unterminated string"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(&text[start..self.pos - 1]),
                        Some(mut s) => {
                            s.push_str(&text[run..self.pos - 1]);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let before = &text[run..self.pos];
                    self.pos += 1;
                    let escaped = self.escape()?;
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(before);
                    s.push(escaped);
                    run = self.pos;
                }
                0..=0x1f => return Err(self.fail("control character in a string")),
                _ => self.pos += 1,
            }
        }
    }

    /// Reads the escape after a backslash.
    fn escape(&mut self) -> Result<char, Failed> {
        let Some(&b) = self.text.as_bytes().get(self.pos) else {
            return Err(self.fail("unterminated string"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.fail("unpaired surrogate in a string"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.fail("unpaired surrogate in a string"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return Err(self.fail("invalid \\u escape")),
                }
            }
            _ => return Err(self.fail("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, Failed> {
        let digits = self.text.get(self.pos..self.pos + 4);
        match digits.filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit())) {
            Some(digits) => {
                self.pos += 4;
                Ok(u32::from_str_radix(digits, 16).unwrap_or_default())
            }
            None => Err(self.fail("invalid \\u escape")),
        }
    }

    /// The text of the number at the position, and whether it has a fraction or an exponent.
    fn number(&mut self) -> Result<(&'a str, bool), Failed> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.expected("a number"));
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut float = false;
        if bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while bytes.get(reader.pos).is_some_and(u8::is_ascii_digit) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        // JSON allows no leading zero: `0` is a whole integer part.
        let mut valid = if bytes.get(self.pos) == Some(&b'0') {
            self.pos += 1;
            true
        } else {
            digits(self)
        };
        if bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            valid &= digits(self);
        }
        if matches!(bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            valid &= digits(self);
        }
        if !valid {
            return Err(self.fail("invalid number"));
        }
        Ok((&self.text[start..self.pos], float))
    }

    /// Reads an integer.
    pub fn integer<T: std::str::FromStr>(&mut self) -> Result<T, Failed> {
        let start = self.pos;
        let (text, float) = self.number()?;
        if float {
            self.pos = start;
            return Err(
                self.fail("expected an integer, found a number with a fraction or an exponent")
            );
        }
        text.parse().map_err(|_| {
            self.pos = start;
            self.fail("an integer out of range")
        })
    }

    /// Reads a number as `f64`.
    pub fn float(&mut self) -> Result<f64, Failed> {
        let (text, _) = self.number()?;
        text.parse().map_err(|_| self.fail("invalid number"))
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, Failed> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.expected("a boolean")),
        }
    }

    /// Skips a value of any kind, checking that it is well formed.
    pub fn skip(&mut self) -> Result<(), Failed> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                while self.next_element()? {
                    self.skip()?;
                }
                Ok(())
            }
            Some(b'"') => self.string().map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') => self.literal("null"),
            _ => self.number().map(drop),
        }
    }

    /// The `object` and `deleted` fields of the object at the position, which stays where it
    /// is: what an object union looks at to pick the type it decodes into.
    pub fn peek_tag(&mut self) -> Result<(Cow<'a, str>, bool), Failed> {
        let (start, depth) = (self.pos, self.path.len());
        let mut object = Cow::Borrowed("");
        let mut deleted = false;
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            match &*key {
                "object" if self.at_string() => object = self.string()?,
                "deleted" if matches!(self.peek(), Some(b't' | b'f')) => {
                    deleted = self.boolean()?
                }
                _ => self.skip()?,
            }
        }
        self.pos = start;
        self.path.truncate(depth);
        Ok((object, deleted))
    }

    /// Reads the object at the position without decoding it, checking that it is well formed.
    pub fn object_text(&mut self) -> Result<ObjectText<'a>, Failed> {
        self.peek();
        let (start, path) = (self.pos, self.path_string());
        let mut id = Cow::Borrowed("");
        self.begin_object()?;
        while let Some(key) = self.next_key()? {
            match &*key {
                "id" if self.at_string() => id = self.string()?,
                _ => self.skip()?,
            }
        }
        Ok(ObjectText {
            id,
            text: &self.text[start..self.pos],
            path,
        })
    }

    /// Reads any value as `serde_json::Value`.
    pub fn value(&mut self) -> Result<serde_json::Value, Failed> {
        use serde_json::Value;
        Ok(match self.peek() {
            Some(b'{') => {
                let mut map = serde_json::Map::new();
                self.begin_object()?;
                while let Some(key) = self.next_key()? {
                    let value = self.value()?;
                    map.insert(key.into_owned(), value);
                }
                Value::Object(map)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.begin_array()?;
                while self.next_element()? {
                    items.push(self.value()?);
                }
                Value::Array(items)
            }
            Some(b'"') => Value::String(self.string()?.into_owned()),
            Some(b't' | b'f') => Value::Bool(self.boolean()?),
            Some(b'n') => {
                self.literal("null")?;
                Value::Null
            }
            _ => {
                let start = self.pos;
                let (text, float) = self.number()?;
                // As serde_json reads it: `-0` is the float, not the integer zero.
                let float = float || text == "-0";
                let number = match (float, text.parse::<i64>(), text.parse::<u64>()) {
                    (false, Ok(n), _) => Some(n.into()),
                    (false, _, Ok(n)) => Some(n.into()),
                    _ => text.parse().ok().and_then(serde_json::Number::from_f64),
                };
                match number {
                    Some(number) => Value::Number(number),
                    None => {
                        self.pos = start;
                        return Err(self.fail("a number out of range"));
                    }
                }
            }
        })
    }
}
