//! The request table of the every-operation test: each operation of the spec built with every
//! required parameter set to a value its schema accepts.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::is_boxed_variant;
use super::{EmitError, GeneratedFile, header, rust_file};
use crate::ir::{Api, Operation, StructStyle, TypeKind, TypeRef};

/// Where [`every_operation`] goes, relative to the workspace.
pub const EVERY_OPERATION: &str = "tests/tests/every_operation/requests.rs";

/// The list the every-operation test sends: one `case(route, request)` per operation.
pub fn every_operation(api: &Api) -> Result<GeneratedFile, EmitError> {
    let cases = api.operations.iter().map(|op| case(api, op));
    let count = proc_macro2::Literal::usize_unsuffixed(api.operations.len());
    let tokens = quote! {
        use super::{Case, case};

        /// How many operations the spec has.
        pub const OPERATIONS: usize = #count;

        /// Every operation, with its required parameters set.
        #[allow(deprecated)]
        pub fn every_request() -> Vec<Case> {
            let mut cases = Vec::with_capacity(OPERATIONS);
            #(cases.push(#cases);)*
            cases
        }
    };
    rust_file(EVERY_OPERATION, &header(api), tokens)
}

fn case(api: &Api, op: &Operation) -> TokenStream {
    let route = format!("{} {}", op.method.as_str(), op.path);
    let name = format_ident!("{}", op.name);
    let path_args = op.path_params.iter().map(|p| {
        let id = format!("{}_123", p.wire);
        quote!(#id)
    });
    let args = op
        .params
        .iter()
        .filter(|f| !f.is_optional())
        .map(|f| value(api, &f.ty, &f.wire));
    let args: Vec<TokenStream> = path_args.chain(args).collect();
    quote!(case(#route, stripe_generated::#name::new(#(#args),*)))
}

/// An expression of the Rust type of `ty` that the schema accepts. `wire` is the parameter's
/// name, for a string that reads like one (`"usd"` for a currency).
fn value(api: &Api, ty: &TypeRef, wire: &str) -> TokenStream {
    match ty {
        TypeRef::String => {
            let text = if wire == "currency" { "usd" } else { "string" };
            quote!(#text.to_string())
        }
        TypeRef::Id(_) => quote!(stripe_generated::Id::from("string")),
        TypeRef::Decimal => quote!("1.5".to_string()),
        TypeRef::Bool => quote!(true),
        TypeRef::Int => quote!(1_i64),
        TypeRef::Float => quote!(1.5_f64),
        TypeRef::Timestamp => quote!(stripe_generated::Timestamp(1_700_000_000)),
        TypeRef::Json => quote!(serde_json::json!({})),
        TypeRef::File => quote!(stripe_generated::FileUpload::new(
            "evidence.pdf",
            b"%PDF-1.4".to_vec()
        )),
        TypeRef::Vec(item) => {
            let item = value(api, item, wire);
            quote!(vec![#item])
        }
        TypeRef::Map(item) => {
            let item = value(api, item, wire);
            quote!(std::collections::BTreeMap::from([("key".to_string(), #item)]))
        }
        TypeRef::Clearable(inner) => {
            let inner = value(api, inner, wire);
            quote!(stripe_generated::Clearable::Set(#inner))
        }
        TypeRef::Boxed(inner) => {
            let inner = value(api, inner, wire);
            quote!(Box::new(#inner))
        }
        TypeRef::Named(id) => named(api, *id, wire),
        // Response-only shapes never appear among request parameters.
        TypeRef::AnyResource
        | TypeRef::ErrorCode
        | TypeRef::DeclineCode
        | TypeRef::Expandable(_)
        | TypeRef::List(_)
        | TypeRef::SearchResult(_) => {
            quote!(compile_error!(
                "a response type among the request parameters"
            ))
        }
    }
}

fn named(api: &Api, id: crate::ir::TypeId, wire: &str) -> TokenStream {
    let def = &api.types[id.0];
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Enum(e) => {
            let variant = format_ident!("{}", e.variants[0].rust);
            quote!(stripe_generated::#name::#variant)
        }
        TypeKind::ParamUnion(u) => {
            let variant = &u.variants[0];
            let ident = format_ident!("{}", variant.rust);
            let inner = value(api, &variant.ty, wire);
            if is_boxed_variant(api, &variant.ty) {
                quote!(stripe_generated::#name::#ident(Box::new(#inner)))
            } else {
                quote!(stripe_generated::#name::#ident(#inner))
            }
        }
        TypeKind::Struct(s) if s.style == StructStyle::Builder => {
            let args = s.required_fields().map(|f| value(api, &f.ty, &f.wire));
            let built = quote!(stripe_generated::#name::new(#(#args),*));
            // A hash with no field set is not sent at all, so a struct without required fields
            // gets its first field set, through its setter.
            match s.fields.first() {
                Some(first) if s.has_default() => {
                    let setter =
                        format_ident!("{}", first.setter.as_deref().unwrap_or(&first.rust));
                    let v = match &first.ty {
                        TypeRef::Clearable(inner) => value(api, inner, &first.wire),
                        ty => value(api, ty, &first.wire),
                    };
                    quote!(#built.#setter(#v))
                }
                _ => built,
            }
        }
        TypeKind::Struct(_) | TypeKind::ObjectUnion(_) => {
            quote!(compile_error!(
                "a response type among the request parameters"
            ))
        }
    }
}
