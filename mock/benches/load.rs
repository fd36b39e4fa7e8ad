//! Load on the mock server: many concurrent clients create customers, list them and retrieve
//! each one, against the stateless mode, the stateful mode and Stripe's own `stripe-mock`
//! (`../shared/stripe-mock/stripe-mock`, or `$STRIPE_MOCK_BIN`), each serving as a process of its
//! own so that its resident memory is its own. Prints requests per second and memory, with the
//! ratios to the stateless mode measured in the same run, and checks that nothing was lost: in
//! the stateful mode every created customer is retrieved afterwards, with its own email.
//!
//! `cargo xtask bench mock`, or `cargo bench -p stripekit-mock --bench load`;
//! `STRIPE_MOCK_BENCH_OBJECTS` changes the number of customers (100,000).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use stripe_spec_pins::{self as pins, SpecFile};
use stripekit_mock::mode::Mode;
use stripekit_mock::{MockApi, MockServer};

/// Concurrent clients.
const CLIENTS: usize = 32;
/// List requests (`limit=100`) per server.
const LISTS: usize = 2_000;
/// What makes this executable serve instead of measuring.
const SERVE: &str = "STRIPE_MOCK_BENCH_SERVE";

fn main() {
    if let Ok(mode) = std::env::var(SERVE) {
        serve(&mode);
        return;
    }
    if std::env::args().any(|a| a == "--list") {
        // `cargo test --benches` asks a harness-less bench for its tests: it has none.
        return;
    }
    let objects: usize = std::env::var("STRIPE_MOCK_BENCH_OBJECTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    println!(
        "{objects} customers created by {CLIENTS} concurrent clients, then {LISTS} lists of 100, then each customer retrieved"
    );
    println!(
        "{:<12} {:>10} {:>9} {:>12} {:>11} {:>13} {:>6}",
        "server", "creates/s", "lists/s", "retrieves/s", "RSS start", "RSS at end", "lost"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for (name, server) in [
        ("stateless", Server::ours("stateless")),
        ("stateful", Server::ours("stateful")),
        ("stripe-mock", Server::stripe_mock()),
    ] {
        let Some(mut server) = server else {
            println!(
                "{name:<12} not run: no stripe-mock at {}",
                stripe_mock_bin()
            );
            continue;
        };
        let row = runtime.block_on(measure(&server, objects, name == "stateful"));
        server.stop();
        println!(
            "{name:<12} {:>10.0} {:>9.0} {:>12.0} {:>8.1} MiB {:>9.1} MiB {:>6}",
            row.creates, row.lists, row.retrieves, row.rss_start, row.rss_end, row.lost
        );
        rows.push((name, row));
    }
    let Some((_, base)) = rows.first() else {
        return;
    };
    println!("ratios to the stateless mode (requests per second; memory growth in MiB):");
    for (name, row) in &rows[1..] {
        println!(
            "{name:<12} creates {:.2}, lists {:.2}, retrieves {:.2}; memory grew {:.1} MiB ({:.0} bytes per customer), stateless {:.1} MiB",
            row.creates / base.creates,
            row.lists / base.lists,
            row.retrieves / base.retrieves,
            row.rss_end - row.rss_start,
            (row.rss_end - row.rss_start) * 1_048_576.0 / objects as f64,
            base.rss_end - base.rss_start,
        );
    }
    if rows.iter().any(|(_, row)| row.lost > 0) {
        eprintln!("objects were lost");
        std::process::exit(1);
    }
}

/// One server's numbers.
struct Row {
    creates: f64,
    lists: f64,
    retrieves: f64,
    rss_start: f64,
    rss_end: f64,
    /// Created customers that a retrieve did not give back (checked in the stateful mode).
    lost: usize,
}

/// A server process and its base URL.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// This executable serving the pinned spec in `mode`.
    fn ours(mode: &str) -> Option<Server> {
        let mut child = Command::new(std::env::current_exe().ok()?)
            .env(SERVE, mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server process starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("a piped stdout"))
            .read_line(&mut line)
            .expect("the server says where it listens");
        Some(Server {
            child,
            url: line.trim().to_string(),
        })
    }

    /// Stripe's `stripe-mock` on a free port, once it says it listens.
    fn stripe_mock() -> Option<Server> {
        let bin = stripe_mock_bin();
        if !std::path::Path::new(&bin).exists() {
            return None;
        }
        let port = |()| {
            std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .expect("a free port")
        };
        let (http, https) = (port(()), port(()));
        let mut child = Command::new(&bin)
            .args(["-http-addr", &format!("127.0.0.1:{http}")])
            .args(["-https-addr", &format!("127.0.0.1:{https}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("stripe-mock starts");
        let output = child.stdout.take().expect("a piped stdout");
        let errors = child.stderr.take().expect("a piped stderr");
        let (ready, listening) = std::sync::mpsc::channel();
        for stream in [
            Box::new(output) as Box<dyn std::io::Read + Send>,
            Box::new(errors),
        ] {
            let ready = ready.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains("Listening for HTTP") {
                        let _ = ready.send(());
                    }
                }
            });
        }
        listening
            .recv_timeout(Duration::from_secs(60))
            .expect("stripe-mock listens within a minute");
        Some(Server {
            child,
            url: format!("http://127.0.0.1:{http}"),
        })
    }

    /// Resident memory in MiB (Linux).
    fn rss(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stripe_mock_bin() -> String {
    std::env::var("STRIPE_MOCK_BIN").unwrap_or_else(|_| {
        let workspace = pins::workspace_root();
        workspace
            .join("../shared/stripe-mock/stripe-mock")
            .display()
            .to_string()
    })
}

/// Serves the pinned spec in `mode` on a free port, prints its URL, and stops when its stdin
/// closes.
fn serve(mode: &str) {
    let spec = pins::resolve_current(SpecFile::Spec).expect("the pinned spec");
    let fixtures = pins::resolve_current(SpecFile::Fixtures).expect("the pinned fixtures");
    let api = Arc::new(MockApi::load(&spec, &fixtures).expect("the pinned spec loads"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let builder = MockServer::builder(api);
        match mode {
            "stateful" => {
                serve_until_closed(builder.stateful().start().await.expect("the mock starts")).await
            }
            _ => serve_until_closed(builder.start().await.expect("the mock starts")).await,
        }
    });
}

/// Prints the server's URL and serves until standard input closes.
async fn serve_until_closed<M: Mode>(server: MockServer<M>) {
    println!("{}", server.url());
    std::io::stdout().flush().unwrap();
    tokio::task::spawn_blocking(|| {
        let mut sink = String::new();
        while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {}
    })
    .await
    .unwrap();
    server.shutdown().await;
}

/// Runs the three phases against `server`.
async fn measure(server: &Server, objects: usize, check: bool) -> Row {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let rss_start = server.rss();

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let ids: Vec<(usize, String)> = run(CLIENTS, |_| {
        let (client, next, url) = (client.clone(), Arc::clone(&next), server.url.clone());
        async move {
            let mut made = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= objects {
                    return made;
                }
                let body = format!("email=c{i}%40example.com&metadata[n]={i}");
                let answer = send(client.post(format!("{url}/v1/customers")).body(body)).await;
                let id = answer["id"].as_str().expect("a customer").to_string();
                made.push((i, id));
            }
        }
    })
    .await;
    let creates = objects as f64 / started.elapsed().as_secs_f64();

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    run(CLIENTS, |_| {
        let (client, next, url) = (client.clone(), Arc::clone(&next), server.url.clone());
        async move {
            while next.fetch_add(1, Ordering::Relaxed) < LISTS {
                let answer = send(client.get(format!("{url}/v1/customers?limit=100"))).await;
                assert_eq!(answer["object"], "list");
            }
            Vec::<()>::new()
        }
    })
    .await;
    let lists = LISTS as f64 / started.elapsed().as_secs_f64();

    let ids = Arc::new(ids);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let lost = run(CLIENTS, |_| {
        let (client, next, url, ids) = (
            client.clone(),
            Arc::clone(&next),
            server.url.clone(),
            Arc::clone(&ids),
        );
        async move {
            let mut lost = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some((i, id)) = ids.get(n) else {
                    return lost;
                };
                let answer = send(client.get(format!("{url}/v1/customers/{id}"))).await;
                let email = format!("c{i}@example.com");
                if check && (answer["id"] != id.as_str() || answer["email"] != email.as_str()) {
                    lost.push(id.clone());
                }
            }
        }
    })
    .await
    .len();
    let retrieves = ids.len() as f64 / started.elapsed().as_secs_f64();
    Row {
        creates,
        lists,
        retrieves,
        rss_start,
        rss_end: server.rss(),
        lost,
    }
}

/// Runs `clients` tasks made by `task` and gathers what they return.
async fn run<T, F, Fut>(clients: usize, task: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Vec<T>> + Send + 'static,
{
    let handles: Vec<_> = (0..clients).map(|c| tokio::spawn(task(c))).collect();
    let mut all = Vec::new();
    for handle in handles {
        all.extend(handle.await.expect("a client task"));
    }
    all
}

/// Sends a request with a test key and reads its JSON answer, which must be a 200.
async fn send(request: reqwest::RequestBuilder) -> serde_json::Value {
    let response = request
        .header("authorization", "Bearer sk_test_load")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .expect("an answer");
    let status = response.status();
    let body = response.bytes().await.expect("a whole answer");
    assert!(
        status.is_success(),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    serde_json::from_slice(&body).expect("a JSON answer")
}
