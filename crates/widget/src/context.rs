//! What every component of one widget reads through Leptos's context: its model, and the
//! renderer that fills it (the components in `components` and the panels' in `panels`).

use std::rc::Rc;

use goxbook_core::Currency;
use leptos::prelude::*;

use crate::model::{Model, Renderer};

/// What every component of one widget shares: its model, and the renderer that fills it.
#[derive(Clone)]
pub struct Ctx {
    pub model: Model,
    /// Not `Send` (the market is shared by `Rc`): kept in the reactive arena, on this thread.
    renderer: StoredValue<Rc<Renderer>, LocalStorage>,
}

impl Ctx {
    pub fn new(model: Model, renderer: Rc<Renderer>) -> Ctx {
        Ctx { model, renderer: StoredValue::new_local(renderer) }
    }

    /// Asks the renderer for a frame (after the reader changed an input).
    pub fn redraw(&self) {
        self.renderer.with_value(|r| r.schedule());
    }

    /// Shows another subscribed currency (no reconnect, no snapshot).
    pub fn switch(&self, currency: Currency) {
        self.renderer.with_value(|r| r.switch_currency(currency));
    }
}

/// The widget's context (every component below [`Widget`] has one).
pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}
