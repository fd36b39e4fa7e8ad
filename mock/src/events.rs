//! Events of the stateful mode: what a state change records, as Stripe's `Event` objects.
//!
//! A change names its event by Stripe's convention (`customer.created`, `invoice.finalized`);
//! only the types the spec lists for webhook endpoints are recorded, so a spec decides which
//! events exist. An update's event carries `previous_attributes`: the old value of each field
//! that changed, and, inside a hash that changed, of each of its keys (`null` for a key that
//! was added).

use serde_json::{Map, Value, json};

/// An event a change asks for, before it is recorded.
#[derive(Debug)]
pub(crate) struct Pending {
    pub type_: String,
    /// The object after the change.
    pub object: Value,
    pub previous: Option<Value>,
}

/// Where a request came from, for the events it causes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// The connected account (`Stripe-Account`), `""` for the platform.
    pub account: String,
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
}

/// The prefix of the event names of an object at `path`: `customer.source` for a card or a bank
/// account of a customer (`/v1/customers/{customer}/sources`), otherwise [`type_prefix`].
pub(crate) fn type_prefix_at<'a>(kind: &'a str, path: &str) -> &'a str {
    let a_source = matches!(kind, "card" | "bank_account" | "source");
    if a_source && path.starts_with("/v1/customers/") && path.contains("/sources") {
        "customer.source"
    } else {
        type_prefix(kind)
    }
}

/// The prefix of an object type's event names: `customer.subscription` for a `subscription`.
pub(crate) fn type_prefix(kind: &str) -> &str {
    match kind {
        "subscription" => "customer.subscription",
        "discount" => "customer.discount",
        "tax_id" => "customer.tax_id",
        other => other,
    }
}

/// The event an action on an object of `kind` is named after, when the spec has it: the action
/// in the past tense (`attach` → `payment_method.attached`, `mark_uncollectible` →
/// `invoice.marked_uncollectible`, `send` → `invoice.sent`).
pub(crate) fn action_type(kind: &str, action: &str) -> String {
    let (verb, rest) = match action.split_once('_') {
        Some((verb, rest)) => (verb, format!("_{rest}")),
        None => (action, String::new()),
    };
    let past = match verb {
        "pay" => "paid".to_string(),
        "send" => "sent".to_string(),
        verb if verb.ends_with('e') => format!("{verb}d"),
        verb => format!("{verb}ed"),
    };
    format!("{}.{past}{rest}", type_prefix(kind))
}

/// The old values of what changed from `before` to `after`; `None` when nothing did.
pub(crate) fn previous_attributes(before: &Value, after: &Value) -> Option<Value> {
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return None;
    };
    let mut previous = Map::new();
    for (name, new) in after {
        let old = before.get(name).unwrap_or(&Value::Null);
        if old == new {
            continue;
        }
        let value = match (old, new) {
            (Value::Object(_), Value::Object(_)) if name == "metadata" => {
                previous_attributes(old, new).unwrap_or(Value::Null)
            }
            _ => old.clone(),
        };
        previous.insert(name.clone(), value);
    }
    for (name, old) in before {
        if !after.contains_key(name) {
            previous.insert(name.clone(), old.clone());
        }
    }
    (!previous.is_empty()).then_some(Value::Object(previous))
}

/// The `Event` object for `pending`: `base` (the spec's event fixture) with a fresh `id`, the
/// object and its previous attributes, the time, the account and the request.
pub(crate) fn event(
    base: Value,
    id: String,
    pending: Pending,
    created: i64,
    origin: &Origin,
) -> Value {
    let mut event = base;
    let mut data = json!({ "object": pending.object });
    if let Some(previous) = pending.previous {
        data["previous_attributes"] = previous;
    }
    let fields = [
        ("id", Value::String(id)),
        ("type", Value::String(pending.type_)),
        ("created", json!(created)),
        ("data", data),
        ("livemode", Value::Bool(false)),
        ("pending_webhooks", json!(0)),
        (
            "request",
            json!({ "id": origin.request_id, "idempotency_key": origin.idempotency_key }),
        ),
    ];
    if let Value::Object(map) = &mut event {
        for (name, value) in fields {
            map.insert(name.to_string(), value);
        }
        if !origin.account.is_empty() {
            map.insert("account".into(), Value::String(origin.account.clone()));
        }
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_attributes_name_what_changed() {
        let before = json!({"email": "a@x", "name": "A", "metadata": {"k": "1", "gone": "2"}});
        let after = json!({"email": "b@x", "name": "A", "metadata": {"k": "1", "new": "3"}});
        assert_eq!(
            previous_attributes(&before, &after),
            Some(json!({"email": "a@x", "metadata": {"new": null, "gone": "2"}}))
        );
        assert_eq!(previous_attributes(&before, &before), None);
    }

    #[test]
    fn an_action_is_named_in_the_past_tense() {
        assert_eq!(
            action_type("payment_method", "attach"),
            "payment_method.attached"
        );
        assert_eq!(action_type("invoice", "finalize"), "invoice.finalized");
        assert_eq!(action_type("invoice", "void"), "invoice.voided");
        assert_eq!(
            action_type("invoice", "mark_uncollectible"),
            "invoice.marked_uncollectible"
        );
        assert_eq!(action_type("invoice", "send"), "invoice.sent");
        assert_eq!(
            action_type("subscription", "resume"),
            "customer.subscription.resumed"
        );
    }
}
