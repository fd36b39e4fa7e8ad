//! The mock's answers as HTTP responses: JSON bodies, and Stripe's error object for a refusal.

use bytes::Bytes;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use serde_json::Value;

use crate::error::Refused;

/// An answer, its whole body in memory.
pub(crate) type Reply = Response<Bytes>;

/// A JSON answer with `status`.
pub(crate) fn json(status: u16, value: &Value) -> Reply {
    let mut reply = Response::new(Bytes::from(value.to_string()));
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reply
}

/// The answer to a refused request: its status and `{"error": …}`.
pub(crate) fn refused(refused: &Refused) -> Reply {
    json(refused.status, &refused.body())
}

/// An answer of other bytes (`application/pdf`).
pub(crate) fn bytes(media_type: &str, body: Bytes) -> Reply {
    let mut reply = Response::new(body);
    if let Ok(value) = HeaderValue::from_str(media_type) {
        reply.headers_mut().insert(CONTENT_TYPE, value);
    }
    reply
}
