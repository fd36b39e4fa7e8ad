//! The stateful request handler: objects created through the API live until they are deleted,
//! each request runs as one change of the store with the flows' state machines, the events it
//! records go to the webhooks, and idempotency keys replay answers.
//!
//! A `POST` with an `Idempotency-Key` that ran is remembered for 24 hours of the mock's clock:
//! the same key with the same request replays the answer (`Idempotent-Replayed: true`), with
//! another request it is a 400 `idempotency_error`, while the first still runs a 409; keys are
//! per account. A request that did not run (an object it names is missing) gives its key back.

mod call;
mod objects;
mod references;
mod requests;
mod state;

pub(crate) use call::Call;
pub(crate) use requests::Request;
pub(crate) use state::Stateful;
