//! Kraken v2's book rule (KR-CK, KR-V2 `book`; VENUES.md §2): an update before the first
//! snapshot is ignored; a snapshot replaces the book; levels apply in the order sent; after
//! every message each side is cut to the subscribed depth (the acknowledgement's `depth`, 10
//! when none was seen) and the checksum is verified. The book is synced from a snapshot whose
//! checksum matches; a mismatch unsyncs it until the next snapshot, and the updates in
//! between still apply (the docs leave this open: applying them keeps the book as close as
//! it can be, and only a snapshot proves it right again, so a later matching checksum does
//! not resync it).

use super::checksum::checksum;
use crate::book::Book;
use crate::venue::event::{BookSnapshot, BookUpdate};
use crate::venue::levels::{self, BookStep, Mismatch};

/// The depth of a subscription that names none (KR-V2 `book`: default 10).
pub const DEFAULT_DEPTH: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KrakenSync {
    depth: usize,
    seen_snapshot: bool,
    synced: bool,
}

impl Default for KrakenSync {
    fn default() -> Self {
        KrakenSync { depth: DEFAULT_DEPTH, seen_snapshot: false, synced: false }
    }
}

impl KrakenSync {
    pub fn synced(&self) -> bool {
        self.synced
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The depth an acknowledgement names (at least 1); the book is cut to it at the next message.
    pub fn set_depth(&mut self, depth: usize) {
        self.depth = depth.max(1);
    }

    pub fn snapshot(&mut self, book: &mut Book, snap: &BookSnapshot) -> (BookStep, Option<Mismatch>) {
        levels::replace(book, snap);
        levels::truncate(book, self.depth);
        self.seen_snapshot = true;
        let mismatch = verify(book, snap.checksum);
        self.synced = mismatch.is_none();
        (BookStep::Replaced, mismatch)
    }

    pub fn update(&mut self, book: &mut Book, update: &BookUpdate) -> (BookStep, Option<Mismatch>) {
        if !self.seen_snapshot {
            return (BookStep::BeforeSnapshot, None);
        }
        let mut changed = false;
        for &c in &update.changes {
            changed |= levels::set(book, c);
        }
        levels::truncate(book, self.depth);
        let mismatch = verify(book, update.checksum);
        if mismatch.is_some() {
            self.synced = false;
        }
        (BookStep::Applied { changed }, mismatch)
    }
}

fn verify(book: &Book, sent: Option<u32>) -> Option<Mismatch> {
    let sent = sent?;
    let computed = checksum(book);
    (computed != sent).then_some(Mismatch { sent, computed })
}
