//! `goxbook serve`'s Bitstamp end to end on loopback: the websocket v2 subscription
//! handshake, every frame in its documented shape, a client syncing `diff_order_book` against
//! the REST `order_book` by microtimestamp ends with the simulator's book, `order_book_`
//! messages are its top 100, trades name the taker's side, the REST ticker agrees.

mod common;
mod venue_decode;
mod venue_server;

use common::{collect, get, ms, next_text, send};
use goxbook_core::venue::BookStep;
use goxbook_feed::venues::Venue;
use serde_json::Value;
use venue_decode::*;
use venue_server::*;

fn json(t: &str) -> Value {
    serde_json::from_str(t).unwrap_or_else(|e| panic!("{e}: {t}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_syncs_diffs_against_the_rest_snapshot() {
    let h = server(&[Venue::Bitstamp], 300.0, "").await;
    let mut ws = connect(&h, "/bitstamp").await;
    for ch in ["diff_order_book_btcusd", "live_trades_btcusd", "order_book_btcusd"] {
        send(&mut ws, &format!(r#"{{"event":"bts:subscribe","data":{{"channel":"{ch}"}}}}"#)).await;
    }
    // The acknowledgements, as captured: {"event":"bts:subscription_succeeded","channel":…,"data":{}}.
    let mut early = Vec::new();
    let mut acked = Vec::new();
    while acked.len() < 3 {
        let t = next_text(&mut ws, ms(3000)).await.expect("ack");
        let v = json(&t);
        if v["event"] == "bts:subscription_succeeded" {
            assert_eq!(keys(&v), sorted(&["event", "channel", "data"]));
            assert_eq!(v["data"], serde_json::json!({}));
            acked.push(v["channel"].as_str().unwrap().to_string());
        } else {
            early.push(t);
        }
    }
    assert_eq!(acked, ["diff_order_book_btcusd", "live_trades_btcusd", "order_book_btcusd"]);

    // The REST snapshot after subscribing, as a live client does. It names no pair.
    let (status, body) = get(&h, "/api/v2/order_book/btcusd/").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(keys(&json(&body)), sorted(&["timestamp", "microtimestamp", "bids", "asks"]));
    let (_, snap_mt, _) = bitstamp_book(&body).unwrap().unwrap();
    // The core rebuilds the book as a client does: the diffs (held until the snapshot), the
    // REST snapshot, the diffs after it; `order_book_` (the top 100, whole) goes to a second
    // market, to compare with the diff book's top.
    let is_top = |f: &str| f.contains(r#""channel":"order_book_btcusd""#);
    let (mut diff, mut top) = (Core::new(Venue::Bitstamp, 0), Core::new(Venue::Bitstamp, 0));
    for f in early.iter().filter(|f| !is_top(f)) {
        diff.feed(f);
    }
    assert_eq!(diff.feed(&body).step, Some(BookStep::Replaced));
    let book = diff.book();
    assert!(book.bids.len() > 100 && book.asks.len() > 100, "a deep book");
    let n_early = early.len();

    let mut frames = early;
    frames.extend(collect(&mut ws, ms(2500)).await);
    h.pause(true);
    frames.extend(collect(&mut ws, ms(400)).await);

    let (mut diffs, mut stale, mut tops, mut trades) = (0, 0, 0, 0);
    let mut last_mt = 0;
    let mut last_trade = 0;
    for (i, f) in frames.iter().enumerate() {
        let step = if is_top(f) {
            top.feed(f).step
        } else if i >= n_early {
            diff.feed(f).step
        } else {
            None // fed before the snapshot
        };
        let v = json(f);
        assert_eq!(keys(&v), sorted(&["data", "channel", "event"]), "{f}");
        let data = &v["data"];
        let mt: i64 = data["microtimestamp"].as_str().unwrap().parse().unwrap();
        let ts: i64 = data["timestamp"].as_str().unwrap().parse().unwrap();
        assert_eq!(ts, mt / 1_000_000, "timestamp is the microtimestamp's second");
        match v["event"].as_str().unwrap() {
            "data" => {
                assert_eq!(keys(data), sorted(&["timestamp", "microtimestamp", "bids", "asks"]));
                let (channel, mt, change) = bitstamp_book(f).unwrap().unwrap();
                assert!(mt >= last_mt, "microtimestamps never go back");
                last_mt = mt;
                if channel == "diff_order_book_btcusd" {
                    diffs += 1;
                    if i >= n_early {
                        // At or before the snapshot's microtimestamp: stale; after it: applied.
                        assert_eq!(step == Some(BookStep::Stale), mt <= snap_mt, "{f}");
                    }
                    if mt <= snap_mt {
                        stale += 1;
                        continue;
                    }
                    assert!(matches!(step, Some(BookStep::Applied { .. })), "{step:?}: {f}");
                    if let BookChange::Update { bids, asks } = &change {
                        assert!(bids.windows(2).all(|w| w[0].0 > w[1].0), "diff bids best first");
                        assert!(asks.windows(2).all(|w| w[0].0 < w[1].0), "diff asks best first");
                    }
                } else {
                    assert_eq!(channel, "order_book_btcusd");
                    let BookChange::Snapshot { bids, asks } = change else { panic!() };
                    assert!(bids.len() == 100 && asks.len() == 100, "top 100");
                    assert_eq!(step, Some(BookStep::Replaced), "{f}");
                    if mt > snap_mt {
                        tops += 1;
                        let (t, book) = (top.book(), diff.book());
                        assert_eq!((t.bids(), t.asks()), (bids, asks), "the core reads the top 100 as sent");
                        assert_eq!(t.bids(), book.bids()[..100], "order_book_ is the top 100 of the diff book");
                        assert_eq!(t.asks(), book.asks()[..100]);
                    }
                }
            }
            "trade" => {
                trades += 1;
                assert_eq!(v["channel"], "live_trades_btcusd");
                assert_eq!(
                    keys(data),
                    sorted(&[
                        "id",
                        "timestamp",
                        "amount",
                        "amount_str",
                        "price",
                        "price_str",
                        "type",
                        "microtimestamp",
                        "buy_order_id",
                        "sell_order_id"
                    ])
                );
                let price = ticks(data["price_str"].as_str().unwrap(), 2).unwrap();
                let amount = ticks(data["amount_str"].as_str().unwrap(), 8).unwrap();
                assert!(price > 0 && amount > 0);
                // The float forms carry the same value.
                assert!((data["price"].as_f64().unwrap() - price as f64 / 100.0).abs() < 1e-6);
                assert!((data["amount"].as_f64().unwrap() - amount as f64 / 1e8).abs() < 1e-12);
                let id = data["id"].as_i64().unwrap();
                assert!(id > last_trade, "trade ids grow");
                last_trade = id;
                let (buy, sell) = (data["buy_order_id"].as_u64().unwrap(), data["sell_order_id"].as_u64().unwrap());
                // type 0: the taker bought, and the taker's order is the newer one.
                match data["type"].as_i64().unwrap() {
                    0 => assert!(buy > sell, "{f}"),
                    1 => assert!(sell > buy, "{f}"),
                    other => panic!("type {other}"),
                }
                // A trade happens at a price the book held (before its diff removes it).
                let book = diff.book();
                let side = if data["type"] == 0 { &book.asks } else { &book.bids };
                if mt > snap_mt {
                    assert!(side.contains_key(&price), "the trade's price rests on the maker's side: {f}");
                }
            }
            other => panic!("unexpected event {other}: {f}"),
        }
    }
    assert!(diffs > 100 && tops > 50 && trades > 5, "{diffs} diffs, {tops} tops, {trades} trades");
    let _ = stale;
    let (sim, clock) = sim_book(&h, Venue::Bitstamp, 0);
    diff.assert_rebuilt(&sim, None);
    top.assert_rebuilt(&sim, Some(100));
    let book = diff.book();
    // And a REST snapshot now says the same, at the venue's clock.
    let (_, body) = get(&h, "/api/v2/order_book/btcusd").await;
    let (_, mt, _) = bitstamp_book(&body).unwrap().unwrap();
    let mut again = Core::new(Venue::Bitstamp, 0);
    again.feed(&body);
    again.assert_rebuilt(&sim, None);
    assert_eq!(mt, clock);

    // The REST ticker: every field a string, bid/ask the book's best.
    let (status, body) = get(&h, "/api/v2/ticker/btcusd/").await;
    assert_eq!(status, 200);
    assert!(diff.feed(&body).ticker, "the core reads the REST ticker: {body}");
    let t = json(&body);
    for k in [
        "timestamp",
        "open",
        "high",
        "low",
        "last",
        "volume",
        "vwap",
        "bid",
        "ask",
        "side",
        "open_24",
        "percent_change_24",
    ] {
        assert!(t[k].is_string(), "{k} in {body}");
    }
    assert_eq!(ticks(t["bid"].as_str().unwrap(), 2).unwrap(), *book.bids.keys().next_back().unwrap());
    assert_eq!(ticks(t["ask"].as_str().unwrap(), 2).unwrap(), *book.asks.keys().next().unwrap());
    assert!(ticks(t["high"].as_str().unwrap(), 2).unwrap() >= ticks(t["low"].as_str().unwrap(), 2).unwrap());
    let (status, body) = get(&h, "/api/v2/ticker/btcjpy/").await;
    assert_eq!(status, 404, "{body}");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_events_and_errors() {
    let h = server(&[Venue::Bitstamp], 50.0, "bitstamp:disconnect=2").await;
    let mut ws = connect(&h, "/bitstamp").await;
    send(&mut ws, r#"{"event":"bts:heartbeat"}"#).await;
    let t = next_text(&mut ws, ms(2000)).await.unwrap();
    assert_eq!(json(&t), json(r#"{"event":"bts:heartbeat","channel":"","data":{"status":"success"}}"#));
    for bad in
        ["{not json", r#"{"event":"bts:subscribe","data":{"channel":"order_book_ethusd"}}"#, r#"{"event":"frob"}"#]
    {
        send(&mut ws, bad).await;
        let v = json(&next_text(&mut ws, ms(2000)).await.unwrap());
        assert_eq!(v["event"], "bts:error", "{bad}");
        assert!(v["data"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    send(&mut ws, r#"{"event":"bts:subscribe","data":{"channel":"diff_order_book_btceur"}}"#).await;
    send(&mut ws, r#"{"event":"bts:unsubscribe","data":{"channel":"diff_order_book_btceur"}}"#).await;
    // The disconnect fault: bts:request_reconnect, then the close.
    let mut seen = Vec::new();
    while let Some(t) = next_text(&mut ws, ms(3000)).await {
        seen.push(json(&t));
    }
    assert!(seen.iter().any(|v| v["event"] == "bts:unsubscription_succeeded"));
    let last = seen.last().expect("frames before the close");
    assert_eq!(last, &json(r#"{"event":"bts:request_reconnect","channel":"","data":""}"#));
    // After the unsubscription no diff comes.
    let after = seen.iter().skip_while(|v| v["event"] != "bts:unsubscription_succeeded").skip(1);
    assert!(after.clone().all(|v| v["event"] != "data"), "{seen:?}");
    h.shutdown().await;
}
