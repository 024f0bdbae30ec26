//! Mounting the widget: what one mounted widget holds ([`Parts`]: its model and renderer, its
//! place on the page's shared connection and its clock), the component that (re)mounts it for
//! a configuration that may change ([`Configured`]), the standalone page, and [`mount`] for
//! Rust callers that want the renderer in hand (the browser tests).

use std::cell::RefCell;
use std::rc::Rc;

use goxbook_core::Quoted;
use leptos::prelude::*;

use crate::callbacks::{emit, Tell};
use crate::components::Widget;
use crate::config::{Config, ConfigError, Origin};
use crate::events::Reporter;
use crate::format::Fmt;
use crate::hub::{self, Membership};
use crate::model::{Model, Renderer, Status};
use crate::sync::SyncState;
use crate::timers::Interval;

/// A configuration and what is wrong with it.
pub type Settings = (Config, Vec<ConfigError>);

/// Where the page is.
pub fn page_origin() -> Origin {
    let loc = web_sys::window().map(|w| w.location());
    Origin {
        protocol: loc.as_ref().and_then(|l| l.protocol().ok()).unwrap_or_else(|| "http:".into()),
        host: loc.as_ref().and_then(|l| l.host().ok()).unwrap_or_default(),
    }
}

/// What one mounted widget holds. Dropping it leaves the connection (the last widget on a
/// connection closes its socket) and stops the clock.
pub struct Parts {
    membership: Option<Membership>,
    _interval: Option<Interval>,
    pub model: Model,
    pub renderer: Rc<Renderer>,
}

impl Parts {
    /// A widget's state for `cfg`. With configuration errors it shows them and does not
    /// connect; with `connect` false it draws only what the caller feeds its renderer (tests).
    /// Widgets on the same feed URL share one connection and one market (`hub`).
    pub fn start(cfg: &Config, mut errors: Vec<ConfigError>, connect: bool) -> Parts {
        if let Err(e) = Fmt::new(cfg.locale.as_deref(), 2) {
            errors.push(ConfigError { param: "locale", message: e });
        }
        if !cfg!(feature = "analytics") {
            if let Some(p) = cfg.panels.iter().find(|p| !p.in_default_build()) {
                let message =
                    format!("{} is in the analytics build only (this is the default build)", Quoted(p.as_str()));
                errors.push(ConfigError { param: "panels", message });
            }
        }
        let hub = (errors.is_empty() && connect).then(|| hub::hub_for(cfg));
        let sync =
            hub.as_ref().map_or_else(|| Rc::new(RefCell::new(SyncState::new(cfg.currency))), |h| Rc::clone(&h.sync));
        let model = Model::new(cfg);
        let renderer = Renderer::new(cfg, model.clone(), sync);
        if !errors.is_empty() {
            let text = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            model.set_status(Status::Offline, Some(format!("configuration error: {text}")));
        }
        let membership = hub.map(|h| h.join(Rc::clone(&renderer), &cfg.currencies));
        let interval = membership.as_ref().map(|_| {
            let r = Rc::clone(&renderer);
            Interval::new(500, move || r.tick())
        });
        Parts { membership, _interval: interval, model, renderer }
    }

    /// The widget's view.
    fn view(&self, cfg: &Config) -> impl IntoView {
        widget_view(self.model.clone(), Rc::clone(&self.renderer), cfg)
    }
}

/// The widget's root component for `cfg` (to be called under the reactive owner it lives in).
fn widget_view(model: Model, renderer: Rc<Renderer>, cfg: &Config) -> impl IntoView {
    view! { <Widget model renderer theme=cfg.theme.as_str() depth=cfg.depth height=cfg.height.clone()/> }
}

/// A widget's parts on their way out: they leave the connection a microtask later, after a
/// widget mounted in the same turn (new options, the same feed) has joined it, so that the
/// socket stays open and a market already synced shows at once.
struct Leaving(Option<Parts>);

impl Drop for Leaving {
    fn drop(&mut self) {
        if let Some(parts) = self.0.take() {
            if parts.membership.is_some() {
                wasm_bindgen_futures::spawn_local(async move { drop(parts) });
            }
        }
    }
}

/// The widget for settings that may change: a change mounts a widget for the new settings
/// and then unmounts the old one (which leaves its connection after the new one joined it).
///
/// Each widget is mounted by hand (Leptos's `mount_to`, in a slot of our own) rather than
/// returned from a reactive closure: Leptos would then diff the new widget into the old one,
/// which is never wanted here (everything is new) and links a second, diffing copy of every
/// view: +12.5 KB gzip in the default build (BENCHMARKS.md, "Embedding: sizes").
#[component]
pub fn Configured(
    /// The configuration and what is wrong with it (read tracked: a change re-mounts). A
    /// plain function, so that each caller links only its own kind of signal.
    settings: Rc<dyn Fn() -> Settings>,
    /// Told of the status, the ticker and the trades.
    tell: Option<Rc<dyn Tell>>,
) -> impl IntoView {
    let slot = NodeRef::<leptos::html::Div>::new();
    // What was told, across re-mounts: a change of settings does not tell the same again.
    let reporter = Rc::new(RefCell::new(Reporter::default()));
    // The effect's value is the widget mounted: replaced on a change, dropped (unmounted) with
    // this component.
    Effect::new(move |old: Option<Option<Box<dyn std::any::Any>>>| {
        let slot: web_sys::HtmlElement = slot.get()?.into();
        let (cfg, errors) = settings();
        let (reporter, tell) = (Rc::clone(&reporter), tell.clone());
        let mounted = untrack(|| {
            leptos::mount::mount_to(slot, move || {
                let parts = Parts::start(&cfg, errors, true);
                let told = tell.map(|tell| emit(&parts.renderer, &tell, &reporter));
                let view = parts.view(&cfg);
                // Dropped with this widget's reactive owner, when it is unmounted.
                StoredValue::new_local((told, Leaving(Some(parts))));
                view
            })
        });
        drop(old);
        Some(Box::new(mounted) as Box<dyn std::any::Any>)
    });
    // The strut (style.css) gives the widget its width where the page sizes it by its content.
    view! {
        <div class="gx-mount" node_ref=slot>
            <div class="gx-strut" aria-hidden="true"></div>
        </div>
    }
}

/// The standalone page: configured by its query string, mounted on `<body>`.
pub fn mount_standalone() {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let settings = Config::from_query(&query, &page_origin());
    leptos::mount::mount_to_body(move || view! { <Configured settings=Rc::new(move || settings.clone()) tell=None/> });
}

/// A widget mounted by [`mount`]: dropping it or [`WidgetHandle::destroy`] unmounts it and
/// leaves its connection (the last widget on a connection closes its socket).
pub struct WidgetHandle {
    _mounted: Box<dyn std::any::Any>,
    _parts: Parts,
    /// What draws the widget from its market (tests feed it and draw at once).
    pub renderer: Rc<Renderer>,
}

impl WidgetHandle {
    pub fn destroy(self) {}
}

/// Mounts a widget in `parent` (Leptos's `mount_to`) for a configuration that does not
/// change. With `connect` false it draws only what the caller feeds its renderer.
pub fn mount(parent: web_sys::HtmlElement, cfg: Config, errors: Vec<ConfigError>, connect: bool) -> WidgetHandle {
    let parts = Parts::start(&cfg, errors, connect);
    let (model, renderer) = (parts.model.clone(), Rc::clone(&parts.renderer));
    // Built inside mount_to: the components run under its reactive owner.
    let mounted = leptos::mount::mount_to(parent, move || widget_view(model, renderer, &cfg));
    WidgetHandle { _mounted: Box::new(mounted), renderer: Rc::clone(&parts.renderer), _parts: parts }
}
