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
    use goxbook_core::{Currency, Market, RateSource};
    use leptos::prelude::*;

    use super::{grid, Grid};
    use crate::config::Config;
    use crate::panels::set_if_changed;

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

        pub fn render(&self, market: &Market, currencies: &[Currency]) {
            let now = (js_sys::Date::now() * 1000.0) as i64;
            let g = grid(market, currencies, self.source.get_untracked(), now, self.stale_after_us);
            set_if_changed(&self.grid, g);
        }
    }

    #[cfg(feature = "analytics")]
    pub use grid_view::ForexGrid;

    /// The grid's components (the analytics build only).
    #[cfg(feature = "analytics")]
    mod grid_view {
        use goxbook_core::{Currency, RateSource};
        use leptos::prelude::*;

        use super::super::{age_text, Cell, Grid, Input};
        use crate::context::{ctx, Ctx};
        use crate::format::Fmt;

        /// The synthetic forex grid: 1 row currency = x column currency, through BTC; the BTC price
        /// and the age of each input; a button per currency shows it in the widget.
        #[component]
        pub fn ForexGrid() -> impl IntoView {
            let c = ctx();
            let s = c.model.panels.forex.clone();
            let (source, source2, source3) = (s.source.clone(), s.source.clone(), s.source);
            let on_source = move |ev: leptos::ev::Event| {
                source.set(if event_target_value(&ev) == "mid" { RateSource::Mid } else { RateSource::Last });
                c.redraw();
            };
            let (g1, g2) = (s.grid.clone(), s.grid);
            view! {
                <section class="gx-panel gx-forex" data-panel="forex" aria-label="Synthetic forex grid">
                    <h2 class="gx-title">"Synthetic forex"</h2>
                    <div class="gx-controls">
                        <label>
                            <span class="gx-label">"From "</span>
                            <select data-control="forex-source" on:change=on_source>
                                <option value="last" selected=move || source2.get() == RateSource::Last>"last trades"</option>
                                <option value="mid" selected=move || source3.get() == RateSource::Mid>"mid prices"</option>
                            </select>
                        </label>
                    </div>
                    <p class="gx-empty" hidden=move || g1.with(|g| !g.inputs.is_empty())>"No currency has a price yet."</p>
                    <table class="gx-forex-grid" hidden=move || g2.with(|g| g.inputs.is_empty())>
                        <caption class="gx-caption">"1 unit of the row's currency, in the column's currency (through BTC)"</caption>
                        <thead>
                            <tr>
                                <td></td>
                                {currency_list(Part::Head)}
                            </tr>
                        </thead>
                        <tbody>{currency_list(Part::Rows)}</tbody>
                        <tfoot>
                            <tr class="gx-inputs">
                                <th scope="row">"1 BTC"</th>
                                {currency_list(Part::Inputs)}
                            </tr>
                            <tr class="gx-ages">
                                <th scope="row">"age"</th>
                                {currency_list(Part::Ages)}
                            </tr>
                        </tfoot>
                    </table>
                </section>
            }
        }

        /// The four parts of the grid made per currency.
        #[derive(Clone, Copy)]
        enum Part {
            Head,
            Rows,
            Inputs,
            Ages,
        }

        /// One keyed list (`<For>`, by currency) of the grid: the currencies with a price, in the
        /// order subscribed. The four share this one function, so that the keyed list and its
        /// diffing are compiled once (each `<For>` of its own is ≈ 4 KB of wasm).
        fn currency_list(part: Part) -> impl IntoView {
            let c = ctx();
            let g = c.model.panels.forex.grid.clone();
            let codes = move || g.with(|g| g.inputs.iter().map(|i| i.currency).collect::<Vec<_>>());
            view! { <For each=codes key=|c: &Currency| *c children=move |currency| currency_part(part, &c, currency)/> }
        }

        /// A value of the grid's cell at (row, column), or of its input at row: given the formats.
        type Field = fn(&Grid, usize, usize, Option<&Fmt>) -> Option<String>;

        /// A rate in the currency's format (exact without one).
        fn rate(f: Option<&Fmt>, r: &str) -> String {
            f.map_or_else(|| r.to_string(), |f| f.rate(r))
        }

        fn cell(g: &Grid, b: usize, q: usize) -> Option<&Cell> {
            g.rows.get(b)?.get(q)
        }

        fn input(g: &Grid, b: usize) -> Option<&Input> {
            g.inputs.get(b)
        }

        fn index(g: &Grid, c: Currency) -> usize {
            g.inputs.iter().position(|i| i.currency == c).unwrap_or(usize::MAX)
        }

        fn flag(on: bool, yes: &str, no: &str) -> Option<String> {
            Some((if on { yes } else { no }).into())
        }

        /// A value of the grid where `b` and `q` are currencies (found by their index now).
        fn value(ctx: &Ctx, b: Currency, q: Currency, f: Field) -> impl Fn() -> Option<String> + Send + Sync + 'static {
            let (grid, panels) = (ctx.model.panels.forex.grid.clone(), ctx.model.panels.clone());
            move || {
                let fmt = panels.current_fmt();
                grid.with(|g| f(g, index(g, b), index(g, q), fmt.as_deref()))
            }
        }

        fn currency_part(part: Part, ctx: &Ctx, c: Currency) -> AnyView {
            let button = |c: Currency| {
                let (shown, ctx) = (ctx.model.panels.currency.clone(), ctx.clone());
                view! {
                    <button
                        type="button"
                        class="gx-switch"
                        data-switch=c.to_string()
                        aria-pressed=move || if shown.get() == c { "true" } else { "false" }
                        title=format!("Show BTC/{c}")
                        on:click=move |_| ctx.switch(c)
                    >
                        {c.to_string()}
                    </button>
                }
            };
            let v = |q: Currency, f: Field| value(ctx, c, q, f);
            match part {
                Part::Head => view! { <th scope="col">{button(c)}</th> }.into_any(),
                Part::Rows => {
                    // The row's cells: one per currency with a price, keyed too (the columns).
                    let g = ctx.model.panels.forex.grid.clone();
                    let codes = move || g.with(|g| g.inputs.iter().map(|i| i.currency).collect::<Vec<_>>());
                    let ctx = ctx.clone();
                    let cells = move |q: Currency| {
                        let v = |f: Field| value(&ctx, c, q, f);
                        view! {
                            <td
                                data-base=c.to_string()
                                data-quote=q.to_string()
                                data-rate=v(|g, b, q, _| cell(g, b, q)?.rate.clone())
                                class=v(|g, b, q, _| flag(cell(g, b, q)?.stale, "gx-rate gx-stale", "gx-rate"))
                                data-stale=v(|g, b, q, _| flag(cell(g, b, q)?.stale, "true", "false"))
                            >
                                {v(|g, b, q, f| Some(cell(g, b, q)?.rate.as_deref().map_or_else(|| "–".into(), |r| rate(f, r))))}
                            </td>
                        }
                    };
                    view! {
                        <tr>
                            <th scope="row">{button(c)}</th>
                            <For each=codes key=|c: &Currency| *c children=cells/>
                        </tr>
                    }
                    .into_any()
                }
                Part::Inputs => view! {
                    <td
                        data-input=c.to_string()
                        data-value=v(c, |g, b, _, _| Some(input(g, b)?.price.clone()))
                        class=v(c, |g, b, _, _| flag(input(g, b)?.stale, "gx-stale", ""))
                    >
                        {v(c, |g, b, _, f| Some(rate(f, &input(g, b)?.price)))}
                    </td>
                }
                .into_any(),
                Part::Ages => view! {
                    <td
                        data-age=c.to_string()
                        data-value=v(c, |g, b, _, _| input(g, b)?.age_secs.map(|a| a.to_string()))
                        class=v(c, |g, b, _, _| flag(input(g, b)?.stale, "gx-age gx-stale", "gx-age"))
                        data-stale=v(c, |g, b, _, _| flag(input(g, b)?.stale, "true", "false"))
                    >
                        {v(c, |g, b, _, _| Some(age_text(input(g, b)?.age_secs)))}
                    </td>
                }
                .into_any(),
            }
        }
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
