//! Coinbase Exchange: the WebSocket feed (`wss://ws-feed.exchange.coinbase.com`).

pub mod sync;

pub use sync::CoinbaseSync;
