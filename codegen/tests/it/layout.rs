//! The layout rule of the generated crates (`lower::gates`): which types' code each cargo feature
//! compiles. A program that turns on one area compiles the code of what that area's requests
//! and responses hold, and of nothing else.

use std::collections::BTreeSet;

use stripe_codegen::ir::{Api, TypeDef, TypeId, TypeKind};
use stripe_codegen::load::SpecFiles;
use stripe_codegen::{generate, lower};

fn api() -> Api {
    let files = SpecFiles::pinned("v271").unwrap_or_else(|e| panic!("{e:#}"));
    generate::api_from_files(&files).unwrap()
}

/// The names of the types whose code a build with only these features compiles.
fn compiled<'a>(api: &'a Api, features: &[&str]) -> BTreeSet<&'a str> {
    let on = |def: &TypeDef| def.gate.iter().any(|g| features.contains(&g.as_str()));
    api.types
        .iter()
        .filter(|def| on(def))
        .map(|def| def.name.as_str())
        .collect()
}

#[test]
fn one_area_compiles_no_code_of_an_unrelated_area() {
    let api = api();
    let terminal = compiled(&api, &["terminal"]);
    assert!(terminal.contains("TerminalReader"), "{terminal:?}");
    let unrelated = [
        "Issuing",
        "Treasury",
        "Checkout",
        "Invoice",
        "Subscription",
        "Quote",
    ];
    let strays: Vec<&&str> = terminal
        .iter()
        .filter(|name| unrelated.iter().any(|area| name.starts_with(area)))
        .collect();
    assert!(strays.is_empty(), "terminal compiles {strays:?}");

    // A payment intent's own fields are compiled, its expandable invoice and customer are not.
    let payments = compiled(&api, &["payment_intents"]);
    for name in [
        "PaymentIntent",
        "ApiErrors",
        "PaymentIntentNextAction",
        "PaymentMethod",
    ] {
        assert!(payments.contains(name), "{name} is not compiled");
    }
    for name in [
        "Invoice",
        "Charge",
        "Customer",
        "IssuingCard",
        "CheckoutSession",
    ] {
        assert!(
            !payments.contains(name),
            "{name} is compiled for payment_intents"
        );
    }
    let all = compiled(&api, &[lower::FULL]).len();
    assert!(
        payments.len() * 3 < api.types.len(),
        "payment_intents compiles {} of {} types ({all} for `full` alone)",
        payments.len(),
        api.types.len()
    );
}

#[test]
fn a_types_code_compiles_wherever_the_code_that_holds_it_does() {
    let api = api();
    let mut checked = 0;
    for (i, def) in api.types.iter().enumerate() {
        let holds: Vec<TypeId> = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| f.ty.held()).collect(),
            TypeKind::ParamUnion(u) => u.variants.iter().filter_map(|v| v.ty.held()).collect(),
            // A union's variants are held by value, but those of a union of several kinds
            // each only where its own code is: checked below.
            TypeKind::ObjectUnion(_) if def.id_kind == Some(TypeId(i)) => Vec::new(),
            TypeKind::ObjectUnion(u) => u.variants.iter().map(|v| v.ty).collect(),
            TypeKind::Enum(_) => Vec::new(),
        };
        assert!(
            !def.gate.is_empty(),
            "{} is compiled for no feature",
            def.name
        );
        for id in holds {
            let inner = &api.types[id.0];
            // `full` turns every area on, so any gate holds under it.
            let missing: Vec<&String> = def
                .gate
                .iter()
                .filter(|g| !inner.gate.contains(g) && *g != lower::FULL)
                .collect();
            assert!(
                missing.is_empty(),
                "{} holds {}, whose code is not compiled for {missing:?}",
                def.name,
                inner.name
            );
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} references");
}

#[test]
fn a_union_of_several_kinds_decodes_wherever_any_of_its_objects_does() {
    let api = api();
    let source = api
        .types
        .iter()
        .find(|t| t.name == "BalanceTransactionSource")
        .expect("a balance transaction's source");
    let TypeKind::ObjectUnion(u) = &source.kind else {
        panic!("an object union");
    };
    for variant in &u.variants {
        let inner = &api.types[variant.ty.0];
        let extra: Vec<&String> = inner
            .gate
            .iter()
            .filter(|g| !source.gate.contains(g))
            .collect();
        assert!(
            extra.is_empty(),
            "{} decodes for {extra:?}, the union not",
            inner.name
        );
    }
    // The issuing objects among its variants are compiled for issuing, not for charges.
    let charges = compiled(&api, &["charges"]);
    assert!(charges.contains("BalanceTransactionSource"));
    assert!(!charges.contains("IssuingTransaction"));
}
