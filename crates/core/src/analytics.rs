//! What the analytics panels show, computed from the market: trade calculator by value,
//! slippage, execution-price curve, depth-chart points and the synthetic forex grid.

use rust_decimal::Decimal;

use crate::book::{Book, Side};
use crate::market::{CurrencyState, Market};
use crate::money::Currency;
use crate::queries::{div_round, DepthRow, Impact, AMOUNT_DECIMALS};

/// 1e8: one BTC in amount ticks.
const ONE_BTC: i128 = 100_000_000;

impl Book {
    /// Market impact of spending (`Side::Ask`: buying) or raising (`Side::Bid`: selling for)
    /// `value` in price ticks of the currency. Returns the impact and whether the book held
    /// enough to reach the value.
    pub fn impact_for_value(&self, side: Side, value: i64) -> (Impact, bool) {
        // Work in price-ticks × amount-ticks, the unit of `Impact::cost`.
        let mut left = value.max(0) as i128 * ONE_BTC;
        let mut cost = 0i128;
        let mut levels = Vec::new();
        // Reached: the value is spent as far as whole amount ticks allow.
        let mut reached = left == 0;
        for l in self.levels(side) {
            if reached {
                break;
            }
            let whole = l.price as i128 * l.amount as i128;
            let take = if whole <= left { l.amount } else { (left / l.price as i128) as i64 };
            if take > 0 {
                let spent = l.price as i128 * take as i128;
                cost += spent;
                left -= spent;
                levels.push((l.price, take));
            }
            // A level not taken whole means less than one more tick is affordable from here on.
            reached = left == 0 || take < l.amount;
        }
        let filled = levels.iter().map(|l| l.1).sum();
        let impact = Impact { side, requested: filled, filled, cost, worst_price: levels.last().map(|l| l.0), levels };
        (impact, reached)
    }

    /// The average execution price for each order size in `sizes` (amount ticks), in one
    /// walk of the book: the execution-price chart.
    pub fn execution_curve(&self, side: Side, sizes: &[i64]) -> Vec<CurvePoint> {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        crate::book::stable_sort(&mut order, |&i| sizes[i]);
        let mut out = vec![CurvePoint { size: 0, filled: 0, cost: 0 }; sizes.len()];
        let mut levels = self.levels(side).peekable();
        let (mut filled, mut cost) = (0i64, 0i128);
        // Amount left at the current level.
        let mut here: Option<(i64, i64)> = levels.next().map(|l| (l.price, l.amount));
        for i in order {
            let want = sizes[i].max(0);
            while filled < want {
                let Some((price, amount)) = here else { break };
                let take = amount.min(want - filled);
                filled += take;
                cost += price as i128 * take as i128;
                here = if take == amount {
                    levels.next().map(|l| (l.price, l.amount))
                } else {
                    Some((price, amount - take))
                };
            }
            out[i] = CurvePoint { size: want, filled, cost };
        }
        out
    }

    /// Cumulative amounts from the best level outwards, for the levels priced in `lo..=hi`:
    /// one point per level in range (the depth chart).
    pub fn depth_curve(&self, side: Side, lo: i64, hi: i64) -> Vec<DepthRow> {
        let mut cumulative = 0i64;
        let mut out = Vec::new();
        for l in self.levels(side) {
            cumulative = cumulative.saturating_add(l.amount);
            let inside = lo <= l.price && l.price <= hi;
            if inside {
                out.push(DepthRow { price: l.price, amount: l.amount, cumulative });
            } else if (side == Side::Bid && l.price < lo) || (side == Side::Ask && l.price > hi) {
                break; // past the range, moving away from the touch
            }
        }
        out
    }
}

/// One point of the execution-price chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurvePoint {
    /// The order size asked (amount ticks).
    pub size: i64,
    /// What the book fills of it.
    pub filled: i64,
    /// Σ price × amount (price ticks × amount ticks).
    pub cost: i128,
}

impl CurvePoint {
    /// The average execution price, or None when nothing fills.
    pub fn average_price(&self, price_decimals: u32) -> Option<Decimal> {
        Impact {
            side: Side::Ask,
            requested: self.size,
            filled: self.filled,
            cost: self.cost,
            worst_price: None,
            levels: vec![],
        }
        .average_price(price_decimals)
    }
}

impl Impact {
    /// Slippage of the average price against `mid`, in percent (positive = worse for the
    /// taker: above the mid for a buy, below it for a sell), rounded to 4 places.
    pub fn slippage_pct(&self, mid: Decimal, price_decimals: u32) -> Option<Decimal> {
        let avg = self.average_price(price_decimals)?;
        if mid.is_zero() {
            return None;
        }
        // (avg − mid) × 100 / mid in integers at the larger of the two scales, as Decimal's
        // subtraction and product have it.
        let scale = avg.scale().max(mid.scale());
        let at = |d: Decimal| d.mantissa().checked_mul(10i128.checked_pow(scale - d.scale())?);
        let diff = match self.side {
            Side::Ask => at(avg)?.checked_sub(at(mid)?)?,
            Side::Bid => at(mid)?.checked_sub(at(avg)?)?,
        };
        div_round(diff.checked_mul(100)?, scale, mid.mantissa(), mid.scale(), 4)
    }
}

/// Where the price of one BTC in each currency comes from for the forex grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateSource {
    /// The last trade made in that currency (the tape's newest primary trade; else the
    /// ticker's last_local).
    Last,
    /// The book's mid price.
    Mid,
}

/// One currency's BTC price, as an input of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateInput {
    pub currency: Currency,
    pub price: Decimal,
    /// µs time of the input (trade tid, ticker now, or the book's newest update).
    pub time: Option<i64>,
    /// Older than the staleness limit at the time asked.
    pub stale: bool,
}

/// The synthetic forex grid: `rate(a, b)` is how many units of `a` one unit of `b` buys,
/// implied through BTC: price of BTC in a / price of BTC in b.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossRates {
    pub inputs: Vec<RateInput>,
}

/// Significant decimals kept in a cross rate.
pub const RATE_DECIMALS: u32 = 10;

impl CrossRates {
    /// Units of `a` per unit of `b`, rounded to [`RATE_DECIMALS`] places; None unless both
    /// have a price.
    pub fn rate(&self, a: Currency, b: Currency) -> Option<Decimal> {
        let pa = self.inputs.iter().find(|i| i.currency == a)?.price;
        let pb = self.inputs.iter().find(|i| i.currency == b)?.price;
        div_round(pa.mantissa(), pa.scale(), pb.mantissa(), pb.scale(), RATE_DECIMALS)
    }

    /// Whether either input of the cell is stale.
    pub fn is_stale(&self, a: Currency, b: Currency) -> bool {
        self.inputs.iter().filter(|i| i.currency == a || i.currency == b).any(|i| i.stale)
    }
}

impl CurrencyState {
    fn rate_input(&self, source: RateSource, now: i64, stale_after: i64) -> Option<RateInput> {
        let (ticks, time) = match source {
            // A converted copy (primary "N") would only echo the exchange's own FX rate.
            RateSource::Last => match self.tape.iter().rev().find(|t| t.primary != Some(false)) {
                Some(t) => (t.price, Some(t.tid)),
                None => {
                    let t = self.ticker.as_ref()?;
                    (t.last_local.or(t.last)?, t.now)
                }
            },
            RateSource::Mid => {
                let (b, a) = (self.book.best_bid()?, self.book.best_ask()?);
                let mid = self.mid()?;
                return Some(RateInput {
                    currency: self.currency,
                    price: mid,
                    time: Some(b.time.max(a.time)),
                    stale: now - b.time.max(a.time) > stale_after,
                });
            }
        };
        Some(RateInput {
            currency: self.currency,
            price: Decimal::new(ticks, self.decimals),
            time,
            stale: time.is_none_or(|t| now - t > stale_after),
        })
    }
}

impl Market {
    /// The forex grid's inputs for every currency with a price; `now` and `stale_after`
    /// in µs decide which inputs are stale.
    pub fn cross_rates(&self, source: RateSource, now: i64, stale_after: i64) -> CrossRates {
        CrossRates { inputs: self.currencies().filter_map(|c| c.rate_input(source, now, stale_after)).collect() }
    }
}

/// An amount in ticks as a Decimal BTC.
pub fn btc(amount: i64) -> Decimal {
    Decimal::new(amount, AMOUNT_DECIMALS)
}
