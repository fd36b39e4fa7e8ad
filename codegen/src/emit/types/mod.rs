//! Named types: structs, string enums, object unions and parameter unions.
//!
//! This module picks the renderer of each kind of type and writes each type's rustdoc;
//! [`structs`], [`enums`] and [`unions`] render the kinds, and [`codecs`] the encodings
//! (serde, form, JSON) that structs write out as code.

mod codecs;
mod enums;
mod structs;
mod unions;

pub(super) use codecs::{serialize_gate, serialize_struct, to_form_struct};
pub(super) use unions::{is_boxed_variant, union_tokens};

use enums::string_enum;
use structs::structure;
use unions::{object_union, param_union};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, rust_type};
use crate::ir::{Api, Field, Origin, TypeDef, TypeId, TypeKind};
use crate::naming;

/// The tokens of the named type `id`: its definition and its trait implementations.
pub(super) fn type_def(api: &Api, id: TypeId) -> TokenStream {
    let def = &api.types[id.0];
    let docs = doc_attrs(&type_doc(def));
    let name = format_ident!("{}", def.name);
    let tokens = match &def.kind {
        TypeKind::Struct(s) => structure(api, def, s, docs, &name),
        TypeKind::Enum(e) => string_enum(def, e, docs, &name),
        TypeKind::ObjectUnion(u) => object_union(api, &def.gate, u, docs, &name),
        TypeKind::ParamUnion(u) => param_union(api, u, docs, &name),
    };
    let tokens = if def.module == naming::SHARED {
        gated(tokens, &def.gate)
    } else {
        tokens
    };
    let identity = identity(api, id, def);
    quote!(#tokens #identity)
}

/// The predicate of a gate (`lower::gates`): `feature = "a"`, or `any(feature = "a", …)`;
/// `None` for a type whose code is always compiled.
pub(in crate::emit) fn gate_predicate(gate: &[String]) -> Option<TokenStream> {
    match gate {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(any( #( feature = #many ),* ))),
    }
}

/// The items of a shared type with its code behind its gate: the derives under
/// `#[cfg_attr(…, derive(…))]`, and every `impl` in one `#[cfg(…)] const _: () = { … };` block,
/// which keeps them where they are for rustdoc and paths. The definition itself stays, so the
/// type is the same whatever the features.
fn gated(tokens: TokenStream, gate: &[String]) -> TokenStream {
    let Some(predicate) = gate_predicate(gate) else {
        return tokens;
    };
    let file: syn::File = syn::parse2(tokens).expect("the emitter's items parse");
    let gate_derives = |attrs: &mut Vec<syn::Attribute>| {
        for attr in attrs.iter_mut() {
            if let syn::Meta::List(list) = &attr.meta
                && list.path.is_ident("derive")
            {
                let derives = &list.tokens;
                *attr = syn::parse_quote!(#[cfg_attr(#predicate, derive(#derives))]);
            }
        }
    };
    let mut definitions = Vec::new();
    let mut code = Vec::new();
    for mut item in file.items {
        match &mut item {
            syn::Item::Impl(_) => code.push(item),
            syn::Item::Struct(def) => {
                gate_derives(&mut def.attrs);
                // A builder's private fields are read only by its code.
                let private = def
                    .fields
                    .iter()
                    .any(|f| matches!(f.vis, syn::Visibility::Inherited));
                if private {
                    def.attrs
                        .push(syn::parse_quote!(#[cfg_attr(not(#predicate), allow(dead_code))]));
                }
                definitions.push(item);
            }
            syn::Item::Enum(def) => {
                gate_derives(&mut def.attrs);
                definitions.push(item);
            }
            _ => definitions.push(item),
        }
    }
    quote! {
        #(#definitions)*
        #[cfg(#predicate)]
        const _: () = {
            #(#code)*
        };
    }
}

/// For a type Stripe names by an id: its `Identified` impl, and the alias of its ids
/// (`CustomerId`) when it is a kind of its own.
fn identity(api: &Api, id: TypeId, def: &TypeDef) -> TokenStream {
    let Some(kind) = def.id_kind else {
        return TokenStream::new();
    };
    let name = format_ident!("{}", def.name);
    let kind_name = format_ident!("{}", api.types[kind.0].name);
    let alias = def.is_id_kind(id).then(|| {
        let alias = format_ident!("{}", naming::id_alias_name(&def.name));
        let doc = match def.kind {
            TypeKind::ObjectUnion(_) => format!(
                " The id type of [`{}`]: the id of any of its objects.",
                def.name
            ),
            _ => format!(" The id type of [`{}`].", def.name),
        };
        quote! {
            #[doc = #doc]
            pub type #alias = crate::Id<#name>;
        }
    });
    quote! {
        #alias
        impl crate::Identified for #name {
            type Kind = #kind_name;
        }
    }
}

/// The type's description followed by where it comes from in the spec.
fn type_doc(def: &TypeDef) -> String {
    let origin = match &def.origins[0] {
        Origin::Component(name) => format!("Spec: the `{name}` schema."),
        Origin::Concept { concept, path } if path.is_empty() => {
            format!("Spec: the `{concept}` concept, wherever it appears.")
        }
        Origin::Concept { concept, path } => format!(
            "Spec: `{}` inside `{concept}`, wherever that appears.",
            path.join(".")
        ),
        Origin::Inline { owner, path } => {
            let mut used: Vec<String> = Vec::new();
            for o in &def.origins {
                if let Origin::Inline { owner, path } = o {
                    let place = format!("`{owner}.{}`", path.join("."));
                    if !used.contains(&place) {
                        used.push(place);
                    }
                }
            }
            let first = format!("`{owner}.{}`", path.join("."));
            match used.len() {
                0 | 1 => format!("Spec: {first}."),
                n if n <= 4 => format!("Spec: {}.", used.join(", ")),
                n => format!("Spec: {first} and {} other places.", n - 1),
            }
        }
    };
    match &def.doc {
        Some(doc) => format!("{doc}\n\n{origin}"),
        None => origin,
    }
}

/// A public field's docs and declaration.
fn field_decl(api: &Api, f: &Field) -> TokenStream {
    // The spec leaves some fields undescribed; they still get a line that names them on the wire.
    let docs = match &f.doc {
        Some(doc) => doc_attrs(doc),
        None => doc_attrs(&format!("The `{}` field.", f.wire)),
    };
    let ident = format_ident!("{}", f.rust);
    let inner = rust_type(api, &f.ty);
    let ty = if f.is_optional() {
        quote!(Option<#inner>)
    } else {
        inner
    };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        pub #ident: #ty,
    }
}
