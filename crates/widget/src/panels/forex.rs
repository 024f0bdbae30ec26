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
    use reactive_graph::prelude::*;
    use reactive_graph::signal::ArcRwSignal;

    use web_sys::Element;

    use super::{age_text, grid, Cell, Grid, Input};
    use crate::config::Config;
    use crate::dom::{self, Keep};
    use crate::panels::state::{self, set_if_changed, Fmt, PanelsModel};
    use crate::panels::Panel;

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

    /// The synthetic forex grid: 1 row currency = x column currency, through BTC; the BTC price
    /// and the age of each input; a button per currency shows it in the widget.
    pub fn build(k: &mut Keep, panels: &PanelsModel, redraw: Rc<dyn Fn()>, switch: Rc<dyn Fn(Currency)>) -> Element {
        let section = state::section(
            "gx-panel gx-forex",
            Panel::Forex,
            "Synthetic forex grid",
            r#"<h2 class="gx-title">Synthetic forex</h2><div class="gx-controls"><label><span class="gx-label">From </span><select data-control="forex-source"></select></label></div><p class="gx-empty">No currency has a price yet.</p><table class="gx-forex-grid"><caption class="gx-caption">1 unit of the row's currency, in the column's currency (through BTC)</caption><thead><tr><td></td></tr></thead><tbody></tbody><tfoot><tr class="gx-inputs"><th scope="row">1 BTC</th></tr><tr class="gx-ages"><th scope="row">age</th></tr></tfoot></table>"#,
        );
        let find = |sel: &str| dom::find(&section, sel);
        let (select, empty, table, head, body, inputs_row, ages_row) = (
            find("select"),
            find("p"),
            find("table"),
            find("thead tr"),
            find("tbody"),
            find(".gx-inputs"),
            find(".gx-ages"),
        );

        let source = &panels.forex.source;
        for (r, value, text) in [(RateSource::Last, "last", "last trades"), (RateSource::Mid, "mid", "mid prices")] {
            let o = dom::text_child(&select, "option", "", text);
            dom::attr(&o, "value", value);
            let source = source.clone();
            k.flag(&o, "selected", move || source.get() == r);
        }
        let source = source.clone();
        k.on(&select, "change", move |ev| {
            source.set(if dom::target_value(&ev) == "mid" { RateSource::Mid } else { RateSource::Last });
            redraw();
        });

        // The grid's cells, remade when the currencies with a price change; each kept at its
        // value by its own bindings (written only when it differs).
        let (grid, panels) = (panels.forex.grid.clone(), Rc::new(panels.clone()));
        // The currencies drawn, and what keeps their buttons and cells.
        let mut shown: Option<(Vec<Currency>, Keep)> = None;
        let mut made = Vec::<Element>::new();
        k.effect(move || {
            let now: Vec<Currency> = grid.with(|g| g.inputs.iter().map(|i| i.currency).collect());
            if shown.as_ref().map(|s| &s.0) == Some(&now) {
                return;
            }
            for e in made.drain(..) {
                e.remove();
            }
            let mut keep = Keep::default();
            dom::set_opt(&empty, "hidden", (!now.is_empty()).then_some(""));
            dom::set_opt(&table, "hidden", now.is_empty().then_some(""));
            for (b, &c) in now.iter().enumerate() {
                let tr = dom::child(&body, "tr", "");
                for (parent, scope) in [(&head, "col"), (&tr, "row")] {
                    let th = dom::child(parent, "th", "");
                    dom::attr(&th, "scope", scope);
                    button(&mut keep, &th, c, &panels, &switch);
                    made.push(th);
                }
                for (q, &qc) in now.iter().enumerate() {
                    let td = dom::child(&tr, "td", "");
                    dom::attr(&td, "data-base", c.as_str());
                    dom::attr(&td, "data-quote", qc.as_str());
                    bind(&mut keep, &td, &CELL, &grid, &panels, b, q);
                }
                let input = dom::child(&inputs_row, "td", "");
                dom::attr(&input, "data-input", c.as_str());
                bind(&mut keep, &input, &INPUT, &grid, &panels, b, 0);
                let age = dom::child(&ages_row, "td", "");
                dom::attr(&age, "data-age", c.as_str());
                bind(&mut keep, &age, &AGE, &grid, &panels, b, 0);
                made.extend([tr, input, age]);
            }
            shown = Some((now, keep));
        });
        section
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

    fn flag(on: bool, yes: &str, no: &str) -> Option<String> {
        Some((if on { yes } else { no }).into())
    }

    /// What a cell, an input and an age show: (attribute or "" for the text, value).
    static CELL: [(&str, Field); 4] = [
        ("data-rate", |g, b, q, _| cell(g, b, q)?.rate.clone()),
        ("", |g, b, q, f| Some(cell(g, b, q)?.rate.as_deref().map_or_else(|| "–".into(), |r| rate(f, r)))),
        ("class", |g, b, q, _| flag(cell(g, b, q)?.stale, "gx-rate gx-stale", "gx-rate")),
        ("data-stale", |g, b, q, _| flag(cell(g, b, q)?.stale, "true", "false")),
    ];
    static INPUT: [(&str, Field); 3] = [
        ("data-value", |g, b, _, _| Some(input(g, b)?.price.clone())),
        ("", |g, b, _, f| Some(rate(f, &input(g, b)?.price))),
        ("class", |g, b, _, _| flag(input(g, b)?.stale, "gx-stale", "")),
    ];
    static AGE: [(&str, Field); 4] = [
        ("data-value", |g, b, _, _| input(g, b)?.age_secs.map(|a| a.to_string())),
        ("", |g, b, _, _| Some(age_text(input(g, b)?.age_secs))),
        ("class", |g, b, _, _| flag(input(g, b)?.stale, "gx-age gx-stale", "gx-age")),
        ("data-stale", |g, b, _, _| flag(input(g, b)?.stale, "true", "false")),
    ];

    /// Keeps `el` at `table`'s values of the grid at (`b`, `q`).
    fn bind(
        k: &mut Keep,
        el: &Element,
        table: &'static [(&'static str, Field)],
        grid: &ArcRwSignal<Grid>,
        panels: &Rc<PanelsModel>,
        b: usize,
        q: usize,
    ) {
        for &(name, f) in table {
            let (grid, panels) = (grid.clone(), Rc::clone(panels));
            let get = move || {
                let fmt = panels.current_fmt();
                grid.with(|g| f(g, b, q, fmt.as_deref()))
            };
            if name.is_empty() {
                k.text(el, move || get().unwrap_or_default());
            } else {
                k.attr(el, name, get);
            }
        }
    }

    /// A currency's button: shows that currency in the widget (`aria-pressed` when it is shown).
    fn button(k: &mut Keep, parent: &Element, c: Currency, panels: &PanelsModel, switch: &Rc<dyn Fn(Currency)>) {
        let b = dom::text_child(parent, "button", "gx-switch", c.as_str());
        dom::attr(&b, "type", "button");
        dom::attr(&b, "data-switch", c.as_str());
        dom::attr(&b, "title", &["Show BTC/", c.as_str()].concat());
        let shown = panels.currency.clone();
        k.attr(&b, "aria-pressed", move || Some((if shown.get() == c { "true" } else { "false" }).into()));
        let switch = Rc::clone(switch);
        k.on(&b, "click", move |_| switch(c));
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
