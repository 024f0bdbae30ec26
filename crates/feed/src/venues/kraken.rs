//! Kraken: the Spot WebSocket API v2 (KR-V2, https://docs.kraken.com/api/docs/websocket-v2/;
//! book maintenance and checksum: KR-CK, https://docs.kraken.com/api/docs/guides/spot-ws-book-v2),
//! as VENUES.md §2 quotes it. `status` first, `heartbeat` about once a second when nothing
//! else went out (once subscribed to anything), one acknowledgement per symbol, `book`
//! snapshot/update with levels as bare JSON numbers at the pair's precision (price 1 decimal,
//! qty 8) and the CRC-32 of the top 10 after the message (the core's
//! `venue::kraken::checksum_levels`), `trade` with the taker's side, `ticker`.
//!
//! Each client's book is kept to the depth it subscribed: an update carries the levels in
//! scope that changed, a removal in scope as `qty` 0 and the level that comes into scope
//! behind it; a level pushed out of scope by a better one is not sent (KR-CK: the client
//! truncates). So every client gets its own updates, computed from the venue's book after
//! each event against the book this client was last sent.

use goxbook_core::venue::kraken::checksum_levels;
use goxbook_core::Side;
use std::collections::BTreeMap;

use super::feed::{EventKind, VenueEvent, VenueShared};
use super::market::{Change, Fill, TickerFigures};
use super::session::{Out, Protocol};
use super::text::{fixed, rfc3339, string};
use super::{pair_index, Venue, PAIRS};
use crate::rng::Rng;

/// Decimals of prices: the core's scale for Kraken's BTC pairs.
fn price() -> u32 {
    super::scales(Venue::Kraken).price
}

/// Decimals of BTC amounts: the core's scale.
fn amount() -> u32 {
    super::scales(Venue::Kraken).amount
}

/// The depths a book subscription may ask for (KR-V2 `book`), and the default.
pub const DEPTHS: [usize; 5] = [10, 25, 100, 500, 1000];
pub const DEFAULT_DEPTH: usize = 10;

/// One subscribed book: its depth, the levels this client was sent (best first), and the
/// venue time of its snapshot (earlier events are already in it).
struct BookSub {
    depth: usize,
    bids: Vec<(i64, i64)>,
    asks: Vec<(i64, i64)>,
    since: i64,
}

/// A ticker subscription: since when, whether it follows best bid/offer changes (else
/// trades), and the best bid/offer last sent.
#[derive(Clone, Copy)]
struct TickerSub {
    since: i64,
    bbo: bool,
    last: [i64; 4],
}

/// Levels as (price, qty), best first.
type Levels = Vec<(i64, i64)>;

/// A Kraken websocket client's subscriptions.
pub struct Kraken {
    books: [Option<BookSub>; 2],
    /// Per pair: subscribed since this venue time.
    trades: [Option<i64>; 2],
    tickers: [Option<TickerSub>; 2],
    /// Subscribed to `instrument` (reference data: a snapshot, then nothing changes).
    instrument: bool,
    rng: Rng,
    /// Probability that a book message carries a wrong checksum (the `checksum` fault).
    bad_checksum: f64,
    connection_id: u64,
}

fn level_list(levels: &[(i64, i64)]) -> String {
    let items: Vec<String> = levels
        .iter()
        .map(|&(p, q)| format!("{{\"price\":{},\"qty\":{}}}", fixed(p, price()), fixed(q, amount())))
        .collect();
    format!("[{}]", items.join(","))
}

fn book_frame(kind: &str, pair: usize, bids: &[(i64, i64)], asks: &[(i64, i64)], checksum: u32, time: i64) -> String {
    format!(
        "{{\"channel\":\"book\",\"type\":\"{kind}\",\"data\":[{{\"symbol\":\"{}\",\"bids\":{},\"asks\":{},\"checksum\":{checksum},\"timestamp\":\"{}\"}}]}}",
        PAIRS[pair].venue_name(Venue::Kraken),
        level_list(bids),
        level_list(asks),
        rfc3339(time)
    )
}

fn trade_item(pair: usize, f: &Fill) -> String {
    format!(
        "{{\"symbol\":\"{}\",\"side\":\"{}\",\"price\":{},\"qty\":{},\"ord_type\":\"{}\",\"trade_id\":{},\"timestamp\":\"{}\"}}",
        PAIRS[pair].venue_name(Venue::Kraken),
        if f.taker == Side::Bid { "buy" } else { "sell" },
        fixed(f.price, price()),
        fixed(f.amount, amount()),
        if f.market { "market" } else { "limit" },
        f.trade_id,
        rfc3339(f.time)
    )
}

fn trade_frame(kind: &str, pair: usize, fills: &[&Fill]) -> String {
    let items: Vec<String> = fills.iter().map(|f| trade_item(pair, f)).collect();
    format!("{{\"channel\":\"trade\",\"type\":\"{kind}\",\"data\":[{}]}}", items.join(","))
}

/// A `ticker` message. `change` is last − the first trade of the 24 h window, `change_pct`
/// that in percent to 2 decimals (rounded half away from zero); a figure not known yet
/// (no trade in the window) is 0.
pub fn ticker_frame(kind: &str, pair: usize, t: &TickerFigures) -> String {
    let p = |v: Option<i64>| fixed(v.unwrap_or(0), price());
    let last = t.last.as_ref().map(|f| f.price);
    let (change, pct) = match (last, t.open) {
        (Some(l), Some(o)) if o > 0 => {
            let x = (l - o) as i128 * 10_000;
            let q = ((x.abs() + o as i128 / 2) / o as i128) as i64;
            (l - o, if x < 0 { -q } else { q })
        }
        _ => (0, 0),
    };
    format!(
        "{{\"channel\":\"ticker\",\"type\":\"{kind}\",\"data\":[{{\"symbol\":\"{}\",\"bid\":{},\"bid_qty\":{},\"ask\":{},\"ask_qty\":{},\"last\":{},\"volume\":{},\"vwap\":{},\"low\":{},\"high\":{},\"change\":{},\"change_pct\":{},\"timestamp\":\"{}\"}}]}}",
        PAIRS[pair].venue_name(Venue::Kraken),
        p(t.bid.map(|b| b.0)),
        fixed(t.bid.map_or(0, |b| b.1), amount()),
        p(t.ask.map(|a| a.0)),
        fixed(t.ask.map_or(0, |a| a.1), amount()),
        p(last),
        fixed(t.volume, amount()),
        p(t.vwap),
        p(t.low),
        p(t.high),
        fixed(change, price()),
        fixed(pct, 2),
        rfc3339(t.time)
    )
}

/// The `instrument` snapshot: the pairs served with their precisions (KR-V2 `instrument`,
/// as VENUES.md §2 quotes it: BTC/USD and BTC/EUR, price 1 decimal, qty 8, `qty_increment`
/// written `1e-08` as in the docs) and their assets. Fields are those the docs' examples
/// show; the simulator publishes no others.
pub fn instrument_frame() -> String {
    let assets: Vec<String> = ["BTC", "EUR", "USD"]
        .iter()
        .map(|a| {
            let (precision, display) = if *a == "BTC" { (10, 5) } else { (4, 2) };
            format!(
                "{{\"id\":\"{a}\",\"status\":\"enabled\",\"precision\":{precision},\"precision_display\":{display}}}"
            )
        })
        .collect();
    let pairs: Vec<String> = PAIRS
        .iter()
        .map(|q| {
            format!(
                "{{\"symbol\":\"{}\",\"base\":\"BTC\",\"quote\":\"{}\",\"status\":\"online\",\"qty_precision\":{},\"qty_increment\":1e-08,\"price_precision\":{},\"cost_precision\":5,\"tick_size\":0.1,\"price_increment\":0.1,\"qty_min\":0.0001}}",
                q.venue_name(Venue::Kraken),
                q.quote,
                amount(),
                price()
            )
        })
        .collect();
    format!(
        "{{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{{\"assets\":[{}],\"pairs\":[{}]}}}}",
        assets.join(","),
        pairs.join(",")
    )
}

/// One side's new view and the levels to send: `old` and `top` best first, `changes` the
/// event's changes of this side. Levels in `top` are the venue's book; levels of `old` not in
/// `top` keep their (changed) totals, so a short `top` never loses what the client holds.
fn diff_side(side: Side, old: &[(i64, i64)], top: &[(i64, i64)], changes: &[Change], depth: usize) -> (Levels, Levels) {
    let mut book: BTreeMap<i64, i64> = old.iter().copied().collect();
    for c in changes.iter().filter(|c| c.side == side) {
        if c.total == 0 {
            book.remove(&c.price);
        } else {
            book.insert(c.price, c.total);
        }
    }
    book.extend(top.iter().copied());
    let view: Vec<(i64, i64)> = match side {
        Side::Bid => book.iter().rev().take(depth).map(|(&p, &q)| (p, q)).collect(),
        Side::Ask => book.iter().take(depth).map(|(&p, &q)| (p, q)).collect(),
    };
    let mut send: Vec<(i64, i64)> = old.iter().filter(|(p, _)| !book.contains_key(p)).map(|&(p, _)| (p, 0)).collect();
    send.extend(view.iter().filter(|l| !old.contains(l)).copied());
    (view, send)
}

impl Kraken {
    pub fn new(seed: u64, bad_checksum: f64) -> Kraken {
        let mut rng = Rng::new(seed);
        // Kraken's connection ids exceed 2^53 (VENUES.md §2): keep the top bit set.
        let connection_id = rng.next_u64() | (1 << 63);
        Kraken {
            books: [None, None],
            trades: [None, None],
            tickers: [None, None],
            instrument: false,
            rng,
            bad_checksum,
            connection_id,
        }
    }

    fn checksum(&mut self, bids: &[(i64, i64)], asks: &[(i64, i64)]) -> u32 {
        let crc = checksum_levels(asks.iter().copied(), bids.iter().copied());
        if self.rng.chance(self.bad_checksum) {
            crc ^ ((self.rng.next_u64() as u32) | 1)
        } else {
            crc
        }
    }

    fn subscribed(&self) -> bool {
        self.instrument
            || self.books.iter().any(Option::is_some)
            || self.trades.iter().any(Option::is_some)
            || self.tickers.iter().any(Option::is_some)
    }

    /// Subscribes or unsubscribes one symbol; the acknowledgement, then any snapshot.
    #[allow(clippy::too_many_arguments)]
    fn one(
        &mut self,
        sub: bool,
        channel: &str,
        symbol: &str,
        depth: usize,
        snapshot: bool,
        bbo: bool,
        venue: &VenueShared,
        ack: impl Fn(String) -> String,
        out: &mut Vec<Out>,
    ) {
        let Some(pair) = pair_index(Venue::Kraken, symbol) else {
            let e = string(&format!("Currency pair not supported {symbol}"));
            out.push(Out::Reply(ack(format!("\"error\":{e},\"success\":false,\"symbol\":{}", string(symbol)))));
            return;
        };
        // KR-V2's acknowledgement `result`: channel, (book) depth, snapshot, symbol.
        let result = match channel {
            "book" => format!("\"channel\":\"book\",\"depth\":{depth},\"snapshot\":{snapshot},\"symbol\":\"{symbol}\""),
            _ => format!("\"channel\":\"{channel}\",\"snapshot\":{snapshot},\"symbol\":\"{symbol}\""),
        };
        if !sub {
            match channel {
                "book" => self.books[pair] = None,
                "trade" => self.trades[pair] = None,
                _ => self.tickers[pair] = None,
            }
            out.push(Out::Reply(ack(format!("\"result\":{{{result}}},\"success\":true"))));
            return;
        }
        if channel == "book" {
            venue.want_depth(depth);
        }
        let mut st = venue.lock();
        let since = st.clock;
        out.push(Out::Reply(ack(format!("\"result\":{{{result}}},\"success\":true"))));
        match channel {
            "book" => {
                let top = st.markets[pair].top(depth);
                drop(st);
                if snapshot {
                    let crc = self.checksum(&top.bids, &top.asks);
                    out.push(Out::Data(book_frame("snapshot", pair, &top.bids, &top.asks, crc, since)));
                }
                self.books[pair] = Some(BookSub { depth, bids: top.bids, asks: top.asks, since });
            }
            "trade" => {
                if snapshot {
                    let recent: Vec<&Fill> = st.markets[pair].recent().collect();
                    out.push(Out::Data(trade_frame("snapshot", pair, &recent)));
                }
                self.trades[pair] = Some(since);
            }
            _ => {
                let t = st.markets[pair].ticker(since);
                if snapshot {
                    out.push(Out::Data(ticker_frame("snapshot", pair, &t)));
                }
                self.tickers[pair] = Some(TickerSub { since, bbo, last: bbo_of(&t) });
            }
        }
    }
}

fn bbo_of(t: &TickerFigures) -> [i64; 4] {
    let (b, a) = (t.bid.unwrap_or((0, 0)), t.ask.unwrap_or((0, 0)));
    [b.0, b.1, a.0, a.1]
}

impl Protocol for Kraken {
    fn open(&mut self, _venue: &VenueShared, out: &mut Vec<Out>) {
        out.push(Out::Reply(format!(
            "{{\"channel\":\"status\",\"data\":[{{\"api_version\":\"v2\",\"connection_id\":{},\"system\":\"online\",\"version\":\"2.0.0\"}}],\"type\":\"update\"}}",
            self.connection_id
        )));
    }

    fn request(&mut self, text: &str, venue: &VenueShared, out: &mut Vec<Out>) {
        let time_in = rfc3339(super::feed::now_us());
        let v = serde_json::from_str::<serde_json::Value>(text).ok();
        let method = v.as_ref().and_then(|v| v.get("method")).and_then(|m| m.as_str()).map(str::to_string);
        let req_id = v.as_ref().and_then(|v| v.get("req_id")).and_then(|r| r.as_u64());
        // Every answer: method, its own fields, the request's req_id, then the times.
        let ack = |method: &str, body: String| {
            let mut parts = Vec::new();
            if !method.is_empty() {
                parts.push(format!("\"method\":{}", string(method)));
            }
            if !body.is_empty() {
                parts.push(body);
            }
            if let Some(r) = req_id {
                parts.push(format!("\"req_id\":{r}"));
            }
            parts.push(format!("\"time_in\":\"{time_in}\",\"time_out\":\"{}\"", rfc3339(super::feed::now_us())));
            format!("{{{}}}", parts.join(","))
        };
        // Error texts are not all documented; these name what was wrong.
        let fail = |method: &str, e: &str| ack(method, format!("\"error\":{},\"success\":false", string(e)));
        let (Some(v), Some(method)) = (v.as_ref(), method) else {
            out.push(Out::Reply(fail("", "Malformed request: expected a JSON object with a method")));
            return;
        };
        match method.as_str() {
            "ping" => out.push(Out::Reply(ack("pong", String::new()))),
            m @ ("subscribe" | "unsubscribe") => {
                let params = v.get("params");
                let channel = params.and_then(|p| p.get("channel")).and_then(|c| c.as_str()).unwrap_or("");
                if channel == "instrument" {
                    let snapshot = params.and_then(|p| p.get("snapshot")).and_then(|s| s.as_bool()).unwrap_or(true);
                    let result =
                        format!("\"result\":{{\"channel\":\"instrument\",\"snapshot\":{snapshot}}},\"success\":true");
                    out.push(Out::Reply(ack(m, result)));
                    self.instrument = m == "subscribe";
                    if self.instrument && snapshot {
                        out.push(Out::Data(instrument_frame()));
                    }
                    return;
                }
                if !["book", "trade", "ticker"].contains(&channel) {
                    out.push(Out::Reply(fail(m, &format!("Channel {channel:?} not supported"))));
                    return;
                }
                let symbols: Vec<String> = match params.and_then(|p| p.get("symbol")).and_then(|s| s.as_array()) {
                    Some(a) if !a.is_empty() && a.iter().all(|s| s.is_string()) => {
                        a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()
                    }
                    _ => {
                        out.push(Out::Reply(fail(m, "symbol: expected a non-empty list of pairs")));
                        return;
                    }
                };
                let depth = match params.and_then(|p| p.get("depth")) {
                    None => DEFAULT_DEPTH,
                    Some(d) => match d.as_u64().map(|d| d as usize).filter(|d| DEPTHS.contains(d)) {
                        Some(d) if channel == "book" => d,
                        _ => {
                            out.push(Out::Reply(fail(m, "depth: expected one of 10, 25, 100, 500, 1000 (book only)")));
                            return;
                        }
                    },
                };
                // KR-V2: book and ticker send a snapshot by default, trade does not.
                let snapshot =
                    params.and_then(|p| p.get("snapshot")).and_then(|s| s.as_bool()).unwrap_or(channel != "trade");
                let bbo = params.and_then(|p| p.get("event_trigger")).and_then(|e| e.as_str()) == Some("bbo");
                for s in &symbols {
                    self.one(m == "subscribe", channel, s, depth, snapshot, bbo, venue, |b| ack(m, b), out);
                }
            }
            other => out.push(Out::Reply(fail(other, &format!("Method {other:?} not supported")))),
        }
    }

    fn event(&mut self, ev: &VenueEvent, out: &mut Vec<Out>) {
        let p = ev.pair;
        match &ev.kind {
            EventKind::Trades { fills, ticker } => {
                if self.trades[p].is_some_and(|since| ev.time > since) {
                    let refs: Vec<&Fill> = fills.iter().collect();
                    out.push(Out::Data(trade_frame("update", p, &refs)));
                }
                if let Some(TickerSub { since, bbo: false, .. }) = self.tickers[p] {
                    if ev.time > since {
                        out.push(Out::Data(ticker_frame("update", p, ticker)));
                    }
                }
            }
            EventKind::Book { changes, top, ticker, .. } => {
                if let Some(b) = self.books[p].take() {
                    if ev.time <= b.since {
                        self.books[p] = Some(b);
                    } else {
                        let (bids, bid_send) = diff_side(Side::Bid, &b.bids, &top.bids, changes, b.depth);
                        let (asks, ask_send) = diff_side(Side::Ask, &b.asks, &top.asks, changes, b.depth);
                        if !bid_send.is_empty() || !ask_send.is_empty() {
                            let crc = self.checksum(&bids, &asks);
                            out.push(Out::Data(book_frame("update", p, &bid_send, &ask_send, crc, ev.time)));
                        }
                        self.books[p] = Some(BookSub { bids, asks, ..b });
                    }
                }
                if let Some(sub @ TickerSub { since, bbo: true, last }) = self.tickers[p] {
                    let now = bbo_of(ticker);
                    if ev.time > since && last != now {
                        out.push(Out::Data(ticker_frame("update", p, ticker)));
                        self.tickers[p] = Some(TickerSub { last: now, ..sub });
                    }
                }
            }
        }
    }

    fn second(&mut self, _venue: &VenueShared, idle: bool, _now: i64, out: &mut Vec<Out>) {
        if idle && self.subscribed() {
            out.push(Out::Data("{\"channel\":\"heartbeat\"}".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_keep_the_clients_depth() {
        let old = [(100, 5), (99, 5), (98, 5)];
        // 100 removed, 97 comes into scope: the removal and the new level are sent.
        let top = [(99, 5), (98, 5), (97, 2), (96, 1)];
        let ch = [Change { side: Side::Bid, price: 100, total: 0 }];
        let (view, send) = diff_side(Side::Bid, &old, &top, &ch, 3);
        assert_eq!(view, vec![(99, 5), (98, 5), (97, 2)]);
        assert_eq!(send, vec![(100, 0), (97, 2)]);
        // 101 inserted: 98 falls out of scope, unsent (the client truncates).
        let top = [(101, 1), (100, 5), (99, 5), (98, 5)];
        let ch = [Change { side: Side::Bid, price: 101, total: 1 }];
        let (view, send) = diff_side(Side::Bid, &old, &top, &ch, 3);
        assert_eq!(view, vec![(101, 1), (100, 5), (99, 5)]);
        assert_eq!(send, vec![(101, 1)]);
        // A change outside the scope sends nothing.
        let ch = [Change { side: Side::Bid, price: 90, total: 4 }];
        let (_, send) = diff_side(Side::Bid, &old, &[(100, 5), (99, 5), (98, 5), (90, 4)], &ch, 3);
        assert!(send.is_empty());
    }

    #[test]
    fn the_documented_update_and_its_checksum() {
        // VENUES.md §2: the guide's book, best ask removed, 45300.1 enters the top 10.
        let asks = [452852, 452864, 452866, 452896, 452902, 452918, 452947, 452961, 452975, 452995, 453001];
        let qty = [
            100000, 154571953, 154571109, 154560911, 15890660, 154553491, 4454749, 35380000, 9945542, 18772827,
            50000000,
        ];
        let bids: Vec<(i64, i64)> = [
            (452835, 10000000),
            (452834, 154582015),
            (452821, 10000000),
            (452810, 10000000),
            (452803, 154592586),
            (452790, 7990000),
            (452776, 3310103),
            (452775, 30000000),
            (452773, 154602737),
            (452766, 15445238),
        ]
        .to_vec();
        let old: Vec<(i64, i64)> = asks[..10].iter().copied().zip(qty).collect();
        assert_eq!(checksum_levels(old.iter().copied(), bids.iter().copied()), 3310070434);
        let top: Vec<(i64, i64)> = asks[1..].iter().copied().zip(qty[1..].iter().copied()).collect();
        let ch = [Change { side: Side::Ask, price: 452852, total: 0 }];
        let (view, send) = diff_side(Side::Ask, &old, &top, &ch, 10);
        assert_eq!(send, vec![(452852, 0), (453001, 50000000)]);
        let crc = checksum_levels(view.iter().copied(), bids.iter().copied());
        assert_eq!(crc, 1398182243);
        let frame = book_frame("update", 0, &[], &send, crc, 1_696_613_756_000_000);
        assert_eq!(
            frame,
            r#"{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[{"price":45285.2,"qty":0.00000000},{"price":45300.1,"qty":0.50000000}],"checksum":1398182243,"timestamp":"2023-10-06T17:35:56.000000Z"}]}"#
        );
    }
}
