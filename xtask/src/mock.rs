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
    let versions = Versions::load(workspace)?;
    let pin = versions.pin(tag.as_deref().unwrap_or(&versions.current))?;
    let fetcher = Fetcher::new(workspace, mirror);
    let fetch = |file| {
        fetcher
            .fetch(pin, file, &mut |msg| eprintln!("{msg}"))
            .map(|(path, _)| path)
    };
    let spec = fetch(SpecFile::Spec)?;
    let api = if pin.has(SpecFile::Fixtures) {
        MockApi::load(&spec, &fetch(SpecFile::Fixtures)?)
    } else {
        MockApi::load_without_fixtures(&spec)
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
            serve(&api, (pin.tag.as_str(), stateful), server).await
        } else {
            let server = builder.start().await.map_err(bound)?;
            serve(&api, (pin.tag.as_str(), stateful), server).await
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

/// The spec and fixtures files of the current pin (from the cache, a mirror or upstream).
pub fn current_pin_files(workspace: &Path, mirror: Option<PathBuf>) -> Result<(PathBuf, PathBuf)> {
    let versions = Versions::load(workspace)?;
    let pin = versions.pin(&versions.current)?;
    let fetcher = Fetcher::new(workspace, mirror);
    let fetch = |file| {
        fetcher
            .fetch(pin, file, &mut |msg| eprintln!("{msg}"))
            .map(|(path, _)| path)
    };
    Ok((fetch(SpecFile::Spec)?, fetch(SpecFile::Fixtures)?))
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
