//! Shared by the core benchmark (`benches/decode_apply.rs`) and the memory probe
//! (`examples/book_memory.rs`): deterministic, internally consistent MtGox streams of the 2013
//! shape, and the naive baseline (`serde_json::Value` + `BTreeMap<Decimal, Decimal>`).
//!
//! Consistency: one model book (5 000 ask and 5 000 bid prices within ±2 % of the mid) is the
//! source of the 10 000-level v1 full depth *and* of the depth stream that follows it, so every
//! message's `volume_int` is the exact difference of consecutive `total_volume_int`s at its
//! price, `now` strictly increases and starts after the snapshot's newest `stamp`, and tickers'
//! `buy`/`sell` are the snapshot's best bid/ask.
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write;

/// The mid price in ticks of 1e-5 USD (127.00000 USD, April 2013).
pub const MID: i64 = 12_700_000;
pub const PRICE_DECIMALS: u32 = 5;
pub const AMOUNT_DECIMALS: u32 = 8;
pub const LEVELS_PER_SIDE: usize = 5_000;
/// 2013-04-20 10:00 UTC in µs.
pub const T0: i64 = 1_366_452_000_000_000;

pub const DEPTH_CHANNEL: &str = "24e67e0d-1cad-4cc0-9e7a-f8523ef460fe";
pub const TICKER_CHANNEL: &str = "d5f06780-30a8-4a48-a2f8-7ed181b4a13f";
pub const TRADE_CHANNEL: &str = "dbf1dee9-4f2e-4a08-8cb7-748919a71b21";

/// splitmix64: small, deterministic, good enough for shaping test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [0, n).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Ticks as the deprecated decimal text MtGox sent next to `*_int` ("127.49", "-0.98"):
/// fixed point with trailing zeros trimmed.
pub fn decimal_text(ticks: i64, decimals: u32) -> String {
    let mut s = String::new();
    write_decimal(&mut s, ticks, decimals);
    s
}

pub fn write_decimal(out: &mut String, ticks: i64, decimals: u32) {
    let p = 10i64.pow(decimals);
    let (neg, v) = (ticks < 0, ticks.unsigned_abs() as i64);
    if neg {
        out.push('-');
    }
    let (int, frac) = (v / p, v % p);
    write!(out, "{int}").unwrap();
    if frac != 0 {
        let mut f = format!("{frac:0width$}", width = decimals as usize);
        while f.ends_with('0') {
            f.pop();
        }
        out.push('.');
        out.push_str(&f);
    }
}

/// A log-uniform amount between 0.01 and ~20 BTC, in 1e-8 BTC.
fn amount(rng: &mut Rng) -> i64 {
    10f64.powf(6.0 + 3.3 * rng.unit()) as i64
}

/// The model book and the texts generated from it.
pub struct Scenario {
    /// Ask prices, best (lowest) first.
    pub ask_prices: Vec<i64>,
    /// Bid prices, best (highest) first.
    pub bid_prices: Vec<i64>,
    /// Amounts at the snapshot, index-aligned with the prices.
    pub ask_amounts: Vec<i64>,
    pub bid_amounts: Vec<i64>,
    /// The snapshot's newest stamp (µs).
    pub snapshot_time: i64,
    /// `/api/1/BTCUSD/fulldepth` body with 10 000 levels.
    pub fulldepth: String,
}

impl Scenario {
    pub fn new(seed: u64) -> Scenario {
        let mut rng = Rng::new(seed);
        let span = MID * 2 / 100; // ±2 %
                                  // Distinct prices, denser near the touch: offset_k ≈ span·(k/N)^1.5 plus jitter.
        let prices = |rng: &mut Rng| -> Vec<i64> {
            let mut out = Vec::with_capacity(LEVELS_PER_SIDE);
            let mut prev = 0i64;
            for k in 0..LEVELS_PER_SIDE {
                let base = (span as f64 * ((k as f64 + rng.unit()) / LEVELS_PER_SIDE as f64).powf(1.5)) as i64;
                let off = base.max(prev + 1).min(span);
                out.push(off);
                prev = off;
            }
            out
        };
        let ask_prices: Vec<i64> = prices(&mut rng).into_iter().map(|o| MID + 1 + o).collect();
        let bid_prices: Vec<i64> = prices(&mut rng).into_iter().map(|o| MID - 1 - o).collect();
        let ask_amounts: Vec<i64> = (0..LEVELS_PER_SIDE).map(|_| amount(&mut rng)).collect();
        let bid_amounts: Vec<i64> = (0..LEVELS_PER_SIDE).map(|_| amount(&mut rng)).collect();
        // Level stamps: within the day before T0, the newest exactly T0.
        let mut stamps: Vec<i64> = (0..2 * LEVELS_PER_SIDE).map(|_| T0 - rng.below(86_400_000_000) as i64).collect();
        stamps[0] = T0;

        // v1 fulldepth: both sides in ascending price; price/amount as JSON numbers.
        let mut s = String::with_capacity(2 * LEVELS_PER_SIDE * 110);
        s.push_str(r#"{"result":"success","return":{"asks":["#);
        let entry = |s: &mut String, price: i64, amount: i64, stamp: i64| {
            s.push_str(r#"{"price":"#);
            write_decimal(s, price, PRICE_DECIMALS);
            s.push_str(r#","amount":"#);
            write_decimal(s, amount, AMOUNT_DECIMALS);
            write!(s, r#","price_int":"{price}","amount_int":"{amount}","stamp":"{stamp}"}}"#).unwrap();
        };
        for i in 0..LEVELS_PER_SIDE {
            if i > 0 {
                s.push(',');
            }
            entry(&mut s, ask_prices[i], ask_amounts[i], stamps[i]);
        }
        s.push_str(r#"],"bids":["#);
        for (n, i) in (0..LEVELS_PER_SIDE).rev().enumerate() {
            if n > 0 {
                s.push(',');
            }
            entry(&mut s, bid_prices[i], bid_amounts[i], stamps[LEVELS_PER_SIDE + i]);
        }
        s.push_str("]}}");
        Scenario { ask_prices, bid_prices, ask_amounts, bid_amounts, snapshot_time: T0, fulldepth: s }
    }

    pub fn best_bid(&self) -> i64 {
        self.bid_prices[0]
    }

    pub fn best_ask(&self) -> i64 {
        self.ask_prices[0]
    }

    /// `n` depth messages continuing the snapshot. Levels are chosen with a bias to the touch
    /// (index = N·u²); an existing level is removed (30 %), partly taken (30 %) or replaced by
    /// a new amount (40 %); an empty one is refilled.
    pub fn depth_stream(&self, n: usize, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        let mut asks = self.ask_amounts.clone();
        let mut bids = self.bid_amounts.clone();
        let mut now = self.snapshot_time;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let ask = rng.next_u64() & 1 == 0;
            let u = rng.unit();
            let idx = ((LEVELS_PER_SIDE as f64) * u * u) as usize;
            let (amounts, prices) = if ask { (&mut asks, &self.ask_prices) } else { (&mut bids, &self.bid_prices) };
            let cur = amounts[idx];
            let r = rng.unit();
            let new = if cur == 0 {
                amount(&mut rng)
            } else if r < 0.3 {
                0
            } else if r < 0.6 {
                (cur as f64 * (0.1 + 0.8 * rng.unit())) as i64
            } else {
                amount(&mut rng)
            };
            amounts[idx] = new;
            now += 1 + rng.below(50_000) as i64;
            let stamp = now + 200 + rng.below(800) as i64;
            out.push(depth_message(ask, prices[idx], new - cur, new, now, stamp));
        }
        out
    }

    /// `n` tickers of the 2013 shape; buy/sell are the snapshot's best bid/ask, `last` in between.
    pub fn ticker_stream(&self, n: usize, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        let (buy, sell) = (self.best_bid(), self.best_ask());
        let mut now = self.snapshot_time;
        let mut vol = 2_534_112_345_678i64; // 25 341 BTC
        (0..n)
            .map(|_| {
                now += 1 + rng.below(2_000_000) as i64;
                vol += rng.below(500_000_000) as i64;
                let last = buy + rng.below((sell - buy + 1) as u64) as i64;
                let mut s = String::with_capacity(1600);
                write!(
                    s,
                    r#"{{"op":"private","channel":"{TICKER_CHANNEL}","channel_name":"ticker.BTCUSD","origin":"broadcast","private":"ticker","ticker":{{"#
                )
                .unwrap();
                let fields: [(&str, i64, &str); 11] = [
                    ("high", MID + 420_000, "USD"),
                    ("low", MID - 380_000, "USD"),
                    ("avg", MID + 12_345, "USD"),
                    ("vwap", MID + 23_456, "USD"),
                    ("vol", vol, "BTC"),
                    ("last_local", last, "USD"),
                    ("last_orig", last, "USD"),
                    ("last_all", last, "USD"),
                    ("last", last, "USD"),
                    ("buy", buy, "USD"),
                    ("sell", sell, "USD"),
                ];
                for (name, v, cur) in fields {
                    value_object(&mut s, name, v, cur);
                    s.push(',');
                }
                write!(s, r#""item":"BTC","now":"{now}"}},"stamp":"{}"}}"#, now + 300).unwrap();
                s
            })
            .collect()
    }

    /// `n` trades of the 2013 shape at prices around the touch, tids strictly increasing.
    pub fn trade_stream(&self, n: usize, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        let mut tid = self.snapshot_time;
        (0..n)
            .map(|_| {
                tid += 1 + rng.below(3_000_000) as i64;
                let bid = rng.next_u64() & 1 == 0;
                let k = rng.below(20) as usize;
                let price = if bid { self.ask_prices[k] } else { self.bid_prices[k] };
                let amount = amount(&mut rng);
                let mut s = String::with_capacity(600);
                write!(
                    s,
                    r#"{{"op":"private","channel":"{TRADE_CHANNEL}","channel_name":"trade.BTC","origin":"broadcast","private":"trade","trade":{{"type":"trade","date":{},"tid":"{tid}","amount":{},"amount_int":"{amount}","price":{},"price_int":"{price}","price_currency":"USD","item":"BTC","trade_type":"{}","primary":"Y","properties":"limit"}},"stamp":"{}"}}"#,
                    tid / 1_000_000,
                    decimal_text(amount, AMOUNT_DECIMALS),
                    decimal_text(price, PRICE_DECIMALS),
                    if bid { "bid" } else { "ask" },
                    tid + 250,
                )
                .unwrap();
                s
            })
            .collect()
    }
}

/// One depth message exactly as the 2013 stream sent it.
pub fn depth_message(ask: bool, price: i64, volume: i64, total: i64, now: i64, stamp: i64) -> String {
    let mut s = String::with_capacity(460);
    write!(
        s,
        r#"{{"op":"private","channel":"{DEPTH_CHANNEL}","channel_name":"depth.BTCUSD","origin":"broadcast","private":"depth","depth":{{"price":"{}","type":{},"type_str":"{}","volume":"{}","volume_int":"{volume}","price_int":"{price}","item":"BTC","currency":"USD","now":"{now}","total_volume_int":"{total}"}},"stamp":"{stamp}"}}"#,
        decimal_text(price, PRICE_DECIMALS),
        if ask { 1 } else { 2 },
        if ask { "ask" } else { "bid" },
        decimal_text(volume, AMOUNT_DECIMALS),
    )
    .unwrap();
    s
}

fn value_object(s: &mut String, name: &str, ticks: i64, currency: &str) {
    let decimals = if currency == "BTC" { AMOUNT_DECIMALS } else { PRICE_DECIMALS };
    let value = decimal_text(ticks, decimals);
    let p = 10i64.pow(decimals);
    let short = format!("{}.{:02}", ticks / p, (ticks % p) / (p / 100));
    let (display, display_short) = if currency == "BTC" {
        (format!("{value}\u{a0}BTC"), format!("{short}\u{a0}BTC"))
    } else {
        (format!("${value}"), format!("${short}"))
    };
    write!(
        s,
        r#""{name}":{{"value":"{value}","value_int":"{ticks}","display":"{display}","display_short":"{display_short}","currency":"{currency}"}}"#
    )
    .unwrap();
}

// ---------------------------------------------------------------------------------------
// The naive baseline: serde_json::Value, rust_decimal::Decimal, BTreeMap per side.

pub struct Scales {
    pub price: Decimal,
    pub amount: Decimal,
}

impl Default for Scales {
    fn default() -> Self {
        Scales { price: Decimal::from(10i64.pow(PRICE_DECIMALS)), amount: Decimal::from(10i64.pow(AMOUNT_DECIMALS)) }
    }
}

fn dec(v: &Value, scale: Decimal) -> Option<Decimal> {
    Some(Decimal::from_str_exact(v.as_str()?).ok()? / scale)
}

/// A depth message decoded the naive way: (is ask, price, total at the price).
pub fn baseline_depth(text: &str, sc: &Scales) -> Option<(bool, Decimal, Decimal)> {
    let v: Value = serde_json::from_str(text).ok()?;
    if v.get("op")?.as_str()? != "private" || v.get("private")?.as_str()? != "depth" {
        return None;
    }
    let d = v.get("depth")?;
    let ask = match d.get("type_str")?.as_str()? {
        "ask" => true,
        "bid" => false,
        _ => return None,
    };
    if d.get("currency")?.as_str()? != "USD" {
        return None;
    }
    let price = dec(d.get("price_int")?, sc.price)?;
    let total = dec(d.get("total_volume_int")?, sc.amount)?;
    Some((ask, price, total))
}

#[derive(Clone, Default)]
pub struct BaselineBook {
    pub bids: BTreeMap<Decimal, Decimal>,
    pub asks: BTreeMap<Decimal, Decimal>,
}

impl BaselineBook {
    pub fn apply(&mut self, (ask, price, total): (bool, Decimal, Decimal)) {
        let side = if ask { &mut self.asks } else { &mut self.bids };
        if total.is_zero() {
            side.remove(&price);
        } else {
            side.insert(price, total);
        }
    }

    /// Decodes and applies a v1 full-depth body, replacing the book.
    pub fn apply_fulldepth(&mut self, text: &str, sc: &Scales) -> Option<usize> {
        let v: Value = serde_json::from_str(text).ok()?;
        if v.get("result")?.as_str()? != "success" {
            return None;
        }
        let r = v.get("return")?;
        let side = |list: &Value| -> Option<BTreeMap<Decimal, Decimal>> {
            let mut m = BTreeMap::new();
            for e in list.as_array()? {
                let price = dec(e.get("price_int")?, sc.price)?;
                let amount = dec(e.get("amount_int")?, sc.amount)?;
                if !amount.is_zero() {
                    m.insert(price, amount);
                }
            }
            Some(m)
        };
        self.asks = side(r.get("asks")?)?;
        self.bids = side(r.get("bids")?)?;
        Some(self.asks.len() + self.bids.len())
    }

    pub fn levels(&self) -> usize {
        self.asks.len() + self.bids.len()
    }
}

/// A ticker decoded the naive way.
#[derive(Clone, Default)]
pub struct BaselineTicker {
    pub now: i64,
    pub values: [Option<Decimal>; 11],
}

pub const TICKER_FIELDS: [&str; 11] =
    ["high", "low", "avg", "vwap", "vol", "last_local", "last_orig", "last_all", "last", "buy", "sell"];

pub fn baseline_ticker(text: &str, sc: &Scales) -> Option<BaselineTicker> {
    let v: Value = serde_json::from_str(text).ok()?;
    if v.get("op")?.as_str()? != "private" || v.get("private")?.as_str()? != "ticker" {
        return None;
    }
    let t = v.get("ticker")?;
    let mut out = BaselineTicker { now: t.get("now")?.as_str()?.parse().ok()?, values: Default::default() };
    for (slot, name) in out.values.iter_mut().zip(TICKER_FIELDS) {
        if let Some(o) = t.get(name) {
            let scale = if o.get("currency").and_then(Value::as_str) == Some("BTC") { sc.amount } else { sc.price };
            *slot = Some(dec(o.get("value_int")?, scale)?);
        }
    }
    Some(out)
}

/// A trade decoded the naive way: (tid, price, amount).
pub fn baseline_trade(text: &str, sc: &Scales) -> Option<(i64, Decimal, Decimal)> {
    let v: Value = serde_json::from_str(text).ok()?;
    if v.get("op")?.as_str()? != "private" || v.get("private")?.as_str()? != "trade" {
        return None;
    }
    let t = v.get("trade")?;
    if t.get("price_currency")?.as_str()? != "USD" {
        return None;
    }
    let tid = t.get("tid")?.as_str()?.parse().ok()?;
    Some((tid, dec(t.get("price_int")?, sc.price)?, dec(t.get("amount_int")?, sc.amount)?))
}

/// A bounded tape deduplicated by tid, like the core's.
#[derive(Clone, Default)]
pub struct BaselineTape {
    pub trades: VecDeque<(i64, Decimal, Decimal)>,
}

impl BaselineTape {
    pub fn insert(&mut self, t: (i64, Decimal, Decimal)) -> bool {
        let at = match self.trades.back() {
            Some(last) if last.0 < t.0 => self.trades.len(),
            None => 0,
            _ => match self.trades.binary_search_by_key(&t.0, |x| x.0) {
                Ok(_) => return false,
                Err(i) => i,
            },
        };
        self.trades.insert(at, t);
        if self.trades.len() > 1000 {
            self.trades.pop_front();
        }
        true
    }
}

/// The protocol's fiat currencies with their scales: the core's defaults without the items
/// (BTC, LTC, NMC count in 1e-8).
pub fn cross_currencies() -> Vec<(String, u32)> {
    goxbook_core::Scales::default().iter().filter(|&(_, d)| d != 8).map(|(c, d)| (c.to_string(), d)).collect()
}

/// One 2013-shape trade per currency of [`cross_currencies`] (the BTC price in that currency
/// at a made-up rate against 127 USD), newest last: (code, decimals, text).
pub fn cross_trades(seed: u64) -> Vec<(String, u32, String)> {
    let mut rng = Rng::new(seed);
    let mut tid = T0;
    cross_currencies()
        .into_iter()
        .map(|(code, decimals)| {
            tid += 1 + rng.below(3_000_000) as i64;
            let units_per_usd = 0.05 + 30.0 * rng.unit();
            let price = (127.0 * units_per_usd * 10f64.powi(decimals as i32)) as i64;
            let amount = amount(&mut rng);
            let text = format!(
                r#"{{"op":"private","channel":"{TRADE_CHANNEL}","channel_name":"trade.BTC","origin":"broadcast","private":"trade","trade":{{"type":"trade","date":{},"tid":"{tid}","amount":{},"amount_int":"{amount}","price":{},"price_int":"{price}","price_currency":"{code}","item":"BTC","trade_type":"bid","primary":"Y","properties":"limit"}},"stamp":"{}"}}"#,
                tid / 1_000_000,
                decimal_text(amount, AMOUNT_DECIMALS),
                decimal_text(price, decimals),
                tid + 250,
            );
            (code, decimals, text)
        })
        .collect()
}
