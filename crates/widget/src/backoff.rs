//! Reconnect delays: exponential, capped, with jitter (so that many widgets that lost the same
//! feed do not all come back in the same millisecond).

#[derive(Clone, Debug, PartialEq)]
pub struct Backoff {
    base_ms: f64,
    cap_ms: f64,
    attempt: u32,
}

impl Backoff {
    pub fn new(base_secs: f64, cap_secs: f64) -> Backoff {
        let cap_ms = (cap_secs * 1000.0).max(1.0);
        Backoff { base_ms: (base_secs * 1000.0).max(1.0).min(cap_ms), cap_ms, attempt: 0 }
    }

    /// The delay before the next attempt, in ms: min(cap, base·2^n) scaled by a factor in
    /// [0.5, 1) taken from `random` (a number in [0, 1), e.g. Math.random()).
    // max/min, not f64::clamp: clamp's assertion message brings float formatting into the wasm.
    #[allow(clippy::manual_clamp)]
    pub fn next_delay(&mut self, random: f64) -> f64 {
        let ceiling = (self.base_ms * 2f64.powi(self.attempt.min(30) as i32)).min(self.cap_ms);
        self.attempt = self.attempt.saturating_add(1);
        ceiling * (0.5 + 0.5 * random.max(0.0).min(1.0))
    }

    /// Failures since the last success.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// A connection got live: the next failure starts from the base again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_with_jitter() {
        let mut b = Backoff::new(0.5, 4.0);
        let highs: Vec<f64> = (0..6).map(|_| b.next_delay(0.999_999)).collect();
        let want = [500.0, 1000.0, 2000.0, 4000.0, 4000.0, 4000.0];
        for (h, w) in highs.iter().zip(want) {
            assert!((h - w).abs() < 0.01, "{highs:?}");
        }
        b.reset();
        assert_eq!(b.next_delay(0.0), 250.0);
        assert_eq!(b.attempts(), 1);
        for _ in 0..100 {
            let d = b.next_delay(0.3);
            assert!((2000.0..=4000.0).contains(&d) || b.attempts() < 5);
        }
    }
}
