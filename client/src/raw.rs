//! Requests to endpoints this crate has no type for: preview APIs, or endpoints newer than the
//! spec it was generated from.

use std::borrow::Cow;

use serde::Serialize;
use stripekit_types::{Body, FromJson, Host, Method, decode, form, redact};

use crate::client::Client;
use crate::error::Error;
use crate::options::RequestOptions;
use crate::send::Target;

impl Client {
    /// A request to any path of the API, sent like a typed one: with the client's key,
    /// account, an idempotency key on `POST` (the same on every retry), its retries, timeout
    /// and tracing span. A raw request has no version of its own: it sends the `Stripe-Version`
    /// of its options or of the client, and without either none, so that Stripe answers in the
    /// account's default version.
    ///
    /// Parameters are any [`Serialize`] value that is a map (a struct, a `serde_json::json!`
    /// object), form-encoded as Stripe wants (`metadata[order]=6735`, `items[0][price]=…`); for
    /// `GET` and `DELETE` they go in the query string. A `POST` to an API v2 path (`/v2/…`)
    /// sends them as a JSON body instead, as v2 expects, `null`s included (in v2 a `null` unsets
    /// a field). The answer decodes into any type of
    /// the API, or into a [`serde_json::Value`] with [`RawRequest::send_json`].
    ///
    /// ```no_run
    /// # async fn run(client: &stripekit_client::Client) -> Result<(), stripekit_client::Error> {
    /// use stripekit_api_2022_11_15::{API_VERSION, Customer};
    /// use stripekit_client::{Method, RequestOptions};
    ///
    /// // An endpoint of a newer API version, as JSON, with that version.
    /// let answer = client
    ///     .raw_request(Method::Post, "/v1/customers")
    ///     .params(&serde_json::json!({ "email": "jenny@example.com", "metadata": { "order": 6735 } }))
    ///     .options(RequestOptions::new().stripe_version("2024-06-20"))
    ///     .send_json()
    ///     .await?;
    /// // A known object, decoded into its type, in the version the type describes.
    /// let customer: Customer = client
    ///     .raw_request(Method::Get, "/v1/customers/cus_123")
    ///     .options(RequestOptions::new().stripe_version(API_VERSION))
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw_request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        RawRequest {
            client: self,
            method,
            path: path.into(),
            params: Ok(serde_json::Value::Null),
            options: RequestOptions::default(),
        }
    }
}

/// A request built by [`Client::raw_request`]; nothing is sent until [`send`](Self::send) or
/// [`send_json`](Self::send_json).
///
/// Its `Debug` shows the parameters with the values of sensitive ones (card numbers, client
/// secrets, …, as `stripekit_types::sensitive` lists them) as `"[redacted]"`.
#[must_use = "a raw request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    /// The parameters as JSON, or why they could not be made JSON.
    params: Result<serde_json::Value, String>,
    options: RequestOptions,
}

impl std::fmt::Debug for RawRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let params = self.params.as_ref().map(redact::Json);
        f.debug_struct("RawRequest")
            .field("client", self.client)
            .field("method", &self.method)
            .field("path", &without_query(&self.path))
            .field("params", &params)
            .field("options", &self.options)
            .finish()
    }
}

impl RawRequest<'_> {
    /// The request's parameters: a map, form-encoded (a `null` field is left out), or JSON for
    /// a `POST` to a `/v2/` path.
    pub fn params(mut self, params: &impl Serialize) -> Self {
        self.params = serde_json::to_value(params).map_err(|e| e.to_string());
        self
    }

    /// Per-request options: an account, a context, an API version, an idempotency key, a
    /// timeout, a number of retries.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the request and decodes the answer into `T`, a type of the API (or
    /// [`serde_json::Value`]). A field that does not decode is an [`Error::Decode`] naming it.
    pub async fn send<T: FromJson>(self) -> Result<T, Error> {
        let (client, method) = (self.client, self.method);
        let (target, options) = self.into_target()?;
        let label = target.label.clone();
        let answer = client.execute(target, &options).await?;
        decode::json(&answer.bytes).map_err(|source| Error::Decode {
            method: method.as_str(),
            path: label,
            request_id: answer.request_id,
            source,
        })
    }

    /// Sends the request and returns the answer as JSON.
    pub async fn send_json(self) -> Result<serde_json::Value, Error> {
        self.send().await
    }

    /// What is sent, and the options to send it with.
    fn into_target(self) -> Result<(Target, RequestOptions), Error> {
        if !self.path.starts_with('/') {
            return Err(Error::Config(format!(
                "a raw request's path starts with `/` (`/v1/customers`), not `{}`",
                without_query(&self.path)
            )));
        }
        let params = self
            .params
            .map_err(|e| Error::Config(format!("the raw request's parameters: {e}")))?;
        if !(params.is_object() || params.is_null()) {
            return Err(Error::Config(
                "a raw request's parameters are a map of names to values".into(),
            ));
        }
        let v2 = self.path.starts_with("/v2/");
        let body = match self.method {
            Method::Post | Method::Put if v2 => {
                let params = if params.is_null() {
                    serde_json::json!({})
                } else {
                    params
                };
                Body::Json(params.to_string())
            }
            Method::Post | Method::Put => Body::Form(form::encode(&params)),
            _ => Body::Query(form::encode(&params)),
        };
        // Errors and the tracing span name the path, never a query string written into it.
        let target = Target {
            method: self.method,
            host: Host::Api,
            api_version: None,
            label: Cow::Owned(without_query(&self.path).to_string()),
            path: self.path,
            body,
        };
        Ok((target, self.options))
    }
}

/// A raw request's path without the query string a caller may have written into it
/// (`/v1/payment_intents/pi_1?client_secret=…`): what errors, tracing and `Debug` show.
fn without_query(path: &str) -> &str {
    path.split_once('?').map_or(path, |(path, _)| path)
}
