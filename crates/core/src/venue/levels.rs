//! The three things every venue does to a level book, on the core's [`Book`]: replace it
//! with a snapshot, set a level's total, cut a side to a depth. Staleness is the venue's
//! sync rule (its own module), so levels carry no times here: the book's own per-level
//! staleness, made for MtGox's timed updates, never fires (every time is None).

use super::event::{BookSnapshot, LevelChange};
use crate::book::{Applied, Book, Side, SnapshotLevel, Update};

/// What one book message did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookStep {
    /// A snapshot replaced the book.
    Replaced,
    /// An update was applied (`changed`: whether a visible level changed).
    Applied { changed: bool },
    /// An update was kept to be applied after the first snapshot (Bitstamp).
    Held,
    /// An update no newer than the snapshot was dropped (Bitstamp).
    Stale,
    /// An update before any snapshot was ignored: it changes a book the client never had
    /// (Kraken, Coinbase).
    BeforeSnapshot,
}

/// A Kraken checksum that does not match the book after the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// What the venue sent.
    pub sent: u32,
    /// What our book gives.
    pub computed: u32,
}

/// Replaces `book` with `snap` (a level sent twice keeps its first amount; zero amounts are
/// not levels).
pub fn replace(book: &mut Book, snap: &BookSnapshot) {
    let conv = |v: &[(i64, i64)]| -> Vec<SnapshotLevel> {
        v.iter().map(|&(price, amount)| SnapshotLevel { price, amount, time: None }).collect()
    };
    *book = Book::new();
    book.apply_snapshot(None, &conv(&snap.asks), &conv(&snap.bids));
}

/// Sets one level's total (0 removes it); whether anything visible changed.
pub fn set(book: &mut Book, c: LevelChange) -> bool {
    book.apply(c.side, c.price, Update::Total(c.amount), None) == Applied::Changed
}

/// Keeps the best `depth` levels of each side.
pub fn truncate(book: &mut Book, depth: usize) {
    for side in [Side::Bid, Side::Ask] {
        let beyond: Vec<i64> = book.levels(side).skip(depth).map(|l| l.price).collect();
        for price in beyond {
            book.apply(side, price, Update::Total(0), None);
        }
    }
}
