//! The components, and mounting them: the standalone page, or any element (embedders).
//!
//! Stable hooks (README): root `[data-goxbook]` with `data-status` and `data-currency`;
//! ticker `[data-field]` with `data-value` (exact); book rows `[data-level]` with `data-side`,
//! `data-price`, `data-amount` (exact; best level of each side first in DOM order); trade rows
//! `[data-trade]` with `data-tid`, `data-price`, `data-amount`, `data-type`. Server strings are
//! only ever text nodes. The DOM is made and kept current by [`dom`](crate::dom).

use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::{Currency, Side};
use reactive_graph::prelude::*;
use reactive_graph::signal::ArcRwSignal;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::config::{Config, ConfigError, Layout, Origin};
use crate::dom::{self, Keep};
use crate::format::Fmt;
use crate::hub::{self, Membership};
use crate::model::{Model, Renderer, Row, RowLook, Status, TradeRow};
use crate::num::{short, tenths};
use crate::panels::{analytics, currency_switch, vwap, Panel};
use crate::sync::Sync;
use crate::timers::Interval;
use crate::view::TICKER_FIELDS;

const LABELS: [&str; 9] = ["Last", "Bid", "Ask", "Spread", "24 h high", "24 h low", "24 h volume", "VWAP", "Average"];

/// A mounted widget: dropping or [`WidgetHandle::destroy`] unmounts it and leaves its
/// connection (the last widget on a connection closes its socket).
pub struct WidgetHandle {
    _membership: Option<Membership>,
    _interval: Option<Interval>,
    _keep: Keep,
    root: Element,
    pub renderer: Rc<Renderer>,
}

impl WidgetHandle {
    pub fn destroy(self) {}
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.root.remove();
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
    // Effects rerun in tasks of Leptos's executor (a second init is a no-op error).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    if let Err(e) = Fmt::new(cfg.locale.as_deref(), 2) {
        errors.push(ConfigError { param: "locale", message: e });
    }
    let hub = (errors.is_empty() && connect).then(|| hub::hub_for(&cfg));
    let sync = hub.as_ref().map_or_else(|| Rc::new(RefCell::new(Sync::new(cfg.currency))), |h| Rc::clone(&h.sync));
    let model = Model::new(&cfg);
    let renderer = Renderer::new(&cfg, model.clone(), sync);
    if !errors.is_empty() {
        let text = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        model.set_status(Status::Offline, Some(format!("configuration error: {text}")));
    }
    let membership = hub.map(|h| h.join(Rc::clone(&renderer), &cfg.currencies));
    let interval = membership.as_ref().map(|_| {
        let r = Rc::clone(&renderer);
        Interval::new(500, move || r.tick())
    });
    let mut keep = Keep::default();
    let root = widget(&mut keep, &model, &renderer, cfg.theme.as_str(), cfg.depth);
    dom::append(&parent, &root);
    WidgetHandle { _membership: membership, _interval: interval, _keep: keep, root, renderer }
}

/// The widget's root: the status line, the currency switch, then the panels shown.
fn widget(k: &mut Keep, model: &Model, renderer: &Rc<Renderer>, theme: &str, depth: usize) -> Element {
    let root = dom::el("div", "goxbook");
    dom::attr(&root, "data-goxbook", "");
    dom::attr(&root, "data-theme", theme);
    dom::attr(&root, "data-depth", &depth.to_string());
    let (status, currency, layout, syncs) =
        (model.status.clone(), model.currency.clone(), model.layout.clone(), model.syncs.clone());
    k.attr(&root, "data-status", move || Some(status.get().as_str().into()));
    k.attr(&root, "data-currency", move || Some(currency.get().to_string()));
    k.attr(&root, "data-layout", move || Some(layout.get().as_str().into()));
    k.attr(&root, "data-syncs", move || Some(syncs.get().to_string()));

    let panels = &model.panels;
    let show = |p: Panel| panels.shows(p);
    let (book, trades) = (show(Panel::Book), show(Panel::Trades));
    let r = Rc::clone(renderer);
    let redraw: Rc<dyn Fn()> = Rc::new(move || r.schedule());
    let r = Rc::clone(renderer);
    let switch: Rc<dyn Fn(Currency)> = Rc::new(move |c| r.switch_currency(c));

    status_line(k, &root, model);
    if let Some(e) = currency_switch(k, panels, Rc::clone(&switch)) {
        dom::append(&root, &e);
    }
    if show(Panel::Ticker) {
        dom::append(&root, &ticker(k, model));
    }
    if show(Panel::Vwap) {
        dom::append(&root, &vwap::build(k, panels));
    }
    if book || trades {
        let both = dom::child(&root, "div", if book && trades { "gx-panels" } else { "gx-panels gx-single" });
        if book {
            dom::append(&both, &book_panel(k, model, renderer));
        }
        if trades {
            dom::append(&both, &trades_panel(k, model));
        }
    }
    if let Some(e) = analytics(k, panels, redraw, switch) {
        dom::append(&root, &e);
    }
    root
}

fn status_line(k: &mut Keep, root: &Element, model: &Model) {
    let (status, last, now, skipped) =
        (model.status.clone(), model.last_frame.clone(), model.now.clone(), model.skipped.clone());
    let line = dom::child(root, "div", "gx-status");
    dom::html(&line, r#"<span class="gx-dot" aria-hidden="true"></span>"#);
    let text = dom::child(&line, "span", "gx-status-text");
    dom::attr(&text, "data-status-text", "");
    k.text(&text, move || {
        let s = status.get();
        let age = last.get().map(|t| format!(" · last message {} s ago", tenths((now.get() - t).max(0.0) / 1000.0)));
        let (g, r) = skipped.get();
        let skipped = if g + r > 0 { format!(" · {} frame(s) skipped", g + r) } else { String::new() };
        format!("{}{}{}", s.as_str(), age.unwrap_or_default(), skipped)
    });
    let pair = dom::child(&line, "span", "gx-pair");
    let currency = model.currency.clone();
    k.text(&pair, move || format!("BTC/{}", currency.get()));

    let msg = dom::child(root, "div", "gx-message");
    dom::attr(&msg, "role", "status");
    dom::attr(&msg, "data-message", "");
    let (m1, m2) = (model.message.clone(), model.message.clone());
    k.flag(&msg, "hidden", move || m1.with(Option::is_none));
    k.text(&msg, move || m2.get().unwrap_or_default());
}

fn ticker(k: &mut Keep, model: &Model) -> Element {
    let box_ = dom::el("div", "gx-ticker");
    for (i, name) in TICKER_FIELDS.iter().enumerate() {
        let field = dom::child(&box_, "div", "gx-field");
        dom::attr(&field, "data-field", name);
        if *name == "last" {
            let mv = model.last_move.clone();
            k.attr(&field, "class", move || {
                Some(match mv.get() {
                    (1, n) => format!("gx-field gx-last gx-up gx-flash-{}", n % 2),
                    (-1, n) => format!("gx-field gx-last gx-down gx-flash-{}", n % 2),
                    _ => "gx-field gx-last".to_string(),
                })
            });
        }
        let (t1, t2) = (model.ticker.clone(), model.ticker.clone());
        k.attr(&field, "data-value", move || t1.with(|t| t[i].exact.clone()));
        dom::text_child(&field, "span", "gx-label", LABELS[i]);
        let value = dom::child(&field, "span", "gx-value");
        k.text(&value, move || t2.with(|t| t[i].text.clone()));
    }
    box_
}

const HEAD: &str = r#"<div class="gx-head"><span>Price</span><span>Amount</span><span>Total</span></div>"#;

fn book_panel(k: &mut Keep, model: &Model, renderer: &Rc<Renderer>) -> Element {
    let section = dom::el("section", "gx-book");
    dom::attr(&section, "aria-label", "Order book");
    let controls = dom::child(&section, "div", "gx-controls");
    let label = dom::child(&controls, "label", "");
    dom::text(&label, "Group ");
    let select = dom::child(&label, "select", "");
    dom::attr(&select, "data-control", "group");
    let (group, groups) = (model.group.clone(), model.groups.clone());
    let sel = select.clone();
    // The choices change with the currency's scale only: rebuilt then.
    k.effect(move || {
        let current = group.get();
        sel.set_text_content(None);
        for (t, label) in groups.get() {
            let o = dom::text_child(&sel, "option", "", &label);
            dom::attr(&o, "value", &t.to_string());
            if t == current {
                dom::attr(&o, "selected", "");
            }
        }
    });
    let (group, r) = (model.group.clone(), Rc::clone(renderer));
    k.on(&select, "change", move |ev| {
        if let Ok(t) = dom::target_value(&ev).parse::<i64>() {
            group.set(t);
            r.schedule();
        }
    });
    let button = dom::child(&controls, "button", "");
    dom::attr(&button, "type", "button");
    dom::attr(&button, "data-control", "layout");
    let layout = model.layout.clone();
    k.text(&button, move || (if layout.get() == Layout::Stacked { "Side by side" } else { "Stacked" }).into());
    let layout = model.layout.clone();
    k.on(&button, "click", move |_| {
        layout.update(|l| *l = if *l == Layout::Stacked { Layout::SideBySide } else { Layout::Stacked });
    });
    dom::html(&section, HEAD);
    let sides = dom::child(&section, "div", "gx-sides");
    book_side(k, &sides, model.asks.clone(), Side::Ask);
    book_side(k, &sides, model.bids.clone(), Side::Bid);
    section
}

/// One side of the book: rows keyed by price. A price already shown keeps its row (and its
/// DOM); rows move only when the order changes, which in a book means insertions and
/// removals only. Each row's look is one effect of its own, dropped with the row.
fn book_side(k: &mut Keep, parent: &Element, rows: ArcRwSignal<Vec<Row>>, side: Side) {
    let el = dom::child(parent, "div", if side == Side::Ask { "gx-side gx-asks" } else { "gx-side gx-bids" });
    dom::attr(&el, "data-book-side", side.as_str());
    dom::html(
        &el,
        r#"<div class="gx-head gx-side-head"><span>Price</span><span>Amount</span><span>Total</span></div>"#,
    );
    let Some(head) = el.first_element_child() else { return };
    let mut shown: Vec<(i64, Element, Keep)> = Vec::new();
    k.effect(move || {
        rows.with(|rows| {
            let mut old = std::mem::take(&mut shown);
            for r in rows {
                let row = match old.iter().position(|(key, ..)| *key == r.key) {
                    Some(i) => old.swap_remove(i),
                    None => level(r, side),
                };
                shown.push(row);
            }
            for (_, e, _) in old {
                e.remove();
            }
            let mut prev = head.clone();
            for (_, e, _) in &shown {
                if e.previous_element_sibling().as_ref() != Some(&prev) {
                    let _ = prev.after_with_node_1(e);
                }
                prev = e.clone();
            }
        })
    });
}

fn level(row: &Row, side: Side) -> (i64, Element, Keep) {
    let mut k = Keep::default();
    let el = dom::el("div", "gx-level");
    dom::attr(&el, "data-level", "");
    dom::attr(&el, "data-side", side.as_str());
    dom::attr(&el, "data-price", &row.price);
    let bar: HtmlElement = dom::child(&el, "span", "gx-bar").unchecked_into();
    dom::text_child(&el, "span", "gx-price", &row.price_text);
    let amount = dom::child(&el, "span", "gx-amount");
    let cum = dom::child(&el, "span", "gx-cum");
    let look = row.look.clone();
    let (e, mut last) = (el.clone(), RowLook::default());
    k.effect(move || {
        look.with(|l| {
            if l.flashing != last.flashing || l.flash != last.flash {
                let class = if l.flashing { format!("gx-level gx-flash-{}", l.flash % 2) } else { "gx-level".into() };
                e.set_class_name(&class);
            }
            if l.amount != last.amount {
                dom::attr(&e, "data-amount", &l.amount);
            }
            if l.bar != last.bar || last.amount.is_empty() {
                let _ = bar.style().set_property("width", &(short(l.bar) + "%"));
            }
            if l.amount_text != last.amount_text {
                amount.set_text_content(Some(&l.amount_text));
            }
            if l.cumulative_text != last.cumulative_text {
                cum.set_text_content(Some(&l.cumulative_text));
            }
            last = l.clone();
        })
    });
    (row.key, el, k)
}

/// The trades list, newest first. Its rows are written directly: new trades are inserted at
/// the top and the oldest removed at the bottom, and a row already shown is never moved
/// (moving rows restarts their flash). Server strings are text only.
fn trades_panel(k: &mut Keep, model: &Model) -> Element {
    let section = dom::el("section", "gx-trades");
    dom::attr(&section, "aria-label", "Time and sales");
    dom::html(&section, r#"<div class="gx-head"><span>Time</span><span>Price</span><span>Amount</span></div>"#);
    let list = dom::child(&section, "div", "gx-trade-list");
    let trades = model.trades.clone();
    let mut shown = Vec::new();
    k.effect(move || trades.with(|rows| update_trades(&list, &mut shown, rows)));
    section
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
