//! goxbook-core: the MtGox market-data protocol, decoded exactly, and the market it describes.
//!
//! It owns the wire types of every streaming and HTTP (v0/v1/v2) payload ([`wire`]), with
//! one entry point that recognises any of them ([`decode`]); exact money as i64 ticks at
//! each currency's scale ([`money`]); and per currency an order book, ticker and trades
//! tape ([`Market`]) with the queries a market display asks. Beside MtGox, the venues that
//! still run — Bitstamp, Kraken v2, Coinbase Exchange — decoded on the same lexer into the
//! same book, tape and ticker types, each pair kept by its venue's sync rule
//! ([`venue::VenueMarket`]); the consolidated book of a pair across venues
//! ([`consolidated`]) and the arbitrage table between them ([`arbitrage`]).
//!
//! It never does IO, never uses a binary float for money, never panics on input, never
//! half-trusts a payload (one undecodable field rejects it whole), and knows nothing of
//! browsers or sockets: it builds for the host and for wasm32 alike. serde's decoding of the
//! wire types (the reference the hand-written decoders are checked against) exists only under
//! the `reference` feature, for this crate's tests and benchmarks.
//!
//! ```
#![doc = include_str!("../doc/example.rs")]
//! ```

pub mod analytics;
pub mod arbitrage;
pub mod book;
pub mod consolidated;
pub mod error;
pub mod market;
pub mod money;
pub mod queries;
pub mod tape;
pub mod venue;
pub mod wire;

pub use analytics::{CrossRates, CurvePoint, RateInput, RateSource};
pub use book::{Applied, Book, Level, Side, SnapshotLevel, Update};
pub use error::{Error, NumberProblem, Position, Quoted};
pub use market::{Change, CurrencyState, Market, MarketOptions, TickerState};
pub use money::{format_decimal, format_ticks, Currency, Scales};
pub use queries::{group_levels, DepthRow, Impact, AMOUNT_DECIMALS};
pub use tape::{Tape, TradeRecord, TradeType};
pub use venue::{Pair, PairScales, Venue, VenueMarket};
pub use wire::{decode, decode_annotated, Decoded, HttpBody, Payload};
