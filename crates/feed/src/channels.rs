//! Channels and currencies: the uuids of PROTOCOL.md, stable derived ids for the others,
//! scales, and the value-object display strings.

use goxbook_core::{Currency, Scales};

/// The BTC trade channel (all currencies) and the lag channel.
pub const TRADE_CHANNEL: &str = "dbf1dee9-4f2e-4a08-8cb7-748919a71b21";
pub const TRADE_NAME: &str = "trade.BTC";
pub const LAG_CHANNEL: &str = "85174711-be64-4de1-b783-0628995d7914";
pub const LAG_NAME: &str = "trade.lag";

/// (currency, ticker uuid, depth uuid) as listed in PROTOCOL.md.
const KNOWN: &[(&str, &str, &str)] = &[
    ("USD", "d5f06780-30a8-4a48-a2f8-7ed181b4a13f", "24e67e0d-1cad-4cc0-9e7a-f8523ef460fe"),
    ("EUR", "0bb6da8b-f6c6-4ecf-8f0d-a544ad948c15", "057bdc6b-9f9c-44e4-bc1a-363e4443ce87"),
    ("JPY", "a39ae532-6a3c-4835-af8c-dda54cb4874e", "94483e07-d797-4dd4-bc72-dc98f1fd39e3"),
    ("GBP", "7b842b7d-d1f9-46fa-a49c-c12f1ad5a533", "60c3af1b-5d40-4d0e-b9fc-ccab433d2e9c"),
    ("AUD", "eb6aaa11-99d0-4f64-9e8c-1140872a423d", "296ee352-dd5d-46f3-9bea-5e39dede2005"),
    ("CAD", "10720792-084d-45ba-92e3-cf44d9477775", "5b234cc3-a7c1-47ce-854f-27aee4cdbda5"),
    ("CHF", "2644c164-3db7-4475-8b45-c7042efe3413", "113fec5f-294d-4929-86eb-8ca4c3fd1bed"),
    ("CNY", "c251ec35-56f9-40ab-a4f6-13325c349de4", "0d1ecad8-e20f-459e-8bed-0bdcf927820f"),
    ("SEK", "6caf1244-655b-460f-beaf-5c56d1f4bea7", "8f1fefaa-7c55-4420-ada0-4de15c1c38f3"),
    ("PLN", "b4a02cb3-2e2d-4a88-aeea-3c66cb604d01", "e4ff055a-f8bf-407e-af76-676cad319a21"),
    ("RUB", "bd04f720-3c70-4dce-ae71-2422ab862c65", "d6412ca0-b686-464c-891a-d1ba3943f3c6"),
];

/// Approximate units of each currency per USD in 2013, the simulator's starting FX rates.
const FX: &[(&str, f64)] = &[
    ("USD", 1.0),
    ("EUR", 0.75),
    ("JPY", 98.0),
    ("GBP", 0.64),
    ("AUD", 1.05),
    ("CAD", 1.03),
    ("CHF", 0.92),
    ("CNY", 6.15),
    ("DKK", 5.6),
    ("HKD", 7.76),
    ("NZD", 1.2),
    ("PLN", 3.15),
    ("RUB", 32.0),
    ("SEK", 6.5),
    ("SGD", 1.25),
    ("THB", 31.0),
    ("NOK", 5.9),
    ("CZK", 19.5),
    ("KRW", 1100.0),
    ("INR", 62.0),
];

/// A currency the feed serves, with everything its messages need.
#[derive(Clone, Debug)]
pub struct CurrencySpec {
    pub currency: Currency,
    pub code: String,
    pub decimals: u32,
    pub ticker_channel: String,
    pub depth_channel: String,
    pub ticker_name: String,
    pub depth_name: String,
    /// Units per USD at the simulator's start.
    pub fx: f64,
}

impl CurrencySpec {
    /// None for a code that is not a known fiat currency of the protocol.
    pub fn new(code: &str) -> Option<CurrencySpec> {
        let currency = Currency::new(code)?;
        let code = currency.as_str().to_string();
        if code == "BTC" || code == "LTC" || code == "NMC" {
            return None;
        }
        let decimals = Scales::default().decimals(currency)?;
        let fx = FX.iter().find(|(c, _)| *c == code).map(|&(_, f)| f)?;
        let (ticker_channel, depth_channel) = match KNOWN.iter().find(|(c, _, _)| *c == code) {
            Some(&(_, t, d)) => (t.to_string(), d.to_string()),
            None => (derived_uuid(&format!("ticker.BTC{code}")), derived_uuid(&format!("depth.BTC{code}"))),
        };
        Some(CurrencySpec {
            ticker_name: format!("ticker.BTC{code}"),
            depth_name: format!("depth.BTC{code}"),
            currency,
            code,
            decimals,
            ticker_channel,
            depth_channel,
            fx,
        })
    }
}

/// Parses "USD,EUR,JPY" into specs; the error names the unknown code.
pub fn parse_currencies(list: &str) -> Result<Vec<CurrencySpec>, String> {
    let mut out: Vec<CurrencySpec> = Vec::new();
    for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let spec = CurrencySpec::new(code).ok_or_else(|| format!("unknown currency {code:?}"))?;
        if !out.iter().any(|s| s.currency == spec.currency) {
            out.push(spec);
        }
    }
    if out.is_empty() {
        return Err("no currency given".into());
    }
    Ok(out)
}

/// A stable uuid-shaped id (8-4-4-4-12 hex) derived from a channel name (FNV-1a, twice).
pub fn derived_uuid(name: &str) -> String {
    let fnv = |seed: u64| name.bytes().fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01B3));
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
    let hex = format!("{a:016x}{b:016x}");
    format!("{}-{}-4{}-8{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32])
}

/// A human display string for a value object ("$5.70653"); never parsed by anyone.
pub fn display(code: &str, text: &str) -> String {
    match code {
        "USD" => format!("${text}"),
        "EUR" => format!("{text}\u{a0}€"),
        "JPY" => format!("¥{text}"),
        "GBP" => format!("£{text}"),
        "BTC" => format!("{text}\u{a0}BTC"),
        other => format!("{text}\u{a0}{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_derived_channels() {
        let usd = CurrencySpec::new("usd").unwrap();
        assert_eq!(usd.depth_channel, "24e67e0d-1cad-4cc0-9e7a-f8523ef460fe");
        assert_eq!(usd.decimals, 5);
        assert_eq!(CurrencySpec::new("SEK").unwrap().decimals, 3);
        let nzd = CurrencySpec::new("NZD").unwrap();
        assert_eq!(nzd.depth_channel, derived_uuid("depth.BTCNZD"));
        assert_eq!(nzd.depth_channel.len(), 36);
        assert_ne!(nzd.depth_channel, nzd.ticker_channel);
        assert!(CurrencySpec::new("BTC").is_none());
        assert!(parse_currencies("USD,XXX").unwrap_err().contains("XXX"));
    }
}

/// The channel a published frame belongs to (currency by index into the feed's currencies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Ticker(usize),
    Depth(usize),
    Trade,
    Lag,
}

/// One published stream frame: its channel and its JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub channel: Channel,
    pub text: String,
}
