//! Events and their webhooks: retried deliveries, Connect endpoints, and what an update or a
//! delete records.

use std::time::Duration;

use stripekit::{
    CreateCustomer, CreateWebhookEndpoint, EventType, ListEvents, Resource, SendRequest,
};

use super::{endpoint, verified};
use crate::common::receiver::Receiver;
use crate::common::stateful;

#[tokio::test]
async fn a_failed_delivery_is_retried_and_an_old_idempotency_key_is_forgotten() {
    let (server, client) = stateful().await;
    server.set_webhook_retries(3, Duration::from_millis(50));
    let receiver = Receiver::start().await;
    receiver.answer_with(&[500, 503]);
    let secret = endpoint(&client, &receiver, vec![EventType::CustomerCreated]).await;
    let options = stripekit::RequestOptions::new().idempotency_key("signup-1");
    let first = CreateCustomer::new()
        .send_with(&client, &options)
        .await
        .unwrap();

    let received = receiver.wait_for(3).await;
    let events = verified(&received, &secret);
    assert!(
        events.iter().all(|e| e.id == events[0].id),
        "one event, three attempts"
    );
    server.webhooks_settled().await;
    let statuses: Vec<Option<u16>> = server.webhook_attempts().iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(503), Some(200)]);
    let event = stripekit::RetrieveEvent::new(&events[0].id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(event.pending_webhooks, 0, "delivered in the end");

    // Within 24 hours of the mock's clock the key replays; after, it is a new request.
    server.advance_time(Duration::from_secs(23 * 3_600));
    let replayed = CreateCustomer::new()
        .send_with(&client, &options)
        .await
        .unwrap();
    assert_eq!(replayed.id, first.id);
    server.advance_time(Duration::from_secs(2 * 3_600));
    let fresh = CreateCustomer::new()
        .send_with(&client, &options)
        .await
        .unwrap();
    assert_ne!(fresh.id, first.id);
}

#[tokio::test]
async fn a_connected_accounts_events_reach_the_platforms_connect_endpoint() {
    let (server, client) = stateful().await;
    let receiver = Receiver::start().await;
    let created =
        CreateWebhookEndpoint::new(vec![EventType::CustomerCreated], receiver.url.clone())
            .connect(true)
            .send(&client)
            .await
            .unwrap();
    let secret = created.secret.unwrap();
    let connected = stripekit::RequestOptions::new().stripe_account("acct_1Connected");
    CreateCustomer::new()
        .send_with(&client, &connected)
        .await
        .unwrap();
    let events = verified(&receiver.wait_for(1).await, &secret);
    assert_eq!(events[0].account.as_deref(), Some("acct_1Connected"));
    // The platform's own events do not go to a Connect endpoint.
    CreateCustomer::new().send(&client).await.unwrap();
    server.webhooks_settled().await;
    assert_eq!(receiver.received().len(), 1);
}

#[tokio::test]
async fn an_update_records_what_it_changed_and_a_delete_is_an_event_too() {
    let (_server, client) = stateful().await;
    let customer = CreateCustomer::new()
        .email("old@example.com")
        .metadata([("tier", "silver")])
        .send(&client)
        .await
        .unwrap();
    stripekit::UpdateCustomer::new(&customer.id)
        .email("new@example.com")
        .metadata([("tier", "gold")])
        .send(&client)
        .await
        .unwrap();
    let updated = ListEvents::new()
        .type_("customer.updated")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(updated.data.len(), 1);
    assert_eq!(
        updated.data[0].data.previous_attributes,
        Some(serde_json::json!({
            "email": "old@example.com",
            "metadata": {"tier": "silver"},
        }))
    );
    let Resource::Customer(now) = &updated.data[0].data.object else {
        panic!("a customer");
    };
    assert_eq!(now.email.as_deref(), Some("new@example.com"));

    stripekit::DeleteCustomer::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let types: Vec<String> = ListEvents::new()
        .send(&client)
        .await
        .unwrap()
        .data
        .iter()
        .map(|e| e.type_.to_string())
        .collect();
    assert_eq!(
        types,
        ["customer.deleted", "customer.updated", "customer.created"]
    );
}
