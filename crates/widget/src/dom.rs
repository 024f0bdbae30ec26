//! The widget's DOM: elements made with the browser's own calls, kept current by Leptos
//! render effects (fine-grained: an effect reruns when a signal it read changes, and writes
//! only the node it owns, only if the value differs).
//!
//! Why not `view!`: tachys monomorphizes a build/rebuild/unmount for every distinct view type,
//! which was ≈ 100 KB of the widget's gzipped wasm (BENCHMARKS.md, "Widget size"); the same
//! DOM made here costs a few KB. Every effect goes through one [`RenderEffect<()>`], every
//! event handler through one `Closure<dyn FnMut(Event)>`: one instantiation each.
//!
//! Server strings only ever reach the DOM as text ([`Keep::text`], `textContent`) or as
//! attribute values; markup ([`html`]) is only ever this crate's own constants.

use reactive_graph::effect::RenderEffect;
use reactive_graph::owner::Owner;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget};

thread_local! {
    static DOC: Document = web_sys::window().and_then(|w| w.document()).expect("a document");
}

/// A new `<tag class=…>` (no class attribute when `class` is empty).
pub fn el(tag: &str, class: &str) -> Element {
    let e = DOC.with(|d| d.create_element(tag)).expect("create_element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// `el` appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str) -> Element {
    let e = el(tag, class);
    append(parent, &e);
    e
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// A `<tag class=…>text</tag>` appended to `parent`.
pub fn text_child(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let e = child(parent, tag, class);
    e.set_text_content(Some(text));
    e
}

/// Appends a text node.
pub fn text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

pub fn attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Sets or removes (None) an attribute.
pub fn set_opt(el: &Element, name: &str, value: Option<&str>) {
    match value {
        Some(v) => attr(el, name, v),
        None => {
            let _ = el.remove_attribute(name);
        }
    }
}

/// The element `selector` picks in `root`, in this crate's own markup (so it is there).
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).ok().flatten().expect("own markup")
}

/// Appends static markup: this crate's own constants only, never a server or user string.
/// An `<svg>` in it is parsed into the SVG namespace, its children too.
pub fn html(parent: &Element, markup: &'static str) {
    let _ = parent.insert_adjacent_html("beforeend", markup);
}

/// An event listener, removed when its `Keep` is dropped.
type Handler = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

/// What keeps a piece of the widget live: its effects and its event handlers. Dropping it
/// stops the effects and removes the handlers (so no closure is called after it is freed).
#[derive(Default)]
pub struct Keep {
    effects: Vec<RenderEffect<()>>,
    handlers: Vec<Handler>,
}

// The generic methods only box their closure: everything else is one instantiation (each
// binding site costs its closure's body and little more).
impl Keep {
    /// Runs `f` now and again whenever a signal it read changes.
    pub fn effect(&mut self, f: impl FnMut() + 'static) {
        self.effects.push(effect(Box::new(f)));
    }

    /// Keeps `node`'s text at `f()`.
    pub fn text(&mut self, node: &Element, f: impl Fn() -> String + 'static) {
        self.text_dyn(node.clone(), Box::new(f));
    }

    fn text_dyn(&mut self, node: Element, f: Box<dyn Fn() -> String>) {
        let mut last: Option<String> = None;
        self.effects.push(effect(Box::new(move || {
            let s = f();
            if last.as_ref() != Some(&s) {
                node.set_text_content(Some(&s));
                last = Some(s);
            }
        })));
    }

    /// Keeps attribute `name` at `f()` (None: absent).
    pub fn attr(&mut self, el: &Element, name: &'static str, f: impl Fn() -> Option<String> + 'static) {
        self.attr_dyn(el.clone(), name, Box::new(f));
    }

    fn attr_dyn(&mut self, el: Element, name: &'static str, f: Box<dyn Fn() -> Option<String>>) {
        let mut last: Option<Option<String>> = None;
        self.effects.push(effect(Box::new(move || {
            let v = f();
            if last.as_ref() != Some(&v) {
                set_opt(&el, name, v.as_deref());
                last = Some(v);
            }
        })));
    }

    /// Keeps the boolean attribute `name` (`hidden`, `selected` …) present exactly when `f()`.
    pub fn flag(&mut self, el: &Element, name: &'static str, f: impl Fn() -> bool + 'static) {
        self.flag_dyn(el.clone(), name, Box::new(f));
    }

    fn flag_dyn(&mut self, el: Element, name: &'static str, f: Box<dyn Fn() -> bool>) {
        let mut last: Option<bool> = None;
        self.effects.push(effect(Box::new(move || {
            let v = f();
            if last != Some(v) {
                set_opt(&el, name, v.then_some(""));
                last = Some(v);
            }
        })));
    }

    /// Calls `f` on every `event` at `target`, until this is dropped.
    pub fn on(&mut self, target: &EventTarget, event: &'static str, f: impl FnMut(Event) + 'static) {
        self.on_dyn(target.clone(), event, Box::new(f));
    }

    fn on_dyn(&mut self, target: EventTarget, event: &'static str, f: Box<dyn FnMut(Event)>) {
        let f = Closure::wrap(f);
        let _ = target.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        self.handlers.push((target, event, f));
    }
}

impl Drop for Keep {
    fn drop(&mut self) {
        for (target, event, f) in self.handlers.drain(..) {
            let _ = target.remove_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        }
    }
}

/// The one instantiation of a render effect. Its owner is a root of its own, not a child of
/// the effect (a book side, a list) that made it: an owner keeps a reference to every child
/// it ever had, i.e. a dead one per row ever shown. Nothing here reads a context.
fn effect(mut f: Box<dyn FnMut()>) -> RenderEffect<()> {
    let parent = Owner::current();
    if let Some(p) = parent.clone() {
        p.unset();
    }
    let e = RenderEffect::new(move |_| f());
    if let Some(p) = parent {
        p.set();
    }
    e
}

/// The value of the `<input>` or `<select>` an event came from.
pub fn target_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
