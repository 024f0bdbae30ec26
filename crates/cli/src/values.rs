//! Value parsers shared by the subcommands. A value they refuse is a usage error (status 2)
//! whose message names the option and says what it takes.

use std::time::Duration;

use goxbook_core::venue::{Pair, Venue};

/// A venue by name: mtgox, bitstamp, kraken, coinbase (any case).
pub fn venue(text: &str) -> Result<Venue, String> {
    Venue::parse(text.trim()).ok_or_else(|| format!("{text:?} is not a venue (mtgox, bitstamp, kraken or coinbase)"))
}

/// A pair in any venue's spelling: BTC/USD, BTC-USD, btcusd, XBT/USD.
pub fn pair(text: &str) -> Result<Pair, String> {
    Pair::parse(text.trim()).ok_or_else(|| format!("{text:?} is not a pair such as BTC/USD"))
}

/// A positive, finite number of seconds (fractions allowed): `1.5`.
pub fn seconds(text: &str) -> Result<Duration, String> {
    let s: f64 = text.trim().parse().map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(s > 0.0 && s.is_finite() && s < 1e9) {
        return Err(format!("{text} is not a positive number of seconds"));
    }
    Ok(Duration::from_secs_f64(s))
}

/// A positive, finite number: `0.5`, `10`.
pub fn positive(text: &str) -> Result<f64, String> {
    let x: f64 = text.trim().parse().map_err(|_| format!("{text:?} is not a number"))?;
    if !(x > 0.0 && x.is_finite()) {
        return Err(format!("{text} is not a positive number"));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venues_and_pairs() {
        assert_eq!(venue("Kraken"), Ok(Venue::Kraken));
        assert!(venue("gdax").unwrap_err().contains("not a venue"));
        assert_eq!(pair("btc-eur"), Ok(Pair::BTC_EUR));
        assert!(pair("BTC").is_err());
    }

    #[test]
    fn seconds_and_positive_numbers() {
        assert_eq!(seconds("1.5"), Ok(Duration::from_millis(1500)));
        for bad in ["0", "-1", "NaN", "inf", "1e10", "soon", ""] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(positive("0.25"), Ok(0.25));
        for bad in ["0", "-2", "NaN", "x"] {
            assert!(positive(bad).is_err(), "{bad}");
        }
    }
}
