//! Events and their webhooks, a subscriber to the store's committed changes: each event a change
//! asked for is recorded as Stripe's `Event` in its account (listed by `/v1/events`) and sent to
//! every enabled endpoint that subscribes to its type (see [`delivery`]); a connected account's
//! event also goes to the platform's Connect endpoints. An event's `pending_webhooks` counts the
//! deliveries not yet taken.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};

mod delivery;

pub use delivery::WebhookAttempt;
use delivery::{Delivery, RetryPolicy, Unsettled};

use crate::events::{self, Origin, Pending};
use crate::ids::fresh_id;
use crate::received::MAX_RECEIVED;
use crate::spec::MockApi;
use crate::store::{Account, Store};
use crate::sync::lock;

/// The sending side: deliveries go to a task that sends each on its own.
#[derive(Debug)]
pub(crate) struct Webhooks {
    sender: mpsc::UnboundedSender<Delivery>,
    attempts: Arc<Mutex<VecDeque<WebhookAttempt>>>,
    retry: Arc<Mutex<RetryPolicy>>,
    /// How many deliveries are queued or being attempted.
    unsettled: Arc<watch::Sender<usize>>,
}

impl Webhooks {
    /// Starts the delivery task; it ends when `stopped` changes. A delivery taken counts down its
    /// event's `pending_webhooks` in `store`.
    pub(crate) fn start(store: Arc<Store>, mut stopped: watch::Receiver<bool>) -> Webhooks {
        let (sender, mut receiver) = mpsc::unbounded_channel::<Delivery>();
        let attempts = Arc::new(Mutex::new(VecDeque::new()));
        let retry = Arc::new(Mutex::new(RetryPolicy::default()));
        let log = Arc::clone(&attempts);
        let policy = Arc::clone(&retry);
        tokio::spawn(async move {
            let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
            let mut running = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    delivery = receiver.recv() => {
                        let Some(delivery) = delivery else { break };
                        let policy = *lock(&policy);
                        let store = Arc::clone(&store);
                        let log = Arc::clone(&log);
                        running.spawn(delivery::deliver(
                            client.clone(),
                            delivery,
                            policy,
                            move |taken| count_down(&store, taken),
                            move |attempt| keep_attempt(&log, attempt),
                        ));
                    }
                    _ = stopped.changed() => break,
                }
                while running.try_join_next().is_some() {}
            }
            running.shutdown().await;
        });
        Webhooks {
            sender,
            attempts,
            retry,
            unsettled: Arc::new(watch::channel(0).0),
        }
    }

    /// Records `events` (asked for at `now` by a request from `origin`) in the store and sends
    /// each to the endpoints that take it.
    pub(crate) fn publish(
        &self,
        store: &Store,
        api: &MockApi,
        origin: &Origin,
        events: Vec<Pending>,
        now: i64,
    ) {
        if events.is_empty() {
            return;
        }
        let deliveries = store.write_all(|accounts| {
            let mut deliveries = Vec::new();
            for pending in events {
                deliveries.extend(self.record(api, accounts, pending, now, origin));
            }
            deliveries
        });
        for delivery in deliveries {
            // The task is gone only when the server has stopped: nothing is left to deliver to.
            let _ = self.sender.send(delivery);
        }
    }

    /// Stores the event of `pending` in the account it happened in, and answers its deliveries:
    /// to the account's enabled endpoints that subscribe to its type, and, for a connected
    /// account's event, to the platform's Connect endpoints.
    fn record(
        &self,
        api: &MockApi,
        accounts: &mut HashMap<String, Account>,
        pending: Pending,
        now: i64,
        origin: &Origin,
    ) -> Vec<Delivery> {
        let base = api.fixture("event").unwrap_or_else(|| json!({}));
        let id = fresh_id("evt_");
        let type_ = pending.type_.clone();
        let mut event = events::event(base, id.clone(), pending, now, origin);
        let mut endpoints = endpoints_for(accounts.get(&origin.account), &type_, false);
        if !origin.account.is_empty() {
            endpoints.extend(endpoints_for(accounts.get(""), &type_, true));
        }
        event["pending_webhooks"] = json!(endpoints.len());
        let payload = event.to_string();
        let account = accounts.entry(origin.account.clone()).or_default();
        account.insert("/v1/events", event);
        endpoints
            .into_iter()
            .map(|(endpoint, url, secret)| Delivery {
                endpoint,
                url,
                secret,
                event_id: id.clone(),
                event_type: type_.clone(),
                account: origin.account.clone(),
                payload: payload.clone(),
                _unsettled: Unsettled::new(&self.unsettled),
            })
            .collect()
    }

    /// The attempts so far, oldest first (the last [`MAX_RECEIVED`]).
    pub(crate) fn attempts(&self) -> Vec<WebhookAttempt> {
        lock(&self.attempts).iter().cloned().collect()
    }

    /// Retries deliveries `attempts` times in all (at least 1), the second `first_delay` after
    /// the first, each later one after twice the delay before it.
    pub(crate) fn set_retries(&self, attempts: u32, first_delay: Duration) {
        *lock(&self.retry) = RetryPolicy {
            attempts: attempts.max(1),
            first_delay,
        };
    }

    /// Waits until every delivery of the events recorded so far has been taken or given up.
    pub(crate) async fn settled(&self) {
        let mut unsettled = self.unsettled.subscribe();
        // The sender lives as long as `self`: the wait ends with the count at zero.
        let _ = unsettled.wait_for(|count| *count == 0).await;
    }
}

/// An event's `pending_webhooks`, one fewer for a delivery taken.
fn count_down(store: &Store, taken: &Delivery) {
    store.write_all(|accounts| {
        if let Some(account) = accounts.get_mut(&taken.account) {
            account.edit(&taken.event_id, |event| {
                if let Some(Value::Number(pending)) = event.get_mut("pending_webhooks") {
                    *pending = pending.as_u64().unwrap_or(1).saturating_sub(1).into();
                }
            });
        }
    });
}

/// Adds `attempt` to the log, which keeps the newest [`MAX_RECEIVED`].
fn keep_attempt(log: &Mutex<VecDeque<WebhookAttempt>>, attempt: WebhookAttempt) {
    let mut log = lock(log);
    if log.len() == MAX_RECEIVED {
        log.pop_front();
    }
    log.push_back(attempt);
}

/// The enabled endpoints of `account` that take events of `type_` (only Connect endpoints when
/// `connect`): id, URL and secret.
fn endpoints_for(
    account: Option<&Account>,
    type_: &str,
    connect: bool,
) -> Vec<(String, String, String)> {
    let Some(account) = account else {
        return Vec::new();
    };
    account
        .all_of("webhook_endpoint")
        .into_iter()
        .filter(|endpoint| endpoint["status"] == "enabled")
        .filter(|endpoint| {
            endpoint["enabled_events"]
                .as_array()
                .is_some_and(|types| types.iter().any(|t| t == "*" || t == type_))
        })
        .filter_map(|endpoint| {
            let id = endpoint["id"].as_str()?;
            let is_connect = account.note(id).is_some_and(|n| n["connect"] == true);
            if is_connect != connect {
                return None;
            }
            let url = endpoint["url"].as_str()?.to_string();
            let secret = account.secret(id)?.to_string();
            Some((id.to_string(), url, secret))
        })
        .collect()
}
