//! Where a schema is being lowered ([`Ctx`]: its pointer, owner and field path), and small
//! readings of a schema that every kind of type needs (its string enum values, its `object`
//! tag, its description).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::super::{Owner, Place};
use crate::docs;
use crate::load::{SpecError, pointer_push};

/// Where a schema is being lowered.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// JSON pointer of the schema, for errors.
    pub pointer: String,
    /// Who owns the inline types lowered here.
    pub owner: Owner,
    /// Field path from the owner, for naming inline types.
    pub path: Vec<String>,
    /// In a request (parameters or body) rather than a response.
    pub request: bool,
    /// In a `multipart/form-data` body.
    pub multipart: bool,
    /// What holds the object being lowered, for the table of sensitive fields: the property
    /// whose value it is, or the component schema at the component's root; none at the top
    /// level of a request or response.
    pub holder: Option<String>,
}

impl Ctx {
    /// The place of the property `name` of the object at this place.
    pub(super) fn field(&self, name: &str) -> Ctx {
        let mut path = self.path.clone();
        path.push(name.to_string());
        Ctx {
            pointer: pointer_push(&pointer_push(&self.pointer, "properties"), name),
            owner: self.owner.clone(),
            path,
            request: self.request,
            multipart: self.multipart,
            holder: Some(name.to_string()),
        }
    }

    /// The same place, with `token` pushed onto the pointer (`items`, `anyOf`).
    pub(super) fn at(&self, token: &str) -> Ctx {
        Ctx {
            pointer: pointer_push(&self.pointer, token),
            ..self.clone()
        }
    }

    /// An error at this place.
    pub(super) fn err(&self, message: impl Into<String>) -> SpecError {
        SpecError::new(self.pointer.clone(), message)
    }

    /// What identifies the place of an inline type of this `kind`: its direction, owner and
    /// field path. Nothing else in the spec enters it, so a schema added elsewhere changes no
    /// place.
    pub(super) fn place_key(&self, kind: &str) -> String {
        let owner = match &self.owner {
            Owner::Type(id) => format!("type {}", id.0),
            Owner::Operation(name) => format!("request {name}"),
            Owner::Concept(name) => format!("concept {name}"),
        };
        format!("{kind}|{}|{owner}|{}", self.request, self.path.join("."))
    }

    /// The place an inline type lowered here is first seen at.
    pub(super) fn place(&self) -> Place {
        Place {
            owner: self.owner.clone(),
            path: self.path.clone(),
            pointer: self.pointer.clone(),
            request: self.request,
        }
    }
}

/// A schema or a reference to a component schema, whichever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum View<'s> {
    Ref(&'s str),
    Schema(&'s Schema),
}

impl<'s> View<'s> {
    /// The view of a schema or reference.
    pub fn of(r: &'s ReferenceOr<Schema>) -> View<'s> {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Schema(s),
        }
    }

    /// The view of a boxed schema or reference (a property).
    pub fn of_box(r: &'s ReferenceOr<Box<Schema>>) -> View<'s> {
        match r {
            ReferenceOr::Reference { reference } => View::Ref(reference),
            ReferenceOr::Item(s) => View::Schema(s),
        }
    }

    /// The schema itself; `None` for a reference.
    pub(super) fn schema(self) -> Option<&'s Schema> {
        match self {
            View::Schema(s) => Some(s),
            View::Ref(_) => None,
        }
    }
}

/// `["a", "b"]` of a string enum; `None` when the schema is not one.
pub(super) fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

/// Whether the schema is the `enum: [""]` marker of a clearable request field.
pub(super) fn is_empty_marker(view: View<'_>) -> bool {
    view.schema()
        .and_then(string_enum)
        .is_some_and(|v| v == [""])
}

/// The `object` value and deleted flag a component schema fixes, if it does.
pub(crate) fn object_tag(schema: &Schema) -> Option<(String, bool)> {
    let SchemaKind::Type(Type::Object(obj)) = &schema.schema_kind else {
        return None;
    };
    let object = obj.properties.get("object")?;
    let ReferenceOr::Item(object) = object else {
        return None;
    };
    let values = string_enum(object)?;
    let [value] = values.as_slice() else {
        return None;
    };
    let deleted = match obj.properties.get("deleted") {
        Some(ReferenceOr::Item(d)) => {
            matches!(&d.schema_kind, SchemaKind::Type(Type::Boolean(b)) if b.enumeration == [Some(true)])
        }
        _ => false,
    };
    Some((value.clone(), deleted))
}

/// The schema's description as rustdoc Markdown, if it has one.
pub(super) fn description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .as_deref()
        .and_then(docs::to_markdown)
}
