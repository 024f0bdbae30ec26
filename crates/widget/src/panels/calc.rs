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
    use goxbook_core::{CurrencyState, AMOUNT_DECIMALS};
    use leptos::prelude::*;

    use super::{calculate, parse_amount, Deal, Unit};
    #[cfg(feature = "analytics")]
    use crate::context::ctx;
    use crate::format::Fmt;
    use crate::panels::set_if_changed;

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

    /// The trade calculator: side, amount and unit in; total, average and worst price,
    /// slippage and levels out, live as the book moves.
    #[cfg(feature = "analytics")]
    #[component]
    pub fn Calculator() -> impl IntoView {
        let c = ctx();
        let (panels, c2, c3) = (c.model.panels.clone(), c.clone(), c.clone());
        let s = panels.calc;
        let (deal, unit, input) = (s.deal.clone(), s.unit.clone(), s.input.clone());
        // Each control sets its signal from the value, then asks for a frame.
        let on_deal = move |ev: leptos::ev::Event| {
            deal.set(if event_target_value(&ev) == "sell" { Deal::Sell } else { Deal::Buy });
            c.redraw();
        };
        let on_unit = move |ev: leptos::ev::Event| {
            unit.set(if event_target_value(&ev) == "money" { Unit::Money } else { Unit::Btc });
            c2.redraw();
        };
        let on_input = move |ev: leptos::ev::Event| {
            input.set(event_target_value(&ev));
            c3.redraw();
        };
        let v = s.view.clone();
        let (v1, v2, v3, v4, v5) = (v.clone(), v.clone(), v.clone(), v.clone(), v);
        let (deal2, deal3, unit2, unit3) = (s.deal.clone(), s.deal.clone(), s.unit.clone(), s.unit.clone());
        let currency = panels.currency;
        let rows = ROWS.iter().enumerate().map(|(i, &(key, label))| {
            let (a, b, d) = (s.view.clone(), s.view.clone(), s.deal.clone());
            // The first two labels say which way the money goes.
            let label = move || match (key, d.get()) {
                ("filled", Deal::Buy) => "Bought",
                ("filled", Deal::Sell) => "Sold",
                ("cost", Deal::Buy) => "Total cost",
                ("cost", Deal::Sell) => "Total proceeds",
                _ => label,
            };
            view! {
                <div class="gx-kv">
                    <dt>{label}</dt>
                    <dd data-calc=key data-value=move || a.with(|v| v.values.get(i).and_then(|v| v.exact.clone()))>
                        {move || b.with(|v| v.values.get(i).map(|v| v.text.clone()).unwrap_or_default())}
                    </dd>
                </div>
            }
        });
        let input_now = s.input;
        view! {
            <section class="gx-panel gx-calc" data-panel="calculator" aria-label="Trade calculator">
                <h2 class="gx-title">"Trade calculator"</h2>
                <div class="gx-calc-form">
                    <label>
                        <span class="gx-label">"Side"</span>
                        <select data-control="calc-side" on:change=on_deal>
                            <option value="buy" selected=move || deal2.get() == Deal::Buy>"Buy"</option>
                            <option value="sell" selected=move || deal3.get() == Deal::Sell>"Sell"</option>
                        </select>
                    </label>
                    <label>
                        <span class="gx-label">"Amount"</span>
                        // The `value` property: written only when it differs from what is there
                        // (Leptos compares with the last value set), so what is typed stays.
                        <input
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            spellcheck="false"
                            data-control="calc-amount"
                            prop:value=move || input_now.get()
                            aria-invalid=move || if v1.with(|v| v.error.is_some()) { "true" } else { "false" }
                            on:input=on_input
                        />
                    </label>
                    <label>
                        <span class="gx-label">"Unit"</span>
                        <select data-control="calc-unit" on:change=on_unit>
                            <option value="btc" selected=move || unit2.get() == Unit::Btc>"BTC"</option>
                            <option value="money" selected=move || unit3.get() == Unit::Money>
                                {move || currency.get().to_string()}
                            </option>
                        </select>
                    </label>
                </div>
                <p class="gx-calc-error" data-calc="error" role="alert" hidden=move || v2.with(|v| v.error.is_none())>
                    {move || v3.with(|v| v.error.clone().unwrap_or_default())}
                </p>
                <dl class="gx-kvs">{rows.collect_view()}</dl>
                <p class="gx-short" data-calc="short" role="status" hidden=move || v4.with(|v| v.short.is_none())>
                    {move || v5.with(|v| v.short.clone().unwrap_or_default())}
                </p>
            </section>
        }
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
