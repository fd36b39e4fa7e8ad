//! The shipped crates of API 2024-04-10 with the version-free client, against the stateful mock
//! serving that version: a Billing meter and a meter event, operations 2022-11-15 does not have.

use std::collections::BTreeMap;
use std::sync::Arc;

use stripe_spec_pins::{self as pins, SpecFile};
use stripekit_api_2024_04_10::{
    API_VERSION, CreateBillingMeter, CreateBillingMeterDefaultAggregation,
    CreateBillingMeterDefaultAggregationFormula, CreateBillingMeterEvent, RetrieveBillingMeter,
};
use stripekit_client::{Client, SendRequest};
use stripekit_mock::{MockApi, MockServer};

#[tokio::test]
async fn a_billing_meter_and_its_event_through_the_2024_04_10_crates() {
    let spec = pins::resolve("2024-04-10", SpecFile::Spec).expect("the pinned 2024-04-10 spec");
    let api = Arc::new(MockApi::load_without_fixtures(&spec).expect("the spec loads"));
    let server = MockServer::builder(api).stateful().start().await.unwrap();
    let client = Client::builder("sk_test_123")
        .api_base(server.url())
        .build()
        .unwrap();

    let sum =
        CreateBillingMeterDefaultAggregation::new(CreateBillingMeterDefaultAggregationFormula::Sum);
    let meter = CreateBillingMeter::new(sum, "API calls", "api_call")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(meter.display_name, "API calls");
    assert_eq!(meter.event_name, "api_call");
    let fetched = RetrieveBillingMeter::new(&meter.id)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(fetched.id, meter.id, "the stateful mock keeps the meter");

    let payload = BTreeMap::from([
        ("stripe_customer_id".to_string(), "cus_1".to_string()),
        ("value".to_string(), "25".to_string()),
    ]);
    let event = CreateBillingMeterEvent::new("api_call", payload.clone())
        .send(&client)
        .await
        .unwrap();
    assert_eq!(event.event_name, "api_call");
    assert_eq!(event.payload, payload);

    // Every request said which version its types are.
    assert_eq!(API_VERSION, "2024-04-10");
    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(
            request.header("stripe-version"),
            Some(API_VERSION),
            "{request:?}"
        );
    }
    server.shutdown().await;
}
