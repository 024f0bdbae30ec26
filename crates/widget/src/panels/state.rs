//! The panels' reactive state and the container that lays them out (wasm32 only). The
//! widget's renderer calls [`PanelsModel::render`] at most once per animation frame, after
//! the core has applied whatever arrived; each panel's state changes only if what it shows
//! did, so a frame touches the DOM of what changed only.

use std::rc::Rc;

use goxbook_core::{Currency, Market};
use reactive_graph::prelude::*;
use reactive_graph::signal::ArcRwSignal;
use web_sys::Element;

use super::{calc, depth_chart, exec_chart, forex, vwap, Panel};
use crate::config::Config;
use crate::dom::{self, Keep};
pub use crate::format::{fmt_for, Fmt};

/// Sets `signal` only when `value` differs (no DOM work for what did not change).
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: &ArcRwSignal<T>, value: T) {
    if signal.with_untracked(|v| v != &value) {
        signal.set(value);
    }
}

/// Everything the panels show, and what the reader chose in them.
#[derive(Clone)]
pub struct PanelsModel {
    pub shown: Vec<Panel>,
    /// The subscribed currencies (the forex grid's).
    pub currencies: Vec<Currency>,
    /// The currency shown.
    pub currency: ArcRwSignal<Currency>,
    pub calc: calc::CalcState,
    pub forex: forex::ForexState,
    pub depth: depth_chart::DepthState,
    pub exec: exec_chart::ExecState,
    pub vwap: vwap::VwapState,
    locale: Option<String>,
    /// The shown currency's decimals (its formats).
    decimals: ArcRwSignal<u32>,
}

impl PanelsModel {
    pub fn new(cfg: &Config) -> PanelsModel {
        PanelsModel {
            shown: cfg.panels.clone(),
            currencies: cfg.currencies.clone(),
            currency: ArcRwSignal::new(cfg.currency),
            calc: calc::CalcState::new(),
            forex: forex::ForexState::new(cfg),
            depth: depth_chart::DepthState::new(),
            exec: exec_chart::ExecState::new(),
            vwap: vwap::VwapState::new(cfg.vwap_amount),
            locale: cfg.locale.clone(),
            decimals: ArcRwSignal::new(5),
        }
    }

    pub fn shows(&self, p: Panel) -> bool {
        self.shown.contains(&p)
    }

    /// Draws every shown panel from the market, `currency` being the one shown. Called by
    /// the widget's renderer, at most once per animation frame.
    pub fn render(&self, market: &Market, currency: Currency) {
        set_if_changed(&self.currency, currency);
        if self.shows(Panel::Forex) {
            self.forex.render(market, &self.currencies, self);
        }
        let Some(state) = market.get(currency) else { return };
        set_if_changed(&self.decimals, state.decimals);
        let Some(fmt) = fmt_for(self.locale.as_deref(), state.decimals) else { return };
        if self.shows(Panel::Calculator) {
            self.calc.render(state, &fmt);
        }
        if self.shows(Panel::DepthChart) {
            self.depth.render(state, &fmt);
        }
        if self.shows(Panel::ExecutionChart) {
            self.exec.render(state, &fmt);
        }
        if self.shows(Panel::Vwap) {
            self.vwap.render(state, &fmt);
        }
    }

    /// The clock (every 500 ms): ages and staleness of the forex grid's inputs.
    pub fn tick(&self, market: &Market) {
        if self.shows(Panel::Forex) {
            self.forex.render(market, &self.currencies, self);
        }
    }

    /// The currency's formats, for components formatting on their own (a hover read-out).
    pub fn current_fmt(&self) -> Option<Rc<Fmt>> {
        fmt_for(self.locale.as_deref(), self.decimals.get_untracked())
    }
}

/// The analytics panels (calculator, forex grid, depth and execution-price charts), in the
/// order the `panels` option gives them. `redraw` asks the renderer for a frame (after the
/// reader changed an input); `switch` shows another subscribed currency.
pub fn analytics(
    k: &mut Keep,
    panels: &PanelsModel,
    redraw: Rc<dyn Fn()>,
    switch: Rc<dyn Fn(Currency)>,
) -> Option<Element> {
    let shown: Vec<Panel> = panels.shown.iter().copied().filter(|p| p.is_analytics()).collect();
    if shown.is_empty() {
        return None;
    }
    let box_ = dom::el("div", "gx-analytics");
    for p in shown {
        let panel = match p {
            Panel::Calculator => calc::build(k, panels, Rc::clone(&redraw)),
            Panel::Forex => forex::build(k, panels, Rc::clone(&redraw), Rc::clone(&switch)),
            Panel::DepthChart => depth_chart::build(k, panels, Rc::clone(&redraw)),
            Panel::ExecutionChart => exec_chart::build(k, panels, Rc::clone(&redraw)),
            _ => continue,
        };
        dom::append(&box_, &panel);
    }
    Some(box_)
}

/// An analytics panel's `<section>`: its class, `data-panel` hook and accessible name, and its
/// static markup (what changes is bound by the panel's `build`).
pub fn section(class: &str, panel: Panel, label: &str, markup: &'static str) -> Element {
    let section = dom::el("section", class);
    dom::attr(&section, "data-panel", panel.as_str());
    dom::attr(&section, "aria-label", label);
    dom::html(&section, markup);
    section
}

/// The currency shown, chosen among the subscribed ones (only when there are several):
/// switching keeps the connection and every currency's history.
pub fn currency_switch(k: &mut Keep, panels: &PanelsModel, switch: Rc<dyn Fn(Currency)>) -> Option<Element> {
    if panels.currencies.len() < 2 {
        return None;
    }
    let box_ = dom::el("div", "gx-currencies");
    let label = dom::child(&box_, "label", "");
    dom::text_child(&label, "span", "gx-label", "Market ");
    let select = dom::child(&label, "select", "");
    dom::attr(&select, "data-control", "currency");
    for &c in &panels.currencies {
        let o = dom::text_child(&select, "option", "", &format!("BTC/{c}"));
        dom::attr(&o, "value", &c.to_string());
        let shown = panels.currency.clone();
        k.flag(&o, "selected", move || shown.get() == c);
    }
    k.on(&select, "change", move |ev| {
        if let Some(c) = Currency::new(&dom::target_value(&ev)) {
            switch(c);
        }
    });
    Some(box_)
}
