//! Decoding response bodies, with errors that name the field that failed.

use std::fmt;

/// A response body that did not decode into the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The path of the failing value (`data[0].customer`), `.` for the whole body.
    pub path: String,
    /// What was wrong with it.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a JSON body into `T`.
pub fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| DecodeError {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })?;
    de.end().map_err(|e| DecodeError {
        path: ".".to_string(),
        message: e.to_string(),
    })?;
    Ok(value)
}

/// Decodes the JSON text of a value nested in one being deserialized (a union variant, an
/// expanded object); an error names the path inside it, for the enclosing deserializer to report.
pub(crate) fn nested<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    text: &str,
) -> Result<T, E> {
    json(text.as_bytes()).map_err(E::custom)
}

/// A binary body, as it is.
pub fn binary(body: &[u8]) -> Result<Vec<u8>, DecodeError> {
    Ok(body.to_vec())
}
