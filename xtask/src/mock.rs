//! `cargo xtask mock`: the mock server on a local port until Ctrl-C.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use stripe_spec_pins::{Fetcher, SpecFile, Versions};
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
        let server = if stateful {
            MockServer::bind_stateful(Arc::clone(&api), addr).await
        } else {
            MockServer::bind(Arc::clone(&api), addr).await
        }
        .with_context(|| format!("binding {addr}"))?;
        println!(
            "serving {} operations of API version {} ({}{}) on {}",
            api.operation_count(),
            api.api_version(),
            pin.tag,
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
    })
}
