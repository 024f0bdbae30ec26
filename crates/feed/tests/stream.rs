//! The websocket feed end to end on loopback: default subscriptions, private frames that
//! decode with the core, a book rebuilt from full depth + stream equal to a later full depth,
//! tickers that agree with the book, unique increasing tids, and the client ops.

mod common;

use common::*;
use goxbook_core::wire::{decode, Payload, PrivateMessage};
use goxbook_core::{Currency, Market};
use std::collections::HashMap;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_rebuilds_the_book_and_tickers_agree() {
    let h = server(opts(400.0)).await;
    let specs = h.currencies();
    let mut ws = connect(&h, "?Currency=USD,EUR").await;
    // The default subscriptions come first.
    let mut subs = Vec::new();
    for _ in 0..6 {
        let t = next_text(&mut ws, ms(2000)).await.expect("subscribe frame");
        match decode(&t).unwrap() {
            Payload::Subscribe { channel } => subs.push(channel.to_string()),
            other => panic!("expected op:subscribe, got {other:?}"),
        }
    }
    for want in [&specs[0].ticker_channel, &specs[0].depth_channel, &specs[1].ticker_channel, &specs[1].depth_channel] {
        assert!(subs.contains(want), "{subs:?}");
    }
    assert!(subs.iter().any(|s| s == "dbf1dee9-4f2e-4a08-8cb7-748919a71b21"));
    assert!(subs.iter().any(|s| s == "85174711-be64-4de1-b783-0628995d7914"));
    assert_eq!(subs[0], "d5f06780-30a8-4a48-a2f8-7ed181b4a13f");

    // Snapshot after subscribing, then the stream.
    let mut market = Market::default();
    let mut snapshot_now = 0;
    for code in ["USD", "EUR"] {
        let (_, body) = get(&h, &format!("/api/1/BTC{code}/fulldepth")).await;
        let line = format!("{},\"_currency\":\"{code}\"}}", body.trim_end().strip_suffix('}').unwrap());
        market.ingest(&line).unwrap();
        if let Payload::Http { body: goxbook_core::HttpBody::Depth(d), .. } = decode(&body).unwrap() {
            snapshot_now = snapshot_now.max(d.now.unwrap().int_value("now").unwrap());
        }
    }
    let frames = collect(&mut ws, ms(2500)).await;
    h.pause(true);
    let tail = collect(&mut ws, ms(400)).await;
    let frames: Vec<String> = frames.into_iter().chain(tail).collect();
    assert!(frames.len() > 300, "only {} frames", frames.len());

    let mut kinds: HashMap<String, usize> = HashMap::new();
    let mut last_stamp = 0;
    let mut primary_tids = Vec::new();
    let mut tids_by_currency: HashMap<String, Vec<i64>> = HashMap::new();
    let mut checked_tickers = 0;
    for f in &frames {
        let p = match decode(f).unwrap_or_else(|e| panic!("{e}: {f}")) {
            Payload::Private(p) => p,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(p.origin.as_deref(), Some("broadcast"));
        let stamp = p.stamp.as_ref().expect("stamp").int_value("stamp").unwrap();
        assert!(stamp > last_stamp, "stamps increase");
        last_stamp = stamp;
        let name = p.channel_name.as_deref().expect("channel_name").to_string();
        let uuid = p.channel.as_deref().unwrap();
        let expected_uuid = match name.as_str() {
            "trade.BTC" => "dbf1dee9-4f2e-4a08-8cb7-748919a71b21",
            "trade.lag" => "85174711-be64-4de1-b783-0628995d7914",
            n => {
                let s = specs.iter().find(|s| s.depth_name == n || s.ticker_name == n).expect("known channel");
                if n.starts_with("depth") {
                    &s.depth_channel
                } else {
                    &s.ticker_channel
                }
            }
        };
        assert_eq!(uuid, expected_uuid, "{name}");
        *kinds.entry(p.message.kind().to_string()).or_default() += 1;
        match &p.message {
            PrivateMessage::Trade(t) => {
                let tid = t.tid.as_ref().unwrap().int_value("tid").unwrap();
                let cur = t.price_currency.as_deref().unwrap().to_string();
                if t.primary.as_deref() == Some("Y") {
                    primary_tids.push(tid);
                }
                tids_by_currency.entry(cur).or_default().push(tid);
            }
            PrivateMessage::Depth(d) => {
                assert!(name.ends_with(d.currency.as_deref().unwrap()));
                assert!(d.total_volume_int.is_some() && d.now.is_some());
            }
            _ => {}
        }
        market.ingest(f).unwrap();
        if let PrivateMessage::Ticker(t) = &p.message {
            let now = t.now.as_ref().unwrap().int_value("now").unwrap();
            let cur = Currency::new(t.currency().unwrap()).unwrap();
            if now > snapshot_now && ["USD", "EUR"].contains(&cur.as_str()) {
                let s = market.get(cur).unwrap();
                let ticker = s.ticker.as_ref().unwrap();
                assert_eq!(ticker.buy, s.book.best_bid().map(|l| l.price), "ticker buy is the best bid");
                assert_eq!(ticker.sell, s.book.best_ask().map(|l| l.price), "ticker sell is the best ask");
                assert!(ticker.buy < ticker.sell);
                assert!(ticker.low <= ticker.high && ticker.vol.unwrap() > 0);
                checked_tickers += 1;
            }
        }
    }
    assert!(checked_tickers > 5, "{checked_tickers} tickers checked; kinds {kinds:?}");
    for k in ["depth", "trade", "ticker"] {
        assert!(kinds.get(k).copied().unwrap_or(0) > 0, "no {k}: {kinds:?}");
    }
    assert!(primary_tids.windows(2).all(|w| w[0] < w[1]), "primary tids unique and increasing");
    for (cur, tids) in &tids_by_currency {
        assert!(tids.windows(2).all(|w| w[0] < w[1]), "{cur} tids unique and increasing");
    }
    assert!(tids_by_currency.len() == 3, "trades of every currency on trade.BTC: {:?}", tids_by_currency.keys());

    // The rebuilt books equal a later full depth.
    for code in ["USD", "EUR"] {
        let later = http_book(&h, code).await;
        let (bids, asks) = levels(&market, code);
        assert!(bids.len() > 300 && asks.len() > 300, "{code}: a deep book");
        assert_eq!((bids, asks), levels(&later, code), "{code}: rebuilt book == fulldepth");
    }
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_ops_unsubscribe_subscribe_and_remarks() {
    let h = server(opts(300.0)).await;
    let mut ws = connect(&h, "").await;
    // The default subscriptions come first.
    for _ in 0..4 {
        let t = next_text(&mut ws, ms(5000)).await.expect("subscribe frame");
        assert!(t.contains("\"op\":\"subscribe\""), "{t}");
    }
    // Unsubscribe depth (by uuid) and trades (by name): once both are answered, neither comes
    // any more. (Frames sent between the two answers are not counted: how many there are
    // depends on how fast the machine is.)
    send(&mut ws, r#"{"op":"unsubscribe","channel":"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe"}"#).await;
    send(&mut ws, r#"{"op":"unsubscribe","channel":"trade.BTC"}"#).await;
    let depth_off = find(&mut ws, "\"op\":\"unsubscribe\"", ms(5000)).await.expect("unsubscribe answered");
    assert!(depth_off.contains("24e67e0d-1cad-4cc0-9e7a-f8523ef460fe"), "{depth_off}");
    let trade_off = find(&mut ws, "\"op\":\"unsubscribe\"", ms(5000)).await.expect("unsubscribe answered");
    assert!(trade_off.contains("dbf1dee9-4f2e-4a08-8cb7-748919a71b21"), "{trade_off}");
    let settled = collect(&mut ws, ms(1200)).await;
    assert!(!settled.is_empty());
    assert!(
        settled.iter().all(|f| !f.contains("\"private\":\"depth\"") && !f.contains("\"private\":\"trade\"")),
        "{settled:?}"
    );
    // mtgox.subscribe by type and by channel name brings them back.
    send(&mut ws, r#"{"op":"mtgox.subscribe","type":"depth"}"#).await;
    send(&mut ws, r#"{"op":"mtgox.subscribe","channel":"depth.BTCEUR"}"#).await;
    send(&mut ws, r#"{"op":"mtgox.subscribe","type":"trades"}"#).await;
    let mut missing = vec!["depth.BTCUSD", "depth.BTCEUR", "\"private\":\"trade\""];
    let end = tokio::time::Instant::now() + ms(10_000);
    while !missing.is_empty() {
        let left = end.saturating_duration_since(tokio::time::Instant::now());
        let f = next_text(&mut ws, left).await.unwrap_or_else(|| panic!("still missing {missing:?}"));
        missing.retain(|m| !f.contains(m));
    }
    // Malformed and unknown frames are answered with a remark, and the session goes on.
    for bad in [
        "{not json",
        r#"{"op":"frobnicate"}"#,
        r#"{"op":"mtgox.subscribe","type":"bogus"}"#,
        r#"{"op":"unsubscribe","channel":"nope"}"#,
        "[1,2]",
        r#"{"op":"mtgox.subscribe"}"#,
    ] {
        send(&mut ws, bad).await;
        let remark =
            find(&mut ws, "\"op\":\"remark\"", ms(5000)).await.unwrap_or_else(|| panic!("no remark for {bad}"));
        match decode(&remark).unwrap() {
            Payload::Remark { success, message, .. } => {
                assert_eq!(success, Some(false));
                assert!(!message.unwrap().is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
    ws.send(tokio_tungstenite::tungstenite::Message::Binary(vec![0u8, 1, 2].into())).await.unwrap();
    assert!(find(&mut ws, "remark", ms(5000)).await.is_some());
    assert!(next_text(&mut ws, ms(5000)).await.is_some(), "still streaming");
    // An unknown currency is refused before the upgrade, with the error envelope.
    let err = tokio_tungstenite::connect_async(format!("ws://{}/mtgox?Currency=XYZ", h.addr)).await.unwrap_err();
    match err {
        tokio_tungstenite::tungstenite::Error::Http(resp) => {
            assert_eq!(resp.status(), 400);
            let body = String::from_utf8(resp.body().clone().unwrap_or_default()).unwrap();
            assert!(body.contains("Currency"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    h.shutdown().await;
}

use futures_util::SinkExt;

/// The first frame containing `needle` within `within` (None: none came): a reply's delay is
/// the machine's, not the protocol's, so tests wait for it rather than for a fixed time.
async fn find(ws: &mut Ws, needle: &str, within: std::time::Duration) -> Option<String> {
    let end = tokio::time::Instant::now() + within;
    loop {
        let f = next_text(ws, end.saturating_duration_since(tokio::time::Instant::now())).await?;
        if f.contains(needle) {
            return Some(f);
        }
    }
}
