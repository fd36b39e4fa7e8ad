//! The crate root: `lib.rs`, the manifest, the all-resources enum, and the copied templates.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_attrs;
use super::types::{serialize_gate, union_tokens};
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

const MANIFEST: &str = include_str!("../../../templates/Cargo.toml");
const LIB_DOCS: &str = include_str!("../../../templates/lib_docs.md");

/// The manifest, with one feature per area module and `full` for all of them.
pub(super) fn manifest(api: &Api, header: &[String], modules: &[&str]) -> String {
    let notice: String = header.iter().map(|l| format!("# {l}\n")).collect();
    let areas: Vec<&str> = modules.iter().filter_map(|m| feature_of(m)).collect();
    let full: Vec<String> = areas.iter().map(|a| format!("    \"{a}\",\n")).collect();
    let features: String = areas.iter().map(|a| format!("{a} = []\n")).collect();
    let features = format!("full = [\n{}]\n{features}", full.concat());
    format!(
        "{notice}\n{}",
        MANIFEST
            .replace("{{api_version}}", &api.api_version)
            .replace("{{features}}\n", &features)
    )
}

/// `#[cfg(feature = "…")]` for an item of `module`, nothing for the shared module.
pub(super) fn feature_gate(module: &str) -> TokenStream {
    match feature_of(module) {
        Some(feature) => quote! { #[cfg(feature = #feature)] },
        None => TokenStream::new(),
    }
}

pub(super) fn lib_rs(api: &Api, modules: &[&str]) -> TokenStream {
    let docs: Vec<String> = LIB_DOCS
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    let version = &api.api_version;
    let version_doc = format!(
        " The Stripe API version the types describe, sent as `Stripe-Version`: `{version}`."
    );
    let mods: Vec<_> = modules.iter().map(|m| format_ident!("{}", m)).collect();
    let gates: Vec<_> = modules.iter().map(|m| feature_gate(m)).collect();
    let mod_docs = modules.iter().map(|m| match feature_of(m) {
        Some(feature) => {
            format!(" Types and requests of the `{m}` area (cargo feature `{feature}`).")
        }
        None => " Types used by several areas, or by none (always compiled).".to_string(),
    });
    quote! {
        #( #![doc = #docs] )*
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        mod clearable;
        pub mod decode;
        mod enums;
        mod expandable;
        pub mod form;
        pub mod json;
        mod list;
        mod request;
        mod resource;
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
        pub use resource::Resource;
        pub use timestamp::Timestamp;

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        #( #[doc = #mod_docs] #gates pub mod #mods; )*
        #( #gates pub use #mods::*; )*
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
