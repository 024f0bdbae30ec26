//! The execution-price chart (as Bitcoin-Analytics drew it): the average execution price of
//! a market order as a function of its size, for buys and for sells, from the live book.
//!
//! The curve is exact at every level's end (where it bends), so it has one point per level
//! an order of the largest size would consume: the sizes are the cumulative amounts of those
//! levels, the last one cut at the largest size. Its averages are the core's
//! [`Book::execution_curve`]. A table gives the averages at round sizes.

use goxbook_core::{format_ticks, Book, CurrencyState, Side, AMOUNT_DECIMALS};

use super::svg::{self, HEIGHT, WIDTH};

/// The largest order size choices, in BTC.
pub const MAX_SIZES_BTC: [i64; 7] = [1, 10, 50, 100, 500, 1000, 5000];
pub const DEFAULT_MAX_BTC: i64 = 100;
/// The table's sizes, in % of the largest.
pub const TABLE_PCT: [i64; 6] = [1, 5, 10, 25, 50, 100];

const BTC: i64 = 100_000_000;

/// The sizes (amount ticks) at which the curve is drawn: the cumulative amount at the end of
/// each level an order of `max` consumes, the last one being `max` itself (or all there is,
/// when the side holds less). One per level consumed.
pub fn sizes(book: &Book, side: Side, max: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cumulative = 0i64;
    for l in book.levels(side) {
        if max <= 0 {
            break;
        }
        cumulative = cumulative.saturating_add(l.amount);
        if cumulative >= max {
            out.push(max);
            break;
        }
        out.push(cumulative);
    }
    out
}

/// One drawn point: size (amount ticks), the exact average, and that average as a number
/// for plotting.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub size: i64,
    pub average: String,
    pub y: f64,
}

/// One table row: the size and the average buying / selling it (None: the side is too thin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    pub size: String,
    pub buy: Option<String>,
    pub sell: Option<String>,
}

/// What the execution-price chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecChart {
    pub max: i64,
    pub buy: Vec<Point>,
    pub sell: Vec<Point>,
    /// The y axis: lowest and highest price shown (the currency's units).
    pub lo: f64,
    pub hi: f64,
    /// The mid, when both sides exist, and as a number to plot.
    pub mid: Option<String>,
    pub mid_y: Option<f64>,
    pub table: Vec<TableRow>,
}

/// The core's decimal (`rust_decimal::Decimal`, not a dependency of the widget) as a number
/// to plot, from its mantissa and scale (no float parsing).
macro_rules! plot {
    ($d:expr) => {{
        let d = $d;
        d.mantissa() as f64 / 10f64.powi(d.scale() as i32)
    }};
}

fn curve(state: &CurrencyState, side: Side, max: i64) -> Vec<Point> {
    let sizes = sizes(&state.book, side, max);
    state
        .book
        .execution_curve(side, &sizes)
        .into_iter()
        .filter_map(|p| {
            let avg = p.average_price(state.decimals)?;
            Some(Point { size: p.size, y: plot!(avg), average: avg.to_string() })
        })
        .collect()
}

/// A plotted price as the currency's exact decimal text, rounded to a tick.
pub fn price_text(p: f64, decimals: u32) -> String {
    format_ticks(crate::num::whole(p * 10f64.powi(decimals as i32)), decimals)
}

/// The chart for orders up to `max` (amount ticks).
pub fn exec_chart(state: &CurrencyState, max: i64) -> ExecChart {
    let buy = curve(state, Side::Ask, max);
    let sell = curve(state, Side::Bid, max);
    let mid = state.mid();
    let mid_y = mid.map(|m| plot!(m));
    let mid = mid.map(|m| m.to_string());
    let ys = buy.iter().chain(&sell).map(|p| p.y).chain(mid_y);
    let (mut lo, mut hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(hi.abs() * 1e-5).max(1e-9);
    let table_sizes: Vec<i64> = TABLE_PCT.iter().map(|p| max / 100 * p).collect();
    let avgs = |side: Side| -> Vec<Option<String>> {
        state
            .book
            .execution_curve(side, &table_sizes)
            .into_iter()
            .map(|p| if p.filled == p.size { p.average_price(state.decimals).map(|v| v.to_string()) } else { None })
            .collect()
    };
    let (buys, sells) = (avgs(Side::Ask), avgs(Side::Bid));
    let table = table_sizes
        .iter()
        .zip(buys.into_iter().zip(sells))
        .map(|(&s, (buy, sell))| TableRow { size: format_ticks(s, AMOUNT_DECIMALS), buy, sell })
        .collect();
    ExecChart { max, buy, sell, lo: lo - pad, hi: hi + pad, mid, mid_y, table }
}

impl ExecChart {
    pub fn x(&self, size: i64) -> f64 {
        svg::scale(size as f64, 0.0, self.max as f64, WIDTH)
    }

    pub fn y(&self, price: f64) -> f64 {
        HEIGHT - svg::scale(price, self.lo, self.hi, HEIGHT)
    }

    pub fn points(&self, side: Side) -> &[Point] {
        match side {
            Side::Ask => &self.buy,
            Side::Bid => &self.sell,
        }
    }

    /// The curve of buys (`Side::Ask`, the asks consumed) or sells: one point per level.
    pub fn path(&self, side: Side) -> String {
        svg::path(self.points(side).iter().map(|p| (self.x(p.size), self.y(p.y))))
    }

    /// The size the side's curve stops at, when the side holds less than the largest size.
    pub fn short(&self, side: Side) -> Option<i64> {
        let last = self.points(side).last().map_or(0, |p| p.size);
        (last < self.max).then_some(last)
    }
}

/// A size choice in BTC as amount ticks.
pub fn btc(n: i64) -> i64 {
    n.saturating_mul(BTC)
}

#[cfg(target_arch = "wasm32")]
pub use ui::*;

#[cfg(target_arch = "wasm32")]
mod ui {
    use goxbook_core::{format_ticks, CurrencyState, Side, AMOUNT_DECIMALS};
    use leptos::prelude::*;

    use super::{btc, exec_chart, price_text, ExecChart, DEFAULT_MAX_BTC};
    use crate::format::Fmt;
    use crate::panels::set_if_changed;
    #[cfg(feature = "analytics")]
    use {super::MAX_SIZES_BTC, crate::context::ctx};

    /// A table row as shown: (exact, shown) for the size and each side's average.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Row {
        pub size: (String, String),
        pub buy: (Option<String>, String),
        pub sell: (Option<String>, String),
    }

    #[derive(Clone, Debug, PartialEq)]
    pub struct ExecView {
        pub buy_path: String,
        pub sell_path: String,
        pub buy_points: usize,
        pub sell_points: usize,
        pub mid_y: Option<f64>,
        /// The y axis' top and bottom prices: (exact, shown).
        pub top: (String, String),
        pub bottom: (String, String),
        /// The largest size, BTC: (exact, shown).
        pub max: (String, String),
        pub rows: Vec<Row>,
        /// Sides too thin for the largest size: what they hold.
        pub notes: Vec<String>,
    }

    #[derive(Clone)]
    pub struct ExecState {
        /// The largest order size drawn, in BTC.
        pub max_btc: ArcRwSignal<i64>,
        pub view: ArcRwSignal<Option<ExecView>>,
    }

    impl ExecState {
        pub fn new() -> ExecState {
            ExecState { max_btc: ArcRwSignal::new(DEFAULT_MAX_BTC), view: ArcRwSignal::new(None) }
        }

        pub fn render(&self, state: &CurrencyState, fmt: &Fmt) {
            let c: ExecChart = exec_chart(state, btc(self.max_btc.get_untracked()));
            let view = if c.buy.is_empty() && c.sell.is_empty() {
                None
            } else {
                let avg = |a: &Option<String>| {
                    (a.clone(), a.as_deref().map_or_else(|| "book too thin".into(), |a| fmt.price(a)))
                };
                let plain = |p: f64| {
                    let e = price_text(p, state.decimals);
                    (fmt.price(&e), e)
                };
                let swap = |(a, b): (String, String)| (b, a);
                let max = format_ticks(c.max, AMOUNT_DECIMALS);
                let mut notes = Vec::new();
                for (side, what) in [(Side::Ask, "asks"), (Side::Bid, "bids")] {
                    if let Some(total) = c.short(side) {
                        notes.push(format!(
                            "The {what} hold only {} BTC: the curve stops there.",
                            fmt.amount(&format_ticks(total, AMOUNT_DECIMALS))
                        ));
                    }
                }
                Some(ExecView {
                    buy_path: c.path(Side::Ask),
                    sell_path: c.path(Side::Bid),
                    buy_points: c.buy.len(),
                    sell_points: c.sell.len(),
                    mid_y: c.mid_y.map(|m| c.y(m)),
                    top: swap(plain(c.hi)),
                    bottom: swap(plain(c.lo)),
                    max: (max.clone(), fmt.amount(&max)),
                    rows: c
                        .table
                        .iter()
                        .map(|r| Row {
                            size: (r.size.clone(), fmt.amount(&r.size)),
                            buy: avg(&r.buy),
                            sell: avg(&r.sell),
                        })
                        .collect(),
                    notes,
                })
            };
            set_if_changed(&self.view, view);
        }
    }

    impl Default for ExecState {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The execution-price chart: the average price of a market buy and of a market sell as
    /// the order grows, from the live book, and the same at round sizes in a table.
    #[cfg(feature = "analytics")]
    #[component]
    pub fn ExecChartPanel() -> impl IntoView {
        let c = ctx();
        let s = c.model.panels.exec.clone();
        let (max, max2) = (s.max_btc.clone(), s.max_btc.clone());
        let on_max = move |ev: leptos::ev::Event| {
            if let Ok(n) = event_target_value(&ev).parse::<i64>() {
                max.set(n);
                c.redraw();
            }
        };
        let v = s.view.clone();
        let get = move |f: fn(&ExecView) -> String| {
            let v = v.clone();
            move || v.with(|v| v.as_ref().map(f).unwrap_or_default())
        };
        let v0 = s.view.clone();
        let exact = move |f: fn(&ExecView) -> String| {
            let v = v0.clone();
            move || v.with(|v| v.as_ref().map(f))
        };
        let (v1, v2, v3, v4, v5) = (s.view.clone(), s.view.clone(), s.view.clone(), s.view.clone(), s.view.clone());
        let mid_y = move || {
            v1.with(|v| v.as_ref().and_then(|v| v.mid_y).map(crate::num::short).unwrap_or_else(|| "-10".into()))
        };
        let mid_y2 = mid_y.clone();
        let max3 = s.max_btc.clone();
        view! {
            <section class="gx-panel gx-exec-chart" data-panel="execution-chart" aria-label="Execution price by order size">
                <h2 class="gx-title">"Execution price"</h2>
                <div class="gx-controls">
                    <label>
                        <span class="gx-label">"Orders up to "</span>
                        <select data-control="exec-max" on:change=on_max>
                            {MAX_SIZES_BTC.iter().map(|n| {
                                let (m, n) = (max2.clone(), *n);
                                view! { <option value=n.to_string() selected=move || m.get() == n>{format!("{n} BTC")}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <span class="gx-legend"><span class="gx-key gx-key-buy"></span>"buy "<span class="gx-key gx-key-sell"></span>"sell"</span>
                </div>
                <p class="gx-empty" hidden=move || v2.with(|v| v.is_some())>"No book yet."</p>
                <div class="gx-chart-box">
                    <span class="gx-y gx-y-top" data-axis="top" data-value=exact(|v| v.top.0.clone())>{get(|v| v.top.1.clone())}</span>
                    <svg class="gx-chart" viewBox="0 0 600 200" preserveAspectRatio="none" role="img"
                        aria-label="Average execution price by order size, buys above the mid and sells below; the table below has the values">
                        <line class="gx-mid-line" x1="0" x2="600" y1=mid_y y2=mid_y2></line>
                        <path class="gx-curve gx-curve-ask" data-curve="buy" data-points=move || v3.with(|v| v.as_ref().map_or(0, |v| v.buy_points).to_string()) d=get(|v| v.buy_path.clone())></path>
                        <path class="gx-curve gx-curve-bid" data-curve="sell" data-points=move || v4.with(|v| v.as_ref().map_or(0, |v| v.sell_points).to_string()) d=get(|v| v.sell_path.clone())></path>
                    </svg>
                    <span class="gx-y gx-y-bottom" data-axis="bottom" data-value=exact(|v| v.bottom.0.clone())>{get(|v| v.bottom.1.clone())}</span>
                </div>
                <div class="gx-axis">
                    <span>"0"</span>
                    <span data-axis="size" data-value=exact(|v| v.max.0.clone())>
                        {move || format!("{} BTC", max3.get())}
                    </span>
                </div>
                <ul class="gx-notes">
                    {move || v5.with(|v| v.as_ref().map(|v| v.notes.clone()).unwrap_or_default()).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
                <table class="gx-exec-table">
                    <caption class="gx-caption">"Average execution price"</caption>
                    <thead><tr><th scope="col">"BTC"</th><th scope="col">"buy"</th><th scope="col">"sell"</th></tr></thead>
                    <tbody>
                        {
                            let v = s.view.clone();
                            move || v.with(|v| v.as_ref().map(|v| v.rows.clone()).unwrap_or_default()).into_iter().map(|r| view! {
                                <tr data-exec-size=r.size.0.clone()>
                                    <th scope="row">{r.size.1.clone()}</th>
                                    <td data-exec="buy" data-value=r.buy.0.clone()>{r.buy.1.clone()}</td>
                                    <td data-exec="sell" data-value=r.sell.0.clone()>{r.sell.1.clone()}</td>
                                </tr>
                            }).collect_view()
                        }
                    </tbody>
                </table>
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::{Currency, Market, MarketOptions};

    fn market(body: &str) -> Market {
        let mut m = Market::new(MarketOptions::default());
        m.ingest(body).unwrap();
        m
    }

    const JPY: &str = r#"{"result":"success","return":{"asks":[{"price_int":"12000000","amount_int":"100000000","stamp":"1"},{"price_int":"12100000","amount_int":"300000000","stamp":"1"}],
        "bids":[{"price_int":"11900000","amount_int":"50000000","stamp":"1"},{"price_int":"11800000","amount_int":"50000000","stamp":"1"}]}}"#;

    #[test]
    fn one_point_per_level_consumed() {
        let m = market(&format!(r#"{{"_currency":"JPY",{}"#, &JPY[1..]));
        let s = m.get(Currency::new("JPY").unwrap()).unwrap();
        assert_eq!(s.decimals, 3);
        assert_eq!(sizes(&s.book, Side::Ask, btc(2)), [100_000_000, 200_000_000]);
        assert_eq!(sizes(&s.book, Side::Ask, btc(1)), [100_000_000]);
        assert_eq!(sizes(&s.book, Side::Bid, btc(2)), [50_000_000, 100_000_000]);
        let c = exec_chart(s, btc(2));
        assert_eq!(c.buy.len(), s.book.impact(Side::Ask, btc(2)).levels.len());
        // 1 BTC at 12000, 1 at 12100: average 12050 at 2 BTC.
        assert_eq!(c.buy[1].average, "12050.000");
        assert_eq!(c.short(Side::Ask), None);
        assert_eq!(c.short(Side::Bid), Some(100_000_000));
        assert_eq!(svg::count_points(&c.path(Side::Bid)), 2);
        // Table: 1 % of 2 BTC = 0.02 BTC, …; the bids hold 1 BTC only.
        assert_eq!(c.table[0].size, "0.02000000");
        assert_eq!(c.table[0].buy.as_deref(), Some("12000.000"));
        assert_eq!(c.table[5].sell, None);
        assert!(c.lo < 11_850.0 && c.hi > 12_050.0);
        assert_eq!(c.mid_y, Some(11_950.0));
        assert_eq!(c.buy[1].y, 12_050.0);
        assert_eq!(price_text(12_050.000_4, 3), "12050.000");
        assert_eq!(price_text(11_849.999_6, 3), "11850.000");
        assert_eq!(price_text(c.hi, 3), format!("{:.3}", c.hi));
    }

    #[test]
    fn empty_book() {
        let m = market(r#"{"result":"success","return":{"asks":[],"bids":[]}}"#);
        let s = m.get(Currency::USD).unwrap();
        let c = exec_chart(s, btc(10));
        assert!(c.buy.is_empty() && c.sell.is_empty() && c.mid.is_none());
        assert_eq!(c.path(Side::Ask), "");
        assert!(c.table.iter().all(|r| r.buy.is_none() && r.sell.is_none()));
    }
}
