//! Ids the mock makes: objects' (`cus_…`), events' and secrets', and each answer's `Request-Id`.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// Gives a created object a new id with the prefix of its example's (`cus_`, `cs_test_`): the
/// example's id up to its last `_`, then a [`fresh_id`] suffix.
pub(crate) fn give_fresh_id(value: &mut Value) {
    let Some(Value::String(id)) = value.get_mut("id") else {
        return;
    };
    let Some(end) = id.rfind('_') else {
        return;
    };
    *id = fresh_id(&id[..=end]);
}

/// `prefix` then 14 letters and digits that no other id of this process has (`evt_…`,
/// `whsec_…`).
pub(crate) fn fresh_id(prefix: &str) -> String {
    static CREATED: AtomicU64 = AtomicU64::new(0);
    // A random start, then a count: unique within the process, unlikely to repeat across runs.
    let count = CREATED.fetch_add(1, Ordering::Relaxed);
    let random = {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::hash::RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.finish()
    };
    format!("{prefix}{}{}", base62(random, 10), base62(count, 4))
}

/// A new `Request-Id` (`req_mock0000000001`), unique within the process.
pub(crate) fn request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("req_mock{:010}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `n` in base 62 (digits, then upper and lower case letters), at least `width` digits long.
pub(crate) fn base62(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 || out.len() < width {
        out.push(DIGITS[(n % 62) as usize]);
        n /= 62;
    }
    out.reverse();
    String::from_utf8(out).expect("base 62 digits are ASCII")
}
