//! Bitstamp: WebSocket API v2 (`wss://ws.bitstamp.net`) and HTTP API v2 bodies.

pub mod book;
pub mod decode;
pub mod pairs;
pub mod sync;
pub mod ticker;
pub mod trade;

pub use decode::{decode, Message};
pub use sync::BitstampSync;
