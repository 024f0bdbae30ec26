//! `goxbook record` of Bitstamp, Kraken and Coinbase against a real `goxbook serve --venues`
//! (loopback, a free port, --exit-after so the server stops itself), then `goxbook book` and
//! `goxbook consolidate` on what was recorded. Nothing here reaches the internet.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_goxbook");

/// A `goxbook serve` of the three simulated venues on 127.0.0.1:0; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--addr", "127.0.0.1:0", "--venues", "bitstamp,kraken,coinbase", "--venue-rate", "50"])
            .args(["--exit-after", "60"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("goxbook serve starts");
        // "goxbook serve: listening on http://ADDR (websockets …)"; the rest is drained.
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        let addr = line
            .split("listening on http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        assert!(line.contains(&format!("ws://{addr}/kraken")) && !line.contains("/mtgox"), "{line}");
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
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("venue-{name}-{}.jsonl", std::process::id()))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).stdin(Stdio::null()).output().expect("goxbook runs")
}

/// Records `venue` from the server for `secs`; returns the capture's path and its lines.
fn record(server: &Server, venue: &str, secs: &str, extra: &[&str]) -> (PathBuf, Vec<String>) {
    let path = capture_path(&format!("{venue}{}", extra.join("").replace('/', "")));
    let url = format!("ws://{}/{venue}", server.addr);
    let out = run(&[&["record", &url, "--duration", secs, "--out", path.to_str().unwrap()], extra].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{venue}: {err}");
    assert!(err.contains("goxbook record: "), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Every line a JSON object with its arrival time.
    for l in &lines {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{venue}: {e}: {l}"));
        assert!(v["_t"].is_u64(), "{venue}: no _t in {l}");
    }
    (path, lines)
}

/// `goxbook book --venue` on a recorded capture: synced, nothing rejected, no checksum
/// mismatch, both sides present and ordered, not crossed.
fn replayed(venue: &str, path: &Path, extra: &[&str]) -> Value {
    let out = run(&[&["book", path.to_str().unwrap(), "--venue", venue], extra].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{venue}: {err}");
    assert!(err.is_empty(), "{venue}: {err}");
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["venue"], venue);
    assert_eq!(got["synced"], true, "{venue}: {got}");
    assert_eq!(got["rejected"], 0, "{venue}");
    let price = |v: &Value| v["price"].as_str().unwrap().parse::<f64>().unwrap();
    let (bids, asks) = (got["bids"].as_array().unwrap(), got["asks"].as_array().unwrap());
    assert!(!bids.is_empty() && !asks.is_empty(), "{venue}: {got}");
    assert!(bids.windows(2).all(|w| price(&w[0]) > price(&w[1])), "{venue}");
    assert!(asks.windows(2).all(|w| price(&w[0]) < price(&w[1])), "{venue}");
    assert!(price(&bids[0]) < price(&asks[0]), "{venue}: crossed");
    assert!(got["trades"]["count"].as_u64().unwrap() > 0, "{venue}: no trade in the capture");
    got
}

#[test]
fn record_then_replay_every_simulated_venue() {
    let server = Server::start(&[]);
    let position = |lines: &[String], needle: &str| lines.iter().position(|l| l.contains(needle));

    // Bitstamp: the diffs' ack comes before the REST order book, which is in the capture
    // (it names no pair: the replay takes it for --pair).
    let (bitstamp, lines) = record(&server, "bitstamp", "2", &[]);
    let ack = position(&lines, "bts:subscription_succeeded").expect("the diffs' ack");
    assert!(lines[ack].contains("diff_order_book_btcusd"));
    let rest = position(&lines, "\"bids\"").filter(|&i| !lines[i].contains("\"channel\"")).expect("the REST book");
    assert!(ack < rest, "the snapshot was fetched before the diffs flowed");
    assert!(lines.iter().any(|l| l.contains("live_trades_btcusd") && l.contains("\"trade\"")));
    let b = replayed("bitstamp", &bitstamp, &[]);
    assert!(b["ticker"]["vwap"].is_string(), "the REST ticker was recorded: {b}");

    // Kraken: every book message's checksum verified against the book rebuilt from the
    // capture (no mismatch on stderr): the top 10 equals the simulator's at every step.
    let (kraken, lines) = record(&server, "kraken", "2", &["--depth", "25"]);
    assert!(lines.iter().any(|l| l.contains("\"depth\":25") && l.contains("\"success\":true")));
    let k = replayed("kraken", &kraken, &[]);
    assert!(k["bids"].as_array().unwrap().len() <= 25);

    let (coinbase, lines) = record(&server, "coinbase", "2", &[]);
    assert!(position(&lines, "\"type\":\"snapshot\"").is_some());
    let c = replayed("coinbase", &coinbase, &[]);
    assert!(c["ticker"]["vwap"].is_null());

    // The three recordings consolidated: every venue synced, every row a profit.
    let arg = |v: &str, p: &Path| format!("{v}={}", p.display());
    let out = run(&["consolidate", &arg("bitstamp", &bitstamp), &arg("kraken", &kraken), &arg("coinbase", &coinbase)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    for v in ["bitstamp", "kraken", "coinbase"] {
        assert_eq!(all["venues"][v], serde_json::json!({"synced": true, "rejected": 0}), "{v}");
    }
    for row in all["arbitrage"].as_array().unwrap() {
        assert!(row["profit"].as_str().unwrap().parse::<f64>().unwrap() > 0.0, "{row}");
    }
    let sum = |side: &str| all[side].as_array().unwrap().len();
    assert!(sum("bids") >= b["bids"].as_array().unwrap().len());

    // The other quote currency: Bitstamp's REST bodies belong to --pair.
    let (eur, lines) = record(&server, "bitstamp", "1", &["--pair", "BTC/EUR"]);
    assert!(lines.iter().any(|l| l.contains("diff_order_book_btceur")));
    let e = replayed("bitstamp", &eur, &["--pair", "BTC/EUR"]);
    assert_eq!(e["currency"], "EUR");
}

#[test]
fn kraken_corrupted_checksums_are_named_on_replay() {
    let server = Server::start(&["--faults", "kraken:checksum=0.3"]);
    let (kraken, lines) = record(&server, "kraken", "2", &[]);
    let out = run(&["book", kraken.to_str().unwrap(), "--venue", "kraken"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let named: Vec<usize> = err
        .lines()
        .filter(|l| l.contains("checksum mismatch"))
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(!named.is_empty(), "no mismatch named: {err}");
    // Each named line is a book message of the capture.
    for n in named {
        assert!(lines[n - 1].contains("\"channel\":\"book\""), "line {n}: {}", lines[n - 1]);
    }
}
