//! Kraken's Spot WebSocket API v2 (`wss://ws.kraken.com/v2`).

pub mod checksum;

pub use checksum::{checksum, checksum_levels, Crc32, CHECKSUM_LEVELS};
