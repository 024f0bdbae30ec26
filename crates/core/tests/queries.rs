//! The book and tape queries against hand-computed answers.

use goxbook_core::{Currency, DepthRow, Market, Side};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn market_with(currency: &str, asks: &[(&str, &str)], bids: &[(&str, &str)]) -> Market {
    let e = |l: &[(&str, &str)]| {
        l.iter().map(|(p, a)| format!(r#"{{"price_int":"{p}","amount_int":"{a}"}}"#)).collect::<Vec<_>>().join(",")
    };
    let body = format!(
        r#"{{"result":"success","return":{{"asks":[{}],"bids":[{}]}},"_currency":"{currency}"}}"#,
        e(asks),
        e(bids)
    );
    let mut m = Market::default();
    m.ingest(&body).unwrap();
    m
}

// Asks 14.5 × 1, 14.6 × 2, 14.75 × 0.5; bids 14.3 × 1.5, 14.2 × 3, 14.05 × 1 (USD, 1e-5).
fn usd() -> Market {
    market_with(
        "USD",
        &[("1450000", "100000000"), ("1460000", "200000000"), ("1475000", "50000000")],
        &[("1405000", "100000000"), ("1420000", "300000000"), ("1430000", "150000000")],
    )
}

#[test]
fn best_spread_mid() {
    let m = usd();
    let c = m.get(Currency::USD).unwrap();
    assert_eq!(c.book.best_bid().unwrap().price, 1430000);
    assert_eq!(c.book.best_ask().unwrap().price, 1450000);
    assert_eq!(c.spread(), Some(d("0.2")));
    assert_eq!(c.mid(), Some(d("14.4")));
    // An odd sum of ticks: the mid keeps its half tick exactly.
    let m = market_with("USD", &[("1450000", "1")], &[("1430001", "1")]);
    assert_eq!(m.get(Currency::USD).unwrap().mid(), Some(d("14.400005")));
}

#[test]
fn top_and_grouping() {
    let m = usd();
    let b = &m.get(Currency::USD).unwrap().book;
    assert_eq!(
        b.top(Side::Bid, 2),
        vec![
            DepthRow { price: 1430000, amount: 150000000, cumulative: 150000000 },
            DepthRow { price: 1420000, amount: 300000000, cumulative: 450000000 },
        ]
    );
    // Buckets of 0.25: asks round up, bids round down.
    assert_eq!(
        b.grouped(Side::Ask, 25000, 10),
        vec![
            DepthRow { price: 1450000, amount: 100000000, cumulative: 100000000 },
            DepthRow { price: 1475000, amount: 250000000, cumulative: 350000000 },
        ]
    );
    assert_eq!(
        b.grouped(Side::Bid, 25000, 10),
        vec![
            DepthRow { price: 1425000, amount: 150000000, cumulative: 150000000 },
            DepthRow { price: 1400000, amount: 400000000, cumulative: 550000000 },
        ]
    );
    assert_eq!(b.grouped(Side::Bid, 25000, 1).len(), 1);
}

#[test]
fn amount_available_up_to_a_price() {
    let m = usd();
    let b = &m.get(Currency::USD).unwrap().book;
    assert_eq!(b.available(Side::Ask, 1460000), 300000000);
    assert_eq!(b.available(Side::Ask, 1449999), 0);
    assert_eq!(b.available(Side::Bid, 1420000), 450000000);
    assert_eq!(b.available(Side::Bid, 1), 550000000);
}

#[test]
fn market_impact_table() {
    let m = usd();
    let c = m.get(Currency::USD).unwrap();
    // (side taken, amount, filled, cost, average, worst, levels)
    #[allow(clippy::type_complexity)] // one tuple per row of the table reads best
    let cases: &[(Side, i64, i64, &str, Option<&str>, Option<i64>, usize)] = &[
        // TC0: buy 2.5 = 1 × 14.5 + 1.5 × 14.6 = 36.4, average 14.56
        (Side::Ask, 250000000, 250000000, "36.4", Some("14.56"), Some(1460000), 2),
        // TC1: buy 10 from a book holding 3.5: 14.5 + 29.2 + 7.375 = 51.075, average 14.592857142857142857… → 13 places
        (Side::Ask, 1000000000, 350000000, "51.075", Some("14.5928571428571"), Some(1475000), 3),
        // TC2: sell 2 = 1.5 × 14.3 + 0.5 × 14.2 = 28.55, average 14.275
        (Side::Bid, 200000000, 200000000, "28.55", Some("14.275"), Some(1420000), 2),
        // TC3: nothing asked, nothing taken
        (Side::Bid, 0, 0, "0", None, None, 0),
    ];
    for (i, &(side, amount, filled, cost, avg, worst, levels)) in cases.iter().enumerate() {
        let q = c.book.impact(side, amount);
        assert_eq!(q.filled, filled, "TC{i} filled");
        assert_eq!(q.complete(), filled == amount, "TC{i} complete");
        assert_eq!(q.cost_decimal(5).unwrap().normalize(), d(cost).normalize(), "TC{i} cost");
        assert_eq!(q.average_price(5).map(|a| a.normalize()), avg.map(|a| d(a).normalize()), "TC{i} average");
        assert_eq!(q.worst_price, worst, "TC{i} worst");
        assert_eq!(q.levels.len(), levels, "TC{i} levels");
    }
}

#[test]
fn jpy_impact_at_its_scale() {
    let m = market_with("JPY", &[("1234567", "100000000"), ("1240000", "200000000")], &[]);
    let c = m.get(Currency::JPY).unwrap();
    let q = c.book.impact(Side::Ask, 200000000);
    assert_eq!(q.cost_decimal(3).unwrap().normalize(), d("2474.567"));
    assert_eq!(q.average_price(3).unwrap().normalize(), d("1237.2835"));
    assert_eq!(c.spread(), None);
}

#[test]
fn empty_book_answers_nothing() {
    let m = market_with("USD", &[], &[]);
    let c = m.get(Currency::USD).unwrap();
    assert!(c.book.is_empty());
    assert_eq!(c.mid(), None);
    let q = c.book.impact(Side::Ask, 100000000);
    assert_eq!((q.filled, q.complete(), q.average_price(5)), (0, false, None));
    assert!(c.book.top(Side::Bid, 5).is_empty());
}

#[test]
fn vwap_over_the_last_n_btc() {
    let mut m = Market::default();
    for (tid, price, amount) in [(1, "1400000", "100000000"), (2, "1500000", "200000000"), (3, "1600000", "100000000")]
    {
        let t = format!(
            r#"{{"op":"private","private":"trade","trade":{{"type":"trade","tid":"{tid}","price_int":"{price}","amount_int":"{amount}","price_currency":"USD","item":"BTC","trade_type":"bid","primary":"Y"}}}}"#
        );
        m.ingest(&t).unwrap();
    }
    let c = m.get(Currency::USD).unwrap();
    // Last 2 BTC: 1 × 16 + 1 × 15 = 31 → 15.5.
    let (v, covered) = c.vwap_last(200000000).unwrap();
    assert_eq!((v.normalize(), covered.normalize()), (d("15.5"), d("2")));
    // More than traded: all 4 BTC, (14 + 30 + 16) / 4 = 15.
    let (v, covered) = c.vwap_last(1000000000).unwrap();
    assert_eq!((v.normalize(), covered.normalize()), (d("15"), d("4")));
    assert_eq!(c.vwap_last(0), None);
}

/// The integer division behind average prices, slippage and cross rates gives what
/// rust_decimal's `checked_div` + `round_dp` gave before it (value, scale and text), on
/// realistic magnitudes (results of up to 26 significant digits); the two may differ only on
/// digits 4999…9 / 5000…0 past the places kept.
mod div_round_matches_rust_decimal {
    use goxbook_core::queries::div_round;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn old(a: i128, sa: u32, b: i128, sb: u32, dp: u32) -> Option<Decimal> {
        let a = Decimal::try_from_i128_with_scale(a, sa).ok()?;
        let b = Decimal::try_from_i128_with_scale(b, sb).ok()?;
        a.checked_div(b).map(|d| d.round_dp(dp))
    }

    fn same(a: i128, sa: u32, b: i128, sb: u32, dp: u32) {
        let (new, old) = (div_round(a, sa, b, sb, dp), old(a, sa, b, sb, dp));
        assert_eq!(new.map(|d| d.to_string()), old.map(|d| d.to_string()), "{a}e-{sa} / {b}e-{sb} at {dp}");
        assert_eq!(new.map(|d| (d.mantissa(), d.scale())), old.map(|d| (d.mantissa(), d.scale())));
    }

    #[test]
    fn table() {
        for (a, sa, b, sb, dp) in [
            (364000000000000, 13, 250000000, 8, 13), // 36.4 / 2.5 = 14.56000 (scale 5: exact)
            (1, 0, 3, 0, 10),
            (2, 0, 3, 0, 10),
            (-2, 0, 3, 0, 10),
            (1, 0, 8, 0, 10),    // 0.125: exact after more places
            (-1, 5, 3, 0, 4),    // rounds to a negative zero
            (5, 5, 1, 0, 4),     // exact at 5 places, rounded to 4: half to even
            (15, 5, 1, 0, 4),    // …up
            (25, 5, 1, 0, 4),    // …down
            (100, 0, 8, 0, 0),   // 12.5 → 12
            (1000, 0, 1, 5, 10), // negative scale difference
            (0, 3, 7, 0, 4),
            (7, 0, 0, 0, 4),
            (1450000, 5, 1441000, 5, 10),
            (144000000, 6, 1440000, 5, 4),
        ] {
            same(a, sa, b, sb, dp);
        }
    }

    proptest! {
        #[test]
        fn random(a in -10_000_000_000_000_000_000i128..10_000_000_000_000_000_000, sa in 0u32..14,
                  b in -10_000_000_000_000i128..10_000_000_000_000, sb in 0u32..10, dp in 0u32..14) {
            // Within rust_decimal's precision: 28 significant digits hold the places kept
            // (past them it keeps fewer places than asked, where the integers keep them all).
            let int_part = a.unsigned_abs() * 10u128.pow(sb) / (b.unsigned_abs().max(1) * 10u128.pow(sa));
            prop_assume!(int_part.to_string().len() as u32 + dp <= 26);
            same(a, sa, b, sb, dp);
        }

        #[test]
        fn prices(a in 1i128..100_000_000_000, b in 1i128..100_000_000_000, sa in 2u32..7, sb in 2u32..7) {
            same(a, sa, b, sb, 10);
            same(a * 100_000_000, sa + 8, b, 8, sa + 8);
        }
    }
}

mod slippage_matches_rust_decimal {
    use goxbook_core::{Impact, Side};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn random(price in 1i64..100_000_000_000, amount in 1i64..1_000_000_000_000, extra in 0i64..1_000_000,
                  mid in 1i64..100_000_000_000, half in any::<bool>(), ask in any::<bool>(), d in 0u32..8) {
            let cost = price as i128 * amount as i128 + extra as i128;
            let side = if ask { Side::Ask } else { Side::Bid };
            let q = Impact { side, requested: amount, filled: amount, cost, worst_price: None, levels: vec![] };
            let mid = Decimal::try_from_i128_with_scale(if half { mid as i128 * 10 + 5 } else { mid as i128 }, d + u32::from(half)).unwrap();
            let avg = q.average_price(d).unwrap();
            let diff = if ask { avg - mid } else { mid - avg };
            let old = diff.checked_mul(Decimal::ONE_HUNDRED).and_then(|x| x.checked_div(mid)).map(|p| p.round_dp(4));
            prop_assert_eq!(q.slippage_pct(mid, d).map(|s| s.to_string()), old.map(|s| s.to_string()));
        }
    }
}

#[test]
fn last_price_is_the_last_trade_here_then_last_then_last_all() {
    use goxbook_core::TickerState;
    let t = |last_local, last, last_all| TickerState { last_local, last, last_all, ..Default::default() };
    assert_eq!(t(Some(1), Some(2), Some(3)).last_price(), Some(1));
    assert_eq!(t(None, Some(2), Some(3)).last_price(), Some(2));
    assert_eq!(t(None, None, Some(3)).last_price(), Some(3));
    assert_eq!(t(None, None, None).last_price(), None);
}
