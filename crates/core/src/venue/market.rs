//! One venue's market for one pair: its book kept by the venue's sync rule, its trades tape
//! and its ticker, fed venue-neutral [`Event`]s.

use super::bitstamp::{self, BitstampSync};
use super::coinbase::{self, CoinbaseSync};
use super::event::{Event, Meaning};
use super::kraken::{self, KrakenSync};
use super::levels::{BookStep, Mismatch};
use super::pair::{Pair, PairScales, Venue, VenueScales};
use crate::book::Book;
use crate::error::Error;
use crate::market::{Market, MarketOptions, TickerState};
use crate::tape::{Tape, DEFAULT_TAPE_CAPACITY};

/// Each venue's sync state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// MtGox: synced from its first full depth.
    MtGox {
        seen_full_depth: bool,
    },
    Bitstamp(BitstampSync),
    Kraken(KrakenSync),
    Coinbase(CoinbaseSync),
}

impl SyncState {
    pub fn new(venue: Venue) -> Self {
        match venue {
            Venue::MtGox => SyncState::MtGox { seen_full_depth: false },
            Venue::Bitstamp => SyncState::Bitstamp(BitstampSync::default()),
            Venue::Kraken => SyncState::Kraken(KrakenSync::default()),
            Venue::Coinbase => SyncState::Coinbase(CoinbaseSync::default()),
        }
    }

    pub fn synced(&self) -> bool {
        match self {
            SyncState::MtGox { seen_full_depth } => *seen_full_depth,
            SyncState::Bitstamp(s) => s.synced(),
            SyncState::Kraken(s) => s.synced(),
            SyncState::Coinbase(s) => s.synced(),
        }
    }
}

/// What one event changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VenueChange {
    pub book: bool,
    pub ticker: bool,
    pub tape: bool,
    /// The pair's scales changed (the state was reset: its ticks meant the old scales).
    pub scales: bool,
    /// The line was about another pair, or of a kind this decoder does not know: nothing applied.
    pub ignored: bool,
    /// What a book message did.
    pub step: Option<BookStep>,
    /// Kraken: the checksum after this message did not match.
    pub mismatch: Option<Mismatch>,
}

impl VenueChange {
    /// Whether any visible state changed.
    pub fn any(&self) -> bool {
        self.book || self.ticker || self.tape || self.scales
    }
}

/// One pair's market on one venue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueMarket {
    venue: Venue,
    pair: Pair,
    scales: VenueScales,
    book: Book,
    tape: Tape,
    ticker: Option<TickerState>,
    sync: SyncState,
    /// Lines refused (undecodable, or not meaningful for this pair): counted, never applied.
    pub rejected: usize,
    /// Kraken checksum mismatches seen.
    pub mismatches: usize,
    /// MtGox: the core's own [`Market`] keeps its state (its depth rules are MtGox's own).
    mtgox: Option<Box<Market>>,
    /// What [`VenueMarket::book`] shows for MtGox before its market has the pair.
    empty: Book,
}

impl VenueMarket {
    pub fn new(venue: Venue, pair: Pair) -> Self {
        VenueMarket::with_tape(venue, pair, DEFAULT_TAPE_CAPACITY)
    }

    pub fn with_tape(venue: Venue, pair: Pair, tape_capacity: usize) -> Self {
        VenueMarket {
            venue,
            pair,
            scales: VenueScales::new(venue),
            book: Book::new(),
            tape: Tape::new(tape_capacity),
            ticker: None,
            sync: SyncState::new(venue),
            rejected: 0,
            mismatches: 0,
            mtgox: (venue == Venue::MtGox)
                .then(|| Box::new(Market::new(MarketOptions { tape_capacity, default_currency: pair.quote }))),
            empty: Book::new(),
        }
    }

    pub fn venue(&self) -> Venue {
        self.venue
    }

    pub fn pair(&self) -> Pair {
        self.pair
    }

    /// The pair's scales on this venue (None until known: a pair neither built in nor published).
    pub fn scales(&self) -> Option<PairScales> {
        match &self.mtgox {
            Some(m) => Some(PairScales {
                price: m.scales().decimals(self.pair.quote)?,
                amount: m.scales().decimals(self.pair.base)?,
            }),
            None => self.scales.get(self.pair),
        }
    }

    /// Every scale this venue has published or has built in.
    pub fn venue_scales(&self) -> &VenueScales {
        &self.scales
    }

    pub fn book(&self) -> &Book {
        match &self.mtgox {
            Some(m) => m.get(self.pair.quote).map_or(&self.empty, |s| &s.book),
            None => &self.book,
        }
    }

    pub fn tape(&self) -> &Tape {
        match self.mtgox.as_ref().and_then(|m| m.get(self.pair.quote)) {
            Some(s) => &s.tape,
            None => &self.tape,
        }
    }

    pub fn ticker(&self) -> Option<&TickerState> {
        match &self.mtgox {
            Some(m) => m.get(self.pair.quote)?.ticker.as_ref(),
            None => self.ticker.as_ref(),
        }
    }

    /// Decodes one line of this venue (a websocket frame or a REST body) and applies what it
    /// means for the pair. A line that cannot be decoded — or whose numbers do not fit the
    /// pair's scales — is an error with its position; it is counted in `rejected` and changes
    /// nothing (every number is converted before any state is touched). A line of another pair,
    /// or of a channel or type not known, is not an error: `ignored`.
    pub fn ingest(&mut self, line: &str) -> Result<VenueChange, Error> {
        let meaning = match self.interpret(line) {
            Ok(m) => m,
            Err(e) => {
                self.rejected += 1;
                return Err(e);
            }
        };
        let mut change = VenueChange::default();
        match meaning {
            Meaning::Events(events) => {
                for e in events {
                    let c = self.apply(e);
                    change.book |= c.book;
                    change.ticker |= c.ticker;
                    change.tape |= c.tape;
                    change.scales |= c.scales;
                    change.step = c.step.or(change.step);
                    change.mismatch = c.mismatch.or(change.mismatch);
                }
            }
            Meaning::Control => {}
            Meaning::OtherPair | Meaning::Unknown => change.ignored = true,
        }
        Ok(change)
    }

    fn interpret(&mut self, line: &str) -> Result<Meaning, Error> {
        let (pair, scales) = (self.pair, self.scales());
        match self.venue {
            Venue::Bitstamp => bitstamp::decode(line)?.meaning(line, pair, scales),
            Venue::Kraken => kraken::decode(line)?.meaning(line, pair, scales),
            Venue::Coinbase => coinbase::decode(line)?.meaning(line, pair, scales),
            Venue::MtGox => {
                // Applied here, by the core's MtGox market; only whether it was a full depth
                // (MtGox's snapshot: what makes its book synced) is read from the payload.
                let decoded = crate::wire::decode_annotated(line)?;
                let full_depth = matches!(
                    &decoded.payload,
                    crate::wire::Payload::Http { body: crate::wire::HttpBody::Depth(_), .. }
                );
                let Some(m) = self.mtgox.as_mut() else { return Ok(Meaning::Control) };
                let c = m.apply(line, &decoded)?;
                if full_depth && c.currency.is_none_or(|cur| cur == pair.quote) {
                    self.sync = SyncState::MtGox { seen_full_depth: true };
                }
                Ok(if c.currency.is_some_and(|cur| cur != pair.quote) { Meaning::OtherPair } else { Meaning::Control })
            }
        }
    }

    pub fn sync(&self) -> &SyncState {
        &self.sync
    }

    /// Whether the book is known right: from its first snapshot; for Kraken, not after a
    /// checksum mismatch until the next snapshot; for Bitstamp, not after a reconnect request
    /// until the next snapshot.
    pub fn synced(&self) -> bool {
        self.sync.synced()
    }

    /// Applies one event. Events never fail: everything that can be wrong was found while
    /// converting the message to ticks. (A MtGox market ignores book events: its lines go
    /// through the core's MtGox [`Market`] in [`VenueMarket::ingest`].)
    pub fn apply(&mut self, event: Event) -> VenueChange {
        let mut change = VenueChange::default();
        match event {
            Event::Snapshot(snap) => {
                let (step, mismatch) = match &mut self.sync {
                    // MtGox's lines go through its own Market (`ingest`): not through events.
                    SyncState::MtGox { .. } => return change,
                    SyncState::Bitstamp(s) => (s.snapshot(&mut self.book, &snap), None),
                    SyncState::Kraken(s) => s.snapshot(&mut self.book, &snap),
                    SyncState::Coinbase(s) => (s.snapshot(&mut self.book, &snap), None),
                };
                change.book = true;
                change.step = Some(step);
                change.mismatch = mismatch;
            }
            Event::Update(update) => {
                let (step, mismatch) = match &mut self.sync {
                    SyncState::MtGox { .. } => return change,
                    SyncState::Bitstamp(s) => (s.diff(&mut self.book, update), None),
                    SyncState::Kraken(s) => s.update(&mut self.book, &update),
                    SyncState::Coinbase(s) => (s.update(&mut self.book, &update), None),
                };
                change.book = matches!(step, BookStep::Applied { changed: true } | BookStep::Replaced);
                change.step = Some(step);
                change.mismatch = mismatch;
            }
            Event::Trades(trades) => {
                for t in trades {
                    change.tape |= self.tape.insert(t);
                }
            }
            Event::Ticker(t) => {
                change.ticker = self.ticker.as_ref() != Some(&t);
                self.ticker = Some(t);
            }
            Event::Depth(depth) => {
                if let SyncState::Kraken(s) = &mut self.sync {
                    s.set_depth(depth);
                }
            }
            Event::Scales(scales) => {
                if self.scales.learn(self.pair, scales) {
                    // Ticks at the old scales mean nothing at the new ones: start again.
                    let keep = self.tape.capacity();
                    self.book = Book::new();
                    self.tape = Tape::new(keep);
                    self.ticker = None;
                    let depth = match &self.sync {
                        SyncState::Kraken(s) => Some(s.depth()),
                        _ => None,
                    };
                    self.sync = SyncState::new(self.venue);
                    if let (SyncState::Kraken(s), Some(d)) = (&mut self.sync, depth) {
                        s.set_depth(d);
                    }
                    change.scales = true;
                }
            }
            Event::Reconnect => {
                if let SyncState::Bitstamp(s) = &mut self.sync {
                    s.reconnect();
                }
            }
        }
        if change.mismatch.is_some() {
            self.mismatches += 1;
        }
        change
    }
}
