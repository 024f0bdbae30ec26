//! `goxbook record` against a real `goxbook serve` (loopback, a free port, --exit-after as a
//! safety net): SIGINT and SIGTERM end it normally, with the capture complete and replayable.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_goxbook");

/// A `goxbook serve --sim` on 127.0.0.1:0; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--sim", "--rate", "200", "--currencies", "USD,EUR"])
            .args(["--exit-after", "120"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("goxbook serve starts");
        // The first line says where it listens: "goxbook serve: listening on http://ADDR (…)".
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .split("listening on http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn capture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("record-{name}-{}.jsonl", std::process::id()))
}

fn send(signal: &str, child: &Child) {
    let ok = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
    assert!(ok.success(), "kill -{signal}");
}

/// Waits for the child to end by itself, at most `limit`; kills it and fails otherwise.
fn wait_at_most(child: &mut Child, limit: Duration) -> ExitStatus {
    let end = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("still running {limit:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Records until the capture has its snapshots and some frames, then sends `signal`.
fn record_until_signal(server: &Server, signal: &str, name: &str) -> (Output, String) {
    let path = capture_path(name);
    let _ = std::fs::remove_file(&path);
    let mut child = Command::new(BIN)
        .args(["record", &format!("ws://{}/mtgox?Currency=USD", server.addr), "--out"])
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The snapshot (≈ 1 500 levels a side) fills the write buffer at once; wait for it, then
    // let frames arrive for a moment.
    let end = Instant::now() + Duration::from_secs(30);
    while std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) < 10_000 {
        assert!(Instant::now() < end, "no capture after 30 s");
        assert!(child.try_wait().unwrap().is_none(), "record ended by itself");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1000));
    send(signal, &child);
    wait_at_most(&mut child, Duration::from_secs(10));
    let out = child.wait_with_output().unwrap();
    let capture = std::fs::read_to_string(&path).unwrap();
    (out, capture)
}

fn check_stopped_cleanly(out: &Output, capture: &str, signal: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out.stdout.is_empty(), "the capture went to --out");
    // The summary, naming the signal; no progress line (stderr is not a terminal).
    let summary = stderr.lines().last().unwrap_or("");
    assert!(summary.starts_with("goxbook record: 1 snapshot(s), "), "{stderr}");
    assert!(summary.ends_with(&format!("; stopped by {signal}")), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr:?}");
    let frames: usize = summary.split(", ").nth(1).and_then(|f| f.split(' ').next()).unwrap().parse().unwrap();
    // Flushed: every line whole (the file ends with a newline), as many frames as reported.
    assert!(capture.ends_with('\n'));
    let lines: Vec<&str> = capture.lines().collect();
    assert_eq!(lines.len(), 1 + frames, "{summary}");
    assert!(frames > 0, "{summary}");
    assert!(lines[0].contains("\"_currency\":\"USD\"") && lines[0].contains("\"_t\":0"));
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:.200}"));
        assert!(v.get("_t").is_some(), "{l:.200}");
    }
}

#[test]
fn sigint_and_sigterm_end_a_recording_normally() {
    let server = Server::start();
    for signal in ["INT", "TERM"] {
        let (out, capture) = record_until_signal(&server, signal, signal);
        check_stopped_cleanly(&out, &capture, &format!("SIG{signal}"));
        // The capture replays: `goxbook book` applies every line.
        let path = capture_path(signal);
        let book = Command::new(BIN).args(["book", "--depth", "3"]).arg(&path).output().unwrap();
        assert!(book.status.success(), "{}", String::from_utf8_lossy(&book.stderr));
        let got: serde_json::Value = serde_json::from_slice(&book.stdout).unwrap();
        assert_eq!(got["rejected"], 0, "{got}");
        assert_eq!(got["bids"].as_array().map(Vec::len), Some(3));
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn a_recording_ends_by_itself_after_its_duration() {
    let server = Server::start();
    let started = Instant::now();
    let out = Command::new(BIN)
        .args(["record", &format!("ws://{}/mtgox?Currency=USD,EUR", server.addr), "--duration=1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // To stdout when there is no --out; the summary does not claim a signal.
    let capture = String::from_utf8(out.stdout).unwrap();
    assert!(stderr.starts_with("goxbook record: 2 snapshot(s), ") && !stderr.contains("stopped by"), "{stderr}");
    assert!(capture.lines().count() > 2 && capture.ends_with('\n'));
}

#[test]
fn a_signal_while_connecting_is_a_normal_end_too() {
    // A server that accepts the connection and never answers the websocket handshake.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut child = Command::new(BIN)
        .args(["record", &format!("ws://{addr}/mtgox")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Its handlers are installed before it connects: once connected, the signal is its.
    let (_held, _) = listener.accept().unwrap();
    send("INT", &child);
    wait_at_most(&mut child, Duration::from_secs(10));
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.starts_with("goxbook record: 0 snapshot(s), 0 frame(s), 0 B in "), "{stderr}");
    assert!(stderr.trim_end().ends_with("; stopped by SIGINT"), "{stderr}");
}
