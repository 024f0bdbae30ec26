//! `goxbook book --venue` and `goxbook consolidate` end to end: the real binary on small
//! captures made by hand from VENUES.md's examples (tests/resources/{bitstamp,kraken,
//! coinbase,arb-*}.jsonl), each answer worked out by hand.

use serde_json::{json, Value};
use std::process::{Command, Output, Stdio};

fn goxbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goxbook"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the goxbook binary runs")
}

fn resource(name: &str) -> String {
    format!("{}/tests/resources/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn row(p: &str, a: &str) -> Value {
    json!({"price": p, "amount": a})
}

/// Runs `goxbook book` and returns (the object, stderr).
fn book(args: &[&str]) -> (Value, String) {
    let out = goxbook(&[&["book"], args].concat());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{args:?}: {err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

#[test]
fn bitstamp_diffs_around_the_rest_snapshot() {
    let (got, err) = book(&[&resource("bitstamp.jsonl"), "--venue", "bitstamp", "--depth", "3"]);
    // Line 2 (newer than the snapshot, held) adds 30420.00; line 3 (older) is stale and does
    // not remove 30415.13; line 5 removes 30434.64 and adds 30434.70; line 7 is rejected;
    // line 9 sets 30420.00 to 0.75. The trade's type 1: the taker sold ("ask").
    let want = json!({
        "currency": "USD",
        "bids": [row("30420.00", "0.75000000"), row("30415.13", "0.37816633"), row("30415.11", "2.45236394")],
        "asks": [row("30434.70", "0.50000000"), row("30434.73", "0.10600000"), row("30436.31", "0.19606825")],
        "ticker": {"last": "30434.70", "buy": "30420.00", "sell": "30434.70", "high": "31000.00", "low": "30000.00",
                   "vol": "1234.56789012", "vwap": "30500.00", "avg": null},
        "trades": {"count": 1, "last": {"tid": "216000477", "price": "30434.70", "amount": "0.07920000", "trade_type": "ask"}},
        "rejected": 1,
        "venue": "bitstamp", "pair": "BTC/USD", "synced": true
    });
    assert_eq!(got, want);
    // The bad line by number and position within it.
    assert!(
        err.contains("bitstamp.jsonl:7: rejected:") && err.contains("0.2500000x") && err.contains("column"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bitstamp_rest_bodies_belong_to_the_pair_asked() {
    // The REST bodies name no pair: with --pair BTC/EUR they make the EUR book, and the
    // btcusd channel's frames are another pair's (ignored, not rejected).
    let (got, _) = book(&[&resource("bitstamp.jsonl"), "--venue", "bitstamp", "--pair", "btc-eur", "--depth", "1"]);
    assert_eq!(got["currency"], "EUR");
    assert_eq!(got["pair"], "BTC/EUR");
    assert_eq!(got["bids"], json!([row("30415.13", "0.37816633")]));
    assert_eq!(got["asks"], json!([row("30434.64", "0.26500000")]));
    assert_eq!(got["trades"]["count"], 0);
    assert_eq!(got["ticker"]["last"], "30434.70");
    assert_eq!(got["synced"], true);
}

#[test]
fn kraken_book_checksums_and_sync() {
    let (got, err) = book(&[&resource("kraken-unsynced.jsonl"), "--venue", "kraken", "--depth", "2"]);
    // The update before the snapshot is ignored; the guide's update (checksum 1398182243)
    // matches; line 8's checksum does not: unsynced, but its change still applies.
    assert_eq!(got["synced"], false);
    assert_eq!(got["bids"], json!([row("45283.5", "0.05000000"), row("45283.4", "1.54582015")]));
    assert_eq!(got["asks"], json!([row("45286.4", "1.54571953"), row("45286.6", "1.54571109")]));
    assert_eq!(
        got["ticker"],
        json!({"last": "45286.4", "buy": "45283.5", "sell": "45286.4", "high": "46000.0", "low": "44000.0",
               "vol": "1234.56780000", "vwap": "45100.2", "avg": null})
    );
    // Two trades in one message, deduplicated by id; "buy" is the taker's side.
    assert_eq!(
        got["trades"],
        json!({"count": 2, "last": {"tid": "4665847", "price": "45286.4", "amount": "0.04000000", "trade_type": "bid"}})
    );
    assert_eq!(got["rejected"], 1);
    let mismatch: Vec<&str> = err.lines().filter(|l| l.contains("checksum")).collect();
    assert_eq!(mismatch.len(), 1, "{err}");
    assert!(mismatch[0].starts_with(&format!("{}:8: ", resource("kraken-unsynced.jsonl"))), "{err}");
    assert!(mismatch[0].contains("12345"), "{err}");
    assert!(err.contains("kraken-unsynced.jsonl:10: rejected:") && err.contains("oops"), "{err}");

    // A fresh snapshot (the last line of kraken.jsonl) syncs the book again.
    let (again, err) = book(&[&resource("kraken.jsonl"), "--venue", "kraken", "--depth", "1"]);
    assert_eq!(again["synced"], true);
    assert_eq!(again["asks"], json!([row("45285.2", "0.00100000")]));
    assert_eq!(again["bids"], json!([row("45283.5", "0.10000000")]));
    assert_eq!(err.lines().filter(|l| l.contains("checksum")).count(), 1, "{err}");
}

#[test]
fn coinbase_snapshot_updates_and_maker_sides() {
    let (got, err) = book(&[&resource("coinbase.jsonl"), "--venue", "coinbase"]);
    let want = json!({
        "currency": "USD",
        // The l2update before the snapshot (30400.00) is not applied; ETH-USD is another pair.
        "bids": [row("30405.00", "0.20000000"), row("30400.01", "0.75000000"), row("30399.99", "3.00000000"),
                 row("30390.00", "10.00000000")],
        "asks": [row("30411.00", "1.25000000"), row("30420.00", "2.00000000")],
        // Coinbase publishes no VWAP: null, like MtGox's avg nobody publishes.
        "ticker": {"last": "30405.00", "buy": "30405.00", "sell": "30411.00", "high": "31000.50", "low": "29500.00",
                   "vol": "9438.12800000", "vwap": null, "avg": null},
        // last_match 881613 (maker sold: the taker bought) and match 881614 (maker bought:
        // the taker sold); the repeated 881613 is a duplicate.
        "trades": {"count": 2, "last": {"tid": "881614", "price": "30405.00", "amount": "0.10000000", "trade_type": "ask"}},
        "rejected": 1,
        "venue": "coinbase", "pair": "BTC/USD", "synced": true
    });
    assert_eq!(got, want);
    assert!(err.contains("coinbase.jsonl:10: rejected:") && err.contains("30405.001") && err.contains("byte"), "{err}");
    let (tape, _) = book(&[&resource("coinbase.jsonl"), "--venue", "coinbase", "--tape", "1"]);
    assert_eq!(tape["trades"]["count"], 1);
}

#[test]
fn a_venue_capture_read_as_mtgox_is_rejected_line_by_line() {
    // --venue is mtgox by default: Kraken's frames are nothing MtGox sends (the heartbeat,
    // line 6, aside: an unknown MtGox payload is ignored, not rejected).
    let (got, err) = book(&[&resource("kraken.jsonl")]);
    assert_eq!(got["venue"], "mtgox");
    assert_eq!(got["synced"], false);
    assert_eq!(got["bids"], json!([]));
    assert_eq!(got["rejected"], 9, "{got}");
    assert!(err.contains("kraken.jsonl:1: rejected:") && !err.contains("kraken.jsonl:6:"), "{err}");
}

#[test]
fn book_usage_and_unknown_scales() {
    let bad = goxbook(&["book", &resource("kraken.jsonl"), "--venue", "gdax"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("gdax"));
    let both = goxbook(&["book", &resource("kraken.jsonl"), "--pair", "BTC/USD", "--currency", "USD"]);
    assert_eq!(both.status.code(), Some(2));
    // No built-in scales for ETH/USD on Kraken, and the capture publishes none.
    let eth = goxbook(&["book", &resource("kraken.jsonl"), "--venue", "kraken", "--pair", "ETH/USD"]);
    assert_eq!(eth.status.code(), Some(3), "{}", String::from_utf8_lossy(&eth.stderr));
    assert!(String::from_utf8_lossy(&eth.stderr).contains("scales of ETH/USD"));
    assert!(eth.stdout.is_empty());
}

fn consolidate(args: &[&str]) -> (Value, String) {
    let out = goxbook(&[&["consolidate"], args].concat());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{args:?}: {err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim().lines().count(), 1);
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

fn level(p: &str, a: &str, venues: Value) -> Value {
    json!({"price": p, "amount": a, "venues": venues})
}

#[test]
fn consolidated_book_and_arbitrage_with_fees() {
    let (c, k, b, m) = (
        format!("coinbase={}", resource("arb-coinbase.jsonl")),
        format!("kraken={}", resource("arb-kraken.jsonl")),
        format!("bitstamp={}", resource("arb-bitstamp.jsonl")),
        format!("mtgox={}", resource("arb-mtgox.jsonl")),
    );
    let (got, err) = consolidate(&[&c, &k, &b, &m, "--fee", "coinbase=40", "--fee=kraken=26"]);
    // Worked by hand. Buy on Coinbase (asks 100.00 × 1, 101.00 × 2; fee 0.40 %), sell on
    // Kraken (bids 102.0 × 1.5, 100.5 × 1; fee 0.26 %): 100 × 1.004 = 100.4 < 102 × 0.9974 =
    // 101.7348 for 1 BTC; 101 × 1.004 = 101.404 < 101.7348 for the 0.5 left at 102.0; then
    // 101.404 ≥ 100.5 × 0.9974 = 100.2387: stop. Amount 1.5; cost (100 + 50.5) × 1.004 =
    // 151.102 → 151.11 (up); proceeds 153 × 0.9974 = 152.6022 → 152.60 (down); profit 1.49;
    // edge 1.49 / 151.11 = 0.98604 % → 0.9860. Buy on Coinbase, sell on Bitstamp (bid 100.90
    // × 0.3, no fee): cost 30 × 1.004 = 30.12, proceeds 30.27, profit 0.15, edge 0.49801 % →
    // 0.4980. No other ordered pair crosses after fees. MtGox never saw a full depth: not
    // synced, left out (its 14.40 bid is nowhere, and its 5-decimal scale does not apply).
    let want = json!({
        "pair": "BTC/USD",
        "venues": {
            "mtgox": {"synced": false, "rejected": 0},
            "bitstamp": {"synced": true, "rejected": 1},
            "kraken": {"synced": true, "rejected": 0},
            "coinbase": {"synced": true, "rejected": 0}
        },
        "bids": [
            level("102.00", "1.50000000", json!({"kraken": "1.50000000"})),
            level("100.90", "0.30000000", json!({"bitstamp": "0.30000000"})),
            level("100.50", "1.00000000", json!({"kraken": "1.00000000"})),
            level("99.50", "2.00000000", json!({"bitstamp": "2.00000000"})),
            level("99.00", "1.00000000", json!({"coinbase": "1.00000000"}))
        ],
        "asks": [
            level("100.00", "1.00000000", json!({"coinbase": "1.00000000"})),
            level("101.00", "2.00000000", json!({"coinbase": "2.00000000"})),
            level("103.00", "1.50000000", json!({"bitstamp": "0.50000000", "kraken": "1.00000000"})),
            level("104.00", "1.00000000", json!({"bitstamp": "1.00000000"}))
        ],
        "arbitrage": [
            {"buy": "coinbase", "sell": "kraken", "amount": "1.50000000", "cost": "151.11", "proceeds": "152.60",
             "profit": "1.49", "edge_pct": "0.9860"},
            {"buy": "coinbase", "sell": "bitstamp", "amount": "0.30000000", "cost": "30.12", "proceeds": "30.27",
             "profit": "0.15", "edge_pct": "0.4980"}
        ]
    });
    assert_eq!(got, want);
    assert!(err.contains("arb-bitstamp.jsonl:2: rejected:"), "{err}");

    // --depth limits the levels printed, not the walk (which reads past the first level).
    // Without fees: Coinbase → Kraken takes 1 at 100 and 0.5 at 101 against 102.0, then
    // 101 ≥ 100.5 stops it; cost 150.50, proceeds 153.00, profit 2.50, edge 1.66113 % → 1.6611.
    let (top, _) = consolidate(&[&c, &k, &b, "--depth", "1"]);
    assert_eq!(top["bids"].as_array().map(Vec::len), Some(1));
    assert_eq!(top["asks"], json!([level("100.00", "1.00000000", json!({"coinbase": "1.00000000"}))]));
    let first = &top["arbitrage"][0];
    assert_eq!(
        first,
        &json!({"buy": "coinbase", "sell": "kraken", "amount": "1.50000000", "cost": "150.50",
                "proceeds": "153.00", "profit": "2.50", "edge_pct": "1.6611"})
    );
    // The venues object keeps the venue order whatever the command line's.
    let keys: Vec<&String> = top["venues"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3);
}

#[test]
fn consolidate_usage() {
    for (args, needle) in [
        (vec!["consolidate"], "V=FILE"),
        (vec!["consolidate", "kraken"], "V=FILE"),
        (vec!["consolidate", "gdax=x.jsonl"], "gdax"),
        (vec!["consolidate", "kraken=x.jsonl", "--fee", "kraken=10000"], "10000"),
        (vec!["consolidate", "kraken=x.jsonl", "--fee", "kraken"], "V=BPS"),
    ] {
        let out = goxbook(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let k = format!("kraken={}", resource("kraken.jsonl"));
    let twice = goxbook(&["consolidate", &k, &k]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("twice"));
    let missing = goxbook(&["consolidate", "kraken=/nonexistent/k.jsonl"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/k.jsonl"));
}

#[test]
fn a_line_that_is_not_utf8_is_rejected_and_the_rest_applies() {
    let mut capture = std::fs::read(resource("coinbase.jsonl")).unwrap();
    // A second line 12: bytes that are no UTF-8 (a cut multi-byte sequence), then a valid update.
    capture.extend_from_slice(
        b"{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"buy\",\"1\xe2\x82\",\"1\"]]}\n",
    );
    capture.extend_from_slice(
        br#"{"type":"l2update","product_id":"BTC-USD","changes":[["buy","30390.00","0"]],"time":"2021-04-17T16:43:40.000000Z"}"#,
    );
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("not-utf8-{}.jsonl", std::process::id()));
    std::fs::write(&path, &capture).unwrap();
    let (got, err) = book(&[path.to_str().unwrap(), "--venue", "coinbase"]);
    assert!(err.contains(":12: rejected: not UTF-8 at byte"), "{err}");
    assert_eq!(got["rejected"], 2);
    // Line 13 applied: 30390.00 is gone.
    assert!(!got["bids"].as_array().unwrap().iter().any(|l| l["price"] == "30390.00"), "{got}");
}

#[test]
fn consolidate_reads_one_capture_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_goxbook"))
        .args(["consolidate", "coinbase=-", &format!("kraken={}", resource("arb-kraken.jsonl"))])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(resource_text("arb-coinbase.jsonl").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["venues"]["coinbase"]["synced"], true);
    // Without fees: Coinbase → Kraken, 1.5 BTC for a profit of 2.50 (as above).
    assert_eq!(got["arbitrage"][0]["profit"], "2.50");
    assert_eq!(got["arbitrage"].as_array().unwrap().len(), 1);
}

fn resource_text(name: &str) -> String {
    std::fs::read_to_string(resource(name)).unwrap()
}
