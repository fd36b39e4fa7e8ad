//! Every naming rule of the generated crate, in one place.
//!
//! # Type names
//!
//! Type names are unique across the crate, at most [`MAX_TYPE_NAME`] characters for a component
//! and [`MAX_INLINE_TYPE_NAME`] for an inline schema, and derived deterministically from the
//! spec:
//!
//! 1. A component schema is named after its schema name in PascalCase, with Stripe's internal
//!    `resource` segments dropped and a word sequence that repeats right away said once:
//!    `treasury_inbound_transfers_resource_inbound_transfer_resource_linked_flows` becomes
//!    `TreasuryInboundTransferLinkedFlows`.
//! 2. If that is still too long, the middle `_resource_` segments are dropped, then the words after
//!    the first, until it fits:
//!    `customer_balance_resource_cash_balance_transaction_resource_applied_to_payment_transaction`
//!    becomes `CustomerBalanceAppliedToPaymentTransaction`.
//! 3. An inline schema (a field's object, enum or union) is named after its place: its owner
//!    (a component type, a request, or a concept) followed by its field path, with rule 1's
//!    repeats said once: `Charge` + `status` is `ChargeStatus`, `CreatePaymentIntent` +
//!    `automatic_payment_methods` is `CreatePaymentIntentAutomaticPaymentMethods`. The name
//!    depends on the place alone (and, by rules 4 and 5, on the concept table and the returned
//!    object), so a schema or an operation added elsewhere renames nothing.
//! 4. A request object that is a concept of the table in `codegen/concepts.toml` (an address, a
//!    range filter on `created`, the payment method options of a PaymentIntent) is named after
//!    the concept wherever it appears, and the types inside it after the concept and their
//!    path: `AddressParams`, `RangeQuery`.
//! 5. A field of a POST request that is the same field of the object the request returns is
//!    that object's enum: `CreateCustomer.tax_exempt` is a `CustomerTaxExempt`.
//! 6. A union of objects told apart by `object` is named after its variants
//!    (`AccountOrCustomer`), when that fits in [`MAX_TYPE_NAME`].
//! 7. When the name of rule 3 is taken (by a component, a request, or an inline type named
//!    before it), it is tried with its repeats kept, then with `Param` (requests) or `Field`
//!    (responses) appended, then with its path shortened from the front; a name longer than
//!    [`MAX_INLINE_TYPE_NAME`] is skipped. When every one of those is too long, the owner and the
//!    last segment are kept, dropping the owner's words after its first until it fits. A place
//!    whose every candidate is taken is an error that names it: names never get numbers.
//!
//! Every type's rustdoc names the spec schema or field path it comes from.
//!
//! # Other names
//!
//! Fields are the wire names, with Rust keywords suffixed by `_` (`type_`). Enum variants are the
//! wire values in PascalCase. Request names are described at [`operation_name`].

use std::collections::BTreeSet;

/// The longest name of a component type, and of a union named after its variants.
pub const MAX_TYPE_NAME: usize = 60;

/// The longest name of an inline type, which spells out its whole place when it can.
pub const MAX_INLINE_TYPE_NAME: usize = 80;

/// Lowercase words of a spec name: split on anything that is not a letter or digit.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

/// `["payment", "intent"]` -> `PaymentIntent`.
pub fn pascal<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for w in words {
        let mut chars = w.as_ref().chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').unwrap_or(w)
}

/// Drops a word sequence that is repeated right after itself (plural or not):
/// `inbound transfers inbound transfer` -> `inbound transfer`.
fn collapse_repeats(mut ws: Vec<String>) -> Vec<String> {
    'again: loop {
        for len in (1..=ws.len() / 2).rev() {
            for i in 0..=ws.len() - 2 * len {
                let same = (0..len).all(|k| singular(&ws[i + k]) == singular(&ws[i + len + k]));
                if same {
                    ws.drain(i..i + len);
                    continue 'again;
                }
            }
        }
        return ws;
    }
}

/// Drops words after the first until the PascalCase name fits, leaving room for `reserve` more
/// characters.
fn fit(mut ws: Vec<String>, reserve: usize) -> Vec<String> {
    while pascal(&ws).len() + reserve > MAX_TYPE_NAME && ws.len() > 2 {
        ws.remove(1);
    }
    ws
}

/// The Rust name of a component schema (rules 1 and 2 of the module docs).
pub fn component_type_name(schema: &str) -> String {
    let name_of = |segments: &[&str]| {
        let ws: Vec<String> = segments
            .iter()
            .flat_map(|s| words(s))
            .filter(|w| w != "resource")
            .collect();
        collapse_repeats(ws)
    };
    let mut segments: Vec<&str> = schema.split("_resource_").collect();
    let mut ws = name_of(&segments);
    while pascal(&ws).len() > MAX_TYPE_NAME && segments.len() > 2 {
        segments.remove(1);
        ws = name_of(&segments);
    }
    pascal(&fit(ws, 0))
}

/// Candidate names for the inline type at `path` under `owner`, best first (rules 3 and 7 of
/// the module docs).
pub fn inline_type_candidates(owner: &str, path: &[String], request: bool) -> Vec<String> {
    let owner_words = words_of_pascal(owner);
    let words_from = |skip: usize| {
        let mut ws = owner_words.clone();
        ws.extend(path[skip..].iter().flat_map(|p| words(p)));
        ws
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if name.len() <= MAX_INLINE_TYPE_NAME && !out.contains(&name) {
            out.push(name);
        }
    };
    let full = pascal(&collapse_repeats(words_from(0)));
    push(full.clone());
    push(pascal(&words_from(0)));
    push(format!("{full}{}", if request { "Param" } else { "Field" }));
    for skip in 1..path.len() {
        push(pascal(&collapse_repeats(words_from(skip))));
    }
    if out.is_empty() {
        let mut ws = owner_words;
        ws.extend(path.last().map(|p| words(p)).unwrap_or_default());
        while pascal(&ws).len() > MAX_INLINE_TYPE_NAME && ws.len() > 2 {
            ws.remove(1);
        }
        out.push(pascal(&ws));
    }
    out
}

/// `PaymentIntent` -> `["payment", "intent"]`.
pub fn words_of_pascal(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        out.last_mut().expect("pushed").push(c.to_ascii_lowercase());
    }
    out
}

/// Rust keywords that cannot be field or method names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// The Rust field name for a wire name: snake case, keywords suffixed with `_`.
pub fn field_name(wire: &str) -> String {
    let mut name = words(wire).join("_");
    if name.is_empty() {
        name = "value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The Rust variant name for an enum wire value (`card_present` -> `CardPresent`).
pub fn variant_name(wire: &str) -> String {
    // `enabled_events: ["*"]`: every event.
    if wire == "*" {
        return "All".to_string();
    }
    let name = pascal(&words(wire));
    if name.is_empty() {
        return "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{name}");
    }
    if name == "Self" || name == "Unknown" {
        return format!("{name}Value");
    }
    name
}

/// Makes every name in `names` unique by appending a number to later duplicates.
pub fn dedupe(names: &mut [String]) {
    let mut seen = BTreeSet::new();
    for name in names.iter_mut() {
        if !seen.insert(name.clone()) {
            let mut n = 2;
            while !seen.insert(format!("{name}{n}")) {
                n += 1;
            }
            *name = format!("{name}{n}");
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_drop_resource_segments_and_repeats() {
        assert_eq!(component_type_name("charge"), "Charge");
        assert_eq!(component_type_name("issuing.card"), "IssuingCard");
        assert_eq!(
            component_type_name(
                "treasury_inbound_transfers_resource_inbound_transfer_resource_linked_flows"
            ),
            "TreasuryInboundTransferLinkedFlows"
        );
        assert_eq!(
            component_type_name(
                "customer_balance_resource_cash_balance_transaction_resource_applied_to_payment_transaction"
            ),
            "CustomerBalanceAppliedToPaymentTransaction"
        );
        let long = component_type_name(
            "customer_balance_resource_cash_balance_transaction_resource_funded_transaction_resource_bank_transfer_resource_eu_bank_transfer",
        );
        assert!(long.len() <= MAX_TYPE_NAME, "{long}");
    }

    #[test]
    fn inline_candidates_shorten_from_the_front() {
        let path: Vec<String> = ["payment_method_options", "acss_debit", "mandate_options"]
            .map(String::from)
            .to_vec();
        let c = inline_type_candidates("CreatePaymentIntent", &path, true);
        assert_eq!(
            c[0],
            "CreatePaymentIntentPaymentMethodOptionsAcssDebitMandateOptions"
        );
        assert_eq!(
            c[1],
            "CreatePaymentIntentPaymentMethodOptionsAcssDebitMandateOptionsParam"
        );
        assert_eq!(c[2], "CreatePaymentIntentAcssDebitMandateOptions");
        assert_eq!(
            inline_type_candidates("Charge", &["status".to_string()], false),
            ["ChargeStatus", "ChargeStatusField"]
        );
        // Repeats are said once, and kept in the second candidate.
        let c = inline_type_candidates("Invoiceitem", &["invoiceitems".to_string()], false);
        assert_eq!(c[..2], ["Invoiceitems", "InvoiceitemInvoiceitems"]);
    }

    #[test]
    fn fields_and_variants_are_valid_identifiers() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("amount"), "amount");
        assert_eq!(variant_name("card_present"), "CardPresent");
        assert_eq!(variant_name("2022-11-15"), "V20221115");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("*"), "All");
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
