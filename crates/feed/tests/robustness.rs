//! Faults do what they say; slow, silent and surplus clients are closed; shutdown closes
//! every session with a close frame.

mod common;

use common::*;
use futures_util::StreamExt;
use goxbook_core::wire::{decode, Payload};
use goxbook_core::Market;
use goxbook_feed::faults::Faults;
use goxbook_feed::ServeOptions;
use std::time::Duration;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

/// The close frame's code and reason, reading until it comes (or `within` passes).
async fn close_reason(ws: &mut Ws, within: Duration) -> Option<(u16, String)> {
    let end = Instant::now() + within;
    loop {
        match tokio::time::timeout_at(end, ws.next()).await {
            Ok(Some(Ok(Message::Close(Some(f))))) => return Some((f.code.into(), f.reason.as_str().to_string())),
            Ok(Some(Ok(Message::Close(None)))) => return Some((0, String::new())),
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
}

fn with_faults(spec: &str, rate: f64) -> ServeOptions {
    ServeOptions { faults: Faults::parse(spec).unwrap(), ..opts(rate) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_faults_garbage_dup_drop_reorder() {
    // garbage: malformed frames among good ones.
    let h = server(with_faults("garbage=0.2", 300.0)).await;
    let mut ws = connect(&h, "").await;
    let frames = collect(&mut ws, ms(1500)).await;
    let bad = frames.iter().filter(|f| Market::default().ingest(f).is_err()).count();
    assert!(bad > 10 && bad < frames.len() / 2, "{bad} bad of {}", frames.len());
    h.shutdown().await;

    // dup: the same frame twice in a row.
    let h = server(with_faults("dup=0.3", 300.0)).await;
    let mut ws = connect(&h, "").await;
    let frames = collect(&mut ws, ms(1500)).await;
    let dups = frames.windows(2).filter(|w| w[0] == w[1] && w[0].contains("private")).count();
    assert!(dups > 10, "{dups} duplicates of {}", frames.len());
    h.shutdown().await;

    // reorder: stamps go backwards sometimes; drop: fewer frames than the server published.
    let h = server(with_faults("reorder=0.2,drop=0.3", 300.0)).await;
    let mut ws = connect(&h, "?Currency=USD,EUR,JPY").await;
    let before = h.published();
    let frames = collect(&mut ws, ms(1500)).await;
    let after = h.published();
    let stamps: Vec<i64> = frames
        .iter()
        .filter_map(|f| match decode(f) {
            Ok(Payload::Private(p)) => p.stamp.map(|s| s.int_value("stamp").unwrap()),
            _ => None,
        })
        .collect();
    assert!(stamps.windows(2).filter(|w| w[0] > w[1]).count() > 5, "reordered");
    let published = (after - before) as f64;
    assert!((stamps.len() as f64) < published * 0.85, "dropped: got {} of ~{published}", stamps.len());
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnect_and_stall_faults() {
    let h = server(with_faults("disconnect=1", 100.0)).await;
    let mut ws = connect(&h, "").await;
    let started = Instant::now();
    let (code, reason) = close_reason(&mut ws, ms(3000)).await.expect("closed by the fault");
    assert!(started.elapsed() <= ms(1600));
    assert_eq!(code, 1013);
    assert!(reason.contains("disconnect"), "{reason}");
    h.shutdown().await;

    let h = server(with_faults("stall=1", 400.0)).await;
    let mut ws = connect(&h, "").await;
    let mut times = Vec::new();
    let end = Instant::now() + ms(2600);
    while let Ok(Some(Ok(m))) = tokio::time::timeout_at(end, ws.next()).await {
        if matches!(m, Message::Text(_)) {
            times.push(Instant::now());
        }
    }
    let longest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    assert!(longest >= ms(800), "a silent second: longest gap {longest:?}");
    assert!(times.len() > 50);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_faults_delay_and_error() {
    let h = server(with_faults("http-delay=300", 10.0)).await;
    let t = Instant::now();
    assert_eq!(get(&h, "/api/1/BTCUSD/ticker").await.0, 200);
    assert!(t.elapsed() >= ms(300));
    h.shutdown().await;

    let h = server(with_faults("http-error=1", 10.0)).await;
    let (status, body) = get(&h, "/api/1/BTCUSD/ticker").await;
    assert_eq!(status, 500);
    assert!(matches!(decode(&body).unwrap(), Payload::Http { body: goxbook_core::HttpBody::Error { .. }, .. }));
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_closed_with_a_reason() {
    let h = server(ServeOptions { queue: 2048, send_timeout: ms(500), ..opts(5_000.0) }).await;
    let mut slow = connect(&h, "?Currency=USD,EUR,JPY").await;
    let mut fine = connect(&h, "").await;
    // The fine client keeps reading all along: until told to stop, not for a fixed time,
    // since draining the slow client takes longer on a busy machine, and a client that
    // stopped reading meanwhile would be too slow as well.
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let reader = tokio::spawn(async move {
        let mut n = 0;
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                m = fine.next() => match m {
                    Some(Ok(Message::Text(_))) => n += 1,
                    Some(Ok(_)) => {}
                    _ => break,
                },
            }
        }
        (n, fine)
    });
    // The slow client reads nothing for a while, then drains what was buffered.
    tokio::time::sleep(ms(2500)).await;
    let (code, reason) = close_reason(&mut slow, ms(20_000)).await.expect("a close frame");
    assert_eq!(code, 1008);
    assert!(reason.starts_with("too slow"), "{reason}");
    // Its session ends just after its close frame: a bound again.
    let end = Instant::now() + ms(15_000);
    while h.clients() > 1 && Instant::now() < end {
        tokio::time::sleep(ms(50)).await;
    }
    assert_eq!(h.clients(), 1, "only the slow client was closed");
    let _ = stop.send(());
    let (n, fine) = reader.await.unwrap();
    assert!(n > 1000, "the reading client got {n} frames");
    drop(fine);
    // A bound, not a timing: generous, so that a busy machine does not fail it.
    let end = Instant::now() + ms(15_000);
    while h.clients() > 0 && Instant::now() < end {
        tokio::time::sleep(ms(50)).await;
    }
    assert_eq!(h.clients(), 0);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_peers_are_dropped_and_the_limit_holds() {
    let h = server(ServeOptions { ping_interval: ms(200), ping_timeout: ms(1000), max_clients: 2, ..opts(20.0) }).await;
    // A peer that never reads never answers pings.
    let silent = connect(&h, "").await;
    let mut live = connect(&h, "").await;
    // The limit: a third connection is refused with 503.
    match tokio_tungstenite::connect_async(format!("ws://{}/mtgox", h.addr)).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 503),
        other => panic!("expected 503, got {:?}", other.map(|_| ())),
    }
    // The live one reads (and so answers pings) and stays. A bound, not a timing: the
    // drop comes after the ping timeout, later on a busy machine.
    let end = Instant::now() + ms(15_000);
    while h.clients() > 1 && Instant::now() < end {
        let _ = collect(&mut live, ms(100)).await;
    }
    assert_eq!(h.clients(), 1, "the silent peer was dropped");
    assert!(next_text(&mut live, ms(5000)).await.is_some(), "the live peer stays");
    drop(silent);
    // Graceful shutdown closes the remaining session with a close frame.
    let mut last = connect(&h, "").await;
    let stop = tokio::spawn(async move { h.shutdown().await });
    let (code, reason) = close_reason(&mut last, ms(3000)).await.expect("close on shutdown");
    assert_eq!(code, 1001);
    assert!(reason.contains("shutting down"));
    let _ = close_reason(&mut live, ms(100)).await;
    stop.await.unwrap();
}
