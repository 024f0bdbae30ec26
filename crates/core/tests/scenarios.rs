//! Runs every scenario in resources/scenarios/: a list of payloads applied in order to a
//! fresh Market, then the expected book, ticker and tape of one currency.
//!
//! Scenario file: {"about": "…", "currency": "USD", "tape_capacity": N?, "steps": [payload, …],
//!   "expect": {"bids": [[price, amount], …] best first, "asks": […], "rejected": K,
//!              "ticker": {field: value|null}?, "tape": [tid, …]? oldest first,
//!              "changes": [[book, ticker, tape], …]? one per step}}

use goxbook_core::{format_ticks, Currency, Market, MarketOptions, Side, AMOUNT_DECIMALS};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Scenario {
    about: String,
    currency: String,
    #[serde(default)]
    tape_capacity: Option<usize>,
    steps: Vec<Box<RawValue>>,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    bids: Vec<(String, String)>,
    asks: Vec<(String, String)>,
    #[serde(default)]
    rejected: usize,
    #[serde(default)]
    ticker: Option<BTreeMap<String, Option<String>>>,
    #[serde(default)]
    tape: Option<Vec<String>>,
    #[serde(default)]
    changes: Option<Vec<(bool, bool, bool)>>,
}

fn run(path: &std::path::Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let s: Scenario = serde_json::from_str(&text).map_err(|e| format!("bad scenario file: {e}"))?;
    let currency = Currency::new(&s.currency).ok_or("bad currency")?;
    let mut options = MarketOptions { default_currency: currency, ..Default::default() };
    if let Some(c) = s.tape_capacity {
        options.tape_capacity = c;
    }
    let mut market = Market::new(options);
    let mut rejected = 0;
    let mut changes = Vec::new();
    for step in &s.steps {
        // A string step is sent as its contents (for payloads that are not valid JSON).
        let owned;
        let payload = match serde_json::from_str::<String>(step.get()) {
            Ok(inner) => {
                owned = inner;
                owned.as_str()
            }
            Err(_) => step.get(),
        };
        let before =
            format!("{:?}", market.get(currency).map(|c| (c.book.top(Side::Bid, 1000), c.book.top(Side::Ask, 1000))));
        match market.ingest(payload) {
            Ok(c) => changes.push((c.book, c.ticker, c.tape)),
            Err(e) => {
                rejected += 1;
                changes.push((false, false, false));
                let after = format!(
                    "{:?}",
                    market.get(currency).map(|c| (c.book.top(Side::Bid, 1000), c.book.top(Side::Ask, 1000)))
                );
                if before != after {
                    return Err(format!("a rejected payload ({e}) changed the book"));
                }
            }
        }
    }
    let state = market.get(currency);
    let decimals = market.scales().decimals(currency).ok_or("no scale")?;
    let side = |side: Side| -> Vec<(String, String)> {
        state
            .map(|st| {
                st.book
                    .levels(side)
                    .map(|l| (format_ticks(l.price, decimals), format_ticks(l.amount, AMOUNT_DECIMALS)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    if side(Side::Bid) != s.expect.bids {
        problems.push(format!("bids: got {:?}, want {:?}", side(Side::Bid), s.expect.bids));
    }
    if side(Side::Ask) != s.expect.asks {
        problems.push(format!("asks: got {:?}, want {:?}", side(Side::Ask), s.expect.asks));
    }
    if rejected != s.expect.rejected {
        problems.push(format!("rejected: got {rejected}, want {}", s.expect.rejected));
    }
    if let Some(want) = &s.expect.ticker {
        let t = state.and_then(|st| st.ticker.clone()).unwrap_or_default();
        let p = |v: Option<i64>| v.map(|v| format_ticks(v, decimals));
        let got: BTreeMap<String, Option<String>> = [
            ("last", p(t.last)),
            ("buy", p(t.buy)),
            ("sell", p(t.sell)),
            ("high", p(t.high)),
            ("low", p(t.low)),
            ("avg", p(t.avg)),
            ("vwap", p(t.vwap)),
            ("vol", t.vol.map(|v| format_ticks(v, AMOUNT_DECIMALS))),
            ("now", t.now.map(|v| v.to_string())),
        ]
        .into_iter()
        .filter(|(k, _)| want.contains_key(*k))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        if &got != want {
            problems.push(format!("ticker: got {got:?}, want {want:?}"));
        }
    }
    if let Some(want) = &s.expect.tape {
        let got: Vec<String> = state.map(|st| st.tape.iter().map(|t| t.tid.to_string()).collect()).unwrap_or_default();
        if &got != want {
            problems.push(format!("tape: got {got:?}, want {want:?}"));
        }
    }
    if let Some(want) = &s.expect.changes {
        if &changes != want {
            problems.push(format!("changes: got {changes:?}, want {want:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} — {}", s.about, problems.join("; ")))
    }
}

#[test]
fn every_scenario_holds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resources/scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 10, "scenarios missing in {dir:?}");
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| run(p).err().map(|e| format!("{}: {e}", p.file_name().unwrap().to_string_lossy())))
        .collect();
    assert!(failures.is_empty(), "{} of {} scenarios failed:\n{}", failures.len(), paths.len(), failures.join("\n"));
}
