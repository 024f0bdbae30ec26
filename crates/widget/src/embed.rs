//! Embedding: the widget in any element of any page, for `goxbook.js` (the script tag: the
//! `data-goxbook` elements and `<goxbook-widget>`) and the npm package's `mount`.
//!
//! Each widget lives in an open shadow root of its element: the page's CSS cannot reach its
//! inside and its CSS cannot leak out. One constructable stylesheet (the widget's CSS, built
//! into the wasm) is adopted by every shadow root, so the page parses it once and no `<style>`
//! element or style attribute is ever written (strict CSP). Colours and font still come from
//! the page through the `--goxbook-*` custom properties, which inherit into shadow trees.
//!
//! Options are the widget's settings (README: `feed`, `api`, `currency`, `panels`, `theme` …),
//! read with serde-wasm-bindgen and merged over those given before ([`crate::options`]), then
//! checked by [`Config::from_pairs`]; in an embedding a currency must also be one MtGox
//! listed (several widgets share a connection, whose URL names every currency). A bad option
//! is a visible error in that widget only, and a console warning naming the attribute or
//! option as the page wrote it. The host element dispatches the widget's events
//! ([`crate::events`]).

use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::{Currency, Scales};
use js_sys::Array;
use reactive_graph::effect::RenderEffect;
use reactive_graph::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::app::{mount, page_origin, WidgetHandle};
use crate::config::{Config, ConfigError};
use crate::events::{self, Reporter, StatusDetail, TickerDetail, TradeDetail};
use crate::model::{Renderer, Status};
use crate::options::{unknown_warning, Naming, Options};

/// The widget's CSS and the shadow root's own rules, minified at compile time.
const CSS: &str = crate::minified_css!(concat!(include_str!("../style.css"), include_str!("../embed.css")));

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The page's one stylesheet for every widget, built on first use.
fn sheet() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|s| {
        if let Some(sheet) = s.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(CSS)?;
        *s.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

/// The settings of an embedded widget, and what is wrong with them.
fn settings(options: &Options) -> (Config, Vec<ConfigError>) {
    let origin = page_origin();
    let (pairs, mut errors) = options.pairs();
    let (cfg, more) = Config::from_pairs(pairs, &origin);
    errors.extend(more);
    // A shared connection names every currency in its URL: one the feed cannot know would
    // refuse it for every widget on it.
    let scales = Scales::default();
    for &c in &cfg.currencies {
        if scales.decimals(c).is_none() {
            let param = if c == cfg.currency { "currency" } else { "currencies" };
            errors
                .push(ConfigError { param, message: format!("\"{c}\" is not a MtGox currency ({})", known(&scales)) });
        }
    }
    (cfg, errors)
}

fn known(scales: &Scales) -> String {
    let mut list = String::new();
    for (c, _) in scales.iter().filter(|(c, _)| *c != Currency::BTC) {
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push_str(c.as_str());
    }
    list
}

/// A widget mounted by JavaScript: `update(options)` and `destroy()`.
#[wasm_bindgen(js_name = WidgetHandle)]
pub struct Embedded {
    /// The element mounted in: where the events are dispatched.
    host: Element,
    root: ShadowRoot,
    naming: Naming,
    /// Every option given so far (`update` merges over them).
    options: Options,
    /// The settings the widget shown was mounted with.
    shown: Option<(Config, Vec<ConfigError>)>,
    current: Option<(HtmlElement, WidgetHandle, Reporting)>,
    /// What the events have said, across updates (a trade is reported once, whatever was
    /// re-mounted meanwhile).
    reporter: Rc<RefCell<Reporter>>,
}

/// Mounts a widget in `element` (in its shadow root, attached if it has none). `naming` is
/// how the page named the options, for the warnings: "data" (`data-*` attributes),
/// "attribute" (`<goxbook-widget>`) or "option" (the default).
#[wasm_bindgen(js_name = mount)]
pub fn embed(element: Element, options: JsValue, naming: Option<String>) -> Result<Embedded, JsValue> {
    let root = match element.shadow_root() {
        Some(root) => root,
        None => match element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
            Ok(root) => root,
            // Not every element can have a shadow root (<a>, <ul> …): a child that can.
            Err(_) => {
                let doc = element.owner_document().ok_or("the element has no document")?;
                let child = doc.create_element("div")?;
                element.append_child(&child)?;
                child.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?
            }
        },
    };
    let sheet: JsValue = sheet()?.into();
    root.set_adopted_style_sheets(&Array::of1(&sheet));
    let naming = Naming::parse(naming.as_deref());
    let mut w = Embedded {
        host: element,
        root,
        naming,
        options: Options::default(),
        shown: None,
        current: None,
        reporter: Rc::default(),
    };
    w.update(options)?;
    Ok(w)
}

#[wasm_bindgen(js_class = WidgetHandle)]
impl Embedded {
    /// Applies new options over those given before: an option not named keeps its value,
    /// one given `null` or `undefined` goes back to its default. An unknown name is a console
    /// warning naming the closest option. The new widget is mounted before the old one
    /// leaves, so a connection still in use stays open, and a market already synced shows at
    /// once; options that change nothing leave the widget as it is.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        let (given, unreadable) = match crate::options::read(&options) {
            Ok(given) => (given, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        for key in self.options.merge(given) {
            web_sys::console::warn_1(&unknown_warning(&key, self.naming).into());
        }
        let (cfg, mut errors) = settings(&self.options);
        errors.splice(0..0, unreadable);
        // Each bad option once: not again on every later update that leaves it as it was.
        let warned = self.shown.as_ref().map_or(&[][..], |(_, e)| e.as_slice());
        for e in errors.iter().filter(|e| !warned.contains(e)) {
            web_sys::console::warn_1(&format!("goxbook: {}: {}", self.naming.name(e.param), e.message).into());
        }
        let settings = (cfg, errors);
        if self.current.is_some() && self.shown.as_ref() == Some(&settings) {
            return Ok(());
        }
        let (cfg, errors) = settings.clone();
        self.shown = Some(settings);
        let doc = self.root.owner_document().ok_or("the element has no document")?;
        let container: HtmlElement = doc.create_element("div")?.unchecked_into();
        container.set_class_name("gx-embed");
        self.root.append_child(&container)?;
        let height = cfg.height.clone();
        let handle = mount(container.clone(), cfg, errors, true);
        height_hook(&container, height.as_deref());
        let reporting = report(&self.host, &handle.renderer, &self.reporter);
        if let Some((old, handle, reporting)) = self.current.replace((container, handle, reporting)) {
            drop(reporting);
            drop(handle);
            old.remove();
        }
        Ok(())
    }

    /// Unmounts the widget and leaves its connection (the last widget on a connection
    /// closes its socket). The element and its (empty) shadow root stay.
    pub fn destroy(&mut self) {
        if let Some((container, handle, reporting)) = self.current.take() {
            drop(reporting);
            drop(handle);
            container.remove();
        }
        self.shown = None;
    }
}

// ---- Hooks of issue 12 (items 4, 5) into today's widget (app.rs, model.rs). When the widget
// is the GoxbookWidget component, it sets `data-height` and `--gx-height` on its root itself and
// its on_status / on_ticker / on_trade callbacks call events::{status, ticker, trade}; these two
// functions then go.

/// The `height` option: `data-height` and the custom property `--gx-height` on the widget's root
/// (style.css: the widget takes that height and its book and trades scroll). Set through the
/// CSSOM, which no CSP forbids.
fn height_hook(container: &HtmlElement, height: Option<&str>) {
    let Some((root, height)) = container.first_element_child().zip(height) else { return };
    let Ok(root) = root.dyn_into::<HtmlElement>() else { return };
    let _ = root.set_attribute("data-height", "");
    let _ = root.style().set_property("--gx-height", height);
}

/// The effects that report a widget's status, ticker and trades as events at `host` (kept, not
/// read: dropping them stops the reports).
struct Reporting(#[allow(dead_code)] Vec<RenderEffect<()>>);

fn report(host: &Element, renderer: &Rc<Renderer>, reporter: &Rc<RefCell<Reporter>>) -> Reporting {
    let m = &renderer.model;
    let (status, message, currency) = (m.status.clone(), m.message.clone(), m.currency.clone());
    let (h, r) = (host.clone(), Rc::clone(reporter));
    let on_status = effect(Box::new(move || {
        let detail = StatusDetail {
            status: status.get().as_str(),
            message: message.get(),
            currency: currency.get().to_string(),
        };
        if let Some(d) = r.borrow_mut().status(detail) {
            events::status(&h, &d);
        }
    }));
    let (ticker, currency) = (m.ticker.clone(), m.currency.clone());
    let (h, r) = (host.clone(), Rc::clone(reporter));
    let on_ticker = effect(Box::new(move || {
        let fields: [Option<String>; 9] =
            ticker.with(|t| std::array::from_fn(|i| t.get(i).and_then(|f| f.exact.clone())));
        if let Some(d) = r.borrow_mut().ticker(TickerDetail::new(currency.get(), fields)) {
            events::ticker(&h, &d);
        }
    }));
    // The model's trade rows say when to look; the tape says what was traded (with its date).
    let (trades, status, currency) = (m.trades.clone(), m.status.clone(), m.currency.clone());
    let (h, r, renderer) = (host.clone(), Rc::clone(reporter), Rc::clone(renderer));
    let on_trades = effect(Box::new(move || {
        trades.track();
        let (live, currency) = (status.get() == Status::Live, currency.get());
        let Ok(sync) = renderer.sync.try_borrow() else { return };
        let Some(state) = sync.market.get(currency) else { return };
        for t in r.borrow_mut().trades(currency, live, crate::view::trades(state, usize::MAX)) {
            events::trade(&h, &TradeDetail::new(currency, state.decimals, t));
        }
    }));
    Reporting(vec![on_status, on_ticker, on_trades])
}

/// One instantiation of a render effect for the three.
fn effect(mut f: Box<dyn FnMut()>) -> RenderEffect<()> {
    RenderEffect::new(move |_| f())
}

/// How many connections (websockets) the page's widgets have open.
#[wasm_bindgen(js_name = connections)]
pub fn connections() -> usize {
    crate::hub::connections()
}
