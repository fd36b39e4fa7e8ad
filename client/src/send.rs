//! Sending one request: headers, body, attempts and retries, decoding, and its tracing span.

use std::borrow::Cow;
use std::future::Future;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use stripekit_types::{Body, Host, Method, StripeRequest};
use tracing::Instrument;

use crate::client::Client;
use crate::error::{ApiError, Error, ErrorObject};
use crate::hooks::Attempt;
use crate::options::RequestOptions;
use crate::retry::{self, is_retryable, next_attempt};
use crate::transport::BoxError;

/// `request.send(&client)`: sending for every generated request.
pub trait SendRequest: StripeRequest {
    /// Sends the request with the client's defaults.
    fn send(&self, client: &Client) -> impl Future<Output = Result<Self::Response, Error>> + Send;

    /// Sends the request with per-request options.
    fn send_with(
        &self,
        client: &Client,
        options: &RequestOptions,
    ) -> impl Future<Output = Result<Self::Response, Error>> + Send;
}

impl<R: StripeRequest + Sync> SendRequest for R
where
    R::Response: Send,
{
    fn send(&self, client: &Client) -> impl Future<Output = Result<Self::Response, Error>> + Send {
        client.send(self)
    }

    fn send_with(
        &self,
        client: &Client,
        options: &RequestOptions,
    ) -> impl Future<Output = Result<Self::Response, Error>> + Send {
        client.send_with(self, options)
    }
}

impl Client {
    /// Sends `request` with the client's defaults.
    pub async fn send<R: StripeRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(request, &RequestOptions::default()).await
    }

    /// Sends `request` with per-request `options`.
    pub async fn send_with<R: StripeRequest>(
        &self,
        request: &R,
        options: &RequestOptions,
    ) -> Result<R::Response, Error> {
        let target = Target {
            method: R::METHOD,
            host: R::HOST,
            api_version: Some(R::API_VERSION),
            label: Cow::Borrowed(R::PATH_TEMPLATE),
            path: request.path(),
            body: request.body(),
        };
        let body = self.execute(target, options).await?;
        R::decode(&body.bytes).map_err(|source| Error::Decode {
            method: R::METHOD.as_str(),
            path: Cow::Borrowed(R::PATH_TEMPLATE),
            request_id: body.request_id,
            source,
        })
    }

    /// Sends `target` with the client's settings and `options`, retrying as they allow, in a
    /// `stripe.request` span: the body of the successful answer.
    pub(crate) async fn execute(
        &self,
        target: Target,
        options: &RequestOptions,
    ) -> Result<Success, Error> {
        let prepared = Prepared::new(self, target, options)?;
        let span = tracing::info_span!(
            "stripe.request",
            method = prepared.method.as_str(),
            path = &*prepared.label,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        prepared.run(self).instrument(span).await
    }
}

/// What a request sends, before the client's settings and options are added.
pub(crate) struct Target {
    pub method: Method,
    pub host: Host,
    /// The API version the request was generated from; `None` for a raw request.
    pub api_version: Option<&'static str>,
    /// What errors and the tracing span call it: the path template of a generated request
    /// (`/v1/customers/{customer}`), the path of a raw one.
    pub label: Cow<'static, str>,
    /// The path with its parameters filled in.
    pub path: String,
    pub body: Body,
}

/// A request ready to be sent, as many times as its retries allow: each attempt hands a copy of
/// it to the transport (the URL, headers and body are shared, not copied).
struct Prepared {
    method: Method,
    label: Cow<'static, str>,
    uri: http::Uri,
    body: Bytes,
    headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
}

/// A successful response body.
pub(crate) struct Success {
    pub status: u16,
    pub bytes: bytes::Bytes,
    pub request_id: Option<String>,
}

/// How one attempt ended, when it did not succeed.
struct Failure {
    error: Error,
    /// Whether `retry::is_retryable` says another attempt may succeed.
    retry: bool,
}

impl Prepared {
    fn new(client: &Client, target: Target, options: &RequestOptions) -> Result<Prepared, Error> {
        let inner = &client.inner;
        let base = match target.host {
            Host::Api => &inner.api_base,
            Host::Files => &inner.files_base,
        };
        // Appended, not joined, so that a base URL with a path prefix keeps it.
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), target.path);
        let mut url =
            url::Url::parse(&joined).map_err(|e| Error::Config(format!("the request URL: {e}")))?;
        let mut headers = HeaderMap::new();
        let (content_type, body) = match target.body {
            Body::Query(query) => {
                if !query.is_empty() {
                    url.set_query(Some(&query));
                }
                (None, Bytes::new())
            }
            Body::Form(form) => (
                Some(HeaderValue::from_static(
                    "application/x-www-form-urlencoded",
                )),
                Bytes::from(form),
            ),
            Body::Json(json) => (
                Some(HeaderValue::from_static("application/json")),
                Bytes::from(json),
            ),
            Body::Multipart(parts) => {
                let (content_type, body) = multipart_body(&parts)?;
                (Some(content_type), body)
            }
        };
        if let Some(content_type) = content_type {
            headers.insert(header::CONTENT_TYPE, content_type);
        }
        let uri = http::Uri::try_from(url.as_str())
            .map_err(|e| Error::Config(format!("the request URL: {e}")))?;
        let (key, whose) = match &options.api_key {
            Some(key) => (key, "the request's `api_key`"),
            None => (&inner.key, "the client's secret key"),
        };
        let mut auth = HeaderValue::try_from(format!("Bearer {}", key.expose()))
            .map_err(|_| Error::Config(format!("{whose} is not a valid header value")))?;
        auth.set_sensitive(true);
        headers.insert(header::AUTHORIZATION, auth);
        // A request's own options, then the client's setting, then the version the request was
        // generated from; a raw request without any sends none (the account's default).
        let version = (options.stripe_version.as_deref())
            .or(inner.stripe_version.as_deref())
            .or(target.api_version);
        if let Some(version) = version {
            headers.insert("Stripe-Version", header_value("Stripe-Version", version)?);
        }
        headers.insert(
            header::USER_AGENT,
            header_value("the user agent", &inner.user_agent)?,
        );
        if let Some(account) = options
            .stripe_account
            .as_ref()
            .or(inner.stripe_account.as_ref())
        {
            headers.insert("Stripe-Account", header_value("Stripe-Account", account)?);
        }
        if let Some(context) = (options.stripe_context.as_ref()).or(inner.stripe_context.as_ref()) {
            headers.insert("Stripe-Context", header_value("Stripe-Context", context)?);
        }
        if target.method == Method::Post {
            let key = match &options.idempotency_key {
                Some(key) => key.clone(),
                None => crate::random::uuid_v4(),
            };
            headers.insert("Idempotency-Key", header_value("Idempotency-Key", &key)?);
        }
        Ok(Prepared {
            method: target.method,
            label: target.label,
            uri,
            body,
            headers,
            timeout: options.timeout.unwrap_or(inner.timeout),
            max_retries: options.max_retries.unwrap_or(inner.max_retries),
        })
    }

    async fn run(&self, client: &Client) -> Result<Success, Error> {
        let span = tracing::Span::current();
        let mut retry = 0;
        loop {
            span.record("attempt", retry + 1);
            let started = Instant::now();
            let outcome = self.attempt(client).await;
            let duration = started.elapsed();
            span.record("duration_ms", duration.as_millis() as u64);
            let delay = match &outcome {
                Ok(_) => None,
                Err(failure) => next_attempt(
                    &client.inner.backoff,
                    failure.retry,
                    retry,
                    self.max_retries,
                ),
            };
            self.report(client, &outcome, retry + 1, duration, delay.is_some());
            let failure = match outcome {
                Ok(success) => return Ok(success),
                Err(failure) => failure,
            };
            let Some(delay) = delay else {
                return Err(failure.error);
            };
            tracing::info!(
                attempt = retry + 1,
                error = %failure.error,
                delay_ms = delay.as_millis() as u64,
                "retrying Stripe request"
            );
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// Tells the client's attempt callbacks how attempt `number` went.
    fn report(
        &self,
        client: &Client,
        outcome: &Result<Success, Failure>,
        number: u32,
        duration: Duration,
        will_retry: bool,
    ) {
        let hooks = &client.inner.hooks;
        if hooks.is_empty() {
            return;
        }
        let (status, request_id) = match outcome {
            Ok(success) => (Some(success.status), success.request_id.as_deref()),
            Err(Failure {
                error: Error::Api(api),
                ..
            }) => (Some(api.status), api.request_id.as_deref()),
            Err(_) => (None, None),
        };
        let idempotency_key = self.headers.get("Idempotency-Key");
        hooks.call(&Attempt {
            method: self.method.as_str(),
            path: &self.label,
            number,
            status,
            request_id,
            idempotency_key: idempotency_key.and_then(|key| key.to_str().ok()),
            duration,
            will_retry,
        });
    }

    async fn attempt(&self, client: &Client) -> Result<Success, Failure> {
        let mut request = http::Request::new(self.body.clone());
        *request.method_mut() = match self.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Delete => http::Method::DELETE,
            Method::Put => http::Method::PUT,
        };
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        let sent = client.inner.transport.send(request);
        let response = match tokio::time::timeout(self.timeout, sent).await {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => return Err(self.transport_failure(error)),
            Err(_) => return Err(self.timed_out()),
        };
        let status = response.status().as_u16();
        let request_id = header(response.headers(), "request-id");
        let should_retry = header(response.headers(), "stripe-should-retry");
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        let bytes = response.into_body();
        if (200..300).contains(&status) && !is_error_envelope(&bytes) {
            return Ok(Success {
                status,
                bytes,
                request_id,
            });
        }
        let error = ApiError::from_response(status, request_id, &bytes);
        let retry = is_retryable(retry::Failure::Response {
            status,
            should_retry_header: should_retry.as_deref(),
            error_code: error.code().map(stripekit_types::ErrorCode::as_str),
        });
        Err(Failure {
            error: Error::Api(Box::new(error)),
            retry,
        })
    }

    /// An attempt that did not end within the time limit.
    fn timed_out(&self) -> Failure {
        Failure {
            error: Error::Timeout {
                method: self.method.as_str(),
                path: self.label.clone(),
                timeout: self.timeout,
            },
            retry: is_retryable(retry::Failure::Transport),
        }
    }

    /// An attempt the transport could not complete: a connection error, or a time limit of a
    /// `reqwest::Client` of the user's that is shorter than the client's.
    fn transport_failure(&self, error: BoxError) -> Failure {
        #[cfg(feature = "reqwest")]
        if error
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_timeout)
        {
            return self.timed_out();
        }
        Failure {
            error: Error::Transport {
                method: self.method.as_str(),
                path: self.label.clone(),
                source: error,
            },
            retry: is_retryable(retry::Failure::Transport),
        }
    }
}

/// Whether a success body is Stripe's error object instead (`{"error": {"type": …}}`, as a
/// misbehaving proxy may answer with a 200): its first key is `error` and it reads as one. A
/// response object never starts so.
fn is_error_envelope(body: &[u8]) -> bool {
    let text = body.trim_ascii_start();
    let Some(rest) = text.strip_prefix(b"{") else {
        return false;
    };
    rest.trim_ascii_start().starts_with(b"\"error\"") && ErrorObject::from_envelope(body).is_some()
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn header_value(what: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::try_from(value)
        .map_err(|_| Error::Config(format!("{what} is not a valid header value")))
}

/// The body of a file upload and its `Content-Type`.
#[cfg(feature = "multipart")]
fn multipart_body(parts: &[stripekit_types::Part]) -> Result<(HeaderValue, Bytes), Error> {
    let (content_type, body) = crate::multipart::encode(parts)?;
    let content_type = header_value("the multipart content type", &content_type)?;
    Ok((content_type, body))
}

/// Only file uploads are multipart; without the feature the client compiles no encoder for them.
#[cfg(not(feature = "multipart"))]
fn multipart_body(_: &[stripekit_types::Part]) -> Result<(HeaderValue, Bytes), Error> {
    Err(Error::Config(
        "uploading a file needs the `multipart` feature of `stripekit-client` \
         (the `files` feature of `stripekit`)"
            .into(),
    ))
}
