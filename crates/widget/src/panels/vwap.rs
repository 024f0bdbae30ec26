//! The VWAP read-out: the volume-weighted average price of the last N BTC traded, from the
//! core's tape ([`CurrencyState::vwap_last`]).

use goxbook_core::CurrencyState;

/// (VWAP, BTC covered) as exact decimal strings; None before any trade.
pub fn vwap(state: &CurrencyState, amount: i64) -> Option<(String, String)> {
    state.vwap_last(amount).map(|(v, covered)| (v.to_string(), covered.to_string()))
}

#[cfg(all(target_arch = "wasm32", feature = "analytics"))]
pub use ui::*;

#[cfg(all(target_arch = "wasm32", feature = "analytics"))]
mod ui {
    use goxbook_core::{format_ticks, CurrencyState, AMOUNT_DECIMALS};
    use leptos::prelude::*;

    use super::vwap;
    use crate::context::ctx;
    use crate::format::Fmt;
    use crate::panels::set_if_changed;

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

    /// The VWAP of the last N BTC traded, next to the ticker.
    #[component]
    pub fn VwapReadout() -> impl IntoView {
        let s = ctx().model.panels.vwap;
        let v = s.view;
        let (v1, v2, v3, v4, v5) = (v.clone(), v.clone(), v.clone(), v.clone(), v);
        view! {
            <div class="gx-vwap" data-panel="vwap" role="group" aria-label="VWAP of the last trades">
                <span class="gx-label">{move || format!("VWAP last {} BTC", v1.with(|v| v.amount.clone()))}</span>
                <span
                    class="gx-value"
                    data-vwap=format_ticks(s.amount, AMOUNT_DECIMALS)
                    data-value=move || v2.with(|v| v.vwap.as_ref().map(|p| p.0.clone()))
                >
                    {move || v3.with(|v| v.vwap.as_ref().map_or_else(|| "–".to_string(), |p| p.1.clone()))}
                </span>
                <span class="gx-label gx-covered" data-covered=move || v4.with(|v| v.covered.as_ref().map(|c| c.0.clone()))>
                    {move || v5.with(|v| v.covered.as_ref().map(|c| format!("(only {} BTC traded)", c.1)).unwrap_or_default())}
                </span>
            </div>
        }
    }
}
