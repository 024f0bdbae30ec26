//! One Kraken v2 line to what it means for one pair: dispatch on `channel` and `type` (data
//! messages) or `method` (acknowledgements). A channel this decoder does not know is
//! "unknown", not an error.

use super::book::BookData;
use super::control::{Ack, Instrument, Status};
use super::ticker::TickerData;
use super::trade::TradeData;
use crate::error::Error;
use crate::venue::event::{Event, Meaning};
use crate::venue::json::{self, Rd, Res};
use crate::venue::pair::{Pair, PairScales};

/// A Kraken line, numbers as their exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    BookSnapshot(Vec<BookData<'a>>),
    BookUpdate(Vec<BookData<'a>>),
    /// `snapshot`: the latest trades on subscribing; else `update`.
    Trades {
        snapshot: bool,
        trades: Vec<TradeData<'a>>,
    },
    Ticker(Vec<TickerData<'a>>),
    Instrument(Vec<Instrument<'a>>),
    Status(Vec<Status<'a>>),
    Heartbeat,
    Ack(Ack<'a>),
    Unknown,
}

/// Decodes a line.
pub fn decode(text: &str) -> Result<Message<'_>, Error> {
    let [channel, kind, method] =
        json::header(text, ["channel", "type", "method"], |f| (f[0].is_some() && f[1].is_some()) || f[2].is_some())?;
    let mut r = Rd::new(text);
    if let Some(method) = method {
        // The method's text, borrowed from the input for the message's lifetime.
        let m = match &*method {
            "subscribe" => "subscribe",
            "unsubscribe" => "unsubscribe",
            _ => return json::validate(text).map(|_| Message::Unknown),
        };
        return Ack::read(&mut r, m).and_then(|a| r.end().map(|_| a)).map(Message::Ack).map_err(json::fault(text));
    }
    let (Some(channel), kind) = (channel, kind.as_deref()) else { return Ok(Message::Unknown) }; // walked whole
    let snapshot = match kind {
        Some("snapshot") => true,
        Some("update") | None => false,
        Some(_) => return json::validate(text).map(|_| Message::Unknown),
    };
    let msg = match &*channel {
        "heartbeat" => {
            json::validate(text)?;
            Message::Heartbeat
        }
        "status" => Message::Status(items(&mut r, Status::read).map_err(json::fault(text))?),
        "book" if kind.is_some() => {
            let items = items(&mut r, BookData::read).map_err(json::fault(text))?;
            if snapshot {
                Message::BookSnapshot(items)
            } else {
                Message::BookUpdate(items)
            }
        }
        "trade" => Message::Trades { snapshot, trades: items(&mut r, TradeData::read).map_err(json::fault(text))? },
        "ticker" => Message::Ticker(items(&mut r, TickerData::read).map_err(json::fault(text))?),
        "instrument" => {
            let mut out = Vec::new();
            data(&mut r, |r| Instrument::read_data(r, &mut out)).map_err(json::fault(text))?;
            Message::Instrument(out)
        }
        _ => return json::validate(text).map(|_| Message::Unknown),
    };
    Ok(msg)
}

/// Walks the line, reading its `data` with `f` (other members skipped, a second `data` refused).
fn data<'a>(r: &mut Rd<'a>, mut f: impl FnMut(&mut Rd<'a>) -> Res<()>) -> Res<()> {
    let mut seen = false;
    r.object(|r, key| match key {
        "data" if seen => Err(r.fail("duplicate field")),
        "data" => {
            seen = true;
            f(r)
        }
        _ => r.skip(),
    })?;
    r.end()
}

/// The items of a `data` array.
fn items<'a, T>(r: &mut Rd<'a>, read: impl Fn(&mut Rd<'a>) -> Res<T>) -> Res<Vec<T>> {
    let mut out = Vec::new();
    data(r, |r| r.array(|r| read(r).map(|t| out.push(t))))?;
    Ok(out)
}

impl Message<'_> {
    /// What the message means for `pair` at `scales`: only items of `pair`'s symbol count.
    pub fn meaning(&self, input: &str, pair: Pair, scales: Option<PairScales>) -> Result<Meaning, Error> {
        // Known only when a message needs them: an `instrument` message is how they are learned.
        let scales = scales.ok_or_else(|| crate::venue::event::unknown_scales(pair));
        let mine = |s: Option<&str>| s.is_some_and(|s| pair.is_named(s));
        let mut events = Vec::new();
        match self {
            Message::BookSnapshot(items) => {
                for b in items.iter().filter(|b| mine(b.symbol)) {
                    events.push(Event::Snapshot(b.snapshot(input, scales.clone()?)?));
                }
            }
            Message::BookUpdate(items) => {
                for b in items.iter().filter(|b| mine(b.symbol)) {
                    events.push(Event::Update(b.update(input, scales.clone()?)?));
                }
            }
            Message::Trades { trades, .. } => {
                let mut v = Vec::new();
                for t in trades.iter().filter(|t| mine(t.symbol)) {
                    v.push(t.record(input, scales.clone()?)?);
                }
                if !v.is_empty() {
                    events.push(Event::Trades(v));
                }
            }
            Message::Ticker(items) => {
                for t in items.iter().filter(|t| mine(t.symbol)) {
                    events.push(Event::Ticker(t.ticker(input, scales.clone()?)?));
                }
            }
            Message::Instrument(pairs) => {
                for p in pairs.iter().filter(|p| mine(p.symbol)) {
                    events.push(Event::Scales(p.scales(input)?));
                }
                if events.is_empty() {
                    return Ok(Meaning::Control);
                }
            }
            Message::Ack(a) => {
                return Ok(match a.book_depth(input)? {
                    Some(d) if mine(a.symbol) => Meaning::Events(vec![Event::Depth(d)]),
                    Some(_) => Meaning::OtherPair,
                    None => Meaning::Control,
                })
            }
            Message::Status(_) | Message::Heartbeat => return Ok(Meaning::Control),
            Message::Unknown => return Ok(Meaning::Unknown),
        }
        Ok(if events.is_empty() { Meaning::OtherPair } else { Meaning::Events(events) })
    }
}
