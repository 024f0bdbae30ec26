//! The venues beside MtGox — Bitstamp, Kraken and Coinbase Exchange — for one pair each: the
//! venue and pair names and scales ([`pair`]), the venue-neutral meaning of a message
//! ([`event`]), each venue's decoders (one module per message kind, its raw JSON example in
//! the doc beside it, all on the core's one lexer through `json`), its sync rule
//! (`<venue>/sync.rs`), and the market they keep ([`market`]). Protocol facts and their
//! sources: VENUES.md. Choices where the docs are silent are stated where they are made.
//!
//! Imports run one way: pair, time → event → levels, json → each venue → market.

pub mod bitstamp;
pub mod coinbase;
pub mod event;
mod json;
pub mod kraken;
pub mod levels;
pub mod market;
pub mod pair;
pub mod time;

pub use event::{BookSnapshot, BookUpdate, Event, LevelChange, Meaning};
pub use levels::{BookStep, Mismatch};
pub use market::{SyncState, VenueChange, VenueMarket};
pub use pair::{builtin_scales, Pair, PairScales, Venue, VenueScales};
