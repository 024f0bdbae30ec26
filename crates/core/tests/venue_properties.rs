//! Each venue's sync rule against an independent model (a BTreeMap per side), on random
//! streams written as the venue writes them: the market's book must be the model's.

use goxbook_core::format_ticks;
use goxbook_core::venue::kraken::checksum_levels;
use goxbook_core::venue::{Pair, Venue, VenueMarket};
use goxbook_core::Side;
use proptest::prelude::*;
use std::collections::BTreeMap;

type Side2 = (BTreeMap<i64, i64>, BTreeMap<i64, i64>);

/// A change: (is_bid, price ticks, new total; 0 removes).
fn changes() -> impl Strategy<Value = Vec<(bool, i64, i64)>> {
    proptest::collection::vec((any::<bool>(), 1i64..60, prop_oneof![Just(0i64), 1i64..1_000_000_000]), 1..5)
}

fn apply(m: &mut Side2, c: &[(bool, i64, i64)]) {
    for &(bid, p, a) in c {
        let side = if bid { &mut m.0 } else { &mut m.1 };
        if a == 0 {
            side.remove(&p);
        } else {
            side.insert(p, a);
        }
    }
}

fn book_of(m: &VenueMarket) -> Side2 {
    let side = |s| m.book().levels(s).map(|l| (l.price, l.amount)).collect::<BTreeMap<_, _>>();
    (side(Side::Bid), side(Side::Ask))
}

fn pairs(v: &BTreeMap<i64, i64>, d: u32) -> String {
    v.iter()
        .map(|(&p, &a)| format!("[\"{}\",\"{}\"]", format_ticks(p, d), format_ticks(a, 8)))
        .collect::<Vec<_>>()
        .join(",")
}

proptest! {
    /// Bitstamp: whatever the snapshot's time and wherever it arrives among the diffs, the
    /// book ends as the model after every diff.
    #[test]
    fn bitstamp_snapshot_anywhere_ends_at_the_model(
        diffs in proptest::collection::vec(changes(), 1..30),
        snap_time in 0usize..30,
        arrival in 0usize..31,
    ) {
        let n = diffs.len();
        let (k, p) = (snap_time.min(n), arrival.min(n));
        let mut states = vec![Side2::default()];
        for d in &diffs {
            let mut s = states.last().unwrap().clone();
            apply(&mut s, d);
            states.push(s);
        }
        let t = |i: usize| 1_000_000_000 + i as i64; // diff i (1-based) at t(i), state k at t(k)
        let snapshot = format!(
            r#"{{"timestamp": "1000", "microtimestamp": "{}", "bids": [{}], "asks": [{}]}}"#,
            t(k), pairs(&states[k].0, 2), pairs(&states[k].1, 2)
        );
        let diff = |i: usize| {
            let d = &diffs[i - 1];
            let side = |bid: bool| d.iter().filter(|c| c.0 == bid).map(|c| format!("[\"{}\",\"{}\"]", format_ticks(c.1, 2), format_ticks(c.2, 8))).collect::<Vec<_>>().join(",");
            format!(r#"{{"data":{{"timestamp":"1000","microtimestamp":"{}","bids":[{}],"asks":[{}]}},"channel":"diff_order_book_btcusd","event":"data"}}"#, t(i), side(true), side(false))
        };
        let mut m = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
        for i in 1..=n {
            if i == p + 1 {
                m.ingest(&snapshot).unwrap();
            }
            m.ingest(&diff(i)).unwrap();
        }
        if p == n {
            m.ingest(&snapshot).unwrap();
        }
        prop_assert!(m.synced());
        prop_assert_eq!(book_of(&m), states[n].clone());
    }

    /// Coinbase: snapshot then updates: the book is the model after every line.
    #[test]
    fn coinbase_follows_the_model(start in changes(), updates in proptest::collection::vec(changes(), 0..30)) {
        let mut model = Side2::default();
        apply(&mut model, &start);
        let mut m = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
        m.ingest(&format!(r#"{{"type":"snapshot","product_id":"BTC-USD","asks":[{}],"bids":[{}]}}"#, pairs(&model.1, 2), pairs(&model.0, 2))).unwrap();
        for u in &updates {
            apply(&mut model, u);
            let ch = u.iter().map(|c| format!("[\"{}\",\"{}\",\"{}\"]", if c.0 { "buy" } else { "sell" }, format_ticks(c.1, 2), format_ticks(c.2, 8))).collect::<Vec<_>>().join(",");
            m.ingest(&format!(r#"{{"type":"l2update","product_id":"BTC-USD","changes":[{ch}],"time":"2021-04-17T16:43:37Z"}}"#)).unwrap();
            prop_assert_eq!(book_of(&m), model.clone());
        }
    }

    /// Kraken: with the depth of the ack, every update's checksum (computed from the model
    /// cut to that depth) matches, and the book is the cut model after every line.
    #[test]
    fn kraken_follows_the_cut_model(depth in 1usize..12, start in changes(), updates in proptest::collection::vec(changes(), 0..30)) {
        let cut = |m: &mut Side2| {
            while m.0.len() > depth { let k = *m.0.keys().next().unwrap(); m.0.remove(&k); }
            while m.1.len() > depth { let k = *m.1.keys().next_back().unwrap(); m.1.remove(&k); }
        };
        let obj = |v: Vec<(i64, i64)>| v.iter().map(|&(p, a)| format!(r#"{{"price":{},"qty":{}}}"#, format_ticks(p, 1), format_ticks(a, 8))).collect::<Vec<_>>().join(",");
        let sum = |m: &Side2| checksum_levels(m.1.iter().map(|(&p, &a)| (p, a)), m.0.iter().rev().map(|(&p, &a)| (p, a)));
        let mut model = Side2::default();
        apply(&mut model, &start);
        cut(&mut model);
        let mut m = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
        m.ingest(&format!(r#"{{"method":"subscribe","result":{{"channel":"book","depth":{depth},"snapshot":true,"symbol":"BTC/USD"}},"success":true}}"#)).unwrap();
        m.ingest(&format!(
            r#"{{"channel":"book","type":"snapshot","data":[{{"symbol":"BTC/USD","bids":[{}],"asks":[{}],"checksum":{}}}]}}"#,
            obj(model.0.iter().rev().map(|(&p, &a)| (p, a)).collect()), obj(model.1.iter().map(|(&p, &a)| (p, a)).collect()), sum(&model)
        )).unwrap();
        prop_assert!(m.synced());
        for u in &updates {
            apply(&mut model, u);
            cut(&mut model);
            let side = |bid: bool| obj(u.iter().filter(|c| c.0 == bid).map(|c| (c.1, c.2)).collect());
            let c = m.ingest(&format!(
                r#"{{"channel":"book","type":"update","data":[{{"symbol":"BTC/USD","bids":[{}],"asks":[{}],"checksum":{}}}]}}"#,
                side(true), side(false), sum(&model)
            )).unwrap();
            prop_assert_eq!(c.mismatch, None);
            prop_assert_eq!(book_of(&m), model.clone());
        }
        prop_assert!(m.synced());
    }
}
