//! Stripe's error object, the one shape every refusal of the mock takes: the HTTP status and
//! `{"error": {"type", "message", "param", "code", "doc_url"}}`.

use serde_json::{Value, json};

/// Where Stripe documents the `resource_missing` code.
const RESOURCE_MISSING_DOC: &str = "https://stripe.com/docs/error-codes/resource-missing";

/// A request the mock refused: the HTTP status it answers and Stripe's `error` object.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// 400, 402, 404, …
    pub status: u16,
    /// Stripe's error object (`type`, `message`, `code`, `param`).
    pub error: Value,
}

impl Refused {
    /// An error of Stripe's `type` (`invalid_request_error`, `card_error`, `api_error`).
    pub(crate) fn new(status: u16, type_: &str, message: &str) -> Refused {
        Refused {
            status,
            error: json!({ "type": type_, "message": message }),
        }
    }

    /// A 400 `invalid_request_error`.
    pub(crate) fn invalid(message: &str) -> Refused {
        Refused::new(400, "invalid_request_error", message)
    }

    /// The same error answered with another HTTP status (401, 404, 413, …).
    pub(crate) fn status(mut self, status: u16) -> Refused {
        self.status = status;
        self
    }

    /// The parameter at fault, in Stripe's notation (`address[city]`).
    pub(crate) fn param(self, param: &str) -> Refused {
        self.with("param", json!(param))
    }

    /// Stripe's error `code` (`resource_missing`, `parameter_missing`).
    pub(crate) fn code(self, code: &str) -> Refused {
        self.with("code", json!(code))
    }

    /// Another field of the error object (`decline_code`, `payment_intent`).
    pub(crate) fn with(mut self, field: &str, value: Value) -> Refused {
        self.error[field] = value;
        self
    }

    /// A 400 `resource_missing` for a parameter naming an object that does not exist.
    pub(crate) fn no_such(kind: &str, id: &str, param: &str) -> Refused {
        Refused::invalid(&format!("No such {kind}: '{id}'"))
            .param(param)
            .code("resource_missing")
            .with("doc_url", json!(RESOURCE_MISSING_DOC))
    }

    /// The 404 for an object in the path that does not exist.
    pub(crate) fn missing(kind: &str, id: &str) -> Refused {
        Refused::no_such(kind, id, "id").status(404)
    }

    /// The 404 for a path the API does not have.
    pub(crate) fn unknown_path(method: &str, path: &str) -> Refused {
        Refused::invalid(&format!("Unrecognized request URL ({method}: {path}).")).status(404)
    }

    /// The 400 for an idempotency key used again with another request.
    pub(crate) fn idempotency_conflict(key: &str) -> Refused {
        let message = format!(
            "Keys for idempotent requests can only be used with the same parameters they were \
             first used with. Try using a key other than '{key}' if you meant to execute a \
             different request."
        );
        Refused::new(400, "idempotency_error", &message)
    }

    /// The 409 for a request whose idempotency key another request is using.
    pub(crate) fn idempotency_in_flight() -> Refused {
        let message = "There is currently another in-progress request using this \
                       Stripe-Idempotency-Key. Please try again later.";
        Refused::new(409, "idempotency_error", message)
    }

    /// The 500 of a request the mock itself failed on.
    pub(crate) fn internal(message: &str) -> Refused {
        Refused::new(500, "api_error", message)
    }

    /// The message, for people.
    pub(crate) fn message(&self) -> &str {
        self.error["message"].as_str().unwrap_or("refused")
    }

    /// The answer's body: `{"error": …}`.
    pub(crate) fn body(&self) -> Value {
        json!({ "error": self.error })
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message(), self.status)
    }
}

impl std::error::Error for Refused {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_object_is_stripes_resource_missing() {
        let refused = Refused::missing("customer", "cus_gone");
        assert_eq!(refused.status, 404);
        assert_eq!(
            refused.body(),
            json!({"error": {
                "type": "invalid_request_error",
                "message": "No such customer: 'cus_gone'",
                "param": "id",
                "code": "resource_missing",
                "doc_url": RESOURCE_MISSING_DOC,
            }})
        );
    }
}
