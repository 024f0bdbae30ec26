//! Coinbase Exchange: the websocket feed (CB-WS, https://docs.cdp.coinbase.com/exchange/websocket-feed/channels),
//! as VENUES.md §3 quotes it. A `subscribe` with `product_ids` and `channels` (names, or
//! objects with their own `product_ids`) is answered with a `subscriptions` message listing
//! every current subscription; `level2_batch` sends a `snapshot` of the whole book then
//! `l2update`s whose `changes` are `[side, price, size]` (size the level's new total, "0…"
//! removes); `matches` a `last_match` then `match`es whose `side` is the MAKER's (CB-WS: "The
//! side field indicates the maker order side"); `ticker` one message per match (its `side`
//! is the taker's); `heartbeat` one a second per product with its `sequence` and
//! `last_trade_id`. Prices are written at the quote increment (0.01), sizes at the base
//! increment (1e-8), as in the captured removal `["sell","30862.60","0.00000000"]`.
//!
//! Not simulated: the 5 s limit for the first subscribe, `level2_batch`'s 50 ms batching
//! (one `l2update` per book event instead: the same schema), the authenticated channels
//! (`level2`, `level3`, `full`, `user` are refused with an error).

use goxbook_core::Side;
use std::collections::BTreeSet;

use super::feed::{EventKind, VenueEvent, VenueShared};
use super::market::{Fill, TickerFigures};
use super::session::{Out, Protocol};
use super::text::{quoted, rfc3339, string};
use super::{pair_index, Venue, PAIRS};
use crate::channels::derived_uuid;

/// Decimals of prices: the core's scale for Coinbase's BTC pairs.
fn price() -> u32 {
    super::scales(Venue::Coinbase).price
}

/// Decimals of BTC amounts: the core's scale.
fn amount() -> u32 {
    super::scales(Venue::Coinbase).amount
}
/// The channels served, in the order a `subscriptions` message lists them.
pub const CHANNELS: [&str; 4] = ["heartbeat", "level2_batch", "matches", "ticker"];
const AUTHENTICATED: [&str; 4] = ["level2", "level3", "full", "user"];

fn product(pair: usize) -> String {
    PAIRS[pair].venue_name(Venue::Coinbase)
}

/// A stable uuid for an order id (Coinbase's order ids are uuids).
fn order_uuid(pair: usize, id: u64) -> String {
    derived_uuid(&format!("coinbase.{pair}.order.{id}"))
}

fn levels(side: &[(i64, i64)]) -> String {
    let items: Vec<String> =
        side.iter().map(|&(p, s)| format!("[{},{}]", quoted(p, price()), quoted(s, amount()))).collect();
    format!("[{}]", items.join(","))
}

/// A `match` or `last_match`: `side` is the maker's, so "sell" when the taker bought.
pub fn match_frame(kind: &str, pair: usize, f: &Fill) -> String {
    format!(
        "{{\"type\":\"{kind}\",\"trade_id\":{},\"maker_order_id\":\"{}\",\"taker_order_id\":\"{}\",\"side\":\"{}\",\"size\":{},\"price\":{},\"product_id\":\"{}\",\"sequence\":{},\"time\":\"{}\"}}",
        f.trade_id,
        order_uuid(pair, f.maker_order),
        order_uuid(pair, f.taker_order),
        if f.taker == Side::Bid { "sell" } else { "buy" },
        quoted(f.amount, amount()),
        quoted(f.price, price()),
        product(pair),
        f.sequence,
        rfc3339(f.time)
    )
}

/// A `ticker` for the trade `f` with the 24 h figures `t`: `side` is the taker's.
pub fn ticker_frame(pair: usize, f: &Fill, t: &TickerFigures) -> String {
    let p = |v: Option<i64>| quoted(v.unwrap_or(f.price), price());
    format!(
        "{{\"type\":\"ticker\",\"sequence\":{},\"product_id\":\"{}\",\"price\":{},\"open_24h\":{},\"volume_24h\":{},\"low_24h\":{},\"high_24h\":{},\"volume_30d\":{},\"best_bid\":{},\"best_bid_size\":{},\"best_ask\":{},\"best_ask_size\":{},\"side\":\"{}\",\"time\":\"{}\",\"trade_id\":{},\"last_size\":{}}}",
        f.sequence,
        product(pair),
        quoted(f.price, price()),
        p(t.open),
        quoted(t.volume, amount()),
        p(t.low),
        p(t.high),
        quoted(t.volume_total, amount()),
        p(t.bid.map(|b| b.0)),
        quoted(t.bid.map_or(0, |b| b.1), amount()),
        p(t.ask.map(|a| a.0)),
        quoted(t.ask.map_or(0, |a| a.1), amount()),
        if f.taker == Side::Bid { "buy" } else { "sell" },
        rfc3339(f.time),
        f.trade_id,
        quoted(f.amount, amount())
    )
}

fn error(message: &str, reason: &str) -> String {
    format!("{{\"type\":\"error\",\"message\":{},\"reason\":{}}}", string(message), string(reason))
}

/// A Coinbase websocket client's subscriptions: (channel index into [`CHANNELS`], pair) →
/// the venue time of its start (earlier events are in its snapshot, or before it).
#[derive(Default)]
pub struct Coinbase {
    subs: BTreeSet<(usize, usize)>,
    since: [[i64; 2]; 4],
}

impl Coinbase {
    pub fn new() -> Coinbase {
        Coinbase::default()
    }

    fn on(&self, channel: &str, pair: usize, time: i64) -> bool {
        let c = CHANNELS.iter().position(|x| *x == channel).unwrap_or(0);
        self.subs.contains(&(c, pair)) && time > self.since[c][pair]
    }

    fn subscriptions(&self) -> String {
        let items: Vec<String> = CHANNELS
            .iter()
            .enumerate()
            .filter_map(|(c, name)| {
                let ids: Vec<String> =
                    self.subs.iter().filter(|(x, _)| *x == c).map(|&(_, p)| format!("\"{}\"", product(p))).collect();
                (!ids.is_empty()).then(|| format!("{{\"name\":\"{name}\",\"product_ids\":[{}]}}", ids.join(",")))
            })
            .collect();
        format!("{{\"type\":\"subscriptions\",\"channels\":[{}]}}", items.join(","))
    }

    /// The (channel, pair) pairs a request names, or the error to answer.
    fn parse(v: &serde_json::Value) -> Result<Vec<(usize, usize)>, String> {
        let fail = |reason: String| Err(error("Failed to subscribe", &reason));
        let products = |list: Option<&serde_json::Value>| -> Result<Vec<usize>, String> {
            let mut out = Vec::new();
            for p in list.and_then(|l| l.as_array()).into_iter().flatten() {
                let name = p.as_str().unwrap_or("");
                match pair_index(Venue::Coinbase, name) {
                    Some(i) => out.push(i),
                    None => return Err(format!("{name} is not a valid product")),
                }
            }
            Ok(out)
        };
        let top = match products(v.get("product_ids")) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        let Some(channels) = v.get("channels").and_then(|c| c.as_array()).filter(|c| !c.is_empty()) else {
            return fail("You must specify at least one channel".into());
        };
        let mut out = Vec::new();
        for ch in channels {
            let (name, own) = match ch {
                serde_json::Value::String(s) => (s.as_str(), Vec::new()),
                serde_json::Value::Object(o) => {
                    let own = match products(o.get("product_ids")) {
                        Ok(p) => p,
                        Err(e) => return fail(e),
                    };
                    (o.get("name").and_then(|n| n.as_str()).unwrap_or(""), own)
                }
                _ => return fail("channels: expected names or {name, product_ids} objects".into()),
            };
            let Some(c) = CHANNELS.iter().position(|x| *x == name) else {
                if AUTHENTICATED.contains(&name) {
                    return fail(format!("channel {name} requires authentication; level2_batch does not"));
                }
                return fail(format!("{name} is not a valid channel"));
            };
            let ids = if own.is_empty() { &top } else { &own };
            if ids.is_empty() {
                // The error text Coinbase is reported to send (VENUES.md §3).
                return fail(format!("You need to specify at least one product ID for channel {name}"));
            }
            out.extend(ids.iter().map(|&p| (c, p)));
        }
        Ok(out)
    }
}

impl Protocol for Coinbase {
    fn request(&mut self, text: &str, venue: &VenueShared, out: &mut Vec<Out>) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
            out.push(Out::Reply(error("Malformed JSON", "the frame is not a JSON object")));
            return;
        };
        let subscribe = match v.get("type").and_then(|t| t.as_str()) {
            Some("subscribe") => true,
            Some("unsubscribe") => false,
            other => {
                let reason = format!("type {:?}: expected subscribe or unsubscribe", other.unwrap_or(""));
                out.push(Out::Reply(error("Failed to subscribe", &reason)));
                return;
            }
        };
        let wanted = match Coinbase::parse(&v) {
            Ok(w) => w,
            Err(e) => {
                out.push(Out::Reply(e));
                return;
            }
        };
        if !subscribe {
            for w in &wanted {
                self.subs.remove(w);
            }
            out.push(Out::Reply(self.subscriptions()));
            return;
        }
        let mut st = venue.lock();
        let now = st.clock;
        let fresh: Vec<(usize, usize)> = wanted.into_iter().filter(|w| self.subs.insert(*w)).collect();
        out.push(Out::Reply(self.subscriptions()));
        for &(c, p) in &fresh {
            self.since[c][p] = now;
            let m = &mut st.markets[p];
            match CHANNELS[c] {
                "level2_batch" => {
                    let bids: Vec<(i64, i64)> = m.levels(Side::Bid).collect();
                    let asks: Vec<(i64, i64)> = m.levels(Side::Ask).collect();
                    out.push(Out::Data(format!(
                        "{{\"type\":\"snapshot\",\"product_id\":\"{}\",\"asks\":{},\"bids\":{}}}",
                        product(p),
                        levels(&asks),
                        levels(&bids)
                    )));
                }
                "matches" => {
                    if let Some(f) = m.recent().last() {
                        out.push(Out::Data(match_frame("last_match", p, f)));
                    }
                }
                "ticker" => {
                    // The current ticker on subscribing (what the live feed does; the
                    // docs only say "every time a match happens").
                    let t = m.ticker(now);
                    if let Some(f) = t.last.clone() {
                        out.push(Out::Data(ticker_frame(p, &f, &t)));
                    }
                }
                _ => {}
            }
        }
    }

    fn event(&mut self, ev: &VenueEvent, out: &mut Vec<Out>) {
        let p = ev.pair;
        match &ev.kind {
            EventKind::Trades { fills, ticker } => {
                if self.on("matches", p, ev.time) {
                    out.extend(fills.iter().map(|f| Out::Data(match_frame("match", p, f))));
                }
                if self.on("ticker", p, ev.time) {
                    out.extend(fills.iter().map(|f| Out::Data(ticker_frame(p, f, ticker))));
                }
            }
            EventKind::Book { changes, .. } if self.on("level2_batch", p, ev.time) => {
                let items: Vec<String> = changes
                    .iter()
                    .map(|c| {
                        let side = if c.side == Side::Bid { "buy" } else { "sell" };
                        format!("[\"{side}\",{},{}]", quoted(c.price, price()), quoted(c.total, amount()))
                    })
                    .collect();
                out.push(Out::Data(format!(
                    "{{\"type\":\"l2update\",\"product_id\":\"{}\",\"changes\":[{}],\"time\":\"{}\"}}",
                    product(p),
                    items.join(","),
                    rfc3339(ev.time)
                )));
            }
            _ => {}
        }
    }

    fn second(&mut self, venue: &VenueShared, _idle: bool, now: i64, out: &mut Vec<Out>) {
        let hb = CHANNELS.iter().position(|c| *c == "heartbeat").unwrap_or(0);
        let pairs: Vec<usize> = self.subs.iter().filter(|(c, _)| *c == hb).map(|&(_, p)| p).collect();
        if pairs.is_empty() {
            return;
        }
        let st = venue.lock();
        for p in pairs {
            let m = &st.markets[p];
            out.push(Out::Data(format!(
                "{{\"type\":\"heartbeat\",\"sequence\":{},\"last_trade_id\":{},\"product_id\":\"{}\",\"time\":\"{}\"}}",
                m.sequence(),
                m.last_trade_id(),
                product(p),
                rfc3339(now)
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_names_the_makers_side() {
        let f = Fill {
            trade_id: 881613,
            time: 1_618_677_810_244_075,
            price: 147_775,
            amount: 4_000_000,
            taker: Side::Bid,
            maker_order: 1,
            taker_order: 2,
            market: false,
            sequence: 333938798,
        };
        let m = match_frame("last_match", 0, &f);
        assert!(m.starts_with(r#"{"type":"last_match","trade_id":881613,"maker_order_id":""#), "{m}");
        assert!(m.ends_with(r#","side":"sell","size":"0.04000000","price":"1477.75","product_id":"BTC-USD","sequence":333938798,"time":"2021-04-17T16:43:30.244075Z"}"#), "{m}");
        let t = ticker_frame(0, &f, &TickerFigures::default());
        assert!(t.contains(r#""side":"buy""#) && t.contains(r#""trade_id":881613,"last_size":"0.04000000"}"#), "{t}");
        let v = serde_json::json!({"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2_batch",{"name":"ticker","product_ids":["BTC-EUR"]}]});
        assert_eq!(Coinbase::parse(&v).unwrap(), vec![(1, 0), (3, 1)]);
        let v = serde_json::json!({"type":"subscribe","channels":["heartbeat"]});
        assert!(Coinbase::parse(&v).unwrap_err().contains("at least one product ID for channel heartbeat"));
        let v = serde_json::json!({"type":"subscribe","product_ids":["BTC-USD"],"channels":["level2"]});
        assert!(Coinbase::parse(&v).unwrap_err().contains("authentication"));
    }
}
