//! Bitstamp: WebSocket API v2 (`wss://ws.bitstamp.net`) and HTTP API v2 bodies.

pub mod sync;

pub use sync::BitstampSync;
