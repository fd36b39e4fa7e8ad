//! What Stripe refuses changes nothing, and the edges of the state machines follow Stripe.

use std::time::Duration;

use stripekit::{
    ConfirmPaymentIntent, CreateCustomer, CreatePaymentIntent, CreateWebhookEndpoint, EventType,
    ListEvents, RetrievePaymentIntent, SendRequest,
};

use super::{declined_intent, monthly_price, one_time_price};
use crate::common::receiver::Receiver;
use crate::common::stateful;

#[tokio::test]
async fn what_stripe_refuses_changes_nothing_and_records_nothing() {
    let (server, client) = stateful().await;
    let customer = CreateCustomer::new().send(&client).await.unwrap();
    let price = monthly_price(&client, 1200).await;
    let events_before = ListEvents::new()
        .limit(100)
        .send(&client)
        .await
        .unwrap()
        .data
        .len();

    // Paying a draft invoice without a payment method: a 400, and the draft is still a draft.
    stripekit::CreateInvoiceitem::new(&customer.id)
        .amount(500)
        .currency("usd")
        .send(&client)
        .await
        .unwrap();
    let draft = stripekit::CreateInvoice::new()
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let draft_id = draft.id.clone().unwrap();
    let events_with_draft = ListEvents::new()
        .limit(100)
        .send(&client)
        .await
        .unwrap()
        .data
        .len();
    assert!(events_with_draft > events_before);
    for method in [None, Some("pm_bogus")] {
        let mut pay = stripekit::PayInvoice::new(&draft_id);
        if let Some(method) = method {
            pay = pay.payment_method(method);
        }
        let error = pay.send(&client).await.unwrap_err();
        assert_eq!(error.as_api().map(|e| e.status), Some(400), "{error}");
    }
    let still = stripekit::RetrieveInvoice::new(&draft_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(still.status.as_ref().map(|s| s.as_str()), Some("draft"));
    assert!(still.payment_intent.is_none() && still.number.is_none());
    let events_after = ListEvents::new()
        .limit(100)
        .send(&client)
        .await
        .unwrap()
        .data
        .len();
    assert_eq!(
        events_after, events_with_draft,
        "a refused request records no event"
    );
    assert!(
        stripekit::ListPaymentIntents::new()
            .send(&client)
            .await
            .unwrap()
            .data
            .is_empty()
    );

    // A trial too long for Stripe, and a quantity too large to add up: refused or saturated,
    // and the server goes on answering.
    let error = stripekit::CreateSubscription::new(&customer.id)
        .items(vec![
            stripekit::CreateSubscriptionItems::new().price(&price),
        ])
        .trial_period_days(200_000_000_000_000_i64)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().and_then(|e| e.param()),
        Some("trial_period_days")
    );
    stripekit::CreateInvoiceitem::new(&customer.id)
        .price(&price)
        .quantity(i64::MAX)
        .send(&client)
        .await
        .unwrap();
    assert!(
        stripekit::ListSubscriptions::new()
            .send(&client)
            .await
            .unwrap()
            .data
            .is_empty()
    );

    // A Checkout Session whose subscription cannot start creates no customer.
    let one_time = one_time_price(&client, "Mug", 900).await;
    let session = stripekit::CreateCheckoutSession::new("https://example.com/done")
        .mode(stripekit::CheckoutSessionMode::Subscription)
        .customer_email("new@example.com")
        .line_items(vec![
            stripekit::CreateCheckoutSessionLineItems::new().price(&one_time),
        ])
        .send(&client)
        .await
        .unwrap();
    let customers = stripekit::ListCustomers::new()
        .send(&client)
        .await
        .unwrap()
        .data
        .len();
    let refused = server
        .complete_checkout_session(None, &session.id)
        .unwrap_err();
    assert_eq!(refused.status, 400, "{refused}");
    assert_eq!(
        stripekit::ListCustomers::new()
            .send(&client)
            .await
            .unwrap()
            .data
            .len(),
        customers
    );

    // A reference that does not exist does not use up the idempotency key.
    let keyed = stripekit::RequestOptions::new().idempotency_key("intent-for-gone");
    let error = CreatePaymentIntent::new(100, "usd")
        .customer("cus_gone")
        .send_with(&client, &keyed)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(400));
    CreatePaymentIntent::new(100, "usd")
        .customer("cus_gone")
        .send_with(&client, &keyed)
        .await
        .unwrap_err();
    let error = CreatePaymentIntent::new(100, "usd")
        .customer(&customer.id)
        .send_with(&client, &keyed)
        .await;
    assert!(error.is_ok(), "the key is still free: {error:?}");

    // Nor does a nested one.
    let keyed = stripekit::RequestOptions::new().idempotency_key("subscription-1");
    let error = stripekit::CreateSubscription::new(&customer.id)
        .items(vec![
            stripekit::CreateSubscriptionItems::new().price("price_gone"),
        ])
        .send_with(&client, &keyed)
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().and_then(|e| e.param()),
        Some("items[0][price]")
    );
    let retried = stripekit::CreateSubscription::new(&customer.id)
        .items(vec![
            stripekit::CreateSubscriptionItems::new().price(&price),
        ])
        .trial_period_days(7)
        .send_with(&client, &keyed)
        .await;
    assert!(retried.is_ok(), "the key is still free: {retried:?}");

    // More than four levels of expansion, as at Stripe.
    let error = client
        .raw_request(stripekit::Method::Get, "/v1/subscriptions")
        .params(&serde_json::json!({
            "expand": ["data.latest_invoice.subscription.latest_invoice.subscription"]
        }))
        .send_json()
        .await
        .unwrap_err();
    assert_eq!(error.as_api().and_then(|e| e.param()), Some("expand"));

    // A failed charge has nothing to refund.
    let failed = declined_intent(&client, 300).await;
    let failed = RetrievePaymentIntent::new(&failed)
        .send(&client)
        .await
        .unwrap();
    let charge = failed
        .latest_charge
        .as_ref()
        .map(|c| c.id().to_string())
        .unwrap();
    let error = stripekit::CreateRefund::new()
        .charge(&charge)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().and_then(|e| e.code()),
        Some(&stripekit::ErrorCode::ChargeNotRefundable)
    );

    // A path with a trailing slash is the same collection.
    let slashed: serde_json::Value = client
        .raw_request(stripekit::Method::Post, "/v1/customers/")
        .send_json()
        .await
        .unwrap();
    let listed = stripekit::ListCustomers::new().send(&client).await.unwrap();
    assert!(
        listed
            .data
            .iter()
            .any(|c| c.id == slashed["id"].as_str().unwrap())
    );

    // An id of another type is no customer.
    let intent = CreatePaymentIntent::new(100, "usd")
        .send(&client)
        .await
        .unwrap();
    let error = stripekit::RetrieveCustomer::new(intent.id.as_str())
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    let error = stripekit::DeleteCustomer::new(intent.id.as_str())
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    RetrievePaymentIntent::new(&intent.id)
        .send(&client)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_edges_of_the_state_machines_follow_stripe() {
    let (server, client) = stateful().await;
    let customer = CreateCustomer::new().send(&client).await.unwrap();

    // After a decline the intent has no payment method: confirming again needs one.
    let intent = declined_intent(&client, 700).await;
    let again = ConfirmPaymentIntent::new(&intent)
        .send(&client)
        .await
        .unwrap_err();
    let api = again.as_api().unwrap();
    assert_eq!((api.status, api.param()), (400, Some("payment_method")));

    // What a partial capture released is not refundable; what it captured is.
    let held = CreatePaymentIntent::new(5000, "usd")
        .capture_method(stripekit::PaymentIntentCaptureMethod::Manual)
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    stripekit::CapturePaymentIntent::new(&held.id)
        .amount_to_capture(3000)
        .send(&client)
        .await
        .unwrap();
    let refund = stripekit::CreateRefund::new()
        .payment_intent(&held.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(refund.amount, 3000);

    // A declined SetupIntent attaches nothing; a succeeded one attaches its card.
    let declined = stripekit::CreateSetupIntent::new()
        .customer(&customer.id)
        .payment_method("pm_card_chargeDeclined")
        .confirm(true)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(declined.as_api().map(|e| e.status), Some(402));
    let methods = stripekit::ListCustomerPaymentMethods::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert!(methods.data.is_empty(), "{:?}", methods.data);
    let setup = stripekit::CreateSetupIntent::new()
        .customer(&customer.id)
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    let card = setup
        .payment_method
        .as_ref()
        .map(|m| m.id().to_string())
        .unwrap();
    let methods = stripekit::ListCustomerPaymentMethods::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let ids: Vec<&str> = methods.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [card.as_str()]);
    stripekit::DetachPaymentMethod::new(&card)
        .send(&client)
        .await
        .unwrap();
    let attached = stripekit::AttachPaymentMethod::new("pm_card_visa", &customer.id)
        .send(&client)
        .await
        .unwrap();
    assert_ne!(attached.id, "pm_card_visa", "a new card of the customer");
    let methods = stripekit::ListCustomerPaymentMethods::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let ids: Vec<&str> = methods.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [attached.id.as_str()]);

    // A void invoice cancels its PaymentIntent, which can no longer pay it; a paid one says it
    // was attempted.
    stripekit::CreateInvoiceitem::new(&customer.id)
        .amount(800)
        .currency("usd")
        .send(&client)
        .await
        .unwrap();
    let invoice = stripekit::CreateInvoice::new()
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let invoice_id = invoice.id.clone().unwrap();
    let open = stripekit::FinalizeInvoice::new(&invoice_id)
        .send(&client)
        .await
        .unwrap();
    let intent_id = open
        .payment_intent
        .as_ref()
        .map(|p| p.id().to_string())
        .unwrap();
    stripekit::VoidInvoice::new(&invoice_id)
        .send(&client)
        .await
        .unwrap();
    let intent = RetrievePaymentIntent::new(&intent_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(intent.status.as_str(), "canceled");
    ConfirmPaymentIntent::new(&intent_id)
        .payment_method("pm_card_visa")
        .send(&client)
        .await
        .unwrap_err();
    let void = stripekit::RetrieveInvoice::new(&invoice_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(void.status.as_ref().map(|s| s.as_str()), Some("void"));

    stripekit::CreateInvoiceitem::new(&customer.id)
        .amount(300)
        .currency("usd")
        .send(&client)
        .await
        .unwrap();
    let second = stripekit::CreateInvoice::new()
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let paid = stripekit::PayInvoice::new(second.id.clone().unwrap())
        .payment_method(&attached.id)
        .send(&client)
        .await
        .unwrap();
    assert!(paid.paid && paid.attempted);
    assert_ne!(
        paid.number, void.number,
        "invoice numbers are never given twice"
    );

    // A disabled endpoint receives nothing; a session past its time expires.
    let receiver = Receiver::start().await;
    let endpoint = CreateWebhookEndpoint::new(vec![EventType::All], receiver.url.clone())
        .send(&client)
        .await
        .unwrap();
    stripekit::UpdateWebhookEndpoint::new(&endpoint.id)
        .disabled(true)
        .send(&client)
        .await
        .unwrap();
    CreateCustomer::new().send(&client).await.unwrap();
    let price = one_time_price(&client, "Hat", 1500).await;
    let session = stripekit::CreateCheckoutSession::new("https://example.com/done")
        .mode(stripekit::CheckoutSessionMode::Payment)
        .line_items(vec![
            stripekit::CreateCheckoutSessionLineItems::new().price(&price),
        ])
        .send(&client)
        .await
        .unwrap();
    server.advance_time(Duration::from_secs(25 * 3_600));
    let late = server
        .complete_checkout_session(None, &session.id)
        .unwrap_err();
    assert_eq!(late.status, 400);
    let expired = stripekit::RetrieveCheckoutSession::new(&session.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(expired.status.as_ref().map(|s| s.as_str()), Some("expired"));
    server.webhooks_settled().await;
    assert!(receiver.received().is_empty(), "the endpoint is disabled");
}
