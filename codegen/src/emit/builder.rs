//! Builders: the requests and the structs only requests use (`StructStyle::Builder`). Their
//! fields are private; `new` takes the required ones, a setter sets each optional one and
//! `clear_*` clears a clearable one, as `lower::policy` names them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, rust_type};
use crate::ir::{Api, Field, TypeRef};

/// The private field declarations.
pub(super) fn fields(api: &Api, fields: &[&Field]) -> TokenStream {
    let decls = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let inner = rust_type(api, &f.ty);
        if f.is_optional() {
            quote!(#ident: Option<#inner>,)
        } else {
            quote!(#ident: #inner,)
        }
    });
    quote!(#(#decls)*)
}

/// `impl Name { new, setters, clear_* }` for all of a builder's `fields`; `new` takes the
/// required ones in their order. `kind` names the builder in `new`'s rustdoc.
pub(super) fn methods(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[&Field],
    has_default: bool,
    kind: &str,
) -> TokenStream {
    let required: Vec<&Field> = fields
        .iter()
        .copied()
        .filter(|f| !f.is_optional())
        .collect();
    let new_doc = doc_attrs(&new_doc(kind, &required));
    let new = if has_default {
        quote! {
            #new_doc
            #[inline]
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        let args = required.iter().map(|f| {
            let ident = format_ident!("{}", f.rust);
            let (ty, _) = input(api, &f.ty, &ident);
            quote!(#ident: #ty)
        });
        let inits = fields.iter().map(|f| {
            let ident = format_ident!("{}", f.rust);
            if f.is_optional() {
                quote!(#ident: None)
            } else {
                let (_, value) = input(api, &f.ty, &ident);
                quote!(#ident: #value)
            }
        });
        quote! {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    };
    let setters = fields.iter().map(|f| setter(api, f));
    quote! {
        impl #name {
            #new
            #(#setters)*
        }
    }
}

/// A field's setter, and its `clear_*` when it has one. The setter is generic (it takes what
/// converts into the field) and `clear_*` is inline, so both are compiled only in a program that
/// calls them. Compiled here, a `clear_*` would bring the drop code of its whole builder (and
/// of every parameter type in it) into this crate, whether or not a program uses the request.
fn setter(api: &Api, f: &Field) -> TokenStream {
    let Some(method) = &f.setter else {
        return TokenStream::new();
    };
    let method = format_ident!("{}", method);
    let ident = format_ident!("{}", f.rust);
    let docs = match &f.doc {
        Some(doc) => doc_attrs(doc),
        None => doc_attrs(&format!("Sets `{}`.", f.wire)),
    };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    let argument = format_ident!("value");
    let (ty, value) = match &f.ty {
        TypeRef::Clearable(inner) => {
            let (ty, value) = input(api, inner, &argument);
            (ty, quote!(crate::Clearable::Set(#value)))
        }
        ty => input(api, ty, &argument),
    };
    let clear = f.clear.as_ref().map(|clear| {
        let clear = format_ident!("{}", clear);
        let doc = format!(" Clears `{}`: sends it as the empty string.", f.wire);
        quote! {
            #[doc = #doc]
            #deprecated
            #[inline]
            pub fn #clear(mut self) -> Self {
                self.#ident = Some(crate::Clearable::Clear);
                self
            }
        }
    });
    quote! {
        #docs
        #deprecated
        pub fn #method(mut self, value: #ty) -> Self {
            self.#ident = Some(#value);
            self
        }
        #clear
    }
}

/// What a builder method takes for a value of `ty`, and the expression that makes the value of
/// its argument `arg`: a list of strings takes any strings (`["customer", "invoice"]`), a map of
/// strings any pairs of them (`[("order", "6735")]`), anything else what converts into it.
fn input(api: &Api, ty: &TypeRef, arg: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Vec(item) if matches!(**item, TypeRef::String | TypeRef::Id(_)) => {
            let item = rust_type(api, item);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#arg.into_iter().map(Into::into).collect()),
            )
        }
        TypeRef::Map(value) if matches!(**value, TypeRef::String) => (
            quote!(impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>),
            quote!(#arg.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
        ),
        ty => {
            let ty = rust_type(api, ty);
            (quote!(impl Into<#ty>), quote!(#arg.into()))
        }
    }
}

/// The sentence of `new`'s rustdoc: what its arguments are.
fn new_doc(kind: &str, required: &[&Field]) -> String {
    if required.is_empty() {
        return format!("A {kind} with every parameter unset.");
    }
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
    format!(
        "A {kind} with its required parameters: {}.",
        names.join(", ")
    )
}
