//! The stateful mode's flows against a small hand-written API (`small_api/`), over HTTP on
//! 127.0.0.1: a PaymentIntent's state machine with Stripe's test cards, what a refused request
//! keeps (a decline) and undoes (a request in the wrong state), and the reaction of one flow to
//! another's event (an invoice paid when its PaymentIntent succeeds).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use stripekit_mock::mode::Stateful;
use stripekit_mock::{MockApi, MockServer};

/// The small API, read once.
fn small_api() -> Arc<MockApi> {
    static API: OnceLock<Arc<MockApi>> = OnceLock::new();
    Arc::clone(API.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/small_api");
        let api = MockApi::load(&dir.join("spec3.yaml"), &dir.join("fixtures3.json"));
        Arc::new(api.expect("the small API loads"))
    }))
}

/// A stateful server of the small API, and a way to call it.
struct Api {
    server: MockServer<Stateful>,
    http: reqwest::Client,
}

impl Api {
    async fn start() -> Api {
        let server = MockServer::builder(small_api())
            .stateful()
            .start()
            .await
            .expect("the mock starts");
        Api {
            server,
            http: reqwest::Client::new(),
        }
    }

    /// `POST path` with `form`: the status and the JSON answer.
    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .post(format!("{}{path}", self.server.url()))
            .form(form);
        send(request).await
    }

    /// `GET path`: the status and the JSON answer.
    async fn get(&self, path: &str) -> (u16, Value) {
        send(self.http.get(format!("{}{path}", self.server.url()))).await
    }

    /// `POST path` that must succeed: its answer.
    async fn ok(&self, path: &str, form: &[(&str, &str)]) -> Value {
        let (status, answer) = self.post(path, form).await;
        assert_eq!(status, 200, "POST {path}: {answer}");
        answer
    }

    /// The types of the events recorded so far, newest first.
    async fn event_types(&self) -> Vec<String> {
        let (status, list) = self.get("/v1/events?limit=100").await;
        assert_eq!(status, 200, "{list}");
        let data = list["data"].as_array().expect("a list of events");
        data.iter()
            .map(|event| event["type"].as_str().unwrap().to_string())
            .collect()
    }
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request
        .header("authorization", "Bearer sk_test_flows")
        .send()
        .await
        .expect("the mock answers");
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("a whole answer");
    (
        status,
        serde_json::from_slice(&body).expect("a JSON answer"),
    )
}

fn id(object: &Value) -> String {
    object["id"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn a_payment_intent_confirmed_with_a_test_card_succeeds_with_its_charge_and_events() {
    let api = Api::start().await;
    let customer = api
        .ok("/v1/customers", &[("email", "jo@example.com")])
        .await;
    let intent = api
        .ok(
            "/v1/payment_intents",
            &[
                ("amount", "2000"),
                ("currency", "usd"),
                ("customer", &id(&customer)),
            ],
        )
        .await;
    assert_eq!(intent["status"], "requires_payment_method");
    let confirm = format!("/v1/payment_intents/{}/confirm", id(&intent));
    let paid = api
        .ok(&confirm, &[("payment_method", "pm_card_visa")])
        .await;
    assert_eq!(paid["status"], "succeeded");
    assert_eq!(paid["amount_received"], 2000);
    let charge_id = paid["latest_charge"].as_str().expect("a charge");
    let (status, charge) = api.get(&format!("/v1/charges/{charge_id}")).await;
    assert_eq!(status, 200, "{charge}");
    assert_eq!(
        (
            &charge["status"],
            &charge["amount"],
            &charge["payment_intent"]
        ),
        (&Value::from("succeeded"), &Value::from(2000), &intent["id"])
    );
    assert_eq!(
        api.event_types().await,
        [
            "payment_intent.succeeded",
            "charge.succeeded",
            "payment_intent.created",
            "customer.created"
        ]
    );
}

#[tokio::test]
async fn a_decline_is_kept_and_a_request_in_the_wrong_state_changes_nothing() {
    let api = Api::start().await;
    let intent = api
        .ok(
            "/v1/payment_intents",
            &[("amount", "500"), ("currency", "eur")],
        )
        .await;
    let path = format!("/v1/payment_intents/{}", id(&intent));

    // A decline: Stripe's 402, and the failed attempt recorded.
    let confirm = format!("{path}/confirm");
    let (status, declined) = api
        .post(&confirm, &[("payment_method", "pm_card_chargeDeclined")])
        .await;
    assert_eq!(status, 402, "{declined}");
    assert_eq!(declined["error"]["type"], "card_error");
    assert_eq!(declined["error"]["code"], "card_declined");
    let (_, kept) = api.get(&path).await;
    assert_eq!(kept["status"], "requires_payment_method");
    let failed_charge = kept["latest_charge"].as_str().expect("the failed charge");
    let (_, charge) = api.get(&format!("/v1/charges/{failed_charge}")).await;
    assert_eq!(charge["status"], "failed");
    let recorded = api.event_types().await;
    assert_eq!(
        recorded,
        [
            "payment_intent.payment_failed",
            "charge.failed",
            "payment_intent.created"
        ]
    );

    // Canceled, it cannot be confirmed: a 400 that changes and records nothing.
    let canceled = api.ok(&format!("{path}/cancel"), &[]).await;
    assert_eq!(canceled["status"], "canceled");
    let (status, refused) = api
        .post(&confirm, &[("payment_method", "pm_card_visa")])
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["code"], "payment_intent_unexpected_state");
    let (_, after) = api.get(&path).await;
    assert_eq!(
        after, canceled,
        "the refused confirmation changed the intent"
    );
    let mut expected = vec!["payment_intent.canceled".to_string()];
    expected.extend(recorded);
    assert_eq!(api.event_types().await, expected);
}

#[tokio::test]
async fn an_invoice_is_paid_when_its_payment_intent_succeeds() {
    let api = Api::start().await;
    let customer = id(&api.ok("/v1/customers", &[]).await);
    api.ok(
        "/v1/invoiceitems",
        &[
            ("customer", &customer),
            ("amount", "1500"),
            ("currency", "usd"),
        ],
    )
    .await;
    let invoice = api.ok("/v1/invoices", &[("customer", &customer)]).await;
    assert_eq!(
        (&invoice["status"], &invoice["amount_due"]),
        (&"draft".into(), &1500.into())
    );
    let path = format!("/v1/invoices/{}", id(&invoice));
    let open = api.ok(&format!("{path}/finalize"), &[]).await;
    assert_eq!(open["status"], "open");
    let intent = open["payment_intent"]
        .as_str()
        .expect("the invoice's PaymentIntent");

    // The PaymentIntent knows nothing of invoices; its success pays the invoice.
    let confirm = format!("/v1/payment_intents/{intent}/confirm");
    let paid = api
        .ok(&confirm, &[("payment_method", "pm_card_visa")])
        .await;
    assert_eq!(paid["status"], "succeeded");
    let (_, invoice) = api.get(&path).await;
    assert_eq!(invoice["status"], "paid", "{invoice}");
    assert_eq!(invoice["amount_paid"], 1500);
    let events = api.event_types().await;
    assert_eq!(
        events[..4],
        [
            "invoice.payment_succeeded",
            "invoice.paid",
            "payment_intent.succeeded",
            "charge.succeeded"
        ]
    );
}

#[tokio::test]
async fn an_object_that_does_not_exist_is_missing_and_a_reference_to_one_is_refused() {
    let api = Api::start().await;
    let (status, missing) = api.get("/v1/payment_intents/pi_never").await;
    assert_eq!(status, 404, "{missing}");
    assert_eq!(missing["error"]["code"], "resource_missing");
    let (status, refused) = api.post("/v1/invoices", &[("customer", "cus_never")]).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["param"], "customer");
    assert!(api.event_types().await.is_empty(), "nothing was recorded");
}
