//! `Debug` that never shows a sensitive value. A struct or request with a field of the table of
//! sensitive fields (`stripekit_types::sensitive`, recorded in [`Field::sensitive`] by lowering),
//! or with free-form JSON, gets a `Debug` written out that prints such a field as `[redacted]`
//! (`None` when it is unset) and JSON through `redact::Json`; every other type derives `Debug`
//! and prints as it always did. Unions print their variants' own `Debug`, and an object of a
//! type the crate does not know through `redact::Json`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Field, TypeRef};

/// Whether a struct with these fields writes its own `Debug` rather than deriving it.
fn is_written_out(fields: &[&Field]) -> bool {
    fields.iter().any(|f| shown_as(f) != Shown::AsIs)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    AsIs,
    Redacted,
    Json,
}

fn shown_as(f: &Field) -> Shown {
    if f.sensitive.is_some() {
        Shown::Redacted
    } else if f.ty == TypeRef::Json {
        Shown::Json
    } else {
        Shown::AsIs
    }
}

/// The `Debug` of a struct or request: `, Debug` for its derive list when no field needs
/// redacting, or else an `impl Debug` printing as `derive(Debug)` would but for the sensitive and
/// JSON fields, in one call of `redact::debug_struct`.
pub(super) fn debug(name: &proc_macro2::Ident, fields: &[&Field]) -> (TokenStream, TokenStream) {
    if !is_written_out(fields) {
        return (quote!(, Debug), TokenStream::new());
    }
    let entries = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let label = &f.rust;
        let value = match (shown_as(f), f.is_optional()) {
            (Shown::AsIs, _) => quote!(&self.#ident),
            (Shown::Redacted, true) => quote!(&crate::redact::option(&self.#ident)),
            (Shown::Redacted, false) => quote!(&crate::redact::Redacted),
            (Shown::Json, true) => quote!(&crate::redact::json_option(&self.#ident)),
            (Shown::Json, false) => quote!(&crate::redact::Json(&self.#ident)),
        };
        quote!((#label, #value))
    });
    let allow = fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let type_name = name.to_string();
    let written = quote! {
        impl std::fmt::Debug for #name {
            #allow
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::redact::debug_struct(f, #type_name, &[#(#entries),*])
            }
        }
    };
    (TokenStream::new(), written)
}

/// `impl Debug` for an object union: each variant as `derive(Debug)` prints it, and an object of
/// a type the crate does not know with its sensitive fields redacted.
pub(super) fn union_debug_impl(
    name: &proc_macro2::Ident,
    idents: &[proc_macro2::Ident],
    gates: &[TokenStream],
) -> TokenStream {
    let labels = idents.iter().map(|i| i.to_string());
    quote! {
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( #gates Self::#idents(object) => crate::redact::debug_variant(f, #labels, object), )*
                    Self::Unknown(value) => {
                        crate::redact::debug_variant(f, "Unknown", &crate::redact::Json(value))
                    }
                }
            }
        }
    }
}
