//! The stateful mode: objects created through the API live until they are deleted.
//!
//! It works over the stateless answers, for every resource the spec can create: a create stores
//! the answer (a fresh id, the request's values reflected); a retrieve answers the stored object;
//! an update or an action on it reflects the request's parameters into it; a delete removes it;
//! a list of a collection answers the objects created in it, newest first, a page at a time
//! (`limit`, `starting_after`, `ending_before`, `has_more`). An id that was never created, or was
//! deleted, is a 404 `resource_missing`, as at Stripe. Resources the API cannot create
//! (`balance`, `country_spec`) keep their fixtures.
//!
//! Each account (`Stripe-Account`, or none for the platform) has objects of its own. A `POST`
//! with an `Idempotency-Key` that succeeded is remembered: the same key with the same request
//! replays the answer (`Idempotent-Replayed: true`), with another request it is a 400
//! `idempotency_error`; keys are per account.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;
use serde_json::Value;

use crate::form::{Node, Params};
use crate::spec::MockApi;

/// Every object created so far, by account and id, and the answers of idempotent requests.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// By account (`""` for the platform).
    accounts: Mutex<HashMap<String, Inner>>,
    /// By account and idempotency key.
    replays: Mutex<HashMap<(String, String), Replay>>,
}

/// A request that succeeded with an idempotency key, and its answer.
#[derive(Debug)]
struct Replay {
    path: String,
    body: Bytes,
    answer: Value,
}

/// What an idempotency key says about a request.
pub(crate) enum Idempotency {
    /// A key not used before (or none): run the request.
    New,
    /// The same request again: its first answer.
    Replay(Value),
    /// The key was used for another request.
    Conflict,
}

#[derive(Debug, Default)]
struct Inner {
    objects: HashMap<String, Stored>,
    /// Creation order, so that lists are newest first.
    created: u64,
}

#[derive(Debug)]
struct Stored {
    /// The path it was created at (`/v1/customers`, `/v1/customers/cus_1/sources`): the list it
    /// belongs to.
    collection: String,
    order: u64,
    value: Value,
}

/// What the store makes of a request.
pub(crate) enum Outcome {
    /// The answer, from the store.
    Answer(Value),
    /// The object the path names does not exist: its type and id.
    Missing { kind: String, id: String },
}

impl Store {
    /// Looks up `key` of `account` for a `POST` of `body` to `path`.
    pub(crate) fn idempotency(
        &self,
        account: &str,
        key: &str,
        path: &str,
        body: &Bytes,
    ) -> Idempotency {
        let replays = self.replays.lock().unwrap();
        match replays.get(&(account.to_string(), key.to_string())) {
            None => Idempotency::New,
            Some(replay) if replay.path == path && replay.body == *body => {
                Idempotency::Replay(replay.answer.clone())
            }
            Some(_) => Idempotency::Conflict,
        }
    }

    /// Remembers the successful `answer` of a `POST` made with `key`.
    pub(crate) fn remember(
        &self,
        account: &str,
        key: &str,
        path: &str,
        body: &Bytes,
        answer: &Value,
    ) {
        self.replays.lock().unwrap().insert(
            (account.to_string(), key.to_string()),
            Replay {
                path: path.to_string(),
                body: body.clone(),
                answer: answer.clone(),
            },
        );
    }

    /// The answer of the stateful mode to `method path` with `params`, given the stateless
    /// `answer`; the stateless answer itself for what the store does not keep.
    pub(crate) fn answer(
        &self,
        api: &MockApi,
        account: &str,
        (method, path): (&str, &str),
        params: &Params,
        schema: &Value,
        answer: Value,
    ) -> Outcome {
        let kind = answer.get("object").and_then(Value::as_str).unwrap_or("");
        if kind == "list" {
            return Outcome::Answer(self.list(api, account, path, params, answer));
        }
        let Some(id) = answer.get("id").and_then(Value::as_str).map(str::to_string) else {
            return Outcome::Answer(answer);
        };
        if !api.can_create(kind) {
            return Outcome::Answer(answer);
        }
        let kind = kind.to_string();
        let mut accounts = self.accounts.lock().unwrap();
        let inner = accounts.entry(account.to_string()).or_default();
        let names_it = path.split('/').any(|segment| segment == id);
        if !names_it {
            // A create: the answer has a fresh id.
            if method == "POST" {
                inner.created += 1;
                let order = inner.created;
                inner.objects.insert(
                    id,
                    Stored {
                        collection: path.to_string(),
                        order,
                        value: answer.clone(),
                    },
                );
            }
            return Outcome::Answer(answer);
        }
        let Some(stored) = inner.objects.get_mut(&id) else {
            return Outcome::Missing { kind, id };
        };
        match method {
            "DELETE" => {
                inner.objects.remove(&id);
                Outcome::Answer(answer)
            }
            "POST" => {
                crate::reflect::reflect(api, &mut stored.value, schema, params);
                Outcome::Answer(stored.value.clone())
            }
            _ => Outcome::Answer(stored.value.clone()),
        }
    }

    /// A page of the objects created at `path`, newest first, when the list's items are a
    /// resource the API creates.
    fn list(
        &self,
        api: &MockApi,
        account: &str,
        path: &str,
        params: &Params,
        mut answer: Value,
    ) -> Value {
        let item_kind = answer
            .pointer("/data/0/object")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !api.can_create(item_kind) {
            return answer;
        }
        let text = |name: &str| match params.get(name) {
            Some(Node::Text(text)) => Some(text.as_str()),
            _ => None,
        };
        let limit = text("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(10)
            .clamp(1, 100);
        let accounts = self.accounts.lock().unwrap();
        let mut items: Vec<&Stored> = accounts
            .get(account)
            .into_iter()
            .flat_map(|inner| inner.objects.values())
            .filter(|s| s.collection == path)
            .collect();
        items.sort_by_key(|s| std::cmp::Reverse(s.order));
        let position = |id: &str| items.iter().position(|s| s.value["id"] == id);
        let (page, has_more) = match (text("starting_after"), text("ending_before")) {
            (Some(after), _) => {
                let start = position(after).map_or(items.len(), |i| i + 1);
                let rest = &items[start..];
                (&rest[..rest.len().min(limit)], rest.len() > limit)
            }
            (None, Some(before)) => {
                let end = position(before).unwrap_or(0);
                let start = end.saturating_sub(limit);
                (&items[start..end], start > 0)
            }
            (None, None) => (&items[..items.len().min(limit)], items.len() > limit),
        };
        answer["data"] = Value::Array(page.iter().map(|s| s.value.clone()).collect());
        answer["has_more"] = Value::Bool(has_more);
        answer
    }
}
