//! What the widget shows, computed from the core's state as exact decimal strings; no DOM.

use goxbook_core::{format_ticks, group_levels, Book, CurrencyState, DepthRow, Side, TradeRecord, AMOUNT_DECIMALS};

/// Both sides of the ladder, best first, never crossed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ladder {
    pub bids: Vec<DepthRow>,
    pub asks: Vec<DepthRow>,
}

impl Ladder {
    /// The largest cumulative amount shown (what a full depth bar stands for).
    pub fn max_cumulative(&self) -> i64 {
        let last = |rows: &[DepthRow]| rows.last().map_or(0, |r| r.cumulative);
        last(&self.bids).max(last(&self.asks))
    }
}

/// The best `n` rows a side, grouped by `tick` ticks (≤ 1: no grouping; the core's
/// [`group_levels`]: bids round down, asks up, cumulative amounts from the best).
///
/// A book fed by a lossy stream can be crossed for a moment (a lost removal): where the best
/// bid is not below the best ask, the older of the two levels is the one proved gone (the
/// newer message was sent after it), so the display leaves it out until a ticker or a
/// snapshot repairs the book itself.
pub fn ladder(book: &Book, tick: i64, n: usize) -> Ladder {
    let mut bids = book.levels(Side::Bid).peekable();
    let mut asks = book.levels(Side::Ask).peekable();
    while let (Some(b), Some(a)) = (bids.peek(), asks.peek()) {
        if b.price < a.price {
            break;
        }
        if b.time < a.time {
            bids.next();
        } else {
            asks.next();
        }
    }
    Ladder { bids: group_levels(bids, Side::Bid, tick, n), asks: group_levels(asks, Side::Ask, tick, n) }
}

/// The grouping choices for a currency of `decimals`: none, then 0.01, 0.1, 1, 10 and 100
/// units of the currency (only those coarser than one tick).
pub fn group_ticks(decimals: u32) -> Vec<i64> {
    let mut out = vec![1];
    for exp in -2i32..=2 {
        let ticks_exp = decimals as i32 + exp;
        if (1..=18).contains(&ticks_exp) {
            out.push(10i64.pow(ticks_exp as u32));
        }
    }
    out
}

/// A grouping tick as the currency's decimal text ("0.01"); "1 tick" as the exact tick.
pub fn tick_label(tick: i64, decimals: u32) -> String {
    let s = format_ticks(tick, decimals);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The ticker fields, in the order of the `data-field` hooks.
pub const TICKER_FIELDS: [&str; 9] = ["last", "buy", "sell", "spread", "high", "low", "vol", "vwap", "avg"];

/// The ticker as exact decimal strings, in [`TICKER_FIELDS`] order (None: not known).
pub fn ticker(state: &CurrencyState) -> [Option<String>; 9] {
    let Some(t) = &state.ticker else { return Default::default() };
    let d = state.decimals;
    let p = |v: Option<i64>| v.map(|v| format_ticks(v, d));
    let spread = match (t.buy, t.sell) {
        (Some(b), Some(s)) => Some(format_ticks(s - b, d)),
        _ => None,
    };
    [
        p(t.last_price()),
        p(t.buy),
        p(t.sell),
        spread,
        p(t.high),
        p(t.low),
        t.vol.map(|v| format_ticks(v, AMOUNT_DECIMALS)),
        p(t.vwap),
        p(t.avg),
    ]
}

/// The newest `n` trades made in this currency, newest first. The copies that MtGox
/// broadcast of a trade in another currency (`primary: "N"`, converted at its FX rate) are
/// left out: they did not happen in this book.
pub fn trades(state: &CurrencyState, n: usize) -> impl Iterator<Item = &TradeRecord> + '_ {
    state.tape.iter().rev().filter(|t| t.primary != Some(false)).take(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::{Currency, Market, MarketOptions};

    fn market(lines: &[&str]) -> Market {
        let mut m = Market::new(MarketOptions::default());
        for l in lines {
            m.ingest(l).unwrap();
        }
        m
    }

    const FULL: &str = r#"{"result":"success","return":{
        "asks":[{"price_int":"10100000","amount_int":"100000000","stamp":"10"},{"price_int":"10105000","amount_int":"50000000","stamp":"10"},{"price_int":"10250000","amount_int":"1","stamp":"10"}],
        "bids":[{"price_int":"9800000","amount_int":"7","stamp":"10"},{"price_int":"9990000","amount_int":"200000000","stamp":"10"},{"price_int":"9999999","amount_int":"30000000","stamp":"10"}]}}"#;

    #[test]
    fn ladder_rows_best_first_with_cumulative() {
        let m = market(&[FULL]);
        let book = &m.get(Currency::USD).unwrap().book;
        let l = ladder(book, 1, 2);
        let rows = |r: &[DepthRow]| r.iter().map(|r| (r.price, r.amount, r.cumulative)).collect::<Vec<_>>();
        assert_eq!(rows(&l.bids), [(9999999, 30000000, 30000000), (9990000, 200000000, 230000000)]);
        assert_eq!(rows(&l.asks), [(10100000, 100000000, 100000000), (10105000, 50000000, 150000000)]);
        assert_eq!(l.max_cumulative(), 230000000);
        // Grouped by 1.00 USD (100000 ticks): bids round down, asks up.
        let g = ladder(book, 100_000, 5);
        assert_eq!(rows(&g.bids), [(9900000, 230000000, 230000000), (9800000, 7, 230000007)]);
        assert_eq!(
            rows(&g.asks),
            [(10100000, 100000000, 100000000), (10200000, 50000000, 150000000), (10300000, 1, 150000001)]
        );
    }

    #[test]
    fn a_crossed_book_shows_the_newer_side() {
        // A bid at 101.5 newer than the snapshot's asks at 101.00 and 101.05: those asks are gone.
        let bid = r#"{"op":"private","private":"depth","depth":{"price_int":"10150000","type_str":"bid","volume_int":"1","total_volume_int":"5","currency":"USD","now":"20"}}"#;
        let m = market(&[FULL, bid]);
        let l = ladder(&m.get(Currency::USD).unwrap().book, 1, 3);
        assert_eq!(l.bids[0].price, 10150000);
        assert_eq!(l.asks[0].price, 10250000);
        assert!(l.bids[0].price < l.asks[0].price);
    }

    #[test]
    fn trades_newest_first_without_converted_copies() {
        let t = |tid: i64, primary: &str| {
            format!(
                r#"{{"op":"private","private":"trade","trade":{{"type":"trade","tid":"{tid}","amount_int":"1","price_int":"100","price_currency":"USD","trade_type":"bid","primary":"{primary}"}}}}"#
            )
        };
        let (a, b, c) = (t(1, "Y"), t(2, "N"), t(3, "Y"));
        let m = market(&[&a, &b, &c]);
        let tids: Vec<i64> = trades(m.get(Currency::USD).unwrap(), 50).map(|t| t.tid).collect();
        assert_eq!(tids, [3, 1]);
    }

    #[test]
    fn ticks_and_labels() {
        assert_eq!(group_ticks(5), [1, 1000, 10000, 100000, 1000000, 10000000]);
        assert_eq!(group_ticks(3), [1, 10, 100, 1000, 10000, 100000]);
        assert_eq!(tick_label(1000, 5), "0.01");
        assert_eq!(tick_label(10000000, 5), "100");
        assert_eq!(tick_label(1, 3), "0.001");
    }

    #[test]
    fn ticker_fields_are_exact() {
        let t = r#"{"op":"private","private":"ticker","ticker":{"high":{"value_int":"11800000","currency":"USD"},
            "low":{"value_int":"10700000","currency":"USD"},"avg":{"value_int":"11245839","currency":"USD"},
            "vwap":{"value_int":"11289311","currency":"USD"},"vol":{"value_int":"2000795000000","currency":"BTC"},
            "last_local":{"value_int":"11274000","currency":"USD"},"last":{"value_int":"11274000","currency":"USD"},
            "buy":{"value_int":"11274000","currency":"USD"},"sell":{"value_int":"11316000","currency":"USD"},"now":"1"}}"#;
        let m = market(&[t]);
        let f = ticker(m.get(Currency::USD).unwrap());
        let f: Vec<&str> = f.iter().map(|v| v.as_deref().unwrap_or("-")).collect();
        assert_eq!(
            f,
            [
                "112.74000",
                "112.74000",
                "113.16000",
                "0.42000",
                "118.00000",
                "107.00000",
                "20007.95000000",
                "112.89311",
                "112.45839"
            ]
        );
    }
}
