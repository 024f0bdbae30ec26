//! `GoxbookWidget`, the public Leptos component: the whole widget in any Leptos 0.8 app,
//! configured by props (one per option of the configuration table, README), and telling the
//! app of its status, ticker and trades through callbacks.
//!
//! ```ignore
//! view! { <GoxbookWidget feed="wss://feed.example/mtgox" api="https://feed.example/api/1/" currency="EUR"/> }
//! ```
//!
//! A prop that changes applies live: the widget is mounted again for the new settings (on
//! the page's shared connection of its feed, which it joins before the old one leaves it).
//! Unmounting it leaves its connection; the last widget on a feed closes the socket.

use goxbook_core::Currency;
use leptos::prelude::*;

use crate::app::{page_origin, Configured};
use crate::config::Config;
use crate::model::{Field, Model, Status};
use crate::num::short;
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

/// The goxbook widget: a live ticker, order book and time & sales (and, in the `analytics`
/// build, the analytics panels) of a MtGox-protocol feed. Every prop is optional and is the
/// option of the same name (README, "Configuration"); a bad value is shown in the widget,
/// which then does not connect. Seconds are read to a tenth.
#[component]
pub fn GoxbookWidget(
    /// The websocket: `ws:`/`wss:` URL or a same-origin path (default: same-origin `/mtgox`).
    #[prop(into, optional)]
    feed: MaybeProp<String>,
    /// The HTTP API v1 base: `http:`/`https:` URL or a same-origin path (default `/api/1/`).
    #[prop(into, optional)]
    api: MaybeProp<String>,
    /// The market shown (default USD, or the first of `currencies`).
    #[prop(into, optional)]
    currency: MaybeProp<String>,
    /// A comma list of currencies subscribed on the one connection.
    #[prop(into, optional)]
    currencies: MaybeProp<String>,
    /// A comma list of panels (`ticker,book,trades` by default; `all`).
    #[prop(into, optional)]
    panels: MaybeProp<String>,
    /// The VWAP read-out covers the last this many BTC traded (an exact decimal).
    #[prop(into, optional)]
    vwap_amount: MaybeProp<String>,
    /// The forex grid's prices: `last` or `mid`.
    #[prop(into, optional)]
    forex: MaybeProp<String>,
    /// Seconds after which a forex-grid input is stale.
    #[prop(into, optional)]
    forex_stale: MaybeProp<f64>,
    /// Levels a side (1–200).
    #[prop(into, optional)]
    depth: MaybeProp<u32>,
    /// `light`, `dark` or `auto`.
    #[prop(into, optional)]
    theme: MaybeProp<String>,
    /// A BCP 47 language tag for the numbers shown (default: the browser's).
    #[prop(into, optional)]
    locale: MaybeProp<String>,
    /// `stacked` or `side`.
    #[prop(into, optional)]
    layout: MaybeProp<String>,
    /// `full` or `window`.
    #[prop(into, optional)]
    snapshot: MaybeProp<String>,
    /// Seconds of silence after which the feed is stale and reconnected.
    #[prop(into, optional)]
    stale: MaybeProp<f64>,
    /// A message after this many seconds of silence starts a fresh snapshot (0: never).
    #[prop(into, optional)]
    resync: MaybeProp<f64>,
    /// The snapshot is fetched again this often while live, in seconds (0: never).
    #[prop(into, optional)]
    refresh: MaybeProp<f64>,
    /// Subscriptions are sent again this often, in seconds (0: never).
    #[prop(into, optional)]
    resubscribe: MaybeProp<f64>,
    /// The cap of the reconnect delay, in seconds.
    #[prop(into, optional)]
    backoff: MaybeProp<f64>,
    /// Called when the status or its message changes.
    #[prop(into, optional)]
    on_status: Option<Callback<StatusChange>>,
    /// Called when the ticker of the currency shown changes.
    #[prop(into, optional)]
    on_ticker: Option<Callback<TickerChange>>,
    /// Called for each new trade in the currency shown.
    #[prop(into, optional)]
    on_trade: Option<Callback<TradeEvent>>,
) -> impl IntoView {
    let origin = page_origin();
    let settings = Memo::new(move |_| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, v) in [
            ("feed", feed.get()),
            ("api", api.get()),
            ("currency", currency.get()),
            ("currencies", currencies.get()),
            ("panels", panels.get()),
            ("vwap-amount", vwap_amount.get()),
            ("forex", forex.get()),
            ("forex-stale", forex_stale.get().map(short)),
            ("depth", depth.get().map(|d| d.to_string())),
            ("theme", theme.get()),
            ("locale", locale.get()),
            ("layout", layout.get()),
            ("snapshot", snapshot.get()),
            ("stale", stale.get().map(short)),
            ("resync", resync.get().map(short)),
            ("refresh", refresh.get().map(short)),
            ("resubscribe", resubscribe.get().map(short)),
            ("backoff", backoff.get().map(short)),
        ] {
            if let Some(v) = v {
                pairs.push((name, v));
            }
        }
        Config::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), &origin)
    });
    let events = Events { on_status, on_ticker, on_trade };
    view! { <Configured settings=settings.into() events=events/> }
}
