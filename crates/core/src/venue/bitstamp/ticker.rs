//! Bitstamp's ticker: REST only, `GET /api/v2/ticker/{pair}/` (BS-API; Bitstamp has no
//! websocket ticker). The body names no pair: it belongs to the caller's.
//!
//! As published (VENUES.md §1):
//! ```json
//! {"high": "8069.34", "last": "7675.00", "timestamp": "1523543610", "bid": "7675.00", "vwap": "7369.00", "volume": "15671.15645338", "low": "6758.45", "ask": "7675.01", "open": "6940.94"}
//! ```
//! Mapped: last, bid → buy, ask → sell, high, low, volume → vol (24 h, base currency), vwap;
//! `timestamp` (seconds) → now. Bitstamp publishes no average: avg is None.

use crate::error::Error;
use crate::market::TickerState;
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerData<'a> {
    pub last: Option<&'a str>,
    pub high: Option<&'a str>,
    pub low: Option<&'a str>,
    pub vwap: Option<&'a str>,
    pub volume: Option<&'a str>,
    pub bid: Option<&'a str>,
    pub ask: Option<&'a str>,
    pub open: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

impl<'a> TickerData<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = TickerData::default();
        let mut seen = Seen::default();
        r.object(|r, key| {
            let (bit, slot) = match key {
                "last" => (0, &mut d.last),
                "high" => (1, &mut d.high),
                "low" => (2, &mut d.low),
                "vwap" => (3, &mut d.vwap),
                "volume" => (4, &mut d.volume),
                "bid" => (5, &mut d.bid),
                "ask" => (6, &mut d.ask),
                "open" => (7, &mut d.open),
                "timestamp" => (8, &mut d.timestamp),
                _ => return r.skip(),
            };
            seen.first(bit, r)?;
            // `open` may be null before a day's first trade on newer pairs.
            *slot = if r.null()? { None } else { Some(json::num(r)?) };
            Ok(())
        })?;
        Ok(d)
    }

    pub fn ticker(&self, input: &str, scales: PairScales) -> Result<TickerState, Error> {
        let price = |v: Option<&str>, f| v.map(|t| json::ticks(input, t, scales.price, f)).transpose();
        Ok(TickerState {
            now: self
                .timestamp
                .map(|t| json::int(input, t, "timestamp"))
                .transpose()?
                .map(|s| s.saturating_mul(1_000_000)),
            high: price(self.high, "high")?,
            low: price(self.low, "low")?,
            vwap: self.vwap.map(|t| json::rounded_ticks(input, t, scales.price, "vwap")).transpose()?,
            vol: self.volume.map(|t| json::ticks(input, t, scales.amount, "volume")).transpose()?,
            last: price(self.last, "last")?,
            buy: price(self.bid, "bid")?,
            sell: price(self.ask, "ask")?,
            ..TickerState::default()
        })
    }
}
