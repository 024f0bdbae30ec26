//! The depth chart: cumulative bid and ask curves around the mid, one point per level in the
//! price range (the core's [`Book::depth_curve`]), zoomed by the range's width.

use goxbook_core::{Book, DepthRow, Side};

use super::svg::{self, HEIGHT, WIDTH};

/// The zoom choices: ± this many basis points around the centre.
pub const RANGES_BP: [u32; 7] = [25, 50, 100, 200, 500, 1000, 2500];
pub const DEFAULT_RANGE_BP: u32 = 200;

/// The top of the chart is this share of the height above the largest cumulative amount.
const HEADROOM: f64 = 0.92;

/// What the depth chart draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepthChart {
    /// The price range shown (ticks, inclusive).
    pub lo: i64,
    pub hi: i64,
    /// The mid ((best bid + best ask) / 2, rounded down), or the one side's best.
    pub center: i64,
    /// Levels in range, best first, cumulative from the best level of the side.
    pub bids: Vec<DepthRow>,
    pub asks: Vec<DepthRow>,
    /// The largest cumulative amount in range (the top of the y axis).
    pub max: i64,
}

/// The price the chart centres on: the mid, else the only side's best.
pub fn center(book: &Book) -> Option<i64> {
    match (book.best_bid(), book.best_ask()) {
        (Some(b), Some(a)) => Some(((b.price as i128 + a.price as i128) / 2) as i64),
        (Some(l), None) | (None, Some(l)) => Some(l.price),
        (None, None) => None,
    }
}

/// The chart of `book` over ± `range_bp` basis points of its centre; None for an empty book.
pub fn depth_chart(book: &Book, range_bp: u32) -> Option<DepthChart> {
    let center = center(book)?;
    let half = ((center as i128 * range_bp as i128) / 10_000).max(1) as i64;
    let (lo, hi) = (center.saturating_sub(half).max(0), center.saturating_add(half));
    let bids = book.depth_curve(Side::Bid, lo, hi);
    let asks = book.depth_curve(Side::Ask, lo, hi);
    let max = bids.iter().chain(&asks).map(|r| r.cumulative).max().unwrap_or(0);
    Some(DepthChart { lo, hi, center, bids, asks, max })
}

impl DepthChart {
    pub fn rows(&self, side: Side) -> &[DepthRow] {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    pub fn x(&self, price: i64) -> f64 {
        svg::scale(price as f64, self.lo as f64, self.hi as f64, WIDTH)
    }

    pub fn y(&self, cumulative: i64) -> f64 {
        HEIGHT - svg::scale(cumulative as f64, 0.0, self.max.max(1) as f64 / HEADROOM, HEIGHT)
    }

    fn points(&self, side: Side) -> Vec<(f64, f64)> {
        self.rows(side).iter().map(|r| (self.x(r.price), self.y(r.cumulative))).collect()
    }

    /// The curve: one point per level in range, best first.
    pub fn path(&self, side: Side) -> String {
        svg::path(self.points(side))
    }

    /// The shaded area under the curve.
    pub fn area(&self, side: Side) -> String {
        svg::area(&self.points(side), HEIGHT)
    }

    /// Every level in range, lowest price first: (side, row).
    pub fn by_price(&self) -> Vec<(Side, DepthRow)> {
        let mut v: Vec<(Side, DepthRow)> = self.bids.iter().rev().map(|r| (Side::Bid, *r)).collect();
        v.extend(self.asks.iter().map(|r| (Side::Ask, *r)));
        v
    }

    /// The level nearest to `price` (what a pointer over the chart reads out).
    pub fn nearest(&self, price: i64) -> Option<(Side, DepthRow)> {
        self.by_price().into_iter().min_by_key(|(_, r)| (r.price as i128 - price as i128).abs())
    }

    /// The price at a fraction (0 = left edge, 1 = right edge) of the chart's width.
    // max/min, not f64::clamp: clamp's assertion message brings float formatting into the wasm.
    #[allow(clippy::manual_clamp)]
    pub fn price_at(&self, fraction: f64) -> i64 {
        self.lo + ((self.hi - self.lo) as f64 * fraction.max(0.0).min(1.0)).round() as i64
    }

    /// The level next to the one nearest `price`, `step` levels to the right (negative: left).
    pub fn step(&self, price: i64, step: i64) -> Option<(Side, DepthRow)> {
        let all = self.by_price();
        let (near, _) = self
            .nearest(price)
            .map(|(_, r)| r.price)
            .and_then(|p| all.iter().enumerate().find(|(_, (_, r))| r.price == p).map(|(i, x)| (i, *x)))?;
        let i = (near as i64 + step).clamp(0, all.len() as i64 - 1) as usize;
        all.get(i).copied()
    }
}

/// A zoom choice as shown: "± 0.25 %", "± 2 %".
pub fn range_label(bp: u32) -> String {
    let frac = format!("{:02}", bp % 100);
    let frac = frac.trim_end_matches('0');
    format!("± {}{}{frac} %", bp / 100, if frac.is_empty() { "" } else { "." })
}

/// The zoom choices as shown: (value, [`range_label`]), in [`RANGES_BP`]'s order (a test
/// checks they agree); data, not code.
pub const RANGE_OPTIONS: [(&str, &str); 7] = [
    ("25", "± 0.25 %"),
    ("50", "± 0.5 %"),
    ("100", "± 1 %"),
    ("200", "± 2 %"),
    ("500", "± 5 %"),
    ("1000", "± 10 %"),
    ("2500", "± 25 %"),
];

#[cfg(target_arch = "wasm32")]
pub use ui::*;

#[cfg(target_arch = "wasm32")]
mod ui {
    use goxbook_core::{format_ticks, CurrencyState, Side, AMOUNT_DECIMALS};
    use leptos::prelude::*;

    use super::{depth_chart, DEFAULT_RANGE_BP};
    use crate::format::Fmt;
    use crate::panels::set_if_changed;
    #[cfg(feature = "analytics")]
    use {
        super::{RANGES_BP, RANGE_OPTIONS},
        crate::context::ctx,
        crate::num::short,
        crate::panels::svg::WIDTH,
        wasm_bindgen::JsCast,
    };

    /// What the chart draws now.
    #[derive(Clone, Debug, PartialEq)]
    pub struct DepthView {
        pub chart: super::DepthChart,
        pub decimals: u32,
        pub bid_path: String,
        pub ask_path: String,
        pub bid_area: String,
        pub ask_area: String,
        /// x of the centre.
        pub center_x: f64,
        /// (exact, shown): the axis labels.
        pub lo: (String, String),
        pub center: (String, String),
        pub hi: (String, String),
        pub max: (String, String),
    }

    #[derive(Clone)]
    pub struct DepthState {
        /// ± basis points around the centre.
        pub range: ArcRwSignal<u32>,
        pub view: ArcRwSignal<Option<DepthView>>,
        /// The price under the pointer (or chosen with the arrow keys).
        pub hover: ArcRwSignal<Option<i64>>,
    }

    impl DepthState {
        pub fn new() -> DepthState {
            DepthState {
                range: ArcRwSignal::new(DEFAULT_RANGE_BP),
                view: ArcRwSignal::new(None),
                hover: ArcRwSignal::new(None),
            }
        }

        pub fn render(&self, state: &CurrencyState, fmt: &Fmt) {
            let d = state.decimals;
            let view = depth_chart(&state.book, self.range.get_untracked()).map(|c| {
                let p = |t: i64| {
                    let e = format_ticks(t, d);
                    (fmt.price(&e), e)
                };
                let swap = |(a, b): (String, String)| (b, a);
                let max = format_ticks(c.max, AMOUNT_DECIMALS);
                DepthView {
                    decimals: d,
                    bid_path: c.path(Side::Bid),
                    ask_path: c.path(Side::Ask),
                    bid_area: c.area(Side::Bid),
                    ask_area: c.area(Side::Ask),
                    center_x: c.x(c.center),
                    lo: swap(p(c.lo)),
                    center: swap(p(c.center)),
                    hi: swap(p(c.hi)),
                    max: (max.clone(), fmt.amount(&max)),
                    chart: c,
                }
            });
            set_if_changed(&self.view, view);
        }
    }

    impl Default for DepthState {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The depth chart: cumulative bids and asks around the mid (SVG), zoomed by the price
    /// range; a pointer or the arrow keys read out a level's price and cumulative amount.
    #[cfg(feature = "analytics")]
    #[component]
    pub fn DepthChartPanel() -> impl IntoView {
        let c = ctx();
        let panels = c.model.panels.clone();
        let s = panels.depth.clone();
        let range = s.range.clone();
        let range2 = s.range.clone();
        let on_range = move |ev: leptos::ev::Event| {
            if let Ok(bp) = event_target_value(&ev).parse::<u32>() {
                range.set(bp);
                c.redraw();
            }
        };
        let (view_, hover) = (s.view.clone(), s.hover.clone());
        let (vm, hm) = (view_.clone(), hover.clone());
        let on_move = move |ev: leptos::ev::PointerEvent| {
            let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let rect = el.get_bounding_client_rect();
            let f = (ev.client_x() as f64 - rect.left()) / rect.width().max(1.0);
            if let Some(p) = vm.with_untracked(|v| v.as_ref().map(|v| v.chart.price_at(f))) {
                hm.set(Some(p));
            }
        };
        let hl = hover.clone();
        let on_leave = move |_: leptos::ev::PointerEvent| hl.set(None);
        let (vk, hk) = (view_.clone(), hover.clone());
        let on_key = move |ev: leptos::ev::KeyboardEvent| {
            let step: i64 = match ev.key().as_str() {
                "ArrowRight" | "ArrowUp" => 1,
                "ArrowLeft" | "ArrowDown" => -1,
                "PageUp" => 10,
                "PageDown" => -10,
                "Home" => -1_000_000,
                "End" => 1_000_000,
                "Escape" => {
                    hk.set(None);
                    return;
                }
                _ => return,
            };
            ev.prevent_default();
            let next = vk.with_untracked(|v| {
                let c = &v.as_ref()?.chart;
                let from = hk.get_untracked().unwrap_or(c.center);
                // The first arrow reads the level nearest the mid.
                let start = if hk.get_untracked().is_none() && step.abs() == 1 { 0 } else { step };
                c.step(from, start).map(|(_, r)| r.price)
            });
            if next.is_some() {
                hk.set(next);
            }
        };
        // The level under the pointer: (side, exact price, exact cumulative, x, y).
        let (vh, hh) = (view_.clone(), hover.clone());
        let hovered = Memo::new(move |_| {
            let p = hh.get()?;
            vh.with(|v| {
                let v = v.as_ref()?;
                let (side, r) = v.chart.nearest(p)?;
                Some((
                    side,
                    format_ticks(r.price, v.decimals),
                    format_ticks(r.cumulative, AMOUNT_DECIMALS),
                    v.chart.x(r.price),
                    v.chart.y(r.cumulative),
                ))
            })
        });
        let fmt = panels.clone();
        let readout = move || {
            hovered.get().map(|(side, price, cum, _, _)| {
                let f = fmt.current_fmt();
                let (pt, ct) = f.map_or((price.clone(), cum.clone()), |f| (f.price(&price), f.amount(&cum)));
                let what = if side == Side::Bid { "bids at or above" } else { "asks at or below" };
                format!("{ct} BTC of {what} {pt}")
            })
        };
        let v = view_.clone();
        let path = move |f: fn(&DepthView) -> String| {
            let v = v.clone();
            move || v.with(|v| v.as_ref().map(f).unwrap_or_default())
        };
        let v2 = view_.clone();
        let label = move |f: fn(&DepthView) -> (String, String)| {
            let v = v2.clone();
            (
                {
                    let v = v.clone();
                    move || v.with(|v| v.as_ref().map(|v| f(v).0))
                },
                move || v.with(|v| v.as_ref().map(|v| f(v).1).unwrap_or_default()),
            )
        };
        let (lo_e, lo_t) = label(|v| v.lo.clone());
        let (mid_e, mid_t) = label(|v| v.center.clone());
        let (hi_e, hi_t) = label(|v| v.hi.clone());
        let (max_e, max_t) = label(|v| v.max.clone());
        let (v3, v4) = (view_.clone(), view_.clone());
        let points = move |side: Side| {
            let v = v3.clone();
            move || v.with(|v| v.as_ref().map_or(0, |v| v.chart.rows(side).len()).to_string())
        };
        let center_x = move || v4.with(|v| short(v.as_ref().map_or(WIDTH / 2.0, |v| v.center_x)));
        let (h1, h2, h3, h4, h5) = (hovered, hovered, hovered, hovered, hovered);
        let empty = view_.clone();
        view! {
            <section class="gx-panel gx-depth-chart" data-panel="depth-chart" aria-label="Depth chart">
                <h2 class="gx-title">"Depth"</h2>
                <div class="gx-controls">
                    <label>
                        <span class="gx-label">"Range "</span>
                        <select data-control="depth-range" on:change=on_range>
                            {RANGES_BP.into_iter().zip(RANGE_OPTIONS).map(|(bp, (value, label))| {
                                let r = range2.clone();
                                view! { <option value=value selected=move || r.get() == bp>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <span class="gx-axis-max">"max " <span data-axis="max" data-value=max_e>{max_t}</span> " BTC"</span>
                </div>
                <p class="gx-empty" hidden=move || empty.with(|v| v.is_some())>"No book yet."</p>
                <svg
                    class="gx-chart"
                    viewBox="0 0 600 200"
                    preserveAspectRatio="none"
                    role="img"
                    aria-label="Cumulative bids and asks around the mid; arrow keys move the read-out from level to level"
                    tabindex="0"
                    on:pointermove=on_move
                    on:pointerleave=on_leave
                    on:keydown=on_key
                >
                    <path class="gx-area gx-area-bid" data-area="bid" d=path(|v| v.bid_area.clone())></path>
                    <path class="gx-area gx-area-ask" data-area="ask" d=path(|v| v.ask_area.clone())></path>
                    <line class="gx-mid-line" x1=center_x.clone() x2=center_x y1="0" y2="200"></line>
                    <path class="gx-curve gx-curve-bid" data-curve="bid" data-points=points(Side::Bid) d=path(|v| v.bid_path.clone())></path>
                    <path class="gx-curve gx-curve-ask" data-curve="ask" data-points=points(Side::Ask) d=path(|v| v.ask_path.clone())></path>
                    <line
                        class="gx-cursor"
                        visibility=move || if h1.with(|h| h.is_some()) { "visible" } else { "hidden" }
                        x1=move || h2.with(|h| short(h.as_ref().map_or(0.0, |h| h.3)))
                        x2=move || h3.with(|h| short(h.as_ref().map_or(0.0, |h| h.3)))
                        y1="0"
                        y2="200"
                    ></line>
                </svg>
                <div class="gx-axis">
                    <span data-axis="lo" data-value=lo_e>{lo_t}</span>
                    <span data-axis="mid" data-value=mid_e>{mid_t}</span>
                    <span data-axis="hi" data-value=hi_e>{hi_t}</span>
                </div>
                <p class="gx-readout" aria-live="polite" data-hover=""
                    data-side=move || h4.with(|h| h.as_ref().map(|h| h.0.as_str()))
                    data-price=move || h5.with(|h| h.as_ref().map(|h| h.1.clone()))
                    data-amount=move || hovered.with(|h| h.as_ref().map(|h| h.2.clone()))
                >
                    {move || readout().unwrap_or_else(|| "Point at the chart (or focus it and use the arrow keys) to read a level.".into())}
                </p>
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goxbook_core::{Currency, Market, MarketOptions};

    fn book() -> Market {
        let mut m = Market::new(MarketOptions::default());
        // Bids 99, 98, 90; asks 101, 102, 130 (USD): mid 100, ±2 % = 98..102.
        m.ingest(r#"{"result":"success","return":{"asks":[{"price_int":"10100000","amount_int":"100000000","stamp":"1"},{"price_int":"10200000","amount_int":"200000000","stamp":"1"},{"price_int":"13000000","amount_int":"500000000","stamp":"1"}],
            "bids":[{"price_int":"9000000","amount_int":"700000000","stamp":"1"},{"price_int":"9800000","amount_int":"50000000","stamp":"1"},{"price_int":"9900000","amount_int":"100000000","stamp":"1"}]}}"#)
            .unwrap();
        m
    }

    #[test]
    fn one_point_per_level_in_range() {
        let m = book();
        let b = &m.get(Currency::USD).unwrap().book;
        let c = depth_chart(b, 200).unwrap();
        assert_eq!((c.lo, c.hi, c.center), (9_800_000, 10_200_000, 10_000_000));
        assert_eq!(c.bids, b.depth_curve(Side::Bid, c.lo, c.hi));
        assert_eq!(c.bids.len(), 2);
        assert_eq!(c.asks.len(), 2);
        assert_eq!(c.max, 300_000_000);
        assert_eq!(svg::count_points(&c.path(Side::Bid)), 2);
        assert_eq!(svg::count_points(&c.path(Side::Ask)), 2);
        // The best bid at 99 is a quarter of the way from the centre to the left edge.
        assert_eq!(c.path(Side::Bid), "M150.0,138.7 L0.0,108.0");
        // Zoomed out: every level.
        let wide = depth_chart(b, 5000).unwrap();
        assert_eq!((wide.bids.len(), wide.asks.len()), (3, 3));
    }

    #[test]
    fn range_labels() {
        let labels: Vec<String> = RANGES_BP.iter().map(|&bp| range_label(bp)).collect();
        assert_eq!(labels, ["± 0.25 %", "± 0.5 %", "± 1 %", "± 2 %", "± 5 %", "± 10 %", "± 25 %"]);
        assert_eq!(range_label(105), "± 1.05 %");
        for (bp, (value, label)) in RANGES_BP.into_iter().zip(RANGE_OPTIONS) {
            assert_eq!((value, label), (bp.to_string().as_str(), range_label(bp).as_str()));
        }
    }

    #[test]
    fn hover_and_keys() {
        let m = book();
        let c = depth_chart(&m.get(Currency::USD).unwrap().book, 200).unwrap();
        assert_eq!(c.price_at(0.0), 9_800_000);
        assert_eq!(c.price_at(1.0), 10_200_000);
        let (side, r) = c.nearest(c.price_at(0.3)).unwrap();
        assert_eq!((side, r.price, r.cumulative), (Side::Bid, 9_900_000, 100_000_000));
        let (side, r) = c.step(9_900_000, 1).unwrap();
        assert_eq!((side, r.price), (Side::Ask, 10_100_000));
        assert_eq!(c.step(9_900_000, -5).unwrap().1.price, 9_800_000);
    }

    #[test]
    fn empty_and_one_sided_books() {
        let m = Market::new(MarketOptions::default());
        assert!(depth_chart(&Book::new(), 200).is_none());
        drop(m);
        let mut m = Market::new(MarketOptions::default());
        m.ingest(
            r#"{"result":"success","return":{"asks":[],"bids":[{"price_int":"100000","amount_int":"1","stamp":"1"}]}}"#,
        )
        .unwrap();
        let c = depth_chart(&m.get(Currency::USD).unwrap().book, 200).unwrap();
        assert_eq!((c.center, c.bids.len(), c.asks.len()), (100_000, 1, 0));
        assert_eq!(c.path(Side::Ask), "");
    }
}
