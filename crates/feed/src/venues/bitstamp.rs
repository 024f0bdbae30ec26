//! Bitstamp: the websocket API v2 (BS-WS, https://www.bitstamp.net/websocket/v2/) and the
//! HTTP API v2's order book and ticker (BS-API, https://www.bitstamp.net/api/), as VENUES.md
//! §1 quotes them. Channels `live_trades_{pair}`, `order_book_{pair}` (the top 100, whole each
//! time) and `diff_order_book_{pair}` (the changed levels' new totals, 0 removes); every
//! data message carries `timestamp` (s) and `microtimestamp` (µs) as strings, and the REST
//! order book's `microtimestamp` is the venue's clock when it was read, so a client drops the
//! diffs at or before it and applies the rest.

use goxbook_core::Side;
use std::collections::HashSet;

use super::feed::{EventKind, VenueEvent, VenueShared};
use super::market::{Fill, Top};
use super::session::{Out, Protocol};
use super::text::{quoted, string, trimmed};
use super::{pair_index, Venue, PAIRS};

/// Decimals of prices: the core's scale for Bitstamp's BTC pairs.
fn price() -> u32 {
    super::scales(Venue::Bitstamp).price
}

/// Decimals of BTC amounts: the core's scale.
fn amount() -> u32 {
    super::scales(Venue::Bitstamp).amount
}
/// Levels a side of an `order_book_{pair}` message (BS-WS: "top 100").
pub const ORDER_BOOK_LEVELS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Trades,
    Book,
    Diff,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Trades => "live_trades_",
            Kind::Book => "order_book_",
            Kind::Diff => "diff_order_book_",
        }
    }
}

/// "diff_order_book_btcusd" → (Diff, pair index). The longer prefix is tried first.
fn parse_channel(name: &str) -> Option<(Kind, usize)> {
    [Kind::Diff, Kind::Book, Kind::Trades].into_iter().find_map(|k| {
        let pair = name.strip_prefix(k.prefix())?;
        Some((k, pair_index(Venue::Bitstamp, pair)?))
    })
}

fn channel(k: Kind, pair: usize) -> String {
    format!("{}{}", k.prefix(), PAIRS[pair].venue_name(Venue::Bitstamp))
}

fn levels(side: &[(i64, i64)], sep: &str) -> String {
    let items: Vec<String> =
        side.iter().map(|&(p, a)| format!("[{},{sep}{}]", quoted(p, price()), quoted(a, amount()))).collect();
    format!("[{}]", items.join(&format!(",{sep}")))
}

/// The `data` object of a book message.
fn book_data(time: i64, bids: &[(i64, i64)], asks: &[(i64, i64)]) -> String {
    format!(
        "{{\"timestamp\":\"{}\",\"microtimestamp\":\"{time}\",\"bids\":{},\"asks\":{}}}",
        time / 1_000_000,
        levels(bids, ""),
        levels(asks, "")
    )
}

fn data_frame(data: &str, channel: &str, event: &str) -> String {
    format!("{{\"data\":{data},\"channel\":{},\"event\":\"{event}\"}}", string(channel))
}

/// A `trade` event: `type` 0 when the taker bought, 1 when it sold (BS-WS: "0 - buy;
/// 1 - sell"; in the captures it is the side of the newer order, the taker's). `price` and
/// `amount` are the float forms (the exact digits without trailing zeros), `*_str` the exact
/// strings; the taker's order id is the newer one.
pub fn trade_frame(pair: usize, f: &Fill) -> String {
    let (kind, buy, sell) = match f.taker {
        Side::Bid => (0, f.taker_order, f.maker_order),
        Side::Ask => (1, f.maker_order, f.taker_order),
    };
    let data = format!(
        "{{\"id\":{},\"timestamp\":\"{}\",\"amount\":{},\"amount_str\":{},\"price\":{},\"price_str\":{},\"type\":{kind},\"microtimestamp\":\"{}\",\"buy_order_id\":{buy},\"sell_order_id\":{sell}}}",
        f.trade_id,
        f.time / 1_000_000,
        trimmed(f.amount, amount()),
        quoted(f.amount, amount()),
        trimmed(f.price, price()),
        quoted(f.price, price()),
        f.time
    );
    data_frame(&data, &channel(Kind::Trades, pair), "trade")
}

fn event_frame(event: &str, channel: &str, data: &str) -> String {
    format!("{{\"event\":\"{event}\",\"channel\":{},\"data\":{data}}}", string(channel))
}

/// `bts:error`. The code and message texts are not documented; these follow what clients
/// report receiving (`{"code":null,"message":"Incorrect JSON format."}`).
fn error(message: &str) -> String {
    event_frame("bts:error", "", &format!("{{\"code\":null,\"message\":{}}}", string(message)))
}

/// The REST order book `GET /api/v2/order_book/{pair}/` (default `group=1`: levels; the whole
/// book; no pair named), written as the captured bodies are (", " and ": " separators).
pub fn order_book_body(venue: &VenueShared, pair: usize) -> String {
    let st = venue.lock();
    let m = &st.markets[pair];
    let bids: Vec<(i64, i64)> = m.levels(Side::Bid).collect();
    let asks: Vec<(i64, i64)> = m.levels(Side::Ask).collect();
    format!(
        "{{\"timestamp\": \"{}\", \"microtimestamp\": \"{}\", \"bids\": {}, \"asks\": {}}}",
        st.clock / 1_000_000,
        st.clock,
        levels(&bids, " "),
        levels(&asks, " ")
    )
}

/// The REST ticker `GET /api/v2/ticker/{pair}/`: every field a string (BS-API). `open` is
/// documented as the day's first price and `open_24` as the price 24 h ago; the simulator
/// keeps one 24 h window, so both are its first trade. `side` is the last trade's `type`.
pub fn ticker_body(venue: &VenueShared, pair: usize) -> String {
    let mut st = venue.lock();
    let now = st.clock;
    let t = st.markets[pair].ticker(now);
    let s = |v: Option<i64>, d: u32| v.map_or("null".to_string(), |v| quoted(v, d));
    let last = t.last.as_ref().map(|f| f.price);
    let change = match (last, t.open) {
        // Hundredths of a percent, rounded half away from zero.
        (Some(l), Some(o)) if o > 0 => {
            let x = (l - o) as i128 * 100_000;
            let q = (x.abs() + 5 * o as i128) / (10 * o as i128);
            Some(if x < 0 { -(q as i64) } else { q as i64 })
        }
        _ => None,
    };
    let side = t.last.as_ref().map_or("null", |f| if f.taker == Side::Bid { "\"0\"" } else { "\"1\"" });
    format!(
        "{{\"timestamp\": \"{}\", \"open\": {}, \"high\": {}, \"low\": {}, \"last\": {}, \"volume\": {}, \"vwap\": {}, \"bid\": {}, \"ask\": {}, \"side\": {side}, \"open_24\": {}, \"percent_change_24\": {}}}",
        now / 1_000_000,
        s(t.open, price()),
        s(t.high, price()),
        s(t.low, price()),
        s(last, price()),
        quoted(t.volume, amount()),
        s(t.vwap, price()),
        s(t.bid.map(|b| b.0), price()),
        s(t.ask.map(|a| a.0), price()),
        s(t.open, price()),
        s(change, 2),
    )
}

/// A Bitstamp websocket client's subscriptions.
#[derive(Default)]
pub struct Bitstamp {
    subs: HashSet<(Kind, usize)>,
}

impl Bitstamp {
    pub fn new() -> Bitstamp {
        Bitstamp::default()
    }
}

impl Protocol for Bitstamp {
    fn request(&mut self, text: &str, _venue: &VenueShared, out: &mut Vec<Out>) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
            out.push(Out::Reply(error("Incorrect JSON format.")));
            return;
        };
        let name = v.pointer("/data/channel").and_then(|c| c.as_str()).unwrap_or("");
        match v.get("event").and_then(|e| e.as_str()) {
            Some("bts:heartbeat") => {
                out.push(Out::Reply(event_frame("bts:heartbeat", "", "{\"status\":\"success\"}")));
            }
            Some(ev @ ("bts:subscribe" | "bts:unsubscribe")) => match parse_channel(name) {
                Some((k, pair)) => {
                    let ack = if ev == "bts:subscribe" {
                        self.subs.insert((k, pair));
                        "bts:subscription_succeeded"
                    } else {
                        self.subs.remove(&(k, pair));
                        "bts:unsubscription_succeeded"
                    };
                    out.push(Out::Reply(event_frame(ack, name, "{}")));
                }
                // Not documented; the message is what Bitstamp is reported to answer.
                None => out.push(Out::Reply(error("Bad subscription string."))),
            },
            _ => out.push(Out::Reply(error("Incorrect JSON format."))),
        }
    }

    fn event(&mut self, ev: &VenueEvent, out: &mut Vec<Out>) {
        match &ev.kind {
            EventKind::Trades { fills, .. } if self.subs.contains(&(Kind::Trades, ev.pair)) => {
                out.extend(fills.iter().map(|f| Out::Data(trade_frame(ev.pair, f))));
            }
            EventKind::Book { changes, top, .. } => {
                if self.subs.contains(&(Kind::Diff, ev.pair)) {
                    let mut bids: Vec<(i64, i64)> =
                        changes.iter().filter(|c| c.side == Side::Bid).map(|c| (c.price, c.total)).collect();
                    let mut asks: Vec<(i64, i64)> =
                        changes.iter().filter(|c| c.side == Side::Ask).map(|c| (c.price, c.total)).collect();
                    bids.sort_by_key(|b| std::cmp::Reverse(b.0));
                    asks.sort_by_key(|a| a.0);
                    let data = book_data(ev.time, &bids, &asks);
                    out.push(Out::Data(data_frame(&data, &channel(Kind::Diff, ev.pair), "data")));
                }
                if self.subs.contains(&(Kind::Book, ev.pair)) {
                    out.push(Out::Data(order_book_frame(ev.pair, ev.time, top)));
                }
            }
            _ => {}
        }
    }

    fn farewell(&self) -> Option<String> {
        // BS-WS: sent before maintenance; the client reconnects and resubscribes.
        Some(event_frame("bts:request_reconnect", "", "\"\""))
    }
}

/// An `order_book_{pair}` message: the top 100 a side.
pub fn order_book_frame(pair: usize, time: i64, top: &Top) -> String {
    let n = ORDER_BOOK_LEVELS;
    let data = book_data(time, &top.bids[..top.bids.len().min(n)], &top.asks[..top.asks.len().min(n)]);
    data_frame(&data, &channel(Kind::Book, pair), "data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_have_the_documented_shape() {
        let f = Fill {
            trade_id: 216000477,
            time: 1641343699596000,
            price: 380544,
            amount: 7_920_000,
            taker: Side::Bid,
            maker_order: 1443875731320832,
            taker_order: 1443875737346049,
            market: false,
            sequence: 0,
        };
        // The captured trade of VENUES.md §1, but for btcusd.
        assert_eq!(
            trade_frame(0, &f),
            r#"{"data":{"id":216000477,"timestamp":"1641343699","amount":0.0792,"amount_str":"0.07920000","price":3805.44,"price_str":"3805.44","type":0,"microtimestamp":"1641343699596000","buy_order_id":1443875737346049,"sell_order_id":1443875731320832},"channel":"live_trades_btcusd","event":"trade"}"#
        );
        let top = Top { bids: vec![(3_652_450, 36_400_000)], asks: vec![(3_653_544, 31_708_837), (3_653_938, 1)] };
        assert_eq!(
            order_book_frame(1, 1653978373164007, &top),
            r#"{"data":{"timestamp":"1653978373","microtimestamp":"1653978373164007","bids":[["36524.50","0.36400000"]],"asks":[["36535.44","0.31708837"],["36539.38","0.00000001"]]},"channel":"order_book_btceur","event":"data"}"#
        );
        assert_eq!(parse_channel("diff_order_book_btceur"), Some((Kind::Diff, 1)));
        assert_eq!(parse_channel("order_book_btcusd"), Some((Kind::Book, 0)));
        assert_eq!(parse_channel("live_trades_ethusd"), None);
    }
}
