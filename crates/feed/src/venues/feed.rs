//! The simulated venues' markets and their driver: per venue and pair a [`PairMarket`],
//! stepped around the shared [`Walk`]; each step's fills and level changes are published to
//! the venue's sessions as [`VenueEvent`]s through one bounded broadcast queue per venue, in
//! the same critical section that changes the venue's state — so a session that subscribes to
//! the queue and then reads a snapshot under the lock gets every later event, and can tell
//! the earlier ones by their time.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use super::market::{Change, Fill, PairMarket, Step, TickerFigures, Top};
use super::{index, scales, Venue, PAIRS, SIMULATED};
use crate::rng::Rng;
use crate::stats::DAY_US;
use crate::walk::Walk;

/// The wall clock in µs since the Unix epoch: the times the venues' frames carry.
pub fn now_us() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

/// What one step of a venue published, in order.
#[derive(Clone, Debug)]
pub enum EventKind {
    /// The fills of one taker order (at least one), and the ticker after the step.
    Trades { fills: Vec<Fill>, ticker: TickerFigures },
    /// The levels the step changed, the best levels after it (as many a side as
    /// [`VenueShared::depth`] asked for when it was built), the ticker, and the pair's
    /// sequence number of this message.
    Book { changes: Vec<Change>, top: Arc<Top>, ticker: TickerFigures, sequence: i64 },
}

#[derive(Clone, Debug)]
pub struct VenueEvent {
    /// Index into [`PAIRS`].
    pub pair: usize,
    /// µs, strictly increasing per venue (the venue's clock).
    pub time: i64,
    pub kind: EventKind,
}

/// A venue's markets and clock.
pub struct VenueState {
    pub markets: Vec<PairMarket>,
    /// µs of the venue's last event.
    pub clock: i64,
}

impl VenueState {
    fn tick(&mut self, now: i64) -> i64 {
        self.clock = (self.clock + 1).max(now);
        self.clock
    }
}

/// One venue as its sessions and HTTP handlers see it.
pub struct VenueShared {
    pub venue: Venue,
    state: Mutex<VenueState>,
    pub tx: broadcast::Sender<Arc<VenueEvent>>,
    /// Levels a side each book event carries: at least the 100 of Bitstamp's `order_book`,
    /// more when a Kraken client subscribed deeper.
    depth: AtomicUsize,
    pub clients: AtomicUsize,
    pub connections: AtomicU64,
}

impl VenueShared {
    pub fn lock(&self) -> MutexGuard<'_, VenueState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    /// Makes later book events carry at least `n` levels a side.
    pub fn want_depth(&self, n: usize) {
        self.depth.fetch_max(n, Ordering::SeqCst);
    }
}

/// How to build the venues.
#[derive(Clone, Debug)]
pub struct VenuesConfig {
    pub seed: u64,
    /// Simulated venues only (MtGox is left out whatever is given).
    pub venues: Vec<Venue>,
    /// Price levels seeded a side per pair.
    pub levels: usize,
    /// Order-flow steps (all venues together) run over the 24 h before `start_us`.
    pub history_events: usize,
    pub start_us: i64,
    /// Broadcast queue length per venue.
    pub queue: usize,
}

/// Steps at the live pace that end the history, and their spacing (µs).
const WARM_UP_STEPS: i64 = 1500;
const WARM_UP_DT_US: i64 = 100_000;

/// Every simulated venue, and what drives them.
pub struct Venues {
    pub shared: Vec<Arc<VenueShared>>,
    walk: Walk,
    rngs: Vec<Rng>,
    pub paused: AtomicBool,
}

impl Venues {
    pub fn new(cfg: &VenuesConfig) -> Venues {
        let walk = Walk::new(cfg.seed, Venue::ALL.len());
        let t0 = cfg.start_us - DAY_US;
        let mut shared = Vec::new();
        let mut rngs = Vec::new();
        for v in SIMULATED.into_iter().filter(|v| cfg.venues.contains(v)) {
            let mut rng = Rng::new(cfg.seed ^ (0xA5A5_0000 + index(v) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let scale = 10f64.powi(scales(v).price as i32);
            let markets = (0..PAIRS.len())
                .map(|i| {
                    let mid = walk.mid(index(v), i == 1) * scale;
                    // Trade ids of different venues and pairs never look alike.
                    let first = 100_000_000 * (index(v) as i64) + 10_000_000 * i as i64;
                    PairMarket::new(&mut rng, mid, cfg.levels, t0, first)
                })
                .collect();
            let (tx, _) = broadcast::channel(cfg.queue.max(16));
            shared.push(Arc::new(VenueShared {
                venue: v,
                state: Mutex::new(VenueState { markets, clock: t0 }),
                tx,
                depth: AtomicUsize::new(100),
                clients: AtomicUsize::new(0),
                connections: AtomicU64::new(0),
            }));
            rngs.push(rng);
        }
        let mut venues = Venues { shared, walk, rngs, paused: AtomicBool::new(false) };
        // The day before the start in coarse steps (the tickers' 24 h figures), then the last
        // WARM_UP_STEPS at the live pace: coarse steps let the walk outrun the order flow,
        // which leaves the books' touch thin; a few minutes of live flow refill it.
        let n = cfg.history_events.max(1) as i64;
        let warm_us = WARM_UP_STEPS * WARM_UP_DT_US;
        let coarse_us = DAY_US - warm_us - 1_000_000;
        for k in 0..n {
            venues.step(t0 + (k + 1) * coarse_us / n, coarse_us as f64 / 1e6 / n as f64, false);
        }
        for k in 0..WARM_UP_STEPS {
            venues.step(cfg.start_us - warm_us + k * WARM_UP_DT_US, WARM_UP_DT_US as f64 / 1e6, false);
        }
        venues
    }

    pub fn get(&self, v: Venue) -> Option<&Arc<VenueShared>> {
        self.shared.iter().find(|s| s.venue == v)
    }

    /// The mid `v`'s order flow trades around in pair `pair`, in currency units.
    pub fn walk_mid(&self, v: Venue, pair: usize) -> f64 {
        self.walk.mid(index(v), pair == 1)
    }

    /// One step: the walk advances `dt` simulated seconds, then every venue runs one
    /// order-flow event (in a pair drawn at random) at µs `now`; `publish` false during the
    /// history, which nobody can have subscribed to.
    pub fn step(&mut self, now: i64, dt: f64, publish: bool) {
        self.walk.step(dt);
        for (s, rng) in self.shared.iter().zip(self.rngs.iter_mut()) {
            let pair = rng.below(PAIRS.len() as u64) as usize;
            let mid = self.walk.mid(index(s.venue), pair == 1) * 10f64.powi(scales(s.venue).price as i32);
            let depth = s.depth();
            let mut st = s.lock();
            let t = st.tick(now);
            let mut step = Step::default();
            st.markets[pair].step(rng, mid, t, &mut step);
            if !step.fills.is_empty() {
                let ticker = st.markets[pair].ticker(t);
                if publish {
                    let ev = VenueEvent { pair, time: t, kind: EventKind::Trades { fills: step.fills, ticker } };
                    let _ = s.tx.send(Arc::new(ev));
                }
            }
            if !step.changes.is_empty() {
                let t = st.tick(now);
                let m = &mut st.markets[pair];
                if publish {
                    let top = Arc::new(m.top(depth));
                    let kind =
                        EventKind::Book { changes: step.changes, top, ticker: m.ticker(t), sequence: m.sequence() };
                    let _ = s.tx.send(Arc::new(VenueEvent { pair, time: t, kind }));
                }
            }
        }
    }
}

/// Paces the venues at `rate` steps per second of wall time; simulated time advances
/// 1/`rate` s a step, so the market is a function of seed and rate alone.
pub async fn run(venues: Arc<Mutex<Venues>>, rate: f64, mut shutdown: watch::Receiver<bool>) {
    let rate = rate.clamp(0.01, 100_000.0);
    let mut interval = tokio::time::interval(Duration::from_millis(20));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut base = Instant::now();
    let mut done = 0f64;
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = interval.tick() => {}
        }
        let mut v = venues.lock().unwrap_or_else(|e| e.into_inner());
        if v.paused.load(Ordering::SeqCst) {
            base = Instant::now();
            done = 0.0;
            continue;
        }
        let due = base.elapsed().as_secs_f64() * rate;
        if due - done > rate.max(10.0) {
            // Far behind (the machine stalled): skip ahead rather than burst.
            done = due - 1.0;
        }
        while done + 1.0 <= due + 1e-9 {
            v.step(now_us(), 1.0 / rate, true);
            done += 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::Side;

    fn venues(seed: u64) -> Venues {
        Venues::new(&VenuesConfig {
            seed,
            venues: Venue::ALL.to_vec(),
            levels: 150,
            history_events: 300,
            start_us: 1_700_000_000_000_000,
            queue: 64,
        })
    }

    /// (best bid, best ask) of every venue in a pair, in one currency unit scale (cents).
    fn quotes(v: &Venues, pair: usize) -> Vec<(i64, i64)> {
        v.shared
            .iter()
            .map(|s| {
                let st = s.lock();
                let m = &st.markets[pair];
                let scale = 10i64.pow(2 - scales(s.venue).price);
                let b = m.levels(Side::Bid).next().unwrap().0 * scale;
                let a = m.levels(Side::Ask).next().unwrap().0 * scale;
                (b, a)
            })
            .collect()
    }

    #[test]
    fn venues_follow_the_walk_differ_and_cross_deterministically() {
        let run = |seed| {
            let mut v = venues(seed);
            let (mut crossings, mut differ, mut samples) = (0, 0, 0);
            let (mut spreads, mut offsets) = (Vec::new(), Vec::new());
            let mut rx = v.shared[1].tx.subscribe();
            let mut seen = Vec::new();
            for k in 0..6000 {
                v.step(1_700_000_000_000_000 + k * 100_000, 0.1, true);
                for pair in 0..2 {
                    let q = quotes(&v, pair);
                    assert!(q.iter().all(|(b, a)| b < a), "each venue's own book is uncrossed");
                    samples += 1;
                    if q.iter().any(|x| x.0 + x.1 != q[0].0 + q[0].1) {
                        differ += 1;
                    }
                    // One venue's bid above another's ask.
                    if q.iter().any(|x| q.iter().any(|y| x.0 > y.1)) {
                        crossings += 1;
                    }
                    for (s, (b, a)) in v.shared.iter().zip(&q) {
                        let mid = v.walk_mid(s.venue, pair) * 100.0;
                        spreads.push((a - b) as f64 / mid * 1e4);
                        offsets.push(((a + b) as f64 / 2.0 / mid - 1.0).abs() * 1e4);
                    }
                }
                while let Ok(ev) = rx.try_recv() {
                    seen.push(ev.time);
                }
            }
            (crossings, differ, samples, spreads, offsets, seen)
        };
        let (crossings, differ, samples, mut spreads, mut offsets, seen) = run(7);
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        // The books follow the walk: tight spreads, mids within a few basis points of it.
        assert!(median(&mut spreads) < 5.0, "median spread {} bp", median(&mut spreads));
        assert!(median(&mut offsets) < 5.0, "median |book mid - walk mid| {} bp", median(&mut offsets));
        // The venues differ nearly always, cross often but not always.
        assert!(differ * 10 > samples * 9, "{differ} of {samples}");
        assert!(crossings * 20 > samples && crossings * 20 < samples * 19, "{crossings} crossings of {samples}");
        assert!(seen.windows(2).all(|w| w[0] < w[1]) && seen.len() > 3000, "{}", seen.len());
        assert_eq!(run(7).0, crossings, "deterministic for a seed");
    }
}
