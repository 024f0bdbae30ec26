//! The fuzz driver's venue part (a module of fuzz.rs): mutates each venue's golden lines (tests/resources/venues/*.jsonl) and feeds every mutant
//! to the venue's decoder and to a live VenueMarket. Properties: nothing panics; a line that
//! is not JSON is never accepted (serde_json is the judge); a line rejected leaves the market
//! exactly as it was. Budget: GOXBOOK_FUZZ_SECS (default 10 s, shared by the venues); seed:
//! GOXBOOK_FUZZ_SEED.

use super::Rng;
use goxbook_core::venue::{Pair, Venue, VenueMarket};
use std::time::{Duration, Instant};

/// Tokens that steer mutants into the venue decoders' corners.
const DICT: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "-",
    ".",
    "e",
    "E-8",
    "0",
    "9",
    "-1",
    "1e400",
    "1e-09",
    "\\u0000",
    "\\\"",
    "0.00000000",
    "\"data\":",
    "\"bids\":[",
    "\"asks\":[",
    "[\"1.00\",\"2\"]",
    "{\"price\":1.5,\"qty\":2}",
    "\"checksum\":",
    "\"symbol\":\"BTC/USD\"",
    "\"product_id\":\"BTC-USD\"",
    "\"channel\":\"diff_order_book_btcusd\"",
    "\"channel\":\"order_book_btcusd\"",
    "\"event\":\"data\"",
    "\"event\":\"trade\"",
    "\"type\":\"snapshot\"",
    "\"type\":\"update\"",
    "\"type\":\"l2update\"",
    "\"type\":\"match\"",
    "\"channel\":\"book\"",
    "\"channel\":\"trade\"",
    "\"method\":\"subscribe\"",
    "\"success\":false",
    "\"depth\":0",
    "\"depth\":25",
    "\"side\":\"sell\"",
    "\"side\":\"up\"",
    "\"microtimestamp\":\"",
    "\"price_precision\":19",
    "\"time\":\"2021-02-30T00:00:00Z\"",
    "[\"buy\",\"1\",\"0\"]",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut s = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(5) {
            0 if !s.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(s.len());
                s.drain(at.min(s.len())..end);
            }
            1 => {
                let tok = DICT[rng.below(DICT.len())].as_bytes();
                s.splice(at..at, tok.iter().copied());
            }
            2 if at < s.len() => s[at] = (rng.next() & 0x7f) as u8,
            3 if at < s.len() => {
                // Duplicate a span (repeated keys, repeated levels).
                let end = (at + 1 + rng.below(40)).min(s.len());
                let span = s[at..end].to_vec();
                s.splice(at..at, span);
            }
            _ => {
                let digit = b'0' + rng.below(10) as u8;
                s.insert(at, digit);
            }
        }
    }
    String::from_utf8_lossy(&s).into_owned()
}

fn corpus(venue: &str) -> Vec<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/resources/venues/{venue}.jsonl"));
    std::fs::read_to_string(p).unwrap().lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn venue_decoders_survive_mutants() {
    let secs: u64 = std::env::var("GOXBOOK_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let seed: u64 = std::env::var("GOXBOOK_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_CAFE);
    let mut rng = Rng(seed | 1);
    let venues = [(Venue::Bitstamp, "bitstamp"), (Venue::Kraken, "kraken"), (Venue::Coinbase, "coinbase")];
    let per_venue = Duration::from_millis(secs * 1000 / venues.len() as u64);
    for (venue, name) in venues {
        let lines = corpus(name);
        assert!(!lines.is_empty(), "{name}: empty corpus");
        let mut market = VenueMarket::new(venue, Pair::BTC_USD);
        for l in &lines {
            let _ = market.ingest(l);
        }
        let (mut runs, mut rejected, start) = (0u64, 0u64, Instant::now());
        while start.elapsed() < per_venue {
            let pick = rng.below(lines.len());
            let line = mutate(&mut rng, &lines[pick]);
            if venue == Venue::Bitstamp {
                // The one-walk path and the general decoder agree.
                let fast = goxbook_core::venue::bitstamp::decode(&line);
                let general = goxbook_core::venue::bitstamp::decode::general(&line);
                assert_eq!(fast, general, "bitstamp: the two paths differ on {line}");
            }
            let before = market.clone();
            let result = market.ingest(&line);
            let is_json = serde_json::from_str::<serde::de::IgnoredAny>(&line).is_ok();
            match result {
                Ok(_) => assert!(is_json, "{name}: accepted a line that is not JSON: {line}"),
                Err(e) => {
                    rejected += 1;
                    let _ = e.to_string(); // the message renders
                    let mut after = market.clone();
                    after.rejected = before.rejected;
                    assert_eq!(after, before, "{name}: a rejected line changed the market: {line}\n{e}");
                    assert_eq!(market.rejected, before.rejected + 1);
                }
            }
            runs += 1;
            // Now and then a fresh market, so that both synced and unsynced states are visited.
            if rng.below(500) == 0 {
                market = VenueMarket::new(venue, Pair::BTC_USD);
            }
        }
        assert!(runs > 0 && rejected > 0, "{name}: {runs} runs, {rejected} rejected");
        eprintln!("{name}: {runs} mutants, {rejected} rejected");
    }
}
