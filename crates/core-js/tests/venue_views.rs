//! The JS API's venue answers (`VenueMarket`, `Venues`), checked natively as the JSON text
//! the engine parses, on the CLI's hand-made captures (crates/cli/tests/resources).

use goxbook_core::arbitrage::Fees;
use goxbook_core::venue::{Pair, Venue, VenueMarket};
use goxbook_core_js::venue_views::{self as vv, VenueSet};
use goxbook_core_js::views::Js;
use serde_json::{json, Value};

fn resource(name: &str) -> String {
    let path = format!("{}/../cli/tests/resources/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(js: Js) -> Value {
    serde_json::from_str(&js.to_json()).unwrap()
}

#[test]
fn a_kraken_market_line_by_line() {
    let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    let lines: Vec<String> = resource("kraken-unsynced.jsonl").lines().map(str::to_string).collect();
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for l in &lines {
        match m.ingest(l) {
            Ok(c) => changes.push(parse(vv::change(&c, m.synced()))),
            Err(e) => errors.push(e),
        }
    }
    // Line 3: an update before any snapshot; line 4 the snapshot; line 8 a bad checksum.
    assert_eq!(changes[2]["step"], "beforeSnapshot");
    assert_eq!(changes[2]["synced"], false);
    assert_eq!(changes[3]["step"], "replaced");
    assert_eq!(changes[3]["synced"], true);
    assert_eq!(changes[4]["mismatch"], Value::Null);
    assert_eq!(changes[7]["mismatch"], json!({"sent": 12345, "computed": 732005647}));
    assert_eq!(changes[7]["synced"], false);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        parse(vv::state(&m)),
        json!({"venue": "kraken", "pair": "BTC/USD", "synced": false, "rejected": 1, "mismatches": 1})
    );

    let book = parse(vv::book(&m, 2).unwrap());
    assert_eq!(book["bids"][0], json!({"price": "45283.5", "amount": "0.05000000", "cumulative": "0.05000000"}));
    assert_eq!(book["bids"][1]["cumulative"], "1.59582015");
    assert_eq!(book["asks"].as_array().unwrap().len(), 2);
    assert_eq!(
        parse(vv::ticker(&m).unwrap()),
        json!({"venue": "kraken", "pair": "BTC/USD", "last": "45286.4", "buy": "45283.5", "sell": "45286.4",
               "high": "46000.0", "low": "44000.0", "vol": "1234.56780000", "vwap": "45100.2", "avg": null})
    );
    let trades = parse(vv::trades(&m, 5).unwrap());
    assert_eq!(trades[0]["tid"], "4665847");
    assert_eq!(trades[0]["type"], "bid");
    assert_eq!(trades[1]["type"], "ask");
}

#[test]
fn ingest_lines_counts_and_names_bad_lines() {
    let mut m = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
    let batch = parse(vv::ingest_lines(&mut m, &resource("coinbase.jsonl")));
    assert_eq!(batch["applied"], 10);
    assert_eq!(batch["rejected"], 1);
    assert_eq!(batch["errors"][0]["line"], 10);
    assert!(batch["errors"][0]["message"].as_str().unwrap().contains("30405.001"));
    assert_eq!(parse(vv::ticker(&m).unwrap())["vwap"], Value::Null);
}

#[test]
fn venues_consolidate_like_the_command_line() {
    let mut set = VenueSet::new(Pair::BTC_USD, 100);
    for (v, file) in [
        (Venue::Kraken, "arb-kraken.jsonl"),
        (Venue::Coinbase, "arb-coinbase.jsonl"),
        (Venue::Bitstamp, "arb-bitstamp.jsonl"),
        (Venue::MtGox, "arb-mtgox.jsonl"),
    ] {
        vv::ingest_lines(set.market_mut(v), &resource(file));
    }
    assert_eq!(set.venues(), vec![Venue::MtGox, Venue::Bitstamp, Venue::Kraken, Venue::Coinbase]);
    let mut fees = Fees::new();
    fees.set(Venue::Coinbase, 40).set(Venue::Kraken, 26);
    let got = parse(set.consolidated(2, &fees).unwrap());
    // The same hand-computed answer as crates/cli/tests/venues.rs, two levels a side.
    assert_eq!(got["pair"], "BTC/USD");
    assert_eq!(got["venues"]["mtgox"], json!({"synced": false, "rejected": 0}));
    assert_eq!(got["venues"]["bitstamp"], json!({"synced": true, "rejected": 1}));
    assert_eq!(
        got["bids"],
        json!([{"price": "102.00", "amount": "1.50000000", "venues": {"kraken": "1.50000000"}},
               {"price": "100.90", "amount": "0.30000000", "venues": {"bitstamp": "0.30000000"}}])
    );
    assert_eq!(
        got["asks"][1],
        json!({"price": "101.00", "amount": "2.00000000", "venues": {"coinbase": "2.00000000"}})
    );
    assert_eq!(
        got["arbitrage"],
        json!([{"buy": "coinbase", "sell": "kraken", "amount": "1.50000000", "cost": "151.11", "proceeds": "152.60",
                "profit": "1.49", "edge_pct": "0.9860"},
               {"buy": "coinbase", "sell": "bitstamp", "amount": "0.30000000", "cost": "30.12", "proceeds": "30.27",
                "profit": "0.15", "edge_pct": "0.4980"}])
    );
    // A venue never ingested is an argument error; so are bad names.
    assert_eq!(VenueSet::new(Pair::BTC_USD, 10).market(Venue::Kraken).unwrap_err().kind, "argument");
    assert_eq!(vv::venue("gdax").unwrap_err().kind, "argument");
    assert_eq!(vv::pair("btc-eur").unwrap(), Pair::BTC_EUR);
    assert!(vv::pair("BTC").is_err());
}

#[test]
fn unknown_scales_are_an_argument_error() {
    let eth = Pair::parse("ETH/USD").unwrap();
    let m = VenueMarket::new(Venue::Coinbase, eth);
    assert_eq!(vv::book(&m, 5).unwrap_err().kind, "argument");
    assert_eq!(vv::ticker(&m).unwrap_err().kind, "argument");
}
