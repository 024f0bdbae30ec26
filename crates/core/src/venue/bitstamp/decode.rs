//! One Bitstamp line — a websocket frame or a REST body — to what it means for one pair.
//!
//! Control events (BS-WS): `{"event":"bts:subscription_succeeded","channel":"diff_order_book_ethusd","data":{}}`
//! (and `bts:unsubscription_succeeded`), `{"event":"bts:heartbeat","channel":"","data":{"status":"success"}}`,
//! `{"event":"bts:request_reconnect","channel":"","data":""}`, and `bts:error` for a
//! malformed request. A REST body has no `event`: an order book has `bids`/`asks`, a ticker
//! `last`; neither names a pair, so both belong to the caller's.

use super::book::BookData;
use super::pairs::PairInfo;
use super::ticker::TickerData;
use super::trade::TradeData;
use crate::error::Error;
use crate::venue::event::{Event, Meaning};
use crate::venue::json::{self, Rd};
use crate::venue::pair::{Pair, PairScales};

/// A Bitstamp line, numbers as their exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// `diff_order_book_{pair}`: changed levels.
    Diff {
        pair: &'a str,
        data: BookData<'a>,
    },
    /// `order_book_{pair}`: the top 100, whole.
    Top {
        pair: &'a str,
        data: BookData<'a>,
    },
    /// `live_trades_{pair}`.
    Trade {
        pair: &'a str,
        data: TradeData<'a>,
    },
    /// The REST `order_book` body.
    RestBook(BookData<'a>),
    /// The REST `ticker` body.
    RestTicker(TickerData<'a>),
    /// The REST `trading-pairs-info` body: the pairs' decimals.
    PairsInfo(Vec<PairInfo<'a>>),
    /// `bts:subscription_succeeded` / `bts:unsubscription_succeeded`.
    Subscribed {
        channel: String,
        subscribed: bool,
    },
    Heartbeat,
    RequestReconnect,
    /// `bts:error`: the venue refused a request.
    VenueError,
    Unknown,
}

/// Decodes a line.
pub fn decode(text: &str) -> Result<Message<'_>, Error> {
    match fast(text) {
        Some(m) => Ok(m),
        None => general(text),
    }
}

/// The book and trade channels in one walk (their `data` comes first, before the `event` and
/// `channel` that say what it is): the data object is read as the union of a book's and a
/// trade's fields. Anything else — control events, REST bodies, other channels, and every
/// line this walk cannot read — goes to [`general`], which decides and reports errors.
fn fast(text: &str) -> Option<Message<'_>> {
    let mut r = Rd::new(text);
    let (mut event, mut channel, mut data) = (None, None, None);
    r.object(|r, key| match key {
        "event" if event.is_none() => json::plain(r).map(|s| event = Some(s)),
        "channel" if channel.is_none() => json::plain(r).map(|s| channel = Some(s)),
        "data" if data.is_none() => {
            if r.peek()? != b'{' {
                return Err(r.fail("not an object"));
            }
            let mut book = BookData::default();
            let trade = TradeData::read_with(r, &mut book)?;
            data = Some((book, trade));
            Ok(())
        }
        "event" | "channel" | "data" => Err(r.fail("duplicate field")),
        _ => r.skip(),
    })
    .ok()?;
    r.end().ok()?;
    let (event, channel, (book, trade)) = (event?, channel?, data?);
    let pair = |prefix: &str| channel.strip_prefix(prefix).filter(|p| !p.is_empty());
    match event {
        "data" => {
            if let Some(pair) = pair("diff_order_book_") {
                Some(Message::Diff { pair, data: book })
            } else {
                pair("order_book_").map(|pair| Message::Top { pair, data: book })
            }
        }
        "trade" => pair("live_trades_").map(|pair| Message::Trade { pair, data: trade }),
        _ => None,
    }
}

/// Any line: what it is from its `event` and `channel` (or, for a REST body, its fields),
/// then its data read for what it is. [`decode`] tries its one-walk path first; the two must
/// agree on every line that path reads (the fuzz driver checks it).
pub fn general(text: &str) -> Result<Message<'_>, Error> {
    if text.trim_start().starts_with('[') {
        let mut r = Rd::new(text);
        return PairInfo::read_all(&mut r).map(Message::PairsInfo).map_err(json::fault(text));
    }
    let [event, channel, bids, asks, last] =
        json::header(text, ["event", "channel", "bids", "asks", "last"], |_| false)?;
    let channel = channel.unwrap_or_default();
    let Some(event) = event else {
        return if bids.is_some() || asks.is_some() {
            read(text, None).map(Message::RestBook)
        } else if last.is_some() {
            let mut r = Rd::new(text);
            let t = TickerData::read(&mut r).and_then(|t| r.end().map(|_| t)).map_err(json::fault(text))?;
            Ok(Message::RestTicker(t))
        } else {
            Ok(Message::Unknown)
        };
    };
    // The channel's pair, borrowed from the input (a channel name has no escapes).
    let suffix = |prefix: &str| -> Option<&str> {
        let c = channel.strip_prefix(prefix).filter(|c| !c.is_empty())?;
        // A byte search, not `str::find`: that one links core's two-way searcher and its
        // char-boundary panic (with `char`'s Debug) into the wasm, ≈ 4 KB raw. A valid UTF-8
        // needle only matches at a char boundary, so the first match is the same.
        let at = text.as_bytes().windows(c.len()).position(|w| w == c.as_bytes())?;
        text.get(at..at + c.len())
    };
    Ok(match &*event {
        "data" if channel.starts_with("diff_order_book_") => match suffix("diff_order_book_") {
            Some(pair) => Message::Diff { pair, data: read(text, Some("data"))? },
            None => Message::Unknown,
        },
        "data" if channel.starts_with("order_book_") => match suffix("order_book_") {
            Some(pair) => Message::Top { pair, data: read(text, Some("data"))? },
            None => Message::Unknown,
        },
        "trade" if channel.starts_with("live_trades_") => match suffix("live_trades_") {
            Some(pair) => {
                let data =
                    data_of(text, TradeData::read)?.ok_or(Error::Missing { kind: "Bitstamp trade", field: "data" })?;
                Message::Trade { pair, data }
            }
            None => Message::Unknown,
        },
        "bts:subscription_succeeded" => Message::Subscribed { channel: channel.into_owned(), subscribed: true },
        "bts:unsubscription_succeeded" => Message::Subscribed { channel: channel.into_owned(), subscribed: false },
        "bts:heartbeat" => Message::Heartbeat,
        "bts:request_reconnect" => Message::RequestReconnect,
        "bts:error" => Message::VenueError,
        _ => Message::Unknown,
    })
}

/// A book: the whole line (REST, `member` None) or its `data` member.
fn read<'a>(text: &'a str, member: Option<&str>) -> Result<BookData<'a>, Error> {
    match member {
        None => {
            let mut r = Rd::new(text);
            let d = BookData::read(&mut r).and_then(|d| r.end().map(|_| d)).map_err(json::fault(text))?;
            Ok(d)
        }
        Some(_) => data_of(text, BookData::read)?.ok_or(Error::Missing { kind: "Bitstamp order book", field: "data" }),
    }
}

/// The top-level `data` member read by `f` (other members skipped; a second `data` refused).
fn data_of<'a, T>(text: &'a str, f: impl Fn(&mut Rd<'a>) -> json::Res<T>) -> Result<Option<T>, Error> {
    let mut r = Rd::new(text);
    let mut out = None;
    r.object(|r, key| match key {
        "data" if out.is_some() => Err(r.fail("duplicate field")),
        "data" => f(r).map(|d| out = Some(d)),
        _ => r.skip(),
    })
    .and_then(|_| r.end())
    .map_err(json::fault(text))?;
    Ok(out)
}

impl Message<'_> {
    /// What the message means for `pair` at `scales`; `input` is the line (to locate errors).
    pub fn meaning(&self, input: &str, pair: Pair, scales: Option<PairScales>) -> Result<Meaning, Error> {
        // Known only when a message needs them: an `instrument` message is how they are learned.
        let scales = scales.ok_or_else(|| crate::venue::event::unknown_scales(pair));
        let mine = |name: &str| pair.is_named(name);
        Ok(match self {
            Message::Diff { pair: p, data } if mine(p) => {
                Meaning::Events(vec![Event::Update(data.diff(input, scales.clone()?)?)])
            }
            Message::Top { pair: p, data } if mine(p) => {
                Meaning::Events(vec![Event::Snapshot(data.snapshot(input, scales.clone()?)?)])
            }
            Message::Trade { pair: p, data } if mine(p) => {
                Meaning::Events(vec![Event::Trades(vec![data.record(input, scales.clone()?)?])])
            }
            Message::Diff { .. } | Message::Top { .. } | Message::Trade { .. } => Meaning::OtherPair,
            Message::RestBook(data) => Meaning::Events(vec![Event::Snapshot(data.snapshot(input, scales.clone()?)?)]),
            Message::RestTicker(t) => Meaning::Events(vec![Event::Ticker(t.ticker(input, scales.clone()?)?)]),
            Message::PairsInfo(pairs) => match pairs.iter().find(|p| p.symbol().is_some_and(mine)) {
                Some(p) => Meaning::Events(vec![Event::Scales(p.scales(input)?)]),
                None => Meaning::Control,
            },
            Message::RequestReconnect => Meaning::Events(vec![Event::Reconnect]),
            Message::Subscribed { .. } | Message::Heartbeat | Message::VenueError => Meaning::Control,
            Message::Unknown => Meaning::Unknown,
        })
    }
}
