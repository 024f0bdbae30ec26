//! Replay: plays a capture (the JSON lines `goxbook book` reads, each optionally with
//! `"_t": <ms>`) at its recorded pace × speed. Stream frames are published; HTTP bodies
//! (the snapshots a recording starts with) only reset the served book. With --loop each
//! pass shifts every µs time (`now`, `stamp`, `tid`) past the previous pass, so that clients'
//! books never take a new pass for stale data.

use goxbook_core::wire::{decode_annotated, HttpBody, Num, Payload, PrivateMessage};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

use goxbook_core::Side;
use std::collections::HashMap;

use crate::channels::{Channel, CurrencySpec, Frame};
use crate::encode;
use crate::session::resolve_channel;
use crate::shared::Shared;
use crate::tracker::Tracker;

/// A capture in memory.
pub struct Capture {
    lines: Vec<String>,
    /// The currencies its payloads name, in order of appearance.
    pub currencies: Vec<String>,
    /// The span of its µs times, for shifting looped passes.
    span_us: i64,
}

impl Capture {
    pub fn load(path: &Path) -> Result<Capture, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Capture::parse(&text)
    }

    /// Keeps the lines that decode; fails if none does.
    pub fn parse(text: &str) -> Result<Capture, String> {
        let mut lines = Vec::new();
        let mut currencies: Vec<String> = Vec::new();
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let d = match decode_annotated(line) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("replay: line {} skipped: {e}", n + 1);
                    continue;
                }
            };
            let mut note = |c: Option<&str>| {
                if let Some(c) = c.map(str::to_ascii_uppercase) {
                    if c.len() == 3 && !currencies.contains(&c) {
                        currencies.push(c);
                    }
                }
            };
            note(d.currency_hint.as_deref());
            let mut times = Vec::new();
            match &d.payload {
                Payload::Private(p) => {
                    times.extend(p.stamp.iter().cloned());
                    note(p.channel_name.as_deref().and_then(|n| n.split_once(".BTC")).map(|x| x.1));
                    match &p.message {
                        PrivateMessage::Depth(m) => {
                            note(m.currency.as_deref());
                            times.extend(m.now.iter().cloned());
                        }
                        PrivateMessage::Ticker(t) => {
                            note(t.currency());
                            times.extend(t.now.iter().cloned());
                        }
                        PrivateMessage::Trade(t) => {
                            note(t.price_currency.as_deref());
                            times.extend(t.tid.iter().cloned());
                        }
                        _ => {}
                    }
                }
                Payload::Http { body: HttpBody::Depth(s), .. } => {
                    note(s.currency.as_deref());
                    times.extend(s.asks.iter().chain(&s.bids).filter_map(|e| e.stamp.clone()));
                }
                _ => {}
            }
            for t in times {
                if let Ok(v) = t.int_value("time") {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
            lines.push(line.to_string());
        }
        if lines.is_empty() {
            return Err("the capture holds no payload".into());
        }
        let span_us = if hi >= lo { hi - lo } else { 0 };
        Ok(Capture { lines, currencies, span_us })
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn shift(n: &mut Option<Num<'_>>, by: i64) {
    if by == 0 {
        return;
    }
    if let Some(v) = n.as_ref().and_then(|x| x.int_value("time").ok()) {
        *n = Some(Num::int(v + by));
    }
}

/// One line of a pass: a frame to publish, or a body (with its currency) for the tracker.
enum Item {
    Stream(Frame),
    Body(String, Option<String>),
}

fn prepare(shared: &Shared, line: &str, by: i64) -> Option<(Option<i64>, Item)> {
    let specs = shared.tracker.lock().unwrap_or_else(|e| e.into_inner()).specs().to_vec();
    prepare_with(&specs, line, by)
}

fn prepare_with(specs: &[CurrencySpec], line: &str, by: i64) -> Option<(Option<i64>, Item)> {
    let mut d = decode_annotated(line).ok()?;
    let ms = d.capture_ms.as_ref().and_then(|n| n.int_value("_t").ok());
    let hint = d.currency_hint.as_ref().map(|c| c.to_string());
    match &mut d.payload {
        Payload::Private(p) => {
            shift(&mut p.stamp, by);
            let currency = match &mut p.message {
                PrivateMessage::Depth(m) => {
                    shift(&mut m.now, by);
                    m.currency.as_ref().map(|c| c.to_string())
                }
                PrivateMessage::Ticker(t) => {
                    shift(&mut t.now, by);
                    t.currency().map(str::to_string)
                }
                PrivateMessage::Trade(t) => {
                    shift(&mut t.tid, by);
                    if by != 0 {
                        if let Some(tid) = t.tid.as_ref().and_then(|n| n.int_value("tid").ok()) {
                            t.date = Some(Num::number((tid / 1_000_000).to_string()));
                        }
                    }
                    None
                }
                PrivateMessage::Lag(l) => {
                    shift(&mut l.stamp, by);
                    None
                }
                _ => return None,
            };
            let channel = match p.message {
                PrivateMessage::Trade(_) => Channel::Trade,
                PrivateMessage::Lag(_) => Channel::Lag,
                _ => {
                    let kind = p.message.kind();
                    let by_name = p.channel_name.as_deref().and_then(|n| resolve_channel(specs, n));
                    let by_currency = currency.and_then(|c| resolve_channel(specs, &format!("{kind}.BTC{c}")));
                    let by_uuid = p.channel.as_deref().and_then(|n| resolve_channel(specs, n));
                    by_currency.or(by_name).or(by_uuid)?
                }
            };
            let text = serde_json::to_string(&d.payload).ok()?;
            Some((ms, Item::Stream(Frame { channel, text })))
        }
        Payload::Http { body, .. } => {
            match body {
                HttpBody::Depth(s) => {
                    shift(&mut s.now, by);
                    for e in s.asks.iter_mut().chain(s.bids.iter_mut()) {
                        shift(&mut e.stamp, by);
                    }
                }
                HttpBody::Trades(v) => {
                    for t in v {
                        shift(&mut t.tid, by);
                    }
                }
                HttpBody::Ticker(t) => shift(&mut t.now, by),
                _ => {}
            }
            Some((ms, Item::Body(serde_json::to_string(&d.payload).ok()?, hint)))
        }
        _ => None,
    }
}

/// Applies the snapshots a capture starts with, so the HTTP API serves its book from the
/// first request on; returns how many lines that took.
pub(crate) fn apply_lead(shared: &Shared, capture: &Capture) -> usize {
    let mut n = 0;
    for line in &capture.lines {
        match prepare(shared, line, 0) {
            Some((_, Item::Body(text, hint))) => {
                let mut t = shared.tracker.lock().unwrap_or_else(|e| e.into_inner());
                let _ = t.ingest(&text, hint.as_deref());
            }
            Some((_, Item::Stream(_))) => break,
            None => {}
        }
        n += 1;
    }
    n
}

type Levels = HashMap<(usize, Side, i64), i64>;

fn book_levels(t: &Tracker) -> Levels {
    let mut m = HashMap::new();
    for (i, spec) in t.specs().iter().enumerate() {
        if let Some(state) = t.market().get(spec.currency) {
            for side in [Side::Bid, Side::Ask] {
                for l in state.book.levels(side) {
                    m.insert((i, side, l.price), l.amount);
                }
            }
        }
    }
    m
}

/// Starts a new pass: applies its (shifted) leading snapshots to the served book and
/// publishes, as depth messages with `total_volume_int`, every level that changed, so that
/// clients connected across the loop keep the same book as the HTTP API.
fn reset_with_heal(shared: &Shared, lead: &[String], by: i64) {
    let mut frames = heal(&mut shared.tracker.lock().unwrap_or_else(|e| e.into_inner()), lead, by);
    shared.publish(&mut frames);
}

/// Applies the lead snapshots to `t` and returns the heal frames. Each is stamped with its
/// own currency's snapshot time: a later time (another currency's snapshot, fetched after)
/// would make the frames recorded between the two snapshots stale for that level.
fn heal(t: &mut Tracker, lead: &[String], by: i64) -> Vec<Frame> {
    let before = book_levels(t);
    for line in lead {
        if let Some((_, Item::Body(text, hint))) = prepare_with(t.specs(), line, by) {
            let _ = t.ingest(&text, hint.as_deref());
        }
    }
    let after = book_levels(t);
    let mut keys: Vec<&(usize, Side, i64)> = before.keys().chain(after.keys()).collect();
    keys.sort_by_key(|k| (k.0, k.1 == Side::Ask, k.2));
    keys.dedup();
    let mut frames = Vec::new();
    for &(i, side, price) in keys {
        let (old, new) =
            (before.get(&(i, side, price)).copied().unwrap_or(0), after.get(&(i, side, price)).copied().unwrap_or(0));
        if old != new {
            let spec = &t.specs()[i];
            let now = t.market().get(spec.currency).map_or(0, |s| s.book.clock());
            let d = encode::depth(spec, side, price, new - old, new, now);
            frames.push(Frame { channel: Channel::Depth(i), text: encode::depth_frame(spec, d, now) });
        }
    }
    frames
}

/// Plays the capture (the first pass from line `skip` on, after [`apply_lead`]); marks the
/// server finished at the end of a single pass.
pub(crate) async fn run(
    shared: Arc<Shared>,
    capture: Capture,
    skip: usize,
    speed: f64,
    looping: bool,
    mut shutdown: watch::Receiver<bool>,
) {
    let speed = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    let mut pass = 0i64;
    loop {
        let by = pass * (capture.span_us + 1_000_000);
        let mut start = Instant::now();
        let mut frames = Vec::new();
        if pass > 0 {
            reset_with_heal(&shared, &capture.lines[..skip], by);
        }
        for line in &capture.lines[skip..] {
            while shared.paused.load(Ordering::SeqCst) {
                shared.publish(&mut frames);
                tokio::time::sleep(Duration::from_millis(20)).await;
                start += Duration::from_millis(20);
                if *shutdown.borrow() {
                    return;
                }
            }
            let Some((ms, item)) = prepare(&shared, line, by) else { continue };
            if let Some(ms) = ms {
                let at = start + Duration::from_secs_f64(ms.max(0) as f64 / 1000.0 / speed);
                if at > Instant::now() {
                    shared.publish(&mut frames);
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        _ = tokio::time::sleep_until(at) => {}
                    }
                }
            }
            match item {
                Item::Stream(f) => {
                    frames.push(f);
                    if frames.len() >= 1024 {
                        shared.publish(&mut frames);
                    }
                }
                Item::Body(text, hint) => {
                    shared.publish(&mut frames);
                    let mut t = shared.tracker.lock().unwrap_or_else(|e| e.into_inner());
                    let _ = t.ingest(&text, hint.as_deref());
                }
            }
        }
        shared.publish(&mut frames);
        if !looping {
            shared.finished.store(true, Ordering::SeqCst);
            let _ = shutdown.changed().await;
            return;
        }
        pass += 1;
        tokio::task::yield_now().await;
    }
}

#[cfg(test)]
mod tests;
