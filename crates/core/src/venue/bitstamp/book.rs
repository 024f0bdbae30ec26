//! Bitstamp's order books: the `diff_order_book_{pair}` and `order_book_{pair}` channels'
//! `data`, and the REST `order_book` body — one shape (VENUES.md §1, BS-WS, BS-API).
//!
//! `diff_order_book_btcusd` (captured, CCR):
//! ```json
//! {"data":{"timestamp":"1622520011","microtimestamp":"1622520011989838","bids":[["36653.62","0.75000000"]],"asks":[["36665.20","0.00000000"],["36669.76","0.75000000"]]},"channel":"diff_order_book_btcusd","event":"data"}
//! ```
//! `order_book_btcusd` (the top 100, whole each time; captured, 3 levels a side kept):
//! ```json
//! {"data":{"timestamp":"1653978373","microtimestamp":"1653978373164007","bids":[["31524.50","0.36400000"],["31521.05","0.23734197"],["31521.03","0.66028343"]],"asks":[["31535.44","0.31708837"],["31539.38","0.47520104"],["31543.37","0.01071471"]]},"channel":"order_book_btcusd","event":"data"}
//! ```
//! REST `GET /api/v2/order_book/btcusd/` (names no pair; 2 levels a side kept):
//! ```json
//! {"timestamp": "1654243213", "microtimestamp": "1654243213142992", "bids": [["30415.13", "0.37816633"], ["30415.11", "2.45236394"]], "asks": [["30434.64", "0.26500000"], ["30434.73", "0.10600000"]]}
//! ```
//! Levels are `[price, amount]` strings (a third item, `detail_order_book`'s order id, is
//! skipped); an amount of zero removes the level, any other is its new total.

use crate::book::Side;
use crate::error::Error;
use crate::venue::event::{BookSnapshot, BookUpdate, LevelChange};
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

/// A book's `data` (or REST body), numbers as their exact text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookData<'a> {
    pub timestamp: Option<&'a str>,
    pub microtimestamp: Option<&'a str>,
    pub bids: Vec<(&'a str, &'a str)>,
    pub asks: Vec<(&'a str, &'a str)>,
}

impl<'a> BookData<'a> {
    /// Reads the object at the cursor; unknown members are skipped.
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = BookData::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "timestamp" => seen.first(0, r).and_then(|_| json::num(r)).map(|t| d.timestamp = Some(t)),
            "microtimestamp" => seen.first(1, r).and_then(|_| json::num(r)).map(|t| d.microtimestamp = Some(t)),
            "bids" => seen.first(2, r).and_then(|_| json::pair_levels(r, &mut d.bids)),
            "asks" => seen.first(3, r).and_then(|_| json::pair_levels(r, &mut d.asks)),
            _ => r.skip(),
        })?;
        Ok(d)
    }

    /// The sync key, µs: `microtimestamp`, else `timestamp` (whole seconds) × 10^6 — older
    /// bodies without the µs field are still a snapshot, placed at the start of their second.
    fn time(&self, input: &str, need_micros: bool) -> Result<i64, Error> {
        if let Some(m) = self.microtimestamp {
            return json::int(input, m, "microtimestamp");
        }
        match self.timestamp {
            Some(t) if !need_micros => json::int(input, t, "timestamp")?.checked_mul(1_000_000).ok_or_else(|| {
                Error::Number {
                    field: "timestamp",
                    text: t.to_string(),
                    problem: crate::error::NumberProblem::Overflow,
                    at: None,
                }
                .locate(input, t)
            }),
            _ => Err(Error::Missing { kind: "Bitstamp order book", field: "microtimestamp" }),
        }
    }

    fn levels(&self, input: &str, scales: PairScales, side: Side) -> Result<Vec<(i64, i64)>, Error> {
        let v = if side == Side::Bid { &self.bids } else { &self.asks };
        json::tick_levels(input, v, scales, "amount")
    }

    /// As a snapshot (`order_book_` or the REST body).
    pub fn snapshot(&self, input: &str, scales: PairScales) -> Result<BookSnapshot, Error> {
        Ok(BookSnapshot {
            bids: self.levels(input, scales, Side::Bid)?,
            asks: self.levels(input, scales, Side::Ask)?,
            time: Some(self.time(input, false)?),
            checksum: None,
        })
    }

    /// As a diff: its `microtimestamp` is required (it is the sync key; seconds are too coarse
    /// to tell a diff from the snapshot of the same second).
    pub fn diff(&self, input: &str, scales: PairScales) -> Result<BookUpdate, Error> {
        let time = self.time(input, true)?;
        let mut changes = Vec::with_capacity(self.bids.len() + self.asks.len());
        for side in [Side::Bid, Side::Ask] {
            for (price, amount) in self.levels(input, scales, side)? {
                changes.push(LevelChange { side, price, amount });
            }
        }
        Ok(BookUpdate { changes, time: Some(time), checksum: None })
    }
}
