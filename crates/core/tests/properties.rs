//! Property tests of the book's invariants, through the public ingest path.

use goxbook_core::{Currency, Market, MarketOptions, Side};
use proptest::prelude::*;

fn depth(side: Side, price: i64, total: Option<i64>, delta: i64, now: i64) -> String {
    let total = total.map(|t| format!(r#","total_volume_int":"{t}""#)).unwrap_or_default();
    format!(
        r#"{{"channel":"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe","channel_name":"depth.BTCUSD","op":"private","origin":"broadcast","private":"depth","depth":{{"price_int":"{price}","type_str":"{}","volume_int":"{delta}","currency":"USD","item":"BTC","now":"{now}"{total}}}}}"#,
        side.as_str()
    )
}

fn levels(m: &Market, side: Side) -> Vec<(i64, i64)> {
    m.get(Currency::USD).map(|c| c.book.levels(side).map(|l| (l.price, l.amount)).collect()).unwrap_or_default()
}

fn market() -> Market {
    Market::new(MarketOptions::default())
}

/// An event: side, price (a few hundred distinct ticks so levels collide), signed change.
fn events() -> impl Strategy<Value = Vec<(bool, i64, i64)>> {
    prop::collection::vec((any::<bool>(), 1_000_000i64..1_000_300, -300_000_000i64..300_000_000), 1..300)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn sides_sorted_and_no_empty_level(evs in events(), totals in any::<bool>()) {
        let mut m = market();
        let mut model = std::collections::BTreeMap::new();
        for (i, (bid, price, delta)) in evs.into_iter().enumerate() {
            let side = if bid { Side::Bid } else { Side::Ask };
            let cur: i64 = *model.get(&(bid, price)).unwrap_or(&0);
            let next = (cur + delta).max(0);
            model.insert((bid, price), next);
            let msg = depth(side, price, totals.then_some(next), delta, 1_000 + i as i64);
            m.ingest(&msg).unwrap();
        }
        let bids = levels(&m, Side::Bid);
        let asks = levels(&m, Side::Ask);
        prop_assert!(bids.windows(2).all(|w| w[0].0 > w[1].0), "bids not strictly descending: {bids:?}");
        prop_assert!(asks.windows(2).all(|w| w[0].0 < w[1].0), "asks not strictly ascending: {asks:?}");
        prop_assert!(bids.iter().chain(&asks).all(|l| l.1 > 0), "empty level shown");
        let c = m.get(Currency::USD).unwrap();
        prop_assert_eq!(c.book.len(Side::Bid), bids.len());
        prop_assert_eq!(c.book.best_bid().map(|l| (l.price, l.amount)), bids.first().copied());
        prop_assert_eq!(c.book.best_ask().map(|l| (l.price, l.amount)), asks.first().copied());
    }

    #[test]
    fn deltas_and_totals_give_the_same_book(evs in events()) {
        // A consistent stream: every message carries both the change and the resulting total.
        let mut with_totals = market();
        let mut deltas_only = market();
        let mut model = std::collections::BTreeMap::new();
        for (i, (bid, price, delta)) in evs.into_iter().enumerate() {
            let side = if bid { Side::Bid } else { Side::Ask };
            let cur: i64 = *model.get(&(bid, price)).unwrap_or(&0);
            let next = (cur + delta).max(0);
            let real_delta = next - cur; // what actually changed at the level
            model.insert((bid, price), next);
            with_totals.ingest(&depth(side, price, Some(next), real_delta, 10 + i as i64)).unwrap();
            deltas_only.ingest(&depth(side, price, None, real_delta, 10 + i as i64)).unwrap();
        }
        prop_assert_eq!(levels(&with_totals, Side::Bid), levels(&deltas_only, Side::Bid));
        prop_assert_eq!(levels(&with_totals, Side::Ask), levels(&deltas_only, Side::Ask));
        let want_bids: Vec<(i64, i64)> = model.iter().rev().filter(|((b, _), a)| *b && **a > 0).map(|((_, p), a)| (*p, *a)).collect();
        prop_assert_eq!(levels(&with_totals, Side::Bid), want_bids);
    }

    #[test]
    fn applying_a_total_twice_changes_nothing(evs in events(), pick in any::<prop::sample::Index>()) {
        let mut m = market();
        let msgs: Vec<String> = evs.iter().enumerate()
            .map(|(i, (bid, price, delta))| depth(if *bid { Side::Bid } else { Side::Ask }, *price, Some(delta.abs()), *delta, i as i64))
            .collect();
        for msg in &msgs {
            m.ingest(msg).unwrap();
        }
        let before = m.clone();
        let again = &msgs[msgs.len() - 1];
        let change = m.ingest(again).unwrap();
        prop_assert!(!change.book);
        prop_assert_eq!(&before, &m);
        // Any earlier message replayed now is either stale or a no-op total: never a change.
        let older = &msgs[pick.index(msgs.len())];
        let _ = m.ingest(older).unwrap();
        prop_assert_eq!(levels(&before, Side::Bid), levels(&m, Side::Bid));
        prop_assert_eq!(levels(&before, Side::Ask), levels(&m, Side::Ask));
    }

    #[test]
    fn a_full_depth_of_the_book_rebuilds_it(evs in events()) {
        let mut m = market();
        for (i, (bid, price, delta)) in evs.iter().enumerate() {
            m.ingest(&depth(if *bid { Side::Bid } else { Side::Ask }, *price, None, *delta, i as i64)).unwrap();
        }
        // Export as a v1 fulldepth (both sides ascending, as MtGox listed them) and rebuild.
        let entry = |(p, a): &(i64, i64)| format!(r#"{{"price_int":"{p}","amount_int":"{a}","stamp":"5000"}}"#);
        let mut asks = levels(&m, Side::Ask);
        let mut bids = levels(&m, Side::Bid);
        let body = format!(
            r#"{{"result":"success","return":{{"asks":[{}],"bids":[{}]}}}}"#,
            asks.iter().map(entry).collect::<Vec<_>>().join(","),
            bids.iter().rev().map(entry).collect::<Vec<_>>().join(",")
        );
        let mut fresh = market();
        fresh.ingest(&body).unwrap();
        prop_assert_eq!(levels(&fresh, Side::Ask), std::mem::take(&mut asks));
        prop_assert_eq!(levels(&fresh, Side::Bid), std::mem::take(&mut bids));
    }

    #[test]
    fn impact_fills_what_the_book_holds(evs in events(), want in 0i64..2_000_000_000) {
        let mut m = market();
        for (i, (bid, price, delta)) in evs.iter().enumerate() {
            m.ingest(&depth(if *bid { Side::Bid } else { Side::Ask }, *price, None, *delta, i as i64)).unwrap();
        }
        let Some(c) = m.get(Currency::USD) else { return Ok(()) };
        for side in [Side::Ask, Side::Bid] {
            let total: i64 = c.book.levels(side).map(|l| l.amount).sum();
            let q = c.book.impact(side, want);
            prop_assert_eq!(q.filled, want.min(total));
            prop_assert_eq!(q.levels.iter().map(|l| l.1).sum::<i64>(), q.filled);
            prop_assert_eq!(q.cost, q.levels.iter().map(|&(p, a)| p as i128 * a as i128).sum::<i128>());
            if let (Some(avg), Some(best)) = (q.average_price(5), c.book.levels(side).next()) {
                let worst = rust_decimal::Decimal::new(q.worst_price.unwrap(), 5);
                let best = rust_decimal::Decimal::new(best.price, 5);
                let (lo, hi) = if side == Side::Ask { (best, worst) } else { (worst, best) };
                prop_assert!(lo <= avg && avg <= hi, "average {avg} outside [{lo}, {hi}]");
            }
        }
    }
}

/// Depth frames in many spellings: key order, whitespace, strings or numbers, nulls,
/// unknown keys, escapes, annotations. The hand-written decoders and the reference agree.
fn depth_frame_variants() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("\"1443000\"".to_string()),
        Just("1443000".to_string()),
        Just("-2.71".to_string()),
        Just("1e-5".to_string()),
        Just("null".to_string()),
        Just("\"14\\u002e43\"".to_string()),
        Just("\"ask\"".to_string()),
        Just("\"bid\"".to_string()),
        Just("\"USD\"".to_string()),
        Just("true".to_string()),
        Just("[1,{\"a\":[]}]".to_string()),
        Just("01".to_string()),
    ];
    let key = prop_oneof![
        Just("price"),
        Just("price_int"),
        Just("type"),
        Just("type_str"),
        Just("volume"),
        Just("volume_int"),
        Just("total_volume_int"),
        Just("currency"),
        Just("item"),
        Just("now"),
        Just("extra"),
        Just("pr\\u0069ce"),
    ];
    let members = prop::collection::vec((key, value.clone()), 0..12);
    let top = prop::collection::vec(
        prop_oneof![
            Just("\"op\":\"private\"".to_string()),
            Just("\"private\":\"depth\"".to_string()),
            Just("\"channel\":\"24e67e0d-1cad-4cc0-9e7a-f8523ef460fe\"".to_string()),
            Just("\"channel_name\":\"depth.BTCUSD\"".to_string()),
            Just("\"origin\":\"broadcast\"".to_string()),
            Just("\"stamp\":\"1364767201560157\"".to_string()),
            Just("\"_t\":125".to_string()),
            Just("\"_currency\":\"EUR\"".to_string()),
            Just("\"ticker\":{}".to_string()),
            Just("\"op\":null".to_string()),
        ],
        0..8,
    );
    (members, top, prop_oneof![Just(""), Just(" "), Just("\n\t")], any::<bool>()).prop_map(|(m, t, ws, trailing)| {
        let depth = m.iter().map(|(k, v)| format!("{ws}\"{k}\"{ws}:{ws}{v}")).collect::<Vec<_>>().join(",");
        let mut parts = vec!["\"op\":\"private\"".to_string(), "\"private\":\"depth\"".to_string()];
        parts.extend(t);
        parts.push(format!("\"depth\":{{{depth}}}"));
        format!("{ws}{{{}}}{ws}{}", parts.join(&format!(",{ws}")), if trailing { "x" } else { "" })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn fast_and_general_decoders_agree(text in depth_frame_variants()) {
        use goxbook_core::wire::{decode_annotated, decode_reference};
        let (ours, reference) = (decode_annotated(&text), decode_reference(&text));
        match (&ours, &reference) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
            (Err(a), Err(b)) => prop_assert_eq!(a.kind(), b.kind(), "{}", text),
            _ => prop_assert!(false, "{}: {:?} vs {:?}", text, ours, reference),
        }
    }
}
