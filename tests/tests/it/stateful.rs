//! Whole integrations through the `stripe` client against the mock's stateful mode: what a test
//! creates is there to retrieve, update, list page by page and delete.

use futures_util::TryStreamExt;
use stripekit::{
    CreateCustomer, DeleteCustomer, Error, ListCustomers, RetrieveCustomer, SendRequest,
    UpdateCustomer,
};

use crate::common::stateful;

#[tokio::test]
async fn a_customer_lives_until_it_is_deleted() {
    let (_server, client) = stateful().await;
    let created = CreateCustomer::new()
        .email("jenny@example.com")
        .metadata([("order", "6735")])
        .send(&client)
        .await
        .unwrap();
    let id = created.id.clone();
    assert!(id.starts_with("cus_"));

    let retrieved = RetrieveCustomer::new(&id).send(&client).await.unwrap();
    let stripekit::CustomerOrDeletedCustomer::Customer(retrieved) = retrieved else {
        panic!("a live customer");
    };
    assert_eq!(retrieved.email.as_deref(), Some("jenny@example.com"));

    let updated = UpdateCustomer::new(&id)
        .metadata([("tier", "gold")])
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        updated
            .metadata
            .as_ref()
            .unwrap()
            .get("order")
            .map(String::as_str),
        Some("6735")
    );
    assert_eq!(
        updated
            .metadata
            .as_ref()
            .unwrap()
            .get("tier")
            .map(String::as_str),
        Some("gold")
    );
    assert_eq!(updated.email.as_deref(), Some("jenny@example.com"));

    let deleted = DeleteCustomer::new(&id).send(&client).await.unwrap();
    assert_eq!(deleted.id, id);
    let error = RetrieveCustomer::new(&id).send(&client).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Stripe's 404, got {error:?}");
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.code(), Some(&stripekit::ErrorCode::ResourceMissing));
    assert_eq!(api.param(), Some("id"));
    assert_eq!(
        api.message(),
        Some(format!("No such customer: '{id}'").as_str())
    );
}

#[tokio::test]
async fn pagination_over_250_customers_gives_back_what_was_created_newest_first() {
    let (_server, client) = stateful().await;
    let mut created = Vec::new();
    for i in 0..250 {
        let customer = CreateCustomer::new()
            .email(format!("c{i}@example.com"))
            .send(&client)
            .await
            .unwrap();
        created.push(customer.id);
    }
    let listed: Vec<stripekit::CustomerId> = client
        .paginate(ListCustomers::new().limit(100))
        .map_ok(|customer| customer.id)
        .try_collect()
        .await
        .unwrap();
    created.reverse();
    assert_eq!(listed, created);

    // A page at a time, both ways.
    let first = ListCustomers::new().limit(3).send(&client).await.unwrap();
    assert!(first.has_more);
    let ids: Vec<&str> = first.data.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [&created[0], &created[1], &created[2]]);
    let before = ListCustomers::new()
        .limit(2)
        .ending_before(created[3].clone())
        .send(&client)
        .await
        .unwrap();
    let ids: Vec<&str> = before.data.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [&created[1], &created[2]]);
    assert!(before.has_more);
}

#[tokio::test]
async fn an_id_that_was_never_created_is_missing_and_uncreatable_resources_keep_their_fixture() {
    let (_server, client) = stateful().await;
    let error = RetrieveCustomer::new("cus_never")
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    // The balance cannot be created: it is the fixture, as in the stateless mode.
    stripekit::RetrieveBalance::new()
        .send(&client)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_idempotent_retry_is_replayed_and_a_reused_key_is_refused() {
    let (server, client) = stateful().await;
    let options = stripekit::RequestOptions::new().idempotency_key("order-6735");
    let request = CreateCustomer::new().email("once@example.com");
    let first = request.send_with(&client, &options).await.unwrap();
    let again = request.send_with(&client, &options).await.unwrap();
    assert_eq!(first.id, again.id, "the first answer, replayed");
    let listed = ListCustomers::new().send(&client).await.unwrap();
    assert_eq!(listed.data.len(), 1, "one customer was created");
    let sent_with_the_key = server
        .received()
        .iter()
        .filter(|r| r.header("idempotency-key") == Some("order-6735"))
        .count();
    assert_eq!(sent_with_the_key, 2, "two requests, one customer");

    let other = CreateCustomer::new().email("twice@example.com");
    let error = other.send_with(&client, &options).await.unwrap_err();
    let api = error.as_api().expect("Stripe's 400");
    assert_eq!(api.status, 400);
    assert_eq!(api.kind().as_str(), "idempotency_error");
}

#[tokio::test]
async fn a_connected_accounts_objects_are_kept_apart() {
    let (_server, client) = stateful().await;
    let connected = stripekit::RequestOptions::new().stripe_account("acct_connected");
    let theirs = CreateCustomer::new()
        .send_with(&client, &connected)
        .await
        .unwrap();
    let ours = CreateCustomer::new().send(&client).await.unwrap();

    let their_list = ListCustomers::new()
        .send_with(&client, &connected)
        .await
        .unwrap();
    let ids: Vec<&str> = their_list.data.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [theirs.id.as_str()]);
    let our_list = ListCustomers::new().send(&client).await.unwrap();
    let ids: Vec<&str> = our_list.data.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [ours.id.as_str()]);

    let error = RetrieveCustomer::new(&theirs.id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
    RetrieveCustomer::new(&theirs.id)
        .send_with(&client, &connected)
        .await
        .unwrap();
}

#[tokio::test]
async fn lists_filter_by_their_parameters_and_expand_gives_the_stored_object() {
    let (_server, client) = stateful().await;
    let jenny = CreateCustomer::new()
        .email("jenny@example.com")
        .send(&client)
        .await
        .unwrap();
    let other = CreateCustomer::new().send(&client).await.unwrap();
    let mut hers = Vec::new();
    for amount in [1000, 2000] {
        let intent = stripekit::CreatePaymentIntent::new(amount, "eur")
            .customer(&jenny.id)
            .send(&client)
            .await
            .unwrap();
        hers.push(intent.id);
    }
    stripekit::CreatePaymentIntent::new(3000, "usd")
        .customer(&other.id)
        .send(&client)
        .await
        .unwrap();

    let listed = stripekit::ListPaymentIntents::new()
        .customer(&jenny.id)
        .send(&client)
        .await
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [hers[1].as_str(), hers[0].as_str()]);
    assert_eq!(listed.data[0].amount, 2000);
    assert_eq!(listed.data[0].currency, "eur");

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let recent = ListCustomers::new()
        .created(stripekit::RangeQuery::new().gte(now - 60))
        .send(&client)
        .await
        .unwrap();
    assert_eq!(recent.data.len(), 2, "both customers were created just now");

    let intent = stripekit::RetrievePaymentIntent::new(&hers[0])
        .expand(["customer"])
        .send(&client)
        .await
        .unwrap();
    match intent.customer.as_ref().map(|c| c.object().unwrap()) {
        Some(Some(expanded)) => {
            let stripekit::CustomerOrDeletedCustomer::Customer(customer) = expanded else {
                panic!("a live customer");
            };
            assert_eq!(customer.id, jenny.id);
            assert_eq!(customer.email.as_deref(), Some("jenny@example.com"));
        }
        other => panic!("expected the stored customer, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_request_changes_nothing_and_reset_forgets_everything() {
    let (server, client) = stateful().await;
    let kept = CreateCustomer::new()
        .email("kept@example.com")
        .send(&client)
        .await
        .unwrap();
    // A parameter of the wrong type: Stripe's 400, and the customer is as it was.
    let refused = client
        .raw_request(
            stripekit::Method::Post,
            format!("/v1/customers/{}", kept.id),
        )
        .params(&serde_json::json!({"email": "new@example.com", "balance": "lots"}))
        .send_json()
        .await
        .unwrap_err();
    assert_eq!(refused.as_api().map(|e| e.status), Some(400));
    let created = client
        .raw_request(stripekit::Method::Post, "/v1/customers")
        .params(&serde_json::json!({"email": "x@example.com", "unknown_parameter": 1}))
        .send_json()
        .await
        .unwrap_err();
    assert_eq!(created.as_api().map(|e| e.status), Some(400));
    let listed = ListCustomers::new().send(&client).await.unwrap();
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].email.as_deref(), Some("kept@example.com"));

    server.reset();
    assert!(
        ListCustomers::new()
            .send(&client)
            .await
            .unwrap()
            .data
            .is_empty()
    );
    let error = RetrieveCustomer::new(&kept.id)
        .send(&client)
        .await
        .unwrap_err();
    assert_eq!(error.as_api().map(|e| e.status), Some(404));
}
