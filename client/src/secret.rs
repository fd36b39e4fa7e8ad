//! The secret API key, kept out of `Debug` output, logs and error messages.

use std::fmt;

/// A Stripe secret or restricted key (`sk_…`, `rk_…`).
///
/// Its `Debug` shows only the kind of key (`sk_test_…`), never the key itself.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        SecretKey(key.into())
    }

    /// The key, for the `Authorization` header.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// The non-secret prefix that says what kind of key it is (`sk_test_`, `rk_live_`), if any.
    fn kind(&self) -> &str {
        let mut ends = self.0.match_indices('_').map(|(i, _)| i + 1);
        match (ends.next(), ends.next()) {
            (Some(_), Some(end)) if end <= 8 => &self.0[..end],
            _ => "",
        }
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({}…redacted)", self.kind())
    }
}

impl From<&str> for SecretKey {
    fn from(key: &str) -> Self {
        SecretKey::new(key)
    }
}

impl From<String> for SecretKey {
    fn from(key: String) -> Self {
        SecretKey::new(key)
    }
}

#[cfg(test)]
mod tests {
    use super::SecretKey;

    #[test]
    fn debug_shows_the_kind_of_key_only() {
        let key = SecretKey::new("sk_test_51ABCsecretpart");
        assert_eq!(format!("{key:?}"), "SecretKey(sk_test_…redacted)");
        assert_eq!(
            format!("{:?}", SecretKey::new("whatever")),
            "SecretKey(…redacted)"
        );
    }
}
