//! What a widget tells its host: status changes, the ticker, new trades — as Leptos callbacks
//! (the `on_status`, `on_ticker` and `on_trade` props of `GoxbookWidget`; the embeddings turn
//! them into `goxbook:*` DOM events), run by effects on the widget's model.

use goxbook_core::Currency;
use leptos::prelude::*;

use crate::model::{Field, Model, Status};
use crate::view::TICKER_FIELDS;

/// The connection's state changed (or its message did).
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    pub status: Status,
    /// What went wrong, in words (a configuration error, a refused connection …).
    pub message: Option<String>,
}

/// The ticker of the currency shown, as exact decimal strings (None: not known yet).
#[derive(Clone, Debug, PartialEq)]
pub struct TickerChange {
    pub currency: Currency,
    pub last: Option<String>,
    pub buy: Option<String>,
    pub sell: Option<String>,
    pub spread: Option<String>,
    pub high: Option<String>,
    pub low: Option<String>,
    pub vol: Option<String>,
    pub vwap: Option<String>,
    pub avg: Option<String>,
}

/// A trade in the currency shown, drawn after the widget's first trades (history is not
/// told again: each trade once, newest last).
#[derive(Clone, Debug, PartialEq)]
pub struct TradeEvent {
    pub currency: Currency,
    pub tid: i64,
    /// Exact, at the currency's scale.
    pub price: String,
    /// BTC, 8 decimals.
    pub amount: String,
    /// `buy` (buyer-initiated), `sell`, or `""`.
    pub kind: &'static str,
}

/// The callbacks a widget tells (the embeddings dispatch them as `goxbook:*` events).
#[derive(Clone, Copy, Default)]
pub struct Events {
    pub on_status: Option<Callback<StatusChange>>,
    pub on_ticker: Option<Callback<TickerChange>>,
    pub on_trade: Option<Callback<TradeEvent>>,
}

/// Runs `events`' callbacks as the model changes (effects of the current reactive owner).
pub(crate) fn emit(model: &Model, events: Events) {
    if let Some(cb) = events.on_status {
        let (status, message) = (model.status.clone(), model.message.clone());
        Effect::new(move |_| cb.run(StatusChange { status: status.get(), message: message.get() }));
    }
    if let Some(cb) = events.on_ticker {
        let (ticker, currency) = (model.ticker.clone(), model.currency.clone());
        Effect::new(move |_| {
            let fields = ticker.get();
            if fields.iter().any(|f| f.exact.is_some()) {
                cb.run(ticker_change(currency.get_untracked(), fields));
            }
        });
    }
    if let Some(cb) = events.on_trade {
        let (trades, currency) = (model.trades.clone(), model.currency.clone());
        // The newest trade told, and its currency.
        Effect::new(move |told: Option<Option<(Currency, i64)>>| {
            let currency = currency.get_untracked();
            let before = told.flatten().filter(|(c, _)| *c == currency).map(|(_, tid)| tid);
            trades.with(|rows| {
                if let Some(before) = before {
                    for t in rows.iter().rev().filter(|t| t.tid > before) {
                        let (price, amount) = (t.price.clone(), t.amount.clone());
                        cb.run(TradeEvent { currency, tid: t.tid, price, amount, kind: t.kind });
                    }
                }
                let newest = rows.iter().map(|t| t.tid).max();
                newest.map(|tid| (currency, tid.max(before.unwrap_or(tid))))
            })
        });
    }
}

fn ticker_change(currency: Currency, fields: Vec<Field>) -> TickerChange {
    debug_assert_eq!(TICKER_FIELDS, ["last", "buy", "sell", "spread", "high", "low", "vol", "vwap", "avg"]);
    let mut f = fields.into_iter().map(|f| f.exact);
    let mut next = || f.next().flatten();
    TickerChange {
        currency,
        last: next(),
        buy: next(),
        sell: next(),
        spread: next(),
        high: next(),
        low: next(),
        vol: next(),
        vwap: next(),
        avg: next(),
    }
}
