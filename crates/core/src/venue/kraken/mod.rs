//! Kraken's Spot WebSocket API v2 (`wss://ws.kraken.com/v2`).

pub mod book;
pub mod checksum;
pub mod control;
pub mod decode;
pub mod sync;
pub mod ticker;
pub mod trade;

pub use checksum::{checksum, checksum_levels, Crc32, CHECKSUM_LEVELS};
pub use decode::{decode, Message};
pub use sync::KrakenSync;
