//! The blocking client, from a plain thread, against a real server on 127.0.0.1 that runs on a
//! runtime of its own.

use serde_json::json;
use stripekit::{CreateCustomer, ErrorCode, ListCustomers, RetrieveCustomer};
use stripekit_client::blocking::{Client, SendRequest};

use crate::common::{Reply, Server, client_builder, customer};
use crate::pagination::{ids, list_page};

/// A server that creates `cus_new`, lists `cus_7` … `cus_1` three per page, and knows no other
/// customer; and the runtime that serves it, which must outlive the test.
fn serve() -> (tokio::runtime::Runtime, Server) {
    let runtime = server_runtime();
    let server = runtime.block_on(Server::start(|request, _| {
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/v1/customers") => Reply::json(200, customer("cus_new")),
            ("GET", "/v1/customers") => list_page(request.query.as_deref().unwrap_or_default()),
            _ => Reply::json(
                404,
                json!({"error": {"type": "invalid_request_error", "code": "resource_missing",
                    "param": "customer", "message": "No such customer"}}),
            ),
        }
    }));
    (runtime, server)
}

/// A runtime of its own for a server, on a thread of its own.
fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn blocking_client(server: &Server) -> Client {
    client_builder(&server.base).build_blocking().unwrap()
}

#[test]
fn creates_lists_across_pages_and_reports_errors_from_synchronous_code() {
    let (_runtime, server) = serve();
    let client = blocking_client(&server);

    let created = CreateCustomer::new()
        .email("jenny@example.com")
        .send(&client)
        .unwrap();
    assert_eq!(created.id, "cus_new");

    let listed: Vec<String> = client
        .paginate(ListCustomers::new().limit(3))
        .map(|customer| customer.unwrap().id.to_string())
        .collect();
    assert_eq!(listed, ids());

    let error = RetrieveCustomer::new("cus_missing")
        .send(&client)
        .unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.code(), Some(&ErrorCode::ResourceMissing));

    let raw = client
        .raw_request(stripekit::Method::Get, "/v1/customers")
        .params(&json!({"limit": 3}))
        .send_json()
        .unwrap();
    assert_eq!(raw["data"][0]["id"], "cus_7");

    let seen = server.seen();
    // The create, three pages, the retrieve, the raw list.
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0].params(), "email=jenny%40example.com");
    assert!(seen[0].header("idempotency-key").is_some());
    assert_eq!(
        seen[2].query.as_deref(),
        Some("limit=3&starting_after=cus_5")
    );
}

#[test]
fn a_page_that_fails_ends_the_iteration_with_its_error() {
    let runtime = server_runtime();
    let server = runtime.block_on(Server::start(|request, _| {
        match request.query.as_deref().unwrap_or_default() {
            "limit=3" => list_page("limit=3"),
            _ => Reply::error(
                400,
                "invalid_request_error",
                Some("parameter_invalid_integer"),
            ),
        }
    }));
    let client = blocking_client(&server);
    let results: Vec<_> = client.paginate(ListCustomers::new().limit(3)).collect();
    assert_eq!(results.len(), 4, "three customers, then the error");
    assert!(results[..3].iter().all(Result::is_ok));
    let error = results[3].as_ref().unwrap_err();
    assert_eq!(error.as_api().unwrap().status, 400);
}

#[test]
fn clones_send_from_several_threads_at_once() {
    let (_runtime, server) = serve();
    let client = blocking_client(&server);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                (0..5)
                    .map(|_| CreateCustomer::new().send(&client).unwrap().id.to_string())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), vec!["cus_new"; 5]);
    }
    assert_eq!(server.seen().len(), 20);
}
