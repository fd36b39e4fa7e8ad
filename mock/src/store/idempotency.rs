//! Idempotency keys: a `POST` with an `Idempotency-Key` that ran is remembered for 24 hours of
//! the mock's clock; the same key with the same request replays the answer, with another request
//! it is refused, and while the first still runs a retry waits its turn. Keys are per account.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;
use serde_json::Value;

use crate::sync::lock;

/// How long an idempotency key is remembered, in seconds of the mock's clock (Stripe: 24 hours).
const WINDOW: i64 = 24 * 60 * 60;

/// The requests that ran with an idempotency key, by account and key.
#[derive(Debug, Default)]
pub(crate) struct IdempotencyKeys {
    used: Mutex<HashMap<(String, String), Use>>,
}

/// A request that ran with an idempotency key, and its answer.
#[derive(Debug)]
struct Use {
    path: String,
    /// What the request was: its query and its body.
    fingerprint: Bytes,
    /// Its status and answer; `None` while it runs.
    answer: Option<(u16, Value)>,
    /// When it ran, by the mock's clock.
    at: i64,
}

/// What an idempotency key says about a request.
#[derive(Debug)]
pub(crate) enum Idempotency {
    /// A key not used before (or no longer remembered): run the request.
    New,
    /// The same request again: its first answer, status and body.
    Replay(u16, Value),
    /// The key was used for another request.
    Conflict,
    /// A request with the key is running.
    InFlight,
}

impl IdempotencyKeys {
    /// Looks up `key` of `account` at time `now` for a `POST` to `path` whose query and body are
    /// `fingerprint`; a new key is taken for this request until [`IdempotencyKeys::remember`]
    /// or [`IdempotencyKeys::forget`].
    pub(crate) fn check(
        &self,
        (account, key): (&str, &str),
        path: &str,
        fingerprint: &Bytes,
        now: i64,
    ) -> Idempotency {
        let mut used = lock(&self.used);
        let slot = (account.to_string(), key.to_string());
        let known = used
            .get(&slot)
            .filter(|earlier| now.saturating_sub(earlier.at) < WINDOW);
        match known {
            None => {
                if used.len() % 1024 == 1023 {
                    used.retain(|_, earlier| now.saturating_sub(earlier.at) < WINDOW);
                }
                let running = Use {
                    path: path.to_string(),
                    fingerprint: fingerprint.clone(),
                    answer: None,
                    at: now,
                };
                used.insert(slot, running);
                Idempotency::New
            }
            Some(earlier) if earlier.path != path || earlier.fingerprint != *fingerprint => {
                Idempotency::Conflict
            }
            Some(Use { answer: None, .. }) => Idempotency::InFlight,
            Some(Use {
                answer: Some((status, answer)),
                ..
            }) => Idempotency::Replay(*status, answer.clone()),
        }
    }

    /// Remembers the answer of the `POST` that took `key`.
    pub(crate) fn remember(&self, (account, key): (&str, &str), status: u16, answer: &Value) {
        let mut used = lock(&self.used);
        if let Some(earlier) = used.get_mut(&(account.to_string(), key.to_string())) {
            earlier.answer = Some((status, answer.clone()));
        }
    }

    /// Gives `key` back: the request that took it did not run (its object was missing).
    pub(crate) fn forget(&self, (account, key): (&str, &str)) {
        lock(&self.used).remove(&(account.to_string(), key.to_string()));
    }

    /// Forgets every key.
    pub(crate) fn clear(&self) {
        lock(&self.used).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_key_in_use_waits_for_its_answer_and_ages_out() {
        let keys = IdempotencyKeys::default();
        let body = Bytes::from_static(b"email=a");
        let at = |now: i64, body: &Bytes| keys.check(("", "k"), "/v1/customers", body, now);
        assert!(matches!(at(0, &body), Idempotency::New));
        assert!(
            matches!(at(0, &body), Idempotency::InFlight),
            "a concurrent retry"
        );
        keys.remember(("", "k"), 200, &json!({"id": "cus_1"}));
        assert!(
            matches!(at(1, &body), Idempotency::Replay(200, answer) if answer["id"] == "cus_1")
        );
        let other = Bytes::from_static(b"email=b");
        assert!(matches!(at(1, &other), Idempotency::Conflict));
        assert!(
            matches!(at(WINDOW, &other), Idempotency::New),
            "forgotten after 24 hours"
        );
        keys.forget(("", "k"));
        assert!(matches!(at(WINDOW, &body), Idempotency::New), "given back");
    }
}
