//! Kraken v2's messages about the connection rather than the market: `status`, `heartbeat`,
//! subscription acknowledgements, and the `instrument` channel whose precisions are the
//! pairs' scales (KR-V2; VENUES.md §2).
//!
//! Status (the first frame; `connection_id` exceeds 2^53, so it is kept as text):
//! ```json
//! {"channel":"status","data":[{"api_version":"v2","connection_id":13834774380200032777,"system":"online","version":"2.0.0"}],"type":"update"}
//! ```
//! Heartbeat: `{"channel":"heartbeat"}`. Acknowledgement (one per symbol):
//! ```json
//! {"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"ALGO/USD"},"success":true,"time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}
//! ```
//! A refused request has `"success":false` and an `"error"` text instead of `result`.
//! Instrument (`data.pairs[]`, fields cut; `qty_increment` in exponent form):
//! ```text
//! {"symbol":"BTC/USD","base":"BTC","quote":"USD","status":"online","qty_precision":8,"qty_increment":1e-08,"price_precision":1,"cost_precision":5,…,"tick_size":0.1,"price_increment":0.1,"qty_min":0.0001}
//! ```
//! The docs show `data` as an object with `assets` and `pairs`; an array of pair objects is
//! read too (nothing is lost by accepting it).

use crate::error::Error;
use crate::money::MAX_DECIMALS;
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::PairScales;

/// A `status` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status<'a> {
    pub api_version: Option<&'a str>,
    pub connection_id: Option<&'a str>,
    pub system: Option<&'a str>,
    pub version: Option<&'a str>,
}

impl<'a> Status<'a> {
    pub(crate) fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = Status::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "api_version" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| d.api_version = Some(s)),
            "connection_id" => seen.first(1, r).and_then(|_| json::num(r)).map(|s| d.connection_id = Some(s)),
            "system" => seen.first(2, r).and_then(|_| json::plain(r)).map(|s| d.system = Some(s)),
            "version" => seen.first(3, r).and_then(|_| json::plain(r)).map(|s| d.version = Some(s)),
            _ => r.skip(),
        })?;
        Ok(d)
    }
}

/// A subscribe / unsubscribe acknowledgement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ack<'a> {
    pub method: &'a str,
    pub success: Option<bool>,
    pub channel: Option<&'a str>,
    pub symbol: Option<&'a str>,
    pub depth: Option<&'a str>,
    pub snapshot: Option<bool>,
    pub error: Option<String>,
}

impl<'a> Ack<'a> {
    /// Reads the whole line (its `method` already known).
    pub(crate) fn read(r: &mut Rd<'a>, method: &'a str) -> Res<Self> {
        let mut d = Ack { method, ..Ack::default() };
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "success" => seen.first(0, r).and_then(|_| r.opt_bool()).map(|b| d.success = b),
            "error" => seen.first(1, r).and_then(|_| r.opt_str()).map(|s| d.error = s.map(|s| s.into_owned())),
            "result" => {
                seen.first(2, r)?;
                if r.null()? {
                    return Ok(());
                }
                let mut inner = Seen::default();
                r.object(|r, key| match key {
                    "channel" => inner.first(0, r).and_then(|_| json::plain(r)).map(|s| d.channel = Some(s)),
                    "symbol" => inner.first(1, r).and_then(|_| json::plain(r)).map(|s| d.symbol = Some(s)),
                    "depth" => inner.first(2, r).and_then(|_| json::num(r)).map(|s| d.depth = Some(s)),
                    "snapshot" => inner.first(3, r).and_then(|_| r.opt_bool()).map(|b| d.snapshot = b),
                    _ => r.skip(),
                })
            }
            _ => r.skip(),
        })?;
        Ok(d)
    }

    /// The book depth it acknowledges, if it is a successful book subscription.
    pub fn book_depth(&self, input: &str) -> Result<Option<usize>, Error> {
        if self.method != "subscribe" || self.success != Some(true) || self.channel != Some("book") {
            return Ok(None);
        }
        let Some(d) = self.depth else { return Ok(None) };
        let v = json::int(input, d, "depth")?;
        match usize::try_from(v) {
            Ok(v) if v > 0 => Ok(Some(v)),
            _ => Err(Error::Invalid { field: "depth", text: d.to_string(), at: None }.locate(input, d)),
        }
    }
}

/// One pair of the `instrument` channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Instrument<'a> {
    pub symbol: Option<&'a str>,
    pub price_precision: Option<&'a str>,
    pub qty_precision: Option<&'a str>,
}

impl<'a> Instrument<'a> {
    fn read(r: &mut Rd<'a>) -> Res<Self> {
        let mut d = Instrument::default();
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "symbol" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| d.symbol = Some(s)),
            "price_precision" => seen.first(1, r).and_then(|_| json::num(r)).map(|s| d.price_precision = Some(s)),
            "qty_precision" => seen.first(2, r).and_then(|_| json::num(r)).map(|s| d.qty_precision = Some(s)),
            _ => r.skip(),
        })?;
        Ok(d)
    }

    /// Reads the `data` of an instrument message: `{"assets":[…],"pairs":[…]}` (or the pairs array).
    pub(crate) fn read_data(r: &mut Rd<'a>, out: &mut Vec<Instrument<'a>>) -> Res<()> {
        if r.peek()? == b'[' {
            return r.array(|r| Instrument::read(r).map(|i| out.push(i)));
        }
        let mut seen = Seen::default();
        r.object(|r, key| match key {
            "pairs" => seen.first(0, r).and_then(|_| r.array(|r| Instrument::read(r).map(|i| out.push(i)))),
            _ => r.skip(),
        })
    }

    /// The pair's scales: `price_precision` and `qty_precision`.
    pub fn scales(&self, input: &str) -> Result<PairScales, Error> {
        let missing = |field| Error::Missing { kind: "Kraken instrument", field };
        let decimals = |text: &str, field| -> Result<u32, Error> {
            let v = json::int(input, text, field)?;
            u32::try_from(v)
                .ok()
                .filter(|&d| d <= MAX_DECIMALS)
                .ok_or_else(|| Error::Invalid { field, text: text.to_string(), at: None }.locate(input, text))
        };
        Ok(PairScales {
            price: decimals(self.price_precision.ok_or(missing("price_precision"))?, "price_precision")?,
            amount: decimals(self.qty_precision.ok_or(missing("qty_precision"))?, "qty_precision")?,
        })
    }
}
