//! Bitstamp's REST `GET /api/v2/trading-pairs-info/`: every pair with its decimals, which are
//! the pair's scales (BS-API; VENUES.md §1 "Precision": they can change, so a capture that
//! carries this body is read with the venue's own figures). As published:
//! ```json
//! [{"base_decimals": 8, "minimum_order": "20.0 USD", "name": "BTC/USD", "counter_decimals": 2, "trading": "Enabled", "url_symbol": "btcusd", "description": "Bitcoin / U.S. dollar"}]
//! ```
//! `counter_decimals` is the price scale, `base_decimals` the amount scale.

use crate::error::Error;
use crate::money::MAX_DECIMALS;
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairInfo<'a> {
    pub name: Option<&'a str>,
    pub url_symbol: Option<&'a str>,
    pub base_decimals: Option<&'a str>,
    pub counter_decimals: Option<&'a str>,
}

impl<'a> PairInfo<'a> {
    fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = PairInfo::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "name" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| d.name = Some(s)),
            "url_symbol" => seen.first(1, r).and_then(|_| json::plain(r)).map(|s| d.url_symbol = Some(s)),
            "base_decimals" => seen.first(2, r).and_then(|_| json::num(r)).map(|s| d.base_decimals = Some(s)),
            "counter_decimals" => seen.first(3, r).and_then(|_| json::num(r)).map(|s| d.counter_decimals = Some(s)),
            _ => r.skip(),
        })?;
        Ok(d)
    }

    /// Reads the whole body (an array of pairs).
    pub(crate) fn read_all(r: &mut Rd<'a>) -> Res<Vec<PairInfo<'a>>> {
        let mut out = Vec::new();
        r.array(|r| PairInfo::read(r).map(|p| out.push(p)))?;
        r.end()?;
        Ok(out)
    }

    /// The pair's symbol: `url_symbol`, else `name`.
    pub fn symbol(&self) -> Option<&'a str> {
        self.url_symbol.or(self.name)
    }

    pub fn scales(&self, input: &str) -> Result<PairScales, Error> {
        let missing = |field| Error::Missing { kind: "Bitstamp trading pair", field };
        let decimals = |text: &str, field| -> Result<u32, Error> {
            u32::try_from(json::int(input, text, field)?)
                .ok()
                .filter(|&d| d <= MAX_DECIMALS)
                .ok_or_else(|| Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text))
        };
        Ok(PairScales {
            price: decimals(self.counter_decimals.ok_or(missing("counter_decimals"))?, "counter_decimals")?,
            amount: decimals(self.base_decimals.ok_or(missing("base_decimals"))?, "base_decimals")?,
        })
    }
}
