//! The one error type of the client.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use stripe_generated::{ApiErrors, ApiErrorsType, DecodeError, redact};

/// Why a request failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Stripe answered with an error.
    Api(Box<ApiError>),
    /// The request did not get an answer: the connection failed or broke.
    Transport {
        /// The method of the request.
        method: &'static str,
        /// The path template of the request (`/v1/customers/{customer}`), or the path of a raw
        /// request.
        path: Cow<'static, str>,
        /// What the HTTP client reported.
        source: reqwest::Error,
    },
    /// An attempt took longer than the timeout.
    Timeout {
        /// The method of the request.
        method: &'static str,
        /// The path template of the request, or the path of a raw request.
        path: Cow<'static, str>,
        /// The time limit that passed.
        timeout: Duration,
    },
    /// Stripe answered with success, but the body did not decode into the response type.
    Decode {
        /// The method of the request.
        method: &'static str,
        /// The path template of the request, or the path of a raw request.
        path: Cow<'static, str>,
        /// Stripe's `Request-Id` of the response.
        request_id: Option<String>,
        /// The field that failed and why.
        source: DecodeError,
    },
    /// The client was configured with something it cannot use.
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => error.fmt(f),
            Error::Transport {
                method,
                path,
                source,
            } => write!(f, "could not reach Stripe ({method} {path}): {source}"),
            Error::Timeout {
                method,
                path,
                timeout,
            } => write!(f, "{method} {path} timed out after {timeout:?}"),
            Error::Decode {
                method,
                path,
                request_id,
                source,
            } => {
                let request_id = request_id.as_deref().unwrap_or("unknown");
                write!(
                    f,
                    "the response to {method} {path} (request id {request_id}) did not decode {source}"
                )
            }
            Error::Config(problem) => write!(f, "invalid client configuration: {problem}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(error) => error.source(),
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::Timeout { .. } | Error::Config(_) => None,
        }
    }
}

impl Error {
    /// The Stripe API error, when Stripe answered with one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Stripe's `Request-Id`, when there was a response.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// An error answered by Stripe: the HTTP status, Stripe's request id, and the spec's error object
/// (`type`, `code`, `decline_code`, `param`, `message`, `doc_url`, the related objects, …).
#[derive(Clone, Debug)]
pub struct ApiError {
    /// The HTTP status (400, 402, 404, 429, 500, …).
    pub status: u16,
    /// Stripe's `Request-Id`, to quote to Stripe support.
    pub request_id: Option<String>,
    /// The error object as Stripe sent it.
    pub error: ApiErrors,
}

impl ApiError {
    /// Reads an error response. A body that is not a Stripe error object (a proxy's HTML page,
    /// say) becomes an `api_error` whose message quotes the start of the body.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let error = match stripe_generated::decode::json::<stripe_generated::Error>(body) {
            Ok(envelope) => envelope.error,
            Err(_) => {
                let text = quoted_body(body);
                let value = serde_json::json!({
                    "type": "api_error",
                    "message": format!("HTTP {status} with a body that is not a Stripe error: {text}"),
                });
                stripe_generated::decode::json(value.to_string().as_bytes())
                    .expect("a minimal error object decodes")
            }
        };
        ApiError {
            status,
            request_id,
            error,
        }
    }

    /// The error's `type` (`card_error`, `invalid_request_error`, …).
    pub fn kind(&self) -> &ApiErrorsType {
        &self.error.type_
    }

    /// The short error code (`card_declined`, `resource_missing`, `lock_timeout`, …).
    pub fn code(&self) -> Option<&str> {
        self.error.code.as_deref()
    }

    /// The card issuer's reason for a decline.
    pub fn decline_code(&self) -> Option<&str> {
        self.error.decline_code.as_deref()
    }

    /// The parameter the error is about.
    pub fn param(&self) -> Option<&str> {
        self.error.param.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.error.message.as_deref()
    }

    /// A link to the documentation of the error code.
    pub fn doc_url(&self) -> Option<&str> {
        self.error.doc_url.as_deref()
    }
}

/// The start of a body that is not a Stripe error, for the message that quotes it: JSON with the
/// values of its sensitive fields redacted; JSON that does not parse, where they cannot be
/// found, only by its length; other text (a proxy's HTML page) with every run of six or more
/// digits (a card or account number, say) masked.
fn quoted_body(body: &[u8]) -> String {
    const QUOTED: usize = 200;
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => redact::json(&value).to_string(),
        Err(_) if body.trim_ascii_start().starts_with(b"{") => {
            return format!("{} bytes of JSON that does not parse", body.len());
        }
        Err(_) => String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]).into_owned(),
    };
    redact::digit_runs(&text).chars().take(QUOTED).collect()
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe answered {} {}", self.status, self.kind())?;
        if let Some(code) = self.code() {
            write!(f, " ({code})")?;
        }
        if let Some(param) = self.param() {
            write!(f, " about `{param}`")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
