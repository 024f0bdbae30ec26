//! The market simulator: per currency a matching engine fed by a seeded random order flow
//! (limit orders around a drifting mid, cancels, market orders). Everything it publishes is
//! a consequence of the engine: depth totals are the levels' amounts after each event,
//! trades are real crossings (also broadcast in every other currency at a drifting FX rate,
//! primary "N"), tickers are the book's best bid/ask with high/low/vol/avg/vwap over its own
//! last 24 h of trades. Deterministic for a seed and a sequence of times.

use goxbook_core::wire::{DepthEntry, DepthSnapshot, HttpBody, Num, PrivateMessage};
use goxbook_core::Side;

use crate::channels::{Channel, CurrencySpec, Frame};
use crate::encode::{self, TickerFigures, TradeFigures, BTC_DECIMALS};
use crate::engine::{Engine, EngineEvent};
use crate::rng::Rng;
use crate::stats::{Window, DAY_US};

/// How to build a simulator.
#[derive(Clone, Debug)]
pub struct SimConfig {
    pub seed: u64,
    pub currencies: Vec<CurrencySpec>,
    /// µs time of "now" when the simulator starts; its history covers the 24 h before.
    pub start_us: i64,
    /// Price levels seeded on each side near the mid (dust comes on top).
    pub levels: usize,
    /// Order-flow events run over the 24 h before the start.
    pub history_events: usize,
}

impl SimConfig {
    pub fn new(seed: u64, currencies: Vec<CurrencySpec>, start_us: i64) -> SimConfig {
        SimConfig { seed, currencies, start_us, levels: 1500, history_events: 4000 }
    }
}

struct Market {
    spec: CurrencySpec,
    engine: Engine,
    fx: f64,
    base_fx: f64,
    grid: i64,
    window: Window,
    last_local: Option<i64>,
    target_orders: usize,
}

/// The simulator of every currency's market.
pub struct Sim {
    rng: Rng,
    markets: Vec<Market>,
    usd_mid: f64,
    base_mid: f64,
    clock: i64,
    /// The last trade in any currency: (market index, price ticks).
    last_any: Option<(usize, i64)>,
    messages: u64,
    ticker_turn: usize,
    next_ticker: u64,
    next_lag: u64,
    events: Vec<EngineEvent>,
}

const START_USD: f64 = 120.0;

impl Sim {
    /// Seeds every book (deep, with far-away dust) at 24 h before the start.
    pub fn new(cfg: &SimConfig) -> Sim {
        let mut rng = Rng::new(cfg.seed);
        let usd_mid = START_USD * (1.0 + 0.1 * (rng.f64() - 0.5));
        let t0 = cfg.start_us - DAY_US;
        let mut markets = Vec::new();
        for spec in &cfg.currencies {
            let grid = 10i64.pow(spec.decimals.saturating_sub(2));
            let mut m = Market {
                engine: Engine::new(),
                fx: spec.fx,
                base_fx: spec.fx,
                grid,
                window: Window::default(),
                last_local: None,
                target_orders: 0,
                spec: spec.clone(),
            };
            let scale = 10f64.powi(spec.decimals as i32);
            let mid = usd_mid * spec.fx * scale;
            let mut sink = Vec::new();
            for side in [Side::Bid, Side::Ask] {
                let sign = if side == Side::Bid { -1.0 } else { 1.0 };
                for k in 0..cfg.levels {
                    let f = k as f64 / cfg.levels as f64;
                    let off = 0.0008 + 0.6 * f * f + 0.0005 * rng.f64();
                    let price = round_to(mid * (1.0 + sign * off.min(0.95)), grid);
                    for _ in 0..1 + rng.below(2) {
                        let amount = btc(rng.log_uniform(0.01, 30.0));
                        m.engine.limit(side, price, amount, t0, &mut sink);
                    }
                }
            }
            // Dust: tiny bids down to price_int 1, tiny asks far above.
            for k in 0..200i64 {
                let bid = (1 + k * k * grid).min(round_to(mid * 0.2, grid));
                m.engine.limit(Side::Bid, bid.max(1), btc(rng.log_uniform(0.0001, 0.01)), t0, &mut sink);
                let ask = round_to(mid * (2.0 + k as f64 * 0.25), grid);
                m.engine.limit(Side::Ask, ask, btc(rng.log_uniform(0.0001, 0.05)), t0, &mut sink);
            }
            m.target_orders = m.engine.order_count();
            markets.push(m);
        }
        Sim {
            rng,
            markets,
            usd_mid,
            base_mid: usd_mid,
            clock: t0,
            last_any: None,
            messages: 0,
            ticker_turn: 0,
            next_ticker: 25,
            next_lag: 150,
            events: Vec::new(),
        }
    }

    pub fn currencies(&self) -> impl Iterator<Item = &CurrencySpec> + '_ {
        self.markets.iter().map(|m| &m.spec)
    }

    /// The simulator's clock: the µs time of the last message.
    pub fn clock(&self) -> i64 {
        self.clock
    }

    /// Messages published so far (history included).
    pub fn messages(&self) -> u64 {
        self.messages
    }

    /// Total price levels across the books.
    pub fn level_count(&self) -> usize {
        self.markets.iter().map(|m| m.engine.level_count()).sum()
    }

    /// The whole book of market `i` as an HTTP depth body (`stamp` = each level's last change).
    pub fn full_depth(&self, i: usize) -> HttpBody<'static> {
        let m = &self.markets[i];
        let entries = |side| {
            m.engine
                .levels(side)
                .map(|(p, a, s)| DepthEntry {
                    price: Some(encode::float(p, m.spec.decimals)),
                    amount: Some(encode::float(a, BTC_DECIMALS)),
                    price_int: Some(Num::int(p)),
                    amount_int: Some(Num::int(a)),
                    stamp: Some(Num::int(s)),
                    pair: false,
                })
                .collect()
        };
        HttpBody::Depth(DepthSnapshot {
            asks: entries(Side::Ask),
            bids: entries(Side::Bid),
            now: Some(Num::int(self.clock)),
            ..Default::default()
        })
    }

    /// Runs the order flow over the 24 h before the start, `history_events` events evenly
    /// spread, so the tickers' day statistics and the trade history exist from the first second.
    pub fn run_history(&mut self, cfg: &SimConfig, out: &mut Vec<Frame>) {
        let n = cfg.history_events.max(1) as i64;
        let t0 = cfg.start_us - DAY_US;
        let dt = 86_400.0 / n as f64;
        for k in 0..n {
            self.step(t0 + (k + 1) * (DAY_US - 1_000_000) / n, dt, out);
        }
    }

    fn tick(&mut self, now: i64) -> i64 {
        self.clock = (self.clock + 1).max(now);
        self.messages += 1;
        self.clock
    }

    /// One order-flow event at (or just after) `now`, `dt` simulated seconds after the last
    /// one (it drives the price drift, so the market does not depend on the wall clock);
    /// appends the frames it publishes.
    pub fn step(&mut self, now: i64, dt: f64, out: &mut Vec<Frame>) {
        let dt = dt.clamp(1e-6, 3600.0);
        // The USD mid: a random walk (≈5 %/day) slowly pulled back to where it started.
        let pull = (self.base_mid / self.usd_mid).ln() * dt / 86_400.0;
        self.usd_mid *= (1.7e-4 * dt.sqrt() * self.rng.normal() + pull).exp();
        for m in &mut self.markets {
            let pull = (m.base_fx / m.fx).ln() * dt / 36_000.0;
            m.fx *= (2e-5 * dt.sqrt() * self.rng.normal() + pull).exp();
        }
        let n = self.markets.len() as u64;
        let i = if self.rng.chance(0.5) { 0 } else { self.rng.below(n) as usize };
        let mid = {
            let m = &self.markets[i];
            self.usd_mid * m.fx * 10f64.powi(m.spec.decimals as i32)
        };
        let mut events = std::mem::take(&mut self.events);
        events.clear();
        let t = self.tick(now);
        let m = &mut self.markets[i];
        let fill = m.engine.order_count() as f64 / m.target_orders.max(1) as f64;
        let u = self.rng.f64();
        let side = if self.rng.chance(0.5) { Side::Bid } else { Side::Ask };
        if u < 0.07 {
            let amount = btc(self.rng.log_uniform(0.01, 3.0));
            let limit = round_to(mid * if side == Side::Bid { 1.03 } else { 0.97 }, m.grid);
            m.engine.take(side, Some(limit), amount, t, &mut events);
        } else if u < 0.07 + (0.4 * fill * fill).min(0.6) {
            let rng = &mut self.rng;
            if let Some((id, _, _)) = m.engine.random_order(|n| rng.below(n)) {
                m.engine.cancel(id, t, &mut events);
            }
        } else {
            let mut off = -self.rng.f64().max(1e-12).ln() * 0.004;
            if self.rng.chance(0.12) {
                off = -off * 0.3;
            } else if self.rng.chance(0.05) {
                off *= 20.0;
            }
            let sign = if side == Side::Bid { -1.0 } else { 1.0 };
            let price = round_to(mid * (1.0 + sign * off.min(0.9)), m.grid);
            let amount = btc(self.rng.log_uniform(0.01, 10.0));
            m.engine.limit(side, price, amount, t, &mut events);
        }
        let mut first = true;
        let mut traded = false;
        for ev in &events {
            let time = if first { t } else { self.tick(now) };
            first = false;
            match *ev {
                EngineEvent::Level { side, price, delta, total } => {
                    let spec = &self.markets[i].spec;
                    let d = encode::depth(spec, side, price, delta, total, time);
                    out.push(Frame { channel: Channel::Depth(i), text: encode::depth_frame(spec, d, time) });
                }
                EngineEvent::Trade { price, amount, aggressor, .. } => {
                    traded = true;
                    self.publish_trade(i, price, amount, aggressor, time, now, out);
                }
            }
        }
        self.events = events;
        if traded {
            self.publish_ticker(i, now, out);
        }
        if self.messages >= self.next_ticker {
            self.next_ticker = self.messages + 25;
            let k = self.ticker_turn % self.markets.len();
            self.ticker_turn += 1;
            self.publish_ticker(k, now, out);
        }
        if self.messages >= self.next_lag {
            self.next_lag = self.messages + 150;
            let stamp = self.tick(now);
            let age = 20_000 + self.rng.below(1_500_000) as i64;
            let qid = crate::channels::derived_uuid(&format!("lag{stamp}"));
            out.push(Frame { channel: Channel::Lag, text: encode::lag_frame(encode::lag(qid, age, stamp), stamp) });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn publish_trade(
        &mut self,
        i: usize,
        price: i64,
        amount: i64,
        aggressor: Side,
        tid: i64,
        now: i64,
        out: &mut Vec<Frame>,
    ) {
        let m = &mut self.markets[i];
        m.window.add(tid, price, amount);
        m.last_local = Some(price);
        self.last_any = Some((i, price));
        let t = TradeFigures { tid, price, amount, trade_type: aggressor.as_str(), primary: true, properties: "limit" };
        out.push(Frame { channel: Channel::Trade, text: encode::trade_frame(encode::trade(&m.spec, &t), tid) });
        for j in 0..self.markets.len() {
            if j == i {
                continue;
            }
            let converted = self.convert(i, j, price);
            let t = TradeFigures { price: converted, primary: false, properties: "limit,mixed_currency", ..t.clone() };
            let stamp = self.tick(now);
            out.push(Frame {
                channel: Channel::Trade,
                text: encode::trade_frame(encode::trade(&self.markets[j].spec, &t), stamp),
            });
        }
    }

    /// A price of market `from` in the currency of market `to`, at the current FX rates.
    fn convert(&self, from: usize, to: usize, price: i64) -> i64 {
        let (a, b) = (&self.markets[from], &self.markets[to]);
        let units = price as f64 / 10f64.powi(a.spec.decimals as i32) / a.fx * b.fx;
        ((units * 10f64.powi(b.spec.decimals as i32)).round() as i64).max(1)
    }

    /// The ticker figures of market `i` now.
    pub fn ticker_figures(&mut self, i: usize, now: i64) -> TickerFigures {
        let last_orig =
            self.last_any.map(|(k, p)| (self.markets[k].spec.code.clone(), p, self.markets[k].spec.decimals));
        let last_all = self.last_any.map(|(k, p)| if k == i { p } else { self.convert(k, i, p) });
        let m = &mut self.markets[i];
        m.window.expire(now);
        TickerFigures {
            high: m.window.high(),
            low: m.window.low(),
            avg: m.window.avg(),
            vwap: m.window.vwap(),
            vol: m.window.volume(),
            last_local: m.last_local,
            last_orig,
            last_all,
            buy: m.engine.best_bid(),
            sell: m.engine.best_ask(),
            now,
        }
    }

    fn publish_ticker(&mut self, i: usize, now: i64, out: &mut Vec<Frame>) {
        let stamp = self.tick(now);
        let f = self.ticker_figures(i, stamp);
        let spec = &self.markets[i].spec;
        let text = encode::private(
            &spec.ticker_channel,
            &spec.ticker_name,
            PrivateMessage::Ticker(Box::new(encode::ticker(spec, &f))),
            stamp,
        );
        out.push(Frame { channel: Channel::Ticker(i), text });
    }
}

fn round_to(price: f64, grid: i64) -> i64 {
    (((price / grid as f64).round() as i64) * grid).max(grid.max(1))
}

/// BTC as 1e-8 ticks, rounded to 1e-4 BTC (at least that).
fn btc(amount: f64) -> i64 {
    ((amount * 1e4).round() as i64).max(1) * 10_000
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::parse_currencies;

    fn sim(seed: u64) -> (Sim, SimConfig) {
        let mut cfg = SimConfig::new(seed, parse_currencies("USD,EUR,JPY").unwrap(), 1_400_000_000_000_000);
        cfg.levels = 300;
        cfg.history_events = 500;
        (Sim::new(&cfg), cfg)
    }

    #[test]
    fn deterministic_for_a_seed() {
        let run = |seed| {
            let (mut s, cfg) = sim(seed);
            let mut out = Vec::new();
            s.run_history(&cfg, &mut out);
            for k in 0..500 {
                s.step(cfg.start_us + k * 1000, 0.01, &mut out);
            }
            out
        };
        let a = run(5);
        assert_eq!(a, run(5));
        assert_ne!(a, run(6));
        assert!(a.iter().any(|f| f.channel == Channel::Trade));
        assert!(a.iter().any(|f| f.channel == Channel::Lag));
    }

    #[test]
    fn book_is_deep_and_uncrossed() {
        let (mut s, cfg) = sim(1);
        assert!(s.level_count() > 2000, "{}", s.level_count());
        let mut out = Vec::new();
        s.run_history(&cfg, &mut out);
        for m in &s.markets {
            assert!(m.engine.best_bid().unwrap() < m.engine.best_ask().unwrap());
        }
        let f = s.ticker_figures(0, cfg.start_us);
        assert!(f.vol > 0 && f.high >= f.low && f.vwap.is_some());
    }
}
