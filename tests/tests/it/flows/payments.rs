//! Payments with Stripe's test cards: a one-time payment and its webhook, declines, 3-D Secure,
//! capture and cancel, refunds, and Checkout completed through the mock's control.

use stripekit::{
    ConfirmPaymentIntent, CreateCustomer, CreatePaymentIntent, EventType, ListEvents, Resource,
    RetrievePaymentIntent, SendRequest,
};

use super::{endpoint, one_time_price, verified};
use crate::common::receiver::Receiver;
use crate::common::stateful;

#[tokio::test]
async fn a_one_time_payment_is_confirmed_and_its_webhook_verifies() {
    let (server, client) = stateful().await;
    let receiver = Receiver::start().await;
    let secret = endpoint(
        &client,
        &receiver,
        vec![
            EventType::PaymentIntentSucceeded,
            EventType::ChargeSucceeded,
        ],
    )
    .await;
    let customer = CreateCustomer::new()
        .email("jenny@example.com")
        .send(&client)
        .await
        .unwrap();
    let intent = CreatePaymentIntent::new(2000, "usd")
        .customer(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(intent.status.as_str(), "requires_payment_method");
    assert!(
        intent
            .client_secret
            .as_deref()
            .unwrap()
            .starts_with(intent.id.as_str())
    );

    let paid = ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_visa")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(paid.status.as_str(), "succeeded");
    assert_eq!(paid.amount_received, Some(2000));
    let method = paid
        .payment_method
        .as_ref()
        .map(|m| m.id().to_string())
        .unwrap();
    assert!(
        method.starts_with("pm_") && method != "pm_card_visa",
        "a new card: {method}"
    );
    let charge_id = paid
        .latest_charge
        .as_ref()
        .map(|c| c.id().to_string())
        .unwrap();
    let charge = stripekit::RetrieveCharge::new(&charge_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        (charge.amount, charge.captured, charge.paid),
        (2000, true, true)
    );
    assert_eq!(
        charge.payment_intent.as_ref().map(|p| p.id()),
        Some(intent.id.as_str())
    );

    let events = verified(&receiver.wait_for(2).await, &secret);
    let types: Vec<&EventType> = events.iter().map(|e| &e.type_).collect();
    assert_eq!(
        types,
        [
            &EventType::ChargeSucceeded,
            &EventType::PaymentIntentSucceeded
        ]
    );
    let Resource::PaymentIntent(sent) = &events[1].data.object else {
        panic!("a payment intent, got {:?}", events[1].data.object);
    };
    assert_eq!((sent.id.as_str(), sent.amount), (intent.id.as_str(), 2000));
    assert_eq!(sent.status.as_str(), "succeeded");

    // Every event is listed, newest first; the ones the endpoint did not subscribe to too.
    let listed = ListEvents::new().send(&client).await.unwrap();
    let types: Vec<&str> = listed.data.iter().map(|e| e.type_.as_str()).collect();
    assert_eq!(
        types,
        [
            "payment_intent.succeeded",
            "charge.succeeded",
            "payment_intent.created",
            "customer.created",
        ]
    );
    let only = ListEvents::new()
        .type_("payment_intent.succeeded")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(only.data.len(), 1);
    assert_eq!(only.data[0].id, events[1].id);
    server.webhooks_settled().await;
    let attempts = server.webhook_attempts();
    assert_eq!(attempts.len(), 2, "one attempt per event: {attempts:?}");
    assert!(attempts.iter().all(|a| a.delivered()), "{attempts:?}");
}

#[tokio::test]
async fn declined_cards_3d_secure_capture_and_cancel_follow_stripes_test_cards() {
    let (_server, client) = stateful().await;
    let intent = CreatePaymentIntent::new(1500, "eur")
        .send(&client)
        .await
        .unwrap();
    let error = ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_chargeDeclinedInsufficientFunds")
        .send(&client)
        .await
        .unwrap_err();
    let api = error.as_api().expect("Stripe's 402");
    assert_eq!(api.status, 402);
    assert_eq!(api.kind().as_str(), "card_error");
    assert_eq!(api.code(), Some(&stripekit::ErrorCode::CardDeclined));
    assert_eq!(
        api.decline_code(),
        Some(&stripekit::DeclineCode::InsufficientFunds)
    );
    let after = RetrievePaymentIntent::new(&intent.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(after.status.as_str(), "requires_payment_method");
    let last = after
        .last_payment_error
        .as_ref()
        .expect("the decline is kept");
    assert_eq!(
        last.decline_code,
        Some(stripekit::DeclineCode::InsufficientFunds)
    );

    // The same intent, another card: 3-D Secure is required.
    let pending = ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_threeDSecure2Required")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(pending.status.as_str(), "requires_action");
    assert!(pending.next_action.is_some());
    // The customer authenticates, then the intent is confirmed again, as Stripe.js does.
    let secure = CreatePaymentIntent::new(800, "usd")
        .payment_method("pm_card_threeDSecure2Required")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(secure.status.as_str(), "requires_action");
    let authenticated = ConfirmPaymentIntent::new(&secure.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(authenticated.status.as_str(), "succeeded");

    // Manual capture: authorised, then part of it captured.
    let held = CreatePaymentIntent::new(5000, "usd")
        .capture_method(stripekit::PaymentIntentCaptureMethod::Manual)
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(held.status.as_str(), "requires_capture");
    assert_eq!(held.amount_capturable, Some(5000));
    let captured = stripekit::CapturePaymentIntent::new(&held.id)
        .amount_to_capture(3000)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(captured.status.as_str(), "succeeded");
    assert_eq!(captured.amount_received, Some(3000));
    let refused = stripekit::CancelPaymentIntent::new(&held.id)
        .send(&client)
        .await
        .unwrap_err();
    let api = refused.as_api().unwrap();
    assert_eq!(
        (api.status, api.code()),
        (
            400,
            Some(&stripekit::ErrorCode::PaymentIntentUnexpectedState)
        )
    );

    let canceled = stripekit::CancelPaymentIntent::new(&pending.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(canceled.status.as_str(), "canceled");
    assert!(canceled.canceled_at.is_some());
}

#[tokio::test]
async fn a_refund_gives_back_what_is_left_of_a_charge() {
    let (_server, client) = stateful().await;
    let intent = CreatePaymentIntent::new(4000, "usd")
        .payment_method("pm_card_visa")
        .confirm(true)
        .send(&client)
        .await
        .unwrap();
    let part = stripekit::CreateRefund::new()
        .payment_intent(&intent.id)
        .amount(1500)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(part.amount, 1500);
    assert_eq!(part.status.as_deref(), Some("succeeded"));
    let rest = stripekit::CreateRefund::new()
        .payment_intent(&intent.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(rest.amount, 2500);
    let charge_id = intent
        .latest_charge
        .as_ref()
        .map(|c| c.id().to_string())
        .unwrap();
    let charge = stripekit::RetrieveCharge::new(&charge_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!((charge.amount_refunded, charge.refunded), (4000, true));
    let error = stripekit::CreateRefund::new()
        .charge(&charge_id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().and_then(|e| e.code()),
        Some(&stripekit::ErrorCode::ChargeAlreadyRefunded)
    );
    let refunds = stripekit::ListRefunds::new().send(&client).await.unwrap();
    assert_eq!(refunds.data.len(), 2);
}

#[tokio::test]
async fn a_checkout_session_completes_through_the_mocks_control() {
    let (server, client) = stateful().await;
    let receiver = Receiver::start().await;
    let secret = endpoint(
        &client,
        &receiver,
        vec![EventType::CheckoutSessionCompleted],
    )
    .await;
    let price = one_time_price(&client, "T-shirt", 2500).await;
    let session = stripekit::CreateCheckoutSession::new("https://example.com/success")
        .mode(stripekit::CheckoutSessionMode::Payment)
        .line_items(vec![
            stripekit::CreateCheckoutSessionLineItems::new()
                .price(&price)
                .quantity(2),
        ])
        .send(&client)
        .await
        .unwrap();
    assert_eq!(session.status.as_ref().map(|s| s.as_str()), Some("open"));
    assert_eq!(session.amount_total, Some(5000));
    assert!(
        session
            .url
            .as_deref()
            .unwrap()
            .ends_with(session.id.as_str())
    );

    let completed: serde_json::Value = client
        .raw_request(
            stripekit::Method::Post,
            format!("/_mock/checkout/sessions/{}/complete", session.id),
        )
        .send_json()
        .await
        .unwrap();
    assert_eq!(completed["status"], "complete");
    assert_eq!(completed["payment_status"], "paid");
    let intent_id = completed["payment_intent"].as_str().unwrap();
    let intent = RetrievePaymentIntent::new(intent_id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!((intent.status.as_str(), intent.amount), ("succeeded", 5000));

    let events = verified(&receiver.wait_for(1).await, &secret);
    assert_eq!(events[0].type_, EventType::CheckoutSessionCompleted);
    let Resource::CheckoutSession(sent) = &events[0].data.object else {
        panic!("a checkout session");
    };
    assert_eq!(sent.id, session.id);

    // Completing twice is refused; the Rust helper says why.
    let again = server
        .complete_checkout_session(None, &session.id)
        .unwrap_err();
    assert_eq!(again.status, 400);
    assert!(again.to_string().contains("complete"), "{again}");
}
