//! Request types: one struct per operation, its builder methods, and its `StripeRequest` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{field_decl, serialize_struct};
use super::{doc_attrs, rust_type};
use crate::ir::{
    Api, BodyKind, Field, Host, Method, Operation, Pagination, ResponseKind, TypeKind, TypeRef,
};

pub(super) fn request(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let mut doc = op.doc.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
    let docs = doc_attrs(&doc);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let path_fields = op.path_params.iter().map(|p| {
        let pdocs = doc_attrs(
            p.doc
                .as_deref()
                .unwrap_or(&format!("The `{{{}}}` segment of the path.", p.wire)),
        );
        let ident = format_ident!("{}", p.rust);
        quote! {
            #pdocs
            pub #ident: String,
        }
    });
    let fields = op.params.iter().map(|f| field_decl(api, f, true));
    let all_optional = op.required_fields().next().is_none();
    let default = all_optional.then(|| quote!(, Default));
    // The path parameters go in the path, not in the parameters.
    let serialize = serialize_struct(&name, &op.params, true);
    let methods = builder(api, op);
    let trait_impl = request_impl(api, op);
    let pagination = pagination(api, op);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Debug #default)]
        #[must_use = "a request does nothing until it is sent"]
        #[non_exhaustive]
        pub struct #name {
            #(#path_fields)*
            #(#fields)*
        }
        #serialize
        #methods
        #trait_impl
        #pagination
    }
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let required: Vec<&Field> = op.required_fields().collect();
    let args = required.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let ty = rust_type(api, &f.ty);
        quote!(#ident: impl Into<#ty>)
    });
    let inits = op.path_params.iter().chain(&op.params).map(|f| {
        let ident = format_ident!("{}", f.rust);
        if f.is_optional() {
            quote!(#ident: None)
        } else {
            quote!(#ident: #ident.into())
        }
    });
    let new_doc = doc_attrs(&if required.is_empty() {
        "A request with every parameter unset.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            "A request with its required parameters: {}.",
            names.join(", ")
        )
    });
    let setters = op
        .params
        .iter()
        .filter(|f| f.is_optional())
        .map(|f| setter(api, f));
    quote! {
        impl #name {
            #new_doc
            #[allow(deprecated)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The builder method of an optional parameter, and `clear_*` for a clearable one.
fn setter(api: &Api, f: &Field) -> TokenStream {
    let ident = format_ident!("{}", f.rust);
    let docs = f.doc.as_deref().map(doc_attrs).unwrap_or_else(|| {
        let d = format!(" Sets `{}`.", f.wire);
        quote!(#[doc = #d])
    });
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    match &f.ty {
        TypeRef::Clearable(inner) => {
            let ty = rust_type(api, inner);
            let clear = format_ident!("{}", super::clear_method(f));
            let clear_doc = format!(" Clears `{}` (sends it as the empty string).", f.wire);
            quote! {
                #docs
                #deprecated
                #[allow(deprecated)]
                pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                    self.#ident = Some(crate::Clearable::Set(value.into()));
                    self
                }
                #[doc = #clear_doc]
                #deprecated
                #[allow(deprecated)]
                pub fn #clear(mut self) -> Self {
                    self.#ident = Some(crate::Clearable::Clear);
                    self
                }
            }
        }
        ty => {
            let ty = rust_type(api, ty);
            quote! {
                #docs
                #deprecated
                #[allow(deprecated)]
                pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                    self.#ident = Some(value.into());
                    self
                }
            }
        }
    }
}

fn request_impl(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let method = match op.method {
        Method::Get => quote!(crate::Method::Get),
        Method::Post => quote!(crate::Method::Post),
        Method::Delete => quote!(crate::Method::Delete),
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

            fn path(&self) -> String {
                #path
            }

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
    // Only objects the crate can read an id from can be paged through.
    let pageable = matches!(**item, TypeRef::Named(id) if !matches!(api.types[id.0].kind, TypeKind::Enum(_) | TypeKind::ParamUnion(_)));
    if !pageable {
        return None;
    }
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

                    fn set_starting_after(&mut self, id: &str) {
                        self.starting_after = Some(id.to_string());
                    }

                    fn set_ending_before(&mut self, id: &str) {
                        #set_before
                    }

                    fn pages_backwards(&self) -> bool {
                        #backwards
                    }
                }
            })
        }
        Pagination::Search => Some(quote! {
            impl crate::SearchRequest for #name {
                type Item = #item;

                fn set_page(&mut self, page: &str) {
                    self.page = Some(page.to_string());
                }
            }
        }),
    }
}
