//! The synthetic forex grid: implied exchange rates between every pair of subscribed
//! currencies that have a price, through BTC (the core's [`Market::cross_rates`]): last
//! price in A / last price in B, or from mid prices when chosen. Each input carries its age;
//! a cell whose input is stale is greyed.

use goxbook_core::{Currency, Market, RateSource};

/// One currency of the grid: its BTC price and how old that price is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub currency: Currency,
    /// Exact.
    pub price: String,
    /// Whole seconds since the input (None: no time known).
    pub age_secs: Option<i64>,
    pub stale: bool,
}

/// One cell: 1 `base` = `rate` `quote`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub base: Currency,
    pub quote: Currency,
    /// Exact (the core's rounding); None on the diagonal's missing prices.
    pub rate: Option<String>,
    pub stale: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    /// The currencies with a price, in the order subscribed.
    pub inputs: Vec<Input>,
    /// Row by row (base), then column by column (quote).
    pub rows: Vec<Vec<Cell>>,
}

/// The grid of the `subscribed` currencies; `now` and `stale_after` in µs.
pub fn grid(market: &Market, subscribed: &[Currency], source: RateSource, now: i64, stale_after: i64) -> Grid {
    let rates = market.cross_rates(source, now, stale_after);
    let inputs: Vec<Input> = subscribed
        .iter()
        .filter_map(|c| rates.inputs.iter().find(|i| i.currency == *c))
        .map(|i| Input {
            currency: i.currency,
            price: i.price.to_string(),
            age_secs: i.time.map(|t| (now - t).max(0) / 1_000_000),
            stale: i.stale,
        })
        .collect();
    let rows = inputs
        .iter()
        .map(|b| {
            inputs
                .iter()
                .map(|q| Cell {
                    base: b.currency,
                    quote: q.currency,
                    rate: rates.rate(q.currency, b.currency).map(|r| r.to_string()),
                    stale: rates.is_stale(q.currency, b.currency),
                })
                .collect()
        })
        .collect();
    Grid { inputs, rows }
}

/// An age in words: "4 s", "3 min", "2 h".
pub fn age_text(secs: Option<i64>) -> String {
    match secs {
        None => "–".into(),
        Some(s) if s < 120 => format!("{s} s"),
        Some(s) if s < 7200 => format!("{} min", s / 60),
        Some(s) => format!("{} h", s / 3600),
    }
}

#[cfg(target_arch = "wasm32")]
pub use ui::*;

#[cfg(target_arch = "wasm32")]
mod ui {
    use std::rc::Rc;

    use goxbook_core::{Currency, Market, RateSource};
    use leptos::prelude::*;

    use super::{age_text, grid, Grid};
    use crate::config::Config;
    use crate::panels::state::{set_if_changed, PanelsModel};

    #[derive(Clone)]
    pub struct ForexState {
        pub source: ArcRwSignal<RateSource>,
        pub grid: ArcRwSignal<Grid>,
        stale_after_us: i64,
    }

    impl ForexState {
        pub fn new(cfg: &Config) -> ForexState {
            ForexState {
                source: ArcRwSignal::new(cfg.rate_source),
                grid: ArcRwSignal::new(Grid::default()),
                stale_after_us: (cfg.forex_stale_secs * 1e6) as i64,
            }
        }

        pub fn render(&self, market: &Market, currencies: &[Currency], _panels: &PanelsModel) {
            let now = (js_sys::Date::now() * 1000.0) as i64;
            let g = grid(market, currencies, self.source.get_untracked(), now, self.stale_after_us);
            set_if_changed(&self.grid, g);
        }
    }

    /// The four keyed lists of the grid (one cell or row per currency).
    #[derive(Clone, Copy)]
    enum Part {
        /// The column heads: a button per currency.
        Head,
        /// A row per currency: its button, then its rates.
        Rows,
        /// The BTC price of each currency.
        Inputs,
        /// The age of each input.
        Ages,
    }

    /// One keyed list of the grid. The four share this one function, so that the keyed list
    /// and its diffing are compiled once (each `<For>` of its own is ≈ 4 KB of wasm).
    fn currency_list(
        part: Part,
        panels: PanelsModel,
        switch: StoredValue<Rc<dyn Fn(Currency)>, LocalStorage>,
    ) -> impl IntoView {
        let g = panels.forex.grid.clone();
        let codes = move || g.with(|g| g.inputs.iter().map(|i| i.currency).collect::<Vec<_>>());
        let children = move |c: Currency| currency_part(part, &panels, switch, c);
        view! { <For each=codes key=|c: &Currency| *c children=children/> }
    }

    fn currency_part(
        part: Part,
        panels: &PanelsModel,
        switch: StoredValue<Rc<dyn Fn(Currency)>, LocalStorage>,
        c: Currency,
    ) -> AnyView {
        let grid = panels.forex.grid.clone();
        let button = |c: Currency| {
            let shown = panels.currency.clone();
            view! {
                <button
                    type="button"
                    class="gx-switch"
                    data-switch=c.to_string()
                    aria-pressed=move || if shown.get() == c { "true" } else { "false" }
                    title=format!("Show BTC/{c}")
                    on:click=move |_| switch.with_value(|f| f(c))
                >
                    {c.to_string()}
                </button>
            }
        };
        let input = move |g: &Grid| g.inputs.iter().find(|i| i.currency == c).cloned();
        match part {
            Part::Head => view! { <th scope="col">{button(c)}</th> }.into_any(),
            Part::Rows => {
                let b = c;
                let fmt = panels.clone();
                let cells = move || {
                    let row = grid
                        .with(|g| g.rows.iter().find(|r| r.first().is_some_and(|c| c.base == b)).cloned())
                        .unwrap_or_default();
                    let f = fmt.current_fmt();
                    row.into_iter()
                        .map(|cell| {
                            let text = match (&cell.rate, &f) {
                                (Some(r), Some(f)) => f.rate(r),
                                (Some(r), None) => r.clone(),
                                (None, _) => "–".into(),
                            };
                            view! {
                                <td
                                    class=if cell.stale { "gx-rate gx-stale" } else { "gx-rate" }
                                    data-rate=cell.rate.clone()
                                    data-base=cell.base.to_string()
                                    data-quote=cell.quote.to_string()
                                    data-stale=if cell.stale { "true" } else { "false" }
                                >
                                    {text}
                                </td>
                            }
                        })
                        .collect_view()
                };
                view! { <tr><th scope="row">{button(b)}</th>{cells}</tr> }.into_any()
            }
            Part::Inputs => {
                let (g1, g2, g3, fmt) = (grid.clone(), grid.clone(), grid, panels.clone());
                view! {
                    <td
                        data-input=c.to_string()
                        data-value=move || g1.with(|g| input(g).map(|i| i.price))
                        class=move || if g2.with(|g| input(g).is_some_and(|i| i.stale)) { "gx-stale" } else { "" }
                    >
                        {move || g3.with(|g| input(g).map(|i| fmt.current_fmt().map_or(i.price.clone(), |f| f.rate(&i.price))).unwrap_or_default())}
                    </td>
                }
                .into_any()
            }
            Part::Ages => {
                let (g1, g2, g3, g4) = (grid.clone(), grid.clone(), grid.clone(), grid);
                view! {
                    <td
                        data-age=c.to_string()
                        data-value=move || g1.with(|g| input(g).and_then(|i| i.age_secs).map(|a| a.to_string()))
                        data-stale=move || if g2.with(|g| input(g).is_some_and(|i| i.stale)) { "true" } else { "false" }
                        class=move || if g3.with(|g| input(g).is_some_and(|i| i.stale)) { "gx-age gx-stale" } else { "gx-age" }
                    >
                        {move || g4.with(|g| age_text(input(g).and_then(|i| i.age_secs)))}
                    </td>
                }
                .into_any()
            }
        }
    }

    /// The synthetic forex grid: 1 row currency = x column currency, through BTC; the BTC price
    /// and the age of each input; a button per currency shows it in the widget.
    #[allow(unused_variables)]
    pub fn build(
        k: &mut crate::dom::Keep,
        panels: &PanelsModel,
        redraw: Rc<dyn Fn()>,
        switch: Rc<dyn Fn(Currency)>,
    ) -> web_sys::Element {
        // TODO(lean): the panel's DOM.
        crate::dom::el("section", "gx-panel")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::MarketOptions;

    fn trade(tid: i64, price: i64, cur: &str) -> String {
        format!(
            r#"{{"op":"private","private":"trade","trade":{{"type":"trade","tid":"{tid}","amount_int":"100000000","price_int":"{price}","price_currency":"{cur}","trade_type":"bid","primary":"Y"}}}}"#
        )
    }

    #[test]
    fn rates_through_btc() {
        let mut m = Market::new(MarketOptions::default());
        let now = 1_000_000_000_000;
        for t in [
            trade(now - 5_000_000, 10_000_000, "USD"),
            trade(now - 90_000_000, 8_000_000, "EUR"),
            trade(now - 1_000_000, 12_000_000, "JPY"),
        ] {
            m.ingest(&t).unwrap();
        }
        let (usd, eur, jpy, gbp) =
            (Currency::USD, Currency::EUR, Currency::new("JPY").unwrap(), Currency::new("GBP").unwrap());
        let g = grid(&m, &[eur, usd, gbp, jpy], RateSource::Last, now, 60_000_000);
        let cur: Vec<&str> = g.inputs.iter().map(|i| i.currency.as_str()).collect();
        assert_eq!(cur, ["EUR", "USD", "JPY"], "GBP has not traded");
        assert_eq!(g.inputs[0].age_secs, Some(90));
        assert!(g.inputs[0].stale && !g.inputs[1].stale);
        // 1 EUR = 100 / 80 USD.
        let eur_usd = &g.rows[0][1];
        assert_eq!((eur_usd.base, eur_usd.quote), (eur, usd));
        assert_eq!(eur_usd.rate.as_deref(), Some("1.25"));
        assert!(eur_usd.stale);
        let usd_jpy = &g.rows[1][2];
        assert_eq!(usd_jpy.rate.as_deref(), Some("120"));
        assert!(!usd_jpy.stale);
        assert_eq!(g.rows[2][2].rate.as_deref(), Some("1"));
        assert_eq!(age_text(Some(150)), "2 min");
    }
}
