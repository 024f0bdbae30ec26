//! `goxbook serve`'s Coinbase Exchange feed end to end on loopback: subscribe with
//! product_ids and channels → `subscriptions`; `level2_batch` snapshot + `l2update`s rebuild
//! the simulator's books; `last_match`/`match` name the MAKER's side (the price rests on that
//! side of the book when the match comes); `ticker` names the taker's; heartbeats carry the
//! sequence and last trade id; errors for authenticated channels and unknown products.

mod common;
mod venue_decode;
mod venue_server;

use common::{collect, ms, next_text, send};
use goxbook_feed::venues::Venue;
use serde_json::Value;
use std::collections::HashMap;
use venue_decode::*;
use venue_server::*;

fn json(t: &str) -> Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}"))
}

/// The next frame that is not a heartbeat (the venue is paused when these are read).
async fn reply(ws: &mut common::Ws) -> Value {
    loop {
        let v = json(&next_text(ws, ms(2000)).await.expect("a reply"));
        if v["type"] != "heartbeat" {
            return v;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn level2_matches_ticker_and_heartbeat() {
    let h = server(&[Venue::Coinbase], 300.0, "").await;
    let mut ws = connect(&h, "/coinbase").await;
    send(
        &mut ws,
        r#"{"type":"subscribe","product_ids":["BTC-USD","BTC-EUR"],"channels":["level2_batch","matches",{"name":"ticker","product_ids":["BTC-USD"]},"heartbeat"]}"#,
    )
    .await;
    let first_text = next_text(&mut ws, ms(2000)).await.unwrap();
    let first = json(&first_text);
    assert_eq!(
        first,
        serde_json::json!({"type":"subscriptions","channels":[
            {"name":"heartbeat","product_ids":["BTC-USD","BTC-EUR"]},
            {"name":"level2_batch","product_ids":["BTC-USD","BTC-EUR"]},
            {"name":"matches","product_ids":["BTC-USD","BTC-EUR"]},
            {"name":"ticker","product_ids":["BTC-USD"]}]})
    );
    let mut frames = collect(&mut ws, ms(2500)).await;
    h.pause(true);
    frames.extend(collect(&mut ws, ms(2300)).await);

    // The core's books of both products, fed every frame (the subscriptions message first).
    let mut cores = [Core::new(Venue::Coinbase, 0), Core::new(Venue::Coinbase, 1)];
    for c in &mut cores {
        c.feed(&first_text);
    }
    let mut snapshots: Vec<String> = Vec::new();
    let mut taker_side: HashMap<i64, String> = HashMap::new();
    let (mut updates, mut matches, mut tickers, mut beats) = (0, 0, 0, Vec::new());
    let mut last_match: HashMap<String, (i64, i64)> = HashMap::new();
    for f in &frames {
        for c in &mut cores {
            c.feed(f);
        }
        let v = json(f);
        let product = v["product_id"].as_str().unwrap_or("").to_string();
        match v["type"].as_str().unwrap() {
            "snapshot" | "l2update" => {
                if v["type"] == "snapshot" {
                    assert_eq!(keys(&v), sorted(&["type", "product_id", "asks", "bids"]));
                    assert!(!snapshots.contains(&product), "one snapshot per product");
                    snapshots.push(product.clone());
                } else {
                    assert_eq!(keys(&v), sorted(&["type", "product_id", "changes", "time"]));
                    assert!(is_rfc3339_us(v["time"].as_str().unwrap()));
                    updates += 1;
                }
                // The shape beyond what the core reads: strings at exactly 2 and 8 places.
                let (p, _) = coinbase_book(f).unwrap_or_else(|e| panic!("{e}: {f}")).unwrap();
                assert_eq!(p, product);
            }
            kind @ ("match" | "last_match") => {
                assert_eq!(
                    keys(&v),
                    sorted(&[
                        "type",
                        "trade_id",
                        "maker_order_id",
                        "taker_order_id",
                        "side",
                        "size",
                        "price",
                        "product_id",
                        "sequence",
                        "time"
                    ])
                );
                assert_ne!(v["maker_order_id"], v["taker_order_id"]);
                assert_eq!(v["maker_order_id"].as_str().unwrap().len(), 36, "a uuid");
                let price = ticks(v["price"].as_str().unwrap(), 2).unwrap();
                ticks(v["size"].as_str().unwrap(), 8).unwrap();
                let id = v["trade_id"].as_i64().unwrap();
                let seq = v["sequence"].as_i64().unwrap();
                if let Some(&(last_id, last_seq)) = last_match.get(&product) {
                    assert!(id > last_id && seq > last_seq, "trade ids and sequences grow per product");
                }
                last_match.insert(product.clone(), (id, seq));
                // `side` is the maker's: a "sell" match took liquidity resting on the asks.
                let core = &cores[usize::from(product == "BTC-EUR")];
                assert!(core.market.synced(), "the snapshot came first");
                let book = core.book();
                if kind == "match" {
                    matches += 1;
                    let resting = if v["side"] == "sell" { &book.asks } else { &book.bids };
                    assert!(resting.contains_key(&price), "the maker's side holds the price: {f}");
                }
                let taker = if v["side"] == "sell" { "buy" } else { "sell" };
                taker_side.insert(id, taker.to_string());
            }
            "ticker" => {
                assert_eq!(
                    keys(&v),
                    sorted(&[
                        "type",
                        "sequence",
                        "product_id",
                        "price",
                        "open_24h",
                        "volume_24h",
                        "low_24h",
                        "high_24h",
                        "volume_30d",
                        "best_bid",
                        "best_bid_size",
                        "best_ask",
                        "best_ask_size",
                        "side",
                        "time",
                        "trade_id",
                        "last_size"
                    ])
                );
                assert_eq!(product, "BTC-USD", "ticker only where subscribed");
                tickers += 1;
                // The ticker's side is the taker's: the opposite of its match's.
                if let Some(t) = taker_side.get(&v["trade_id"].as_i64().unwrap()) {
                    assert_eq!(v["side"].as_str().unwrap(), t, "{f}");
                }
            }
            "heartbeat" => {
                assert_eq!(keys(&v), sorted(&["type", "sequence", "last_trade_id", "product_id", "time"]));
                beats.push(v);
            }
            other => panic!("unexpected {other}: {f}"),
        }
    }
    assert!(updates > 100 && matches > 20 && tickers > 10, "{updates} updates, {matches} matches, {tickers} tickers");
    for (pair, product) in ["BTC-USD", "BTC-EUR"].iter().enumerate() {
        let (sim, _) = sim_book(&h, Venue::Coinbase, pair);
        cores[pair].assert_rebuilt(&sim, None); // snapshot + l2updates = the simulator's book
                                                // Paused: the last heartbeats name the last trade and a sequence at least its match's.
        let beat = beats.iter().rev().find(|b| b["product_id"] == *product).expect("heartbeats");
        let (id, seq) = last_match[*product];
        assert_eq!(beat["last_trade_id"].as_i64(), Some(id));
        assert!(beat["sequence"].as_i64().unwrap() >= seq);
    }
    assert!(beats.len() >= 4, "one a second per product: {}", beats.len());

    // Errors: an authenticated channel, an unknown product, no product for a channel.
    for (bad, word) in [
        (r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2"]}"#, "authentication"),
        (r#"{"type":"subscribe","product_ids":["BTC-JPY"],"channels":["matches"]}"#, "BTC-JPY"),
        (r#"{"type":"subscribe","channels":["heartbeat"]}"#, "product ID"),
        ("nope", "JSON"),
    ] {
        send(&mut ws, bad).await;
        let v = reply(&mut ws).await;
        assert_eq!(v["type"], "error", "{bad}");
        let text = format!("{} {}", v["message"], v["reason"]);
        assert!(text.contains(word), "{text}");
    }
    // Unsubscribing is answered with what remains.
    send(
        &mut ws,
        r#"{"type":"unsubscribe","product_ids":["BTC-EUR"],"channels":["level2_batch","matches","heartbeat"]}"#,
    )
    .await;
    let v = reply(&mut ws).await;
    assert_eq!(v["type"], "subscriptions");
    assert!(
        v["channels"].as_array().unwrap().iter().all(|c| c["product_ids"] == serde_json::json!(["BTC-USD"])),
        "{v}"
    );
    h.shutdown().await;
}
