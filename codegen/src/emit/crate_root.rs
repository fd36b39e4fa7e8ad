//! The crate root: `lib.rs`, the manifest, the all-resources enum, and the copied templates.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{serialize_gate, union_tokens};
use super::{doc_attrs, doc_lines};
use crate::ir::{Api, AreaCrate, TypeId};
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
/// The version of the generated crates, which is the generator's own (one workspace version): the
/// requirement on each sibling they depend on by path, so that they can be published.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The package of a crate of areas: `stripe-generated-customers-to-issuing`.
fn area_crate_package(area_crate: &AreaCrate) -> String {
    format!("stripe-generated-{}", area_crate.name.replace('_', "-"))
}

/// The Rust name of a crate of areas: `stripe_generated_customers_to_issuing`.
fn area_crate_ident(area_crate: &AreaCrate) -> proc_macro2::Ident {
    format_ident!("stripe_generated_{}", area_crate.name)
}

/// The directory of a crate of areas, relative to the generated tree.
pub(super) fn area_crate_dir(area_crate: &AreaCrate) -> String {
    format!("areas/{}", area_crate.name)
}

/// Every area by name, with the crate of areas that holds it; `None` for an area of the root
/// crate.
fn areas_by_name(api: &Api) -> Vec<(&str, Option<&AreaCrate>)> {
    let mut areas: Vec<(&str, Option<&AreaCrate>)> = api
        .root_modules
        .iter()
        .map(|area| (area.as_str(), None))
        .collect();
    for c in &api.area_crates {
        areas.extend(c.areas.iter().map(|area| (area.as_str(), Some(c))));
    }
    areas.sort_by_key(|(area, _)| *area);
    areas
}

/// The declaration of an area's module (`pub mod customers;`, or a re-export of it), with the
/// area's doc line and behind the area's feature.
fn area_module(area: &str, declaration: TokenStream) -> TokenStream {
    let doc = format!(" Types and requests of the `{area}` area (cargo feature `{area}`).");
    let gate = feature_gate(area);
    quote! {
        #[doc = #doc]
        #gate
        #declaration
    }
}

fn manifest_notice(header: &[String]) -> String {
    header.iter().map(|l| format!("# {l}\n")).collect()
}

/// The manifest of the `stripe-generated` crate: one optional dependency per crate of areas,
/// one feature per area, and `full` for all of them.
pub(super) fn facade_manifest(api: &Api, header: &[String]) -> String {
    let dependencies: String = api
        .area_crates
        .iter()
        .map(|c| {
            format!(
                "{} = {{ path = \"{}\", version = \"{VERSION}\", optional = true }}\n",
                area_crate_package(c),
                area_crate_dir(c)
            )
        })
        .collect();
    // A feature of every crate: the shared one, and each crate of areas that is enabled.
    let everywhere = |feature: &str| -> String {
        std::iter::once(format!("\"stripe-generated-shared/{feature}\""))
            .chain(
                api.area_crates
                    .iter()
                    .map(|c| format!("\"{}?/{feature}\"", area_crate_package(c))),
            )
            .collect::<Vec<_>>()
            .join(", ")
    };
    let features: Vec<(&str, String)> = areas_by_name(api)
        .into_iter()
        .map(|(area, area_crate)| {
            let enables = area_crate.map_or(String::new(), |c| {
                let package = area_crate_package(c);
                format!("\"dep:{package}\", \"{package}/{area}\"")
            });
            (area, enables)
        })
        .collect();
    let full: String = features
        .iter()
        .map(|(a, _)| format!("    \"{a}\",\n"))
        .collect();
    let features: String = features
        .iter()
        .map(|(area, enables)| format!("{area} = [{enables}]\n"))
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        FACADE_MANIFEST
            .replace("{{version}}", VERSION)
            .replace("{{api_version}}", &api.api_version)
            .replace("{{area_dependencies}}\n", &dependencies)
            .replace("{{serialize_features}}", &everywhere("serialize"))
            .replace("{{deserialize_features}}", &everywhere("deserialize"))
            .replace("{{features}}\n", &format!("full = [\n{full}]\n{features}"))
    )
}

/// The manifest of `stripe-generated-shared`.
pub(super) fn shared_manifest(header: &[String]) -> String {
    format!("{}\n{SHARED_MANIFEST}", manifest_notice(header))
}

/// The manifest of a crate of areas: one cargo feature per area.
pub(super) fn area_crate_manifest(header: &[String], area_crate: &AreaCrate) -> String {
    let features: String = area_crate
        .areas
        .iter()
        .map(|area| format!("{area} = []\n"))
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        AREA_MANIFEST
            .replace("{{version}}", VERSION)
            .replace("{{package}}", &area_crate_package(area_crate))
            .replace("{{areas}}", &the_areas(&area_crate.areas))
            .replace("{{features}}\n", &features)
    )
}

/// `` the `a` area `` or `` the areas from `a` to `c` ``.
fn the_areas(areas: &[String]) -> String {
    match areas {
        [first, .., last] => format!("the areas from `{first}` to `{last}`"),
        [one] => format!("the `{one}` area"),
        [] => "no area".into(),
    }
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

/// `lib.rs` of `stripe-generated`: everything of the shared crate, each area (behind its
/// feature) as a module, and `Resource`. The areas that need `Resource` are modules of its own;
/// the others are re-exported from their crates.
pub(super) fn facade_lib_rs(api: &Api) -> TokenStream {
    let docs = inner_docs(LIB_DOCS);
    let areas = areas_by_name(api).into_iter().map(|(m, area_crate)| {
        let module = format_ident!("{}", m);
        let declaration = match area_crate {
            Some(c) => {
                let krate = area_crate_ident(c);
                area_module(m, quote!(pub use #krate::#module;))
            }
            None => area_module(m, quote!(pub mod #module;)),
        };
        let gate = feature_gate(m);
        quote! {
            #declaration
            #gate
            pub use #module::*;
        }
    });
    quote! {
        #docs
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        pub use stripe_generated_shared::*;

        mod resource;
        pub use resource::Resource;

        #(#areas)*
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

/// `lib.rs` of a crate of areas: one module per area, behind the area's feature.
pub(super) fn area_crate_lib_rs(area_crate: &AreaCrate) -> TokenStream {
    let docs = inner_docs(&format!(
        "Types and requests of {} of the Stripe API, each area a module behind\n\
         the cargo feature of its name. Use them through `stripe-generated` (or `stripe`).",
        the_areas(&area_crate.areas)
    ));
    let modules = area_crate.areas.iter().map(|m| {
        let module = format_ident!("{}", m);
        area_module(m, quote!(pub mod #module;))
    });
    quote! {
        #docs
        #![allow(deprecated)]
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]
        // Deep enough for rustdoc to work out the auto traits of types that nest the shared ones.
        #![recursion_limit = "256"]

        #[allow(unused_imports)]
        use stripe_generated_shared::*;

        #(#modules)*
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
