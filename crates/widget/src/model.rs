//! The reactive state the components read, and the renderer that fills it from the core at
//! most once per animation frame. Rows are keyed by price (book) and tid (trades) and carry
//! their own signals, so a frame touches only the DOM of what changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use goxbook_core::{format_ticks, Currency, DepthRow, TradeType, AMOUNT_DECIMALS};
use reactive_graph::prelude::*;
use reactive_graph::signal::ArcRwSignal;

use crate::config::{Config, Layout};
pub use crate::events::Status;
use crate::format::{clock_time, fmt_for, Fmt};
use crate::panels::{Panel, PanelsModel};
use crate::sync::SyncState;
use crate::view::{self, TICKER_FIELDS};

/// Trades shown.
pub const TRADES_SHOWN: usize = 50;

/// How long a "just changed" flash lasts (ms; style.css's `gx-flash-*` animations): a row, or
/// the last price, that changes again while it flashes keeps its flash rather than restarting.
pub const FLASH_MS: f64 = 800.0;

/// One ticker field: the exact value and its display text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Field {
    pub exact: Option<String>,
    pub text: String,
}

/// How one book row looks now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowLook {
    /// Exact, 8 decimals.
    pub amount: String,
    pub amount_ticks: i64,
    pub cumulative: i64,
    pub amount_text: String,
    pub cumulative_text: String,
    /// Depth bar, in % of the largest cumulative amount shown.
    pub bar: f64,
    /// Bumped when the row's amount changes (restarts the highlight), at most once per
    /// [`FLASH_MS`].
    pub flash: u32,
    /// performance.now() of the last bump.
    pub flash_at: f64,
    /// Within [`FLASH_MS`] of the last bump (the row has its flash class only then, so that
    /// a row moved in the DOM later does not flash again).
    pub flashing: bool,
}

/// A book row, keyed by its price (ticks).
#[derive(Clone)]
pub struct Row {
    pub key: i64,
    pub price: String,
    pub price_text: String,
    pub look: ArcRwSignal<RowLook>,
}

/// A trade row; trades never change, so it has no signals.
#[derive(Clone, Debug, PartialEq)]
pub struct TradeRow {
    pub tid: i64,
    pub price: String,
    pub amount: String,
    pub price_text: String,
    pub amount_text: String,
    pub time: String,
    pub kind: &'static str,
}

/// Everything the components read.
#[derive(Clone)]
pub struct Model {
    /// The currency shown (switchable among the subscribed ones).
    pub currency: ArcRwSignal<Currency>,
    pub status: ArcRwSignal<Status>,
    /// What went wrong, in words (a configuration error, a refused connection …).
    pub message: ArcRwSignal<Option<String>>,
    /// performance.now() of the last frame received.
    pub last_frame: ArcRwSignal<Option<f64>>,
    /// performance.now(), ticking for the age display.
    pub now: ArcRwSignal<f64>,
    /// (garbage, rejected) frames skipped.
    pub skipped: ArcRwSignal<(u64, u64)>,
    /// Snapshots applied so far (the `data-syncs` hook).
    pub syncs: ArcRwSignal<u64>,
    pub ticker: ArcRwSignal<Vec<Field>>,
    /// Direction of the last price's last move (-1, 0, 1) and a counter for its flash.
    pub last_move: ArcRwSignal<(i8, u32)>,
    pub bids: ArcRwSignal<Vec<Row>>,
    pub asks: ArcRwSignal<Vec<Row>>,
    pub trades: ArcRwSignal<Vec<TradeRow>>,
    /// Grouping tick (currency ticks; 1 = none) and the choices.
    pub group: ArcRwSignal<i64>,
    pub groups: ArcRwSignal<Vec<(i64, String)>>,
    pub layout: ArcRwSignal<Layout>,
    /// The analytics panels (calculator, forex grid, charts, VWAP).
    pub panels: PanelsModel,
}

impl Model {
    pub fn new(cfg: &Config) -> Model {
        Model {
            currency: ArcRwSignal::new(cfg.currency),
            status: ArcRwSignal::new(Status::Connecting),
            message: ArcRwSignal::new(None),
            last_frame: ArcRwSignal::new(None),
            now: ArcRwSignal::new(now_ms()),
            skipped: ArcRwSignal::new((0, 0)),
            syncs: ArcRwSignal::new(0),
            ticker: ArcRwSignal::new(vec![Field { exact: None, text: "–".into() }; TICKER_FIELDS.len()]),
            last_move: ArcRwSignal::new((0, 0)),
            bids: ArcRwSignal::new(Vec::new()),
            asks: ArcRwSignal::new(Vec::new()),
            trades: ArcRwSignal::new(Vec::new()),
            group: ArcRwSignal::new(1),
            groups: ArcRwSignal::new(vec![(1, "none".into())]),
            layout: ArcRwSignal::new(cfg.layout),
            panels: PanelsModel::new(cfg),
        }
    }

    pub fn set_status(&self, status: Status, message: Option<String>) {
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
        if self.message.with_untracked(|m| m != &message) {
            self.message.set(message);
        }
    }
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Turns the market (shared with the other widgets on the same feed, see `hub`) into the
/// model, once per animation frame.
pub struct Renderer {
    pub sync: Rc<RefCell<SyncState>>,
    /// The currency shown.
    pub currency: Cell<Currency>,
    /// Every currency this widget subscribes: a change to any of them redraws it.
    currencies: Vec<Currency>,
    pub model: Model,
    depth: usize,
    formats: RefCell<Option<Rc<Fmt>>>,
    locale: Option<String>,
    scheduled: Cell<bool>,
    last_ticks: Cell<Option<i64>>,
    /// performance.now() of the last price's last flash.
    last_flash_at: Cell<f64>,
    last_frame: Cell<Option<f64>>,
    renders: Cell<u64>,
}

impl Renderer {
    /// A renderer of `sync`'s market: the hub's (shared), or a market of its own (tests).
    pub fn new(cfg: &Config, model: Model, sync: Rc<RefCell<SyncState>>) -> Rc<Renderer> {
        Rc::new(Renderer {
            sync,
            currency: Cell::new(cfg.currency),
            currencies: cfg.currencies.clone(),
            model,
            depth: cfg.depth,
            formats: RefCell::new(None),
            locale: cfg.locale.clone(),
            scheduled: Cell::new(false),
            last_ticks: Cell::new(None),
            last_flash_at: Cell::new(f64::NEG_INFINITY),
            last_frame: Cell::new(None),
            renders: Cell::new(0),
        })
    }

    /// One stream frame into this renderer's market (a widget without a hub: tests); the
    /// hub's [`Hub::frame`](crate::hub::Hub::frame) does the same once for all its widgets.
    pub fn frame(self: &Rc<Self>, text: &str) {
        let (changed, skipped) = self.sync.borrow_mut().frame(text);
        self.heard(now_ms(), changed, skipped);
    }

    /// A frame was applied at `now`: it changed `changed`'s display, or was skipped. Drawn at
    /// the next animation frame if it concerns this widget. Nothing here touches a signal:
    /// the DOM changes once per frame at most.
    pub fn heard(self: &Rc<Self>, now: f64, changed: Option<Currency>, skipped: bool) {
        self.last_frame.set(Some(now));
        // Another subscribed currency is drawn only by the forex grid.
        let watched = |c: Currency| {
            c == self.currency.get() || (self.model.panels.shows(Panel::Forex) && self.currencies.contains(&c))
        };
        if skipped || changed.is_some_and(watched) {
            self.schedule();
        }
    }

    /// The connection's last frame, for a widget that joins it.
    pub fn last_heard(&self, at: Option<f64>) {
        self.last_frame.set(at);
    }

    /// How many times the view was drawn.
    pub fn renders(&self) -> u64 {
        self.renders.get()
    }

    /// performance.now() of the last frame received.
    pub fn last_frame(&self) -> Option<f64> {
        self.last_frame.get()
    }

    /// The clock of the status line (called every 500 ms): the age of the last frame.
    pub fn tick(&self) {
        self.model.now.set(now_ms());
        self.model.panels.tick(&self.sync.borrow().market);
        if self.model.last_frame.get_untracked() != self.last_frame.get() {
            self.model.last_frame.set(self.last_frame.get());
        }
    }

    /// Shows another subscribed currency: its book, ticker and trades are already in the
    /// market (no reconnect, no snapshot); the rows of the old one are dropped, since the
    /// same price ticks mean another price at another scale. Ignored for a currency this
    /// widget does not subscribe.
    pub fn switch_currency(self: &Rc<Self>, currency: Currency) {
        if currency == self.currency.get() || !self.currencies.contains(&currency) {
            return;
        }
        self.currency.set(currency);
        self.last_ticks.set(None);
        *self.formats.borrow_mut() = None;
        let m = &self.model;
        m.currency.set(currency);
        m.group.set(1);
        m.last_move.set((0, 0));
        m.ticker.set(vec![Field { exact: None, text: "–".into() }; TICKER_FIELDS.len()]);
        m.bids.set(Vec::new());
        m.asks.set(Vec::new());
        m.trades.set(Vec::new());
        self.schedule();
    }

    /// Draws at the next animation frame (once, however often it is asked before then).
    pub fn schedule(self: &Rc<Self>) {
        if self.scheduled.replace(true) {
            return;
        }
        let me = Rc::clone(self);
        crate::timers::next_frame(move || {
            me.scheduled.set(false);
            me.render();
        });
    }

    /// Fills the model from the core. Public for tests, which draw without waiting a frame.
    pub fn render(&self) {
        self.renders.set(self.renders.get() + 1);
        if self.model.last_frame.get_untracked() != self.last_frame.get() {
            self.model.last_frame.set(self.last_frame.get());
        }
        let sync = self.sync.borrow();
        let c = sync.counts;
        if self.model.skipped.get_untracked() != (c.garbage, c.rejected) {
            self.model.skipped.set((c.garbage, c.rejected));
        }
        self.model.panels.render(&sync.market, self.currency.get());
        let Some(state) = sync.market.get(self.currency.get()) else { return };
        let decimals = state.decimals;
        let mut formats = self.formats.borrow_mut();
        if formats.as_ref().map(|f| f.decimals) != Some(decimals) {
            let Some(f) = fmt_for(self.locale.as_deref(), decimals) else { return };
            *formats = Some(f);
            let groups = view::group_ticks(decimals)
                .into_iter()
                .map(|t| (t, if t == 1 { "none".to_string() } else { view::tick_label(t, decimals) }))
                .collect();
            self.model.groups.set(groups);
        }
        let Some(fmt) = formats.as_ref() else { return };

        // Ticker.
        let exact = view::ticker(state);
        let fields: Vec<Field> = exact
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let text = match &v {
                    Some(s) if TICKER_FIELDS[i] == "vol" => fmt.amount(s),
                    Some(s) => fmt.price(s),
                    None => "–".to_string(),
                };
                Field { exact: v, text }
            })
            .collect();
        if self.model.ticker.with_untracked(|t| t != &fields) {
            self.model.ticker.set(fields);
        }
        let now = now_ms();
        let last = state.ticker.as_ref().and_then(|t| t.last_price());
        if let (Some(new), Some(old)) = (last, self.last_ticks.get()) {
            if new != old {
                let (dir, n) = self.model.last_move.get_untracked();
                let flash = now - self.last_flash_at.get() >= FLASH_MS;
                if flash {
                    self.last_flash_at.set(now);
                }
                let moved = ((new - old).signum() as i8, n.wrapping_add(flash as u32));
                if moved != (dir, n) {
                    self.model.last_move.set(moved);
                }
            }
        }
        self.last_ticks.set(last.or(self.last_ticks.get()));

        // Book.
        let ladder = view::ladder(&state.book, self.model.group.get_untracked(), self.depth);
        let max = ladder.max_cumulative().max(1) as f64;
        let price = |p: i64| format_ticks(p, decimals);
        update_side(&self.model.bids, &ladder.bids, max, &price, fmt, now);
        update_side(&self.model.asks, &ladder.asks, max, &price, fmt, now);

        // Trades.
        let newest = view::trades(state, TRADES_SHOWN).map(|t| t.tid);
        let same = self.model.trades.with_untracked(|old| old.iter().map(|t| t.tid).eq(newest));
        if !same {
            let old = self.model.trades.get_untracked();
            let rows = view::trades(state, TRADES_SHOWN)
                .map(|t| {
                    old.iter().find(|o| o.tid == t.tid).cloned().unwrap_or_else(|| {
                        let p = format_ticks(t.price, decimals);
                        let a = format_ticks(t.amount, AMOUNT_DECIMALS);
                        TradeRow {
                            tid: t.tid,
                            price_text: fmt.price(&p),
                            amount_text: fmt.amount(&a),
                            price: p,
                            amount: a,
                            time: clock_time(t.date),
                            kind: match t.trade_type {
                                TradeType::Bid => "buy",
                                TradeType::Ask => "sell",
                                TradeType::Unknown => "",
                            },
                        }
                    })
                })
                .collect();
            self.model.trades.set(rows);
        }
    }
}

/// Brings one side's rows to `rows`: an existing price keeps its row (and DOM), whose look
/// changes only if its numbers did; the list itself is set only when the prices changed. A
/// changed amount restarts the row's flash unless it flashed less than [`FLASH_MS`] ago.
fn update_side(
    side: &ArcRwSignal<Vec<Row>>,
    rows: &[DepthRow],
    max: f64,
    price: &impl Fn(i64) -> String,
    fmt: &Fmt,
    now: f64,
) {
    let old = side.get_untracked();
    let mut same_keys = old.len() == rows.len();
    let look = |r: &DepthRow, bar: f64, flash: u32, flash_at: f64| {
        let flashing = now - flash_at < FLASH_MS;
        let amount = format_ticks(r.amount, AMOUNT_DECIMALS);
        RowLook {
            amount_text: fmt.amount(&amount),
            amount,
            amount_ticks: r.amount,
            cumulative: r.cumulative,
            cumulative_text: fmt.amount(&format_ticks(r.cumulative, AMOUNT_DECIMALS)),
            bar,
            flash,
            flash_at,
            flashing,
        }
    };
    let new: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let bar = (r.cumulative as f64 / max * 1000.0).round() / 10.0;
            same_keys &= old.get(i).is_some_and(|o| o.key == r.price);
            match old.iter().find(|o| o.key == r.price) {
                Some(o) => {
                    let next = o.look.with_untracked(|l| {
                        let bump = l.amount_ticks != r.amount && now - l.flash_at >= FLASH_MS;
                        let (flash, flash_at) = if bump { (l.flash + 1, now) } else { (l.flash, l.flash_at) };
                        let same = l.amount_ticks == r.amount
                            && l.cumulative == r.cumulative
                            && l.bar == bar
                            && l.flashing == (now - flash_at < FLASH_MS);
                        (!same).then_some((flash, flash_at))
                    });
                    if let Some((flash, flash_at)) = next {
                        o.look.set(look(r, bar, flash, flash_at));
                    }
                    o.clone()
                }
                None => {
                    let p = price(r.price);
                    Row {
                        key: r.price,
                        price_text: fmt.price(&p),
                        price: p,
                        look: ArcRwSignal::new(look(r, bar, 1, now)),
                    }
                }
            }
        })
        .collect();
    if !same_keys {
        side.set(new);
    }
}
