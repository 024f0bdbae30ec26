//! The venues beside MtGox that `goxbook serve` simulates — Bitstamp (websocket v2 and its
//! REST order book and ticker), Kraken (websocket v2) and Coinbase Exchange (websocket feed) —
//! each with its own matching engines and order flow around one shared random walk
//! ([`crate::walk`]), so their prices differ a little and cross from time to time.
//!
//! [`feed`] runs the venues' markets and publishes what each step did as [`feed::VenueEvent`]s;
//! [`session`] runs one client connection of any venue, and each venue's module
//! ([`bitstamp`], [`kraken`], [`coinbase`]) turns requests and events into that venue's
//! frames, exactly as its documentation shows them (the sources are named beside each frame;
//! the facts are collected in VENUES.md). Where the documentation is silent the choice made is
//! written beside the code.
//!
//! The venues and pairs are the core's ([`Venue`], [`Pair`]) and so are their scales
//! ([`builtin_scales`]): what the simulator writes is at the scales the core decodes.

pub mod bitstamp;
pub mod coinbase;
pub mod feed;
pub mod kraken;
pub mod market;
pub mod serve;
pub mod session;
pub mod text;

pub use goxbook_core::venue::{builtin_scales, Pair, PairScales, Venue};

/// The venues simulated by [`feed`] (MtGox has its own simulator, [`crate::sim`]).
pub const SIMULATED: [Venue; 3] = [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase];

/// The pairs every simulated venue lists; a market's pair index points into this.
pub const PAIRS: [Pair; 2] = [Pair::BTC_USD, Pair::BTC_EUR];

/// The websocket's path on the server.
pub fn path(venue: Venue) -> &'static str {
    match venue {
        Venue::MtGox => "/mtgox",
        Venue::Bitstamp => "/bitstamp",
        Venue::Kraken => "/kraken",
        Venue::Coinbase => "/coinbase",
    }
}

/// A small index for per-venue tables (0..4, in [`Venue::ALL`]'s order).
pub fn index(venue: Venue) -> usize {
    Venue::ALL.iter().position(|&v| v == venue).unwrap_or(0)
}

/// The scales of every simulated pair at `venue` (BTC/USD and BTC/EUR share them): the
/// core's built-in table, which is what the venues document.
pub fn scales(venue: Venue) -> PairScales {
    // BTC/USD is in the core's table for every venue; the fallback is never taken.
    builtin_scales(venue, Pair::BTC_USD).unwrap_or(PairScales { price: 2, amount: 8 })
}

/// Parses "bitstamp,kraken" (or "all"); the error names the unknown venue.
pub fn parse_venues(list: &str) -> Result<Vec<Venue>, String> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if name.eq_ignore_ascii_case("all") {
            out = Venue::ALL.to_vec();
            continue;
        }
        let v = Venue::parse(name)
            .ok_or_else(|| format!("unknown venue {name:?} (expected mtgox, bitstamp, kraken, coinbase or all)"))?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.is_empty() {
        return Err("no venue given".into());
    }
    Ok(out)
}

/// The index into [`PAIRS`] of a pair named exactly as `venue` names it (venues' symbols
/// are case-sensitive, except Bitstamp's REST paths which the caller lower-cases).
pub fn pair_index(venue: Venue, name: &str) -> Option<usize> {
    PAIRS.iter().position(|p| p.venue_name(venue) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venues_and_pairs() {
        assert_eq!(parse_venues("kraken, Bitstamp,kraken").unwrap(), vec![Venue::Kraken, Venue::Bitstamp]);
        assert_eq!(parse_venues("all").unwrap(), Venue::ALL.to_vec());
        assert!(parse_venues("kraken,ftx").unwrap_err().contains("ftx"));
        assert!(parse_venues(" ").is_err());
        assert_eq!(pair_index(Venue::Kraken, "BTC/EUR"), Some(1));
        assert_eq!(pair_index(Venue::Coinbase, "BTC-USD"), Some(0));
        assert_eq!(pair_index(Venue::Bitstamp, "btceur"), Some(1));
        assert_eq!(pair_index(Venue::Bitstamp, "BTC-USD"), None);
        assert_eq!(SIMULATED.map(|v| scales(v).price), [2, 1, 2]);
        assert_eq!(SIMULATED.map(index), [1, 2, 3]);
        assert_eq!(path(Venue::Kraken), "/kraken");
    }
}
