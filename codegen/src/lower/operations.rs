//! Paths -> request descriptions.

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind, Type,
};

use super::schema::{Ctx, View};
use super::{Lowerer, Owner};
use crate::docs;
use crate::ir::{BodyKind, Field, Host, Method, Operation, Pagination, ResponseKind, TypeRef};
use crate::load::{SpecError, pointer_push};
use crate::naming::{self, PathFacts};

/// One operation of the spec, before lowering.
pub(crate) struct RawOperation<'a> {
    /// The path template.
    pub path: &'a str,
    /// The HTTP method.
    pub method: Method,
    /// The operation in the spec.
    pub op: &'a openapiv3::Operation,
    /// The operation's JSON pointer (`/paths/~1v1~1customers/post`).
    pub pointer: String,
}

/// Lowers every operation of the spec, in path order.
pub(super) fn lower_operations<'a>(l: &mut Lowerer<'a>) -> Result<Vec<Operation>, SpecError> {
    let raw = collect(l.spec)?;
    let names = names(l, &raw)?;
    let mut out = Vec::with_capacity(raw.len());
    for (raw, name) in raw.iter().zip(names) {
        out.push(lower_operation(l, raw, name)?);
    }
    Ok(out)
}

/// Every operation of the spec, in path order; an error for a path item `$ref` or a method
/// Stripe does not use.
pub(crate) fn collect<'a>(
    spec: &'a openapiv3::OpenAPI,
) -> Result<Vec<RawOperation<'a>>, SpecError> {
    let mut raw = Vec::new();
    for (path, item) in spec.paths.iter() {
        let pointer = pointer_push("/paths", path);
        let item: &'a PathItem = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(SpecError::new(pointer, "a path item $ref is not supported"));
            }
        };
        for (method, op, token) in [
            (Method::Get, &item.get, "get"),
            (Method::Post, &item.post, "post"),
            (Method::Delete, &item.delete, "delete"),
            (Method::Put, &item.put, "put"),
        ] {
            if let Some(op) = op {
                raw.push(RawOperation {
                    path,
                    method,
                    op,
                    pointer: pointer_push(&pointer, token),
                });
            }
        }
        for (token, op) in [
            ("patch", &item.patch),
            ("head", &item.head),
            ("options", &item.options),
        ] {
            if op.is_some() {
                return Err(SpecError::new(
                    pointer_push(&pointer, token),
                    "Stripe operations are GET, POST, DELETE or PUT",
                ));
            }
        }
    }
    Ok(raw)
}

/// The `200` JSON response schema of an operation, if it has one.
pub(crate) fn json_response(op: &openapiv3::Operation) -> Option<&ReferenceOr<Schema>> {
    let response = op
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(200))?;
    let ReferenceOr::Item(response) = response else {
        return None;
    };
    response.content.get("application/json")?.schema.as_ref()
}

fn page_tag(op: &openapiv3::Operation) -> Option<&str> {
    let Some(ReferenceOr::Item(schema)) = json_response(op) else {
        return None;
    };
    let SchemaKind::Type(Type::Object(obj)) = &schema.schema_kind else {
        return None;
    };
    let Some(ReferenceOr::Item(object)) = obj.properties.get("object") else {
        return None;
    };
    match &object.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(tag)] => Some(tag.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// `/v1/customers/{customer}/sources` -> `/v1/customers/{}/sources`.
pub fn path_shape(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// Request names by the rule of `naming::operation_name`.
fn names(l: &Lowerer<'_>, raw: &[RawOperation<'_>]) -> Result<Vec<String>, SpecError> {
    let shapes: Vec<String> = l.spec.paths.paths.keys().map(|p| path_shape(p)).collect();
    let facts: Vec<PathFacts> = raw
        .iter()
        .map(|r| {
            let item = format!("{}/{{}}", path_shape(r.path));
            let readable = raw
                .iter()
                .any(|o| o.path == r.path && o.method == Method::Get && page_tag(o.op).is_none());
            PathFacts {
                list: page_tag(r.op) == Some("list"),
                search: page_tag(r.op) == Some("search_result"),
                collection: shapes.contains(&item),
                readable,
                current: false,
            }
        })
        .collect();
    let mut names: Vec<String> = raw
        .iter()
        .zip(&facts)
        .map(|(r, f)| naming::operation_name(r.method.as_str(), r.path, *f))
        .collect();
    // Of two paths that would give the same name, the one with fewer parameters acts on the
    // key's own object (`/v1/account/bank_accounts/{id}` beside
    // `/v1/accounts/{account}/bank_accounts/{id}`). A spec without such a pair is not touched.
    let params = |path: &str| path.matches('{').count();
    for i in 0..raw.len() {
        let collides = (0..raw.len())
            .any(|j| j != i && names[j] == names[i] && params(raw[j].path) > params(raw[i].path));
        if collides {
            names[i] = naming::operation_name(
                raw[i].method.as_str(),
                raw[i].path,
                PathFacts {
                    current: true,
                    ..facts[i]
                },
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (name, r) in names.iter().zip(raw) {
        if !seen.insert(name.clone()) {
            return Err(SpecError::new(
                r.pointer.clone(),
                format!("two operations are both named {name}"),
            ));
        }
    }
    Ok(names)
}

fn lower_operation<'a>(
    l: &mut Lowerer<'a>,
    raw: &RawOperation<'a>,
    name: String,
) -> Result<Operation, SpecError> {
    let op = raw.op;
    let ctx = Ctx {
        pointer: raw.pointer.clone(),
        owner: Owner::Operation(name.clone()),
        path: Vec::new(),
        request: true,
        multipart: false,
        holder: None,
    };
    // The response first: a POST's enums are those of the object it returns.
    let response = response(l, raw, &ctx)?;
    l.resource = match &response {
        ResponseKind::Json(TypeRef::Named(id)) if raw.method == Method::Post => Some(*id),
        _ => None,
    };
    l.returned = match &response {
        ResponseKind::Json(ty) => match ty.leaf() {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        },
        ResponseKind::Binary => None,
    };
    let mut path_params = Vec::new();
    let mut params = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        let pointer = pointer_push(&pointer_push(&raw.pointer, "parameters"), &i.to_string());
        let ReferenceOr::Item(p) = p else {
            return Err(SpecError::new(pointer, "a parameter $ref is not supported"));
        };
        let (data, is_path) = match p {
            Parameter::Query { parameter_data, .. } => (parameter_data, false),
            Parameter::Path { parameter_data, .. } => (parameter_data, true),
            _ => {
                return Err(SpecError::new(
                    pointer,
                    "only query and path parameters are supported",
                ));
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(SpecError::new(pointer, "a parameter needs a schema"));
        };
        let mut pctx = ctx.clone();
        pctx.pointer = pointer_push(&pointer, "schema");
        pctx.path = vec![data.name.clone()];
        let ty = if is_path {
            TypeRef::String
        } else {
            l.type_ref(View::of(schema), &pctx)?
        };
        let field = Field {
            wire: data.name.clone(),
            rust: naming::field_name(&data.name),
            ty,
            required: data.required || is_path,
            nullable: false,
            doc: data.description.as_deref().and_then(docs::to_markdown),
            deprecated: data.deprecated.unwrap_or(false),
            setter: None,
            clear: None,
            sensitive: stripekit_types::sensitive::classify(&data.name, None),
        };
        if is_path {
            path_params.push(field)
        } else {
            params.push(field)
        }
    }

    let mut body = if matches!(raw.method, Method::Post | Method::Put) {
        BodyKind::Form
    } else {
        BodyKind::Query
    };
    if let Some(request_body) = &op.request_body {
        let bpointer = pointer_push(&raw.pointer, "requestBody");
        let ReferenceOr::Item(request_body) = request_body else {
            return Err(SpecError::new(
                bpointer,
                "a requestBody $ref is not supported",
            ));
        };
        for (content_type, media) in &request_body.content {
            let mpointer = pointer_push(&pointer_push(&bpointer, "content"), content_type);
            let multipart = match content_type.as_str() {
                "application/x-www-form-urlencoded" => false,
                "multipart/form-data" => true,
                other => {
                    return Err(SpecError::new(
                        mpointer,
                        format!("unsupported request content type {other}"),
                    ));
                }
            };
            let Some(ReferenceOr::Item(schema)) = &media.schema else {
                return Err(SpecError::new(
                    mpointer,
                    "a request body needs an inline schema",
                ));
            };
            let SchemaKind::Type(Type::Object(obj)) = &schema.schema_kind else {
                return Err(SpecError::new(
                    pointer_push(&mpointer, "schema"),
                    "a request body must be an object",
                ));
            };
            if multipart {
                body = BodyKind::Multipart;
            }
            let bctx = Ctx {
                pointer: pointer_push(&mpointer, "schema"),
                multipart,
                ..ctx.clone()
            };
            let fields = l.fields(&obj.properties, &obj.required, &bctx)?;
            for f in fields {
                if params.iter().any(|p: &Field| p.wire == f.wire) {
                    return Err(SpecError::new(
                        bctx.pointer.clone(),
                        format!("{} is both a query parameter and a body field", f.wire),
                    ));
                }
                params.push(f);
            }
        }
    }
    let fields = path_params.iter_mut().chain(params.iter_mut());
    for (field, name) in naming::unique(fields, |f| f.rust.clone()) {
        field.rust = name;
    }

    l.resource = None;
    l.returned = None;
    let has = |wire: &str| params.iter().any(|p| p.wire == wire);
    let pagination = match &response {
        ResponseKind::Json(TypeRef::List(_))
            if raw.method == Method::Get && has("starting_after") =>
        {
            Some(Pagination::List)
        }
        ResponseKind::Json(TypeRef::SearchResult(_))
            if raw.method == Method::Get && has("page") =>
        {
            Some(Pagination::Search)
        }
        _ => None,
    };
    // Uploads name files.stripe.com in the spec; file downloads (the quote PDF) are served
    // there too, as Stripe's own SDKs send them, though older specs do not say so.
    let host = if op
        .servers
        .iter()
        .any(|s| s.url.contains("files.stripe.com"))
        || matches!(response, ResponseKind::Binary)
    {
        Host::Files
    } else {
        Host::Api
    };
    let aliases = naming::operation_aliases(&name, op.description.as_deref());
    Ok(Operation {
        name,
        module: String::new(),
        file: String::new(),
        operation_id: op.operation_id.clone().unwrap_or_default(),
        method: raw.method,
        path: raw.path.to_string(),
        doc: op
            .description
            .as_deref()
            .or(op.summary.as_deref())
            .and_then(docs::to_markdown),
        aliases,
        deprecated: op.deprecated,
        path_params,
        params,
        body,
        host,
        response,
        pagination,
    })
}

fn response<'a>(
    l: &mut Lowerer<'a>,
    raw: &RawOperation<'a>,
    ctx: &Ctx,
) -> Result<ResponseKind, SpecError> {
    let pointer = pointer_push(&pointer_push(&raw.pointer, "responses"), "200");
    let response = raw
        .op
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(200))
        .ok_or_else(|| SpecError::new(pointer.clone(), "an operation needs a 200 response"))?;
    let ReferenceOr::Item(response) = response else {
        return Err(SpecError::new(pointer, "a response $ref is not supported"));
    };
    if response.content.contains_key("application/pdf") {
        return Ok(ResponseKind::Binary);
    }
    let cpointer = pointer_push(&pointer_push(&pointer, "content"), "application/json");
    let schema = response
        .content
        .get("application/json")
        .and_then(|m| m.schema.as_ref())
        .ok_or_else(|| {
            SpecError::new(
                cpointer.clone(),
                "a 200 response needs a JSON schema or a PDF",
            )
        })?;
    let rctx = Ctx {
        pointer: pointer_push(&cpointer, "schema"),
        path: vec!["response".to_string()],
        request: false,
        multipart: false,
        owner: ctx.owner.clone(),
        holder: None,
    };
    Ok(ResponseKind::Json(l.type_ref(View::of(schema), &rctx)?))
}
