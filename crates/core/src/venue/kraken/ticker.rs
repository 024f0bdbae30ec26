//! Kraken v2's `ticker` channel (KR-V2 `ticker`; VENUES.md §2). Documented:
//! ```json
//! {"channel":"ticker","type":"snapshot","data":[{"symbol":"ALGO/USD","bid":0.10025,"bid_qty":740.0,"ask":0.10036,"ask_qty":1361.44813783,"last":0.10035,"volume":997038.98383185,"vwap":0.10148,"low":0.09979,"high":0.10285,"change":-0.00017,"change_pct":-0.17,"timestamp":"2023-09-25T09:04:31.742648Z"}]}
//! ```
//! Mapped: last, bid → buy, ask → sell, high, low, volume → vol (24 h, base currency), vwap
//! (24 h; rounded half to even to the price scale if finer: an average is no price on the
//! book); `timestamp` → now. Kraken publishes no average: avg is None.

use crate::error::Error;
use crate::market::TickerState;
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerData<'a> {
    pub symbol: Option<&'a str>,
    pub bid: Option<&'a str>,
    pub ask: Option<&'a str>,
    pub last: Option<&'a str>,
    pub volume: Option<&'a str>,
    pub vwap: Option<&'a str>,
    pub low: Option<&'a str>,
    pub high: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

impl<'a> TickerData<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = TickerData::default();
        let mut seen = Seen::default();
        r.object(|r, key| {
            let (bit, slot, number) = match key {
                "symbol" => (0, &mut d.symbol, false),
                "bid" => (1, &mut d.bid, true),
                "ask" => (2, &mut d.ask, true),
                "last" => (3, &mut d.last, true),
                "volume" => (4, &mut d.volume, true),
                "vwap" => (5, &mut d.vwap, true),
                "low" => (6, &mut d.low, true),
                "high" => (7, &mut d.high, true),
                "timestamp" => (8, &mut d.timestamp, false),
                _ => return r.skip(),
            };
            seen.first(bit, r)?;
            *slot = if r.null()? {
                None
            } else if number {
                Some(json::num(r)?)
            } else {
                Some(json::plain(r)?)
            };
            Ok(())
        })?;
        Ok(d)
    }

    pub fn ticker(&self, input: &str, scales: PairScales) -> Result<TickerState, Error> {
        let price = |v: Option<&str>, f| v.map(|t| json::ticks(input, t, scales.price, f)).transpose();
        Ok(TickerState {
            now: self.timestamp.map(|t| json::time(input, t, "timestamp")).transpose()?,
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
