//! `goxbook book`: apply one venue's capture and print one pair's state as one JSON object.

use std::io::Write;
use std::path::PathBuf;

use clap::builder::RangedU64ValueParser;
use clap::Args;

use goxbook_core::venue::{Pair, PairScales, Venue, VenueMarket};
use goxbook_core::{format_ticks, Currency, Side, AMOUNT_DECIMALS};
use serde::Serialize;

use crate::capture;
use crate::exit::{self, Failure};
use crate::values::{pair, venue};

/// Replay a capture offline: print one pair's book, ticker and tape as one JSON object
///
/// The capture is one venue's JSON lines in arrival order, as `goxbook record` writes them:
/// websocket frames and REST bodies (Bitstamp's order book and ticker bodies name no pair:
/// they belong to --pair). A line that cannot be decoded is counted in "rejected" and
/// reported on stderr with its line number and position; the rest still applies. stderr also
/// names each line after which Kraken's checksum does not match the book. "synced": the
/// book is known right (from its first snapshot — MtGox: a full depth — and for Kraken not
/// between a checksum mismatch and the next snapshot).
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct BookArgs {
    /// The capture; `-` or nothing: standard input
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// Whose capture it is: mtgox, bitstamp, kraken, coinbase
    #[arg(long, value_name = "V", default_value = "mtgox", value_parser = venue)]
    venue: Venue,
    /// The pair, e.g. BTC/USD, BTC/EUR [default: BTC/USD]
    #[arg(long, value_name = "P", value_parser = pair)]
    pair: Option<Pair>,
    /// The quote currency (BTC/CUR), e.g. USD, EUR, JPY: the same as --pair BTC/CUR
    #[arg(long, value_name = "CUR", value_parser = currency, conflicts_with = "pair")]
    currency: Option<Currency>,
    /// At most N levels a side [default: all]
    #[arg(long, value_name = "N")]
    depth: Option<usize>,
    /// Keep the last N trades on the tape
    #[arg(long, value_name = "N", default_value_t = goxbook_core::tape::DEFAULT_TAPE_CAPACITY,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    tape: usize,
}

fn currency(text: &str) -> Result<Currency, String> {
    Currency::new(text).ok_or_else(|| format!("{text:?} is not a currency code (2 to 7 letters or digits)"))
}

#[derive(Serialize)]
struct Row {
    price: String,
    amount: String,
}

#[derive(Serialize)]
struct TickerOut {
    last: Option<String>,
    buy: Option<String>,
    sell: Option<String>,
    high: Option<String>,
    low: Option<String>,
    vol: Option<String>,
    vwap: Option<String>,
    avg: Option<String>,
}

#[derive(Serialize)]
struct LastTrade {
    tid: String,
    price: String,
    amount: String,
    trade_type: &'static str,
}

#[derive(Serialize)]
struct Trades {
    count: usize,
    last: Option<LastTrade>,
}

#[derive(Serialize)]
struct Output {
    currency: String,
    bids: Vec<Row>,
    asks: Vec<Row>,
    ticker: Option<TickerOut>,
    trades: Trades,
    rejected: usize,
    venue: &'static str,
    pair: String,
    synced: bool,
}

pub fn run(o: BookArgs) -> Result<(), Failure> {
    let pair = match (o.pair, o.currency) {
        (Some(p), _) => p,
        (None, Some(quote)) => Pair::new(Currency::BTC, quote),
        (None, None) => Pair::BTC_USD,
    };
    let (reader, name) = capture::open(o.input.as_deref())?;
    let market = capture::replay(reader, &name, o.venue, pair, o.tape)?;
    // Checked only now: the capture itself may teach the scales (MtGox's currency info,
    // Kraken's instrument channel).
    let Some(scales) = market.scales() else {
        return Err(Failure::NoAnswer(format!(
            "the scales of {pair} on {} are not known (built in for BTC/USD and BTC/EUR; the capture does not publish them)",
            o.venue
        )));
    };
    // MtGox amounts are the core's BTC ticks whatever a capture says (as before venues).
    let scales = match o.venue {
        Venue::MtGox => PairScales { amount: AMOUNT_DECIMALS, ..scales },
        _ => scales,
    };
    let out = output(&market, scales, o.depth);
    let text = serde_json::to_string(&out).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|e| format!("cannot write the answer: {e}"))?;
    Ok(())
}

/// Today's object (currency, bids, asks, ticker, trades, rejected, each as before), then
/// venue, pair and synced.
fn output(market: &VenueMarket, scales: PairScales, depth: Option<usize>) -> Output {
    let price = |t: i64| format_ticks(t, scales.price);
    let amount = |t: i64| format_ticks(t, scales.amount);
    let side = |s: Side| -> Vec<Row> {
        market
            .book()
            .levels(s)
            .take(depth.unwrap_or(usize::MAX))
            .map(|l| Row { price: price(l.price), amount: amount(l.amount) })
            .collect()
    };
    // A field the venue does not publish is None, hence null (MtGox's last price is the
    // core's one rule, TickerState::last_price).
    let ticker = market.ticker().map(|t| TickerOut {
        last: t.last_price().map(price),
        buy: t.buy.map(price),
        sell: t.sell.map(price),
        high: t.high.map(price),
        low: t.low.map(price),
        vol: t.vol.map(amount),
        vwap: t.vwap.map(price),
        avg: t.avg.map(price),
    });
    let tape = market.tape();
    let trades = Trades {
        count: tape.len(),
        last: tape.last().map(|t| LastTrade {
            tid: t.tid.to_string(),
            price: price(t.price),
            amount: amount(t.amount),
            trade_type: t.trade_type.as_str(),
        }),
    };
    Output {
        currency: market.pair().quote.to_string(),
        bids: side(Side::Bid),
        asks: side(Side::Ask),
        ticker,
        trades,
        rejected: market.rejected,
        venue: market.venue().as_str(),
        pair: market.pair().to_string(),
        synced: market.synced(),
    }
}
