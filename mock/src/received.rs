//! The requests the server received, as tests read them back: what was sent, secrets too, with a
//! `Debug` that does not show them.

use bytes::Bytes;
use serde_json::Value;

/// How many past requests [`crate::MockServer::received`] keeps (the newest), and as many
/// webhook delivery attempts.
pub const MAX_RECEIVED: usize = 1_000;

/// A request as the server received it, for tests that check what a client sent.
///
/// Its fields hold what was sent, secrets too; its `Debug` shows the `Authorization` header and
/// the values of sensitive parameters (card numbers, client secrets, …, as
/// `stripekit_types::sensitive` lists them) as `[redacted]`.
#[derive(Clone)]
pub struct ReceivedRequest {
    /// `GET`, `POST`, `DELETE`, …
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// The query string, without the `?`.
    pub query: Option<String>,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Bytes,
}

/// Headers that carry credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "stripe-signature",
];

impl std::fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use stripekit_types::redact;

        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = SECRET_HEADERS.contains(&name.as_str());
                (name.as_str(), if secret { redact::REDACTED } else { value })
            })
            .collect();
        let content_type = self.header("content-type").unwrap_or_default();
        let body = if self.body.is_empty() {
            String::new()
        } else if content_type.starts_with("application/json") {
            match serde_json::from_slice::<Value>(&self.body) {
                Ok(json) => redact::json(&json).to_string(),
                Err(_) => format!("{} bytes of JSON that does not parse", self.body.len()),
            }
        } else if content_type.is_empty()
            || content_type.starts_with("application/x-www-form-urlencoded")
        {
            redact::form(&String::from_utf8_lossy(&self.body))
        } else {
            format!("{} bytes of {content_type}", self.body.len())
        };
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query.as_deref().map(redact::form))
            .field("headers", &headers)
            .field("body", &body)
            .finish()
    }
}

impl ReceivedRequest {
    /// The first value of a header, by its lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
