//! The stateful mode's memory: every account's objects, the idempotency keys, and the clock.
//!
//! Each account (`Stripe-Account`, or none for the platform) has objects of its own. A request
//! runs as one [`Change`] of its account: kept as a whole when it succeeds (or when its refusal
//! says so, as a card decline does), undone as a whole otherwise. A committed change hands back
//! the events it asked for; recording and delivering them is [`crate::webhooks`]' job.

use std::collections::HashMap;
use std::sync::Mutex;

mod account;
mod change;
mod idempotency;
mod lists;

pub(crate) use account::Account;
pub(crate) use change::{Change, Reactions, Refusal};
pub(crate) use idempotency::{Idempotency, IdempotencyKeys};
pub(crate) use lists::{page, search};

use crate::clock::Clock;
use crate::error::Refused;
use crate::events::Pending;
use crate::spec::MockApi;
use crate::sync::lock;

/// Every object created so far, by account and id, the idempotency keys, and the clock.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// By account (`""` for the platform).
    accounts: Mutex<HashMap<String, Account>>,
    pub(crate) keys: IdempotencyKeys,
    pub(crate) clock: Clock,
}

/// What a change came to: the flow's result, and the events it asked for (none when it was
/// undone).
pub(crate) struct Committed<T> {
    pub result: Result<T, Refusal>,
    pub events: Vec<Pending>,
    /// The mock's time of the change.
    pub now: i64,
}

impl Store {
    /// Forgets every object and idempotency key.
    pub(crate) fn clear(&self) {
        lock(&self.accounts).clear();
        self.keys.clear();
    }

    /// Runs `flow` on `account`'s objects as one change, with `reactions` to the events it asks
    /// for: kept when it succeeds or when its refusal says so (a decline), undone as a whole
    /// otherwise. A panic in `flow` is a 500 that changes nothing.
    pub(crate) fn change<T>(
        &self,
        api: &MockApi,
        account: &str,
        reactions: Reactions,
        flow: impl FnOnce(&mut Change<'_>) -> Result<T, Refusal>,
    ) -> Committed<T> {
        let now = self.clock.now();
        let mut accounts = lock(&self.accounts);
        let objects = accounts.entry(account.to_string()).or_default();
        objects.begin();
        let mut change = Change {
            api,
            account: objects,
            now,
            pending: Vec::new(),
            reactions,
        };
        // A bug in a flow answers a 500 and leaves the objects as they were, rather than taking
        // the server down with it.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| flow(&mut change)))
            .unwrap_or_else(|_| {
                let failed = "The mock failed on this request; nothing was changed.";
                Err(Refused::internal(failed).into())
            });
        let mut events = std::mem::take(&mut change.pending);
        if result.as_ref().is_err_and(|refusal| !refusal.keep) {
            change.account.roll_back();
            events.clear();
        } else {
            change.account.commit();
        }
        // An account a request only looked into is not kept (any `Stripe-Account` value makes
        // one).
        if accounts.get(account).is_some_and(Account::is_empty) {
            accounts.remove(account);
        }
        Committed {
            result,
            events,
            now,
        }
    }

    /// Runs `read` on `account`'s objects (`None`: it has none).
    pub(crate) fn read<T>(&self, account: &str, read: impl FnOnce(Option<&Account>) -> T) -> T {
        read(lock(&self.accounts).get(account))
    }

    /// Runs `write` on every account's objects, by account.
    pub(crate) fn write_all<T>(&self, write: impl FnOnce(&mut HashMap<String, Account>) -> T) -> T {
        write(&mut lock(&self.accounts))
    }
}
