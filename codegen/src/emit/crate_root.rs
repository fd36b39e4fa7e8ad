//! The crate root: `lib.rs`, the manifest, the all-resources enum, and the copied templates.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{serialize_gate, union_tokens};
use super::{doc_attrs, doc_lines};
use crate::ir::{Api, TypeId};
use crate::lower::feature_of;

/// Hand-written modules copied into `src/` of the generated crate.
pub(super) const TEMPLATES: &[(&str, &str)] = &[
    (
        "clearable.rs",
        include_str!("../../../templates/src/clearable.rs"),
    ),
    (
        "decode.rs",
        include_str!("../../../templates/src/decode.rs"),
    ),
    ("enums.rs", include_str!("../../../templates/src/enums.rs")),
    (
        "expandable.rs",
        include_str!("../../../templates/src/expandable.rs"),
    ),
    ("form.rs", include_str!("../../../templates/src/form.rs")),
    ("json.rs", include_str!("../../../templates/src/json.rs")),
    ("list.rs", include_str!("../../../templates/src/list.rs")),
    (
        "request.rs",
        include_str!("../../../templates/src/request.rs"),
    ),
    (
        "timestamp.rs",
        include_str!("../../../templates/src/timestamp.rs"),
    ),
];

const FACADE_MANIFEST: &str = include_str!("../../../templates/manifests/facade.toml");
const SHARED_MANIFEST: &str = include_str!("../../../templates/manifests/shared.toml");
const AREA_MANIFEST: &str = include_str!("../../../templates/manifests/area.toml");
const LIB_DOCS: &str = include_str!("../../../templates/lib_docs.md");

/// The package of an area that is a crate of its own: `stripe-generated-payment-intents`.
pub(super) fn area_package(area: &str) -> String {
    format!("stripe-generated-{}", area.replace('_', "-"))
}

/// The Rust name of an area crate: `stripe_generated_payment_intents`.
fn area_crate(area: &str) -> String {
    area_package(area).replace('-', "_")
}

/// The directory of an area crate, relative to the generated tree.
pub(super) fn area_dir(area: &str) -> String {
    format!("areas/{area}")
}

fn manifest_notice(header: &[String]) -> String {
    header.iter().map(|l| format!("# {l}\n")).collect()
}

/// The manifest of the `stripe-generated` crate: one optional dependency per area crate, one
/// feature per area, and `full` for all of them.
pub(super) fn facade_manifest(
    api: &Api,
    header: &[String],
    area_crates: &[&str],
    root_areas: &[&str],
) -> String {
    let mut areas: Vec<&str> = area_crates.iter().chain(root_areas).copied().collect();
    areas.sort_unstable();
    let dependencies: String = area_crates
        .iter()
        .map(|a| {
            format!(
                "{} = {{ path = \"{}\", optional = true }}\n",
                area_package(a),
                area_dir(a)
            )
        })
        .collect();
    let serialize: Vec<String> = std::iter::once("\"stripe-generated-shared/serialize\"".into())
        .chain(
            area_crates
                .iter()
                .map(|a| format!("\"{}?/serialize\"", area_package(a))),
        )
        .collect();
    let full: String = areas.iter().map(|a| format!("    \"{a}\",\n")).collect();
    let features: String = areas
        .iter()
        .map(|a| {
            if area_crates.contains(a) {
                format!("{a} = [\"dep:{}\"]\n", area_package(a))
            } else {
                format!("{a} = []\n")
            }
        })
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        FACADE_MANIFEST
            .replace("{{api_version}}", &api.api_version)
            .replace("{{area_dependencies}}\n", &dependencies)
            .replace("{{serialize_features}}", &serialize.join(", "))
            .replace("{{features}}\n", &format!("full = [\n{full}]\n{features}"))
    )
}

/// The manifest of `stripe-generated-shared`.
pub(super) fn shared_manifest(header: &[String]) -> String {
    format!("{}\n{SHARED_MANIFEST}", manifest_notice(header))
}

/// The manifest of the crate of `area`.
pub(super) fn area_manifest(header: &[String], area: &str) -> String {
    format!(
        "{}\n{}",
        manifest_notice(header),
        AREA_MANIFEST
            .replace("{{package}}", &area_package(area))
            .replace("{{area}}", area)
    )
}

/// `#[cfg(feature = "…")]` for an item of `module`, nothing for the shared module.
pub(super) fn feature_gate(module: &str) -> TokenStream {
    match feature_of(module) {
        Some(feature) => quote! { #[cfg(feature = #feature)] },
        None => TokenStream::new(),
    }
}

/// Inner doc attributes, one per line of `text`.
fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// `lib.rs` of `stripe-generated`: everything of the shared crate, each area crate as a module
/// (behind its feature), the areas that need `Resource` as modules of its own, and `Resource`.
pub(super) fn facade_lib_rs(area_crates: &[&str], root_areas: &[&str]) -> TokenStream {
    let docs = inner_docs(LIB_DOCS);
    let area = |m: &str, declaration: TokenStream| {
        let doc = format!(" Types and requests of the `{m}` area (cargo feature `{m}`).");
        let gate = feature_gate(m);
        let module = format_ident!("{}", m);
        quote! {
            #[doc = #doc]
            #gate
            #declaration
            #gate
            pub use #module::*;
        }
    };
    let crates = area_crates.iter().map(|m| {
        let (module, krate) = (format_ident!("{}", m), format_ident!("{}", area_crate(m)));
        area(m, quote!(pub use #krate as #module;))
    });
    let own = root_areas.iter().map(|m| {
        let module = format_ident!("{}", m);
        area(m, quote!(pub mod #module;))
    });
    quote! {
        #docs
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        pub use stripe_generated_shared::*;

        mod resource;
        pub use resource::Resource;

        #(#crates)*
        #(#own)*
    }
}

/// `lib.rs` of `stripe-generated-shared`: the hand-written modules and the shared types.
pub(super) fn shared_lib_rs(api: &Api) -> TokenStream {
    let docs = inner_docs(
        "The part of `stripe-generated` that every resource area uses: the types several areas\n\
         share, JSON decoding, form encoding and the request trait. Use it through\n\
         `stripe-generated` (or `stripe`), which re-exports all of it.",
    );
    let version = &api.api_version;
    let version_doc = format!(
        " The Stripe API version the types describe, sent as `Stripe-Version`: `{version}`."
    );
    quote! {
        #docs
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        mod clearable;
        pub mod decode;
        #[doc(hidden)]
        pub mod enums;
        mod expandable;
        pub mod form;
        pub mod json;
        mod list;
        mod request;
        mod timestamp;

        pub use clearable::Clearable;
        pub use decode::DecodeError;
        pub use expandable::Expandable;
        pub use json::{Failed, FromJson, JsonReader};
        pub use list::{List, SearchResult};
        pub use request::{
            Body, FileUpload, HasId, Host, ListRequest, Method, Part, PartValue, SearchRequest, StripeRequest,
            path_segment,
        };
        pub use timestamp::Timestamp;

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        /// Types used by several areas, or by none (always compiled).
        pub mod shared;
        #[allow(unused_imports, reason = "a spec may have no shared types")]
        pub use shared::*;
    }
}

/// `lib.rs` of the crate of `area`: its types and requests, with the shared crate in scope.
pub(super) fn area_lib_rs(area: &str, tokens: TokenStream) -> TokenStream {
    let docs = inner_docs(&format!(
        "Types and requests of the `{area}` area of the Stripe API. Use them through\n\
         `stripe-generated` (or `stripe`) with the cargo feature `{area}`."
    ));
    quote! {
        #docs
        #![allow(deprecated)]
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]
        // Deep enough for rustdoc to work out the auto traits of types that nest the shared ones.
        #![recursion_limit = "256"]

        #[allow(unused_imports)]
        use stripe_generated_shared::*;
        #tokens
    }
}

pub(super) fn resource_enum(api: &Api) -> TokenStream {
    let variants: Vec<(String, TypeId, String, bool)> = api
        .objects
        .iter()
        .map(|o| (o.rust.clone(), o.ty, o.object.clone(), o.deleted))
        .collect();
    let gates: Vec<TokenStream> = api
        .objects
        .iter()
        .map(|o| feature_gate(&api.types[o.ty.0].module))
        .collect();
    let docs = doc_attrs(
        "Any object of the API, told apart by its `object` field (and `deleted: true` for deleted\n\
         objects): what an event's `data.object` holds. Objects of a type this version does not\n\
         know, or of an area whose cargo feature is off, are kept as [`Resource::Unknown`].",
    );
    let name = format_ident!("Resource");
    let tokens = union_tokens(api, &name, docs, &variants, &gates, serialize_gate());
    quote! {
        #[allow(unused_imports)]
        use crate::*;
        #tokens
    }
}
