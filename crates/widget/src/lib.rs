//! goxbook-widget: a real-time MtGox ticker, order book and time & sales for the browser, as
//! Leptos components: [`GoxbookWidget`] in any Leptos 0.8 app, and the same widget behind the
//! script tag, the custom element, the npm package's `mount` ([`embed`]) and the trunk page.
//!
//! goxbook-core runs inside the wasm: every websocket frame and HTTP body goes straight from
//! its text into the core's [`Market`](goxbook_core::Market), with no round trip through JS
//! objects, and the view reads the core's book directly. What is shown is Leptos signals,
//! filled at most once per animation frame however many messages arrived, and drawn by
//! components written with `view!`. It never renders a server string as markup. It sets no
//! global allocator: the npm and script-tag builds link goxbook-alloc (feature `embed-alloc`).
//!
//! The pure parts — settings ([`config`]), the JS options merged into them ([`options`]), what
//! the host element's events report ([`events`]), reconnect delays ([`backoff`]), the sync
//! bookkeeping ([`sync`]), the rows shown ([`view`]) and the panels' numbers — build and test
//! natively; the browser parts exist on wasm32 only. The analytics panels' components are in
//! the `analytics` build only (a cargo feature).

pub mod backoff;
pub mod config;
pub mod css;
pub mod events;
pub mod num;
pub mod options;
pub mod panels;
pub mod sync;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod callbacks;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod context;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
mod feed;
#[cfg(target_arch = "wasm32")]
mod format;
#[cfg(target_arch = "wasm32")]
pub mod hub;
#[cfg(target_arch = "wasm32")]
mod model;
#[cfg(target_arch = "wasm32")]
mod timers;
#[cfg(target_arch = "wasm32")]
mod widget;

#[cfg(target_arch = "wasm32")]
pub use app::{mount, mount_standalone, WidgetHandle};
#[cfg(target_arch = "wasm32")]
pub use callbacks::Events;
pub use events::{Status, StatusChange, TickerChange, TradeEvent};
#[cfg(target_arch = "wasm32")]
pub use model::Model;
#[cfg(target_arch = "wasm32")]
pub use widget::GoxbookWidget;

pub use config::{Config, ConfigError, Origin};

// The size-class allocator instead of dlmalloc, as in the core-only package (linking it is
// enough): 3.3 KB less gzip (BENCHMARKS.md, "Embedding: sizes"). Only in the builds we ship
// ourselves (npm, script tag, trunk page): a Leptos app using the crate keeps its own.
#[cfg(all(target_arch = "wasm32", feature = "embed-alloc"))]
use goxbook_alloc as _;
