//! The objects of one account, kept as compact JSON and indexed by the collection they were
//! created in and by type, in creation order.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

/// The objects of one account.
#[derive(Debug, Default)]
pub(crate) struct Account {
    objects: HashMap<String, Stored>,
    /// Ids by the collection they were created in, by creation order: a list's newest first
    /// without a sort.
    collections: HashMap<String, BTreeMap<u64, String>>,
    /// Ids by `object` type, by creation order.
    kinds: HashMap<String, BTreeMap<u64, String>>,
    /// Creation order, so that lists are newest first.
    created: u64,
    /// Webhook endpoints' secrets (answered only by the create).
    pub(crate) secrets: HashMap<String, String>,
    /// What a flow keeps beside an object by its id (a Checkout Session's line items, whether a
    /// webhook endpoint is for Connect).
    pub(crate) notes: HashMap<String, Value>,
}

/// One object, kept as compact JSON: a fraction of the memory of a parsed value, read back in
/// microseconds.
#[derive(Debug)]
struct Stored {
    /// The path it was created at (`/v1/customers`, `/v1/customers/cus_1/sources`): the list it
    /// belongs to.
    collection: String,
    kind: String,
    order: u64,
    json: Box<str>,
}

impl Stored {
    fn value(&self) -> Value {
        serde_json::from_str(&self.json).expect("the store reads back the JSON it wrote")
    }
}

impl Account {
    /// A copy of a stored object.
    pub(crate) fn get(&self, id: &str) -> Option<Value> {
        self.objects.get(id).map(Stored::value)
    }

    /// Whether an object with this id is stored.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.objects.contains_key(id)
    }

    /// Replaces the stored object that has `value`'s id by `value`.
    pub(crate) fn set(&mut self, value: &Value) {
        let stored = value["id"].as_str().and_then(|id| self.objects.get_mut(id));
        if let Some(stored) = stored {
            stored.json = value.to_string().into_boxed_str();
        }
    }

    /// Edits a stored object; answers it as it was and as it is.
    pub(crate) fn edit(
        &mut self,
        id: &str,
        edit: impl FnOnce(&mut Value),
    ) -> Option<(Value, Value)> {
        let stored = self.objects.get_mut(id)?;
        let before = stored.value();
        let mut after = before.clone();
        edit(&mut after);
        stored.json = after.to_string().into_boxed_str();
        Some((before, after))
    }

    /// Stores `value` (which has an `id`) as the newest object of `collection`.
    pub(crate) fn insert(&mut self, collection: &str, value: Value) {
        let Some(id) = value.get("id").and_then(Value::as_str).map(str::to_string) else {
            return;
        };
        self.remove(&id);
        self.created += 1;
        let order = self.created;
        let kind = value
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.collections
            .entry(collection.to_string())
            .or_default()
            .insert(order, id.clone());
        self.kinds
            .entry(kind.clone())
            .or_default()
            .insert(order, id.clone());
        let stored = Stored {
            collection: collection.to_string(),
            kind,
            order,
            json: value.to_string().into_boxed_str(),
        };
        self.objects.insert(id, stored);
    }

    /// Forgets an object.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Value> {
        let stored = self.objects.remove(id)?;
        if let Some(ids) = self.collections.get_mut(&stored.collection) {
            ids.remove(&stored.order);
        }
        if let Some(ids) = self.kinds.get_mut(&stored.kind) {
            ids.remove(&stored.order);
        }
        self.secrets.remove(id);
        Some(stored.value())
    }

    /// Every stored object of an `object` type, oldest first.
    pub(crate) fn all_of(&self, kind: &str) -> Vec<Value> {
        self.kinds
            .get(kind)
            .into_iter()
            .flat_map(|ids| ids.values())
            .filter_map(|id| self.get(id))
            .collect()
    }

    /// The objects of `collection` created before the one of `order` (all, for `None`), newest
    /// first.
    pub(crate) fn older_than(
        &self,
        collection: &str,
        order: Option<u64>,
    ) -> impl Iterator<Item = Value> {
        let ids = self.collections.get(collection);
        let range = ids
            .into_iter()
            .flat_map(move |ids| ids.range(..order.unwrap_or(u64::MAX)).rev());
        range.filter_map(|(_, id)| self.get(id))
    }

    /// The objects of `collection` created after the one of `order`, oldest first.
    pub(crate) fn newer_than(&self, collection: &str, order: u64) -> impl Iterator<Item = Value> {
        let ids = self.collections.get(collection);
        let range = ids.into_iter().flat_map(move |ids| ids.range(order + 1..));
        range.filter_map(|(_, id)| self.get(id))
    }

    /// The creation order of the object `id` of `collection`.
    pub(crate) fn order_in(&self, collection: &str, id: &str) -> Option<u64> {
        self.objects
            .get(id)
            .filter(|s| s.collection == collection)
            .map(|s| s.order)
    }
}
