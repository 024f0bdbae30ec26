//! The browser's timers for the widget: a repaint callback, an interval and a sleep, each
//! cancelled when dropped (nothing calls into freed closures).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// The globals themselves: no `window` lookup, and one binding each.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = requestAnimationFrame)]
    fn request_animation_frame(f: &JsValue) -> i32;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &js_sys::Function, ms: i32) -> i32;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: i32);
    #[wasm_bindgen(js_name = setInterval)]
    fn set_interval(f: &JsValue, ms: i32) -> i32;
    #[wasm_bindgen(js_name = clearInterval)]
    fn clear_interval(id: i32);
}

/// Calls `f` before the browser's next repaint.
pub fn next_frame(f: impl FnOnce() + 'static) {
    request_animation_frame(&Closure::once_into_js(f));
}

/// A `setInterval`, cleared when dropped.
pub struct Interval {
    id: i32,
    _f: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn new(ms: i32, f: impl FnMut() + 'static) -> Interval {
        let f: Closure<dyn FnMut()> = Closure::wrap(Box::new(f));
        Interval { id: set_interval(f.as_ref(), ms), _f: f }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        clear_interval(self.id);
    }
}

/// Resolves `ms` milliseconds after it is made; dropping it clears the timeout.
pub struct Sleep {
    id: i32,
    done: JsFuture,
}

impl Sleep {
    pub fn new(ms: i32) -> Sleep {
        let mut id = 0;
        let done = JsFuture::from(js_sys::Promise::new(&mut |resolve, _| id = set_timeout(&resolve, ms)));
        Sleep { id, done }
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.done).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        clear_timeout(self.id);
    }
}
