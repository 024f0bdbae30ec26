//! The panels' reactive state and the container that lays them out (wasm32 only). The
//! widget's renderer calls [`PanelsModel::render`] at most once per animation frame, after
//! the core has applied whatever arrived; each panel's state changes only if what it shows
//! did, so a frame touches the DOM of what changed only.

use std::rc::Rc;

use goxbook_core::{Currency, Market};
use leptos::prelude::*;

#[cfg(feature = "analytics")]
use super::{calc, depth_chart, exec_chart, forex, vwap};
use super::{set_if_changed, Panel};
use crate::config::Config;
use crate::context::ctx;
use crate::format::{fmt_for, Fmt};

/// Everything the panels show, and what the reader chose in them.
#[derive(Clone)]
pub struct PanelsModel {
    pub shown: Vec<Panel>,
    /// The subscribed currencies (the forex grid's).
    pub currencies: Vec<Currency>,
    /// The currency shown.
    pub currency: ArcRwSignal<Currency>,
    #[cfg(feature = "analytics")]
    pub calc: calc::CalcState,
    #[cfg(feature = "analytics")]
    pub forex: forex::ForexState,
    #[cfg(feature = "analytics")]
    pub depth: depth_chart::DepthState,
    #[cfg(feature = "analytics")]
    pub exec: exec_chart::ExecState,
    #[cfg(feature = "analytics")]
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
            #[cfg(feature = "analytics")]
            calc: calc::CalcState::new(),
            #[cfg(feature = "analytics")]
            forex: forex::ForexState::new(cfg),
            #[cfg(feature = "analytics")]
            depth: depth_chart::DepthState::new(),
            #[cfg(feature = "analytics")]
            exec: exec_chart::ExecState::new(),
            #[cfg(feature = "analytics")]
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
        self.tick(market);
        // Without the `analytics` feature the analytics panels' state and code are left out
        // of the wasm (and the configuration refuses them).
        #[cfg(feature = "analytics")]
        {
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
    }

    /// The clock (every 500 ms): ages and staleness of the forex grid's inputs.
    pub fn tick(&self, market: &Market) {
        #[cfg(feature = "analytics")]
        if self.shows(Panel::Forex) {
            self.forex.render(market, &self.currencies);
        }
        #[cfg(not(feature = "analytics"))]
        let _ = market;
    }

    /// The currency's formats, for components formatting on their own (a hover read-out).
    pub fn current_fmt(&self) -> Option<Rc<Fmt>> {
        fmt_for(self.locale.as_deref(), self.decimals.get_untracked())
    }
}

/// The analytics panels (calculator, forex grid, depth and execution-price charts), in the
/// order the `panels` option gives them; nothing in a build without the `analytics` feature
/// (the configuration refuses them there).
#[component]
pub fn Analytics() -> impl IntoView {
    let panels = ctx().model.panels;
    let shown: Vec<Panel> = panels.shown.iter().copied().filter(|p| p.is_analytics()).collect();
    if shown.is_empty() || !cfg!(feature = "analytics") {
        return None;
    }
    #[cfg(feature = "analytics")]
    let views = shown
        .into_iter()
        .map(|p| match p {
            Panel::Calculator => view! { <super::calc::Calculator/> }.into_any(),
            Panel::Forex => view! { <super::forex::ForexGrid/> }.into_any(),
            Panel::DepthChart => view! { <super::depth_chart::DepthChartPanel/> }.into_any(),
            Panel::ExecutionChart => view! { <super::exec_chart::ExecChartPanel/> }.into_any(),
            _ => ().into_any(),
        })
        .collect_view();
    #[cfg(not(feature = "analytics"))]
    let views = ();
    Some(view! { <div class="gx-analytics">{views}</div> })
}

/// The currency shown, chosen among the subscribed ones (only when there are several):
/// switching keeps the connection and every currency's history.
#[component]
pub fn CurrencySwitch() -> impl IntoView {
    let c = ctx();
    let panels = c.model.panels.clone();
    if panels.currencies.len() < 2 {
        return None;
    }
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(currency) = Currency::new(&event_target_value(&ev)) {
            c.switch(currency);
        }
    };
    let options = panels
        .currencies
        .iter()
        .map(|&currency| {
            let shown = panels.currency.clone();
            view! {
                <option value=currency.to_string() selected=move || shown.get() == currency>
                    {format!("BTC/{currency}")}
                </option>
            }
        })
        .collect_view();
    Some(view! {
        <div class="gx-currencies">
            <label>
                <span class="gx-label">"Market "</span>
                <select data-control="currency" on:change=on_change>{options}</select>
            </label>
        </div>
    })
}
