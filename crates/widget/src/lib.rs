//! goxbook-widget: a real-time MtGox ticker, order book and time & sales for the browser.
//!
//! goxbook-core runs inside the wasm: every websocket frame and HTTP body goes straight from
//! its text into the core's [`Market`](goxbook_core::Market), with no round trip through JS
//! objects, and the view reads the core's book directly. What is shown is Leptos signals,
//! filled at most once per animation frame however many messages arrived; Leptos render
//! effects write them into DOM made by `dom.rs` (no `view!`: its per-view code does not fit
//! the size budget). It never renders a server string as markup.
//!
//! The pure parts — settings ([`config`]), the JS options merged into them ([`options`]), what
//! the host element's events report ([`events`]), reconnect delays ([`backoff`]), the sync
//! bookkeeping ([`sync`]) and the rows shown ([`view`]) — build and test natively; the
//! browser parts exist on wasm32 only.

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
mod dom;
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
pub use app::{mount, mount_standalone, WidgetHandle};
#[cfg(target_arch = "wasm32")]
pub use model::{Model, Status};

pub use config::{Config, ConfigError, Origin};

// The size-class allocator instead of dlmalloc, as in the core-only package (linking it is
// enough): 3.3 KB less gzip (BENCHMARKS.md, "Embedding: sizes").
#[cfg(target_arch = "wasm32")]
use goxbook_alloc as _;
