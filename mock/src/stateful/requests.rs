//! A validated request to the stateful mode: its idempotency key looked up, the stored objects'
//! answer, the objects it names expanded, and the key's answer remembered.

use bytes::Bytes;
use hyper::header::HeaderValue;
use serde_json::Value;

use super::call::Call;
use super::objects::Outcome;
use super::state::Stateful;
use crate::error::Refused;
use crate::reply::{self, Reply};
use crate::respond;
use crate::spec::MockApi;
use crate::store::Idempotency;

/// A validated request to the stateful mode.
pub(crate) struct Request<'a> {
    pub call: Call<'a>,
    /// The query string and the body: what the request is, for its idempotency key.
    pub fingerprint: Bytes,
    /// The paths of `expand[]`.
    pub expand: &'a [String],
}

impl Stateful {
    /// The answer to a validated `request` whose stateless answer is `value`: its idempotency
    /// key looked up, the store's answer, the stored objects expanded, the key's answer
    /// remembered (or the key given back when the request did not run).
    pub(crate) fn answer(&self, api: &MockApi, request: Request<'_>, value: Value) -> Reply {
        let Request {
            call,
            fingerprint,
            expand,
        } = request;
        // What cannot be expanded is refused before anything changes.
        let nothing_stored = respond::Objects::Stored(&|_: &str| None);
        if let Err(refused) =
            respond::expand(api, &mut value.clone(), call.schema, expand, nothing_stored)
        {
            return reply::refused(&refused);
        }
        let account = call.origin.account.as_str();
        let key = (call.origin.idempotency_key.as_deref())
            .filter(|_| call.method == "POST")
            .map(|key| (account, key));
        if let Some(key) = key {
            match self
                .store
                .keys
                .check(key, call.path, &fingerprint, self.store.clock.now())
            {
                Idempotency::New => {}
                Idempotency::Replay(status, value) => {
                    let mut reply = reply::json(status, &value);
                    let replayed = HeaderValue::from_static("true");
                    reply.headers_mut().insert("idempotent-replayed", replayed);
                    return reply;
                }
                Idempotency::Conflict => {
                    return reply::refused(&Refused::idempotency_conflict(key.1));
                }
                Idempotency::InFlight => {
                    return reply::refused(&Refused::idempotency_in_flight());
                }
            }
        }
        let (status, value) = match self.objects(api, &call, value) {
            Outcome::Answer(mut value) => {
                // Stored objects, and the spec's examples for ids the store does not have; the
                // paths were checked above.
                self.store.read(account, |objects| {
                    let stored = &|id: &str| objects?.get(id);
                    let objects = respond::Objects::Stored(stored);
                    let _ = respond::expand(api, &mut value, call.schema, expand, objects);
                });
                (200, value)
            }
            Outcome::Refused(refused) => (refused.status, refused.body()),
            Outcome::NotRun(refused) => {
                if let Some(key) = key {
                    self.store.keys.forget(key);
                }
                return reply::refused(&refused);
            }
        };
        if let Some(key) = key {
            self.store.keys.remember(key, status, &value);
        }
        reply::json(status, &value)
    }
}
