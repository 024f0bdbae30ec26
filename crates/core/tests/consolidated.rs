//! The consolidated book and the arbitrage table: hand-computed answers (fees included) and
//! properties.

use goxbook_core::arbitrage::{arbitrage, ArbitrageRow, Fees};
use goxbook_core::consolidated::{consolidate, ConsolidatedLevel, VenueBook};
use goxbook_core::money::decimal_to_ticks;
use goxbook_core::venue::{levels, BookSnapshot, PairScales, Venue};
use goxbook_core::Book;
use proptest::prelude::*;
use std::collections::BTreeMap;

const CENTS: PairScales = PairScales { price: 2, amount: 8 };
const DIMES: PairScales = PairScales { price: 1, amount: 8 };

fn book(scales: PairScales, bids: &[(&str, &str)], asks: &[(&str, &str)]) -> Book {
    let t = |v: &[(&str, &str)]| -> Vec<(i64, i64)> {
        v.iter()
            .map(|(p, a)| (decimal_to_ticks(p, scales.price).unwrap(), decimal_to_ticks(a, scales.amount).unwrap()))
            .collect()
    };
    let mut b = Book::new();
    levels::replace(&mut b, &BookSnapshot { bids: t(bids), asks: t(asks), time: None, checksum: None });
    b
}

fn level(price: i64, venues: &[(Venue, i64)]) -> ConsolidatedLevel {
    ConsolidatedLevel { price, amount: venues.iter().map(|v| v.1).sum(), venues: venues.to_vec() }
}

const BTC: i64 = 100_000_000;

struct Fixture {
    bitstamp: Book,
    kraken: Book,
    coinbase: Book,
}

fn fixture() -> Fixture {
    Fixture {
        bitstamp: book(CENTS, &[("99.00", "1")], &[("100.00", "1"), ("100.50", "2")]),
        // Crossed with Bitstamp: Kraken's bids are above Bitstamp's asks.
        kraken: book(DIMES, &[("101.5", "0.5"), ("100.8", "1"), ("100.2", "3")], &[("101.0", "1")]),
        // Not synced: left out of both, though its bid would be the best of all.
        coinbase: book(CENTS, &[("200.00", "10"), ("100.80", "2")], &[("300.00", "1")]),
    }
}

fn venues(f: &Fixture) -> Vec<VenueBook<'_>> {
    vec![
        VenueBook { venue: Venue::Kraken, book: &f.kraken, scales: DIMES, synced: true },
        VenueBook { venue: Venue::Bitstamp, book: &f.bitstamp, scales: CENTS, synced: true },
        VenueBook { venue: Venue::Coinbase, book: &f.coinbase, scales: CENTS, synced: false },
    ]
}

#[test]
fn consolidated_book_by_hand() {
    let f = fixture();
    let c = consolidate(&venues(&f)).unwrap();
    assert_eq!(c.scales, CENTS);
    assert_eq!(c.venues, vec![Venue::Bitstamp, Venue::Kraken]);
    assert_eq!(
        c.bids,
        vec![
            level(10150, &[(Venue::Kraken, BTC / 2)]),
            level(10080, &[(Venue::Kraken, BTC)]),
            level(10020, &[(Venue::Kraken, 3 * BTC)]),
            level(9900, &[(Venue::Bitstamp, BTC)]),
        ]
    );
    assert_eq!(
        c.asks,
        vec![
            level(10000, &[(Venue::Bitstamp, BTC)]),
            level(10050, &[(Venue::Bitstamp, 2 * BTC)]),
            level(10100, &[(Venue::Kraken, BTC)]),
        ]
    );
}

#[test]
fn a_level_shared_by_venues_sums_their_parts() {
    let a = book(CENTS, &[("100.00", "1.5")], &[]);
    let b = book(DIMES, &[("100.0", "0.25"), ("99.9", "1")], &[]);
    let c = consolidate(&[
        VenueBook { venue: Venue::Coinbase, book: &a, scales: CENTS, synced: true },
        VenueBook { venue: Venue::Kraken, book: &b, scales: DIMES, synced: true },
    ])
    .unwrap();
    assert_eq!(
        c.bids,
        vec![
            level(10000, &[(Venue::Kraken, BTC / 4), (Venue::Coinbase, 3 * BTC / 2)]),
            level(9990, &[(Venue::Kraken, BTC)])
        ]
    );
    assert_eq!(c.bids[0].amount, 7 * BTC / 4);
}

#[test]
fn arbitrage_without_fees_by_hand() {
    let f = fixture();
    let t = arbitrage(&venues(&f), &Fees::new()).unwrap();
    // Buy on Bitstamp, sell on Kraken: 0.5 @ 100.00 → 101.50; 0.5 @ 100.00 → 100.80;
    // 0.5 @ 100.50 → 100.80; then 100.50 ≥ 100.20 stops. Cost 150.25, proceeds 151.55.
    // Buy on Kraken (101.0) and sell on Bitstamp (99.00): nothing. Coinbase is not synced.
    assert_eq!(
        t.rows,
        vec![ArbitrageRow {
            buy: Venue::Bitstamp,
            sell: Venue::Kraken,
            amount: 3 * BTC / 2,
            cost: 15025,
            proceeds: 15155,
            profit: 130,
            edge: 8652, // 1.30 / 150.25 × 100 = 0.86522…
        }]
    );
    assert_eq!(t.rows[0].edge_pct().to_string(), "0.8652");
}

#[test]
fn arbitrage_with_fees_by_hand() {
    let f = fixture();
    let mut fees = Fees::new();
    fees.set(Venue::Bitstamp, 50).set(Venue::Kraken, 26);
    let t = arbitrage(&venues(&f), &fees).unwrap();
    // 100.00 × 1.005 = 100.5 < 101.50 × 0.9974 = 101.23610: 0.5;
    // 100.00 × 1.005 = 100.5 < 100.80 × 0.9974 = 100.53792: 0.5;
    // 100.50 × 1.005 = 101.0025 ≥ 100.53792: stop.
    // Cost 100.00 + 0.50 fee = 100.50; proceeds (50.75 + 50.40) × 0.9974 = 100.887010 → 100.88
    // (rounded down); profit 0.38; edge 0.38 / 100.50 × 100 = 0.378109… → 0.3781.
    assert_eq!(
        t.rows,
        vec![ArbitrageRow {
            buy: Venue::Bitstamp,
            sell: Venue::Kraken,
            amount: BTC,
            cost: 10050,
            proceeds: 10088,
            profit: 38,
            edge: 3781,
        }]
    );
    // Fees that eat the whole spread leave no row.
    fees.set(Venue::Kraken, 150);
    assert_eq!(arbitrage(&venues(&f), &fees).unwrap().rows, vec![]);
}

#[test]
fn cost_rounds_up_and_proceeds_down() {
    let a = book(CENTS, &[], &[("100.00", "0.33333333")]);
    let b = book(DIMES, &[("101.0", "1")], &[]);
    let t = arbitrage(
        &[
            VenueBook { venue: Venue::Bitstamp, book: &a, scales: CENTS, synced: true },
            VenueBook { venue: Venue::Kraken, book: &b, scales: DIMES, synced: true },
        ],
        &Fees::new(),
    )
    .unwrap();
    // 100.00 × 0.33333333 = 33.333333 → 33.34; 101.00 × 0.33333333 = 33.66666633 → 33.66.
    let r = t.rows[0];
    assert_eq!((r.amount, r.cost, r.proceeds, r.profit), (33_333_333, 3334, 3366, 32));
    assert_eq!(r.edge_pct().to_string(), "0.9598"); // 0.32 / 33.34 × 100 = 0.95980…
}

#[test]
fn edge_rounds_half_to_even() {
    let a = book(CENTS, &[], &[("20000.00", "1")]);
    for (bid, edge) in [("20000.05", "0.0002"), ("20000.03", "0.0002"), ("20000.07", "0.0004")] {
        // profit / 20000.00 × 100 = 0.00025, 0.00015, 0.00035: halves, to the even neighbour.
        let b = book(CENTS, &[(bid, "1")], &[]);
        let t = arbitrage(
            &[
                VenueBook { venue: Venue::Bitstamp, book: &a, scales: CENTS, synced: true },
                VenueBook { venue: Venue::Coinbase, book: &b, scales: CENTS, synced: true },
            ],
            &Fees::new(),
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].edge_pct().to_string(), edge, "{bid}");
    }
}

#[test]
fn rows_largest_profit_first() {
    let a = book(CENTS, &[("90.00", "1")], &[("95.00", "1")]);
    let b = book(CENTS, &[("97.00", "1")], &[("99.00", "1")]);
    let c = book(CENTS, &[("100.00", "2")], &[("101.00", "1")]);
    let v = [
        VenueBook { venue: Venue::Bitstamp, book: &a, scales: CENTS, synced: true },
        VenueBook { venue: Venue::Kraken, book: &b, scales: CENTS, synced: true },
        VenueBook { venue: Venue::Coinbase, book: &c, scales: CENTS, synced: true },
    ];
    let t = arbitrage(&v, &Fees::new()).unwrap();
    let got: Vec<(Venue, Venue, i64)> = t.rows.iter().map(|r| (r.buy, r.sell, r.profit)).collect();
    // Bitstamp 95 → Coinbase 100: 5.00; Bitstamp 95 → Kraken 97: 2.00; Kraken 99 → Coinbase
    // 100: 1.00; nothing else crosses.
    assert_eq!(
        got,
        vec![
            (Venue::Bitstamp, Venue::Coinbase, 500),
            (Venue::Bitstamp, Venue::Kraken, 200),
            (Venue::Kraken, Venue::Coinbase, 100),
        ]
    );
}

/// Orders of one venue: (is_bid, price ticks, amount ticks) at that venue's scales.
fn orders() -> impl Strategy<Value = Vec<(bool, i64, i64)>> {
    proptest::collection::vec((any::<bool>(), 90i64..110, 1i64..1_000_000), 0..40)
}

fn aggregate(orders: &[(bool, i64, i64)], scale_up: i64) -> (BTreeMap<i64, i64>, BTreeMap<i64, i64>) {
    let (mut bids, mut asks) = (BTreeMap::new(), BTreeMap::new());
    for &(is_bid, p, a) in orders {
        *(if is_bid { &mut bids } else { &mut asks }).entry(p * scale_up).or_insert(0) += a;
    }
    (bids, asks)
}

fn venue_book(orders: &[(bool, i64, i64)]) -> Book {
    let (bids, asks) = aggregate(orders, 1);
    let mut b = Book::new();
    levels::replace(
        &mut b,
        &BookSnapshot {
            bids: bids.into_iter().rev().collect(),
            asks: asks.into_iter().collect(),
            time: None,
            checksum: None,
        },
    );
    b
}

proptest! {
    /// The merge of N books is the book of all their orders (each level's total and parts).
    #[test]
    fn merge_is_the_book_of_all_orders(
        per_venue in proptest::collection::vec(orders(), 1..4),
        price_decimals in proptest::collection::vec(0u32..3, 4),
    ) {
        let venues = [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase, Venue::MtGox];
        let books: Vec<Book> = per_venue.iter().map(|o| venue_book(o)).collect();
        let inputs: Vec<VenueBook<'_>> = books
            .iter()
            .enumerate()
            .map(|(i, b)| VenueBook {
                venue: venues[i],
                book: b,
                scales: PairScales { price: price_decimals[i], amount: 8 },
                synced: true,
            })
            .collect();
        let c = consolidate(&inputs).unwrap();
        let finest = price_decimals[..books.len()].iter().copied().max().unwrap();
        prop_assert_eq!(c.scales.price, finest);
        // Every order of every venue, at the finest scale, aggregated by price and venue.
        let mut want_bids: BTreeMap<i64, BTreeMap<Venue, i64>> = BTreeMap::new();
        let mut want_asks: BTreeMap<i64, BTreeMap<Venue, i64>> = BTreeMap::new();
        for (i, o) in per_venue.iter().enumerate() {
            let up = 10i64.pow(finest - price_decimals[i]);
            for &(is_bid, p, a) in o {
                let side = if is_bid { &mut want_bids } else { &mut want_asks };
                *side.entry(p * up).or_default().entry(venues[i]).or_insert(0) += a;
            }
        }
        let flatten = |m: BTreeMap<i64, BTreeMap<Venue, i64>>| -> Vec<ConsolidatedLevel> {
            m.into_iter()
                .map(|(price, v)| ConsolidatedLevel { price, amount: v.values().sum(), venues: v.into_iter().collect() })
                .collect()
        };
        let mut bids = flatten(want_bids);
        bids.reverse();
        prop_assert_eq!(&c.bids, &bids);
        prop_assert_eq!(&c.asks, &flatten(want_asks));
    }

    /// Every row has a positive profit, an amount within both sides' depth, and money
    /// consistent with its own rounding rule.
    #[test]
    fn every_row_is_profitable_and_within_depth(
        per_venue in proptest::collection::vec(orders(), 2..4),
        fees in proptest::collection::vec(0u32..60, 3),
    ) {
        let venues = [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase];
        let books: Vec<Book> = per_venue.iter().map(|o| venue_book(o)).collect();
        let inputs: Vec<VenueBook<'_>> = books
            .iter()
            .enumerate()
            .map(|(i, b)| VenueBook { venue: venues[i], book: b, scales: CENTS, synced: true })
            .collect();
        let mut f = Fees::new();
        for (i, &bps) in fees.iter().enumerate() {
            f.set(venues[i], bps);
        }
        let t = arbitrage(&inputs, &f).unwrap();
        let depth = |v: Venue, side: goxbook_core::Side| -> i64 {
            let i = venues.iter().position(|&x| x == v).unwrap();
            books[i].levels(side).map(|l| l.amount).sum()
        };
        for r in &t.rows {
            prop_assert!(r.profit > 0);
            prop_assert_eq!(r.profit, r.proceeds - r.cost);
            prop_assert!(r.buy != r.sell);
            prop_assert!(r.amount > 0);
            prop_assert!(r.amount <= depth(r.buy, goxbook_core::Side::Ask));
            prop_assert!(r.amount <= depth(r.sell, goxbook_core::Side::Bid));
            // The cost is at least what the amount costs at the best ask, with the fee.
            let i = venues.iter().position(|&x| x == r.buy).unwrap();
            let best_ask = books[i].best_ask().unwrap().price as i128;
            let floor_cost = best_ask * r.amount as i128 * (10_000 + fees[i] as i128) / (100_000_000 * 10_000);
            prop_assert!(r.cost as i128 >= floor_cost);
        }
        for w in t.rows.windows(2) {
            prop_assert!(w[0].profit >= w[1].profit);
        }
    }
}

#[test]
fn venue_markets_consolidate_and_unsynced_ones_are_left_out() {
    use goxbook_core::venue::{Pair, VenueMarket};
    let mut bitstamp = VenueMarket::new(Venue::Bitstamp, Pair::BTC_USD);
    bitstamp
        .ingest(
            r#"{"timestamp": "1", "microtimestamp": "1000000", "bids": [["99.00", "1"]], "asks": [["100.00", "2"]]}"#,
        )
        .unwrap();
    let mut coinbase = VenueMarket::new(Venue::Coinbase, Pair::BTC_USD);
    coinbase
        .ingest(r#"{"type":"snapshot","product_id":"BTC-USD","asks":[["100.00","0.5"]],"bids":[["101.00","1"]]}"#)
        .unwrap();
    // Kraken has only an update before any snapshot: not synced, left out.
    let mut kraken = VenueMarket::new(Venue::Kraken, Pair::BTC_USD);
    kraken
        .ingest(r#"{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":500.0,"qty":1}],"asks":[],"checksum":1}]}"#)
        .unwrap();
    let books: Vec<VenueBook<'_>> = [&bitstamp, &coinbase, &kraken].iter().filter_map(|m| VenueBook::of(m)).collect();
    let c = consolidate(&books).unwrap();
    assert_eq!(c.venues, vec![Venue::Bitstamp, Venue::Coinbase]);
    assert_eq!(c.bids, vec![level(10100, &[(Venue::Coinbase, BTC)]), level(9900, &[(Venue::Bitstamp, BTC)])]);
    assert_eq!(c.asks, vec![level(10000, &[(Venue::Bitstamp, 2 * BTC), (Venue::Coinbase, BTC / 2)])]);
    // Crossed: Coinbase's bid 101.00 above both asks at 100.00. Buy 1 on Bitstamp @ 100.00 and
    // 0.5 is not possible on Coinbase itself (same venue): the Bitstamp → Coinbase row only.
    let t = arbitrage(&books, &Fees::new()).unwrap();
    assert_eq!(t.rows.len(), 1);
    let r = t.rows[0];
    assert_eq!(
        (r.buy, r.sell, r.amount, r.cost, r.proceeds, r.profit),
        (Venue::Bitstamp, Venue::Coinbase, BTC, 10000, 10100, 100)
    );
    assert_eq!(r.edge_pct().to_string(), "1.0000");
}
