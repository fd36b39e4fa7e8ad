//! The stateful mode's state: the store, and the webhooks of the events its changes record.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::watch;

use crate::error::Refused;
use crate::events::Origin;
use crate::flows;
use crate::spec::MockApi;
use crate::store::{Change, Refusal, Store};
use crate::webhooks::Webhooks;

/// The stateful mode's store and the webhooks of its events.
#[derive(Debug)]
pub(crate) struct Stateful {
    pub store: Arc<Store>,
    pub webhooks: Webhooks,
}

impl Stateful {
    /// An empty store whose webhook deliveries stop when `stopped` changes.
    pub(crate) fn start(stopped: watch::Receiver<bool>) -> Stateful {
        let store = Arc::new(Store::default());
        let webhooks = Webhooks::start(Arc::clone(&store), stopped);
        Stateful { store, webhooks }
    }

    /// Runs `flow` as one change of `origin`'s account, with the flows' reactions, and sends
    /// the events it recorded to the webhooks.
    pub(crate) fn run<T>(
        &self,
        api: &MockApi,
        origin: &Origin,
        flow: impl FnOnce(&mut Change<'_>) -> Result<T, Refusal>,
    ) -> Result<T, Refusal> {
        let committed = self.store.change(api, &origin.account, flows::react, flow);
        (self.webhooks).publish(&self.store, api, origin, committed.events, committed.now);
        committed.result
    }

    /// Completes the open Checkout Session `id` of `origin`'s account as a customer paying with
    /// `pm_card_visa` would, and answers it.
    pub(crate) fn complete_checkout_session(
        &self,
        api: &MockApi,
        origin: &Origin,
        id: &str,
    ) -> Result<Value, Refused> {
        self.run(api, origin, |change| {
            flows::complete_checkout_session(change, id)
        })
        .map_err(|refusal| refusal.refused)
    }
}
