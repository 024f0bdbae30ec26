//! `goxbook serve`'s Kraken v2 end to end on loopback: `status` first, acknowledgements per
//! symbol with the depth, book snapshot and updates whose levels are bare numbers at the
//! pair's precision and whose checksum matches the client's book after every message, the
//! book kept to the subscribed depth equal to the simulator's top levels, trades with the
//! taker's side, tickers, heartbeats, ping, errors, and the corrupted-checksum fault.

mod common;
mod venue_decode;
mod venue_server;

use common::{collect, ms, next_text, send, Ws};
use goxbook_feed::venues::Venue;
use serde_json::Value;
use venue_decode::*;
use venue_server::*;

fn json(t: &str) -> Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}"))
}

/// A client's books by symbol, rebuilt by the core from every frame (kept to the depth its
/// acknowledgement names); counts book messages and checksum mismatches.
struct Client {
    books: Vec<(String, usize, Core)>,
    checked: usize,
    mismatched: usize,
}

impl Client {
    fn new(subs: &[(&str, usize, usize)]) -> Client {
        let books =
            subs.iter().map(|&(s, pair, depth)| (s.to_string(), depth, Core::new(Venue::Kraken, pair))).collect();
        Client { books, checked: 0, mismatched: 0 }
    }

    fn frame(&mut self, f: &str) {
        // The shape the docs show (bare numbers at the pair's precision, one item).
        let shape = kraken_book(f).unwrap_or_else(|e| panic!("{e}: {f}"));
        if let Some((symbol, BookChange::Snapshot { bids, asks }, _)) = &shape {
            let (_, depth, _) = self.books.iter().find(|b| &b.0 == symbol).expect("a subscribed symbol");
            assert!(bids.len() == *depth && asks.len() == *depth, "a snapshot has the depth");
            assert!(bids.windows(2).all(|w| w[0].0 > w[1].0) && asks.windows(2).all(|w| w[0].0 < w[1].0));
        }
        for (symbol, _, core) in &mut self.books {
            let c = core.feed(f);
            if shape.as_ref().is_some_and(|s| &s.0 == symbol) {
                assert!(c.step.is_some(), "the core took the book message for {symbol}: {f}");
                self.checked += 1;
                self.mismatched += usize::from(c.mismatch.is_some());
            }
        }
    }
}

/// The next frame that is not a heartbeat (the venue is paused when these are read).
async fn reply(ws: &mut Ws) -> Value {
    loop {
        let t = next_text(ws, ms(2000)).await.expect("a reply");
        if t != r#"{"channel":"heartbeat"}"# {
            return json(&t);
        }
    }
}

async fn subscribe_book(ws: &mut Ws, symbol: &str, depth: usize, req_id: u64) {
    let req = format!(
        r#"{{"method":"subscribe","params":{{"channel":"book","symbol":["{symbol}"],"depth":{depth},"snapshot":true}},"req_id":{req_id}}}"#
    );
    send(ws, &req).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn books_keep_their_depth_and_every_checksum_matches() {
    let h = server(&[Venue::Kraken], 300.0, "").await;
    let mut ws = connect(&h, "/kraken").await;
    let status = json(&next_text(&mut ws, ms(2000)).await.unwrap());
    assert_eq!(status["channel"], "status");
    assert_eq!(status["type"], "update");
    let d = &status["data"][0];
    assert_eq!(keys(d), sorted(&["api_version", "connection_id", "system", "version"]));
    assert_eq!((d["api_version"].as_str(), d["system"].as_str()), (Some("v2"), Some("online")));
    assert!(d["connection_id"].as_u64().unwrap() > 1 << 53);

    subscribe_book(&mut ws, "BTC/USD", 10, 7).await;
    subscribe_book(&mut ws, "BTC/EUR", 25, 8).await;
    send(&mut ws, r#"{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":true}}"#).await;
    send(&mut ws, r#"{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]}}"#).await;
    let mut frames = collect(&mut ws, ms(2500)).await;
    h.pause(true);
    frames.extend(collect(&mut ws, ms(400)).await);

    let mut client = Client::new(&[("BTC/USD", 0, 10), ("BTC/EUR", 1, 25)]);
    let (mut acks, mut trades, mut tickers, mut updates) = (Vec::new(), 0, 0, 0);
    let mut last_trade_id = 0;
    for f in &frames {
        client.frame(f);
        let v = json(f);
        if v.get("method").is_some() {
            assert_eq!(v["method"], "subscribe");
            assert_eq!(v["success"], true, "{f}");
            assert!(is_rfc3339_us(v["time_in"].as_str().unwrap()) && is_rfc3339_us(v["time_out"].as_str().unwrap()));
            acks.push(v);
            continue;
        }
        match v["channel"].as_str().unwrap() {
            "book" => {
                let item = &v["data"][0];
                assert_eq!(v["data"].as_array().unwrap().len(), 1, "the book is the only item");
                assert_eq!(keys(item), sorted(&["symbol", "bids", "asks", "checksum", "timestamp"]));
                assert!(is_rfc3339_us(item["timestamp"].as_str().unwrap()));
                if v["type"] == "update" {
                    updates += 1;
                }
            }
            "trade" => {
                for t in v["data"].as_array().unwrap() {
                    assert_eq!(
                        keys(t),
                        sorted(&["symbol", "side", "price", "qty", "ord_type", "trade_id", "timestamp"])
                    );
                    assert!(["buy", "sell"].contains(&t["side"].as_str().unwrap()));
                    assert!(["limit", "market"].contains(&t["ord_type"].as_str().unwrap()));
                    let id = t["trade_id"].as_i64().unwrap();
                    assert!(id > last_trade_id, "trade ids grow");
                    last_trade_id = id;
                    trades += 1;
                }
                assert!(v["type"] == "snapshot" || v["type"] == "update");
            }
            "ticker" => {
                let t = &v["data"][0];
                assert_eq!(
                    keys(t),
                    sorted(&[
                        "symbol",
                        "bid",
                        "bid_qty",
                        "ask",
                        "ask_qty",
                        "last",
                        "volume",
                        "vwap",
                        "low",
                        "high",
                        "change",
                        "change_pct",
                        "timestamp"
                    ])
                );
                assert!(t["bid"].as_f64().unwrap() < t["ask"].as_f64().unwrap());
                tickers += 1;
            }
            "heartbeat" => {}
            other => panic!("unexpected channel {other}: {f}"),
        }
    }
    // One acknowledgement per symbol, naming the depth; req_id echoed.
    assert_eq!(acks.len(), 4);
    assert_eq!(acks[0]["result"], serde_json::json!({"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD"}));
    assert_eq!(acks[0]["req_id"], 7);
    assert_eq!(acks[1]["result"]["depth"], 25);
    assert_eq!(acks[2]["result"]["channel"], "trade");
    assert!(updates > 50 && trades > 50 && tickers > 3, "{updates} updates, {trades} trades, {tickers} tickers");
    assert_eq!(client.mismatched, 0, "every checksum matches ({} checked)", client.checked);
    // The core's books, kept to their depth, are the simulator's top levels.
    for (pair, (_, depth, core)) in client.books.iter().enumerate() {
        let (sim, _) = sim_book(&h, Venue::Kraken, pair);
        core.assert_rebuilt(&sim, Some(*depth));
    }

    // Paused: heartbeats about once a second.
    let quiet = collect(&mut ws, ms(2300)).await;
    let beats = quiet.iter().filter(|f| f.as_str() == r#"{"channel":"heartbeat"}"#).count();
    assert!((1..=3).contains(&beats), "{quiet:?}");

    // The instrument channel: the pairs' precisions, as the checksum needs them.
    send(&mut ws, r#"{"method":"subscribe","params":{"channel":"instrument"},"req_id":3}"#).await;
    let ack = reply(&mut ws).await;
    assert_eq!((ack["success"].as_bool(), ack["req_id"].as_u64()), (Some(true), Some(3)));
    let inst = reply(&mut ws).await;
    assert_eq!((inst["channel"].as_str(), inst["type"].as_str()), (Some("instrument"), Some("snapshot")));
    let pairs = inst["data"]["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    for (p, symbol) in pairs.iter().zip(["BTC/USD", "BTC/EUR"]) {
        assert_eq!(p["symbol"], symbol);
        assert_eq!((p["price_precision"].as_u64(), p["qty_precision"].as_u64()), (Some(1), Some(8)));
    }
    send(&mut ws, r#"{"method":"unsubscribe","params":{"channel":"instrument"}}"#).await;
    assert_eq!(reply(&mut ws).await["method"], "unsubscribe");

    // Ping, and errors that name what was wrong.
    send(&mut ws, r#"{"method":"ping","req_id":101}"#).await;
    let pong = reply(&mut ws).await;
    assert_eq!((pong["method"].as_str(), pong["req_id"].as_u64()), (Some("pong"), Some(101)));
    for (bad, word) in [
        (r#"{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":11}}"#, "depth"),
        (r#"{"method":"subscribe","params":{"channel":"book","symbol":["XBT/JPY"]}}"#, "XBT/JPY"),
        (r#"{"method":"subscribe","params":{"channel":"ohlcv","symbol":["BTC/USD"]}}"#, "ohlcv"),
        ("[1,2", "Malformed"),
    ] {
        send(&mut ws, bad).await;
        let v = reply(&mut ws).await;
        assert_eq!(v["success"], false, "{bad}");
        assert!(v["error"].as_str().unwrap().contains(word), "{v}");
    }
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupted_checksum_is_seen_and_a_resubscription_heals() {
    let h = server(&[Venue::Kraken], 300.0, "kraken:checksum=0.2").await;
    let mut ws = connect(&h, "/kraken").await;
    subscribe_book(&mut ws, "BTC/USD", 10, 1).await;
    let frames = collect(&mut ws, ms(1500)).await;
    let mut client = Client::new(&[("BTC/USD", 0, 10)]);
    for f in &frames {
        client.frame(f);
    }
    assert!(client.checked > 30, "{}", client.checked);
    let share = client.mismatched as f64 / client.checked as f64;
    assert!((0.05..0.45).contains(&share), "{} of {} mismatched", client.mismatched, client.checked);
    // The documented remedy: unsubscribe and subscribe again; the fresh snapshot is the
    // simulator's book whatever the checksums said.
    send(&mut ws, r#"{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}"#).await;
    h.pause(true);
    let _ = collect(&mut ws, ms(300)).await;
    subscribe_book(&mut ws, "BTC/USD", 10, 2).await;
    let mut fresh = Client::new(&[("BTC/USD", 0, 10)]);
    for f in collect(&mut ws, ms(500)).await {
        fresh.frame(&f);
    }
    let (sim, _) = sim_book(&h, Venue::Kraken, 0);
    assert_eq!(fresh.books[0].2.book().bids(), sim.bids()[..10]);
    assert_eq!(fresh.books[0].2.market.rejected, 0);
    h.shutdown().await;
}
