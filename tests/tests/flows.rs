//! Users' integrations through the `stripe` client against the mock's stateful mode: payments
//! with Stripe's test cards, refunds, subscriptions and invoices, Checkout, search, and the
//! events each step records and sends to webhook endpoints, signed so that
//! `webhook::construct_event` verifies them.

#[path = "common/mod.rs"]
mod common;
#[path = "common/receiver.rs"]
mod receiver;

use std::time::Duration;

use receiver::Receiver;
use stripekit::{
    Client, ConfirmPaymentIntent, CreateCustomer, CreatePaymentIntent, CreateWebhookEndpoint,
    EventType, ListEvents, Resource, RetrievePaymentIntent, SendRequest, webhook,
};
use stripekit_mock::MockServer;

async fn stateful() -> (MockServer, Client) {
    let server = MockServer::start_stateful(common::pinned_mock_api())
        .await
        .expect("the mock starts");
    let client = Client::builder("sk_test_flows")
        .api_base(server.url())
        .max_retries(0)
        .build()
        .unwrap();
    (server, client)
}

/// A webhook endpoint at `receiver` for `types`, and its secret.
async fn endpoint(client: &Client, receiver: &Receiver, types: Vec<EventType>) -> String {
    let created = CreateWebhookEndpoint::new(types, receiver.url.clone())
        .send(client)
        .await
        .unwrap();
    let secret = created.secret.expect("the create answers the secret");
    assert!(secret.starts_with("whsec_"), "{secret}");
    secret
}

/// Each delivery verified with `secret` and parsed, in the order received.
fn verified(received: &[receiver::Received], secret: &str) -> Vec<stripekit::Event> {
    received
        .iter()
        .map(|r| {
            webhook::construct_event(&r.body, &r.signature, secret).expect("a valid signature")
        })
        .collect()
}

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
            .starts_with(&intent.id)
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
    let attempts = server.webhook_attempts();
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
    assert_eq!(api.code(), Some("card_declined"));
    assert_eq!(api.decline_code(), Some("insufficient_funds"));
    let after = RetrievePaymentIntent::new(&intent.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(after.status.as_str(), "requires_payment_method");
    let last = after
        .last_payment_error
        .as_ref()
        .expect("the decline is kept");
    assert_eq!(last.decline_code.as_deref(), Some("insufficient_funds"));

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
        (400, Some("payment_intent_unexpected_state"))
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
        Some("charge_already_refunded")
    );
    let refunds = stripekit::ListRefunds::new().send(&client).await.unwrap();
    assert_eq!(refunds.data.len(), 2);
}

/// A product with a monthly price of `amount` cents.
async fn monthly_price(client: &Client, amount: i64) -> String {
    let product = stripekit::CreateProduct::new("Gold plan")
        .send(client)
        .await
        .unwrap();
    stripekit::CreatePrice::new("usd")
        .product(&product.id)
        .unit_amount(amount)
        .recurring(stripekit::CreatePriceRecurring::new(
            stripekit::CreatePriceRecurringInterval::Month,
        ))
        .send(client)
        .await
        .unwrap()
        .id
}

/// The id of a PaymentIntent of `amount` cents whose confirmation with
/// `pm_card_chargeDeclined` was declined.
async fn declined_intent(client: &Client, amount: i64) -> String {
    let intent = CreatePaymentIntent::new(amount, "usd")
        .send(client)
        .await
        .unwrap();
    ConfirmPaymentIntent::new(&intent.id)
        .payment_method("pm_card_chargeDeclined")
        .send(client)
        .await
        .unwrap_err();
    intent.id
}

/// A product `name` with a one-time price of `amount` cents.
async fn one_time_price(client: &Client, name: &str, amount: i64) -> String {
    let product = stripekit::CreateProduct::new(name)
        .send(client)
        .await
        .unwrap();
    stripekit::CreatePrice::new("usd")
        .product(&product.id)
        .unit_amount(amount)
        .send(client)
        .await
        .unwrap()
        .id
}

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
        .expand(vec!["latest_invoice.payment_intent".to_string()])
        .send(&client)
        .await
        .unwrap();
    assert_eq!(subscription.status.as_str(), "incomplete");
    let Some(stripekit::Expandable::Object(invoice)) = &subscription.latest_invoice else {
        panic!("the expanded invoice");
    };
    assert_eq!(invoice.status.as_ref().map(|s| s.as_str()), Some("open"));
    let Some(stripekit::Expandable::Object(intent)) = &invoice.payment_intent else {
        panic!("the expanded payment intent");
    };
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
    assert!(session.url.as_deref().unwrap().ends_with(&session.id));

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

async fn search(
    client: &Client,
    query: &str,
) -> Result<stripekit::SearchResult<stripekit::Customer>, stripekit::Error> {
    stripekit::SearchCustomers::new(query).send(client).await
}

#[tokio::test]
async fn search_answers_from_the_stored_objects() {
    let (_server, client) = stateful().await;
    for (email, tier) in [
        ("ana@example.com", "gold"),
        ("bo@example.com", "silver"),
        ("cy@example.org", "gold"),
    ] {
        CreateCustomer::new()
            .email(email)
            .metadata([("tier".to_string(), tier.to_string())])
            .send(&client)
            .await
            .unwrap();
    }
    let gold = search(&client, "metadata['tier']:'gold'").await.unwrap();
    let emails: Vec<&str> = gold
        .data
        .iter()
        .filter_map(|c| c.email.as_deref())
        .collect();
    assert_eq!(emails, ["cy@example.org", "ana@example.com"]);
    let either = search(&client, "email:'bo@example.com' OR email~'example.org'")
        .await
        .unwrap();
    assert_eq!(either.data.len(), 2);
    let both = search(&client, "metadata['tier']:'gold' AND -email~'.org'")
        .await
        .unwrap();
    assert_eq!(both.data.len(), 1);

    let first = stripekit::SearchCustomers::new("email~'example'")
        .limit(2)
        .send(&client)
        .await
        .unwrap();
    assert!(first.has_more);
    let next = first.next_page.clone().expect("a next page");
    let second = stripekit::SearchCustomers::new("email~'example'")
        .limit(2)
        .page(next)
        .send(&client)
        .await
        .unwrap();
    assert_eq!((second.data.len(), second.has_more), (1, false));

    let error = search(&client, "email = 'x'").await.unwrap_err();
    let api = error.as_api().expect("Stripe's 400");
    assert_eq!((api.status, api.param()), (400, Some("query")));
    assert!(api.message().unwrap().contains("position 5"), "{api}");
}

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
    for _ in 0..100 {
        if server.webhook_attempts().len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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
    let (_server, client) = stateful().await;
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
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 1);
}

#[tokio::test]
async fn children_live_under_their_parent_and_a_missing_parent_is_missing() {
    let (_server, client) = stateful().await;
    let error = client
        .raw_request(stripekit::Method::Get, "/v1/customers/cus_gone/sources")
        .send_json()
        .await
        .unwrap_err();
    let api = error.as_api().expect("Stripe's 404");
    assert_eq!(api.status, 404);
    assert_eq!(api.message(), Some("No such customer: 'cus_gone'"));
    // A parameter naming an object that does not exist is Stripe's 400, and nothing is made.
    let error = CreatePaymentIntent::new(1000, "usd")
        .customer("cus_gone")
        .send(&client)
        .await
        .unwrap_err();
    let api = error.as_api().expect("Stripe's 400");
    assert_eq!(
        (api.status, api.code(), api.param()),
        (400, Some("resource_missing"), Some("customer"))
    );
    assert!(
        stripekit::ListPaymentIntents::new()
            .send(&client)
            .await
            .unwrap()
            .data
            .is_empty()
    );
    let customer = CreateCustomer::new().send(&client).await.unwrap();
    let tax_id = stripekit::CreateCustomerTaxId::new(
        &customer.id,
        stripekit::TaxIdType::EuVat,
        "DE123456789",
    )
    .send(&client)
    .await
    .unwrap();
    let listed = stripekit::ListCustomerTaxIds::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [tax_id.id.as_str()]);
    assert_eq!(
        tax_id.customer.as_ref().map(|c| c.id()),
        Some(customer.id.as_str()),
        "a child names its parent"
    );

    // A customer's sources: a card, kept under the customer.
    let source = stripekit::CreateCustomerSource::new(&customer.id)
        .source("tok_visa")
        .send(&client)
        .await
        .unwrap();
    let stripekit::PaymentSource::Card(card) = &source else {
        panic!("a card, got {source:?}");
    };
    assert_eq!(
        card.customer.as_ref().map(|c| c.id()),
        Some(customer.id.as_str())
    );
    let sources = stripekit::ListCustomerSources::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(sources.data.len(), 1);
    let again = stripekit::RetrieveCustomerSource::new(&customer.id, &card.id)
        .send(&client)
        .await
        .unwrap();
    assert!(
        matches!(&again, stripekit::PaymentSource::Card(c) if c.id == card.id),
        "{again:?}"
    );
    // Another customer's path does not reach it.
    let other = CreateCustomer::new().send(&client).await.unwrap();
    let error = stripekit::RetrieveCustomerSource::new(&other.id, &card.id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    let account = stripekit::CreateAccount::new().send(&client).await.unwrap();
    let error = client
        .raw_request(
            stripekit::Method::Delete,
            format!("/v1/accounts/{}/external_accounts/{}", account.id, card.id),
        )
        .send_json()
        .await
        .unwrap_err();
    assert_eq!(
        error.as_api().map(|e| e.status),
        Some(404),
        "not the account's"
    );
    let deleted: serde_json::Value = client
        .raw_request(
            stripekit::Method::Delete,
            format!("/v1/customers/{}/sources/{}", customer.id, card.id),
        )
        .send_json()
        .await
        .unwrap();
    assert_eq!(
        (&deleted["id"], &deleted["object"], &deleted["deleted"]),
        (
            &serde_json::json!(card.id),
            &serde_json::json!("card"),
            &serde_json::json!(true)
        )
    );
    let sources = stripekit::ListCustomerSources::new(&customer.id)
        .send(&client)
        .await
        .unwrap();
    assert!(sources.data.is_empty());
    let events = ListEvents::new()
        .type_("customer.source.created")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(events.data.len(), 1);
}

#[tokio::test]
async fn an_update_records_what_it_changed_and_a_delete_is_an_event_too() {
    let (_server, client) = stateful().await;
    let customer = CreateCustomer::new()
        .email("old@example.com")
        .metadata([("tier".to_string(), "silver".to_string())])
        .send(&client)
        .await
        .unwrap();
    stripekit::UpdateCustomer::new(&customer.id)
        .email("new@example.com")
        .metadata([("tier".to_string(), "gold".to_string())])
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
        Some("charge_not_refundable")
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
    let error = stripekit::RetrieveCustomer::new(&intent.id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    let error = stripekit::DeleteCustomer::new(&intent.id)
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
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.received().is_empty(), "the endpoint is disabled");
}
