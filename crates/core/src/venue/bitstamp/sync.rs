//! Bitstamp's sync rule (VENUES.md §1 "Syncing a diff book"; ccxt's `handleOrderBook`): a
//! snapshot — the REST `order_book` body or an `order_book_{pair}` message (the top 100,
//! whole each time) — replaces the book; a `diff_order_book_{pair}` message whose
//! `microtimestamp` is at or before the last snapshot's is stale (equal is stale); diffs that
//! arrive before the first snapshot are held and applied after it, in arrival order, when
//! newer than it.
//!
//! Choices where the docs are silent: after `bts:request_reconnect` the book keeps its
//! levels but is unsynced, and later diffs are held as before a first snapshot (the new
//! connection's diffs cannot be trusted to continue the old one's until a snapshot comes);
//! diffs are not compared with each other (nothing says an older diff can follow a newer
//! one, and levels are totals, so order of arrival is what is applied); at most
//! [`MAX_HELD`] diffs are held, the oldest dropped first (the likeliest to be covered by the
//! snapshot still to come); a later snapshot (a client's resync) simply replaces the book and
//! becomes the bar for the diffs after it — the diffs that arrived while it was fetched
//! applied meanwhile, and those no newer than it are stale once it is in.

use crate::book::Book;
use crate::venue::event::{BookSnapshot, BookUpdate};
use crate::venue::levels::{self, BookStep};
use std::collections::VecDeque;

/// How many diffs are held while waiting for a snapshot (Bitstamp sends about 10 a second
/// per busy pair: minutes of diffs).
pub const MAX_HELD: usize = 4096;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BitstampSync {
    /// The last snapshot's `microtimestamp`; None before the first.
    snapshot_time: Option<i64>,
    /// Waiting for a snapshot after a reconnect.
    waiting: bool,
    held: VecDeque<BookUpdate>,
}

impl BitstampSync {
    pub fn synced(&self) -> bool {
        self.snapshot_time.is_some() && !self.waiting
    }

    /// The diffs held now.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    pub fn snapshot(&mut self, book: &mut Book, snap: &BookSnapshot) -> BookStep {
        levels::replace(book, snap);
        let t = snap.time.unwrap_or(i64::MIN);
        self.snapshot_time = Some(t);
        self.waiting = false;
        for diff in std::mem::take(&mut self.held) {
            if diff.time.is_some_and(|d| d > t) {
                for &c in &diff.changes {
                    levels::set(book, c);
                }
            }
        }
        BookStep::Replaced
    }

    /// A diff; one without a time (which the decoder never produces) counts as stale.
    pub fn diff(&mut self, book: &mut Book, diff: BookUpdate) -> BookStep {
        match self.snapshot_time {
            Some(t) if !self.waiting => {
                if diff.time.is_none_or(|d| d <= t) {
                    return BookStep::Stale;
                }
                let mut changed = false;
                for &c in &diff.changes {
                    changed |= levels::set(book, c);
                }
                BookStep::Applied { changed }
            }
            _ => {
                if self.held.len() >= MAX_HELD {
                    self.held.pop_front();
                }
                self.held.push_back(diff);
                BookStep::Held
            }
        }
    }

    /// The venue asked for a reconnect.
    pub fn reconnect(&mut self) {
        self.waiting = true;
    }
}
