//! What the HTTP API serves: the core's own [`Market`], fed with every frame the feed
//! publishes (and the snapshots it starts from), so each snapshot is exactly the book a
//! client rebuilds from the stream.

use goxbook_core::wire::{decode_annotated, DepthEntry, DepthSnapshot, Num, Trade};
use goxbook_core::{Currency, Error, Market, MarketOptions, Scales, Side};
use std::borrow::Cow;

use crate::channels::CurrencySpec;
use crate::encode::{self, TickerFigures, TradeFigures, BTC_DECIMALS};

/// Trades kept per currency for `trades?since=`.
pub const TAPE: usize = 50_000;

pub struct Tracker {
    market: Market,
    specs: Vec<CurrencySpec>,
    published: u64,
}

impl Tracker {
    pub fn new(specs: Vec<CurrencySpec>) -> Tracker {
        let default_currency = specs.first().map_or(Currency::USD, |s| s.currency);
        Tracker { market: Market::new(MarketOptions { tape_capacity: TAPE, default_currency }), specs, published: 0 }
    }

    pub fn specs(&self) -> &[CurrencySpec] {
        &self.specs
    }

    /// The index of a currency code among the feed's currencies.
    pub fn index(&self, code: &str) -> Option<usize> {
        let c = Currency::new(code)?;
        self.specs.iter().position(|s| s.currency == c)
    }

    /// Applies one payload (a stream frame or an HTTP body); `hint` names the currency of a
    /// body that names none.
    pub fn ingest(&mut self, text: &str, hint: Option<&str>) -> Result<(), Error> {
        let mut d = decode_annotated(text)?;
        if d.currency_hint.is_none() {
            d.currency_hint = hint.map(Cow::Borrowed);
        }
        self.market.apply(text, &d)?;
        self.published += 1;
        Ok(())
    }

    /// Payloads applied so far.
    pub fn published(&self) -> u64 {
        self.published
    }

    pub fn market(&self) -> &Market {
        &self.market
    }

    /// The newest µs time seen in any book.
    pub fn now(&self) -> i64 {
        self.market.currencies().map(|s| s.book.clock()).max().unwrap_or(0)
    }

    fn entries(&self, i: usize, side: Side, lo: i64, hi: i64) -> Vec<DepthEntry<'static>> {
        let spec = &self.specs[i];
        let Some(state) = self.market.get(spec.currency) else { return Vec::new() };
        let mut v: Vec<DepthEntry<'static>> = state
            .book
            .levels(side)
            .filter(|l| lo <= l.price && l.price <= hi)
            .map(|l| DepthEntry {
                price: Some(encode::float(l.price, spec.decimals)),
                amount: Some(encode::float(l.amount, BTC_DECIMALS)),
                price_int: Some(Num::int(l.price)),
                amount_int: Some(Num::int(l.amount)),
                stamp: Some(Num::int(l.time)),
                pair: false,
            })
            .collect();
        // The protocol lists both sides in ascending price; the book iterates best first.
        if side == Side::Bid {
            v.reverse();
        }
        v
    }

    /// The whole book (fulldepth, depth/full).
    pub fn full_depth(&self, i: usize) -> DepthSnapshot<'static> {
        DepthSnapshot {
            asks: self.entries(i, Side::Ask, i64::MIN, i64::MAX),
            bids: self.entries(i, Side::Bid, i64::MIN, i64::MAX),
            now: Some(Num::int(self.now())),
            ..Default::default()
        }
    }

    /// ±10 % around the mid (depth, depth/fetch), with its filter bounds.
    pub fn window_depth(&self, i: usize) -> DepthSnapshot<'static> {
        let spec = &self.specs[i];
        let f = self.ticker_figures(i);
        let mid = match (f.buy, f.sell) {
            (Some(b), Some(s)) => (b + s) / 2,
            (b, s) => b.or(s).or(f.last_local).unwrap_or(0),
        };
        let (lo, hi) = (mid - mid / 10, mid + mid / 10);
        DepthSnapshot {
            asks: self.entries(i, Side::Ask, lo, hi),
            bids: self.entries(i, Side::Bid, lo, hi),
            filter_min_price: Some(encode::value(&spec.code, lo, spec.decimals)),
            filter_max_price: Some(encode::value(&spec.code, hi, spec.decimals)),
            now: Some(Num::int(self.now())),
            ..Default::default()
        }
    }

    /// The last ticker of a currency, with buy/sell from its book as it is now.
    pub fn ticker_figures(&self, i: usize) -> TickerFigures {
        let spec = &self.specs[i];
        let scales = Scales::default();
        let Some(state) = self.market.get(spec.currency) else {
            return TickerFigures { now: self.now(), ..Default::default() };
        };
        let t = state.ticker.clone().unwrap_or_default();
        TickerFigures {
            high: t.high,
            low: t.low,
            avg: t.avg,
            vwap: t.vwap,
            vol: t.vol.unwrap_or(0),
            last_local: t
                .last_local
                .or_else(|| state.tape.iter().rev().find(|r| r.primary != Some(false)).map(|r| r.price)),
            last_orig: t.last_orig.map(|(c, p)| (c.to_string(), p, scales.decimals(c).unwrap_or(spec.decimals))),
            last_all: t.last_all.or(t.last),
            buy: state.book.best_bid().map(|l| l.price),
            sell: state.book.best_ask().map(|l| l.price),
            now: self.now().max(t.now.unwrap_or(0)),
        }
    }

    /// Up to `max` trades of a currency with tid > `since` (oldest first), or the last `max`.
    pub fn trades(&self, i: usize, since: Option<i64>, max: usize) -> Vec<Trade<'static>> {
        let spec = &self.specs[i];
        let Some(state) = self.market.get(spec.currency) else { return Vec::new() };
        let records: Vec<_> = match since {
            Some(s) => state.tape.iter().filter(|r| r.tid > s).take(max).collect(),
            None => {
                let n = state.tape.len();
                state.tape.iter().skip(n.saturating_sub(max)).collect()
            }
        };
        records
            .into_iter()
            .map(|r| {
                let f = TradeFigures {
                    tid: r.tid,
                    price: r.price,
                    amount: r.amount,
                    trade_type: r.trade_type.as_str(),
                    primary: r.primary != Some(false),
                    properties: if r.primary == Some(false) { "limit,mixed_currency" } else { "limit" },
                };
                encode::trade(spec, &f)
            })
            .collect()
    }

    /// The engine lag last reported, µs.
    pub fn lag(&self) -> i64 {
        self.market.lag.unwrap_or(0)
    }
}
