//! What a request does to an object, as the flows tell requests apart.

/// What a request does to an object.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    /// A `POST` to a collection.
    Create,
    /// A `POST` to the object's own path.
    Update,
    /// A `POST` to an action of the object (`confirm` of `/v1/payment_intents/{intent}/confirm`).
    Action(&'a str),
    /// A `DELETE` that answers with the object rather than a deleted stub (a Subscription's
    /// cancel).
    Delete,
}
