//! `goxbook consolidate`: several venues' captures of one pair, their consolidated book and
//! the arbitrage table between them, as one JSON object.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use goxbook_core::arbitrage::{arbitrage_normalized, Fees};
use goxbook_core::consolidated::{consolidate_normalized, normalize, ConsolidatedLevel, VenueBook};
use goxbook_core::format_ticks;
use goxbook_core::tape::DEFAULT_TAPE_CAPACITY;
use goxbook_core::venue::{Pair, PairScales, Venue, VenueMarket};

use crate::capture;
use crate::exit::{self, Failure};
use crate::values::{pair, venue};

/// Merge several venues' captures of one pair: the consolidated book and the arbitrage table
///
/// Each V=FILE is one venue's capture (as `goxbook book --venue V` reads it; `-` is standard
/// input, once). Prints one JSON object: {"pair", "venues": {V: {"synced", "rejected"}},
/// "bids"/"asks": [{"price", "amount", "venues": {V: amount}}] best first, "arbitrage":
/// [{"buy", "sell", "amount", "cost", "proceeds", "profit", "edge_pct"}]}. Decimals are exact
/// strings at the finest scale of the venues included. A venue whose book is not synced is
/// left out of the book and the table. Arbitrage: for each ordered pair of venues, buy on
/// one and sell on the other while the ask with its taker fee is below the bid less its
/// taker fee; cost rounded up and proceeds down to the quote tick; rows with a positive
/// profit only, largest first; edge_pct = profit / cost × 100, rounded half to even to 4
/// decimals. Rejected lines and Kraken checksum mismatches are reported on stderr.
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct ConsolidateArgs {
    /// A venue and its capture, e.g. kraken=kraken.jsonl (venues: mtgox, bitstamp, kraken, coinbase)
    #[arg(value_name = "V=FILE", required = true, value_parser = venue_file)]
    captures: Vec<(Venue, PathBuf)>,
    /// The pair, e.g. BTC/USD, BTC/EUR
    #[arg(long, value_name = "P", default_value = "BTC/USD", value_parser = pair)]
    pair: Pair,
    /// At most N levels a side printed (the arbitrage walk reads every level) [default: all]
    #[arg(long, value_name = "N")]
    depth: Option<usize>,
    /// A venue's taker fee in whole basis points, e.g. kraken=26 (repeatable; default 0)
    #[arg(long = "fee", value_name = "V=BPS", value_parser = venue_fee)]
    fees: Vec<(Venue, u32)>,
}

fn venue_file(text: &str) -> Result<(Venue, PathBuf), String> {
    let (v, file) = text.split_once('=').ok_or_else(|| format!("{text:?} is not V=FILE, e.g. kraken=kraken.jsonl"))?;
    if file.is_empty() {
        return Err(format!("{text:?}: no file after '='"));
    }
    Ok((venue(v)?, PathBuf::from(file)))
}

fn venue_fee(text: &str) -> Result<(Venue, u32), String> {
    let (v, bps) = text.split_once('=').ok_or_else(|| format!("{text:?} is not V=BPS, e.g. kraken=26"))?;
    let bps: u32 =
        bps.trim().parse().map_err(|_| format!("{text:?}: {bps:?} is not a whole number of basis points"))?;
    // 10 000 bps would take the whole of a sale.
    if bps >= 10_000 {
        return Err(format!("{text:?}: a fee must be below 10000 basis points (100 %)"));
    }
    Ok((venue(v)?, bps))
}

/// A JSON object whose keys keep the order given (serde_json's own map sorts them).
struct Ordered<T>(Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct VenueState {
    synced: bool,
    rejected: usize,
}

#[derive(Serialize)]
struct Level {
    price: String,
    amount: String,
    venues: Ordered<String>,
}

#[derive(Serialize)]
struct Row {
    buy: &'static str,
    sell: &'static str,
    amount: String,
    cost: String,
    proceeds: String,
    profit: String,
    edge_pct: String,
}

#[derive(Serialize)]
struct Output {
    pair: String,
    venues: Ordered<VenueState>,
    bids: Vec<Level>,
    asks: Vec<Level>,
    arbitrage: Vec<Row>,
}

pub fn run(o: ConsolidateArgs) -> Result<(), Failure> {
    for (i, (v, file)) in o.captures.iter().enumerate() {
        if o.captures[..i].iter().any(|(w, _)| w == v) {
            return Err(Failure::Usage(format!("{v} is given twice (once per venue)")));
        }
        if file.as_os_str() == "-" && o.captures[..i].iter().any(|(_, f)| f.as_os_str() == "-") {
            return Err(Failure::Usage("standard input (-) can be read once only".into()));
        }
    }
    let mut markets: Vec<VenueMarket> = Vec::new();
    for (v, file) in &o.captures {
        let (reader, name) = capture::open(Some(file))?;
        markets.push(capture::replay(reader, &name, *v, o.pair, DEFAULT_TAPE_CAPACITY)?);
    }
    // In venue order, as the core orders the book's parts.
    markets.sort_by_key(|m| m.venue());
    let books: Vec<VenueBook<'_>> = markets
        .iter()
        .filter_map(|m| {
            let scales: PairScales = m.scales()?;
            Some(VenueBook { venue: m.venue(), book: m.book(), scales, synced: m.synced() })
        })
        .collect();
    let normalized = normalize(&books).map_err(|e| Failure::NoAnswer(format!("cannot consolidate: {e}")))?;
    let book = consolidate_normalized(&normalized);
    let mut fees = Fees::new();
    for &(v, bps) in &o.fees {
        fees.set(v, bps);
    }
    let table = arbitrage_normalized(&normalized, &fees);
    let scales = normalized.scales;
    let price = |t: i64| format_ticks(t, scales.price);
    let amount = |t: i64| format_ticks(t, scales.amount);
    let levels = |side: &[ConsolidatedLevel]| -> Vec<Level> {
        side.iter()
            .take(o.depth.unwrap_or(usize::MAX))
            .map(|l| Level {
                price: price(l.price),
                amount: amount(l.amount),
                venues: Ordered(l.venues.iter().map(|&(v, a)| (v.as_str(), amount(a))).collect()),
            })
            .collect()
    };
    let out = Output {
        pair: o.pair.to_string(),
        venues: Ordered(
            markets
                .iter()
                .map(|m| (m.venue().as_str(), VenueState { synced: m.synced(), rejected: m.rejected }))
                .collect(),
        ),
        bids: levels(&book.bids),
        asks: levels(&book.asks),
        arbitrage: table
            .rows
            .iter()
            .map(|r| Row {
                buy: r.buy.as_str(),
                sell: r.sell.as_str(),
                amount: amount(r.amount),
                cost: price(r.cost),
                proceeds: price(r.proceeds),
                profit: price(r.profit),
                edge_pct: r.edge_pct().to_string(),
            })
            .collect(),
    };
    let text = serde_json::to_string(&out).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|e| format!("cannot write the answer: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_files_and_fees() {
        assert_eq!(venue_file("kraken=k.jsonl"), Ok((Venue::Kraken, PathBuf::from("k.jsonl"))));
        assert_eq!(venue_file("coinbase=a=b"), Ok((Venue::Coinbase, PathBuf::from("a=b"))));
        for bad in ["kraken", "kraken=", "gdax=x"] {
            assert!(venue_file(bad).is_err(), "{bad}");
        }
        assert_eq!(venue_fee("bitstamp=30"), Ok((Venue::Bitstamp, 30)));
        for bad in ["bitstamp", "bitstamp=-1", "bitstamp=0.5", "bitstamp=10000", "x=1"] {
            assert!(venue_fee(bad).is_err(), "{bad}");
        }
    }
}
