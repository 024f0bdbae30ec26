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

use leptos::prelude::*;

use crate::app::{page_origin, Configured};
use std::rc::Rc;

use crate::callbacks::{Events, Tell};
use crate::config::Config;
use crate::events::{StatusChange, TickerChange, TradeEvent};
use crate::num::short;

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
    /// The widget's height, a CSS length (`"400px"`, `"30em"`, `"60vh"`; a bare number is px):
    /// the book and the trades scroll inside it instead of growing the page.
    #[prop(into, optional)]
    height: MaybeProp<String>,
    /// Called when the status, its message or the currency shown changes.
    #[prop(into, optional)]
    on_status: Option<Callback<StatusChange>>,
    /// Called when the ticker of the currency shown changes.
    #[prop(into, optional)]
    on_ticker: Option<Callback<TickerChange>>,
    /// Called for each new trade in the currency shown, once, oldest first: not for the
    /// history loaded before the widget first went live, but for trades fetched after a
    /// reconnect.
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
            ("height", height.get()),
        ] {
            if let Some(v) = v {
                pairs.push((name, v));
            }
        }
        Config::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), &origin)
    });
    let events = Events { on_status, on_ticker, on_trade };
    let tell = events.listens().contains(&true).then(|| Rc::new(events) as Rc<dyn Tell>);
    view! { <Configured settings=Rc::new(move || settings.get()) tell/> }
}
