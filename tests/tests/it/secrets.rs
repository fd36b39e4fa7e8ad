//! Secrets stay secret: no card number, CVC, bank account number, client secret, key or
//! government id in any `Debug`, error or tracing output, as the table of sensitive fields
//! (`stripe_generated::sensitive`) says.
//!
//! - The generated tree, read as code: every field that the table names at its place is printed
//!   redacted by its type's `Debug`, no other field is, and a type without one derives `Debug`.
//! - Values: requests and responses (every resource of the pinned fixtures) holding random
//!   secrets print the same as with other random secrets, and never show them; so do the errors
//!   made from answers that hold them, and the tracing output and the mock's request log of real
//!   requests against the mock.
//!
//! Each property runs `PROPTEST_CASES` cases (default 64 here; `cargo xtask fuzz` runs more).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use quote::ToTokens;
use serde_json::{Value, json};
use stripe_generated::StripeRequest;
use stripe_generated::sensitive::{SENSITIVE_FIELDS, classify};
use stripe_spec_pins as pins;
use stripe_tests::{ResourceTask, with_resource_type};
use stripekit::{Client, SendRequest};

fn config() -> ProptestConfig {
    crate::common::property_config(64)
}

// ---------------------------------------------------------------------------------------------
// The generated tree, read as code.

/// A struct or enum of the generated tree, as the test needs it.
#[derive(Default)]
struct Item {
    file: PathBuf,
    /// The field names of a struct.
    fields: Vec<String>,
    /// The places its `Spec:` doc line names (empty for a request, whose fields are at the top
    /// level).
    parents: Vec<String>,
    derives_debug: bool,
    /// An enum with `Unknown(serde_json::Value)`: an object union.
    object_union: bool,
    /// The tokens of its hand-written `impl Debug`, if it has one.
    debug_impl: Option<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The places a type's `Spec:` doc line names, split into the names that can hold a field: a
/// component schema whole (`issuing.card`), the segments of a field path.
fn spec_places(doc: &str) -> Vec<String> {
    let Some(line) = doc.lines().find_map(|l| l.trim().strip_prefix("Spec: ")) else {
        return Vec::new();
    };
    let quoted: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
    if line.starts_with("the ") {
        // `the X schema` or `the X concept`: the name whole.
        return quoted.iter().map(|q| q.to_string()).collect();
    }
    let mut places = Vec::new();
    for q in quoted {
        places.push(q.to_string());
        places.extend(q.split('.').map(str::to_string));
    }
    places
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    let mut doc = String::new();
    for attr in attrs {
        if let syn::Meta::NameValue(nv) = &attr.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            doc.push_str(&s.value());
            doc.push('\n');
        }
    }
    doc
}

/// A `#[derive(…Debug…)]`, or the same under `#[cfg_attr(…)]` (a shared type's derives are
/// compiled for the areas that use it).
fn derives_debug(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let tokens = a.to_token_stream().to_string();
        (a.path().is_ident("derive") || a.path().is_ident("cfg_attr") && tokens.contains("derive"))
            && tokens.contains("Debug")
    })
}

/// The items of a file, with those of its `const _: () = { … };` blocks (where a shared type's
/// impls are, behind the features that use it).
fn flatten(items: Vec<syn::Item>) -> Vec<syn::Item> {
    let mut out = Vec::new();
    for item in items {
        match item {
            syn::Item::Const(c) if c.ident == "_" => {
                if let syn::Expr::Block(block) = *c.expr {
                    for stmt in block.block.stmts {
                        if let syn::Stmt::Item(inner) = stmt {
                            out.push(inner);
                        }
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn generated_items() -> BTreeMap<String, Item> {
    let root = pins::workspace_root().join("stripe-generated");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() > 100,
        "the generated tree at {}",
        root.display()
    );
    let mut items: BTreeMap<String, Item> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let parsed = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        for item in flatten(parsed.items) {
            match item {
                syn::Item::Struct(s) => {
                    let entry = items.entry(s.ident.to_string()).or_default();
                    entry.file = file.clone();
                    entry.fields = s
                        .fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
                        .collect();
                    entry.parents = spec_places(&doc_of(&s.attrs));
                    entry.derives_debug = derives_debug(&s.attrs);
                }
                syn::Item::Enum(e) => {
                    let entry = items.entry(e.ident.to_string()).or_default();
                    entry.file = file.clone();
                    entry.derives_debug = derives_debug(&e.attrs);
                    entry.object_union = e.variants.iter().any(|v| {
                        v.ident == "Unknown"
                            && v.fields.to_token_stream().to_string() == "(serde_json :: Value)"
                    });
                }
                syn::Item::Impl(i) => {
                    let is_debug = i.trait_.as_ref().is_some_and(|(_, path, _)| {
                        path.segments.last().is_some_and(|s| s.ident == "Debug")
                    });
                    if let (true, syn::Type::Path(ty)) = (is_debug, &*i.self_ty) {
                        let name = ty.path.segments.last().unwrap().ident.to_string();
                        // A call that prettyplease wrapped has a trailing comma.
                        let tokens = i.to_token_stream().to_string().replace(" ,)", ")");
                        items.entry(name).or_default().debug_impl = Some(tokens);
                    }
                }
                _ => {}
            }
        }
    }
    items
}

/// Whether the table names field `name` of a type found at `parents` (none: a request's top
/// level).
fn in_the_table(name: &str, parents: &[String]) -> bool {
    classify(name, None).is_some() || parents.iter().any(|p| classify(name, Some(p)).is_some())
}

/// The fields an `impl Debug` prints redacted.
fn redacted_in(debug_impl: &str, fields: &[String]) -> BTreeSet<String> {
    fields
        .iter()
        .filter(|f| {
            debug_impl.contains(&format!(
                "(\"{f}\" , & crate :: redact :: option (& self . {f}))"
            )) || debug_impl.contains(&format!("(\"{f}\" , & crate :: redact :: Redacted)"))
        })
        .cloned()
        .collect()
}

#[test]
fn every_sensitive_field_of_the_generated_tree_is_redacted_and_no_other() {
    let items = generated_items();
    let mut problems = Vec::new();
    let mut redacted_fields = 0;
    let mut redacting_types = 0;
    for (name, item) in &items {
        let where_ = item.file.display();
        if item.object_union {
            let prints_unknown_redacted = item.debug_impl.as_deref().is_some_and(|i| {
                i.contains("\"Unknown\" , & crate :: redact :: Json (value))")
                    && !item.derives_debug
            });
            if !prints_unknown_redacted {
                problems.push(format!(
                    "{name} ({where_}): Unknown is not printed redacted"
                ));
            }
            continue;
        }
        if item.fields.is_empty() {
            continue;
        }
        let expected: BTreeSet<String> = item
            .fields
            .iter()
            .filter(|f| in_the_table(f, &item.parents))
            .cloned()
            .collect();
        let Some(debug_impl) = &item.debug_impl else {
            if !expected.is_empty() {
                problems.push(format!("{name} ({where_}): {expected:?} not redacted"));
            } else if !item.derives_debug {
                problems.push(format!("{name} ({where_}): no Debug at all"));
            }
            continue;
        };
        if item.derives_debug {
            problems.push(format!(
                "{name} ({where_}): derives Debug and writes its own"
            ));
        }
        let redacted = redacted_in(debug_impl, &item.fields);
        if redacted != expected {
            problems.push(format!(
                "{name} ({where_}): redacts {redacted:?}, the table says {expected:?} (places {:?})",
                item.parents
            ));
        }
        // Every field is printed, as a derived `Debug` would.
        for field in &item.fields {
            if !debug_impl.contains(&format!("(\"{field}\" ,")) {
                problems.push(format!("{name} ({where_}): `{field}` is not printed"));
            }
        }
        redacted_fields += redacted.len();
        redacting_types += usize::from(!redacted.is_empty());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every row of the table is found in the tree it was written for.
    for row in SENSITIVE_FIELDS {
        let found = items.values().any(|item| {
            item.fields.iter().any(|f| f == row.name)
                && (row.parents.is_empty()
                    || item
                        .parents
                        .iter()
                        .any(|p| row.parents.contains(&p.as_str())))
        });
        assert!(found, "no generated type has {row:?}");
    }
    println!("{redacted_fields} fields redacted in {redacting_types} types");
}

// ---------------------------------------------------------------------------------------------
// Values holding secrets.

/// One draw of every kind of secret.
#[derive(Clone, Debug)]
struct Secrets {
    card_number: String,
    cvc: String,
    account_number: String,
    iban: String,
    client_secret: String,
    webhook_secret: String,
    id_number: String,
    dob_year: i64,
}

impl Secrets {
    /// The same fields with values that hold no digit: what the output is compared with.
    fn placeholders() -> Secrets {
        Secrets {
            card_number: "CARDNUMBER".into(),
            cvc: "CVC".into(),
            account_number: "ACCOUNTNUMBER".into(),
            iban: "IBAN".into(),
            client_secret: "pi_x_secret_placeholder".into(),
            webhook_secret: "whsec_placeholder".into(),
            id_number: "IDNUMBER".into(),
            dob_year: 1,
        }
    }

    fn all(&self) -> Vec<String> {
        vec![
            self.card_number.clone(),
            self.cvc.clone(),
            self.account_number.clone(),
            self.iban.clone(),
            self.client_secret.clone(),
            self.webhook_secret.clone(),
            self.id_number.clone(),
        ]
    }

    /// The secret string for a field of the table.
    fn for_field(&self, name: &str) -> String {
        match name {
            "number" => self.card_number.clone(),
            "cvc" => self.cvc.clone(),
            "account_number" | "clabe" => self.account_number.clone(),
            "iban" => self.iban.clone(),
            "client_secret" | "url" | "payload" => self.client_secret.clone(),
            "secret" => self.webhook_secret.clone(),
            _ => self.id_number.clone(),
        }
    }
}

fn secrets() -> impl Strategy<Value = Secrets> {
    (
        "[2-9][0-9]{12,18}",
        "[0-9]{3,4}",
        "[0-9]{6,17}",
        "[A-Z]{2}[0-9]{2}[A-Z0-9]{12,28}",
        "pi_[A-Za-z0-9]{24}_secret_[A-Za-z0-9]{25}",
        "whsec_[A-Za-z0-9]{32}",
        "[0-9]{9}",
        1900i64..2010,
    )
        .prop_map(
            |(card, cvc, account, iban, client, whsec, id_number, year)| Secrets {
                card_number: card,
                cvc,
                account_number: account,
                iban,
                client_secret: client,
                webhook_secret: whsec,
                id_number,
                dob_year: year,
            },
        )
}

/// Every run of six digits of the secrets' digits.
fn digit_windows(secret: &str) -> Vec<String> {
    let mut windows = Vec::new();
    for run in secret.split(|c: char| !c.is_ascii_digit()) {
        for start in 0..run.len().saturating_sub(5) {
            windows.push(run[start..start + 6].to_string());
        }
    }
    windows
}

/// `shown` (made with `drawn`) equals `other` (made with another draw), contains none of the
/// drawn secrets, and no run of six of their digits that `template` (made with placeholders)
/// does not already hold.
fn assert_hidden(what: &str, shown: &str, other: &str, template: &str, drawn: &Secrets) {
    assert_eq!(shown, other, "{what}: the output depends on the secrets");
    for secret in drawn.all() {
        if secret.len() >= 6 {
            assert!(!shown.contains(&secret), "{what} shows {secret}: {shown}");
        }
        for window in digit_windows(&secret) {
            assert!(
                !shown.contains(&window) || template.contains(&window),
                "{what} shows {window} of {secret}: {shown}"
            );
        }
    }
}

/// Requests that take every kind of secret, built with `s`, as `Debug` prints them.
fn requests_debug(s: &Secrets) -> String {
    use stripekit::{
        ConfirmPaymentIntent, CreatePaymentMethod, CreatePaymentMethodCardDetails,
        CreatePaymentMethodSepaDebit, CreateToken, CreateTokenBankAccount,
        CreateTokenCardCreditCard, DateOfBirthParams, IndividualParams, PaymentMethodType,
        RetrievePaymentIntent, UpdateAccount,
    };

    let card =
        CreatePaymentMethodCardDetails::new(12, 2034, s.card_number.as_str()).cvc(s.cvc.as_str());
    let payment_method = CreatePaymentMethod::new()
        .type_(PaymentMethodType::Card)
        .card(card)
        .sepa_debit(CreatePaymentMethodSepaDebit::new(s.iban.as_str()));
    let token = CreateToken::new()
        .bank_account(CreateTokenBankAccount::new(s.account_number.as_str(), "US"))
        .card(
            CreateTokenCardCreditCard::new("12", "2034", s.card_number.as_str())
                .cvc(s.cvc.as_str()),
        );
    let confirm = ConfirmPaymentIntent::new("pi_123").client_secret(s.client_secret.as_str());
    let retrieve = RetrievePaymentIntent::new("pi_123").client_secret(s.client_secret.as_str());
    let individual = IndividualParams::new()
        .id_number(s.id_number.as_str())
        .ssn_last_4(&s.id_number[..4])
        .dob(DateOfBirthParams::new(1, 2, s.dob_year));
    let account = UpdateAccount::new("acct_123").individual(individual);
    let bodies = [
        payment_method.body(),
        token.body(),
        confirm.body(),
        retrieve.body(),
        account.body(),
    ];
    format!("{payment_method:?}\n{token:?}\n{confirm:?}\n{retrieve:?}\n{account:?}\n{bodies:?}")
}

/// The fixtures of the pinned spec, by resource id, read once.
fn fixtures() -> &'static serde_json::Map<String, Value> {
    static FIXTURES: std::sync::OnceLock<serde_json::Map<String, Value>> =
        std::sync::OnceLock::new();
    FIXTURES.get_or_init(stripe_tests::pinned::fixtures)
}

/// Sensitive fields some resources have that their fixture leaves out: added, so that these
/// types are tried too.
const ADDED: &[(&str, &[&str])] = &[
    ("issuing.card", &["number", "cvc"]),
    ("webhook_endpoint", &["secret"]),
    ("ephemeral_key", &["secret"]),
    ("apps.secret", &["payload"]),
];

/// `value` with every sensitive field the table finds in it (by the key that holds each object,
/// or its `object` tag) set to a secret of `s`: every string and integer inside it.
fn with_secrets(value: &Value, holder: Option<&str>, s: &Secrets) -> Value {
    match value {
        Value::Object(map) => {
            let tag = map.get("object").and_then(Value::as_str);
            let mut out = serde_json::Map::new();
            for (key, field) in map {
                let sensitive = classify(key, holder).or_else(|| classify(key, tag));
                let field = match sensitive {
                    Some(_) => fill(field, &s.for_field(key), s.dob_year),
                    None => with_secrets(field, Some(key), s),
                };
                out.insert(key.clone(), field);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| with_secrets(v, holder, s)).collect())
        }
        other => other.clone(),
    }
}

/// Every string of `value` set to `text` and every integer to `number`.
fn fill(value: &Value, text: &str, number: i64) -> Value {
    match value {
        Value::String(_) => Value::String(text.to_string()),
        Value::Number(n) if n.is_i64() => json!(number),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, text, number)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, text, number)).collect()),
        other => other.clone(),
    }
}

/// Every resource of the fixtures with the secrets of `s`, as its type's `Debug` prints it.
fn responses_debug(s: &Secrets) -> BTreeMap<String, String> {
    struct Shown(Value);

    impl ResourceTask for Shown {
        type Output = Result<String, String>;

        fn run<T: stripe_generated::FromJson + serde::Serialize + std::fmt::Debug>(
            self,
        ) -> Self::Output {
            let typed: T = stripe_generated::decode::json(self.0.to_string().as_bytes())
                .map_err(|e| e.to_string())?;
            Ok(format!("{typed:?}"))
        }
    }

    let mut out = BTreeMap::new();
    for (id, fixture) in fixtures() {
        let mut fixture = fixture.clone();
        for (added_to, fields) in ADDED {
            if added_to == id {
                for field in *fields {
                    fixture[*field] = json!("added");
                }
            }
        }
        let value = with_secrets(&fixture, None, s);
        // The same object, as a webhook event carries it, and as an object of a type this crate
        // does not know.
        let event = json!({
            "id": "evt_1", "object": "event", "api_version": "2022-11-15", "created": 1,
            "livemode": false, "pending_webhooks": 0, "request": null, "type": "a.new.type",
            "data": { "object": value, "previous_attributes": value },
        });
        let mut unknown = value.clone();
        unknown["object"] = json!("a_new_object");
        let event_with_unknown = json!({
            "id": "evt_2", "object": "event", "api_version": "2022-11-15", "created": 1,
            "livemode": false, "pending_webhooks": 0, "request": null, "type": "a.new.type",
            "data": { "object": unknown },
        });
        let shown = with_resource_type(id, Shown(value));
        if let Some(shown) = shown {
            let shown = shown.unwrap_or_else(|e| panic!("{id} does not decode: {e}"));
            out.insert(id.clone(), shown);
        }
        for (name, event) in [("event", event), ("unknown", event_with_unknown)] {
            let decoded: stripekit::Event =
                stripe_generated::decode::json(event.to_string().as_bytes())
                    .unwrap_or_else(|e| panic!("an event of {id} does not decode: {e}"));
            out.insert(format!("{id} in an {name} event"), format!("{decoded:?}"));
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn requests_never_show_their_secrets(drawn in secrets(), other in secrets()) {
        let template = requests_debug(&Secrets::placeholders());
        let shown = requests_debug(&drawn);
        assert_hidden("requests", &shown, &requests_debug(&other), &template, &drawn);
    }

    #[test]
    fn responses_never_show_their_secrets(drawn in secrets(), other in secrets()) {
        let template = responses_debug(&Secrets::placeholders());
        let shown = responses_debug(&drawn);
        let others = responses_debug(&other);
        for (id, shown) in &shown {
            assert_hidden(id, shown, &others[id], &template[id], &drawn);
        }
    }
}

#[test]
fn the_fixtures_hold_secrets_that_the_responses_hide() {
    // Not vacuous: the injected secrets are there to be read.
    let drawn = Secrets::placeholders();
    let intent = with_secrets(&fixtures()["payment_intent"], None, &drawn);
    let intent: stripekit::PaymentIntent =
        stripe_generated::decode::json(intent.to_string().as_bytes()).unwrap();
    assert_eq!(
        intent.client_secret.as_deref(),
        Some(drawn.client_secret.as_str())
    );
    let shown = format!("{intent:?}");
    assert!(shown.contains("client_secret: Some([redacted])"), "{shown}");
    let shown = responses_debug(&drawn);
    let redacted = shown.values().filter(|s| s.contains("[redacted]")).count();
    assert!(
        redacted >= 10,
        "only {redacted} fixtures hold a sensitive field"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors made from answers that hold secrets.

/// A server on 127.0.0.1 that answers every request with the status and body in `answer`.
async fn answering_server(answer: Arc<Mutex<(u16, String)>>) -> String {
    let app = axum::Router::new().fallback(move || {
        let answer = answer.clone();
        async move {
            let (status, body) = answer.lock().unwrap().clone();
            let status = axum::http::StatusCode::from_u16(status).unwrap();
            (status, [("content-type", "application/json")], body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// The answers that become errors, with the secrets of `s`: a decline carrying the
/// PaymentIntent, a success that does not decode, JSON (whole and cut short) and a page that are
/// not Stripe's error.
fn bad_answers(s: &Secrets) -> Vec<(u16, String)> {
    let intent = with_secrets(&fixtures()["payment_intent"], None, s);
    let decline = json!({"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined.", "payment_intent": intent,
    }});
    let mut broken = intent.clone();
    broken["amount"] = json!("not a number");
    let not_stripe = json!({"card": {"number": s.card_number, "cvc": s.cvc},
        "client_secret": s.client_secret, "bank_account": {"account_number": s.account_number}});
    let page = format!(
        "<html>card {} account {} id {}</html>",
        s.card_number, s.account_number, s.id_number
    );
    let cut = not_stripe.to_string()[..60].to_string();
    vec![
        (402, decline.to_string()),
        (200, broken.to_string()),
        (500, not_stripe.to_string()),
        (503, cut),
        (502, page),
    ]
}

async fn errors_debug(base: &str, answer: &Mutex<(u16, String)>, s: &Secrets) -> String {
    let client = Client::builder("sk_test_errors")
        .api_base(base)
        .max_retries(0)
        .build()
        .unwrap();
    let mut out = String::new();
    for bad in bad_answers(s) {
        *answer.lock().unwrap() = bad;
        let error = stripekit::RetrievePaymentIntent::new("pi_123")
            .send(&client)
            .await
            .expect_err("a bad answer is an error");
        out.push_str(&format!("{error:?}\n{error}\n"));
    }
    out
}

#[test]
fn errors_never_show_the_secrets_of_the_answer() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let answer = Arc::new(Mutex::new((200, String::new())));
    let base = runtime.block_on(answering_server(answer.clone()));
    let show = |s: &Secrets| runtime.block_on(errors_debug(&base, &answer, s));
    let template = show(&Secrets::placeholders());
    assert!(
        template.contains("card_declined") && template.contains("`amount`"),
        "{template}"
    );
    proptest!(config(), |(drawn in secrets(), other in secrets())| {
        assert_hidden("errors", &show(&drawn), &show(&other), &template, &drawn);
    });
}

// ---------------------------------------------------------------------------------------------
// Tracing output and the mock's log of real requests.
