//! The panels a widget shows, chosen with the `panels` option: the ticker, the book and the
//! trades (the default set), and the analytics panels — trade calculator, synthetic forex
//! grid, depth chart, execution-price chart and VWAP read-out.
//!
//! The numbers come from the core's queries (market impact, execution curve, depth curve,
//! cross rates, VWAP over the tape); what is here is presentation only: which points a chart
//! draws and where, parsing what the reader types. Those parts build and test natively; the
//! components and their state exist on wasm32 only. Each panel is drawn from the core at most
//! once per animation frame, by the widget's renderer.

pub mod calc;
pub mod depth_chart;
pub mod exec_chart;
pub mod forex;
pub mod svg;
pub mod vwap;

#[cfg(target_arch = "wasm32")]
mod state;

/// Sets `signal` only when `value` differs (no DOM work for what did not change).
#[cfg(target_arch = "wasm32")]
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: &leptos::prelude::ArcRwSignal<T>, value: T) {
    use leptos::prelude::{Set, WithUntracked};
    if signal.with_untracked(|v| v != &value) {
        signal.set(value);
    }
}
#[cfg(target_arch = "wasm32")]
pub use state::{Analytics, CurrencySwitch, PanelsModel};
#[cfg(all(target_arch = "wasm32", feature = "analytics"))]
pub use vwap::VwapReadout;

/// One panel of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    Ticker,
    Book,
    Trades,
    Calculator,
    Forex,
    DepthChart,
    ExecutionChart,
    Vwap,
}

/// Every panel, in the order the `panels` option documents them.
pub const ALL_PANELS: [Panel; 8] = [
    Panel::Ticker,
    Panel::Book,
    Panel::Trades,
    Panel::Calculator,
    Panel::Forex,
    Panel::DepthChart,
    Panel::ExecutionChart,
    Panel::Vwap,
];

/// What a widget shows when not told: the ticker, the book and the trades.
pub const DEFAULT_PANELS: [Panel; 3] = [Panel::Ticker, Panel::Book, Panel::Trades];

impl Panel {
    /// The name used in the `panels` option (and the `data-panel` hook).
    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Ticker => "ticker",
            Panel::Book => "book",
            Panel::Trades => "trades",
            Panel::Calculator => "calculator",
            Panel::Forex => "forex",
            Panel::DepthChart => "depth-chart",
            Panel::ExecutionChart => "execution-chart",
            Panel::Vwap => "vwap",
        }
    }

    pub fn parse(name: &str) -> Option<Panel> {
        ALL_PANELS.into_iter().find(|p| p.as_str() == name)
    }

    /// The analytics panels (drawn below the book and trades, in the order given).
    pub fn is_analytics(self) -> bool {
        matches!(self, Panel::Calculator | Panel::Forex | Panel::DepthChart | Panel::ExecutionChart)
    }

    /// In the default build: the ticker, the book and the trades (issue 12's default embed).
    /// Every other panel, the VWAP read-out included, is in the analytics build only.
    pub fn in_default_build(self) -> bool {
        matches!(self, Panel::Ticker | Panel::Book | Panel::Trades)
    }
}

/// Reads the `panels` option: a comma list of panel names (case and spaces ignored, repeats
/// kept once, in the order given); `all` names every panel; empty means the default set.
pub fn parse_panels(v: &str) -> Result<Vec<Panel>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for name in v.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()) {
        let found: Vec<Panel> =
            if name == "all" { ALL_PANELS.to_vec() } else { Panel::parse(&name).into_iter().collect() };
        if found.is_empty() {
            unknown.push(name);
        }
        for p in found {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = ALL_PANELS.iter().map(|p| p.as_str()).collect();
        return Err(format!(
            "{} is not a panel ({}, or all)",
            goxbook_core::Quoted(&unknown.join(",")),
            names.join(", ")
        ));
    }
    Ok(if out.is_empty() { DEFAULT_PANELS.to_vec() } else { out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_lists() {
        assert_eq!(parse_panels("").unwrap(), DEFAULT_PANELS);
        assert_eq!(parse_panels(" Book , calculator,book,").unwrap(), [Panel::Book, Panel::Calculator]);
        assert_eq!(parse_panels("all").unwrap(), ALL_PANELS);
        for p in ALL_PANELS {
            assert_eq!(Panel::parse(p.as_str()), Some(p));
        }
        let e = parse_panels("book,charts,<b>").unwrap_err();
        assert!(e.starts_with(r#""charts,<b>" is not a panel (ticker, book"#), "{e}");
    }
}
