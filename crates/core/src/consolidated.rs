//! The consolidated book of one pair across venues ("allUSD" in Bitcoin-Analytics): every
//! synced venue's levels merged by price, each level with its total and each venue's part,
//! best first. It may be crossed (one venue's bid above another's ask): that is the
//! information, so nothing is removed.
//!
//! Venues quote at different scales (Kraken BTC/USD to 0.1, Bitstamp to 0.01, MtGox to
//! 0.00001): every level is brought to the finest of them, exactly (a multiplication by a
//! power of ten).

use crate::book::{stable_sort, Book, Side};
use crate::error::{Error, NumberProblem};
use crate::venue::{PairScales, Venue, VenueMarket};

/// One venue's book as the consolidation reads it.
#[derive(Clone, Copy, Debug)]
pub struct VenueBook<'a> {
    pub venue: Venue,
    pub book: &'a Book,
    /// The scales of the book's ticks.
    pub scales: PairScales,
    /// A venue whose book is not synced is left out.
    pub synced: bool,
}

impl<'a> VenueBook<'a> {
    /// A venue market's book, its scales and whether it is synced; None while the pair's
    /// scales are not known (nothing can be in its book then).
    pub fn of(m: &'a VenueMarket) -> Option<VenueBook<'a>> {
        Some(VenueBook { venue: m.venue(), book: m.book(), scales: m.scales()?, synced: m.synced() })
    }
}

/// One consolidated level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsolidatedLevel {
    /// At the consolidation's price scale.
    pub price: i64,
    /// The sum of the venues' parts, at the consolidation's amount scale.
    pub amount: i64,
    /// Each venue's part, in [`Venue`] order.
    pub venues: Vec<(Venue, i64)>,
}

/// The consolidated book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consolidated {
    /// The finest price and amount scales of the venues included.
    pub scales: PairScales,
    /// Highest first.
    pub bids: Vec<ConsolidatedLevel>,
    /// Lowest first.
    pub asks: Vec<ConsolidatedLevel>,
    /// The venues included (synced), in [`Venue`] order.
    pub venues: Vec<Venue>,
}

impl Consolidated {
    pub fn side(&self, side: Side) -> &[ConsolidatedLevel] {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }
}

/// Each synced venue's levels at one common scale, best first: what the consolidated book
/// and the arbitrage table both read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub scales: PairScales,
    /// In [`Venue`] order; one entry per venue (a venue given twice counts once: its first book).
    pub books: Vec<NormalizedBook>,
}

/// One venue's levels at the common scale, `(price, amount)` best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizedBook {
    pub venue: Venue,
    pub bids: Vec<(i64, i64)>,
    pub asks: Vec<(i64, i64)>,
}

/// Brings the synced books to their finest common scales. Fails only when a level does not
/// fit i64 at that scale.
pub fn normalize(books: &[VenueBook<'_>]) -> Result<Normalized, Error> {
    let mut synced: Vec<&VenueBook<'_>> = Vec::new();
    // Kept in venue order by inserting in place: a sort here links the standard library's
    // stable sort into the wasm (≈ 4 KB raw per call site) for at most four books.
    for b in books.iter().filter(|b| b.synced) {
        if !synced.iter().any(|s| s.venue == b.venue) {
            let at = synced.partition_point(|s| s.venue < b.venue);
            synced.insert(at, b);
        }
    }
    let scales = PairScales {
        price: synced.iter().map(|b| b.scales.price).max().unwrap_or(0),
        amount: synced.iter().map(|b| b.scales.amount).max().unwrap_or(0),
    };
    let mut out = Vec::with_capacity(synced.len());
    for b in synced {
        let up = |ticks: i64, from: u32, to: u32, field: &'static str| {
            10i64.checked_pow(to - from).and_then(|m| ticks.checked_mul(m)).ok_or_else(|| Error::Number {
                field,
                text: ticks.to_string(),
                problem: NumberProblem::Overflow,
                at: None,
            })
        };
        let side = |side: Side| -> Result<Vec<(i64, i64)>, Error> {
            b.book
                .levels(side)
                .map(|l| {
                    Ok((
                        up(l.price, b.scales.price, scales.price, "price")?,
                        up(l.amount, b.scales.amount, scales.amount, "amount")?,
                    ))
                })
                .collect()
        };
        out.push(NormalizedBook { venue: b.venue, bids: side(Side::Bid)?, asks: side(Side::Ask)? });
    }
    Ok(Normalized { scales, books: out })
}

/// The consolidated book of `books` (unsynced ones left out).
pub fn consolidate(books: &[VenueBook<'_>]) -> Result<Consolidated, Error> {
    Ok(consolidate_normalized(&normalize(books)?))
}

/// The consolidated book of books already at one scale.
pub fn consolidate_normalized(n: &Normalized) -> Consolidated {
    Consolidated {
        scales: n.scales,
        bids: merge(n, Side::Bid),
        asks: merge(n, Side::Ask),
        venues: n.books.iter().map(|b| b.venue).collect(),
    }
}

/// One side of every book merged by price, best first; a level's parts in book order (each
/// book's levels in their order). Every (price, venue, amount) sorted by price with the core's
/// stable merge sort rather than gathered in a `BTreeMap`: the same levels, and ≈ 2 KB less
/// gzip of wasm (BENCHMARKS.md, "Venues in the core-only npm package: sizes").
fn merge(n: &Normalized, side: Side) -> Vec<ConsolidatedLevel> {
    let mut all: Vec<(i64, Venue, i64)> = Vec::new();
    for b in &n.books {
        let levels = if side == Side::Bid { &b.bids } else { &b.asks };
        all.extend(levels.iter().map(|&(price, amount)| (price, b.venue, amount)));
    }
    // Bids highest first: `!price` orders them reversed without overflow at i64::MIN.
    let bid = side == Side::Bid;
    stable_sort(&mut all, |e| if bid { !e.0 } else { e.0 });
    let mut out: Vec<ConsolidatedLevel> = Vec::new();
    for (price, venue, amount) in all {
        match out.last_mut() {
            Some(l) if l.price == price => {
                // Each part fits i64; four of them summed do too unless they are absurd: saturate.
                l.amount = l.amount.saturating_add(amount);
                l.venues.push((venue, amount));
            }
            _ => out.push(ConsolidatedLevel { price, amount, venues: vec![(venue, amount)] }),
        }
    }
    out
}

#[cfg(test)]
mod merge_tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// The merge as a `BTreeMap` of price → parts gives it (what it replaced): the reference.
    fn reference(n: &Normalized, side: Side) -> Vec<ConsolidatedLevel> {
        let mut map: BTreeMap<i64, Vec<(Venue, i64)>> = BTreeMap::new();
        for b in &n.books {
            for &(price, amount) in if side == Side::Bid { &b.bids } else { &b.asks } {
                map.entry(price).or_default().push((b.venue, amount));
            }
        }
        let level = |(price, venues): (i64, Vec<(Venue, i64)>)| ConsolidatedLevel {
            price,
            amount: venues.iter().fold(0i64, |s, &(_, a)| s.saturating_add(a)),
            venues,
        };
        match side {
            Side::Bid => map.into_iter().rev().map(level).collect(),
            Side::Ask => map.into_iter().map(level).collect(),
        }
    }

    fn levels() -> impl Strategy<Value = Vec<(i64, i64)>> {
        // Few distinct prices (shared across venues, repeated within one), the extremes
        // included, amounts up to i64::MAX (saturation).
        let price = prop_oneof![-3i64..12, Just(i64::MIN), Just(i64::MAX)];
        let amount = prop_oneof![0i64..1000, Just(i64::MAX)];
        proptest::collection::vec((price, amount), 0..30)
    }

    proptest! {
        /// Equal to the `BTreeMap` merge for any books, sorted or not, duplicates included.
        #[test]
        fn merge_equals_the_btreemap_merge(sides in proptest::collection::vec((levels(), levels()), 0..4)) {
            let books = Venue::ALL
                .iter()
                .zip(sides)
                .map(|(&venue, (bids, asks))| NormalizedBook { venue, bids, asks })
                .collect();
            let n = Normalized { scales: PairScales { price: 2, amount: 8 }, books };
            for side in [Side::Bid, Side::Ask] {
                prop_assert_eq!(merge(&n, side), reference(&n, side));
            }
        }
    }
}
