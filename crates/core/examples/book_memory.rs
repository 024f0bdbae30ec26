//! Issue 2: book memory per live level, measured with a counting global allocator.
//!
//!     cargo run --release -p goxbook-core --example book_memory
//!
//! Applies the benchmark's 10 000-level v1 full depth through `Market::ingest`, then 100 000
//! consistent depth messages, then 20 000 orders placed and cancelled at new prices, then the
//! full depth again, and prints the allocator's net bytes held by the `Market`
//! (after − before; every input text is allocated before "before") divided by the live
//! levels. The same for the naive `BTreeMap<Decimal, Decimal>` baseline, for contrast.
//! Bytes are those requested from the allocator (malloc's own per-block overhead excluded).

#[path = "../benches/common/mod.rs"]
mod common;

use common::*;
use goxbook_core::{Currency, Market, MarketOptions, Side};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

struct Counting;

static NET: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            NET.fetch_add(l.size() as isize, Relaxed);
            BLOCKS.fetch_add(1, Relaxed);
            ALLOCS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(l) };
        if !p.is_null() {
            NET.fetch_add(l.size() as isize, Relaxed);
            BLOCKS.fetch_add(1, Relaxed);
            ALLOCS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NET.fetch_sub(l.size() as isize, Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            NET.fetch_add(new as isize - l.size() as isize, Relaxed);
            ALLOCS.fetch_add(1, Relaxed);
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn net() -> (isize, isize) {
    (NET.load(Relaxed), BLOCKS.load(Relaxed))
}

fn row(what: &str, bytes: isize, blocks: isize, levels: usize, extra: &str) {
    println!(
        "{what:<50} {levels:>6} live levels  {bytes:>9} bytes in {blocks:>4} blocks  {:>6.1} bytes/level{extra}",
        bytes as f64 / levels as f64
    );
}

/// `pairs` orders of 0.1 BTC placed and then cancelled, each at a price in ±2 % of the mid that
/// is not one of the scenario's levels; times continue a day after the snapshot (after any
/// message of the depth stream).
fn churn(sc: &Scenario, pairs: usize) -> Vec<String> {
    let taken: std::collections::HashSet<i64> = sc.ask_prices.iter().chain(&sc.bid_prices).copied().collect();
    let mut rng = Rng::new(99);
    let mut now = T0 + 86_400_000_000;
    let mut out = Vec::with_capacity(2 * pairs);
    let mut used = std::collections::HashSet::new();
    while out.len() < 2 * pairs {
        let ask = rng.next_u64() & 1 == 0;
        let off = 1 + rng.below((MID * 2 / 100) as u64) as i64;
        let price = if ask { MID + off } else { MID - off };
        if taken.contains(&price) || !used.insert(price) {
            continue;
        }
        for total in [10_000_000i64, 0] {
            now += 1 + rng.below(50_000) as i64;
            let volume = if total == 0 { -10_000_000 } else { total };
            out.push(depth_message(ask, price, volume, total, now, now + 300));
        }
    }
    out
}

fn main() {
    let scales = Scales::default();
    let sc = Scenario::new(2013);
    let depth = sc.depth_stream(100_000, 7);
    let churn = churn(&sc, 20_000);

    // --- goxbook-core Market -----------------------------------------------------------
    let (b0, k0) = net();
    let mut market = Market::new(MarketOptions::default());
    market.ingest(&sc.fulldepth).expect("full depth applies");
    let (b1, k1) = net();
    let live = |m: &Market| {
        let book = &m.get(Currency::USD).unwrap().book;
        (book.len(Side::Ask) + book.len(Side::Bid), book.heap_bytes())
    };
    let (levels, heap) = live(&market);
    let allocs_before = ALLOCS.load(Relaxed);
    row("goxbook Market, after 10k full depth", b1 - b0, k1 - k0, levels, &format!("  (Book::heap_bytes {heap})"));
    for s in &depth {
        market.ingest(s).expect("depth message applies");
    }
    let (b2, k2) = net();
    let (levels2, heap2) = live(&market);
    row(
        "goxbook Market, + 100k depth messages",
        b2 - b0,
        k2 - k0,
        levels2,
        &format!(
            "  (Book::heap_bytes {heap2}; {} allocations in {} messages)",
            ALLOCS.load(Relaxed) - allocs_before,
            depth.len()
        ),
    );
    // Orders placed and cancelled at prices the book has not seen (bots did this all day):
    // each pair leaves the live levels as they were.
    for s in &churn {
        market.ingest(s).expect("churn message applies");
    }
    let (b3, k3) = net();
    let (levels3, heap3) = live(&market);
    row(
        &format!("goxbook Market, + {} add/cancel at new prices", churn.len() / 2),
        b3 - b0,
        k3 - k0,
        levels3,
        &format!("  (Book::heap_bytes {heap3})"),
    );
    // Re-snapshot: what a client does on reconnect; the ladders are rebuilt at exact capacity.
    market.ingest(&sc.fulldepth).expect("full depth applies");
    let (b4, k4) = net();
    let (levels4, _) = live(&market);
    row("goxbook Market, re-snapshot after all that", b4 - b0, k4 - k0, levels4, "");
    drop(market);

    // --- naive baseline: BTreeMap<Decimal, Decimal> per side ---------------------------
    let (b0, k0) = net();
    let mut book = BaselineBook::default();
    book.apply_fulldepth(&sc.fulldepth, &scales).expect("baseline full depth");
    let (b1, k1) = net();
    row("baseline BTreeMap, after 10k full depth", b1 - b0, k1 - k0, book.levels(), "");
    for s in &depth {
        book.apply(baseline_depth(s, &scales).expect("baseline decodes"));
    }
    let (b2, k2) = net();
    row("baseline BTreeMap, + 100k depth messages", b2 - b0, k2 - k0, book.levels(), "");
    for s in &churn {
        book.apply(baseline_depth(s, &scales).expect("baseline decodes"));
    }
    let (b3, k3) = net();
    row(
        &format!("baseline BTreeMap, + {} add/cancel at new prices", churn.len() / 2),
        b3 - b0,
        k3 - k0,
        book.levels(),
        "",
    );
    assert_eq!(book.levels(), levels2, "core and baseline disagree on live levels");
}
