//! A bounded-time fuzz driver (no nightly toolchain here for cargo-fuzz): mutates the golden
//! payloads and scenario steps and feeds every mutant to the decoder and a live Market.
//! Properties: nothing panics, the hand-written decoders agree with the serde reference, and a payload that is
//! rejected leaves the market exactly as it was. Budget: GOXBOOK_FUZZ_SECS (default 10 s); seed: GOXBOOK_FUZZ_SEED.
//! The venues' decoders (Bitstamp, Kraken, Coinbase): the module `venues` (fuzz/venues.rs).

use goxbook_core::wire::{decode_annotated, decode_general, decode_reference, Decoded};
use goxbook_core::Error;
use goxbook_core::Market;
use std::time::{Duration, Instant};

#[path = "fuzz/venues.rs"]
mod venues;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resources");
    let mut out = Vec::new();
    for e in std::fs::read_dir(root.join("decode")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".expect.json") {
            out.push(std::fs::read_to_string(p).unwrap());
        }
    }
    for e in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
        for step in v["steps"].as_array().unwrap() {
            out.push(step.as_str().map(str::to_string).unwrap_or_else(|| step.to_string()));
        }
    }
    out.sort();
    out
}

/// Tokens that steer mutants into interesting places of the decoder.
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
    "E+",
    "0",
    "9",
    "-1",
    "1e400",
    "\\u0000",
    "\\\"",
    "\"op\":\"private\"",
    "\"private\":\"depth\"",
    "\"private\":\"ticker\"",
    "\"private\":\"trade\"",
    "\"private\":\"lag\"",
    "\"return\":",
    "\"data\":",
    "\"result\":\"error\"",
    "\"asks\":[",
    "\"bids\":[",
    "\"_currency\":\"JPY\"",
    "\"currency\":\"XXX\"",
    "\"decimals\":\"18\"",
    "\"type_str\":\"bid\"",
    "\"type\":3",
    "\"now\":\"-1\"",
    "\"total_volume_int\":\"9223372036854775807\"",
    "\"volume_int\":\"-9223372036854775808\"",
    "\"price_int\":\"0\"",
    "\"filter_min_price\":{\"value_int\":\"1\"}",
    "\"value_int\":\"x\"",
    "\"tid\":\"18446744073709551616\"",
];

fn mutate(rng: &mut Rng, corpus: &[String], input: &str) -> String {
    let mut b = input.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 if !b.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 => {
                let t = DICT[rng.below(DICT.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            3 => {
                // Splice a slice of another corpus entry.
                let other = corpus[rng.below(corpus.len())].as_bytes();
                let s = rng.below(other.len());
                let e = (s + rng.below(64)).min(other.len());
                b.splice(at..at, other[s..e].iter().copied());
            }
            4 => {
                // Rewrite a digit run: numbers are where exactness lives.
                if let Some(i) = b.iter().skip(at).position(u8::is_ascii_digit) {
                    let i = at + i;
                    let digits = ["0", "00000000000000000000009", "9223372036854775808", "-5", "1.5e-9", "1e18"];
                    let d = digits[rng.below(digits.len())].as_bytes();
                    b.splice(i..i + 1, d.iter().copied());
                }
            }
            _ => {
                let len = b.len();
                b.truncate(at.min(len));
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A decodable depth frame (the fast path's payload).
fn looks_like_depth(text: &str) -> bool {
    text.contains("\"private\":\"depth\"")
}

/// Equal values, or errors of the same kind (their messages and positions may differ).
fn agree(a: &Result<Decoded<'_>, Error>, b: &Result<Decoded<'_>, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => x.kind() == y.kind(),
        _ => false,
    }
}

#[test]
fn mutants_never_panic_and_rejections_change_nothing() {
    let budget = std::env::var("GOXBOOK_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10u64);
    let seed = std::env::var("GOXBOOK_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let corpus = corpus();
    assert!(corpus.len() > 50);
    let mut rng = Rng(seed | 1);
    let mut market = Market::default();
    // Warm the market with the corpus so mutants hit a populated book.
    for c in &corpus {
        let _ = market.ingest(c);
    }
    let deadline = Instant::now() + Duration::from_secs(budget);
    let (mut runs, mut rejected, mut fast_path) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        for _ in 0..64 {
            let base = &corpus[rng.below(corpus.len())];
            let input = mutate(&mut rng, &corpus, base);
            // The hand-written decoders and the serde_json reference must agree.
            let (ours, reference) = (decode_annotated(&input), decode_reference(&input));
            assert!(agree(&ours, &reference), "decoders disagree on {input:?}:\n{ours:?}\n{reference:?}");
            // The general decoder alone too: the fast path may only say "not mine", so both
            // paths must give what the reference gives.
            let general = decode_general(&input);
            assert!(agree(&general, &reference), "general decoder disagrees on {input:?}:\n{general:?}");
            fast_path += u64::from(ours.is_ok() && looks_like_depth(&input));
            let before = market.clone();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| market.ingest(&input)));
            match outcome {
                Err(_) => panic!("panic on input (seed {seed}, run {runs}): {input:?}"),
                Ok(Err(_)) => {
                    rejected += 1;
                    assert!(before == market, "a rejected payload changed the market: {input:?}");
                }
                Ok(Ok(_)) => {}
            }
            runs += 1;
        }
    }
    eprintln!("fuzz: {runs} mutants in {budget} s, {rejected} rejected, {fast_path} depth frames, seed {seed}");
    assert!(runs > 1000, "fuzz ran too few cases: {runs}");
    assert!(fast_path > runs / 100, "too few mutants reach the depth fast path: {fast_path} of {runs}");
}
