//! `goxbook book`: apply a capture and print one currency's state as one JSON object.

use std::io::{BufRead, BufReader, Read};
use std::process::ExitCode;

use goxbook_core::{format_ticks, Currency, CurrencyState, Market, MarketOptions, Side, AMOUNT_DECIMALS};
use serde::Serialize;

struct Options {
    input: Option<String>,
    currency: String,
    depth: Option<usize>,
    tape: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o =
        Options { input: None, currency: "USD".into(), depth: None, tape: goxbook_core::tape::DEFAULT_TAPE_CAPACITY };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--currency" => o.currency = value("--currency")?,
            "--depth" => {
                o.depth = Some(value("--depth")?.parse().map_err(|_| "--depth needs a whole number".to_string())?)
            }
            "--tape" => o.tape = value("--tape")?.parse().map_err(|_| "--tape needs a whole number".to_string())?,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s if o.input.is_none() => o.input = Some(s.to_string()),
            s => return Err(format!("unexpected argument {s:?}")),
        }
    }
    Ok(o)
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

pub fn run(args: &[String]) -> ExitCode {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("goxbook book: {e}\n{}", super::USAGE);
            return ExitCode::from(2);
        }
    };
    let Some(currency) = Currency::new(&o.currency) else {
        eprintln!("goxbook book: {:?} is not a currency code", o.currency);
        return ExitCode::from(2);
    };
    let mut market = Market::new(MarketOptions { tape_capacity: o.tape.max(1), default_currency: currency });
    let reader: Box<dyn Read> = match o.input.as_deref() {
        None | Some("-") => Box::new(std::io::stdin()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("goxbook book: cannot read {path}: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let name = o.input.as_deref().unwrap_or("-");
    let mut rejected = 0;
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut number = 0usize;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("goxbook book: {name}: cannot read line {}: {e}", number + 1);
                return ExitCode::from(1);
            }
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
        eprintln!("goxbook book: the scale of {currency} is not known (the capture has no currency info for it)");
        return ExitCode::from(2);
    };
    let out = output(market.get(currency), currency, decimals, o.depth, rejected);
    match serde_json::to_string(&out) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("goxbook book: {e}");
            ExitCode::from(1)
        }
    }
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
