//! The analytics computations against hand-computed answers.

use goxbook_core::{Currency, Market, RateSource, Side};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap().normalize()
}

fn market_with(currency: &str, asks: &[(&str, &str)], bids: &[(&str, &str)]) -> Market {
    let mut m = Market::default();
    add_book(&mut m, currency, asks, bids);
    m
}

fn add_book(m: &mut Market, currency: &str, asks: &[(&str, &str)], bids: &[(&str, &str)]) {
    let e = |l: &[(&str, &str)]| {
        l.iter()
            .map(|(p, a)| format!(r#"{{"price_int":"{p}","amount_int":"{a}","stamp":"7"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let body = format!(
        r#"{{"result":"success","return":{{"asks":[{}],"bids":[{}]}},"_currency":"{currency}"}}"#,
        e(asks),
        e(bids)
    );
    m.ingest(&body).unwrap();
}

// Asks 14.5 × 1, 14.6 × 2, 14.75 × 0.5; bids 14.3 × 1.5, 14.2 × 3, 14.05 × 1; mid 14.4.
fn usd() -> Market {
    market_with(
        "USD",
        &[("1450000", "100000000"), ("1460000", "200000000"), ("1475000", "50000000")],
        &[("1405000", "100000000"), ("1420000", "300000000"), ("1430000", "150000000")],
    )
}

#[test]
fn calculator_by_value() {
    let m = usd();
    let b = &m.get(Currency::USD).unwrap().book;
    // TC0: spend 29.10: 1 × 14.5, then 14.60 buys exactly 1 of the 2 at 14.6.
    let (q, reached) = b.impact_for_value(Side::Ask, 2910000);
    assert!(reached);
    assert_eq!((q.filled, q.cost_decimal(5).unwrap().normalize()), (200000000, d("29.1")));
    assert_eq!(q.average_price(5).unwrap().normalize(), d("14.55"));
    assert_eq!(q.levels, vec![(1450000, 100000000), (1460000, 100000000)]);
    // TC1: spend 1000 on a book worth 51.075: everything, and not reached.
    let (q, reached) = b.impact_for_value(Side::Ask, 100000000);
    assert!(!reached);
    assert_eq!((q.filled, q.cost_decimal(5).unwrap().normalize()), (350000000, d("51.075")));
    // TC2: one cent-thousandth (1 tick) buys 68e-8 BTC at 14.5 (68 × 14.5e-8 = 0.00000986 ≤ 0.00001).
    let (q, reached) = b.impact_for_value(Side::Ask, 1);
    assert!(reached);
    assert_eq!(q.filled, 68);
    // TC3: raise 21.45 selling: exactly the 1.5 at 14.3.
    let (q, reached) = b.impact_for_value(Side::Bid, 2145000);
    assert!(reached);
    assert_eq!((q.filled, q.levels.len()), (150000000, 1));
}

#[test]
fn slippage_against_the_mid() {
    let m = usd();
    let c = m.get(Currency::USD).unwrap();
    let mid = c.mid().unwrap();
    // Buy 2.5: average 14.56 vs 14.4 → 1.1111 %.
    assert_eq!(c.book.impact(Side::Ask, 250000000).slippage_pct(mid, 5), Some(d("1.1111")));
    // Sell 2: average 14.275 vs 14.4 → 0.86805… → 0.8681 %.
    assert_eq!(c.book.impact(Side::Bid, 200000000).slippage_pct(mid, 5), Some(d("0.8681")));
    assert_eq!(c.book.impact(Side::Bid, 0).slippage_pct(mid, 5), None);
}

#[test]
fn execution_price_curve() {
    let m = usd();
    let b = &m.get(Currency::USD).unwrap().book;
    let sizes = [250000000, 100000000, 1000000000, 0];
    let curve = b.execution_curve(Side::Ask, &sizes);
    let avg: Vec<Option<Decimal>> = curve.iter().map(|p| p.average_price(5).map(|a| a.normalize())).collect();
    assert_eq!(avg, vec![Some(d("14.56")), Some(d("14.5")), Some(d("14.5928571428571")), None]);
    assert_eq!(curve.iter().map(|p| p.filled).collect::<Vec<_>>(), vec![250000000, 100000000, 350000000, 0]);
    // The same answers as one impact query per size.
    for p in &curve {
        let q = b.impact(Side::Ask, p.size);
        assert_eq!((q.filled, q.cost), (p.filled, p.cost));
    }
}

#[test]
fn depth_chart_points_in_range() {
    let m = usd();
    let b = &m.get(Currency::USD).unwrap().book;
    let asks: Vec<(i64, i64)> =
        b.depth_curve(Side::Ask, 1455000, 1480000).iter().map(|r| (r.price, r.cumulative)).collect();
    assert_eq!(asks, vec![(1460000, 300000000), (1475000, 350000000)]);
    let bids: Vec<(i64, i64)> =
        b.depth_curve(Side::Bid, 1410000, 1440000).iter().map(|r| (r.price, r.cumulative)).collect();
    assert_eq!(bids, vec![(1430000, 150000000), (1420000, 450000000)]);
    assert!(b.depth_curve(Side::Bid, 1, 2).is_empty());
}

fn trade(tid: u64, price: &str, cur: &str) -> String {
    trade_p(tid, price, cur, "Y")
}

fn trade_p(tid: u64, price: &str, cur: &str, primary: &str) -> String {
    format!(
        r#"{{"op":"private","private":"trade","trade":{{"type":"trade","tid":"{tid}","price_int":"{price}","amount_int":"100000000","price_currency":"{cur}","item":"BTC","trade_type":"bid","primary":"{primary}"}}}}"#
    )
}

#[test]
fn converted_copies_count_neither_in_rates_nor_in_vwap() {
    let mut m = Market::default();
    m.ingest(&trade(10, "10000000", "USD")).unwrap(); // 100 USD, made in USD
    m.ingest(&trade(20, "8000000", "EUR")).unwrap(); // 80 EUR, made in EUR
    m.ingest(&trade_p(20, "9000000", "USD", "N")).unwrap(); // the EUR trade converted: 90 USD
    let g = m.cross_rates(RateSource::Last, 30, 1_000);
    // Still 100 / 80, not the converted copy's 90 / 80.
    assert_eq!(g.rate(Currency::USD, Currency::EUR), Some(d("1.25")));
    let usd = m.get(Currency::USD).unwrap();
    assert_eq!(usd.tape.len(), 2, "the copy is on the tape, with its flag");
    let (v, covered) = usd.vwap_last(500_000_000).unwrap();
    assert_eq!((v.normalize(), covered.normalize()), (d("100"), d("1")));
}

#[test]
fn synthetic_forex_grid() {
    let mut m = Market::default();
    m.ingest(&trade(10, "10000000", "USD")).unwrap(); // 100 USD
    m.ingest(&trade(20, "8000000", "EUR")).unwrap(); // 80 EUR
    m.ingest(r#"{"op":"private","private":"ticker","ticker":{"last_local":{"value_int":"10000000","currency":"JPY"},"now":"5"}}"#)
        .unwrap(); // 10 000 JPY, no trade seen
    let g = m.cross_rates(RateSource::Last, 30, 15);
    let (usd, eur, jpy, gbp) = (Currency::USD, Currency::EUR, Currency::JPY, Currency::new("GBP").unwrap());
    assert_eq!(g.rate(usd, eur), Some(d("1.25")));
    assert_eq!(g.rate(eur, usd), Some(d("0.8")));
    assert_eq!(g.rate(jpy, usd), Some(d("100")));
    assert_eq!(g.rate(usd, jpy), Some(d("0.01")));
    assert_eq!(g.rate(usd, gbp), None);
    // USD's input is 20 µs old and JPY's 25, past 15: stale. EUR's is 10: fresh.
    assert!(g.is_stale(eur, usd) && g.is_stale(usd, jpy));
    assert!(!g.inputs.iter().find(|i| i.currency == eur).unwrap().stale);
    // Mid prices instead: only currencies with both sides of a book.
    add_book(&mut m, "USD", &[("10100000", "1")], &[("9900000", "1")]);
    add_book(&mut m, "EUR", &[("8100000", "1")], &[("8000000", "1")]);
    let g = m.cross_rates(RateSource::Mid, 7, 100);
    assert_eq!(g.rate(usd, eur), Some(d("1.2422360248"))); // 100 / 80.5
    assert_eq!(g.rate(jpy, usd), None);
}
