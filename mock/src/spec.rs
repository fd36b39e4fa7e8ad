//! What the mock takes from the OpenAPI spec and the fixtures file: every operation's route, the
//! schema of its parameters, the schema of its response, and a fixture per resource.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::example;
use crate::schemas::{self, Schemas};

/// A spec and its fixtures, read once and shared by any number of servers.
#[derive(Debug)]
pub struct MockApi {
    api_version: String,
    routes: Vec<Route>,
    schemas: Schemas,
    /// Fixtures by `x-resourceId`.
    fixtures: Map<String, Value>,
    /// `x-resourceId` by component schema name.
    resource_ids: HashMap<String, String>,
    /// The new object of each resource of the stateful mode, made once from its fixture.
    new_objects: HashMap<String, example::NewObject>,
    /// The `object` types a `POST` to a collection answers with: what the API creates.
    creatable: HashSet<String>,
    /// The event types a webhook endpoint can subscribe to (`enabled_events`), without `*`.
    event_types: HashSet<String>,
}

/// Why a spec or fixtures file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not valid {format}: {message}")]
    Syntax {
        path: String,
        format: &'static str,
        message: String,
    },
    /// The document parsed but does not have the expected shape at `pointer`.
    #[error("{pointer}: {message}")]
    Shape { pointer: String, message: String },
    /// [`MockApi::embedded`] in a build that carries no spec (one from a checkout of the
    /// repository rather than the published crate).
    #[error(
        "this build of stripekit-mock carries no spec (only the published crate does, or one \
         packaged with `cargo xtask package`); load one with MockApi::load"
    )]
    NotCarried,
}

fn shape(pointer: &str, message: impl Into<String>) -> LoadError {
    LoadError::Shape {
        pointer: pointer.to_string(),
        message: message.into(),
    }
}

/// One operation: where it is served and what it accepts and answers.
#[derive(Debug)]
pub(crate) struct Route {
    pub method: &'static str,
    segments: Vec<Segment>,
    /// The query parameters and the body fields together, as one object schema.
    pub params: Value,
    pub response: ResponseSchema,
    /// A `POST` that goes on after its last parameter and that no `GET` shares: an action on
    /// the object the parameter names (`/v1/payment_intents/{intent}/confirm`), not a create in
    /// a collection under it (`/v1/customers/{customer}/sources`).
    action: bool,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug)]
pub(crate) enum ResponseSchema {
    Json(Value),
    /// Bytes of another content type (`application/pdf`).
    Binary(String),
}

/// A request path matched to its operation, with the path parameters' values.
pub(crate) struct Matched<'a> {
    pub route: &'a Route,
    pub path_params: Vec<(String, String)>,
}

impl MockApi {
    /// Reads a spec (YAML or JSON) and a fixtures file (`fixtures3.json`).
    pub fn load(spec: &Path, fixtures: &Path) -> Result<MockApi, LoadError> {
        let spec_doc = read_document(spec)?;
        let fixtures_doc = read_document(fixtures)?;
        MockApi::from_documents(spec_doc, fixtures_doc)
    }

    /// Reads a spec Stripe published no fixtures with (API 2024-04-10): every resource's
    /// example is made from its schema.
    pub fn load_without_fixtures(spec: &Path) -> Result<MockApi, LoadError> {
        MockApi::from_documents(read_document(spec)?, serde_json::json!({ "resources": {} }))
    }

    /// Builds the mock's view from already parsed documents. A resource the fixtures have no
    /// example of gets one made from its schema (required fields, first enum values, `null`
    /// where nullable, an id with a prefix made from its name).
    pub fn from_documents(mut spec: Value, mut fixtures: Value) -> Result<MockApi, LoadError> {
        let api_version = spec
            .pointer("/info/version")
            .and_then(Value::as_str)
            .ok_or_else(|| shape("/info/version", "missing or not a string"))?
            .to_string();
        let schemas = match spec.pointer_mut("/components/schemas").map(Value::take) {
            Some(Value::Object(map)) => map,
            _ => return Err(shape("/components/schemas", "missing or not an object")),
        };
        let resource_ids: HashMap<String, String> = schemas
            .iter()
            .filter_map(|(name, schema)| {
                let id = schema.get("x-resourceId")?.as_str()?;
                Some((name.clone(), id.to_string()))
            })
            .collect();
        let fixtures = match fixtures.get_mut("resources").map(Value::take) {
            Some(Value::Object(map)) => map,
            _ => return Err(shape("/resources", "the fixtures have no resources object")),
        };
        let Some(Value::Object(paths)) = spec.get("paths") else {
            return Err(shape("/paths", "missing or not an object"));
        };
        let mut routes = Vec::new();
        for (path, item) in paths {
            let item_pointer = format!("/paths/{}", escape_pointer(path));
            let Value::Object(item) = item else {
                return Err(shape(&item_pointer, "not an object"));
            };
            for (key, operation) in item {
                let method = match key.as_str() {
                    "get" => "GET",
                    "post" => "POST",
                    "delete" => "DELETE",
                    "put" => "PUT",
                    _ => continue,
                };
                let pointer = format!("{item_pointer}/{key}");
                let mut route = Route::new(path, method, operation, &pointer)?;
                route.action = method == "POST"
                    && !route.ends_with_param()
                    && route
                        .segments
                        .iter()
                        .any(|s| matches!(s, Segment::Param(_)))
                    && !item.contains_key("get");
                routes.push(route);
            }
        }
        let event_types = routes
            .iter()
            .filter_map(|r| r.params.pointer("/properties/enabled_events/items/enum"))
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
            .filter(|t| *t != "*")
            .map(str::to_string)
            .collect();
        let mut api = MockApi {
            api_version,
            routes,
            schemas: Schemas::new(schemas),
            fixtures,
            new_objects: HashMap::new(),
            resource_ids,
            creatable: HashSet::new(),
            event_types,
        };
        // A union answer (a customer's sources: card, bank account, …) creates each of its
        // object types.
        let creatable = api
            .routes
            .iter()
            .filter(|r| r.method == "POST" && !r.ends_with_param())
            .flat_map(|r| match &r.response {
                ResponseSchema::Json(schema) => api.object_types(schema),
                ResponseSchema::Binary(_) => Vec::new(),
            })
            .map(str::to_string)
            .collect();
        api.creatable = creatable;
        let mut missing: Vec<(&String, &String)> = (api.resource_ids.iter())
            .filter(|(_, resource)| !api.fixtures.contains_key(*resource))
            .collect();
        missing.sort();
        let made: Vec<(String, Value)> = missing
            .into_iter()
            .filter_map(|(component, resource)| {
                let schema = api.schemas.get(component)?;
                Some((
                    resource.clone(),
                    example::resource(&api.schemas, schema, resource),
                ))
            })
            .collect();
        api.fixtures.extend(made);
        api.new_objects = (api.resource_ids.iter())
            .filter_map(|(component, resource)| {
                let schema = api.schemas.get(component)?;
                let fixture = api.fixtures.get(resource)?;
                let new = example::NewObject::from_fixture(&api.schemas, schema, fixture);
                Some((resource.clone(), new))
            })
            .collect();
        Ok(api)
    }

    /// `info.version` of the spec.
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// Whether the API creates objects of this `object` type (`customer`), which the stateful
    /// mode then keeps.
    pub(crate) fn can_create(&self, kind: &str) -> bool {
        self.creatable.contains(kind)
    }

    /// The `object` types an answer of `schema` can have: its own, or each variant's of a union
    /// (a customer's source: `account`, `bank_account`, `card`, `source`).
    pub(crate) fn object_types<'a>(&'a self, schema: &'a Value) -> Vec<&'a str> {
        self.object_types_within(schema, 0)
    }

    fn object_types_within<'a>(&'a self, schema: &'a Value, depth: usize) -> Vec<&'a str> {
        let resolved = self.resolve(schema);
        match resolved.get("anyOf") {
            // A union of unions (a delete's live or deleted source): every variant's, a few
            // levels down at most.
            Some(Value::Array(variants)) if depth < 4 => variants
                .iter()
                .flat_map(|v| self.object_types_within(v, depth + 1))
                .collect(),
            _ => resolved
                .pointer("/properties/object/enum/0")
                .and_then(Value::as_str)
                .into_iter()
                .collect(),
        }
    }

    /// Whether the spec has this event type (`customer.created`).
    pub(crate) fn has_event_type(&self, type_: &str) -> bool {
        self.event_types.contains(type_)
    }

    /// A copy of the fixture of a resource (`charge`, `checkout.session`).
    pub(crate) fn fixture(&self, resource: &str) -> Option<Value> {
        self.fixture_ref(resource).cloned()
    }

    /// The fixture of `resource`, borrowed.
    pub(crate) fn fixture_ref(&self, resource: &str) -> Option<&Value> {
        self.fixtures.get(resource)
    }

    /// How many operations the mock serves.
    pub fn operation_count(&self) -> usize {
        self.routes.len()
    }

    /// The operation for a method and path; `None` when no operation has both (Stripe answers
    /// an unknown method on a known path with 404 too).
    pub(crate) fn route(&self, method: &str, path: &str) -> Option<Matched<'_>> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let mut best: Option<(Vec<bool>, &Route)> = None;
        for route in &self.routes {
            let fits = route.method == method
                && route.segments.len() == parts.len()
                && route.segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param(_) => !p.is_empty(),
                });
            if !fits {
                continue;
            }
            // A literal segment wins over a parameter (`/v1/customers/search` over
            // `/v1/customers/{customer}`).
            let literals: Vec<bool> = route
                .segments
                .iter()
                .map(|s| matches!(s, Segment::Literal(_)))
                .collect();
            if best.as_ref().is_none_or(|(l, _)| literals > *l) {
                best = Some((literals, route));
            }
        }
        let (_, route) = best?;
        let path_params = route
            .segments
            .iter()
            .zip(&parts)
            .filter_map(|(s, p)| match s {
                Segment::Param(name) => Some((
                    name.clone(),
                    percent_encoding::percent_decode_str(p)
                        .decode_utf8_lossy()
                        .into_owned(),
                )),
                Segment::Literal(_) => None,
            })
            .collect();
        Some(Matched { route, path_params })
    }

    /// The spec's component schemas.
    pub(crate) fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    /// Follows `$ref`s until a schema that is not one.
    pub(crate) fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        self.schemas.resolve(schema)
    }

    /// The object schema that describes `value` (see [`Schemas::object_schema`]).
    pub(crate) fn object_schema<'a>(
        &'a self,
        schema: &'a Value,
        value: &Value,
    ) -> Option<&'a Value> {
        self.schemas.object_schema(schema, value)
    }

    /// A new object of the resource `kind` for the stateful mode, created `now`: its fixture
    /// without the example's own values ([`example::NewObject`]), with `id` (or a fresh one)
    /// written wherever the fixture repeats its own id (its lists' `url`s).
    pub(crate) fn new_object(&self, kind: &str, id: Option<&str>, now: i64) -> Value {
        let mut object = match self.new_objects.get(kind) {
            Some(new) => new.at(now),
            None => serde_json::json!({}),
        };
        if let Some(old) = object.get("id").and_then(Value::as_str).map(str::to_string) {
            match id {
                Some(id) => object["id"] = Value::String(id.to_string()),
                None => crate::ids::give_fresh_id(&mut object),
            }
            let new = object["id"].as_str().unwrap_or_default().to_string();
            crate::ids::replace_id(&mut object, &old, &new);
        }
        crate::json::set(&mut object, "created", serde_json::json!(now));
        object
    }

    /// A copy of the fixture of a `$ref`'d resource schema.
    pub(crate) fn fixture_of(&self, schema: &Value) -> Option<Value> {
        let name = schemas::component_of(schema)?;
        let resource = self.resource_ids.get(name)?;
        self.fixtures.get(resource).cloned()
    }
}

impl Route {
    /// Whether the path ends with a parameter (`/v1/customers/{customer}`), so that it names one
    /// object.
    pub fn ends_with_param(&self) -> bool {
        matches!(self.segments.last(), Some(Segment::Param(_)))
    }

    /// Whether the route is an action on the object its last parameter names (see `action`).
    pub(crate) fn is_action(&self) -> bool {
        self.action
    }

    /// The literal segment before the path's last parameter (`payment_intents` of
    /// `/v1/payment_intents/{intent}/confirm`): the collection of the object it names.
    pub(crate) fn last_param_collection(&self) -> Option<&str> {
        let at = self
            .segments
            .iter()
            .rposition(|s| matches!(s, Segment::Param(_)))?;
        match self.segments.get(at.checked_sub(1)?) {
            Some(Segment::Literal(literal)) => Some(literal),
            _ => None,
        }
    }

    /// The name of the path parameter at `index` (`customer` of `/v1/customers/{customer}`).
    pub(crate) fn param_name(&self, index: usize) -> Option<&str> {
        match self.segments.get(index) {
            Some(Segment::Param(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether the path's segment at `index` (`0` is the empty one before the first `/`) is a
    /// parameter.
    pub(crate) fn is_param(&self, index: usize) -> bool {
        matches!(self.segments.get(index), Some(Segment::Param(_)))
    }

    fn new(
        path: &str,
        method: &'static str,
        op: &Value,
        pointer: &str,
    ) -> Result<Route, LoadError> {
        let segments = path
            .trim_end_matches('/')
            .split('/')
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param(name.to_string()),
                    None => Segment::Literal(s.to_string()),
                },
            )
            .collect();
        let mut properties = Map::new();
        let mut required = Vec::new();
        if let Some(parameters) = op.get("parameters") {
            let Value::Array(parameters) = parameters else {
                return Err(shape(&format!("{pointer}/parameters"), "not an array"));
            };
            for (i, p) in parameters.iter().enumerate() {
                let at = format!("{pointer}/parameters/{i}");
                let name = p
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| shape(&format!("{at}/name"), "missing or not a string"))?;
                let location = p
                    .get("in")
                    .and_then(Value::as_str)
                    .ok_or_else(|| shape(&format!("{at}/in"), "missing or not a string"))?;
                if location != "query" {
                    continue;
                }
                let schema = p
                    .get("schema")
                    .ok_or_else(|| shape(&format!("{at}/schema"), "missing"))?;
                properties.insert(name.to_string(), schema.clone());
                if p.get("required").and_then(Value::as_bool) == Some(true) {
                    required.push(Value::String(name.to_string()));
                }
            }
        }
        if let Some(Value::Object(content)) = op.pointer("/requestBody/content") {
            for (media_type, body) in content {
                let at = format!(
                    "{pointer}/requestBody/content/{}/schema",
                    escape_pointer(media_type)
                );
                let Some(schema) = body.get("schema") else {
                    return Err(shape(&at, "missing"));
                };
                if let Some(Value::Object(props)) = schema.get("properties") {
                    let mut props = props.clone();
                    if media_type == "multipart/form-data" {
                        mark_file_upload(&mut props);
                    }
                    properties.extend(props);
                } else if schema.get("type").and_then(Value::as_str) != Some("object") {
                    return Err(shape(&at, "a request body that is not an object schema"));
                }
                if let Some(Value::Array(names)) = schema.get("required") {
                    required.extend(names.iter().cloned());
                }
            }
        }
        let mut params = Map::new();
        params.insert("type".into(), "object".into());
        params.insert("properties".into(), Value::Object(properties));
        params.insert("required".into(), Value::Array(required));
        let responses = format!("{pointer}/responses/200/content");
        let response = match op.pointer("/responses/200/content") {
            Some(Value::Object(content)) => {
                if let Some(json) = content.get("application/json") {
                    let schema = json.get("schema").ok_or_else(|| {
                        shape(&format!("{responses}/application~1json/schema"), "missing")
                    })?;
                    ResponseSchema::Json(schema.clone())
                } else {
                    let media_type = content
                        .keys()
                        .next()
                        .ok_or_else(|| shape(&responses, "no content type"))?;
                    ResponseSchema::Binary(media_type.clone())
                }
            }
            _ => return Err(shape(&responses, "missing or not an object")),
        };
        Ok(Route {
            method,
            segments,
            params: Value::Object(params),
            response,
            action: false,
        })
    }
}

/// Stripe's specs describe the uploaded file of a multipart body as a plain string named `file`
/// (only some versions say `format: binary`); it is marked binary so that only a file part fits.
fn mark_file_upload(properties: &mut Map<String, Value>) {
    if let Some(Value::Object(file)) = properties.get_mut("file")
        && file.get("type") == Some(&Value::from("string"))
    {
        file.insert("format".into(), "binary".into());
    }
}

fn read_document(path: &Path) -> Result<Value, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    if is_json {
        serde_json::from_slice(&bytes).map_err(|e| LoadError::Syntax {
            path: shown,
            format: "JSON",
            message: e.to_string(),
        })
    } else {
        serde_yaml_ng::from_slice(&bytes).map_err(|e| LoadError::Syntax {
            path: shown,
            format: "YAML",
            message: e.to_string(),
        })
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
