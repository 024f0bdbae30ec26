//! The arbitrage table: for every ordered pair of synced venues (buy on A, sell on B), how
//! much could be bought on A and sold on B at a profit, walking A's asks up and B's bids down
//! while A's ask plus A's taker fee is below B's bid less B's taker fee.
//!
//! Exact integer arithmetic throughout. Fees are whole basis points (0 by default: fees are
//! account- and volume-dependent and part of no protocol). The comparison of each pair of
//! levels is exact: `ask × (10000 + fee_A) < bid × (10000 − fee_B)`. Each row's money is
//! reported at the quote currency's scale (the consolidated book's price scale), so fees and
//! notional must be rounded once — the choice made here, documented because no venue's rule
//! is part of its feed: the whole row is one order on each venue, its fee taken on the
//! order's total; the cost (notional + fee on A) is rounded UP to the quote tick and the
//! proceeds (notional − fee on B) DOWN. A row therefore never shows more profit than the
//! trades would make, whichever way each venue rounds; a walk whose exact profit is a
//! fraction of a tick can come out at zero or less, and is then not a row.

use crate::consolidated::{normalize, Normalized, VenueBook};
use crate::error::Error;
use crate::venue::{PairScales, Venue};
use rust_decimal::Decimal;

/// Taker fees in whole basis points per venue; a venue not named pays 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fees(Vec<(Venue, u32)>);

impl Fees {
    pub fn new() -> Self {
        Fees::default()
    }

    /// Sets a venue's fee (the last setting wins).
    pub fn set(&mut self, venue: Venue, bps: u32) -> &mut Self {
        self.0.retain(|(v, _)| *v != venue);
        self.0.push((venue, bps));
        self
    }

    pub fn get(&self, venue: Venue) -> u32 {
        self.0.iter().find(|(v, _)| *v == venue).map_or(0, |&(_, b)| b)
    }
}

const BPS: i128 = 10_000;

/// One row: buy `amount` on `buy`, sell it on `sell`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArbitrageRow {
    pub buy: Venue,
    pub sell: Venue,
    /// At the amount scale.
    pub amount: i64,
    /// Paid on `buy`, its fee included, at the price (quote) scale, rounded up.
    pub cost: i64,
    /// Received on `sell`, net of its fee, at the price scale, rounded down.
    pub proceeds: i64,
    /// proceeds − cost (> 0).
    pub profit: i64,
    /// profit ÷ cost × 100, in 1e-4 of a percent, rounded half to even.
    pub edge: i64,
}

impl ArbitrageRow {
    /// The edge in percent with 4 decimals.
    pub fn edge_pct(&self) -> Decimal {
        Decimal::new(self.edge, 4)
    }
}

/// The table: rows with a positive profit only, largest profit first (ties: buy venue, then
/// sell venue, in [`Venue`] order). Amounts at `scales.amount`, money at `scales.price` of
/// the returned scales.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arbitrage {
    pub scales: PairScales,
    pub rows: Vec<ArbitrageRow>,
}

/// The arbitrage table of `books` (unsynced ones left out).
pub fn arbitrage(books: &[VenueBook<'_>], fees: &Fees) -> Result<Arbitrage, Error> {
    Ok(arbitrage_normalized(&normalize(books)?, fees))
}

/// The arbitrage table of books already at one scale.
pub fn arbitrage_normalized(n: &Normalized, fees: &Fees) -> Arbitrage {
    let mut rows = Vec::new();
    for a in &n.books {
        for b in &n.books {
            if a.venue != b.venue {
                let (buy, sell) = (a.venue, b.venue);
                if let Some(row) = walk(buy, &a.asks, fees.get(buy), sell, &b.bids, fees.get(sell), n.scales) {
                    // Largest profit first, then buy and sell venue (unique per row): inserted
                    // in place rather than sorted, as the standard stable sort costs the wasm
                    // ≈ 4 KB raw for at most twelve rows.
                    let at = rows.partition_point(|r: &ArbitrageRow| {
                        (std::cmp::Reverse(r.profit), r.buy, r.sell)
                            < (std::cmp::Reverse(row.profit), row.buy, row.sell)
                    });
                    rows.insert(at, row);
                }
            }
        }
    }
    Arbitrage { scales: n.scales, rows }
}

/// Walks `asks` (best first) against `bids` (best first). Sums are kept exact in units of
/// 10^-(price + amount + 4) (price × amount × (10000 ± fee)); a level whose sums would not fit
/// i128 (or whose row would not fit i64) ends the walk.
fn walk(
    buy: Venue,
    asks: &[(i64, i64)],
    fee_buy: u32,
    sell: Venue,
    bids: &[(i64, i64)],
    fee_sell: u32,
    scales: PairScales,
) -> Option<ArbitrageRow> {
    let (fa, fb) = (BPS + fee_buy as i128, BPS - fee_sell as i128);
    let (mut i, mut j) = (0, 0);
    let (mut left_ask, mut left_bid) = (asks.first()?.1, bids.first()?.1);
    let (mut amount, mut cost, mut proceeds) = (0i64, 0i128, 0i128);
    while i < asks.len() && j < bids.len() {
        let (ask, bid) = (asks[i].0 as i128, bids[j].0 as i128);
        if ask * fa >= bid * fb {
            break;
        }
        let q = left_ask.min(left_bid);
        let next = (|| {
            let c = cost.checked_add(ask.checked_mul(q as i128)?.checked_mul(fa)?)?;
            let p = proceeds.checked_add(bid.checked_mul(q as i128)?.checked_mul(fb)?)?;
            Some((amount.checked_add(q)?, c, p))
        })();
        let Some((a, c, p)) = next else { break };
        (amount, cost, proceeds) = (a, c, p);
        left_ask -= q;
        left_bid -= q;
        if left_ask == 0 {
            i += 1;
            left_ask = asks.get(i).map_or(0, |l| l.1);
        }
        if left_bid == 0 {
            j += 1;
            left_bid = bids.get(j).map_or(0, |l| l.1);
        }
    }
    if amount == 0 {
        return None;
    }
    let unit = 10i128.checked_pow(scales.amount)? * BPS;
    let cost = i64::try_from(div_ceil(cost, unit)).ok()?;
    let proceeds = i64::try_from(proceeds.div_euclid(unit)).ok()?;
    let profit = proceeds.checked_sub(cost)?;
    if profit <= 0 || cost <= 0 {
        return None;
    }
    let edge = i64::try_from(div_half_even(profit as i128 * 100 * 10_000, cost as i128)).ok()?;
    Some(ArbitrageRow { buy, sell, amount, cost, proceeds, profit, edge })
}

fn div_ceil(n: i128, d: i128) -> i128 {
    -((-n).div_euclid(d))
}

/// n ÷ d rounded half to even (d > 0, n ≥ 0).
fn div_half_even(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    match (2 * r).cmp(&d) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q % 2 == 1 => q + 1,
        _ => q,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_helpers() {
        assert_eq!(div_ceil(10, 5), 2);
        assert_eq!(div_ceil(11, 5), 3);
        assert_eq!(div_ceil(0, 5), 0);
        assert_eq!(div_half_even(25, 10), 2);
        assert_eq!(div_half_even(35, 10), 4);
        assert_eq!(div_half_even(26, 10), 3);
        assert_eq!(div_half_even(24, 10), 2);
    }
}
