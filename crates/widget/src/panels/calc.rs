//! The trade calculator: what buying or selling an amount (in BTC, or in the currency) against
//! the live book gives — total, average execution price, worst price, slippage against the mid
//! and levels consumed — all exact decimals from the core's market-impact queries
//! ([`Book::impact`], [`Book::impact_for_value`], [`Impact::slippage_pct`]).

use goxbook_core::{format_ticks, money::decimal_to_ticks, CurrencyState, Impact, Side, AMOUNT_DECIMALS};

/// What the reader does: buy (takes the asks) or sell (takes the bids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deal {
    Buy,
    Sell,
}

impl Deal {
    /// The side of the book the deal consumes.
    pub fn book_side(self) -> Side {
        match self {
            Deal::Buy => Side::Ask,
            Deal::Sell => Side::Bid,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Deal::Buy => "buy",
            Deal::Sell => "sell",
        }
    }
}

/// What the typed amount counts: BTC, or money of the currency (spend / raise that much).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Btc,
    Money,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Btc => "btc",
            Unit::Money => "money",
        }
    }
}

/// Reads a typed amount as ticks of `decimals` places: digits with one '.' (or one ',' as
/// the decimal mark), spaces and '_' ignored. `Ok(None)` when empty.
pub fn parse_amount(text: &str, decimals: u32) -> Result<Option<i64>, String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '\'').collect();
    if t.is_empty() {
        return Ok(None);
    }
    let t = if !t.contains('.') && t.matches(',').count() == 1 { t.replace(',', ".") } else { t };
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if (int.is_empty() && frac.is_empty()) || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Err("enter a positive number".into());
    }
    if frac.len() > decimals as usize {
        return Err(format!("at most {decimals} decimals"));
    }
    match decimal_to_ticks(&t, decimals) {
        Ok(0) => Err("enter an amount above 0".into()),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err("too large".into()),
    }
}

/// The calculator's answer, as exact decimal strings (the `data-calc` hooks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// BTC the book fills (8 decimals).
    pub filled: String,
    /// Money paid (buy) or received (sell), exact.
    pub total: String,
    pub average: Option<String>,
    pub worst: Option<String>,
    /// Of the average against the mid, in % (positive: worse for the taker).
    pub slippage: Option<String>,
    pub levels: usize,
    /// Whether the book held enough for the whole amount.
    pub complete: bool,
    /// All the side holds (8 decimals) when it is not enough; else what filled.
    pub available: String,
}

/// Buying or selling `amount` (ticks of BTC for [`Unit::Btc`], of the currency for
/// [`Unit::Money`]) against `state`'s book.
pub fn calculate(state: &CurrencyState, deal: Deal, unit: Unit, amount: i64) -> Outcome {
    let side = deal.book_side();
    let d = state.decimals;
    let (impact, complete): (Impact, bool) = match unit {
        Unit::Btc => {
            let i = state.book.impact(side, amount);
            let c = i.complete();
            (i, c)
        }
        Unit::Money => state.book.impact_for_value(side, amount),
    };
    // All the side holds: only said when it is not enough.
    let available =
        if complete { impact.filled } else { state.book.levels(side).fold(0i64, |a, l| a.saturating_add(l.amount)) };
    Outcome {
        filled: format_ticks(impact.filled, AMOUNT_DECIMALS),
        total: impact.cost_decimal(d).map(|v| v.to_string()).unwrap_or_default(),
        average: impact.average_price(d).map(|v| v.to_string()),
        worst: impact.worst_price.map(|p| format_ticks(p, d)),
        slippage: state.mid().and_then(|mid| impact.slippage_pct(mid, d)).map(|v| v.to_string()),
        levels: impact.levels.len(),
        complete,
        available: format_ticks(available, AMOUNT_DECIMALS),
    }
}

#[cfg(target_arch = "wasm32")]
pub use ui::*;

#[cfg(target_arch = "wasm32")]
mod ui {
    use std::rc::Rc;

    use goxbook_core::{CurrencyState, AMOUNT_DECIMALS};
    use js_sys::Reflect;
    use reactive_graph::prelude::*;
    use reactive_graph::signal::ArcRwSignal;
    use wasm_bindgen::JsValue;
    use web_sys::Element;

    use super::{calculate, parse_amount, Deal, Unit};
    use crate::dom::{self, Keep};
    use crate::panels::state::{self, set_if_changed, Fmt, PanelsModel};
    use crate::panels::Panel;

    /// The numbers shown, in order: (hook, label).
    const ROWS: [(&str, &str); 6] = [
        ("filled", "Amount"),
        ("cost", "Total"),
        ("average", "Average price"),
        ("worst", "Worst price"),
        ("slippage", "Slippage vs mid"),
        ("levels", "Levels consumed"),
    ];

    /// One number: exact (the `data-value` hook; None when there is no number) and shown.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Value {
        pub exact: Option<String>,
        pub text: String,
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct CalcView {
        /// What is wrong with the typed amount.
        pub error: Option<String>,
        /// In [`ROWS`] order.
        pub values: Vec<Value>,
        /// The book cannot fill the amount: says how much it holds instead of numbers.
        pub short: Option<String>,
        /// The currency's code (the unit choice and the labels).
        pub currency: String,
    }

    #[derive(Clone)]
    pub struct CalcState {
        pub deal: ArcRwSignal<Deal>,
        pub unit: ArcRwSignal<Unit>,
        /// The amount as typed.
        pub input: ArcRwSignal<String>,
        pub view: ArcRwSignal<CalcView>,
    }

    impl CalcState {
        pub fn new() -> CalcState {
            CalcState {
                deal: ArcRwSignal::new(Deal::Buy),
                unit: ArcRwSignal::new(Unit::Btc),
                input: ArcRwSignal::new("10".into()),
                view: ArcRwSignal::new(CalcView { values: vec![Value::default(); ROWS.len()], ..Default::default() }),
            }
        }

        pub fn render(&self, state: &CurrencyState, fmt: &Fmt) {
            let (deal, unit) = (self.deal.get_untracked(), self.unit.get_untracked());
            let decimals = if unit == Unit::Btc { AMOUNT_DECIMALS } else { state.decimals };
            let none = || vec![Value { exact: None, text: "–".into() }; ROWS.len()];
            let mut view = CalcView { currency: state.currency.to_string(), values: none(), ..Default::default() };
            match self.input.with_untracked(|t| parse_amount(t, decimals)) {
                Err(e) => view.error = Some(e),
                Ok(None) => {}
                Ok(Some(amount)) => {
                    let o = calculate(state, deal, unit, amount);
                    if o.complete {
                        let v = |exact: Option<String>, text: &dyn Fn(&str) -> String| Value {
                            text: exact.as_deref().map_or_else(|| "–".to_string(), text),
                            exact,
                        };
                        view.values = vec![
                            v(Some(o.filled.clone()), &|s| format!("{} BTC", fmt.amount(s))),
                            v(Some(o.total.clone()), &|s| format!("{} {}", fmt.price(s), state.currency)),
                            v(o.average.clone(), &|s| fmt.price(s)),
                            v(o.worst.clone(), &|s| fmt.price(s)),
                            v(o.slippage.clone(), &|s| fmt.pct(s)),
                            v(Some(o.levels.to_string()), &|s| s.to_string()),
                        ];
                    } else {
                        let side = if deal == Deal::Buy { "asks" } else { "bids" };
                        view.short = Some(format!(
                            "Not enough in the book: the {side} hold {} BTC in all.",
                            fmt.amount(&o.available)
                        ));
                    }
                }
            }
            set_if_changed(&self.view, view);
        }
    }

    impl Default for CalcState {
        fn default() -> Self {
            Self::new()
        }
    }

    /// Keeps `el`'s attribute `name` (its text, for "") at `f` of the view and `i` (a row, a
    /// notice): a plain fn, so every binding shares two closure instantiations.
    fn bind(
        k: &mut Keep,
        el: &Element,
        name: &'static str,
        view: &ArcRwSignal<CalcView>,
        i: usize,
        f: fn(&CalcView, usize) -> Option<String>,
    ) {
        let v = view.clone();
        if name.is_empty() {
            k.text(el, move || v.with(|v| f(v, i)).unwrap_or_default());
        } else {
            k.attr(el, name, move || v.with(|v| f(v, i)));
        }
    }

    /// The trade calculator: side, amount and unit in; total, average and worst price,
    /// slippage and levels out, live as the book moves.
    pub fn build(k: &mut Keep, panels: &PanelsModel, redraw: Rc<dyn Fn()>) -> Element {
        let s = &panels.calc;
        let section = state::section(
            "gx-panel gx-calc",
            Panel::Calculator,
            "Trade calculator",
            r#"<h2 class="gx-title">Trade calculator</h2><div class="gx-calc-form"><label><span class="gx-label">Side</span><select data-control="calc-side"></select></label><label><span class="gx-label">Amount</span><input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" data-control="calc-amount"></label><label><span class="gx-label">Unit</span><select data-control="calc-unit"></select></label></div><p class="gx-calc-error" data-calc="error" role="alert"></p>"#,
        );
        let find = |sel: &str| dom::find(&section, sel);
        let (side, amount, unit, error) =
            (find("[data-control=calc-side]"), find("input"), find("[data-control=calc-unit]"), find("p"));

        for (d, text) in [(Deal::Buy, "Buy"), (Deal::Sell, "Sell")] {
            let o = dom::text_child(&side, "option", "", text);
            dom::attr(&o, "value", d.as_str());
            let deal = s.deal.clone();
            k.flag(&o, "selected", move || deal.get() == d);
        }
        // The money option says the currency's code (its own effect).
        for u in [Unit::Btc, Unit::Money] {
            let o = dom::text_child(&unit, "option", "", "BTC");
            dom::attr(&o, "value", u.as_str());
            let unit = s.unit.clone();
            k.flag(&o, "selected", move || unit.get() == u);
            if u == Unit::Money {
                let currency = panels.currency.clone();
                k.text(&o, move || currency.get().to_string());
            }
        }
        // Each control sets its signal from the value, then asks for a frame.
        let (deal, r) = (s.deal.clone(), Rc::clone(&redraw));
        k.on(&side, "change", move |ev| {
            deal.set(if dom::target_value(&ev) == "sell" { Deal::Sell } else { Deal::Buy });
            r();
        });
        let (u, r) = (s.unit.clone(), Rc::clone(&redraw));
        k.on(&unit, "change", move |ev| {
            u.set(if dom::target_value(&ev) == "money" { Unit::Money } else { Unit::Btc });
            r();
        });
        let input = s.input.clone();
        k.on(&amount, "input", move |ev| {
            input.set(dom::target_value(&ev));
            redraw();
        });
        // The `value` property, written only when it differs: what the reader types stays as is.
        let (input, el) = (s.input.clone(), amount.clone());
        k.effect(move || {
            let key = JsValue::from_str("value");
            let v = input.get();
            if Reflect::get(&el, &key).ok().and_then(|x| x.as_string()).as_deref() != Some(&v) {
                let _ = Reflect::set(&el, &key, &JsValue::from_str(&v));
            }
        });
        bind(k, &amount, "aria-invalid", &s.view, 0, |v, _| {
            Some((if v.error.is_some() { "true" } else { "false" }).into())
        });

        let dl = dom::child(&section, "dl", "gx-kvs");
        for (i, (key, label)) in ROWS.iter().enumerate() {
            let kv = dom::child(&dl, "div", "gx-kv");
            let dt = dom::text_child(&kv, "dt", "", label);
            // The first two labels say which way the money goes.
            if i < 2 {
                let deal = s.deal.clone();
                k.text(&dt, move || {
                    let sell = deal.get() == Deal::Sell;
                    [["Bought", "Sold"], ["Total cost", "Total proceeds"]][i][sell as usize].into()
                });
            }
            let dd = dom::child(&kv, "dd", "");
            dom::attr(&dd, "data-calc", key);
            bind(k, &dd, "data-value", &s.view, i, |v, i| v.values.get(i)?.exact.clone());
            bind(k, &dd, "", &s.view, i, |v, i| Some(v.values.get(i)?.text.clone()));
        }
        let p = dom::child(&section, "p", "gx-short");
        dom::attr(&p, "data-calc", "short");
        dom::attr(&p, "role", "status");
        // The error and the short notice: shown with their text, hidden without.
        for (p, i) in [(error, 0), (p, 1)] {
            bind(k, &p, "hidden", &s.view, i, |v, i| [&v.error, &v.short][i].is_none().then(String::new));
            bind(k, &p, "", &s.view, i, |v, i| [&v.error, &v.short][i].clone());
        }
        section
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::{Currency, Market, MarketOptions};

    #[test]
    fn amounts_typed() {
        assert_eq!(parse_amount("", 8), Ok(None));
        assert_eq!(parse_amount(" 1.5 ", 8), Ok(Some(150_000_000)));
        assert_eq!(parse_amount("1,5", 8), Ok(Some(150_000_000)));
        assert_eq!(parse_amount("1 000", 3), Ok(Some(1_000_000)));
        assert_eq!(parse_amount(".5", 5), Ok(Some(50_000)));
        assert_eq!(parse_amount("0.001", 3), Ok(Some(1)));
        assert!(parse_amount("0.0001", 3).is_err());
        assert!(parse_amount("-1", 8).is_err());
        assert!(parse_amount("0", 8).is_err());
        assert!(parse_amount("1e3", 8).is_err());
        assert!(parse_amount("1.2.3", 8).is_err());
        assert!(parse_amount("99999999999999999999", 8).is_err());
    }

    #[test]
    fn outcome_is_the_cores_impact() {
        let mut m = Market::new(MarketOptions::default());
        m.ingest(r#"{"result":"success","return":{"asks":[{"price_int":"10000000","amount_int":"100000000","stamp":"1"},{"price_int":"10100000","amount_int":"100000000","stamp":"1"}],
            "bids":[{"price_int":"9900000","amount_int":"100000000","stamp":"1"}]}}"#)
            .unwrap();
        let s = m.get(Currency::USD).unwrap();
        // Buy 1.5 BTC: 1 at 100, 0.5 at 101 = 150.5; mid 99.5.
        let o = calculate(s, Deal::Buy, Unit::Btc, 150_000_000);
        assert!(o.complete);
        assert_eq!(o.filled, "1.50000000");
        assert_eq!(o.total, "150.5000000000000");
        assert_eq!(o.worst.as_deref(), Some("101.00000"));
        assert_eq!(o.levels, 2);
        assert_eq!(o.average, s.book.impact(Side::Ask, 150_000_000).average_price(5).map(|v| v.to_string()));
        assert_eq!(o.slippage.as_deref(), Some("0.8375"));
        // Too much: says how much there is.
        let o = calculate(s, Deal::Sell, Unit::Btc, 200_000_000);
        assert!(!o.complete);
        assert_eq!(o.available, "1.00000000");
        // Spend 50.5 USD: 0.505 BTC at 100.
        let o = calculate(s, Deal::Buy, Unit::Money, 5_050_000);
        assert!(o.complete);
        assert_eq!(o.filled, "0.50500000");
    }
}
