//! What the client puts on the wire for tricky parameters, as the server receives it.

use std::collections::BTreeMap;

use crate::common::{Reply, Server, customer};
use stripekit::{
    AddressParams, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionLineItemsAdjustableQuantity, CreateCustomer, CreateFile, FilePurpose,
    FileUpload, ListCustomers, SendRequest, UpdateCustomer,
};

/// The `(key, value)` pairs of a form body or query, decoded, in order.
fn pairs(text: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pair(key: &str, value: &str) -> (String, String) {
    (key.to_string(), value.to_string())
}

#[tokio::test]
async fn lists_and_maps_of_strings_take_str_and_a_string_union_takes_a_str() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    // What is sent is the point here; the answer (a customer) is not a charge.
    let _ = stripekit::CreateCharge::new()
        .card("tok_visa")
        .metadata([("order", "6735")])
        .expand(["customer", "invoice"])
        .send(&server.client())
        .await;
    let body = server.seen()[0].params();
    assert_eq!(
        pairs(&body),
        vec![
            pair("card", "tok_visa"),
            pair("expand[0]", "customer"),
            pair("expand[1]", "invoice"),
            pair("metadata[order]", "6735"),
        ],
        "raw body: {body}"
    );
}

#[tokio::test]
async fn nested_objects_metadata_with_special_characters_and_cleared_fields() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    let metadata = BTreeMap::from([
        ("order id".to_string(), "a&b=c".to_string()),
        ("note".to_string(), "50% [off] ünïcode".to_string()),
    ]);
    let address = AddressParams::new().line1("1 Main St").city("Zürich");
    UpdateCustomer::new("cus_1")
        .metadata(metadata)
        .address(address)
        .clear_shipping()
        .preferred_locales(Vec::<String>::new())
        .balance(-250)
        .send(&server.client())
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.path, "/v1/customers/cus_1");
    let body = seen.params();
    assert_eq!(
        pairs(&body),
        vec![
            pair("address[city]", "Zürich"),
            pair("address[line1]", "1 Main St"),
            pair("balance", "-250"),
            pair("metadata[note]", "50% [off] ünïcode"),
            pair("metadata[order id]", "a&b=c"),
            pair("shipping", ""),
        ],
        "raw body: {body}"
    );
    // Brackets of keys are sent as they are; `&` and `=` inside values are escaped.
    assert!(body.contains("address[city]="), "{body}");
    assert!(body.contains("metadata[order%20id]=a%26b%3Dc"), "{body}");
}

#[tokio::test]
async fn arrays_of_objects_arrays_inside_them_and_booleans() {
    let server = Server::always(Reply::json(500, serde_json::json!({}))).await;
    let first = CreateCheckoutSessionLineItems::new()
        .price("price_1")
        .quantity(2)
        .tax_rates(vec!["txr_1".to_string(), "txr_2".to_string()])
        .adjustable_quantity(CreateCheckoutSessionLineItemsAdjustableQuantity::new(true));
    let second = CreateCheckoutSessionLineItems::new()
        .price("price_2")
        .dynamic_tax_rates(Vec::<String>::new());
    let request = CreateCheckoutSession::new("https://example.com/ok")
        .line_items(vec![first, second])
        .allow_promotion_codes(false);
    let client = server.builder().max_retries(0).build().unwrap();
    let _ = request.send(&client).await;
    let body = server.seen()[0].params();
    assert_eq!(
        pairs(&body),
        vec![
            pair("allow_promotion_codes", "false"),
            pair("line_items[0][adjustable_quantity][enabled]", "true"),
            pair("line_items[0][price]", "price_1"),
            pair("line_items[0][quantity]", "2"),
            pair("line_items[0][tax_rates][0]", "txr_1"),
            pair("line_items[0][tax_rates][1]", "txr_2"),
            pair("line_items[1][price]", "price_2"),
            pair("success_url", "https://example.com/ok"),
        ],
        "raw body: {body}"
    );
}

#[tokio::test]
async fn query_parameters_of_a_list_and_no_body() {
    let server = Server::always(Reply::json(
        200,
        serde_json::json!({"object": "list", "data": [], "has_more": false, "url": "/v1/customers"}),
    ))
    .await;
    ListCustomers::new()
        .limit(3)
        .email("a+b@example.com")
        .expand(["data.default_source"])
        .send(&server.client())
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(
        pairs(seen.query.as_deref().unwrap()),
        vec![
            pair("email", "a+b@example.com"),
            pair("expand[0]", "data.default_source"),
            pair("limit", "3"),
        ]
    );
    // A request without parameters has no query string at all.
    ListCustomers::new().send(&server.client()).await.unwrap();
    assert_eq!(server.seen()[1].query, None);
}

#[cfg(any(feature = "files", feature = "full"))]
#[tokio::test]
async fn a_file_upload_is_multipart_to_the_files_host() {
    let api = Server::always(Reply::json(500, serde_json::json!({}))).await;
    let files = Server::always(Reply::json(
        200,
        serde_json::json!({"id": "file_1", "object": "file", "created": 1, "purpose": "dispute_evidence", "size": 5}),
    ))
    .await;
    let client = crate::common::client_builder(&api.base)
        .files_base(&files.base)
        .build()
        .unwrap();
    let upload = FileUpload::new("evidence.pdf", b"%PDF-".to_vec()).content_type("application/pdf");
    let file = CreateFile::new(upload, FilePurpose::DisputeEvidence)
        .send(&client)
        .await
        .unwrap();
    assert_eq!(file.id, "file_1");
    assert!(api.seen().is_empty(), "uploads go to the files host only");
    let seen = &files.seen()[0];
    assert_eq!(seen.path, "/v1/files");
    let content_type = seen.header("content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&seen.body);
    assert!(
        body.contains("name=\"purpose\"\r\n\r\ndispute_evidence\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"file\"; filename=\"evidence.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-\r\n"),
        "{body}"
    );
    assert!(seen.header("idempotency-key").is_some());
}

/// The generated crate's `files` feature (here through the dev-dependency's `full`) makes the
/// request type; without `stripekit`'s own `files` feature (the client's `multipart`) the client
/// cannot encode it, and says so.
#[cfg(not(any(feature = "files", feature = "full")))]
#[tokio::test]
async fn a_file_upload_without_the_files_feature_is_refused_before_sending() {
    let api = Server::always(Reply::json(500, serde_json::json!({}))).await;
    let files = Server::always(Reply::json(500, serde_json::json!({}))).await;
    let client = crate::common::client_builder(&api.base)
        .files_base(&files.base)
        .build()
        .unwrap();
    let upload = FileUpload::new("evidence.pdf", b"%PDF-".to_vec());
    let error = CreateFile::new(upload, FilePurpose::DisputeEvidence)
        .send(&client)
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the `files` feature of `stripekit`"),
        "{error}"
    );
    assert!(api.seen().is_empty() && files.seen().is_empty());
}

#[tokio::test]
async fn creating_with_no_parameters_sends_an_empty_body() {
    let server = Server::always(Reply::json(200, customer("cus_1"))).await;
    CreateCustomer::new().send(&server.client()).await.unwrap();
    assert!(server.seen()[0].body.is_empty());
}

#[tokio::test]
async fn a_quote_pdf_is_downloaded_as_bytes_from_the_files_host() {
    let api = Server::always(Reply::json(500, serde_json::json!({}))).await;
    let mut pdf = Reply::json(200, serde_json::json!({}));
    pdf.body = "%PDF-1.7 not json".into();
    pdf.headers.push(("content-type", "application/pdf".into()));
    let files = Server::always(pdf).await;
    let client = crate::common::client_builder(&api.base)
        .files_base(&files.base)
        .build()
        .unwrap();
    let bytes = stripekit::RetrieveQuotePdf::new("qt_1")
        .send(&client)
        .await
        .unwrap();
    assert_eq!(bytes, b"%PDF-1.7 not json");
    assert!(api.seen().is_empty());
    let seen = &files.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("GET", "/v1/quotes/qt_1/pdf")
    );
    assert_eq!(seen.header("idempotency-key"), None);
}
