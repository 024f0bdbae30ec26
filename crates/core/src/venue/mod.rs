//! The venues beside MtGox — Bitstamp, Kraken and Coinbase Exchange — for one pair each: the
//! venue and pair names and scales ([`pair`]), the venue-neutral meaning of a message
//! ([`event`]), each venue's sync rule (`<venue>/sync.rs`) and the market they keep
//! ([`market`]). Protocol facts and their sources: VENUES.md.
//!
//! Imports run one way: pair → event → levels → each venue → market.

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
