//! The stateful mode: objects created through the API live until they are deleted.
//!
//! It works over the stateless answers, for every resource the spec can create: a create stores
//! the answer (a fresh id, the request's values reflected, `created` from the mock's clock); a
//! retrieve answers the stored object; an update or an action on it reflects the request's
//! parameters into it; a delete removes it; a list of a collection answers the objects created in
//! it, newest first, a page at a time (`limit`, `starting_after`, `ending_before`, `has_more`),
//! filtered by the parameters that name a field of the objects (`customer`, `created[gte]`); a
//! search answers the stored objects its query matches; `expand` gives the stored objects. An id
//! that was never created, or was deleted, or is of another type, is a 404 `resource_missing`, as
//! at Stripe, and so is a parent in the path (`/v1/customers/{customer}/sources`). Resources the API cannot create
//! (`balance`, `country_spec`) keep their fixtures.
//!
//! The flows of [`crate::flows`] give the resources people test most their state machines. Every
//! change records its events (`customer.created`, `invoice.paid`), which `/v1/events` lists and
//! webhook endpoints receive (see [`crate::webhooks`]).
//!
//! A request runs as one change of its account: when it is refused, everything it changed is
//! undone and none of its events is recorded, except what Stripe keeps (a card decline).
//!
//! Each account (`Stripe-Account`, or none for the platform) has objects of its own. A `POST`
//! with an `Idempotency-Key` that ran is remembered for 24 hours of the mock's clock: the same key
//! with the same request replays the answer (`Idempotent-Replayed: true`), with another request
//! it is a 400 `idempotency_error`, while the first still runs a 409; keys are per account.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::watch;

mod account;
mod lists;

pub(crate) use account::Account;

use crate::clock::Clock;
use crate::events::{self, Origin, Pending};
use crate::flows::{self, Refusal, Step};
use crate::form::{Node, Params, text};
use crate::spec::{MockApi, Route};
use crate::webhooks::{Delivery, Webhooks};

/// How long an idempotency key is remembered, in seconds of the mock's clock (Stripe: 24 hours).
const IDEMPOTENCY_WINDOW: i64 = 24 * 60 * 60;

/// Every object created so far, by account and id, and the answers of idempotent requests.
#[derive(Debug)]
pub(crate) struct Store {
    /// By account (`""` for the platform).
    accounts: Arc<Mutex<HashMap<String, Account>>>,
    /// By account and idempotency key.
    replays: Mutex<HashMap<(String, String), Replay>>,
    pub(crate) clock: Clock,
    pub(crate) webhooks: Webhooks,
}

/// A request that ran with an idempotency key, and its answer.
#[derive(Debug)]
struct Replay {
    path: String,
    body: Bytes,
    /// Its status and answer; `None` while it runs.
    answer: Option<(u16, Value)>,
    /// When it ran, by the mock's clock.
    at: i64,
}

/// What an idempotency key says about a request.
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

/// One request to the stateful mode.
pub(crate) struct Call<'a> {
    pub method: &'a str,
    pub route: &'a Route,
    pub path: &'a str,
    pub params: &'a Params,
    /// The response's schema.
    pub schema: &'a Value,
    pub origin: Origin,
}

impl<'a> Call<'a> {
    /// The parents the path names before the segment `until` (all, for `None`): each path
    /// parameter's name and value (`customer` and `cus_1` of `/v1/customers/cus_1/sources`),
    /// but a parameter named `id`, which is no field of the object but its own.
    fn parents(&self, until: Option<&'a str>) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let route = self.route;
        self.path
            .split('/')
            .enumerate()
            .take_while(move |(_, segment)| Some(*segment) != until)
            .filter_map(move |(i, segment)| Some((route.param_name(i)?, segment)))
            .filter(|(name, _)| *name != "id")
    }
}

/// What the store makes of a request.
pub(crate) enum Outcome {
    /// The answer, from the store.
    Answer(Value),
    /// The object the path names does not exist: its type and id.
    Missing { kind: String, id: String },
    /// A flow refused the request: the status and Stripe's `error` object.
    Refused { status: u16, error: Value },
    /// A request that failed validation (a parameter naming an object that does not exist):
    /// the status and Stripe's `error` object. Its idempotency key is not used up.
    Invalid { status: u16, error: Value },
}

/// The changes one request makes to one account: what flows see and do.
pub(crate) struct Change<'a> {
    pub api: &'a MockApi,
    pub account: &'a mut Account,
    /// The mock's time of the request.
    pub now: i64,
    pending: Vec<Pending>,
}

impl Change<'_> {
    /// Records the event `type_` about `object` (after the change), when the spec has that type.
    pub(crate) fn emit(&mut self, type_: &str, object: &Value, previous: Option<Value>) {
        if self.api.has_event_type(type_) {
            self.pending.push(Pending {
                type_: type_.to_string(),
                object: object.clone(),
                previous,
            });
        }
    }

    /// A new object of `kind` from the spec's example, with a fresh id, created now; not stored
    /// yet (see [`Change::add`]).
    pub(crate) fn new_object(&self, kind: &str) -> Value {
        let mut object = self.api.fixture(kind).unwrap_or_else(|| json!({}));
        crate::respond::give_fresh_id(&mut object);
        flows::set(&mut object, "created", json!(self.now));
        object
    }

    /// Stores a new `object` of `kind` in `collection` and records `<kind>.created`.
    pub(crate) fn add(&mut self, kind: &str, collection: &str, object: &Value) {
        self.account.insert(collection, object.clone());
        let created = format!("{}.created", events::type_prefix(kind));
        self.emit(&created, object, None);
    }

    /// Creates an object of `kind` from the spec's example: a fresh id, created now, `edit`
    /// applied; stores it in `collection`, records `<kind>.created`, and answers a copy.
    pub(crate) fn create(
        &mut self,
        kind: &str,
        collection: &str,
        edit: impl FnOnce(&mut Value),
    ) -> Value {
        let mut object = self.new_object(kind);
        edit(&mut object);
        self.add(kind, collection, &object);
        object
    }

    /// Replaces a stored object by `object` (same id), recording nothing.
    pub(crate) fn put(&mut self, object: &Value) {
        self.account.set(object);
    }

    /// Edits a stored object and records `type_` (when given) with what changed; `None` when no
    /// object has that id.
    pub(crate) fn update(
        &mut self,
        id: &str,
        type_: Option<&str>,
        edit: impl FnOnce(&mut Value),
    ) -> Option<Value> {
        let (before, after) = self.account.edit(id, edit)?;
        if let Some(type_) = type_ {
            let previous = events::previous_attributes(&before, &after);
            self.emit(type_, &after, previous);
        }
        Some(after)
    }
}

impl Store {
    /// An empty store whose webhook deliveries stop when `stopped` changes.
    pub(crate) fn new(stopped: watch::Receiver<bool>) -> Store {
        let accounts = Arc::new(Mutex::new(HashMap::new()));
        let webhooks = Webhooks::start(Arc::clone(&accounts), stopped);
        Store {
            accounts,
            replays: Mutex::new(HashMap::new()),
            clock: Clock::default(),
            webhooks,
        }
    }

    /// Forgets every object and idempotency key.
    pub(crate) fn clear(&self) {
        lock(&self.accounts).clear();
        lock(&self.replays).clear();
    }

    /// Looks up `key` of `account` for a `POST` of `body` to `path`; a new key is taken for this
    /// request until [`Store::remember`] or [`Store::forget`].
    pub(crate) fn idempotency(
        &self,
        account: &str,
        key: &str,
        path: &str,
        body: &Bytes,
    ) -> Idempotency {
        let mut replays = lock(&self.replays);
        let slot = (account.to_string(), key.to_string());
        let now = self.clock.now();
        let known = match replays.get(&slot) {
            Some(replay) if now.saturating_sub(replay.at) < IDEMPOTENCY_WINDOW => Some(replay),
            _ => None,
        };
        match known {
            None => {
                if replays.len() % 1024 == 1023 {
                    replays.retain(|_, r| now.saturating_sub(r.at) < IDEMPOTENCY_WINDOW);
                }
                let running = Replay {
                    path: path.to_string(),
                    body: body.clone(),
                    answer: None,
                    at: now,
                };
                replays.insert(slot, running);
                Idempotency::New
            }
            Some(replay) if replay.path != path || replay.body != *body => Idempotency::Conflict,
            Some(Replay { answer: None, .. }) => Idempotency::InFlight,
            Some(Replay {
                answer: Some((status, answer)),
                ..
            }) => Idempotency::Replay(*status, answer.clone()),
        }
    }

    /// Remembers the answer of the `POST` that took `key`.
    pub(crate) fn remember(&self, (account, key): (&str, &str), status: u16, answer: &Value) {
        let mut replays = lock(&self.replays);
        if let Some(replay) = replays.get_mut(&(account.to_string(), key.to_string())) {
            replay.answer = Some((status, answer.clone()));
        }
    }

    /// Gives `key` back: the request that took it did not run (its object was missing).
    pub(crate) fn forget(&self, (account, key): (&str, &str)) {
        lock(&self.replays).remove(&(account.to_string(), key.to_string()));
    }

    /// Runs `flow` on `account`'s objects as one change: kept with its events recorded and sent
    /// when it succeeds or when its refusal says so (a decline), undone as a whole otherwise.
    pub(crate) fn change<T>(
        &self,
        api: &MockApi,
        origin: &Origin,
        flow: impl FnOnce(&mut Change<'_>) -> Result<T, Refusal>,
    ) -> Result<T, Refusal> {
        let now = self.clock.now();
        let mut accounts = lock(&self.accounts);
        let account = accounts.entry(origin.account.clone()).or_default();
        account.begin();
        let mut change = Change {
            api,
            account,
            now,
            pending: Vec::new(),
        };
        // A bug in a flow answers a 500 and leaves the objects as they were, rather than taking
        // the server down with it.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| flow(&mut change)))
            .unwrap_or_else(|_| {
                Err(Refusal {
                    status: 500,
                    error: json!({
                        "type": "api_error",
                        "message": "The mock failed on this request; nothing was changed.",
                    }),
                    keep: false,
                    replayable: false,
                })
            });
        let mut pending = std::mem::take(&mut change.pending);
        if result.as_ref().is_err_and(|refusal| !refusal.keep) {
            change.account.roll_back();
            pending.clear();
        } else {
            change.account.commit();
        }
        let deliveries = record(api, &mut accounts, pending, now, origin);
        // An account a request only looked into is not kept (any `Stripe-Account` value makes
        // one).
        if accounts.get(&origin.account).is_some_and(Account::is_empty) {
            accounts.remove(&origin.account);
        }
        drop(accounts);
        for delivery in deliveries {
            self.webhooks.send(delivery);
        }
        result
    }

    /// The answer of the stateful mode to `call`, given the stateless `answer`; the stateless
    /// answer itself for what the store does not keep.
    pub(crate) fn answer(&self, api: &MockApi, call: &Call<'_>, answer: Value) -> Outcome {
        let kind = answer
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let own_id = answer.get("id").and_then(Value::as_str).map(str::to_string);
        if let Some(missing) = self.missing_parent(api, call, own_id.as_deref()) {
            return missing;
        }
        if let Some(missing) = self.missing_reference(api, call, &answer) {
            return missing;
        }
        if matches!(kind.as_str(), "list" | "search_result") {
            let item_kind = answer
                .pointer("/data/0/object")
                .and_then(Value::as_str)
                .unwrap_or("");
            if !keeps(api, item_kind) {
                return Outcome::Answer(answer);
            }
            let accounts = lock(&self.accounts);
            let account = accounts.get(&call.origin.account);
            if kind == "list" {
                let parent = call.parents(None).last();
                return Outcome::Answer(lists::page(
                    account,
                    call.path,
                    parent,
                    call.params,
                    answer,
                ));
            }
            let collection = call.path.trim_end_matches("/search");
            return match lists::search(account, collection, call.params, answer) {
                Ok(answer) => Outcome::Answer(answer),
                Err(refusal) => refused(refusal),
            };
        }
        let Some(id) = own_id else {
            return Outcome::Answer(answer);
        };
        if !keeps(api, &kind) {
            return Outcome::Answer(answer);
        }
        let segments: Vec<&str> = call.path.split('/').collect();
        let at = segments.iter().position(|segment| *segment == id);
        let outcome = self.change(api, &call.origin, |change| match at {
            None if call.method == "POST" => create(change, &kind, call, answer),
            None => Ok(Outcome::Answer(answer)),
            Some(at) => {
                let action = segments.get(at + 1).copied();
                existing(change, (&kind, &id), action, call, answer)
            }
        });
        outcome.unwrap_or_else(refused)
    }

    /// A 404 for the first id in the path (other than the answer's own) that names an object of
    /// a type the store keeps and that does not exist (`cus_gone` of
    /// `/v1/customers/cus_gone/sources`). The type is named by the words before the id
    /// (`checkout/sessions` → `checkout.session`).
    fn missing_parent(
        &self,
        api: &MockApi,
        call: &Call<'_>,
        own_id: Option<&str>,
    ) -> Option<Outcome> {
        let accounts = lock(&self.accounts);
        let objects = accounts.get(&call.origin.account);
        let mut words: Vec<&str> = Vec::new();
        for (i, segment) in call.path.split('/').enumerate().skip(2) {
            if !call.route.is_param(i) {
                words.push(segment);
                continue;
            }
            let kind = match words.split_last() {
                Some((last, before)) => {
                    let mut parts: Vec<&str> = before.to_vec();
                    let last = singular(last);
                    parts.push(&last);
                    parts.join(".")
                }
                None => String::new(),
            };
            words.clear();
            if own_id == Some(segment) || !api.can_create(&kind) {
                continue;
            }
            if objects.and_then(|o| o.kind_of(segment)) != Some(kind.as_str()) {
                return Some(Outcome::Missing {
                    kind,
                    id: segment.to_string(),
                });
            }
        }
        None
    }

    /// Stripe's 400 `resource_missing` for a `POST` parameter that names an object of a type
    /// the store keeps but does not have (`customer=cus_gone`). Stripe's test payment methods
    /// and tokens (`pm_card_visa`, `tok_visa`) are not stored objects and pass.
    fn missing_reference(&self, api: &MockApi, call: &Call<'_>, answer: &Value) -> Option<Outcome> {
        if call.method != "POST" {
            return None;
        }
        let schema = crate::respond::object_schema(api, call.schema, answer)?;
        let properties = schema.get("properties")?.as_object()?;
        let accounts = lock(&self.accounts);
        let objects = accounts.get(&call.origin.account);
        for (name, node) in call.params {
            let Node::Text(id) = node else {
                continue;
            };
            let magic = ["pm_card_", "tok_", "btok_"];
            if id.is_empty() || magic.iter().any(|prefix| id.starts_with(prefix)) {
                continue;
            }
            let targets = properties
                .get(name)
                .and_then(|p| api.resolve(p).pointer("/x-expansionResources/oneOf"))
                .and_then(Value::as_array);
            let kinds: Vec<&str> = targets
                .into_iter()
                .flatten()
                .filter_map(|t| {
                    api.resolve(t)
                        .pointer("/properties/object/enum/0")?
                        .as_str()
                })
                .collect();
            let Some(kind) = kinds.iter().find(|k| api.can_create(k)) else {
                continue;
            };
            let stored_kind = objects.and_then(|o| o.kind_of(id));
            if stored_kind.is_some_and(|k| kinds.contains(&k)) {
                continue;
            }
            return Some(refused(Refusal::no_such(kind, id, name)));
        }
        None
    }

    /// Runs `read` with a look-up of `account`'s stored objects by id.
    pub(crate) fn lookup<T>(
        &self,
        account: &str,
        read: impl FnOnce(crate::respond::Stored<'_>) -> T,
    ) -> T {
        let accounts = lock(&self.accounts);
        let account = accounts.get(account);
        read(&|id| account?.get(id))
    }
}

/// Whether the store keeps objects of this type: what the API creates, and events.
fn keeps(api: &MockApi, kind: &str) -> bool {
    kind == "event" || api.can_create(kind)
}

/// `customers` → `customer`, `tax_ids` → `tax_id`.
fn singular(word: &str) -> String {
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// A create: the answer stored with the time, the flow of its type run, `<kind>.created`
/// recorded first. A refusal that keeps what happened (a decline) keeps the object too.
fn create(
    change: &mut Change<'_>,
    kind: &str,
    call: &Call<'_>,
    mut answer: Value,
) -> Result<Outcome, Refusal> {
    if answer.get("created").is_some_and(Value::is_i64) {
        answer["created"] = json!(change.now);
    }
    // A child names its parent (`customer` of `/v1/customers/{customer}/sources`).
    for (name, parent) in call.parents(None) {
        if answer
            .get(name)
            .is_some_and(|v| v.is_string() || v.is_null())
        {
            answer[name] = Value::String(parent.to_string());
        }
    }
    let result = flows::apply(change, kind, Step::Create, &mut answer, call.params);
    if result.as_ref().is_err_and(|refusal| !refusal.keep) {
        return Err(result.unwrap_err());
    }
    change.account.insert(call.path, answer.clone());
    let created = Pending {
        type_: format!("{}.created", events::type_prefix_at(kind, call.path)),
        object: answer.clone(),
        previous: None,
    };
    if change.api.has_event_type(&created.type_) {
        change.pending.insert(0, created);
    }
    if kind == "webhook_endpoint" {
        answer = new_endpoint(change, call, answer);
    }
    result.map(|_| Outcome::Answer(answer))
}

/// A new webhook endpoint's secret, answered once, and whether it is for Connect.
fn new_endpoint(change: &mut Change<'_>, call: &Call<'_>, mut answer: Value) -> Value {
    let id = answer["id"].as_str().unwrap_or_default().to_string();
    let secret = crate::respond::fresh_id("whsec_");
    answer["secret"] = Value::String(secret.clone());
    change.account.set_secret(&id, Some(secret));
    if text(call.params, "connect") == Some("true") {
        change.account.set_note(&id, json!({ "connect": true }));
    }
    answer
}

/// A request on a stored object: a delete, an update, an action, or a retrieve. An id of
/// another type (`/v1/customers/pi_…`) is missing, as at Stripe.
fn existing(
    change: &mut Change<'_>,
    (kind, id): (&str, &str),
    action: Option<&str>,
    call: &Call<'_>,
    answer: Value,
) -> Result<Outcome, Refusal> {
    // The stored object answers for any type the operation can answer with (a customer's
    // source is a card or a bank account), and only under the parent the path names.
    let kinds = change.api.object_types(call.schema);
    let stored_kind = change
        .account
        .kind_of(id)
        .filter(|k| *k == kind || kinds.contains(k))
        .map(str::to_string);
    let stored = stored_kind
        .as_deref()
        .and_then(|k| change.account.get_of(k, id))
        .filter(|object| {
            let prefix = call
                .path
                .split_once(&format!("/{id}"))
                .map_or("", |(p, _)| p);
            change.account.order_in(prefix, id).is_some() || under_parent(call, id, object)
        });
    let (Some(kind), Some(stored)) = (stored_kind.as_deref(), stored) else {
        return flows::unstored(change, kind, id, action, call.params, answer);
    };
    if call.method == "DELETE" && answer.get("deleted") == Some(&Value::Bool(true)) {
        let mut answer = answer;
        answer["object"] = Value::String(kind.to_string());
        change.account.remove(id);
        let deleted = format!("{}.deleted", events::type_prefix_at(kind, call.path));
        change.emit(&deleted, &stored, None);
        return Ok(Outcome::Answer(answer));
    }
    if call.method != "POST" && call.method != "DELETE" {
        return Ok(Outcome::Answer(stored));
    }
    let mut object = stored.clone();
    if call.method == "POST" {
        crate::reflect::reflect(change.api, &mut object, call.schema, call.params);
    }
    let step = match (call.method, action) {
        ("DELETE", _) => Step::Delete,
        (_, None) => Step::Update,
        (_, Some(action)) => Step::Action(action),
    };
    let result = flows::apply(change, kind, step, &mut object, call.params);
    match &result {
        Err(refusal) if !refusal.keep => return Err(result.unwrap_err()),
        Ok(false) => {
            let type_ = match step {
                Step::Action(action) => events::action_type(kind, action),
                _ => format!("{}.updated", events::type_prefix_at(kind, call.path)),
            };
            if let Some(previous) = events::previous_attributes(&stored, &object) {
                change.emit(&type_, &object, Some(previous));
            }
        }
        _ => {}
    }
    change.account.set(&object);
    result.map(|_| Outcome::Answer(object))
}

/// Whether a stored object that was not created at this path belongs to the parents the path
/// names: a field named after each path parameter before the object's own id names that parent
/// (`customer` of `/v1/customers/{customer}/payment_methods/{payment_method}`, `account` of
/// `/v1/accounts/{account}/people/{person}` for a person created under `/persons`).
fn under_parent(call: &Call<'_>, id: &str, object: &Value) -> bool {
    call.parents(Some(id))
        .all(|(name, parent)| flows::id_of(object, name).as_deref() == Some(parent))
}

/// A refusal's answer: one that a retry with the same key gets again, or one that leaves the key
/// free.
fn refused(refusal: Refusal) -> Outcome {
    if !refusal.replayable {
        return Outcome::Invalid {
            status: refusal.status,
            error: refusal.error,
        };
    }
    Outcome::Refused {
        status: refusal.status,
        error: refusal.error,
    }
}

/// Stores each pending event in the account it happened in, and answers its deliveries: to the
/// account's enabled endpoints that subscribe to its type, and, for a connected account's
/// event, to the platform's Connect endpoints.
fn record(
    api: &MockApi,
    accounts: &mut HashMap<String, Account>,
    pending: Vec<Pending>,
    now: i64,
    origin: &Origin,
) -> Vec<Delivery> {
    let mut deliveries = Vec::new();
    for pending in pending {
        let base = api.fixture("event").unwrap_or_else(|| json!({}));
        let id = crate::respond::fresh_id("evt_");
        let type_ = pending.type_.clone();
        let mut event = events::event(base, id.clone(), pending, now, origin);
        let mut endpoints = endpoints_for(accounts.get(&origin.account), &type_, false);
        if !origin.account.is_empty() {
            endpoints.extend(endpoints_for(accounts.get(""), &type_, true));
        }
        event["pending_webhooks"] = json!(endpoints.len());
        let payload = event.to_string();
        for (endpoint, url, secret) in endpoints {
            deliveries.push(Delivery {
                endpoint,
                url,
                secret,
                event_id: id.clone(),
                event_type: type_.clone(),
                account: origin.account.clone(),
                payload: payload.clone(),
            });
        }
        let account = accounts.entry(origin.account.clone()).or_default();
        account.insert("/v1/events", event);
    }
    deliveries
}

/// The enabled endpoints of `account` that take events of `type_` (only Connect endpoints when
/// `connect`): id, URL and secret.
fn endpoints_for(
    account: Option<&Account>,
    type_: &str,
    connect: bool,
) -> Vec<(String, String, String)> {
    let Some(account) = account else {
        return Vec::new();
    };
    account
        .all_of("webhook_endpoint")
        .into_iter()
        .filter(|endpoint| endpoint["status"] == "enabled")
        .filter(|endpoint| {
            endpoint["enabled_events"]
                .as_array()
                .is_some_and(|types| types.iter().any(|t| t == "*" || t == type_))
        })
        .filter_map(|endpoint| {
            let id = endpoint["id"].as_str()?;
            let is_connect = account.note(id).is_some_and(|n| n["connect"] == true);
            if is_connect != connect {
                return None;
            }
            let url = endpoint["url"].as_str()?.to_string();
            let secret = account.secret(id)?.to_string();
            Some((id.to_string(), url, secret))
        })
        .collect()
}

/// A lock that a panic elsewhere did not poison for good: the store's data stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_idempotency_key_in_use_waits_for_its_answer_and_ages_out() {
        let (_stop, stopped) = watch::channel(false);
        let store = Store::new(stopped);
        let body = Bytes::from_static(b"email=a");
        let ask = |body: &Bytes| store.idempotency("", "k", "/v1/customers", body);
        assert!(matches!(ask(&body), Idempotency::New));
        assert!(
            matches!(ask(&body), Idempotency::InFlight),
            "a concurrent retry"
        );
        store.remember(("", "k"), 200, &json!({"id": "cus_1"}));
        assert!(matches!(ask(&body), Idempotency::Replay(200, answer) if answer["id"] == "cus_1"));
        let other = Bytes::from_static(b"email=b");
        assert!(matches!(ask(&other), Idempotency::Conflict));
        store
            .clock
            .advance(std::time::Duration::from_secs(24 * 3_600));
        assert!(
            matches!(ask(&other), Idempotency::New),
            "forgotten after 24 hours"
        );
        store.forget(("", "k"));
        assert!(matches!(ask(&body), Idempotency::New), "given back");
    }
}
