//! What the JS API returns, as plain serializable Rust: built from a `goxbook_core::Market`.

use goxbook_core::error::Quoted;
use goxbook_core::money::decimal_to_ticks;
use goxbook_core::{
    format_decimal, format_ticks, money::write_ticks, Change, Currency, CurrencyState, Error, Market, RateSource, Side,
    AMOUNT_DECIMALS,
};

/// A JS value as the API hands it out: every answer becomes one of these, then JSON text
/// that the JS side parses (`JSON.parse`): one crossing and one string per answer, and the
/// smallest code (no serializer instantiated per answer type).
#[derive(Debug, PartialEq)]
pub enum Js {
    Null,
    Bool(bool),
    /// A JS number (counts, and trade dates in seconds: exact below 2^53).
    Num(i64),
    Str(String),
    Static(&'static str),
    Arr(Vec<Js>),
    Obj(Vec<(&'static str, Js)>),
}

impl Js {
    /// As JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Js::Null => out.push_str("null"),
            Js::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Js::Num(n) => write_ticks(out, *n, 0),
            Js::Str(t) => write_str(out, t),
            Js::Static(t) => write_str(out, t),
            Js::Arr(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write(out);
                }
                out.push(']');
            }
            Js::Obj(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    x.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string: the quote, the backslash and control characters escaped.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<String> for Js {
    fn from(s: String) -> Js {
        Js::Str(s)
    }
}

impl From<&'static str> for Js {
    fn from(s: &'static str) -> Js {
        Js::Static(s)
    }
}

impl From<bool> for Js {
    fn from(b: bool) -> Js {
        Js::Bool(b)
    }
}

impl From<usize> for Js {
    fn from(n: usize) -> Js {
        Js::Num(n as i64)
    }
}

impl From<i64> for Js {
    fn from(n: i64) -> Js {
        Js::Num(n)
    }
}

impl<T: Into<Js>> From<Option<T>> for Js {
    fn from(o: Option<T>) -> Js {
        o.map_or(Js::Null, Into::into)
    }
}

impl<T: Into<Js>> From<Vec<T>> for Js {
    fn from(v: Vec<T>) -> Js {
        Js::Arr(v.into_iter().map(Into::into).collect())
    }
}

/// Declares an answer once: the struct, and its JS value with each field under its JS name
/// (as the TS declarations have them).
macro_rules! view {
    ($(#[$m:meta])* pub struct $name:ident { $( $(#[$fm:meta])* $field:ident : $ty:ty = $js:literal, )* }) => {
        $(#[$m])*
        #[derive(Debug, PartialEq)]
        pub struct $name {
            $( $(#[$fm])* pub $field: $ty, )*
        }

        impl From<$name> for Js {
            fn from(v: $name) -> Js {
                Js::Obj(vec![$( ($js, v.$field.into()) ),*])
            }
        }
    };
}

view! {
    pub struct LevelView {
        price: String = "price",
        amount: String = "amount",
        cumulative: String = "cumulative",
    }
}

view! {
    pub struct BookView {
        currency: String = "currency",
        /// Best (highest) first.
        bids: Vec<LevelView> = "bids",
        /// Best (lowest) first.
        asks: Vec<LevelView> = "asks",
    }
}

view! {
    pub struct TickerView {
        currency: String = "currency",
        last: Option<String> = "last",
        buy: Option<String> = "buy",
        sell: Option<String> = "sell",
        high: Option<String> = "high",
        low: Option<String> = "low",
        vol: Option<String> = "vol",
        vwap: Option<String> = "vwap",
        avg: Option<String> = "avg",
        /// µs, as a string.
        now: Option<String> = "now",
    }
}

view! {
    pub struct TradeView {
        tid: String = "tid",
        /// Seconds since the epoch.
        date: i64 = "date",
        price: String = "price",
        amount: String = "amount",
        /// "bid" (buyer-initiated), "ask" (seller-initiated) or "".
        trade_type: &'static str = "type",
        primary: Option<bool> = "primary",
    }
}

view! {
    pub struct QuoteLevel {
        price: String = "price",
        amount: String = "amount",
    }
}

view! {
    pub struct QuoteView {
        currency: String = "currency",
        /// "buy" (takes asks) or "sell" (takes bids).
        side: &'static str = "side",
        requested: String = "requested",
        filled: String = "filled",
        /// Whether the book held the whole amount.
        complete: bool = "complete",
        cost: Option<String> = "cost",
        average: Option<String> = "average",
        worst: Option<String> = "worst",
        /// Against the mid, in percent; positive is worse for the taker.
        slippage_pct: Option<String> = "slippagePct",
        levels: Vec<QuoteLevel> = "levels",
    }
}

view! {
    pub struct RateInputView {
        currency: String = "currency",
        price: String = "price",
        time: Option<String> = "time",
        stale: bool = "stale",
    }
}

view! {
    pub struct RateView {
        /// Units of `base` per one unit of `quote`.
        base: String = "base",
        quote: String = "quote",
        rate: String = "rate",
        stale: bool = "stale",
    }
}

view! {
    pub struct CrossRatesView {
        inputs: Vec<RateInputView> = "inputs",
        rates: Vec<RateView> = "rates",
    }
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
    Currency::new(code).ok_or_else(|| ApiError::argument(format!("{} is not a currency code", Quoted(code))))
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
        last: p(t.last_price()),
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
            trade_type: t.trade_type.as_str(),
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
        other => return Err(ApiError::argument(format!("side must be \"buy\" or \"sell\", not {}", Quoted(other)))),
    };
    let ticks = decimal_to_ticks(amount.trim(), AMOUNT_DECIMALS)
        .map_err(|p| ApiError::argument(format!("amount {} is not a decimal number: {p}", Quoted(amount))))?;
    if ticks < 0 {
        return Err(ApiError::argument(format!("amount {} is negative", Quoted(amount))));
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
        // At its scale (price + amount places) already.
        cost: q.as_ref().and_then(|q| q.cost_decimal(d)).map(format_decimal),
        average: q.as_ref().and_then(|q| q.average_price(d)).map(format_decimal),
        worst: q.as_ref().and_then(|q| q.worst_price).map(|p| format_ticks(p, d)),
        slippage_pct: q.as_ref().zip(mid).and_then(|(q, mid)| q.slippage_pct(mid, d)).map(format_decimal),
        levels: q
            .map(|q| {
                q.levels
                    .iter()
                    .map(|&(p, a)| QuoteLevel { price: format_ticks(p, d), amount: format_ticks(a, AMOUNT_DECIMALS) })
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
        other => return Err(ApiError::argument(format!("source must be \"last\" or \"mid\", not {}", Quoted(other)))),
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
                        rate: format_decimal(rate.normalize()),
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
            price: format_decimal(i.price),
            time: i.time.map(|t| t.to_string()),
            stale: i.stale,
        })
        .collect();
    Ok(CrossRatesView { inputs, rates })
}

view! {
    /// Ingests newline-separated payloads in one call (the batch path): how many applied and
    /// the first few errors with their line numbers.
    pub struct BatchView {
        applied: usize = "applied",
        rejected: usize = "rejected",
        errors: Vec<BatchError> = "errors",
    }
}

view! {
    pub struct BatchError {
        line: usize = "line",
        kind: &'static str = "kind",
        message: String = "message",
    }
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

/// A [`Change`] as the bits `ingest` returns to its JS wrapper (which builds the documented
/// `Change` object): book 1, ticker 2, tape 4, scales 8, lag 16, stale 32, and 64 when the
/// change names a currency.
pub fn change_bits(c: &Change) -> u32 {
    u32::from(c.book)
        | u32::from(c.ticker) << 1
        | u32::from(c.tape) << 2
        | u32::from(c.scales) << 3
        | u32::from(c.lag) << 4
        | u32::from(c.stale) << 5
        | u32::from(c.currency.is_some()) << 6
}
