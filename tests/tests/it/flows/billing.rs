//! Subscriptions and invoices: a signup pays its first invoice, an incomplete subscription
//! becomes active when its payment succeeds, an invoice goes from draft to paid or void.

use std::time::Duration;

use stripekit::{ConfirmPaymentIntent, CreateCustomer, EventType, SendRequest};

use super::{endpoint, monthly_price, verified};
use crate::common::receiver::Receiver;
use crate::common::stateful;

#[tokio::test]
async fn a_subscription_signup_pays_its_first_invoice_and_cancels() {
    let (server, client) = stateful().await;
    server.set_time(1_706_659_200); // 2024-01-31 00:00:00 UTC
    let receiver = Receiver::start().await;
    let secret = endpoint(&client, &receiver, vec![EventType::All]).await;
    let price = monthly_price(&client, 1500).await;
    let setup = stripekit::CreateSetupIntent::new()
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(setup.status.as_str(), "succeeded");
    let card = setup
        .payment_method
        .as_ref()
        .map(|m| m.id().to_string())
        .unwrap();
    let customer = CreateCustomer::new()
        .email("subscriber@example.com")
        .send(&client)
        .await
        .unwrap();

    let subscription = stripekit::CreateSubscription::new(&customer.id)
        .items(vec![
            stripekit::CreateSubscriptionItems::new()
                .price(&price)
                .quantity(2),
        ])
        .default_payment_method(&card)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(subscription.status.as_str(), "active");
    assert_eq!(subscription.created, stripekit::Timestamp(1_706_659_200));
    assert_eq!(
        subscription.current_period_end,
        stripekit::Timestamp(1_709_164_800),
        "2024-02-29"
    );
    assert_eq!(subscription.items.data.len(), 1);
    let invoice_id = subscription
        .latest_invoice
        .as_ref()
        .map(|i| i.id().to_string())
        .unwrap();
    let invoice = stripekit::RetrieveInvoice::new(&invoice_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(invoice.status.as_ref().map(|s| s.as_str()), Some("paid"));
    assert_eq!((invoice.amount_due, invoice.amount_paid), (3000, 3000));

    server.advance_time(Duration::from_secs(3 * 86_400));
    let canceled = stripekit::DeleteSubscription::new(&subscription.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(canceled.status.as_str(), "canceled");
    assert_eq!(
        canceled.canceled_at,
        Some(stripekit::Timestamp(1_706_659_200 + 3 * 86_400))
    );

    let events = verified(&receiver.wait_for(12).await, &secret);
    let mut types: Vec<String> = events.iter().map(|e| e.type_.to_string()).collect();
    types.sort();
    for expected in [
        "customer.subscription.created",
        "customer.subscription.deleted",
        "invoice.created",
        "invoice.finalized",
        "invoice.paid",
        "invoice.payment_succeeded",
        "payment_intent.succeeded",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} in {types:?}"
        );
    }
    assert!(
        events
            .iter()
            .all(|e| e.created >= stripekit::Timestamp(1_706_659_200))
    );
}

#[tokio::test]
async fn an_incomplete_subscription_becomes_active_when_its_payment_intent_succeeds() {
    let (_server, client) = stateful().await;
    let price = monthly_price(&client, 900).await;
    let customer = CreateCustomer::new().send(&client).await.unwrap();
    let subscription = stripekit::CreateSubscription::new(&customer.id)
        .items(vec![
            stripekit::CreateSubscriptionItems::new().price(&price),
        ])
        .payment_behavior(stripekit::CreateSubscriptionPaymentBehavior::DefaultIncomplete)
        .expand(["latest_invoice.payment_intent"])
        .send(&client)
        .await
        .unwrap();
    assert_eq!(subscription.status.as_str(), "incomplete");
    let latest_invoice = subscription.latest_invoice.as_ref().expect("an invoice");
    let invoice = latest_invoice
        .object()
        .unwrap()
        .expect("the expanded invoice");
    assert_eq!(invoice.status.as_ref().map(|s| s.as_str()), Some("open"));
    let payment_intent = invoice.payment_intent.as_ref().expect("a payment intent");
    let intent = payment_intent
        .object()
        .unwrap()
        .expect("the expanded payment intent");
    assert_eq!(intent.status.as_str(), "requires_payment_method");
    assert_eq!(intent.amount, 900);

    ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_visa")
        .send(&client)
        .await
        .unwrap();
    let after = stripekit::RetrieveSubscription::new(&subscription.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(after.status.as_str(), "active");
    let invoice = stripekit::RetrieveInvoice::new(invoice.id.clone().unwrap())
        .send(&client)
        .await
        .unwrap();
    assert!(invoice.paid);
}

#[tokio::test]
async fn an_invoice_goes_from_draft_to_paid_and_a_void_one_stays_void() {
    let (_server, client) = stateful().await;
    let customer = CreateCustomer::new().send(&client).await.unwrap();
    for amount in [700, 300] {
        stripekit::CreateInvoiceitem::new(&customer.id)
            .amount(amount)
            .currency("usd")
            .send(&client)
            .await
            .unwrap();
    }
    let draft = stripekit::CreateInvoice::new()
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(draft.status.as_ref().map(|s| s.as_str()), Some("draft"));
    let draft_id = draft.id.clone().unwrap();
    assert_eq!(draft.amount_due, 1000);
    assert_eq!(draft.lines.data.len(), 2);
    let open = stripekit::FinalizeInvoice::new(&draft_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(open.status.as_ref().map(|s| s.as_str()), Some("open"));
    let again = stripekit::FinalizeInvoice::new(&draft_id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(again.as_api().map(|e| e.status), Some(400));
    let paid = stripekit::PayInvoice::new(&draft_id)
        .payment_method("pm_card_visa")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(paid.status.as_ref().map(|s| s.as_str()), Some("paid"));
    assert_eq!((paid.amount_paid, paid.amount_remaining), (1000, 0));
    let void = stripekit::VoidInvoice::new(&draft_id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(void.as_api().map(|e| e.status), Some(400));

    let other = stripekit::CreateInvoice::new()
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(other.amount_due, 0, "the items are on the first invoice");
    let other_id = other.id.clone().unwrap();
    stripekit::FinalizeInvoice::new(&other_id)
        .send(&client)
        .await
        .unwrap();
    let voided = stripekit::VoidInvoice::new(&other_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(voided.status.as_ref().map(|s| s.as_str()), Some("void"));
}
