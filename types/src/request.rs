//! The description of a request that every generated operation implements, and the pieces of
//! a request the runtime puts on the wire.

use crate::decode::DecodeError;
use crate::redact;

/// An HTTP method used by the Stripe API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: reads, with parameters in the query string.
    Get,
    /// `POST`: creates and updates, with a form-encoded or multipart body.
    Post,
    /// `DELETE`: deletes, with parameters in the query string.
    Delete,
    /// `PUT`: the few replacing actions of older API versions (the account logouts of
    /// 2020), with a form-encoded body.
    Put,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Put => "PUT",
        }
    }
}

/// Which Stripe host serves a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    /// `https://api.stripe.com`
    Api,
    /// `https://files.stripe.com`, for file uploads.
    Files,
}

/// The encoded parameters of a request.
///
/// Its `Debug` shows the parameters with the values of sensitive ones (card numbers, client
/// secrets, …; see [`crate::sensitive`]) as `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub enum Body {
    /// No body; the parameters (possibly none) are the query string.
    Query(String),
    /// An `application/x-www-form-urlencoded` body.
    Form(String),
    /// An `application/json` body: the parameters of a raw request to an API v2 path.
    Json(String),
    /// A `multipart/form-data` body.
    Multipart(Vec<Part>),
}

/// One part of a multipart body; its `Debug` redacts the text of a sensitive parameter.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field name, bracketed like a form key (`file_link_data[create]`).
    pub name: String,
    /// What the part carries.
    pub value: PartValue,
}

/// The content of a multipart part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartValue {
    /// A plain form field.
    Text(String),
    /// A file, sent with its name and content type.
    File(FileUpload),
}

/// A file to upload.
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    /// The file name sent to Stripe.
    pub filename: String,
    /// The MIME type; Stripe infers it from the name when absent.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub data: Vec<u8>,
}

impl FileUpload {
    /// A file with the given name and contents.
    pub fn new(filename: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        FileUpload {
            filename: filename.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Sets the MIME type (`image/png`, `application/pdf`, …).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Query(query) => f.debug_tuple("Query").field(&redact::form(query)).finish(),
            Body::Form(form) => f.debug_tuple("Form").field(&redact::form(form)).finish(),
            Body::Json(json) => match serde_json::from_str::<serde_json::Value>(json) {
                Ok(value) => f.debug_tuple("Json").field(&redact::Json(&value)).finish(),
                Err(_) => write!(f, "Json({} bytes that do not parse)", json.len()),
            },
            Body::Multipart(parts) => f.debug_tuple("Multipart").field(parts).finish(),
        }
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut part = f.debug_struct("Part");
        part.field("name", &self.name);
        match &self.value {
            PartValue::Text(_) if redact::is_sensitive_key(&self.name) => {
                part.field("value", &redact::Redacted)
            }
            value => part.field("value", value),
        };
        part.finish()
    }
}

impl std::fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// A request to the Stripe API: everything the runtime needs to send it and read its answer.
///
/// Every operation of the API implements it; the runtime executes any value of it.
pub trait StripeRequest {
    /// What a successful response decodes to.
    type Response: crate::FromJson;
    /// The HTTP method.
    const METHOD: Method;
    /// The path as the spec writes it, with `{param}` placeholders (`/v1/customers/{customer}`).
    const PATH_TEMPLATE: &'static str;
    /// The host that serves the request.
    const HOST: Host = Host::Api;
    /// The Stripe API version the request and its response were generated from, which the
    /// client sends as `Stripe-Version` unless told otherwise.
    const API_VERSION: &'static str;

    /// The path with its parameters filled in and percent-encoded.
    fn path(&self) -> String;

    /// The encoded parameters.
    fn body(&self) -> Body;

    /// Decodes a successful response body: JSON, unless the operation answers with bytes.
    ///
    /// A provided method, so that the decoding code of a response type is compiled only in a
    /// crate that sends the request, not for every operation of every enabled area.
    fn decode(body: &[u8]) -> Result<Self::Response, DecodeError> {
        crate::decode::json(body)
    }
}

/// A list operation, paged with `starting_after` / `ending_before` cursors.
pub trait ListRequest: StripeRequest<Response = crate::List<Self::Item>> {
    /// The type of the listed objects.
    type Item: HasId;

    /// Asks for the page after the object with this id.
    fn set_starting_after(&mut self, id: &str);

    /// Asks for the page before the object with this id.
    fn set_ending_before(&mut self, id: &str);

    /// Whether the caller already asked to page backwards.
    fn pages_backwards(&self) -> bool;
}

/// A search operation, paged with the `page` token of the previous result.
pub trait SearchRequest: StripeRequest<Response = crate::SearchResult<Self::Item>> {
    /// The type of the found objects.
    type Item;

    /// Asks for the page with this token (`next_page` of the previous page).
    fn set_page(&mut self, page: &str);
}

/// A value that may carry a Stripe id: every response type, so that a page of any of them knows
/// where the next page starts. A type without an `id` field keeps the default, `None`.
pub trait HasId {
    /// The id, when the value has one.
    #[inline]
    fn id(&self) -> Option<&str> {
        None
    }
}

/// Percent-encodes one path segment (ids are normally safe as they are).
pub fn path_segment(segment: &str) -> std::borrow::Cow<'_, str> {
    crate::form::escape(segment, false)
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn a_json_body_prints_without_its_secrets() {
        let body = Body::Json(r#"{"card":{"number":"4242424242424242"},"name":"Jenny"}"#.into());
        let printed = format!("{body:?}");
        assert!(!printed.contains("4242424242424242"), "{printed}");
        assert!(printed.contains("Jenny"), "{printed}");
        let broken = format!("{:?}", Body::Json("{\"number\": 42424242".into()));
        assert!(!broken.contains("4242"), "{broken}");
    }
}
