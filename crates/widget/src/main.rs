//! The standalone page: the widget on its own, configured by the page's query string
//! (`?feed=ws://…&api=http://…&currency=EUR&depth=20&theme=dark&locale=de-DE`).

#[cfg(target_arch = "wasm32")]
fn main() {
    goxbook_widget::mount_standalone();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("goxbook-widget is a WebAssembly page: build it with `trunk build` (see README.md)");
}
