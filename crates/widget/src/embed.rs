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
//! checked by [`Config::from_pairs`]; in an embedding a currency must also be one MtGox
//! listed (several widgets share a connection, whose URL names every currency). A bad option
//! is a visible error in that widget only, and a console warning naming the attribute or
//! option as the page wrote it.

use std::cell::RefCell;

use goxbook_core::{Currency, Scales};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

use leptos::prelude::*;

use crate::app::{page_origin, Configured};
use crate::config::{Config, ConfigError};

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

/// How the page named the options, for the warnings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// `data-currency` on a `[data-goxbook]` element.
    Data,
    /// `currency` on `<goxbook-widget>`.
    Attribute,
    /// `{ currency }` given to `mount`.
    Option,
}

impl Naming {
    fn parse(s: Option<String>) -> Naming {
        match s.as_deref() {
            Some("data") => Naming::Data,
            Some("attribute") => Naming::Attribute,
            _ => Naming::Option,
        }
    }

    fn name(self, param: &str) -> String {
        match self {
            Naming::Data => format!("data-{param}"),
            Naming::Attribute => param.to_string(),
            Naming::Option => format!("options.{}", camel(param)),
        }
    }
}

/// "vwap-amount" → "vwapAmount".
fn camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = false;
    for c in s.chars() {
        if c == '-' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// "vwapAmount" → "vwap-amount"; "vwap-amount" stays.
fn kebab(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The options object as `(key, value)` pairs: strings as they are, numbers and booleans as
/// text, arrays joined with commas; `undefined` and `null` are left out.
fn pairs(options: &JsValue) -> Result<Vec<(String, String)>, ConfigError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Vec::new());
    }
    let Some(obj) = options.dyn_ref::<Object>() else {
        return Err(ConfigError { param: "options", message: "not an object".into() });
    };
    let mut out = Vec::new();
    for entry in Object::entries(obj).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        let text = if value.is_undefined() || value.is_null() {
            continue;
        } else if let Some(s) = value.as_string() {
            s
        } else if value.as_f64().is_some() {
            // JavaScript's own number text (no float formatting code in the wasm).
            value.unchecked_ref::<js_sys::Number>().to_string_with_radix(10).map(String::from).unwrap_or_default()
        } else if let Some(b) = value.as_bool() {
            b.to_string()
        } else if let Some(a) = value.dyn_ref::<Array>() {
            a.iter().map(|v| v.as_string().unwrap_or_default()).collect::<Vec<_>>().join(",")
        } else {
            String::new()
        };
        out.push((kebab(&key), text));
    }
    Ok(out)
}

/// The settings of an embedded widget, and what is wrong with them.
fn settings(options: &JsValue) -> (Config, Vec<ConfigError>) {
    let origin = page_origin();
    let (pairs, mut errors) = match pairs(options) {
        Ok(p) => (p, Vec::new()),
        Err(e) => (Vec::new(), vec![e]),
    };
    let (cfg, more) = Config::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &origin);
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
    naming: Naming,
    /// The settings the mounted `Configured` widget follows: `update` sets them.
    settings: ArcRwSignal<(Config, Vec<ConfigError>)>,
    /// The container in the shadow root, and Leptos's handle of what is mounted in it.
    mounted: Option<(HtmlElement, Box<dyn std::any::Any>)>,
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
    let naming = Naming::parse(naming);
    let settings = ArcRwSignal::new(checked(&options, naming));
    // Leptos mounts in an element: a container in the shadow root.
    let doc = root.owner_document().ok_or("the element has no document")?;
    let container: HtmlElement = doc.create_element("div")?.unchecked_into();
    container.set_class_name("gx-embed");
    root.append_child(&container)?;
    let follow = Signal::from(settings.clone());
    let mounted = leptos::mount::mount_to(container.clone(), move || view! { <Configured settings=follow/> });
    Ok(Embedded { naming, settings, mounted: Some((container, Box::new(mounted))) })
}

/// The settings of `options`, each problem also a console warning naming the option as the
/// page wrote it.
fn checked(options: &JsValue, naming: Naming) -> (Config, Vec<ConfigError>) {
    let (cfg, errors) = settings(options);
    for e in &errors {
        web_sys::console::warn_1(&format!("goxbook: {}: {}", naming.name(e.param), e.message).into());
    }
    (cfg, errors)
}

#[wasm_bindgen(js_class = WidgetHandle)]
impl Embedded {
    /// Applies new options: the widget is mounted again for them, and the old one leaves its
    /// connection after the new one joined it (the socket stays open on the same feed, and
    /// a market already synced shows at once).
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        if self.mounted.is_some() {
            self.settings.set(checked(&options, self.naming));
        }
        Ok(())
    }

    /// Unmounts the widget and leaves its connection (the last widget on a connection
    /// closes its socket). The element and its (empty) shadow root stay.
    pub fn destroy(&mut self) {
        if let Some((container, mounted)) = self.mounted.take() {
            drop(mounted);
            container.remove();
        }
    }
}

/// How many connections (websockets) the page's widgets have open.
#[wasm_bindgen(js_name = connections)]
pub fn connections() -> usize {
    crate::hub::connections()
}
