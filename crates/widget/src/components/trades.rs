//! Time & sales, newest first: a table (ARIA roles on the grid layout) whose rows say in text
//! (visually hidden) whether the buyer or the seller took the trade, not by colour alone.
//!
//! The rows are made with `view!`, but inserted by hand: new trades on top, the oldest removed
//! at the bottom, a row already shown never moved. A keyed list (`<For>`) moves every row but
//! one when several trades arrive in one frame (removed and inserted again, which restarts
//! each row's flash animation: 1 810 rows inserted a second for 300 trades/s, BENCHMARKS.md),
//! and keeps a dead reactive owner per trade ever shown. Trades never change, so a row has no
//! reactive part to own. Server strings are only ever text nodes.

use leptos::html::Div;
use leptos::prelude::*;
use web_sys::Element;

use super::ctx;
use crate::model::TradeRow;

#[component]
pub fn Trades() -> impl IntoView {
    let trades = ctx().model.trades;
    let list = NodeRef::<Div>::new();
    Effect::new(move |shown: Option<Vec<(i64, Element)>>| {
        let mut shown = shown.unwrap_or_default();
        trades.with(|rows| {
            if let Some(list) = list.get() {
                update_trades(&list, &mut shown, rows);
            }
        });
        shown
    });
    view! {
        <section class="gx-trades" role="table" aria-label="Time and sales, newest first">
            <div class="gx-head" role="row">
                <span role="columnheader">"Time"</span>
                <span role="columnheader">"Price"</span>
                <span role="columnheader">"Amount"</span>
            </div>
            <div class="gx-trade-list" role="rowgroup" node_ref=list></div>
        </section>
    }
}

/// Brings the list's rows (`shown`, in DOM order) to `rows`. The usual change, new trades on
/// top of those shown and as many dropped at the bottom, touches only those rows; anything
/// else (another currency, a resync) redraws the list.
fn update_trades(list: &Element, shown: &mut Vec<(i64, Element)>, rows: &[TradeRow]) {
    let new = shown
        .first()
        .and_then(|(tid, _)| rows.iter().position(|r| r.tid == *tid))
        .filter(|&k| rows[k..].iter().zip(shown.iter()).all(|(r, (tid, _))| r.tid == *tid));
    let Some(k) = new else {
        list.set_text_content(None);
        shown.clear();
        for r in rows {
            let el = trade_row(r);
            let _ = list.append_child(&el);
            shown.push((r.tid, el));
        }
        return;
    };
    let kept = shown.len().min(rows.len() - k);
    for (_, el) in shown.drain(kept..) {
        el.remove();
    }
    // Older trades below those shown (the list was shorter): appended.
    for r in &rows[k + kept..] {
        let el = trade_row(r);
        let _ = list.append_child(&el);
        shown.push((r.tid, el));
    }
    let top = shown.first().map(|(_, el)| el.clone());
    let added: Vec<_> = rows[..k].iter().map(|r| (r.tid, trade_row(r))).collect();
    for (_, el) in &added {
        let _ = list.insert_before(el, top.as_ref().map(|e| e.as_ref()));
    }
    shown.splice(0..0, added);
}

/// One trade's row, made by `view!` (static: a trade never changes).
fn trade_row(t: &TradeRow) -> Element {
    let class = ["gx-trade gx-", if t.kind.is_empty() { "unknown" } else { t.kind }].concat();
    let side = match t.kind {
        "buy" => "buy, taken by the buyer: ",
        "sell" => "sell, taken by the seller: ",
        _ => "",
    };
    let row = view! {
        <div
            class=class
            role="row"
            data-trade=""
            data-tid=t.tid.to_string()
            data-price=t.price.clone()
            data-amount=t.amount.clone()
            data-type=t.kind
        >
            <span class="gx-time" role="cell">{t.time.clone()}</span>
            <span class="gx-price" role="cell"><span class="gx-sr">{side}</span>{t.price_text.clone()}</span>
            <span class="gx-amount" role="cell">{t.amount_text.clone()}</span>
        </div>
    };
    (*row.build()).clone()
}
