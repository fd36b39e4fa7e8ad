//! The public-API policy: how users build, read and match every generated item, and so what a
//! new spec may change without breaking their code. The emitter renders it and the API diff
//! (`crate::diff::surface`) reads it; neither restates it.
//!
//! - Response structs (every struct that Stripe sends, or that can arrive in an event) have
//!   public fields and are `#[non_exhaustive]`: Stripe adds response fields without a new API
//!   version.
//! - Request structs (the requests, and every struct only requests use) are builders: private
//!   fields, the required ones as arguments of `new`, a setter named like the field for each
//!   optional one and `clear_<field>` for each clearable one, `Default` when nothing is
//!   required. A new optional parameter, or one becoming clearable, breaks no code.
//! - Enums and object unions are `#[non_exhaustive]` with an `Unknown` variant; parameter unions
//!   are exhaustive, as users build them.
//! - A list or search request pages only when the crate can read an id off its items.

use crate::ir::{Api, Field, Operation, ResponseKind, StructStyle, TypeKind, TypeRef};
use crate::naming;

/// Applies the policy of the module docs: struct styles, builder methods, which requests page.
pub(super) fn apply(api: &mut Api, operations: &mut [Operation]) {
    for def in &mut api.types {
        let builder = def.usage.request && !def.usage.response;
        if let TypeKind::Struct(s) = &mut def.kind {
            if builder {
                s.style = StructStyle::Builder;
                s.fields.iter_mut().for_each(builder_methods);
            } else {
                s.style = StructStyle::Response;
            }
        }
    }
    for op in operations {
        op.params.iter_mut().for_each(builder_methods);
        let pageable = match &op.response {
            ResponseKind::Json(TypeRef::List(item) | TypeRef::SearchResult(item)) => {
                matches!(**item, TypeRef::Named(id)
                    if !matches!(api.types[id.0].kind, TypeKind::Enum(_) | TypeKind::ParamUnion(_)))
            }
            _ => false,
        };
        if !pageable {
            op.pagination = None;
        }
    }
}

/// The setter of an optional field, and `clear_*` for a clearable one.
fn builder_methods(f: &mut Field) {
    if !f.is_optional() {
        return;
    }
    f.setter = Some(naming::setter_name(&f.rust));
    if matches!(f.ty, TypeRef::Clearable(_)) {
        f.clear = Some(naming::clear_setter_name(&f.rust));
    }
}
