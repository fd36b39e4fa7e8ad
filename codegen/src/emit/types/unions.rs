//! Unions: object unions told apart by `object` (and the all-resources enum's arms), and
//! parameter unions serialized as whichever variant is set.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::{debug, rust_type};
use super::codecs::{serde_via_json, serialize_gate};
use crate::ir::{Api, ObjectUnionDef, ParamUnionDef, TypeId, TypeKind, TypeRef};

/// The match arms and variants shared by object unions and the all-resources enum.
pub(in crate::emit) fn union_tokens(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[(String, TypeId, String, bool)],
    gates: &[TokenStream],
    serialize_gate: TokenStream,
) -> TokenStream {
    let idents: Vec<_> = variants
        .iter()
        .map(|(rust, ..)| format_ident!("{}", rust))
        .collect();
    let types: Vec<_> = variants
        .iter()
        .map(|(_, ty, ..)| rust_type(api, &TypeRef::Named(*ty)))
        .collect();
    let objects: Vec<&str> = variants
        .iter()
        .map(|(_, _, object, _)| object.as_str())
        .collect();
    let deleted: Vec<bool> = variants.iter().map(|(.., d)| *d).collect();
    let deserialize = serde_via_json(name);
    let variant_docs = variants.iter().map(|(_, _, object, deleted)| {
        if *deleted {
            format!(" A deleted `{object}` (`\"deleted\": true`).")
        } else {
            format!(" `\"object\": \"{object}\"`.")
        }
    });
    let debug = debug::union_debug_impl(name, &idents, gates);
    quote! {
        #docs
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #gates #idents(Box<#types>), )*
            /// An object of a type this version of the crate does not know, as it arrived.
            Unknown(serde_json::Value),
        }

        #debug

        impl crate::FromJson for #name {
            fn from_json(json: &mut crate::JsonReader<'_>) -> Result<Self, crate::Failed> {
                let (object, deleted) = crate::tri!(json.peek_tag());
                Ok(match (&*object, deleted) {
                    #( #gates (#objects, #deleted) => Self::#idents(crate::tri!(json.read())), )*
                    _ => Self::Unknown(crate::tri!(json.read())),
                })
            }
        }

        #deserialize

        #serialize_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #gates Self::#idents(object) => object.serialize(serializer), )*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl crate::HasId for #name {
            #[inline]
            fn id(&self) -> Option<&str> {
                match self {
                    #( #gates Self::#idents(object) => object.id(), )*
                    Self::Unknown(value) => crate::enums::json_id(value),
                }
            }
        }
    }
}

/// An object union: a variant per object and `Unknown`, read by `object`.
pub(super) fn object_union(
    api: &Api,
    union_gate: &[String],
    u: &ObjectUnionDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let variants: Vec<(String, TypeId, String, bool)> = u
        .variants
        .iter()
        .map(|v| (v.rust.clone(), v.ty, v.object.clone(), v.deleted))
        .collect();
    // A variant has a gate of its own where its code is compiled for fewer features than the
    // union's (a union of objects of several kinds, `lower::gates`).
    let gates = u
        .variants
        .iter()
        .map(|v| {
            let gate = &api.types[v.ty.0].gate;
            match super::gate_predicate(gate) {
                Some(predicate) if !union_gate.iter().all(|g| gate.contains(g)) => {
                    quote!(#[cfg(#predicate)])
                }
                _ => TokenStream::new(),
            }
        })
        .collect::<Vec<_>>();
    union_tokens(api, name, docs, &variants, &gates, serialize_gate())
}

/// Whether a parameter union holds this variant in a `Box` (struct variants are boxed).
pub(in crate::emit) fn is_boxed_variant(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(api.types[id.0].kind, TypeKind::Struct(_)))
}

/// A parameter union: a variant per shape, sent as whichever is set.
pub(super) fn param_union(
    api: &Api,
    u: &ParamUnionDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let ty = rust_type(api, &v.ty);
        let doc = match &v.ty {
            TypeRef::Named(id) => format!(" The value as a [`{}`].", api.types[id.0].name),
            other => format!(
                " The value as `{}`.",
                rust_type(api, other).to_string().replace(' ', "")
            ),
        };
        if is_boxed_variant(api, &v.ty) {
            quote!(#[doc = #doc] #ident(Box<#ty>))
        } else {
            quote!(#[doc = #doc] #ident(#ty))
        }
    });
    let is_string = |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::Decimal);
    let one_string = u.variants.iter().filter(|v| is_string(&v.ty)).count() == 1;
    let froms = u
        .variants
        .iter()
        .filter(|v| u.variants.iter().filter(|o| o.ty == v.ty).count() == 1)
        .map(|v| {
            let ident = format_ident!("{}", v.rust);
            let ty = rust_type(api, &v.ty);
            let value = if is_boxed_variant(api, &v.ty) {
                quote!(Box::new(value))
            } else {
                quote!(value)
            };
            // A string variant takes a `&str` too (`.bank_account("btok_…")`).
            let from_str = (one_string && is_string(&v.ty)).then(|| {
                quote! {
                    impl From<&str> for #name {
                        #[inline]
                        fn from(value: &str) -> Self {
                            Self::#ident(value.to_string())
                        }
                    }
                }
            });
            quote! {
                impl From<#ty> for #name {
                    #[inline]
                    fn from(value: #ty) -> Self {
                        Self::#ident(#value)
                    }
                }
                #from_str
            }
        });
    // Untagged: each variant is sent as its value alone.
    let idents: Vec<_> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.rust))
        .collect();
    let serialize_gate = serialize_gate();
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub enum #name {
            #(#variants,)*
        }
        #serialize_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#idents(value) => value.serialize(serializer), )*
                }
            }
        }
        impl crate::form::ToForm for #name {
            #[inline]
            fn to_form(&self, key: &str, form: &mut crate::form::Form) {
                match self {
                    #( Self::#idents(value) => value.to_form(key, form), )*
                }
            }
        }
        #(#froms)*
    }
}
