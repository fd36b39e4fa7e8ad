//! The JSON reader against serde_json on generated input: every text serde_json reads, the reader
//! reads to the same `serde_json::Value`; every text serde_json refuses (truncated, mutated,
//! invalid UTF-8, nested past the limit), the reader refuses too; neither panics.
//!
//! The reference is serde_json with `float_roundtrip` (see `Cargo.toml`): without it serde_json
//! reads some long number literals one unit in the last place away from the nearest `f64`
//! (`354323012120001505000000E3`), where the reader, like Rust's `str::parse`, is exact.
//!
//! Each property runs `PROPTEST_CASES` cases (default 256 here; `cargo xtask fuzz` runs many
//! more). A failure prints the smallest input proptest found.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use stripekit_types::decode;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // Shrunk failures are printed, not kept in files beside the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings with what JSON must escape: quotes, backslashes, control characters, and characters
/// beyond the Basic Multilingual Plane (written as surrogate pairs when escaped).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,8}",
        "[\"\\\\/\u{0}-\u{1f} a]{0,6}",
        any::<String>(),
        "[\u{e9}\u{2028}\u{1f600}\u{10ffff}\u{ffff}x]{0,5}",
    ]
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        (-1e6f64..1e6).prop_filter_map("finite", Number::from_f64),
    ]
}

/// Any JSON value, deep and wide.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 128, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// How a value is written: whitespace between tokens, which characters are escaped.
#[derive(Clone, Debug)]
struct Style {
    /// Whitespace written at each place a token may be followed by some, in turn.
    spaces: Vec<&'static str>,
    /// Escape every character (as `\uXXXX`, pairs beyond the BMP) rather than only those JSON
    /// must.
    escape_all: bool,
    /// Write `/` as `\/`.
    escape_slash: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop::collection::vec(
            prop::sample::select(vec!["", " ", "\n", "\t", "\r\n  "]),
            1..8,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(spaces, escape_all, escape_slash)| Style {
            spaces,
            escape_all,
            escape_slash,
        })
}

/// Writes `value` in `style`.
fn render(value: &Value, style: &Style) -> String {
    let mut out = String::new();
    let mut turn = 0;
    write(value, style, &mut turn, &mut out);
    out
}

fn space(style: &Style, turn: &mut usize, out: &mut String) {
    out.push_str(style.spaces[*turn % style.spaces.len()]);
    *turn += 1;
}

fn write(value: &Value, style: &Style, turn: &mut usize, out: &mut String) {
    space(style, turn, out);
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, style, turn, out);
            }
            space(style, turn, out);
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(style, turn, out);
                string(key, style, out);
                space(style, turn, out);
                out.push(':');
                write(item, style, turn, out);
            }
            space(style, turn, out);
            out.push('}');
        }
        Value::String(s) => string(s, style, out),
        other => out.push_str(&other.to_string()),
    }
    space(style, turn, out);
}

fn string(s: &str, style: &Style, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if style.escape_slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if style.escape_all || (c as u32) < 0x20 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What both readers make of `bytes`: the value, or that they refuse it.
fn both(bytes: &[u8]) -> (Option<Value>, Option<Value>) {
    let ours = decode::json::<Value>(bytes).ok();
    let theirs = serde_json::from_slice::<Value>(bytes).ok();
    (ours, theirs)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_value_in_any_style_reads_as_serde_json_reads_it(value in value(), style in style()) {
        let text = render(&value, &style);
        let (ours, theirs) = both(text.as_bytes());
        prop_assert!(theirs.is_some(), "serde_json refuses {text:?}");
        prop_assert_eq!(ours, theirs, "{}", text);
    }

    #[test]
    fn number_literals_read_as_serde_json_reads_them(
        literal in "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,24})?([eE][+-]?[0-9]{1,3})?"
    ) {
        let (ours, theirs) = both(literal.as_bytes());
        prop_assert_eq!(ours, theirs, "{}", literal);
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_as_serde_json_does(
        key in text(), first in value(), second in value(), style in style()
    ) {
        let mut a = String::new();
        string(&key, &style, &mut a);
        let text = format!(
            "{{{a}:{},{a}:{}}}",
            render(&first, &style),
            render(&second, &style)
        );
        let (ours, theirs) = both(text.as_bytes());
        prop_assert_eq!(ours, theirs, "{}", text);
    }

    #[test]
    fn a_truncated_or_mutated_text_is_refused_as_serde_json_refuses_it(
        value in value(),
        style in style(),
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        how in 0..3u8,
    ) {
        let mut bytes = render(&value, &style).into_bytes();
        match how {
            0 => bytes.truncate(cut.index(bytes.len() + 1)),
            1 if !bytes.is_empty() => {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            _ => {
                let i = at.index(bytes.len() + 1);
                bytes.insert(i, byte);
            }
        }
        let (ours, theirs) = both(&bytes);
        prop_assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn escapes_of_any_code_unit_read_as_serde_json_reads_them(
        units in prop::collection::vec(any::<u16>(), 1..4)
    ) {
        // Lone and misordered surrogates included.
        let escaped: String = units.iter().map(|u| format!("\\u{u:04x}")).collect();
        let text = format!("\"{escaped}\"");
        let (ours, theirs) = both(text.as_bytes());
        prop_assert_eq!(ours, theirs, "{}", text);
    }

    #[test]
    fn nesting_is_refused_past_the_same_depth(depth in 1usize..2000, object in any::<bool>()) {
        let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        let text = format!("{}0{}", open.repeat(depth), close.repeat(depth));
        let (ours, theirs) = both(text.as_bytes());
        prop_assert_eq!(ours.is_some(), theirs.is_some(), "depth {}", depth);
        prop_assert_eq!(ours, theirs);
    }
}

/// The boundary itself, which random depths seldom hit: 127 levels read, 128 do not, in both.
#[test]
fn the_nesting_limit_is_serde_jsons() {
    for depth in [126, 127, 128, 129] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let text = format!("{}0{}", open.repeat(depth), close.repeat(depth));
            let (ours, theirs) = both(text.as_bytes());
            assert_eq!(ours.is_some(), depth <= 127, "depth {depth} {open}");
            assert_eq!(ours, theirs, "depth {depth} {open}");
        }
    }
}
