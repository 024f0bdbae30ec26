//! goxbook-feed: goxbook's live feed, a MtGox-protocol exchange — and beside it simulated
//! Bitstamp, Kraken and Coinbase Exchange ([`venues`]).
//!
//! It owns `goxbook serve` — the websocket at /mtgox and the HTTP API v0/v1/v2 of
//! PROTOCOL.md, fed by a matching-engine simulator ([`sim`], [`engine`]) or by the replay of
//! a capture ([`replay`]); the other venues' websockets (/bitstamp, /kraken, /coinbase) and
//! Bitstamp's REST book and ticker, fed by their own engines around one shared random walk
//! ([`walk`]); fault injection per venue ([`faults`]) — and `goxbook record` ([`record`]),
//! which writes captures of any venue, ours or the real exchanges' over TLS ([`tls`]: rustls
//! with the Mozilla roots compiled in; [`httpget`] for the REST bodies).
//!
//! It never defines a message of its own: every MtGox frame and body is built from
//! `goxbook_core::wire` types and encoded by them ([`encode`]), every other venue's frame is
//! the one its documentation shows (VENUES.md; the core has no wire types for them yet, so
//! [`venues`] writes them as text); and what the MtGox HTTP API serves
//! is the core's own `Market` fed with exactly the frames that were published ([`tracker`]),
//! so snapshots and stream agree by construction. It never panics on client input and never
//! lets a slow client grow memory: every session reads one bounded broadcast queue.
//!
//! Async stack: tokio with axum 0.8 (websockets through its `ws` feature, i.e.
//! tokio-tungstenite). Both are maintained by the tokio project's ecosystem, axum gives the
//! websocket upgrade, routing and graceful shutdown on hyper 1 in a few lines, and its
//! `WebSocket` is a plain `Sink`/`Stream`, so a session ([`session::run`]) is generic and
//! tested without sockets. The recorder and the load benchmark use tokio-tungstenite as a
//! client, the same crate axum uses, so the build carries one websocket implementation.

pub mod api;
pub mod channels;
pub mod cli;
pub mod encode;
pub mod engine;
pub mod faults;
pub mod httpget;
pub mod record;
pub mod replay;
pub mod rng;
pub mod server;
pub mod session;
mod shared;
pub mod sim;
pub mod stats;
pub mod tls;
pub mod tracker;
pub mod venues;
pub mod walk;

pub use server::{start, ServeOptions, ServerHandle, Source};
