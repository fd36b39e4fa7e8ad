//! One request in, one answer out, with no I/O of its own: authenticated, routed, its parameters
//! read and checked against the operation's schema, then answered by the stateless mode or the
//! stateful one. The HTTP server ([`crate::server`]) is glue around [`handle`].

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use hyper::Request;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE};

use crate::control;
use crate::error::Refused;
use crate::events::Origin;
use crate::form::{self, Node, Params};
use crate::reply::{self, Reply};
use crate::respond;
use crate::spec::{MockApi, ResponseSchema};
use crate::stateful::{self, Call, Stateful};
use crate::validate;

/// How many levels `expand[]` may go down (Stripe's limit).
const MAX_EXPAND_DEPTH: usize = 4;

/// What a server answers from: the spec, and the store of the stateful mode.
#[derive(Debug)]
pub(crate) struct State {
    pub api: Arc<MockApi>,
    /// `None` in the stateless mode.
    pub stateful: Option<Stateful>,
}

/// The answer to `request`, whose `Request-Id` is `request_id`.
pub(crate) async fn handle(state: &State, request: &Request<Bytes>, request_id: &str) -> Reply {
    match answer(state, request, request_id).await {
        Ok(reply) => reply,
        Err(refused) => reply::refused(&refused),
    }
}

async fn answer(
    state: &State,
    request: &Request<Bytes>,
    request_id: &str,
) -> Result<Reply, Refused> {
    let api = &*state.api;
    let authorized = api_key(request.headers())
        .is_some_and(|key| key.starts_with("sk_test_") && key.len() > "sk_test_".len());
    if !authorized {
        let message = "Invalid API Key provided: the mock accepts a test secret key \
                       (`Authorization: Bearer sk_test_...`, or `sk_test_...:` as Basic credentials).";
        return Err(Refused::invalid(message).status(401));
    }
    let method = request.method().as_str();
    let header = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
    let origin = Origin {
        account: header("stripe-account").unwrap_or("").to_string(),
        request_id: Some(request_id.to_string()),
        idempotency_key: header("idempotency-key").map(str::to_string),
    };
    let path = request.uri().path();
    if path.starts_with("/_mock/") {
        let params = read_params(request).await?;
        let stateful = state.stateful.as_ref();
        return Ok(control::answer(
            stateful,
            api,
            &origin,
            (method, path),
            &params,
        ));
    }
    // `/v1/customers/` is `/v1/customers`, for the answer and the store as for the routes.
    let path = path.trim_end_matches('/');
    let matched = api
        .route(method, path)
        .ok_or_else(|| Refused::unknown_path(method, path))?;
    let params = read_params(request).await?;
    validate::validate(api, &matched.route.params, &params)?;
    let schema = match &matched.route.response {
        ResponseSchema::Json(schema) => schema,
        ResponseSchema::Binary(media_type) => {
            let pdf = Bytes::from_static(b"%PDF-1.4\n% stripe-mock\n%%EOF\n");
            return Ok(reply::bytes(media_type, pdf));
        }
    };
    let expand = form::text_list(&params, "expand");
    if let Some(deep) = expand
        .iter()
        .find(|path| path.split('.').count() > MAX_EXPAND_DEPTH)
    {
        let message = format!(
            "You cannot expand more than {MAX_EXPAND_DEPTH} levels of a property ({deep})."
        );
        return Err(Refused::invalid(&message).param("expand"));
    }
    let (mut value, path_ids) = respond::body(api, &matched, schema, path, &params);
    let Some(stateful) = &state.stateful else {
        respond::expand(api, &mut value, schema, &expand, respond::Objects::Fixtures)?;
        path_ids.apply(&mut value);
        return Ok(reply::json(200, &value));
    };
    let call = Call {
        method,
        route: matched.route,
        path,
        params: &params,
        schema,
        origin: &origin,
    };
    let request = stateful::Request {
        call,
        fingerprint: fingerprint(request),
        expand: &expand,
    };
    Ok(stateful.answer(api, request, value))
}

/// What a request is, for its idempotency key: its query and its body.
fn fingerprint(request: &Request<Bytes>) -> Bytes {
    let mut bytes = request.uri().query().unwrap_or("").as_bytes().to_vec();
    bytes.push(b'\n');
    bytes.extend_from_slice(request.body());
    Bytes::from(bytes)
}

/// The key of `Authorization: Bearer <key>`, or of Basic authentication with the key as the user
/// name (`curl -u sk_test_…:`).
fn api_key(headers: &hyper::HeaderMap) -> Option<String> {
    use base64::Engine as _;
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    if let Some(key) = value.strip_prefix("Bearer ") {
        return Some(key.trim().to_string());
    }
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    Some(credentials.split(':').next()?.to_string())
}

/// The query string and the body (form or multipart) as one set of parameters.
async fn read_params(request: &Request<Bytes>) -> Result<Params, Refused> {
    let invalid =
        |param: String| Refused::invalid(&format!("Invalid parameter: {param}")).param(&param);
    let mut params = Params::new();
    if let Some(query) = request.uri().query() {
        form::decode_urlencoded(&mut params, query.as_bytes()).map_err(|e| invalid(e.param))?;
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = request.body();
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(content_type)
            .map_err(|_| invalid("(multipart boundary)".to_string()))?;
        let body = body.clone();
        let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| invalid(format!("(multipart: {e})")))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let node = if field.file_name().is_some() {
                field.bytes().await.map_err(|_| invalid(name.clone()))?;
                Node::File
            } else {
                Node::Text(field.text().await.map_err(|_| invalid(name.clone()))?)
            };
            form::insert(&mut params, &name, node).map_err(|e| invalid(e.param))?;
        }
    } else if !body.is_empty() {
        form::decode_urlencoded(&mut params, body).map_err(|e| invalid(e.param))?;
    }
    Ok(params)
}
