//! The JS API's answers for the venues beside MtGox — one venue's market (`VenueMarket`) and
//! several venues' consolidated book and arbitrage table (`Venues`) — as plain [`Js`] values
//! built from goxbook-core's `venue`, `consolidated` and `arbitrage` modules. Pure Rust,
//! tested natively; `venue_bindings` only hands these to wasm-bindgen.

use goxbook_core::arbitrage::{arbitrage_normalized, Fees};
use goxbook_core::consolidated::{consolidate_normalized, normalize, ConsolidatedLevel, VenueBook};
use goxbook_core::error::Quoted;
use goxbook_core::venue::{BookStep, Pair, PairScales, Venue, VenueChange, VenueMarket};
use goxbook_core::{format_ticks, Side, TradeType};

use crate::views::{ApiError, Js};

/// A venue by name (any case): mtgox, bitstamp, kraken, coinbase.
pub fn venue(name: &str) -> Result<Venue, ApiError> {
    Venue::parse(name).ok_or_else(|| {
        ApiError::argument(format!(
            "venue {} is not one of \"mtgox\", \"bitstamp\", \"kraken\", \"coinbase\"",
            Quoted(name)
        ))
    })
}

/// A pair in any venue's spelling: "BTC/USD", "BTC-EUR", "btcusd".
pub fn pair(text: &str) -> Result<Pair, ApiError> {
    Pair::parse(text)
        .ok_or_else(|| ApiError::argument(format!("pair {} is not a pair such as \"BTC/USD\"", Quoted(text))))
}

fn scales(m: &VenueMarket) -> Result<PairScales, ApiError> {
    m.scales().ok_or_else(|| ApiError::argument(format!("the scales of {} on {} are not known", m.pair(), m.venue())))
}

/// What one line changed: `{book, ticker, tape, scales, ignored, step, mismatch, synced}`;
/// `step` names what a book message did, `mismatch` is Kraken's `{sent, computed}` checksum.
pub fn change(c: &VenueChange, synced: bool) -> Js {
    let step: Js = match c.step {
        None => Js::Null,
        Some(BookStep::Replaced) => "replaced".into(),
        Some(BookStep::Applied { .. }) => "applied".into(),
        Some(BookStep::Held) => "held".into(),
        Some(BookStep::Stale) => "stale".into(),
        Some(BookStep::BeforeSnapshot) => "beforeSnapshot".into(),
    };
    let mismatch = c.mismatch.map_or(Js::Null, |m| {
        Js::Obj(vec![("sent", Js::Num(m.sent.into())), ("computed", Js::Num(m.computed.into()))])
    });
    Js::Obj(vec![
        ("book", c.book.into()),
        ("ticker", c.ticker.into()),
        ("tape", c.tape.into()),
        ("scales", c.scales.into()),
        ("ignored", c.ignored.into()),
        ("step", step),
        ("mismatch", mismatch),
        ("synced", synced.into()),
    ])
}

/// `{venue, pair, synced, rejected, mismatches}`.
pub fn state(m: &VenueMarket) -> Js {
    Js::Obj(vec![
        ("venue", m.venue().as_str().into()),
        ("pair", m.pair().to_string().into()),
        ("synced", m.synced().into()),
        ("rejected", m.rejected.into()),
        ("mismatches", m.mismatches.into()),
    ])
}

/// `{venue, pair, synced, bids, asks}`: the best `depth` levels a side with cumulative
/// amounts, prices at the pair's scale on the venue.
pub fn book(m: &VenueMarket, depth: usize) -> Result<Js, ApiError> {
    let s = scales(m)?;
    let side = |side: Side| -> Js {
        Js::Arr(
            m.book()
                .top(side, depth)
                .into_iter()
                .map(|r| {
                    Js::Obj(vec![
                        ("price", format_ticks(r.price, s.price).into()),
                        ("amount", format_ticks(r.amount, s.amount).into()),
                        ("cumulative", format_ticks(r.cumulative, s.amount).into()),
                    ])
                })
                .collect(),
        )
    };
    Ok(Js::Obj(vec![
        ("venue", m.venue().as_str().into()),
        ("pair", m.pair().to_string().into()),
        ("synced", m.synced().into()),
        ("bids", side(Side::Bid)),
        ("asks", side(Side::Ask)),
    ]))
}

/// `{venue, pair, last, buy, sell, high, low, vol, vwap, avg}` (fields the venue does not
/// publish are null), or null before any ticker.
pub fn ticker(m: &VenueMarket) -> Result<Js, ApiError> {
    let s = scales(m)?;
    let Some(t) = m.ticker() else { return Ok(Js::Null) };
    let p = |v: Option<i64>| -> Js { v.map(|v| format_ticks(v, s.price)).into() };
    Ok(Js::Obj(vec![
        ("venue", m.venue().as_str().into()),
        ("pair", m.pair().to_string().into()),
        ("last", p(t.last_price())),
        ("buy", p(t.buy)),
        ("sell", p(t.sell)),
        ("high", p(t.high)),
        ("low", p(t.low)),
        ("vol", t.vol.map(|v| format_ticks(v, s.amount)).into()),
        ("vwap", p(t.vwap)),
        ("avg", p(t.avg)),
    ]))
}

/// The newest `n` trades, newest first: `{tid, date, price, amount, type}`; `type` is the
/// taker's side ("bid": the taker bought) on every venue.
pub fn trades(m: &VenueMarket, n: usize) -> Result<Js, ApiError> {
    let s = scales(m)?;
    Ok(Js::Arr(
        m.tape()
            .iter()
            .rev()
            .take(n)
            .map(|t| {
                let kind = match t.trade_type {
                    TradeType::Bid => "bid",
                    TradeType::Ask => "ask",
                    TradeType::Unknown => "",
                };
                Js::Obj(vec![
                    ("tid", t.tid.to_string().into()),
                    ("date", t.date.into()),
                    ("price", format_ticks(t.price, s.price).into()),
                    ("amount", format_ticks(t.amount, s.amount).into()),
                    ("type", kind.into()),
                ])
            })
            .collect(),
    ))
}

/// Applies newline-separated lines: `{applied, rejected, errors: [{line, kind, message}]}`
/// (at most 16 errors listed), as `Market.ingestLines`.
pub fn ingest_lines(m: &mut VenueMarket, text: &str) -> Js {
    let (mut applied, mut rejected, mut errors) = (0usize, 0usize, Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match m.ingest(line) {
            Ok(_) => applied += 1,
            Err(e) => {
                rejected += 1;
                if errors.len() < 16 {
                    errors.push(Js::Obj(vec![
                        ("line", (i + 1).into()),
                        ("kind", e.kind().into()),
                        ("message", e.to_string().into()),
                    ]));
                }
            }
        }
    }
    Js::Obj(vec![("applied", applied.into()), ("rejected", rejected.into()), ("errors", Js::Arr(errors))])
}

/// The consolidated book and arbitrage table of `markets` (one pair), as `goxbook
/// consolidate` prints them: `{pair, venues: {V: {synced, rejected}}, bids, asks,
/// arbitrage}`; unsynced venues are listed but left out; `depth` limits the levels shown,
/// not the arbitrage walk; `fees` in whole basis points per venue.
pub fn consolidated(markets: &[&VenueMarket], pair: Pair, depth: usize, fees: &Fees) -> Result<Js, ApiError> {
    let books: Vec<VenueBook<'_>> = markets
        .iter()
        .filter_map(|m| Some(VenueBook { venue: m.venue(), book: m.book(), scales: m.scales()?, synced: m.synced() }))
        .collect();
    let n = normalize(&books).map_err(ApiError::from)?;
    let book = consolidate_normalized(&n);
    let table = arbitrage_normalized(&n, fees);
    let s = n.scales;
    let levels = |side: &[ConsolidatedLevel]| -> Js {
        Js::Arr(
            side.iter()
                .take(depth)
                .map(|l| {
                    let parts = l.venues.iter().map(|&(v, a)| (v.as_str(), format_ticks(a, s.amount).into())).collect();
                    Js::Obj(vec![
                        ("price", format_ticks(l.price, s.price).into()),
                        ("amount", format_ticks(l.amount, s.amount).into()),
                        ("venues", Js::Obj(parts)),
                    ])
                })
                .collect(),
        )
    };
    let rows = table
        .rows
        .iter()
        .map(|r| {
            Js::Obj(vec![
                ("buy", r.buy.as_str().into()),
                ("sell", r.sell.as_str().into()),
                ("amount", format_ticks(r.amount, s.amount).into()),
                ("cost", format_ticks(r.cost, s.price).into()),
                ("proceeds", format_ticks(r.proceeds, s.price).into()),
                ("profit", format_ticks(r.profit, s.price).into()),
                ("edge_pct", r.edge_pct().to_string().into()),
            ])
        })
        .collect();
    let venues = markets
        .iter()
        .map(|m| (m.venue().as_str(), Js::Obj(vec![("synced", m.synced().into()), ("rejected", m.rejected.into())])))
        .collect();
    Ok(Js::Obj(vec![
        ("pair", pair.to_string().into()),
        ("venues", Js::Obj(venues)),
        ("bids", levels(&book.bids)),
        ("asks", levels(&book.asks)),
        ("arbitrage", Js::Arr(rows)),
    ]))
}

/// Several venues' markets of one pair, at most one per venue, in venue order.
#[derive(Debug)]
pub struct VenueSet {
    pair: Pair,
    tape: usize,
    markets: Vec<VenueMarket>,
}

impl VenueSet {
    pub fn new(pair: Pair, tape_capacity: usize) -> Self {
        VenueSet { pair, tape: tape_capacity, markets: Vec::new() }
    }

    pub fn pair(&self) -> Pair {
        self.pair
    }

    /// The venue's market, made on first use.
    pub fn market_mut(&mut self, v: Venue) -> &mut VenueMarket {
        // Inserted in venue order (no sort: the standard stable sort would cost the wasm ≈ 4 KB).
        let i = self.markets.partition_point(|m| m.venue() < v);
        if self.markets.get(i).is_none_or(|m| m.venue() != v) {
            self.markets.insert(i, VenueMarket::with_tape(v, self.pair, self.tape));
        }
        &mut self.markets[i]
    }

    pub fn market(&self, v: Venue) -> Result<&VenueMarket, ApiError> {
        self.markets
            .iter()
            .find(|m| m.venue() == v)
            .ok_or_else(|| ApiError::argument(format!("no line of {v} was ingested yet")))
    }

    /// The venues with a market, in venue order.
    pub fn venues(&self) -> Vec<Venue> {
        self.markets.iter().map(|m| m.venue()).collect()
    }

    pub fn consolidated(&self, depth: usize, fees: &Fees) -> Result<Js, ApiError> {
        let all: Vec<&VenueMarket> = self.markets.iter().collect();
        consolidated(&all, self.pair, depth, fees)
    }
}
