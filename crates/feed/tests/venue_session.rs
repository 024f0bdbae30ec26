//! A simulated venue's session without sockets (driven through channels, as tests/session.rs
//! drives MtGox's): answers are never faulted while data frames are; a client that falls a
//! whole queue behind is closed as too slow; shutdown closes with 1001; Kraken opens with
//! its status and, under the checksum fault, every book message's checksum is wrong.

mod venue_decode;

use axum::extract::ws::Message;
use goxbook_feed::faults::Faults;
use goxbook_feed::session::End;
use goxbook_feed::venues::bitstamp::Bitstamp;
use goxbook_feed::venues::feed::{VenueShared, Venues, VenuesConfig};
use goxbook_feed::venues::kraken::Kraken;
use goxbook_feed::venues::session::{run, Protocol, VenueSessionConfig};
use goxbook_feed::venues::Venue;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use venue_decode::*;

const T0: i64 = 1_800_000_000_000_000;

fn venues(queue: usize) -> Venues {
    Venues::new(&VenuesConfig {
        seed: 5,
        venues: vec![Venue::Bitstamp, Venue::Kraken],
        levels: 100,
        history_events: 100,
        start_us: T0,
        queue,
    })
}

struct Harness {
    to_server: mpsc::UnboundedSender<Result<Message, std::convert::Infallible>>,
    from_server: mpsc::UnboundedReceiver<Message>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<End>,
}

fn harness<P: Protocol + 'static>(proto: P, venue: Arc<VenueShared>, faults: Faults) -> Harness {
    let (to_server, server_in) = mpsc::unbounded_channel();
    let (server_out, from_server) = mpsc::unbounded_channel::<Message>();
    let sink = futures_util::sink::unfold(server_out, |tx, msg: Message| async move {
        tx.send(msg).map_err(|_| "gone")?;
        Ok::<_, &'static str>(tx)
    });
    let stream = futures_util::stream::unfold(server_in, |mut rx| async move { rx.recv().await.map(|m| (m, rx)) });
    let cfg = VenueSessionConfig {
        faults,
        seed: 3,
        epoch: tokio::time::Instant::now(),
        ping_interval: Duration::from_secs(30),
        ping_timeout: Duration::from_secs(60),
        send_timeout: Duration::from_secs(1),
    };
    let rx = venue.tx.subscribe();
    let (stop, shutdown) = watch::channel(false);
    let task = tokio::spawn(run(proto, venue, cfg, Box::pin(sink), Box::pin(stream), rx, shutdown));
    Harness { to_server, from_server, stop, task }
}

impl Harness {
    async fn next(&mut self) -> Option<Message> {
        tokio::time::timeout(Duration::from_millis(500), self.from_server.recv()).await.ok().flatten()
    }

    async fn texts(&mut self) -> Vec<String> {
        let mut v = Vec::new();
        while let Some(m) = self.next().await {
            if let Message::Text(t) = m {
                v.push(t.as_str().to_string());
            }
        }
        v
    }

    fn say(&self, text: &str) {
        self.to_server.send(Ok(Message::Text(text.to_string().into()))).unwrap();
    }
}

#[tokio::test]
async fn answers_pass_the_faults_data_does_not() {
    let mut v = venues(4096);
    let venue = v.get(Venue::Bitstamp).unwrap().clone();
    let mut h = harness(Bitstamp::new(), venue, Faults { drop: 1.0, ..Default::default() });
    h.say(r#"{"event":"bts:subscribe","data":{"channel":"diff_order_book_btcusd"}}"#);
    h.say(r#"{"event":"bts:heartbeat"}"#);
    let replies = h.texts().await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(replies[0].contains("bts:subscription_succeeded") && replies[1].contains("bts:heartbeat"));
    for k in 0..200 {
        v.step(T0 + k * 1000, 0.01, true);
    }
    assert!(h.texts().await.is_empty(), "every data frame dropped");
    let _ = h.stop.send(true);
    assert_eq!(h.task.await.unwrap(), End::Shutdown);
}

#[tokio::test]
async fn a_client_a_queue_behind_is_closed_and_shutdown_says_so() {
    let mut v = venues(16);
    let venue = v.get(Venue::Bitstamp).unwrap().clone();
    let mut h = harness(Bitstamp::new(), venue.clone(), Faults::default());
    h.say(r#"{"event":"bts:subscribe","data":{"channel":"order_book_btcusd"}}"#);
    assert_eq!(h.texts().await.len(), 1);
    // The session cannot run while this test steps (one thread): the queue overflows.
    for k in 0..100 {
        v.step(T0 + k * 1000, 0.01, true);
    }
    let mut close = None;
    while let Some(m) = h.next().await {
        if let Message::Close(Some(f)) = m {
            close = Some((f.code, f.reason.as_str().to_string()));
        }
    }
    let (code, reason) = close.expect("a close frame");
    assert_eq!(code, 1008);
    assert!(reason.starts_with("too slow"), "{reason}");
    assert!(matches!(h.task.await.unwrap(), End::TooSlow(_)));

    let mut h = harness(Bitstamp::new(), venue, Faults::default());
    let _ = h.stop.send(true);
    match h.next().await {
        Some(Message::Close(Some(f))) => assert_eq!(f.code, 1001),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn kraken_status_first_and_the_checksum_fault() {
    let mut v = venues(4096);
    let venue = v.get(Venue::Kraken).unwrap().clone();
    let mut h = harness(Kraken::new(9, 1.0), venue, Faults::default());
    let first = h.texts().await;
    assert_eq!(first.len(), 1);
    assert!(
        first[0].starts_with(r#"{"channel":"status","data":[{"api_version":"v2","connection_id":"#),
        "{}",
        first[0]
    );
    h.say(r#"{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD","BTC/EUR"]}}"#);
    let mut frames = h.texts().await;
    assert_eq!(frames.len(), 4, "an ack and a snapshot per symbol");
    for k in 0..300 {
        v.step(T0 + k * 1000, 0.01, true);
    }
    frames.extend(h.texts().await);
    // The core's books (depth 10: the acknowledgements name none) see every checksum fail.
    let mut cores = [Core::new(Venue::Kraken, 0), Core::new(Venue::Kraken, 1)];
    let mut checked = 0;
    for f in first.iter().chain(&frames) {
        let shape = kraken_book(f).unwrap();
        for (pair, core) in cores.iter_mut().enumerate() {
            let c = core.feed(f);
            if shape.as_ref().is_some_and(|(symbol, _, _)| usize::from(symbol == "BTC/EUR") == pair) {
                assert!(c.mismatch.is_some(), "checksum=1.0 corrupts every book message: {f}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
    assert!(cores.iter().all(|c| !c.market.synced() && c.mismatched == c.book_messages));
}

#[tokio::test]
async fn kraken_bbo_tickers_come_when_the_best_bid_or_offer_changes() {
    let mut v = venues(4096);
    let venue = v.get(Venue::Kraken).unwrap().clone();
    let mut h = harness(Kraken::new(9, 0.0), venue, Faults::default());
    let _status = h.texts().await;
    h.say(r#"{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"],"event_trigger":"bbo"}}"#);
    let first = h.texts().await;
    assert_eq!(first.len(), 2, "the ack and the snapshot: {first:?}");
    for k in 0..300 {
        v.step(T0 + k * 1000, 0.01, true);
    }
    let tickers: Vec<serde_json::Value> =
        h.texts().await.iter().map(|t| serde_json::from_str::<serde_json::Value>(t).unwrap()).collect();
    assert!(tickers.len() > 10, "{}", tickers.len());
    let bbo = |t: &serde_json::Value| {
        let d = &t["data"][0];
        ["bid", "bid_qty", "ask", "ask_qty"].map(|k| d[k].to_string())
    };
    for w in tickers.windows(2) {
        assert_eq!(w[1]["type"], "update");
        assert_ne!(bbo(&w[0]), bbo(&w[1]), "each update changes the best bid or offer");
    }
}
