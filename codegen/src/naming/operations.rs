//! Request names: what an operation is called, from its method, its path and what the rest of
//! the spec says about that path.

use super::{pascal, words, words_of_pascal};

/// What the rest of the spec says about an operation's path, which picks the verb of its name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathFacts {
    /// The response is a page of a list.
    pub list: bool,
    /// The response is a page of search results.
    pub search: bool,
    /// Another path is this path followed by `/{param}`: this path is a collection.
    pub collection: bool,
    /// The same path has a GET that returns a single object: this path is a sub-resource.
    pub readable: bool,
    /// Another operation would get the same name and has more parameters in its path than this
    /// one: this one acts on the object the API key belongs to.
    pub current: bool,
}

/// Words that make a trailing path segment an action even when it ends in `s`
/// (`verify_microdeposits`).
const ACTION_VERBS: &[&str] = &[
    "verify",
    "apply",
    "cancel",
    "process",
    "present",
    "fund",
    "increment",
    "mark",
    "set",
];

/// The request type name of an operation.
///
/// Built from the method and the path's literal segments (`/v1` and `test_helpers` dropped,
/// each segment followed by a `{param}` singular):
///
/// | operation | name |
/// |---|---|
/// | `GET /v1/customers` (a list) | `ListCustomers` |
/// | `GET /v1/customers/search` | `SearchCustomers` |
/// | `POST /v1/customers` (a collection) | `CreateCustomer` |
/// | `GET /v1/customers/{customer}` | `RetrieveCustomer` |
/// | `POST /v1/customers/{customer}` | `UpdateCustomer` |
/// | `DELETE /v1/customers/{customer}` | `DeleteCustomer` |
/// | `POST /v1/charges/{charge}/dispute` (also has a GET) | `UpdateChargeDispute` |
/// | `POST /v1/transfers/{id}/reversals` (plural) | `CreateTransferReversal` |
/// | `POST /v1/payment_intents/{intent}/confirm` (an action) | `ConfirmPaymentIntent` |
/// | `GET /v1/balance` | `RetrieveBalance` |
/// | `GET /v1/account` (beside `GET /v1/accounts/{account}`) | `RetrieveCurrentAccount` |
/// | `GET /v1/account/bank_accounts/{id}` (beside `…/accounts/{account}/bank_accounts/{id}`) | `RetrieveCurrentAccountBankAccount` |
/// | `PUT /v1/accounts/{account}/logout` (older specs) | `LogoutAccount` |
///
/// A POST that ends in a literal creates when the path is a collection or its last segment is
/// plural, updates when the path also has a GET, and otherwise the last segment is the verb; a
/// PUT's last segment is its verb. Of two operations that would get the same name, the one whose
/// path has fewer parameters acts on the object the key belongs to and gets `Current` (this is
/// the only rule that looks at other operations' names, and it changes no name of a spec without
/// such a pair).
/// Requests under `/v1/test_helpers` are prefixed with `TestHelpers`.
pub fn operation_name(method: &str, path: &str, facts: PathFacts) -> String {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').skip(1).collect();
    let test_helper = segments.first() == Some(&"test_helpers");
    let segments: Vec<&str> = if test_helper {
        segments[1..].to_vec()
    } else {
        segments
    };
    let ends_with_param = segments.last().is_some_and(|s| s.starts_with('{'));
    // Literal segments, singular where a `{param}` follows them.
    let mut nouns: Vec<String> = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if seg.starts_with('{') {
            continue;
        }
        let followed_by_param = segments.get(i + 1).is_some_and(|s| s.starts_with('{'));
        nouns.push(if followed_by_param {
            singular_segment(seg)
        } else {
            seg.to_string()
        });
    }
    let last = nouns.last().cloned().unwrap_or_default();
    let starts_with_verb = ACTION_VERBS
        .iter()
        .any(|v| last == *v || last.starts_with(&format!("{v}_")));
    let plural = last.ends_with('s') && !last.ends_with("ss") && !starts_with_verb;
    let verb = match method {
        "GET" if facts.search => {
            nouns.retain(|n| n != "search");
            "Search".to_string()
        }
        "GET" if facts.list => "List".to_string(),
        "GET" => "Retrieve".to_string(),
        "DELETE" => "Delete".to_string(),
        "POST" if ends_with_param => "Update".to_string(),
        "POST" if facts.collection || (plural && !facts.readable) => {
            if let Some(last) = nouns.last_mut() {
                *last = singular_segment(last);
            }
            "Create".to_string()
        }
        "POST" if facts.readable => "Update".to_string(),
        "POST" | "PUT" if nouns.len() > 1 => {
            // `/v1/payment_intents/{intent}/confirm`: the last literal is the verb.
            let action = nouns.pop().unwrap_or_default();
            if let Some(object) = nouns.last_mut() {
                *object = singular_segment(object);
            }
            pascal(&words(&action))
        }
        other => pascal(&words(other)),
    };
    let noun_words: Vec<String> = nouns.iter().flat_map(|n| words(n)).collect();
    let prefix = if test_helper { "TestHelpers" } else { "" };
    let current = if facts.current { "Current" } else { "" };
    format!("{prefix}{verb}{current}{}", pascal(&noun_words))
}

/// `payment_intents` -> `payment_intent`, `entries` -> `entry`, `status` stays.
fn singular_segment(seg: &str) -> String {
    if let Some(stem) = seg.strip_suffix("ies") {
        format!("{stem}y")
    } else if seg.ends_with("ses") && !seg.ends_with("uses") {
        seg[..seg.len() - 2].to_string()
    } else if seg.ends_with("ss") || seg.ends_with("us") {
        seg.to_string()
    } else {
        seg.strip_suffix('s').unwrap_or(seg).to_string()
    }
}

/// What a `DELETE` may say it does instead of deleting.
const OTHER_DELETE_VERBS: &[&str] = &[
    "cancel",
    "close",
    "deactivate",
    "detach",
    "disable",
    "expire",
    "invalidate",
    "remove",
    "revoke",
    "void",
];

/// The other names of a `Delete…` request for rustdoc's search, when its description says it
/// does something else first (`DeleteSubscription`: "Cancels a customer's subscription"): its
/// name with that verb (`CancelSubscription`) and the words a reader of the API reference types
/// (`cancel subscription`).
pub fn operation_aliases(name: &str, description: Option<&str>) -> Vec<String> {
    let first = description
        .unwrap_or_default()
        .trim_start()
        .trim_start_matches("<p>")
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let mut name_words = words_of_pascal(name);
    let verb = match first.strip_suffix('s') {
        Some(verb) if OTHER_DELETE_VERBS.contains(&verb) => verb.to_string(),
        _ => return Vec::new(),
    };
    if name_words.len() < 2 || name_words[0] != "delete" {
        return Vec::new();
    }
    name_words[0] = verb;
    vec![pascal(&name_words), name_words.join(" ")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delete_request_is_also_found_by_the_verb_its_description_starts_with() {
        assert_eq!(
            operation_aliases(
                "DeleteSubscription",
                Some("<p>Cancels a customer’s subscription immediately.</p>")
            ),
            ["CancelSubscription", "cancel subscription"]
        );
        // A delete that says it deletes, or another request, has no alias.
        let deletes = Some("<p>Deletes a customer.</p>");
        assert!(operation_aliases("DeleteCustomer", deletes).is_empty());
        let marks = Some("Marks a credit note as void.");
        assert!(operation_aliases("VoidCreditNote", marks).is_empty());
    }

    #[test]
    fn operation_names() {
        let f = PathFacts::default;
        let list = PathFacts { list: true, ..f() };
        let collection = PathFacts {
            collection: true,
            ..f()
        };
        assert_eq!(
            operation_name("GET", "/v1/customers", list),
            "ListCustomers"
        );
        let search = PathFacts {
            search: true,
            ..f()
        };
        assert_eq!(
            operation_name("GET", "/v1/customers/search", search),
            "SearchCustomers"
        );
        assert_eq!(
            operation_name("POST", "/v1/customers", collection),
            "CreateCustomer"
        );
        assert_eq!(
            operation_name("GET", "/v1/customers/{customer}", f()),
            "RetrieveCustomer"
        );
        assert_eq!(
            operation_name("POST", "/v1/customers/{customer}", f()),
            "UpdateCustomer"
        );
        assert_eq!(
            operation_name("DELETE", "/v1/customers/{customer}", f()),
            "DeleteCustomer"
        );
        assert_eq!(
            operation_name("POST", "/v1/payment_intents/{intent}/confirm", f()),
            "ConfirmPaymentIntent"
        );
        assert_eq!(
            operation_name("POST", "/v1/customers/{customer}/sources", collection),
            "CreateCustomerSource"
        );
        assert_eq!(
            operation_name("POST", "/v1/transfers/{id}/reversals", f()),
            "CreateTransferReversal"
        );
        let readable = PathFacts {
            readable: true,
            ..f()
        };
        assert_eq!(
            operation_name("POST", "/v1/charges/{charge}/dispute", readable),
            "UpdateChargeDispute"
        );
        assert_eq!(operation_name("GET", "/v1/balance", f()), "RetrieveBalance");
        assert_eq!(
            operation_name(
                "POST",
                "/v1/setup_intents/{intent}/verify_microdeposits",
                f()
            ),
            "VerifyMicrodepositsSetupIntent"
        );
        let current = PathFacts {
            current: true,
            ..f()
        };
        assert_eq!(
            operation_name("GET", "/v1/account", current),
            "RetrieveCurrentAccount"
        );
        assert_eq!(
            operation_name("GET", "/v1/account/bank_accounts/{id}", current),
            "RetrieveCurrentAccountBankAccount"
        );
        assert_eq!(
            operation_name("PUT", "/v1/accounts/{account}/logout", f()),
            "LogoutAccount"
        );
        assert_eq!(
            operation_name("PUT", "/v1/account/logout", current),
            "LogoutCurrentAccount"
        );
        assert_eq!(
            operation_name(
                "POST",
                "/v1/test_helpers/test_clocks/{test_clock}/advance",
                f()
            ),
            "TestHelpersAdvanceTestClock"
        );
        assert_eq!(
            operation_name(
                "POST",
                "/v1/test_helpers/issuing/cards/{card}/shipping/deliver",
                f()
            ),
            "TestHelpersDeliverIssuingCardShipping"
        );
    }
}
