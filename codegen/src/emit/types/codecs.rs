//! The encodings of a struct written out as code: `serde::Serialize`, `ToForm`, `FromJson` and
//! `serde::Deserialize` on top of it, and the cargo feature gates of the serde traits.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::super::rust_type;
use crate::ir::{Api, Field, TypeRef};

/// `serde::Serialize` for a struct, written out rather than derived, so that the crate needs no
/// proc macro. Keys are the wire names; files are never serialized (they go as multipart parts);
/// an unset field is left out of a request, and out of a response when Stripe may leave it out.
pub(in crate::emit) fn serialize_struct(
    name: &proc_macro2::Ident,
    fields: &[Field],
    request: bool,
) -> TokenStream {
    let sent = on_the_wire(fields);
    let skipped_when_unset = |f: &Field| f.skipped_when_unset(request);
    // The serde contract: `len` counts the fields that will be written.
    let always = sent.iter().filter(|f| !skipped_when_unset(f)).count();
    let maybe: Vec<TokenStream> = sent
        .iter()
        .filter(|f| skipped_when_unset(f))
        .map(|f| {
            let ident = format_ident!("{}", f.rust);
            quote!(usize::from(self.#ident.is_some()))
        })
        .collect();
    let always = (always > 0 || maybe.is_empty())
        .then(|| proc_macro2::Literal::usize_unsuffixed(always).into_token_stream());
    let len = always.into_iter().chain(maybe);
    let writes = sent.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let wire = &f.wire;
        if skipped_when_unset(f) {
            quote! {
                if let Some(value) = &self.#ident {
                    fields.serialize_field(#wire, value)?;
                }
            }
        } else {
            quote!(fields.serialize_field(#wire, &self.#ident)?;)
        }
    });
    let allow = sent
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let mutable = (!sent.is_empty()).then(|| quote!(mut));
    let type_name = name.to_string();
    quote! {
        impl serde::Serialize for #name {
            #allow
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let len = #(#len)+*;
                let #mutable fields = serializer.serialize_struct(#type_name, len)?;
                #(#writes)*
                fields.end()
            }
        }
    }
}

/// `ToForm` for a struct: each field at its wire name under `key`, files left to the multipart
/// parts. One plain function per type, where serde's `Serialize` would be generic. An optional
/// field goes through `Option`'s `ToForm`: passing over an unset one here with `if let` compiles
/// fewer functions into a program, but made the generated crates slower to check, for no faster
/// build.
pub(in crate::emit) fn to_form_struct(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let sent = on_the_wire(fields);
    let writes = sent.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let wire = &f.wire;
        quote!(form.field(key, #wire, &self.#ident);)
    });
    let (key, form) = if sent.is_empty() {
        (quote!(_), quote!(_))
    } else {
        (quote!(key), quote!(form))
    };
    quote! {
        impl crate::form::ToForm for #name {
            #[inline]
            fn to_form(&self, #key: &str, #form: &mut crate::form::Form) {
                #(#writes)*
            }
        }
    }
}

/// The fields that travel as JSON or form values: files go only as multipart parts.
pub(super) fn on_the_wire(fields: &[Field]) -> Vec<&Field> {
    fields
        .iter()
        .filter(|f| !matches!(f.ty, TypeRef::File))
        .collect()
}

/// `FromJson` for a response struct: one pass over the object's keys, then the required fields
/// checked; unknown keys are skipped. Plus `serde::Deserialize` on top of it, behind its feature.
/// Errors return through `tri!` rather than `?`, which a debug build would compile as two calls
/// instantiated for every type.
pub(super) fn struct_from_json(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    // Files are only ever sent, never read back.
    let read = on_the_wire(fields);
    // Each field's slot is typed, so that nothing is left to inference.
    let locals = read.iter().map(|f| {
        let local = format_ident!("{}", f.rust);
        let ty = rust_type(api, &f.ty);
        quote!(let mut #local: Option<#ty> = None;)
    });
    let arms = read.iter().map(|f| {
        let local = format_ident!("{}", f.rust);
        let wire = &f.wire;
        if f.is_optional() {
            quote!(#wire => json.optional_field(&mut #local),)
        } else {
            quote!(#wire => json.field(&mut #local),)
        }
    });
    let inits = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let wire = &f.wire;
        match (&f.ty, f.is_optional()) {
            (TypeRef::File, _) => quote!(#ident: None,),
            (_, true) => quote!(#ident,),
            (_, false) => quote!(#ident: crate::tri!(json.required(#ident, #wire)),),
        }
    });
    let deserialize = serde_via_json(name);
    let keys = if read.is_empty() {
        quote! {
            while crate::tri!(json.next_key()).is_some() {
                crate::tri!(json.skip());
            }
        }
    } else {
        quote! {
            // Not `key`: that is the name of some fields.
            while let Some(json_key) = crate::tri!(json.next_key()) {
                let read = match &*json_key {
                    #(#arms)*
                    _ => json.skip(),
                };
                crate::tri!(read);
            }
        }
    };
    quote! {
        impl crate::FromJson for #name {
            fn from_json(json: &mut crate::JsonReader<'_>) -> Result<Self, crate::Failed> {
                #(#locals)*
                crate::tri!(json.begin_object());
                #keys
                Ok(Self { #(#inits)* })
            }
        }
        #deserialize
    }
}

/// `serde::Deserialize` for a type that implements `FromJson`, behind the `deserialize` feature.
pub(super) fn serde_via_json(name: &proc_macro2::Ident) -> TokenStream {
    let gate = deserialize_gate();
    quote! {
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::json::deserialize(deserializer)
            }
        }
    }
}

/// `#[cfg(feature = "serialize")]`: the gate of `serde::Serialize`, which the crate itself does
/// not need (requests are form-encoded with `ToForm`).
pub(in crate::emit) fn serialize_gate() -> TokenStream {
    quote!(#[cfg(feature = "serialize")])
}

/// `#[cfg(feature = "deserialize")]`: the gate of `serde::Deserialize`. The crate itself decodes
/// with `FromJson`; serde's trait is for code that deserializes the types with serde.
pub(super) fn deserialize_gate() -> TokenStream {
    quote!(#[cfg(feature = "deserialize")])
}
