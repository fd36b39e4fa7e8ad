//! Request types: one struct per operation, its builder methods, and its `StripeRequest` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{serialize_gate, serialize_struct, to_form_struct};
use super::{builder, debug, doc_attrs, rust_type};
use crate::ir::{Api, BodyKind, Field, Host, Method, Operation, Pagination, ResponseKind, TypeRef};

/// A request struct: its builder, its `Request` implementation and its encodings.
pub(super) fn request(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let mut doc = op.doc.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
    let docs = doc_attrs(&doc);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let aliases = &op.aliases;
    // The path parameters go in the path, not in the parameters.
    let serialize_gate = serialize_gate();
    let serialize = serialize_struct(&name, &op.params, true);
    let to_form = to_form_struct(&name, &op.params);
    let all: Vec<&Field> = op.path_params.iter().chain(&op.params).collect();
    let fields = builder::fields(api, &all);
    let default = op.has_default().then(|| quote!(, Default));
    // `all` lists the path parameters, then the others: `new` takes them in that order.
    let methods = builder::methods(api, &name, &all, op.has_default(), "request");
    let trait_impl = request_impl(api, op);
    let pagination = pagination(api, op);
    let (derive_debug, debug) = debug::debug(&name, &all);
    quote! {
        #docs
        #(#[doc(alias = #aliases)])*
        #deprecated
        #[derive(Clone #derive_debug #default)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            #fields
        }
        #debug
        #serialize_gate
        #serialize
        #to_form
        #methods
        #trait_impl
        #pagination
    }
}

fn request_impl(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let method = match op.method {
        Method::Get => quote!(crate::Method::Get),
        Method::Post => quote!(crate::Method::Post),
        Method::Delete => quote!(crate::Method::Delete),
        Method::Put => quote!(crate::Method::Put),
    };
    let template = &op.path;
    let path = if op.path_params.is_empty() {
        quote!(String::from(#template))
    } else {
        // Each segment is escaped into a local named like the field, which the template names.
        let mut format = template.clone();
        let mut segments = Vec::new();
        for p in &op.path_params {
            format = format.replace(&format!("{{{}}}", p.wire), &format!("{{{}}}", p.rust));
            let ident = format_ident!("{}", p.rust);
            segments.push(quote!(let #ident = crate::path_segment(&self.#ident);));
        }
        quote! {
            #(#segments)*
            format!(#format)
        }
    };
    let body = match op.body {
        BodyKind::Query => quote!(crate::Body::Query(crate::form::encode(self))),
        BodyKind::Form => quote!(crate::Body::Form(crate::form::encode(self))),
        BodyKind::Multipart => {
            let files = op
                .params
                .iter()
                .filter(|f| matches!(f.ty, TypeRef::File))
                .map(|f| {
                    let ident = format_ident!("{}", f.rust);
                    let wire = &f.wire;
                    quote!((#wire, &self.#ident))
                });
            quote!(crate::Body::Multipart(crate::form::multipart(self, &[#(#files),*])))
        }
    };
    let host = (op.host == Host::Files).then(|| {
        quote!(
            const HOST: crate::Host = crate::Host::Files;
        )
    });
    // JSON responses use the trait's provided `decode`, compiled only where a request is sent.
    let (response, decode) = match &op.response {
        ResponseKind::Json(ty) => (rust_type(api, ty), None),
        ResponseKind::Binary => (
            quote!(Vec<u8>),
            Some(quote! {
                fn decode(body: &[u8]) -> Result<Self::Response, crate::DecodeError> {
                    crate::decode::binary(body)
                }
            }),
        ),
    };
    quote! {
        impl crate::StripeRequest for #name {
            type Response = #response;
            const METHOD: crate::Method = #method;
            const PATH_TEMPLATE: &'static str = #template;
            #host
            const API_VERSION: &'static str = crate::API_VERSION;

            #[inline]
            fn path(&self) -> String {
                #path
            }

            #[inline]
            fn body(&self) -> crate::Body {
                #body
            }

            #decode
        }
    }
}

fn pagination(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", op.name);
    let item = match &op.response {
        ResponseKind::Json(TypeRef::List(item) | TypeRef::SearchResult(item)) => item,
        _ => return None,
    };
    let item = rust_type(api, item);
    match op.pagination? {
        Pagination::List => {
            let has_ending_before = op.params.iter().any(|p| p.wire == "ending_before");
            let (set_before, backwards) = if has_ending_before {
                (
                    quote! {
                        self.ending_before = Some(id.to_string());
                        self.starting_after = None;
                    },
                    quote!(self.ending_before.is_some()),
                )
            } else {
                (quote!(let _ = id;), quote!(false))
            };
            Some(quote! {
                impl crate::ListRequest for #name {
                    type Item = #item;

                    #[inline]
                    fn set_starting_after(&mut self, id: &str) {
                        self.starting_after = Some(id.to_string());
                    }

                    #[inline]
                    fn set_ending_before(&mut self, id: &str) {
                        #set_before
                    }

                    #[inline]
                    fn pages_backwards(&self) -> bool {
                        #backwards
                    }
                }
            })
        }
        Pagination::Search => Some(quote! {
            impl crate::SearchRequest for #name {
                type Item = #item;

                #[inline]
                fn set_page(&mut self, page: &str) {
                    self.page = Some(page.to_string());
                }
            }
        }),
    }
}
