//! Streams across several pages of a list and of a search, forwards and backwards.

use futures_util::TryStreamExt;
use serde_json::json;

use crate::common::{Reply, Server, customer};
use stripekit::{Customer, ListCustomers, RequestOptions, SearchCustomers};

/// The ids of what a stream yielded, in order.
fn ids_of(customers: &[Customer]) -> Vec<&str> {
    customers.iter().map(|c| c.id.as_str()).collect()
}

/// The query string of every request the server received, in order.
fn queries(server: &Server) -> Vec<String> {
    server
        .seen()
        .iter()
        .map(|s| s.query.clone().unwrap())
        .collect()
}

/// `cus_1` … `cus_7`, newest first as Stripe lists them, served three per page.
pub(crate) fn ids() -> Vec<String> {
    (1..=7).rev().map(|i| format!("cus_{i}")).collect()
}

/// The page a list request asks for, by cursor, like the API.
pub(crate) fn list_page(query: &str) -> Reply {
    let all = ids();
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let limit: usize = get("limit").map_or(10, |l| l.parse().unwrap());
    let (start, end) = if let Some(after) = get("starting_after") {
        let i = all.iter().position(|id| *id == after).unwrap() + 1;
        (i, (i + limit).min(all.len()))
    } else if let Some(before) = get("ending_before") {
        let i = all.iter().position(|id| *id == before).unwrap();
        (i.saturating_sub(limit), i)
    } else {
        (0, limit.min(all.len()))
    };
    let has_more = if get("ending_before").is_some() {
        start > 0
    } else {
        end < all.len()
    };
    let data: Vec<_> = all[start..end].iter().map(|id| customer(id)).collect();
    Reply::json(
        200,
        json!({"object": "list", "data": data, "has_more": has_more, "url": "/v1/customers"}),
    )
}

#[tokio::test]
async fn a_list_is_followed_forwards_across_pages_with_the_same_options() {
    let server = Server::start(|seen, _| list_page(seen.query.as_deref().unwrap_or(""))).await;
    let options = RequestOptions::new().stripe_account("acct_1");
    let all: Vec<_> = server
        .client()
        .paginate_with(ListCustomers::new().limit(3), options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids_of(&all), ids());
    assert_eq!(
        queries(&server),
        [
            "limit=3",
            "limit=3&starting_after=cus_5",
            "limit=3&starting_after=cus_2"
        ]
    );
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.header("stripe-account") == Some("acct_1"))
    );
}

#[tokio::test]
async fn a_list_that_starts_with_ending_before_is_followed_backwards() {
    let server = Server::start(|seen, _| list_page(seen.query.as_deref().unwrap_or(""))).await;
    let request = ListCustomers::new().limit(2).ending_before("cus_1");
    let all: Vec<_> = server
        .client()
        .paginate(request)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids_of(&all),
        ["cus_2", "cus_3", "cus_4", "cus_5", "cus_6", "cus_7"]
    );
    assert_eq!(
        queries(&server),
        [
            "ending_before=cus_1&limit=2",
            "ending_before=cus_3&limit=2",
            "ending_before=cus_5&limit=2"
        ]
    );
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_with_it() {
    let server = Server::start(|seen, n| match n {
        0 => list_page(seen.query.as_deref().unwrap()),
        _ => Reply::error(400, "invalid_request_error", None),
    })
    .await;
    let stream = server.client().paginate(ListCustomers::new().limit(3));
    let mut stream = std::pin::pin!(stream);
    for _ in 0..3 {
        stream.try_next().await.unwrap().unwrap();
    }
    let error = stream.try_next().await.unwrap_err();
    assert_eq!(error.as_api().unwrap().status, 400);
}

#[tokio::test]
async fn a_search_follows_next_page() {
    let server = Server::start(|seen, _| {
        let query = seen.query.clone().unwrap();
        let (data, next) = if query.contains("page=p2") {
            (vec![customer("cus_3")], None)
        } else if query.contains("page=p1") {
            (vec![customer("cus_2")], Some("p2"))
        } else {
            (vec![customer("cus_1")], Some("p1"))
        };
        Reply::json(
            200,
            json!({
                "object": "search_result", "data": data, "has_more": next.is_some(),
                "next_page": next, "url": "/v1/customers/search",
            }),
        )
    })
    .await;
    let request = SearchCustomers::new("email:'a@example.com'");
    let all: Vec<_> = server
        .client()
        .search_all(request)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids_of(&all), ["cus_1", "cus_2", "cus_3"]);
    assert_eq!(
        queries(&server),
        [
            "query=email%3A%27a%40example.com%27",
            "page=p1&query=email%3A%27a%40example.com%27",
            "page=p2&query=email%3A%27a%40example.com%27",
        ]
    );
}
