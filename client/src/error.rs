//! The one error type of the client.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use stripekit_types::{DeclineCode, DecodeError, ErrorCode, FromJson, decode, redact};

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
        /// What the [transport](crate::transport::Transport) reported (with the default one, a
        /// `reqwest::Error` without the URL).
        source: crate::transport::BoxError,
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
            Error::Transport { source, .. } => Some(&**source),
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

/// An error answered by Stripe: the HTTP status, Stripe's request id, and Stripe's error object.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// The HTTP status (400, 402, 404, 429, 500, …).
    pub status: u16,
    /// Stripe's `Request-Id`, to quote to Stripe support.
    pub request_id: Option<String>,
    /// The error object as Stripe sent it.
    pub error: ErrorObject,
}

/// Stripe's error object (`{"error": {…}}`), the same in every API version: its fields, and the
/// whole object as JSON for the objects some errors carry (`payment_intent`, `setup_intent`,
/// `payment_method`, `source`), which [`ErrorObject::related`] decodes into the types of your
/// version.
#[derive(Clone)]
#[non_exhaustive]
pub struct ErrorObject {
    /// `type`: the kind of error.
    pub kind: ErrorKind,
    /// `code`: the short error code (`card_declined`, `resource_missing`, …).
    pub code: Option<ErrorCode>,
    /// `decline_code`: the card issuer's reason for a decline.
    pub decline_code: Option<DeclineCode>,
    /// `param`: the parameter the error is about.
    pub param: Option<String>,
    /// `message`: the human-readable message (for card errors, one you can show your customer).
    pub message: Option<String>,
    /// `doc_url`: the documentation of the error code.
    pub doc_url: Option<String>,
    /// `request_log_url`: the request in your Dashboard's logs.
    pub request_log_url: Option<String>,
    /// `charge`: for card errors, the id of the failed charge.
    pub charge: Option<String>,
    /// `payment_method_type`: the payment method type that had a problem.
    pub payment_method_type: Option<String>,
    /// The whole object.
    pub json: serde_json::Value,
}

impl fmt::Debug for ErrorObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The related objects can hold secrets (a PaymentIntent's client secret): they print
        // redacted, as everything else of the SDK does.
        f.debug_struct("ErrorObject")
            .field("kind", &self.kind)
            .field("code", &self.code)
            .field("decline_code", &self.decline_code)
            .field("param", &self.param)
            .field("message", &self.message)
            .field("doc_url", &self.doc_url)
            .field("json", &redact::Json(&self.json))
            .finish_non_exhaustive()
    }
}

/// The `type` of an error object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `api_error`: a problem on Stripe's side.
    ApiError,
    /// `card_error`: the card cannot be charged.
    CardError,
    /// `idempotency_error`: an idempotency key was reused with other parameters.
    IdempotencyError,
    /// `invalid_request_error`: the request has invalid parameters.
    InvalidRequestError,
    /// A type this crate does not know, as Stripe sent it.
    Unknown(String),
}

impl ErrorKind {
    fn from_wire(text: &str) -> ErrorKind {
        match text {
            "api_error" => ErrorKind::ApiError,
            "card_error" => ErrorKind::CardError,
            "idempotency_error" => ErrorKind::IdempotencyError,
            "invalid_request_error" => ErrorKind::InvalidRequestError,
            other => ErrorKind::Unknown(other.to_string()),
        }
    }

    /// The type as Stripe writes it (`card_error`).
    pub fn as_str(&self) -> &str {
        match self {
            ErrorKind::ApiError => "api_error",
            ErrorKind::CardError => "card_error",
            ErrorKind::IdempotencyError => "idempotency_error",
            ErrorKind::InvalidRequestError => "invalid_request_error",
            ErrorKind::Unknown(other) => other,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorObject {
    /// The error object of a body that is Stripe's error envelope (`{"error": {"type": …}}`).
    pub(crate) fn from_envelope(body: &[u8]) -> Option<ErrorObject> {
        let mut envelope: serde_json::Value = serde_json::from_slice(body).ok()?;
        let json = envelope.get_mut("error")?.take();
        let kind = ErrorKind::from_wire(json.get("type")?.as_str()?);
        let text = |name: &str| json.get(name).and_then(|v| v.as_str()).map(str::to_string);
        Some(ErrorObject {
            kind,
            code: text("code").as_deref().map(ErrorCode::from),
            decline_code: text("decline_code").as_deref().map(DeclineCode::from),
            param: text("param"),
            message: text("message"),
            doc_url: text("doc_url"),
            request_log_url: text("request_log_url"),
            charge: text("charge"),
            payment_method_type: text("payment_method_type"),
            json,
        })
    }

    /// An `api_error` with `message`, for an answer that carries no error object.
    fn api_error(message: String) -> ErrorObject {
        ErrorObject {
            kind: ErrorKind::ApiError,
            code: None,
            decline_code: None,
            param: None,
            message: Some(message.clone()),
            doc_url: None,
            request_log_url: None,
            charge: None,
            payment_method_type: None,
            json: serde_json::json!({ "type": "api_error", "message": message }),
        }
    }

    /// The object the error carries under `name` (`payment_intent`, `setup_intent`,
    /// `payment_method`, `source`), decoded into `T`, a type of your API version; `None` when
    /// the error has none.
    ///
    /// ```no_run
    /// # fn run(error: &stripekit_client::ApiError) {
    /// use stripekit_api_2022_11_15::PaymentIntent;
    ///
    /// if let Some(Ok(intent)) = error.error.related::<PaymentIntent>("payment_intent") {
    ///     println!("{} is {:?}", intent.id, intent.status);
    /// }
    /// # }
    /// ```
    pub fn related<T: FromJson>(&self, name: &str) -> Option<Result<T, DecodeError>> {
        let value = self.json.get(name).filter(|v| !v.is_null())?;
        Some(decode::json(value.to_string().as_bytes()))
    }
}

impl ApiError {
    /// Reads an error response. A body that is not a Stripe error object (a proxy's HTML page,
    /// say) becomes an `api_error` whose message quotes the start of the body.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let error = ErrorObject::from_envelope(body).unwrap_or_else(|| {
            let text = quoted_body(body);
            ErrorObject::api_error(format!(
                "HTTP {status} with a body that is not a Stripe error: {text}"
            ))
        });
        ApiError {
            status,
            request_id,
            error,
        }
    }

    /// The error's `type` (`card_error`, `invalid_request_error`, …).
    pub fn kind(&self) -> &ErrorKind {
        &self.error.kind
    }

    /// The short error code (`card_declined`, `resource_missing`, `lock_timeout`, …).
    pub fn code(&self) -> Option<&ErrorCode> {
        self.error.code.as_ref()
    }

    /// The card issuer's reason for a decline.
    pub fn decline_code(&self) -> Option<&DeclineCode> {
        self.error.decline_code.as_ref()
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

#[cfg(test)]
mod tests {
    use super::*;

    const DECLINED: &str = r#"{"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.", "param": "payment_method",
        "payment_intent": {"id": "pi_1", "object": "payment_intent", "client_secret": "pi_1_secret_abc"}
    }}"#;

    #[test]
    fn an_error_object_reads_in_any_version_and_its_objects_decode_on_demand() {
        let error = ApiError::from_response(402, Some("req_1".into()), DECLINED.as_bytes());
        assert_eq!(error.kind(), &ErrorKind::CardError);
        assert_eq!(error.code(), Some(&ErrorCode::CardDeclined));
        assert_eq!(error.decline_code(), Some(&DeclineCode::InsufficientFunds));
        assert_eq!(error.param(), Some("payment_method"));
        let intent = error.error.related::<serde_json::Value>("payment_intent");
        assert_eq!(intent.unwrap().unwrap()["id"], "pi_1");
        assert!(
            error
                .error
                .related::<serde_json::Value>("setup_intent")
                .is_none()
        );
        // The related object's client secret never prints.
        let debug = format!("{error:?}");
        assert!(!debug.contains("pi_1_secret_abc"), "{debug}");
        assert!(debug.contains("card_declined"), "{debug}");
        let unknown = ApiError::from_response(400, None, br#"{"error": {"type": "new_error"}}"#);
        assert_eq!(unknown.kind(), &ErrorKind::Unknown("new_error".into()));
        assert_eq!(unknown.to_string(), "Stripe answered 400 new_error");
    }

    #[test]
    fn a_body_that_is_not_an_error_object_is_an_api_error_quoting_it() {
        let error = ApiError::from_response(502, None, b"<html>Bad gateway</html>");
        assert_eq!(error.kind(), &ErrorKind::ApiError);
        let message = error.message().unwrap();
        assert!(message.contains("HTTP 502"), "{message}");
        assert!(message.contains("Bad gateway"), "{message}");
        // An object without `type` is not Stripe's error either.
        let error = ApiError::from_response(500, None, br#"{"error": {"message": "x"}}"#);
        assert_eq!(error.kind(), &ErrorKind::ApiError);
    }
}
