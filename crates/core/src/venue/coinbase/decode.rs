//! One Coinbase Exchange line to what it means for one pair: dispatch on `type`. "New
//! message types can be added at any time. Clients are expected to ignore messages they do
//! not support" (CB-WS): an unknown type is "unknown", not an error.
//!
//! Control messages (CB-WS; VENUES.md §3), e.g. the subscriptions answer (captured):
//! ```json
//! {"type":"subscriptions","channels":[{"name":"level2","product_ids":["BAND-GBP","BAND-BTC"]}]}
//! ```
//! ```json
//! {"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}
//! ```
//! ```json
//! {"type":"error","message":"Failed to subscribe","reason":"You need to specify at least one product ID for channel heartbeat"}
//! ```

use super::book::{read_changes, L2Update, Snapshot};
use super::status::Product;
use super::ticker::Ticker;
use super::trade::Match;
use crate::error::Error;
use crate::venue::event::{Event, Meaning};
use crate::venue::json::{self, Rd, Res, Seen};
use crate::venue::pair::{Pair, PairScales};

/// A Coinbase line, numbers as their exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    Snapshot {
        product_id: &'a str,
        book: Snapshot<'a>,
    },
    L2Update {
        product_id: &'a str,
        update: L2Update<'a>,
    },
    /// `match` or `last_match`.
    Match {
        product_id: &'a str,
        trade: Match<'a>,
    },
    Ticker {
        product_id: &'a str,
        ticker: Ticker<'a>,
    },
    Subscriptions,
    /// The `status` channel's products (their increments are the pairs' scales).
    Status(Vec<Product<'a>>),
    Heartbeat,
    /// The venue's error report (`message`, `reason`).
    VenueError {
        message: Option<String>,
        reason: Option<String>,
    },
    Unknown,
}

/// Every field any known type reads, as text.
#[derive(Default)]
struct Fields<'a> {
    product_id: Option<&'a str>,
    bids: Vec<(&'a str, &'a str)>,
    asks: Vec<(&'a str, &'a str)>,
    changes: Vec<(&'a str, &'a str, &'a str)>,
    time: Option<&'a str>,
    trade_id: Option<&'a str>,
    side: Option<&'a str>,
    size: Option<&'a str>,
    price: Option<&'a str>,
    best_bid: Option<&'a str>,
    best_ask: Option<&'a str>,
    high_24h: Option<&'a str>,
    low_24h: Option<&'a str>,
    volume_24h: Option<&'a str>,
    message: Option<String>,
    reason: Option<String>,
    products: Vec<Product<'a>>,
}

/// Decodes a line.
pub fn decode(text: &str) -> Result<Message<'_>, Error> {
    let [kind] = json::header(text, ["type"], |f| f[0].is_some())?;
    let Some(kind) = kind else { return Ok(Message::Unknown) };
    let Some(kind) = KINDS.iter().copied().find(|k| *k == kind) else {
        return json::validate(text).map(|_| Message::Unknown);
    };
    let mut r = Rd::new(text);
    let f = read(&mut r, kind).and_then(|f| r.end().map(|_| f)).map_err(json::fault(text))?;
    let product = f.product_id.ok_or(Error::Missing { kind: "Coinbase message", field: "product_id" });
    Ok(match kind {
        "snapshot" => Message::Snapshot { product_id: product?, book: Snapshot { bids: f.bids, asks: f.asks } },
        "l2update" => Message::L2Update { product_id: product?, update: L2Update { changes: f.changes, time: f.time } },
        "match" | "last_match" => Message::Match {
            product_id: product?,
            trade: Match {
                trade_id: f.trade_id,
                side: f.side,
                size: f.size,
                price: f.price,
                time: f.time,
                last: kind == "last_match",
            },
        },
        "ticker" => Message::Ticker {
            product_id: product?,
            ticker: Ticker {
                price: f.price,
                best_bid: f.best_bid,
                best_ask: f.best_ask,
                high_24h: f.high_24h,
                low_24h: f.low_24h,
                volume_24h: f.volume_24h,
                time: f.time,
            },
        },
        "subscriptions" => Message::Subscriptions,
        "status" => Message::Status(f.products),
        "heartbeat" => Message::Heartbeat,
        "error" => Message::VenueError { message: f.message, reason: f.reason },
        _ => Message::Unknown,
    })
}

const KINDS: [&str; 9] =
    ["snapshot", "l2update", "match", "last_match", "ticker", "subscriptions", "heartbeat", "error", "status"];

/// Reads the fields `kind` uses; every other member is skipped (validated only), so a field
/// of another type never makes a line an error.
fn read<'a>(r: &mut Rd<'a>, kind: &str) -> Res<Fields<'a>> {
    let mut f = Fields::default();
    let mut seen = Seen::default();
    let book = kind == "snapshot";
    let trade = kind == "match" || kind == "last_match";
    let ticker = kind == "ticker";
    r.object(|r, key| {
        let num = |r: &mut Rd<'a>, bit, seen: &mut Seen, slot: &mut Option<&'a str>| -> Res<()> {
            seen.first(bit, r)?;
            *slot = if r.null()? { None } else { Some(json::num(r)?) };
            Ok(())
        };
        match key {
            "product_id" => seen.first(0, r).and_then(|_| json::plain(r)).map(|s| f.product_id = Some(s)),
            "bids" if book => seen.first(1, r).and_then(|_| json::pair_levels(r, &mut f.bids)),
            "asks" if book => seen.first(2, r).and_then(|_| json::pair_levels(r, &mut f.asks)),
            "changes" if kind == "l2update" => seen.first(3, r).and_then(|_| read_changes(r, &mut f.changes)),
            "time" if kind == "l2update" || trade || ticker => {
                seen.first(4, r).and_then(|_| json::plain(r)).map(|s| f.time = Some(s))
            }
            "trade_id" if trade => num(r, 5, &mut seen, &mut f.trade_id),
            "side" if trade => seen.first(6, r).and_then(|_| json::plain(r)).map(|s| f.side = Some(s)),
            "size" if trade => num(r, 7, &mut seen, &mut f.size),
            "price" if trade || ticker => num(r, 8, &mut seen, &mut f.price),
            "best_bid" if ticker => num(r, 9, &mut seen, &mut f.best_bid),
            "best_ask" if ticker => num(r, 10, &mut seen, &mut f.best_ask),
            "high_24h" if ticker => num(r, 11, &mut seen, &mut f.high_24h),
            "low_24h" if ticker => num(r, 12, &mut seen, &mut f.low_24h),
            "volume_24h" if ticker => num(r, 13, &mut seen, &mut f.volume_24h),
            "products" if kind == "status" => seen.first(16, r).and_then(|_| Product::read_all(r, &mut f.products)),
            "message" if kind == "error" => {
                seen.first(14, r).and_then(|_| r.opt_str()).map(|s| f.message = s.map(|s| s.into_owned()))
            }
            "reason" if kind == "error" => {
                seen.first(15, r).and_then(|_| r.opt_str()).map(|s| f.reason = s.map(|s| s.into_owned()))
            }
            _ => r.skip(),
        }
    })?;
    Ok(f)
}

impl Message<'_> {
    /// What the message means for `pair` at `scales`.
    pub fn meaning(&self, input: &str, pair: Pair, scales: Option<PairScales>) -> Result<Meaning, Error> {
        // Known only when a message needs them: an `instrument` message is how they are learned.
        let scales = scales.ok_or_else(|| crate::venue::event::unknown_scales(pair));
        let ev = |e: Event| Ok(Meaning::Events(vec![e]));
        match self {
            Message::Snapshot { product_id: p, book } if pair.is_named(p) => {
                ev(Event::Snapshot(book.snapshot(input, scales.clone()?)?))
            }
            Message::L2Update { product_id: p, update } if pair.is_named(p) => {
                ev(Event::Update(update.update(input, scales.clone()?)?))
            }
            Message::Match { product_id: p, trade } if pair.is_named(p) => {
                ev(Event::Trades(vec![trade.record(input, scales.clone()?)?]))
            }
            Message::Ticker { product_id: p, ticker } if pair.is_named(p) => {
                ev(Event::Ticker(ticker.ticker(input, scales.clone()?)?))
            }
            Message::Snapshot { .. } | Message::L2Update { .. } | Message::Match { .. } | Message::Ticker { .. } => {
                Ok(Meaning::OtherPair)
            }
            Message::Status(products) => match products.iter().find(|p| p.id.is_some_and(|id| pair.is_named(id))) {
                Some(p) => ev(Event::Scales(p.scales(input)?)),
                None => Ok(Meaning::Control),
            },
            Message::Subscriptions | Message::Heartbeat | Message::VenueError { .. } => Ok(Meaning::Control),
            Message::Unknown => Ok(Meaning::Unknown),
        }
    }
}
