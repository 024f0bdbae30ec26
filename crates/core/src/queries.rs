//! Read-only questions asked of a book and a tape: depth views and market impact.
//!
//! Everything is computed in integer ticks; only the answers become Decimals.

use rust_decimal::Decimal;

use crate::book::{Book, Level, Side};
use crate::market::CurrencyState;
use crate::tape::Tape;

/// Decimals of BTC amounts.
pub const AMOUNT_DECIMALS: u32 = 8;

/// A row of a depth view: price, amount at it, and the amount from the best level down to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepthRow {
    pub price: i64,
    pub amount: i64,
    pub cumulative: i64,
}

/// What taking `requested` from the book would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    /// The side of the book consumed: asks for a buy, bids for a sell.
    pub side: Side,
    pub requested: i64,
    /// What the book could fill (less than requested when it is too thin).
    pub filled: i64,
    /// Σ price × amount in ticks × 1e-8 (exact).
    pub cost: i128,
    /// The last price reached.
    pub worst_price: Option<i64>,
    /// The levels consumed, best first: (price, amount taken).
    pub levels: Vec<(i64, i64)>,
}

impl Impact {
    /// Whether the book held enough.
    pub fn complete(&self) -> bool {
        self.filled == self.requested
    }

    /// The total cost in the currency, exact.
    pub fn cost_decimal(&self, price_decimals: u32) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.cost, price_decimals + AMOUNT_DECIMALS).ok()
    }

    /// The average execution price, rounded half-even to the currency's scale + 8 places.
    pub fn average_price(&self, price_decimals: u32) -> Option<Decimal> {
        average(self.cost, self.filled, price_decimals)
    }
}

fn average(cost: i128, amount: i64, price_decimals: u32) -> Option<Decimal> {
    if amount <= 0 {
        return None;
    }
    let scale = price_decimals + AMOUNT_DECIMALS;
    // What fits a Decimal (96 bits), as before.
    Decimal::try_from_i128_with_scale(cost, scale).ok()?;
    div_round(cost, scale, amount as i128, AMOUNT_DECIMALS, scale)
}

/// `a / b` of two decimals given as (mantissa, scale), rounded half-even to `dp` places: what
/// rust_decimal's `checked_div` followed by `round_dp(dp)` gives, scale included (an exact
/// quotient keeps the scale it comes out at, `a`'s minus `b`'s, or the fewest places that hold
/// it), but in integer arithmetic — rust_decimal's arithmetic is kilobytes of wasm, and only
/// its construction and printing stay. Exact where rust_decimal is not: its quotient is first
/// rounded to 28 or 29 significant digits, then to `dp` places, so the two differ only when
/// the digits past `dp` are 4999…9 or 5000…0 for that many places. None when `b` is zero or
/// the result does not fit a Decimal.
#[doc(hidden)]
pub fn div_round(a: i128, sa: u32, b: i128, sb: u32, dp: u32) -> Option<Decimal> {
    if b == 0 {
        return None;
    }
    if a == 0 {
        return Some(Decimal::ZERO);
    }
    let neg = (a < 0) != (b < 0);
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    let (mut s, dp) = (sa as i32 - sb as i32, dp as i32);
    if s < 0 {
        a = a.checked_mul(10u128.checked_pow(s.unsigned_abs())?)?;
        s = 0;
    }
    if s > dp {
        b = b.checked_mul(10u128.checked_pow((s - dp) as u32)?)?;
        s = dp;
    }
    let (mut q, mut r) = (a / b, a % b);
    // Long division, one place at a time, until exact or at `dp` places.
    while r != 0 && s < dp {
        let r10 = r.checked_mul(10)?;
        q = q.checked_mul(10)?.checked_add(r10 / b)?;
        r = r10 % b;
        s += 1;
    }
    // Half to even.
    if r != 0 && (r > b - r || (r == b - r && q & 1 == 1)) {
        q += 1;
    }
    let q = i128::try_from(q).ok()?;
    Decimal::try_from_i128_with_scale(if neg { -q } else { q }, s as u32).ok()
}

impl Book {
    /// The best `n` levels of a side with cumulative amounts.
    pub fn top(&self, side: Side, n: usize) -> Vec<DepthRow> {
        let mut cumulative = 0i64;
        self.levels(side)
            .take(n)
            .map(|l| {
                cumulative = cumulative.saturating_add(l.amount);
                DepthRow { price: l.price, amount: l.amount, cumulative }
            })
            .collect()
    }

    /// The best `n` rows of a side grouped into buckets of `tick` (ticks): bids round down,
    /// asks round up, so a bucket never promises a better price than its levels.
    pub fn grouped(&self, side: Side, tick: i64, n: usize) -> Vec<DepthRow> {
        group_levels(self.levels(side), side, tick, n)
    }

    /// The amount on `side` at `limit` or better (asks ≤ limit: what a buyer gets up to that
    /// price; bids ≥ limit: what a seller gets down to it).
    pub fn available(&self, side: Side, limit: i64) -> i64 {
        self.levels(side)
            .take_while(|l| match side {
                Side::Ask => l.price <= limit,
                Side::Bid => l.price >= limit,
            })
            .fold(0i64, |a, l| a.saturating_add(l.amount))
    }

    /// Market impact of taking `amount` (1e-8 BTC) from `side` (asks to buy, bids to sell).
    pub fn impact(&self, side: Side, amount: i64) -> Impact {
        let mut left = amount.max(0);
        let mut cost = 0i128;
        let mut levels = Vec::new();
        for l in self.levels(side) {
            if left == 0 {
                break;
            }
            let take = left.min(l.amount);
            cost += l.price as i128 * take as i128;
            left -= take;
            levels.push((l.price, take));
        }
        Impact {
            side,
            requested: amount.max(0),
            filled: amount.max(0) - left,
            cost,
            worst_price: levels.last().map(|l| l.0),
            levels,
        }
    }
}

/// Groups levels of one side, given best first, into the best `n` buckets of `tick` ticks
/// (bids round down, asks round up) with cumulative amounts. `tick` ≤ 1 keeps every level.
pub fn group_levels<'a>(levels: impl Iterator<Item = &'a Level>, side: Side, tick: i64, n: usize) -> Vec<DepthRow> {
    let tick = tick.max(1);
    let bucket = |p: i64| match side {
        Side::Bid => p.div_euclid(tick) * tick,
        Side::Ask => p.div_euclid(tick) * tick + if p.rem_euclid(tick) == 0 { 0 } else { tick },
    };
    let mut rows: Vec<DepthRow> = Vec::with_capacity(n.min(64));
    let mut cumulative = 0i64;
    for l in levels {
        let b = bucket(l.price);
        cumulative = cumulative.saturating_add(l.amount);
        match rows.last_mut() {
            Some(r) if r.price == b => {
                r.amount = r.amount.saturating_add(l.amount);
                r.cumulative = cumulative;
            }
            _ => {
                if rows.len() == n {
                    break;
                }
                rows.push(DepthRow { price: b, amount: l.amount, cumulative });
            }
        }
    }
    rows
}

impl Tape {
    /// VWAP over the newest trades adding up to `amount` (the oldest of them counted in
    /// part): (Σ price × amount, amount covered). Converted copies of other currencies'
    /// trades (`primary: "N"`) are left out: they are not this market's trades.
    pub fn vwap_last(&self, amount: i64) -> (i128, i64) {
        let mut left = amount.max(0);
        let mut cost = 0i128;
        for t in self.iter().rev().filter(|t| t.primary != Some(false)) {
            if left == 0 {
                break;
            }
            let take = left.min(t.amount.max(0));
            cost += t.price as i128 * take as i128;
            left -= take;
        }
        (cost, amount.max(0) - left)
    }
}

impl CurrencyState {
    /// Best ask − best bid, in the currency.
    pub fn spread(&self) -> Option<Decimal> {
        let (b, a) = (self.book.best_bid()?, self.book.best_ask()?);
        Some(Decimal::new(a.price - b.price, self.decimals))
    }

    /// (best bid + best ask) / 2, exact.
    pub fn mid(&self) -> Option<Decimal> {
        let (b, a) = (self.book.best_bid()?, self.book.best_ask()?);
        let sum = b.price as i128 + a.price as i128;
        let (m, extra) = if sum % 2 == 0 { (sum / 2, 0) } else { (sum * 5, 1) };
        Decimal::try_from_i128_with_scale(m, self.decimals + extra).ok()
    }

    /// Ticks of this currency as a Decimal.
    pub fn price(&self, ticks: i64) -> Decimal {
        Decimal::new(ticks, self.decimals)
    }

    /// The tape's VWAP over its newest `amount` (1e-8 BTC) traded, and the amount it covers.
    pub fn vwap_last(&self, amount: i64) -> Option<(Decimal, Decimal)> {
        let (cost, covered) = self.tape.vwap_last(amount);
        Some((average(cost, covered, self.decimals)?, Decimal::new(covered, AMOUNT_DECIMALS)))
    }
}
