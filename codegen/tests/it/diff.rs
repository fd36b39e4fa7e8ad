//! `stripe_codegen::diff`: one small spec pair per kind of change, with the exact entries and their
//! classification; the pinned versions against golden outputs and hand-checkable counts; and a
//! spec against itself.
//!
//! Each small pair is `tests/it/diff/base.yaml` and a copy of it with one thing changed, written as
//! JSON-pointer edits.

use serde_json::{Value, json};
use stripe_codegen::diff::{self, Change, Report, RustChange, Version};
use stripe_codegen::ir::SpecSource;
use stripe_codegen::load::{LoadedSpec, SpecFiles, parse};
use stripe_spec_pins::{SpecFile, resolve};

/// The request body schema of `POST /v1/customers`.
const CREATE: &str =
    "/paths/~1v1~1customers/post/requestBody/content/application~1x-www-form-urlencoded/schema";
/// The `GET /v1/customers/{customer}` operation.
const RETRIEVE: &str = "/paths/~1v1~1customers~1{customer}/get";
const CUSTOMER: &str = "/components/schemas/customer";

fn base() -> Value {
    let text = include_str!("diff/base.yaml");
    serde_yaml_ng::from_str(text).expect("base.yaml is YAML")
}

/// An edit of the base spec: set the value at a JSON pointer, or remove an object's member
/// (`Value::Null`).
fn edited(edits: &[(&str, Value)]) -> Value {
    let mut spec = base();
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = spec
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{parent} is not in the base spec"));
        match (parent, value) {
            (Value::Object(map), Value::Null) => {
                map.remove(&key)
                    .unwrap_or_else(|| panic!("{pointer} is not there"));
            }
            (Value::Object(map), value) => {
                map.insert(key, value.clone());
            }
            (Value::Array(items), value) if !value.is_null() => {
                let index: usize = key.parse().expect("an array index");
                items[index] = value.clone();
            }
            (other, _) => panic!("{pointer}: cannot edit {other}"),
        }
    }
    spec
}

fn version(spec: &Value, label: &str) -> Version {
    let bytes = serde_json::to_vec(spec).unwrap();
    let openapi = parse(&bytes, true).unwrap_or_else(|e| panic!("{label}: {e}"));
    let source = SpecSource {
        label: label.into(),
        sha256: "0".repeat(64),
    };
    let fixtures = None;
    Version::of(&LoadedSpec {
        openapi,
        source,
        fixtures,
    })
    .unwrap_or_else(|e| panic!("{label}: {e}"))
}

/// The base spec diffed against the base with `edits`.
fn diff_edits(edits: &[(&str, Value)]) -> Report {
    diff::diff(&version(&base(), "old"), &version(&edited(edits), "new"))
}

/// `kind side place [path] old -> new breaking`, one per change.
fn lines(report: &Report) -> Vec<String> {
    report.changes.iter().map(line).collect()
}

fn line(c: &Change) -> String {
    let name = |v: Value| v.as_str().unwrap().to_string();
    let place = match (&c.operation, &c.schema) {
        (Some(op), _) => op.clone(),
        (None, Some(schema)) => format!("schema {schema}"),
        (None, None) => "api".into(),
    };
    format!(
        "{} {} {place} [{}] {} -> {}{} breaking={}",
        name(json!(c.kind)),
        name(json!(c.side)),
        c.path,
        c.old.as_deref().unwrap_or("-"),
        c.new.as_deref().unwrap_or("-"),
        c.required
            .map_or(String::new(), |r| format!(" required={r}")),
        c.breaking
    )
}

/// `change kind item breaking`, one per generated item that changes.
fn rust_lines(report: &Report) -> Vec<String> {
    report.rust_impact.iter().map(rust_line).collect()
}

fn rust_line(c: &RustChange) -> String {
    let name = |v: Value| v.as_str().unwrap().to_string();
    format!(
        "{} {} {} breaking={}",
        name(json!(c.change)),
        name(json!(c.kind)),
        c.item,
        c.breaking
    )
}

/// Asserts the exact wire changes and generated-item changes of one edit.
#[track_caller]
fn check(edits: &[(&str, Value)], changes: &[&str], rust: &[&str]) {
    let report = diff_edits(edits);
    assert_eq!(lines(&report), changes, "wire changes of {edits:?}");
    assert_eq!(rust_lines(&report), rust, "Rust changes of {edits:?}");
    let summary = &report.summary;
    assert_eq!(summary.changes, changes.len());
    assert_eq!(summary.rust_changes, rust.len());
}

#[test]
fn a_spec_diffed_against_itself_reports_nothing() {
    let report = diff_edits(&[]);
    assert!(report.is_empty(), "{}", report.to_text());
    assert!(!report.has_breaking());
    assert!(report.to_text().ends_with("No changes.\n"));
}

#[test]
fn the_api_version() {
    check(
        &[("/info/version", json!("2023-08-16"))],
        &["api_version_changed api api [] 2022-11-15 -> 2023-08-16 breaking=true"],
        &[],
    );
}

#[test]
fn operations_added_removed_and_deprecated() {
    let delete = json!({
        "operationId": "DeleteCustomersCustomer",
        "parameters": [{"in": "path", "name": "customer", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/customer"}}}}}
    });
    check(
        &[("/paths/~1v1~1customers~1{customer}/delete", delete)],
        &["operation_added api DELETE /v1/customers/{customer} [] - -> - breaking=false"],
        // Its constructor, fields and methods come with it.
        &["added request DeleteCustomer breaking=false"],
    );
    check(
        &[(RETRIEVE, Value::Null)],
        &["operation_removed api GET /v1/customers/{customer} [] - -> - breaking=true"],
        &["removed request RetrieveCustomer breaking=true"],
    );
    check(
        &[(&format!("{RETRIEVE}/deprecated"), json!(true))],
        &["operation_deprecated api GET /v1/customers/{customer} [] - -> - breaking=false"],
        &[],
    );
}

#[test]
fn request_parameters_added() {
    check(
        &[(
            &format!("{CREATE}/properties/phone"),
            json!({"type": "string"}),
        )],
        &[
            "field_added request POST /v1/customers [phone] - -> string required=false breaking=false",
        ],
        &["added method CreateCustomer::phone breaking=false"],
    );
    check(
        &[
            (
                &format!("{CREATE}/properties/phone"),
                json!({"type": "string"}),
            ),
            (&format!("{CREATE}/required"), json!(["name", "phone"])),
        ],
        &["field_added request POST /v1/customers [phone] - -> string required=true breaking=true"],
        &["changed constructor CreateCustomer::new breaking=true"],
    );
    let limit = json!([
        {"in": "path", "name": "customer", "required": true, "schema": {"type": "string"}},
        {"in": "query", "name": "expand", "required": false, "schema": {"type": "array", "items": {"type": "string"}}},
        {"in": "query", "name": "limit", "required": false, "schema": {"type": "integer"}}
    ]);
    check(
        &[(&format!("{RETRIEVE}/parameters"), limit)],
        &[
            "field_added request GET /v1/customers/{customer} [limit] - -> integer required=false breaking=false",
        ],
        &["added method RetrieveCustomer::limit breaking=false"],
    );
}

#[test]
fn request_parameters_removed_and_nested_fields() {
    check(
        &[(&format!("{CREATE}/properties/email"), Value::Null)],
        &["field_removed request POST /v1/customers [email] string -> - breaking=true"],
        &["removed method CreateCustomer::email breaking=true"],
    );
    // Inside the object variant of a clearable parameter: a builder too, so a new field is a
    // new method and breaks nothing.
    let address = format!("{CREATE}/properties/address/anyOf/0/properties");
    check(
        &[(&format!("{address}/city"), Value::Null)],
        &["field_removed request POST /v1/customers [address.city] string -> - breaking=true"],
        &["removed method CreateCustomerAddress::city breaking=true"],
    );
    check(
        &[(&format!("{address}/country"), json!({"type": "string"}))],
        &[
            "field_added request POST /v1/customers [address.country] - -> string required=false breaking=false",
        ],
        &["added method CreateCustomerAddress::country breaking=false"],
    );
}

#[test]
fn request_parameters_turned_required_or_optional() {
    check(
        &[(&format!("{CREATE}/required"), json!(["name", "email"]))],
        &["became_required request POST /v1/customers [email] - -> - breaking=true"],
        &[
            "removed method CreateCustomer::email breaking=true",
            "changed constructor CreateCustomer::new breaking=true",
        ],
    );
    check(
        &[(&format!("{CREATE}/required"), json!([]))],
        &["became_optional request POST /v1/customers [name] - -> - breaking=false"],
        &[
            "added default CreateCustomer: Default breaking=false",
            "added method CreateCustomer::name breaking=false",
            "changed constructor CreateCustomer::new breaking=true",
        ],
    );
}

#[test]
fn request_parameter_types_and_enum_values() {
    check(
        &[(
            &format!("{CREATE}/properties/email"),
            json!({"type": "integer"}),
        )],
        &["type_changed request POST /v1/customers [email] string -> integer breaking=true"],
        &["changed method CreateCustomer::email breaking=true"],
    );
    // The request's `tax_exempt` is the customer's enum (the request returns a customer).
    let tax_exempt = format!("{CREATE}/properties/tax_exempt/enum");
    check(
        &[(&tax_exempt, json!(["exempt", "none", "reverse", "other"]))],
        &["enum_value_added request POST /v1/customers [tax_exempt] - -> other breaking=false"],
        &["added variant CustomerTaxExempt::Other breaking=false"],
    );
    check(
        &[(&tax_exempt, json!(["exempt", "none"]))],
        &["enum_value_removed request POST /v1/customers [tax_exempt] reverse -> - breaking=true"],
        &[],
    );
}

#[test]
fn response_fields_added_removed_and_retyped() {
    check(
        &[(
            &format!("{CUSTOMER}/properties/phone"),
            json!({"type": "string"}),
        )],
        &["field_added response schema customer [phone] - -> string required=false breaking=false"],
        &["added field Customer.phone breaking=false"],
    );
    check(
        &[(&format!("{CUSTOMER}/properties/test_clock"), Value::Null)],
        &["field_removed response schema customer [test_clock] string -> - breaking=true"],
        &["removed field Customer.test_clock breaking=true"],
    );
    check(
        &[(
            &format!("{CUSTOMER}/properties/balance"),
            json!({"type": "string"}),
        )],
        &["type_changed response schema customer [balance] integer -> string breaking=true"],
        &["changed field Customer.balance breaking=true"],
    );
}

#[test]
fn response_fields_turned_nullable_or_optional() {
    check(
        &[(
            &format!("{CUSTOMER}/properties/balance/nullable"),
            json!(true),
        )],
        &["became_nullable response schema customer [balance] - -> - breaking=true"],
        &["changed field Customer.balance breaking=true"],
    );
    check(
        &[(
            &format!("{CUSTOMER}/properties/email/nullable"),
            Value::Null,
        )],
        &["became_non_nullable response schema customer [email] - -> - breaking=false"],
        &["changed field Customer.email breaking=true"],
    );
    check(
        &[(
            &format!("{CUSTOMER}/required"),
            json!(["id", "object", "email", "tax_exempt"]),
        )],
        &["became_optional response schema customer [balance] - -> - breaking=true"],
        &["changed field Customer.balance breaking=true"],
    );
}

#[test]
fn response_enum_values() {
    let tax_exempt = format!("{CUSTOMER}/properties/tax_exempt/enum");
    // The generated enum keeps unknown values, so a new one breaks no Rust code.
    check(
        &[(&tax_exempt, json!(["exempt", "none", "reverse", "other"]))],
        &["enum_value_added response schema customer [tax_exempt] - -> other breaking=true"],
        &["added variant CustomerTaxExempt::Other breaking=false"],
    );
    // `POST /v1/customers` returns a customer and still sends `reverse`: its `tax_exempt` is the
    // customer's enum, which keeps the value.
    check(
        &[(&tax_exempt, json!(["exempt", "none"]))],
        &["enum_value_removed response schema customer [tax_exempt] reverse -> - breaking=false"],
        &[],
    );
    check(
        &[
            (&tax_exempt, json!(["exempt", "none"])),
            (
                &format!("{CREATE}/properties/tax_exempt/enum"),
                json!(["exempt", "none"]),
            ),
        ],
        &[
            "enum_value_removed request POST /v1/customers [tax_exempt] reverse -> - breaking=true",
            "enum_value_removed response schema customer [tax_exempt] reverse -> - breaking=false",
        ],
        &["removed variant CustomerTaxExempt::Reverse breaking=true"],
    );
}

#[test]
fn expandable_fields() {
    let expandable = json!({
        "nullable": false,
        "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/card"}],
        "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/card"}]}
    });
    check(
        &[(&format!("{CUSTOMER}/properties/test_clock"), expandable)],
        &["expandable_added response schema customer [test_clock] - -> card breaking=false"],
        &["changed field Customer.test_clock breaking=true"],
    );
    check(
        &[(
            &format!("{CUSTOMER}/properties/default_card"),
            json!({"type": "string", "nullable": true}),
        )],
        &["expandable_removed response schema customer [default_card] card -> - breaking=true"],
        &["changed field Customer.default_card breaking=true"],
    );
}

#[test]
fn union_variants() {
    let source = format!("{CUSTOMER}/properties/source/anyOf");
    let refs = |names: &[&str]| {
        let refs: Vec<Value> = names
            .iter()
            .map(|n| json!({"$ref": format!("#/components/schemas/{n}")}))
            .collect();
        json!(refs)
    };
    check(
        &[(&source, refs(&["card", "bank_account", "customer"]))],
        &["variant_added response schema customer [source] - -> customer breaking=true"],
        // The generator names an inline union after its variants, so a new variant renames it.
        &[
            "renamed type CardOrBankAccountOrCustomer breaking=true",
            "added variant CardOrBankAccountOrCustomer::Customer breaking=false",
        ],
    );
    check(
        &[(&source, refs(&["card"]))],
        &["variant_removed response schema customer [source] bank_account -> - breaking=false"],
        // No operation returns a bank account any more, so its type moves to the shared module,
        // which is always compiled.
        &[
            "moved type BankAccount breaking=false",
            "removed type CardOrBankAccount breaking=true",
            "changed field Customer.source breaking=true",
        ],
    );
}

#[test]
fn schemas_added_removed_and_renamed() {
    let tax_id = json!({
        "type": "object",
        "required": ["id", "object"],
        "properties": {"id": {"type": "string"}, "object": {"type": "string", "enum": ["tax_id"]}}
    });
    check(
        &[("/components/schemas/tax_id", tax_id)],
        &["schema_added response schema tax_id [] - -> - breaking=false"],
        &[
            "added variant Resource::TaxId breaking=false",
            "added type TaxId breaking=false",
        ],
    );
    let card_only = json!({"nullable": true, "anyOf": [{"$ref": "#/components/schemas/card"}]});
    check(
        &[
            ("/components/schemas/bank_account", Value::Null),
            (&format!("{CUSTOMER}/properties/source"), card_only),
        ],
        &[
            "schema_removed response schema bank_account [] - -> - breaking=true",
            "variant_removed response schema customer [source] bank_account -> - breaking=false",
        ],
        &[
            "removed type BankAccount breaking=true",
            "removed type CardOrBankAccount breaking=true",
            "changed field Customer.source breaking=true",
            "removed variant Resource::BankAccount breaking=true",
        ],
    );
    // The same shape under a new name, and the reference to it follows: one rename on the wire.
    // In Rust the type is renamed, and so are the union named after it and the variants named
    // after it.
    let bank_account = base()["components"]["schemas"]["bank_account"].clone();
    check(
        &[
            ("/components/schemas/bank_account", Value::Null),
            ("/components/schemas/bank_account_details", bank_account),
            (
                &format!("{CUSTOMER}/properties/source/anyOf/1"),
                json!({"$ref": "#/components/schemas/bank_account_details"}),
            ),
        ],
        &[
            "schema_renamed response schema bank_account [] bank_account -> bank_account_details breaking=false",
        ],
        &[
            "renamed type BankAccountDetails breaking=true",
            "renamed type CardOrBankAccountDetails breaking=true",
            "removed variant CardOrBankAccountDetails::BankAccount breaking=true",
            "added variant CardOrBankAccountDetails::BankAccountDetails breaking=false",
            "removed variant Resource::BankAccount breaking=true",
            "added variant Resource::BankAccountDetails breaking=false",
        ],
    );
}

#[test]
fn an_operation_response_changes_type() {
    check(
        &[(
            &format!("{RETRIEVE}/responses/200/content/application~1json/schema/$ref"),
            json!("#/components/schemas/card"),
        )],
        &[
            "type_changed response GET /v1/customers/{customer} [response] customer -> card breaking=true",
        ],
        // The path parameter names what GET on its path returns, so it is a card's id now.
        &[
            "changed response RetrieveCustomer::Response breaking=true",
            "changed constructor RetrieveCustomer::new breaking=true",
        ],
    );
}

/// `customer` and `card` refer to each other and `customer.parent` to `customer`: a change in
/// one of them is reported once, where it is.
#[test]
fn recursive_schemas_report_a_change_once() {
    check(
        &[(
            "/components/schemas/card/properties/exp_month",
            json!({"type": "integer"}),
        )],
        &[
            "field_added response schema card [exp_month] - -> integer required=false breaking=false",
        ],
        &["added field Card.exp_month breaking=false"],
    );
}

#[test]
fn the_json_form_is_stable() {
    let report = diff_edits(&[(&format!("{CREATE}/properties/email"), Value::Null)]);
    let value: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(value["format_version"], 1);
    assert_eq!(value["old"]["label"], "old");
    assert_eq!(value["new"]["api_version"], "2022-11-15");
    assert_eq!(value["summary"]["breaking_changes"], 1);
    assert_eq!(
        value["changes"],
        json!([{
            "kind": "field_removed",
            "side": "request",
            "operation": "POST /v1/customers",
            "path": "email",
            "old": "string",
            "breaking": true,
            "message": "parameter `email` removed (was string)"
        }])
    );
    assert_eq!(
        value["rust_impact"][0],
        json!({
            "kind": "method",
            "change": "removed",
            "item": "CreateCustomer::email",
            "feature": "customers",
            "old": "email(impl Into<String>)",
            "breaking": true,
            "message": "builder method `CreateCustomer::email` removed (was `email(impl Into<String>)`)"
        })
    );
}

#[test]
fn text_and_markdown_forms() {
    let report = diff_edits(&[
        ("/info/version", json!("2023-08-16")),
        (
            &format!("{CUSTOMER}/properties/phone"),
            json!({"type": "string"}),
        ),
    ]);
    assert_eq!(
        report.to_markdown(),
        "# Stripe API diff: old (API version 2022-11-15) → new (API version 2023-08-16)

2 changes, 1 breaking. Operations: 0 added, 0 removed, 0 newly deprecated. Schemas: 0 added, 0 removed, 0 renamed. Rust items: 1 changes, 0 breaking.

## API

- **breaking**: API version `2022-11-15` → `2023-08-16`

## Schemas

- `customer`
  - field `phone` added (optional, string)

## Rust impact

- field `Customer.phone` added: `Option<String>`
"
    );
    assert_eq!(
        report.to_text(),
        "Stripe API diff: old (API version 2022-11-15) -> new (API version 2023-08-16)
2 changes, 1 breaking. Operations: 0 added, 0 removed, 0 newly deprecated. Schemas: 0 added, 0 removed, 0 renamed. Rust items: 1 changes, 0 breaking.

API
  BREAKING API version `2022-11-15` → `2023-08-16`

Schemas
  `customer`
             field `phone` added (optional, string)

Rust impact
           field `Customer.phone` added: `Option<String>`
"
    );
}

#[test]
fn fail_on_breaking_sees_both_halves() {
    // Breaking for a client, absorbed by the generated enum.
    let report = diff_edits(&[(
        &format!("{CUSTOMER}/properties/tax_exempt/enum"),
        json!(["exempt", "none", "reverse", "other"]),
    )]);
    assert!(report.has_breaking());
    assert!(!report.has_breaking_rust());
    // Harmless for a client, breaking for a call of `new` that passed the parameter.
    let report = diff_edits(&[(&format!("{CREATE}/required"), json!([]))]);
    assert!(report.changes.iter().all(|c| !c.breaking));
    assert!(report.has_breaking_rust());
}

// The pinned versions.

fn pinned(tag: &str) -> std::path::PathBuf {
    resolve(tag, SpecFile::Spec).unwrap_or_else(|e| panic!("{e:#}"))
}

fn pinned_diff(old: &str, new: &str) -> Report {
    let files = |tag: &str| SpecFiles::pinned(tag).unwrap_or_else(|e| panic!("{e:#}"));
    diff::diff_files(&files(old), &files(new)).unwrap()
}

/// GET, POST and DELETE operations and component schemas of a pinned spec, counted on the YAML
/// itself rather than through the diff's own model.
fn raw_counts(tag: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(pinned(tag)).unwrap();
    let spec: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let paths = spec["paths"].as_mapping().unwrap();
    let operations = paths
        .values()
        .map(|item| {
            ["get", "post", "delete"]
                .iter()
                .filter(|m| item.get(**m).is_some())
                .count()
        })
        .sum();
    let schemas = spec["components"]["schemas"].as_mapping().unwrap().len();
    (operations, schemas)
}

#[test]
fn v204_to_v271() {
    let report = pinned_diff("v204", "v271");
    let s = &report.summary;
    // v204 has 457 operations and 737 schemas, v271 446 and 757.
    assert_eq!(
        (raw_counts("v204"), raw_counts("v271")),
        ((457, 737), (446, 757))
    );
    assert_eq!((s.operations_added, s.operations_removed), (2, 13));
    assert_eq!(457 + s.operations_added - s.operations_removed, 446);
    // 42 names are new and 22 gone; two of each are the same schema renamed.
    assert_eq!(
        (s.schemas_added, s.schemas_removed, s.schemas_renamed),
        (40, 20, 2)
    );
    assert_eq!(737 + s.schemas_added - s.schemas_removed, 757);
    assert_eq!(
        report.changes[0].message,
        "API version `2022-08-01` → `2022-11-15`"
    );
    insta::assert_snapshot!("v204_to_v271", report.to_markdown());
}

#[test]
fn v271_to_v458() {
    let report = pinned_diff("v271", "v458");
    let s = &report.summary;
    assert_eq!(raw_counts("v458"), (454, 815));
    assert_eq!((s.operations_added, s.operations_removed), (8, 0));
    // 60 names are new and 2 gone: both are renamed, the second because it refers to the first.
    assert_eq!(
        (s.schemas_added, s.schemas_removed, s.schemas_renamed),
        (58, 0, 2)
    );
    assert_eq!(757 + s.schemas_added - s.schemas_removed, 815);
    // The same API version: no version change is reported.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.kind != diff::ChangeKind::ApiVersionChanged)
    );
    insta::assert_snapshot!("v271_to_v458", report.to_markdown());
}

#[test]
fn the_pinned_spec_diffed_against_itself_reports_nothing() {
    let report = pinned_diff("v271", "v271");
    assert!(report.is_empty(), "{}", report.to_text());
}

#[test]
fn a_malformed_spec_names_its_pointer() {
    let mut spec = base();
    spec["components"]["schemas"]["card"]["properties"]["brand"] =
        json!({"$ref": "#/definitions/brand"});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, serde_json::to_vec(&base()).unwrap()).unwrap();
    let err = diff::diff_files(
        &SpecFiles::beside(&good, "good"),
        &SpecFiles::beside(&path, "broken"),
    )
    .unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("at /components/schemas/card/properties/brand: unsupported $ref"),
        "{message}"
    );
}
