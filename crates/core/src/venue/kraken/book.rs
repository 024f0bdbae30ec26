//! Kraken v2's `book` channel: `snapshot` and `update` (KR-V2 `book`, KR-CK; VENUES.md §2).
//!
//! Snapshot as documented (levels, and the trailing `checksum` and `timestamp`, cut):
//! ```text
//! {"channel":"book","type":"snapshot","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5666,"qty":4831.75496356},{"price":0.5665,"qty":6658.22734739},…],"asks":[{"price":0.5668,"qty":4410.79769741},…],…}]}
//! ```
//! Update (VENUES.md: the best ask removed, a new level enters the top 10):
//! ```json
//! {"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[{"price":45285.2,"qty":0.00000000},{"price":45300.1,"qty":0.50000000}],"checksum":1398182243,"timestamp":"2023-10-06T17:35:56.000000Z"}]}
//! ```
//! `price` and `qty` are bare JSON numbers, read from their text (never a float); `qty` 0
//! removes the level, any other is its new total; `checksum` is the CRC-32 of the book after
//! the message (see [`super::checksum`]).

use crate::book::Side;
use crate::error::Error;
use crate::venue::event::{BookSnapshot, BookUpdate, LevelChange};
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

/// One `data` item of a book message, numbers as their exact text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookData<'a> {
    pub symbol: Option<&'a str>,
    pub bids: Vec<(&'a str, &'a str)>,
    pub asks: Vec<(&'a str, &'a str)>,
    pub checksum: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

fn levels<'a>(r: &mut Rd<'a>, out: &mut Vec<(&'a str, &'a str)>) -> Res<()> {
    r.array(|r| {
        let (mut price, mut qty) = (None, None);
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "price" => seen.first(0, r).and_then(|_| json::num(r)).map(|n| price = Some(n)),
            "qty" => seen.first(1, r).and_then(|_| json::num(r)).map(|n| qty = Some(n)),
            _ => r.skip(),
        })?;
        match (price, qty) {
            (Some(p), Some(q)) => {
                out.push((p, q));
                Ok(())
            }
            _ => Err(r.fail("a level needs a price and a qty")),
        }
    })
}

impl<'a> BookData<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = BookData::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "symbol" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| d.symbol = Some(s)),
            "bids" => seen.first(1, r).and_then(|_| levels(r, &mut d.bids)),
            "asks" => seen.first(2, r).and_then(|_| levels(r, &mut d.asks)),
            "checksum" => seen.first(3, r).and_then(|_| json::num(r)).map(|n| d.checksum = Some(n)),
            "timestamp" => seen.first(4, r).and_then(|_| json::plain(r)).map(|s| d.timestamp = Some(s)),
            _ => r.skip(),
        })?;
        Ok(d)
    }

    fn ticks(&self, input: &str, scales: PairScales, side: Side) -> Result<Vec<(i64, i64)>, Error> {
        let v = if side == Side::Bid { &self.bids } else { &self.asks };
        json::tick_levels(input, v, scales, "qty")
    }

    fn checksum(&self, input: &str) -> Result<Option<u32>, Error> {
        let Some(c) = self.checksum else { return Ok(None) };
        let v = json::int(input, c, "checksum")?;
        u32::try_from(v)
            .map(Some)
            .map_err(|_| Error::Invalid { field: "checksum", text: c.to_string(), at: None }.locate(input, c))
    }

    fn time(&self, input: &str) -> Result<Option<i64>, Error> {
        self.timestamp.map(|t| json::time(input, t, "timestamp")).transpose()
    }

    pub fn snapshot(&self, input: &str, scales: PairScales) -> Result<BookSnapshot, Error> {
        Ok(BookSnapshot {
            bids: self.ticks(input, scales, Side::Bid)?,
            asks: self.ticks(input, scales, Side::Ask)?,
            time: self.time(input)?,
            checksum: self.checksum(input)?,
        })
    }

    pub fn update(&self, input: &str, scales: PairScales) -> Result<BookUpdate, Error> {
        let mut changes = Vec::with_capacity(self.bids.len() + self.asks.len());
        for side in [Side::Bid, Side::Ask] {
            for (price, amount) in self.ticks(input, scales, side)? {
                changes.push(LevelChange { side, price, amount });
            }
        }
        Ok(BookUpdate { changes, time: self.time(input)?, checksum: self.checksum(input)? })
    }
}
