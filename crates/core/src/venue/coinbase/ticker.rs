//! Coinbase Exchange's `ticker` channel (CB-WS; VENUES.md §3). Captured (CF
//! `sample_data/COINBASE.ws.28.0`; the same trade as the `last_match` in [`super::trade`]):
//! ```json
//! {"type":"ticker","sequence":333938798,"product_id":"BAND-GBP","price":"14.7775","open_24h":"14.6647","volume_24h":"94381.28000000","low_24h":"14.3691","high_24h":"16.55","volume_30d":"2295579.57000000","best_bid":"14.7550","best_ask":"14.8060","side":"buy","time":"2021-04-17T16:43:30.244075Z","trade_id":881613,"last_size":"0.04"}
//! ```
//! Mapped: price → last, best_bid → buy, best_ask → sell, high_24h, low_24h, volume_24h →
//! vol; `time` → now. Coinbase publishes neither an average nor a VWAP: avg and vwap are None.

use crate::error::Error;
use crate::market::TickerState;
use crate::venue::json;
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ticker<'a> {
    pub price: Option<&'a str>,
    pub best_bid: Option<&'a str>,
    pub best_ask: Option<&'a str>,
    pub high_24h: Option<&'a str>,
    pub low_24h: Option<&'a str>,
    pub volume_24h: Option<&'a str>,
    pub time: Option<&'a str>,
}

impl Ticker<'_> {
    pub fn ticker(&self, input: &str, scales: PairScales) -> Result<TickerState, Error> {
        let price = |v: Option<&str>, f| v.map(|t| json::ticks(input, t, scales.price, f)).transpose();
        Ok(TickerState {
            now: self.time.map(|t| json::time(input, t, "time")).transpose()?,
            high: price(self.high_24h, "high_24h")?,
            low: price(self.low_24h, "low_24h")?,
            vol: self.volume_24h.map(|t| json::ticks(input, t, scales.amount, "volume_24h")).transpose()?,
            last: price(self.price, "price")?,
            buy: price(self.best_bid, "best_bid")?,
            sell: price(self.best_ask, "best_ask")?,
            ..TickerState::default()
        })
    }
}
