//! Issue 15: each venue's decode+apply through `VenueMarket::ingest`, next to a serde_json +
//! BTreeMap baseline fed the same pre-generated lines in the same run:
//! `serde_json::from_str::<Value>`, field lookups, `Decimal::from_str_exact` of each price and
//! amount (Kraken's bare numbers through serde_json's f64 and its shortest text), applied to a
//! `BTreeMap<Decimal, Decimal>` per side (remove on zero) with the venue's own rule — Bitstamp's
//! microtimestamp check, Kraken's truncation to 10 and CRC-32 of the top 10 (same CRC code as
//! the core, strings formatted from the Decimals), Coinbase's plain apply — and trades into a
//! bounded id-deduplicated VecDeque.
//!
//!     cargo bench -p goxbook-core --bench venues -- --warm-up-time 1 --measurement-time 3
//!
//! Streams (seeded splitmix64, all generated before timing): per venue a snapshot, then book
//! updates (1–3 changed levels near the touch, 30 % removals) with one trade in ten lines.
//! When a stream wraps, the state is reset (untimed) to the snapshot, so no line is stale and
//! every Kraken checksum matches; before timing the core and the baseline must end the stream
//! with the same book (and, for Kraken, synced).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use goxbook_core::venue::kraken::{checksum_levels, Crc32};
use goxbook_core::venue::{Pair, Venue, VenueMarket};
use goxbook_core::Side;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

const LINES: usize = 50_000;

fn sized(n: usize) -> usize {
    if std::env::var_os("GOXBOOK_BENCH_SMOKE").is_some_and(|v| v != "0") {
        n / 50
    } else {
        n
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn dec(ticks: i64, d: u32) -> String {
    goxbook_core::format_ticks(ticks, d)
}

type Levels = Vec<(i64, i64)>;
type Step = fn(&mut Baseline, &str);

/// A model book in ticks; bids and asks each `BTreeMap<price, amount>`.
#[derive(Clone, Default)]
struct Model {
    bids: BTreeMap<i64, i64>,
    asks: BTreeMap<i64, i64>,
}

impl Model {
    fn seeded(rng: &mut Rng, mid: i64, levels: i64, step: i64) -> Model {
        let mut m = Model::default();
        for i in 1..=levels {
            m.bids.insert(mid - i * step, 1 + rng.below(300_000_000) as i64);
            m.asks.insert(mid + i * step, 1 + rng.below(300_000_000) as i64);
        }
        m
    }

    /// A change near the touch: (is_bid, price, new total or 0).
    fn change(&mut self, rng: &mut Rng, step: i64) -> (bool, i64, i64) {
        let bid = rng.below(2) == 0;
        let side = if bid { &mut self.bids } else { &mut self.asks };
        let best = if bid { side.keys().next_back().copied() } else { side.keys().next().copied() }.unwrap_or(0);
        let off = (rng.below(12) as i64 - 2) * step;
        let price = if bid { best - off } else { best + off }.max(step);
        let amount = if rng.below(10) < 3 && side.len() > 3 { 0 } else { 1 + rng.below(300_000_000) as i64 };
        if amount == 0 {
            side.remove(&price);
        } else {
            side.insert(price, amount);
        }
        (bid, price, amount)
    }

    fn top(&self, n: usize) -> (Levels, Levels) {
        (
            self.bids.iter().rev().take(n).map(|(&p, &a)| (p, a)).collect(),
            self.asks.iter().take(n).map(|(&p, &a)| (p, a)).collect(),
        )
    }
}

struct Stream {
    snapshot: Vec<String>,
    lines: Vec<String>,
}

fn bitstamp_stream(n: usize) -> Stream {
    let mut rng = Rng(15);
    let mut m = Model::seeded(&mut rng, 3_000_000, 500, 1);
    let lv = |v: &mut dyn Iterator<Item = (i64, i64)>| {
        v.map(|(p, a)| format!("[\"{}\", \"{}\"]", dec(p, 2), dec(a, 8))).collect::<Vec<_>>().join(", ")
    };
    let snapshot = format!(
        r#"{{"timestamp": "1654243213", "microtimestamp": "1654243213000000", "bids": [{}], "asks": [{}]}}"#,
        lv(&mut m.bids.iter().rev().map(|(&p, &a)| (p, a))),
        lv(&mut m.asks.iter().map(|(&p, &a)| (p, a)))
    );
    let mut micros = 1_654_243_213_000_000i64;
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        micros += 1 + rng.below(5000) as i64;
        if i % 10 == 9 {
            lines.push(format!(
                r#"{{"data":{{"id":{},"timestamp":"{}","amount":0.5,"amount_str":"0.50000000","price":30000.01,"price_str":"{}","type":{},"microtimestamp":"{micros}","buy_order_id":1,"sell_order_id":2}},"channel":"live_trades_btcusd","event":"trade"}}"#,
                1_000_000 + i,
                micros / 1_000_000,
                dec(3_000_000 + rng.below(100) as i64, 2),
                rng.below(2)
            ));
            continue;
        }
        let (mut b, mut a) = (Vec::new(), Vec::new());
        for _ in 0..1 + rng.below(3) {
            let (bid, p, amt) = m.change(&mut rng, 1);
            (if bid { &mut b } else { &mut a }).push(format!("[\"{}\",\"{}\"]", dec(p, 2), dec(amt, 8)));
        }
        lines.push(format!(
            r#"{{"data":{{"timestamp":"{}","microtimestamp":"{micros}","bids":[{}],"asks":[{}]}},"channel":"diff_order_book_btcusd","event":"data"}}"#,
            micros / 1_000_000,
            b.join(","),
            a.join(",")
        ));
    }
    Stream { snapshot: vec![snapshot], lines }
}

fn kraken_stream(n: usize) -> Stream {
    let mut rng = Rng(16);
    let mut m = Model::seeded(&mut rng, 300_000, 10, 1);
    let obj = |v: &[(i64, i64)]| {
        v.iter()
            .map(|&(p, a)| format!(r#"{{"price":{},"qty":{}}}"#, dec(p, 1), dec(a, 8)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let (b, a) = m.top(10);
    let ack = r#"{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"2023-10-06T17:35:55.219022Z","time_out":"2023-10-06T17:35:55.219067Z"}"#;
    let snapshot = format!(
        r#"{{"channel":"book","type":"snapshot","data":[{{"symbol":"BTC/USD","bids":[{}],"asks":[{}],"checksum":{},"timestamp":"2023-10-06T17:35:55.440295Z"}}]}}"#,
        obj(&b),
        obj(&a),
        checksum_levels(a.iter().copied(), b.iter().copied())
    );
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 9 {
            lines.push(format!(
                r#"{{"channel":"trade","type":"update","data":[{{"symbol":"BTC/USD","side":"{}","price":{},"qty":0.5,"ord_type":"market","trade_id":{},"timestamp":"2023-10-06T17:35:56.123456Z"}}]}}"#,
                if rng.below(2) == 0 { "buy" } else { "sell" },
                dec(300_000 + rng.below(10) as i64, 1),
                1_000_000 + i
            ));
            continue;
        }
        let (mut bc, mut ac) = (Vec::new(), Vec::new());
        for _ in 0..1 + rng.below(3) {
            let (bid, p, amt) = m.change(&mut rng, 1);
            (if bid { &mut bc } else { &mut ac }).push((p, amt));
        }
        // Kraken truncates to the depth and sends the levels that come into scope: here the
        // model simply keeps ≤ 10 and refills from below with levels it then sends.
        for (side, out, bid) in [(&mut m.bids, &mut bc, true), (&mut m.asks, &mut ac, false)] {
            while side.len() > 10 {
                let worst = if bid { *side.keys().next().unwrap() } else { *side.keys().next_back().unwrap() };
                side.remove(&worst);
            }
            while side.len() < 10 {
                let worst = if bid { *side.keys().next().unwrap() } else { *side.keys().next_back().unwrap() };
                let p = if bid { worst - 1 } else { worst + 1 };
                let amt = 1 + rng.below(300_000_000) as i64;
                side.insert(p, amt);
                out.push((p, amt));
            }
        }
        let (b, a) = m.top(10);
        lines.push(format!(
            r#"{{"channel":"book","type":"update","data":[{{"symbol":"BTC/USD","bids":[{}],"asks":[{}],"checksum":{},"timestamp":"2023-10-06T17:35:56.000000Z"}}]}}"#,
            obj(&bc),
            obj(&ac),
            checksum_levels(a.iter().copied(), b.iter().copied())
        ));
    }
    Stream { snapshot: vec![ack.to_string(), snapshot], lines }
}

fn coinbase_stream(n: usize) -> Stream {
    let mut rng = Rng(17);
    let mut m = Model::seeded(&mut rng, 3_000_000, 500, 1);
    let lv = |v: &mut dyn Iterator<Item = (i64, i64)>| {
        v.map(|(p, a)| format!("[\"{}\",\"{}\"]", dec(p, 2), dec(a, 8))).collect::<Vec<_>>().join(",")
    };
    let snapshot = format!(
        r#"{{"type":"snapshot","product_id":"BTC-USD","asks":[{}],"bids":[{}]}}"#,
        lv(&mut m.asks.iter().map(|(&p, &a)| (p, a))),
        lv(&mut m.bids.iter().rev().map(|(&p, &a)| (p, a)))
    );
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 9 {
            lines.push(format!(
                r#"{{"type":"match","trade_id":{},"maker_order_id":"27fff20b-af29-4f45-8744-56dd1ef57dc0","taker_order_id":"1da6ce16-c8da-4732-9f71-6049f4c6aaf8","side":"{}","size":"0.04","price":"{}","product_id":"BTC-USD","sequence":{},"time":"2021-04-17T16:43:30.244075Z"}}"#,
                1_000_000 + i,
                if rng.below(2) == 0 { "buy" } else { "sell" },
                dec(3_000_000 + rng.below(100) as i64, 2),
                i
            ));
            continue;
        }
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (bid, p, amt) = m.change(&mut rng, 1);
            changes.push(format!("[\"{}\",\"{}\",\"{}\"]", if bid { "buy" } else { "sell" }, dec(p, 2), dec(amt, 8)));
        }
        lines.push(format!(
            r#"{{"type":"l2update","product_id":"BTC-USD","changes":[{}],"time":"2021-04-17T16:43:37.075687Z"}}"#,
            changes.join(",")
        ));
    }
    Stream { snapshot: vec![snapshot], lines }
}

// ---- the baseline ----

#[derive(Clone, Default)]
struct Baseline {
    bids: BTreeMap<Decimal, Decimal>,
    asks: BTreeMap<Decimal, Decimal>,
    snapshot_micros: u64,
    trades: VecDeque<(u64, Decimal, Decimal)>,
    checksum_ok: bool,
}

fn d(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => Decimal::from_str_exact(s).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

impl Baseline {
    fn set(&mut self, bid: bool, p: Decimal, a: Decimal) {
        let side = if bid { &mut self.bids } else { &mut self.asks };
        if a.is_zero() {
            side.remove(&p);
        } else {
            side.insert(p, a);
        }
    }

    fn trade(&mut self, id: u64, p: Decimal, a: Decimal) {
        if !self.trades.iter().any(|t| t.0 == id) {
            self.trades.push_back((id, p, a));
            if self.trades.len() > 1000 {
                self.trades.pop_front();
            }
        }
    }

    fn pairs(&mut self, v: &Value, bid: bool) {
        for l in v.as_array().into_iter().flatten() {
            if let (Some(p), Some(a)) = (l.get(0).and_then(d), l.get(1).and_then(d)) {
                self.set(bid, p, a);
            }
        }
    }

    fn bitstamp(&mut self, line: &str) {
        let v: Value = serde_json::from_str(line).unwrap();
        let data = if v.get("event").is_some() { &v["data"] } else { &v };
        let micros: u64 = data["microtimestamp"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
        match v["channel"].as_str().unwrap_or("") {
            "live_trades_btcusd" => {
                let (p, a) = (d(&data["price_str"]).unwrap(), d(&data["amount_str"]).unwrap());
                self.trade(data["id"].as_u64().unwrap(), p, a);
            }
            "diff_order_book_btcusd" if micros > self.snapshot_micros => {
                self.pairs(&data["bids"], true);
                self.pairs(&data["asks"], false);
            }
            "" => {
                self.bids.clear();
                self.asks.clear();
                self.snapshot_micros = micros;
                self.pairs(&data["bids"], true);
                self.pairs(&data["asks"], false);
            }
            _ => {}
        }
    }

    fn kraken(&mut self, line: &str) {
        let v: Value = serde_json::from_str(line).unwrap();
        let item = &v["data"][0];
        match (v["channel"].as_str(), v["type"].as_str()) {
            (Some("trade"), _) => {
                let (p, a) = (d(&item["price"]).unwrap(), d(&item["qty"]).unwrap());
                self.trade(item["trade_id"].as_u64().unwrap(), p, a);
            }
            (Some("book"), Some(kind)) => {
                if kind == "snapshot" {
                    self.bids.clear();
                    self.asks.clear();
                }
                for (key, bid) in [("bids", true), ("asks", false)] {
                    for l in item[key].as_array().into_iter().flatten() {
                        self.set(bid, d(&l["price"]).unwrap(), d(&l["qty"]).unwrap());
                    }
                }
                while self.bids.len() > 10 {
                    let k = *self.bids.keys().next().unwrap();
                    self.bids.remove(&k);
                }
                while self.asks.len() > 10 {
                    let k = *self.asks.keys().next_back().unwrap();
                    self.asks.remove(&k);
                }
                let mut s = String::with_capacity(400);
                let mut put = |x: &Decimal, scale: u32| {
                    let mut x = *x;
                    x.rescale(scale);
                    s.push_str(x.to_string().replace('.', "").trim_start_matches('0'));
                };
                for (p, a) in self.asks.iter().take(10).chain(self.bids.iter().rev().take(10)) {
                    put(p, 1);
                    put(a, 8);
                }
                self.checksum_ok = item["checksum"].as_u64() == Some(Crc32::of(s.as_bytes()) as u64);
            }
            _ => {}
        }
    }

    fn coinbase(&mut self, line: &str) {
        let v: Value = serde_json::from_str(line).unwrap();
        match v["type"].as_str() {
            Some("l2update") => {
                for c in v["changes"].as_array().into_iter().flatten() {
                    self.set(c[0] == "buy", d(&c[1]).unwrap(), d(&c[2]).unwrap());
                }
            }
            Some("match") => {
                let (p, a) = (d(&v["price"]).unwrap(), d(&v["size"]).unwrap());
                self.trade(v["trade_id"].as_u64().unwrap(), p, a);
            }
            Some("snapshot") => {
                self.bids.clear();
                self.asks.clear();
                self.pairs(&v["bids"], true);
                self.pairs(&v["asks"], false);
            }
            _ => {}
        }
    }
}

struct Cursor<S: Clone> {
    fresh: S,
    state: S,
    pos: usize,
}

impl<S: Clone> Cursor<S> {
    fn run(&mut self, lines: &[String], iters: u64, mut step: impl FnMut(&mut S, &str)) -> Duration {
        let (mut total, mut left) = (Duration::ZERO, iters as usize);
        while left > 0 {
            let n = left.min(lines.len() - self.pos);
            let start = Instant::now();
            for l in &lines[self.pos..self.pos + n] {
                step(&mut self.state, l);
            }
            total += start.elapsed();
            self.pos += n;
            left -= n;
            if self.pos == lines.len() {
                self.pos = 0;
                self.state = self.fresh.clone();
            }
        }
        total
    }
}

fn venues(c: &mut Criterion) {
    let n = sized(LINES);
    let cases: [(Venue, &str, Stream, Step, u32); 3] = [
        (Venue::Bitstamp, "bitstamp", bitstamp_stream(n), Baseline::bitstamp, 2),
        (Venue::Kraken, "kraken", kraken_stream(n), Baseline::kraken, 1),
        (Venue::Coinbase, "coinbase", coinbase_stream(n), Baseline::coinbase, 2),
    ];
    for (venue, name, stream, base_step, pd) in cases {
        let mut market = VenueMarket::new(venue, Pair::BTC_USD);
        let mut base = Baseline::default();
        for s in &stream.snapshot {
            market.ingest(s).expect("snapshot applies");
            base_step(&mut base, s);
        }
        // Untimed check: both end the stream with the same book; Kraken's checksums all match.
        let (mut m2, mut b2) = (market.clone(), base.clone());
        for l in &stream.lines {
            let c = m2.ingest(l).expect("line applies");
            assert!(c.mismatch.is_none(), "{name}: checksum mismatch");
            base_step(&mut b2, l);
        }
        assert!(m2.synced(), "{name}: not synced at the end");
        for (side, map) in [(Side::Bid, &b2.bids), (Side::Ask, &b2.asks)] {
            let core: Vec<(Decimal, Decimal)> =
                m2.book().levels(side).map(|l| (Decimal::new(l.price, pd), Decimal::new(l.amount, 8))).collect();
            let mut base: Vec<(Decimal, Decimal)> = map.iter().map(|(p, a)| (p.normalize(), a.normalize())).collect();
            if side == Side::Bid {
                base.reverse();
            }
            let core: Vec<(Decimal, Decimal)> = core.into_iter().map(|(p, a)| (p.normalize(), a.normalize())).collect();
            assert_eq!(core, base, "{name}: core and baseline books differ");
        }
        if venue == Venue::Kraken {
            assert!(b2.checksum_ok, "kraken: the baseline's checksum does not match");
        }
        let bytes = stream.lines.iter().map(String::len).sum::<usize>() as f64 / stream.lines.len() as f64;
        eprintln!("{name}: {} lines, {bytes:.0} bytes/line", stream.lines.len());

        if let Some(passes) = std::env::var("GOXBOOK_VENUE_AB").ok().and_then(|v| v.parse::<usize>().ok()) {
            interleaved(name, passes, &stream.lines, &market, &base, base_step);
            continue;
        }
        let mut g = c.benchmark_group(format!("venue/{name}"));
        g.throughput(Throughput::Elements(1));
        let lines = &stream.lines;
        let mut cur = Cursor { fresh: market.clone(), state: market.clone(), pos: 0 };
        g.bench_function("goxbook decode+apply", |b| {
            b.iter_custom(|iters| {
                cur.run(lines, iters, |m, l| {
                    black_box(m.ingest(l).ok());
                })
            })
        });
        let mut cur = Cursor { fresh: base.clone(), state: base.clone(), pos: 0 };
        g.bench_function("baseline decode+apply", |b| {
            b.iter_custom(|iters| cur.run(lines, iters, |s, l| base_step(black_box(s), l)))
        });
        g.finish();
    }
}

/// `GOXBOOK_VENUE_AB=N`: instead of criterion, N passes over the whole stream alternating
/// goxbook and the baseline (each from the snapshot state, cloned untimed), so that both meet
/// the same machine load; prints each side's median and best rate and the median of the
/// per-pass ratios. On a shared machine this is the figure to trust.
fn interleaved(
    name: &str,
    passes: usize,
    lines: &[String],
    market: &VenueMarket,
    base: &Baseline,
    step: fn(&mut Baseline, &str),
) {
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..passes {
        let mut m = market.clone();
        let t = Instant::now();
        for l in lines {
            black_box(m.ingest(l).ok());
        }
        let a = lines.len() as f64 / t.elapsed().as_secs_f64();
        let mut b = base.clone();
        let t = Instant::now();
        for l in lines {
            step(black_box(&mut b), l);
        }
        let z = lines.len() as f64 / t.elapsed().as_secs_f64();
        ours.push(a);
        theirs.push(z);
        ratios.push(a / z);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (bo, bt) = (best(&ours), best(&theirs));
    let (lo, hi) = (ratios.iter().copied().fold(f64::MAX, f64::min), best(&ratios));
    println!(
        "{name}: goxbook median {:.0} k/s (best {:.0} k/s), baseline median {:.0} k/s (best {:.0} k/s), ratio median {:.2}x (per-pass {lo:.2}-{hi:.2}, best/best {:.2}x), {passes} passes",
        med(&mut ours) / 1e3,
        bo / 1e3,
        med(&mut theirs) / 1e3,
        bt / 1e3,
        med(&mut ratios),
        bo / bt
    );
}

criterion_group!(benches, venues);
criterion_main!(benches);
