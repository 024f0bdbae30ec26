//! The order book: grouping and layout controls, then asks and bids, each a table (ARIA
//! roles on the grid layout) of rows keyed by price. A row says its side in text (visually
//! hidden), not by colour alone.

use goxbook_core::Side;
use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::keyed::keyed;

use super::ctx;
use crate::config::Layout;
use crate::model::Row;
use crate::num::short;

#[component]
pub fn Book() -> impl IntoView {
    let c = ctx();
    let m = c.model.clone();
    let (group, groups, layout) = (m.group.clone(), m.groups, m.layout.clone());
    let (group2, layout2) = (m.group, m.layout);
    let on_group = move |ev: leptos::ev::Event| {
        if let Ok(t) = event_target_value(&ev).parse::<i64>() {
            group.set(t);
            c.redraw();
        }
    };
    let on_layout = move |_| {
        layout.update(|l| *l = if *l == Layout::Stacked { Layout::SideBySide } else { Layout::Stacked });
    };
    view! {
        <section class="gx-book" aria-label="Order book">
            <div class="gx-controls">
                <label>
                    "Group "
                    <select data-control="group" on:change=on_group>
                        {move || {
                            let current = group2.get();
                            groups
                                .get()
                                .into_iter()
                                .map(|(t, label)| view! { <option value=t.to_string() selected=t == current>{label}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button type="button" data-control="layout" on:click=on_layout>
                    {move || if layout2.get() == Layout::Stacked { "Side by side" } else { "Stacked" }}
                </button>
            </div>
            <div class="gx-head" aria-hidden="true"><span>"Price"</span><span>"Amount"</span><span>"Total"</span></div>
            <div class="gx-sides">
                <BookSide side=Side::Ask/>
                <BookSide side=Side::Bid/>
            </div>
        </section>
    }
}

/// One side: a table whose rows are keyed by price (a price already shown keeps its row and
/// its DOM; rows move only when the order changes, i.e. on insertions and removals).
#[component]
fn BookSide(side: Side) -> impl IntoView {
    let m = ctx().model;
    let (rows, class, label) = match side {
        Side::Ask => (m.asks, "gx-side gx-asks", "Asks (offers to sell), lowest price first"),
        Side::Bid => (m.bids, "gx-side gx-bids", "Bids (offers to buy), highest price first"),
    };
    view! {
        <div class=class data-book-side=side.as_str() role="table" aria-label=label>
            <div class="gx-head gx-side-head" role="row">
                <span role="columnheader">"Price"</span>
                <span role="columnheader">"Amount"</span>
                <span role="columnheader">"Total"</span>
            </div>
            {move || keyed(rows.get(), |r: &Row| r.key, level_view(side))}
        </div>
    }
}

/// Leptos's keyed list (what `<For>` is made of), except that each row's reactive owner is
/// a root of its own: `<For>` makes each row's owner a child of its own, and an owner keeps a
/// (weak) reference to every child it ever had, i.e. the memory of a dead owner per price
/// level ever shown (dozens a second in a busy book; BENCHMARKS.md, "The widget under load").
/// Nothing in a row reads a context.
fn level_view(side: Side) -> impl Fn(usize, Row) -> (fn(usize), OwnedView<AnyView>) + Clone {
    move |_, row| {
        let parent = Owner::current();
        if let Some(p) = parent.clone() {
            p.unset();
        }
        let owner = Owner::new();
        if let Some(p) = parent {
            p.set();
        }
        let view = owner.with(|| view! { <Level row=row side=side/> }.into_any());
        (drop::<usize> as fn(usize), OwnedView::new_with_owner(view, owner))
    }
}

#[component]
fn Level(row: Row, side: Side) -> impl IntoView {
    let l = row.look;
    let (l1, l2, l3, l4, l5) = (l.clone(), l.clone(), l.clone(), l.clone(), l);
    let class =
        move || l1.with(|l| if l.flashing { format!("gx-level gx-flash-{}", l.flash % 2) } else { "gx-level".into() });
    view! {
        <div
            class=class
            role="row"
            data-level=""
            data-side=side.as_str()
            data-price=row.price
            data-amount=move || l2.with(|l| l.amount.clone())
        >
            <span class="gx-bar" aria-hidden="true" style:width=move || short(l3.with(|l| l.bar)) + "%"></span>
            <span class="gx-price" role="cell">
                <span class="gx-sr">{if side == Side::Ask { "ask " } else { "bid " }}</span>
                {row.price_text}
            </span>
            <span class="gx-amount" role="cell">{move || l4.with(|l| l.amount_text.clone())}</span>
            <span class="gx-cum" role="cell">{move || l5.with(|l| l.cumulative_text.clone())}</span>
        </div>
    }
}
