//! Ids the mock makes: objects' (`cus_…`), events' and secrets', and each answer's `Request-Id`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// Gives a created object a new id with the prefix of its example's (`cus_`, `cs_test_`): the
/// example's id up to its last `_`, then a [`fresh_id`] suffix.
pub(crate) fn give_fresh_id(value: &mut Value) {
    let Some(Value::String(id)) = value.get_mut("id") else {
        return;
    };
    *id = match id.rfind('_') {
        Some(end) => fresh_id(&id[..=end]),
        // An id without a prefix (a coupon's `Z4OV52SU`): as many upper-case letters and digits.
        None if !id.is_empty() => fresh_plain_id(id.len()),
        None => return,
    };
}

/// `len` (at least 6) upper-case letters and digits, the last four of them a count that no
/// other id of this process has, the others random.
fn fresh_plain_id(len: usize) -> String {
    let (random, count) = fresh_bits();
    let mut id = in_digits(random, UPPER, len.max(6) - 4);
    id.truncate(len.max(6) - 4);
    id + &in_digits(count, UPPER, 4)
}

/// `prefix` then 14 letters and digits that no other id of this process has (`evt_…`,
/// `whsec_…`).
pub(crate) fn fresh_id(prefix: &str) -> String {
    let (random, count) = fresh_bits();
    format!("{prefix}{}{}", base62(random, 10), base62(count, 4))
}

/// A random number, and a count of the calls so far: unique within the process, unlikely to
/// repeat across runs.
fn fresh_bits() -> (u64, u64) {
    static CREATED: AtomicU64 = AtomicU64::new(0);
    let count = CREATED.fetch_add(1, Ordering::Relaxed);
    let random = {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::hash::RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.finish()
    };
    (random, count)
}

/// A new `Request-Id` (`req_mock0000000001`), unique within the process.
pub(crate) fn request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("req_mock{:010}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Digits, then upper-case letters.
const UPPER: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `n` in base 62 (digits, then upper and lower case letters), at least `width` digits long.
pub(crate) fn base62(n: u64, width: usize) -> String {
    in_digits(
        n,
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        width,
    )
}

/// `n` written with `digits`, at least `width` of them long.
fn in_digits(mut n: u64, digits: &[u8], width: usize) -> String {
    let base = digits.len() as u64;
    let mut out = Vec::new();
    while n > 0 || out.len() < width {
        out.push(digits[(n % base) as usize]);
        n /= base;
    }
    out.reverse();
    String::from_utf8(out).expect("the digits are ASCII")
}

/// Replaces the id `old` with `new` in every string of `value` that is `old` or holds it between
/// separators (`/v1/charges/ch_old/refunds`). Only an id shaped like one (`ch_…`) is replaced:
/// an empty or short fixture id (`""`, `US`) is a value other fields hold too.
pub(crate) fn replace_id(value: &mut Value, old: &str, new: &str) {
    let id_shaped = old.len() >= 8 && old.contains('_');
    if !id_shaped || old == new {
        return;
    }
    match value {
        Value::String(text) if text.contains(old) => *text = replace_delimited(text, old, new),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_id(v, old, new)),
        Value::Object(fields) => fields.values_mut().for_each(|v| replace_id(v, old, new)),
        _ => {}
    }
}

/// `text` with each `old` that no letter, digit or `_` continues before it, and no letter or
/// digit after it (a client secret's `_secret_` may follow), replaced by `new`.
fn replace_delimited(text: &str, old: &str, new: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + old.len()..].chars().next();
        let whole = !before.is_some_and(|c| word(c) || c == '_') && !after.is_some_and(word);
        out.push_str(&rest[..at]);
        out.push_str(if whole { new } else { old });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}
