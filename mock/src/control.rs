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

use serde_json::{Value, json};

use crate::events::Origin;
use crate::flows;
use crate::form::{Params, text};
use crate::spec::MockApi;
use crate::store::Store;

/// The status and body of a control request to `path` (under `/_mock/`).
pub(crate) fn answer(
    store: Option<&Store>,
    api: &MockApi,
    origin: &Origin,
    (method, path): (&str, &str),
    params: &Params,
) -> (u16, Value) {
    let what = path.trim_start_matches("/_mock/").trim_end_matches('/');
    let Some(store) = store else {
        let message =
            "The mock's controls are for its stateful mode (cargo xtask mock --stateful).";
        return (404, error(message, None));
    };
    let now = |store: &Store| json!({ "now": store.clock.now() });
    match (method, what) {
        ("POST", "reset") => {
            store.clear();
            (200, json!({ "reset": true }))
        }
        ("GET", "clock") => (200, now(store)),
        ("POST", "clock") => {
            let time = text(params, "time").map(str::parse::<i64>);
            let advance = text(params, "advance").map(str::parse::<u64>);
            match (time, advance) {
                (Some(Ok(time)), None) => store.clock.set(time),
                (None, Some(Ok(seconds))) => store.clock.advance(Duration::from_secs(seconds)),
                _ => {
                    let message = "Give either `time` (seconds since the Unix epoch) or `advance` (a number of seconds).";
                    return (400, error(message, Some("time")));
                }
            }
            (200, now(store))
        }
        ("POST", _) => match checkout_session(what) {
            Some(session) => {
                let completed = store.change(api, origin, |change| {
                    flows::complete_checkout_session(change, session)
                });
                match completed {
                    Ok(session) => (200, session),
                    Err(refusal) => (refusal.status, json!({ "error": refusal.error })),
                }
            }
            None => (404, unknown(method, path)),
        },
        _ => (404, unknown(method, path)),
    }
}

/// The session of `checkout/sessions/{session}/complete`.
fn checkout_session(what: &str) -> Option<&str> {
    let session = what
        .strip_prefix("checkout/sessions/")?
        .strip_suffix("/complete")?;
    (!session.is_empty() && !session.contains('/')).then_some(session)
}

fn unknown(method: &str, path: &str) -> Value {
    error(
        &format!("Unrecognized request URL ({method}: {path})."),
        None,
    )
}

fn error(message: &str, param: Option<&str>) -> Value {
    json!({ "error": flows::invalid_request(message, param, None) })
}
