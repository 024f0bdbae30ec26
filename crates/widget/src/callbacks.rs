//! What a widget tells its host, as Leptos callbacks: the `on_status`, `on_ticker` and
//! `on_trade` props of `GoxbookWidget` (the embeddings' callbacks dispatch `goxbook:*` DOM
//! events), run by effects on the widget's model. What is news is [`Reporter`]'s rule, the
//! same for every way in.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use reactive_graph::effect::RenderEffect;

use crate::events::{Reporter, StatusChange, TickerChange, TradeEvent};
use crate::model::{Renderer, Status};

/// The callbacks of `GoxbookWidget` (each runs outside the widget's reactive tracking).
#[derive(Clone, Copy, Default)]
pub struct Events {
    pub on_status: Option<Callback<StatusChange>>,
    pub on_ticker: Option<Callback<TickerChange>>,
    pub on_trade: Option<Callback<TradeEvent>>,
}

/// Whom a widget tells: `GoxbookWidget`'s callbacks ([`Events`]), or an embedding's host
/// element (its events; no Leptos callbacks linked into the embeddable build). Told inside the
/// widget's effects: whoever reads signals there reads them untracked.
pub trait Tell {
    /// Which of status, ticker and trades it listens to (only those are watched).
    fn listens(&self) -> [bool; 3];
    fn status(&self, change: StatusChange);
    fn ticker(&self, change: TickerChange);
    fn trade(&self, trade: TradeEvent);
}

impl Tell for Events {
    fn listens(&self) -> [bool; 3] {
        [self.on_status.is_some(), self.on_ticker.is_some(), self.on_trade.is_some()]
    }
    // Untracked: a callback that reads a signal does not make the widget's effect depend on it.
    fn status(&self, change: StatusChange) {
        if let Some(cb) = self.on_status {
            untrack(|| cb.run(change));
        }
    }
    fn ticker(&self, change: TickerChange) {
        if let Some(cb) = self.on_ticker {
            untrack(|| cb.run(change));
        }
    }
    fn trade(&self, trade: TradeEvent) {
        if let Some(cb) = self.on_trade {
            untrack(|| cb.run(trade));
        }
    }
}

/// Tells `tell` of the widget drawn by `renderer` as it changes (effects of the current
/// reactive owner). `reporter` is what was told before, kept across
/// re-mounts of one widget: a status, a ticker or a trade already told is not told again.
pub(crate) fn emit(renderer: &Rc<Renderer>, tell: &Rc<dyn Tell>, reporter: &Rc<RefCell<Reporter>>) -> Told {
    let m = &renderer.model;
    let mut effects = Vec::new();
    let [status_, ticker_, trades_] = tell.listens();
    if status_ {
        let (status, message, currency) = (m.status.clone(), m.message.clone(), m.currency.clone());
        let (r, tell) = (Rc::clone(reporter), Rc::clone(tell));
        effects.push(effect(Box::new(move || {
            let change = StatusChange { status: status.get(), message: message.get(), currency: currency.get() };
            if let Some(change) = r.borrow_mut().status(change) {
                tell.status(change);
            }
        })));
    }
    if ticker_ {
        let (ticker, currency) = (m.ticker.clone(), m.currency.clone());
        let (r, tell) = (Rc::clone(reporter), Rc::clone(tell));
        effects.push(effect(Box::new(move || {
            let fields: [Option<String>; 9] =
                ticker.with(|t| std::array::from_fn(|i| t.get(i).and_then(|f| f.exact.clone())));
            if let Some(change) = r.borrow_mut().ticker(TickerChange::new(currency.get(), fields)) {
                tell.ticker(change);
            }
        })));
    }
    if trades_ {
        // The model's trade rows say when to look; the tape says what was traded (with its date).
        let (trades, status, currency) = (m.trades.clone(), m.status.clone(), m.currency.clone());
        let (r, renderer, tell) = (Rc::clone(reporter), Rc::clone(renderer), Rc::clone(tell));
        effects.push(effect(Box::new(move || {
            trades.track();
            let (live, currency) = (status.get() == Status::Live, currency.get());
            let Ok(sync) = renderer.sync.try_borrow() else { return };
            let Some(state) = sync.market.get(currency) else { return };
            let new = r.borrow_mut().trades(currency, live, crate::view::trades(state, usize::MAX)).into_iter();
            let new: Vec<TradeEvent> = new.map(|t| TradeEvent::new(currency, state.decimals, t)).collect();
            drop(sync);
            new.into_iter().for_each(|t| tell.trade(t));
        })));
    }
    Told(effects)
}

/// The effects that tell (kept, not read: dropping them stops the telling).
pub(crate) struct Told(#[allow(dead_code)] Vec<RenderEffect<()>>);

/// One instantiation of a render effect for the three (smaller wasm).
fn effect(mut f: Box<dyn FnMut()>) -> RenderEffect<()> {
    RenderEffect::new(move |_| f())
}
