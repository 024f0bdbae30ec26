//! Coinbase Exchange's `status` channel: every product with its increments, which are the
//! pair's scales (CB-WS "Status Channel"; VENUES.md §3, "Precision"). As documented (one
//! product, `currencies` cut):
//! ```text
//! {"type":"status","products":[{"id":"BTC-USD","base_currency":"BTC","quote_currency":"USD","base_increment":"0.00000001","quote_increment":"0.01","display_name":"BTC-USD","status":"online","status_message":null,"min_market_funds":"10","post_only":false,"limit_only":false,"cancel_only":false,"fx_stablecoin":false}],"currencies":[…]}
//! ```
//! A scale is the increment's number of decimal places ("0.01" → 2, "0.00000001" → 8; an
//! increment such as "0.05" also needs 2: every price is a multiple of it at that scale).

use crate::error::Error;
use crate::money::MAX_DECIMALS;
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Product<'a> {
    pub id: Option<&'a str>,
    pub base_increment: Option<&'a str>,
    pub quote_increment: Option<&'a str>,
}

impl<'a> Product<'a> {
    fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = Product::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "id" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| d.id = Some(s)),
            "base_increment" => seen.first(1, r).and_then(|_| json::num(r)).map(|s| d.base_increment = Some(s)),
            "quote_increment" => seen.first(2, r).and_then(|_| json::num(r)).map(|s| d.quote_increment = Some(s)),
            _ => r.skip(),
        })?;
        Ok(d)
    }

    /// Reads a `products` array.
    pub(crate) fn read_all(r: &mut Rd<'a>, out: &mut Vec<Product<'a>>) -> Res<()> {
        r.array(|r| Product::read(r).map(|p| out.push(p)))
    }

    pub fn scales(&self, input: &str) -> Result<PairScales, Error> {
        let missing = |field| Error::Missing { kind: "Coinbase status product", field };
        Ok(PairScales {
            price: places(input, self.quote_increment.ok_or(missing("quote_increment"))?, "quote_increment")?,
            amount: places(input, self.base_increment.ok_or(missing("base_increment"))?, "base_increment")?,
        })
    }
}

/// The decimal places a positive increment needs.
fn places(input: &str, text: &str, field: &'static str) -> Result<u32, Error> {
    let bad = || Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text);
    // The smallest scale at which the increment is a whole, positive number of ticks.
    (0..=MAX_DECIMALS).find(|&d| json::ticks(input, text, d, field).is_ok_and(|t| t > 0)).ok_or_else(bad)
}
