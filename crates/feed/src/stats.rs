//! A sliding 24 h window of one currency's own trades: high, low, avg, vwap and volume.

use std::collections::VecDeque;

pub const DAY_US: i64 = 86_400_000_000;

/// At most this many trades are kept: at very high rates the window is the last
/// `MAX_TRADES` trades rather than a full day, so memory stays bounded (≈5 MB).
pub const MAX_TRADES: usize = 200_000;

#[derive(Clone, Debug, Default)]
pub struct Window {
    trades: VecDeque<(i64, i64, i64)>,
    /// Monotonic queues of (time, price) for the window's max and min.
    highs: VecDeque<(i64, i64)>,
    lows: VecDeque<(i64, i64)>,
    sum_price: i128,
    sum_amount: i128,
    sum_value: i128,
}

impl Window {
    pub fn add(&mut self, time: i64, price: i64, amount: i64) {
        self.expire(time);
        if self.trades.len() >= MAX_TRADES {
            if let Some(&(t, _, _)) = self.trades.front() {
                self.expire(t + DAY_US);
            }
        }
        self.trades.push_back((time, price, amount));
        self.sum_price += price as i128;
        self.sum_amount += amount as i128;
        self.sum_value += price as i128 * amount as i128;
        while self.highs.back().is_some_and(|&(_, p)| p <= price) {
            self.highs.pop_back();
        }
        self.highs.push_back((time, price));
        while self.lows.back().is_some_and(|&(_, p)| p >= price) {
            self.lows.pop_back();
        }
        self.lows.push_back((time, price));
    }

    /// Drops trades older than 24 h before `now`.
    pub fn expire(&mut self, now: i64) {
        let cutoff = now - DAY_US;
        while let Some(&(t, p, a)) = self.trades.front() {
            if t > cutoff {
                break;
            }
            self.trades.pop_front();
            self.sum_price -= p as i128;
            self.sum_amount -= a as i128;
            self.sum_value -= p as i128 * a as i128;
        }
        while self.highs.front().is_some_and(|&(t, _)| t <= cutoff) {
            self.highs.pop_front();
        }
        while self.lows.front().is_some_and(|&(t, _)| t <= cutoff) {
            self.lows.pop_front();
        }
    }

    pub fn high(&self) -> Option<i64> {
        self.highs.front().map(|&(_, p)| p)
    }

    /// The price of the window's oldest trade (a 24 h ticker's `open`).
    pub fn first(&self) -> Option<i64> {
        self.trades.front().map(|&(_, p, _)| p)
    }

    pub fn low(&self) -> Option<i64> {
        self.lows.front().map(|&(_, p)| p)
    }

    pub fn avg(&self) -> Option<i64> {
        (!self.trades.is_empty()).then(|| (self.sum_price / self.trades.len() as i128) as i64)
    }

    pub fn vwap(&self) -> Option<i64> {
        (self.sum_amount > 0).then(|| (self.sum_value / self.sum_amount) as i64)
    }

    pub fn volume(&self) -> i64 {
        self.sum_amount as i64
    }

    pub fn len(&self) -> usize {
        self.trades.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trades.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slides() {
        let mut w = Window::default();
        w.add(0, 100, 1);
        w.add(10, 300, 3);
        w.add(20, 200, 1);
        assert_eq!((w.high(), w.low(), w.avg(), w.vwap(), w.volume()), (Some(300), Some(100), Some(200), Some(240), 5));
        w.expire(DAY_US + 10);
        assert_eq!((w.high(), w.low(), w.volume(), w.len()), (Some(200), Some(200), 1, 1));
    }

    #[test]
    fn bounded_at_high_rates() {
        let mut w = Window::default();
        for t in 0..(MAX_TRADES as i64 + 10) {
            w.add(t, 1000 - t % 7, 1);
        }
        assert_eq!(w.len(), MAX_TRADES);
        assert_eq!(w.volume(), MAX_TRADES as i64);
    }
}
