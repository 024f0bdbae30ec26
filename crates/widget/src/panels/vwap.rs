//! The VWAP read-out: the volume-weighted average price of the last N BTC traded, from the
//! core's tape ([`CurrencyState::vwap_last`]).

use goxbook_core::CurrencyState;

/// (VWAP, BTC covered) as exact decimal strings; None before any trade.
pub fn vwap(state: &CurrencyState, amount: i64) -> Option<(String, String)> {
    state.vwap_last(amount).map(|(v, covered)| (v.to_string(), covered.to_string()))
}

#[cfg(target_arch = "wasm32")]
pub use ui::*;

#[cfg(target_arch = "wasm32")]
mod ui {
    use goxbook_core::{format_ticks, CurrencyState, AMOUNT_DECIMALS};
    use reactive_graph::prelude::*;
    use reactive_graph::signal::ArcRwSignal;
    use web_sys::Element;

    use super::vwap;
    use crate::dom::{self, Keep};
    use crate::panels::state::{set_if_changed, Fmt, PanelsModel};

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct VwapView {
        /// (exact, shown).
        pub vwap: Option<(String, String)>,
        /// The BTC the tape covers, when less than asked: (exact, shown).
        pub covered: Option<(String, String)>,
        /// The amount asked, shown.
        pub amount: String,
    }

    #[derive(Clone)]
    pub struct VwapState {
        /// Amount ticks.
        pub amount: i64,
        pub view: ArcRwSignal<VwapView>,
    }

    impl VwapState {
        pub fn new(amount: i64) -> VwapState {
            VwapState {
                amount,
                view: ArcRwSignal::new(VwapView {
                    amount: format_ticks(amount, AMOUNT_DECIMALS)
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .to_string(),
                    ..Default::default()
                }),
            }
        }

        pub fn render(&self, state: &CurrencyState, fmt: &Fmt) {
            let exact_amount = format_ticks(self.amount, AMOUNT_DECIMALS);
            let mut v = VwapView { amount: fmt.amount(&exact_amount), ..Default::default() };
            if let Some((p, covered)) = vwap(state, self.amount) {
                v.vwap = Some((p.clone(), fmt.price(&p)));
                let covered_ticks = goxbook_core::money::decimal_to_ticks(&covered, AMOUNT_DECIMALS).unwrap_or(0);
                if covered_ticks < self.amount {
                    v.covered = Some((covered.clone(), fmt.amount(&covered)));
                }
            }
            set_if_changed(&self.view, v);
        }
    }

    /// What the view sets: (span: label, value, covered; attribute or "" for the text, value).
    #[allow(clippy::type_complexity)]
    static BINDINGS: [(usize, &str, fn(&VwapView) -> Option<String>); 5] = [
        (0, "", |v| Some(format!("VWAP last {} BTC", v.amount))),
        (1, "data-value", |v| v.vwap.as_ref().map(|p| p.0.clone())),
        (1, "", |v| Some(v.vwap.as_ref().map_or_else(|| "–".to_string(), |p| p.1.clone()))),
        (2, "data-covered", |v| v.covered.as_ref().map(|c| c.0.clone())),
        (2, "", |v| v.covered.as_ref().map(|c| format!("(only {} BTC traded)", c.1))),
    ];

    /// The VWAP of the last N BTC traded, next to the ticker.
    pub fn build(k: &mut Keep, panels: &PanelsModel) -> Element {
        let v = &panels.vwap.view;
        let box_ = dom::el("div", "gx-vwap");
        for (name, value) in [("data-panel", "vwap"), ("role", "group"), ("aria-label", "VWAP of the last trades")] {
            dom::attr(&box_, name, value);
        }
        let spans = [
            dom::child(&box_, "span", "gx-label"),
            dom::child(&box_, "span", "gx-value"),
            dom::child(&box_, "span", "gx-label gx-covered"),
        ];
        dom::attr(&spans[1], "data-vwap", &format_ticks(panels.vwap.amount, AMOUNT_DECIMALS));
        for &(i, name, f) in &BINDINGS {
            let v = v.clone();
            if name.is_empty() {
                k.text(&spans[i], move || v.with(f).unwrap_or_default());
            } else {
                k.attr(&spans[i], name, move || v.with(f));
            }
        }
        box_
    }
}
