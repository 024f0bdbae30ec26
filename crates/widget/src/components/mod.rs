//! The widget's Leptos components: the root ([`Widget`]) and the status line, ticker, order
//! book and time & sales; the analytics panels are in `crate::panels`. What they show is the
//! [`Model`]'s signals, filled by the [`Renderer`] at most once per animation frame; the
//! components reach both through the context (`Ctx`), not through props threaded by hand.
//!
//! Made with `view!` throughout. One thing is not Leptos's own: the trades list inserts new
//! rows on top by hand (rows still made with `view!`), because a keyed list moves rows when
//! several trades arrive in one frame, which restarts their flash (see `trades.rs`).

mod book;
mod status;
mod ticker;
mod trades;

use std::rc::Rc;

use leptos::prelude::*;

pub use crate::context::{ctx, Ctx};
use crate::model::{Model, Renderer};
#[cfg(feature = "analytics")]
use crate::panels::VwapReadout;
use crate::panels::{Analytics, CurrencySwitch, Panel};

pub use book::Book;
pub use status::StatusLine;
pub use ticker::Ticker;
pub use trades::Trades;

/// The VWAP read-out, under the ticker (analytics build only: the configuration refuses it in
/// the default build).
#[cfg(feature = "analytics")]
fn vwap(shown: bool) -> Option<impl IntoView> {
    shown.then(|| view! { <VwapReadout/> })
}

#[cfg(not(feature = "analytics"))]
fn vwap(_: bool) -> Option<()> {
    None
}

/// The widget's root: the status line, the currency switch, then the panels shown. With a
/// `height` (a CSS length), `data-height` and the custom property `--gx-height` (set through
/// the CSSOM, which no CSP forbids) make it that tall, its book and trades scrolling
/// (style.css).
#[component]
pub fn Widget(
    model: Model,
    renderer: Rc<Renderer>,
    theme: &'static str,
    depth: usize,
    height: Option<String>,
) -> impl IntoView {
    provide_context(Ctx::new(model.clone(), renderer));
    let Model { status, currency, layout, syncs, panels, .. } = model;
    let show = |p: Panel| panels.shows(p);
    let (book, trades) = (show(Panel::Book), show(Panel::Trades));
    let sized = height.is_some().then_some("");
    view! {
        <div
            class="goxbook"
            data-goxbook=""
            data-status=move || status.get().as_str()
            data-currency=move || currency.get().to_string()
            data-theme=theme
            data-layout=move || layout.get().as_str()
            data-depth=depth.to_string()
            data-syncs=move || syncs.get().to_string()
            data-height=sized
            style=height.map(|h| ("--gx-height", h))
        >
            <StatusLine/>
            <CurrencySwitch/>
            {show(Panel::Ticker).then(|| view! { <Ticker/> })}
            {vwap(show(Panel::Vwap))}
            {(book || trades).then(|| view! {
                <div class=if book && trades { "gx-panels" } else { "gx-panels gx-single" }>
                    {book.then(|| view! { <Book/> })}
                    {trades.then(|| view! { <Trades/> })}
                </div>
            })}
            <Analytics/>
        </div>
    }
}
