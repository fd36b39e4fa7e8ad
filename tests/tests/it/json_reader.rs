//! The JSON reader that response types decode from (`stripe_generated::json`): it reads what
//! serde_json reads, refuses what serde_json refuses, and names the path of a value that does
//! not fit its type.

use serde_json::{Value, json};
use stripe_generated::{Charge, DecodeError, List, decode};
use stripe_spec_pins::{SpecFile, resolve_current};

fn pinned(file: SpecFile) -> Vec<u8> {
    std::fs::read(resolve_current(file).expect("the pinned file")).unwrap()
}

fn charge_fixture() -> Value {
    stripe_tests::pinned::fixtures()["charge"].clone()
}

fn decode_error<T: stripe_generated::FromJson>(text: &str) -> DecodeError {
    match decode::json::<T>(text.as_bytes()) {
        Ok(_) => panic!("{text} decoded"),
        Err(error) => error,
    }
}

#[test]
fn reads_the_pinned_fixtures_as_serde_json_does() {
    let bytes = pinned(SpecFile::Fixtures);
    let theirs: Value = serde_json::from_slice(&bytes).unwrap();
    let pretty = serde_json::to_string_pretty(&theirs).unwrap();
    for text in [&bytes[..], pretty.as_bytes()] {
        let ours: Value = decode::json(text).unwrap();
        assert!(ours == theirs, "the reader and serde_json disagree");
    }
}

#[test]
fn reads_every_escape_and_number_form() {
    let text = r#"{"s": "q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 plain é",
        "n": [0, -0, 12, -7, 1.5, -2.25e3, 4E-2, 1e+2, 9223372036854775807, 18446744073709551615],
        "t": true, "f": false, "z": null, "o": {}, "a": []}"#;
    let ours: Value = decode::json(text.as_bytes()).unwrap();
    let theirs: Value = serde_json::from_str(text).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(ours["s"], "q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 plain é");
}

#[test]
fn refuses_what_serde_json_refuses() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let invalid = [
        r#"{"a": 1,}"#,
        r#"{"a" 1}"#,
        r#"{"a": 1 "b": 2}"#,
        r#"{a: 1}"#,
        "[1,]",
        "[1 2]",
        "[01]",
        "[1.]",
        "[-]",
        "[.5]",
        "[1e]",
        r#""abc"#,
        r#""\x""#,
        r#""\é""#,
        r#""\ud800""#,
        r#""\u12g4""#,
        "\"tab\there\"",
        "tru",
        "nul",
        "{} x",
        "",
        &deep,
    ];
    for text in invalid {
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "serde_json reads {text}"
        );
        let error = decode_error::<Value>(text);
        assert!(!error.message.is_empty(), "{text}");
    }
    let error = decode::json::<Value>(b"\"\xff\"").unwrap_err();
    assert_eq!(error.path, ".");
    assert!(error.message.contains("utf-8"), "{}", error.message);
}

#[test]
fn a_wrong_type_names_the_field_and_the_position() {
    let mut charge = charge_fixture();
    charge["amount"] = json!("100");
    let error = decode_error::<Charge>(&charge.to_string());
    assert_eq!(error.path, "amount");
    assert!(
        error
            .message
            .starts_with("expected a number, found a string at line 1 column"),
        "{}",
        error.message
    );

    let mut list =
        json!({"object": "list", "data": [charge_fixture(), charge_fixture()], "has_more": false});
    list["data"][1]["billing_details"]["address"]["city"] = json!(5);
    let error = decode_error::<List<Charge>>(&list.to_string());
    assert_eq!(error.path, "data[1].billing_details.address.city");
    assert!(
        error
            .message
            .starts_with("expected a string, found a number")
    );
}

#[test]
fn a_missing_required_field_is_named_at_its_object() {
    let mut charge = charge_fixture();
    charge.as_object_mut().unwrap().remove("currency");
    let list = json!({"data": [charge], "has_more": false});
    let error = decode_error::<List<Charge>>(&list.to_string());
    assert_eq!(error.path, "data[0]");
    assert!(error.message.starts_with("missing field `currency`"));
}

#[test]
fn null_is_none_for_an_optional_field_and_an_error_for_a_required_one() {
    let mut charge = charge_fixture();
    charge["description"] = Value::Null;
    charge["brand_new_field"] = json!({"nested": [1, {"deep": null}]});
    let decoded: Charge = decode::json(charge.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.description, None);

    charge["amount"] = Value::Null;
    let error = decode_error::<Charge>(&charge.to_string());
    assert_eq!(error.path, "amount");
    assert!(error.message.starts_with("expected a number, found null"));
}

#[test]
fn integers_are_checked_for_range_and_fractions() {
    assert_eq!(
        decode::json::<i64>(b"-9223372036854775808").unwrap(),
        i64::MIN
    );
    assert!(
        decode_error::<i64>("9223372036854775808")
            .message
            .contains("out of range")
    );
    assert!(
        decode_error::<i64>("1.5")
            .message
            .contains("expected an integer")
    );
    assert!(decode_error::<u64>("-1").message.contains("out of range"));
    assert_eq!(decode::json::<f64>(b"3").unwrap(), 3.0);
}
