//! record → capture → (`goxbook book`'s Market, and --replay) → the same book.

mod common;

use common::*;
use goxbook_core::Market;
use goxbook_feed::record::{record, RecordOptions};
use goxbook_feed::{ServeOptions, Source};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_then_replay_gives_the_same_book() {
    let h = server(opts(300.0)).await;
    let url = format!("ws://{}/mtgox?Currency=USD,EUR", h.addr);
    let opts_rec = RecordOptions { url, duration: Some(Duration::from_millis(2000)), http_base: None };
    let pauser = {
        let started = tokio::time::Instant::now();
        async move {
            tokio::time::sleep_until(started + ms(1500)).await;
        }
    };
    let mut buf: Vec<u8> = Vec::new();
    let rec = async {
        let r = record(&opts_rec, &mut buf).await.expect("recorded");
        r
    };
    let (r, _) = tokio::join!(rec, async {
        pauser.await;
        h.pause(true);
    });
    assert_eq!(r.snapshots, 2);
    assert!(r.frames > 100, "{r:?}");
    let capture = String::from_utf8(buf).unwrap();
    let lines: Vec<&str> = capture.lines().collect();
    assert!(
        lines[0].starts_with("{\"result\":\"success\",\"return\":{")
            && lines[0].ends_with(",\"_currency\":\"USD\",\"_t\":0}")
    );
    assert!(lines[2].contains("\"_t\":"));

    // The capture applied by the core (what `goxbook book` does) is the server's book now.
    let mut m = Market::default();
    for l in &lines {
        m.ingest(l).unwrap_or_else(|e| panic!("{e}: {l:.200}"));
    }
    for code in ["USD", "EUR"] {
        let (bids, asks) = levels(&m, code);
        assert!(bids.len() > 300 && asks.len() > 300);
        assert_eq!((bids, asks), levels(&http_book(&h, code).await, code), "{code}: capture == server");
    }
    h.shutdown().await;

    // Replay it fast: the replay server's book, and a client's, end equal to it.
    let path = std::env::temp_dir().join(format!("goxbook-capture-{}.jsonl", std::process::id()));
    std::fs::write(&path, &capture).unwrap();
    let replay =
        server(ServeOptions { source: Source::Replay { path: path.clone(), speed: 4.0, looping: false }, ..opts(1.0) })
            .await;
    let mut ws = connect(&replay, "?Currency=USD,EUR").await;
    let mut client = Market::default();
    for code in ["USD", "EUR"] {
        let (_, body) = get(&replay, &format!("/api/1/BTC{code}/fulldepth")).await;
        client.ingest(&format!("{},\"_currency\":\"{code}\"}}", body.trim_end().strip_suffix('}').unwrap())).unwrap();
    }
    let end = tokio::time::Instant::now() + ms(5000);
    while !replay.finished() && tokio::time::Instant::now() < end {
        for f in collect(&mut ws, ms(100)).await {
            client.ingest(&f).unwrap();
        }
    }
    assert!(replay.finished(), "the replay played through");
    for f in collect(&mut ws, ms(200)).await {
        client.ingest(&f).unwrap();
    }
    for code in ["USD", "EUR"] {
        let served = http_book(&replay, code).await;
        assert_eq!(levels(&served, code), levels(&m, code), "{code}: replay server == capture");
        assert_eq!(levels(&client, code), levels(&m, code), "{code}: replay client == capture");
    }
    replay.shutdown().await;

    // Looping shifts every time forward, so a second pass is not stale for clients, and a
    // client connected across passes keeps the served book (the new pass's snapshot is
    // published as depth messages).
    let looped =
        server(ServeOptions { source: Source::Replay { path: path.clone(), speed: 5.0, looping: true }, ..opts(1.0) })
            .await;
    let mut ws = connect(&looped, "?Currency=USD").await;
    let mut client = Market::default();
    let (_, body) = get(&looped, "/api/1/BTCUSD/fulldepth").await;
    client.ingest(&format!("{},\"_currency\":\"USD\"}}", body.trim_end().strip_suffix('}').unwrap())).unwrap();
    let frames = collect(&mut ws, ms(1500)).await;
    looped.pause(true);
    let frames: Vec<String> = frames.into_iter().chain(collect(&mut ws, ms(300)).await).collect();
    let stamps: Vec<i64> = frames
        .iter()
        .filter_map(|f| match goxbook_core::decode(f) {
            Ok(goxbook_core::Payload::Private(p)) => p.stamp.map(|s| s.int_value("stamp").unwrap()),
            _ => None,
        })
        .collect();
    assert!(stamps.len() > r.frames, "{} frames in 1.5 s: more than one pass", stamps.len());
    // Passes never overlap in time: the shift leaves at least 1 s between one pass's times
    // and the next's, so a jump of 1 s or more starts a pass. Within a pass times may step
    // back: the heal carries the snapshot's time, and the frames recorded while the
    // snapshot was fetched, older than it, follow (README: `goxbook record`).
    let mut passes: Vec<(i64, i64)> = Vec::new();
    for (i, &s) in stamps.iter().enumerate() {
        match passes.last_mut() {
            Some(p) if s < stamps[i - 1] + 1_000_000 => *p = (p.0.min(s), p.1.max(s)),
            _ => passes.push((s, s)),
        }
    }
    assert!(passes.len() > 1, "more than one pass: {passes:?}");
    assert!(passes.windows(2).all(|w| w[0].1 < w[1].0), "times keep increasing across passes: {passes:?}");
    for f in &frames {
        client.ingest(f).unwrap();
    }
    assert_eq!(
        levels(&client, "USD"),
        levels(&http_book(&looped, "USD").await, "USD"),
        "client across loops == served book"
    );
    looped.shutdown().await;
    let _ = std::fs::remove_file(path);
}
