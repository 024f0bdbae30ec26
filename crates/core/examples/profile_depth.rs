//! A profiling driver for the depth hot path of the issue-2 benchmark: ingests the benchmark's
//! 100 000-message depth stream (after its 10 000-level full depth) `ROUNDS` times in
//! `ingest_all`, so a profiler can be pointed at that one function:
//!
//!     cargo build --profile bench -p goxbook-core --example profile_depth
//!     valgrind --tool=callgrind --toggle-collect='profile_depth::ingest_all' \
//!         target/release/examples/profile_depth 1
//!     callgrind_annotate --inclusive=yes callgrind.out.<pid>
//!
//! With a second argument `baseline`, runs the naive baseline instead (`baseline_all`).
//!
//! It also prints the sizes of the decoded types (large ones cost memcpy on every move).

#[path = "../benches/common/mod.rs"]
mod common;

use common::*;
use goxbook_core::wire::{Depth, Money, Num, Ticker, Trade};
use goxbook_core::{Decoded, Market, MarketOptions, Payload};
use std::hint::black_box;
use std::time::Instant;

/// The naive baseline on the same stream (second argument `baseline`).
#[inline(never)]
fn baseline_all(book: &mut BaselineBook, msgs: &[String], scales: &Scales) -> usize {
    for m in msgs {
        book.apply(baseline_depth(black_box(m), scales).expect("baseline decodes"));
    }
    book.levels()
}

#[inline(never)]
fn ingest_all(market: &mut Market, msgs: &[String]) -> usize {
    let mut changed = 0;
    for m in msgs {
        changed += market.ingest(black_box(m)).expect("depth message applies").book as usize;
    }
    changed
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    println!(
        "size_of: Decoded {} Payload {} Ticker {} Depth {} Trade {} Money {} Num {}",
        std::mem::size_of::<Decoded<'static>>(),
        std::mem::size_of::<Payload<'static>>(),
        std::mem::size_of::<Ticker<'static>>(),
        std::mem::size_of::<Depth<'static>>(),
        std::mem::size_of::<Trade<'static>>(),
        std::mem::size_of::<Money<'static>>(),
        std::mem::size_of::<Num<'static>>(),
    );
    let sc = Scenario::new(2013);
    let depth = sc.depth_stream(100_000, 7);
    if std::env::args().nth(2).as_deref() == Some("baseline") {
        let scales = Scales::default();
        let mut fresh = BaselineBook::default();
        fresh.apply_fulldepth(&sc.fulldepth, &scales).expect("baseline full depth");
        let mut total = std::time::Duration::ZERO;
        for _ in 0..rounds {
            let mut b = fresh.clone();
            let t = Instant::now();
            black_box(baseline_all(&mut b, &depth, &scales));
            total += t.elapsed();
        }
        let n = rounds * depth.len();
        println!("baseline: {n} depth messages in {total:?}: {:.0} msg/s", n as f64 / total.as_secs_f64());
        return;
    }
    let mut fresh = Market::new(MarketOptions::default());
    fresh.ingest(&sc.fulldepth).expect("full depth applies");
    let mut total = std::time::Duration::ZERO;
    for _ in 0..rounds {
        let mut m = fresh.clone();
        let t = Instant::now();
        black_box(ingest_all(&mut m, &depth));
        total += t.elapsed();
    }
    let n = rounds * depth.len();
    println!("{n} depth messages in {total:?}: {:.0} msg/s", n as f64 / total.as_secs_f64());
}
