//! Coinbase Exchange: the WebSocket feed (`wss://ws-feed.exchange.coinbase.com`).

pub mod book;
pub mod decode;
pub mod status;
pub mod sync;
pub mod ticker;
pub mod trade;

pub use decode::{decode, Message};
pub use sync::CoinbaseSync;
