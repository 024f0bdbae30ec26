//! Kraken's book checksum against the documented vectors (VENUES.md §2) and our own, and
//! against a literal implementation of the documented algorithm (format at the precision,
//! delete the '.', strip leading zeros, CRC-32 of asks then bids).

use goxbook_core::money::{decimal_to_ticks, format_ticks};
use goxbook_core::venue::kraken::checksum::{checksum, checksum_levels, rescale, Crc32};
use goxbook_core::{Book, SnapshotLevel};
use proptest::prelude::*;

fn ticks(levels: &[(&str, &str)], pd: u32, qd: u32) -> Vec<(i64, i64)> {
    levels.iter().map(|(p, q)| (decimal_to_ticks(p, pd).unwrap(), decimal_to_ticks(q, qd).unwrap())).collect()
}

fn book(asks: &[(i64, i64)], bids: &[(i64, i64)]) -> Book {
    let snap = |v: &[(i64, i64)]| {
        v.iter().map(|&(price, amount)| SnapshotLevel { price, amount, time: None }).collect::<Vec<_>>()
    };
    let mut b = Book::new();
    b.apply_snapshot(None, &snap(asks), &snap(bids));
    b
}

/// The checksum guide's BTC/USD book (KR-CK), price precision 1, qty 8.
const GUIDE_ASKS: &[(&str, &str)] = &[
    ("45285.2", "0.00100000"),
    ("45286.4", "1.54571953"),
    ("45286.6", "1.54571109"),
    ("45289.6", "1.54560911"),
    ("45290.2", "0.15890660"),
    ("45291.8", "1.54553491"),
    ("45294.7", "0.04454749"),
    ("45296.1", "0.35380000"),
    ("45297.5", "0.09945542"),
    ("45299.5", "0.18772827"),
];
const GUIDE_BIDS: &[(&str, &str)] = &[
    ("45283.5", "0.10000000"),
    ("45283.4", "1.54582015"),
    ("45282.1", "0.10000000"),
    ("45281.0", "0.10000000"),
    ("45280.3", "1.54592586"),
    ("45279.0", "0.07990000"),
    ("45277.6", "0.03310103"),
    ("45277.5", "0.30000000"),
    ("45277.3", "1.54602737"),
    ("45276.6", "0.15445238"),
];

#[test]
fn v2_guide_book() {
    let (a, b) = (ticks(GUIDE_ASKS, 1, 8), ticks(GUIDE_BIDS, 1, 8));
    assert_eq!(checksum_levels(a.iter().copied(), b.iter().copied()), 3310070434);
    assert_eq!(checksum(&book(&a, &b)), 3310070434);
    // The guide's own intermediate strings.
    let asks = "45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827";
    let bids = "452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238";
    assert_eq!(Crc32::of(format!("{asks}{bids}").as_bytes()), 3310070434);
}

#[test]
fn v2_guide_book_after_the_update_example() {
    // VENUES.md's update: the best ask removed, 45300.1 × 0.5 enters the top 10.
    let mut a = ticks(GUIDE_ASKS, 1, 8);
    a.remove(0);
    a.push((453001, 50_000_000));
    let b = ticks(GUIDE_BIDS, 1, 8);
    assert_eq!(checksum(&book(&a, &b)), 1398182243);
}

#[test]
fn v1_guide_book() {
    // https://docs.kraken.com/api/docs/guides/spot-ws-book-v1: price precision 5, qty 8; the
    // bids skip 0.04985.
    let asks: Vec<(i64, i64)> = (0..10).map(|i| (5005 + 5 * i, 500)).collect();
    let bids: Vec<(i64, i64)> =
        [5000, 4995, 4990, 4980, 4975, 4970, 4965, 4960, 4955, 4950].iter().map(|&p| (p, 500)).collect();
    assert_eq!(checksum(&book(&asks, &bids)), 974947235);
}

#[test]
fn bmoscon_orderbook_vector_with_a_tiny_qty() {
    // bmoscon/orderbook tests/test_checksums.py: 11 levels a side (the 11th must not count),
    // price precision 9, qty 8, a qty of 0.00000048.
    let asks = ticks(
        &[
            ("0.000017680", "38663.54992198"),
            ("0.000017690", "20623.74841086"),
            ("0.000017700", "103797.62636430"),
            ("0.000017710", "40745.97057228"),
            ("0.000017720", "13296.04740856"),
            ("0.000017730", "42078.86085768"),
            ("0.000017740", "64.38065876"),
            ("0.000017760", "1131.70427847"),
            ("0.000017780", "43891.46024565"),
            ("0.000017790", "43908.00000000"),
            ("0.000017810", "0.00005437"),
        ],
        9,
        8,
    );
    let bids = ticks(
        &[
            ("0.000017670", "0.00000048"),
            ("0.000017660", "50.29884341"),
            ("0.000017650", "16958.37856622"),
            ("0.000017640", "16735.08043085"),
            ("0.000017630", "61895.21671233"),
            ("0.000017620", "86958.66158205"),
            ("0.000017610", "8564.64738216"),
            ("0.000017600", "59539.93801826"),
            ("0.000017580", "52578.63046424"),
            ("0.000017570", "46812.60266777"),
            ("0.000017560", "640.09877588"),
        ],
        9,
        8,
    );
    assert_eq!(checksum(&book(&asks, &bids)), 1611253991);
}

#[test]
fn own_vectors() {
    // Computed with Python's zlib.crc32 over the strings built by hand (Decimal, quantize, '.'
    // deleted, lstrip('0')).
    // Fewer than 10 levels, 2 price decimals (a Bitstamp-like book):
    let asks = ticks(&[("30434.64", "0.26500000"), ("30434.73", "0.10600000"), ("30436.31", "0.19606825")], 2, 8);
    let bids = ticks(&[("30415.13", "0.37816633"), ("30415.11", "2.45236394")], 2, 8);
    assert_eq!(checksum(&book(&asks, &bids)), 739448158);
    // 12 levels a side: only 10 count; qty of one tick (1e-8) writes as "1".
    let asks: Vec<(i64, i64)> = (0..12).map(|i| ((100 + i) * 10 + i % 10, 1)).collect();
    let bids: Vec<(i64, i64)> = (0..12).map(|i| ((99 - i) * 10 + i % 10, 100_000_000)).collect();
    assert_eq!(checksum(&book(&asks, &bids)), 3392087127);
    // An empty book is the CRC of the empty string.
    assert_eq!(checksum(&Book::new()), 0);
}

#[test]
fn the_checksum_sees_a_one_tick_change() {
    let (a, mut b) = (ticks(GUIDE_ASKS, 1, 8), ticks(GUIDE_BIDS, 1, 8));
    b[9].1 += 1;
    assert_ne!(checksum(&book(&a, &b)), 3310070434);
}

#[test]
fn rescaled_levels_give_the_same_checksum() {
    // A book kept at cents (2) and 1e-8 checks against a precision of 1 after rescaling.
    let (a, b) = (ticks(GUIDE_ASKS, 2, 8), ticks(GUIDE_BIDS, 2, 8));
    let down = |v: &[(i64, i64)]| v.iter().map(|&(p, q)| (rescale(p, 2, 1).unwrap(), q)).collect::<Vec<_>>();
    assert_eq!(checksum_levels(down(&a), down(&b)), 3310070434);
}

/// The documented algorithm, literally, on decimal text.
fn literal(asks: &[(i64, i64)], bids: &[(i64, i64)], pd: u32, qd: u32) -> u32 {
    let mut s = String::new();
    for &(p, q) in asks.iter().take(10).chain(bids.iter().take(10)) {
        for (v, d) in [(p, pd), (q, qd)] {
            let text = format_ticks(v, d).replace('.', "");
            s.push_str(text.trim_start_matches('0'));
        }
    }
    Crc32::of(s.as_bytes())
}

proptest! {
    #[test]
    fn equals_the_literal_algorithm(
        asks in proptest::collection::btree_map(1i64..10_000_000_000, 1i64..100_000_000_000, 0..15),
        bids in proptest::collection::btree_map(1i64..10_000_000_000, 1i64..100_000_000_000, 0..15),
        pd in 0u32..10, qd in 0u32..10,
    ) {
        let asks: Vec<(i64, i64)> = asks.into_iter().collect();
        let bids: Vec<(i64, i64)> = bids.into_iter().rev().collect();
        let b = book(&asks, &bids);
        // The book orders the levels itself (best first), whatever the input order.
        let a_sorted: Vec<(i64, i64)> = b.levels(goxbook_core::Side::Ask).map(|l| (l.price, l.amount)).collect();
        let b_sorted: Vec<(i64, i64)> = b.levels(goxbook_core::Side::Bid).map(|l| (l.price, l.amount)).collect();
        prop_assert_eq!(checksum(&b), literal(&a_sorted, &b_sorted, pd, qd));
        prop_assert_eq!(checksum_levels(asks.iter().copied(), bids.iter().copied()), literal(&asks, &bids, pd, qd));
    }
}
