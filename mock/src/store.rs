//! The stateful mode: objects created through the API live until they are deleted.
//!
//! It works over the stateless answers, for every resource the spec can create: a create stores
//! the answer (a fresh id, the request's values reflected); a retrieve answers the stored object;
//! an update or an action on it reflects the request's parameters into it; a delete removes it;
//! a list of a collection answers the objects created in it, newest first, a page at a time
//! (`limit`, `starting_after`, `ending_before`, `has_more`), filtered by the parameters that name
//! a field of the objects (`customer`, `created[gte]`); `expand` gives the stored objects. An id that was never created, or was
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
    /// Forgets every object and idempotency key.
    pub(crate) fn clear(&self) {
        self.accounts.lock().unwrap().clear();
        self.replays.lock().unwrap().clear();
    }

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
            // A create: the answer has a fresh id, and is created now.
            if method == "POST" {
                let mut answer = answer;
                if answer.get("created").is_some_and(Value::is_i64) {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    answer["created"] = Value::from(now);
                }
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
                return Outcome::Answer(answer);
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
            .filter(|s| {
                params
                    .iter()
                    .all(|(name, filter)| matches_filter(&s.value, name, filter))
            })
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

    /// Replaces the ids at each `expand` path (`customer`, `data.customer`) of `value` by the
    /// stored objects of `account` they name; an id that is not stored stays an id.
    pub(crate) fn expand(&self, account: &str, value: &mut Value, expand: &[String]) {
        let accounts = self.accounts.lock().unwrap();
        let Some(inner) = accounts.get(account) else {
            return;
        };
        for path in expand {
            let segments: Vec<&str> = path.split('.').collect();
            expand_at(inner, value, &segments);
        }
    }
}

fn expand_at(inner: &Inner, value: &mut Value, segments: &[&str]) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    match value {
        Value::Array(items) => {
            for item in items {
                expand_at(inner, item, segments);
            }
        }
        Value::Object(fields) => {
            let Some(slot) = fields.get_mut(*first) else {
                return;
            };
            if rest.is_empty() {
                let stored = slot.as_str().and_then(|id| inner.objects.get(id));
                if let Some(stored) = stored {
                    *slot = stored.value.clone();
                }
            } else {
                expand_at(inner, slot, rest);
            }
        }
        _ => {}
    }
}

/// Whether a stored object passes a list parameter used as a filter: a value equal to the
/// object's field (an expanded object by its id), or a range (`created[gte]=…`). Parameters that
/// are no field of the object (`limit`, `expand`), and `status=all`, filter nothing.
fn matches_filter(object: &Value, name: &str, filter: &Node) -> bool {
    if matches!(
        name,
        "limit" | "starting_after" | "ending_before" | "expand"
    ) {
        return true;
    }
    let Some(field) = object.get(name) else {
        return true;
    };
    match filter {
        Node::Text(text) if name == "status" && text == "all" => true,
        Node::Text(text) => {
            let actual = match field {
                Value::String(s) => s.clone(),
                Value::Object(o) => o
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                other => other.to_string(),
            };
            actual == *text
        }
        Node::Map(range) => {
            let Some(actual) = field.as_f64() else {
                return false;
            };
            range.iter().all(|(op, bound)| {
                let Node::Text(bound) = bound else {
                    return true;
                };
                let Ok(bound) = bound.parse::<f64>() else {
                    return false;
                };
                match op.as_str() {
                    "gt" => actual > bound,
                    "gte" => actual >= bound,
                    "lt" => actual < bound,
                    "lte" => actual <= bound,
                    _ => true,
                }
            })
        }
        Node::File => true,
    }
}
