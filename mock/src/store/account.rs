//! The objects of one account, kept as compact JSON and indexed by the collection they were
//! created in and by type, in creation order. A request's changes can be undone as a whole
//! ([`Account::begin`], [`Account::roll_back`]), so that a refused request changes nothing.

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
    secrets: HashMap<String, String>,
    /// What a flow keeps beside an object by its id (a Checkout Session's line items, whether a
    /// webhook endpoint is for Connect).
    notes: HashMap<String, Value>,
    /// The numbers given to finalized invoices so far.
    invoice_numbers: u64,
    /// What the request being run has changed, to undo it.
    journal: Option<Journal>,
}

/// The state before a request's changes: each object, secret and note as it was before its
/// first change (`None`: it did not exist), and the counters.
#[derive(Debug, Default)]
struct Journal {
    objects: Vec<(String, Option<Stored>)>,
    secrets: Vec<(String, Option<String>)>,
    notes: Vec<(String, Option<Value>)>,
    created: u64,
    invoice_numbers: u64,
}

/// One object, kept as compact JSON: a fraction of the memory of a parsed value, read back in
/// microseconds.
#[derive(Debug, Clone)]
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

    /// A copy of a stored object of an `object` type (`customer`): `None` for an id of another
    /// type.
    pub(crate) fn get_of(&self, kind: &str, id: &str) -> Option<Value> {
        self.objects
            .get(id)
            .filter(|s| s.kind == kind)
            .map(Stored::value)
    }

    /// The `object` type of a stored object.
    pub(crate) fn kind_of(&self, id: &str) -> Option<&str> {
        self.objects.get(id).map(|s| s.kind.as_str())
    }

    /// Replaces the stored object that has `value`'s id by `value`.
    pub(crate) fn set(&mut self, value: &Value) {
        let Some(id) = value["id"].as_str() else {
            return;
        };
        if self.objects.contains_key(id) {
            self.remember(id);
        }
        if let Some(stored) = self.objects.get_mut(id) {
            stored.json = value.to_string().into_boxed_str();
        }
    }

    /// Edits a stored object; answers it as it was and as it is.
    pub(crate) fn edit(
        &mut self,
        id: &str,
        edit: impl FnOnce(&mut Value),
    ) -> Option<(Value, Value)> {
        let before = self.get(id)?;
        self.remember(id);
        let mut after = before.clone();
        edit(&mut after);
        let stored = self.objects.get_mut(id)?;
        stored.json = after.to_string().into_boxed_str();
        Some((before, after))
    }

    /// Stores `value` (which has an `id`) as the newest object of `collection`.
    pub(crate) fn insert(&mut self, collection: &str, value: Value) {
        let Some(id) = value.get("id").and_then(Value::as_str).map(str::to_string) else {
            return;
        };
        self.remember(&id);
        self.unindex(&id);
        self.created += 1;
        let kind = value
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.index(
            id,
            Stored {
                collection: collection.to_string(),
                kind,
                order: self.created,
                json: value.to_string().into_boxed_str(),
            },
        );
    }

    /// Forgets an object, its secret and its note.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Value> {
        self.remember(id);
        let stored = self.unindex(id)?;
        self.set_secret(id, None);
        if let Some(journal) = &mut self.journal {
            journal
                .notes
                .push((id.to_string(), self.notes.get(id).cloned()));
        }
        self.notes.remove(id);
        Some(stored.value())
    }

    /// Whether nothing was ever stored in the account.
    pub(crate) fn is_empty(&self) -> bool {
        self.created == 0
            && self.invoice_numbers == 0
            && self.secrets.is_empty()
            && self.notes.is_empty()
    }

    /// A webhook endpoint's secret.
    pub(crate) fn secret(&self, id: &str) -> Option<&str> {
        self.secrets.get(id).map(String::as_str)
    }

    /// Sets (or, with `None`, forgets) a webhook endpoint's secret.
    pub(crate) fn set_secret(&mut self, id: &str, secret: Option<String>) {
        if let Some(journal) = &mut self.journal {
            journal
                .secrets
                .push((id.to_string(), self.secrets.get(id).cloned()));
        }
        match secret {
            Some(secret) => self.secrets.insert(id.to_string(), secret),
            None => self.secrets.remove(id),
        };
    }

    /// What a flow noted beside the object `id`.
    pub(crate) fn note(&self, id: &str) -> Option<&Value> {
        self.notes.get(id)
    }

    /// Notes `value` beside the object `id`.
    pub(crate) fn set_note(&mut self, id: &str, value: Value) {
        if let Some(journal) = &mut self.journal {
            journal
                .notes
                .push((id.to_string(), self.notes.get(id).cloned()));
        }
        self.notes.insert(id.to_string(), value);
    }

    /// The next invoice number (`MOCK-0001`): numbers are never given twice.
    pub(crate) fn next_invoice_number(&mut self) -> String {
        self.invoice_numbers += 1;
        format!("MOCK-{:04}", self.invoice_numbers)
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

    /// Every stored object of an `object` type, newest first.
    pub(crate) fn newest_of(&self, kind: &str) -> impl Iterator<Item = Value> {
        self.kinds
            .get(kind)
            .into_iter()
            .flat_map(|ids| ids.values().rev())
            .filter_map(|id| self.get(id))
    }

    /// Whether any object was created in `collection`.
    pub(crate) fn has_collection(&self, collection: &str) -> bool {
        self.collections
            .get(collection)
            .is_some_and(|ids| !ids.is_empty())
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

    /// Starts keeping what changes, so that [`Account::roll_back`] can undo it.
    pub(crate) fn begin(&mut self) {
        self.journal = Some(Journal {
            created: self.created,
            invoice_numbers: self.invoice_numbers,
            ..Journal::default()
        });
    }

    /// Keeps the changes since [`Account::begin`].
    pub(crate) fn commit(&mut self) {
        self.journal = None;
    }

    /// Undoes every change since [`Account::begin`].
    pub(crate) fn roll_back(&mut self) {
        let Some(journal) = self.journal.take() else {
            return;
        };
        for (id, before) in journal.objects.into_iter().rev() {
            self.unindex(&id);
            if let Some(stored) = before {
                self.index(id, stored);
            }
        }
        for (id, before) in journal.secrets.into_iter().rev() {
            match before {
                Some(secret) => self.secrets.insert(id, secret),
                None => self.secrets.remove(&id),
            };
        }
        for (id, before) in journal.notes.into_iter().rev() {
            match before {
                Some(note) => self.notes.insert(id, note),
                None => self.notes.remove(&id),
            };
        }
        self.created = journal.created;
        self.invoice_numbers = journal.invoice_numbers;
    }

    /// Keeps the object `id` as it is now in the journal, if one is open.
    fn remember(&mut self, id: &str) {
        if let Some(journal) = &mut self.journal {
            journal
                .objects
                .push((id.to_string(), self.objects.get(id).cloned()));
        }
    }

    fn index(&mut self, id: String, stored: Stored) {
        self.collections
            .entry(stored.collection.clone())
            .or_default()
            .insert(stored.order, id.clone());
        self.kinds
            .entry(stored.kind.clone())
            .or_default()
            .insert(stored.order, id.clone());
        self.objects.insert(id, stored);
    }

    fn unindex(&mut self, id: &str) -> Option<Stored> {
        let stored = self.objects.remove(id)?;
        if let Some(ids) = self.collections.get_mut(&stored.collection) {
            ids.remove(&stored.order);
        }
        if let Some(ids) = self.kinds.get_mut(&stored.kind) {
            ids.remove(&stored.order);
        }
        Some(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_roll_back_undoes_creates_edits_removals_secrets_and_notes() {
        let mut account = Account::default();
        account.insert(
            "/v1/customers",
            json!({"id": "cus_1", "object": "customer"}),
        );
        account.set_secret("we_1", Some("whsec_1".into()));
        account.begin();
        account.insert(
            "/v1/customers",
            json!({"id": "cus_2", "object": "customer"}),
        );
        account.edit("cus_1", |c| c["email"] = json!("x@example.com"));
        account.set(&json!({"id": "cus_2", "object": "customer", "name": "Two"}));
        account.remove("cus_1");
        account.set_secret("we_1", None);
        account.set_note("cus_2", json!({"k": 1}));
        let number = account.next_invoice_number();
        account.roll_back();

        assert_eq!(
            account.get("cus_1"),
            Some(json!({"id": "cus_1", "object": "customer"}))
        );
        assert_eq!(account.get("cus_2"), None);
        assert_eq!(account.secret("we_1"), Some("whsec_1"));
        assert_eq!(account.note("cus_2"), None);
        assert_eq!(account.all_of("customer").len(), 1);
        assert_eq!(account.older_than("/v1/customers", None).count(), 1);
        assert_eq!(
            account.next_invoice_number(),
            number,
            "the number is given again"
        );

        account.begin();
        account.insert(
            "/v1/customers",
            json!({"id": "cus_3", "object": "customer"}),
        );
        account.commit();
        account.roll_back();
        assert!(account.get("cus_3").is_some(), "a committed change stays");
    }
}
