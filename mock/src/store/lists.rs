//! Lists and searches of the stored objects: a page of a collection, newest first, filtered by
//! the parameters that name a field; and the objects a search query matches.

use serde_json::{Value, json};

use super::account::Account;
use crate::error::Refused;
use crate::form::{Node, Params, text};
use crate::search;

/// A page of the objects created at `path`, newest first (`limit`, `starting_after`,
/// `ending_before`, `has_more`), in the list envelope `answer`. A list under a parent that
/// nothing was created at (`/v1/customers/{customer}/payment_methods`) lists the objects of its
/// type that name the parent (`customer`).
pub(crate) fn page(
    account: Option<&Account>,
    path: &str,
    parent: Option<(&str, &str)>,
    params: &Params,
    mut answer: Value,
) -> Value {
    let limit = page_size(params);
    let Some(account) = account else {
        answer["data"] = json!([]);
        answer["has_more"] = Value::Bool(false);
        return answer;
    };
    if let Some((field, id)) = parent.filter(|_| !account.has_collection(path)) {
        let kind = answer
            .pointer("/data/0/object")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let children = account
            .newest_of(&kind)
            .filter(|object| crate::json::id_of(object, field).as_deref() == Some(id));
        return by_cursor(children.collect(), params, limit, answer);
    }
    let passes = |value: &Value| {
        params
            .iter()
            .all(|(name, filter)| matches_filter(value, name, filter))
    };
    let mut page: Vec<Value> = match (
        text(params, "starting_after"),
        text(params, "ending_before"),
    ) {
        // An id that is not in the list gives an empty page.
        (Some(after), _) => match account.order_in(path, after) {
            Some(order) => account
                .older_than(path, Some(order))
                .filter(passes)
                .take(limit + 1)
                .collect(),
            None => Vec::new(),
        },
        (None, Some(before)) => match account.order_in(path, before) {
            Some(order) => {
                let mut newer: Vec<Value> = account
                    .newer_than(path, order)
                    .filter(passes)
                    .take(limit + 1)
                    .collect();
                let has_more = newer.len() > limit;
                newer.truncate(limit);
                newer.reverse();
                answer["data"] = Value::Array(newer);
                answer["has_more"] = Value::Bool(has_more);
                return answer;
            }
            None => Vec::new(),
        },
        (None, None) => account
            .older_than(path, None)
            .filter(passes)
            .take(limit + 1)
            .collect(),
    };
    let has_more = page.len() > limit;
    page.truncate(limit);
    answer["data"] = Value::Array(page);
    answer["has_more"] = Value::Bool(has_more);
    answer
}

/// The objects of `collection` that the `query` parameter matches, newest first, a page at a
/// time (`limit`, `page`), in the search envelope `answer`; a 400 for a query or a page the mock
/// cannot read.
pub(crate) fn search(
    account: Option<&Account>,
    collection: &str,
    params: &Params,
    mut answer: Value,
) -> Result<Value, Refused> {
    let query = search::Query::parse(text(params, "query").unwrap_or(""))
        .map_err(|message| Refused::invalid(&message).param("query"))?;
    let start = match text(params, "page").map(search::page_offset) {
        None => 0,
        Some(Some(start)) => start,
        Some(None) => {
            let message = "Invalid page: it is not a `next_page` of this search.";
            return Err(Refused::invalid(message).param("page"));
        }
    };
    let limit = page_size(params);
    let found: Vec<Value> = account
        .into_iter()
        .flat_map(|account| account.older_than(collection, None))
        .filter(|value| query.matches(value))
        .collect();
    let rest = found.get(start..).unwrap_or_default();
    let page = &rest[..rest.len().min(limit)];
    let has_more = rest.len() > limit;
    answer["data"] = Value::Array(page.to_vec());
    answer["has_more"] = Value::Bool(has_more);
    answer["next_page"] = if has_more {
        Value::String(search::page_token(start + limit))
    } else {
        Value::Null
    };
    if answer.get("total_count").is_some() {
        answer["total_count"] = json!(found.len());
    }
    Ok(answer)
}

/// The `limit` of a list or search: 10 unless given, at most 100.
fn page_size(params: &Params) -> usize {
    text(params, "limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(1, 100)
}

/// Whether a stored object passes a list parameter used as a filter: a value equal to the
/// object's field (an expanded object by its id), a range (`created[gte]=…`), or for events a
/// list of types (`types[]`). Parameters that are no field of the object (`limit`, `expand`),
/// and `status=all`, filter nothing.
fn matches_filter(object: &Value, name: &str, filter: &Node) -> bool {
    if matches!(
        name,
        "limit" | "starting_after" | "ending_before" | "expand"
    ) {
        return true;
    }
    if let ("types", Node::Map(types), Some(type_)) = (name, filter, object.get("type")) {
        return types
            .values()
            .any(|t| matches!(t, Node::Text(t) if t == type_));
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

/// A page of `items` (newest first) after `starting_after` or before `ending_before`.
fn by_cursor(items: Vec<Value>, params: &Params, limit: usize, mut answer: Value) -> Value {
    let items: Vec<Value> = items
        .into_iter()
        .filter(|value| {
            params
                .iter()
                .all(|(name, filter)| matches_filter(value, name, filter))
        })
        .collect();
    let position = |id: &str| items.iter().position(|v| v["id"] == id);
    let (start, end) = match (
        text(params, "starting_after"),
        text(params, "ending_before"),
    ) {
        (Some(after), _) => {
            let start = position(after).map_or(items.len(), |i| i + 1);
            (start, (start + limit).min(items.len()))
        }
        (None, Some(before)) => {
            let end = position(before).unwrap_or(0);
            (end.saturating_sub(limit), end)
        }
        (None, None) => (0, limit.min(items.len())),
    };
    let has_more = if text(params, "ending_before").is_some() {
        start > 0
    } else {
        end < items.len()
    };
    answer["data"] = Value::Array(items[start..end].to_vec());
    answer["has_more"] = Value::Bool(has_more);
    answer
}
