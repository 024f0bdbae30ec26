//! `goxbook book` end to end: the real binary on captures in tests/resources (its command
//! line in args.rs, `record` with signals in record.rs).

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn goxbook(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_goxbook"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn resource(name: &str) -> String {
    format!("{}/tests/resources/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn row(p: &str, a: &str) -> Value {
    json!({"price": p, "amount": a})
}

#[test]
fn prints_the_book_ticker_and_tape_of_a_capture() {
    let out = goxbook(&["book", &resource("small.jsonl")], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Line 4 removes 14.5; line 5 is older than the snapshot (stale); line 7 is EUR.
    let want = json!({
        "currency": "USD",
        "bids": [row("14.40000", "0.50000000"), row("14.30000", "1.50000000"), row("14.20000", "3.00000000")],
        "asks": [row("14.60000", "2.00000000")],
        "ticker": {"last": "14.60000", "buy": "14.40000", "sell": "14.60000", "high": "15.00000", "low": "14.00000",
                   "vol": "100.00000000", "vwap": "14.55000", "avg": "14.50000"},
        "trades": {"count": 1, "last": {"tid": "300", "price": "14.60000", "amount": "0.25000000", "trade_type": "bid"}},
        "rejected": 2,
        "venue": "mtgox", "pair": "BTC/USD", "synced": true
    });
    assert_eq!(got, want);
    // One JSON object on one line.
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim().lines().count(), 1);
    // Bad lines are reported with their line numbers.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("small.jsonl:3:"), "{err}");
    assert!(err.contains("small.jsonl:10:") && err.contains("XYZ"), "{err}");
}

#[test]
fn depth_limits_levels_and_currency_selects_the_market() {
    let out = goxbook(&["book", &resource("small.jsonl"), "--depth", "1"], None);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["bids"], json!([row("14.40000", "0.50000000")]));
    assert_eq!(got["asks"], json!([row("14.60000", "2.00000000")]));

    let out = goxbook(&["book", &resource("small.jsonl"), "--currency", "EUR"], None);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["currency"], "EUR");
    assert_eq!(got["bids"], json!([row("10.00000", "1.00000000")]));
    assert_eq!(got["ticker"], Value::Null);
    assert_eq!(got["trades"], json!({"count": 0, "last": null}));
}

#[test]
fn reads_standard_input() {
    let capture = std::fs::read_to_string(resource("small.jsonl")).unwrap();
    let from_file = goxbook(&["book", &resource("small.jsonl")], None);
    let from_stdin = goxbook(&["book", "-"], Some(&capture));
    assert!(from_stdin.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let implicit = goxbook(&["book"], Some(&capture));
    assert_eq!(from_file.stdout, implicit.stdout);
}

#[test]
fn fails_only_when_input_is_unreadable_or_the_scale_unknown() {
    // Unreadable input: a failure at run time, status 1.
    let missing = goxbook(&["book", "/nonexistent/capture.jsonl"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/capture.jsonl"));

    // A capture that never teaches XYZ's scale cannot answer for XYZ: status 3, not a usage error.
    let unknown = goxbook(&["book", &resource("small.jsonl"), "--currency", "XYZ"], None);
    assert_eq!(unknown.status.code(), Some(3));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("XYZ") && err.contains("scale"), "{err}");
    assert!(unknown.stdout.is_empty());

    // A capture of nothing but garbage still succeeds, with everything rejected.
    let garbage = goxbook(&["book", "-"], Some("nope\n{\"op\":1}\n[1,\n"));
    assert!(garbage.status.success());
    let got: Value = serde_json::from_slice(&garbage.stdout).unwrap();
    assert_eq!(got["rejected"], 3);
    assert_eq!(got["bids"], json!([]));
}

#[test]
fn a_currency_learned_from_the_capture_is_accepted() {
    let capture = concat!(
        r#"{"result":"success","return":{"currency":"XYZ","decimals":"2"}}"#,
        "\n",
        r#"{"op":"private","private":"depth","depth":{"price_int":"1234","type_str":"ask","total_volume_int":"100000000","currency":"XYZ","now":"1"}}"#,
        "\n",
    );
    let out = goxbook(&["book", "-", "--currency", "XYZ"], Some(capture));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["asks"], json!([row("12.34", "1.00000000")]));
    assert_eq!(got["rejected"], 0);
}

#[test]
fn the_bundled_sample_replays() {
    let sample = format!("{}/samples/mtgox-2013-btcusd.jsonl", env!("CARGO_MANIFEST_DIR"));
    let out = goxbook(&["book", &sample, "--depth", "5"], None);
    assert!(out.status.success());
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bids = got["bids"].as_array().unwrap();
    let asks = got["asks"].as_array().unwrap();
    assert_eq!((bids.len(), asks.len()), (5, 5));
    let price = |v: &Value| v["price"].as_str().unwrap().parse::<f64>().unwrap();
    assert!(price(&bids[0]) < price(&asks[0]), "crossed book");
    assert!(bids.windows(2).all(|w| price(&w[0]) > price(&w[1])));
    assert!(asks.windows(2).all(|w| price(&w[0]) < price(&w[1])));
    assert_eq!(got["rejected"], 1, "the sample carries one deliberately bad line");
    assert!(got["trades"]["count"].as_u64().unwrap() > 0);
    assert_eq!(got["ticker"]["buy"], bids[0]["price"]);
}

#[test]
fn serve_exit_after_stops_the_server_by_itself() {
    // A test or benchmark server must not outlive an interrupted run.
    let started = std::time::Instant::now();
    let out = goxbook(&["serve", "--addr", "127.0.0.1:0", "--sim", "--exit-after", "1"], None);
    let secs = started.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("listening on http://127.0.0.1:"), "{err}");
    assert!(err.contains("--exit-after 1 s reached"), "{err}");
    assert!((1.0..30.0).contains(&secs), "exited after {secs} s");
}
