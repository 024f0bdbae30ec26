//! Bitstamp's `live_trades_{pair}` channel, event `trade` (VENUES.md §1).
//!
//! Captured (CF `sample_data/BITSTAMP.ws.1.0`):
//! ```json
//! {"data":{"id":216000477,"timestamp":"1641343699","amount":0.0792,"amount_str":"0.07920000","price":3805.44,"price_str":"3805.44","type":0,"microtimestamp":"1641343699596000","buy_order_id":1443875737346049,"sell_order_id":1443875731320832},"channel":"live_trades_ethusd","event":"trade"}
//! ```
//! `price_str` / `amount_str` carry the exact digits (possibly in exponent form, `"1E-8"`);
//! `price` / `amount` are JSON numbers written from a float and are read only when the
//! string form is absent. `type` 0 is a buy, 1 a sell (BS-WS). Whose side: the docs do not
//! say; in the captures `type` is always the side of the newer order id, i.e. the taker's
//! (VENUES.md "Which side"), and ccxt and cryptofeed read it so: 0 → the taker bought
//! ("bid"), 1 → the taker sold ("ask").

use super::book::BookData;
use crate::error::Error;
use crate::tape::{TradeRecord, TradeType};
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TradeData<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub microtimestamp: Option<&'a str>,
    pub price: Option<&'a str>,
    pub price_str: Option<&'a str>,
    pub amount: Option<&'a str>,
    pub amount_str: Option<&'a str>,
    pub kind: Option<&'a str>,
}

impl<'a> TradeData<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        Self::read_with(r, &mut BookData::default())
    }

    /// Reads a trade's fields and, into `book`, a book's (`timestamp` and `microtimestamp`
    /// go to both): the decoder's one walk over a `data` it has not identified yet.
    pub(crate) fn read_with(r: &mut Rd<'a>, book: &mut BookData<'a>) -> Res<Self> {
        let mut d = TradeData::default();
        let mut seen = Seen::default();
        r.object(|r, key| {
            match key {
                "bids" => return seen.first(8, r).and_then(|_| json::pair_levels(r, &mut book.bids)),
                "asks" => return seen.first(9, r).and_then(|_| json::pair_levels(r, &mut book.asks)),
                _ => {}
            }
            let (bit, slot) = match key {
                "id" => (0, &mut d.id),
                "timestamp" => (1, &mut d.timestamp),
                "microtimestamp" => (2, &mut d.microtimestamp),
                "price" => (3, &mut d.price),
                "price_str" => (4, &mut d.price_str),
                "amount" => (5, &mut d.amount),
                "amount_str" => (6, &mut d.amount_str),
                "type" => (7, &mut d.kind),
                _ => return r.skip(),
            };
            seen.first(bit, r)?;
            *slot = Some(json::num(r)?);
            Ok(())
        })?;
        book.timestamp = d.timestamp;
        book.microtimestamp = d.microtimestamp;
        Ok(d)
    }

    pub fn record(&self, input: &str, scales: PairScales) -> Result<TradeRecord, Error> {
        let missing = |field| Error::Missing { kind: "Bitstamp trade", field };
        let id = json::int(input, self.id.ok_or(missing("id"))?, "id")?;
        let price = self.price_str.or(self.price).ok_or(missing("price_str"))?;
        let amount = self.amount_str.or(self.amount).ok_or(missing("amount_str"))?;
        let date = match (self.timestamp, self.microtimestamp) {
            (Some(t), _) => json::int(input, t, "timestamp")?,
            (None, Some(m)) => json::int(input, m, "microtimestamp")?.div_euclid(1_000_000),
            (None, None) => return Err(missing("timestamp")),
        };
        let kind = self.kind.ok_or(missing("type"))?;
        let trade_type = match kind {
            "0" => TradeType::Bid,
            "1" => TradeType::Ask,
            _ => return Err(Error::Invalid { field: "type", text: kind.to_string(), at: None }.locate(input, kind)),
        };
        Ok(TradeRecord {
            tid: id,
            date,
            price: json::ticks(input, price, scales.price, "price")?,
            amount: json::ticks(input, amount, scales.amount, "amount")?,
            trade_type,
            primary: None,
        })
    }
}
