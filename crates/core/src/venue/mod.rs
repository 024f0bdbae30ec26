//! The venues beside MtGox: Bitstamp, Kraken and Coinbase Exchange.

pub mod kraken;
