//! Servers of the simulated venues for the tests (loopback port 0, small books, short
//! history, no MtGox unless asked) and the simulator's own books through the server handle.

#![allow(dead_code)]

use goxbook_core::Side;
use goxbook_feed::faults::VenueFaults;
use goxbook_feed::venues::Venue;
use goxbook_feed::{start, ServeOptions, ServerHandle};

use crate::common::Ws;
use crate::venue_decode::Book;

pub fn opts(venues: &[Venue], rate: f64, faults: &str) -> ServeOptions {
    ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        venues: venues.to_vec(),
        venue_rate: rate,
        venue_faults: VenueFaults::parse(faults).unwrap(),
        sim_levels: 300,
        sim_history: 400,
        seed: 11,
        ..Default::default()
    }
}

pub async fn server(venues: &[Venue], rate: f64, faults: &str) -> ServerHandle {
    start(opts(venues, rate, faults)).await.expect("server starts")
}

pub async fn connect(h: &ServerHandle, path: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{}{path}", h.addr)).await.expect("websocket connects");
    ws
}

/// The simulator's whole book of `venue`'s pair `pair` (0: BTC/USD, 1: BTC/EUR), and its clock.
pub fn sim_book(h: &ServerHandle, venue: Venue, pair: usize) -> (Book, i64) {
    let v = h.venue(venue).expect("venue served");
    let st = v.lock();
    let m = &st.markets[pair];
    let book = Book { bids: m.levels(Side::Bid).collect(), asks: m.levels(Side::Ask).collect() };
    (book, st.clock)
}
