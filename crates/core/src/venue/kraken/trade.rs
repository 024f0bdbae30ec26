//! Kraken v2's `trade` channel (KR-V2 `trade`; VENUES.md §2). Documented:
//! ```json
//! {"channel":"trade","type":"snapshot","data":[{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:48:36.925533Z"},{"symbol":"MATIC/USD","side":"buy","price":0.5147,"qty":1136.19677815,"ord_type":"limit","trade_id":4665847,"timestamp":"2023-09-25T07:49:36.925603Z"}]}
//! ```
//! `side` is the taker's (KR-V2: "The side of the taker order"): "buy" → the taker bought
//! ("bid"), "sell" → "ask". `trade_id` is "a sequence number, unique per book".

use crate::error::Error;
use crate::tape::{TradeRecord, TradeType};
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TradeData<'a> {
    pub symbol: Option<&'a str>,
    pub side: Option<&'a str>,
    pub price: Option<&'a str>,
    pub qty: Option<&'a str>,
    pub ord_type: Option<&'a str>,
    pub trade_id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

impl<'a> TradeData<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = TradeData::default();
        let mut seen = Seen::default();
        r.object(|r, key| {
            let (bit, slot, number) = match key {
                "symbol" => (0, &mut d.symbol, false),
                "side" => (1, &mut d.side, false),
                "price" => (2, &mut d.price, true),
                "qty" => (3, &mut d.qty, true),
                "ord_type" => (4, &mut d.ord_type, false),
                "trade_id" => (5, &mut d.trade_id, true),
                "timestamp" => (6, &mut d.timestamp, false),
                _ => return r.skip(),
            };
            seen.first(bit, r)?;
            *slot = Some(if number { json::num(r)? } else { json::plain(r)? });
            Ok(())
        })?;
        Ok(d)
    }

    pub fn record(&self, input: &str, scales: PairScales) -> Result<TradeRecord, Error> {
        let missing = |field| Error::Missing { kind: "Kraken trade", field };
        let side = self.side.ok_or(missing("side"))?;
        let trade_type = match side {
            "buy" => TradeType::Bid,
            "sell" => TradeType::Ask,
            _ => return Err(Error::Invalid { field: "side", text: side.to_string(), at: None }.locate(input, side)),
        };
        let time = json::time(input, self.timestamp.ok_or(missing("timestamp"))?, "timestamp")?;
        Ok(TradeRecord {
            tid: json::int(input, self.trade_id.ok_or(missing("trade_id"))?, "trade_id")?,
            date: time.div_euclid(1_000_000),
            price: json::ticks(input, self.price.ok_or(missing("price"))?, scales.price, "price")?,
            amount: json::ticks(input, self.qty.ok_or(missing("qty"))?, scales.amount, "qty")?,
            trade_type,
            primary: None,
        })
    }
}
