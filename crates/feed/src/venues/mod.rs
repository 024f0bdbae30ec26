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
//! `Venue` is the feed's own enum until the core has one (the lead unifies them).

pub mod bitstamp;
pub mod coinbase;
pub mod feed;
pub mod kraken;
pub mod market;
pub mod serve;
pub mod session;
pub mod text;

/// A venue `goxbook serve` can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Venue {
    MtGox,
    Bitstamp,
    Kraken,
    Coinbase,
}

impl Venue {
    pub const ALL: [Venue; 4] = [Venue::MtGox, Venue::Bitstamp, Venue::Kraken, Venue::Coinbase];
    /// The venues simulated by [`feed`] (MtGox has its own simulator, [`crate::sim`]).
    pub const SIMULATED: [Venue; 3] = [Venue::Bitstamp, Venue::Kraken, Venue::Coinbase];

    pub fn as_str(self) -> &'static str {
        match self {
            Venue::MtGox => "mtgox",
            Venue::Bitstamp => "bitstamp",
            Venue::Kraken => "kraken",
            Venue::Coinbase => "coinbase",
        }
    }

    pub fn parse(name: &str) -> Option<Venue> {
        Venue::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The websocket's path on the server.
    pub fn path(self) -> &'static str {
        match self {
            Venue::MtGox => "/mtgox",
            Venue::Bitstamp => "/bitstamp",
            Venue::Kraken => "/kraken",
            Venue::Coinbase => "/coinbase",
        }
    }

    /// Decimals of a BTC pair's prices: Bitstamp `counter_decimals` 2 (trading-pairs-info),
    /// Kraken `price_precision` 1 (instrument channel, AssetPairs `pair_decimals`), Coinbase
    /// `quote_increment` "0.01" (products); MtGox's USD scale for completeness.
    pub fn price_decimals(self) -> u32 {
        match self {
            Venue::MtGox => 5,
            Venue::Bitstamp | Venue::Coinbase => 2,
            Venue::Kraken => 1,
        }
    }

    /// A small index for per-venue tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Decimals of BTC amounts at every venue (1e-8: Bitstamp `base_decimals` 8, Kraken
/// `qty_precision` 8, Coinbase `base_increment` "0.00000001").
pub const AMOUNT_DECIMALS: u32 = 8;

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

/// The quote currencies of the pairs every simulated venue lists (BTC/USD, BTC/EUR).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quote {
    Usd,
    Eur,
}

pub const QUOTES: [Quote; 2] = [Quote::Usd, Quote::Eur];

impl Quote {
    pub fn code(self) -> &'static str {
        match self {
            Quote::Usd => "USD",
            Quote::Eur => "EUR",
        }
    }

    /// The pair's name in a venue's protocol: Bitstamp `btcusd`, Kraken v2 `BTC/USD`,
    /// Coinbase `BTC-USD`, MtGox `BTCUSD`.
    pub fn pair_name(self, venue: Venue) -> String {
        match venue {
            Venue::Bitstamp => format!("btc{}", self.code().to_ascii_lowercase()),
            Venue::Kraken => format!("BTC/{}", self.code()),
            Venue::Coinbase => format!("BTC-{}", self.code()),
            Venue::MtGox => format!("BTC{}", self.code()),
        }
    }
}

/// The index into [`QUOTES`] of a pair named as `venue` names it (exactly: venues'
/// symbols are case-sensitive, except Bitstamp's REST paths which it lower-cases).
pub fn pair_index(venue: Venue, name: &str) -> Option<usize> {
    QUOTES.iter().position(|q| q.pair_name(venue) == name)
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
        assert_eq!(Venue::SIMULATED.map(|v| v.price_decimals()), [2, 1, 2]);
    }
}
