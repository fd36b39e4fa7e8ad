//! Stored objects as the API reads them: search, and children under their parent.

use stripekit::{Client, CreateCustomer, CreatePaymentIntent, ListEvents, SendRequest};

use crate::common::stateful;

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
            .metadata([("tier", tier)])
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
        (
            400,
            Some(&stripekit::ErrorCode::ResourceMissing),
            Some("customer")
        )
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
    let again = stripekit::RetrieveCustomerSource::new(&customer.id, card.id.as_str())
        .send(&client)
        .await
        .unwrap();
    assert!(
        matches!(&again, stripekit::PaymentSource::Card(c) if c.id == card.id),
        "{again:?}"
    );
    // Another customer's path does not reach it.
    let other = CreateCustomer::new().send(&client).await.unwrap();
    let error = stripekit::RetrieveCustomerSource::new(&other.id, card.id.as_str())
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
