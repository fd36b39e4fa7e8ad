//! `cargo xtask mock`: the mock server on a local port until Ctrl-C.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use stripe_spec_pins::{Fetcher, SpecFile, Versions};
use stripekit_mock::mode::{Mode, Stateful, Stateless};
use stripekit_mock::{MockApi, MockServer};

pub fn run(
    workspace: &Path,
    port: u16,
    tag: Option<String>,
    mirror: Option<PathBuf>,
    stateful: bool,
) -> Result<()> {
    let files = pin_files(workspace, tag.as_deref(), mirror)?;
    let api = match &files.fixtures {
        Some(fixtures) => MockApi::load(&files.spec, fixtures),
        None => MockApi::load_without_fixtures(&files.spec),
    };
    let api = Arc::new(api.context("loading the mock's spec")?);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let builder = MockServer::builder(Arc::clone(&api)).addr(addr);
        let bound = |e| anyhow::Error::new(e).context(format!("binding {addr}"));
        if stateful {
            let server = builder.stateful().start().await.map_err(bound)?;
            serve(&api, (files.tag.as_str(), stateful), server).await
        } else {
            let server = builder.start().await.map_err(bound)?;
            serve(&api, (files.tag.as_str(), stateful), server).await
        }
    })
}

/// Announces `server`, then serves until Ctrl-C.
async fn serve<M: Mode>(
    api: &MockApi,
    (tag, stateful): (&str, bool),
    server: MockServer<M>,
) -> Result<()> {
    println!(
        "serving {} operations of API version {} ({}{}) on {}",
        api.operation_count(),
        api.api_version(),
        tag,
        if stateful { ", stateful" } else { "" },
        server.url()
    );
    println!(
        "try: curl {}/v1/customers -u sk_test_123: (Ctrl-C stops)",
        server.url()
    );
    if stateful {
        println!(
            "objects, events and webhook deliveries live until it stops; POST /_mock/reset, POST /_mock/clock (time= or advance=), POST /_mock/checkout/sessions/{{id}}/complete"
        );
    }
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    server.shutdown().await;
    println!("stopped");
    Ok(())
}

/// The files of a pinned spec, fetched (from the cache, a mirror or upstream).
pub struct PinFiles {
    pub tag: String,
    pub spec: PathBuf,
    /// `fixtures3.json`, for the pins Stripe published one with.
    pub fixtures: Option<PathBuf>,
}

/// The files of the pin `tag` (default: the current one).
pub fn pin_files(workspace: &Path, tag: Option<&str>, mirror: Option<PathBuf>) -> Result<PinFiles> {
    let versions = Versions::load(workspace)?;
    let pin = versions.pin(tag.unwrap_or(&versions.current))?;
    let fetcher = Fetcher::new(workspace, mirror);
    let fetch = |file| {
        fetcher
            .fetch(pin, file, &mut |msg| eprintln!("{msg}"))
            .map(|(path, _)| path)
    };
    let fixtures = match pin.has(SpecFile::Fixtures) {
        true => Some(fetch(SpecFile::Fixtures)?),
        false => None,
    };
    Ok(PinFiles {
        tag: pin.tag.clone(),
        spec: fetch(SpecFile::Spec)?,
        fixtures,
    })
}

/// The spec and fixtures files of the current pin.
pub fn current_pin_files(workspace: &Path, mirror: Option<PathBuf>) -> Result<(PathBuf, PathBuf)> {
    let files = pin_files(workspace, None, mirror)?;
    let fixtures = files
        .fixtures
        .with_context(|| format!("the pin {} has no fixtures", files.tag))?;
    Ok((files.spec, fixtures))
}

/// Both modes of the mock serving one API on free ports of 127.0.0.1, on a runtime of their own
/// (one worker thread), so that the thread that started them can block on other work.
pub struct BothModes {
    runtime: tokio::runtime::Runtime,
    pub stateless: MockServer<Stateless>,
    pub stateful: MockServer<Stateful>,
}

impl BothModes {
    /// Starts both modes of the mock serving `api`.
    pub fn start(api: Arc<MockApi>) -> Result<BothModes> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let stateless = runtime.block_on(MockServer::builder(api.clone()).start())?;
        let stateful = runtime.block_on(MockServer::builder(api).stateful().start())?;
        Ok(BothModes {
            runtime,
            stateless,
            stateful,
        })
    }

    /// Stops both servers.
    pub fn stop(self) {
        self.runtime.block_on(async {
            self.stateless.shutdown().await;
            self.stateful.shutdown().await;
        });
    }
}
