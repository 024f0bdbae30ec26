//! The one random walk every simulated venue trades around: a BTC/USD mid (≈5 %/day, slowly
//! pulled back to where it started), a EUR per USD rate, and per venue a small basis (an
//! Ornstein–Uhlenbeck process: mean 0, 0.02 % standard deviation — some $6 at $30 000, a few
//! times the books' usual spread — forgetting in about a minute), so the
//! venues' prices differ a little and, when two bases part by more than the books' spreads,
//! one venue's bid stands above another's ask — what the arbitrage table shows.
//! Deterministic for a seed and a sequence of time steps.

use crate::rng::Rng;

/// BTC/USD at the start, before the seed's ±5 %: the level of VENUES.md's captures.
pub const START_USD: f64 = 30_000.0;
/// EUR per USD at the start.
pub const START_EUR_PER_USD: f64 = 0.92;
/// Stationary standard deviation of a venue's basis, and its time constant (seconds).
pub const BASIS_STD: f64 = 0.0002;
pub const BASIS_TAU: f64 = 60.0;

#[derive(Clone, Debug)]
pub struct Walk {
    rng: Rng,
    usd: f64,
    base_usd: f64,
    eur_per_usd: f64,
    basis: Vec<f64>,
}

impl Walk {
    /// A walk with `venues` bases, all drawn from their stationary law.
    pub fn new(seed: u64, venues: usize) -> Walk {
        let mut rng = Rng::new(seed ^ 0x005E_ED0F_3A1C);
        let usd = START_USD * (1.0 + 0.1 * (rng.f64() - 0.5));
        let basis = (0..venues).map(|_| BASIS_STD * rng.normal()).collect();
        Walk { rng, usd, base_usd: usd, eur_per_usd: START_EUR_PER_USD, basis }
    }

    /// Advances `dt` simulated seconds.
    pub fn step(&mut self, dt: f64) {
        let dt = dt.clamp(1e-6, 3600.0);
        let pull = (self.base_usd / self.usd).ln() * dt / 86_400.0;
        self.usd *= (1.7e-4 * dt.sqrt() * self.rng.normal() + pull).exp();
        let pull = (START_EUR_PER_USD / self.eur_per_usd).ln() * dt / 36_000.0;
        self.eur_per_usd *= (2e-5 * dt.sqrt() * self.rng.normal() + pull).exp();
        // The exact OU transition over dt, so large history steps stay in law.
        let keep = (-dt / BASIS_TAU).exp();
        let noise = BASIS_STD * (1.0 - keep * keep).sqrt();
        for b in &mut self.basis {
            *b = *b * keep + noise * self.rng.normal();
        }
    }

    /// Venue `v`'s mid of BTC in the quote currency (`eur` false: USD), in currency units.
    pub fn mid(&self, v: usize, eur: bool) -> f64 {
        let fx = if eur { self.eur_per_usd } else { 1.0 };
        self.usd * fx * (1.0 + self.basis.get(v).copied().unwrap_or(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_venues_part() {
        let run = |seed| {
            let mut w = Walk::new(seed, 3);
            let mut out = Vec::new();
            for _ in 0..2000 {
                w.step(0.5);
                out.push((w.mid(0, false), w.mid(1, false), w.mid(2, true)));
            }
            out
        };
        let a = run(3);
        assert_eq!(a, run(3));
        assert_ne!(a, run(4));
        // The bases part by more than 0.03 % at some point, and each venue leads at some point.
        assert!(a.iter().any(|(x, y, _)| (x / y - 1.0).abs() > 0.0003));
        assert!(a.iter().any(|(x, y, _)| x > y) && a.iter().any(|(x, y, _)| x < y));
        let (usd, _, eur) = a[0];
        assert!((0.8..1.0).contains(&(eur / usd)));
    }
}
