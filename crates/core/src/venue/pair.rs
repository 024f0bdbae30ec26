//! Venues, pairs, and each pair's price and amount scales on each venue.

use crate::money::{Currency, Scales};
use std::fmt;

/// A market-data source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Venue {
    MtGox,
    Bitstamp,
    Kraken,
    Coinbase,
}

impl Venue {
    pub const ALL: [Venue; 4] = [Venue::MtGox, Venue::Bitstamp, Venue::Kraken, Venue::Coinbase];

    /// The name used on the command line and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Venue::MtGox => "mtgox",
            Venue::Bitstamp => "bitstamp",
            Venue::Kraken => "kraken",
            Venue::Coinbase => "coinbase",
        }
    }

    /// Parses a name, case-insensitively.
    pub fn parse(name: &str) -> Option<Venue> {
        Venue::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Venue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A base/quote pair such as BTC/USD. Kraken's and REST's `XBT` is BTC.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pair {
    pub base: Currency,
    pub quote: Currency,
}

impl Pair {
    pub const BTC_USD: Pair = Pair { base: Currency::BTC, quote: Currency::USD };
    pub const BTC_EUR: Pair = Pair { base: Currency::BTC, quote: Currency::EUR };

    pub fn new(base: Currency, quote: Currency) -> Pair {
        Pair { base, quote }
    }

    /// Parses "BTC/USD" (Kraken, ours), "BTC-USD" (Coinbase), "btcusd" (Bitstamp: 3 + 3
    /// letters, the only split its names allow without a table) or "BTCUSD".
    pub fn parse(text: &str) -> Option<Pair> {
        let (base, quote) = match text.find(['/', '-']) {
            Some(i) => (text.get(..i)?, text.get(i + 1..)?),
            // `split_at_checked` (always Some on ASCII): `split_at` links the char-boundary
            // panic's formatting into the wasm.
            None if text.len() == 6 && text.is_ascii() => text.split_at_checked(3)?,
            None => return None,
        };
        let base = Currency::new(base)?;
        let base = if base.as_str() == "XBT" { Currency::BTC } else { base };
        Some(Pair { base, quote: Currency::new(quote)? })
    }

    /// The pair as `venue` names it: "btcusd" (Bitstamp), "BTC/USD" (Kraken v2), "BTC-USD"
    /// (Coinbase), "BTCUSD" (MtGox's channel names carry the quote currency only).
    pub fn venue_name(&self, venue: Venue) -> String {
        let (b, q) = (self.base.as_str(), self.quote.as_str());
        match venue {
            Venue::Bitstamp => format!("{b}{q}").to_ascii_lowercase(),
            Venue::Kraken => format!("{b}/{q}"),
            Venue::Coinbase => format!("{b}-{q}"),
            Venue::MtGox => format!("{b}{q}"),
        }
    }

    /// Whether `name` (as a venue writes it) is this pair.
    pub fn is_named(&self, name: &str) -> bool {
        Pair::parse(name) == Some(*self)
    }
}

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.quote)
    }
}

impl fmt::Debug for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A pair's scales: price ticks are 10^-`price` of the quote currency, amount ticks
/// 10^-`amount` of the base currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PairScales {
    pub price: u32,
    pub amount: u32,
}

/// The documented increments of BTC/USD and BTC/EUR on each venue (VENUES.md "Precision"):
/// Bitstamp `counter_decimals` 2 / `base_decimals` 8 (trading-pairs-info); Kraken
/// `price_precision` 1 / `qty_precision` 8 (`instrument`, AssetPairs `pair_decimals` /
/// `lot_decimals`); Coinbase `quote_increment` 0.01 / `base_increment` 0.00000001 (products).
/// MtGox uses its protocol's currency scales (USD and EUR 1e-5, BTC 1e-8).
pub fn builtin_scales(venue: Venue, pair: Pair) -> Option<PairScales> {
    if venue == Venue::MtGox {
        let s = Scales::default();
        return Some(PairScales { price: s.decimals(pair.quote)?, amount: s.decimals(pair.base)? });
    }
    if pair != Pair::BTC_USD && pair != Pair::BTC_EUR {
        return None;
    }
    Some(match venue {
        Venue::Bitstamp | Venue::Coinbase => PairScales { price: 2, amount: 8 },
        Venue::Kraken => PairScales { price: 1, amount: 8 },
        Venue::MtGox => return None, // handled above
    })
}

/// One venue's scales: those it published (Kraken's `instrument` channel) over the built-in ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueScales {
    venue: Venue,
    learned: Vec<(Pair, PairScales)>,
}

impl VenueScales {
    pub fn new(venue: Venue) -> Self {
        VenueScales { venue, learned: Vec::new() }
    }

    pub fn venue(&self) -> Venue {
        self.venue
    }

    /// The pair's scales: learned, else built in; None when neither is known.
    pub fn get(&self, pair: Pair) -> Option<PairScales> {
        self.learned.iter().find(|(p, _)| *p == pair).map(|&(_, s)| s).or_else(|| builtin_scales(self.venue, pair))
    }

    /// Records the venue's published scales for a pair; returns whether they differ from
    /// what was known (then ticks held at the old scales mean nothing).
    pub fn learn(&mut self, pair: Pair, scales: PairScales) -> bool {
        let before = self.get(pair);
        match self.learned.iter_mut().find(|(p, _)| *p == pair) {
            Some(entry) => entry.1 = scales,
            None => self.learned.push((pair, scales)),
        }
        before != Some(scales)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_parse_in_every_venue_spelling() {
        for name in ["BTC/USD", "BTC-USD", "btcusd", "BTCUSD", "XBT/USD", "btc/usd"] {
            assert_eq!(Pair::parse(name), Some(Pair::BTC_USD), "{name}");
        }
        assert_eq!(Pair::parse("MATIC/USD").map(|p| p.base.as_str().to_string()), Some("MATIC".into()));
        for bad in ["", "BTC", "BTC/", "/USD", "btcusdt", "B!C/USD"] {
            assert_eq!(Pair::parse(bad), None, "{bad}");
        }
        for v in Venue::ALL {
            assert_eq!(Pair::parse(&Pair::BTC_EUR.venue_name(v)), Some(Pair::BTC_EUR), "{v}");
        }
        assert_eq!(Pair::BTC_USD.venue_name(Venue::Bitstamp), "btcusd");
    }

    #[test]
    fn scales_built_in_and_learned() {
        assert_eq!(builtin_scales(Venue::Bitstamp, Pair::BTC_EUR), Some(PairScales { price: 2, amount: 8 }));
        assert_eq!(builtin_scales(Venue::Kraken, Pair::BTC_USD), Some(PairScales { price: 1, amount: 8 }));
        assert_eq!(builtin_scales(Venue::Coinbase, Pair::BTC_USD), Some(PairScales { price: 2, amount: 8 }));
        assert_eq!(builtin_scales(Venue::MtGox, Pair::BTC_USD), Some(PairScales { price: 5, amount: 8 }));
        let eth = Pair::parse("ETH/USD").unwrap();
        assert_eq!(builtin_scales(Venue::Kraken, eth), None);
        let mut s = VenueScales::new(Venue::Kraken);
        assert!(!s.learn(Pair::BTC_USD, PairScales { price: 1, amount: 8 }));
        assert!(s.learn(eth, PairScales { price: 2, amount: 8 }));
        assert_eq!(s.get(eth), Some(PairScales { price: 2, amount: 8 }));
        assert!(s.learn(Pair::BTC_USD, PairScales { price: 2, amount: 8 }));
        assert_eq!(s.get(Pair::BTC_USD).map(|s| s.price), Some(2));
    }

    #[test]
    fn venues_by_name() {
        assert_eq!(Venue::parse("Kraken"), Some(Venue::Kraken));
        assert_eq!(Venue::parse("gdax"), None);
        assert_eq!(Venue::MtGox.to_string(), "mtgox");
    }
}
