//! What the JS API returns, as plain serializable Rust: built from a `goxbook_core::Market`.

use goxbook_core::analytics::btc;
use goxbook_core::money::decimal_to_ticks;
use goxbook_core::{
    format_ticks, Change, Currency, CurrencyState, Error, Market, RateSource, Side, TradeType, AMOUNT_DECIMALS,
};
use serde::Serialize;

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChangeView {
    pub currency: Option<String>,
    pub book: bool,
    pub ticker: bool,
    pub tape: bool,
    pub scales: bool,
    pub lag: bool,
    pub stale: bool,
}

impl From<Change> for ChangeView {
    fn from(c: Change) -> Self {
        ChangeView {
            currency: c.currency.map(|c| c.to_string()),
            book: c.book,
            ticker: c.ticker,
            tape: c.tape,
            scales: c.scales,
            lag: c.lag,
            stale: c.stale,
        }
    }
}

#[derive(Serialize, Debug, PartialEq)]
pub struct LevelView {
    pub price: String,
    pub amount: String,
    pub cumulative: String,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct BookView {
    pub currency: String,
    /// Best (highest) first.
    pub bids: Vec<LevelView>,
    /// Best (lowest) first.
    pub asks: Vec<LevelView>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct TickerView {
    pub currency: String,
    pub last: Option<String>,
    pub buy: Option<String>,
    pub sell: Option<String>,
    pub high: Option<String>,
    pub low: Option<String>,
    pub vol: Option<String>,
    pub vwap: Option<String>,
    pub avg: Option<String>,
    /// µs, as a string.
    pub now: Option<String>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct TradeView {
    pub tid: String,
    /// Seconds since the epoch.
    pub date: i64,
    pub price: String,
    pub amount: String,
    /// "bid" (buyer-initiated), "ask" (seller-initiated) or "".
    #[serde(rename = "type")]
    pub trade_type: &'static str,
    pub primary: Option<bool>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct QuoteLevel {
    pub price: String,
    pub amount: String,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub currency: String,
    /// "buy" (takes asks) or "sell" (takes bids).
    pub side: &'static str,
    pub requested: String,
    pub filled: String,
    /// Whether the book held the whole amount.
    pub complete: bool,
    pub cost: Option<String>,
    pub average: Option<String>,
    pub worst: Option<String>,
    /// Against the mid, in percent; positive is worse for the taker.
    pub slippage_pct: Option<String>,
    pub levels: Vec<QuoteLevel>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct RateInputView {
    pub currency: String,
    pub price: String,
    pub time: Option<String>,
    pub stale: bool,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct RateView {
    /// Units of `base` per one unit of `quote`.
    pub base: String,
    pub quote: String,
    pub rate: String,
    pub stale: bool,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct CrossRatesView {
    pub inputs: Vec<RateInputView>,
    pub rates: Vec<RateView>,
}

/// An API error: the core's, or a bad argument.
#[derive(Debug, PartialEq)]
pub struct ApiError {
    pub kind: &'static str,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub offset: Option<usize>,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let at = e.position();
        ApiError {
            kind: e.kind(),
            message: e.to_string(),
            line: at.map(|p| p.line),
            column: at.map(|p| p.column),
            offset: at.map(|p| p.offset),
        }
    }
}

impl ApiError {
    pub fn argument(message: String) -> Self {
        ApiError { kind: "argument", message, line: None, column: None, offset: None }
    }
}

pub fn currency(code: &str) -> Result<Currency, ApiError> {
    Currency::new(code).ok_or_else(|| ApiError::argument(format!("{code:?} is not a currency code")))
}

fn state<'m>(m: &'m Market, code: &str) -> Result<Option<&'m CurrencyState>, ApiError> {
    Ok(m.get(currency(code)?))
}

fn scale(m: &Market, code: &str) -> Result<u32, ApiError> {
    let c = currency(code)?;
    m.scales().decimals(c).ok_or_else(|| ApiError::argument(format!("the scale of {c} is not known")))
}

pub fn book(m: &Market, code: &str, depth: usize) -> Result<BookView, ApiError> {
    let d = scale(m, code)?;
    let side = |s: Side| -> Vec<LevelView> {
        state(m, code)
            .ok()
            .flatten()
            .map(|st| {
                st.book
                    .top(s, depth)
                    .into_iter()
                    .map(|r| LevelView {
                        price: format_ticks(r.price, d),
                        amount: format_ticks(r.amount, AMOUNT_DECIMALS),
                        cumulative: format_ticks(r.cumulative, AMOUNT_DECIMALS),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(BookView { currency: currency(code)?.to_string(), bids: side(Side::Bid), asks: side(Side::Ask) })
}

pub fn ticker(m: &Market, code: &str) -> Result<Option<TickerView>, ApiError> {
    let d = scale(m, code)?;
    let Some(t) = state(m, code)?.and_then(|s| s.ticker.as_ref()) else { return Ok(None) };
    let p = |v: Option<i64>| v.map(|v| format_ticks(v, d));
    Ok(Some(TickerView {
        currency: currency(code)?.to_string(),
        last: p(t.last.or(t.last_all).or(t.last_local)),
        buy: p(t.buy),
        sell: p(t.sell),
        high: p(t.high),
        low: p(t.low),
        vol: t.vol.map(|v| format_ticks(v, AMOUNT_DECIMALS)),
        vwap: p(t.vwap),
        avg: p(t.avg),
        now: t.now.map(|n| n.to_string()),
    }))
}

/// The newest `n` trades, newest first.
pub fn trades(m: &Market, code: &str, n: usize) -> Result<Vec<TradeView>, ApiError> {
    let d = scale(m, code)?;
    let Some(st) = state(m, code)? else { return Ok(Vec::new()) };
    Ok(st
        .tape
        .iter()
        .rev()
        .take(n)
        .map(|t| TradeView {
            tid: t.tid.to_string(),
            date: t.date,
            price: format_ticks(t.price, d),
            amount: format_ticks(t.amount, AMOUNT_DECIMALS),
            trade_type: match t.trade_type {
                TradeType::Bid => "bid",
                TradeType::Ask => "ask",
                TradeType::Unknown => "",
            },
            primary: t.primary,
        })
        .collect())
}

/// What buying or selling `amount` BTC (a decimal string) would do against the book.
pub fn quote(m: &Market, code: &str, side: &str, amount: &str) -> Result<QuoteView, ApiError> {
    let d = scale(m, code)?;
    let (book_side, side) = match side {
        "buy" => (Side::Ask, "buy"),
        "sell" => (Side::Bid, "sell"),
        other => return Err(ApiError::argument(format!("side must be \"buy\" or \"sell\", not {other:?}"))),
    };
    let ticks = decimal_to_ticks(amount.trim(), AMOUNT_DECIMALS)
        .map_err(|p| ApiError::argument(format!("amount {amount:?} is not a decimal number: {p}")))?;
    if ticks < 0 {
        return Err(ApiError::argument(format!("amount {amount:?} is negative")));
    }
    let st = state(m, code)?;
    let q = st.map(|s| s.book.impact(book_side, ticks));
    let mid = st.and_then(|s| s.mid());
    Ok(QuoteView {
        currency: currency(code)?.to_string(),
        side,
        requested: format_ticks(ticks, AMOUNT_DECIMALS),
        filled: format_ticks(q.as_ref().map_or(0, |q| q.filled), AMOUNT_DECIMALS),
        complete: q.as_ref().is_some_and(|q| q.complete()),
        cost: q.as_ref().and_then(|q| q.cost_decimal(d)).map(|c| c.round_dp(d + AMOUNT_DECIMALS).to_string()),
        average: q.as_ref().and_then(|q| q.average_price(d)).map(|a| a.to_string()),
        worst: q.as_ref().and_then(|q| q.worst_price).map(|p| format_ticks(p, d)),
        slippage_pct: q.as_ref().zip(mid).and_then(|(q, mid)| q.slippage_pct(mid, d)).map(|s| s.to_string()),
        levels: q
            .map(|q| {
                q.levels
                    .iter()
                    .map(|&(p, a)| QuoteLevel { price: format_ticks(p, d), amount: btc(a).to_string() })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The synthetic forex grid: every ordered pair of currencies with a price.
pub fn cross_rates(m: &Market, source: &str, now_us: i64, stale_after_us: i64) -> Result<CrossRatesView, ApiError> {
    let source = match source {
        "last" => RateSource::Last,
        "mid" => RateSource::Mid,
        other => return Err(ApiError::argument(format!("source must be \"last\" or \"mid\", not {other:?}"))),
    };
    let g = m.cross_rates(source, now_us, stale_after_us);
    let mut rates = Vec::new();
    for a in &g.inputs {
        for b in &g.inputs {
            if a.currency != b.currency {
                if let Some(rate) = g.rate(a.currency, b.currency) {
                    rates.push(RateView {
                        base: a.currency.to_string(),
                        quote: b.currency.to_string(),
                        rate: rate.normalize().to_string(),
                        stale: a.stale || b.stale,
                    });
                }
            }
        }
    }
    let inputs = g
        .inputs
        .iter()
        .map(|i| RateInputView {
            currency: i.currency.to_string(),
            price: i.price.to_string(),
            time: i.time.map(|t| t.to_string()),
            stale: i.stale,
        })
        .collect();
    Ok(CrossRatesView { inputs, rates })
}

/// Ingests newline-separated payloads in one call (the batch path): how many applied and
/// the first few errors with their line numbers.
#[derive(Serialize, Debug, PartialEq)]
pub struct BatchView {
    pub applied: usize,
    pub rejected: usize,
    pub errors: Vec<BatchError>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct BatchError {
    pub line: usize,
    pub kind: &'static str,
    pub message: String,
}

pub fn ingest_lines(m: &mut Market, text: &str) -> BatchView {
    let mut out = BatchView { applied: 0, rejected: 0, errors: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match m.ingest(line) {
            Ok(_) => out.applied += 1,
            Err(e) => {
                out.rejected += 1;
                if out.errors.len() < 16 {
                    out.errors.push(BatchError { line: i + 1, kind: e.kind(), message: e.to_string() });
                }
            }
        }
    }
    out
}
