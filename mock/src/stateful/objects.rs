//! What the stateful mode makes of a request on the stored objects, over the stateless answer:
//! a create stores it (a fresh id, the request's values reflected, `created` from the mock's
//! clock); a retrieve answers the stored object; an update or an action reflects the request's
//! parameters into it and runs its flow; a delete removes it; a list answers the objects created
//! in its collection, newest first, a page at a time, filtered by the parameters that name a
//! field; a search answers the stored objects its query matches. Resources the API cannot create
//! (`balance`, `country_spec`) keep their examples.

use serde_json::{Value, json};

use super::call::Call;
use super::references::{missing_parent, missing_reference};
use super::state::Stateful;
use crate::error::Refused;
use crate::events;
use crate::flows::{self, Step};
use crate::form::{Node, is_true};
use crate::ids::fresh_id;
use crate::spec::MockApi;
use crate::store::{self, Change, Refusal};

/// What the stateful mode makes of a request.
pub(crate) enum Outcome {
    /// The answer.
    Answer(Value),
    /// A refusal that a retry with the same idempotency key gets again.
    Refused(Refused),
    /// A request that did not run (the object the path names does not exist, a parameter names
    /// one that does not): its idempotency key is not used up.
    NotRun(Refused),
}

impl From<Refusal> for Outcome {
    fn from(refusal: Refusal) -> Outcome {
        match refusal.replayable {
            true => Outcome::Refused(refusal.refused),
            false => Outcome::NotRun(refusal.refused),
        }
    }
}

impl Stateful {
    /// The answer to `call`, given the stateless `answer`; the stateless answer itself for what
    /// the store does not keep.
    pub(super) fn objects(&self, api: &MockApi, call: &Call<'_>, answer: Value) -> Outcome {
        let kind = answer
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let own_id = answer.get("id").and_then(Value::as_str).map(str::to_string);
        let account = call.origin.account.as_str();
        let found = self.store.read(account, |objects| {
            missing_parent(api, call, objects, own_id.as_deref())
                .or_else(|| missing_reference(api, call, objects, &answer))
        });
        if let Some(refused) = found {
            return Outcome::NotRun(refused);
        }
        if matches!(kind.as_str(), "list" | "search_result") {
            return self.collection(api, call, &kind, answer);
        }
        let Some(id) = own_id else {
            return Outcome::Answer(answer);
        };
        if !keeps(api, &kind) {
            return Outcome::Answer(answer);
        }
        let segments: Vec<&str> = call.path.split('/').collect();
        let at = segments.iter().position(|segment| *segment == id);
        let outcome = self.run(api, call.origin, |change| match at {
            None if call.method == "POST" => create(change, &kind, call, answer),
            None => Ok(Outcome::Answer(answer)),
            Some(at) => {
                let action = segments.get(at + 1).copied();
                existing(change, (&kind, &id), action, call, answer)
            }
        });
        outcome.unwrap_or_else(Outcome::from)
    }

    /// A list or a search of stored objects, in the envelope of the stateless `answer`.
    fn collection(&self, api: &MockApi, call: &Call<'_>, kind: &str, answer: Value) -> Outcome {
        let item_kind = answer
            .pointer("/data/0/object")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !keeps(api, item_kind) {
            return Outcome::Answer(answer);
        }
        self.store.read(&call.origin.account, |objects| {
            if kind == "list" {
                let parent = call.parents(None).last();
                let page = store::page(objects, call.path, parent, call.params, answer);
                return Outcome::Answer(page);
            }
            let collection = call.path.trim_end_matches("/search");
            match store::search(objects, collection, call.params, answer) {
                Ok(answer) => Outcome::Answer(answer),
                Err(refused) => Outcome::Refused(refused),
            }
        })
    }
}

/// Whether the store keeps objects of this type: what the API creates, and events.
fn keeps(api: &MockApi, kind: &str) -> bool {
    kind == "event" || api.can_create(kind)
}

/// A create: the answer stored with the time, the flow of its type run, `<kind>.created`
/// recorded first. A refusal that keeps what happened (a decline) keeps the object too.
fn create(
    change: &mut Change<'_>,
    kind: &str,
    call: &Call<'_>,
    answer: Value,
) -> Result<Outcome, Refusal> {
    if let Some(Node::Text(id)) = call.params.get("id")
        && change.account.get(id).is_some()
    {
        let name = kind.replace(['_', '.'], " ");
        let mut name = name.chars();
        let first = name
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or_default();
        let message = format!("{first}{} already exists.", name.as_str());
        let refused = Refused::invalid(&message)
            .code("resource_already_exists")
            .param("id");
        return Err(refused.into());
    }
    // What the request set on a new object of the kind, never the fixture's example values:
    // the answer's id (fresh, or the one the request named), the request's values reflected.
    let mut object = change.new_object_with_id(kind, answer.get("id").and_then(Value::as_str));
    crate::reflect::reflect(change.api, &mut object, call.schema, call.params);
    let mut answer = object;
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
    let created = format!("{}.created", events::type_prefix_at(kind, call.path));
    change.emit_created_first(created, &answer);
    if kind == "webhook_endpoint" {
        answer = new_endpoint(change, call, answer);
    }
    result.map(|_| Outcome::Answer(answer))
}

/// A new webhook endpoint's secret, answered once, and whether it is for Connect.
fn new_endpoint(change: &mut Change<'_>, call: &Call<'_>, mut answer: Value) -> Value {
    let id = answer["id"].as_str().unwrap_or_default().to_string();
    let secret = fresh_id("whsec_");
    answer["secret"] = Value::String(secret.clone());
    change.account.set_secret(&id, Some(secret));
    if is_true(call.params, "connect") {
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
        let unstored = flows::unstored(change, (kind, id), action, call.params, answer);
        return Ok(unstored.map_or_else(
            || Outcome::NotRun(Refused::missing(kind, id)),
            Outcome::Answer,
        ));
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
        .all(|(name, parent)| crate::json::id_of(object, name).as_deref() == Some(parent))
}
