//! Typed decoding of Stripe's own objects (the pinned fixtures), changed the ways a newer API
//! changes them: fields in another order and fields the crate does not know always decode; any
//! string changed (an enum value Stripe adds, an id), any field dropped or given another type
//! decodes or is refused with an error, and never panics.
//!
//! Each property runs `PROPTEST_CASES` cases (default 256 here; `cargo xtask fuzz` runs more).

use proptest::prelude::*;
use serde_json::Value;
use stripe_tests::{ResourceTask, with_resource_type};

fn config() -> ProptestConfig {
    crate::common::property_config(256)
}

/// The fixtures that decode as they are, by resource id.
fn fixtures() -> &'static [(String, Value)] {
    static FIXTURES: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        let usable: Vec<(String, Value)> = stripe_tests::pinned::fixtures()
            .into_iter()
            .filter(|(id, value)| decode(id, &value.to_string()) == Some(Ok(())))
            .collect();
        assert!(usable.len() > 100, "only {} fixtures decode", usable.len());
        usable
    })
}

/// Decodes `text` as the type of `resource_id`.
fn decode(resource_id: &str, text: &str) -> Option<Result<(), String>> {
    struct Decode<'t>(&'t str);
    impl ResourceTask for Decode<'_> {
        type Output = Result<(), String>;
        fn run<T: stripe_generated::FromJson + serde::Serialize + std::fmt::Debug>(
            self,
        ) -> Self::Output {
            stripe_generated::decode::json::<T>(self.0.as_bytes())
                .map(drop)
                .map_err(|e| e.to_string())
        }
    }
    with_resource_type(resource_id, Decode(text))
}

/// A small generator of choices, from a seed proptest picks (and shrinks).
struct Choices(u64);

impl Choices {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// True once in `n` times.
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// How the object is changed.
#[derive(Clone, Copy, Debug)]
struct Changes {
    /// Unknown fields added to API objects.
    add_fields: bool,
    /// String values replaced by others (new enum values, other ids); `object` tags kept.
    change_strings: bool,
    /// Fields dropped, or given a value of another type.
    break_fields: bool,
}

/// Writes `value` with every object's fields in a shuffled order, changed as `changes` says.
fn write(value: &Value, changes: Changes, choices: &mut Choices, out: &mut String) {
    match value {
        Value::Object(fields) => {
            let mut entries: Vec<(String, Value)> =
                fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            for i in (1..entries.len()).rev() {
                entries.swap(i, (choices.next() % (i as u64 + 1)) as usize);
            }
            // An API object (it has an `object` field), not a map such as `metadata`, whose
            // keys are data.
            if changes.add_fields && fields.contains_key("object") && choices.one_in(2) {
                let at = (choices.next() % (entries.len() as u64 + 1)) as usize;
                let unknown = serde_json::json!({"nested": [1, "two", null], "flag": true});
                entries.insert(at, (format!("brand_new_{}", choices.next() % 100), unknown));
            }
            out.push('{');
            let mut first = true;
            for (key, item) in &entries {
                if changes.break_fields && choices.one_in(8) {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if key == "object" {
                    out.push_str(&item.to_string());
                } else if changes.break_fields && choices.one_in(10) {
                    let other = [r#""text""#, "42", "-1.5", "true", "null", "[]", "{}"];
                    out.push_str(other[(choices.next() % other.len() as u64) as usize]);
                } else {
                    write(item, changes, choices, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, changes, choices, out);
            }
            out.push(']');
        }
        Value::String(_) if changes.change_strings && choices.one_in(3) => {
            let new = format!("brand_new_value_{}", choices.next() % 1000);
            out.push_str(&Value::String(new).to_string());
        }
        other => out.push_str(&other.to_string()),
    }
}

fn changed(index: prop::sample::Index, seed: u64, changes: Changes) -> (String, String) {
    let (id, value) = &fixtures()[index.index(fixtures().len())];
    let mut out = String::new();
    write(value, changes, &mut Choices(seed | 1), &mut out);
    (id.clone(), out)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reordered_fields_and_unknown_fields_always_decode(
        index in any::<prop::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let changes = Changes { add_fields: true, change_strings: false, break_fields: false };
        let (id, text) = changed(index, seed, changes);
        prop_assert_eq!(decode(&id, &text), Some(Ok(())), "{}: {}", id, text);
    }

    #[test]
    fn changed_values_dropped_or_retyped_fields_never_panic(
        index in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        break_fields in any::<bool>(),
    ) {
        let changes = Changes { add_fields: true, change_strings: true, break_fields };
        let (id, text) = changed(index, seed, changes);
        // Decoded or refused with a message naming the field: either is an answer.
        if let Some(Err(message)) = decode(&id, &text) {
            prop_assert!(message.starts_with("at `"), "{}", message);
        }
    }
}
