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
//!    path: `AddressParams`, `RangeQuery`. Two concepts are found by their shape instead: a
//!    request object without fields is [`EMPTY_PARAMS`], and a filter on a timestamp of the
//!    listed objects (a time or a range) is [`TIMESTAMP_FILTER`], with the variants `At` and
//!    `Range`.
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
//! Every type's rustdoc names the spec schema or field path it comes from. These rules are in
//! the `types` submodule, the request names in `operations`.
//!
//! # Other names
//!
//! - Fields are the wire names, with Rust keywords suffixed by `_` (`type_`) ([`field_name`]).
//! - Enum variants are the wire values in PascalCase ([`variant_name`]). The variants of a union
//!   of objects are its objects' type names; those of a parameter union are named after their
//!   title without Stripe's `_param`/`_specs` (`SecretKey`), the component they refer to, or
//!   their shape ([`param_variant_place`]).
//! - The ids of a kind of object are `Id<Customer>`, spelt with the alias `CustomerId`: the
//!   kind's name and `Id` ([`id_alias_name`]). Which objects, fields and parameters hold ids
//!   is decided in `lower::ids`.
//! - A builder's setter is named like its field, and clearing it `clear_<field>`
//!   ([`setter_name`], [`clear_setter_name`]).
//! - Requests are named after their method and path ([`operation_name`]); rustdoc's search also
//!   finds a `Delete…` request by the verb its description starts with, when that is another
//!   (`DeleteSubscription` as `CancelSubscription` and `cancel subscription`,
//!   [`operation_aliases`]).
//! - An item's file in its module is its owner's type name in snake case ([`file_name`]).
//! - A resource area's module is its first path segment, as a field name ([`area_name`]); the
//!   types several areas use are in [`SHARED`].
//! - Where names of one scope collide (fields of a struct, variants of an enum), later ones get
//!   a number ([`unique`]).
//! - Package and crate names are the packaging's ([`crate::packaging`]).

mod operations;
mod types;

pub use operations::{PathFacts, operation_aliases, operation_name};
pub use types::{
    MAX_INLINE_TYPE_NAME, MAX_TYPE_NAME, component_type_name, id_alias_name,
    inline_type_candidates, object_union_name, param_variant_name, param_variant_place, shape_name,
    unlowered_shape_name,
};

use std::collections::BTreeSet;

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

/// The Rust variant name for an enum wire value (`card_present` -> `CardPresent`). The sign of a
/// time zone offset is spelt out, so that `Etc/GMT-1` (`EtcGmtMinus1`) and `Etc/GMT+1`
/// (`EtcGmtPlus1`) stay apart; other dashes are separators (`es-419` is `Es419`).
pub fn variant_name(wire: &str) -> String {
    // `enabled_events: ["*"]`: every event.
    if wire == "*" {
        return "All".to_string();
    }
    let mut spelt = String::with_capacity(wire.len() + 8);
    let mut chars = wire.chars().peekable();
    while let Some(c) = chars.next() {
        let upper = spelt.to_ascii_uppercase();
        let offset = (upper.ends_with("GMT") || upper.ends_with("UTC"))
            && chars.peek().is_some_and(|n| n.is_ascii_digit());
        match c {
            '-' if offset => spelt.push_str("_minus_"),
            '+' if offset => spelt.push_str("_plus_"),
            c => spelt.push(c),
        }
    }
    let name = pascal(&words(&spelt));
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

/// Each of `items` with a name made unique among them: `name_of` names an item, and an item
/// whose name an earlier one has gets the smallest number from 2 that makes it unique
/// (`card`, `card2`).
pub fn unique<T>(
    items: impl IntoIterator<Item = T>,
    mut name_of: impl FnMut(&T) -> String,
) -> Vec<(T, String)> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .map(|item| {
            let name = name_of(&item);
            if seen.insert(name.clone()) {
                return (item, name);
            }
            let mut n = 2;
            while !seen.insert(format!("{name}{n}")) {
                n += 1;
            }
            (item, format!("{name}{n}"))
        })
        .collect()
}

/// The builder method that sets an optional field: the field's own name.
pub fn setter_name(field: &str) -> String {
    field.to_string()
}

/// The builder method that clears a clearable field (`clear_description`, `clear_type`).
pub fn clear_setter_name(field: &str) -> String {
    format!("clear_{}", field.trim_end_matches('_'))
}

/// The file (without `.rs`) of the items a type owns: `IssuingCardholder` ->
/// `issuing_cardholder`.
pub fn file_name(type_name: &str) -> String {
    field_name(&words_of_pascal(type_name).join("_"))
}

/// The one type of every request object without fields of its own
/// (`payment_method_data.giropay`).
pub const EMPTY_PARAMS: &str = "EmptyParams";

/// The one type of every filter on a timestamp of the listed objects (`ListCustomers.created`):
/// a time, or a range of them.
pub const TIMESTAMP_FILTER: &str = "TimestampFilter";

/// The module of types used by more than one area.
pub const SHARED: &str = "shared";

/// The module name of the resource area whose paths start with `segment` (`customers`,
/// `three_d_secure`); an area that would be named [`SHARED`] is `shared_area`.
pub fn area_name(segment: &str) -> String {
    let name = field_name(segment);
    if name == SHARED {
        format!("{name}_area")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_variants_are_valid_identifiers() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("amount"), "amount");
        assert_eq!(variant_name("card_present"), "CardPresent");
        assert_eq!(variant_name("2022-11-15"), "V20221115");
        assert_eq!(variant_name("Etc/GMT-1"), "EtcGmtMinus1");
        assert_eq!(variant_name("Etc/GMT+12"), "EtcGmtPlus12");
        assert_eq!(variant_name("Etc/GMT0"), "EtcGmt0");
        assert_eq!(variant_name("es-419"), "Es419");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("*"), "All");
    }

    #[test]
    fn later_duplicates_get_numbers() {
        let names: Vec<String> = unique(["card", "bank", "card", "card"], |n| n.to_string())
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(names, ["card", "bank", "card2", "card3"]);
    }

    #[test]
    fn setters_and_files() {
        assert_eq!(setter_name("type_"), "type_");
        assert_eq!(clear_setter_name("type_"), "clear_type");
        assert_eq!(file_name("IssuingCardholder"), "issuing_cardholder");
        assert_eq!(file_name("Type"), "type_");
        assert_eq!(area_name("shared"), "shared_area");
        assert_eq!(area_name("customers"), "customers");
    }
}
