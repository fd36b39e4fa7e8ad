//! The spec and fixtures the published crate carries, gzip-compressed: the version it was
//! released with, served with no file of the user's (`MockApi::embedded`). A build from a
//! checkout carries none; `cargo xtask package` writes them into `embedded/` before packaging.

use std::io::Read as _;

use serde_json::Value;

use crate::spec::{LoadError, MockApi};

#[cfg(embedded_spec)]
const CARRIED: Option<(&[u8], &[u8])> = Some((
    include_bytes!("../embedded/spec3.json.gz"),
    include_bytes!("../embedded/fixtures3.json.gz"),
));
#[cfg(not(embedded_spec))]
const CARRIED: Option<(&[u8], &[u8])> = None;

impl MockApi {
    /// The API this crate was published with (its spec and fixtures, carried compressed in the
    /// crate), for a test that starts the mock with no file of its own.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::sync::Arc;
    /// use stripekit_mock::{MockApi, MockServer};
    ///
    /// let server = MockServer::builder(Arc::new(MockApi::embedded()?)).start().await?;
    /// println!("serving API {} at {}", MockApi::embedded()?.api_version(), server.url());
    /// # Ok(()) }
    /// ```
    ///
    /// A build from a checkout of the repository carries none: it answers
    /// [`LoadError::NotCarried`], and [`MockApi::load`] reads the files instead.
    pub fn embedded() -> Result<MockApi, LoadError> {
        let (spec, fixtures) = CARRIED.ok_or(LoadError::NotCarried)?;
        MockApi::from_documents(
            decompress("spec3.json.gz", spec)?,
            decompress("fixtures3.json.gz", fixtures)?,
        )
    }

    /// Whether this build carries a spec for [`MockApi::embedded`].
    pub fn carries_spec() -> bool {
        CARRIED.is_some()
    }
}

/// A gzip-compressed JSON document.
fn decompress(name: &str, compressed: &[u8]) -> Result<Value, LoadError> {
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_end(&mut json)
        .map_err(|source| LoadError::Io {
            path: format!("the carried {name}"),
            source,
        })?;
    serde_json::from_slice(&json).map_err(|e| LoadError::Syntax {
        path: format!("the carried {name}"),
        format: "JSON",
        message: e.to_string(),
    })
}
