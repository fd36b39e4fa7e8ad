//! Stripe's parameter encoding read back into a tree: `a[b][c]=v` is `a → b → c → "v"`, and
//! `items[0][price]=p` or `expand[]=x` are lists.

use std::collections::BTreeMap;

/// One decoded parameter value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Text(String),
    /// An uploaded file (a multipart part with a file name).
    File,
    /// Fields of an object, or the items of a list keyed by their index.
    Map(BTreeMap<String, Node>),
}

/// A key that cannot be a parameter, or two keys that disagree on a parameter's shape.
#[derive(Debug, PartialEq)]
pub(crate) struct FormError {
    /// The parameter as sent.
    pub param: String,
}

/// The top-level parameters of a request.
pub(crate) type Params = BTreeMap<String, Node>;

/// Adds one `key=value` pair (the key already percent-decoded).
pub(crate) fn insert(params: &mut Params, key: &str, value: Node) -> Result<(), FormError> {
    let error = || FormError {
        param: key.to_string(),
    };
    let path = split_key(key).ok_or_else(error)?;
    let mut map = params;
    for (i, segment) in path.iter().enumerate() {
        // `[]` appends: its index is the number of items so far.
        let segment = match segment.as_str() {
            "" if i > 0 => map.len().to_string(),
            "" => return Err(error()),
            s => s.to_string(),
        };
        if i + 1 == path.len() {
            if map.insert(segment, value).is_some() {
                return Err(error());
            }
            return Ok(());
        }
        let entry = map
            .entry(segment)
            .or_insert_with(|| Node::Map(BTreeMap::new()));
        map = match entry {
            Node::Map(inner) => inner,
            _ => return Err(error()),
        };
    }
    Err(error())
}

/// How deep a parameter may nest (`a[b][c]` is 3); Stripe's own parameters go to 6 or so.
const MAX_KEY_DEPTH: usize = 32;

/// `a[b][]` → `["a", "b", ""]`; `None` for a malformed key or one nested past
/// [`MAX_KEY_DEPTH`].
fn split_key(key: &str) -> Option<Vec<String>> {
    if key.matches('[').count() >= MAX_KEY_DEPTH {
        return None;
    }
    let (head, mut rest) = match key.find('[') {
        Some(i) => key.split_at(i),
        None => (key, ""),
    };
    let mut path = vec![head.to_string()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        path.push(inner[..end].to_string());
        rest = &inner[end + 1..];
    }
    Some(path)
}

/// Decodes an `application/x-www-form-urlencoded` string (a query string or a body).
pub(crate) fn decode_urlencoded(params: &mut Params, input: &[u8]) -> Result<(), FormError> {
    for (key, value) in form_urlencoded::parse(input) {
        insert(params, &key, Node::Text(value.into_owned()))?;
    }
    Ok(())
}

/// A text parameter.
pub(crate) fn text<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    match params.get(name) {
        Some(Node::Text(text)) => Some(text.as_str()),
        _ => None,
    }
}

/// A boolean as Stripe reads one from a form: `true`, `True`, `TRUE`, `t`, `T` or `1`, and
/// `false`, `False`, `FALSE`, `f`, `F` or `0` (Python's SDK sends `True`).
pub(crate) fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "t" | "T" | "1" => Some(true),
        "false" | "False" | "FALSE" | "f" | "F" | "0" => Some(false),
        _ => None,
    }
}

/// Whether a boolean parameter is set to true.
pub(crate) fn is_true(params: &Params, name: &str) -> bool {
    text(params, name).and_then(boolean) == Some(true)
}

/// An integer parameter.
pub(crate) fn int_param(params: &Params, name: &str) -> Option<i64> {
    text(params, name)?.parse().ok()
}

/// The items of a list parameter (`items[0][price]=…`) in index order; none when it is absent or
/// not a list.
fn list_param_items<'a>(params: &'a Params, name: &str) -> Vec<&'a Node> {
    match params.get(name) {
        Some(Node::Map(items)) => list_items(items)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, item)| item)
            .collect(),
        _ => Vec::new(),
    }
}

/// The items of a list parameter (`items[0][price]=…`), each a map of its fields.
pub(crate) fn list_param<'a>(params: &'a Params, name: &str) -> Vec<&'a Params> {
    list_param_items(params, name)
        .into_iter()
        .filter_map(|item| match item {
            Node::Map(fields) => Some(fields),
            _ => None,
        })
        .collect()
}

/// The texts of a list parameter, in order (the paths of `expand[]`).
pub(crate) fn text_list(params: &Params, name: &str) -> Vec<String> {
    list_param_items(params, name)
        .into_iter()
        .filter_map(|item| match item {
            Node::Text(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The items of a list node in index order, when every key is an index.
pub(crate) fn list_items(map: &BTreeMap<String, Node>) -> Option<Vec<(usize, &Node)>> {
    let mut items = map
        .iter()
        .map(|(k, v)| k.parse::<usize>().ok().map(|i| (i, v)))
        .collect::<Option<Vec<_>>>()?;
    items.sort_by_key(|(i, _)| *i);
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(input: &str) -> Result<Params, FormError> {
        let mut params = Params::new();
        decode_urlencoded(&mut params, input.as_bytes())?;
        Ok(params)
    }

    fn text(s: &str) -> Node {
        Node::Text(s.to_string())
    }

    #[test]
    fn nested_keys_and_lists() {
        let params =
            decode("email=a%40b.c&address[city]=Paris&expand[]=x&expand[]=y&items[0][price]=p")
                .unwrap();
        assert_eq!(params["email"], text("a@b.c"));
        let Node::Map(address) = &params["address"] else {
            panic!()
        };
        assert_eq!(address["city"], text("Paris"));
        let Node::Map(expand) = &params["expand"] else {
            panic!()
        };
        let items: Vec<_> = list_items(expand)
            .unwrap()
            .into_iter()
            .map(|(_, n)| n.clone())
            .collect();
        assert_eq!(items, [text("x"), text("y")]);
        let Node::Map(items) = &params["items"] else {
            panic!()
        };
        let Node::Map(first) = &items["0"] else {
            panic!()
        };
        assert_eq!(first["price"], text("p"));
    }

    #[test]
    fn conflicting_and_malformed_keys_are_errors() {
        assert_eq!(decode("a=1&a[b]=2").unwrap_err().param, "a[b]");
        assert_eq!(decode("a[b]=1&a=2").unwrap_err().param, "a");
        assert_eq!(decode("a[b=1").unwrap_err().param, "a[b");
        assert_eq!(decode("[]=1").unwrap_err().param, "[]");
    }

    /// A parameter tree as JSON: objects and arrays that are not empty, strings at the leaves.
    ///
    /// Two kinds of name cannot travel in Stripe's encoding, which Stripe (like this parser)
    /// percent-decodes before it reads brackets, and are left out: the empty name (`a[]` appends
    /// to a list) and a name with brackets of its own (`metadata[a[b]]` is another path,
    /// escaped or not). `a_name_that_cannot_travel_reads_as_another_path` shows both.
    fn tree() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let key = prop_oneof![
            "[a-z_]{1,8}",
            "[a-z]{0,3}[ &=%+#?/]{1,3}[a-z]{0,3}",
            any::<String>().prop_filter("a name that can travel", |k| {
                !k.is_empty() && !k.contains(['[', ']'])
            }),
        ];
        let leaf = prop_oneof!["[a-z0-9]{0,6}", any::<String>(), Just(String::new())]
            .prop_map(Value::String);
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..5).prop_map(Value::Array),
                prop::collection::btree_map(key.clone(), inner, 1..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// What the parser should make of `value`: objects and arrays are maps (an array's keys are
    /// its indexes), strings are text.
    fn expected(value: &serde_json::Value) -> Node {
        use serde_json::Value;
        match value {
            Value::Object(entries) => Node::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), expected(v)))
                    .collect(),
            ),
            Value::Array(items) => Node::Map(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i.to_string(), expected(v)))
                    .collect(),
            ),
            Value::String(s) => Node::Text(s.clone()),
            other => Node::Text(other.to_string()),
        }
    }

    #[test]
    fn a_name_that_cannot_travel_reads_as_another_path() {
        let value = serde_json::json!({"metadata": {"": "x", "a[b]": "y"}});
        let encoded = stripekit_types::form::encode(&value);
        assert_eq!(encoded, "metadata[]=x&metadata[a[b]]=y");
        assert_eq!(
            decode(&encoded),
            Err(FormError {
                param: "metadata[a[b]]".into()
            })
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// What the SDK encodes, this parser reads back as the same tree.
        #[test]
        fn the_sdks_encoding_reads_back_as_the_same_tree(
            entries in proptest::collection::btree_map("[a-z_]{1,8}", tree(), 1..5)
        ) {
            let value = serde_json::Value::Object(entries.into_iter().collect());
            let encoded = stripekit_types::form::encode(&value);
            let params = decode(&encoded);
            let Node::Map(want) = expected(&value) else { unreachable!() };
            proptest::prop_assert_eq!(params, Ok(want), "{}", encoded);
        }
    }
}
