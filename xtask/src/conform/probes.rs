//! The requests of the conformance run, made from the spec: for every operation a valid request
//! with only its required parameters, then variants of it, each changing one thing.
//!
//! | kind | what it changes |
//! |---|---|
//! | `base` | nothing: the required parameters, the path's ids |
//! | `with` | adds one optional parameter (an object with its required fields or its first one) |
//! | `whole` | adds one object parameter with every field of its own |
//! | `spelling` | a boolean as Stripe also reads it (`True`, `TRUE`, `t`, `1`, `False`, `f`, `0`), an integer with a sign, each word a union takes (`trial_end=now`, `""` that unsets) |
//! | `wrong-type` | an integer or a boolean parameter that is not one (`abc`, `yes`) |
//! | `out-of-enum` | a value that is not in the parameter's enum |
//! | `unknown` | a parameter the operation does not have |
//! | `missing` | leaves out one required parameter |
//! | `expand` | `expand[]` of an expandable field of the answer (`data.` for a list), or of a field that is not |

use serde_json::Value;

/// One request, sent to both servers.
pub struct Probe {
    /// `POST /v1/customers/{customer}`: the operation.
    pub operation: String,
    /// What the variant changes (see the module's table).
    pub kind: &'static str,
    /// The variant's name in reports: its kind and what it is about (`with metadata`).
    pub name: String,
    pub method: String,
    /// The path with its parameters filled in.
    pub path: String,
    /// The parameters, in the form encoding's flat `key=value` pairs.
    pub params: Vec<(String, String)>,
    /// Whether the operation takes a `multipart/form-data` body (file uploads).
    pub multipart: bool,
}

/// The value of the path parameter `name`: a string no fixture holds, so that where the answer
/// repeats it shows that the server wrote it there.
pub fn path_value(name: &str) -> String {
    format!("conform-{name}")
}

/// A value made from a schema: text, or a map or a list of values, form-encoded as Stripe reads
/// them (`a[b]=…`, `a[0]=…`).
#[derive(Clone)]
enum Sample {
    Text(String),
    Map(Vec<(String, Sample)>),
    List(Vec<Sample>),
}

impl Sample {
    fn encode(&self, key: &str, out: &mut Vec<(String, String)>) {
        match self {
            Sample::Text(text) => out.push((key.to_string(), text.clone())),
            Sample::Map(fields) => {
                for (name, value) in fields {
                    value.encode(&format!("{key}[{name}]"), out);
                }
            }
            Sample::List(items) => {
                for (i, value) in items.iter().enumerate() {
                    value.encode(&format!("{key}[{i}]"), out);
                }
            }
        }
    }
}

/// A parameter of an operation, in the query or the body.
struct Param<'a> {
    name: &'a str,
    schema: &'a Value,
    required: bool,
}

/// Every probe of every operation of `spec`.
pub fn all(spec: &Value) -> Vec<Probe> {
    let schemas = Schemas(spec);
    let mut probes = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return probes;
    };
    for (template, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            if !["get", "post", "delete"].contains(&method.as_str()) {
                continue;
            }
            operation_probes(&schemas, template, method, operation, &mut probes);
        }
    }
    probes
}

fn operation_probes(
    schemas: &Schemas<'_>,
    template: &str,
    method: &str,
    operation: &Value,
    probes: &mut Vec<Probe>,
) {
    let method = method.to_uppercase();
    let label = format!("{method} {template}");
    let mut path = template.to_string();
    let mut params = Vec::new();
    for parameter in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(name), Some(place)) = (
            parameter.get("name").and_then(Value::as_str),
            parameter.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        match place {
            "path" => path = path.replace(&format!("{{{name}}}"), &path_value(name)),
            "query" => params.push(Param {
                name,
                schema: parameter.get("schema").unwrap_or(&Value::Null),
                required: parameter.get("required").and_then(Value::as_bool) == Some(true),
            }),
            _ => {}
        }
    }
    let content = operation.pointer("/requestBody/content");
    let multipart = content.is_some_and(|c| c.get("multipart/form-data").is_some());
    let body = content.and_then(|c| {
        c.get("application/x-www-form-urlencoded")
            .or_else(|| c.get("multipart/form-data"))
    });
    if let Some(body) = body.and_then(|b| b.get("schema")) {
        let body = schemas.resolve(body);
        let required = required_fields(body);
        for (name, schema) in body
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            params.push(Param {
                name,
                schema,
                required: required.contains(&name.as_str()),
            });
        }
    }

    let mut base = Vec::new();
    for param in params.iter().filter(|p| p.required) {
        if let Some(sample) = schemas.sample(param.schema, false, 0) {
            sample.encode(param.name, &mut base);
        }
    }
    let probe = |kind: &'static str, name: String, pairs: Vec<(String, String)>| Probe {
        operation: label.clone(),
        kind,
        name,
        method: method.clone(),
        path: path.clone(),
        params: pairs,
        multipart,
    };
    let with = |extra: &[(String, String)]| {
        let mut pairs = base.clone();
        pairs.extend_from_slice(extra);
        pairs
    };
    let without = |name: &str| -> Vec<(String, String)> {
        base.iter()
            .filter(|(key, _)| key != name && !key.starts_with(&format!("{name}[")))
            .cloned()
            .collect()
    };
    let one = |name: &str, value: &str| vec![(name.to_string(), value.to_string())];

    probes.push(probe("base", "base".into(), base.clone()));
    probes.push(probe(
        "unknown",
        "unknown conform_unknown".into(),
        with(&one("conform_unknown", "1")),
    ));
    for param in &params {
        let schema = schemas.resolve(param.schema);
        let name = param.name;
        if param.required {
            probes.push(probe("missing", format!("missing {name}"), without(name)));
        } else if let Some(sample) = schemas.sample(param.schema, false, 0) {
            let mut pairs = Vec::new();
            sample.encode(name, &mut pairs);
            probes.push(probe("with", format!("with {name}"), with(&pairs)));
        }
        if let Some(Sample::Map(_)) = schemas.sample(param.schema, false, 0)
            && let Some(sample) = schemas.sample(param.schema, true, 0)
        {
            let mut pairs = Vec::new();
            sample.encode(name, &mut pairs);
            let pairs: Vec<_> = without(name).into_iter().chain(pairs).collect();
            probes.push(probe("whole", format!("whole {name}"), pairs));
        }
        // The spellings and the wrong values replace the parameter's own value.
        let replaced = |value: &str| -> Vec<(String, String)> {
            without(name).into_iter().chain(one(name, value)).collect()
        };
        // A union's other spellings: a time as an integer or a word (`trial_end=now`), a
        // field set or unset (`""`), each word of its enums.
        for member in schema
            .get("anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let words = schemas
                .resolve(member)
                .get("enum")
                .and_then(Value::as_array);
            for word in words.into_iter().flatten().filter_map(Value::as_str) {
                probes.push(probe(
                    "spelling",
                    format!("spelling {name}={word:?}"),
                    replaced(word),
                ));
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("boolean") => {
                for spelling in ["True", "TRUE", "t", "1", "False", "f", "0"] {
                    probes.push(probe(
                        "spelling",
                        format!("spelling {name}={spelling}"),
                        replaced(spelling),
                    ));
                }
                probes.push(probe(
                    "wrong-type",
                    format!("wrong-type {name}=yes"),
                    replaced("yes"),
                ));
            }
            Some("integer") => {
                probes.push(probe(
                    "spelling",
                    format!("spelling {name}=+1"),
                    replaced("+1"),
                ));
                probes.push(probe(
                    "wrong-type",
                    format!("wrong-type {name}=abc"),
                    replaced("abc"),
                ));
            }
            Some("string") if schema.get("enum").is_some() => probes.push(probe(
                "out-of-enum",
                format!("out-of-enum {name}"),
                replaced("conform_not_a_value"),
            )),
            _ => {}
        }
    }
    if params.iter().any(|p| p.name == "expand") {
        let answer = operation.pointer("/responses/200/content/application~1json/schema");
        for field in answer.map(|s| schemas.expandable(s)).unwrap_or_default() {
            probes.push(probe(
                "expand",
                format!("expand {field}"),
                with(&one("expand[0]", &field)),
            ));
        }
        probes.push(probe(
            "expand",
            "expand conform_nothing".into(),
            with(&one("expand[0]", "conform_nothing")),
        ));
    }
}

/// The spec's schemas, to follow `$ref`s.
struct Schemas<'a>(&'a Value);

impl<'a> Schemas<'a> {
    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let pointer = reference.trim_start_matches('#');
            match self.0.pointer(pointer) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// A valid value of `schema`: an enum's first value, `1` for numbers, `true`, a
    /// timestamp for times; an object with its required fields (every field when `whole`),
    /// or its first one when it requires none; a list of one item; a union's first member
    /// that is not the `""` that unsets a field. `None` for what cannot be sent in a form.
    fn sample(&self, schema: &'a Value, whole: bool, depth: usize) -> Option<Sample> {
        if depth > 6 {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(members) = schema.get("anyOf").and_then(Value::as_array) {
            return members
                .iter()
                .filter(|m| !is_empty_string_enum(self.resolve(m)))
                .find_map(|m| self.sample(m, whole, depth));
        }
        // The first value of an enum that is not the `""` that unsets a field.
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.iter().find(|v| *v != "").or_else(|| e.first()))
        {
            return Some(Sample::Text(match first {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            }));
        }
        let text = |t: &str| Some(Sample::Text(t.to_string()));
        match schema.get("type").and_then(Value::as_str) {
            Some("boolean") => text("true"),
            Some("integer")
                if schema.get("format").and_then(Value::as_str) == Some("unix-time") =>
            {
                text("1700000000")
            }
            Some("integer") => text("1"),
            Some("number") => text("1.5"),
            Some("string") if schema.get("format").and_then(Value::as_str) == Some("binary") => {
                text("%PDF-1.4 conform")
            }
            Some("string") => text("conform"),
            Some("array") => {
                let item = self.sample(schema.get("items")?, whole, depth + 1)?;
                Some(Sample::List(vec![item]))
            }
            Some("object") | None => self.object_sample(schema, whole, depth),
            Some(_) => None,
        }
    }

    fn object_sample(&self, schema: &'a Value, whole: bool, depth: usize) -> Option<Sample> {
        let properties = schema.get("properties").and_then(Value::as_object);
        let Some(properties) = properties.filter(|p| !p.is_empty()) else {
            // A map of the caller's keys (`metadata`).
            return schema
                .get("additionalProperties")
                .filter(|a| a.is_object() || a.as_bool() == Some(true))
                .map(|_| {
                    Sample::Map(vec![("conform_key".into(), Sample::Text("conform".into()))])
                });
        };
        let required = required_fields(schema);
        let mut fields = Vec::new();
        for (name, field) in properties {
            let wanted = whole || required.contains(&name.as_str());
            if wanted && let Some(value) = self.sample(field, false, depth + 1) {
                fields.push((name.clone(), value));
            }
        }
        if fields.is_empty() {
            let (name, value) = properties
                .iter()
                .find_map(|(name, field)| Some((name, self.sample(field, false, depth + 1)?)))?;
            fields.push((name.clone(), value));
        }
        Some(Sample::Map(fields))
    }

    /// The fields of the answer of `schema` that `expand[]` takes: each with
    /// `x-expansionResources`, under `data.` for a list.
    fn expandable(&self, schema: &'a Value) -> Vec<String> {
        let schema = self.resolve(schema);
        let properties = |s: &'a Value| {
            self.resolve(s)
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
        };
        let fields = |s: &'a Value| -> Vec<String> {
            properties(s)
                .filter(|(_, field)| {
                    let field = self.resolve(field);
                    field.get("x-expansionResources").is_some()
                        || field
                            .get("anyOf")
                            .and_then(Value::as_array)
                            .is_some_and(|m| {
                                m.iter()
                                    .any(|m| self.resolve(m).get("x-expansionResources").is_some())
                            })
                })
                .map(|(name, _)| name.clone())
                .collect()
        };
        let is_list = schema
            .pointer("/properties/object/enum/0")
            .and_then(Value::as_str)
            .is_some_and(|kind| kind == "list" || kind == "search_result");
        if is_list && let Some(items) = schema.pointer("/properties/data/items") {
            return fields(items)
                .into_iter()
                .map(|field| format!("data.{field}"))
                .collect();
        }
        fields(schema)
    }
}

/// The names an object schema lists as `required`.
fn required_fields(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// `{"type": "string", "enum": [""]}`: the member of a union that unsets a field.
fn is_empty_string_enum(schema: &Value) -> bool {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.len() == 1 && e[0] == "")
}
