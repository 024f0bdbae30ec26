//! goxbook-core-js: the core's JavaScript API — `new Market(options)`, `ingest`, `book`,
//! `ticker`, `trades`, `quote`, `crossRates` — and for Bitstamp, Kraken and Coinbase beside
//! MtGox, with the `venues` feature (the npm package's separate `goxbook/venues` wasm, not
//! `goxbook/core`: its size), `new
//! VenueMarket(venue, options)` (one venue's book, ticker and tape, its sync rule) and `new
//! Venues(options)` (several venues: their consolidated book and arbitrage table,
//! [`venue_views`]) — through wasm-bindgen (answers as JSON text that the engine parses: see
//! `views::Js`).
//!
//! It owns only the translation: answers are plain objects whose decimals are exact strings
//! (never JS numbers), one boundary crossing per call (never per level), and errors are JS
//! `Error`s carrying the core's `kind` and position. It never touches the DOM or the network;
//! the views are pure Rust ([`views`]) so they are tested natively.

pub mod venue_views;
pub mod views;

// The size-class allocator instead of dlmalloc (linking it is enough).
#[cfg(target_arch = "wasm32")]
use goxbook_alloc as _;
#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(all(target_arch = "wasm32", feature = "venues"))]
mod venue_bindings;
