//! Objects a request names that must exist: the parents in its path, and the objects its
//! parameters name. As at Stripe, a missing parent is a 404 and a missing object named by a
//! parameter a 400, both `resource_missing`.

use serde_json::Value;

use super::call::Call;
use crate::error::Refused;
use crate::form::Node;
use crate::spec::MockApi;
use crate::store::Account;
use crate::test_tokens;

/// A 404 for the first id in the path (other than the answer's own) that names an object of a
/// type the store keeps and that does not exist (`cus_gone` of `/v1/customers/cus_gone/sources`).
/// The type is named by the words before the id (`checkout/sessions` → `checkout.session`).
pub(super) fn missing_parent(
    api: &MockApi,
    call: &Call<'_>,
    objects: Option<&Account>,
    own_id: Option<&str>,
) -> Option<Refused> {
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
                parts.push(last);
                parts.join(".")
            }
            None => String::new(),
        };
        words.clear();
        if own_id == Some(segment) || !api.can_create(&kind) {
            continue;
        }
        if objects.and_then(|o| o.kind_of(segment)) != Some(kind.as_str()) {
            return Some(Refused::missing(&kind, segment));
        }
    }
    None
}

/// Stripe's 400 `resource_missing` for a `POST` parameter that names an object of a type the
/// store keeps but does not have (`customer=cus_gone`). Stripe's test payment methods and tokens
/// (`pm_card_visa`, `tok_visa`) are not stored objects and pass.
pub(super) fn missing_reference(
    api: &MockApi,
    call: &Call<'_>,
    objects: Option<&Account>,
    answer: &Value,
) -> Option<Refused> {
    if call.method != "POST" {
        return None;
    }
    let schema = api.object_schema(call.schema, answer)?;
    let properties = schema.get("properties")?.as_object()?;
    for (name, node) in call.params {
        let Node::Text(id) = node else {
            continue;
        };
        if id.is_empty() || test_tokens::exists_without_creation(id) {
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
        return Some(Refused::no_such(kind, id, name));
    }
    None
}

/// `customers` → `customer`, `tax_ids` → `tax_id`.
fn singular(word: &str) -> &str {
    word.strip_suffix('s').unwrap_or(word)
}
