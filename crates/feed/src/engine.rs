//! A matching engine for one currency's BTC book: limit and market orders matched with
//! price-time priority (best price first, then the oldest order at that price), cancels,
//! and the level changes and fills every operation causes.

use goxbook_core::Side;
use std::collections::{BTreeMap, HashMap, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Resting {
    id: u64,
    amount: i64,
}

#[derive(Clone, Debug, Default)]
struct Level {
    orders: VecDeque<Resting>,
    total: i64,
    /// µs time of the level's last change.
    stamp: i64,
}

/// What an operation did, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineEvent {
    /// The level at `price` on `side` changed by `delta`; `total` rests there now (0: gone).
    Level { side: Side, price: i64, delta: i64, total: i64 },
    /// A fill against the resting order `maker`; `aggressor` is the taker's side.
    Trade { price: i64, amount: i64, aggressor: Side, maker: u64 },
}

/// One book with its orders.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    bids: BTreeMap<i64, Level>,
    asks: BTreeMap<i64, Level>,
    /// Live resting orders: id → (side, price).
    index: HashMap<u64, (Side, i64)>,
    /// Ids of orders that may still rest (cancel candidates), cleaned lazily.
    ids: Vec<u64>,
    next_id: u64,
}

impl Engine {
    pub fn new() -> Engine {
        Engine { next_id: 1, ..Default::default() }
    }

    fn side_mut(&mut self, side: Side) -> &mut BTreeMap<i64, Level> {
        match side {
            Side::Bid => &mut self.bids,
            Side::Ask => &mut self.asks,
        }
    }

    pub fn best_bid(&self) -> Option<i64> {
        self.bids.keys().next_back().copied()
    }

    pub fn best_ask(&self) -> Option<i64> {
        self.asks.keys().next().copied()
    }

    /// Levels of a side as (price, total, stamp), ascending price.
    pub fn levels(&self, side: Side) -> impl Iterator<Item = (i64, i64, i64)> + '_ {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
        .iter()
        .map(|(&p, l)| (p, l.total, l.stamp))
    }

    /// Levels of a side as (price, total), best first (bids descending, asks ascending).
    pub fn best_levels(&self, side: Side) -> Box<dyn Iterator<Item = (i64, i64)> + '_> {
        match side {
            Side::Bid => Box::new(self.bids.iter().rev().map(|(&p, l)| (p, l.total))),
            Side::Ask => Box::new(self.asks.iter().map(|(&p, l)| (p, l.total))),
        }
    }

    pub fn level_count(&self) -> usize {
        self.bids.len() + self.asks.len()
    }

    pub fn order_count(&self) -> usize {
        self.index.len()
    }

    /// The id the next resting order will get (a taker's id, for venues that publish both).
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    /// Uses up the next id (for an order that never rests: a market order, a limit order
    /// filled at once), so that no two orders share an id.
    pub fn reserve_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A limit order: matches what it crosses, then rests; returns the resting id, if any.
    pub fn limit(&mut self, side: Side, price: i64, amount: i64, now: i64, out: &mut Vec<EngineEvent>) -> Option<u64> {
        let left = self.take(side, Some(price), amount, now, out);
        if left <= 0 {
            return None;
        }
        let id = self.next_id;
        self.next_id += 1;
        let level = self.side_mut(side).entry(price).or_default();
        level.orders.push_back(Resting { id, amount: left });
        level.total += left;
        level.stamp = now;
        out.push(EngineEvent::Level { side, price, delta: left, total: level.total });
        self.index.insert(id, (side, price));
        self.ids.push(id);
        if self.ids.len() > 2 * self.index.len() + 1024 {
            // Filled and cancelled orders leave dead ids behind; keep the list bounded.
            let index = &self.index;
            self.ids.retain(|id| index.contains_key(id));
        }
        Some(id)
    }

    /// A market order (or the crossing part of a limit): takes liquidity from the other side
    /// while its price is within `limit`; returns the unfilled amount.
    pub fn take(
        &mut self,
        side: Side,
        limit: Option<i64>,
        mut amount: i64,
        now: i64,
        out: &mut Vec<EngineEvent>,
    ) -> i64 {
        let maker = match side {
            Side::Bid => Side::Ask,
            Side::Ask => Side::Bid,
        };
        while amount > 0 {
            let best = match maker {
                Side::Ask => self.asks.keys().next().copied(),
                Side::Bid => self.bids.keys().next_back().copied(),
            };
            let Some(price) = best else { break };
            let crosses = match (side, limit) {
                (_, None) => true,
                (Side::Bid, Some(l)) => price <= l,
                (Side::Ask, Some(l)) => price >= l,
            };
            if !crosses {
                break;
            }
            let mut filled_here = 0;
            let mut gone = Vec::new();
            {
                let level = self.side_mut(maker).get_mut(&price).expect("best level exists");
                while amount > 0 {
                    let Some(front) = level.orders.front_mut() else { break };
                    let fill = front.amount.min(amount);
                    front.amount -= fill;
                    amount -= fill;
                    filled_here += fill;
                    out.push(EngineEvent::Trade { price, amount: fill, aggressor: side, maker: front.id });
                    if front.amount == 0 {
                        gone.push(front.id);
                        level.orders.pop_front();
                    }
                }
                level.total -= filled_here;
                level.stamp = now;
                out.push(EngineEvent::Level { side: maker, price, delta: -filled_here, total: level.total });
                if level.orders.is_empty() {
                    self.side_mut(maker).remove(&price);
                }
            }
            for id in gone {
                self.index.remove(&id);
            }
        }
        amount
    }

    /// Cancels a resting order; false if it is no longer resting.
    pub fn cancel(&mut self, id: u64, now: i64, out: &mut Vec<EngineEvent>) -> bool {
        let Some((side, price)) = self.index.remove(&id) else { return false };
        let book = self.side_mut(side);
        let Some(level) = book.get_mut(&price) else { return false };
        let Some(pos) = level.orders.iter().position(|o| o.id == id) else { return false };
        let order = level.orders.remove(pos).expect("position is valid");
        level.total -= order.amount;
        level.stamp = now;
        out.push(EngineEvent::Level { side, price, delta: -order.amount, total: level.total });
        if level.orders.is_empty() {
            book.remove(&price);
        }
        true
    }

    /// The oldest order resting at `price` on `side`.
    pub fn oldest_at(&self, side: Side, price: i64) -> Option<u64> {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
        .get(&price)?
        .orders
        .front()
        .map(|o| o.id)
    }

    /// A random resting order's id, found by probing at most a few candidates; `pick(n)`
    /// returns an index below n.
    pub fn random_order(&mut self, mut pick: impl FnMut(u64) -> u64) -> Option<(u64, Side, i64)> {
        for _ in 0..16 {
            if self.ids.is_empty() {
                return None;
            }
            let i = pick(self.ids.len() as u64) as usize;
            let id = self.ids[i];
            match self.index.get(&id) {
                Some(&(side, price)) => return Some((id, side, price)),
                None => {
                    self.ids.swap_remove(i);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_time_priority_and_level_totals() {
        let mut e = Engine::new();
        let mut out = Vec::new();
        let a = e.limit(Side::Ask, 110, 5, 1, &mut out).unwrap();
        let b = e.limit(Side::Ask, 110, 7, 2, &mut out).unwrap();
        let c = e.limit(Side::Ask, 120, 4, 3, &mut out).unwrap();
        e.limit(Side::Bid, 100, 3, 4, &mut out);
        out.clear();
        // A bid crossing two levels: the oldest order at 110 fills first.
        assert_eq!(e.limit(Side::Bid, 120, 14, 5, &mut out), None);
        assert_eq!(
            out,
            vec![
                EngineEvent::Trade { price: 110, amount: 5, aggressor: Side::Bid, maker: a },
                EngineEvent::Trade { price: 110, amount: 7, aggressor: Side::Bid, maker: b },
                EngineEvent::Level { side: Side::Ask, price: 110, delta: -12, total: 0 },
                EngineEvent::Trade { price: 120, amount: 2, aggressor: Side::Bid, maker: c },
                EngineEvent::Level { side: Side::Ask, price: 120, delta: -2, total: 2 },
            ]
        );
        assert!(!e.cancel(a, 6, &mut out));
        assert_eq!(e.best_ask(), Some(120));
        assert_eq!(e.best_bid(), Some(100));
        out.clear();
        assert_eq!(e.take(Side::Ask, None, 10, 7, &mut out), 7);
        assert_eq!(e.best_bid(), None);
        assert_eq!(e.order_count(), 1);
    }
}
