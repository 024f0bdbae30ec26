//! `goxbook book`: apply a capture and print one currency's state as one JSON object.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use clap::builder::RangedU64ValueParser;
use clap::Args;

use goxbook_core::{format_ticks, Currency, CurrencyState, Market, MarketOptions, Side, AMOUNT_DECIMALS};
use serde::Serialize;

use crate::exit::{self, Failure};

/// Replay a capture offline: print one currency's book, ticker and tape as one JSON object
///
/// The capture is JSON lines, one payload each (a stream frame or an HTTP body of any API
/// version), in arrival order, as `goxbook record` writes them. A line that cannot be decoded
/// is counted in "rejected" and reported on stderr with its line number; the rest still applies.
#[derive(Args, Debug)]
#[command(after_help = exit::HELP)]
pub struct BookArgs {
    /// The capture; `-` or nothing: standard input
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// The market: a currency code such as USD, EUR, JPY
    #[arg(long, value_name = "CUR", default_value = "USD", value_parser = currency)]
    currency: Currency,
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
}

pub fn run(o: BookArgs) -> Result<(), Failure> {
    let currency = o.currency;
    let mut market = Market::new(MarketOptions { tape_capacity: o.tape, default_currency: currency });
    let path = o.input.as_deref().filter(|p| *p != Path::new("-"));
    let (reader, name): (Box<dyn Read>, String) = match path {
        None => (Box::new(std::io::stdin()), "-".into()),
        Some(p) => (
            Box::new(std::fs::File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?),
            p.display().to_string(),
        ),
    };
    let mut rejected = 0;
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut number = 0usize;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(Failure::Runtime(format!("{name}: cannot read line {}: {e}", number + 1))),
        }
        number += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        if let Err(e) = market.ingest(text) {
            rejected += 1;
            eprintln!("{name}:{number}: rejected: {e}");
        }
    }
    // Checked only now: the capture itself may teach the scale (a currency-info payload).
    let Some(decimals) = market.scales().decimals(currency) else {
        return Err(Failure::NoAnswer(format!(
            "the scale of {currency} is not known (the capture has no currency info for it)"
        )));
    };
    let out = output(market.get(currency), currency, decimals, o.depth, rejected);
    let text = serde_json::to_string(&out).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|e| format!("cannot write the answer: {e}"))?;
    Ok(())
}

fn output(
    state: Option<&CurrencyState>,
    currency: Currency,
    decimals: u32,
    depth: Option<usize>,
    rejected: usize,
) -> Output {
    let price = |t: i64| format_ticks(t, decimals);
    let amount = |t: i64| format_ticks(t, AMOUNT_DECIMALS);
    let side = |s: Side| -> Vec<Row> {
        let Some(st) = state else { return Vec::new() };
        st.book
            .levels(s)
            .take(depth.unwrap_or(usize::MAX))
            .map(|l| Row { price: price(l.price), amount: amount(l.amount) })
            .collect()
    };
    let ticker = state.and_then(|s| s.ticker.as_ref()).map(|t| TickerOut {
        last: t.last_price().map(price),
        buy: t.buy.map(price),
        sell: t.sell.map(price),
        high: t.high.map(price),
        low: t.low.map(price),
        vol: t.vol.map(amount),
        vwap: t.vwap.map(price),
        avg: t.avg.map(price),
    });
    let trades = match state {
        Some(s) => Trades {
            count: s.tape.len(),
            last: s.tape.last().map(|t| LastTrade {
                tid: t.tid.to_string(),
                price: price(t.price),
                amount: amount(t.amount),
                trade_type: t.trade_type.as_str(),
            }),
        },
        None => Trades { count: 0, last: None },
    };
    Output { currency: currency.to_string(), bids: side(Side::Bid), asks: side(Side::Ask), ticker, trades, rejected }
}
