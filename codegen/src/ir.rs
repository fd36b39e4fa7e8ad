//! The intermediate representation between the OpenAPI spec and Rust tokens.
//!
//! Lowering (`crate::lower`) builds it from the spec and makes every decision: which types exist,
//! what they are called, which module and file holds them, how each field is represented. Emitting
//! (`crate::emit`) only turns it into tokens and never looks at the spec again.

use std::collections::BTreeSet;

pub use stripekit_types::sensitive::Sensitivity;

/// Everything the generated crate contains.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.version` of the spec, sent as `Stripe-Version`.
    pub api_version: String,
    /// What the spec was read from, for the generated-file header.
    pub source: SpecSource,
    /// All named types, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// All operations, in the spec's path order.
    pub operations: Vec<Operation>,
    /// Every resource with an `object` discriminator, for the all-resources enum.
    pub objects: Vec<ObjectResource>,
    /// `x-resourceId` of the component schemas that have one (the keys of the fixtures file).
    pub resource_ids: Vec<(String, TypeId)>,
    /// The area modules compiled in the root crate, next to the all-resources enum, because
    /// they refer to it.
    pub root_modules: BTreeSet<String>,
    /// The crates that hold every other area, each area a module behind its cargo feature, as
    /// the table of domains (`codegen/domains.toml`) says.
    pub domain_crates: Vec<DomainCrate>,
    /// The required response fields that Stripe's own examples leave out, generated as
    /// optional, in spec order of their pointers.
    pub omitted_required: Vec<OmittedField>,
}

/// A required response field that one of Stripe's examples (`fixtures3.json`) leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmittedField {
    /// The field as a reader finds it in the spec: the component schema, then the property path
    /// inside it (`outbound_payments_payment_method_details.billing_details`).
    pub field: String,
    /// The example that leaves it out (`treasury.outbound_payment`), the first one found.
    pub example: String,
}

/// A crate of resource areas, named by its domain of the API (`core`, `billing`, `issuing`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCrate {
    /// `billing`: the crate's package is `stripe-generated-billing`, in `domains/billing/`.
    pub name: String,
    /// What it holds, as the end of the sentence "Types and requests of …".
    pub doc: String,
    /// The areas it holds, in name order.
    pub areas: Vec<String>,
    /// Those of its areas that the table does not list (it is the table's default crate): they
    /// stay here until the table says where they belong.
    pub unlisted: Vec<String>,
}

impl Api {
    /// Every named type that type `id` refers to directly (its fields, variants or members).
    pub fn references(&self, id: TypeId) -> BTreeSet<TypeId> {
        references(&self.types, id)
    }

    /// Every named type whose name the code of type `id` spells: those it
    /// [references](Api::references), and the kinds of the ids it holds or is named by, which
    /// it names without holding one of their values.
    pub fn mentions(&self, id: TypeId) -> BTreeSet<TypeId> {
        let mut out = self.references(id);
        out.extend(self.types[id.0].id_kind.filter(|kind| *kind != id));
        match &self.types[id.0].kind {
            TypeKind::Struct(s) => out.extend(s.fields.iter().filter_map(|f| f.ty.id_kind())),
            TypeKind::ParamUnion(u) => out.extend(u.variants.iter().filter_map(|v| v.ty.id_kind())),
            TypeKind::Enum(_) | TypeKind::ObjectUnion(_) => {}
        }
        out
    }
}

/// Every named type that type `id` of `types` refers to directly (its fields, variants or
/// members), before the types are an [`Api`].
pub fn references(types: &[TypeDef], id: TypeId) -> BTreeSet<TypeId> {
    let mut out = BTreeSet::new();
    match &types[id.0].kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(&mut out)),
        TypeKind::Enum(_) => {}
        TypeKind::ObjectUnion(u) => out.extend(u.variants.iter().map(|v| v.ty)),
        TypeKind::ParamUnion(u) => u.variants.iter().for_each(|v| v.ty.named(&mut out)),
    }
    out
}

/// Where a spec came from, as written into every generated file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSource {
    /// The pinned upstream tag (`v271`), or the file name for an unpinned spec.
    pub label: String,
    /// sha256 of the spec file, lowercase hex.
    pub sha256: String,
}

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, unique in the crate.
    pub name: String,
    /// The module (and cargo feature area) that holds it.
    pub module: String,
    /// The file of its module that holds it, without `.rs` (`issuing_cardholder`), as
    /// `lower::files` decides.
    pub file: String,
    /// Where in the spec the type comes from, first use first.
    pub origins: Vec<Origin>,
    /// Rustdoc, already Markdown.
    pub doc: Option<String>,
    /// What kind of type it is, with its fields or variants.
    pub kind: TypeKind,
    /// Whether the type appears in requests, responses, or both.
    pub usage: Usage,
    /// The kind of id that names it (`Id<Kind>`), when Stripe names it by one: itself, the live
    /// object of a deleted one, or the one kind of every object of a union (`lower::ids`).
    pub id_kind: Option<TypeId>,
    /// The cargo features (areas) any one of which compiles the type's code: its trait
    /// implementations and methods. Its definition is compiled whatever the features (but for
    /// the variants of a union of objects of several kinds, each there only with its object's
    /// code, as in the all-resources enum); empty for a type whose code is always compiled
    /// (`lower::gates`).
    pub gate: Vec<String>,
}

impl TypeDef {
    /// Whether it is a kind of id of its own, which gets a `{Name}Id` alias.
    pub fn is_id_kind(&self, id: TypeId) -> bool {
        self.id_kind == Some(id)
    }
}

/// Where in the spec a generated type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A component schema, by its name in `#/components/schemas`.
    Component(String),
    /// An inline schema: the owning type or operation, and the field path inside it.
    Inline { owner: String, path: Vec<String> },
    /// A schema inside a concept of `codegen/concepts.toml`, at this field path of it, wherever
    /// the concept appears.
    Concept { concept: String, path: Vec<String> },
}

/// Which directions a type travels in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Some request sends it.
    pub request: bool,
    /// Some response (or event) carries it.
    pub response: bool,
}

/// What a named type is.
#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    /// Objects told apart by their `object` (and `deleted`) field.
    ObjectUnion(ObjectUnionDef),
    /// Alternatives of a request parameter (`anyOf` of different shapes), serialized as whichever
    /// is set.
    ParamUnion(ParamUnionDef),
}

/// A struct: an object schema.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Its fields, in spec order.
    pub fields: Vec<Field>,
    /// The value of the `object` field when the schema fixes it to one value.
    pub object_name: Option<String>,
    /// Whether the struct is a deleted-object marker (`deleted: true`).
    pub deleted: bool,
    /// How users build and read it (set by `lower::policy`).
    pub style: StructStyle,
}

impl StructDef {
    /// A struct without fields, of the style every type starts with (`lower::policy` sets the
    /// style of request types).
    pub fn empty() -> StructDef {
        StructDef {
            fields: Vec::new(),
            object_name: None,
            deleted: false,
            style: StructStyle::Response,
        }
    }

    /// The arguments of a builder's `new`: its required fields.
    pub fn required_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.is_optional())
    }

    /// Whether the struct derives `Default`: a builder without required fields.
    pub fn has_default(&self) -> bool {
        self.style == StructStyle::Builder && self.required_fields().next().is_none()
    }
}

/// The public shape of a struct, which decides what a new spec may change without breaking
/// code that uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructStyle {
    /// What Stripe sends: public fields, `#[non_exhaustive]` (a new field breaks nothing), read
    /// from JSON.
    Response,
    /// What a user sends: private fields, the required ones in `new`, a setter per optional field
    /// and `clear_*` per clearable one (a new optional field, or a field becoming clearable,
    /// breaks nothing).
    Builder,
}

/// A field of a struct, or a parameter of a request.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust identifier (already escaped if it is a keyword).
    pub rust: String,
    /// Its Rust type (without the `Option` an optional field adds).
    pub ty: TypeRef,
    /// Required in the spec; an optional field becomes `Option<_>`.
    pub required: bool,
    /// `nullable: true` in the spec; a nullable field becomes `Option<_>` too.
    pub nullable: bool,
    /// Rustdoc, already Markdown.
    pub doc: Option<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// The builder method that sets the field, for an optional field of a builder or request.
    pub setter: Option<String>,
    /// The builder method that clears it (`clear_description`), for a clearable one.
    pub clear: Option<String>,
    /// Why its value never appears in `Debug` output, when the table of sensitive fields
    /// (`stripekit_types::sensitive`) lists it at its place.
    pub sensitive: Option<Sensitivity>,
}

impl Field {
    /// Whether an unset value is left out of what is sent: always in a request, and in a
    /// serialized response where Stripe may leave the field out.
    pub fn skipped_when_unset(&self, request: bool) -> bool {
        !self.required || (request && self.is_optional())
    }

    /// Whether the Rust field is wrapped in `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum: one variant per wire value, plus `Unknown` when rendered.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Its values, in spec order.
    pub variants: Vec<EnumVariant>,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The string on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub rust: String,
}

/// A union of objects told apart by their `object` (and `deleted`) field.
#[derive(Debug, Clone)]
pub struct ObjectUnionDef {
    /// Its objects, in spec order.
    pub variants: Vec<ObjectVariant>,
}

/// One object of an object union.
#[derive(Debug, Clone)]
pub struct ObjectVariant {
    /// The Rust variant name.
    pub rust: String,
    /// The type of the object.
    pub ty: TypeId,
    /// The `object` value that selects this variant.
    pub object: String,
    /// Whether the variant is selected by `deleted: true`.
    pub deleted: bool,
}

/// A request parameter that takes one of several shapes.
#[derive(Debug, Clone)]
pub struct ParamUnionDef {
    /// Its shapes, in spec order.
    pub variants: Vec<ParamVariant>,
}

/// One shape of a parameter union.
#[derive(Debug, Clone)]
pub struct ParamVariant {
    /// The Rust variant name.
    pub rust: String,
    /// Its Rust type (without the `Option` an optional field adds).
    pub ty: TypeRef,
}

/// A reference to a type, as written in a field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    Int,
    Float,
    /// A decimal number carried as a string (`format: decimal`).
    Decimal,
    /// Seconds since the Unix epoch (`format: unix-time`).
    Timestamp,
    /// Free-form JSON (an object schema without properties).
    Json,
    /// Any API object, told apart by its `object` field: the all-resources enum.
    AnyResource,
    /// A file to upload (`format: binary` in a multipart body).
    File,
    /// The id of an object of this kind (`Id<Customer>`, spelt `CustomerId`).
    Id(TypeId),
    /// An API error's `code`: the runtime's `ErrorCode`.
    ErrorCode,
    /// A card decline's `decline_code`: the runtime's `DeclineCode`.
    DeclineCode,
    Named(TypeId),
    Vec(Box<TypeRef>),
    /// A string-keyed map (`additionalProperties`).
    Map(Box<TypeRef>),
    /// An id, or the object it names when expanded.
    Expandable(Box<TypeRef>),
    /// A page of a list (`object: list`).
    List(Box<TypeRef>),
    /// A page of search results (`object: search_result`).
    SearchResult(Box<TypeRef>),
    /// A request value that can also be cleared by sending the empty string.
    Clearable(Box<TypeRef>),
    /// A heap indirection that breaks a recursive type.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Adds the named type this reference holds, inside any wrappers, to `out`.
    pub fn named(&self, out: &mut BTreeSet<TypeId>) {
        if let TypeRef::Named(id) = self.leaf() {
            out.insert(*id);
        }
    }

    /// The named type this reference holds by value, inside any wrapper but `Expandable`:
    /// `None` through an expandable field, whose expanded object stays JSON until decoded.
    pub fn held(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            other => other.inner()?.held(),
        }
    }

    /// The named type an expandable reference names when expanded, inside any wrapper.
    pub fn expanded(&self) -> Option<TypeId> {
        match self {
            TypeRef::Expandable(t) => t.held(),
            other => other.inner()?.expanded(),
        }
    }

    /// The reference inside a wrapper other than `Expandable` (`Vec`, map, list, `Clearable`,
    /// `Box`).
    fn inner(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Vec(t)
            | TypeRef::Map(t)
            | TypeRef::List(t)
            | TypeRef::SearchResult(t)
            | TypeRef::Clearable(t)
            | TypeRef::Boxed(t) => Some(t),
            _ => None,
        }
    }

    /// The kind of the id this reference holds, inside any wrappers.
    pub fn id_kind(&self) -> Option<TypeId> {
        match self.leaf() {
            TypeRef::Id(kind) => Some(*kind),
            _ => None,
        }
    }

    /// The type inside every wrapper (`Vec`, map, `Expandable`, list, `Clearable`, `Box`).
    pub fn leaf(&self) -> &TypeRef {
        match self {
            TypeRef::Vec(t)
            | TypeRef::Map(t)
            | TypeRef::Expandable(t)
            | TypeRef::List(t)
            | TypeRef::SearchResult(t)
            | TypeRef::Clearable(t)
            | TypeRef::Boxed(t) => t.leaf(),
            leaf => leaf,
        }
    }
}

/// One API operation: an HTTP method on a path.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The request type's name (`CreateCustomer`).
    pub name: String,
    /// The module (and cargo feature area) that holds the request.
    pub module: String,
    /// The file of its module that holds the request, without `.rs` (`customer`), as
    /// `lower::files` decides.
    pub file: String,
    /// `operationId` in the spec.
    pub operation_id: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as the spec writes it (`/v1/customers/{customer}`).
    pub path: String,
    /// Rustdoc, already Markdown.
    pub doc: Option<String>,
    /// Other names rustdoc's search finds the request by (`naming::operation_aliases`).
    pub aliases: Vec<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// The `{param}`s of the path, in path order.
    pub path_params: Vec<Field>,
    /// Query parameters (GET and DELETE) or form fields (POST).
    pub params: Vec<Field>,
    /// How [`Operation::params`] travel.
    pub body: BodyKind,
    /// The host that serves it.
    pub host: Host,
    /// What a success returns.
    pub response: ResponseKind,
    /// Set for list and search operations: how the runtime pages through them.
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// The arguments of the request's `new`: the path parameters, then the required parameters.
    pub fn required_fields(&self) -> impl Iterator<Item = &Field> {
        self.path_params
            .iter()
            .chain(self.params.iter().filter(|f| !f.is_optional()))
    }

    /// Whether the request derives `Default`: it has no required value.
    pub fn has_default(&self) -> bool {
        self.required_fields().next().is_none()
    }
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Delete,
    /// Only in older specs (the account logouts of 2020); its parameters travel as a POST's do.
    Put,
}

impl Method {
    /// The method as HTTP spells it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Put => "PUT",
        }
    }
}

/// How [`Operation::params`] travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// In the query string; no body.
    Query,
    /// `application/x-www-form-urlencoded` body.
    Form,
    /// `multipart/form-data` body.
    Multipart,
}

/// Which Stripe host serves an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Api,
    Files,
}

/// What an operation returns on success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    Json(TypeRef),
    /// Raw bytes (`application/pdf`).
    Binary,
}

/// How a list or search request pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// `starting_after` / `ending_before` cursors over `List<T>`.
    List,
    /// `page` cursor over `SearchResult<T>`.
    Search,
}

/// A resource that can appear anywhere as a JSON object with this `object` value.
#[derive(Debug, Clone)]
pub struct ObjectResource {
    /// The `object` value.
    pub object: String,
    /// Whether it is selected by `deleted: true` too.
    pub deleted: bool,
    /// The type of the object.
    pub ty: TypeId,
    /// Variant name in the all-resources enum.
    pub rust: String,
}
