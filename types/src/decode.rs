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

/// Decodes a JSON body into `T`; an error names the path of the value that failed.
pub fn json<T: crate::FromJson>(body: &[u8]) -> Result<T, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|e| DecodeError {
        path: ".".to_string(),
        message: e.to_string(),
    })?;
    whole(crate::JsonReader::new(text))
}

/// Reads one value of type `T` that must fill the reader's whole text.
pub(crate) fn whole<T: crate::FromJson>(
    mut reader: crate::JsonReader<'_>,
) -> Result<T, DecodeError> {
    match reader.read().and_then(|value| reader.end().map(|()| value)) {
        Ok(value) => Ok(value),
        Err(_) => Err(reader.into_error()),
    }
}

/// A binary body, as it is.
pub fn binary(body: &[u8]) -> Result<Vec<u8>, DecodeError> {
    Ok(body.to_vec())
}
