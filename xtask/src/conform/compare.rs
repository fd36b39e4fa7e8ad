//! How two answers to one probe differ, each difference with its class.
//!
//! | class | what differs |
//! |---|---|
//! | `status` | the HTTP status |
//! | `error-type`, `error-code`, `error-param` | that field of the error object (`error-param` only where the reference names one) |
//! | `error-message` | the message (only where the reference's names no internal validator) |
//! | `missing` | a field of the reference's answer that ours lacks |
//! | `extra` | a field of ours that the reference's answer lacks |
//! | `value` | a value at the same place |
//! | `stateful-status`, `stateful-error-type`, `-code`, `-param` | how the stateful mode refused a request the stateless mode refused |
//! | `reflected-object` | any of the three, under a parameter the probe sent as an object (`address[city]=…`): what each server reflects of it |
//!
//! Before comparing, every id-shaped token (`cus_NffrFeUfNV2Hib`, in any string) becomes its
//! prefix and `*`, so that two fresh ids of one kind are equal, and a fixture's id compares
//! equal to another fixture's id of the kind; the path's ids (`conform-customer`) are kept, so
//! an answer that does not repeat one where the other does is a difference.

use serde_json::Value;

/// One difference between the two answers.
#[derive(Debug)]
pub struct Difference {
    pub class: &'static str,
    /// The JSON pointer in the answer where it is (`""` for the status).
    pub pointer: String,
    /// What each side had, shortened.
    pub ours: String,
    pub reference: String,
}

/// An answer: its status and its body (JSON, or `null` when it is not JSON).
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

/// Every difference between `ours` and `reference`, the answers to `sent` (the probe's
/// parameters).
pub fn differences(
    ours: &Answer,
    reference: &Answer,
    sent: &[(String, String)],
) -> Vec<Difference> {
    let mut out = Vec::new();
    if ours.status != reference.status {
        out.push(Difference {
            class: "status",
            pointer: String::new(),
            ours: ours.status.to_string(),
            reference: reference.status.to_string(),
        });
        return out;
    }
    if ours.status >= 400 {
        for (field, class) in [
            ("type", "error-type"),
            ("code", "error-code"),
            ("param", "error-param"),
            ("message", "error-message"),
        ] {
            let pointer = format!("/error/{field}");
            let theirs = reference.body.pointer(&pointer);
            let mine = ours.body.pointer(&pointer);
            // A reference that does not say is no difference; an internal validator's message
            // is not a message a client reads.
            let silent = match theirs {
                None | Some(Value::Null) => field == "param",
                Some(Value::String(text)) => {
                    field == "message" && text.starts_with("Request validation error")
                }
                Some(_) => false,
            };
            if theirs != mine && !silent {
                out.push(Difference {
                    class,
                    pointer,
                    ours: short(mine),
                    reference: short(theirs),
                });
            }
        }
        return out;
    }
    diff(
        &normalized(&ours.body),
        &normalized(&reference.body),
        &mut String::new(),
        &mut out,
    );
    for difference in &mut out {
        let field = difference.pointer.split('/').nth(1).unwrap_or_default();
        let nested = format!("{field}[");
        if !field.is_empty() && sent.iter().any(|(key, _)| key.starts_with(&nested)) {
            difference.class = "reflected-object";
        }
    }
    out
}

/// How the stateful mode's answer to a request the stateless mode refused differs from it: the
/// status, the error's `type`, `code` and `param`.
pub fn refusals(stateful: &Answer, stateless: &Answer) -> Vec<Difference> {
    if stateful.status != stateless.status {
        return vec![Difference {
            class: "stateful-status",
            pointer: String::new(),
            ours: stateful.status.to_string(),
            reference: stateless.status.to_string(),
        }];
    }
    [
        ("type", "stateful-error-type"),
        ("code", "stateful-error-code"),
        ("param", "stateful-error-param"),
    ]
    .into_iter()
    .filter_map(|(field, class)| {
        let pointer = format!("/error/{field}");
        let (kept, plain) = (
            stateful.body.pointer(&pointer),
            stateless.body.pointer(&pointer),
        );
        (kept != plain).then(|| Difference {
            class,
            pointer,
            ours: short(kept),
            reference: short(plain),
        })
    })
    .collect()
}

fn diff(ours: &Value, reference: &Value, pointer: &mut String, out: &mut Vec<Difference>) {
    match (ours, reference) {
        (Value::Object(mine), Value::Object(theirs)) => {
            for (key, theirs) in theirs {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match mine.get(key) {
                    Some(mine) => diff(mine, theirs, pointer, out),
                    None => out.push(Difference {
                        class: "missing",
                        pointer: pointer.clone(),
                        ours: "-".into(),
                        reference: short(Some(theirs)),
                    }),
                }
                pointer.truncate(len);
            }
            for (key, mine) in mine {
                if !theirs.contains_key(key) {
                    out.push(Difference {
                        class: "extra",
                        pointer: format!("{pointer}/{key}"),
                        ours: short(Some(mine)),
                        reference: "-".into(),
                    });
                }
            }
        }
        (Value::Array(mine), Value::Array(theirs)) if mine.len() == theirs.len() => {
            for (i, (mine, theirs)) in mine.iter().zip(theirs).enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                diff(mine, theirs, pointer, out);
                pointer.truncate(len);
            }
        }
        (mine, theirs) if mine != theirs => out.push(Difference {
            class: "value",
            pointer: pointer.clone(),
            ours: short(Some(mine)),
            reference: short(Some(theirs)),
        }),
        _ => {}
    }
}

/// `value` with every id-shaped token of every string replaced by its prefix and `*`.
fn normalized(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::String(ids_masked(text)),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `text` with each id-shaped token (`pi_3MtwBw…`, `pi_3MtwBw…_secret_YrKJ…` as two) masked:
/// a lower-case prefix of letters (with `_`-separated words) and `_`, then at least ten letters
/// and digits, standing between characters that are not letters or digits.
pub fn ids_masked(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word && let Some(end) = id_at(bytes, i) {
            let prefix_end = text[i..end].rfind('_').map(|at| i + at).unwrap_or(end);
            out.push_str(&text[i..=prefix_end]);
            out.push('*');
            i = end;
            continue;
        }
        let c = text[i..].chars().next().expect("inside the text");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The end of the id-shaped token starting at `start`, if one does.
fn id_at(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    // The prefix: lower-case words joined by `_`, ending with `_`.
    let mut prefix_end = None;
    while i < bytes.len() && (bytes[i].is_ascii_lowercase() || bytes[i] == b'_') {
        if bytes[i] == b'_' {
            prefix_end = Some(i);
        }
        i += 1;
        if i - start > 24 {
            return None;
        }
    }
    let body_start = prefix_end? + 1;
    let mut end = body_start;
    while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let body = &bytes[body_start..end];
    let mixed = body.iter().any(u8::is_ascii_digit) || body.iter().any(u8::is_ascii_uppercase);
    (body.len() >= 10 && mixed).then_some(end)
}

fn short(value: Option<&Value>) -> String {
    let text = match value {
        None => return "-".into(),
        Some(Value::String(text)) => format!("{text:?}"),
        Some(other) => other.to_string(),
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_masked_by_prefix_and_the_path_ids_are_kept() {
        assert_eq!(ids_masked("cus_NffrFeUfNV2Hib"), "cus_*");
        assert_eq!(
            ids_masked("pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH"),
            "pi_*_secret_*"
        );
        assert_eq!(
            ids_masked("/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds"),
            "/v1/charges/ch_*/refunds"
        );
        assert_eq!(ids_masked("conform-customer"), "conform-customer");
        assert_eq!(
            ids_masked("automatic_payment_methods"),
            "automatic_payment_methods"
        );
        assert_eq!(ids_masked("usd"), "usd");
    }
}
