//! The crate roots: each crate's `lib.rs` and manifest, and the all-resources enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{gate_predicate, serialize_gate, union_tokens};
use super::{doc_attrs, doc_lines};
use crate::ir::{Api, DomainCrate, TypeId};
use crate::lower::{FULL, feature_of};
use crate::packaging::{self, Packaging, crate_ident};

const FACADE_MANIFEST: &str = include_str!("../../../templates/manifests/facade.toml");
const SHARED_MANIFEST: &str = include_str!("../../../templates/manifests/shared.toml");
const DOMAIN_MANIFEST: &str = include_str!("../../../templates/manifests/domain.toml");
const LIB_DOCS: &str = include_str!("../../../templates/lib_docs.md");
/// The version of the generated crates, which is the generator's own (one workspace version): the
/// requirement on each sibling they depend on by path, so that they can be published.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A manifest template with the values every generated crate shares filled in.
fn manifest_template(template: &str, names: &Names, package: &str) -> String {
    template
        .replace("{{package}}", package)
        .replace("{{root}}", &names.root)
        .replace("{{shared}}", &names.shared())
        .replace("{{version}}", VERSION)
        .replace("{{rust_version}}", env!("CARGO_PKG_RUST_VERSION"))
        .replace("{{license}}", env!("CARGO_PKG_LICENSE"))
}

/// The package names of one generated family (see [`crate::packaging`]).
pub(super) struct Names<'a> {
    /// The root crate's package: `stripekit-api-2022-11-15`.
    root: String,
    packaging: &'a Packaging,
}

impl<'a> Names<'a> {
    /// The names of the family that generates `api`, packaged as `packaging` says.
    pub(super) fn new(api: &Api, packaging: &'a Packaging) -> Self {
        Names {
            root: packaging.root(&api.api_version),
            packaging,
        }
    }

    /// The package of the shared crate ([`packaging::shared_package`]).
    fn shared(&self) -> String {
        packaging::shared_package(&self.root)
    }

    /// The package of a domain crate ([`packaging::domain_package`]).
    fn domain(&self, domain: &DomainCrate) -> String {
        packaging::domain_package(&self.root, &domain.name)
    }

    /// The Rust name of a package.
    fn ident(package: &str) -> proc_macro2::Ident {
        format_ident!("{}", crate_ident(package))
    }
}

/// The directory of a domain crate, relative to the generated tree
/// ([`packaging::domain_dir`]).
pub(super) fn domain_dir(domain: &DomainCrate) -> String {
    packaging::domain_dir(&domain.name)
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

/// The manifest of the root crate: one optional dependency per domain crate, one feature per
/// area, and `full` for all of them.
pub(super) fn facade_manifest(api: &Api, names: &Names, header: &[String]) -> String {
    let dependencies: String = api
        .domain_crates
        .iter()
        .map(|c| {
            format!(
                "{} = {{ path = \"{}\", version = \"{VERSION}\", optional = true }}\n",
                names.domain(c),
                domain_dir(c)
            )
        })
        .collect();
    // A feature of every crate: the shared one, and each domain crate that is enabled.
    let everywhere = |feature: &str| -> String {
        std::iter::once(format!("\"{}/{feature}\"", names.shared()))
            .chain(
                api.domain_crates
                    .iter()
                    .map(|c| format!("\"{}?/{feature}\"", names.domain(c))),
            )
            .collect::<Vec<_>>()
            .join(", ")
    };
    let features: Vec<(&str, String)> = areas_by_name(api)
        .into_iter()
        .map(|(area, domain)| {
            let enables = match domain {
                Some(c) => {
                    let package = names.domain(c);
                    format!("\"dep:{package}\", \"{package}/{area}\"")
                }
                None => format!("\"{}/{area}\"", names.shared()),
            };
            (area, enables)
        })
        .collect();
    let full: String = features
        .iter()
        .map(|(a, _)| format!("    \"{a}\",\n"))
        .chain([format!("    \"{}/{FULL}\",\n", names.shared())])
        .collect();
    let features: String = features
        .iter()
        .map(|(area, enables)| format!("{area} = [{enables}]\n"))
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        manifest_template(FACADE_MANIFEST, names, &names.root)
            .replace("{{api_version}}", &api.api_version)
            .replace("{{area_dependencies}}\n", &dependencies)
            .replace("{{serialize_features}}", &everywhere("serialize"))
            .replace("{{deserialize_features}}", &everywhere("deserialize"))
            .replace("{{features}}\n", &format!("full = [\n{full}]\n{features}"))
    )
}

/// The manifest of the shared crate, the one that depends on `stripekit-types`: one cargo
/// feature per area, which compiles the code of the shared types that area uses
/// (`lower::gates`).
pub(super) fn shared_manifest(api: &Api, names: &Names, header: &[String]) -> String {
    let areas = areas_by_name(api);
    let features: String = areas
        .iter()
        .map(|(area, _)| format!("{area} = []\n"))
        .collect();
    let every: String = areas
        .iter()
        .map(|(area, _)| format!("    \"{area}\",\n"))
        .collect();
    let features = format!(
        "{features}# Every area, and the code of the types that no area uses (schemas the spec defines\n\
         # and no longer refers to); the root crate's `{FULL}` turns it on.\n{FULL} = [\n{every}]\n"
    );
    format!(
        "{}\n{}",
        manifest_notice(header),
        manifest_template(SHARED_MANIFEST, names, &names.shared())
            .replace(
                "{{types_dependency}}",
                &names.packaging.types_dependency(VERSION, 1)
            )
            .replace("{{features}}\n", &features)
    )
}

/// The manifest of a domain crate: one cargo feature per area.
pub(super) fn domain_manifest(names: &Names, header: &[String], domain: &DomainCrate) -> String {
    let features: String = domain
        .areas
        .iter()
        .map(|area| format!("{area} = [\"{}/{area}\"]\n", names.shared()))
        .collect();
    format!(
        "{}\n{}",
        manifest_notice(header),
        manifest_template(DOMAIN_MANIFEST, names, &names.domain(domain))
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

/// `lib.rs` of the root crate: everything of the shared crate, each area (behind its
/// feature) as a module, and `Resource`. The areas that need `Resource` are modules of its own;
/// the others are re-exported from their crates.
pub(super) fn facade_lib_rs(api: &Api, names: &Names) -> TokenStream {
    let shared = Names::ident(&names.shared());
    let docs = inner_docs(LIB_DOCS);
    let areas = areas_by_name(api).into_iter().map(|(m, domain)| {
        let module = format_ident!("{}", m);
        let declaration = match domain {
            Some(c) => {
                let krate = Names::ident(&names.domain(c));
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

        pub use #shared::*;

        mod resource;
        pub use resource::Resource;

        #(#areas)*
    }
}

/// `lib.rs` of the shared crate: everything of `stripekit-types`, and the shared types.
pub(super) fn shared_lib_rs(api: &Api, names: &Names) -> TokenStream {
    let docs = inner_docs(&format!(
        "The part of `{}` that every resource area uses: the types several areas\n\
         share, and everything of `stripekit-types` (JSON decoding, form encoding, the request\n\
         trait). Use it through `{}`, which re-exports all of it.",
        names.root, names.root
    ));
    let version = &api.api_version;
    let version_doc = format!(
        " The Stripe API version the types describe, sent as `Stripe-Version`: `{version}`."
    );
    quote! {
        #docs
        #![allow(clippy::too_many_arguments, clippy::should_implement_trait)]
        #![warn(missing_docs)]

        pub use stripekit_types::*;

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        /// Types used by several areas, or by none: always defined, their code compiled for the
        /// areas that use them.
        pub mod shared;
        #[allow(unused_imports, reason = "a spec may have no shared types")]
        pub use shared::*;
    }
}

/// `lib.rs` of a domain crate: one module per area, behind the area's feature.
pub(super) fn domain_lib_rs(names: &Names, domain: &DomainCrate) -> TokenStream {
    let shared = Names::ident(&names.shared());
    let docs = inner_docs(&format!(
        "Types and requests of {} of the Stripe API.\n\n\
         Each area is a module behind the cargo feature of its name. Use them through\n\
         `{}`.",
        domain.doc, names.root
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
        use #shared::*;

        #(#modules)*
    }
}

/// `Resource`: any object of the API, told apart by `object`.
pub(super) fn resource_enum(api: &Api) -> TokenStream {
    let variants: Vec<(String, TypeId, String, bool)> = api
        .objects
        .iter()
        .map(|o| (o.rust.clone(), o.ty, o.object.clone(), o.deleted))
        .collect();
    let gates: Vec<TokenStream> = api
        .objects
        .iter()
        .map(|o| match gate_predicate(&api.types[o.ty.0].gate) {
            Some(predicate) => quote!(#[cfg(#predicate)]),
            None => TokenStream::new(),
        })
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

/// The root crate's README: what it is, which API version and spec it was generated from, and
/// how to use it with the client.
pub(super) fn readme(api: &Api, names: &Names) -> String {
    let root = &names.root;
    let ident = crate_ident(root);
    let areas: Vec<String> = areas_by_name(api)
        .into_iter()
        .map(|(area, _)| format!("`{area}`"))
        .collect();
    let example = api
        .operations
        .iter()
        .find(|o| o.name == "CreateCustomer")
        .or_else(|| api.operations.first())
        .map_or_else(String::new, |o| o.name.clone());
    format!(
        "<!-- @generated by stripe-codegen from {label} (sha256 {sha256}). Do not edit. -->\n\
         \n\
         # {root}\n\
         \n\
         Typed requests and responses for every operation of the Stripe API version \
         `{version}`: {operations} operations and {types} types, generated from Stripe's OpenAPI \
         description.\n\
         \n\
         - API version: `{version}` (sent as `Stripe-Version` with every request of this crate)\n\
         - Spec: `{label}`, sha256 `{sha256}`\n\
         \n\
         The crate only describes requests and decodes responses; `stripekit-client`, which \
         knows no API version, sends them.\n\
         \n\
         ```toml\n\
         [dependencies]\n\
         stripekit-client = \"{crate_version}\"\n\
         {root} = {{ path = \"…\", features = [\"customers\"] }}\n\
         ```\n\
         \n\
         ```rust,ignore\n\
         use stripekit_client::{{Client, SendRequest}};\n\
         use {ident}::{example};\n\
         ```\n\
         \n\
         ## Features\n\
         \n\
         One per resource area, so that a build compiles only the areas it uses, and `full` for \
         all of them: {areas}. `serialize` and `deserialize` add `serde` impls to every type \
         (responses decode without them).\n",
        label = api.source.label,
        sha256 = api.source.sha256,
        version = api.api_version,
        operations = api.operations.len(),
        types = api.types.len(),
        crate_version = VERSION,
        areas = areas.join(", "),
    )
}
