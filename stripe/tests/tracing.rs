//! Each request is one `stripe.request` span with its method, path, attempt, status, request id
//! and duration, and nothing secret is logged.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{Reply, Server, customer};
use stripekit::{CreateCustomer, SendRequest};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_span_per_request_with_its_attempts_and_no_secret() {
    let server = Server::start(|_, n| match n {
        0 => Reply::error(500, "api_error", None),
        _ => Reply::json(200, customer("cus_1")),
    })
    .await;
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    CreateCustomer::new()
        .email("jenny@example.com")
        .send(&server.client())
        .await
        .unwrap();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let closed: Vec<&str> = log.lines().filter(|l| l.contains("close")).collect();
    let ours: Vec<&&str> = closed
        .iter()
        .filter(|l| l.contains("stripe.request"))
        .collect();
    assert_eq!(ours.len(), 1, "{log}");
    let span = ours[0];
    for field in [
        "method=\"POST\"",
        "path=\"/v1/customers\"",
        "attempt=2",
        "status=200",
        "request_id=\"req_test123\"",
        "duration_ms=",
    ] {
        assert!(span.contains(field), "`{field}` missing from {span}");
    }
    assert!(log.contains("retrying Stripe request"), "{log}");
    assert!(!log.contains("sk_test"), "the key was logged: {log}");
    assert!(
        !log.contains("jenny@example.com"),
        "parameters were logged: {log}"
    );
}
