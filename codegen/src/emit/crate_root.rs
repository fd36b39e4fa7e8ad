//! The crate roots: each crate's `lib.rs` and manifest, and the all-resources enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{serialize_gate, union_tokens};
use super::{doc_attrs, doc_lines};
use crate::ir::{Api, DomainCrate, TypeId};
use crate::lower::feature_of;

const FACADE_MANIFEST: &str = include_str!("../../../templates/manifests/facade.toml");
const SHARED_MANIFEST: &str = include_str!("../../../templates/manifests/shared.toml");
const DOMAIN_MANIFEST: &str = include_str!("../../../templates/manifests/domain.toml");
const LIB_DOCS: &str = include_str!("../../../templates/lib_docs.md");
/// The version of the generated crates, which is the generator's own (one workspace version): the
/// requirement on each sibling they depend on by path, so that they can be published.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The package of a domain crate: `stripe-generated-billing`.
fn domain_package(domain: &DomainCrate) -> String {
    format!("stripe-generated-{}", domain.name.replace('_', "-"))
}

/// The Rust name of a domain crate: `stripe_generated_billing`.
fn domain_ident(domain: &DomainCrate) -> proc_macro2::Ident {
    format_ident!("stripe_generated_{}", domain.name)
}

/// The directory of a domain crate, relative to the generated tree.
pub(super) fn domain_dir(domain: &DomainCrate) -> String {
    format!("domains/{}", domain.name)
}

/// Every area by name, with the domain crate that holds it; `None` for an area of the root
/// crate.
fn areas_by_name(api: &Api) -> Vec<(&str, Option<&DomainCrate>)> {
    let mut areas: Vec<(&str, Option<&DomainCrate>)> = api
        .root_modules
        .iter()
        .map(|area| (area.as_str(), None))
        .collect();
    for c in &api.domain_crates {
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

/// The manifest of the `stripe-generated` crate: one optional dependency per domain crate, one
/// feature per area, and `full` for all of them.
pub(super) fn facade_manifest(api: &Api, header: &[String]) -> String {
    let dependencies: String = api
        .domain_crates
        .iter()
        .map(|c| {
            format!(
                "{} = {{ path = \"{}\", version = \"{VERSION}\", optional = true }}\n",
                domain_package(c),
                domain_dir(c)
            )
        })
        .collect();
    // A feature of every crate: the shared one, and each domain crate that is enabled.
    let everywhere = |feature: &str| -> String {
        std::iter::once(format!("\"stripe-generated-shared/{feature}\""))
            .chain(
                api.domain_crates
                    .iter()
                    .map(|c| format!("\"{}?/{feature}\"", domain_package(c))),
            )
            .collect::<Vec<_>>()
            .join(", ")
    };
    let features: Vec<(&str, String)> = areas_by_name(api)
        .into_iter()
        .map(|(area, domain)| {
            let enables = domain.map_or(String::new(), |c| {
                let package = domain_package(c);
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
    format!(
        "{}\n{}",
        manifest_notice(header),
        SHARED_MANIFEST.replace("{{version}}", VERSION)
    )
}

/// The manifest of a domain crate: one cargo feature per area.
pub(super) fn domain_manifest(header: &[String], domain: &DomainCrate) -> String {
    let features: String = domain
        .areas
        .iter()
        .map(|area| format!("{area} = []\n"))
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        DOMAIN_MANIFEST
            .replace("{{version}}", VERSION)
            .replace("{{package}}", &domain_package(domain))
            .replace("{{doc}}", &domain.doc)
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
    let areas = areas_by_name(api).into_iter().map(|(m, domain)| {
        let module = format_ident!("{}", m);
        let declaration = match domain {
            Some(c) => {
                let krate = domain_ident(c);
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

/// `lib.rs` of `stripe-generated-shared`: everything of `stripe-types`, and the shared types.
pub(super) fn shared_lib_rs(api: &Api) -> TokenStream {
    let docs = inner_docs(
        "The part of `stripe-generated` that every resource area uses: the types several areas\n\
         share, and everything of `stripe-types` (JSON decoding, form encoding, the request\n\
         trait). Use it through `stripe-generated` (or `stripe`), which re-exports all of it.",
    );
    let version = &api.api_version;
    let version_doc = format!(
        " The Stripe API version the types describe, sent as `Stripe-Version`: `{version}`."
    );
    quote! {
        #docs
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        pub use stripe_types::*;

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        /// Types used by several areas, or by none (always compiled).
        pub mod shared;
        #[allow(unused_imports, reason = "a spec may have no shared types")]
        pub use shared::*;
    }
}

/// `lib.rs` of a domain crate: one module per area, behind the area's feature.
pub(super) fn domain_lib_rs(domain: &DomainCrate) -> TokenStream {
    let docs = inner_docs(&format!(
        "Types and requests of {} of the Stripe API.\n\n\
         Each area is a module behind the cargo feature of its name. Use them through\n\
         `stripe-generated` (or `stripe`).",
        domain.doc
    ));
    let modules = domain.areas.iter().map(|m| {
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
