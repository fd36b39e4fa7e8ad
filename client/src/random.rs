//! Random values from the operating system's source, through `ring`'s `SystemRandom`: the
//! idempotency keys of `POST` requests, multipart boundaries and retry jitter.
//!
//! `ring` is there for webhook signatures already (and reqwest's rustls builds it); taking
//! randomness from it rather than from `uuid` and `getrandom` leaves two crates and a build
//! script out of every program's build.

use ring::rand::{SecureRandom, SystemRandom};

/// `N` random bytes, or `None` if the operating system's source failed.
pub(crate) fn bytes<const N: usize>() -> Option<[u8; N]> {
    let mut out = [0u8; N];
    SystemRandom::new().fill(&mut out).ok()?;
    Some(out)
}

/// `N` random bytes for a value that must not repeat.
///
/// # Panics
///
/// If the operating system's source fails: an idempotency key that might repeat would let
/// Stripe take a new request for the retry of an old one.
fn unique<const N: usize>() -> [u8; N] {
    bytes().expect("the operating system's random source failed")
}

/// 32 random hex digits, as a multipart boundary needs.
#[cfg(feature = "multipart")]
pub(crate) fn hex_digits() -> String {
    crate::hex::encode(&unique::<16>())
}

/// A random UUID (version 4, RFC 9562), hyphenated and lower-case:
/// `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
pub(crate) fn uuid_v4() -> String {
    let mut bytes: [u8; 16] = unique();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC's variant
    let mut out = crate::hex::encode(&bytes);
    for at in [8, 13, 18, 23] {
        out.insert(at, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_has_the_layout_version_and_variant_of_version_4() {
        let uuid = uuid_v4();
        let groups: Vec<&str> = uuid.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{uuid}");
        assert!(
            uuid.bytes()
                .all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert!(groups[2].starts_with('4'), "{uuid}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{uuid}"
        );
    }

    #[test]
    fn uuids_differ() {
        let keys: std::collections::BTreeSet<String> = (0..1000).map(|_| uuid_v4()).collect();
        assert_eq!(keys.len(), 1000);
    }
}
