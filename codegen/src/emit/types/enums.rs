//! String enums: a variant per wire value and `Unknown` for any other, with their conversions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::codecs::{deserialize_gate, serialize_gate};
use crate::ir::{EnumDef, TypeDef};

/// A string enum with `Unknown` for values newer than the crate, and its conversions.
pub(super) fn string_enum(
    def: &TypeDef,
    e: &EnumDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let variants: Vec<_> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.rust))
        .collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    let serialize_gate = serialize_gate();
    // Only what Stripe sends is read, and only what users send is form-encoded.
    let from_json = def.usage.response.then(|| {
        let deserialize_gate = deserialize_gate();
        quote! {
            impl crate::FromJson for #name {
                fn from_json(json: &mut crate::JsonReader<'_>) -> Result<Self, crate::Failed> {
                    let value = crate::tri!(json.string());
                    Ok(Self::from_wire(&value))
                }
            }

            #deserialize_gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::enums::deserialize_str(deserializer, Self::from_wire)
                }
            }
        }
    });
    let to_form = def.usage.request.then(|| {
        quote! {
            impl crate::form::ToForm for #name {
                #[inline]
                fn to_form(&self, key: &str, form: &mut crate::form::Form) {
                    form.push(key, self.as_str());
                }
            }
        }
    });
    // `Eq` is implemented rather than derived: the derive adds a method of its own to every
    // enum, which is compiled in this crate whether anything compares the enum or not (the other
    // derived methods are inline or generic, so they compile only where they are used).
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this version of the crate does not know.
            Unknown(String),
        }

        impl Eq for #name {}

        impl #name {
            /// The value as Stripe writes it.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }

            #[inline]
            fn from_wire(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Never fails: a value this version does not know is `Unknown`.
            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        #serialize_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #to_form
        #from_json
    }
}
