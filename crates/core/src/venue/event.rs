//! What any venue's message means for one pair's market, in ticks at the pair's scales: the
//! venue-neutral form every venue decoder's output is converted to before it touches state.

use super::pair::{Pair, PairScales};
use crate::book::Side;
use crate::error::Error;
use crate::market::TickerState;
use crate::tape::TradeRecord;

/// One level as sent: `amount` is the level's new total (0 removes it), never a delta — on
/// every venue here (VENUES.md: Bitstamp diffs, Kraken `qty`, Coinbase `size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelChange {
    pub side: Side,
    pub price: i64,
    pub amount: i64,
}

/// A whole book (or, for Kraken, the subscribed top): it replaces what was there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookSnapshot {
    /// As sent (best first on every venue, but nothing here relies on it).
    pub bids: Vec<(i64, i64)>,
    pub asks: Vec<(i64, i64)>,
    /// µs: Bitstamp's `microtimestamp` (its sync key), else the message's time if any.
    pub time: Option<i64>,
    /// Kraken's CRC-32 of the book after this message.
    pub checksum: Option<u32>,
}

/// Changed levels, applied in the order sent (one message may change a price twice).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookUpdate {
    pub changes: Vec<LevelChange>,
    pub time: Option<i64>,
    pub checksum: Option<u32>,
}

/// One message's meaning for the pair's market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Snapshot(BookSnapshot),
    Update(BookUpdate),
    /// Trades with `tid` = the venue's trade id and `trade_type` the taker's side.
    Trades(Vec<TradeRecord>),
    /// A ticker: fields the venue does not publish are None.
    Ticker(TickerState),
    /// The book depth a subscription acknowledgement names (Kraken).
    Depth(usize),
    /// The pair's scales as the venue publishes them (Kraken's `instrument`).
    Scales(PairScales),
    /// The venue asks the client to reconnect (Bitstamp `bts:request_reconnect`): what follows
    /// is a new connection, whose book must be synchronised afresh.
    Reconnect,
}

/// What one line means for one pair's market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// What it changes, in order.
    Events(Vec<Event>),
    /// A message of the protocol that changes nothing here (heartbeat, status, a subscription
    /// acknowledgement without a depth, the venue's own error report).
    Control,
    /// Another pair's message.
    OtherPair,
    /// A channel, event or type this decoder does not know ("clients are expected to ignore
    /// messages they do not support", CB-WS): not an error.
    Unknown,
}

/// The error of a message about a pair whose scales are neither built in nor published yet.
pub(crate) fn unknown_scales(pair: Pair) -> Error {
    Error::UnknownCurrency { field: "pair", code: pair.to_string(), at: None }
}
