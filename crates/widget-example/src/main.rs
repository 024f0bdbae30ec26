//! An example Leptos app that uses the goxbook widget as a component: the widget, a currency
//! switch of the app's own driving its `currency` prop, and the app's own read-out of the
//! widget's status and last trade (its callbacks). Built with trunk (index.html here); the
//! feed and the API come from the page's query string (`?feed=ws://…&api=http://…`), else the
//! page's own `/mtgox` and `/api/1/`.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("goxbook-widget-example is a WebAssembly page: build it with trunk (crates/widget/README.md)");
}

#[cfg(target_arch = "wasm32")]
mod app {
    use goxbook_widget::{GoxbookWidget, StatusChange, TradeEvent};
    use leptos::prelude::*;

    /// A parameter of the page's query string.
    fn query(name: &str) -> Option<String> {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }

    #[component]
    pub fn App() -> impl IntoView {
        let feed = query("feed").unwrap_or_else(|| "/mtgox".into());
        let api = query("api").unwrap_or_else(|| "/api/1/".into());
        let currency = RwSignal::new("USD".to_string());
        let status = RwSignal::new("connecting".to_string());
        let trade = RwSignal::new(None::<TradeEvent>);
        let choose = move |c: &'static str| {
            view! {
                <button type="button" data-currency=c on:click=move |_| currency.set(c.into())
                    aria-pressed=move || (currency.get() == c).to_string()>
                    {c}
                </button>
            }
        };
        view! {
            <main class="example">
                <h1>"goxbook in a Leptos app"</h1>
                <p>
                    "Market: " {choose("USD")} " " {choose("EUR")}
                    " · the widget is " <strong id="app-status">{move || status.get()}</strong>
                    " · last trade: "
                    <span id="app-trade">
                        {move || trade.get().map(|t| format!("{} BTC at {} {}", t.amount, t.price, t.currency))}
                    </span>
                </p>
                <GoxbookWidget
                    feed=feed
                    api=api
                    currency=currency
                    depth=10u32
                    on_status=move |s: StatusChange| status.set(s.status.as_str().into())
                    on_trade=move |t: TradeEvent| trade.set(Some(t))
                />
            </main>
        }
    }
}
