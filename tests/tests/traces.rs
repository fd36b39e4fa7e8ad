//! What the client traces, captured at TRACE: one `stripe.request` span per request with its
//! attempts, and no secret in the trace, the mock's request log or an error, while the mock's log
//! shows they were sent.
//!
//! A test binary of its own, where each test installs its subscriber before it makes a request:
//! `tracing` caches for the whole process whether each call site is wanted, and a call site that
//! a concurrent test reached before any subscriber existed would stay silent in a capture.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use stripekit::retry::Backoff;
use stripekit::{Client, CreateCustomer, Method, SendRequest};
use stripekit_mock::{Fault, MockServer};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// A writer into memory, for the subscriber of one test.
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

impl Captured {
    /// What was written so far.
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
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
    let server = MockServer::builder(stripe_tests::pinned::mock_api())
        .start()
        .await
        .unwrap();
    server.inject(Fault::status(500).should_retry(true));
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::builder("sk_test_tracing")
        .api_base(server.url())
        .backoff(Backoff {
            initial: Duration::from_millis(1),
            max: Duration::from_millis(1),
        })
        .build()
        .unwrap();
    CreateCustomer::new()
        .email("jenny@example.com")
        .send(&client)
        .await
        .unwrap();
    let log = captured.text();
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
        "request_id=\"req_mock",
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

/// The secrets the requests carry.
struct Secrets {
    card_number: &'static str,
    cvc: &'static str,
    account_number: &'static str,
    client_secret: &'static str,
    dob_year: i64,
}

#[tokio::test]
async fn real_requests_leave_no_secret_in_tracing_or_the_mocks_log() {
    use stripekit::{
        CreatePaymentMethod, CreatePaymentMethodCardDetails, CreateToken, CreateTokenBankAccount,
        PaymentMethodType, RetrievePaymentIntent,
    };

    let key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    let s = Secrets {
        card_number: "4000056655665556",
        cvc: "737",
        account_number: "000123456789",
        client_secret: "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH",
        dob_year: 1901,
    };
    let server = stripekit_mock::MockServer::builder(stripe_tests::pinned::mock_api())
        .start()
        .await
        .unwrap();
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::builder(key).api_base(server.url()).build().unwrap();

    let card = CreatePaymentMethodCardDetails::new(12, 2034, s.card_number).cvc(s.cvc);
    CreatePaymentMethod::new()
        .type_(PaymentMethodType::Card)
        .card(card)
        .send(&client)
        .await
        .unwrap();
    CreateToken::new()
        .bank_account(CreateTokenBankAccount::new(s.account_number, "US"))
        .send(&client)
        .await
        .unwrap();
    let intent = RetrievePaymentIntent::new("pi_123")
        .client_secret(s.client_secret)
        .send(&client)
        .await
        .unwrap();
    let raw = client
        .raw_request(Method::Post, "/v1/payment_methods")
        .params(
            &json!({"type": "card", "card": {"number": s.card_number, "cvc": s.cvc,
            "exp_month": 12, "exp_year": 2034}}),
        );
    let raw_shown = format!("{raw:?}");
    raw.send_json().await.unwrap();
    let path = format!(
        "/v1/payment_intents/pi_123?client_secret={}",
        s.client_secret
    );
    client
        .raw_request(Method::Get, path)
        .send_json()
        .await
        .unwrap();
    // Refused by the mock: a date of birth that is not a date, which Stripe's message would
    // quote.
    let refused = client
        .raw_request(Method::Post, "/v1/accounts/acct_123")
        .params(
            &json!({"individual": {"dob": {"day": format!("{}x", s.card_number),
            "month": 1, "year": s.dob_year}}}),
        )
        .send_json()
        .await
        .expect_err("the mock refuses a day that is not a number");

    // Refused before sending: a path that is not absolute, with a secret in its query.
    let relative = client
        .raw_request(
            Method::Get,
            format!(
                "v1/payment_intents/pi_123?client_secret={}",
                s.client_secret
            ),
        )
        .send_json()
        .await
        .expect_err("a relative path is refused");

    let log = captured.text();
    assert!(log.contains("stripe.request"), "nothing was traced: {log}");
    let received = server.received();
    // The mock kept what was sent, so the secrets were on the wire.
    let sent: String = received
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.query.as_deref().unwrap_or(""),
                String::from_utf8_lossy(&r.body),
                r.header("authorization").unwrap_or("")
            )
        })
        .collect();
    for secret in [s.card_number, s.account_number, s.client_secret] {
        assert!(sent.contains(secret), "{secret} was not sent: {sent}");
    }
    let received_shown = format!("{received:?}");
    assert!(received_shown.contains("[redacted]"), "{received_shown}");
    let shown = [
        ("the tracing output", log),
        ("the mock's request log", received_shown),
        ("a raw request", raw_shown),
        ("a refusal", format!("{refused:?} {refused}")),
        ("a refused path", format!("{relative:?} {relative}")),
        ("a PaymentIntent", format!("{intent:?}")),
    ];
    for (what, shown) in shown {
        for secret in [s.card_number, s.cvc, s.account_number, s.client_secret, key] {
            if secret.len() >= 6 {
                assert!(!shown.contains(secret), "{what} shows {secret}: {shown}");
            }
        }
    }
}
