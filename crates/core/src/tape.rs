//! One currency's trades tape: deduplicated by tid, ordered by tid, bounded.

use std::collections::VecDeque;

/// Who was the aggressor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TradeType {
    /// "bid": the buyer took an ask.
    Bid,
    /// "ask": the seller hit a bid.
    Ask,
    /// "" in the oldest trades.
    Unknown,
}

impl TradeType {
    pub fn parse(s: Option<&str>) -> TradeType {
        match s {
            Some("bid") => TradeType::Bid,
            Some("ask") => TradeType::Ask,
            _ => TradeType::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TradeType::Bid => "bid",
            TradeType::Ask => "ask",
            TradeType::Unknown => "",
        }
    }
}

/// A trade in ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TradeRecord {
    /// The trade's identity, which orders the tape: MtGox's tid (a µs time); on the other
    /// venues their trade id (Bitstamp `id`, Kraken `trade_id`, Coinbase `trade_id`).
    pub tid: i64,
    /// Seconds since the epoch (from `date`, else derived from the tid).
    pub date: i64,
    /// Price in ticks of the tape's currency.
    pub price: i64,
    /// Amount in 1e-8 of the item.
    pub amount: i64,
    pub trade_type: TradeType,
    /// `primary`: Some(true) for "Y", Some(false) for "N" (a converted copy), None when absent.
    pub primary: Option<bool>,
}

/// The default bound of a tape.
pub const DEFAULT_TAPE_CAPACITY: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tape {
    trades: VecDeque<TradeRecord>,
    capacity: usize,
}

impl Default for Tape {
    fn default() -> Self {
        Tape::new(DEFAULT_TAPE_CAPACITY)
    }
}

impl Tape {
    pub fn new(capacity: usize) -> Self {
        Tape { trades: VecDeque::new(), capacity: capacity.max(1) }
    }

    /// Adds a trade; false when it was already there (same tid) or is older than a full tape.
    pub fn insert(&mut self, t: TradeRecord) -> bool {
        let at = match self.trades.back() {
            Some(last) if last.tid < t.tid => self.trades.len(),
            None => 0,
            _ => match self.trades.binary_search_by_key(&t.tid, |x| x.tid) {
                Ok(_) => return false,
                Err(i) => i,
            },
        };
        if at == 0 && self.trades.len() >= self.capacity {
            return false;
        }
        self.trades.insert(at, t);
        if self.trades.len() > self.capacity {
            self.trades.pop_front();
        }
        true
    }

    /// Removes a trade by tid (cancelledtrades); whether it was there.
    pub fn remove(&mut self, tid: i64) -> bool {
        match self.trades.binary_search_by_key(&tid, |x| x.tid) {
            Ok(i) => {
                self.trades.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TradeRecord> + ExactSizeIterator + '_ {
        self.trades.iter()
    }

    /// The newest trade.
    pub fn last(&self) -> Option<&TradeRecord> {
        self.trades.back()
    }

    pub fn len(&self) -> usize {
        self.trades.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trades.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }
}
