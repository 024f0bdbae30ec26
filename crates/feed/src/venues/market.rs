//! One venue's market in one pair: a matching engine ([`crate::engine`]) fed by a seeded
//! order flow around the mid it is given (limit orders, mostly passive, some crossing, some
//! far; cancels; market orders), with what each step did — the fills (trade id, maker and
//! taker order, taker side) and the changed levels' new totals — and the 24 h figures its
//! ticker reports. Deterministic for its seed and the sequence of mids and times.

use goxbook_core::Side;
use std::collections::VecDeque;

use crate::engine::{Engine, EngineEvent};
use crate::rng::Rng;
use crate::stats::Window;

/// Recent trades kept for a trade snapshot (Kraken sends the 50 most recent).
pub const RECENT_TRADES: usize = 50;

/// How far past the mid a quote may stand before its maker pulls it, and how many orders
/// may be pulled in one step.
const STALE: f64 = 0.0002;
const STALE_CANCELS: usize = 32;

/// One fill: a taker order against one resting (maker) order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fill {
    /// Per pair, increasing.
    pub trade_id: i64,
    /// µs.
    pub time: i64,
    pub price: i64,
    pub amount: i64,
    /// The taker's side: `Bid` when the taker bought.
    pub taker: Side,
    pub maker_order: u64,
    pub taker_order: u64,
    /// Whether the taker was a market order (else a crossing limit order).
    pub market: bool,
    /// The pair's message sequence number of this fill (Coinbase's `sequence`).
    pub sequence: i64,
}

/// A level's new total (0: the level is gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub side: Side,
    pub price: i64,
    pub total: i64,
}

/// The best levels of both sides as (price, amount), best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Top {
    pub bids: Vec<(i64, i64)>,
    pub asks: Vec<(i64, i64)>,
}

/// What a ticker needs: the best bid and ask with their amounts, the last trade, and the
/// figures of the last 24 h of trades.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerFigures {
    pub bid: Option<(i64, i64)>,
    pub ask: Option<(i64, i64)>,
    pub last: Option<Fill>,
    pub open: Option<i64>,
    pub high: Option<i64>,
    pub low: Option<i64>,
    pub vwap: Option<i64>,
    /// BTC ticks traded in the last 24 h.
    pub volume: i64,
    /// BTC ticks traded since the simulated history began (the simulator keeps no 30 days:
    /// Coinbase's `volume_30d` reports this).
    pub volume_total: i64,
    /// µs.
    pub time: i64,
}

/// What one step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub fills: Vec<Fill>,
    /// Each changed level once, with its total after the step, in the order first changed.
    pub changes: Vec<Change>,
}

/// One pair's market at one venue.
pub struct PairMarket {
    engine: Engine,
    target_orders: usize,
    window: Window,
    recent: VecDeque<Fill>,
    last_trade_id: i64,
    sequence: i64,
    volume_total: i64,
    events: Vec<EngineEvent>,
}

/// BTC as 1e-8 ticks (at least one).
fn btc(amount: f64) -> i64 {
    ((amount * 1e8).round() as i64).max(1)
}

fn price_at(mid: f64, offset: f64) -> i64 {
    ((mid * (1.0 + offset)).round() as i64).max(1)
}

impl PairMarket {
    /// A book of `levels` price levels a side around `mid` (price ticks), at µs `t0`;
    /// trade ids start after `first_trade_id`.
    pub fn new(rng: &mut Rng, mid: f64, levels: usize, t0: i64, first_trade_id: i64) -> PairMarket {
        let mut engine = Engine::new();
        let mut sink = Vec::new();
        let levels = levels.max(20);
        for side in [Side::Bid, Side::Ask] {
            let sign = if side == Side::Bid { -1.0 } else { 1.0 };
            for k in 0..levels {
                let f = k as f64 / levels as f64;
                let off = 0.00015 + 0.3 * f * f + 0.0002 * rng.f64();
                engine.limit(side, price_at(mid, sign * off), btc(rng.log_uniform(0.001, 8.0)), t0, &mut sink);
            }
        }
        PairMarket {
            target_orders: engine.order_count(),
            engine,
            window: Window::default(),
            recent: VecDeque::new(),
            last_trade_id: first_trade_id,
            sequence: first_trade_id * 3,
            volume_total: 0,
            events: Vec::new(),
        }
    }

    /// One order-flow event around `mid` (price ticks) at µs `t`.
    pub fn step(&mut self, rng: &mut Rng, mid: f64, t: i64, out: &mut Step) {
        let mut events = std::mem::take(&mut self.events);
        events.clear();
        let fill = self.engine.order_count() as f64 / self.target_orders.max(1) as f64;
        let u = rng.f64();
        let side = if rng.chance(0.5) { Side::Bid } else { Side::Ask };
        let sign = if side == Side::Bid { -1.0 } else { 1.0 };
        let (taker, market) = if u < 0.08 {
            let taker = self.engine.reserve_id();
            let limit = price_at(mid, -sign * 0.002);
            self.engine.take(side, Some(limit), btc(rng.log_uniform(0.001, 0.5)), t, &mut events);
            (taker, true)
        } else if u < 0.08 + (0.4 * fill * fill).min(0.6) {
            if let Some((id, _, _)) = self.engine.random_order(|n| rng.below(n)) {
                self.engine.cancel(id, t, &mut events);
            }
            (0, false)
        } else {
            let mut off = -rng.f64().max(1e-12).ln() * 0.0005;
            if rng.chance(0.12) {
                off = -off * 0.3;
            } else if rng.chance(0.04) {
                off *= 20.0;
            }
            let taker = self.engine.next_id();
            let amount = btc(rng.log_uniform(0.001, 4.0));
            if self.engine.limit(side, price_at(mid, sign * off.min(0.9)), amount, t, &mut events).is_none() {
                // Filled at once: its id is used up, so no later order shares it.
                self.engine.reserve_id();
            }
            (taker, false)
        };
        // Makers pull quotes the mid has moved through (a bid above it, an ask below it), a
        // few a step: without this the books would not follow the walk, whose moves the
        // order flow alone cannot eat through.
        for (side, stale) in [(Side::Bid, 1.0 + STALE), (Side::Ask, 1.0 - STALE)] {
            for _ in 0..STALE_CANCELS {
                let Some((price, _)) = self.engine.best_levels(side).next() else { break };
                let beyond = if side == Side::Bid { price as f64 > mid * stale } else { (price as f64) < mid * stale };
                match self.engine.oldest_at(side, price).filter(|_| beyond) {
                    Some(id) => {
                        self.engine.cancel(id, t, &mut events);
                    }
                    None => break,
                }
            }
        }
        for ev in &events {
            match *ev {
                EngineEvent::Level { side, price, total, .. } => {
                    match out.changes.iter_mut().find(|c| c.side == side && c.price == price) {
                        Some(c) => c.total = total,
                        None => out.changes.push(Change { side, price, total }),
                    }
                }
                EngineEvent::Trade { price, amount, aggressor, maker } => {
                    self.last_trade_id += 1;
                    self.sequence += 1;
                    self.volume_total += amount;
                    self.window.add(t, price, amount);
                    let f = Fill {
                        trade_id: self.last_trade_id,
                        time: t,
                        price,
                        amount,
                        taker: aggressor,
                        maker_order: maker,
                        taker_order: taker,
                        market,
                        sequence: self.sequence,
                    };
                    if self.recent.len() == RECENT_TRADES {
                        self.recent.pop_front();
                    }
                    self.recent.push_back(f.clone());
                    out.fills.push(f);
                }
            }
        }
        if !out.changes.is_empty() {
            self.sequence += 1;
        }
        self.events = events;
    }

    /// A side's levels as (price, amount), best first.
    pub fn levels(&self, side: Side) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.engine.best_levels(side)
    }

    /// The best `n` levels a side.
    pub fn top(&self, n: usize) -> Top {
        Top { bids: self.levels(Side::Bid).take(n).collect(), asks: self.levels(Side::Ask).take(n).collect() }
    }

    pub fn level_count(&self) -> usize {
        self.engine.level_count()
    }

    /// The most recent trades, oldest first.
    pub fn recent(&self) -> impl Iterator<Item = &Fill> + '_ {
        self.recent.iter()
    }

    pub fn last_trade_id(&self) -> i64 {
        self.last_trade_id
    }

    /// The pair's last message sequence number.
    pub fn sequence(&self) -> i64 {
        self.sequence
    }

    /// The ticker's figures at µs `now` (trades older than 24 h leave the window).
    pub fn ticker(&mut self, now: i64) -> TickerFigures {
        self.window.expire(now);
        TickerFigures {
            bid: self.levels(Side::Bid).next(),
            ask: self.levels(Side::Ask).next(),
            last: self.recent.back().cloned(),
            open: self.window.first(),
            high: self.window.high(),
            low: self.window.low(),
            vwap: self.window.vwap(),
            volume: self.window.volume(),
            volume_total: self.volume_total,
            time: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_report_what_the_book_did() {
        let mut rng = Rng::new(9);
        let mut m = PairMarket::new(&mut rng, 3_000_000.0, 200, 0, 0);
        let mut book: std::collections::BTreeMap<(bool, i64), i64> = Default::default();
        for side in [Side::Bid, Side::Ask] {
            for (p, a) in m.levels(side) {
                book.insert((side == Side::Bid, p), a);
            }
        }
        let (mut fills, mut last_id) = (0, 0);
        for k in 0..3000 {
            let mut s = Step::default();
            m.step(&mut rng, 3_000_000.0 * (1.0 + 0.002 * ((k / 500) % 2) as f64), 10 + k, &mut s);
            for c in &s.changes {
                if c.total == 0 {
                    book.remove(&(c.side == Side::Bid, c.price));
                } else {
                    book.insert((c.side == Side::Bid, c.price), c.total);
                }
            }
            for f in &s.fills {
                assert!(f.trade_id > last_id && f.taker_order != f.maker_order);
                last_id = f.trade_id;
                fills += 1;
            }
        }
        assert!(fills > 50, "{fills}");
        let mut now: std::collections::BTreeMap<(bool, i64), i64> = Default::default();
        for side in [Side::Bid, Side::Ask] {
            for (p, a) in m.levels(side) {
                now.insert((side == Side::Bid, p), a);
            }
        }
        assert_eq!(book, now, "the changes rebuild the book");
        let t = m.top(5);
        assert!(t.bids[0].0 < t.asks[0].0 && t.bids[0].0 > t.bids[1].0 && t.asks[0].0 < t.asks[1].0);
        let tk = m.ticker(5000);
        assert!(tk.volume > 0 && tk.high >= tk.low && tk.last.is_some() && tk.open.is_some());
        assert_eq!(m.recent().count(), RECENT_TRADES);
    }
}
