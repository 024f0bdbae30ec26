//! The venues trade around one walk but not at one price: over a seeded run, clients of
//! Bitstamp, Kraken and Coinbase see BTC/USD mids that differ, and at least once one venue's
//! best bid above another's best ask — what the arbitrage table shows. Each venue's own book
//! is never crossed.

mod common;
mod venue_decode;
mod venue_server;

use common::{collect, ms, send};
use goxbook_feed::venues::Venue;
use tokio::time::Instant;
use venue_decode::*;
use venue_server::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn venues_differ_and_cross() {
    let h = server(&[Venue::Bitstamp, Venue::Kraken, Venue::Coinbase], 100.0, "").await;
    let mut bs = connect(&h, "/bitstamp").await;
    send(&mut bs, r#"{"event":"bts:subscribe","data":{"channel":"order_book_btcusd"}}"#).await;
    let mut kr = connect(&h, "/kraken").await;
    send(&mut kr, r#"{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}"#).await;
    let mut cb = connect(&h, "/coinbase").await;
    send(&mut cb, r#"{"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2_batch"]}"#).await;
    // Read the three in turn, keeping each venue's book and sampling all three quotes
    // (in cents) after every batch.
    let mut cores = [Core::new(Venue::Bitstamp, 0), Core::new(Venue::Kraken, 0), Core::new(Venue::Coinbase, 0)];
    let (mut crossed, mut differ, mut samples) = (0, 0, 0);
    let end = Instant::now() + ms(3000);
    while Instant::now() < end {
        // The core keeps each book (Kraken's checksum must match after every message); the
        // serde readers check the documented shapes.
        let frames = collect(&mut bs, ms(100)).await;
        frames.iter().for_each(|f| {
            bitstamp_book(f).unwrap();
        });
        cores[0].feed_all(&frames);
        let frames = collect(&mut kr, ms(100)).await;
        frames.iter().for_each(|f| {
            kraken_book(f).unwrap();
        });
        cores[1].feed_all(&frames);
        let frames = collect(&mut cb, ms(100)).await;
        frames.iter().for_each(|f| {
            coinbase_book(f).unwrap();
        });
        cores[2].feed_all(&frames);
        let scale = [1, 10, 1];
        let books: Vec<Option<Book>> = cores.iter().map(|c| c.market.synced().then(|| c.book())).collect();
        let quotes: Vec<(i64, i64)> = books
            .iter()
            .zip(scale)
            .filter_map(|(b, s)| {
                let b = b.as_ref()?;
                Some((b.bids.keys().next_back()? * s, b.asks.keys().next()? * s))
            })
            .collect();
        if quotes.len() < 3 {
            continue;
        }
        samples += 1;
        assert!(quotes.iter().all(|(b, a)| b < a), "no venue's own book is crossed: {quotes:?}");
        let mids: Vec<i64> = quotes.iter().map(|(b, a)| b + a).collect();
        if mids[0] != mids[1] && mids[1] != mids[2] && mids[0] != mids[2] {
            differ += 1;
        }
        if quotes.iter().any(|x| quotes.iter().any(|y| x.0 > y.1)) {
            crossed += 1;
        }
    }
    assert!(samples >= 5, "{samples} samples");
    assert!(differ * 2 > samples, "mids differ: {differ} of {samples}");
    assert!(crossed >= 1, "one venue's bid above another's ask at least once in {samples} samples");
    h.shutdown().await;
}
