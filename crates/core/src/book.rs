//! One currency's order book in i64 ticks, with the time of every level's last update.
//!
//! MtGox has no sequence numbers, so times are all there is to order updates: each level
//! keeps the µs time of its last change (a removal leaves a zero-amount tombstone so a late,
//! older message cannot resurrect it; tombstones are kept bounded), and each snapshot remembers the window of prices it
//! covered and its time. An update older than either is stale and ignored.

/// A price level: 24 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    /// Price in ticks of the currency.
    pub price: i64,
    /// Amount in ticks of the item (1e-8 BTC); 0 only for tombstones, which no query shows.
    pub amount: i64,
    /// µs time of the level's last update.
    pub time: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Bid,
    Ask,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Bid => "bid",
            Side::Ask => "ask",
        }
    }
}

/// How a depth message changes its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Update {
    /// `total_volume_int`: the level's amount now (0 removes it).
    Total(i64),
    /// `volume_int`: a signed change (a result ≤ 0 removes the level).
    Delta(i64),
}

/// The outcome of one update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    Changed,
    Unchanged,
    /// Older than the level's last update or than a snapshot covering its price.
    Stale,
}

/// One side, best level LAST (bids ascending, asks descending): changes cluster near the
/// touch, so inserts and removals there move little memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Ladder {
    levels: Vec<Level>,
    tombstones: usize,
}

impl Ladder {
    /// Finds `price`: galloping from the best end (where most updates land, and which stays
    /// in cache), then a binary search in the bracket found.
    #[inline]
    fn find(&self, side: Side, price: i64) -> Result<usize, usize> {
        let v = &self.levels;
        let before = |l: &Level| match side {
            Side::Bid => l.price < price,
            Side::Ask => l.price > price,
        };
        let n = v.len();
        let (mut hi, mut step) = (n, 1);
        let lo = loop {
            if step > n {
                break 0;
            }
            let i = n - step;
            if before(&v[i]) {
                break i + 1;
            }
            hi = i;
            step *= 2;
        };
        let p = lo + v[lo..hi].partition_point(before);
        match v.get(p) {
            Some(l) if l.price == price => Ok(p),
            _ => Err(p),
        }
    }

    fn live(&self) -> impl DoubleEndedIterator<Item = &Level> + '_ {
        self.levels.iter().rev().filter(|l| l.amount > 0)
    }

    fn live_len(&self) -> usize {
        self.levels.len() - self.tombstones
    }

    /// Sets a level (amount 0 leaves a tombstone); returns whether anything visible changed.
    fn set(&mut self, side: Side, price: i64, amount: i64, time: i64) -> bool {
        match self.find(side, price) {
            Ok(i) => {
                let l = &mut self.levels[i];
                let changed = l.amount != amount;
                if l.amount == 0 && amount > 0 {
                    self.tombstones -= 1;
                } else if l.amount > 0 && amount == 0 {
                    self.tombstones += 1;
                }
                l.amount = amount;
                l.time = l.time.max(time);
                changed
            }
            Err(i) => {
                self.levels.insert(i, Level { price, amount, time });
                if amount == 0 {
                    self.tombstones += 1;
                }
                amount != 0
            }
        }
    }

    /// Drops every level whose price is in `lo..=hi`.
    fn clear_range(&mut self, side: Side, lo: i64, hi: i64) {
        let (a, b) = match side {
            Side::Bid => (self.find(side, lo).unwrap_or_else(|i| i), self.find(side, hi).map_or_else(|i| i, |i| i + 1)),
            Side::Ask => (self.find(side, hi).unwrap_or_else(|i| i), self.find(side, lo).map_or_else(|i| i, |i| i + 1)),
        };
        if a < b {
            self.tombstones -= self.levels[a..b].iter().filter(|l| l.amount == 0).count();
            self.levels.drain(a..b);
        }
    }

    /// Keeps tombstones bounded (at most a quarter of the live levels, plus a few): first
    /// forgetting those older than the horizon, then, if still too many, all of them. Memory
    /// per live level stays ≤ 32 bytes whatever the flow of cancels.
    fn bound_tombstones(&mut self, keep_after: i64) {
        if self.tombstones <= self.live_len() / 4 + 64 {
            return;
        }
        for cut in [keep_after, i64::MAX] {
            self.levels.retain(|l| l.amount > 0 || l.time > cut);
            self.tombstones = self.levels.iter().filter(|l| l.amount == 0).count();
            if self.tombstones <= self.live_len() / 4 + 64 {
                break;
            }
        }
        if self.levels.capacity() > 2 * self.levels.len() + 64 {
            self.levels.shrink_to(self.levels.len() + self.levels.len() / 8);
        }
    }
}

/// A snapshot's covered prices and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    lo: i64,
    hi: i64,
    time: i64,
}

const MAX_WINDOWS: usize = 16;
/// How long tombstones are kept when they must be thinned (µs): reordering beyond a minute
/// is not plausible, and a snapshot covers what is forgotten.
const TOMBSTONE_HORIZON: i64 = 60_000_000;

/// Both sides of one currency's book.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Book {
    bids: Ladder,
    asks: Ladder,
    windows: Vec<Window>,
    /// The newest time seen: what a payload without a time counts as.
    clock: i64,
}

/// One snapshot entry in ticks; `time` None when the entry had no stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotLevel {
    pub price: i64,
    pub amount: i64,
    pub time: Option<i64>,
}

impl Book {
    pub fn new() -> Self {
        Self::default()
    }

    fn ladder(&self, side: Side) -> &Ladder {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    fn ladder_mut(&mut self, side: Side) -> &mut Ladder {
        match side {
            Side::Bid => &mut self.bids,
            Side::Ask => &mut self.asks,
        }
    }

    /// The newest time the book has seen (µs).
    pub fn clock(&self) -> i64 {
        self.clock
    }

    /// Applies one depth message. `time` None (2011 era) counts as newest.
    pub fn apply(&mut self, side: Side, price: i64, update: Update, time: Option<i64>) -> Applied {
        // One binary search serves the staleness check, the delta and the write.
        let found = self.ladder(side).find(side, price);
        let t = match time {
            Some(t) => {
                let level_newer = found.is_ok_and(|i| self.ladder(side).levels[i].time > t);
                if level_newer || self.window_newer(price, t) {
                    return Applied::Stale;
                }
                t
            }
            None => self.clock,
        };
        self.clock = self.clock.max(t);
        let ladder = self.ladder_mut(side);
        let current = found.map_or(0, |i| ladder.levels[i].amount);
        let amount = match update {
            Update::Total(a) => a,
            Update::Delta(d) => current.saturating_add(d),
        }
        .max(0);
        let changed = match found {
            Ok(i) => {
                let l = &mut ladder.levels[i];
                if l.amount == 0 && amount > 0 {
                    ladder.tombstones -= 1;
                } else if l.amount > 0 && amount == 0 {
                    ladder.tombstones += 1;
                }
                let changed = l.amount != amount;
                l.amount = amount;
                l.time = l.time.max(t);
                changed
            }
            // Removing a level that is not there leaves a tombstone only when it has a time.
            Err(_) if amount == 0 && time.is_none() => return Applied::Unchanged,
            Err(i) => {
                ladder.levels.insert(i, Level { price, amount, time: t });
                ladder.tombstones += usize::from(amount == 0);
                amount != 0
            }
        };
        if amount == 0 {
            ladder.bound_tombstones(t - TOMBSTONE_HORIZON);
        }
        if changed {
            Applied::Changed
        } else {
            Applied::Unchanged
        }
    }

    #[inline]
    fn window_newer(&self, price: i64, t: i64) -> bool {
        self.windows.iter().any(|w| w.lo <= price && price <= w.hi && w.time > t)
    }

    /// Replaces the levels inside `window` (inclusive; None = the whole book) with `asks` and
    /// `bids`. The snapshot's time is its newest stamp; without any stamp it counts as newest.
    pub fn apply_snapshot(&mut self, window: Option<(i64, i64)>, asks: &[SnapshotLevel], bids: &[SnapshotLevel]) {
        let newest = asks.iter().chain(bids).filter_map(|l| l.time).max();
        let time = newest.unwrap_or(self.clock);
        self.clock = self.clock.max(time);
        let (lo, hi) = match window {
            None => {
                self.bids = Ladder::default();
                self.asks = Ladder::default();
                self.windows.clear();
                (i64::MIN, i64::MAX)
            }
            Some((lo, hi)) => {
                // A window always covers its own entries.
                let lo = asks.iter().chain(bids).map(|l| l.price).fold(lo, i64::min);
                let hi = asks.iter().chain(bids).map(|l| l.price).fold(hi, i64::max);
                self.bids.clear_range(Side::Bid, lo, hi);
                self.asks.clear_range(Side::Ask, lo, hi);
                (lo, hi)
            }
        };
        for (side, entries) in [(Side::Ask, asks), (Side::Bid, bids)] {
            let ladder = self.ladder_mut(side);
            if ladder.levels.is_empty() {
                // Bulk build: exact capacity, one sort.
                ladder.levels.reserve_exact(entries.len());
                ladder.levels.extend(entries.iter().filter(|e| e.amount > 0).map(|e| Level {
                    price: e.price,
                    amount: e.amount,
                    time: e.time.unwrap_or(time),
                }));
                // Bids ascending, asks descending (`!price` reverses the order): one sort,
                // stable (the first of equal prices is kept), one instantiation.
                let flip = if side == Side::Ask { -1 } else { 0 };
                stable_sort(&mut ladder.levels, |l| l.price ^ flip);
                ladder.levels.dedup_by_key(|l| l.price);
            } else {
                for e in entries.iter().filter(|e| e.amount > 0) {
                    ladder.set(side, e.price, e.amount, e.time.unwrap_or(time));
                }
            }
        }
        self.windows.retain(|w| !(lo <= w.lo && w.hi <= hi));
        if self.windows.len() >= MAX_WINDOWS {
            if let Some(oldest) = self.windows.iter().enumerate().min_by_key(|(_, w)| w.time).map(|(i, _)| i) {
                self.windows.remove(oldest);
            }
        }
        self.windows.push(Window { lo, hi, time });
        let keep_after = self.clock - TOMBSTONE_HORIZON;
        self.bids.bound_tombstones(keep_after);
        self.asks.bound_tombstones(keep_after);
    }

    /// Removes crossed levels a ticker proves gone: bids above `buy` and asks below `sell`
    /// last updated before `time` (all of them when the ticker has no time). Returns whether
    /// anything was removed.
    pub fn uncross(&mut self, buy: Option<i64>, sell: Option<i64>, time: Option<i64>) -> bool {
        let t = time.unwrap_or(i64::MAX);
        let stamp = time.unwrap_or(self.clock);
        self.clock = self.clock.max(stamp);
        let mut removed = false;
        for (side, limit) in [(Side::Bid, buy), (Side::Ask, sell)] {
            let Some(limit) = limit else { continue };
            let ladder = self.ladder_mut(side);
            let crossed = |p: i64| match side {
                Side::Bid => p > limit,
                Side::Ask => p < limit,
            };
            for l in ladder.levels.iter_mut().rev() {
                if !crossed(l.price) {
                    break;
                }
                if l.amount > 0 && l.time < t {
                    l.amount = 0;
                    l.time = stamp;
                    ladder.tombstones += 1;
                    removed = true;
                }
            }
            ladder.bound_tombstones(stamp - TOMBSTONE_HORIZON);
        }
        removed
    }

    /// The best (highest) bid.
    pub fn best_bid(&self) -> Option<Level> {
        self.bids.live().next().copied()
    }

    /// The best (lowest) ask.
    pub fn best_ask(&self) -> Option<Level> {
        self.asks.live().next().copied()
    }

    /// The levels of a side, best first.
    pub fn levels(&self, side: Side) -> impl Iterator<Item = &Level> + '_ {
        self.ladder(side).live()
    }

    /// The number of (non-empty) levels on a side.
    pub fn len(&self, side: Side) -> usize {
        self.ladder(side).live_len()
    }

    pub fn is_empty(&self) -> bool {
        self.len(Side::Bid) == 0 && self.len(Side::Ask) == 0
    }

    /// The amount at exactly `price`, if a level is there.
    pub fn amount_at(&self, side: Side, price: i64) -> Option<i64> {
        let l = self.ladder(side);
        l.find(side, price).ok().map(|i| l.levels[i].amount).filter(|&a| a > 0)
    }

    /// Bytes held by the levels (capacity included), for memory accounting.
    pub fn heap_bytes(&self) -> usize {
        (self.bids.levels.capacity() + self.asks.levels.capacity()) * std::mem::size_of::<Level>()
            + self.windows.capacity() * std::mem::size_of::<Window>()
    }
}

/// Sorts by `key`, stable (the first of equal keys stays first): a bottom-up merge sort.
/// The standard library's stable sort is kilobytes of wasm per instantiation; this is a few
/// hundred bytes. A side already in order, or in reverse order, costs one pass. (The levels of a
/// side; the execution curve's sizes.)
pub(crate) fn stable_sort<T: Copy>(v: &mut Vec<T>, key: impl Fn(&T) -> i64) {
    let n = v.len();
    if v.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return;
    }
    if v.windows(2).all(|w| key(&w[0]) > key(&w[1])) {
        v.reverse(); // strictly decreasing: no equal keys to keep in order
        return;
    }
    let mut a = std::mem::take(v);
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut l, mut r) = (lo, mid);
            for slot in &mut b[lo..hi] {
                if r >= hi || (l < mid && key(&a[l]) <= key(&a[r])) {
                    *slot = a[l];
                    l += 1;
                } else {
                    *slot = a[r];
                    r += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    *v = a;
}

#[cfg(test)]
mod sort_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The merge sort orders as the standard library's stable sort does, ties included.
        #[test]
        fn stable_sort_is_a_stable_sort(prices in proptest::collection::vec(1i64..40, 0..300), flip in any::<bool>(), presorted in 0u8..3) {
            let mut levels: Vec<Level> =
                prices.iter().enumerate().map(|(i, &price)| Level { price, amount: i as i64, time: 0 }).collect();
            match presorted {
                1 => levels.sort_by_key(|l| l.price),
                2 => levels.sort_by_key(|l| std::cmp::Reverse(l.price)),
                _ => {}
            }
            let flip = if flip { -1 } else { 0 };
            let mut want = levels.clone();
            want.sort_by_key(|l| l.price ^ flip);
            stable_sort(&mut levels, |l| l.price ^ flip);
            prop_assert_eq!(levels, want);
        }
    }
}
