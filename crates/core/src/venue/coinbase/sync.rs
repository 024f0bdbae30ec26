//! Coinbase Exchange's `level2_batch` rule (CB-WS; VENUES.md §3): the `snapshot` (the whole
//! book) replaces the book; an `l2update` before any snapshot is ignored; after it, changes
//! apply in the order sent. Synced from the first snapshot (level messages carry no sequence
//! number, so a lost batch cannot be seen).

use crate::book::Book;
use crate::venue::event::{BookSnapshot, BookUpdate};
use crate::venue::levels::{self, BookStep};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoinbaseSync {
    seen_snapshot: bool,
}

impl CoinbaseSync {
    pub fn synced(&self) -> bool {
        self.seen_snapshot
    }

    pub fn snapshot(&mut self, book: &mut Book, snap: &BookSnapshot) -> BookStep {
        levels::replace(book, snap);
        self.seen_snapshot = true;
        BookStep::Replaced
    }

    pub fn update(&mut self, book: &mut Book, update: &BookUpdate) -> BookStep {
        if !self.seen_snapshot {
            return BookStep::BeforeSnapshot;
        }
        let mut changed = false;
        for &c in &update.changes {
            changed |= levels::set(book, c);
        }
        BookStep::Applied { changed }
    }
}
