//! The client against a server that answers badly, over real TCP on 127.0.0.1: truncated and
//! invalid bodies, HTML, an error where an object belongs, a huge body, a body that never ends.
//! Each is a typed error that names the request (and for decoding the field), never a panic.

use std::time::Duration;

use stripekit::{Error, RetrieveCustomer, SendRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How the server answers every request.
#[derive(Clone)]
struct Answer {
    status: &'static str,
    content_type: &'static str,
    /// The `Content-Length` sent, when not the body's own.
    claimed_length: Option<usize>,
    body: Vec<u8>,
    /// Keep the connection open, sending nothing more, after the body.
    stall: bool,
}

impl Answer {
    fn ok(body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status: "200 OK",
            content_type: "application/json",
            claimed_length: None,
            body: body.into(),
            stall: false,
        }
    }
}

/// A server that reads each request's head and writes `answer` as raw bytes. Returns its base
/// URL.
async fn hostile_server(answer: Answer) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                // The request head, at most 64 KiB; the client sends no body to a GET.
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let length = answer.claimed_length.unwrap_or(answer.body.len());
                let head = format!(
                    "HTTP/1.1 {}\r\ncontent-type: {}\r\ncontent-length: {length}\r\nrequest-id: req_hostile\r\n\r\n",
                    answer.status, answer.content_type
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&answer.body).await;
                if answer.stall {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                }
            });
        }
    });
    base
}

fn client(base: &str) -> stripekit::Client {
    crate::common::client_builder(base)
        .max_retries(0)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

async fn retrieve(answer: Answer) -> Error {
    let base = hostile_server(answer).await;
    RetrieveCustomer::new("cus_1")
        .send(&client(&base))
        .await
        .expect_err("a bad answer is an error")
}

/// A decoding error, with the request id and the path it names.
fn decode_failure(error: &Error) -> String {
    match error {
        Error::Decode {
            request_id, path, ..
        } => {
            assert_eq!(request_id.as_deref(), Some("req_hostile"));
            assert_eq!(path, "/v1/customers/{customer}");
            error.to_string()
        }
        other => panic!("expected a decoding error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_decoding_error() {
    let error = retrieve(Answer::ok(r#"{"id": "cus_1", "object": "cus"#)).await;
    let text = decode_failure(&error);
    assert!(text.contains("req_hostile"), "{text}");
}

#[tokio::test]
async fn invalid_utf8_is_a_decoding_error() {
    let error = retrieve(Answer::ok(b"{\"id\": \"cus_\xff\xfe\"}".to_vec())).await;
    decode_failure(&error);
}

#[tokio::test]
async fn html_is_a_decoding_error_or_an_api_error_that_quotes_it() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let error = retrieve(Answer {
        content_type: "text/html",
        ..Answer::ok(html)
    })
    .await;
    decode_failure(&error);

    let error = retrieve(Answer {
        status: "502 Bad Gateway",
        content_type: "text/html",
        ..Answer::ok(html)
    })
    .await;
    let api = error
        .as_api()
        .expect("an HTTP error status is an API error");
    assert_eq!(api.status, 502);
    assert_eq!(error.request_id(), Some("req_hostile"));
    assert!(
        api.message().unwrap().contains("502 Bad Gateway"),
        "{error}"
    );
}

#[tokio::test]
async fn an_error_body_with_a_200_is_the_api_error_it_says() {
    // `RetrieveCustomer` answers a customer, a deleted customer, or (for an object type newer
    // than the crate) `Unknown`: without a look at the body, the error would pass for the last.
    let body = r#"{"error": {"type": "api_error", "message": "oops"}}"#;
    let error = retrieve(Answer::ok(body)).await;
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status, 200);
    assert_eq!(api.message(), Some("oops"));
    assert_eq!(error.request_id(), Some("req_hostile"));
}

#[tokio::test]
async fn a_huge_body_is_read_and_refused_without_a_panic() {
    // 16 MiB of a string where an integer belongs.
    let mut body = br#"{"id": "cus_1", "object": "customer", "created": ""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 16 << 20));
    body.extend_from_slice(br#"", "livemode": false}"#);
    let base = hostile_server(Answer::ok(body)).await;
    let client = crate::common::client_builder(&base)
        .max_retries(0)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let error = RetrieveCustomer::new("cus_1")
        .send(&client)
        .await
        .unwrap_err();
    let text = decode_failure(&error);
    assert!(text.contains("created"), "{}", &text[..text.len().min(300)]);
    assert!(
        text.len() < 2000,
        "the message does not quote the whole body"
    );
}

#[tokio::test]
async fn a_body_shorter_than_its_length_is_a_transport_error() {
    let body = br#"{"id": "cus_1"}"#.to_vec();
    let error = retrieve(Answer {
        claimed_length: Some(body.len() + 100),
        ..Answer::ok(body)
    })
    .await;
    assert!(
        matches!(&error, Error::Transport { path, .. } if path == "/v1/customers/{customer}"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_body_that_never_ends_times_out() {
    let started = std::time::Instant::now();
    let error = retrieve(Answer {
        claimed_length: Some(1000),
        stall: true,
        ..Answer::ok(r#"{"id": "cus_1", "#)
    })
    .await;
    assert!(
        matches!(
            &error,
            Error::Timeout { timeout, .. } if *timeout == Duration::from_millis(500)
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}
