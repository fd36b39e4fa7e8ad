//! The body of a successful answer: the fixture of the response's resource as Stripe publishes
//! it, with the path's id or, for a create, a fresh id; list and search envelopes around a
//! fixture; the deleted shape for deletes; a `POST`'s parameters reflected into it; and the fields
//! that `expand` asks for replaced by their objects.

use serde_json::{Value, json};

use crate::error::Refused;
use crate::example;
use crate::form::{Node, Params};
use crate::spec::{Matched, MockApi, Route};

/// The JSON answer of a matched JSON operation, before [`expand`], and the fixture's ids it
/// replaced with the path's.
pub(crate) fn body(
    api: &MockApi,
    matched: &Matched<'_>,
    schema: &Value,
    path: &str,
    params: &Params,
) -> (Value, PathIds) {
    let method = matched.route.method;
    let chosen = (method == "POST")
        .then(|| source_kind(params))
        .flatten()
        .and_then(|kind| variant_of(api, schema, kind))
        .and_then(|variant| build(api, variant, path, false));
    let mut value = chosen
        .or_else(|| build(api, schema, path, method == "DELETE"))
        .unwrap_or_else(|| json!({}));
    let (named, path_ids) = path_ids(&mut value, matched);
    if method == "POST" {
        if !named {
            // A create that names its object's id (`id=SUMMER` for a coupon, a plan, a
            // product) gets it, as at Stripe; any other a fresh one.
            match params.get("id") {
                Some(Node::Text(id)) if !id.is_empty() && value.get("id").is_some() => {
                    value["id"] = Value::String(id.clone());
                }
                _ => crate::ids::give_fresh_id(&mut value),
            }
        }
        crate::reflect::reflect(api, &mut value, schema, params);
    }
    (value, path_ids)
}

/// What an answer's path changed in it, to change again in what [`expand`] adds.
pub(crate) struct PathIds {
    /// The fixture's ids the path's replaced (old, new): the charge a balance transaction's
    /// `source` names is the path's charge.
    renames: Vec<(String, String)>,
    /// The path's parameters other than the object's own (name, id): the `customer` of the
    /// payment methods `/v1/customers/{customer}/payment_methods` lists is that customer.
    parents: Vec<(String, String)>,
}

impl PathIds {
    /// Writes the path's ids over the fixture's wherever they appear in `value`, and gives an
    /// expanded object in a field named like a parent parameter (at the top or in a list's
    /// items) the parent's id.
    pub(crate) fn apply(&self, value: &mut Value) {
        for (old, new) in &self.renames {
            crate::ids::replace_id(value, old, new);
        }
        for (name, id) in &self.parents {
            let items = match value.get_mut("data") {
                Some(Value::Array(items)) => items.iter_mut().collect(),
                _ => vec![&mut *value],
            };
            for item in items {
                if let Some(Value::Object(parent)) = item.get_mut(name.as_str())
                    && parent.contains_key("id")
                {
                    parent.insert("id".into(), Value::String(id.clone()));
                }
            }
        }
    }
}

/// Replaces the ids at each `expand` path of an answer of `schema` by objects: the stored object
/// an id names, or else the fixture of the field's resource with the id (see [`Objects`] for a
/// `null` field). A field that is already an object stays as it is; a path that names no
/// expandable field is a 400 on `expand`.
pub(crate) fn expand(
    api: &MockApi,
    value: &mut Value,
    schema: &Value,
    expand: &[String],
    stored: Objects<'_>,
) -> Result<(), Refused> {
    let resolved = api.resolve(schema);
    for path in expand {
        expand_path(api, (value, resolved), path, path, stored)?;
    }
    Ok(())
}

/// Where expanded objects come from.
#[derive(Clone, Copy)]
pub(crate) enum Objects<'a> {
    /// The stateless mode: the fixture of the field's resource, also for a field that is `null`
    /// in the answer's own fixture, as Stripe's stripe-mock expands it (a client asking to
    /// expand `customer` gets a customer, though the fixture's PaymentIntent has none).
    Fixtures,
    /// The stateful mode: the stored object an id names, else the fixture; a `null` field is
    /// `null`, as Stripe answers.
    Stored(&'a dyn Fn(&str) -> Option<Value>),
}

/// The kind of payment source a request adds (`card` for `source=tok_visa`, `bank_account` for
/// `external_account=btok_…` or `external_account[object]=bank_account`), so that a union answer
/// is that one.
fn source_kind(params: &Params) -> Option<&'static str> {
    let by_name = |name: &str| match name {
        "card" => Some("card"),
        "bank_account" => Some("bank_account"),
        "source" => Some("source"),
        _ => None,
    };
    ["source", "external_account", "bank_account", "card"]
        .iter()
        .find_map(|param| match params.get(*param)? {
            Node::Text(token) => crate::test_tokens::source_kind(token),
            Node::Map(fields) => match fields.get("object") {
                Some(Node::Text(object)) => by_name(object),
                _ => by_name(param),
            },
            Node::File => None,
        })
}

/// The variant of a union schema whose `object` is `kind`.
fn variant_of<'a>(api: &'a MockApi, schema: &'a Value, kind: &str) -> Option<&'a Value> {
    api.resolve(schema)
        .get("anyOf")?
        .as_array()?
        .iter()
        .find(|v| api.resolve(v).pointer("/properties/object/enum/0") == Some(&json!(kind)))
}

/// A value for `schema`: a fixture, an envelope around one, or (for a schema without either) the
/// least value the schema allows.
fn build(api: &MockApi, schema: &Value, url: &str, deleting: bool) -> Option<Value> {
    if let Some(fixture) = api.fixture_of(schema) {
        return Some(fixture);
    }
    let resolved = api.resolve(schema);
    if let Some(Value::Array(variants)) = resolved.get("anyOf") {
        // A delete answers with the deleted variant; anything else with a live object.
        let is_deleted = |v: &Value| is_deleted(api, v, 0);
        return variants
            .iter()
            .filter(|v| is_deleted(v) == deleting)
            .chain(variants.iter())
            .find_map(|v| build(api, v, url, deleting));
    }
    let object_enum = resolved
        .pointer("/properties/object/enum/0")
        .and_then(Value::as_str);
    if let Some(kind @ ("list" | "search_result")) = object_enum {
        let items = resolved.pointer("/properties/data/items")?;
        let item = build(api, items, url, false)?;
        let mut envelope = json!({
            "object": kind,
            "data": [item],
            "has_more": false,
            "url": url,
        });
        if kind == "search_result" {
            envelope["next_page"] = Value::Null;
            envelope["total_count"] = json!(1);
        }
        return Some(envelope);
    }
    Some(example::least_value(api.schemas(), resolved, 0))
}

/// Whether a schema is a deleted object's, or a union of deleted objects' (a customer's deleted
/// source).
fn is_deleted(api: &MockApi, schema: &Value, depth: usize) -> bool {
    let resolved = api.resolve(schema);
    if resolved.pointer("/properties/deleted").is_some() {
        return true;
    }
    match resolved.get("anyOf") {
        Some(Value::Array(variants)) if depth < 4 => {
            variants.iter().all(|v| is_deleted(api, v, depth + 1))
        }
        _ => false,
    }
}

/// Writes the ids of the path into the answer wherever the fixture has the ids they replace, as
/// stripe-mock does: the object's own id (in its `id`, and in the `url`s and fields that repeat
/// it, a charge's `refunds.url`), and the id of each other object the path names, found in the
/// field named like its parameter, at the top or in a list's items (a fee refund's `fee`, a usage
/// record summary's `subscription_item`). Says whether the answer is the object the path names.
fn path_ids(value: &mut Value, matched: &Matched<'_>) -> (bool, PathIds) {
    let mut ids = PathIds {
        renames: Vec::new(),
        parents: Vec::new(),
    };
    let last = matched.path_params.len().saturating_sub(1);
    let mut named = false;
    for (i, (name, id)) in matched.path_params.iter().enumerate() {
        let old_id = value.get("id").and_then(Value::as_str).map(str::to_string);
        if i == last && substitute_id(value, matched.route, name, id) {
            named = true;
            ids.renames.extend(old_id.map(|old| (old, id.clone())));
        } else if name != "id" {
            ids.renames
                .extend(named_id(value, name).map(|old| (old, id.clone())));
            ids.parents.push((name.clone(), id.clone()));
        }
    }
    ids.apply(value);
    (named, ids)
}

/// The id in the field called `name` of `value`, or of the first item of its `data` list: the
/// field's string, or the `id` of the object it holds (a mandate notification's `source`).
fn named_id(value: &Value, name: &str) -> Option<String> {
    let field = |object: &Value| {
        let field = object.get(name)?;
        (field.get("id").unwrap_or(field).as_str()).map(str::to_string)
    };
    field(value).or_else(|| field(value.pointer("/data/0")?))
}

/// Gives the answer the id of the object the path names, and says whether it did. A path that
/// ends with a parameter names the object (`/v1/customers/{customer}`); an action on an object
/// (`/v1/payment_intents/{intent}/confirm`, `/v1/customers/{customer}/sources/{id}/verify`)
/// names it when the answer is of the collection before the parameter, is named like the
/// parameter, or the parameter is `{id}`; a create under an object
/// (`/v1/customers/{customer}/sources`, `/v1/transfers/{id}/reversals`) names nothing, and nor
/// does an action answering another object (`/v1/charges/{charge}/dispute/close`).
fn substitute_id(value: &mut Value, route: &Route, param: &str, id: &str) -> bool {
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    let kind = object.get("object").and_then(Value::as_str).unwrap_or("");
    let of_collection = route.last_param_collection().is_some_and(|collection| {
        let one = collection.strip_suffix('s').unwrap_or(collection);
        kind == one || kind.rsplit('.').next() == Some(one)
    });
    let action_on_it = route.is_action() && (of_collection || kind == param || param == "id");
    let names =
        (route.ends_with_param() || action_on_it) && kind != "list" && object.contains_key("id");
    if names {
        object.insert("id".into(), Value::String(id.to_string()));
    }
    names
}

/// Replaces the id at the dotted `path` of `value` (described by `schema`) with its object,
/// walking the schema beside the value. `data` walks into every item of a list.
fn expand_path(
    api: &MockApi,
    (value, schema): (&mut Value, &Value),
    path: &str,
    whole: &str,
    stored: Objects<'_>,
) -> Result<(), Refused> {
    let cannot = || {
        Refused::invalid(&format!("This property cannot be expanded ({whole}).")).param("expand")
    };
    let (field, rest) = match path.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (path, None),
    };
    let schema = api.object_schema(schema, value).ok_or_else(cannot)?;
    let field_schema = schema
        .pointer(&format!("/properties/{field}"))
        .ok_or_else(cannot)?;
    let expandable = api
        .resolve(field_schema)
        .get("x-expansionResources")
        .is_some();
    let Some(fields) = value.as_object_mut() else {
        return Err(cannot());
    };
    // A field the answer leaves out (a charge's `transfer`) expands like a `null` one.
    let slot = match (fields.contains_key(field), stored) {
        (true, _) => fields.get_mut(field).expect("the field is there"),
        (false, Objects::Fixtures) if expandable => {
            fields.entry(field.to_string()).or_insert(Value::Null)
        }
        (false, Objects::Stored(_)) if expandable => return Ok(()),
        (false, _) => return Err(cannot()),
    };
    if slot.is_null() {
        match stored {
            Objects::Stored(_) => return Ok(()),
            Objects::Fixtures => *slot = fixture_of(api, field_schema).ok_or_else(cannot)?,
        }
    }
    if let (Some(rest), Value::Array(items)) = (rest, &mut *slot) {
        let items_schema = api.resolve(field_schema).get("items").ok_or_else(cannot)?;
        for item in items {
            expand_path(api, (item, items_schema), rest, whole, stored)?;
        }
        return Ok(());
    }
    if slot.is_string() {
        expand_here(api, slot, field_schema, stored).ok_or_else(cannot)?;
    } else if rest.is_none() && !expandable {
        return Err(cannot());
    }
    match rest {
        Some(rest) => expand_path(api, (slot, field_schema), rest, whole, stored),
        None => Ok(()),
    }
}

/// Replaces an id by the stored object it names or else by the fixture of the field's expansion
/// target, keeping the id.
fn expand_here(
    api: &MockApi,
    slot: &mut Value,
    field_schema: &Value,
    stored: Objects<'_>,
) -> Option<()> {
    let id = slot.as_str()?.to_string();
    if let Objects::Stored(stored) = stored
        && let Some(object) = stored(&id)
    {
        *slot = object;
        return Some(());
    }
    let mut object = fixture_of(api, field_schema)?;
    if let Some(map) = object.as_object_mut() {
        map.insert("id".into(), Value::String(id));
    }
    *slot = object;
    Some(())
}

/// The fixture of the first resource an expandable field can hold.
fn fixture_of(api: &MockApi, field_schema: &Value) -> Option<Value> {
    let targets = api
        .resolve(field_schema)
        .pointer("/x-expansionResources/oneOf")?
        .as_array()?;
    targets.iter().find_map(|t| build(api, t, "", false))
}
