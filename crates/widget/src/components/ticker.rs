//! The ticker: one `[data-field]` per field, its exact value in `data-value`; the last price
//! flashes up or down.

use leptos::prelude::*;

use super::ctx;
use crate::view::TICKER_FIELDS;

const LABELS: [&str; 9] = ["Last", "Bid", "Ask", "Spread", "24 h high", "24 h low", "24 h volume", "VWAP", "Average"];

#[component]
pub fn Ticker() -> impl IntoView {
    let m = ctx().model;
    let fields = TICKER_FIELDS.iter().enumerate().map(|(i, &name)| {
        let (t1, t2, mv) = (m.ticker.clone(), m.ticker.clone(), m.last_move.clone());
        let class = move || {
            if name != "last" {
                return "gx-field".to_string();
            }
            match mv.get() {
                (1, n) => format!("gx-field gx-last gx-up gx-flash-{}", n % 2),
                (-1, n) => format!("gx-field gx-last gx-down gx-flash-{}", n % 2),
                _ => "gx-field gx-last".to_string(),
            }
        };
        view! {
            <div class=class data-field=name data-value=move || t1.with(|t| t[i].exact.clone())>
                <span class="gx-label">{LABELS[i]}</span>
                <span class="gx-value">{move || t2.with(|t| t[i].text.clone())}</span>
            </div>
        }
    });
    view! { <div class="gx-ticker">{fields.collect_view()}</div> }
}
