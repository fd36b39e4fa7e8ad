//! Support for the end-to-end tests in `tests/`: the pinned spec and fixtures, the generated
//! table that maps every resource of the fixtures file to its type, and the round trip it runs.

pub mod pinned;
mod resource_table;
pub mod typed_ids;

pub use resource_table::with_resource_type;

/// Something to do with the generated type of a resource, whichever it is.
pub trait ResourceTask {
    /// What the task gives.
    type Output;

    /// Runs the task with `T`.
    fn run<T: stripe_generated::FromJson + serde::Serialize + std::fmt::Debug>(
        self,
    ) -> Self::Output;
}

/// Decodes `value` as the type generated for `resource_id` (an error names the failing field)
/// and encodes it back; `None` for a resource id the crate has no type for.
pub fn roundtrip(
    resource_id: &str,
    value: serde_json::Value,
) -> Option<Result<serde_json::Value, String>> {
    struct Roundtrip(serde_json::Value);

    impl ResourceTask for Roundtrip {
        type Output = Result<serde_json::Value, String>;

        fn run<T: stripe_generated::FromJson + serde::Serialize + std::fmt::Debug>(
            self,
        ) -> Self::Output {
            let typed: T = stripe_generated::decode::json(self.0.to_string().as_bytes())
                .map_err(|e| e.to_string())?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        }
    }

    with_resource_type(resource_id, Roundtrip(value))
}

/// Makes two JSON values comparable after a round trip through the generated types:
///
/// - a `null` field and an absent one mean the same (optional fields are not written back when
///   unset), so `null` fields are dropped;
/// - numbers compare as `f64` (a `number` field reads `1` and writes `1.0`).
pub fn normalize(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n.clone()), Value::Number),
        other => other.clone(),
    }
}
