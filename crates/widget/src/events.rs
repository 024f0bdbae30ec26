//! What a widget tells its host: its status, the ticker and each new trade. The same three
//! structs are the arguments of `GoxbookWidget`'s `on_status` / `on_ticker` / `on_trade`
//! callbacks and the `detail` of the embeddings' `goxbook:status` / `goxbook:ticker` /
//! `goxbook:trade` CustomEvents (bubbling, composed), written by serde-wasm-bindgen
//! (json_compatible: plain objects, null for what is not known); prices and amounts are exact
//! decimal strings, never numbers.
//!
//! What to tell is decided by plain Rust ([`Reporter`], tested natively); dispatching exists
//! on wasm32 only, and always from a microtask of its own, so that a listener that updates or
//! destroys the widget never runs inside the widget's own update.

use goxbook_core::{format_ticks, Currency, TradeRecord, TradeType, AMOUNT_DECIMALS};
use serde::{Serialize, Serializer};

/// The state of a widget's connection (the `data-status` hook).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Connecting,
    Syncing,
    Live,
    Stale,
    Offline,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Connecting => "connecting",
            Status::Syncing => "syncing",
            Status::Live => "live",
            Status::Stale => "stale",
            Status::Offline => "offline",
        }
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `on_status`, `goxbook:status`: the connection's state changed (or its message did, or the
/// currency shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub status: Status,
    /// What went wrong, in words (a configuration error, a refused connection …), or null.
    pub message: Option<String>,
    /// The currency shown.
    pub currency: Currency,
}

/// `on_ticker`, `goxbook:ticker`: a ticker value of the currency shown changed. Exact decimal
/// strings (the `data-field` hooks' names and values), None (null) while not known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TickerChange {
    pub currency: Currency,
    pub last: Option<String>,
    /// Best bid.
    pub buy: Option<String>,
    /// Best ask.
    pub sell: Option<String>,
    pub spread: Option<String>,
    pub high: Option<String>,
    pub low: Option<String>,
    /// 24 h volume (BTC, 8 decimals).
    pub vol: Option<String>,
    pub vwap: Option<String>,
    pub avg: Option<String>,
}

impl TickerChange {
    /// From the ticker's exact values in the order of `view::TICKER_FIELDS`.
    pub fn new(currency: Currency, fields: [Option<String>; 9]) -> TickerChange {
        let [last, buy, sell, spread, high, low, vol, vwap, avg] = fields;
        TickerChange { currency, last, buy, sell, spread, high, low, vol, vwap, avg }
    }

    /// Whether any value is known.
    pub fn known(&self) -> bool {
        [&self.last, &self.buy, &self.sell, &self.spread, &self.high, &self.low, &self.vol, &self.vwap, &self.avg]
            .iter()
            .any(|v| v.is_some())
    }
}

/// `on_trade`, `goxbook:trade`: a trade printed in the currency shown (one each, oldest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TradeEvent {
    pub currency: Currency,
    /// MtGox's trade id (µs). In JS a string: it is past JavaScript's exact integers.
    #[serde(serialize_with = "as_text")]
    pub tid: i64,
    /// Seconds since the epoch.
    pub date: i64,
    /// Exact, at the currency's scale.
    pub price: String,
    /// Exact BTC, 8 decimals.
    pub amount: String,
    /// "buy" | "sell" (the taker's side, as the `data-type` hook), "" when not known.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

fn as_text<S: Serializer>(tid: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(tid)
}

impl TradeEvent {
    pub fn new(currency: Currency, decimals: u32, t: &TradeRecord) -> TradeEvent {
        TradeEvent {
            currency,
            tid: t.tid,
            date: t.date,
            price: format_ticks(t.price, decimals),
            amount: format_ticks(t.amount, AMOUNT_DECIMALS),
            kind: match t.trade_type {
                TradeType::Bid => "buy",
                TradeType::Ask => "sell",
                TradeType::Unknown => "",
            },
        }
    }
}

/// What one widget has reported, so that each event says something new: a status only when it
/// changed, a ticker only when a value did, and each trade once. The trades known when the
/// widget first went live in a currency (the history of its snapshot) are not reported; every
/// later one is, also those fetched after a reconnect.
#[derive(Debug, Default)]
pub struct Reporter {
    status: Option<StatusChange>,
    ticker: Option<TickerChange>,
    /// The currency whose trades are watched, and the newest tid reported or skipped in it
    /// (None: not live in it yet).
    trades: Option<(Currency, Option<i64>)>,
}

impl Reporter {
    pub fn status(&mut self, detail: StatusChange) -> Option<StatusChange> {
        (self.status.as_ref() != Some(&detail)).then(|| {
            self.status = Some(detail.clone());
            detail
        })
    }

    /// A ticker with nothing known (a currency switched to, not yet drawn) is not reported.
    pub fn ticker(&mut self, detail: TickerChange) -> Option<TickerChange> {
        (detail.known() && self.ticker.as_ref() != Some(&detail)).then(|| {
            self.ticker = Some(detail.clone());
            detail
        })
    }

    /// The trades of `currency` to report, oldest first, from its tape's trades newest first.
    /// `live`: the widget is live (its history loaded); before that nothing is reported.
    pub fn trades<'a>(
        &mut self,
        currency: Currency,
        live: bool,
        newest_first: impl Iterator<Item = &'a TradeRecord>,
    ) -> Vec<&'a TradeRecord> {
        if self.trades.is_none_or(|(c, _)| c != currency) {
            self.trades = Some((currency, None));
        }
        let Some((_, seen)) = self.trades.as_mut() else { return Vec::new() };
        let mut trades = newest_first.peekable();
        let Some(newest) = trades.peek().map(|t| t.tid) else {
            // An empty tape, once live: every trade from now on is new.
            if live && seen.is_none() {
                *seen = Some(i64::MIN);
            }
            return Vec::new();
        };
        let Some(last) = *seen else {
            if live {
                *seen = Some(newest);
            }
            return Vec::new();
        };
        let mut new: Vec<&TradeRecord> = trades.take_while(|t| t.tid > last).collect();
        new.reverse();
        *seen = Some(newest.max(last));
        new
    }
}

#[cfg(target_arch = "wasm32")]
pub use dispatch::{status, ticker, trade};

#[cfg(target_arch = "wasm32")]
mod dispatch {
    use serde::Serialize;
    use wasm_bindgen::JsValue;
    use web_sys::{CustomEvent, CustomEventInit, EventTarget};

    use super::{StatusChange, TickerChange, TradeEvent};

    /// Dispatches `goxbook:status` at `host`.
    pub fn status(host: &EventTarget, detail: &StatusChange) {
        dispatch(host, "goxbook:status", detail);
    }

    /// Dispatches `goxbook:ticker` at `host`.
    pub fn ticker(host: &EventTarget, detail: &TickerChange) {
        dispatch(host, "goxbook:ticker", detail);
    }

    /// Dispatches `goxbook:trade` at `host`.
    pub fn trade(host: &EventTarget, detail: &TradeEvent) {
        dispatch(host, "goxbook:trade", detail);
    }

    /// The detail is written now; the event goes out from a microtask (after the widget's
    /// own work, in the order asked). A listener that throws is the page's error, reported
    /// by the browser; the widget goes on.
    fn dispatch(host: &EventTarget, name: &'static str, detail: &impl Serialize) {
        if let Ok(detail) = detail.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
            fire(host.clone(), name, detail);
        }
    }

    /// Not generic: one future type for every event.
    fn fire(host: EventTarget, name: &'static str, detail: JsValue) {
        wasm_bindgen_futures::spawn_local(async move {
            let init = CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail);
            if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = host.dispatch_event(&event);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tid: i64) -> TradeRecord {
        TradeRecord {
            tid,
            date: tid / 1_000_000,
            price: 11_274_000 + tid % 100,
            amount: 14_000_000,
            trade_type: TradeType::Bid,
            primary: Some(true),
        }
    }

    fn tids(v: Vec<&TradeRecord>) -> Vec<i64> {
        v.iter().map(|t| t.tid).collect()
    }

    #[test]
    fn trade_details_are_exact() {
        let usd = Currency::new("USD").unwrap();
        let mut tr = t(1366231520000001);
        tr.trade_type = TradeType::Ask;
        let d = TradeEvent::new(usd, 5, &tr);
        assert_eq!(
            d,
            TradeEvent {
                currency: usd,
                tid: 1366231520000001,
                date: 1366231520,
                price: "112.74001".into(),
                amount: "0.14000000".into(),
                kind: "sell",
            }
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["type"], "sell");
        assert_eq!(json["tid"], "1366231520000001", "a string: past JavaScript's exact integers");
        assert_eq!(json["price"], "112.74001");
        let jpy = Currency::new("JPY").unwrap();
        tr.trade_type = TradeType::Unknown;
        tr.price = 1_234_567;
        let d = TradeEvent::new(jpy, 3, &tr);
        assert_eq!((d.price.as_str(), d.kind, d.currency), ("1234.567", "", jpy));
    }

    #[test]
    fn ticker_details() {
        let usd = Currency::new("USD").unwrap();
        let fields = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map(|s| Some(format!("{s}.00000")));
        let d = TickerChange::new(usd, fields);
        assert_eq!(
            (d.last.as_deref(), d.sell.as_deref(), d.avg.as_deref()),
            (Some("1.00000"), Some("3.00000"), Some("9.00000"))
        );
        let json = serde_json::to_string(&TickerChange::new(usd, Default::default())).unwrap();
        assert_eq!(
            json,
            r#"{"currency":"USD","last":null,"buy":null,"sell":null,"spread":null,"high":null,"low":null,"vol":null,"vwap":null,"avg":null}"#
        );
    }

    #[test]
    fn status_and_ticker_are_reported_when_they_change() {
        let usd = Currency::new("USD").unwrap();
        let mut r = Reporter::default();
        let s =
            |status, message: Option<&str>| StatusChange { status, message: message.map(String::from), currency: usd };
        assert!(r.status(s(Status::Connecting, None)).is_some());
        assert!(r.status(s(Status::Connecting, None)).is_none());
        assert!(r.status(s(Status::Live, None)).is_some());
        assert!(r.status(s(Status::Offline, Some("refused"))).is_some());
        assert!(r.status(s(Status::Offline, Some("closed"))).is_some(), "a new message is news");
        let eur = Currency::new("EUR").unwrap();
        let switched = StatusChange { currency: eur, ..s(Status::Offline, Some("closed")) };
        assert!(r.status(switched).is_some(), "another currency shown is news");
        let json = serde_json::to_string(&s(Status::Stale, None)).unwrap();
        assert_eq!(json, r#"{"status":"stale","message":null,"currency":"USD"}"#);
        assert!(r.ticker(TickerChange::new(usd, Default::default())).is_none(), "nothing known yet");
        let mut fields: [Option<String>; 9] = Default::default();
        fields[0] = Some("112.74000".into());
        assert!(r.ticker(TickerChange::new(usd, fields.clone())).is_some());
        assert!(r.ticker(TickerChange::new(usd, fields.clone())).is_none());
        fields[0] = Some("112.75000".into());
        assert_eq!(r.ticker(TickerChange::new(usd, fields)).unwrap().last.as_deref(), Some("112.75000"));
    }

    #[test]
    fn each_trade_once_and_history_never() {
        let usd = Currency::new("USD").unwrap();
        let eur = Currency::new("EUR").unwrap();
        let mut r = Reporter::default();
        // Newest first, as the tape is read.
        let tape: Vec<TradeRecord> = [5, 4, 3].map(t).to_vec();
        assert!(r.trades(usd, false, tape.iter()).is_empty(), "syncing: nothing yet");
        assert!(r.trades(usd, true, tape.iter()).is_empty(), "the history is not news");
        let tape: Vec<TradeRecord> = [8, 7, 6, 5, 4, 3].map(t).to_vec();
        assert_eq!(tids(r.trades(usd, true, tape.iter())), [6, 7, 8], "oldest first");
        assert!(r.trades(usd, true, tape.iter()).is_empty(), "once");
        // Offline for a while: the trades fetched since are reported when they come.
        let tape: Vec<TradeRecord> = [11, 10, 9, 8, 7].map(t).to_vec();
        assert_eq!(tids(r.trades(usd, false, tape.iter())), [9, 10, 11]);
        // Another currency: its history is not news either.
        let eur_tape: Vec<TradeRecord> = [50, 40].map(t).to_vec();
        assert!(r.trades(eur, true, eur_tape.iter()).is_empty());
        let eur_tape: Vec<TradeRecord> = [60, 50, 40].map(t).to_vec();
        assert_eq!(tids(r.trades(eur, true, eur_tape.iter())), [60]);
    }

    #[test]
    fn an_empty_history_then_the_first_trade() {
        let usd = Currency::new("USD").unwrap();
        let mut r = Reporter::default();
        assert!(r.trades(usd, false, [].iter()).is_empty());
        assert!(r.trades(usd, true, [].iter()).is_empty());
        let tape = [t(1)];
        assert_eq!(tids(r.trades(usd, true, tape.iter())), [1], "the first trade after going live is news");
    }
}
