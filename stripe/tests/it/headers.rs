//! The headers the client sends, as the server receives them.

use crate::common::{Reply, Server, customer};
use stripekit::{CreateCustomer, ListCustomers, RequestOptions, RetrieveCustomer, SendRequest};

#[tokio::test]
async fn auth_version_user_agent_and_idempotency_on_a_post() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    let client = server.client();
    let created = CreateCustomer::new()
        .email("a@example.com")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(created.id, "cus_1");
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/v1/customers");
    assert_eq!(
        seen.header("authorization"),
        Some("Bearer sk_test_123secret")
    );
    assert_eq!(seen.header("stripe-version"), Some(stripekit::API_VERSION));
    assert_eq!(stripekit::API_VERSION, "2022-11-15");
    assert_eq!(
        seen.header("user-agent").unwrap(),
        format!("Stripe/v1 RustBindings/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let key = seen
        .header("idempotency-key")
        .expect("a POST carries a key");
    let uuid = uuid::Uuid::parse_str(key).expect("the key is a UUID");
    assert_eq!(uuid.get_version_num(), 4);
    assert_eq!(seen.header("stripe-account"), None);
}

#[tokio::test]
async fn every_post_gets_its_own_key_and_reads_and_deletes_get_none() {
    let server = Server::start(|seen, _| match seen.method.as_str() {
        "GET" if seen.path.ends_with("customers") => Reply::json(
            200,
            serde_json::json!({"object": "list", "data": [], "has_more": false, "url": "/v1/customers"}),
        ),
        "DELETE" => Reply::json(200, serde_json::json!({"id": "cus_1", "object": "customer", "deleted": true})),
        _ => Reply::json(200, customer("cus_1")),
    })
    .await;
    let client = server.client();
    CreateCustomer::new().send(&client).await.unwrap();
    CreateCustomer::new().send(&client).await.unwrap();
    RetrieveCustomer::new("cus_1").send(&client).await.unwrap();
    ListCustomers::new().send(&client).await.unwrap();
    stripekit::DeleteCustomer::new("cus_1")
        .send(&client)
        .await
        .unwrap();
    let seen = server.seen();
    let keys: Vec<Option<&str>> = seen.iter().map(|s| s.header("idempotency-key")).collect();
    assert!(keys[0].is_some() && keys[1].is_some() && keys[0] != keys[1]);
    assert_eq!(&keys[2..], &[None, None, None]);
    assert_eq!(seen[4].method, "DELETE");
    assert_eq!(seen[4].path, "/v1/customers/cus_1");
}

#[tokio::test]
async fn account_and_key_from_the_client_or_the_request() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    let client = server
        .builder()
        .stripe_account("acct_default")
        .build()
        .unwrap();
    CreateCustomer::new().send(&client).await.unwrap();
    let options = RequestOptions::new()
        .stripe_account("acct_other")
        .idempotency_key("order-42");
    CreateCustomer::new()
        .send_with(&client, &options)
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].header("stripe-account"), Some("acct_default"));
    assert_eq!(seen[1].header("stripe-account"), Some("acct_other"));
    assert_eq!(seen[1].header("idempotency-key"), Some("order-42"));
}

#[tokio::test]
async fn app_info_is_appended_to_the_user_agent() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    let client = server
        .builder()
        .app_info("Shop", Some("2.0"), None)
        .build()
        .unwrap();
    RetrieveCustomer::new("cus_1").send(&client).await.unwrap();
    assert!(
        server.seen()[0]
            .header("user-agent")
            .unwrap()
            .ends_with(" Shop/2.0")
    );
}

#[tokio::test]
async fn a_key_per_request_is_sent_with_that_request_only_even_at_once_on_one_client() {
    // Each answer waits, so the requests of both keys are in flight together.
    let server = Server::start(|seen, _| {
        let id = seen.path.rsplit('/').next().unwrap_or_default().to_string();
        Reply::json(200, customer(&id)).delayed(std::time::Duration::from_millis(50))
    })
    .await;
    let client = server.client();
    let merchant = |key: &'static str, id: &'static str| {
        let client = client.clone();
        async move {
            RetrieveCustomer::new(id)
                .send_with(&client, &RequestOptions::new().api_key(key))
                .await
                .unwrap()
        }
    };
    let sends = (0..4).map(|i| {
        if i % 2 == 0 {
            tokio::spawn(merchant("sk_test_merchantA", "cus_a"))
        } else {
            tokio::spawn(merchant("rk_test_merchantB", "cus_b"))
        }
    });
    for sent in sends.collect::<Vec<_>>() {
        sent.await.unwrap();
    }
    RetrieveCustomer::new("cus_own")
        .send(&client)
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 5);
    for request in &seen {
        let expected = match request.path.as_str() {
            "/v1/customers/cus_a" => "Bearer sk_test_merchantA",
            "/v1/customers/cus_b" => "Bearer rk_test_merchantB",
            _ => "Bearer sk_test_123secret",
        };
        assert_eq!(
            request.header("authorization"),
            Some(expected),
            "{}",
            request.path
        );
    }
    let options = RequestOptions::new().api_key("sk_test_merchantA");
    let printed = format!("{options:?}");
    assert!(!printed.contains("merchantA"), "{printed}");
}
