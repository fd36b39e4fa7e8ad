//! `cargo xtask mock`: starts on a local port, answers an HTTP request, and stops cleanly on
//! Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the server if the test fails half-way.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str, auth: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("the mock accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn mock_serves_requests_and_stops_on_ctrl_c() {
    let child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["mock", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("xtask starts");
    let mut server = Running(child);
    let mut stdout = BufReader::new(server.0.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).unwrap();
    // "serving 446 operations of API version 2022-11-15 (v271) on http://127.0.0.1:PORT"
    assert!(
        banner.starts_with("serving 446 operations of API version 2022-11-15"),
        "{banner}"
    );
    let url = banner.trim().rsplit(' ').next().unwrap();
    let addr = url.strip_prefix("http://").expect("an http URL");

    let answer = get(addr, "/v1/customers/cus_123", "Bearer sk_test_123");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""id":"cus_123""#), "{answer}");
    // `curl -u sk_test_123:` sends Basic credentials.
    let answer = get(addr, "/v1/customers", "Basic c2tfdGVzdF8xMjM6");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let status = Command::new("kill")
        .args(["-INT", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.0.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the mock did not stop within 10 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.trim_end().ends_with("stopped"), "{rest}");
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");
}
