//! The mock's own controls over HTTP, for clients that are not Rust tests (`curl`, another
//! language's Stripe library), in the stateful mode: under `/_mock/`, a prefix Stripe's API does
//! not use, with the same test key.
//!
//! - `POST /_mock/reset` forgets every object and idempotency key;
//! - `GET /_mock/clock` answers `{"now": …}`; `POST /_mock/clock` with `time=<Unix seconds>` sets
//!   the clock, with `advance=<seconds>` moves it on;
//! - `POST /_mock/checkout/sessions/{session}/complete` completes a Checkout Session as a
//!   customer paying with `pm_card_visa` would, and answers it.

use std::time::Duration;

use serde_json::json;

use crate::error::Refused;
use crate::events::Origin;
use crate::form::{Params, text};
use crate::reply::{self, Reply};
use crate::spec::MockApi;
use crate::stateful::Stateful;

/// The answer to a control request to `path` (under `/_mock/`).
pub(crate) fn answer(
    stateful: Option<&Stateful>,
    api: &MockApi,
    origin: &Origin,
    (method, path): (&str, &str),
    params: &Params,
) -> Reply {
    let what = path.trim_start_matches("/_mock/").trim_end_matches('/');
    let Some(stateful) = stateful else {
        let message =
            "The mock's controls are for its stateful mode (cargo xtask mock --stateful).";
        return reply::refused(&Refused::invalid(message).status(404));
    };
    let store = &stateful.store;
    let now = || reply::json(200, &json!({ "now": store.clock.now() }));
    match (method, what) {
        ("POST", "reset") => {
            store.clear();
            reply::json(200, &json!({ "reset": true }))
        }
        ("GET", "clock") => now(),
        ("POST", "clock") => {
            let time = text(params, "time").map(str::parse::<i64>);
            let advance = text(params, "advance").map(str::parse::<u64>);
            match (time, advance) {
                (Some(Ok(time)), None) => store.clock.set(time),
                (None, Some(Ok(seconds))) => store.clock.advance(Duration::from_secs(seconds)),
                _ => {
                    let message = "Give either `time` (seconds since the Unix epoch) or `advance` (a number of seconds).";
                    return reply::refused(&Refused::invalid(message).param("time"));
                }
            }
            now()
        }
        ("POST", _) => match checkout_session(what) {
            Some(session) => match stateful.complete_checkout_session(api, origin, session) {
                Ok(session) => reply::json(200, &session),
                Err(refused) => reply::refused(&refused),
            },
            None => reply::refused(&Refused::unknown_path(method, path)),
        },
        _ => reply::refused(&Refused::unknown_path(method, path)),
    }
}

/// The session of `checkout/sessions/{session}/complete`.
fn checkout_session(what: &str) -> Option<&str> {
    let session = what
        .strip_prefix("checkout/sessions/")?
        .strip_suffix("/complete")?;
    (!session.is_empty() && !session.contains('/')).then_some(session)
}
