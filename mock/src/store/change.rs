//! One request's changes to one account, as flows see and make them: objects created, edited
//! and replaced, and the events each change asks for. The store keeps them or undoes them as a
//! whole ([`super::Store::change`]).

use serde_json::Value;

use super::account::Account;
use crate::error::Refused;
use crate::events::{self, Pending};
use crate::spec::MockApi;

/// What runs each time a change asks for an event, so that one resource's step can move
/// another's (a PaymentIntent that succeeds pays its Invoice). The flows give theirs.
pub(crate) type Reactions = fn(&mut Change<'_>, &str, &Value);

/// The changes one request makes to one account.
pub(crate) struct Change<'a> {
    pub api: &'a MockApi,
    pub account: &'a mut Account,
    /// The mock's time of the request.
    pub now: i64,
    pub(super) pending: Vec<Pending>,
    pub(super) reactions: Reactions,
}

/// A request that a change refuses: Stripe's error, and what becomes of the change.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub refused: Refused,
    /// Whether the changes made so far stay (a decline is recorded; a request in the wrong state
    /// changes nothing).
    pub keep: bool,
    /// Whether a retry with the same idempotency key gets this answer again. Stripe keeps no
    /// answer for a request that failed validation, such as a parameter naming an object that
    /// does not exist: the key stays free for the corrected request.
    pub replayable: bool,
}

impl From<Refused> for Refusal {
    /// A refusal that changes nothing and that a retry with the same key gets again.
    fn from(refused: Refused) -> Refusal {
        Refusal {
            refused,
            keep: false,
            replayable: true,
        }
    }
}

impl Refusal {
    /// A 400 `invalid_request_error` that changes nothing.
    pub(crate) fn invalid(message: &str, param: Option<&str>, code: Option<&str>) -> Refusal {
        let mut refused = Refused::invalid(message);
        if let Some(param) = param {
            refused = refused.param(param);
        }
        if let Some(code) = code {
            refused = refused.code(code);
        }
        refused.into()
    }

    /// A 400 `resource_missing` for a parameter naming an object that does not exist; the
    /// idempotency key stays free.
    pub(crate) fn no_such(kind: &str, id: &str, param: &str) -> Refusal {
        Refusal {
            replayable: false,
            ..Refused::no_such(kind, id, param).into()
        }
    }

    /// A refusal that keeps what the request changed (a card decline is recorded).
    pub(crate) fn keeping(refused: Refused) -> Refusal {
        Refusal {
            keep: true,
            ..refused.into()
        }
    }
}

impl Change<'_> {
    /// Asks for the event `type_` about `object` (after the change), recorded when the spec has
    /// that type, and runs the reactions to it.
    pub(crate) fn emit(&mut self, type_: &str, object: &Value, previous: Option<Value>) {
        if self.api.has_event_type(type_) {
            self.pending.push(Pending {
                type_: type_.to_string(),
                object: object.clone(),
                previous,
            });
        }
        (self.reactions)(self, type_, object);
    }

    /// Asks for `<kind>.created` about `object` before every event asked for so far.
    pub(crate) fn emit_created_first(&mut self, type_: String, object: &Value) {
        if self.api.has_event_type(&type_) {
            let created = Pending {
                type_,
                object: object.clone(),
                previous: None,
            };
            self.pending.insert(0, created);
        }
    }

    /// A new object of `kind` (see [`MockApi::new_object`]) with `id` or a fresh one, created
    /// now; not stored yet (see [`Change::add`]).
    pub(crate) fn new_object_with_id(&self, kind: &str, id: Option<&str>) -> Value {
        self.api.new_object(kind, id, self.now)
    }

    /// A new object of `kind` with a fresh id (see [`Change::new_object_with_id`]).
    pub(crate) fn new_object(&self, kind: &str) -> Value {
        self.new_object_with_id(kind, None)
    }

    /// Stores a new `object` of `kind` in `collection` and asks for `<kind>.created`.
    pub(crate) fn add(&mut self, kind: &str, collection: &str, object: &Value) {
        self.account.insert(collection, object.clone());
        let created = format!("{}.created", events::type_prefix(kind));
        self.emit(&created, object, None);
    }

    /// Creates an object of `kind` from the spec's example: a fresh id, created now, `edit`
    /// applied; stores it in `collection`, asks for `<kind>.created`, and answers a copy.
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

    /// Replaces a stored object by `object` (same id), asking for no event.
    pub(crate) fn put(&mut self, object: &Value) {
        self.account.set(object);
    }

    /// Edits a stored object and asks for `type_` (when given) with what changed; `None` when no
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
