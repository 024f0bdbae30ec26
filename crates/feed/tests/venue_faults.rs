//! Faults apply per venue: a Bitstamp client gets duplicates while a Coinbase client of the
//! same server gets an intact stream (its book rebuilds exactly); a stalled Kraken goes
//! silent for whole periods; dropped Coinbase messages leave its client's book behind.

mod common;
mod venue_decode;
mod venue_server;

use common::{collect, ms, send};
use futures_util::StreamExt;
use goxbook_feed::venues::Venue;
use tokio::time::Instant;
use venue_decode::*;
use venue_server::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_venue_gets_its_own_faults() {
    let h = server(&[Venue::Bitstamp, Venue::Coinbase], 300.0, "bitstamp:dup=0.3").await;
    let mut bs = connect(&h, "/bitstamp").await;
    send(&mut bs, r#"{"event":"bts:subscribe","data":{"channel":"diff_order_book_btcusd"}}"#).await;
    let mut cb = connect(&h, "/coinbase").await;
    send(&mut cb, r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2_batch"]}"#).await;
    let (bf, cf) = tokio::join!(collect(&mut bs, ms(2000)), collect(&mut cb, ms(2000)));
    h.pause(true);
    let cf: Vec<String> = cf.into_iter().chain(collect(&mut cb, ms(400)).await).collect();
    let dups = |f: &[String]| f.windows(2).filter(|w| w[0] == w[1]).count();
    assert!(dups(&bf) > 20, "bitstamp duplicates: {} of {}", dups(&bf), bf.len());
    assert_eq!(dups(&cf), 0, "coinbase untouched");
    let mut core = Core::new(Venue::Coinbase, 0);
    core.feed_all(&cf);
    cf.iter().for_each(|f| {
        coinbase_book(f).unwrap();
    }); // the documented shapes
    core.assert_rebuilt(&sim_book(&h, Venue::Coinbase, 0).0, None);
    h.shutdown().await;

    // Drops: the Coinbase client misses changes and its book is no longer the simulator's.
    let h = server(&[Venue::Coinbase], 300.0, "coinbase:drop=0.3").await;
    let mut cb = connect(&h, "/coinbase").await;
    send(&mut cb, r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2_batch"]}"#).await;
    let mut frames = collect(&mut cb, ms(1500)).await;
    h.pause(true);
    frames.extend(collect(&mut cb, ms(400)).await);
    let mut core = Core::new(Venue::Coinbase, 0);
    core.feed_all(&frames);
    frames.iter().for_each(|f| {
        coinbase_book(f).unwrap();
    });
    assert!(frames.len() > 50);
    assert_eq!(core.market.rejected, 0);
    assert_ne!(core.book(), sim_book(&h, Venue::Coinbase, 0).0, "dropped updates show");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_venue_goes_silent() {
    let h = server(&[Venue::Kraken], 300.0, "kraken:stall=1").await;
    let mut kr = connect(&h, "/kraken").await;
    send(&mut kr, r#"{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"]}}"#).await;
    send(&mut kr, r#"{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"]}}"#).await;
    // Arrival times of data frames for 4.5 s: some gap of ≈1 s, frames on both sides of it.
    let start = Instant::now();
    let mut times = Vec::new();
    while start.elapsed() < ms(4500) {
        match tokio::time::timeout(ms(200), kr.next()).await {
            Ok(Some(Ok(m))) if m.is_text() => times.push(start.elapsed()),
            Ok(Some(Ok(_))) | Err(_) => {}
            _ => break,
        }
    }
    let longest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    assert!(longest >= ms(700), "longest silence {longest:?}");
    assert!(times.len() > 100, "{} frames", times.len());
    h.shutdown().await;
}
