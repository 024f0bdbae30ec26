//! Coinbase Exchange's `matches` channel: `match`, and on subscribing one `last_match`
//! (CB-WS; VENUES.md §3). Captured (CF `sample_data/COINBASE.ws.28.0`):
//! ```json
//! {"type":"last_match","trade_id":881613,"maker_order_id":"27fff20b-af29-4f45-8744-56dd1ef57dc0","taker_order_id":"1da6ce16-c8da-4732-9f71-6049f4c6aaf8","side":"sell","size":"0.04","price":"14.7775","product_id":"BAND-GBP","sequence":333938798,"time":"2021-04-17T16:43:30.244075Z"}
//! ```
//! `side` is the MAKER's side (CB-WS: "The side field indicates the maker order side. If the
//! side is sell this indicates the maker was a sell order and the match is considered an
//! up-tick"; the same trade's `ticker`, whose `side` is the taker's, says "buy"; cryptofeed
//! flips it): "sell" → the taker bought ("bid"), "buy" → the taker sold ("ask").

use crate::error::Error;
use crate::tape::{TradeRecord, TradeType};
use crate::venue::json;
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Match<'a> {
    pub trade_id: Option<&'a str>,
    pub side: Option<&'a str>,
    pub size: Option<&'a str>,
    pub price: Option<&'a str>,
    pub time: Option<&'a str>,
    /// True for `last_match` (the latest trade before the subscription).
    pub last: bool,
}

impl Match<'_> {
    pub fn record(&self, input: &str, scales: PairScales) -> Result<TradeRecord, Error> {
        let missing = |field| Error::Missing { kind: "Coinbase match", field };
        let side = self.side.ok_or(missing("side"))?;
        let trade_type = match side {
            "sell" => TradeType::Bid,
            "buy" => TradeType::Ask,
            _ => return Err(Error::Invalid { field: "side", text: side.to_string(), at: None }.locate(input, side)),
        };
        let time = json::time(input, self.time.ok_or(missing("time"))?, "time")?;
        Ok(TradeRecord {
            tid: json::int(input, self.trade_id.ok_or(missing("trade_id"))?, "trade_id")?,
            date: time.div_euclid(1_000_000),
            price: json::ticks(input, self.price.ok_or(missing("price"))?, scales.price, "price")?,
            amount: json::ticks(input, self.size.ok_or(missing("size"))?, scales.amount, "size")?,
            trade_type,
            primary: None,
        })
    }
}
