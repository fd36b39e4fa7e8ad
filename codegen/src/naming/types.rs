//! Type names: of component schemas, of inline schemas after their place, and of unions after
//! their variants (rules 1 to 7 of [`crate::naming`]).

use crate::ir::{TypeDef, TypeKind, TypeRef};

use super::{pascal, variant_name, words, words_of_pascal};

/// The longest name of a component type, and of a union named after its variants.
pub const MAX_TYPE_NAME: usize = 60;

/// The longest name of an inline type, which spells out its whole place when it can.
pub const MAX_INLINE_TYPE_NAME: usize = 80;

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

/// The name of a union of objects after its variants (`AccountOrCustomer`, rule 6), when it
/// fits in [`MAX_TYPE_NAME`].
pub fn object_union_name<S: AsRef<str>>(variants: &[S]) -> Option<String> {
    let joined = variants
        .iter()
        .map(|v| v.as_ref())
        .collect::<Vec<_>>()
        .join("Or");
    (joined.len() <= MAX_TYPE_NAME).then_some(joined)
}

/// The path segment and the name of a variant of a parameter union, before it is lowered: its
/// title without Stripe's `param`, `params` or `specs` at the end (`secret_key_param` is
/// `SecretKey`), else the component schema it refers to, else `shape` (a name of its shape,
/// PascalCase). The segment (snake case) names the variant's own inline type after the union's
/// path.
pub fn param_variant_place(
    title: Option<&str>,
    component: Option<&str>,
    shape: impl FnOnce() -> String,
) -> (String, String) {
    let meaning = |title: &str| {
        let mut ws = words(title);
        if ws.len() > 1
            && matches!(
                ws.last().map(String::as_str),
                Some("param" | "params" | "specs")
            )
        {
            ws.pop();
        }
        ws
    };
    match (title, component) {
        (Some(title), _) => (meaning(title).join("_"), pascal(&meaning(title))),
        (None, Some(component)) => (words(component).join("_"), component_type_name(component)),
        (None, None) => {
            let word = shape();
            (words_of_pascal(&word).join("_"), word)
        }
    }
}

/// The name of a parameter union's variant once its type is known: `placed` (of
/// [`param_variant_place`]) for a named type, else the name of its shape ([`shape_name`]).
pub fn param_variant_name(placed: String, ty: &TypeRef, types: &[TypeDef]) -> String {
    match ty {
        TypeRef::Named(_) => placed,
        _ => shape_name(ty, types),
    }
}

/// The name of a schema's shape before it is lowered, from its string enum values if it has
/// any: an enum's only value, `Keyword` for other enums, `Object` for the rest.
pub fn unlowered_shape_name(enum_values: Option<&[String]>) -> String {
    match enum_values {
        Some([value]) => variant_name(value),
        Some(_) => "Keyword".into(),
        None => "Object".into(),
    }
}

/// The name of the alias of `Id<Type>`, the ids of the objects of kind `type_name`
/// (`CustomerId`).
pub fn id_alias_name(type_name: &str) -> String {
    format!("{type_name}Id")
}

/// A variant name that says what shape a union variant has (`String`, `IntegerList`, `Object`).
pub fn shape_name(ty: &TypeRef, types: &[TypeDef]) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Int => "Integer".into(),
        TypeRef::Float => "Number".into(),
        TypeRef::Decimal => "Decimal".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::AnyResource => "Resource".into(),
        TypeRef::File => "File".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Vec(inner) => format!("{}List", shape_name(inner, types)),
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(e) if e.variants.len() == 1 => variant_name(&e.variants[0].wire),
            TypeKind::Enum(_) => "Keyword".into(),
            _ => "Object".into(),
        },
        _ => "Value".into(),
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
    fn a_param_variant_is_named_after_its_title_without_stripes_suffixes() {
        let shape = || unreachable!("a titled variant is named after its title");
        assert_eq!(
            param_variant_place(Some("secret_key_param"), None, shape),
            ("secret_key".to_string(), "SecretKey".to_string())
        );
        let shape = || unreachable!("a titled variant is named after its title");
        assert_eq!(
            param_variant_place(Some("range_query_specs"), None, shape).1,
            "RangeQuery"
        );
        let shape = || unreachable!("a titled variant is named after its title");
        assert_eq!(param_variant_place(Some("param"), None, shape).1, "Param");
    }

    #[test]
    fn unions_of_objects_are_named_after_their_variants_when_that_fits() {
        assert_eq!(
            object_union_name(&["Account", "Customer"]).as_deref(),
            Some("AccountOrCustomer")
        );
        assert_eq!(object_union_name(&["A".repeat(40), "B".repeat(40)]), None);
    }
}
