//! The components, and mounting them: the standalone page, or any element (embedders).
//!
//! Stable hooks (README): root `[data-goxbook]` with `data-status` and `data-currency`;
//! ticker `[data-field]` with `data-value` (exact); book rows `[data-level]` with `data-side`,
//! `data-price`, `data-amount` (exact; best level of each side first in DOM order); trade rows
//! `[data-trade]` with `data-tid`, `data-price`, `data-amount`, `data-type`. Server strings are
//! only ever text nodes.

use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::{Currency, Side};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::keyed::keyed;

use crate::config::{Config, ConfigError, Layout, Origin};
use crate::format::Formats;
use crate::hub::{self, Membership};
use crate::model::{Model, Renderer, Row, Status, TradeRow};
use crate::num::{short, tenths};
use crate::panels::{Analytics, CurrencySwitch, Panel, VwapReadout};
use crate::sync::Sync;
use crate::view::TICKER_FIELDS;

const LABELS: [&str; 9] = ["Last", "Bid", "Ask", "Spread", "24 h high", "24 h low", "24 h volume", "VWAP", "Average"];

/// A mounted widget: dropping or [`WidgetHandle::destroy`] unmounts it and leaves its
/// connection (the last widget on a connection closes its socket).
pub struct WidgetHandle {
    _membership: Option<Membership>,
    _interval: Option<IntervalHandle>,
    _mounted: Box<dyn std::any::Any>,
    pub renderer: Rc<Renderer>,
}

impl WidgetHandle {
    pub fn destroy(self) {}
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        if let Some(i) = self._interval.take() {
            i.clear();
        }
    }
}

/// Where the page is.
pub fn page_origin() -> Origin {
    let loc = web_sys::window().map(|w| w.location());
    Origin {
        protocol: loc.as_ref().and_then(|l| l.protocol().ok()).unwrap_or_else(|| "http:".into()),
        host: loc.as_ref().and_then(|l| l.host().ok()).unwrap_or_default(),
    }
}

/// The standalone page: configured by its query string, mounted on `<body>`.
pub fn mount_standalone() {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (cfg, errors) = Config::from_query(&query, &page_origin());
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
    if let Some(body) = body {
        std::mem::forget(mount(body, cfg, errors, true));
    }
}

/// Mounts a widget in `parent`. With configuration errors it shows them and does not
/// connect; with `connect` false it draws only what the caller feeds its renderer (tests).
/// Widgets on the same feed URL share one connection and one market (`hub`).
pub fn mount(parent: web_sys::HtmlElement, cfg: Config, mut errors: Vec<ConfigError>, connect: bool) -> WidgetHandle {
    if let Err(e) = Formats::new(cfg.locale.as_deref(), 2) {
        errors.push(ConfigError { param: "locale", message: e });
    }
    let hub = (errors.is_empty() && connect).then(|| hub::hub_for(&cfg));
    let sync = hub.as_ref().map_or_else(|| Rc::new(RefCell::new(Sync::new(cfg.currency))), |h| Rc::clone(&h.sync));
    let model = Model::new(&cfg);
    let renderer = Renderer::new(&cfg, model.clone(), sync);
    let theme = cfg.theme;
    let depth = cfg.depth;
    if !errors.is_empty() {
        let text = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        model.set_status(Status::Offline, Some(format!("configuration error: {text}")));
    }
    let membership = hub.map(|h| h.join(Rc::clone(&renderer), &cfg.currencies));
    let interval = membership.as_ref().and_then(|_| {
        let r = Rc::clone(&renderer);
        set_interval_with_handle(move || r.tick(), std::time::Duration::from_millis(500)).ok()
    });
    let r = Rc::clone(&renderer);
    let mounted = mount_to(parent, move || view! { <Widget model=model renderer=r theme=theme.as_str() depth=depth/> });
    WidgetHandle { _membership: membership, _interval: interval, _mounted: Box::new(mounted), renderer }
}

#[component]
pub fn Widget(model: Model, renderer: Rc<Renderer>, theme: &'static str, depth: usize) -> impl IntoView {
    let status = model.status.clone();
    let layout = model.layout.clone();
    let currency = model.currency.clone();
    let syncs = model.syncs.clone();
    let panels = model.panels.clone();
    let show = |p: Panel| panels.shows(p);
    let (ticker, vwap, book, trades) = (show(Panel::Ticker), show(Panel::Vwap), show(Panel::Book), show(Panel::Trades));
    let r = Rc::clone(&renderer);
    let redraw: Rc<dyn Fn()> = Rc::new(move || r.schedule());
    let r = Rc::clone(&renderer);
    let switch: Rc<dyn Fn(Currency)> = Rc::new(move |c| r.switch_currency(c));
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
        >
            <StatusLine model=model.clone()/>
            <CurrencySwitch panels=panels.clone() switch=Rc::clone(&switch)/>
            {ticker.then(|| view! { <Ticker model=model.clone()/> })}
            {vwap.then(|| view! { <VwapReadout panels=panels.clone()/> })}
            {(book || trades).then(|| view! {
                <div class=if book && trades { "gx-panels" } else { "gx-panels gx-single" }>
                    {book.then(|| view! { <Book model=model.clone() renderer=Rc::clone(&renderer)/> })}
                    {trades.then(|| view! { <Trades model=model.clone()/> })}
                </div>
            })}
            <Analytics panels=panels redraw=redraw switch=switch/>
        </div>
    }
}

#[component]
fn StatusLine(model: Model) -> impl IntoView {
    let (status, last, now, skipped, message) = (
        model.status.clone(),
        model.last_frame.clone(),
        model.now.clone(),
        model.skipped.clone(),
        model.message.clone(),
    );
    let message2 = message.clone();
    let text = move || {
        let s = status.get();
        let age = last.get().map(|t| format!(" · last message {} s ago", tenths((now.get() - t).max(0.0) / 1000.0)));
        let (g, r) = skipped.get();
        let skipped = if g + r > 0 { format!(" · {} frame(s) skipped", g + r) } else { String::new() };
        format!("{}{}{}", s.as_str(), age.unwrap_or_default(), skipped)
    };
    view! {
        <div class="gx-status">
            <span class="gx-dot" aria-hidden="true"></span>
            <span class="gx-status-text" data-status-text="">{text}</span>
            <span class="gx-pair">"BTC/" {move || model.currency.get().to_string()}</span>
        </div>
        <div class="gx-message" role="status" data-message="" hidden=move || message2.with(Option::is_none)>
            {move || message.get().unwrap_or_default()}
        </div>
    }
}

#[component]
fn Ticker(model: Model) -> impl IntoView {
    let fields = TICKER_FIELDS.iter().enumerate().map(|(i, name)| {
        let (t1, t2) = (model.ticker.clone(), model.ticker.clone());
        let mv = model.last_move.clone();
        let class = move || {
            if *name != "last" {
                return "gx-field".to_string();
            }
            let (dir, n) = mv.get();
            match dir {
                1 => format!("gx-field gx-last gx-up gx-flash-{}", n % 2),
                -1 => format!("gx-field gx-last gx-down gx-flash-{}", n % 2),
                _ => "gx-field gx-last".to_string(),
            }
        };
        view! {
            <div class=class data-field=*name data-value=move || t1.with(|t| t[i].exact.clone())>
                <span class="gx-label">{LABELS[i]}</span>
                <span class="gx-value">{move || t2.with(|t| t[i].text.clone())}</span>
            </div>
        }
    });
    view! { <div class="gx-ticker">{fields.collect_view()}</div> }
}

#[component]
fn Book(model: Model, renderer: Rc<Renderer>) -> impl IntoView {
    let (group, groups, layout) = (model.group.clone(), model.groups.clone(), model.layout.clone());
    let group2 = group.clone();
    let layout2 = layout.clone();
    let r = Rc::clone(&renderer);
    let on_group = move |ev: leptos::ev::Event| {
        if let Ok(t) = event_target_value(&ev).parse::<i64>() {
            group.set(t);
            r.schedule();
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
                            groups.get().into_iter().map(|(t, label)| view! {
                                <option value=t.to_string() selected=t == current>{label}</option>
                            }).collect_view()
                        }}
                    </select>
                </label>
                <button type="button" data-control="layout" on:click=on_layout>
                    {move || if layout2.get() == Layout::Stacked { "Side by side" } else { "Stacked" }}
                </button>
            </div>
            <div class="gx-head"><span>"Price"</span><span>"Amount"</span><span>"Total"</span></div>
            <div class="gx-sides">
                <Side rows=model.asks.clone() side=Side::Ask/>
                <Side rows=model.bids.clone() side=Side::Bid/>
            </div>
        </section>
    }
}

#[component]
fn Side(rows: ArcRwSignal<Vec<Row>>, side: Side) -> impl IntoView {
    let class = if side == Side::Ask { "gx-side gx-asks" } else { "gx-side gx-bids" };
    let level = level_view(side);
    view! {
        <div class=class data-book-side=side.as_str()>
            <div class="gx-head gx-side-head"><span>"Price"</span><span>"Amount"</span><span>"Total"</span></div>
            {move || keyed(rows.get(), |r: &Row| r.key, level.clone())}
        </div>
    }
}

/// A `<For>` of the rows, except that each row's reactive owner is a root of its own: a
/// `<For>`'s rows are children of its owner, which keeps a (weak) reference to every row it
/// ever had, i.e. the memory of a dead owner per price level ever shown (dozens a second in a
/// busy book). Nothing in a row reads a context.
fn level_view(side: Side) -> impl Fn(usize, Row) -> (fn(usize), OwnedView<AnyView>) + Clone {
    move |_, r| {
        let parent = Owner::current();
        if let Some(p) = parent.clone() {
            p.unset();
        }
        let owner = Owner::new();
        if let Some(p) = parent {
            p.set();
        }
        let view = owner.with(|| view! { <Level row=r side=side/> }.into_any());
        (drop::<usize> as fn(usize), OwnedView::new_with_owner(view, owner))
    }
}

#[component]
fn Level(row: Row, side: Side) -> impl IntoView {
    let (l1, l2, l3, l4, l5) =
        (row.look.clone(), row.look.clone(), row.look.clone(), row.look.clone(), row.look.clone());
    view! {
        <div
            class=move || {
                l1.with(|l| if l.flashing { format!("gx-level gx-flash-{}", l.flash % 2) } else { "gx-level".into() })
            }
            data-level=""
            data-side=side.as_str()
            data-price=row.price.clone()
            data-amount=move || l2.with(|l| l.amount.clone())
        >
            <span class="gx-bar" style:width=move || short(l3.with(|l| l.bar)) + "%"></span>
            <span class="gx-price">{row.price_text.clone()}</span>
            <span class="gx-amount">{move || l4.with(|l| l.amount_text.clone())}</span>
            <span class="gx-cum">{move || l5.with(|l| l.cumulative_text.clone())}</span>
        </div>
    }
}

/// The trades list, newest first. Its rows are written directly: new trades are inserted at
/// the top and the oldest removed at the bottom, and a row already shown is never moved
/// (a keyed `<For>` moves rows when several trades arrive in one frame, which restarts their
/// flash, and keeps a dead reactive owner per trade ever shown). Server strings are text only.
#[component]
fn Trades(model: Model) -> impl IntoView {
    let trades = model.trades.clone();
    let list = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |shown: Option<Vec<(i64, web_sys::Element)>>| {
        let mut shown = shown.unwrap_or_default();
        let rows = trades.get();
        if let Some(list) = list.get() {
            update_trades(&list, &mut shown, &rows);
        }
        shown
    });
    view! {
        <section class="gx-trades" aria-label="Time and sales">
            <div class="gx-head"><span>"Time"</span><span>"Price"</span><span>"Amount"</span></div>
            <div class="gx-trade-list" node_ref=list></div>
        </section>
    }
}

/// Brings the list's rows (`shown`, in DOM order) to `rows`. The usual change, new trades on
/// top of those shown and as many dropped at the bottom, touches only those rows; anything
/// else (another currency, a resync) redraws the list.
fn update_trades(list: &web_sys::Element, shown: &mut Vec<(i64, web_sys::Element)>, rows: &[TradeRow]) {
    let Some(doc) = list.owner_document() else { return };
    let new = shown
        .first()
        .and_then(|(tid, _)| rows.iter().position(|r| r.tid == *tid))
        .filter(|&k| rows[k..].iter().zip(shown.iter()).all(|(r, (tid, _))| r.tid == *tid));
    let Some(k) = new else {
        list.set_text_content(None);
        shown.clear();
        for r in rows {
            let el = trade_row(&doc, r);
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
        let el = trade_row(&doc, r);
        let _ = list.append_child(&el);
        shown.push((r.tid, el));
    }
    let top = shown.first().map(|(_, el)| el.clone());
    let added: Vec<_> = rows[..k].iter().map(|r| (r.tid, trade_row(&doc, r))).collect();
    for (_, el) in &added {
        let _ = list.insert_before(el, top.as_ref().map(|e| e.as_ref()));
    }
    shown.splice(0..0, added);
}

fn trade_row(doc: &web_sys::Document, t: &TradeRow) -> web_sys::Element {
    let el = doc.create_element("div").expect("div");
    el.set_class_name(&format!("gx-trade gx-{}", if t.kind.is_empty() { "unknown" } else { t.kind }));
    for (name, value) in [
        ("data-trade", ""),
        ("data-tid", &t.tid.to_string()),
        ("data-price", &t.price),
        ("data-amount", &t.amount),
        ("data-type", t.kind),
    ] {
        let _ = el.set_attribute(name, value);
    }
    for (class, text) in [("gx-time", &t.time), ("gx-price", &t.price_text), ("gx-amount", &t.amount_text)] {
        let span = doc.create_element("span").expect("span");
        span.set_class_name(class);
        span.set_text_content(Some(text));
        let _ = el.append_child(&span);
    }
    el
}
