//! Coinbase Exchange's `level2_batch` channel (the same schema as `level2`, without its
//! authentication): `snapshot` and `l2update` (CB-WS; VENUES.md §3). Captured
//! (CF `sample_data/COINBASE.ws.28.0`; snapshot levels cut):
//! ```text
//! {"type":"snapshot","product_id":"BAND-GBP","asks":[["14.8024","12.77"],["14.8069","12.49"],…],"bids":[…]}
//! ```
//! ```json
//! {"type":"l2update","product_id":"SKL-BTC","changes":[["sell","0.00001306","660.5"]],"time":"2021-04-17T16:43:37.075687Z"}
//! ```
//! A change is `[side, price, size]`: `"buy"` a bid, `"sell"` an ask; size is the level's
//! new total, any zero (`"0.00000000"`) removes it.

use crate::book::Side;
use crate::error::Error;
use crate::venue::event::{BookSnapshot, BookUpdate, LevelChange};
use crate::venue::json::{self, Rd, Res};
use crate::venue::pair::PairScales;

/// A snapshot's levels, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot<'a> {
    pub bids: Vec<(&'a str, &'a str)>,
    pub asks: Vec<(&'a str, &'a str)>,
}

/// An l2update's changes `(side, price, size)`, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct L2Update<'a> {
    pub changes: Vec<(&'a str, &'a str, &'a str)>,
    pub time: Option<&'a str>,
}

pub(crate) fn read_changes<'a>(r: &mut Rd<'a>, out: &mut Vec<(&'a str, &'a str, &'a str)>) -> Res<()> {
    r.array(|r| {
        let mut v: [Option<&'a str>; 3] = [None; 3];
        let mut k = 0;
        r.array(|r| {
            match k {
                0 => v[0] = Some(json::plain(r)?),
                1 | 2 => v[k] = Some(json::num(r)?),
                _ => r.skip()?,
            }
            k += 1;
            Ok(())
        })?;
        match v {
            [Some(s), Some(p), Some(a)] => {
                out.push((s, p, a));
                Ok(())
            }
            _ => Err(r.fail("a change needs a side, a price and a size")),
        }
    })
}

fn level(input: &str, (p, a): (&str, &str), scales: PairScales) -> Result<(i64, i64), Error> {
    Ok((json::ticks(input, p, scales.price, "price")?, json::ticks(input, a, scales.amount, "size")?))
}

impl Snapshot<'_> {
    pub fn snapshot(&self, input: &str, scales: PairScales) -> Result<BookSnapshot, Error> {
        let side = |v: &[(&str, &str)]| json::tick_levels(input, v, scales, "size");
        Ok(BookSnapshot { bids: side(&self.bids)?, asks: side(&self.asks)?, time: None, checksum: None })
    }
}

impl L2Update<'_> {
    pub fn update(&self, input: &str, scales: PairScales) -> Result<BookUpdate, Error> {
        let mut changes = Vec::with_capacity(self.changes.len());
        for &(s, p, a) in &self.changes {
            let side = match s {
                "buy" => Side::Bid,
                "sell" => Side::Ask,
                _ => return Err(Error::Invalid { field: "side", text: s.to_string(), at: None }.locate(input, s)),
            };
            let (price, amount) = level(input, (p, a), scales)?;
            changes.push(LevelChange { side, price, amount });
        }
        let time = self.time.map(|t| json::time(input, t, "time")).transpose()?;
        Ok(BookUpdate { changes, time, checksum: None })
    }
}
