//! String enums: one per place, shared with the object a request returns, and the one enum of
//! every event type.

use super::super::{Lowerer, Owner, Place};
use super::Ctx;
use crate::ir::{Origin, TypeDef, TypeKind, TypeRef, Usage};

/// The enum of event types, and the field it types besides `enabled_events`.
pub const EVENT_TYPE: &str = "EventType";
const EVENT_TYPE_FIELD: &str = "/components/schemas/event/properties/type";

impl<'a> Lowerer<'a> {
    /// Whether a string is an event type: `event.type`, and the items of every
    /// `enabled_events` (the webhook endpoint's field and parameters), when the spec lists the
    /// event types.
    pub(super) fn is_event_type_place(&self, ctx: &Ctx) -> bool {
        !self.event_types.is_empty()
            && (ctx.pointer == EVENT_TYPE_FIELD
                || ctx.pointer.ends_with("/properties/enabled_events/items"))
    }

    /// [`EVENT_TYPE`]: one enum of every event type the spec lists, wherever an event type is.
    pub(super) fn event_type(&mut self, ctx: &Ctx) -> TypeRef {
        let place = Place {
            owner: Owner::Concept(EVENT_TYPE.to_string()),
            path: Vec::new(),
            pointer: ctx.pointer.clone(),
            request: ctx.request,
        };
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![Origin::Concept {
                concept: EVENT_TYPE.to_string(),
                path: Vec::new(),
            }],
            doc: Some(
                "The type of an event (`payment_intent.succeeded`): the type of `Event::type_`, \
                 of `WebhookEndpoint::enabled_events` and of the `enabled_events` parameters. \
                 `All` (`*`) is only for `enabled_events`: every event. A type newer than this \
                 crate is kept as `Unknown`."
                    .to_string(),
            ),
            kind: TypeKind::Enum(super::super::merge::enum_def(self.event_types.clone())),
            usage: Usage::default(),
            id_kind: None,
            gate: Vec::new(),
        };
        let key = format!("concept {EVENT_TYPE} enum");
        TypeRef::Named(self.intern(key, place, def))
    }

    /// A string enum, one per place. A field of a POST request that is the same field of the
    /// object the request returns is that object's enum: one type for one concept.
    pub(super) fn enum_type(&mut self, values: Vec<String>, ctx: &Ctx) -> TypeRef {
        let def = TypeDef {
            name: String::new(),
            module: String::new(),
            file: String::new(),
            origins: vec![self.inline_origin(ctx)],
            doc: None,
            kind: TypeKind::Enum(super::super::merge::enum_def(values)),
            usage: Usage::default(),
            id_kind: None,
            gate: Vec::new(),
        };
        if let (Some(resource), Owner::Operation(_), true) =
            (self.resource, &ctx.owner, ctx.request)
        {
            let response_place = Ctx {
                owner: Owner::Type(resource),
                request: false,
                ..ctx.clone()
            };
            let key = response_place.place_key("enum");
            if self.interned.contains_key(&key) {
                return TypeRef::Named(self.intern(key, response_place.place(), def));
            }
        }
        TypeRef::Named(self.intern(ctx.place_key("enum"), ctx.place(), def))
    }
}
