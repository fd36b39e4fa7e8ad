//! Named types: structs, string enums, object unions and parameter unions.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::{builder, debug, doc_attrs, rust_type};
use crate::ir::{
    Api, EnumDef, Field, ObjectUnionDef, Origin, ParamUnionDef, StructDef, StructStyle, TypeDef,
    TypeId, TypeKind, TypeRef,
};

pub(super) fn type_def(api: &Api, id: TypeId) -> TokenStream {
    let def = &api.types[id.0];
    let docs = doc_attrs(&type_doc(def));
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(api, def, s, docs, &name),
        TypeKind::Enum(e) => string_enum(def, e, docs, &name),
        TypeKind::ObjectUnion(u) => object_union(api, u, docs, &name),
        TypeKind::ParamUnion(u) => param_union(api, u, docs, &name),
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

/// `serde::Serialize` for a struct, written out rather than derived, so that the crate needs no
/// proc macro. Keys are the wire names; files are never serialized (they go as multipart parts);
/// an unset field is left out of a request, and out of a response when Stripe may leave it out.
pub(super) fn serialize_struct(
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
/// parts. One plain function per type, where serde's `Serialize` would be generic.
pub(super) fn to_form_struct(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
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
fn on_the_wire(fields: &[Field]) -> Vec<&Field> {
    fields
        .iter()
        .filter(|f| !matches!(f.ty, TypeRef::File))
        .collect()
}

fn structure(
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
    let body = match s
        .fields
        .iter()
        .find(|f| f.wire == "id" && matches!(f.ty, TypeRef::String))
    {
        Some(f) if f.is_optional() => quote!(self.id.as_deref()),
        Some(_) => quote!(Some(&self.id)),
        None => quote!(None),
    };
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
            #[inline]
            fn id(&self) -> Option<&str> {
                #body
            }
        }
    }
}

/// A struct only requests use: a builder, like the requests themselves.
fn builder_struct(
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

/// `FromJson` for a response struct: one pass over the object's keys, then the required fields
/// checked; unknown keys are skipped. Plus `serde::Deserialize` on top of it, behind its feature.
fn struct_from_json(api: &Api, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
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
            (_, false) => quote!(#ident: json.required(#ident, #wire)?,),
        }
    });
    let deserialize = serde_via_json(name);
    let keys = if read.is_empty() {
        quote! {
            while json.next_key()?.is_some() {
                json.skip()?;
            }
        }
    } else {
        quote! {
            // Not `key`: that is the name of some fields.
            while let Some(json_key) = json.next_key()? {
                match &*json_key {
                    #(#arms)*
                    _ => json.skip(),
                }?;
            }
        }
    };
    quote! {
        impl crate::FromJson for #name {
            fn from_json(json: &mut crate::JsonReader<'_>) -> Result<Self, crate::Failed> {
                #(#locals)*
                json.begin_object()?;
                #keys
                Ok(Self { #(#inits)* })
            }
        }
        #deserialize
    }
}

/// `serde::Deserialize` for a type that implements `FromJson`, behind the `deserialize` feature.
fn serde_via_json(name: &proc_macro2::Ident) -> TokenStream {
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

fn string_enum(
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
                    let value = json.string()?;
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
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this version of the crate does not know.
            Unknown(String),
        }

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

/// `#[cfg(feature = "serialize")]`: the gate of `serde::Serialize`, which the crate itself does
/// not need (requests are form-encoded with `ToForm`).
pub(super) fn serialize_gate() -> TokenStream {
    quote!(#[cfg(feature = "serialize")])
}

/// `#[cfg(feature = "deserialize")]`: the gate of `serde::Deserialize`. The crate itself decodes
/// with `FromJson`; serde's trait is for code that deserializes the types with serde.
fn deserialize_gate() -> TokenStream {
    quote!(#[cfg(feature = "deserialize")])
}

/// The match arms and variants shared by object unions and the all-resources enum.
pub(super) fn union_tokens(
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
                let (object, deleted) = json.peek_tag()?;
                Ok(match (&*object, deleted) {
                    #( #gates (#objects, #deleted) => Self::#idents(json.read()?), )*
                    _ => Self::Unknown(json.read()?),
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

fn object_union(
    api: &Api,
    u: &ObjectUnionDef,
    docs: TokenStream,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let variants: Vec<(String, TypeId, String, bool)> = u
        .variants
        .iter()
        .map(|v| (v.rust.clone(), v.ty, v.object.clone(), v.deleted))
        .collect();
    // The variants of a union live in its module or the shared one, so they need no gates.
    let gates = vec![TokenStream::new(); variants.len()];
    union_tokens(api, name, docs, &variants, &gates, serialize_gate())
}

/// Whether a parameter union holds this variant in a `Box` (struct variants are boxed).
pub(super) fn is_boxed_variant(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(id) if matches!(api.types[id.0].kind, TypeKind::Struct(_)))
}

fn param_union(
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
            quote! {
                impl From<#ty> for #name {
                    #[inline]
                    fn from(value: #ty) -> Self {
                        Self::#ident(#value)
                    }
                }
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
