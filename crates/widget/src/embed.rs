//! Embedding: the widget in any element of any page, for `goxbook.js` (the script tag: the
//! `data-goxbook` elements and `<goxbook-widget>`) and the npm package's `mount`.
//!
//! Each embedding mounts the public component's own [`Configured`] (what `GoxbookWidget` is
//! made of) with Leptos's `mount_to`, its settings a signal that `update` sets and its
//! callbacks dispatching the events: one widget, every way in.
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

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::{Currency, Scales};
use js_sys::Array;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::app::{page_origin, Configured, Settings};
use crate::callbacks::Tell;
use crate::config::{Config, ConfigError};
use crate::events::{self, StatusChange, TickerChange, TradeEvent};
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
    shown: Option<Settings>,
    mounted: Option<Mounted>,
}

/// The widget in the shadow root: the settings it follows, its element, and Leptos's handle
/// (dropping it unmounts the widget, which then leaves its connection).
struct Mounted {
    settings: RwSignal<Settings, LocalStorage>,
    container: HtmlElement,
    _handle: Box<dyn Any>,
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
    let mut w = Embedded { host: element, root, naming, options: Options::default(), shown: None, mounted: None };
    w.update(options)?;
    Ok(w)
}

#[wasm_bindgen(js_class = WidgetHandle)]
impl Embedded {
    /// Applies new options over those given before: an option not named keeps its value,
    /// one given `null` or `undefined` goes back to its default. An unknown name is a console
    /// warning naming the closest option. The widget follows the new settings as
    /// `GoxbookWidget` follows its props: the new widget joins the connection before the old
    /// one leaves it, so a connection still in use stays open and a market already synced
    /// shows at once; options that change nothing leave the widget as it is.
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
        if self.mounted.is_some() && self.shown.as_ref() == Some(&settings) {
            return Ok(());
        }
        self.shown = Some(settings.clone());
        match &self.mounted {
            Some(m) => m.settings.set(settings),
            None => self.mounted = Some(self.mount(settings)?),
        }
        Ok(())
    }

    /// Unmounts the widget and leaves its connection (the last widget on a connection
    /// closes its socket). The element and its (empty) shadow root stay; `update` mounts a
    /// widget again.
    pub fn destroy(&mut self) {
        if let Some(Mounted { container, _handle, .. }) = self.mounted.take() {
            drop(_handle);
            container.remove();
        }
        self.shown = None;
    }

    fn mount(&self, settings: Settings) -> Result<Mounted, JsValue> {
        let doc = self.root.owner_document().ok_or("the element has no document")?;
        let container: HtmlElement = doc.create_element("div")?.unchecked_into();
        container.set_class_name("gx-embed");
        self.root.append_child(&container)?;
        let settings = RwSignal::new_local(settings);
        let tell: Rc<dyn Tell> = Rc::new(Host(self.host.clone()));
        let handle = leptos::mount::mount_to(container.clone(), move || {
            view! { <Configured settings=Rc::new(move || settings.get()) tell=Some(tell)/> }
        });
        Ok(Mounted { settings, container, _handle: Box::new(handle) })
    }
}

/// The host element, told what the widget tells: it dispatches the events.
struct Host(Element);

impl Tell for Host {
    fn listens(&self) -> [bool; 3] {
        [true; 3]
    }
    fn status(&self, change: StatusChange) {
        events::status(&self.0, &change);
    }
    fn ticker(&self, change: TickerChange) {
        events::ticker(&self.0, &change);
    }
    fn trade(&self, trade: TradeEvent) {
        events::trade(&self.0, &trade);
    }
}

/// How many connections (websockets) the page's widgets have open.
#[wasm_bindgen(js_name = connections)]
pub fn connections() -> usize {
    crate::hub::connections()
}
