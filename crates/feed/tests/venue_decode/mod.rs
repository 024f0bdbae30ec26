//! Reading the simulated venues' frames in the tests. The books are rebuilt by the core
//! ([`Core`]: every frame through `VenueMarket::ingest`, as a client of the venue would),
//! so what the simulator sends is checked against the decoders the CLI uses. The serde_json
//! readers (`bitstamp_book`, `kraken_book`, `coinbase_book`) stay as shape checks the core
//! does not make: exact decimal places at the venue's documented scale, strings or bare
//! numbers where the docs show them, one item per Kraken book message.

#![allow(dead_code)]

use goxbook_core::venue::{Pair, Venue, VenueChange, VenueMarket};
use goxbook_core::Side;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// Ticks of an exact decimal text that must have exactly `decimals` places.
pub fn ticks(text: &str, decimals: u32) -> Result<i64, String> {
    let t = text.trim_matches('"');
    let (int, frac) = t.split_once('.').ok_or_else(|| format!("{t:?}: no decimal point"))?;
    if frac.len() != decimals as usize || int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{t:?}: expected {decimals} decimals"));
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{t:?}: not a decimal"));
    }
    format!("{int}{frac}").parse::<i64>().map_err(|e| format!("{t:?}: {e}"))
}

/// A level book in ticks (the simulator's, or the core's rebuilt one, to compare).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Book {
    pub bids: BTreeMap<i64, i64>,
    pub asks: BTreeMap<i64, i64>,
}

impl Book {
    /// Bids best first.
    pub fn bids(&self) -> Vec<(i64, i64)> {
        self.bids.iter().rev().map(|(&p, &a)| (p, a)).collect()
    }

    /// Asks best first.
    pub fn asks(&self) -> Vec<(i64, i64)> {
        self.asks.iter().map(|(&p, &a)| (p, a)).collect()
    }
}

/// What a book message says: a whole book, or levels' new totals (0 removes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookChange {
    Snapshot { bids: Vec<(i64, i64)>, asks: Vec<(i64, i64)> },
    Update { bids: Vec<(i64, i64)>, asks: Vec<(i64, i64)> },
}

/// The core's market of one venue's pair, fed every frame a client received.
pub struct Core {
    pub market: VenueMarket,
    /// Book messages about this pair.
    pub book_messages: usize,
    /// Kraken book messages after which the checksum did not match.
    pub mismatched: usize,
}

impl Core {
    /// `pair`: 0 BTC/USD, 1 BTC/EUR (the simulator's order).
    pub fn new(venue: Venue, pair: usize) -> Core {
        let pair = [Pair::BTC_USD, Pair::BTC_EUR][pair];
        Core { market: VenueMarket::new(venue, pair), book_messages: 0, mismatched: 0 }
    }

    /// Ingests one frame; the core must accept it (a rejected frame fails the test, named).
    pub fn feed(&mut self, frame: &str) -> VenueChange {
        let venue = self.market.venue();
        let c = self.market.ingest(frame).unwrap_or_else(|e| panic!("{venue} rejected a frame: {e}: {frame}"));
        self.book_messages += usize::from(c.step.is_some());
        self.mismatched += usize::from(c.mismatch.is_some());
        c
    }

    /// Feeds every frame; Kraken's checksum must match after each book message.
    pub fn feed_all(&mut self, frames: &[String]) {
        for f in frames {
            let c = self.feed(f);
            assert_eq!(c.mismatch, None, "checksum after {f}");
        }
    }

    /// The core's book in ticks.
    pub fn book(&self) -> Book {
        let b = self.market.book();
        Book {
            bids: b.levels(Side::Bid).map(|l| (l.price, l.amount)).collect(),
            asks: b.levels(Side::Ask).map(|l| (l.price, l.amount)).collect(),
        }
    }

    /// Synced, nothing rejected, and the book is `sim`'s (its top `depth` levels a side when given).
    pub fn assert_rebuilt(&self, sim: &Book, depth: Option<usize>) {
        let venue = self.market.venue();
        assert_eq!(self.market.rejected, 0, "{venue}: nothing rejected");
        assert!(self.market.synced(), "{venue}: the core's book is synced");
        assert!(self.book_messages > 0, "{venue}: book messages seen");
        let (bids, asks) = (sim.bids(), sim.asks());
        let top = |v: Vec<(i64, i64)>| match depth {
            Some(d) => v[..d.min(v.len())].to_vec(),
            None => v,
        };
        let book = self.book();
        assert_eq!(book.bids(), top(bids), "{venue}: the core's bids are the simulator's");
        assert_eq!(book.asks(), top(asks), "{venue}: the core's asks are the simulator's");
    }
}

/// The sorted keys of a JSON object (for shape checks).
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    k.sort();
    k
}

pub fn sorted(k: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = k.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn string_levels(v: &Value, price: u32, amount: u32) -> Result<Vec<(i64, i64)>, String> {
    let list = v.as_array().ok_or("levels: not a list")?;
    list.iter()
        .map(|l| match l.as_array().map(|a| a.as_slice()) {
            Some([Value::String(p), Value::String(a)]) => Ok((ticks(p, price)?, ticks(a, amount)?)),
            _ => Err(format!("level {l}: expected [price, amount] strings")),
        })
        .collect()
}

/// A Bitstamp book message (`diff_order_book_*`, `order_book_*` or the REST body) →
/// (channel, microtimestamp, change); None for other frames. `diff_*` is an update, the
/// others whole books. Prices 0.01, amounts 1e-8.
pub fn bitstamp_book(text: &str) -> Result<Option<(String, i64, BookChange)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let (channel, data) = match v.get("data") {
        Some(d) if v.get("event").and_then(Value::as_str) == Some("data") => {
            (v.get("channel").and_then(Value::as_str).unwrap_or("").to_string(), d)
        }
        Some(_) => return Ok(None),
        None if v.get("bids").is_some() => (String::new(), &v),
        None => return Ok(None),
    };
    let mt = data.get("microtimestamp").and_then(Value::as_str).ok_or("no microtimestamp")?;
    let mt: i64 = mt.parse().map_err(|_| format!("microtimestamp {mt:?}"))?;
    let bids = string_levels(data.get("bids").ok_or("no bids")?, 2, 8)?;
    let asks = string_levels(data.get("asks").ok_or("no asks")?, 2, 8)?;
    let change = if channel.starts_with("diff_") {
        BookChange::Update { bids, asks }
    } else {
        BookChange::Snapshot { bids, asks }
    };
    Ok(Some((channel, mt, change)))
}

#[derive(serde::Deserialize)]
struct KrakenLevel<'a> {
    #[serde(borrow)]
    price: &'a RawValue,
    #[serde(borrow)]
    qty: &'a RawValue,
}

#[derive(serde::Deserialize)]
struct KrakenBook<'a> {
    symbol: String,
    #[serde(borrow)]
    bids: Vec<KrakenLevel<'a>>,
    #[serde(borrow)]
    asks: Vec<KrakenLevel<'a>>,
    checksum: u32,
}

#[derive(serde::Deserialize)]
struct KrakenBookMsg<'a> {
    channel: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    data: Vec<KrakenBook<'a>>,
}

fn kraken_levels(levels: &[KrakenLevel<'_>]) -> Result<Vec<(i64, i64)>, String> {
    levels
        .iter()
        .map(|l| {
            let (p, q) = (l.price.get(), l.qty.get());
            if p.starts_with('"') || q.starts_with('"') {
                return Err(format!("{p}/{q}: Kraken sends bare numbers"));
            }
            Ok((ticks(p, 1)?, ticks(q, 8)?))
        })
        .collect()
}

/// A Kraken `book` message → (symbol, change, checksum); None for other frames. Prices at
/// 0.1 (BTC pairs' price_precision 1), qty at 1e-8, bare JSON numbers read from their text.
pub fn kraken_book(text: &str) -> Result<Option<(String, BookChange, u32)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if v.get("channel").and_then(Value::as_str) != Some("book") {
        return Ok(None);
    }
    let m: KrakenBookMsg = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let [b] = m.data.as_slice() else { return Err("book: data is not one item".into()) };
    assert_eq!(m.channel, "book");
    let (bids, asks) = (kraken_levels(&b.bids)?, kraken_levels(&b.asks)?);
    let change = match m.kind.as_str() {
        "snapshot" => BookChange::Snapshot { bids, asks },
        "update" => BookChange::Update { bids, asks },
        other => return Err(format!("book type {other:?}")),
    };
    Ok(Some((b.symbol.clone(), change, b.checksum)))
}

/// A Coinbase `snapshot` or `l2update` → (product_id, change); None for other frames.
/// Prices 0.01, sizes 1e-8.
pub fn coinbase_book(text: &str) -> Result<Option<(String, BookChange)>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let product = v.get("product_id").and_then(Value::as_str).unwrap_or("").to_string();
    match v.get("type").and_then(Value::as_str) {
        Some("snapshot") => {
            let bids = string_levels(v.get("bids").ok_or("no bids")?, 2, 8)?;
            let asks = string_levels(v.get("asks").ok_or("no asks")?, 2, 8)?;
            Ok(Some((product, BookChange::Snapshot { bids, asks })))
        }
        Some("l2update") => {
            let (mut bids, mut asks) = (Vec::new(), Vec::new());
            for c in v.get("changes").and_then(Value::as_array).ok_or("no changes")? {
                match c.as_array().map(|a| a.as_slice()) {
                    Some([Value::String(side), Value::String(p), Value::String(s)]) => {
                        let l = (ticks(p, 2)?, ticks(s, 8)?);
                        match side.as_str() {
                            "buy" => bids.push(l),
                            "sell" => asks.push(l),
                            other => return Err(format!("side {other:?}")),
                        }
                    }
                    _ => return Err(format!("change {c}: expected [side, price, size] strings")),
                }
            }
            Ok(Some((product, BookChange::Update { bids, asks })))
        }
        _ => Ok(None),
    }
}

/// An RFC 3339 UTC time with 6 decimals, as Kraken and Coinbase write it.
pub fn is_rfc3339_us(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 27
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[26] == b'Z'
        && s.bytes().enumerate().all(|(i, c)| [4, 7, 10, 13, 16, 19, 26].contains(&i) || c.is_ascii_digit())
}
