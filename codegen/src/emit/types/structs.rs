//! Structs: response structs with public fields, and builders for the structs only requests
//! use.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{builder, debug};
use super::codecs::{serialize_gate, serialize_struct, struct_from_json, to_form_struct};
use super::field_decl;
use crate::ir::{Api, Field, StructDef, StructStyle, TypeDef, TypeRef};

/// A struct in the style the IR gives it: a response struct, or a builder.
pub(super) fn structure(
    api: &Api,
    def: &TypeDef,
    s: &StructDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    if s.style == StructStyle::Builder {
        return builder_struct(api, s, docs, name);
    }
    let all: Vec<&Field> = s.fields.iter().collect();
    let (derive_debug, debug) = debug::debug(name, &all);
    let fields = s.fields.iter().map(|f| field_decl(api, f));
    let serialize_gate = serialize_gate();
    let serialize = serialize_struct(name, &s.fields, false);
    let to_form = def.usage.request.then(|| to_form_struct(name, &s.fields));
    let from_json = struct_from_json(api, name, &s.fields);
    // Without an `id` field, the trait's default: no id.
    let id = s
        .fields
        .iter()
        .find(|f| f.wire == "id" && matches!(f.ty, TypeRef::String | TypeRef::Id(_)))
        .map(|f| {
            let body = if f.is_optional() {
                quote!(self.id.as_deref())
            } else {
                quote!(Some(&self.id))
            };
            quote! {
                #[inline]
                fn id(&self) -> Option<&str> {
                    #body
                }
            }
        });
    quote! {
        #docs
        #[derive(Clone #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug
        #serialize_gate
        #serialize
        #to_form
        #from_json
        impl crate::HasId for #name {
            #id
        }
    }
}

/// A struct only requests use: a builder, like the requests themselves.
pub(super) fn builder_struct(
    api: &Api,
    s: &StructDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let all: Vec<&Field> = s.fields.iter().collect();
    let fields = builder::fields(api, &all);
    let default = s.has_default().then(|| quote!(, Default));
    let serialize_gate = serialize_gate();
    let serialize = serialize_struct(name, &s.fields, true);
    let to_form = to_form_struct(name, &s.fields);
    let methods = builder::methods(api, name, &all, s.has_default(), "value");
    let (derive_debug, debug) = debug::debug(name, &all);
    quote! {
        #docs
        #[derive(Clone #derive_debug #default)]
        #[must_use = "a parameter does nothing until a request takes it"]
        pub struct #name {
            #fields
        }
        #debug
        #serialize_gate
        #serialize
        #to_form
        #methods
    }
}
