//! Issue 2: the core's decode and decode+apply throughput for depth messages, tickers, trades
//! and a 10 000-level full depth, each next to a naive baseline (serde_json::Value +
//! rust_decimal + BTreeMap<Decimal, Decimal>) fed the same pre-generated texts; and
//! `Book::impact` on the 10 000-level book. Issue 7 adds `Market::cross_rates` (the forex grid
//! of 20 currencies) next to the same grid computed from a map of last prices.
//!
//!     cargo bench -p goxbook-core --bench decode_apply -- --warm-up-time 1 --measurement-time 3
//!
//! `bash tests/bench/run` runs it several times and writes the figures into BENCHMARKS.md.
//! `GOXBOOK_BENCH_SMOKE=1` shrinks the streams (for `cargo test --bench decode_apply`, which
//! runs every benchmark once: the test command checks that the suite runs).
//!
//! Streams are consumed in order and, when one wraps around, the state is reset (untimed) to
//! the snapshot it was generated from, so every message meets exactly the book it belongs to
//! (no message is ever stale, no level is ever re-applied with its own value).

mod common;

use common::*;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use goxbook_core::{decode, Currency, Market, MarketOptions, RateSource, Side};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

const DEPTH_MESSAGES: usize = 100_000;
const TICKERS: usize = 10_000;
const TRADES: usize = 10_000;

/// Stream lengths: the full ones, or 1/50 of them under `GOXBOOK_BENCH_SMOKE=1`.
fn sized(n: usize) -> usize {
    if std::env::var_os("GOXBOOK_BENCH_SMOKE").is_some_and(|v| v != "0") {
        n / 50
    } else {
        n
    }
}

/// Keeps a result alive (and then drops it) inside the timed loop.
#[inline(always)]
fn sink<T>(t: T) {
    black_box(t);
}

/// A position in a cyclic stream and the state it has built.
struct Cursor<S: Clone> {
    fresh: S,
    state: S,
    pos: usize,
}

impl<S: Clone> Cursor<S> {
    fn new(fresh: S) -> Self {
        Cursor { state: fresh.clone(), fresh, pos: 0 }
    }

    /// Times `iters` messages through `step`; resets to the fresh state (untimed) on wrap-around.
    fn run(&mut self, msgs: &[String], iters: u64, mut step: impl FnMut(&mut S, &str)) -> Duration {
        let mut total = Duration::ZERO;
        let mut left = iters as usize;
        while left > 0 {
            let n = left.min(msgs.len() - self.pos);
            let chunk = &msgs[self.pos..self.pos + n];
            let start = Instant::now();
            for m in chunk {
                step(&mut self.state, m);
            }
            total += start.elapsed();
            self.pos += n;
            left -= n;
            if self.pos == msgs.len() {
                self.pos = 0;
                self.state = self.fresh.clone();
            }
        }
        total
    }
}

fn loaded_market(sc: &Scenario) -> Market {
    let mut m = Market::new(MarketOptions::default());
    m.ingest(&sc.fulldepth).expect("full depth applies");
    let book = &m.get(Currency::USD).expect("USD state").book;
    assert_eq!(book.len(Side::Ask) + book.len(Side::Bid), 2 * LEVELS_PER_SIDE);
    m
}

fn loaded_baseline(sc: &Scenario, scales: &Scales) -> BaselineBook {
    let mut b = BaselineBook::default();
    assert_eq!(b.apply_fulldepth(&sc.fulldepth, scales), Some(2 * LEVELS_PER_SIDE));
    b
}

/// The core and the baseline must end the depth stream with the same book, and no message may
/// be stale; otherwise the comparison would be meaningless.
fn check_depth_stream(sc: &Scenario, msgs: &[String], scales: &Scales) {
    let mut m = loaded_market(sc);
    let mut b = loaded_baseline(sc, scales);
    let mut changed = 0;
    for s in msgs {
        let c = m.ingest(s).expect("depth message applies");
        assert!(!c.stale, "stale message in a consistent stream: {s}");
        changed += c.book as usize;
        b.apply(baseline_depth(s, scales).expect("baseline decodes"));
    }
    let book = &m.get(Currency::USD).unwrap().book;
    for (side, map) in [(Side::Ask, &b.asks), (Side::Bid, &b.bids)] {
        let core: Vec<(Decimal, Decimal)> = book
            .levels(side)
            .map(|l| (Decimal::new(l.price, PRICE_DECIMALS), Decimal::new(l.amount, AMOUNT_DECIMALS)))
            .collect();
        let base: Vec<(Decimal, Decimal)> = match side {
            Side::Ask => map.iter().map(|(p, a)| (*p, *a)).collect(),
            Side::Bid => map.iter().rev().map(|(p, a)| (*p, *a)).collect(),
        };
        assert_eq!(core, base, "core and baseline books differ on {side:?}");
    }
    eprintln!(
        "depth stream: {} messages ({} changed the book), {:.0} bytes/message; book after: {} asks + {} bids live",
        msgs.len(),
        changed,
        msgs.iter().map(String::len).sum::<usize>() as f64 / msgs.len() as f64,
        book.len(Side::Ask),
        book.len(Side::Bid)
    );
}

fn streams(c: &mut Criterion) {
    let scales = Scales::default();
    let sc = Scenario::new(2013);
    let depth = sc.depth_stream(sized(DEPTH_MESSAGES), 7);
    let tickers = sc.ticker_stream(sized(TICKERS), 11);
    let trades = sc.trade_stream(sized(TRADES), 13);
    check_depth_stream(&sc, &depth, &scales);
    let market = loaded_market(&sc);
    let baseline = loaded_baseline(&sc, &scales);

    // --- depth messages -------------------------------------------------------------------
    let mut g = c.benchmark_group("depth");
    g.throughput(Throughput::Elements(1));
    {
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&depth, n, |_, s| sink(decode(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "baseline"), |b| {
            b.iter_custom(|n| {
                cur.run(&depth, n, |_, s| sink(serde_json::from_str::<serde_json::Value>(black_box(s)).unwrap()))
            })
        });
        let mut cur = Cursor::new(market.clone());
        g.bench_function(BenchmarkId::new("decode_apply", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&depth, n, |m, s| sink(m.ingest(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(baseline.clone());
        g.bench_function(BenchmarkId::new("decode_apply", "baseline"), |b| {
            b.iter_custom(|n| cur.run(&depth, n, |book, s| book.apply(baseline_depth(black_box(s), &scales).unwrap())))
        });
    }
    g.finish();

    // --- tickers --------------------------------------------------------------------------
    let mut g = c.benchmark_group("ticker");
    g.throughput(Throughput::Elements(1));
    {
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&tickers, n, |_, s| sink(decode(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "baseline"), |b| {
            b.iter_custom(|n| {
                cur.run(&tickers, n, |_, s| sink(serde_json::from_str::<serde_json::Value>(black_box(s)).unwrap()))
            })
        });
        let mut cur = Cursor::new(market.clone());
        g.bench_function(BenchmarkId::new("decode_apply", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&tickers, n, |m, s| sink(m.ingest(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(BaselineTicker::default());
        g.bench_function(BenchmarkId::new("decode_apply", "baseline"), |b| {
            b.iter_custom(|n| {
                cur.run(&tickers, n, |state, s| {
                    let t = baseline_ticker(black_box(s), &scales).unwrap();
                    if t.now >= state.now {
                        *state = t;
                    }
                })
            })
        });
    }
    g.finish();

    // --- trades ---------------------------------------------------------------------------
    let mut g = c.benchmark_group("trade");
    g.throughput(Throughput::Elements(1));
    {
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&trades, n, |_, s| sink(decode(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(());
        g.bench_function(BenchmarkId::new("decode", "baseline"), |b| {
            b.iter_custom(|n| {
                cur.run(&trades, n, |_, s| sink(serde_json::from_str::<serde_json::Value>(black_box(s)).unwrap()))
            })
        });
        let mut cur = Cursor::new(market.clone());
        g.bench_function(BenchmarkId::new("decode_apply", "goxbook"), |b| {
            b.iter_custom(|n| cur.run(&trades, n, |m, s| sink(m.ingest(black_box(s)).unwrap())))
        });
        let mut cur = Cursor::new(BaselineTape::default());
        g.bench_function(BenchmarkId::new("decode_apply", "baseline"), |b| {
            b.iter_custom(|n| {
                cur.run(&trades, n, |tape, s| sink(tape.insert(baseline_trade(black_box(s), &scales).unwrap())))
            })
        });
    }
    g.finish();

    // --- 10 000-level full depth (throughput in levels) -----------------------------------
    let mut g = c.benchmark_group("fulldepth_10k");
    g.throughput(Throughput::Elements((2 * LEVELS_PER_SIDE) as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(30);
    {
        let fd = sc.fulldepth.as_str();
        g.bench_function(BenchmarkId::new("decode", "goxbook"), |b| b.iter(|| decode(black_box(fd)).unwrap()));
        g.bench_function(BenchmarkId::new("decode", "baseline"), |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(fd)).unwrap())
        });
        let mut m = Market::new(MarketOptions::default());
        g.bench_function(BenchmarkId::new("decode_apply", "goxbook"), |b| b.iter(|| m.ingest(black_box(fd)).unwrap()));
        let mut book = BaselineBook::default();
        g.bench_function(BenchmarkId::new("decode_apply", "baseline"), |b| {
            b.iter(|| book.apply_fulldepth(black_box(fd), &scales).unwrap())
        });
    }
    g.finish();

    // --- market impact on the 10 000-level book -------------------------------------------
    let book = &market.get(Currency::USD).unwrap().book;
    let mut g = c.benchmark_group("impact_10k");
    g.throughput(Throughput::Elements(1));
    for btc in [1i64, 10, 100, 1_000, 10_000] {
        let amount = btc * 100_000_000;
        let probe = book.impact(Side::Ask, amount);
        eprintln!(
            "impact: buying {btc} BTC walks {} levels (filled {} of {})",
            probe.levels.len(),
            probe.filled,
            probe.requested
        );
        g.bench_with_input(BenchmarkId::new("goxbook", format!("{btc}BTC")), &amount, |b, &a| {
            b.iter(|| book.impact(Side::Ask, black_box(a)))
        });
        let want = Decimal::from(btc);
        g.bench_with_input(BenchmarkId::new("baseline", format!("{btc}BTC")), &want, |b, &want| {
            b.iter(|| {
                // The same answer from the BTreeMap book: filled, cost, worst price, levels.
                let (mut left, mut cost, mut levels) = (black_box(want), Decimal::ZERO, Vec::new());
                for (&p, &a) in &baseline.asks {
                    if left.is_zero() {
                        break;
                    }
                    let take = left.min(a);
                    cost += p * take;
                    left -= take;
                    levels.push((p, take));
                }
                (want - left, cost, levels)
            })
        });
    }
    g.finish();
}

/// The forex grid: every currency's last trade price (20 fiat currencies, one trade each,
/// plus the 10 000-level USD book), `Market::cross_rates` alone and with all 380 rates of the
/// grid (`CrossRates::rate` for every ordered pair, as the forex panel and `crossRates()` do).
/// Baseline: the same 380 rates from a `HashMap<String, Decimal>` of last prices, with the same
/// rounding.
fn cross_rates(c: &mut Criterion) {
    let sc = Scenario::new(2013);
    let mut market = loaded_market(&sc);
    let trades = cross_trades(2013);
    let mut last: HashMap<String, Decimal> = HashMap::new();
    for (code, decimals, text) in &trades {
        market.ingest(text).expect("trade applies");
        let tid_price = text.split("\"price_int\":\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
        last.insert(code.to_string(), Decimal::new(tid_price.parse().unwrap(), *decimals));
    }
    let now = T0 + 60_000_000;
    let stale_after = 3_600_000_000;
    let grid = market.cross_rates(RateSource::Last, now, stale_after);
    let currencies = cross_currencies();
    assert_eq!(grid.inputs.len(), currencies.len());
    let codes: Vec<(Currency, &str)> =
        currencies.iter().map(|(c, _)| (Currency::new(c).unwrap(), c.as_str())).collect();
    // The grid and the baseline agree on every rate.
    for &(a, ca) in &codes {
        for &(b, cb) in &codes {
            if a != b {
                let base = last[ca].checked_div(last[cb]).map(|r| r.round_dp(goxbook_core::analytics::RATE_DECIMALS));
                assert_eq!(grid.rate(a, b), base, "{ca}/{cb}");
            }
        }
    }
    let mut g = c.benchmark_group("cross_rates");
    g.throughput(Throughput::Elements(1));
    g.bench_function(BenchmarkId::new("inputs", "goxbook"), |b| {
        b.iter(|| market.cross_rates(black_box(RateSource::Last), now, stale_after))
    });
    g.bench_function(BenchmarkId::new("grid", "goxbook"), |b| {
        b.iter(|| {
            let g = market.cross_rates(black_box(RateSource::Last), now, stale_after);
            let mut rates = Vec::with_capacity(codes.len() * codes.len());
            for i in &g.inputs {
                for j in &g.inputs {
                    if i.currency != j.currency {
                        rates.push(g.rate(i.currency, j.currency));
                    }
                }
            }
            rates
        })
    });
    g.bench_function(BenchmarkId::new("grid", "baseline"), |b| {
        b.iter(|| {
            let last = black_box(&last);
            let mut rates = Vec::with_capacity(codes.len() * codes.len());
            for (ca, pa) in last.iter() {
                for (cb, pb) in last.iter() {
                    if ca != cb {
                        rates.push(pa.checked_div(*pb).map(|r| r.round_dp(goxbook_core::analytics::RATE_DECIMALS)));
                    }
                }
            }
            rates
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = streams, cross_rates
}
criterion_main!(benches);
