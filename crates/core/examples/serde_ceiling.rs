//! Reference points for the depth hot path of issue 2, measured interleaved in one process so
//! that a busy machine slows all of them alike: how fast serde_json itself can go on the
//! benchmark's depth stream, next to the core and the naive baseline.
//!
//!     cargo run --profile bench -p goxbook-core --example serde_ceiling -- 7
//!
//! Each line is the best (least disturbed) of N passes (argument, default 7) over the 100 000
//! messages:
//! - `IgnoredAny`: validating the JSON and nothing else — the floor of any serde_json decoder;
//! - `minimal struct`: a borrowed struct with only the five fields a book update needs (every
//!   other key skipped) plus integer parsing of price, total and now;
//! - `serde_json::Value`: the baseline's decode step alone;
//! - the core's `decode` and `Market::ingest`, and the baseline's decode+apply.

#[path = "../benches/common/mod.rs"]
mod common;

use common::*;
use goxbook_core::{decode, Market, MarketOptions};
use serde::Deserialize;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(borrow)]
    op: &'a str,
    #[serde(borrow)]
    private: &'a str,
    #[serde(borrow)]
    depth: Depth<'a>,
}

#[derive(Deserialize)]
struct Depth<'a> {
    #[serde(borrow)]
    type_str: &'a str,
    #[serde(borrow)]
    price_int: &'a str,
    #[serde(borrow)]
    currency: &'a str,
    #[serde(borrow)]
    now: &'a str,
    #[serde(borrow)]
    total_volume_int: &'a str,
}

fn main() {
    let passes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let scales = Scales::default();
    let sc = Scenario::new(2013);
    let msgs = sc.depth_stream(100_000, 7);
    let mut fresh = Market::new(MarketOptions::default());
    fresh.ingest(&sc.fulldepth).unwrap();
    let mut fresh_baseline = BaselineBook::default();
    fresh_baseline.apply_fulldepth(&sc.fulldepth, &scales).unwrap();

    let names = [
        "serde_json IgnoredAny (validate only)",
        "serde_json minimal borrowed struct + ints",
        "serde_json::Value (baseline decode)",
        "baseline decode+apply (Value+Decimal+BTreeMap)",
        "goxbook decode",
        "goxbook Market::ingest (decode+apply)",
    ];
    let mut best = [Duration::MAX; 6];
    for _ in 0..passes {
        for (k, slot) in best.iter_mut().enumerate() {
            let mut market = fresh.clone();
            let mut book = fresh_baseline.clone();
            let t = Instant::now();
            for m in &msgs {
                let m = black_box(m.as_str());
                match k {
                    0 => drop(black_box(serde_json::from_str::<serde::de::IgnoredAny>(m).unwrap())),
                    1 => {
                        let f: Frame = serde_json::from_str(m).unwrap();
                        assert!(f.op == "private" && f.private == "depth" && f.depth.currency == "USD");
                        let p: i64 = f.depth.price_int.parse().unwrap();
                        let v: i64 = f.depth.total_volume_int.parse().unwrap();
                        let n: i64 = f.depth.now.parse().unwrap();
                        black_box((f.depth.type_str == "ask", p, v, n));
                    }
                    2 => drop(black_box(serde_json::from_str::<serde_json::Value>(m).unwrap())),
                    3 => book.apply(baseline_depth(m, &scales).unwrap()),
                    4 => drop(black_box(decode(m).unwrap())),
                    _ => drop(black_box(market.ingest(m).unwrap())),
                }
            }
            *slot = (*slot).min(t.elapsed());
            black_box((&market, &book));
        }
    }
    println!("best of {passes} passes over {} depth messages:", msgs.len());
    for (name, t) in names.iter().zip(best) {
        let s = t.as_secs_f64() / msgs.len() as f64;
        println!("  {name:<48} {:>6.0} ns/msg  {:>9.0} msg/s", s * 1e9, 1.0 / s);
    }
    let ratio = best[3].as_secs_f64() / best[5].as_secs_f64();
    println!("  goxbook decode+apply vs baseline: {ratio:.2}x");
}
